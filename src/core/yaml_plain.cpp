// The fast path in front of yaml-cpp (core/yaml_reader.h): a reader for the
// plain subset that cfscale's own files and nearly every metrics file use —
// block mappings and sequences, flow collections, plain and quoted scalars,
// block scalars (| and >, with chomping), comments. Anything else (anchors,
// aliases, merge keys, tags, directives, several documents) and any error
// makes it step aside, and yaml-cpp reads the file. It is an order of
// magnitude faster than yaml-cpp, and a monorepo reads a metrics file per
// Worker; the differential test and the fuzz target hold it to yaml-cpp's
// reading, positions included.
#include "core/yaml_plain.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "core/source.h"

namespace cfscale {
namespace {

bool is_plain_null(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

}  // namespace

void resolve_plain(std::string_view s, Node& out) {
  out.text = std::string(s);
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
  bool digits = s.find_first_of("0123456789") != std::string_view::npos;
  if (digits && (rd.ec == std::errc() || rd.ec == std::errc::result_out_of_range) && rd.ptr == e) {
    out.kind = Kind::Float;
    out.number = rd.ec == std::errc() ? dv : (s.find("e-") != std::string_view::npos ? 0.0 : INFINITY);
    return;
  }
  out.kind = Kind::String;
}

namespace {

struct Failure {
  size_t at;
  std::string message;
  bool too_deep = false;
};

class Parser {
 public:
  Parser(Document& doc, Diagnostics& diags, const YamlLimits& limits) : doc_(doc), s_(doc.text), diags_(diags), limits_(limits) {}

  PlainYaml run() {
    try {
      // YAML allows only printable characters (5.1): a control character
      // anywhere is yaml-cpp's to refuse, with its place.
      for (size_t k = 0; k < s_.size(); ++k) {
        auto c = static_cast<unsigned char>(s_[k]);
        // A tab, too: where YAML allows one is subtle (never in indentation), so yaml-cpp decides.
        if ((c < 0x20 && c != '\n' && c != '\r') || c == 0x7F ||
            (c == 0xC2 && k + 1 < s_.size() && static_cast<unsigned char>(s_[k + 1]) >= 0x80 &&
             static_cast<unsigned char>(s_[k + 1]) <= 0x9F && static_cast<unsigned char>(s_[k + 1]) != 0x85))
          fail(k, "a character YAML does not allow");
        // A carriage return that does not end a line ("\r\n"): yaml-cpp and
        // YAML 1.2 disagree on whether one alone breaks a line; yaml-cpp decides.
        if (c == '\r' && (k + 1 == s_.size() || s_[k + 1] != '\n')) fail(k, "a carriage return without a line feed");
        // A document end marker ("..." at a line's start) ends the document
        // wherever it is, even as the first line: yaml-cpp's to read.
        if (c == '.' && (k == 0 || s_[k - 1] == '\n') && s_.compare(k, 3, "...") == 0 &&
            (k + 3 == s_.size() || s_[k + 3] == '\n' || s_[k + 3] == ' ' || s_[k + 3] == '\r'))
          fail(k, "a document end marker");
      }
      if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;
      skip_blank_lines();
      if (at_line_start_marker("---")) {
        i_ += 3;
        skip_blank_lines();
      }
      if (i_ >= s_.size()) {
        doc_.root.kind = Kind::Null;
        doc_.root.pos = pos(0);
        return {};
      }
      size_t root_at = i_;
      parse_block(doc_.root, 0, 0);
      // A document that is one scalar is never a file cfscale reads (those
      // are mappings), and its indicators (">--", "|x") are subtle: yaml-cpp
      // reads it, and the reader then says what is wrong.
      if (doc_.root.kind != Kind::Object && doc_.root.kind != Kind::Array) fail(root_at, "a document that is a single scalar");
      skip_blank_lines();
      if (i_ < s_.size()) {
        if (at_line_start_marker("---") || at_line_start_marker("..."))
          fail(i_, "several YAML documents in one file: cfscale reads one");
        fail(i_, fmt::format("unexpected content at indentation {}: check the indentation", column_of(i_)));
      }
      return {};
    } catch (const Failure& f) {
      // yaml-cpp reads it, and says what is wrong if anything is; only a
      // nesting past the limit is the plain reader's to report.
      return PlainYaml{f.too_deep ? PlainYaml::TooDeep : PlainYaml::NotPlain, pos(f.at), f.message};
    }
  }

