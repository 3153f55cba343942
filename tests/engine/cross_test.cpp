#include "engine/cross.h"

#include <doctest/doctest.h>

#include "support.h"

using namespace cfscale;

namespace {

config::LoadedConfig worker(const std::string& file, const std::string& name, const std::string& db_name) {
  std::string text = "{\"name\": \"" + name + "\", \"d1_databases\": [{\"binding\": \"DB\", \"database_name\": \"" + db_name +
                     "\", \"database_id\": \"6f1c\"}]}";
  return config::load_config_text(file, text, config::Format::Jsonc, config::LoadOptions{});
}

}  // namespace

TEST_CASE("cross-worker: a shared D1 database is one finding naming both Workers") {
  auto a = worker("a/wrangler.jsonc", "api", "catalog");
  auto b = worker("b/wrangler.jsonc", "jobs", "catalog");
  REQUIRE(a.worker);
  REQUIRE(b.worker);
  auto res = engine::cross_worker({&*a.worker, &*b.worker}, test::catalogue());
  REQUIRE(res.findings.size() == 1);
  CHECK(res.findings[0].rule == "CFS501");
  CHECK(res.findings[0].target.binding == "catalog");
  CHECK(res.findings[0].workers == std::vector<std::string>{"api", "jobs"});
  CHECK(res.findings[0].related_locations.size() == 1);
}

TEST_CASE("cross-worker: names that look like placeholders are put in once, not expanded again") {
  // The texts are filled by search and replace; a name reading "{binding}"
  // once made that loop run for ever.
  auto a = worker("a/wrangler.jsonc", "{workers}", "{binding}");
  auto b = worker("b/wrangler.jsonc", "jobs", "{binding}");
  REQUIRE(a.worker);
  REQUIRE(b.worker);
  auto res = engine::cross_worker({&*a.worker, &*b.worker}, test::catalogue());
  REQUIRE(res.findings.size() == 1);
  CHECK(res.findings[0].title == "D1 database {binding} is written by several Workers");
  CHECK(res.findings[0].message.find("is bound by {workers}, jobs") != std::string::npos);
}
