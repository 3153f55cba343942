// Reading and analysing one deployment, the path every command takes.
#include <doctest/doctest.h>

#include "engine/deployment.h"
#include "support.h"

using namespace cfscale;
namespace fs = std::filesystem;

namespace {

constexpr const char* kConfig = R"(name = "api"
main = "src/index.ts"

[[d1_databases]]
binding = "DB"
database_id = "top"

[env.staging]
name = "api-staging"

[[env.staging.d1_databases]]
binding = "DB"
database_id = "staging"
)";

}  // namespace

TEST_CASE("deployment: --all-envs resolves every environment from one parse, each with its own metrics") {
  test::TempDir t;
  t.write("wrangler.toml", kConfig);
  t.write("top.yaml", "format: 1\nworker:\n  requests_per_day: 1000\n");
  std::vector<std::optional<std::string>> asked;
  engine::DeploymentQuery q{(t.path / "wrangler.toml").string(), true, std::nullopt, true,
                            [&](const config::WorkerConfig& w) -> std::optional<std::string> {
                              asked.push_back(w.env);
                              if (w.env) return std::nullopt;
                              return (t.path / "top.yaml").string();
                            }};
  auto ds = engine::read_deployments(q);
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].ok());
  CHECK(ds[1].ok());
  CHECK(ds[0].config.doc == ds[1].config.doc);  // parsed once
  CHECK_FALSE(ds[0].config.worker->env);
  CHECK(ds[1].config.worker->env == "staging");
  CHECK(ds[1].config.worker->d1_databases.at(0).database_id == "staging");
  CHECK(asked == std::vector<std::optional<std::string>>{std::nullopt, std::string("staging")});
  REQUIRE(ds[0].metrics);
  CHECK_FALSE(ds[1].metrics);

  auto top = engine::analyse_deployment(ds[0], {test::catalogue(), {}});
  auto staging = engine::analyse_deployment(ds[1], {test::catalogue(), {}});
  CHECK(top.name == "api");
  CHECK(staging.name == "api-staging");
  CHECK(top.cost.monthly_usd.has_value());
  CHECK_FALSE(staging.cost.monthly_usd.has_value());  // nothing measured: no bill
}

TEST_CASE("deployment: an environment by name; a folder is searched for its config") {
  test::TempDir t;
  t.write("wrangler.toml", kConfig);
  auto ds = engine::read_deployments(engine::DeploymentQuery{t.path.string(), false, std::string("staging")});
  REQUIRE(ds.size() == 1);
  REQUIRE(ds[0].ok());
  CHECK(ds[0].config.worker->env == "staging");
  CHECK_FALSE(ds[0].metrics);
}

TEST_CASE("deployment: errors in the metrics are read beside errors in the config; neither is analysed") {
  test::TempDir t;
  t.write("wrangler.toml", "name = \"x\"\n[[kv_namespaces]]\nid = \"1\"\n");  // binding missing
  t.write("m.yaml", "format: 2\n");
  engine::DeploymentQuery q{(t.path / "wrangler.toml").string(), true};
  q.metrics = [&](const config::WorkerConfig&) { return std::optional<std::string>((t.path / "m.yaml").string()); };
  auto ds = engine::read_deployments(q);
  REQUIRE(ds.size() == 1);
  CHECK_FALSE(ds[0].ok());
  CHECK(ds[0].config.diags.has_errors());
  REQUIRE(ds[0].metrics);
  CHECK(ds[0].metrics->diags.has_errors());

  t.write("broken.toml", "name = \n");
  auto broken = engine::read_deployments(engine::DeploymentQuery{(t.path / "broken.toml").string(), true, {}, false, q.metrics});
  REQUIRE(broken.size() == 1);
  CHECK_FALSE(broken[0].config.worker);
  CHECK_FALSE(broken[0].metrics);  // nothing to measure against
}
