// The engine over whole Workers: stages, undecided checks, merging, priority.
#include "engine/analyze.h"

#include <doctest/doctest.h>

#include "engine/priority.h"
#include "source/project.h"
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

TEST_CASE("analyze: a checklist item is done only with evidence that the practice is in place") {
  auto cfg = test::jsonc(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}],
                              "kv_namespaces": [{"binding": "CACHE", "id": "1"}], "placement": {"mode": "smart"}})");
  REQUIRE(cfg.ok());
  auto bound_only = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000000\n");
  auto r = analyze(rules(), *cfg.worker, &*bound_only.metrics);
  // A KV binding is not a cache, and one placement is not multi-region.
  CHECK(item(r, "kv-cache-hot-data")->status == "unknown");
  CHECK(item(r, "kv-cache-hot-data")->why.find("a binding is not a cache") != std::string::npos);
  CHECK(item(r, "multi-region")->status == "unknown");
  auto measured = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000000\nkv:\n  CACHE:\n    app_cache_hit_ratio: 0.9\n");
  r = analyze(rules(), *cfg.worker, &*measured.metrics);
  CHECK(item(r, "kv-cache-hot-data")->status == "done");
  CHECK(item(r, "multi-region")->status == "unknown");
}

TEST_CASE("analyze: advice names only what the config has") {
  auto pinned = test::jsonc(R"({"name": "w", "queues": {"consumers": [{"queue": "jobs", "max_concurrency": 5, "max_batch_size": 100}]},
                                 "d1_databases": [{"binding": "DB", "database_id": "x"}]})");
  auto bare = test::jsonc(R"({"name": "w", "queues": {"consumers": [{"queue": "jobs"}]}})");
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 50000\nqueues:\n  jobs:\n    oldest_message_age_s: 900\n");
  auto rec = [&](const config::LoadedConfig& cfg) {
    auto r = analyze(rules(), *cfg.worker, &*m.metrics);
    for (const auto& f : r.findings)
      if (f.rule == "CFS110") return f.recommendation;
    return std::string("(no CFS110)");
  };
  std::string a = rec(pinned), b = rec(bare);
  CHECK(a.find("Remove \"max_concurrency\" (it is 5)") != std::string::npos);
  CHECK(a.find("D1") != std::string::npos);
  CHECK(a.find("Raise \"max_batch_size\"") == std::string::npos);  // already at 100
  CHECK(b.find("max_concurrency") == std::string::npos);
  CHECK(b.find("D1") == std::string::npos);
  CHECK(b.find("Raise \"max_batch_size\" (it is 10)") != std::string::npos);
}

TEST_CASE("analyze: on the Free plan the CPU fix is the upgrade, with its price, never limits.cpu_ms") {
  auto cfg = test::jsonc(R"({"name": "w"})");
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nplan: free\nworker:\n  requests_per_day: 50000\n  cpu_ms_p99: 9.5\n  cpu_ms_avg: 4\n");
  auto r = analyze(rules(), *cfg.worker, &*m.metrics);
  const Finding* cpu = nullptr;
  for (const auto& f : r.findings)
    if (f.rule == "CFS108") cpu = &f;
  REQUIRE(cpu);
  CHECK(cpu->recommendation.find("upgrade to Workers Paid") != std::string::npos);
  CHECK(cpu->recommendation.find("$5.00 a month") != std::string::npos);
  CHECK(cpu->recommendation.find("\"cpu_ms\": 300000") == std::string::npos);
}

TEST_CASE("analyze: the Free plan's Hyperdrive queries are a quota, free on Paid") {
  auto cfg = test::jsonc(R"({"name": "w", "hyperdrive": [{"binding": "PG", "id": "abc"}]})");
  auto free = metrics::load_metrics_text("m.yaml", "format: 1\nplan: free\nworker:\n  requests_per_day: 20000\nhyperdrive:\n  PG:\n    queries_per_day: 90000\n");
  auto r = analyze(rules(), *cfg.worker, &*free.metrics);
  bool quota = false;
  for (const auto& f : r.findings) quota |= f.rule == "CFS600" && f.target.binding == "hyperdrive.queries";
  CHECK(quota);
  auto paid = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000\nhyperdrive:\n  PG:\n    queries_per_day: 9000000\n");
  r = analyze(rules(), *cfg.worker, &*paid.metrics);
  CHECK(r.cost.monthly_usd == 5.0);  // unlimited and free on Paid
  CHECK(r.diagnostics.empty());
}

