#include "cost/bill.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/products.h"
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
      auto allowance = item.free_allowance();
      if (allowance) {
        double used = item.in_period(l.usage, allowance->period, p.month_days);
        l.included = allowance->period == PriceItem::Period::Day ? allowance->amount * p.month_days : allowance->amount;
        if (used > allowance->amount) {
          l.over_allowance = true;
          l.stops_on_free = true;
          b.free_plan_failures.push_back(fmt::format("{}: {} is over the Free plan's {}: {}", item.id,
                                                     item.amount_text(used, allowance->period),
                                                     item.amount_text(allowance->amount, allowance->period), item.free_exhausted));
        }
      } else if (item.paid_only && l.usage > 0) {
        l.stops_on_free = true;
        // One line per product: its three meters are one fact.
        std::string line = fmt::format("{}: {} not offered on the Free plan; Workers Paid is needed", item.product,
                                       product_title(item.product));
        if (std::find(b.free_plan_failures.begin(), b.free_plan_failures.end(), line) == b.free_plan_failures.end())
          b.free_plan_failures.push_back(std::move(line));
      }
      if (arithmetic) {
        std::string terms = allowance ? fmt::format("allowance {}{}", item.amount_text(allowance->amount, allowance->period),
                                                    allowance->period == PriceItem::Period::Total ? " in total" : "")
                            : item.paid_only ? std::string("not offered on the Free plan")
                                             : std::string("no Free allowance published");
        l.basis = fmt::format("{} = {} {} per month; Free plan: not billed, {}", how, format_number(l.usage), item.unit, terms);
      }
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
