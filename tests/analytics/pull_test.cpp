// Dropping a field the account's schema lacks from a request's node.
#include <doctest/doctest.h>

#include "analytics/pull.h"

using namespace cfscale::analytics;

namespace {
QueryNode node(std::string body) {
  QueryNode n;
  n.alias = "cfs_worker";
  n.body = std::move(body);
  return n;
}
}  // namespace

TEST_CASE("pull: a field is dropped from the selection, and selections it empties go too") {
  auto n = node(R"(cfs_worker: workersInvocationsAdaptive(limit: 1, filter: { scriptName: "memoryUsageBytesP99" }) { sum { requests } quantiles { memoryUsageBytesP99 } })");
  CHECK(drop_field(n, "memoryUsageBytesP99"));
  CHECK(n.body == R"(cfs_worker: workersInvocationsAdaptive(limit: 1, filter: { scriptName: "memoryUsageBytesP99" }) { sum { requests } })");
  auto m = node("cfs_x: ds(limit: 1) { quantiles { a b } }");
  CHECK(drop_field(m, "a"));
  CHECK(m.body == "cfs_x: ds(limit: 1) { quantiles { b } }");
  CHECK_FALSE(drop_field(m, "b"));  // nothing left to ask
  auto d = node("cfs_x: ds(limit: 1) { sum { a } }");
  CHECK_FALSE(drop_field(d, "ds"));  // the dataset itself: the whole node goes
}