 private:
  [[noreturn]] void fail(size_t at, std::string msg) { throw Failure{at, std::move(msg)}; }

  Pos pos(size_t offset) const { return doc_.lines->pos_at(offset, line_hint_); }

  size_t line_start(size_t at) const {
    size_t p = s_.rfind('\n', at == 0 ? 0 : at - 1);
    return (p == std::string_view::npos || at == 0) ? 0 : p + 1;
  }
  size_t column_of(size_t at) const { return at - line_start(at); }
  size_t line_end(size_t at) const {
    size_t e = s_.find('\n', at);
    return e == std::string_view::npos ? s_.size() : e;
  }

  bool at_line_start_marker(std::string_view m) const {
    return line_start(i_) == i_ && s_.compare(i_, m.size(), m) == 0 &&
           (i_ + m.size() == s_.size() || s_[i_ + m.size()] == '\n' || s_[i_ + m.size()] == ' ' || s_[i_ + m.size()] == '\r');
  }

  // Skips spaces (not newlines); tabs in indentation are refused by the caller.
  void skip_spaces() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }

  // Skips the rest of a line when it holds only spaces and a comment.
  bool rest_is_empty() {
    size_t j = i_;
    while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
    return j >= s_.size() || s_[j] == '\n' || s_[j] == '\r' || s_[j] == '#';
  }

  // Moves to the first character of the next line with content; i_ ends at
  // that line's first non-space character.
  void skip_blank_lines() {
    while (i_ < s_.size()) {
      size_t ls = line_start(i_) == i_ ? i_ : i_;
      size_t j = ls;
      while (j < s_.size() && s_[j] == ' ') ++j;
      if (j < s_.size() && s_[j] == '\t' && (j == ls || s_[j - 1] == ' ')) {
        // A tab after indentation spaces: only a problem on a line with content.
        size_t k = j;
        while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
        if (k < s_.size() && s_[k] != '\n' && s_[k] != '\r' && s_[k] != '#') fail(j, "a tab in the indentation: YAML indents with spaces");
      }
      size_t k = j;
      while (k < s_.size() && (s_[k] == ' ' || s_[k] == '\t')) ++k;
      if (k >= s_.size()) { i_ = s_.size(); return; }
      if (s_[k] == '\n' || s_[k] == '\r' || s_[k] == '#') {
        size_t e = line_end(k);
        i_ = e < s_.size() ? e + 1 : s_.size();
        continue;
      }
      i_ = j;
      return;
    }
  }

  void check_depth(size_t depth) {
    if (depth > limits_.max_depth) throw Failure{i_, fmt::format("nesting is deeper than {} levels", limits_.max_depth), true};
  }

  // A "key:" at the cursor? (Plain or quoted key followed by ':' and a space
  // or the end of the line.)
  bool looks_like_key() const {
    size_t j = i_;
    if (j >= s_.size()) return false;
    char c = s_[j];
    if (c == '"' || c == '\'') {
      size_t k = j + 1;
      while (k < s_.size() && s_[k] != '\n') {
        if (c == '"' && s_[k] == '\\') { k += 2; continue; }
        if (s_[k] == c) {
          if (c == '\'' && k + 1 < s_.size() && s_[k + 1] == '\'') { k += 2; continue; }
          break;
        }
        ++k;
      }
      if (k >= s_.size() || s_[k] != c) return false;
      ++k;
      while (k < s_.size() && s_[k] == ' ') ++k;
      return k < s_.size() && s_[k] == ':' && (k + 1 == s_.size() || s_[k + 1] == ' ' || s_[k + 1] == '\n' || s_[k + 1] == '\r');
    }
    if (c == '-' && (j + 1 == s_.size() || s_[j + 1] == ' ' || s_[j + 1] == '\n')) return false;
    if (c == '[' || c == '{' || c == '#' || c == '|' || c == '>') return false;
    // An indicator cannot start a plain scalar (YAML 1.2, 7.3.3): yaml-cpp reads, or refuses, the rest.
    if (c == ']' || c == '}' || c == ',' || c == '&' || c == '*' || c == '!' || c == '%' || c == '@' || c == '`')
      throw Failure{j, "a key that starts with an indicator"};
    size_t colon = key_colon(j);
    if (colon == std::string_view::npos) return false;
    // An empty key (": value") and a merge key ("<<") are not in the plain
    // subset: yaml-cpp reads them (core/yaml_library.cpp merges).
    if (colon == j) throw Failure{j, "an empty key"};
    if (std::string_view key = s_.substr(j, colon - j); key.substr(0, 2) == "<<" && key.find_first_not_of(" \t", 2) == std::string_view::npos)
      throw Failure{j, "a merge key"};
    // A " #" before it starts a comment: the ':' is inside the comment.
    for (size_t k = s_.find('#', j); k < colon; k = s_.find('#', k + 1))
      if (s_[k - 1] == ' ') return false;
    return true;
  }

