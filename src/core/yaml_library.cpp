#include "core/yaml_library.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/yaml_plain.h"

namespace cfscale {
namespace {

constexpr std::string_view kCore = "tag:yaml.org,2002:";

struct Stop {};  // an error was reported; unwind

class Converter {
 public:
  Converter(Document& doc, Diagnostics& diags, const YamlLimits& limits)
      : doc_(doc), diags_(diags), limits_(limits), budget_(16 * doc.text.size() + 4096),
        bom_(doc.text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0) {}

  void convert(const YAML::Node& in, Node& out, size_t depth) {
    if (depth > limits_.max_depth) fail(in.Mark(), fmt::format("nesting is deeper than {} levels", limits_.max_depth));
    if (budget_-- == 0)
      fail(in.Mark(), "the aliases expand this document past 16 values per byte of it; cfscale does not read it");
    out.pos = pos(in.Mark());
    const std::string& tag = in.Tag();
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Kind::Null;
        return;
      case YAML::NodeType::Scalar:
        scalar(in, tag, out);
        return;
      case YAML::NodeType::Sequence:
        if (!tag.empty() && tag != "?" && tag != "!" && tag != std::string(kCore) + "seq") unknown_tag(in, tag);
        out.kind = Kind::Array;
        out.items.resize(in.size());
        for (size_t i = 0; i < in.size(); ++i) convert(in[i], out.items[i], depth + 1);
        return;
      case YAML::NodeType::Map:
        if (!tag.empty() && tag != "?" && tag != "!" && tag != std::string(kCore) + "map") unknown_tag(in, tag);
        map(in, out, depth);
        return;
    }
  }

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& message) {
    diags_.error(doc_.location(pos(m)), "yaml-syntax", "invalid YAML: " + message);
    throw Stop{};
  }

  Pos pos(const YAML::Mark& m) const {
    uint64_t at = m.is_null() || m.pos < 0 ? 0 : std::min<uint64_t>(static_cast<uint64_t>(m.pos) + bom_, doc_.text.size());
    return doc_.lines->pos_at(at);
  }

 private:
  void scalar(const YAML::Node& in, const std::string& tag, Node& out) {
    const std::string& text = in.Scalar();
    if (tag == "?" || tag.empty()) {  // plain: the core schema decides
      resolve_plain(text, out);
      return;
    }
    if (tag == "!" || tag == std::string(kCore) + "str") {  // quoted, a block scalar, or !!str
      out.kind = Kind::String;
      out.text = text;
      return;
    }
    std::string_view name = std::string_view(tag).substr(0, kCore.size()) == kCore ? std::string_view(tag).substr(kCore.size()) : "";
    Node resolved;
    resolve_plain(text, resolved);
    bool fits = (name == "int" && resolved.kind == Kind::Integer) || (name == "float" && resolved.is_number()) ||
                (name == "bool" && resolved.kind == Kind::Bool) || (name == "null" && resolved.kind == Kind::Null);
    if (name.empty() || !(name == "int" || name == "float" || name == "bool" || name == "null")) unknown_tag(in, tag);
    if (!fits) fail(in.Mark(), fmt::format("\"{}\" is not a valid !!{}", text, name));
    Pos p = out.pos;
    out = std::move(resolved);
    out.pos = p;
    if (name == "float") out.kind = Kind::Float;
  }

  [[noreturn]] void unknown_tag(const YAML::Node& in, const std::string& tag) {
    fail(in.Mark(), fmt::format("the tag {} is not one cfscale reads (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map)", tag));
  }

  // yaml-cpp marks an empty value ("key:" and nothing) at the next token,
  // often on a later line; a message about it belongs after its key, where
  // the plain reader puts it. Only for plain keys, whose text is the source's.
  Pos empty_value_pos(const YAML::Node& key, Pos marked) const {
    std::string_view s = doc_.text;
    const YAML::Mark& km = key.Mark();
    if (km.is_null() || km.pos < 0 || s.compare(static_cast<size_t>(km.pos) + bom_, key.Scalar().size(), key.Scalar()) != 0) return marked;
    size_t at = static_cast<size_t>(km.pos) + bom_ + key.Scalar().size();
    while (at < s.size() && (s[at] == ' ' || s[at] == '\t')) ++at;
    if (at >= s.size() || s[at] != ':') return marked;
    ++at;
    while (at < s.size() && (s[at] == ' ' || s[at] == '\t')) ++at;
    // Written as nothing: the line ends or a comment starts here.
    if (at < s.size() && s[at] != '\n' && s[at] != '\r' && s[at] != '#') return marked;
    return doc_.lines->pos_at(at);
  }

  // A key's text. yaml-cpp keeps none for a key that is null ("null:", "~:",
  // or nothing before the colon); as a key it is the text written there.
  std::string key_text(const YAML::Node& key) const {
    if (!key.IsNull()) return key.Scalar();
    std::string_view s = doc_.text;
    const YAML::Mark& m = key.Mark();
    if (m.is_null() || m.pos < 0) return "";
    size_t at = static_cast<size_t>(m.pos) + bom_;
    for (std::string_view word : {"null", "Null", "NULL", "~"})
      if (s.compare(at, word.size(), word) == 0) return std::string(word);
    return "";
  }

  static bool is_merge(const YAML::Node& key) { return key.IsScalar() && key.Scalar() == "<<" && key.Tag() == "?"; }