TEST_CASE("analyze: Free-plan quotas warn at 80% and are critical once exceeded, priced on Workers Paid") {
  auto cfg = test::jsonc(R"({"name": "w", "kv_namespaces": [{"binding": "K", "id": "1"}]})");
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nplan: free\ngrowth_pct_per_month: 10\nworker:\n  requests_per_day: 85000\n"
                                                "kv:\n  K:\n    reads_per_day: 50000\n    writes_per_day: 1500\n");
  auto r = analyze(rules(), *cfg.worker, &*m.metrics);
  const Finding *requests = nullptr, *writes = nullptr, *reads = nullptr;
  for (const auto& f : r.findings) {
    if (f.rule != "CFS600") continue;
    if (f.target.binding == "workers.requests") requests = &f;
    if (f.target.binding == "kv.writes") writes = &f;
    if (f.target.binding == "kv.reads") reads = &f;
  }
  REQUIRE(requests);
  REQUIRE(writes);
  CHECK_FALSE(reads);  // 50% of 100,000
  CHECK(requests->severity == Severity::High);
  REQUIRE(requests->runway_months);
  CHECK(*requests->runway_months == doctest::Approx(1.7).epsilon(0.05));  // 85% growing 10% a month
  CHECK(writes->severity == Severity::Critical);
  CHECK(writes->runway_months == 0.0);
  REQUIRE(writes->cost_monthly_usd);
  CHECK(*writes->cost_monthly_usd == 5.0);  // all within Paid's inclusions: the base fee
  CHECK(writes->cost_basis.find("the price of the fix") != std::string::npos);
}

TEST_CASE("analyze: Workflows are measured against the plan, their storage priced past the included GB") {
  auto cfg = test::jsonc(R"({"name": "w", "workflows": [{"binding": "WF", "name": "wf", "class_name": "Wf"}]})");
  // 90 running instances: nothing on Paid (50,000), critical on Free (100).
  auto free = metrics::load_metrics_text("m.yaml", "format: 1\nplan: free\nworker:\n  requests_per_day: 20000\nworkflows:\n  WF:\n    running_instances_peak: 96\n");
  auto r = analyze(rules(), *cfg.worker, &*free.metrics);
  const Finding* f = nullptr;
  for (const auto& x : r.findings)
    if (x.rule == "CFS113") f = &x;
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::Critical);
  CHECK(f->target.product == "workflows");
  auto paid = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000\nworkflows:\n  WF:\n    running_instances_peak: 96\n    storage_gb: 11\n");
  r = analyze(rules(), *cfg.worker, &*paid.metrics);
  for (const auto& x : r.findings) CHECK(x.rule != "CFS113");
  CHECK(r.cost.monthly_usd == doctest::Approx(5.0 + 10 * 0.20));  // 1 GB included
}

TEST_CASE("analyze: a Workflow's own limits.steps is the limit its instances are measured against") {
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000\nworkflows:\n  WF:\n    steps_per_instance_max: 9000\n");
  auto plain = test::jsonc(R"({"name": "w", "workflows": [{"binding": "WF", "name": "wf", "class_name": "Wf"}]})");
  auto raised = test::jsonc(R"({"name": "w", "workflows": [{"binding": "WF", "name": "wf", "class_name": "Wf", "limits": {"steps": 20000}}]})");
  auto fired = [&](const config::WorkerConfig& w) {
    for (const auto& x : analyze(rules(), w, &*m.metrics).findings)
      if (x.rule == "CFS114") return true;
    return false;
  };
  CHECK(fired(*plain.worker));    // 9,000 of the default 10,000
  CHECK(!fired(*raised.worker));  // 9,000 of 20,000
}

