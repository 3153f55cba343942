#include "core/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace cfscale {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.reserve(text.size() / 32 + 1);
  starts_.push_back(0);
  // Line feeds by memchr; a carriage return is rare enough to look for only
  // when the file has one.
  if (text.find('\r') == std::string_view::npos) {
    for (const char* nl; (nl = static_cast<const char*>(std::memchr(text.data() + starts_.back(), '\n', text.size() - starts_.back())));)
      starts_.push_back(static_cast<uint64_t>(nl - text.data()) + 1);
    return;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      starts_.push_back(i + 1);
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

static bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The first byte at or after `from` and before `to` that is not ASCII, or
// `to`: eight bytes at a time, since the files read are mostly ASCII.
static size_t skip_ascii(std::string_view s, size_t from, size_t to) {
  size_t i = from;
  for (; i + 8 <= to; i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ull) break;
  }
  while (i < to && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}

bool is_ascii(std::string_view s) { return skip_ascii(s, 0, s.size()) == s.size(); }

Pos LineIndex::pos_at(uint64_t offset) const {
  Hint no_hint{starts_.size(), 0, 1};
  return pos_at(offset, no_hint);
}

Pos LineIndex::pos_at(uint64_t offset, Hint& hint) const {
  offset = std::min<uint64_t>(offset, text_.size());
  size_t line = hint.line;
  bool near = line < starts_.size() && starts_[line] <= offset;
  for (int steps = 0; near && line + 1 < starts_.size() && starts_[line + 1] <= offset; ++line)
    near = ++steps <= 4;  // far ahead: search instead
  if (!near) line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) - starts_.begin()) - 1;
  // On the hint's line and after it: count on from its column.
  bool from_hint = line == hint.line && hint.offset >= starts_[line] && hint.offset <= offset;
  Pos p = from_hint ? count_from(hint.offset, hint.column, offset, line) : on_line(line, offset);
  hint = Hint{line, offset, p.column};
  return p;
}

Pos LineIndex::count_from(uint64_t from, uint32_t column, uint64_t offset, size_t line) const {
  uint64_t i = skip_ascii(text_, from, offset);  // one column per ASCII byte
  column += static_cast<uint32_t>(i - from);
  for (; i < offset; ++i)
    if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++column;
  return Pos{static_cast<uint32_t>(line + 1), column, offset};
}

Pos LineIndex::on_line(size_t line, uint64_t offset) const { return count_from(starts_[line], 1, offset, line); }

uint64_t LineIndex::offset_of(uint32_t line, uint32_t column) const {
  if (line == 0) return 0;
  if (line > starts_.size()) return text_.size();
  uint64_t i = starts_[line - 1];
  uint64_t end = line < starts_.size() ? starts_[line] : text_.size();
  // ASCII up to the column (nearly always): the column is the byte count.
  if (column >= 1 && column - 1 <= end - i) {
    uint64_t target = i + column - 1;
    if (skip_ascii(text_, i, target) == target) return target;
  }
  for (uint32_t col = 1; col < column && i < end; ++col) {
    ++i;
    while (i < end && is_continuation(static_cast<unsigned char>(text_[i]))) ++i;
  }
  return i;
}

std::string_view LineIndex::line_text(uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  uint64_t start = starts_[line - 1];
  uint64_t end = line < starts_.size() ? starts_[line] : text_.size();
  std::string_view s = text_.substr(start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    i = skip_ascii(text, i, n);
    if (i >= n) break;
    unsigned char c = p[i];
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if (!is_continuation(p[i + k])) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::nullopt;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t edit_distance(std::string_view a, std::string_view b) {
  // Keys are short; anything long is not a typo of a key anyway.
  if (a.size() > 64 || b.size() > 64) return std::max(a.size(), b.size());
  // Optimal string alignment: a swap of two neighbours ("wehn") is one edit.
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

static std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-') c = '_';
  }
  return out;
}

std::optional<std::string> did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  std::string w = lower(word);
  size_t best = SIZE_MAX;
  std::string_view best_word;
  for (auto c : candidates) {
    if (c == word) continue;  // the word itself is no suggestion: it was refused for another reason
    size_t d = edit_distance(w, lower(c));
    if (d < best) { best = d; best_word = c; }
  }
  size_t allowed = std::max<size_t>(1, w.size() / 3);
  if (best_word.empty() || best > allowed) return std::nullopt;
  return std::string(best_word);
}