  // The ':' that ends a plain key starting at `from` on this line (followed by
  // a space, the line's end or the text's end), or npos. memchr finds the
  // candidates: keys are read once per line, and most lines are keys.
  size_t key_colon(size_t from) const {
    size_t end = line_end(from);
    for (size_t k = from;; ++k) {
      const void* hit = std::memchr(s_.data() + k, ':', end - k);
      if (!hit) return std::string_view::npos;
      k = static_cast<size_t>(static_cast<const char*>(hit) - s_.data());
      if (k + 1 == s_.size() || s_[k + 1] == ' ' || s_[k + 1] == '\n' || s_[k + 1] == '\r') return k;
    }
  }

  bool looks_like_item() const {
    return i_ < s_.size() && s_[i_] == '-' && (i_ + 1 == s_.size() || s_[i_ + 1] == ' ' || s_[i_ + 1] == '\n' || s_[i_ + 1] == '\r');
  }

  void refuse_unsupported() {
    char c = s_[i_];
    if (c == '&' || c == '*') fail(i_, "anchors and aliases (& and *) are not supported in cfscale files");
    if (c == '!') fail(i_, "tags (!) are not supported in cfscale files");
    if (c == '%') fail(i_, "directives (%) are not supported in cfscale files");
    if (c == '@' || c == '`') fail(i_, fmt::format("a plain value cannot start with '{}': quote it", c));
  }

  // A node in block context whose first line starts at the cursor (already
  // past indentation); `indent` is the column that owns it.
  void parse_block(Node& out, size_t indent, size_t depth) {
    check_depth(depth);
    size_t col = column_of(i_);
    if (looks_like_item()) return parse_sequence(out, col, depth + 1);
    if (looks_like_key()) return parse_mapping(out, col, depth + 1);
    parse_value_inline(out, indent, depth);
  }

  void parse_mapping(Node& out, size_t col, size_t depth) {
    check_depth(depth);
    out.kind = Kind::Object;
    out.pos = pos(i_);
    out.members.reserve(4);  // most mappings are small: one allocation rather than three
    SeenKeys seen;
    while (true) {
      Member m;
      m.key_pos = pos(i_);
      size_t key_at = i_;
      if (s_[i_] == '"' || s_[i_] == '\'') {
        Node k;
        parse_quoted(k);
        m.key = k.text;
      } else {
        size_t start = i_;
        i_ = key_colon(i_);  // there is one: looks_like_key said so
        size_t end = i_;
        while (end > start && s_[end - 1] == ' ') --end;
        m.key = std::string(s_.substr(start, end - start));
        if (!m.key.empty() && (m.key[0] == '&' || m.key[0] == '*' || m.key[0] == '!' || m.key[0] == '?'))
          fail(start, "anchors, aliases, tags and complex keys are not supported in cfscale files");
      }
      skip_spaces();
      if (i_ >= s_.size() || s_[i_] != ':') fail(i_, "expected ':' after the key");
      ++i_;
      parse_mapping_value(m.value, col, depth);
      if (!seen.insert(m.key, out.members))
        diags_.warning(doc_.location(pos(key_at)), "duplicate-key", fmt::format("duplicate key \"{}\": the last one wins", m.key));
      out.members.push_back(std::move(m));
      skip_blank_lines();
      if (i_ >= s_.size()) return;
      size_t c = column_of(i_);
      if (c < col) return;
      if (c > col) fail(i_, "this line is indented more than the keys before it");
      if (!looks_like_key()) {
        if (looks_like_item()) fail(i_, "a list item where a key was expected: indent the list under its key");
        fail(i_, "expected a \"key: value\" line at this indentation");
      }
    }
  }