TEST_CASE("analyze: a container's max_instances past the account's vCPU is low from the config, louder when measured") {
  auto cfg = test::jsonc(R"({"name": "w", "durable_objects": {"bindings": [{"name": "BOX", "class_name": "Box"}]},
    "containers": [{"class_name": "Box", "image": "./Dockerfile", "instance_type": "standard-2", "max_instances": 2000}]})");
  auto find = [&](const char* metrics_text) -> std::optional<Finding> {
    auto m = metrics::load_metrics_text("m.yaml", metrics_text);
    REQUIRE(m.ok());
    for (const auto& x : analyze(rules(), *cfg.worker, &*m.metrics).findings)
      if (x.rule == "CFS116") return x;
    return std::nullopt;
  };
  // standard-2 is 1 vCPU and 6 GiB: the account's 6 TiB of memory runs out
  // first, at 1,024 instances (its 1,500 vCPU would allow 1,500).
  auto f = find("format: 1\nworker:\n  requests_per_day: 20000\n");
  REQUIRE(f);
  CHECK(f->severity == Severity::Low);
  CHECK(f->recommendation.find("at most 1,024") != std::string::npos);
  // 900 running of the 1,024 that can: 88%.
  f = find("format: 1\nworker:\n  requests_per_day: 20000\ncontainers:\n  Box:\n    instances_running_peak: 900\n");
  REQUIRE(f);
  CHECK(f->severity == Severity::High);
  // On the Free plan Containers are not offered: no capacity to compare with, no finding.
  CHECK_FALSE(find("format: 1\nplan: free\nworker:\n  requests_per_day: 20000\n"));
}

TEST_CASE("analyze: a Vectorize index near 10 million vectors") {
  auto cfg = test::jsonc(R"({"name": "w", "vectorize": [{"binding": "V", "index_name": "docs"}]})");
  auto m = metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 20000\nvectorize:\n  V:\n    stored_vectors: 9600000\n");
  REQUIRE(m.ok());
  auto r = analyze(rules(), *cfg.worker, &*m.metrics);
  const Finding* f = nullptr;
  for (const auto& x : r.findings)
    if (x.rule == "CFS117") f = &x;
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::Critical);  // 96%
  CHECK(f->target.product == "vectorize");
  // Without dimensions the bill says what it could not price.
  CHECK(r.cost.not_estimated.count("vectorize.stored_dimensions") == 1);
}

namespace {
// A project of one source file, read as `cfscale advise` reads it.
source::Project project_of(const std::string& code, const std::set<std::string>& bindings) {
  source::Project p;
  p.root = ".";
  p.files.push_back(source::extract(source::SyntaxTree::parse(code, source::Grammar::TypeScript), "src/index.ts", bindings));
  return p;
}

// The report for a config, its metrics (or none) and one source file.
WorkerReport analyze_code(const config::WorkerConfig& w, const metrics::Metrics* m, const std::string& code,
                    const std::set<std::string>& bindings) {
  auto p = project_of(code, bindings);
  AnalyzeOptions o;
  o.code = &p;
  return analyze(rules(), w, m, o);
}
}  // namespace

TEST_CASE("analyze: code findings point at the code, cite it as the source, and cfscale-ignore comments in the code hide them") {
  auto cfg = test::jsonc(R"({"name": "w", "main": "src/index.ts",
    "queues": {"producers": [{"binding": "EVENTS", "queue": "events"}]}})");
  std::string code =
      "export default { async fetch(req: Request, env: Env) {\n"
      "  env.EVENTS.send(1);\n"
      "  // cfscale-ignore CFS702: sent best-effort, losing one is fine\n"
      "  env.EVENTS.send(2);\n"
      "  env.EVENTS.send(3); // cfscale-ignore CFS702\n"
      "  return new Response('ok');\n} };\n";
  auto r = analyze_code(*cfg.worker, nullptr, code, {"EVENTS"});
  std::vector<const Finding*> floating;
  bool invalid = false;
  for (const auto& f : r.findings) {
    if (f.rule == "CFS702") floating.push_back(&f);
    if (f.rule == "CFS902") {
      invalid = true;
      CHECK(f.location->file == "src/index.ts");  // a suppression without a reason is itself reported
      CHECK(f.location->pos.line == 5);
    }
  }
  CHECK(invalid);
  REQUIRE(floating.size() == 2);  // line 4 is suppressed; line 5's comment has no reason, so it stays
  CHECK(floating[0]->location->file == "src/index.ts");
  CHECK(floating[0]->location->pos.line == 2);
  CHECK(floating[0]->snippet == "env.EVENTS.send(1);");
  CHECK(floating[0]->target.product == "queues");
  REQUIRE_FALSE(floating[0]->evidence.empty());
  REQUIRE(floating[0]->evidence[0].source);
  CHECK(floating[0]->evidence[0].source->kind == "source");
  CHECK(r.suppressed == 1);

  // Without the code (--no-source) no code rule runs.
  auto none = analyze(rules(), *cfg.worker, nullptr);
  for (const auto& f : none.findings) CHECK(f.rule != "CFS702");
}

