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

// Two Workers in two files, each binding the D1 database `db_name`.
engine::CrossResult two_workers(const std::string& name_a, const std::string& name_b, const std::string& db_name) {
  auto a = worker("a/wrangler.jsonc", name_a, db_name);
  auto b = worker("b/wrangler.jsonc", name_b, db_name);
  REQUIRE(a.worker);
  REQUIRE(b.worker);
  return engine::cross_worker(std::vector<const config::WorkerConfig*>{&*a.worker, &*b.worker}, test::catalogue());
}

}  // namespace

TEST_CASE("cross-worker: a shared D1 database is one finding naming both Workers") {
  auto res = two_workers("api", "jobs", "catalog");
  REQUIRE(res.findings.size() == 1);
  CHECK(res.findings[0].rule == "CFS501");
  CHECK(res.findings[0].target.binding == "catalog");
  CHECK(res.findings[0].workers == std::vector<std::string>{"api", "jobs"});
  CHECK(res.findings[0].related_locations.size() == 1);
}

TEST_CASE("cross-worker: names that look like placeholders are put in once, not expanded again") {
  // The texts are filled by search and replace; a name reading "{binding}"
  // once made that loop run for ever.
  auto res = two_workers("{workers}", "jobs", "{binding}");
  REQUIRE(res.findings.size() == 1);
  CHECK(res.findings[0].title == "D1 database {binding} is written by several Workers");
  CHECK(res.findings[0].message.find("is bound by {workers}, jobs") != std::string::npos);
}

TEST_CASE("cross-worker: a large tree gives the same findings and graph with the graph on its own thread") {
  std::vector<config::LoadedConfig> loaded;
  for (size_t i = 0; i < engine::kCrossThreadFrom + 40; ++i) {
    std::string n = std::to_string(i);
    std::string text = "{\"name\": \"w" + n + "\", \"d1_databases\": [{\"binding\": \"DB\", \"database_id\": \"db" + std::to_string(i % 50) +
                       "\"}], \"kv_namespaces\": [{\"binding\": \"KV\", \"id\": \"kv" + std::to_string(i % 70) +
                       "\"}], \"queues\": {\"consumers\": [{\"queue\": \"q" + std::to_string(i % 90) + "\", \"dead_letter_queue\": \"dlq" +
                       std::to_string(i % 30) + "\"}]}, \"services\": [{\"binding\": \"S\", \"service\": \"w" + std::to_string((i * 7) % 1000) +
                       "\"}]}";
    loaded.push_back(config::load_config_text("t" + n + "/wrangler.jsonc", text, config::Format::Jsonc, config::LoadOptions{}));
    REQUIRE(loaded.back().worker);
  }
  std::vector<const config::WorkerConfig*> workers;
  for (const auto& l : loaded) workers.push_back(&*l.worker);
  auto one = engine::cross_worker(workers, test::catalogue(), 1);
  auto two = engine::cross_worker(workers, test::catalogue(), 2);
  REQUIRE(one.findings.size() == two.findings.size());
  CHECK(one.findings.size() > 100);
  for (size_t i = 0; i < one.findings.size(); ++i) {
    CAPTURE(i);
    CHECK(one.findings[i].rule == two.findings[i].rule);
    CHECK(one.findings[i].target.binding == two.findings[i].target.binding);
    CHECK(one.findings[i].workers == two.findings[i].workers);
    CHECK(one.findings[i].priority == two.findings[i].priority);
  }
  REQUIRE(one.services.size() == two.services.size());
  for (size_t i = 0; i < one.services.size(); ++i) CHECK(one.services[i].to == two.services[i].to);
}
