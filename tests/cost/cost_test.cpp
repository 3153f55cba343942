// The bill, by hand: Cloudflare's own pricing examples and one hand-computed
// case per product, the Free plan, overrides, projections, fix costs.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/document.h"
#include "cost/bill.h"
#include "cost/fix_models.h"
#include "cost/projection.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::cost;

namespace {
const Pricing& pricing() { return test::catalogue().pricing; }

Usage usage(std::initializer_list<std::pair<const char*, double>> items) {
  Usage u;
  for (const auto& [id, q] : items) u.monthly[id] = q;
  return u;
}

double line(const Bill& b, std::string_view id) {
  for (const auto& l : b.lines)
    if (l.id == id) return l.cost;
  FAIL("no line " << id);
  return 0;
}
}  // namespace

TEST_CASE("bill: Cloudflare's example, 15M requests at 7 ms CPU is $8.00 on Workers Paid") {
  auto b = compute_bill(usage({{"workers.requests", 15'000'000}, {"workers.cpu_ms", 15'000'000 * 7.0}}), pricing(), metrics::Plan::Paid);
  CHECK(line(b, "workers.requests") == doctest::Approx(1.50));  // 5M over 10M included x $0.30/M
  CHECK(line(b, "workers.cpu_ms") == doctest::Approx(1.50));    // 75M ms over 30M x $0.02/M
  CHECK(b.base_fee == 5.00);
  CHECK(b.total == doctest::Approx(8.00));
}

TEST_CASE("bill: one hand-computed month per product") {
  auto b = compute_bill(usage({{"kv.reads", 30'000'000},        // 20M x $0.50/M = $10
                               {"kv.writes", 3'000'000},         // 2M x $5/M = $10
                               {"kv.storage", 3},                // 2 GB x $0.50 = $1
                               {"d1.rows_read", 35'000'000'000}, // 10,000M x $0.001/M = $10
                               {"d1.rows_written", 60'000'000},  // 10M x $1/M = $10
                               {"d1.storage", 9},                // 4 GB x $0.75 = $3
                               {"r2.class_a", 3'000'000},        // 2M x $4.50/M = $9
                               {"r2.class_b", 20'000'000},       // 10M x $0.36/M = $3.60
                               {"r2.storage", 110},              // 100 GB x $0.015 = $1.50
                               {"queues.operations", 11'000'000},// 10M x $0.40/M = $4
                               {"durable_objects.requests", 11'000'000},  // 10M x $0.15/M = $1.50
                               {"durable_objects.duration", 1'400'000},   // 1M GB-s x $12.50/M = $12.50
                               {"durable_objects.storage", 15},           // 10 GB x $0.20 = $2
                               {"analytics_engine.data_points", 20'000'000},  // 10M x $0.25/M = $2.50
                               {"analytics_engine.queries", 2'000'000}}),     // 1M x $1/M = $1
                         pricing(), metrics::Plan::Paid);
  CHECK(line(b, "kv.reads") == doctest::Approx(10));
  CHECK(line(b, "kv.writes") == doctest::Approx(10));
  CHECK(line(b, "kv.storage") == doctest::Approx(1));
  CHECK(line(b, "d1.rows_read") == doctest::Approx(10));
  CHECK(line(b, "d1.rows_written") == doctest::Approx(10));
  CHECK(line(b, "d1.storage") == doctest::Approx(3));
  CHECK(line(b, "r2.class_a") == doctest::Approx(9));
  CHECK(line(b, "r2.class_b") == doctest::Approx(3.60));
  CHECK(line(b, "r2.storage") == doctest::Approx(1.50));
  CHECK(line(b, "queues.operations") == doctest::Approx(4));
  CHECK(line(b, "durable_objects.requests") == doctest::Approx(1.50));
  CHECK(line(b, "durable_objects.duration") == doctest::Approx(12.50));
  CHECK(line(b, "durable_objects.storage") == doctest::Approx(2));
  CHECK(line(b, "analytics_engine.data_points") == doctest::Approx(2.50));
  CHECK(line(b, "analytics_engine.queries") == doctest::Approx(1));
  CHECK(b.by_product.at("kv") == doctest::Approx(21));
  CHECK(b.by_product.at("base_fee") == 5);
  CHECK(b.total == doctest::Approx(5 + 21 + 23 + 14.10 + 4 + 16 + 3.50));
  // bill_total (what fix costs compare) is the same sum without the lines, on both plans.
  auto u = usage({{"kv.reads", 30'000'000}, {"d1.storage", 9}, {"r2.storage", 110}, {"durable_objects.duration", 1'400'000}});
  for (auto plan : {metrics::Plan::Paid, metrics::Plan::Free})
    CHECK(bill_total(u, pricing(), plan) == doctest::Approx(compute_bill(u, pricing(), plan).total));
  CHECK(bill_total(u, pricing(), metrics::Plan::Free) == doctest::Approx(1.50));  // R2 is billed on Free too
}

TEST_CASE("usage: from metrics, per 30-day month; queue operations per 64 KB chunk") {
  auto cfg = test::jsonc(R"({"name": "w", "queues": {"producers": [{"binding": "Q", "queue": "big"}],
                              "consumers": [{"queue": "small"}]}})");
  auto m = metrics::load_metrics_text("m.yaml", R"(format: 1
worker: { requests_per_day: 1000, cpu_ms_avg: 2 }
queues:
  big: { messages_per_day: 1000, message_kb_avg: 100, retries_per_day: 10 }
  small: { messages_per_day: 500 }
)");
  REQUIRE(m.ok());
  Usage u = measure(*cfg.worker, *m.metrics, pricing());
  CHECK(u.monthly.at("workers.requests") == 30000);
  CHECK(u.monthly.at("workers.cpu_ms") == 60000);
  // big: 100 KB + 0.1 KB metadata = 2 chunks: (1000 x 3 + 10) x 2 = 6,020 a day;
  // small: 1 KB assumed = 1 chunk: 1,500 a day. (6,020 + 1,500) x 30.
  CHECK(u.monthly.at("queues.operations") == (6020 + 1500) * 30);
  CHECK(u.basis.at("queues.operations").find("big: (1,000 messages x 3 + 10 retries) x 2 chunks/day") != std::string::npos);
}

