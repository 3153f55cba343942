// Every rule against its fixtures (tests/rules/<ID>/fires and /passes, each a
// wrangler config with its metrics), and the meta-tests: every rule has docs,
// references and fixtures, and every docs/interface.md §4 topic is covered.
#include <doctest/doctest.h>

#include <set>

#include "config/load.h"
#include "config/discover.h"
#include "engine/analyze.h"
#include "engine/cross.h"
#include "engine/deployment.h"
#include "engine/topics.h"
#include "metrics/metrics.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace cfscale;

namespace {

using test::catalogue;

// The rules across Workers a tree of configs makes report.
std::set<std::string> fired_across(const fs::path& dir) {
  Diagnostics d;
  std::vector<config::LoadedConfig> loaded;
  for (const auto& f : config::find_configs_recursive(dir.string(), d)) {
    loaded.push_back(config::load_config(f));
    REQUIRE_MESSAGE(loaded.back().ok(), f);
  }
  std::vector<const config::WorkerConfig*> workers;
  for (const auto& l : loaded) workers.push_back(&*l.worker);
  std::set<std::string> ids;
  for (const auto& f : engine::cross_worker(workers, catalogue()).findings) ids.insert(f.rule);
  return ids;
}

// The rules a fixture makes report (merged findings count for every rule in them).
std::set<std::string> fired(const fs::path& dir) {
  if (!fs::exists(dir / "wrangler.jsonc") && !fs::exists(dir / "wrangler.toml")) return fired_across(dir);
  // The deployment as `cfscale advise DIR` reads it: the config and the metrics beside it.
  engine::DeploymentQuery query{dir.string()};
  query.read_source = true;  // the code rules read the fixture's src/
  query.metrics = [](const config::WorkerConfig& w) { return metrics::find_metrics(fs::path(w.file).parent_path().string()); };
  auto deployments = engine::read_deployments(query);
  REQUIRE(deployments.size() == 1);
  const auto& d = deployments.front();
  REQUIRE_MESSAGE(d.ok(), dir);
  engine::AnalyzeOptions opts;
  opts.today = "2026-11-28";
  auto report = engine::analyse_deployment(d, {catalogue(), opts});
  std::set<std::string> ids;
  for (const auto& f : report.findings) {
    ids.insert(f.rule);
    ids.insert(f.related_rules.begin(), f.related_rules.end());
  }
  return ids;
}

}  // namespace

TEST_CASE("rules: every rule fires on its fixture and stays quiet on the other") {
  REQUIRE(catalogue().rules.size() >= 36);
  for (const auto& r : catalogue().rules) {
    CAPTURE(r.id);
    fs::path dir = test::source_dir() / "tests" / "rules" / r.id;
    REQUIRE_MESSAGE(fs::is_directory(dir / "fires"), "missing fixture " << dir / "fires");
    REQUIRE_MESSAGE(fs::is_directory(dir / "passes"), "missing fixture " << dir / "passes");
    CHECK(fired(dir / "fires").count(r.id) == 1);
    CHECK(fired(dir / "passes").count(r.id) == 0);
  }
}

TEST_CASE("rules: every rule has references, docs and fixtures; no stray fixtures") {
  std::set<std::string> ids;
  for (const auto& r : catalogue().rules) {
    CAPTURE(r.id);
    ids.insert(r.id);
    CHECK_FALSE(r.references.empty());
    CHECK_FALSE(r.why.empty());
    CHECK_FALSE(r.example.before.empty());
    CHECK_FALSE(r.example.after.empty());
    CHECK(fs::exists(test::source_dir() / "docs" / "rules" / (r.id + ".md")));
  }
  for (const auto& e : fs::directory_iterator(test::source_dir() / "tests" / "rules"))
    CHECK_MESSAGE(ids.count(e.path().filename().string()) == 1, "fixtures for an unknown rule: " << e.path());
}

TEST_CASE("rules: every docs/interface.md §4 topic is produced by at least one rule") {
  std::set<std::string> covered;
  std::map<std::string, int> checklist_items;
  for (const auto& r : catalogue().rules) {
    covered.insert(r.topic);
    if (r.checklist) {
      covered.insert(r.checklist->item);
      ++checklist_items[r.checklist->item];
    }
  }
  for (auto list : {std::span<const std::string_view>(engine::kBottleneckTopics),
                    std::span<const std::string_view>(engine::kAntiPatternTopics),
                    std::span<const std::string_view>(engine::kChecklistTopics)})
    for (auto topic : list) CHECK_MESSAGE(covered.count(std::string(topic)) == 1, "no rule for topic " << topic);
  // Each checklist item is decided by exactly one rule.
  for (auto item : engine::kChecklistTopics) CHECK_MESSAGE(checklist_items[std::string(item)] == 1, item);
}

TEST_CASE("rules: the code decides d1-indexes: every query on a key is not a missing index, a query on another column is") {
  test::TempDir t;
  fs::path src = test::source_dir() / "tests" / "rules" / "CFS302" / "fires";
  fs::copy(src, t.path, fs::copy_options::recursive);
  t.write("src/index.ts", "export default { async fetch(r: Request, env: Env) {\n"
                          "  await env.DB.prepare('INSERT INTO orders (customer) VALUES (?)').bind('a').run();\n"
                          "  return Response.json(await env.DB.prepare('SELECT * FROM orders WHERE id = ?').bind(1).first());\n} };\n");
  CHECK(fired(t.path).count("CFS302") == 0);
  t.write("src/index.ts", "export default { async fetch(r: Request, env: Env) {\n"
                          "  return Response.json(await env.DB.prepare('SELECT * FROM orders WHERE customer = ?').bind('a').all());\n} };\n");
  CHECK(fired(t.path).count("CFS302") == 1);
}
