#include "engine/analyze.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "config/bindings.h"
#include "core/products.h"
#include "cost/bill.h"
#include "cost/fix_models.h"
#include "cost/projection.h"
#include "engine/bill_findings.h"
#include "engine/context.h"
#include "engine/environments.h"
#include "engine/finding.h"
#include "engine/runway.h"
#include "engine/suppress.h"
#include "engine/priority.h"
#include "engine/report_info.h"
#include "engine/template.h"
#include "engine/topics.h"
#include "metrics/keys.h"

namespace cfscale::engine {
namespace {

struct RuleOutcome {
  size_t first = 0, count = 0;  // its findings, appended to the report's
  size_t applicable = 0;
  size_t unknown = 0;
  std::vector<std::string> missing;
};

// What a code finding is about: the binding called, or for a runtime API
// in a Durable Object class (a WebSocket accept()), the object's binding.
cfscale::Target call_finding_target(const Context& c, const Target& t) {
  const auto& call = *std::get<const source::BindingCall*>(t.entry);
  if (call.api.empty()) return cfscale::Target{std::string(t.product), t.name};
  for (const auto& d : c.worker.durable_objects)
    if (d.class_name == call.class_name && !d.script_name) return cfscale::Target{"durable_objects", d.name};
  return cfscale::Target{"worker", std::nullopt};
}

Finding make_finding(const Rule& r, const Context& c, const Target& t, std::vector<Evidence> evidence) {
  Finding f = finding_of(r);
  for (const auto& e : r.escalate) {
    Trace ev;
    std::vector<std::string> missing;
    if (evaluate(e.when, c, t, ev, missing) == Tri::True && e.to > f.severity) f.severity = e.to;
  }
  f.title = render(r.compiled.title, c, t);
  f.message = render(r.compiled.message, c, t);
  f.recommendation = render(r.compiled.recommendation, c, t);
  for (const auto& a : r.advice) {
    if (a.when) {
      Trace ignored;
      std::vector<std::string> missing;
      if (evaluate(*a.when, c, t, ignored, missing) != Tri::True) continue;
    }
    f.recommendation += ' ';
    f.recommendation += render(a.compiled, c, t);
  }
  f.target = t.type == TargetType::Call ? call_finding_target(c, t) : cfscale::Target{std::string(product_of(t.type)), t.name};
  // One input once, in the order the condition met them.
  std::set<std::string> seen;
  for (auto& e : evidence)
    if (seen.insert(e.input + e.op).second) f.evidence.push_back(std::move(e));
  if (t.source) {
    f.location = *t.source;
    if (const auto* call = std::get_if<const source::BindingCall*>(&t.entry)) {
      f.snippet = (*call)->line;
      if ((*call)->via_at) f.related_locations.push_back(*(*call)->via_at);  // the helper's own call
      if ((*call)->read_at) f.related_locations.push_back(Location{t.source->file, *(*call)->read_at});  // the get it writes back
    }
  }
  else if (r.location_key.empty()) f.location = c.worker.location(t.pos);
  else f.location = c.worker.key_location(r.location_key);
  if (r.utilization) {
    std::vector<std::string> missing;
    Val u = value_of(*r.utilization, c, t, missing);
    if (u.is_number()) f.utilization = u.num;
  }
  return f;
}

RuleOutcome run_rule(const Rule& r, const Context& c, std::vector<Finding>& findings, std::vector<Undecided>& undecided) {
  RuleOutcome out;
  out.first = findings.size();
  std::map<std::string, size_t> merged;  // merge_by value -> the finding the others join
  for (const auto& t : c.targets(r.target)) {
    Trace ev;
    std::vector<std::string> missing;
    if (r.applies) {
      Tri a = evaluate(*r.applies, c, t, ev, missing);
      if (a == Tri::False) continue;
      ev.clear();
    }
    ++out.applicable;
    Tri res = evaluate(r.when, c, t, ev, missing);
    if (res == Tri::True) {
      if (r.merge_by) {
        std::vector<std::string> unused;
        Val key = value_of(*r.merge_by, c, t, unused);
        if (key.kind == Val::Kind::String && !key.str.empty()) {
          auto [it, first] = merged.emplace(key.str, findings.size());
          if (!first) {
            Finding& into = findings[it->second];
            Location here = t.source ? *t.source : c.worker.location(t.pos);
            into.related_locations.push_back(here);
            continue;
          }
        }
      }
      // Decided without writing any text; the evidence is written from the trace.
      findings.push_back(make_finding(r, c, t, explain(ev, c, t)));
      ++out.count;
    } else if (res == Tri::Unknown && r.target == TargetType::Call) {
      // What the syntax cannot see (options in a variable, SQL built at run
      // time) is not a check waiting for metrics: docs/source.md lists it.
      // A call the code shows, waiting only for its binding's metrics, is:
      // once per binding.
      if (missing.empty()) continue;
      cfscale::Target about = call_finding_target(c, t);
      bool seen = std::any_of(undecided.begin(), undecided.end(), [&](const Undecided& u) { return u.rule == r.id && u.target == about; });
      if (seen) continue;
      ++out.unknown;
      std::sort(missing.begin(), missing.end());
      missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
      undecided.push_back(Undecided{r.id, r.topic, about, missing});
      out.missing.insert(out.missing.end(), missing.begin(), missing.end());
    } else if (res == Tri::Unknown) {
      ++out.unknown;
      std::sort(missing.begin(), missing.end());
      missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
      undecided.push_back(Undecided{r.id, r.topic, cfscale::Target{std::string(product_of(t.type)), t.name}, missing});
      out.missing.insert(out.missing.end(), missing.begin(), missing.end());
    }
  }
  return out;
}

ChecklistEntry checklist_entry(const Rule& r, const RuleOutcome& o, const std::vector<Finding>& findings, const Context& c) {
  ChecklistEntry e{r.checklist->item, r.checklist->stage, "", "", r.id};
  const Target& worker = c.worker_target();
  if (o.count > 0) {
    e.status = "todo";
    for (size_t i = o.first; i < o.first + o.count; ++i) {
      if (i > o.first) e.why += "; ";
      e.why += findings[i].title;
    }
  } else if (o.unknown > 0) {
    std::set<std::string> missing(o.missing.begin(), o.missing.end());
    e.status = "unknown";
    e.why = fmt::format("needs {}", fmt::join(missing, ", "));
  } else if (o.applicable == 0) {
    e.status = "not-applicable";
    e.why = render(r.compiled.not_applicable, c, worker);
  } else if (!r.checklist->unknown.empty()) {
    // Nothing fired, but that alone does not show the practice is in place.
    Tri shown = Tri::False;
    std::vector<std::string> missing;
    if (r.checklist->evidence) {
      Trace ignored;
      shown = evaluate(*r.checklist->evidence, c, worker, ignored, missing);
    }
    if (shown == Tri::True) {
      e.status = "done";
      e.why = render(r.compiled.done, c, worker);
    } else {
      e.status = "unknown";
      e.why = render(r.compiled.unknown, c, worker);
    }
  } else {
    e.status = "done";
    e.why = render(r.compiled.done, c, worker);
  }
  return e;
}

// A finding that a measurement shows, not only the config: a metric is
// part of its evidence, directly or inside a derived figure.
bool rests_on_a_metric(const Finding& f) {
  auto metric = [](const std::optional<Origin>& o) { return o && o->kind == "metrics"; };
  return std::any_of(f.evidence.begin(), f.evidence.end(), [&](const Evidence& e) {
    return metric(e.source) || std::any_of(e.derived_from.begin(), e.derived_from.end(), [](const DerivedInput& i) { return i.source.kind == "metrics"; });
  });
}

// Contradictory fixes are never shown side by side: a finding of a rule
// that yields to another rule's finding about the same target (or about the
// Worker as a whole, when either is) is dropped.
void drop_contradicted(std::vector<Finding>& findings, const RuleSet& rules) {
  auto overlaps = [](const Finding& a, const Finding& b) {
    return a.target.product == "worker" || b.target.product == "worker" ||
           (a.target.product == b.target.product && a.target.binding == b.target.binding);
  };
  std::vector<bool> drop(findings.size(), false);
  for (size_t i = 0; i < findings.size(); ++i) {
    const Rule* r = rules.find(findings[i].rule);
    if (!r || r->yields_to.empty()) continue;
    for (const auto& g : findings)
      if (std::find(r->yields_to.begin(), r->yields_to.end(), g.rule) != r->yields_to.end() && overlaps(findings[i], g)) drop[i] = true;
  }
  size_t kept = 0;
  for (size_t k = 0; k < findings.size(); ++k)
    if (!drop[k]) {
      if (kept != k) findings[kept] = std::move(findings[k]);
      ++kept;
    }
  findings.resize(kept, Finding{});
}

// One problem, one finding: findings with the same fix for the same target
// merge into the most severe one, which references the others.
// The kept findings close up in place at the front (a Finding is large).
void merge_same_fix(std::vector<Finding>& findings, const RuleSet& rules) {
  std::vector<const std::string*> fix_of;  // of each kept finding (its rule's fix; merging keeps the fix)
  fix_of.reserve(findings.size());
  size_t kept = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    const Rule* rule = rules.find(f.rule);
    const std::string* fix = rule ? &rule->fix : nullptr;
    size_t same = kept;
    if (fix && !fix->empty())
      for (size_t k = 0; k < kept && same == kept; ++k) {
        const Finding& g = findings[k];
        if (fix_of[k] && *fix_of[k] == *fix && g.target.product == f.target.product && g.target.binding == f.target.binding) same = k;
      }
    if (same == kept) {
      if (kept++ != i) findings[kept - 1] = std::move(f);
      fix_of.push_back(fix);
      continue;
    }
    Finding* keep = &findings[same];
    if (f.severity > keep->severity || (f.severity == keep->severity && f.rule < keep->rule)) std::swap(*keep, f);
    // A code finding and a measured one about the same problem: the one kept
    // points at every place, in the code and in the config.
    if (f.location && f.location != keep->location &&
        std::find(keep->related_locations.begin(), keep->related_locations.end(), *f.location) == keep->related_locations.end())
      keep->related_locations.push_back(*f.location);
    for (auto& l : f.related_locations)
      if (std::find(keep->related_locations.begin(), keep->related_locations.end(), l) == keep->related_locations.end())
        keep->related_locations.push_back(std::move(l));
    if (keep->snippet.empty() && !f.snippet.empty() && f.location == keep->location) keep->snippet = f.snippet;
    if (f.rule != keep->rule && std::find(keep->related_rules.begin(), keep->related_rules.end(), f.rule) == keep->related_rules.end()) {
      keep->related_rules.push_back(f.rule);
      keep->related_topics.push_back(f.topic);
    }
    for (const auto& t : f.related_topics) keep->related_topics.push_back(t);
    for (const auto& r : f.related_rules) keep->related_rules.push_back(r);
    if (!keep->checklist_item && f.checklist_item) { keep->checklist_item = f.checklist_item; keep->stage = f.stage; }
    for (auto& e : f.evidence)
      if (std::none_of(keep->evidence.begin(), keep->evidence.end(), [&](const Evidence& k) { return k.input == e.input && k.op == e.op; }))
        keep->evidence.push_back(std::move(e));
    if (f.utilization && (!keep->utilization || *f.utilization > *keep->utilization)) keep->utilization = f.utilization;
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
}

CostSummary summarize(const cost::Bill& b, const cost::Pricing& p) {
  CostSummary s;
  s.monthly_usd = std::round(b.total * 100) / 100;
  s.plan = std::string(metrics::to_string(b.plan));
  s.currency = p.currency;
  s.base_fee = b.base_fee;
  for (const auto& [product, usd] : b.by_product) s.by_product[product] = std::round(usd * 100) / 100;
  for (const auto& l : b.lines)
    s.lines.push_back(CostLine{l.id, l.product, l.usage, l.included, l.billable, std::round(l.cost * 100) / 100, l.over_allowance, l.basis});
  s.not_estimated = b.not_estimated;
  s.free_plan_failures = b.free_plan_failures;
  s.pricing_as_of = p.as_of;
  s.month_days = p.month_days;
  return s;
}

// In docs/interface.md §4's order of items; each item's rank is looked up once.
void sort_checklist(std::vector<ChecklistEntry>& entries) {
  std::vector<std::pair<size_t, size_t>> order;  // (rank, position)
  for (size_t i = 0; i < entries.size(); ++i)
    order.emplace_back(std::find(std::begin(kChecklistTopics), std::end(kChecklistTopics), entries[i].item) - std::begin(kChecklistTopics), i);
  std::sort(order.begin(), order.end());  // by rank, then position: stable
  std::vector<ChecklistEntry> sorted;
  sorted.reserve(entries.size());
  for (const auto& [rank, i] : order) sorted.push_back(std::move(entries[i]));
  entries = std::move(sorted);
}

// What following each finding's recommendation does to the bill.
void price_findings(std::vector<Finding>& findings, const RuleSet& rules, const Context& c) {
  double hit = rules.limits.threshold("cache_hit_ratio_assumed").value_or(0.8);
  for (auto& f : findings) {
    const Rule* r = rules.find(f.rule);
    if (r && !r->produced_by.empty()) continue;  // priced by whoever made it
    std::string model = r ? r->cost_model : "";
    for (const auto& id : f.related_rules)  // a merged rule may know the price
      if (model.empty())
        if (const Rule* other = rules.find(id)) model = other->cost_model;
    if (model.empty()) { f.cost_basis = "not estimated for this kind of change"; continue; }
    if (!c.usage) { f.cost_basis = "needs a metrics file"; continue; }
    cost::FixInput in{c.worker, *c.metrics, rules.pricing, c.plan, *c.usage, f.target.binding, hit};
    auto est = cost::find_fix_model(model)->estimate(in);
    f.cost_monthly_usd = est.monthly_usd;
    f.cost_bound_usd = est.bound_usd;
    f.cost_basis = est.basis;
  }
}

}  // namespace

WorkerReport analyze(const RuleSet& rules, const config::WorkerConfig& worker, const metrics::Metrics* metrics,
                     const AnalyzeOptions& options) {
  WorkerReport report;
  report.name = worker.name;
  report.env = worker.env;
  report.config = worker.file;
  metrics::Plan plan = options.plan ? *options.plan : metrics ? metrics->plan : metrics::Plan::Paid;
  report.plan = std::string(metrics::to_string(plan));
  if (metrics) report.metrics = metrics->file;
  std::optional<int> stage;
  if (metrics) {
    if (const auto* rpd = metrics->find("worker.requests_per_day")) {
      report.requests_per_day = rpd->value;
      report.stage = std::string(stage_for(rpd->value));
      stage = stage_index(*report.stage);
    }
  }
  Context c{worker, metrics, rules.limits, plan};
  c.code = options.code;
  // The bill first: rules about the largest bill lines read it (bill facts).
  std::optional<cost::Usage> usage;
  std::optional<cost::Bill> bill;
  if (metrics) {
    // The arithmetic is written when an output shows it, and on the Free plan,
    // whose quota findings show it as evidence.
    bool arithmetic = options.cost_arithmetic || plan == metrics::Plan::Free;
    usage = cost::measure(worker, *metrics, rules.pricing, arithmetic);
    bill = cost::compute_bill(*usage, rules.pricing, plan, arithmetic);
    c.pricing = &rules.pricing;
    c.usage = &*usage;
    c.bill = &*bill;
  }

  // "; the Worker is at <stage> (<n> requests/day)", the same for every later item.
  std::string worker_at = stage ? fmt::format("; the Worker is at {} ({} requests/day)", *report.stage, format_number(*report.requests_per_day))
                                : std::string();
  report.checklist.reserve(static_cast<size_t>(std::count_if(rules.rules.begin(), rules.rules.end(), [](const Rule& r) { return r.checklist.has_value(); })));
  for (const auto& r : rules.rules) {
    if (!r.produced_by.empty()) continue;  // made by suppressions or across Workers, not by a condition
    if (r.checklist) {
      int item_stage = *stage_index(r.checklist->stage);
      bool later = stage && item_stage > *stage, stage_unknown = !stage && item_stage > 0;
      if (later || stage_unknown) {
        // Stages gate advice, never measured problems: what the rule finds
        // from a metric is kept, whatever the stage; the rest waits.
        std::vector<Undecided> gated;
        size_t first = report.findings.size();
        run_rule(r, c, report.findings, gated);
        auto unmeasured = std::stable_partition(report.findings.begin() + static_cast<std::ptrdiff_t>(first), report.findings.end(), rests_on_a_metric);
        report.findings.erase(unmeasured, report.findings.end());
        if (report.findings.size() > first) {
          std::string why = "measured before its stage: ";
          for (size_t i = first; i < report.findings.size(); ++i) why += (i > first ? "; " : "") + report.findings[i].title;
          report.checklist.push_back(ChecklistEntry{r.checklist->item, r.checklist->stage, "todo", why, r.id});
        } else if (later) {
          report.checklist.push_back(ChecklistEntry{r.checklist->item, r.checklist->stage, "later",
                                                    "belongs to the " + r.checklist->stage + " stage" + worker_at, r.id});
        } else {
          report.checklist.push_back(ChecklistEntry{r.checklist->item, r.checklist->stage, "unknown",
                                                    "the stage is unknown: needs worker.requests_per_day", r.id});
        }
        continue;
      }
    }
    RuleOutcome o = run_rule(r, c, report.findings, report.undecided);
    if (r.checklist) report.checklist.push_back(checklist_entry(r, o, report.findings, c));
  }
  std::vector<RunwayItem> quota_runway;
  free_plan_findings(rules, c, metrics ? metrics->growth_pct_per_month : std::nullopt, report.findings, quota_runway);
  if (options.production) {
    auto shared = shares_production(rules, worker, *options.production);
    report.findings.insert(report.findings.end(), std::make_move_iterator(shared.begin()), std::make_move_iterator(shared.end()));
  }
  std::vector<std::string_view> ids;
  ids.reserve(rules.rules.size());
  for (const auto& r : rules.rules) ids.push_back(r.id);
  // Code suppressions first, each at the line of its own finding: a code
  // finding merged into a measured one below no longer stands at its line.
  SuppressionResult s;
  if (options.code) {
    std::vector<Suppression> sups;
    for (const auto& file : options.code->files)
      for (const auto& c : file.ignores)
        if (auto sup = parse_suppression(c.text, file.path, c.pos, c.applies_to)) sups.push_back(std::move(*sup));
    s = apply_suppressions(report.findings, std::move(sups), options.no_suppress, options.today, ids);
  }
  drop_contradicted(report.findings, rules);
  merge_same_fix(report.findings, rules);
  unexplained_bill_lines(rules, c, report.findings);
  if (options.config_doc || options.code) {
    if (options.config_doc) {
      auto t = apply_suppressions(report.findings, parse_suppressions(*options.config_doc), options.no_suppress, options.today, ids);
      s.suppressed += t.suppressed;
      s.issues.insert(s.issues.begin(), t.issues.begin(), t.issues.end());
    }
    report.suppressed = s.suppressed;
    for (const auto& issue : s.issues) {
      const Rule* rule = rules.find(issue.rule);
      if (!rule) continue;  // switched off in the settings
      Finding f = finding_of(*rule);
      NamedValues values = {{"rules", issue.rules}, {"reason", issue.reason}, {"line", issue.line},
                            {"target_line", issue.target_line}, {"problem", issue.problem}};
      f.title = render(rule->compiled.title, values);
      f.message = render(rule->compiled.message, values);
      f.recommendation = render(rule->compiled.recommendation, values);
      f.target = cfscale::Target{"worker", std::nullopt};
      f.location = issue.where;
      f.cost_basis = "no effect on the bill";
      f.cost_monthly_usd = 0;
      report.findings.push_back(std::move(f));
    }
  }
  report.disabled_rules = options.disabled_rules;

  if (metrics) {
    report.cost = summarize(*bill, rules.pricing);
    if (!options.cost_arithmetic)
      for (auto& l : report.cost.lines) l.basis.clear();  // written for the Free plan's evidence only
    report.growth_pct_per_month = metrics->growth_pct_per_month;
  } else {
    report.cost.plan = report.plan;
    report.cost.pricing_as_of = rules.pricing.as_of;
    report.cost.month_days = rules.pricing.month_days;
  }
  price_findings(report.findings, rules, c);
  report.runway = compute_runway(c);
  if (!quota_runway.empty()) {
    report.runway.insert(report.runway.end(), quota_runway.begin(), quota_runway.end());
    sort_runway(report.runway);
  }
  for (auto& f : report.findings)
    for (const auto& r : report.runway)
      if (r.limit == f.topic && r.target.product == f.target.product && r.target.binding == f.target.binding)
        f.runway_months = r.months;
  assign_priorities(report.findings, stage);
  sort_checklist(report.checklist);
  if (metrics && usage && options.projections.on) {
    metrics::Plan plan = c.plan;
    std::vector<double> scales = {1, 10, 100};
    const auto& pr = options.projections;
    if (pr.scale && std::find(scales.begin(), scales.end(), *pr.scale) == scales.end()) scales.push_back(*pr.scale);
    std::sort(scales.begin(), scales.end());
    report.projections = cost::project_scales(*usage, rules.pricing, plan, scales);
    if (auto growth = pr.growth ? pr.growth : metrics->growth_pct_per_month) {
      auto g = cost::project_growth(*usage, rules.pricing, plan, *growth, {3, 6, 12});
      report.projections.insert(report.projections.end(), g.begin(), g.end());
    }
  }
  if (metrics) {
    cross_check(worker, *metrics, report.diagnostics);
    check_bill_size(report, metrics->file, report.diagnostics);
  }
  report.diagnostics.append(c.input_diags);
  describe_bindings(worker, report);
  return report;
}

void check_bill_size(const WorkerReport& r, const std::string& metrics_file, Diagnostics& diags) {
  std::optional<std::pair<std::string, double>> worst;
  auto look = [&](const std::string& what, double usd) {
    if (!std::isfinite(usd) || std::fabs(usd) > cost::kMaxBillUsd)
      if (!worst || !std::isfinite(usd) || std::fabs(usd) > std::fabs(worst->second)) worst = {what, usd};
  };
  if (r.cost.monthly_usd) look("the monthly bill", *r.cost.monthly_usd);
  for (const auto& l : r.cost.lines) look(l.item, l.monthly_usd);
  for (const auto& f : r.findings)
    if (f.cost_monthly_usd) look("the fix of " + f.rule, *f.cost_monthly_usd);
  for (const auto& p : r.projections) look("the bill at " + p.label, p.monthly_usd);
  if (!worst) return;
  diags.error(Location{metrics_file, {}}, "out-of-range",
              fmt::format("{} comes to {} a month, more than $1,000,000,000,000: no account pays that, so a metric is off "
                          "(bytes given for GB, a month's count for a day's?); cfscale prints no bill it cannot print exactly",
                          worst->first, std::isfinite(worst->second) ? fmt::format("about ${:.3g}", worst->second) : std::string("an infinite amount")));
}

void cross_check(const config::WorkerConfig& w, const metrics::Metrics& m, Diagnostics& diags) {
  for (const Product& product : products()) {
    if (!product.measured) continue;
    std::vector<std::string> in_config, expected;
    for (auto& e : config::measured_entries(product, w)) {
      if (!e.optional) expected.push_back(e.name);
      in_config.push_back(std::move(e.name));
    }
    std::sort(in_config.begin(), in_config.end());
    in_config.erase(std::unique(in_config.begin(), in_config.end()), in_config.end());
    std::vector<std::string_view> candidates(in_config.begin(), in_config.end());
    auto it = m.products.find(product.id);
    if (it != m.products.end()) {
      for (const auto& [name, entry] : it->second)
        if (!std::binary_search(in_config.begin(), in_config.end(), name))
          diags.warning(m.location(entry.pos), "unknown-binding",
                        fmt::format("{}.{}: the config ({}) has no {} named \"{}\"{}; these metrics are not used", product.id,
                                    name, w.file, product.entry_word, name, did_you_mean_suffix(name, candidates)));
    }
    for (const auto& name : expected)
      if (!m.entry(product.id, name))
        diags.warning(m.location(Pos{}), "no-metrics",
                      fmt::format("no metrics for {} \"{}\" (add {}.{} to {}): rules about it stay undecided", product.id,
                                  name, product.id, name, m.file));
  }
}

}  // namespace cfscale::engine
