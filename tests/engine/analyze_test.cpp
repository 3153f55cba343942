// The engine over whole Workers: stages, undecided checks, merging, priority.
#include "engine/analyze.h"

#include <doctest/doctest.h>

#include "engine/priority.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::engine;

namespace {
const RuleSet& rules() { return test::catalogue(); }
const ChecklistEntry* item(const WorkerReport& r, std::string_view name) {
  for (const auto& c : r.checklist)
    if (c.item == name) return &c;
  return nullptr;
}
}  // namespace

TEST_CASE("analyze: without metrics, config findings still come and the rest is undecided") {
  auto cfg = test::jsonc(R"({"name": "w", "queues": {"consumers": [{"queue": "jobs"}]},
                              "d1_databases": [{"binding": "DB", "database_id": "x"}]})");
  REQUIRE(cfg.ok());
  auto r = analyze(rules(), *cfg.worker, nullptr);
  CHECK_FALSE(r.stage);
  std::set<std::string> ids;
  for (const auto& f : r.findings) ids.insert(f.rule);
  CHECK(ids.count("CFS204"));  // no dead-letter queue: decided from the config alone
  CHECK(ids.count("CFS301"));  // D1 without a KV cache
  CHECK_FALSE(r.undecided.empty());
  CHECK(item(r, "queue-dlq")->status == "todo");
  CHECK(item(r, "monitor-d1")->status == "unknown");
  CHECK(item(r, "monitor-d1")->why == "the stage is unknown: needs worker.requests_per_day");
  CHECK(item(r, "d1-batch-size")->status == "unknown");
  CHECK(item(r, "d1-batch-size")->why == "needs d1.DB.write_latency_p95_ms");
}

TEST_CASE("analyze: stages decide later and not-applicable") {
  auto cfg = test::jsonc(R"({"name": "w", "kv_namespaces": [{"binding": "K", "id": "1"}]})");
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000\n");
  auto r = analyze(rules(), *cfg.worker, &*m.metrics);
  CHECK(r.stage == "10k");
  CHECK(item(r, "analytics-engine")->status == "later");
  CHECK(item(r, "queue-dlq")->status == "not-applicable");
  CHECK(item(r, "queue-dlq")->why == "the Worker consumes no queue");
  CHECK(item(r, "review-cache-hit-rate")->status == "unknown");
  CHECK(r.checklist.size() == 19);
}

TEST_CASE("analyze: one problem, one finding") {
  auto cfg = test::jsonc(R"({"name": "w", "queues": {"consumers": [{"queue": "jobs", "max_concurrency": 5}]}})");
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 50000\nqueues:\n  jobs:\n    oldest_message_age_s: 900\n");
  auto r = analyze(rules(), *cfg.worker, &*m.metrics);
  std::vector<const Finding*> lag;
  for (const auto& f : r.findings)
    if (f.target.binding == "jobs" && (f.rule == "CFS110" || f.rule == "CFS307" || f.rule == "CFS401")) lag.push_back(&f);
  REQUIRE(lag.size() == 1);
  CHECK(lag[0]->rule == "CFS110");
  CHECK(lag[0]->severity == Severity::High);
  CHECK(lag[0]->related_rules == std::vector<std::string>{"CFS307", "CFS401"});
  // The checklist item merged away still gets its status.
  CHECK(item(r, "check-queue-lag")->status == "todo");
}

TEST_CASE("priority: severity first, then nearness to the limit, then stage") {
  Finding a, b, c, d;
  a.rule = "A"; a.severity = Severity::Medium; a.utilization = 0.99; a.kind = "limit";
  b.rule = "B"; b.severity = Severity::High; b.kind = "checklist";
  c.rule = "C"; c.severity = Severity::Medium; c.utilization = 0.7; c.kind = "limit";
  d.rule = "D"; d.severity = Severity::Medium; d.kind = "checklist"; d.stage = "launch";
  std::vector<Finding> fs{a, b, c, d};
  assign_priorities(fs, 3);
  CHECK(fs[0].rule == "B");
  CHECK(fs[1].rule == "A");
  CHECK(fs[2].rule == "C");
  CHECK(fs[3].rule == "D");
  for (int i = 0; i < 4; ++i) CHECK(fs[i].priority == i + 1);
}

TEST_CASE("analyze: evidence says how each figure was obtained; an estimate is shown as one") {
  auto cfg = test::jsonc(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}]})");
  REQUIRE(cfg.ok());
  auto rule_of = [](const WorkerReport& r, std::string_view id) -> const Finding* {
    for (const auto& f : r.findings)
      if (f.rule == id) return &f;
    return nullptr;
  };
  for (std::string obtained : {"", "measured", "hand-typed", "estimated"}) {
    CAPTURE(obtained);
    std::string text = "format: 1\n" + (obtained.empty() ? "" : "obtained: " + obtained + "\n") + "d1:\n  DB:\n    read_latency_p95_ms: 85\n";
    auto m = metrics::load_metrics_text("m.yaml", text);
    REQUIRE(m.ok());
    auto r = analyze(rules(), *cfg.worker, &*m.metrics);
    const Finding* f = rule_of(r, "CFS101");
    REQUIRE(f);
    REQUIRE(f->evidence.at(0).source);
    const Origin& o = *f->evidence[0].source;
    CHECK(o.obtained == (obtained.empty() ? "hand-typed" : obtained));
    CHECK(origin_text(o) == (obtained == "estimated" ? "m.yaml:5, estimated" : obtained.empty() ? "m.yaml:4" : "m.yaml:5"));
    REQUIRE(f->evidence[0].threshold_source);
    CHECK(f->evidence[0].threshold_source->obtained == "chosen");
  }
  auto bad = metrics::load_metrics_text("m.yaml", "format: 1\nobtained: guessed\n");
  REQUIRE(bad.diags.has_errors());
  CHECK(bad.diags.items()[0].message.find("\"obtained\" must be") != std::string::npos);
  CHECK(bad.diags.items()[0].location.pos.line == 2);
}
