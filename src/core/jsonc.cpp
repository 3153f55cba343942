#include "core/jsonc.h"

#include "core/source.h"

#include <charconv>
#include <cmath>
#include <functional>

#include <fmt/format.h>

namespace cfscale {
namespace {

constexpr const char* kCode = "jsonc-syntax";

class Parser {
 public:
  Parser(Document& doc, Diagnostics& diags, const JsoncLimits& limits)
      : doc_(doc), s_(doc.text), diags_(diags), limits_(limits) {}

  bool run() {
    if (s_.size() >= 3 && s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;  // BOM
    if (!skip_trivia()) return false;
    if (i_ >= s_.size()) return fail(i_, "the file is empty: expected a JSON object");
    if (!parse_value(doc_.root, 0)) return false;
    if (!skip_trivia()) return false;
    if (i_ < s_.size())
      return fail(i_, fmt::format("unexpected {} after the end of the top-level value", what_at(i_)));
    return true;
  }

  // Values one after another, separated by whitespace: NDJSON, and the
  // pretty-printed objects `wrangler tail --format json` prints. Each value
  // is handed over and dropped, so a long log is never one tree.
  bool run_stream(const std::function<bool(Node&)>& each) {
    if (s_.size() >= 3 && s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;
    while (true) {
      if (!skip_trivia()) return false;
      if (i_ >= s_.size()) return true;
      Node value;
      if (!parse_value(value, 0)) return false;
      if (!each(value)) return false;
    }
  }

 private:
  bool fail(size_t at, std::string msg) {
    diags_.error(doc_.location(doc_.lines->pos_at(at)), kCode, std::move(msg));
    return false;
  }

  std::string what_at(size_t at) const {
    if (at >= s_.size()) return "end of file";
    return fmt::format("character {}", describe_byte(static_cast<unsigned char>(s_[at])));
  }

  // Whitespace (JSON's four characters only, as jsonc-parser) and comments.
  bool skip_trivia() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        size_t start = i_;
        i_ += 2;
        size_t body = i_;
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
        add_comment(start, s_.substr(body, i_ - body));
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        size_t start = i_;
        size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) return fail(start, "unterminated block comment: missing \"*/\"");
        add_comment(start, s_.substr(start + 2, end - start - 2));
        i_ = end + 2;
      } else {
        return true;
      }
    }
    return true;
  }

  void add_comment(size_t at, std::string_view body) {
    doc_.comments.push_back(Comment{doc_.lines->pos_at(at, line_hint_), std::string(body)});
  }

