#include "report/sarif.h"

#include <map>

#include <nlohmann/json.hpp>

namespace cfscale::report {
namespace {

using J = nlohmann::ordered_json;

std::string level(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "note";
  }
}

// A stable identity across runs: the same (worker, env, rule, target) is the
// same result, wherever its line moves.
std::string fingerprint(const WorkerReport& w, const Finding& f) {
  std::string key = w.name.value_or("") + "\x1f" + w.env.value_or("") + "\x1f" + f.rule + "\x1f" + f.target.product + "\x1f" +
                    f.target.binding.value_or("");
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

J evidence_json(const Evidence& e) {
  J j = {{"input", e.input}, {"op", e.op}};
  j["value"] = e.value ? J(*e.value) : e.text ? J(*e.text) : J(nullptr);
  j["threshold"] = e.threshold ? J(*e.threshold) : e.threshold_text ? J(*e.threshold_text) : J(nullptr);
  if (!e.threshold_input.empty()) j["threshold_input"] = e.threshold_input;
  if (!e.basis.empty()) j["basis"] = e.basis;
  return j;
}

}  // namespace

std::string render_sarif(const Report& r) {
  J rules = J::array();
  std::map<std::string, size_t> index;
  for (const auto& info : r.rules) {
    index[info.id] = rules.size();
    J rule = {{"id", info.id},
              {"name", info.name},
              {"shortDescription", {{"text", info.short_description}}},
              {"fullDescription", {{"text", info.full_description}}},
              {"help", {{"text", info.help}, {"markdown", info.help}}},
              {"defaultConfiguration", {{"level", level(info.severity)}}},
              {"properties", {{"topic", info.topic}, {"kind", info.kind}, {"severity", std::string(to_string(info.severity))},
                              {"tags", J::array({"cloudflare", "scaling", info.kind})}}}};
    if (!info.help_uri.empty()) rule["helpUri"] = info.help_uri;
    rules.push_back(rule);
  }
  J results = J::array();
  for (const auto& w : r.workers) {
    for (const auto& f : w.findings) {
      std::string text = f.title + ". " + f.message + (f.note.empty() ? "" : " (" + f.note + ")");
      J res = {{"ruleId", f.rule}, {"level", level(f.severity)}, {"message", {{"text", text}}}};
      if (index.count(f.rule)) res["ruleIndex"] = index[f.rule];
      if (f.location) {
        J phys = {{"artifactLocation", {{"uri", f.location->file}}}};
        if (f.location->pos.valid())
          phys["region"] = {{"startLine", f.location->pos.line}, {"startColumn", f.location->pos.column}};
        res["locations"] = J::array({{{"physicalLocation", phys}}});
      }
      res["partialFingerprints"] = {{"cfscale/v1", fingerprint(w, f)}};
      J ev = J::array();
      for (const auto& e : f.evidence) ev.push_back(evidence_json(e));
      J props = {{"severity", std::string(to_string(f.severity))},
                 {"priority", f.priority},
                 {"topic", f.topic},
                 {"kind", f.kind},
                 {"worker", w.name ? J(*w.name) : J(nullptr)},
                 {"env", w.env ? J(*w.env) : J(nullptr)},
                 {"target", {{"product", f.target.product}, {"binding", f.target.binding ? J(*f.target.binding) : J(nullptr)}}},
                 {"evidence", ev},
                 {"recommendation", f.recommendation}};
      if (f.cost_monthly_usd) props["cost_monthly_usd"] = *f.cost_monthly_usd;
      if (!f.related_rules.empty()) props["related_rules"] = f.related_rules;
      res["properties"] = props;
      results.push_back(res);
    }
  }
  for (const auto& f : r.cross) {
    J res = {{"ruleId", f.rule}, {"level", level(f.severity)}, {"message", {{"text", f.title + ". " + f.message}}}};
    if (index.count(f.rule)) res["ruleIndex"] = index[f.rule];
    J locations = J::array();
    auto add = [&](const Location& l) {
      J phys = {{"artifactLocation", {{"uri", l.file}}}};
      if (l.pos.valid()) phys["region"] = {{"startLine", l.pos.line}, {"startColumn", l.pos.column}};
      locations.push_back({{"physicalLocation", phys}});
    };
    if (f.location) add(*f.location);
    for (const auto& l : f.related_locations) add(l);
    if (!locations.empty()) res["locations"] = locations;
    WorkerReport none;
    res["partialFingerprints"] = {{"cfscale/v1", fingerprint(none, f)}};
    res["properties"] = {{"severity", std::string(to_string(f.severity))}, {"topic", f.topic}, {"kind", f.kind},
                         {"workers", f.workers}, {"target", {{"product", f.target.product}, {"binding", f.target.binding ? J(*f.target.binding) : J(nullptr)}}},
                         {"recommendation", f.recommendation}};
    results.push_back(res);
  }
  J run = {{"tool", {{"driver", {{"name", "cfscale"},
                                 {"version", r.tool_version},
                                 {"semanticVersion", r.tool_version},
                                 {"rules", rules}}}}},
           {"columnKind", "unicodeCodePoints"},
           {"results", results}};
  J sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", J::array({run})}};
  return sarif.dump(2) + "\n";
}

}  // namespace cfscale::report
