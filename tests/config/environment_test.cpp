// Environments resolve as wrangler's: inheritable keys fall back to the top
// level, bindings and vars never do, the name gets the environment appended.
#include <doctest/doctest.h>

#include "support.h"

using namespace cfscale;
using cfscale::test::find_code;

namespace {
const char* kConfig = R"({
  "name": "api",
  "main": "src/index.ts",
  "compatibility_date": "2025-01-01",
  "placement": { "mode": "smart" },
  "limits": { "cpu_ms": 100 },
  "kv_namespaces": [{ "binding": "CACHE", "id": "top" }],
  "d1_databases": [{ "binding": "DB", "database_id": "top-db" }],
  "vars": { "A": "1" },
  "env": {
    "staging": {
      "kv_namespaces": [{ "binding": "CACHE", "id": "staging" }],
      "limits": { "cpu_ms": 200 }
    },
    "production": {
      "name": "api-prod-custom",
      "placement": { "mode": "off" },
      "d1_databases": [{ "binding": "DB", "database_id": "prod-db" }, { "binding": "OTHER", "database_id": "x" }]
    }
  }
})";
}

TEST_CASE("env: no environment is the top level") {
  auto c = test::jsonc(kConfig);
  REQUIRE(c.ok());
  CHECK(c.worker->name == "api");
  CHECK_FALSE(c.worker->env);
  CHECK(c.worker->kv_namespaces[0].id == "top");
  CHECK(c.worker->defined_environments == std::vector<std::string>{"staging", "production"});
}

TEST_CASE("env: inheritable keys fall back, bindings are not inherited") {
  auto c = test::jsonc(kConfig, "staging");
  REQUIRE(c.ok());
  const auto& w = *c.worker;
  CHECK(w.name == "api-staging");
  CHECK(w.main == "src/index.ts");
  CHECK(w.placement->mode == "smart");
  CHECK(w.limits->cpu_ms == 200);
  CHECK(w.kv_namespaces[0].id == "staging");
  CHECK(w.d1_databases.empty());
  CHECK(w.vars.empty());
  // The inherited key points at the top level; the env's own key at the env.
  CHECK(w.key_location("placement").pos.line == 5);
  CHECK(w.key_location("limits").pos.line == 13);
  // Like wrangler: a warning for each binding key the environment lacks.
  std::vector<std::string> warned;
  for (const auto& d : c.diags)
    if (d.code == "not-inherited") warned.push_back(d.message.substr(0, d.message.find(' ')));
  CHECK(warned == std::vector<std::string>{"\"vars\"", "\"d1_databases\""});
}

TEST_CASE("env: an environment's own name wins") {
  auto c = test::jsonc(kConfig, "production");
  REQUIRE(c.ok());
  CHECK(c.worker->name == "api-prod-custom");
  CHECK(c.worker->placement->mode == "off");
  CHECK(c.worker->d1_databases.size() == 2);
  CHECK(c.worker->kv_namespaces.empty());
}

TEST_CASE("env: an unknown environment is an error when others exist") {
  auto c = test::jsonc(kConfig, "stagin");
  CHECK_FALSE(c.ok());
  const Diagnostic* d = find_code(c.diags, "unknown-env");
  REQUIRE(d);
  CHECK(d->message == "no environment \"stagin\" in the config (did you mean \"staging\"?); it has: staging, production");
}

TEST_CASE("env: without any environments, --env is an error (wrangler would use the top level)") {
  auto c = test::toml("name = \"w\"\n[[kv_namespaces]]\nbinding = \"K\"\nid = \"1\"\n", "production");
  CHECK_FALSE(c.ok());
  const auto* d = find_code(c.diags, "unknown-env");
  REQUIRE(d);
  CHECK(d->level == DiagLevel::Error);
  CHECK(d->location.pos.line == 1);
}

TEST_CASE("env: TOML environments, and mistakes inside them") {
  auto c = test::toml(R"(name = "w"
[env.prod]
workers_dev = false
[[env.prod.queues.consumers]]
queue = "q"
max_batch_size = 500
)", "prod");
  CHECK_FALSE(c.ok());
  CHECK(c.diags.items()[0].message.find("\"env.prod.queues.consumers[0].max_batch_size\" is 500") == 0);
  CHECK(c.diags.items()[0].location.pos.line == 6);
}

TEST_CASE("env: keys that only work at the top level are flagged inside an environment") {
  auto c = test::jsonc(R"({"env": {"a": {"dev": {"port": 1}}}})");
  CHECK(find_code(c.diags, "top-level-only"));
}
