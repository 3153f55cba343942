#include "engine/runway.h"

#include <doctest/doctest.h>

#include <cmath>

#include "engine/analyze.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::engine;

TEST_CASE("runway: months to a limit at a growth rate") {
  CHECK(months_to_limit(0.5, 100) == doctest::Approx(1.0));    // doubling once
  CHECK(months_to_limit(0.25, 100) == doctest::Approx(2.0));
  CHECK(months_to_limit(0.91, 5) == doctest::Approx(std::log(1 / 0.91) / std::log(1.05)));
  CHECK(months_to_limit(1.2, 5) == 0.0);   // already past
  CHECK_FALSE(months_to_limit(0.5, 0));    // never at zero growth
  CHECK_FALSE(months_to_limit(0.5, std::nullopt));
}

TEST_CASE("runway: D1 storage uses its own growth; per-request limits do not grow with traffic") {
  auto cfg = test::jsonc(R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}],
                              "kv_namespaces": [{"binding": "K", "id": "1"}]})");
  auto m = metrics::load_metrics_text("m.yaml", R"(format: 1
growth_pct_per_month: 10
worker:
  requests_per_day: 100000
  cpu_ms_p99: 15000
d1:
  DB:
    storage_gb: 8.2
    storage_growth_gb_per_month: 1
kv:
  K:
    hottest_key_writes_per_sec: 0.5
)");
  REQUIRE(m.ok());
  auto r = analyze(test::catalogue(), *cfg.worker, &*m.metrics);
  REQUIRE(r.runway.size() == 3);
  CHECK(r.runway[0].limit == "d1-storage");
  CHECK(r.runway[0].months == doctest::Approx(1.8));  // (10 - 8.2) GB / 1 GB a month
  CHECK(r.runway[1].limit == "kv-write-rate");
  CHECK(r.runway[1].months == doctest::Approx(7.3));  // ln 2 / ln 1.1
  CHECK(r.runway[2].limit == "worker-cpu");
  CHECK(r.runway[2].utilization == doctest::Approx(0.5));
  CHECK_FALSE(r.runway[2].months);
  // The finding about D1 storage carries its runway, which raises its priority.
  for (const auto& f : r.findings)
    if (f.rule == "CFS103") CHECK(f.runway_months == doctest::Approx(1.8));
}