  void map(const YAML::Node& in, Node& out, size_t depth) {
    out.kind = Kind::Object;
    std::set<std::string> explicit_keys;
    for (const auto& kv : in) {
      if (!kv.first.IsScalar() && !kv.first.IsNull()) fail(kv.first.Mark(), "a key must be a scalar");
      if (!is_merge(kv.first)) explicit_keys.insert(key_text(kv.first));
    }
    SeenKeys seen;
    std::set<std::string> merged;
    for (const auto& kv : in) {
      if (is_merge(kv.first)) {
        // "<<: *base" or "<<: [*a, *b]": the entries of those maps that the
        // map does not give itself; of two sources, the first wins.
        if (!kv.second.IsMap() && !kv.second.IsSequence()) fail(kv.second.Mark(), "a merge key (<<) takes a mapping or a list of mappings");
        std::vector<YAML::Node> sources;
        if (kv.second.IsMap()) sources.push_back(kv.second);
        else if (kv.second.IsSequence())
          for (const auto& s : kv.second) sources.push_back(s);
        for (const auto& src : sources) {
          if (!src.IsMap()) fail(src.Mark(), "a merge key (<<) takes a mapping or a list of mappings");
          Node from;
          convert(src, from, depth + 1);
          for (auto& m : from.members)
            if (!explicit_keys.count(m.key) && merged.insert(m.key).second) out.members.push_back(std::move(m));
        }
        continue;
      }
      Member m;
      m.key = key_text(kv.first);
      m.key_pos = pos(kv.first.Mark());
      if (!seen.insert(m.key, out.members))
        diags_.warning(doc_.location(m.key_pos), "duplicate-key", fmt::format("duplicate key \"{}\": the last one wins", m.key));
      convert(kv.second, m.value, depth + 1);
      if (m.value.kind == Kind::Null && kv.first.IsScalar() && kv.first.Tag() == "?") m.value.pos = empty_value_pos(kv.first, m.value.pos);
      out.members.push_back(std::move(m));
    }
  }

  Document& doc_;
  Diagnostics& diags_;
  const YamlLimits& limits_;
  size_t budget_;
  size_t bom_;  // yaml-cpp's marks count from after a byte order mark
};

// Texts yaml-cpp 0.7 never returns from (found by the yaml fuzz target): a
// tag with a ',' ("!a,b 1"), and a ',' that starts a line outside a flow
// collection ("[a]\n,", "- a\n,"). cfscale reads no such tag anyway (only
// the core tags), and such a ',' is a continuation of a plain value at best
// ("a: x\n  ,y"), so both are refused here, before yaml-cpp sees the text.
// The offset and what it is, if the text has one.
std::optional<std::pair<size_t, const char*>> hangs_yaml_cpp(std::string_view s) {
  int flow = 0;
  char quote = 0;
  bool line_start = true;  // only spaces so far on this line
  // Inside a plain scalar a '!' is text ("c !," is the string "c !,"), not
  // a tag; one ends at ": ", at a ',' in a flow collection, and (to stay on
  // the safe side) at the end of its line.
  bool in_plain = false;
  auto blank = [&](size_t k) { return k >= s.size() || s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'; };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') {  // (a quoted scalar may span lines: `quote` stays)
      line_start = true;
      in_plain = false;
      continue;
    }
    if (quote) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
      line_start = false;
      continue;
    }
    bool token_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r';
    if (c == '#' && token_start) {
      while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    if (c == ',' && line_start && flow == 0) return std::pair{i, "a ',' at the start of a line outside a flow collection"};
    line_start = false;
    if (in_plain) {
      if ((c == ':' && blank(i + 1)) || (flow > 0 && (c == ',' || c == ']' || c == '}'))) in_plain = false;
      else continue;
    }
    if ((c == '"' || c == '\'') && token_start) quote = c;
    else if (c == '[' || c == '{') ++flow;
    else if ((c == ']' || c == '}') && flow > 0) --flow;
    else if (c == '!' && token_start && flow == 0) {
      size_t end = i;
      while (end < s.size() && s[end] != ' ' && s[end] != '\t' && s[end] != '\n' && s[end] != '\r') ++end;
      if (s.substr(i, end - i).find(',') != std::string_view::npos)
        return std::pair{i, "a tag with a ',' (cfscale reads only !!str, !!int, !!float, !!bool, !!null, !!seq, !!map)"};
      i = end - 1;  // the tag, then what it tags
    } else if (token_start && std::string_view("-?:,&*|>%@`").find(c) == std::string_view::npos) {
      in_plain = true;
    } else if ((c == '-' || c == '?' || c == ':') && !blank(i + 1)) {
      in_plain = true;  // "-1", "?x", ":x" start a plain scalar
    }
  }
  return std::nullopt;
}

}  // namespace

bool parse_yaml_library(Document& doc, Diagnostics& diags, const YamlLimits& limits) {
  Converter c(doc, diags, limits);
  if (auto hang = hangs_yaml_cpp(doc.text)) {
    diags.error(doc.location(doc.lines->pos_at(hang->first)), "yaml-syntax", std::string("invalid YAML: ") + hang->second);
    return false;
  }
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(doc.text);
    if (docs.size() > 1) c.fail(docs[1].Mark(), "several YAML documents in one file: cfscale reads one");
    doc.root = Node{};
    if (docs.empty()) {
      doc.root.kind = Kind::Null;
      doc.root.pos = doc.lines->pos_at(0);
      return true;
    }
    c.convert(docs[0], doc.root, 0);
    return true;
  } catch (const Stop&) {
    return false;
  } catch (const YAML::Exception& e) {
    diags.error(doc.location(c.pos(e.mark)), "yaml-syntax", "invalid YAML: " + e.msg);
    return false;
  }
}

}  // namespace cfscale
