#include "source/syntax.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "source/parse_memory.h"

extern "C" {
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
const TSLanguage* tree_sitter_javascript(void);
}

namespace cfscale::source {
namespace {

const TSLanguage* language(Grammar g) {
  switch (g) {
    case Grammar::TypeScript: return tree_sitter_typescript();
    case Grammar::Tsx: return tree_sitter_tsx();
    case Grammar::JavaScript: return tree_sitter_javascript();
  }
  return nullptr;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A parser per parse: under a ParseMemory a parser kept for the next file
// would keep pools of nodes in memory that file's end gives back.
struct Parser {
  TSParser* p;
  explicit Parser(Grammar g) : p(ts_parser_new()) {
    ts_parser_set_language(p, language(g));
    // A pathological input must not hang the run: give up after 10 s of parsing.
    ts_parser_set_timeout_micros(p, 10'000'000);
  }
  ~Parser() { ts_parser_delete(p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

}  // namespace

std::optional<Grammar> grammar_for(std::string_view path) {
  if (ends_with(path, ".d.ts")) return std::nullopt;  // declarations only: nothing runs
  for (auto ext : {".ts", ".mts", ".cts"})
    if (ends_with(path, ext)) return Grammar::TypeScript;
  if (ends_with(path, ".tsx")) return Grammar::Tsx;
  for (auto ext : {".js", ".mjs", ".cjs", ".jsx"})
    if (ends_with(path, ext)) return Grammar::JavaScript;
  return std::nullopt;
}

std::string_view to_string(Grammar g) {
  switch (g) {
    case Grammar::TypeScript: return "typescript";
    case Grammar::Tsx: return "tsx";
    case Grammar::JavaScript: return "javascript";
  }
  return "";
}

SyntaxTree SyntaxTree::parse(std::string text, Grammar g) {
  SyntaxTree t;
  t.text_ = std::move(text);
  t.grammar_ = g;
  use_parse_memory();
  Parser parser(g);
  t.tree_ = std::unique_ptr<TSTree, TreeDeleter>(
      ts_parser_parse_string(parser.p, nullptr, t.text_.data(), static_cast<uint32_t>(t.text_.size())),
      TreeDeleter{ParseMemory::current()});
  return t;
}

void SyntaxTree::TreeDeleter::operator()(TSTree* t) const {
  if (memory && memory == ParseMemory::current() && !memory->spilled()) return;
  ts_tree_delete(t);
}

std::string_view SyntaxTree::text_of(TSNode n) const {
  if (ts_node_is_null(n)) return {};
  uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
  if (a > text_.size() || b > text_.size() || b < a) return {};
  return std::string_view(text_).substr(a, b - a);
}

Pos SyntaxTree::pos_of(TSNode n) const {
  TSPoint p = ts_node_start_point(n);
  return Pos{p.row + 1, p.column + 1, ts_node_start_byte(n)};
}

std::vector<SyntaxError> SyntaxTree::errors(size_t at_most) const {
  std::vector<SyntaxError> out;
  if (!tree_ || !ts_node_has_error(root())) return out;
  // Walk only into subtrees that contain an error (an iterative walk: deep
  // nesting must not exhaust the stack).
  std::vector<TSNode> stack{root()};
  while (!stack.empty() && out.size() < at_most) {
    TSNode n = stack.back();
    stack.pop_back();
    if (ts_node_is_missing(n)) {
      out.push_back({pos_of(n), fmt::format("missing `{}`", ts_node_type(n))});
      continue;
    }
    if (is(n, "ERROR")) {
      std::string_view bad = text_of(n).substr(0, 20);
      size_t nl = bad.find('\n');
      if (nl != std::string_view::npos) bad = bad.substr(0, nl);
      out.push_back({pos_of(n), bad.empty() ? std::string("unexpected input") : fmt::format("cannot parse `{}`", bad)});
      continue;
    }
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = count; i-- > 0;) {
      TSNode c = ts_node_child(n, i);
      if (ts_node_has_error(c) || ts_node_is_missing(c)) stack.push_back(c);
    }
  }
  std::sort(out.begin(), out.end(), [](const SyntaxError& a, const SyntaxError& b) { return a.pos.offset < b.pos.offset; });
  return out;
}

namespace {

constexpr std::string_view kFieldNames[] = {
    "alias", "arguments", "body", "constructor", "declaration", "function", "handler", "key", "left", "name", "object",
    "operator", "parameter", "parameters", "pattern", "property", "right", "source", "type_arguments", "value",
};
constexpr size_t kFields = std::size(kFieldNames);

// A grammar's ids for the fields: looked up by name once, not at every
// question (the extractor asks tens of thousands per file).
struct LanguageFields {
  const TSLanguage* lang = nullptr;
  TSFieldId ids[kFields] = {};
};

const LanguageFields& fields_of(const TSLanguage* lang) {
  static const auto all = [] {
    std::array<LanguageFields, 3> out;
    for (auto g : {Grammar::TypeScript, Grammar::Tsx, Grammar::JavaScript}) {
      LanguageFields& f = out[static_cast<size_t>(g)];
      f.lang = language(g);
      for (size_t i = 0; i < kFields; ++i)
        f.ids[i] = ts_language_field_id_for_name(f.lang, kFieldNames[i].data(), static_cast<uint32_t>(kFieldNames[i].size()));
    }
    return out;
  }();
  for (const auto& f : all)
    if (f.lang == lang) return f;
  static const LanguageFields none;  // a tree of no grammar of ours: no fields
  return none;
}

}  // namespace

std::string_view to_string(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

TSNode field(TSNode n, Field f) {
  if (ts_node_is_null(n)) return n;
  TSFieldId id = fields_of(ts_tree_language(n.tree)).ids[static_cast<size_t>(f)];
  return id ? ts_node_child_by_field_id(n, id) : TSNode{};
}

bool leads(TSNode parent, TSNode child, Field f) {
  if (ts_node_is_null(parent) || ts_node_is_null(child)) return false;
  // The shortcut rests on the grammar's order, which error recovery does
  // not promise; and a comment is never the field, wherever it starts.
  if (ts_node_has_error(parent)) return ts_node_eq(field(parent, f), child);
  return ts_node_start_byte(parent) == ts_node_start_byte(child) && !ts_node_is_extra(child);
}

std::string_view member_property(const SyntaxTree& t, TSNode member) {
  if (ts_node_is_null(member)) return {};
  if (ts_node_has_error(member)) return t.text_of(field(member, Field::Property));
  std::string_view text = t.text_of(member);
  // A property is a name (`b`, `#b`, `café`): letters, digits, _ and $, any
  // byte of a multi-byte character, and # for a private one.
  auto name_byte = [](unsigned char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '$' ||
           ch == '#' || ch >= 0x80;
  };
  size_t start = text.size();
  while (start > 0 && name_byte(static_cast<unsigned char>(text[start - 1]))) --start;
  return text.substr(start);
}

}  // namespace cfscale::source
