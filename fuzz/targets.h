// The fuzz targets' bodies, shared by the libFuzzer binaries (fuzz/*.cpp,
// clang) and the regression test that replays the seed corpora and every
// saved reproducer under the normal and the sanitizer builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <string>
#include <vector>

#include "config/config_json.h"
#include "config/load.h"
#include "config/settings.h"
#include "core/jsonc.h"
#include "core/printable.h"
#include "core/text.h"
#include "core/source.h"
#include "core/toml_depth.h"
#include "core/toml_plain.h"
#include "core/toml_reader.h"
#include "core/yaml_library.h"
#include "core/yaml_plain.h"
#include "core/yaml_reader.h"
#include "engine/analyze.h"
#include "engine/deployment.h"
#include "engine/rule_docs.h"
#include "engine/rule_loader.h"
#include "metrics/metrics.h"
#include "report/escape.h"
#include "source/facts.h"

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
  engine::Deployment d{cfg, metrics::load_metrics_text(names[data[0] % 3], text)};
  if (d.ok()) (void)engine::analyse_deployment(d, {catalogue(rules_dir), {}});
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
  (void)engine::analyse_deployment(engine::Deployment{cfg, std::nullopt}, {one, {}});
}

// The first difference between two trees, positions included; "" when they
// are the same.
inline std::string tree_difference(const Node& a, const Node& b, const std::string& path = "") {
  auto where = [](const Node& n) {
    return std::string(kind_name(n.kind)) + "@" + std::to_string(n.pos.line) + ":" + std::to_string(n.pos.column) + "+" +
           std::to_string(n.pos.offset);
  };
  // An empty value ("key:" and nothing) has no place of its own: the plain
  // YAML reader puts it after the key, yaml-cpp's mark at the next token.
  bool empty_null = a.kind == Kind::Null && b.kind == Kind::Null && (a.text.empty() || b.text.empty());
  if (a.kind != b.kind || (!(a.pos == b.pos) && !empty_null)) return path + ": " + where(a) + " vs " + where(b);
  // A null's text is how it was written ("~", "null", ""), which yaml-cpp does not keep.
  if (a.boolean != b.boolean || a.integer != b.integer || (a.text != b.text && a.kind != Kind::Null) ||
      !(a.number == b.number || (a.number != a.number && b.number != b.number)))
    return path + ": value \"" + a.text + "\" vs \"" + b.text + "\"";
  if (a.items.size() != b.items.size()) return path + ": " + std::to_string(a.items.size()) + " vs " + std::to_string(b.items.size()) + " items";
  for (size_t i = 0; i < a.items.size(); ++i)
    if (auto d = tree_difference(a.items[i], b.items[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
  if (a.members.size() != b.members.size())
    return path + ": " + std::to_string(a.members.size()) + " vs " + std::to_string(b.members.size()) + " members";
  for (size_t i = 0; i < a.members.size(); ++i) {
    const auto& x = a.members[i];
    const auto& y = b.members[i];
    if (x.key != y.key || !(x.key_pos == y.key_pos))
      return path + ": key " + x.key + "@" + std::to_string(x.key_pos.offset) + " vs " + y.key + "@" + std::to_string(y.key_pos.offset);
    if (auto d = tree_difference(x.value, y.value, path + "." + x.key); !d.empty()) return d;
  }
  return "";
}

// How the plain TOML reader (core/toml_plain.h) did on one text, against
// toml++: whatever it accepts, toml++ must accept with the same tree.
struct PlainToml {
  bool taken = false;      // the plain reader read it (else toml++ would)
  std::string difference;  // "" when both readers agree
};

inline PlainToml plain_toml(std::string_view text) {
  auto doc_of = [&] {
    Document doc;
    doc.path = "wrangler.toml";
    doc.text = std::string(text);
    doc.lines = std::make_unique<LineIndex>(doc.text);
    return doc;
  };
  PlainToml out;
  Document plain = doc_of();
  Diagnostics diags;
  // parse_toml checks encoding and depth first; the depth scan runs on every input.
  if (!check_text_encoding(plain, diags) || toml_too_deep(plain.text) || !parse_toml_plain(plain)) return out;
  out.taken = true;
  Document library = doc_of();
  if (!parse_toml_tomlpp(library, diags)) {
    out.difference = "the plain reader accepted what toml++ rejects";
    return out;
  }
  plain.root.pos = library.root.pos;  // the root's position is set by parse_toml
  out.difference = tree_difference(plain.root, library.root);
  return out;
}

inline void toml(const uint8_t* data, size_t size) {
  if (!plain_toml(std::string_view(reinterpret_cast<const char*>(data), size)).difference.empty()) invariant_broken();
}

// The YAML fast path against yaml-cpp: when the plain reader reads a text,
// the library path must read the same tree, positions included ("" or the
// first difference). `taken` says whether the plain reader read it.
inline std::string yaml_fast_path_difference(const std::string& text, bool& taken) {
  auto doc_of = [&] {
    Document d;
    d.path = "m.yaml";
    d.text = text;
    d.lines = std::make_unique<LineIndex>(d.text);
    return d;
  };
  Document plain = doc_of();
  Diagnostics warnings;
  taken = parse_yaml_plain(plain, warnings, {}).kind == PlainYaml::Read;
  if (!taken) return "";
  Document library = doc_of();
  Diagnostics d;
  if (!parse_yaml_library(library, d, {})) return "the plain reader read what yaml-cpp refuses";
  return tree_difference(plain.root, library.root);
}

// YAML: the whole reader never crashes and always says where it stops; and
// whatever the plain fast path reads, yaml-cpp reads to the same tree.
inline void yaml(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Document doc;
  doc.path = "m.yaml";
  doc.text = text;
  Diagnostics diags;
  if (!parse_yaml(doc, diags) && (!diags.has_errors() || !diags.items().back().location.pos.valid())) invariant_broken();
  if (find_invalid_utf8(text) || text.find('\0') != std::string::npos) return;  // begin_parse refuses these first
  bool taken = false;
  if (!yaml_fast_path_difference(text, taken).empty()) invariant_broken();
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

// Source positions: LineIndex answers the same with a forward-moving hint as
// by a search, every column counts code points, and offset_of finds the
// offset again. The bytes are split at the first 0xFF: the text, then the
// offsets to ask about, in the order a reader asks (sorted).
inline void positions(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t cut = all.find('\xff');
  std::string_view text = all.substr(0, cut);
  if (find_invalid_utf8(text)) return;  // every reader refuses such text before it counts a position
  std::vector<uint64_t> offsets;
  if (cut != std::string_view::npos)
    for (size_t i = cut + 1; i + 1 < all.size(); i += 2)
      offsets.push_back((static_cast<uint8_t>(all[i]) << 8 | static_cast<uint8_t>(all[i + 1])) % (text.size() + 1));
  for (uint64_t o = 0; o <= text.size() && offsets.size() < 4096; o += 1 + text.size() / 64) offsets.push_back(o);
  std::sort(offsets.begin(), offsets.end());
  LineIndex index(text);
  LineIndex::Hint hint;
  for (uint64_t o : offsets) {
    Pos searched = index.pos_at(o);
    Pos hinted = index.pos_at(o, hint);
    if (!(searched == hinted) || searched.offset != o || searched.line < 1 || searched.column < 1) invariant_broken();
    bool starts_char = o == text.size() || (static_cast<uint8_t>(text[o]) & 0xC0) != 0x80;
    bool after_cr = o > 0 && text[o - 1] == '\r' && o < text.size() && text[o] == '\n';  // inside "\r\n"
    if (starts_char && !after_cr && index.offset_of(searched.line, searched.column) != o) invariant_broken();
  }
}

// The escapes every format uses on names from the inputs: what they write
// can never act as markup, a terminal sequence or a workflow command.
inline void escape(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  std::string shown = printable(s);
  if (needs_printable(shown) || printable(shown) != shown) invariant_broken();
  for (unsigned char c : shown)
    if (c < 0x20 || c == 0x7F) invariant_broken();
  std::string inert;
  WorkflowCommandScan scan;
  bool maybe = scan.may_have(s);
  bool changed = neutralize_workflow_commands(s, inert);
  if (changed && !maybe) invariant_broken();  // the scan must never miss one
  if (changed) {
    std::string again;
    if (neutralize_workflow_commands(inert, again)) invariant_broken();
  }
  for (const std::string& md : {report::md_text(s), report::html_text(s), report::code_span(s, true), report::mermaid_text(s)})
    for (unsigned char c : md)
      if (c < 0x20 || c == 0x7F) invariant_broken();  // no newline: no new line of markup
  std::string span = report::code_span(s);
  size_t fence = span.find_first_not_of('`');
  if (fence == std::string::npos || span.size() < 2 * fence) invariant_broken();
  std::string body = span.substr(fence, span.size() - 2 * fence);
  if (body.find(std::string(fence, '`')) != std::string::npos) invariant_broken();  // the text cannot close the span
  for (char c : report::mermaid_text(s))
    if (c == '"' || c == '`' || c == '<' || c == '>' || c == '|' || c == '[' || c == ']' || c == '%') invariant_broken();
  for (char c : report::md_text(s).substr(0, 1))
    if (c == '#' || c == '-' || c == '+' || c == '>' || c == '=' || c == ' ') invariant_broken();
}

// The source reader: the first byte picks the grammar, the rest is the file.
// Never a crash; every fact and every error points inside the text.
inline void source(const uint8_t* data, size_t size) {
  if (size == 0) return;
  auto g = static_cast<source::Grammar>(data[0] % 3);
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto tree = source::SyntaxTree::parse(text, g);
  auto f = source::extract(tree, "fuzz.ts", {"CACHE", "DB", "EVENTS", "env"});
  auto inside = [&](const Pos& p) { return p.valid() && p.offset <= text.size(); };
  for (const auto& c : f.calls)
    if (!inside(c.pos) || !inside(c.call_pos) || c.methods.empty() || (c.loop && !inside(*c.loop))) invariant_broken();
  for (const auto& e : f.errors)
    if (!inside(e.pos)) invariant_broken();
  for (const auto& i : f.ignores)
    if (!inside(i.pos) || i.applies_to < i.pos.line) invariant_broken();
}

}  // namespace cfscale::fuzz
