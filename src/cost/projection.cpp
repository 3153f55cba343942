#include "cost/projection.h"

#include <cmath>

#include <fmt/format.h>

#include "core/text.h"
#include "cost/bill.h"

namespace cfscale::cost {
namespace {

Projection make(std::string label, double traffic, const Usage& u, const Pricing& p, metrics::Plan plan) {
  Bill b = compute_bill(u, p, plan);
  Projection pr{std::move(label), traffic, std::round(b.total * 100) / 100, {}, b.free_plan_failures, {}};
  for (const auto& l : b.lines) {
    if (l.over_allowance && plan == metrics::Plan::Paid) pr.over_allowance.push_back(l.id);
    if (l.stops_on_free) pr.free_plan_failing.push_back(l.id);
  }
  return pr;
}

}  // namespace

std::vector<Projection> project_scales(const Usage& u, const Pricing& p, metrics::Plan plan, const std::vector<double>& scales) {
  std::vector<Projection> out;
  for (double s : scales) out.push_back(make(fmt::format("{}x traffic", format_number(s)), s, scaled(u, p, s, 1), p, plan));
  return out;
}

std::vector<Projection> project_growth(const Usage& u, const Pricing& p, metrics::Plan plan, double pct,
                                       const std::vector<int>& months) {
  std::vector<Projection> out;
  for (int m : months) {
    double f = std::pow(1 + pct / 100, m);
    out.push_back(make(fmt::format("in {} months at {}%/month", m, format_number(pct)), f, scaled(u, p, f, f), p, plan));
  }
  return out;
}

}  // namespace cfscale::cost
