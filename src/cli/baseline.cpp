#include "cli/baseline.h"
#include "core/json_value.h"

#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/schema.h"

namespace cfscale::cli {

BaselineKey key_of(const WorkerReport& w, const Finding& f) {
  return {w.name.value_or(""), w.env.value_or(""), f.rule, f.target.product, f.target.binding.value_or("")};
}

std::string baseline_json(const Report& r) {
  std::set<BaselineKey> keys;
  std::map<BaselineKey, std::string> titles;
  for (const auto& w : r.workers)
    for (const auto& f : w.findings) {
      keys.insert(key_of(w, f));
      titles[key_of(w, f)] = f.title;
    }
  WorkerReport across;  // findings across Workers: no Worker, no environment
  for (const auto& f : r.cross) {
    keys.insert(key_of(across, f));
    titles[key_of(across, f)] = f.title;
  }
  using J = nlohmann::ordered_json;
  J findings = J::array();
  auto opt = [](const std::string& s) { return s.empty() ? J(nullptr) : J(s); };
  for (const auto& k : keys) {
    const auto& [worker, env, rule, product, binding] = k;
    findings.push_back({{"worker", opt(worker)},
                        {"env", opt(env)},
                        {"rule", rule},
                        {"target", {{"product", product}, {"binding", opt(binding)}}},
                        {"title", titles[k]}});
  }
  J j = {{"format", 1}, {"tool", {{"name", "cfscale"}, {"version", r.tool_version}}}, {"findings", findings}};
  return json_text(j) + "\n";
}

std::optional<std::set<BaselineKey>> load_baseline(const std::string& path, Diagnostics& diags) {
  size_t errors = diags.error_count();
  auto doc = load_document(path, DocFormat::Jsonc, diags, /*named=*/true);  // always --baseline FILE
  if (!doc) return std::nullopt;
  const Node& root = doc->root;
  auto bad = [&](const Node& n, std::string msg) { diags.error(doc->location(n), "invalid-baseline", std::move(msg)); };
  if (!root.is_object()) {
    bad(root, "a baseline is a JSON object written by --write-baseline");
    return std::nullopt;
  }
  const Node* format = root.get("format");
  if (!format || !format->is_number() || format->number != 1) bad(format ? *format : root, "\"format\" must be 1");
  const Node* findings = root.get("findings");
  if (!findings || !findings->is_array()) {
    bad(findings ? *findings : root, "\"findings\" must be an array");
    return std::nullopt;
  }
  std::set<BaselineKey> keys;
  auto str = [](const Node* n) { return n && n->is_string() ? n->text : std::string(); };
  for (const auto& f : findings->items) {
    const Node* rule = f.is_object() ? f.get("rule") : nullptr;
    const Node* target = f.is_object() ? f.get("target") : nullptr;
    if (!rule || !rule->is_string() || !target || !target->is_object() || !target->get("product")) {
      bad(f, "each finding needs \"rule\" and \"target\": {\"product\", \"binding\"}");
      continue;
    }
    keys.insert({str(f.get("worker")), str(f.get("env")), rule->text, str(target->get("product")), str(target->get("binding"))});
  }
  if (diags.error_count() != errors) return std::nullopt;
  return keys;
}

void apply_baseline(WorkerReport& w, const std::set<BaselineKey>& keys) {
  w.baseline_hidden += std::erase_if(w.findings, [&](const Finding& f) { return keys.count(key_of(w, f)) > 0; });
  int n = 0;
  for (auto& f : w.findings) f.priority = ++n;  // 1..N without gaps, in the same order
}

void apply_baseline(Report& r, const std::set<BaselineKey>& keys) {
  for (auto& w : r.workers) apply_baseline(w, keys);
  WorkerReport across;
  std::erase_if(r.cross, [&](const Finding& f) { return keys.count(key_of(across, f)) > 0; });
  int n = 0;
  for (auto& f : r.cross) f.priority = ++n;
}

}  // namespace cfscale::cli
