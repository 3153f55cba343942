#include "config/migrations.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "core/source.h"

using namespace cfscale::config;
using cfscale::Diagnostics;
using cfscale::kMaxInputBytes;

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
  CHECK(s.tables == std::vector<std::string>{"users", "orders"});  // tmp was dropped
  CHECK(s.indexes["users"].count("idx_users_email") == 1);
  CHECK(s.indexes.count("orders") == 0);
  CHECK(s.unindexed_tables() == std::vector<std::string>{"orders"});
}

TEST_CASE("migrations: the rebuild of Drizzle and Prisma ends with the right schema") {
  D1Schema s;
  scan_sql(R"(CREATE TABLE `posts` (`id` integer PRIMARY KEY, `title` text);
CREATE INDEX `posts_title_idx` ON `posts` (`title`);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;
CREATE TABLE `__new_posts` (`id` integer PRIMARY KEY, `title` text NOT NULL, `slug` text);
INSERT INTO `__new_posts`("id", "title") SELECT "id", "title" FROM `posts`;
DROP TABLE `posts`;
ALTER TABLE `__new_posts` RENAME TO `posts`;
PRAGMA foreign_keys=ON;
CREATE UNIQUE INDEX `posts_slug_unique` ON `posts` (`slug`);
)", s);
  CHECK(s.tables == std::vector<std::string>{"posts"});
  // The old index went with the old table; the new one is on the renamed table.
  CHECK(s.indexes["posts"] == std::set<std::string>{"posts_slug_unique"});
  CHECK(s.unindexed_tables().empty());
}

TEST_CASE("migrations: renames, dropped indexes and names in any case") {
  D1Schema s;
  scan_sql(R"(CREATE TABLE Users (id INTEGER PRIMARY KEY, email TEXT);
CREATE INDEX users_email ON users (email);
ALTER TABLE users RENAME COLUMN email TO mail;
ALTER TABLE users RENAME TO accounts;
CREATE TABLE logs (x);
CREATE INDEX logs_x ON logs (x);
DROP INDEX IF EXISTS logs_x;
DROP TABLE IF EXISTS never_created;
)", s);
  CHECK(s.tables == std::vector<std::string>{"accounts", "logs"});
  CHECK(s.indexes["accounts"].count("users_email") == 1);  // indexes follow a renamed table
  CHECK(s.unindexed_tables() == std::vector<std::string>{"logs"});
}

TEST_CASE("migrations: the example project's folder is read in name order") {
  Diagnostics diags;
  auto s = read_d1_schema(std::string(CFSCALE_SOURCE_DIR) + "/examples/d1-api/wrangler.jsonc", std::string("migrations"), diags);
  REQUIRE(s);
  CHECK(s->files == 1);
  CHECK(s->unindexed_tables() == std::vector<std::string>{"orders"});
  CHECK_FALSE(read_d1_schema(std::string(CFSCALE_SOURCE_DIR) + "/examples/kv-site/wrangler.toml", std::nullopt, diags));
  CHECK(diags.empty());
}

TEST_CASE("migrations: what cannot be read is an error, never an empty schema") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "cfscale-migrations-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "migrations");
  std::string config = (dir / "wrangler.jsonc").string();
  {
    std::ofstream(dir / "migrations" / "0001.sql") << "CREATE TABLE t (a INTEGER);\nCREATE INDEX i ON t (a);\n";
  }
  // A FIFO named like a migration: not read (it would block), and an error.
  REQUIRE(::mkfifo((dir / "migrations" / "0002.sql").c_str(), 0600) == 0);
  Diagnostics diags;
  CHECK_FALSE(read_d1_schema(config, std::nullopt, diags));
  CHECK(diags.has_errors());
  fs::remove(dir / "migrations" / "0002.sql");
  // Larger than any input may be (a sparse file: no disk used).
  {
    std::ofstream big(dir / "migrations" / "0003.sql", std::ios::binary);
    big.seekp(static_cast<std::streamoff>(kMaxInputBytes) + 10);
    big.put('\n');
  }
  Diagnostics too_big;
  CHECK_FALSE(read_d1_schema(config, std::nullopt, too_big));
  CHECK(too_big.has_errors());
  fs::remove(dir / "migrations" / "0003.sql");
  Diagnostics fine;
  auto s = read_d1_schema(config, std::nullopt, fine);
  REQUIRE(s);
  CHECK(fine.empty());
  CHECK(s->unindexed_tables().empty());
  fs::remove_all(dir);
}

