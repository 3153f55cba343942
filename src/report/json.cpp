#include "report/json.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/json_value.h"

namespace cfscale::report {
namespace {

using J = nlohmann::ordered_json;

J number(double d) { return json_number(d); }
J number(const std::optional<double>& d) { return json_number(d); }

template <class T>
J opt(const std::optional<T>& v) { return json_opt(v); }

J origin_json(const std::optional<Origin>& o) {
  if (!o) return nullptr;
  J j = {{"kind", o->kind}, {"file", o->file.empty() ? J(nullptr) : J(o->file)}};
  j["line"] = o->pos.valid() ? J(o->pos.line) : J(nullptr);
  j["column"] = o->pos.valid() ? J(o->pos.column) : J(nullptr);
  j["obtained"] = o->obtained.empty() ? J(nullptr) : J(o->obtained);
  return j;
}

}  // namespace

nlohmann::ordered_json evidence_json(const Evidence& e) {
  J j;
  j["input"] = e.input;
  j["value"] = e.value ? number(*e.value) : e.text ? J(*e.text) : J(nullptr);
  j["op"] = e.op;
  j["threshold"] = e.threshold ? number(*e.threshold) : e.threshold_text ? J(*e.threshold_text) : J(nullptr);
  if (!e.threshold_input.empty()) j["threshold_input"] = e.threshold_input;
  if (!e.basis.empty()) j["basis"] = e.basis;
  j["source"] = origin_json(e.source);
  // A derived figure names what it was computed from, each with its place.
  if (!e.derived_from.empty() && e.source) {
    J inputs = J::array();
    for (const auto& in : e.derived_from) {
      J i = {{"input", in.input}, {"value", number(in.value)}};
      J where = origin_json(in.source);
      for (auto& [k, v] : where.items()) i[k] = v;
      inputs.push_back(i);
    }
    j["source"]["inputs"] = inputs;
  }
  if (e.threshold_source) j["threshold_source"] = origin_json(e.threshold_source);
  return j;
}

namespace {

J location_json(const std::optional<Location>& l) {
  if (!l) return nullptr;
  J j = {{"file", l->file}};
  j["line"] = l->pos.valid() ? J(l->pos.line) : J(nullptr);
  j["column"] = l->pos.valid() ? J(l->pos.column) : J(nullptr);
  return j;
}

J finding_json(const Finding& f) {
  J j;
  j["rule"] = f.rule;
  j["topic"] = f.topic;
  j["kind"] = f.kind;
  j["severity"] = std::string(to_string(f.severity));
  j["priority"] = f.priority;
  j["score"] = number(f.score);
  j["title"] = f.title;
  j["message"] = f.message;
  j["recommendation"] = f.recommendation;
  j["example"] = f.example.empty() ? J(nullptr) : J{{"language", f.example_language}, {"code", f.example}};
  j["target"] = {{"product", f.target.product}, {"binding", opt(f.target.binding)}};
  J ev = J::array();
  for (const auto& e : f.evidence) ev.push_back(evidence_json(e));
  j["evidence"] = ev;
  j["location"] = location_json(f.location);
  if (!f.snippet.empty() && f.location) j["location"]["snippet"] = f.snippet;
  j["utilization"] = number(f.utilization);
  j["checklist_item"] = opt(f.checklist_item);
  j["related_rules"] = f.related_rules;
  j["related_topics"] = f.related_topics;
  j["references"] = f.references;
  j["cost"] = {{"monthly_usd", json_money(f.cost_monthly_usd)},
               {"basis", f.cost_basis.empty() ? J(nullptr) : J(f.cost_basis)}};
  if (f.cost_bound_usd) j["cost"]["bound_usd"] = json_money(*f.cost_bound_usd);
  j["runway_months"] = number(f.runway_months);
  j["note"] = f.note.empty() ? J(nullptr) : J(f.note);
  return j;
}

J diagnostics_json(const Diagnostics& diags) {
  J arr = J::array();
  for (const auto& d : diags) {
    J j = {{"level", std::string(to_string(d.level))}, {"code", d.code}, {"message", d.message}, {"file", d.location.file}};
    j["line"] = d.location.has_pos() ? J(d.location.pos.line) : J(nullptr);
    j["column"] = d.location.has_pos() ? J(d.location.pos.column) : J(nullptr);
    arr.push_back(j);
  }
  return arr;
}

J cost_json(const CostSummary& c) {
  J j;
  j["monthly_usd"] = json_money(c.monthly_usd);
  J by = J::object();
  for (const auto& [product, usd] : c.by_product) by[product] = json_money(usd);
  j["by_product"] = by;
  j["pricing_as_of"] = c.pricing_as_of.empty() ? J(nullptr) : J(c.pricing_as_of);
  j["plan"] = c.plan;
  j["currency"] = c.currency;
  j["base_fee"] = json_money(c.base_fee);
  J lines = J::array();
  for (const auto& l : c.lines)
    lines.push_back({{"item", l.item}, {"product", l.product}, {"usage", number(std::round(l.usage * 1000) / 1000)},
                     {"included", number(l.included)}, {"billable", number(std::round(l.billable * 1000) / 1000)},
                     {"monthly_usd", json_money(l.monthly_usd)}, {"over_allowance", l.over_allowance}, {"basis", l.basis}});
  j["basis"] = lines;
  j["not_estimated"] = c.not_estimated;
  j["free_plan_failures"] = c.free_plan_failures;
  return j;
}

J worker_json(const WorkerReport& w) {
  J j;
  j["name"] = opt(w.name);
  j["env"] = opt(w.env);
  j["config"] = w.config;
  j["metrics"] = opt(w.metrics);
  j["stage"] = opt(w.stage);
  j["requests_per_day"] = number(w.requests_per_day);
  j["plan"] = w.plan;
  J findings = J::array();
  for (const auto& f : w.findings) findings.push_back(finding_json(f));
  j["findings"] = findings;
  J checklist = J::array();
  for (const auto& c : w.checklist)
    checklist.push_back({{"item", c.item}, {"stage", c.stage}, {"status", c.status}, {"why", c.why}, {"rule", c.rule}});
  j["checklist"] = checklist;
  J undecided = J::array();
  for (const auto& u : w.undecided)
    undecided.push_back({{"rule", u.rule},
                         {"topic", u.topic},
                         {"target", {{"product", u.target.product}, {"binding", opt(u.target.binding)}}},
                         {"missing", u.missing}});
  j["undecided"] = undecided;
  j["cost"] = cost_json(w.cost);
  J runway = J::array();
  for (const auto& r : w.runway)
    runway.push_back({{"limit", r.limit},
                      {"target", {{"product", r.target.product}, {"binding", opt(r.target.binding)}}},
                      {"utilization", number(std::round(r.utilization * 1000) / 1000)},
                      {"months", number(r.months)},
                      {"basis", r.basis}});
  j["runway"] = runway;
  if (!w.projections.empty()) {
    J proj = J::array();
    for (const auto& p : w.projections)
      proj.push_back({{"label", p.label}, {"traffic", number(p.traffic)}, {"monthly_usd", json_money(p.monthly_usd)},
                      {"over_allowance", p.over_allowance}, {"free_plan_failing", p.free_plan_failing},
                      {"free_plan_failures", p.free_plan_failures}});
    j["projections"] = proj;
  }
  j["suppressed"] = w.suppressed;
  j["baseline_hidden"] = w.baseline_hidden;
  j["disabled_rules"] = w.disabled_rules;
  j["diagnostics"] = diagnostics_json(w.diagnostics);
  return j;
}

}  // namespace

// `value` dumped with 2-space indentation, every line but the first shifted
// right by `indent` spaces: the bytes nlohmann would write for it nested at
// that depth. Workers are written one at a time this way, so a tree of
// thousands never exists as one JSON document in memory.
void append_nested(std::string& out, const J& value, size_t indent) {
  std::string s = json_text(value);
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    if (start > 0) out.append(indent, ' ');
    out.append(s, start, nl == std::string::npos ? std::string::npos : nl - start + 1);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

std::string render_json_worker(const WorkerReport& w) {
  std::string out(4, ' ');
  append_nested(out, worker_json(w), 4);
  return out;
}

namespace {

// `"key": value` as the member of an object at the top level.
void member(std::string& out, std::string_view key, const J& value) {
  out += "  ";
  out += json_text(J(key));
  out += ": ";
  append_nested(out, value, 2);
}

}  // namespace

std::string render_json_begin(const Report& r, size_t workers) {
  std::string out = "{\n";
  member(out, "format", 1);
  out += ",\n";
  member(out, "tool", J{{"name", "cfscale"}, {"version", r.tool_version}});
  out += ",\n";
  member(out, "limits_as_of", r.limits_as_of);
  out += ",\n  \"workers\": ";
  out += workers ? "[\n" : "[]";
  return out;
}

std::string render_json_end(const Report& r, size_t workers) {
  std::string out = workers ? "\n  ]" : "";
  if (r.recursive) {
    J cross = J::array();
    for (const auto& f : r.cross) {
      J fj = finding_json(f);
      fj["workers"] = f.workers;
      J locs = J::array();
      for (const auto& l : f.related_locations) locs.push_back(location_json(l));
      fj["related_locations"] = locs;
      cross.push_back(fj);
    }
    J services = J::array();
    for (const auto& e : r.services)
      services.push_back({{"from", e.from}, {"to", e.to}, {"binding", e.binding}, {"in_tree", e.in_repo}});
    out += ",\n";
    member(out, "cross_worker", J{{"findings", cross}, {"services", services}});
  }
  J by = J::object();
  Tally t = r.tally();
  for (auto s : kAllSeverities)
    if (t.by_severity.count(s)) by[std::string(to_string(s))] = t.by_severity[s];
  out += ",\n";
  member(out, "summary", J{{"findings", t.findings}, {"by_severity", by}});
  out += "\n}\n";
  return out;
}

}  // namespace cfscale::report
