#include "core/toml_reader.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/source.h"
#include "core/toml_depth.h"
#include "core/toml_plain.h"

namespace cfscale {
namespace {

class Converter {
 public:
  explicit Converter(const LineIndex& lines) : lines_(lines) {}

  Pos pos(const toml::source_position& p) const {
    if (!p) return Pos{};
    return Pos{p.line, p.column, lines_.offset_of(p.line, p.column)};
  }

  void convert(const toml::node& in, Node& out) {
    out.pos = pos(in.source().begin);
    switch (in.type()) {
      case toml::node_type::table: {
        out.kind = Kind::Object;
        for (auto&& [key, value] : *in.as_table()) {
          Member m;
          m.key = std::string(key.str());
          m.key_pos = pos(key.source().begin);
          convert(value, m.value);
          if (!m.key_pos.valid()) m.key_pos = m.value.pos;
          out.members.push_back(std::move(m));
        }
        // toml++ keeps keys sorted; restore the order of the file, which is
        // what wrangler (a JavaScript object) would iterate in.
        sort_toml_members(out);
        break;
      }
      case toml::node_type::array:
        out.kind = Kind::Array;
        for (auto&& item : *in.as_array()) {
          out.items.emplace_back();
          convert(item, out.items.back());
        }
        break;
      case toml::node_type::string:
        out.kind = Kind::String;
        out.text = in.as_string()->get();
        break;
      case toml::node_type::integer: set_toml_integer(out, in.as_integer()->get()); break;
      case toml::node_type::floating_point: set_toml_float(out, in.as_floating_point()->get()); break;
      case toml::node_type::boolean:
        out.kind = Kind::Bool;
        out.boolean = in.as_boolean()->get();
        break;
      case toml::node_type::date:
      case toml::node_type::time:
      case toml::node_type::date_time: {
        out.kind = Kind::DateTime;
        std::ostringstream s;
        in.visit([&](auto&& v) { s << v; });
        out.text = s.str();
        break;
      }
      case toml::node_type::none: out.kind = Kind::Null; break;
    }
  }

 private:
  const LineIndex& lines_;
};

// `#` comments, for suppressions. A `#` inside a string is not a comment, so
// strings are skipped (basic, literal and their multi-line forms).
void collect_comments(Document& doc) {
  std::string_view s = doc.text;
  if (s.find('#') == std::string_view::npos) return;  // memchr: no comment can start anywhere
  size_t i = 0;
  while (i < s.size()) {
    // Outside strings only quotes and '#' matter: skip the rest in a tight loop.
    while (i < s.size() && s[i] != '"' && s[i] != '\'' && s[i] != '#') ++i;
    if (i == s.size()) break;
    char c = s[i];
    if (c == '"' || c == '\'') {
      bool multi = s.compare(i, 3, std::string(3, c)) == 0;
      std::string_view close = multi ? std::string_view(c == '"' ? "\"\"\"" : "'''") : std::string_view(&s[i], 1);
      i += multi ? 3 : 1;
      while (i < s.size()) {
        if (c == '"' && s[i] == '\\') { i += 2; continue; }
        if (!multi && (s[i] == '\n')) break;
        if (s.compare(i, close.size(), close) == 0) { i += close.size(); break; }
        ++i;
      }
    } else if (c == '#') {
      size_t end = s.find_first_of("\r\n", i);
      if (end == std::string_view::npos) end = s.size();
      doc.comments.push_back(Comment{doc.lines->pos_at(i), std::string(s.substr(i + 1, end - i - 1))});
      i = end;
    } else {
      ++i;
    }
  }
}

// toml++'s reading of the text into the (empty) tree; false, with the error
// at its place, for invalid TOML.
bool convert_with_tomlpp(Document& doc, Diagnostics& diags) {
  try {
    toml::table table = toml::parse(doc.text, doc.path);
    Converter(*doc.lines).convert(table, doc.root);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    Pos p = b ? Pos{b.line, b.column, doc.lines->offset_of(b.line, b.column)} : doc.lines->pos_at(0);
    diags.error(doc.location(p), "toml-syntax", fmt::format("invalid TOML: {}", e.description()));
    return false;
  }
  return true;
}

bool finish(Document& doc) {
  doc.root.pos = doc.lines->pos_at(0);
  collect_comments(doc);
  return true;
}

}  // namespace

// Before either reader: both recurse once per level.
bool within_depth(Document& doc, Diagnostics& diags) {
  auto deep = toml_too_deep(doc.text);
  if (!deep) return true;
  diags.error(doc.location(doc.lines->pos_at(deep->offset)), "too-deep",
              deep->key ? fmt::format("a key or table header of more than {} dotted parts", kMaxTomlDepth)
                        : fmt::format("arrays and inline tables nested more than {} deep", kMaxTomlDepth));
  return false;
}

bool parse_toml(Document& doc, Diagnostics& diags) {
  if (!begin_parse(doc, diags) || !within_depth(doc, diags)) return false;
  if (!parse_toml_plain(doc) && !convert_with_tomlpp(doc, diags)) return false;
  return finish(doc);
}

bool parse_toml_tomlpp(Document& doc, Diagnostics& diags) {
  return begin_parse(doc, diags) && within_depth(doc, diags) && convert_with_tomlpp(doc, diags) && finish(doc);
}

}  // namespace cfscale
