#include "engine/bill_findings.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/products.h"
#include "core/text.h"
#include "cost/bill.h"
#include "engine/finding.h"
#include "engine/runway.h"
#include "engine/template.h"

namespace cfscale::engine {
namespace {

// Where a finding about a product's usage points: its bindings in the config
// (the Worker's section for Workers itself).
Location product_location(const Context& c, std::string_view product) {
  const Product* p = find_product(product);
  if (p && !p->config_key.empty()) {
    std::string key(p->config_key.substr(0, p->config_key.find('.')));
    return c.worker.key_location(key);
  }
  return c.worker.location(c.worker.section_pos);
}

// The finding's target: a bill line of a product, named by its item
// ("kv" / "kv.reads"); the Worker's own requests and CPU are the Worker's
// (report targets call it "worker", the bill "workers"). The item keeps two
// quotas of one product two findings (a diff tells findings by target).
cfscale::Target product_target(std::string_view product, std::string_view item) {
  return cfscale::Target{product == "workers" ? std::string("worker") : std::string(product), std::string(item)};
}

// What the line's usage comes to in the period its Free allowance counts
// (a day, a month, or the level kept), against that allowance.
struct Quota {
  const cost::PriceItem* item;
  cost::PriceItem::Allowance allowance;
  double usage = 0;
  bool total() const { return allowance.period == cost::PriceItem::Period::Total; }
  std::string text(double v) const { return item->amount_text(v, allowance.period); }
};

// "Worker requests" of "Worker requests (static asset requests are free)":
// the item's name without the pricing table's notes.
std::string short_description(const cost::PriceItem& item) {
  return item.description.substr(0, item.description.find(" ("));
}

}  // namespace

void free_plan_findings(const RuleSet& rules, const Context& c, std::optional<double> growth, std::vector<Finding>& findings,
                        std::vector<RunwayItem>& runway) {
  if (c.plan != metrics::Plan::Free || !c.usage || !c.pricing) return;
  const Rule* rule = rules.find("CFS600");
  double warn = c.limits.threshold("free_quota_warn").value_or(0.8);
  const cost::Pricing& p = *c.pricing;
  // What the same traffic costs on Workers Paid: the price of the fix.
  double free_bill = cost::bill_total(*c.usage, p, metrics::Plan::Free);
  double paid_bill = cost::bill_total(*c.usage, p, metrics::Plan::Paid);
  for (const auto& item : p.items) {
    auto allowance = item.free_allowance();
    if (item.billed_on_free || !allowance || allowance->amount <= 0) continue;
    auto it = c.usage->monthly.find(item.id);
    if (it == c.usage->monthly.end()) continue;
    Quota q{&item, *allowance, item.in_period(it->second, allowance->period, p.month_days)};
    double share = q.usage / q.allowance.amount;
    if (share < warn) continue;
    bool over = share > 1;

    cfscale::Target target = product_target(item.product, item.id);
    // Storage grows with what is kept, not with traffic: no runway from the traffic growth rate.
    std::optional<double> months = q.total() ? (over ? std::optional<double>(0) : std::nullopt) : months_to_limit(share, growth);
    if (months) months = std::round(*months * 10) / 10;
    std::string runway_basis = fmt::format("{} / the Free plan's {}", q.text(q.usage), q.text(q.allowance.amount));
    if (!over) runway_basis += q.total() ? "; storage: grows with what is kept, not with traffic"
                               : growth ? fmt::format("; at {}%/month growth", format_number(*growth))
                                        : "; no growth_pct_per_month in the metrics";
    runway.push_back(RunwayItem{"free-plan-quota", target, share, months, runway_basis});
    if (!rule) continue;  // switched off: the runway still shows it

    Finding f = finding_of(*rule);
    if (over) f.severity = Severity::Critical;  // operations of this type are failing today
    std::string usage_text = q.text(q.usage), allowance_text = q.text(q.allowance.amount), share_text = format_percent(share);
    std::string exhausted = over ? fmt::format("It is over the allowance already: {}, every day.", item.free_exhausted)
                                 : fmt::format("When it runs out, {}.", item.free_exhausted);
    std::string paid_text = fmt::format("{} a month", format_money(paid_bill));
    std::string cost_text = format_money(paid_bill - free_bill);
    std::string description = short_description(item);  // a NamedValues entry only views it
    NamedValues values = {{"item", item.id},           {"description", description}, {"usage", usage_text},
                          {"allowance", allowance_text}, {"share", share_text},          {"exhausted", exhausted},
                          {"cost", cost_text},           {"paid_bill", paid_text}};
    f.title = render(rule->compiled.title, values);
    f.message = render(rule->compiled.message, values);
    f.recommendation = render(rule->compiled.recommendation, values);
    f.target = target;
    f.location = product_location(c, item.product);
    f.utilization = share;
    f.runway_months = months;

    Evidence used;
    used.input = "usage." + item.id;
    used.value = q.usage;
    used.source = Origin{"derived", "", {}, "computed"};
    auto basis = c.usage->basis.find(item.id);
    bool daily = q.allowance.period == cost::PriceItem::Period::Day;
    used.basis = fmt::format("{}{}", basis != c.usage->basis.end() ? basis->second : "from the metrics",
                             daily ? fmt::format(", / {} days", format_number(p.month_days)) : "");
    used.op = over ? ">" : ">=";
    used.threshold = over ? q.allowance.amount : q.allowance.amount * warn;
    used.threshold_input = over ? fmt::format("pricing.{}.{}", item.id, q.allowance.field)
                                : fmt::format("threshold.free_quota_warn x pricing.{}.{}", item.id, q.allowance.field);
    used.threshold_source = over ? std::optional<Origin>(Origin{"pricing", p.file, item.pos, "documented"}) : c.limits.threshold_origin("free_quota_warn");
    f.evidence.push_back(std::move(used));

    f.cost_monthly_usd = std::round((paid_bill - free_bill) * 100) / 100;
    f.cost_basis = fmt::format("the price of the fix: the same usage on Workers Paid is {} a month ({} base fee plus what is "
                               "over its monthly inclusions), against {} on Free",
                               format_money(paid_bill), format_money(p.base_fee_paid), format_money(free_bill));
    findings.push_back(std::move(f));
  }
}

void unexplained_bill_lines(const RuleSet& rules, const Context& c, std::vector<Finding>& findings) {
  if (!c.bill || c.bill->total <= 0) return;
  const Rule* rule = rules.find("CFS609");
  if (!rule) return;
  double min_share = c.limits.threshold("bill_line_share").value_or(0.2);
  double min_usd = c.limits.threshold("bill_line_usd").value_or(25);
  auto explains = [&](const Finding& f, const std::string& item) {
    auto of = [&](const std::string& id) {
      const Rule* r = rules.find(id);
      return r && std::find(r->bill_lines.begin(), r->bill_lines.end(), item) != r->bill_lines.end();
    };
    return of(f.rule) || std::any_of(f.related_rules.begin(), f.related_rules.end(), of);
  };
  for (const auto& l : c.bill->lines) {
    double share = l.cost / c.bill->total;
    if (l.cost < min_usd || share < min_share) continue;
    if (std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return explains(f, l.id); })) continue;
    const cost::PriceItem* item = c.pricing ? c.pricing->find(l.id) : nullptr;
    Finding f = finding_of(*rule);
    std::string usd = format_money(l.cost), share_text = format_percent(share);
    std::string usage = format_number(l.usage) + (item ? " " + item->unit : std::string()) + " a month";
    std::string description = item ? short_description(*item) : l.id, details = item ? item->description : l.id;
    NamedValues values = {{"item", l.id}, {"description", description}, {"details", details}, {"usage", usage}, {"share", share_text}, {"cost", usd}};
    f.title = render(rule->compiled.title, values);
    f.message = render(rule->compiled.message, values);
    f.recommendation = render(rule->compiled.recommendation, values);
    f.target = product_target(l.product, l.id);
    f.location = product_location(c, l.product);
    Evidence e;
    e.input = "bill." + l.id;
    e.value = l.cost;
    e.source = Origin{"pricing", c.pricing ? c.pricing->file : "", item ? item->pos : Pos{}, "computed"};
    // Not the line's arithmetic: that is written only when an output shows it,
    // and a finding reads the same in every output.
    e.basis = fmt::format("{} a month, {} of the {} bill", usd, share_text, format_money(c.bill->total));
    e.op = ">=";
    e.threshold = min_usd;
    e.threshold_input = "threshold.bill_line_usd";
    e.threshold_source = c.limits.threshold_origin("bill_line_usd");
    f.evidence.push_back(std::move(e));
    f.cost_basis = "no cheaper design is known for this line";
    // The line's own price page first: the rule's reference is Workers pricing.
    if (item && !item->source.empty() && std::find(f.references.begin(), f.references.end(), item->source) == f.references.end())
      f.references.insert(f.references.begin(), item->source);
    findings.push_back(std::move(f));
  }
}

}  // namespace cfscale::engine
