#include "config/migrations.h"

#include <doctest/doctest.h>

using namespace cfscale::config;

TEST_CASE("migrations: tables, indexes and drops from SQL") {
  D1Schema s;
  scan_sql(R"(-- comment: CREATE TABLE nope (x)
CREATE TABLE IF NOT EXISTS "users" (id INTEGER PRIMARY KEY, email TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, note TEXT DEFAULT 'CREATE INDEX x ON y');
create unique index idx_users_email on users (email);
CREATE TABLE tmp (x);
/* CREATE INDEX hidden ON orders (id); */
DROP TABLE IF EXISTS tmp;
)", s);
  CHECK(s.tables == std::vector<std::string>{"users", "orders", "tmp"});
  CHECK(s.indexes["users"].count("idx_users_email") == 1);
  CHECK(s.indexes.count("orders") == 0);
  CHECK(s.unindexed_tables() == std::vector<std::string>{"orders"});
}

TEST_CASE("migrations: the example project's folder is read in name order") {
  auto s = read_d1_schema(std::string(CFSCALE_SOURCE_DIR) + "/examples/d1-api/wrangler.jsonc", std::string("migrations"));
  REQUIRE(s);
  CHECK(s->files == 1);
  CHECK(s->unindexed_tables() == std::vector<std::string>{"orders"});
  CHECK_FALSE(read_d1_schema(std::string(CFSCALE_SOURCE_DIR) + "/examples/kv-site/wrangler.toml", std::nullopt));
}
