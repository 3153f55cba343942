// The analytics requests: windows of whole UTC days, one request per
// product, aliases unique within a request.
#include <doctest/doctest.h>

#include "analytics/queries.h"

using namespace cfscale;
using namespace cfscale::analytics;

TEST_CASE("analytics: a window is whole days before its end, across months and leap days") {
  Window w;
  CHECK(make_window("2024-03-01", 2, w).empty());
  CHECK(w.start_date == "2024-02-28");
  CHECK(w.end_date == "2024-03-01");
  CHECK(make_window("2027-01-01", 31, w).empty());
  CHECK(w.start_date == "2026-12-01");
  CHECK_FALSE(make_window("2026-02-30", 7, w).empty());
  CHECK_FALSE(make_window("2026-1-01", 7, w).empty());
  CHECK_FALSE(make_window("2026-01-01x", 7, w).empty());
  CHECK_FALSE(make_window("2026-01-01", 0, w).empty());
  CHECK_FALSE(make_window("2026-01-01", 367, w).empty());
}

TEST_CASE("analytics: bindings whose names read the same as GraphQL names get distinct aliases") {
  config::WorkerConfig cfg;
  cfg.name = "api";
  cfg.kv_namespaces.push_back({"a-b", std::string(32, 'a'), {}, {}});
  cfg.kv_namespaces.push_back({"a_b", std::string(32, 'b'), {}, {}});
  Window w;
  REQUIRE(make_window("2026-12-01", 30, w).empty());
  Plan p = plan_queries(cfg, w);
  REQUIRE(p.requests.size() == 2);
  const Request& kv = p.requests[1];
  CHECK(kv.product == "kv");
  REQUIRE(kv.nodes.size() == 6);
  CHECK(kv.nodes[0].alias == "cfs_kv_a_b");
  CHECK(kv.nodes[0].entry == "a-b");
  CHECK(kv.nodes[3].alias == "cfs_kv_a_b_2");
  CHECK(kv.nodes[3].entry == "a_b");
  CHECK(kv.query().find("cfs_kv_a_b_2_storage: kvStorageAdaptiveGroups") != std::string::npos);
}

TEST_CASE("analytics: a Worker without a name is not queried, and says so") {
  config::WorkerConfig cfg;
  Window w;
  REQUIRE(make_window("2026-12-01", 30, w).empty());
  Plan p = plan_queries(cfg, w);
  CHECK(p.requests.empty());
  REQUIRE(p.skipped.size() == 1);
  CHECK(p.skipped[0].find("no name") != std::string::npos);
}
