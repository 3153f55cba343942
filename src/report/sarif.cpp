#include "report/sarif.h"

#include <map>

#include <nlohmann/json.hpp>

#include "core/json_value.h"
#include "core/version.h"
#include "report/escape.h"
#include "report/json.h"

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

// GitHub's own scale for a rule (error, warning, recommendation), shown beside
// each alert; it reads it from the rule's properties, not from the result.
std::string problem_severity(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "recommendation";
  }
}

// How often a finding of the rule is right. A config rule reads a fact from the
// file itself; a limit or bottleneck rests on the metrics a user gave; an
// anti-pattern is a likely cause read from a proxy; a checklist item is advice
// for a stage of growth.
std::string precision(std::string_view kind) {
  if (kind == "config") return "very-high";
  if (kind == "limit" || kind == "bottleneck") return "high";
  if (kind == "anti-pattern") return "medium";
  return "low";
}

std::string help_markdown(const RuleInfo& info) {
  std::string md = "**" + html_text(info.short_description) + "**\n\n";
  if (!info.full_description.empty()) md += "### Why it matters\n\n" + html_text(info.full_description) + "\n\n";
  md += "### Fix\n\n" + html_text(info.help) + "\n";
  if (!info.references.empty()) {
    md += "\n### References\n\n";
    for (const auto& [title, url] : info.references) md += "- [" + html_text(title) + "](" + url + ")\n";
  }
  return md;
}

std::string help_text(const RuleInfo& info) {
  std::string text = info.help;
  if (!info.full_description.empty()) text += "\n\nWhy it matters: " + info.full_description;
  for (const auto& [title, url] : info.references) text += "\n" + title + ": " + url;
  return text;
}

// A stable identity across runs: the same (worker, env, rule, target) is the
// same result, wherever its line moves.
std::string fingerprint(const std::optional<std::string>& worker, const std::optional<std::string>& env, const Finding& f) {
  std::string key = worker.value_or("") + "\x1f" + env.value_or("") + "\x1f" + f.rule + "\x1f" + f.target.product + "\x1f" +
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

J physical_location(const Location& l) {
  J phys = {{"artifactLocation", {{"uri", uri_path(l.file)}, {"uriBaseId", "%SRCROOT%"}}}};
  if (l.pos.valid()) phys["region"] = {{"startLine", l.pos.line}, {"startColumn", l.pos.column}};
  return phys;
}

J target_json(const Target& t) { return {{"product", t.product}, {"binding", json_opt(t.binding)}}; }

// One result: the finding's own place in `locations` (code scanning shows a
// result at its first location only), every other place in relatedLocations.
J result_json(const Finding& f, const std::map<std::string, size_t>& index, std::string fp) {
  std::string text = f.title + ". " + f.message + (f.note.empty() ? "" : " (" + f.note + ")");
  J res = {{"ruleId", f.rule}, {"level", level(f.severity)}, {"message", {{"text", text}}}};
  if (auto it = index.find(f.rule); it != index.end()) res["ruleIndex"] = it->second;
  std::vector<Location> places;
  if (f.location) places.push_back(*f.location);
  for (const auto& l : f.related_locations)
    if (places.empty() || !(l == places.front())) places.push_back(l);
  if (!places.empty()) res["locations"] = J::array({{{"physicalLocation", physical_location(places.front())}}});
  if (places.size() > 1) {
    J related = J::array();
    for (size_t i = 1; i < places.size(); ++i) {
      std::string what = i - 1 < f.workers.size() ? "Worker " + f.workers[i - 1] : "related place";
      related.push_back({{"id", i}, {"physicalLocation", physical_location(places[i])}, {"message", {{"text", what}}}});
    }
    res["relatedLocations"] = related;
  }
  res["partialFingerprints"] = {{"cfscale/v1", std::move(fp)}};
  return res;
}

}  // namespace

std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string file_uri(std::string_view absolute_folder) {
  std::string uri = "file://" + uri_path(absolute_folder);
  if (uri.empty() || uri.back() != '/') uri += '/';
  return uri;
}

std::string render_sarif(const Report& r, const SarifOptions& o) {
  J rules = J::array();
  std::map<std::string, size_t> index;
  for (const auto& info : r.rules) {
    index[info.id] = rules.size();
    J rule = {{"id", info.id},
              {"name", info.name},
              {"shortDescription", {{"text", info.short_description}}},
              {"fullDescription", {{"text", info.full_description}}},
              {"help", {{"text", help_text(info)}, {"markdown", help_markdown(info)}}},
              {"defaultConfiguration", {{"level", level(info.severity)}}},
              {"properties", {{"topic", info.topic},
                              {"kind", info.kind},
                              {"severity", std::string(to_string(info.severity))},
                              {"precision", precision(info.kind)},
                              {"problem.severity", problem_severity(info.severity)},
                              {"tags", J::array({"cloudflare", "scaling", info.kind})}}}};
    if (!info.help_uri.empty()) rule["helpUri"] = info.help_uri;
    rules.push_back(rule);
  }
  J results = J::array();
  for (const auto& w : r.workers) {
    for (const auto& f : w.findings) {
      J res = result_json(f, index, fingerprint(w.name, w.env, f));
      J ev = J::array();
      for (const auto& e : f.evidence) ev.push_back(evidence_json(e));
      J props = {{"severity", std::string(to_string(f.severity))},
                 {"priority", f.priority},
                 {"topic", f.topic},
                 {"kind", f.kind},
                 {"worker", json_opt(w.name)},
                 {"env", json_opt(w.env)},
                 {"target", target_json(f.target)},
                 {"evidence", ev},
                 {"recommendation", f.recommendation}};
      if (f.cost_monthly_usd) props["cost_monthly_usd"] = json_money(*f.cost_monthly_usd);
      if (!f.related_rules.empty()) props["related_rules"] = f.related_rules;
      res["properties"] = props;
      results.push_back(res);
    }
  }
  for (const auto& f : r.cross) {
    J res = result_json(f, index, fingerprint(std::nullopt, std::nullopt, f));
    res["properties"] = {{"severity", std::string(to_string(f.severity))}, {"topic", f.topic}, {"kind", f.kind},
                         {"workers", f.workers}, {"target", target_json(f.target)}, {"recommendation", f.recommendation}};
    results.push_back(res);
  }
  J driver = {{"name", "cfscale"},
              {"version", r.tool_version},
              {"semanticVersion", r.tool_version},
              {"informationUri", kHomepageUrl},
              {"rules", rules}};
  J run = {{"tool", {{"driver", driver}}}};
  // A trailing '/' makes the id a category alone: each run of the same
  // category replaces the previous one's alerts, another category keeps its own.
  run["automationDetails"] = {{"id", o.category + "/"}};
  J base = {{"description", {{"text", "The repository root; every uri is relative to it."}}}};
  if (!o.root_uri.empty()) base["uri"] = o.root_uri;
  run["originalUriBaseIds"] = {{"%SRCROOT%", base}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = results;
  J sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", J::array({run})}};
  return json_text(sarif) + "\n";
}

}  // namespace cfscale::report
