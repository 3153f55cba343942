#include "metrics/metrics.h"

#include <doctest/doctest.h>

using namespace cfscale;
using namespace cfscale::metrics;

namespace {
std::vector<std::string> messages(const LoadedMetrics& m) {
  std::vector<std::string> out;
  for (const auto& d : m.diags) out.push_back(format_diagnostic(d));
  return out;
}
}  // namespace

TEST_CASE("metrics: format 1 in YAML, JSON and TOML read the same") {
  auto y = load_metrics_text("m.yaml", "format: 1\nplan: free\nworker:\n  requests_per_day: 1200\nd1:\n  DB:\n    storage_gb: 3.2\n");
  auto j = load_metrics_text("m.json", R"({"format": 1, "plan": "free", "worker": {"requests_per_day": 1200}, "d1": {"DB": {"storage_gb": 3.2}}})");
  auto t = load_metrics_text("m.toml", "format = 1\nplan = \"free\"\n[worker]\nrequests_per_day = 1200\n[d1.DB]\nstorage_gb = 3.2\n");
  for (auto* m : {&y, &j, &t}) {
    REQUIRE(m->ok());
    CHECK(m->metrics->plan == Plan::Free);
    CHECK(m->metrics->find("worker.requests_per_day")->value == 1200);
    CHECK(m->metrics->find("d1.DB.storage_gb")->value == 3.2);
    CHECK(m->metrics->find("d1.DB.read_latency_p95_ms") == nullptr);
  }
  CHECK(y.metrics->find("d1.DB.storage_gb")->pos.line == 7);
}

TEST_CASE("metrics: errors name the file, line and column") {
  auto m = load_metrics_text("m.yaml", R"(worker:
  requests_per_day: -5
  cpu_ms_p99: "fast"
  edge_cache_hit_ratio: 35
  reqests_per_day: 1
d1:
  DB:
    storage_gbs: 1
)");
  CHECK_FALSE(m.ok());
  auto msgs = messages(m);
  REQUIRE(msgs.size() == 6);
  CHECK(msgs[0] == "m.yaml:1:1: error: the required key \"format\" is missing: add \"format: 1\" [missing-key]");
  CHECK(msgs[1] == "m.yaml:2:21: error: \"worker.requests_per_day\" is -5: metrics cannot be negative [out-of-range]");
  CHECK(msgs[2] == "m.yaml:3:15: error: \"worker.cpu_ms_p99\" must be a non-negative number, but is string \"fast\" [wrong-type]");
  CHECK(msgs[3] == "m.yaml:4:25: error: \"worker.edge_cache_hit_ratio\" is 35: a ratio is between 0 and 1 (write 35% as 0.35) [out-of-range]");
  CHECK(msgs[4] == "m.yaml:5:3: error: unknown key \"worker.reqests_per_day\" (did you mean \"requests_per_day\"?) [unknown-key]");
  CHECK(msgs[5] == "m.yaml:8:5: error: unknown key \"d1.DB.storage_gbs\" (did you mean \"storage_gb\"?) [unknown-key]");
  auto top = load_metrics_text("m.yaml", "format: 1\nplans: paid\n");
  CHECK(messages(top)[0] == "m.yaml:2:1: error: unknown key \"plans\" (did you mean \"plan\"?) [unknown-key]");
}

TEST_CASE("metrics: a wrong format version and plan") {
  auto m = load_metrics_text("m.yaml", "format: 2\nplan: enterprise\n");
  auto msgs = messages(m);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].find("\"format\" must be 1") != std::string::npos);
  CHECK(msgs[1].find("\"plan\" must be \"free\" or \"paid\"") != std::string::npos);
}

TEST_CASE("metrics: null means not measured; growth may be negative") {
  auto m = load_metrics_text("m.yaml", "format: 1\ngrowth_pct_per_month: -3\nworker:\n  requests_per_day: null\n");
  REQUIRE(m.ok());
  CHECK(m.metrics->growth_pct_per_month == -3);
  CHECK(m.metrics->find("worker.requests_per_day") == nullptr);
}
