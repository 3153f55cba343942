// Conditions: three-valued evaluation, evidence, negation; templates.
#include "engine/condition.h"

#include <doctest/doctest.h>

#include "core/yaml_reader.h"
#include "engine/rule_loader.h"
#include "engine/template.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::engine;

namespace {

using test::limits;

struct Env {
  config::LoadedConfig cfg;
  metrics::LoadedMetrics m;
  Env(const std::string& config, const std::string& metrics)
      : cfg(test::jsonc(config)), m(metrics::load_metrics_text("m.yaml", metrics)) {
    REQUIRE(cfg.ok());
    REQUIRE(m.ok());
  }
};

Condition cond(const std::string& yaml, TargetType t) {
  Document doc;
  doc.path = "c.yaml";
  doc.text = yaml;
  Diagnostics d;
  REQUIRE(parse_yaml(doc, d));
  auto c = parse_condition(doc.root, t, limits(), doc, d);
  for (const auto& x : d) MESSAGE(format_diagnostic(x));
  REQUIRE(c);
  return *c;
}

// Decides a condition and appends the evidence its trace explains.
Tri decide(const std::string& yaml, TargetType type, const Context& c, const engine::Target& t, std::vector<Evidence>& ev,
           std::vector<std::string>& missing) {
  Condition cd = cond(yaml, type);
  Trace trace;
  Tri res = evaluate(cd, c, t, trace, missing);
  for (auto& e : explain(trace, c, t)) ev.push_back(std::move(e));
  return res;
}

}  // namespace

TEST_CASE("condition: true, false and unknown, with evidence and missing inputs") {
  Env e(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}]})",
        "format: 1\nd1:\n  DB:\n    read_latency_p95_ms: 80\n");
  Context c(*e.cfg.worker, &*e.m.metrics, limits(), metrics::Plan::Paid);
  engine::Target t = targets_of(TargetType::D1, *e.cfg.worker)[0];
  std::vector<Evidence> ev;
  std::vector<std::string> missing;

  CHECK(decide("{left: metric.read_latency_p95_ms, op: '>', right: threshold.d1_read_latency_ms}", TargetType::D1, c, t, ev, missing) == Tri::True);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].input == "d1.DB.read_latency_p95_ms");
  CHECK(ev[0].value == 80);
  CHECK(ev[0].threshold == 50);
  CHECK(ev[0].threshold_input == "threshold.d1_read_latency_ms");

  ev.clear();
  CHECK(decide("{left: metric.write_latency_p95_ms, op: '>', right: 5}", TargetType::D1, c, t, ev, missing) == Tri::Unknown);
  CHECK(missing == std::vector<std::string>{"d1.DB.write_latency_p95_ms"});

  // any: one true decides even when another is unknown; all: one false decides.
  CHECK(decide("{any: [{left: metric.write_latency_p95_ms, op: '>', right: 5}, {left: metric.read_latency_p95_ms, op: '>', right: 5}]}", TargetType::D1, c, t, ev, missing) == Tri::True);
  CHECK(decide("{all: [{left: metric.write_latency_p95_ms, op: '>', right: 5}, {left: metric.read_latency_p95_ms, op: '>', right: 500}]}", TargetType::D1, c, t, ev, missing) == Tri::False);
  CHECK(decide("{all: [{left: metric.write_latency_p95_ms, op: '>', right: 5}, {left: metric.read_latency_p95_ms, op: '>', right: 5}]}", TargetType::D1, c, t, ev, missing) == Tri::Unknown);

  // not: the evidence states the negated comparison.
  ev.clear();
  CHECK(decide("{not: {left: metric.read_latency_p95_ms, op: '>', right: 100}}", TargetType::D1, c, t, ev, missing) == Tri::True);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].op == "<=");

  // A config key that is not set is a fact, not an unknown.
  CHECK(decide("{left: config.migrations_dir, op: missing}", TargetType::D1, c, t, ev, missing) == Tri::True);
  CHECK(decide("{left: config.migrations_dir, op: '==', right: migrations}", TargetType::D1, c, t, ev, missing) == Tri::False);
}

TEST_CASE("condition: derived facts and Worker facts from a binding target") {
  Env e(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}]})",
        "format: 1\nplan: free\nd1:\n  DB:\n    storage_gb: 0.4\n");
  Context c(*e.cfg.worker, &*e.m.metrics, limits(), metrics::Plan::Free);
  engine::Target t = targets_of(TargetType::D1, *e.cfg.worker)[0];
  std::vector<Evidence> ev;
  std::vector<std::string> missing;
  CHECK(decide("{left: derived.storage_utilization, op: '>=', right: 0.8}", TargetType::D1, c, t, ev, missing) == Tri::True);
  CHECK(ev[0].value == doctest::Approx(0.8));  // 0.4 GB of the free plan's 0.5 GB
  CHECK(ev[0].basis.find("free plan") != std::string::npos);
  // ... and names what it was computed from, each with its place.
  REQUIRE(ev[0].derived_from.size() == 2);
  CHECK(ev[0].derived_from[0].input == "d1.DB.storage_gb");
  CHECK(ev[0].derived_from[0].value == doctest::Approx(0.4));
  CHECK(ev[0].derived_from[0].source.kind == "metrics");
  CHECK(ev[0].derived_from[0].source.file == "m.yaml");
  CHECK(ev[0].derived_from[0].source.pos.line == 5);
  CHECK(ev[0].derived_from[1].input == "limit.d1_storage_gb");
  CHECK(ev[0].derived_from[1].value == doctest::Approx(0.5));
  CHECK(ev[0].derived_from[1].source.kind == "limits");
  CHECK(decide("{left: derived.kv_count, op: '==', right: 0}", TargetType::D1, c, t, ev, missing) == Tri::True);
}

