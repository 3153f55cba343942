// Writing measured values into a metrics file: typed values kept, earlier
// measurements replaced, estimates listed, and the file reads back.
#include <doctest/doctest.h>

#include "metrics/writer.h"

using namespace cfscale;
using namespace cfscale::metrics;

namespace {

LoadedMetrics load(const std::string& text) {
  auto m = load_metrics_text("cfscale.metrics.yaml", text);
  for (const auto& d : m.diags) MESSAGE(format_diagnostic(d));
  REQUIRE(m.ok());
  return m;
}

}  // namespace

TEST_CASE("writer: a new file of measurements reads back, estimates marked") {
  std::vector<Measurement> v{{"worker", "", "requests_per_day", 1'200'000.4, "workersInvocationsAdaptive, 30 days", ""},
                             {"d1", "DB", "read_latency_p95_ms", 31.25678, "d1QueriesAdaptiveGroups", "per-query p95s"},
                             {"queues", "order events", "messages_per_day", 150000, "queueMessageOperationsAdaptiveGroups", ""}};
  WriteOptions o;
  o.header = {"cfscale metrics import, 2026-12-01"};
  o.window_days = 30;
  auto w = write_metrics(nullptr, nullptr, v, o);
  CHECK(w.added.size() == 3);
  auto m = load(w.text);
  CHECK(m.metrics->obtained == "measured");
  CHECK(m.metrics->window_days == 30);
  REQUIRE(m.metrics->find("worker.requests_per_day"));
  CHECK(m.metrics->find("worker.requests_per_day")->value == 1'200'000);
  const Value* p95 = m.metrics->find("d1", "DB", "read_latency_p95_ms");
  REQUIRE(p95);
  CHECK(p95->value == doctest::Approx(31.26));
  CHECK(m.metrics->obtained_of(*p95) == "estimated");
  REQUIRE(m.metrics->find("queues", "order events", "messages_per_day"));
  CHECK(w.text.find("# from: workersInvocationsAdaptive, 30 days") != std::string::npos);
}

TEST_CASE("writer: typed values are kept unless overwrite; measured ones are replaced; order and comments stay") {
  std::string typed =
      "# our numbers\nformat: 1\nplan: paid\n\nkv:\n  CACHE:\n    reads_per_day: 5000  # from the dashboard\n\n"
      "worker:\n  requests_per_day: 1000000  # typed\n  cpu_ms_p99: 12\n\nmeasured:\n  - worker.cpu_ms_p99\n";
  auto before = load(typed);
  std::vector<Measurement> v{{"worker", "", "requests_per_day", 1'200'000, "graphql", ""},
                             {"worker", "", "cpu_ms_p99", 40, "graphql", ""},
                             {"kv", "CACHE", "writes_per_day", 7, "graphql", ""}};
  auto w = write_metrics(before.doc.get(), &*before.metrics, v, {});
  REQUIRE(w.kept.size() == 1);
  CHECK(w.kept[0].find("worker.requests_per_day: kept 1000000") == 0);
  CHECK(w.replaced.size() == 1);
  CHECK(w.added.size() == 1);
  auto after = load(w.text);
  CHECK(after.metrics->find("worker.requests_per_day")->value == 1'000'000);
  CHECK(after.metrics->find("worker.cpu_ms_p99")->value == 40);
  CHECK(after.metrics->obtained_of(*after.metrics->find("worker.requests_per_day")) == "hand-typed");
  CHECK(after.metrics->obtained_of(*after.metrics->find("worker.cpu_ms_p99")) == "measured");
  CHECK(w.text.find("reads_per_day: 5000  # from the dashboard") != std::string::npos);
  CHECK(w.text.find("requests_per_day: 1000000  # typed") != std::string::npos);
  CHECK(w.text.find("plan: paid") != std::string::npos);
  // The Worker comes first; the file's other sections stay where they were.
  CHECK(w.text.find("\nworker:") < w.text.find("\nkv:"));

  WriteOptions over;
  over.overwrite = true;
  auto o = write_metrics(before.doc.get(), &*before.metrics, v, over);
  CHECK(o.kept.empty());
  CHECK(load(o.text).metrics->find("worker.requests_per_day")->value == 1'200'000);
}

TEST_CASE("writer: product sections keep the file's order; new ones follow in the products' order") {
  auto before = load("format: 1\nqueues:\n  q:\n    messages_per_day: 1\nkv:\n  A:\n    reads_per_day: 2\n");
  std::vector<Measurement> v{{"d1", "DB", "storage_gb", 1, "x", ""}, {"r2", "B", "storage_gb", 2, "x", ""}};
  auto w = write_metrics(before.doc.get(), &*before.metrics, v, {});
  auto q = w.text.find("\nqueues:"), kv = w.text.find("\nkv:"), d1 = w.text.find("\nd1:"), r2 = w.text.find("\nr2:");
  CHECK(q < kv);
  CHECK(kv < d1);
  CHECK(d1 < r2);
  load(w.text);
}

TEST_CASE("writer: measured figures show the digits their sources have") {
  CHECK(format_measured(1'200'000.4) == "1200000");
  CHECK(format_measured(150.5) == "151");
  CHECK(format_measured(4.1) == "4.1");
  CHECK(format_measured(0.326123) == "0.3261");
  CHECK(format_measured(0) == "0");
  CHECK(yaml_key("order-events") == "order-events");
  CHECK(yaml_key("a: b") == "\"a: b\"");
}