  void parse_mapping_value(Node& out, size_t col, size_t depth) {
    skip_spaces();
    // A tab between the key and its value: yaml-cpp's to read (or refuse).
    if (i_ < s_.size() && s_[i_] == '\t') fail(i_, "a tab before a value");
    if (rest_is_empty()) {
      size_t here = i_;
      skip_blank_lines();
      // The value is on the next lines: more indented, or a list at the key's indentation.
      if (i_ < s_.size() && (column_of(i_) > col || (column_of(i_) == col && looks_like_item()))) {
        parse_block(out, col, depth + 1);
        return;
      }
      out.kind = Kind::Null;
      out.pos = pos(here);
      i_ = here;
      return;
    }
    parse_value_inline(out, col, depth);
  }

  void parse_sequence(Node& out, size_t col, size_t depth) {
    check_depth(depth);
    out.kind = Kind::Array;
    out.pos = pos(i_);
    while (true) {
      ++i_;  // '-'
      out.items.emplace_back();
      Node& item = out.items.back();
      skip_spaces();
      if (rest_is_empty()) {
        size_t here = i_;
        skip_blank_lines();
        if (i_ < s_.size() && column_of(i_) > col) {
          parse_block(item, col, depth + 1);
        } else {
          item.kind = Kind::Null;
          item.pos = pos(here);
          i_ = here;
        }
      } else {
        // "- key: value" starts a mapping at this column; "- - x" a nested list.
        parse_block(item, col, depth + 1);
      }
      skip_blank_lines();
      if (i_ >= s_.size()) return;
      size_t c = column_of(i_);
      if (c < col) return;
      if (c > col) fail(i_, "this line is indented more than the list items before it");
      if (!looks_like_item()) return;  // a key of the enclosing mapping at the same column
    }
  }

  // A value that starts on the current line: flow collection, quoted, block
  // scalar, or plain scalar (which may continue on more indented lines).
  void parse_value_inline(Node& out, size_t indent, size_t depth) {
    refuse_unsupported();
    char c = s_[i_];
    if (c == '[' || c == '{') {
      parse_flow(out, depth + 1);
      end_of_value_line();
      return;
    }
    if (c == '"' || c == '\'') {
      parse_quoted(out);
      end_of_value_line();
      return;
    }
    if (c == '|' || c == '>') return parse_block_scalar(out, indent);
    parse_plain_block(out, indent);
  }

