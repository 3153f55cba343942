// The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz/*.cpp,
// clang) and the regression test that replays the seed corpora and every
// saved reproducer under the normal and the sanitizer builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_json.h"
#include "config/load.h"
#include "config/settings.h"
#include "core/jsonc.h"
#include "core/source.h"
#include "core/toml_plain.h"
#include "core/toml_reader.h"
#include "core/yaml_reader.h"
#include "engine/analyze.h"
#include "engine/rule_docs.h"
#include "engine/rule_loader.h"
#include "metrics/metrics.h"

namespace cfscale::fuzz {

// Something no input may cause: a rejection without a position, say.
[[noreturn]] inline void invariant_broken() { __builtin_trap(); }

inline const engine::RuleSet& catalogue(const std::string& rules_dir) {
  static engine::RuleSet set = [&] {
    Diagnostics d;
    auto s = engine::load_rules(rules_dir, d);
    if (!s) invariant_broken();
    return *s;
  }();
  return set;
}

// JSONC: report, never crash; a rejection always says where.
inline void jsonc(const uint8_t* data, size_t size) {
  Document doc;
  doc.path = "fuzz.jsonc";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  bool ok = parse_jsonc(doc, diags);
  if (!ok && (!diags.has_errors() || !diags.items().front().location.pos.valid())) invariant_broken();
}

// A whole config: TOML when the first byte is even, JSONC when odd; every
// environment; print-config.
inline void config(const uint8_t* data, size_t size) {
  if (size == 0) return;
  using namespace cfscale::config;
  Format format = (data[0] & 1) ? Format::Jsonc : Format::Toml;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const char* name = format == Format::Toml ? "wrangler.toml" : "wrangler.jsonc";
  auto top = load_config_text(name, text, format);
  if (!top.worker) return;
  (void)to_wrangler_json(*top.worker).dump();
  for (const auto& env : top.worker->defined_environments) {
    auto e = load_config_text(name, text, format, LoadOptions{env});
    if (e.worker) (void)to_wrangler_json(*e.worker).dump();
  }
}

// Metrics (YAML, JSON, TOML by the first byte), then the engine over them.
inline void metrics(const uint8_t* data, size_t size, const std::string& rules_dir) {
  if (size == 0) return;
  static auto cfg = config::load_config_text("wrangler.jsonc", R"({
    "name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}], "kv_namespaces": [{"binding": "K", "id": "1"}],
    "r2_buckets": [{"binding": "R", "bucket_name": "b"}], "durable_objects": {"bindings": [{"name": "D", "class_name": "C"}]},
    "queues": {"producers": [{"binding": "Q", "queue": "q"}], "consumers": [{"queue": "q"}]}})", config::Format::Jsonc);
  const char* names[] = {"m.yaml", "m.json", "m.toml"};
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto m = metrics::load_metrics_text(names[data[0] % 3], text);
  if (m.ok()) (void)engine::analyze(catalogue(rules_dir), *cfg.worker, &*m.metrics);
}

// A rule file against the real limits; one that loads is documented and run.
inline void rules(const uint8_t* data, size_t size, const std::string& rules_dir) {
  Document doc;
  doc.path = "rules/CFS999-fuzz.yaml";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  if (!parse_yaml(doc, diags)) return;
  const auto& base = catalogue(rules_dir);
  auto rule = engine::parse_rule(doc, base.limits, diags);
  if (!rule) return;
  (void)engine::rule_markdown(*rule, base.limits);
  engine::RuleSet one = base;
  one.rules = {*rule};
  static auto cfg = config::load_config_text(
      "wrangler.jsonc", R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}], "queues": {"consumers": [{"queue": "q"}]}})",
      config::Format::Jsonc);
  (void)engine::analyze(one, *cfg.worker, nullptr);
}

// Two Node trees are the same, positions included.
inline bool same_tree(const Node& a, const Node& b) {
  bool numbers = a.number == b.number || (a.number != a.number && b.number != b.number);
  if (a.kind != b.kind || !(a.pos == b.pos) || a.boolean != b.boolean || a.integer != b.integer || a.text != b.text || !numbers ||
      a.items.size() != b.items.size() || a.members.size() != b.members.size())
    return false;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!same_tree(a.items[i], b.items[i])) return false;
  for (size_t i = 0; i < a.members.size(); ++i)
    if (a.members[i].key != b.members[i].key || !(a.members[i].key_pos == b.members[i].key_pos) ||
        !same_tree(a.members[i].value, b.members[i].value))
      return false;
  return true;
}

// The plain TOML reader against toml++: whatever it accepts, toml++ must
// accept with the same tree (core/toml_plain.h).
inline void toml(const uint8_t* data, size_t size) {
  auto doc_of = [&] {
    Document doc;
    doc.path = "wrangler.toml";
    doc.text.assign(reinterpret_cast<const char*>(data), size);
    doc.lines = std::make_unique<LineIndex>(doc.text);
    return doc;
  };
  Document plain = doc_of();
  Diagnostics diags;
  if (!check_text_encoding(plain, diags) || !parse_toml_plain(plain)) return;
  Document library = doc_of();
  if (!parse_toml_tomlpp(library, diags)) invariant_broken();
  plain.root.pos = library.root.pos;
  if (!same_tree(plain.root, library.root)) invariant_broken();
}

// .cfscale.toml.
inline void settings(const uint8_t* data, size_t size) {
  Document doc;
  doc.path = ".cfscale.toml";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  if (!parse_toml(doc, diags)) return;
  (void)config::parse_settings(doc, diags);
}

}  // namespace cfscale::fuzz
