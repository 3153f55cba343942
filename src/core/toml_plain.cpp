#include "core/toml_plain.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale {
namespace {

// What made a table or array, for TOML's rules on defining it again. Kept in
// the Node's unused `text` while reading and cleared at the end.
constexpr char kImplicit = 'I';  // an intermediate table of a [header]
constexpr char kHeader = 'H';    // defined by its own [header]
constexpr char kDotted = 'D';    // made by a dotted key
constexpr char kInline = 'N';    // an inline table { ... } or a value array
constexpr char kTables = 'A';    // an array of tables [[header]]

constexpr size_t kMaxDepth = 128;

// Every step returns false to leave the plain path; parse_toml then reads the
// file with toml++, which decides (and reports) it.
class Reader {
 public:
  explicit Reader(Document& doc) : doc_(doc), s_(doc.text) {}

  bool run() {
    doc_.root = Node{};
    doc_.root.kind = Kind::Object;
    Node* table = &doc_.root;
    while (true) {
      skip_ws();
      if (i_ >= s_.size()) break;
      char c = s_[i_];
      if (c == '#') skip_comment();
      else if (c == '\n' || c == '\r') {}
      else if (c == '[') { if (!(table = header())) return false; }
      else if (!key_value(*table)) return false;
      if (!end_of_line()) return false;
    }
    finish(doc_.root);
    return true;
  }

 private:
  struct KeyPart {
    std::string key;
    size_t at = 0;
  };

  Pos pos(size_t offset) const { return doc_.lines->pos_at(offset, line_hint_); }

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }

  void skip_comment() {
    while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
  }

  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }

  // After a key/value or a header: blanks, a comment, then the line's end.
  bool end_of_line() {
    skip_ws();
    if (at('#')) skip_comment();
    if (i_ >= s_.size()) return true;
    if (s_[i_] == '\n') { ++i_; return true; }
    if (s_[i_] == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') { i_ += 2; return true; }
    return false;
  }

  static bool bare(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  // One key part: bare, "basic" or 'literal'.
  bool key_part(KeyPart& out) {
    out.at = i_;
    if (at('"')) return basic_string(out.key);
    if (at('\'')) return literal_string(out.key);
    size_t start = i_;
    while (i_ < s_.size() && bare(s_[i_])) ++i_;
    out.key = std::string(s_.substr(start, i_ - start));
    return i_ > start;
  }

  bool dotted_key(std::vector<KeyPart>& parts) {
    while (true) {
      parts.emplace_back();
      if (!key_part(parts.back())) return false;
      skip_ws();
      if (!at('.')) return true;
      ++i_;
      skip_ws();
    }
  }

  static Node& add(Node& table, std::string key, Pos key_pos, Kind kind, char made_by, Pos pos) {
    Member m;
    m.key = std::move(key);
    m.key_pos = key_pos;
    m.value.kind = kind;
    m.value.pos = pos;
    m.value.text = std::string(1, made_by);
    table.members.push_back(std::move(m));
    return table.members.back().value;
  }

  // [a.b.c] or [[a.b.c]]: the table that the following keys go into.
  Node* header() {
    size_t open = i_;
    bool array = i_ + 1 < s_.size() && s_[i_ + 1] == '[';
    i_ += array ? 2 : 1;
    skip_ws();
    std::vector<KeyPart> parts;
    if (!dotted_key(parts) || !at(']')) return nullptr;
    ++i_;
    if (array) {
      if (!at(']')) return nullptr;
      ++i_;
    }
    Node* table = &doc_.root;
    for (size_t k = 0; k + 1 < parts.size(); ++k) {
      Member* m = table->member(parts[k].key);
      if (!m) {
        table = &add(*table, parts[k].key, pos(parts[k].at), Kind::Object, kImplicit, pos(open));
        continue;
      }
      Node& v = m->value;
      if (v.kind == Kind::Object && (v.text[0] == kImplicit || v.text[0] == kHeader)) table = &v;
      else if (v.kind == Kind::Array && v.text[0] == kTables) table = &v.items.back();
      else return nullptr;  // dotted, inline or a value: TOML's rules are subtle there; toml++ decides
    }
    const KeyPart& last = parts.back();
    Member* m = table->member(last.key);
    if (!array) {
      if (m) return nullptr;  // defined again (or an implicit table made explicit): toml++ decides
      return &add(*table, last.key, pos(last.at), Kind::Object, kHeader, pos(open));
    }
    Node* list = m ? &m->value : nullptr;
    if (list && !(list->kind == Kind::Array && list->text[0] == kTables)) return nullptr;
    if (!list) list = &add(*table, last.key, pos(last.at), Kind::Array, kTables, pos(open));
    list->items.emplace_back();
    Node& element = list->items.back();
    element.kind = Kind::Object;
    element.pos = pos(open);
    element.text = std::string(1, kHeader);
    return &element;
  }

  bool key_value(Node& table) {
    std::vector<KeyPart> parts;
    if (!dotted_key(parts) || !at('=')) return false;
    ++i_;
    skip_ws();
    Node* into = &table;
    for (size_t k = 0; k + 1 < parts.size(); ++k) {
      Member* m = into->member(parts[k].key);
      if (!m) {
        Pos p = pos(parts[k].at);
        into = &add(*into, parts[k].key, p, Kind::Object, kDotted, p);
      } else if (m->value.kind == Kind::Object && m->value.text[0] == kDotted) {
        into = &m->value;
      } else {
        return false;
      }
    }
    const KeyPart& last = parts.back();
    if (into->member(last.key)) return false;  // a duplicate key: toml++ reports it
    Member m;
    m.key = last.key;
    m.key_pos = pos(last.at);
    if (!value(m.value, 0)) return false;
    into->members.push_back(std::move(m));
    return true;
  }

  bool value(Node& out, size_t depth) {
    if (depth > kMaxDepth || i_ >= s_.size()) return false;
    out.pos = pos(i_);
    char c = s_[i_];
    if (c == '"') { out.kind = Kind::String; return basic_string(out.text); }
    if (c == '\'') { out.kind = Kind::String; return literal_string(out.text); }
    if (c == '[') return array(out, depth);
    if (c == '{') return inline_table(out, depth);
    if (s_.compare(i_, 4, "true") == 0 && delimiter(i_ + 4)) { out.kind = Kind::Bool; out.boolean = true; i_ += 4; return true; }
    if (s_.compare(i_, 5, "false") == 0 && delimiter(i_ + 5)) { out.kind = Kind::Bool; out.boolean = false; i_ += 5; return true; }
    return number(out);
  }

  bool delimiter(size_t at) const {
    if (at >= s_.size()) return true;
    char c = s_[at];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' || c == '#';
  }

  // Digits with single underscores between them, appended to `digits`.
  bool digit_run(std::string& digits) {
    size_t from = i_;
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '_')) {
      if (s_[i_] == '_' && (i_ == from || i_ + 1 >= s_.size() || s_[i_ + 1] < '0' || s_[i_ + 1] > '9')) return false;
      if (s_[i_] != '_') digits += s_[i_];
      ++i_;
    }
    return i_ > from;
  }

  // Decimal integers and plain floats only (no hex, octal, binary, inf, nan
  // or dates: those go to toml++).
  bool number(Node& out) {
    size_t start = i_;
    std::string digits;  // without underscores
    if (at('+') || at('-')) {
      if (at('-')) digits += '-';
      ++i_;
    }
    size_t whole = digits.size();
    size_t whole_at = i_;
    if (!digit_run(digits)) return false;
    if (digits.size() - whole > 1 && s_[whole_at] == '0') return false;  // leading zeros
    bool is_float = false;
    if (at('.')) {
      digits += '.';
      ++i_;
      if (!digit_run(digits)) return false;
      is_float = true;
    }
    if (at('e') || at('E')) {
      digits += 'e';
      ++i_;
      if (at('+') || at('-')) digits += s_[i_++];
      if (!digit_run(digits)) return false;
      is_float = true;
    }
    // toml++ refuses numbers over 126 characters; long ones are left to it.
    if (!delimiter(i_) || i_ - start > 64) return false;
    const char* b = digits.data();
    const char* e = digits.data() + digits.size();
    if (!is_float) {
      int64_t v = 0;
      auto r = std::from_chars(b, e, v);
      if (r.ec != std::errc() || r.ptr != e) return false;  // out of range: toml++ reports it
      set_toml_integer(out, v);
      return true;
    }
    double d = 0;
    auto r = std::from_chars(b, e, d);
    if (r.ec != std::errc() || r.ptr != e || !std::isfinite(d)) return false;
    set_toml_float(out, d);
    return true;
  }

  bool basic_string(std::string& out) {
    if (s_.compare(i_, 3, "\"\"\"") == 0) return false;  // multi-line strings: toml++
    ++i_;
    while (true) {
      if (i_ >= s_.size()) return false;
      char c = s_[i_];
      if (c == '"') { ++i_; return true; }
      if (c == '\n' || c == '\r') return false;
      if (c != '\\') {
        size_t run = i_ + 1;
        while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' && s_[run] != '\n' && s_[run] != '\r') ++run;
        out.append(s_.data() + i_, run - i_);
        i_ = run;
        continue;
      }
      if (++i_ >= s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'b': out += '\b'; break;
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'f': out += '\f'; break;
        case 'r': out += '\r'; break;
        case 'u':
        case 'U': {
          size_t n = e == 'u' ? 4 : 8;
          if (i_ + n > s_.size()) return false;
          uint32_t cp = 0;
          auto r = std::from_chars(s_.data() + i_, s_.data() + i_ + n, cp, 16);
          if (r.ec != std::errc() || r.ptr != s_.data() + i_ + n) return false;
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
          append_utf8(out, cp);
          i_ += n;
          break;
        }
        default: return false;  // \e, \x and the rest: toml++ decides
      }
    }
  }

  bool literal_string(std::string& out) {
    if (s_.compare(i_, 3, "'''") == 0) return false;  // multi-line: toml++
    size_t start = ++i_;
    while (i_ < s_.size() && s_[i_] != '\'' && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
    if (!at('\'')) return false;
    out = std::string(s_.substr(start, i_++ - start));
    return true;
  }

  // Blanks, newlines and comments inside an array.
  void skip_array_space() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n') ++i_;
      else if (c == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') i_ += 2;
      else if (c == '#') skip_comment();
      else return;
    }
  }

  bool array(Node& out, size_t depth) {
    out.kind = Kind::Array;
    out.text = std::string(1, kInline);
    ++i_;
    while (true) {
      skip_array_space();
      if (at(']')) { ++i_; return true; }
      out.items.emplace_back();
      if (!value(out.items.back(), depth + 1)) return false;
      skip_array_space();
      if (at(',')) { ++i_; continue; }
      if (at(']')) { ++i_; return true; }
      return false;
    }
  }

  // { key = value, ... } on one line, plain keys only, no trailing comma.
  bool inline_table(Node& out, size_t depth) {
    out.kind = Kind::Object;
    out.text = std::string(1, kInline);
    ++i_;
    skip_ws();
    if (at('}')) { ++i_; return true; }
    while (true) {
      skip_ws();
      KeyPart key;
      if (!key_part(key)) return false;
      skip_ws();
      if (!at('=') || out.member(key.key)) return false;  // dotted keys inside { }, duplicates: toml++
      ++i_;
      skip_ws();
      Member m;
      m.key = std::move(key.key);
      m.key_pos = pos(key.at);
      if (!value(m.value, depth + 1)) return false;
      out.members.push_back(std::move(m));
      skip_ws();
      if (at(',')) { ++i_; continue; }
      if (at('}')) { ++i_; return true; }
      return false;
    }
  }

  // Clears the markers and puts members in file order, as toml_reader's
  // conversion of toml++'s (sorted) tables does.
  static void finish(Node& n) {
    if (n.kind == Kind::Object || n.kind == Kind::Array) n.text.clear();
    for (auto& item : n.items) finish(item);
    for (auto& m : n.members) finish(m.value);
    sort_toml_members(n);
  }

  Document& doc_;
  std::string_view s_;
  size_t i_ = 0;
  mutable LineIndex::Hint line_hint_;  // for LineIndex::pos_at: the reader moves forward
};

// Control characters other than tab, LF and CRLF, and DEL: wherever they
// are, toml++ has something to say about them.
bool plain_text(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != 0x7F) continue;
    if (c == '\t' || c == '\n') continue;
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    return false;
  }
  return true;
}

}  // namespace

void set_toml_integer(Node& n, int64_t v) {
  n.kind = Kind::Integer;
  n.integer = v;
  n.number = static_cast<double>(v);
  n.text = std::to_string(v);
}

void set_toml_float(Node& n, double v) {
  n.kind = Kind::Float;
  n.number = v;
  n.text = fmt::format("{}", v);
}

void sort_toml_members(Node& table) {
  std::stable_sort(table.members.begin(), table.members.end(),
                   [](const Member& a, const Member& b) { return a.key_pos.offset < b.key_pos.offset; });
}

bool parse_toml_plain(Document& doc) {
  if (plain_text(doc.text) && Reader(doc).run()) return true;
  doc.root = Node{};
  return false;
}

}  // namespace cfscale