  bool parse_value(Node& out, size_t depth) {
    out.pos = doc_.lines->pos_at(i_, line_hint_);
    char c = s_[i_];
    switch (c) {
      case '{': return parse_object(out, depth + 1);
      case '[': return parse_array(out, depth + 1);
      case '"': out.kind = Kind::String; return parse_string(out.text);
      default: break;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(out);
    if (c >= 'a' && c <= 'z') return parse_literal(out);
    return fail(i_, fmt::format("unexpected {}: expected a value", what_at(i_)));
  }

  bool check_depth(size_t depth) {
    if (depth <= limits_.max_depth) return true;
    return fail(i_, fmt::format("nesting is deeper than {} levels", limits_.max_depth));
  }

  bool parse_object(Node& out, size_t depth) {
    if (!check_depth(depth)) return false;
    out.kind = Kind::Object;
    ++i_;  // '{'
    SeenKeys seen;
    if (!skip_trivia()) return false;
    if (i_ < s_.size() && s_[i_] == '}') { ++i_; return true; }
    out.members.reserve(4);  // most objects are small: one allocation rather than three
    while (true) {
      if (i_ >= s_.size() || s_[i_] != '"')
        return fail(i_, fmt::format("unexpected {}: expected a property name in double quotes", what_at(i_)));
      Member m;
      m.key_pos = doc_.lines->pos_at(i_, line_hint_);
      if (!parse_string(m.key)) return false;
      if (!skip_trivia()) return false;
      if (i_ >= s_.size() || s_[i_] != ':')
        return fail(i_, fmt::format("unexpected {}: expected ':' after the property name", what_at(i_)));
      ++i_;
      if (!skip_trivia()) return false;
      if (i_ >= s_.size()) return fail(i_, "unexpected end of file: expected a value");
      if (!parse_value(m.value, depth)) return false;
      bool fresh = seen.insert(m.key, out.members);
      out.members.push_back(std::move(m));
      const Member& added = out.members.back();
      if (!fresh)
        diags_.warning(doc_.location(added.key_pos), "duplicate-key",
                       fmt::format("duplicate key \"{}\": the last one wins, as in wrangler", added.key));
      if (!skip_trivia()) return false;
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        if (!skip_trivia()) return false;
        if (i_ < s_.size() && s_[i_] == '}') { ++i_; return true; }  // trailing comma
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') { ++i_; return true; }
      return fail(i_, fmt::format("unexpected {}: expected ',' or '}}'", what_at(i_)));
    }
  }

  bool parse_array(Node& out, size_t depth) {
    if (!check_depth(depth)) return false;
    out.kind = Kind::Array;
    ++i_;  // '['
    if (!skip_trivia()) return false;
    if (i_ < s_.size() && s_[i_] == ']') { ++i_; return true; }
    while (true) {
      if (i_ >= s_.size()) return fail(i_, "unexpected end of file: expected a value or ']'");
      out.items.emplace_back();
      if (!parse_value(out.items.back(), depth)) return false;
      if (!skip_trivia()) return false;
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        if (!skip_trivia()) return false;
        if (i_ < s_.size() && s_[i_] == ']') { ++i_; return true; }  // trailing comma
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') { ++i_; return true; }
      return fail(i_, fmt::format("unexpected {}: expected ',' or ']'", what_at(i_)));
    }
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(size_t at, uint32_t& out) {
    if (at + 4 > s_.size()) return false;
    out = 0;
    for (size_t k = 0; k < 4; ++k) {
      int h = hex(s_[at + k]);
      if (h < 0) return false;
      out = out * 16 + static_cast<uint32_t>(h);
    }
    return true;
  }

  bool parse_string(std::string& out) {
    size_t start = i_++;
    while (true) {
      if (i_ >= s_.size()) return fail(start, "unterminated string: missing closing '\"'");
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') { ++i_; return true; }
      if (c < 0x20) {
        if (c == '\n' || c == '\r') return fail(start, "unterminated string: missing closing '\"' before the end of the line");
        return fail(i_, fmt::format("control character {} in a string must be escaped", describe_byte(c)));
      }
      if (c != '\\') {  // a run of plain characters, appended at once
        size_t run = i_ + 1;
        while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' && static_cast<unsigned char>(s_[run]) >= 0x20) ++run;
        out.append(s_.data() + i_, run - i_);
        i_ = run;
        continue;
      }
      size_t esc = i_;
      if (++i_ >= s_.size()) return fail(start, "unterminated string: missing closing '\"'");
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!read_hex4(i_, cp)) return fail(esc, "invalid \\u escape: expected four hex digits");
          i_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u' && read_hex4(i_ + 2, lo) &&
                lo >= 0xDC00 && lo <= 0xDFFF) {
              i_ += 6;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              cp = 0xFFFD;  // lone surrogate: replaced, as a UTF-8 encoder would
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return fail(esc, fmt::format("invalid escape sequence \"\\{}\" in a string", static_cast<char>(e)));
      }
    }
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  bool parse_number(Node& out) {
    size_t start = i_;
    bool integral = true;
    if (s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || !is_digit(s_[i_])) return fail(start, "invalid number: expected a digit after '-'");
    if (s_[i_] == '0') {
      ++i_;
      if (i_ < s_.size() && is_digit(s_[i_])) return fail(start, "invalid number: leading zeros are not allowed");
    } else {
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      integral = false;
      ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return fail(start, "invalid number: expected a digit after '.'");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integral = false;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return fail(start, "invalid number: expected a digit in the exponent");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    std::string_view lexeme = s_.substr(start, i_ - start);
    out.text = std::string(lexeme);
    double d = 0;
    auto r = std::from_chars(lexeme.data(), lexeme.data() + lexeme.size(), d);
    if (r.ec == std::errc::result_out_of_range) {
      // Underflow (1e-400) reads as zero; overflow has no meaning in a config.
      bool negative_exponent = lexeme.find("e-") != std::string_view::npos ||
                               lexeme.find("E-") != std::string_view::npos;
      if (!negative_exponent) return fail(start, fmt::format("number {} is too large", lexeme));
      d = 0;
    }
    out.number = d;
    out.kind = Kind::Float;
    if (integral) {
      int64_t v = 0;
      auto ri = std::from_chars(lexeme.data(), lexeme.data() + lexeme.size(), v);
      if (ri.ec == std::errc() && ri.ptr == lexeme.data() + lexeme.size()) {
        out.kind = Kind::Integer;
        out.integer = v;
      }
    }
    return true;
  }

  bool parse_literal(Node& out) {
    size_t start = i_;
    while (i_ < s_.size() && ((s_[i_] >= 'a' && s_[i_] <= 'z') || (s_[i_] >= 'A' && s_[i_] <= 'Z'))) ++i_;
    std::string_view word = s_.substr(start, i_ - start);
    if (word == "true") { out.kind = Kind::Bool; out.boolean = true; return true; }
    if (word == "false") { out.kind = Kind::Bool; out.boolean = false; return true; }
    if (word == "null") { out.kind = Kind::Null; return true; }
    return fail(start, fmt::format("unexpected word \"{}\": expected a value (true, false, null, a number, a string, an array or an object)", word));
  }

  Document& doc_;
  std::string_view s_;
  Diagnostics& diags_;
  const JsoncLimits& limits_;
  size_t i_ = 0;
  mutable LineIndex::Hint line_hint_;  // for LineIndex::pos_at: the reader moves forward
};

}  // namespace

bool parse_jsonc(Document& doc, Diagnostics& diags, const JsoncLimits& limits) {
  if (!begin_parse(doc, diags)) return false;
  return Parser(doc, diags, limits).run();
}

bool parse_json_values(Document& doc, Diagnostics& diags, const std::function<bool(Node&)>& each, const JsoncLimits& limits) {
  if (!begin_parse(doc, diags)) return false;
  return Parser(doc, diags, limits).run_stream(each);
}

}  // namespace cfscale
