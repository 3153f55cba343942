#include "cost/bill.h"

#include <cmath>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale::cost {
namespace {
std::string money(double d) { return format_money(d); }

bool billed(const PriceItem& item, bool free) { return !free || item.billed_on_free; }

// To the cent, as billed.
double item_cost(const PriceItem& item, double usage) {
  double billable = std::max(0.0, usage - item.included_month);
  return std::round(billable / item.per * item.price * 100) / 100;
}
}  // namespace

double bill_total(const Usage& u, const Pricing& p, metrics::Plan plan) {
  bool free = plan == metrics::Plan::Free;
  double total = free ? 0 : p.base_fee_paid;
  for (const auto& item : p.items) {
    if (!billed(item, free)) continue;
    auto it = u.monthly.find(item.id);
    if (it != u.monthly.end()) total += item_cost(item, it->second);
  }
  return total;
}

Bill compute_bill(const Usage& u, const Pricing& p, metrics::Plan plan, bool arithmetic) {
  Bill b;
  b.plan = plan;
  bool free = plan == metrics::Plan::Free;
  b.base_fee = free ? 0 : p.base_fee_paid;
  b.total = b.base_fee;
  if (b.base_fee > 0) b.by_product["base_fee"] = b.base_fee;  // so that by_product adds up to the total
  for (const auto& item : p.items) {
    auto it = u.monthly.find(item.id);
    if (it == u.monthly.end()) continue;
    Line l;
    l.id = item.id;
    l.product = item.product;
    l.usage = it->second;
    auto basis = arithmetic ? u.basis.find(item.id) : u.basis.end();
    std::string how = basis != u.basis.end() ? basis->second : "";
    if (!billed(item, free)) {
      // Free: nothing is billed; past the allowance the product stops working.
      double per_day = item.unit == "GB-month" ? l.usage : l.usage / p.month_days;
      std::optional<double> allowance = item.free_total ? item.free_total : item.free_per_day;
      l.included = allowance.value_or(0) * (item.free_total ? 1 : p.month_days);
      if (allowance && per_day > *allowance) {
        l.over_allowance = true;
        l.stops_on_free = true;
        std::string amount = item.free_total ? fmt::format("{} GB stored", format_number(per_day))
                                             : fmt::format("{} {} a day", format_number(per_day), item.unit);
        std::string limit = item.free_total ? fmt::format("{} GB", format_number(*allowance)) : format_number(*allowance);
        b.free_plan_failures.push_back(
            fmt::format("{}: {} is over the Free plan's {}: {}", item.id, amount, limit, item.free_exhausted));
      }
      if (arithmetic && !allowance)
        l.basis = fmt::format("{} = {} {} per month; Free plan: not billed, no Free allowance published", how, format_number(l.usage), item.unit);
      else if (arithmetic)
        l.basis = fmt::format("{} = {} {} per month; Free plan: not billed, allowance {} {} {}", how, format_number(l.usage),
                              item.unit, format_number(*allowance), item.unit, item.free_total ? "in total" : "per day");
    } else {
      l.included = item.included_month;
      l.billable = std::max(0.0, l.usage - item.included_month);
      l.cost = item_cost(item, l.usage);
      l.over_allowance = l.billable > 0;
      if (arithmetic)
        l.basis = fmt::format("{} = {} {}; minus {} included = {}; x {} per {} = {}", how, format_number(l.usage), item.unit,
                              format_number(item.included_month), format_number(l.billable), format_unit_price(item.price),
                              item.per == 1 ? item.unit : format_number(item.per), money(l.cost));
    }
    b.total += l.cost;
    b.by_product[l.product] += l.cost;
    b.lines.push_back(std::move(l));
  }
  b.not_estimated = u.unknown;
  return b;
}

}  // namespace cfscale::cost