TEST_CASE("migrations: UNIQUE constraints are indexes, and virtual tables need none") {
  D1Schema s;
  scan_sql(R"(CREATE TABLE objects (id TEXT PRIMARY KEY, mastodon_id TEXT UNIQUE NOT NULL);
CREATE TABLE subs (id INTEGER PRIMARY KEY, a TEXT, b TEXT, UNIQUE(a, b));
CREATE VIRTUAL TABLE search_fts USING fts5 (name, body);
CREATE TRIGGER t AFTER INSERT ON objects BEGIN INSERT INTO search_fts (name) VALUES (new.id); END;
CREATE TABLE plain (id INTEGER PRIMARY KEY, note TEXT);
)", s);
  CHECK(s.unindexed_tables() == std::vector<std::string>{"plain"});
}

TEST_CASE("migrations: migrations_pattern reads a nested layout in path order") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "cfscale-migrations-pattern-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "db" / "0001_init");
  fs::create_directories(dir / "db" / "0002_index");
  std::ofstream(dir / "db" / "0001_init" / "migration.sql") << "CREATE TABLE t (a INTEGER);\n";
  std::ofstream(dir / "db" / "0001_init" / "snapshot.json") << "{}";
  std::ofstream(dir / "db" / "0002_index" / "migration.sql") << "CREATE INDEX i ON t (a);\n";
  std::string config = (dir / "wrangler.jsonc").string();
  Diagnostics diags;
  auto s = read_d1_schema(config, std::string("db"), diags, std::string("db/*/migration.sql"));
  REQUIRE(s);
  CHECK(s->files == 2);
  CHECK(s->unindexed_tables().empty());
  // Without the pattern, the folder's own *.sql files: none at its top.
  CHECK_FALSE(read_d1_schema(config, std::string("db"), diags));
  CHECK(diags.empty());
  fs::remove_all(dir);
}

TEST_CASE("migrations: which columns an index covers, through a rebuild and a column rename") {
  D1Schema s;
  scan_sql(R"(CREATE TABLE "users" ("id" text PRIMARY KEY NOT NULL, "email" text NOT NULL, "team" text,
                 "created" integer DEFAULT (strftime('%s', 'now')), CONSTRAINT users_pk UNIQUE (email, team));
CREATE TABLE posts (author TEXT, slug TEXT, body TEXT, PRIMARY KEY (author, slug));
CREATE INDEX posts_body ON posts (body COLLATE NOCASE DESC) WHERE body IS NOT NULL;
CREATE TABLE __new_users (id TEXT PRIMARY KEY, email TEXT, team TEXT);
DROP TABLE users;
ALTER TABLE __new_users RENAME TO users;
CREATE INDEX users_team ON users (team);
ALTER TABLE users RENAME COLUMN team TO squad;)",
           s);
  CHECK(s.indexed("users", "id"));
  CHECK(s.indexed("USERS", "Team"));
  CHECK(s.indexed("users", "squad"));   // renamed: its index follows it
  CHECK_FALSE(s.indexed("users", "email"));  // the rebuilt table has no UNIQUE (email, team)
  CHECK_FALSE(s.indexed("users", "created"));
  CHECK(s.indexed("posts", "author"));
  CHECK(s.indexed("posts", "slug"));
  CHECK(s.indexed("posts", "body"));
  CHECK_FALSE(s.indexed("posts", "NOCASE"));
}

TEST_CASE("migrations: what a query filters on, and what cannot be read") {
  auto q = query_filter("SELECT id, total FROM orders WHERE customer_id = ? AND status IN ('a', 'b') ORDER BY created DESC LIMIT 10");
  REQUIRE(q);
  CHECK(q->table == "orders");
  CHECK(q->columns == std::vector<std::string>{"customer_id", "status"});
  auto u = query_filter("UPDATE users SET name = ? WHERE users.email = ?");
  REQUIRE(u);
  CHECK(u->table == "users");
  CHECK(u->columns == std::vector<std::string>{"email"});
  auto d = query_filter("DELETE FROM sessions WHERE expires < ?;");
  REQUIRE(d);
  CHECK(d->columns == std::vector<std::string>{"expires"});
  CHECK_FALSE(query_filter("SELECT * FROM a JOIN b ON a.id = b.a WHERE b.x = 1"));
  CHECK_FALSE(query_filter("SELECT * FROM a WHERE id IN (SELECT a FROM b WHERE c = 1)"));
  CHECK_FALSE(query_filter("SELECT * FROM a, b WHERE a.id = b.id"));
  CHECK_FALSE(query_filter("SELECT * FROM t WHERE ${col} = ?"));
  CHECK_FALSE(query_filter("SELECT * FROM t"));
  CHECK_FALSE(query_filter("INSERT INTO t (a) VALUES (?)"));
  CHECK_FALSE(query_filter("SELECT * FROM t WHERE lower(name) = ?"));
  CHECK_FALSE(query_filter("SELECT 1; SELECT 2"));
}
