#include "core/yaml_reader.h"

#include <charconv>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/source.h"

namespace cfscale {
namespace {

// yaml-cpp recurses once per nesting level. Bound the nesting before handing
// it the text, so a hostile file cannot overflow the stack.
std::optional<size_t> too_deep(std::string_view s, size_t max_depth) {
  size_t depth = 0;
  char quote = 0;
  size_t line_start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') { line_start = i + 1; quote = 0; continue; }
    if (quote) { if (c == quote) quote = 0; continue; }
    if (c == '#' && (i == line_start || s[i - 1] == ' ')) {
      while (i < s.size() && s[i] != '\n') ++i;
      line_start = i + 1;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '[' || c == '{') { if (++depth > max_depth) return i; }
    else if ((c == ']' || c == '}') && depth > 0) --depth;
    // Block nesting: each level needs more indentation (or another "- ").
    if (i == line_start) {
      size_t j = i, indent = 0;
      while (j < s.size() && (s[j] == ' ' || s[j] == '-')) { ++indent; ++j; }
      if (indent > 2 * max_depth) return i;
    }
  }
  return std::nullopt;
}

bool is_plain_null(const std::string& s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

void resolve_plain(const std::string& s, Node& out) {
  out.text = s;
  if (is_plain_null(s)) { out.kind = Kind::Null; return; }
  if (s == "true" || s == "True" || s == "TRUE") { out.kind = Kind::Bool; out.boolean = true; return; }
  if (s == "false" || s == "False" || s == "FALSE") { out.kind = Kind::Bool; out.boolean = false; return; }
  if (s == ".inf" || s == "+.inf" || s == ".Inf" || s == ".INF") { out.kind = Kind::Float; out.number = INFINITY; return; }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") { out.kind = Kind::Float; out.number = -INFINITY; return; }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") { out.kind = Kind::Float; out.number = NAN; return; }
  const char* b = s.data();
  const char* e = b + s.size();
  const char* start = (*b == '+') ? b + 1 : b;
  int64_t iv = 0;
  auto ri = std::from_chars(start, e, iv);
  if (ri.ec == std::errc() && ri.ptr == e) {
    out.kind = Kind::Integer;
    out.integer = iv;
    out.number = static_cast<double>(iv);
    return;
  }
  double dv = 0;
  auto rd = std::from_chars(start, e, dv);
  bool digits = s.find_first_of("0123456789") != std::string::npos;
  if (digits && (rd.ec == std::errc() || rd.ec == std::errc::result_out_of_range) && rd.ptr == e) {
    out.kind = Kind::Float;
    out.number = rd.ec == std::errc() ? dv : (s.find("e-") != std::string::npos ? 0.0 : INFINITY);
    return;
  }
  out.kind = Kind::String;
}

class Converter {
 public:
  Converter(const Document& doc, Diagnostics& diags) : doc_(doc), diags_(diags) {}

  Pos pos(const YAML::Mark& m) const {
    if (m.line < 0) return doc_.lines->pos_at(0);
    uint64_t offset = doc_.lines->offset_of(static_cast<uint32_t>(m.line + 1), static_cast<uint32_t>(m.column + 1));
    return doc_.lines->pos_at(offset);
  }

  void convert(const YAML::Node& in, Node& out) {
    out.pos = pos(in.Mark());
    switch (in.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: out.kind = Kind::Null; break;
      case YAML::NodeType::Scalar:
        if (in.Tag() == "?") resolve_plain(in.Scalar(), out);  // plain scalar
        else { out.kind = Kind::String; out.text = in.Scalar(); }
        break;
      case YAML::NodeType::Sequence:
        out.kind = Kind::Array;
        for (const auto& item : in) {
          out.items.emplace_back();
          convert(item, out.items.back());
        }
        break;
      case YAML::NodeType::Map: {
        out.kind = Kind::Object;
        std::unordered_set<std::string> seen;
        for (const auto& kv : in) {
          Member m;
          m.key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
          m.key_pos = pos(kv.first.Mark());
          convert(kv.second, m.value);
          if (!seen.insert(m.key).second)
            diags_.warning(doc_.location(m.key_pos), "duplicate-key",
                           fmt::format("duplicate key \"{}\": the last one wins", m.key));
          out.members.push_back(std::move(m));
        }
        break;
      }
    }
  }

 private:
  const Document& doc_;
  Diagnostics& diags_;
};

void collect_comments(Document& doc) {
  std::string_view s = doc.text;
  size_t line_start = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') { line_start = i + 1; quote = 0; continue; }
    if (quote) { if (c == quote) quote = 0; continue; }
    if (c == '"' || c == '\'') { quote = c; continue; }
    if (c == '#' && (i == line_start || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      std::string_view body = s.substr(i + 1, end - i - 1);
      if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
      doc.comments.push_back(Comment{doc.lines->pos_at(i), std::string(body)});
      i = end - 1;
    }
  }
}

}  // namespace

bool parse_yaml(Document& doc, Diagnostics& diags, const YamlLimits& limits) {
  doc.lines = std::make_unique<LineIndex>(doc.text);
  doc.comments.clear();
  doc.root = Node{};
  if (!check_text_encoding(doc, diags)) return false;
  if (auto at = too_deep(doc.text, limits.max_depth)) {
    diags.error(doc.location(doc.lines->pos_at(*at)), "yaml-syntax",
                fmt::format("nesting is deeper than {} levels", limits.max_depth));
    return false;
  }
  try {
    YAML::Node root = YAML::Load(doc.text);
    Converter(doc, diags).convert(root, doc.root);
  } catch (const YAML::Exception& e) {
    Pos p = e.mark.line >= 0 ? Converter(doc, diags).pos(e.mark) : doc.lines->pos_at(0);
    diags.error(doc.location(p), "yaml-syntax", fmt::format("invalid YAML: {}", e.msg));
    return false;
  }
  collect_comments(doc);
  return true;
}

}  // namespace cfscale