std::string did_you_mean_suffix(std::string_view word, std::span<const std::string_view> candidates) {
  auto s = did_you_mean(word, candidates);
  return s ? fmt::format(" (did you mean \"{}\"?)", *s) : std::string();
}

std::string describe_byte(unsigned char c) {
  if (c >= 0x21 && c < 0x7F) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("0x{:02X}", c);
}

bool plainly_normal(std::string_view path) {
  if (path.empty() || path.back() == '/') return false;
  for (size_t start = path[0] == '/' ? 1 : 0; start <= path.size();) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

namespace {
// std::to_chars rather than fmt: numbers are formatted hundreds of times per
// Worker, and the bytes are the same (both round the exact binary value).
std::string integer_text(long long v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string fixed_text(double d, int precision) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, precision);
  return r.ec == std::errc() ? std::string(buf, r.ptr) : fmt::format("{:.{}f}", d, precision);
}
}  // namespace

std::string format_number(double d) {
  if (!std::isfinite(d)) return d > 0 ? "infinity" : "-infinity";
  double a = std::fabs(d);
  if (a >= 1000 && std::floor(d) == d) {
    // Past what a long long holds, every digit of the double's exact value
    // (the cast was undefined there; a fuzzed metrics file found it).
    std::string digits = a < 9.2e18 ? integer_text(static_cast<long long>(a)) : fixed_text(a, 0);
    std::string out = d < 0 ? "-" : "";
    out.reserve(digits.size() + digits.size() / 3 + 1);
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  if (std::floor(d) == d && a < 1e15) return integer_text(static_cast<long long>(d));
  // Enough digits to read, not more: 233.333 -> 233, 12.345 -> 12.3, 0.9123 -> 0.912.
  if (a >= 100) return format_number(std::round(d));
  std::string s = fixed_text(d, a >= 10 ? 1 : 3);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string format_bill_effect(double usd) {
  if (usd < 0) return "saves " + format_money(-usd);
  if (usd > 0) return "costs " + format_money(usd);
  return "no change";
}

double money_rounded(double usd) {
  double a = std::fabs(usd);
  if (a > 0 && a < 0.01) return std::round(usd * 1e6) / 1e6;
  return std::round(usd * 100) / 100;
}

std::string format_percent(double share) {
  double p = share * 100;
  return format_number(p >= 10 ? std::round(p) : std::round(p * 10) / 10) + "%";
}

std::string format_unit_price(double usd) {
  std::string s = fixed_text(std::fabs(usd), 10);
  size_t dot = s.find('.');
  while (s.size() > dot + 3 && s.back() == '0') s.pop_back();
  std::string whole = s.substr(0, dot);
  return (usd < 0 ? "-$" : "$") + format_number(std::stod(whole)) + s.substr(dot);
}

std::string format_money(double usd) {
  double a = std::fabs(usd);
  std::string out = usd < 0 ? "-$" : "$";
  if (a > 0 && a < 0.01) {
    std::string s = fixed_text(a, 6);
    while (s.back() == '0') s.pop_back();
    return out + s;
  }
  long long cents = std::llround(a * 100);
  out += format_number(static_cast<double>(cents / 100));
  out += '.';
  out += static_cast<char>('0' + cents % 100 / 10);
  out += static_cast<char>('0' + cents % 10);
  return out;
}

}  // namespace cfscale