  void end_of_value_line() {
    skip_spaces();
    if (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r' && s_[i_] != '#')
      fail(i_, fmt::format("unexpected '{}' after the value", s_[i_]));
    size_t e = line_end(i_);
    i_ = e < s_.size() ? e + 1 : s_.size();
  }

  void parse_plain_block(Node& out, size_t indent) {
    size_t start = i_;
    bool commented = false;  // a comment ends a plain scalar: no line continues it (YAML 1.2, 7.3.3)
    std::string separator = " ";  // a line break folds to a space, n empty lines to n breaks (6.5)
    if (char c = s_[i_]; c == ']' || c == '}' || c == ',' || c == '&' || c == '*' || c == '!' || c == '%' || c == '@' || c == '`')
      fail(i_, "a value that starts with an indicator");
    std::string text;
    auto take_line = [&]() {
      size_t e = line_end(i_);
      size_t stop = e;
      for (size_t k = i_; k < e; ++k)
        if (s_[k] == '#' && k > i_ && (s_[k - 1] == ' ' || s_[k - 1] == '\t')) { stop = k; commented = true; break; }
      std::string_view piece = s_.substr(i_, stop - i_);
      while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\r' || piece.back() == '\t')) piece.remove_suffix(1);
      // "a: b: c" is no plain scalar: YAML refuses a ": " inside one (yaml-cpp says where).
      if (piece.find(": ") != std::string_view::npos || piece.find(":\t") != std::string_view::npos || (!piece.empty() && piece.back() == ':'))
        fail(i_, "a \": \" inside a plain value");
      if (!text.empty()) text += separator;
      text += piece;
      i_ = e < s_.size() ? e + 1 : s_.size();
    };
    take_line();
    // Continuation lines: more indented than the owner, not a key or an item.
    while (!commented) {
      size_t save = i_;
      skip_blank_lines();
      if (i_ >= s_.size() || column_of(i_) <= indent || looks_like_key() || looks_like_item()) {
        i_ = save;
        break;
      }
      // A comment line in between ends the scalar; what follows is no continuation.
      for (size_t k = save; k < i_; k = line_end(k) + 1) {
        size_t f = k;
        while (f < i_ && (s_[f] == ' ' || s_[f] == '\t')) ++f;
        if (f < i_ && s_[f] == '#') fail(f, "a comment inside a multi-line plain value");
        if (line_end(k) >= i_) break;
      }
      size_t empty_lines = static_cast<size_t>(std::count(s_.begin() + static_cast<std::ptrdiff_t>(save), s_.begin() + static_cast<std::ptrdiff_t>(i_), '\n'));
      separator = empty_lines == 0 ? std::string(" ") : std::string(empty_lines, '\n');
      take_line();
    }
    out.pos = pos(start);
    resolve_plain(text, out);
  }

  void parse_block_scalar(Node& out, size_t indent) {
    out.pos = pos(i_);
    bool literal = s_[i_] == '|';
    ++i_;
    char chomp = 'c';  // clip
    size_t explicit_indent = 0;
    while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != ' ' && s_[i_] != '#') {
      if (s_[i_] == '-' || s_[i_] == '+') chomp = s_[i_];
      else if (s_[i_] >= '1' && s_[i_] <= '9') explicit_indent = static_cast<size_t>(s_[i_] - '0');
      else fail(i_, fmt::format("unexpected '{}' after the block scalar indicator", s_[i_]));
      ++i_;
    }
    end_of_value_line();
    // Content lines: indented more than the owner.
    size_t content_indent = explicit_indent ? indent + explicit_indent : 0;
    std::vector<std::string_view> lines;
    bool ends_in_break = true;  // false when the last content line ends the file without one
    bool last_line_break = true;  // whether the last line read, blank or not, ends with a break
    while (i_ < s_.size()) {
      size_t e = line_end(i_);
      std::string_view line = s_.substr(i_, e - i_);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      size_t spaces = 0;
      while (spaces < line.size() && line[spaces] == ' ') ++spaces;
      bool blank = spaces == line.size();
      if (!blank) {
        if (content_indent == 0) {
          if (spaces <= indent) break;
          content_indent = spaces;
        }
        if (spaces < content_indent) break;
      }
      lines.push_back(blank ? std::string_view() : line.substr(content_indent));
      if (!blank) ends_in_break = e < s_.size();
      last_line_break = e < s_.size();
      i_ = e < s_.size() ? e + 1 : s_.size();
    }
    size_t trailing = 0;
    while (!lines.empty() && lines.back().empty()) { lines.pop_back(); ++trailing; }
    std::string text;
    // Folding (YAML 1.2 §8.1.3): between two plain text lines a single
    // break becomes a space, and a run of n empty lines becomes n breaks;
    // around more-indented lines every break is kept.
    size_t prev = SIZE_MAX;  // index of the last non-empty line
    for (size_t k = 0; k < lines.size(); ++k) {
      if (lines[k].empty()) continue;
      size_t empties = prev == SIZE_MAX ? k : k - prev - 1;
      if (prev == SIZE_MAX) {
        text.append(empties, '\n');
      } else {
        bool fold = !literal && lines[k][0] != ' ' && lines[prev][0] != ' ';
        if (!fold) text.append(empties + 1, '\n');
        else if (empties == 0) text += ' ';
        else text.append(empties, '\n');
      }
      text += lines[k];
      prev = k;
    }
    // The final break is kept (clip, keep) only when there is one: a file
    // that ends inside the last line has none (YAML 1.2, 8.1.1.2).
    if (!lines.empty() && chomp != '-' && ends_in_break) text += '\n';
    if (chomp == '+' && trailing > 0) text.append(last_line_break ? trailing : trailing - 1, '\n');
    out.kind = Kind::String;
    out.text = std::move(text);
    // The cursor must be at the start of the next content line (or the end).
    if (i_ < s_.size()) skip_blank_lines();
  }