TEST_CASE("bill: the Free plan bills nothing but R2, and says what stops working") {
  auto b = compute_bill(usage({{"workers.requests", 150'000 * 30.0}, {"kv.writes", 500 * 30.0}, {"r2.storage", 20}}), pricing(),
                        metrics::Plan::Free);
  CHECK(b.base_fee == 0);
  CHECK(line(b, "workers.requests") == 0);
  CHECK(line(b, "r2.storage") == doctest::Approx(0.15));  // R2 bills beyond its free tier on every plan
  CHECK(b.total == doctest::Approx(0.15));
  REQUIRE(b.free_plan_failures.size() == 1);
  CHECK(b.free_plan_failures[0].find("workers.requests: 150,000 requests a day is over the Free plan's 100,000") == 0);
  CHECK(b.free_plan_failures[0].find("error 1027") != std::string::npos);
}

TEST_CASE("usage and bill: Vectorize, Workers AI and Containers, by hand") {
  auto cfg = test::jsonc(R"({"name": "w", "vectorize": [{"binding": "V", "index_name": "i"}, {"binding": "U", "index_name": "j"}],
                              "ai": {"binding": "AI"}, "containers": [{"class_name": "Box", "image": "./Dockerfile"}]})");
  auto m = metrics::load_metrics_text("m.yaml", R"(format: 1
vectorize:
  V: { stored_vectors: 100000, dimensions: 768, queries_per_day: 10000 }
  U: { stored_vectors: 50000, dimensions: 384 }
ai:
  AI: { neurons_per_day: 20000 }
containers:
  Box: { vcpu_seconds_per_day: 1000, memory_gib_seconds_per_day: 4000, disk_gb_seconds_per_day: 8000 }
)");
  REQUIRE(m.ok());
  Usage u = measure(*cfg.worker, *m.metrics, pricing(), true);
  // Stored: 100,000 x 768 + 50,000 x 384 = 96,000,000 dimensions.
  CHECK(u.monthly.at("vectorize.stored_dimensions") == 96'000'000);
  // Queried: U has no query count, so the line is not estimated; it says what is missing.
  CHECK(u.monthly.count("vectorize.queried_dimensions") == 0);
  CHECK(u.unknown.at("vectorize.queried_dimensions") == "vectorize.U.queries_per_day");
  CHECK(u.monthly.at("ai.neurons") == 600'000);
  CHECK(u.monthly.at("containers.vcpu") == 30'000);

  // (100,000 + 10,000 x 30) x 768 = 307,200,000 queried dimensions a month.
  auto one = test::jsonc(R"({"name": "w", "vectorize": [{"binding": "V", "index_name": "i"}]})");
  Usage v = measure(*one.worker, *m.metrics, pricing(), true);
  CHECK(v.monthly.at("vectorize.queried_dimensions") == 307'200'000);

  auto b = compute_bill(usage({{"vectorize.queried_dimensions", 307'200'000},  // 257.2M over 50M x $0.01/M = $2.57
                               {"vectorize.stored_dimensions", 96'000'000},    // 86M over 10M x $0.05/100M = $0.04
                               {"ai.neurons", 600'000},                        // 300,000 over 300,000 x $0.011/1,000 = $3.30
                               {"containers.vcpu", 30'000},                    // 7,500 vCPU-s x $0.00002 = $0.15
                               {"containers.memory", 120'000},                 // 30,000 GiB-s x $0.0000025 = $0.08
                               {"containers.disk", 1'720'000}}),               // 1,000,000 GB-s x $0.00000007 = $0.07
                        pricing(), metrics::Plan::Paid);
  CHECK(line(b, "vectorize.queried_dimensions") == doctest::Approx(2.57));
  CHECK(line(b, "vectorize.stored_dimensions") == doctest::Approx(0.04));
  CHECK(line(b, "ai.neurons") == doctest::Approx(3.30));
  CHECK(line(b, "containers.vcpu") == doctest::Approx(0.15));
  CHECK(line(b, "containers.memory") == doctest::Approx(0.08));
  CHECK(line(b, "containers.disk") == doctest::Approx(0.07));
  // Stored dimensions are a level: projections scale them with storage, not traffic.
  Usage tenfold = scaled(usage({{"vectorize.stored_dimensions", 96'000'000}, {"ai.neurons", 600'000}}), pricing(), 10, 1);
  CHECK(tenfold.monthly.at("vectorize.stored_dimensions") == 96'000'000);
  CHECK(tenfold.monthly.at("ai.neurons") == 6'000'000);
}

TEST_CASE("bill: Free allowances by the day, the month and in total; Containers are Paid only") {
  auto b = compute_bill(usage({{"vectorize.queried_dimensions", 40'000'000},  // over 30M a month
                               {"vectorize.stored_dimensions", 4'000'000},    // under 5M in total
                               {"ai.neurons", 9'000 * 30.0},                  // under 10,000 a day
                               {"containers.vcpu", 100}, {"containers.memory", 100}}),
                        pricing(), metrics::Plan::Free);
  CHECK(b.total == 0);
  REQUIRE(b.free_plan_failures.size() == 2);
  CHECK(b.free_plan_failures[0].find("vectorize.queried_dimensions: 40,000,000 queried dimensions a month is over the Free plan's "
                                     "30,000,000 queried dimensions a month") == 0);
  // One line for the product, not one per meter.
  CHECK(b.free_plan_failures[1] == "containers: Containers not offered on the Free plan; Workers Paid is needed");
}

TEST_CASE("pricing: an item with two Free allowances is an error at the item") {
  Document doc;
  doc.path = "pricing.yaml";
  doc.text = R"(as_of: "2026-11-01"
currency: USD
month_days: 30
base_fee: { paid: 5, description: base, source: https://example.com }
items:
  x.y:
    product: x
    description: d
    unit: u
    per: 1
    price: 1
    included_month: 0
    free_per_day: 10
    free_per_month: 300
    source: https://example.com
)";
  Diagnostics d;
  REQUIRE(parse_document(doc, DocFormat::Yaml, d));
  Pricing p;
  CHECK_FALSE(parse_pricing(doc, p, d));
  REQUIRE(d.error_count() == 1);
  CHECK(format_diagnostic(d.items().front()).find("pricing.yaml:6:3: error: \"items.x.y\": at most one of free_per_day") == 0);
}

TEST_CASE("bill: negotiated prices override the table; unknown items are errors") {
  Pricing p = pricing();
  Diagnostics d;
  CHECK(apply_overrides(p, {{"kv.writes", 4.0, Location{".cfscale.toml", Pos{3, 1, 20}}}}, d));
  auto b = compute_bill(usage({{"kv.writes", 3'000'000}}), p, metrics::Plan::Paid);
  CHECK(line(b, "kv.writes") == doctest::Approx(8));
  CHECK_FALSE(apply_overrides(p, {{"kv.write", 4.0, Location{".cfscale.toml", Pos{4, 1, 30}}}}, d));
  CHECK(format_diagnostic(d.items().back()).find(".cfscale.toml:4:1: error: no price \"kv.write\"") == 0);
  CHECK(d.items().back().message.find("did you mean \"kv.writes\"") != std::string::npos);
}

TEST_CASE("pricing: a table older than 180 days warns") {
  Pricing p = pricing();
  Diagnostics d;
  check_age(p, "2027-04-30", d);  // 180 days after 2026-11-01
  CHECK(d.empty());
  check_age(p, "2027-05-01", d);
  REQUIRE(d.size() == 1);
  CHECK(d.items()[0].code == "stale-pricing");
  CHECK(days_between("2026-11-01", "2026-11-28") == 27);
  CHECK(days_between("2024-02-28", "2024-03-01") == 2);  // leap year
}

TEST_CASE("projections: traffic multiples and growth") {
  auto u = usage({{"workers.requests", 15'000'000}, {"workers.cpu_ms", 105'000'000}, {"d1.storage", 4}});
  auto s = project_scales(u, pricing(), metrics::Plan::Paid, {1, 10});
  CHECK(s[0].monthly_usd == doctest::Approx(8.00));
  // 10x: 150M requests -> 140M x 0.30 = 42; 1,050M ms -> 1,020M x 0.02 = 20.40; storage unchanged (4 GB, included).
  CHECK(s[1].monthly_usd == doctest::Approx(5 + 42 + 20.40));
  CHECK(std::find(s[1].over_allowance.begin(), s[1].over_allowance.end(), "d1.storage") == s[1].over_allowance.end());
  auto g = project_growth(u, pricing(), metrics::Plan::Paid, 100, {1});  // doubling
  CHECK(g[0].monthly_usd == doctest::Approx(5 + 6 + 3.60 + 2.25));      // 30M req, 210M ms, 8 GB stored
  auto free = project_scales(usage({{"workers.requests", 2'000'000}}), pricing(), metrics::Plan::Free, {1, 10});
  CHECK(free[0].free_plan_failures.empty());
  CHECK(free[1].free_plan_failures.size() == 1);  // 666,667 a day > 100,000
}

TEST_CASE("fix costs: a KV cache in front of D1, and a hot counter moved to a Durable Object") {
  auto cfg = test::jsonc(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}], "kv_namespaces": [{"binding": "K", "id": "1"}]})");
  auto m = metrics::load_metrics_text("m.yaml", R"(format: 1
d1:
  DB:
    read_queries_per_day: 1000000
    rows_read_per_day: 2000000000
kv:
  K:
    reads_per_day: 0
    writes_per_day: 86400
    hottest_key_writes_per_sec: 1
)");
  REQUIRE(m.ok());
  Usage u = measure(*cfg.worker, *m.metrics, pricing());
  FixInput in{*cfg.worker, *m.metrics, pricing(), metrics::Plan::Paid, u, std::string("DB"), 0.8};
  auto cache = find_fix_model("kv-cache-for-d1")->estimate(in);
  // +30M KV reads (20M over: $10), +6M writes (KV writes go from 2.592M to 8.592M: +$30),
  // -48,000M rows read (60,000M -> 12,000M: $35 -> $0).
  REQUIRE(cache.monthly_usd);
  CHECK(*cache.monthly_usd == doctest::Approx(10 + 30 - 35));
  CHECK(cache.basis.find("0.8 hit ratio") != std::string::npos);
  FixInput kv_in{*cfg.worker, *m.metrics, pricing(), metrics::Plan::Paid, u, std::string("K"), 0.8};
  auto counter = find_fix_model("kv-counter-to-do")->estimate(kv_in);
  // -2,592,000 KV writes ($7.96 -> $0), +2,592,000 DO requests ($0.24), +3,317.76 GB-s (included).
  REQUIRE(counter.monthly_usd);
  CHECK(*counter.monthly_usd == doctest::Approx(-7.96 + 0.24));
  FixInput missing{*cfg.worker, *m.metrics, pricing(), metrics::Plan::Paid, u, std::string("K"), 0.8};
  CHECK_FALSE(find_fix_model("add-indexes")->estimate(missing).monthly_usd);
}
