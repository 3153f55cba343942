#include "report/cost_text.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/color.h"
#include "core/printable.h"
#include "core/text.h"

namespace cfscale::report {
namespace {

std::string money(double d) { return format_money(d); }

// Names and paths from the inputs are shown through printable().
std::string bold(bool on, std::string_view s) { return color::styled(on, color::kBold, s); }

// The ids of a projection row, all of them for the first row, else those the
// first row does not have.
std::vector<std::string> new_since_first(const std::vector<std::string>& ids, const std::vector<std::string>& first_ids, bool first) {
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (first || std::find(first_ids.begin(), first_ids.end(), id) == first_ids.end()) out.push_back(id);
  return out;
}

}  // namespace

std::string render_cost_worker(const WorkerReport& w, bool explain, bool color) {
  std::string out;
  const auto& c = w.cost;
  out += fmt::format("{}{}  {}{}\n", bold(color, w.name.value_or("(unnamed Worker)")), w.env ? " [env " + printable(*w.env) + "]" : "",
                     printable(w.config), w.metrics ? " + " + printable(*w.metrics) : std::string(" (no metrics)"));
  out += fmt::format("{} plan · prices as of {} · a month is {} days · {}\n\n", c.plan, c.pricing_as_of,
                     format_number(c.month_days), c.currency);
  if (!c.monthly_usd) {
    out += "No metrics: nothing to price beyond the plan's base fee. Run `cfscale init` to write a metrics skeleton.\n\n";
    return out;
  }
  out += fmt::format("{:<16} {:<28} {:>16} {:>16} {:>16} {:>10}\n", "product", "item", "per month", "included", "billable", "cost");
  std::string product;
  for (const auto& l : c.lines) {
    std::string item = l.item.substr(l.item.find('.') + 1);
    out += fmt::format("{:<16} {:<28} {:>16} {:>16} {:>16} {:>10}{}\n", l.product == product ? "" : l.product, item,
                       format_number(l.usage), format_number(l.included), format_number(l.billable), money(l.monthly_usd),
                       l.over_allowance ? (c.plan == "free" ? "  over the Free allowance" : "  over the included amount") : "");
    product = l.product;
    if (explain) out += fmt::format("{:<17}{}\n", "", printable(l.basis));
  }
  if (c.base_fee > 0) out += fmt::format("{:<16} {:<28} {:>16} {:>16} {:>16} {:>10}\n", "plan", "base fee", "", "", "", money(c.base_fee));
  out += fmt::format("{:<16} {:<28} {:>16} {:>16} {:>16} {:>10}\n", bold(color, "total"), "", "", "", "", bold(color, money(*c.monthly_usd)));
  std::vector<std::string> by;
  for (const auto& [p, usd] : c.by_product) by.push_back(fmt::format("{} {}", p, money(usd)));
  out += fmt::format("\nby product: {}\n", fmt::join(by, ", "));
  for (const auto& [item, missing] : c.not_estimated) out += fmt::format("not estimated: {} (needs {})\n", printable(item), printable(missing));
  for (const auto& f : c.free_plan_failures) out += fmt::format("Free plan: {}\n", printable(f));
  if (!w.projections.empty()) {
    out += "\nProjections\n";
    for (const auto& p : w.projections) {
      out += fmt::format("  {:<32} {:>12}", p.label, money(p.monthly_usd));
      // Name only what runs past its included amount compared to the first row.
      bool first = &p == &w.projections.front();
      auto fresh = new_since_first(p.over_allowance, w.projections.front().over_allowance, first);
      if (!fresh.empty())
        out += fmt::format("  {}: {}", first ? "over included" : "also over included", printable(fmt::format("{}", fmt::join(fresh, ", "))));
      out += "\n";
      auto stops = new_since_first(p.free_plan_failing, w.projections.front().free_plan_failing, first);
      if (!stops.empty())
        out += fmt::format("  {:<32} {}: {}\n", "", first ? "Free plan stops working for" : "and also for",
                           printable(fmt::format("{}", fmt::join(stops, ", "))));
    }
  }
  out += "\n";
  return out;
}

}  // namespace cfscale::report