  void parse_quoted(Node& out) {
    out.pos = pos(i_);
    out.kind = Kind::String;
    char q = s_[i_++];
    std::string text;
    size_t start = i_ - 1;
    while (true) {
      if (i_ >= s_.size()) fail(start, "unterminated quoted string");
      char c = s_[i_];
      if (c == q) {
        if (q == '\'' && i_ + 1 < s_.size() && s_[i_ + 1] == '\'') { text += '\''; i_ += 2; continue; }
        ++i_;
        break;
      }
      // A quoted scalar over several lines folds its line breaks (one is a
      // space, each empty line a newline, an escaped one nothing): yaml-cpp's to read.
      if (c == '\n' || c == '\r') fail(start, "a quoted scalar over several lines");
      if (q == '"' && c == '\\') {
        if (i_ + 1 >= s_.size()) fail(start, "unterminated quoted string");
        char e = s_[i_ + 1];
        i_ += 2;
        switch (e) {
          // YAML 1.2's escapes (5.7), all of them: yaml-cpp reads each.
          case 'n': text += '\n'; break;
          case 't': case '\t': text += '\t'; break;
          case 'r': text += '\r'; break;
          case '0': text += '\0'; break;
          case 'a': text += '\a'; break;
          case 'b': text += '\b'; break;
          case 'e': text += '\x1b'; break;
          case 'f': text += '\f'; break;
          case 'v': text += '\v'; break;
          case '"': text += '"'; break;
          case '\\': text += '\\'; break;
          case '/': text += '/'; break;
          case ' ': text += ' '; break;
          case 'N': append_utf8(text, 0x85); break;
          case '_': append_utf8(text, 0xA0); break;
          case 'L': append_utf8(text, 0x2028); break;
          case 'P': append_utf8(text, 0x2029); break;
          case '\n':  // an escaped line break: the line goes on, without the break or the next line's indentation
            while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
            break;
          case 'x': case 'u': case 'U': {
            size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            const char* what = e == 'x' ? "invalid \\x escape" : e == 'u' ? "invalid \\u escape" : "invalid \\U escape";
            if (i_ + digits > s_.size()) fail(i_ - 2, what);
            uint32_t cp = 0;
            auto r = std::from_chars(s_.data() + i_, s_.data() + i_ + digits, cp, 16);
            if (r.ptr != s_.data() + i_ + digits || cp > 0x10FFFF) fail(i_ - 2, what);
            append_utf8(text, (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp);
            i_ += digits;
            break;
          }
          default: fail(i_ - 2, fmt::format("unknown escape \"\\{}\"", e));
        }
        continue;
      }
      text += c;
      ++i_;
    }
    out.text = std::move(text);
  }

  void skip_flow_space() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i_; continue; }
      if (c == '#' && (i_ == 0 || s_[i_ - 1] == ' ' || s_[i_ - 1] == '\n' || s_[i_ - 1] == '\t')) {
        size_t e = line_end(i_);
        i_ = e;
        continue;
      }
      return;
    }
  }

