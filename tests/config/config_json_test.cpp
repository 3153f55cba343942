#include "config/config_json.h"

#include <doctest/doctest.h>

#include "support.h"

using namespace cfscale;

TEST_CASE("print-config: wrangler's key names and shapes") {
  auto c = test::toml(R"(name = "w"
main = "./src/../src/index.ts"
routes = ["a.com/*", { pattern = "b.com", custom_domain = true }]
[[queues.consumers]]
queue = "q"
max_batch_size = 10
[env.prod]
name = "w-prod"
)", "prod");
  REQUIRE(c.ok());
  auto j = config::to_wrangler_json(*c.worker);
  CHECK(j["name"] == "w-prod");
  CHECK(j["main"] == "src/index.ts");
  CHECK(j["routes"][0] == "a.com/*");
  CHECK(j["routes"][1]["custom_domain"] == true);
  CHECK(j["queues"]["consumers"].is_array());
  CHECK(j["queues"]["consumers"].size() == 0);  // not inherited
  CHECK(j["queues"]["producers"].size() == 0);
  CHECK(j["durable_objects"]["bindings"].is_array());
  CHECK(j["placement"].is_null());
  CHECK(j["triggers"]["crons"].is_null());
  CHECK(j["targetEnvironment"] == "prod");
  CHECK(j["topLevelName"] == "w");
  auto top = test::toml("name = \"w\"\n[[queues.consumers]]\nqueue = \"q\"\nmax_batch_size = 10\n");
  auto t = config::to_wrangler_json(*top.worker);
  CHECK(t["queues"]["consumers"][0] == nlohmann::ordered_json{{"queue", "q"}, {"max_batch_size", 10}});
  CHECK(t["targetEnvironment"] == "");
}