TEST_CASE("analyze: a code finding and a measured finding about one problem are one finding, citing both") {
  auto cfg = test::jsonc(R"({"name": "w", "main": "src/index.ts",
    "kv_namespaces": [{"binding": "CACHE", "id": "0123456789abcdef0123456789abcdef"}]})");
  auto m = metrics::load_metrics_text("m.yaml",
                                      "format: 1\nworker:\n  requests_per_day: 1000000\n  cpu_ms_avg: 2\nkv:\n"
                                      "  CACHE: { reads_per_day: 400000, writes_per_day: 400000, deletes_per_day: 390000, lists_per_day: 20000,"
                                      " storage_gb: 4, app_cache_hit_ratio: 0.7 }\n");
  REQUIRE(m.metrics);
  std::string code =
      "export default { async scheduled(c: unknown, env: Env) {\n"
      "  const { keys } = await env.CACHE.list({ prefix: 'job:' });\n"
      "  for (const k of keys) await env.CACHE.delete(k.name);\n"
      "},\n"
      "async fetch(req: Request, env: Env) {\n"
      "  const hit = await env.CACHE.get(req.url);\n"
      "  if (hit) return new Response(hit);\n"
      "  const page = await (await fetch(req)).text();\n"
      "  await env.CACHE.put(req.url, page);\n"
      "  await env.CACHE.put(req.url + ':copy', page);\n"
      "  return new Response(page);\n} };\n";
  auto r = analyze_code(*cfg.worker, &*m.metrics, code, {"CACHE"});
  auto find = [&](std::string_view id) -> const Finding* {
    for (const auto& f : r.findings)
      if (f.rule == id) return &f;
    return nullptr;
  };
  // The bill's kv-as-queue (CFS602) takes the code's (CFS707): one finding, with the list in the code as a place.
  CHECK(find("CFS707") == nullptr);
  const Finding* queue = find("CFS602");
  REQUIRE(queue != nullptr);
  CHECK(std::find(queue->related_rules.begin(), queue->related_rules.end(), "CFS707") != queue->related_rules.end());
  auto at_line = [](const Finding& f, uint32_t line) {
    return std::any_of(f.related_locations.begin(), f.related_locations.end(),
                       [&](const Location& l) { return l.file == "src/index.ts" && l.pos.line == line; });
  };
  CHECK(at_line(*queue, 2));
  CHECK(std::any_of(queue->evidence.begin(), queue->evidence.end(), [](const Evidence& e) { return e.input == "code.consumes_listed"; }));
  // The writes without an expiry (CFS701, at two lines) and the namespace that grows (CFS203): one finding.
  int ttl = 0;
  for (const auto& f : r.findings) ttl += f.rule == "CFS701" || f.rule == "CFS203";
  CHECK(ttl == 1);

  // With every write expiring, the code decides CFS203: entries do expire.
  std::string expiring = code;
  for (size_t at; (at = expiring.find("page);")) != std::string::npos;) expiring.replace(at, 6, "page, { expirationTtl: 60 });");
  auto r2 = analyze_code(*cfg.worker, &*m.metrics, expiring, {"CACHE"});
  for (const auto& f : r2.findings) {
    CHECK(f.rule != "CFS203");
    CHECK(f.rule != "CFS701");
  }
}

TEST_CASE("analyze: a suppressed code finding stays suppressed when a measured finding would take it") {
  auto cfg = test::jsonc(R"({"name": "w", "main": "src/index.ts",
    "kv_namespaces": [{"binding": "CACHE", "id": "0123456789abcdef0123456789abcdef"}]})");
  auto m = metrics::load_metrics_text("m.yaml",
                                      "format: 1\nworker:\n  requests_per_day: 1000000\n  cpu_ms_avg: 2\nkv:\n"
                                      "  CACHE: { reads_per_day: 400000, writes_per_day: 400000, deletes_per_day: 390000, lists_per_day: 20000, storage_gb: 0.2 }\n");
  std::string code =
      "export default { async scheduled(c: unknown, env: Env) {\n"
      "  // cfscale-ignore CFS707: a nightly clean-up of a handful of keys\n"
      "  const { keys } = await env.CACHE.list({ prefix: 'old:' });\n"
      "  for (const k of keys) await env.CACHE.delete(k.name);\n"
      "} };\n";
  auto r = analyze_code(*cfg.worker, &*m.metrics, code, {"CACHE"});
  CHECK(r.suppressed == 1);
  for (const auto& f : r.findings) {
    CHECK(f.rule != "CFS901");  // the suppression was used
    if (f.rule == "CFS602") CHECK(f.related_locations.empty());
  }
}