  void parse_flow(Node& out, size_t depth) {
    check_depth(depth);
    out.pos = pos(i_);
    char open = s_[i_++];
    char close = open == '[' ? ']' : '}';
    out.kind = open == '[' ? Kind::Array : Kind::Object;
    SeenKeys seen;
    skip_flow_space();
    while (true) {
      if (i_ >= s_.size()) fail(out.pos.offset, fmt::format("unclosed '{}'", open));
      if (s_[i_] == close) { ++i_; return; }
      if (out.kind == Kind::Array) {
        out.items.emplace_back();
        parse_flow_value(out.items.back(), depth);
      } else {
        Member m;
        m.key_pos = pos(i_);
        Node key;
        if (s_[i_] == '"' || s_[i_] == '\'') parse_quoted(key);
        else parse_flow_plain(key, true);
        m.key = key.text;
        skip_flow_space();
        if (i_ >= s_.size() || s_[i_] != ':') fail(i_, "expected ':' after the key");
        ++i_;
        skip_flow_space();
        if (i_ < s_.size() && (s_[i_] == ',' || s_[i_] == '}')) {
          m.value.kind = Kind::Null;
          m.value.pos = pos(i_);
        } else {
          parse_flow_value(m.value, depth);
        }
        if (!seen.insert(m.key, out.members))
          diags_.warning(doc_.location(m.key_pos), "duplicate-key", fmt::format("duplicate key \"{}\": the last one wins", m.key));
        out.members.push_back(std::move(m));
      }
      skip_flow_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        skip_flow_space();
        continue;
      }
      if (i_ < s_.size() && s_[i_] == close) { ++i_; return; }
      fail(i_, fmt::format("expected ',' or '{}'", close));
    }
  }

  void parse_flow_value(Node& out, size_t depth) {
    skip_flow_space();
    if (i_ >= s_.size()) fail(i_, "unexpected end of file in a flow collection");
    refuse_unsupported();
    char c = s_[i_];
    if (c == '[' || c == '{') return parse_flow(out, depth + 1);
    if (c == '"' || c == '\'') return parse_quoted(out);
    parse_flow_plain(out, false);
  }

  void parse_flow_plain(Node& out, bool key) {
    size_t start = i_;
    // What cannot start a plain scalar (YAML 1.2, 7.3.3), and an empty key:
    // yaml-cpp reads, or refuses, the rest.
    if (i_ < s_.size()) {
      char c = s_[i_];
      bool spaced = i_ + 1 >= s_.size() || s_[i_ + 1] == ' ' || s_[i_ + 1] == ',' || s_[i_ + 1] == '\n';
      if (c == ',' || c == ']' || c == '}' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' || c == '%' || c == '@' ||
          c == '`' || c == '#' || ((c == ':' || c == '?' || c == '-') && spaced))
        fail(i_, "a flow value that starts with an indicator");
    }
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ',' || c == ']' || c == '}' || c == '\n' || c == '[' || c == '{') break;
      // A ':' ends a plain scalar only before a space or a flow indicator, in a key as in a
      // value ("{a:1}" is the key "a:1"; YAML 1.2, 7.3.3).
      if (c == ':' && (i_ + 1 == s_.size() || s_[i_ + 1] == ' ' || s_[i_ + 1] == ',' || s_[i_ + 1] == '}' || s_[i_ + 1] == ']' ||
                       s_[i_ + 1] == '\n' || s_[i_ + 1] == '\r' || s_[i_ + 1] == '\t')) break;
      if (c == '#' && i_ > start && s_[i_ - 1] == ' ') break;
      ++i_;
    }
    std::string_view text = s_.substr(start, i_ - start);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    if (text.empty()) fail(start, key ? "an empty key" : "expected a value");
    out.pos = pos(start);
    resolve_plain(text, out);
    if (key) out.kind = Kind::String;
  }

  Document& doc_;
  std::string_view s_;
  Diagnostics& diags_;
  const YamlLimits& limits_;
  size_t i_ = 0;
  mutable LineIndex::Hint line_hint_;  // for LineIndex::pos_at: the reader moves forward
};

// A '#' starts a comment at the start of a line or after a space or tab,
// outside quotes, the quotes being counted from the start of its line. So the
// text is searched for '#' (memchr) and only the lines that hold one are
// looked at, rather than every byte of the file.
bool starts_comment(std::string_view s, size_t line_start, size_t at) {
  char quote = 0;
  for (size_t i = line_start; i < at; ++i) {
    char c = s[i];
    if (quote) { if (c == quote) quote = 0; }
    else if (c == '"' || c == '\'') quote = c;
  }
  return !quote && (at == line_start || s[at - 1] == ' ' || s[at - 1] == '\t');
}

void collect_comments_in(Document& doc) {
  std::string_view s = doc.text;
  for (size_t i = s.find('#'); i != std::string_view::npos; i = s.find('#', i + 1)) {
    size_t nl = i == 0 ? std::string_view::npos : s.rfind('\n', i - 1);
    size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
    if (!starts_comment(s, line_start, i)) continue;
    size_t end = s.find('\n', i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view body = s.substr(i + 1, end - i - 1);
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    doc.comments.push_back(Comment{doc.lines->pos_at(i), std::string(body)});
    i = end;
  }
}

}  // namespace

PlainYaml parse_yaml_plain(Document& doc, Diagnostics& warnings, const YamlLimits& limits) { return Parser(doc, warnings, limits).run(); }

void collect_yaml_comments(Document& doc) { collect_comments_in(doc); }

}  // namespace cfscale