TEST_CASE("condition: bad conditions are errors at their position") {
  Document doc;
  doc.path = "r.yaml";
  doc.text = "left: metric.read_latency_p59_ms\nop: '>'\nright: 5\n";
  Diagnostics d;
  REQUIRE(parse_yaml(doc, d));
  CHECK_FALSE(parse_condition(doc.root, TargetType::D1, limits(), doc, d));
  REQUIRE(d.has_errors());
  CHECK(format_diagnostic(d.items()[0]) ==
        "r.yaml:1:7: error: unknown metric \"read_latency_p59_ms\" for a d1 target (did you mean \"read_latency_p95_ms\"?) [rule-invalid]");
  for (const char* bad : {"{left: metric.storage_gb, op: '=>', right: 1}", "{left: threshold.nope, op: '>', right: 1}",
                          "{left: config.placement.mode, op: missing, right: 1}", "{all: []}", "{lft: 1, op: '>', right: 2}"}) {
    CAPTURE(bad);
    Document b;
    b.path = "r.yaml";
    b.text = bad;
    Diagnostics bd;
    REQUIRE(parse_yaml(b, bd));
    CHECK_FALSE(parse_condition(b.root, TargetType::D1, limits(), b, bd));
    CHECK(bd.has_errors());
  }
}

TEST_CASE("template: placeholders render, code braces stay") {
  Env e(R"({"name": "shop", "d1_databases": [{"binding": "CATALOG", "database_id": "x"}]})",
        "format: 1\nd1:\n  CATALOG:\n    storage_gb: 9.1\n");
  Context c(*e.cfg.worker, &*e.m.metrics, limits(), metrics::Plan::Paid);
  engine::Target t = targets_of(TargetType::D1, *e.cfg.worker)[0];
  CHECK(render("Archive {binding} of {worker}: {metric.storage_gb} GB = {pct:derived.storage_utilization} of {limit.d1_storage_gb} GB; "
               "\"placement\": { \"mode\": \"smart\" }; {metric.read_latency_p95_ms}", c, t) ==
        "Archive CATALOG of shop: 9.1 GB = 91% of 10 GB; \"placement\": { \"mode\": \"smart\" }; unknown");
}

TEST_CASE("condition: decided once; the evidence is written from the trace of what held") {
  Env e(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}]})",
        "format: 1\nd1:\n  DB:\n    read_latency_p95_ms: 80\n    storage_gb: 2\n");
  Context c(*e.cfg.worker, &*e.m.metrics, limits(), metrics::Plan::Paid);
  engine::Target t = targets_of(TargetType::D1, *e.cfg.worker)[0];
  const char* cases[] = {
      "{any: [{left: metric.storage_gb, op: '>', right: 9}, {left: metric.read_latency_p95_ms, op: '>', right: 50}]}",
      "{any: [{left: metric.write_latency_p95_ms, op: '>', right: 5}, {left: metric.read_latency_p95_ms, op: '>', right: 50}]}",
      "{any: [{left: metric.write_latency_p95_ms, op: '>', right: 5}, {left: metric.storage_gb, op: '>', right: 9}]}",
      "{all: [{left: metric.storage_gb, op: '<', right: 9}, {left: derived.storage_utilization, op: '>=', right: 0.1}]}",
      "{not: {any: [{left: metric.storage_gb, op: '>', right: 9}, {left: metric.read_latency_p95_ms, op: '<', right: 50}]}}",
  };
  for (const char* text : cases) {
    CAPTURE(text);
    Condition k = cond(text, TargetType::D1);
    Trace trace;
    std::vector<std::string> missing;
    Tri res = evaluate(k, c, t, trace, missing);
    if (res != Tri::True) {
      CHECK(trace.empty());
      continue;
    }
    auto ev = explain(trace, c, t);
    REQUIRE(ev.size() == trace.size());
    for (size_t i = 0; i < ev.size(); ++i) {
      CHECK_FALSE(ev[i].input.empty());
      REQUIRE(trace[i].left.is_number());
      CHECK(ev[i].value == trace[i].left.num);  // the value decided on, not one read again
      REQUIRE(ev[i].source);
      if (ev[i].input.starts_with("d1.")) {
        CHECK(ev[i].source->kind == "metrics");
        CHECK(ev[i].source->file == "m.yaml");
        CHECK(ev[i].source->pos.line > 0);
      } else {
        CHECK(ev[i].source->kind == "derived");
        CHECK_FALSE(ev[i].basis.empty());
      }
    }
  }
}
