#include "core/printable.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace cfscale {
namespace {

// The code point at s[i] and its length in bytes; length 0 for a byte that
// does not start valid UTF-8 (overlong forms and surrogates included).
std::pair<uint32_t, size_t> decode(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return {0, 0};
  if (n == 1) return {c, 1};
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, n};
}

// Characters that change how a line is shown without being seen: C1
// controls, bidirectional marks, overrides and isolates ("Trojan Source",
// CVE-2021-42574), and the Unicode line and paragraph separators.
bool invisible(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

bool control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Unicode White_Space, which .NET's TrimStart removes before the runner looks for "::".
bool white_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace

Invisible invisible_at(std::string_view s, size_t i) {
  if (static_cast<unsigned char>(s[i]) < 0xC2) return {};  // ASCII, or not the start of a character
  auto [cp, n] = decode(s, i);
  if (n == 0 || !invisible(cp)) return {};
  return {cp, n};
}

bool needs_printable(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (control(c)) return true;
      ++i;
      continue;
    }
    auto [cp, n] = decode(s, i);
    if (n == 0 || invisible(cp)) return true;
    i += n;
  }
  return false;
}

void append_printable(std::string& out, std::string_view s) {
  if (!needs_printable(s)) {
    out += s;
    return;
  }
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (control(c)) out += fmt::format("\\x{:02x}", c);
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    auto [cp, n] = decode(s, i);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else {
      if (invisible(cp)) out += fmt::format("\\u{{{:x}}}", cp);
      else out.append(s.substr(i, n));
      i += n;
    }
  }
}

std::string printable(std::string_view s) {
  std::string out;
  append_printable(out, s);
  return out;
}

std::string printable_except(std::string_view s, std::string_view keep) {
  std::string out;
  for (size_t start = 0; start <= s.size();) {
    size_t end = std::min(s.find_first_of(keep, start), s.size());
    append_printable(out, s.substr(start, end - start));
    if (end == s.size()) break;
    out += s[end];
    start = end + 1;
  }
  return out;
}

bool neutralize_workflow_commands(std::string_view text, std::string& out) {
  bool changed = false;
  std::string result;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    size_t i = 0;
    while (i < line.size()) {
      auto [cp, n] = decode(line, i);
      if (n == 0 || !white_space(cp)) break;
      i += n;
    }
    std::string fixed(line.substr(0, i));
    std::string_view rest = line.substr(i);
    if (rest.substr(0, 2) == "::") {
      fixed += '\\';
      changed = true;
    }
    for (size_t p = 0; p < rest.size(); ++p) {
      fixed += rest[p];
      if (rest.substr(p, 3) == "##[") {
        fixed += "#\\[";
        p += 2;
        changed = true;
      }
    }
    result += fixed;
    if (end == text.size()) break;
    result += text[end];
    start = end + 1;
  }
  if (changed) out = std::move(result);
  return changed;
}

bool WorkflowCommandScan::may_have(std::string_view piece) {
  for (char ch : piece) {
    if (found_) return true;
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n' || c == '\r') {
      lead_ = true;
      colon_ = false;
      hashes_ = 0;
      continue;
    }
    if (lead_) {
      if (c == ' ' || c == '\t' || c == '\v' || c == '\f') continue;
      if (c >= 0x80) return found_ = true;  // perhaps white space; the exact check decides
      lead_ = false;
      colon_ = c == ':';
      hashes_ = c == '#';
      continue;
    }
    if (colon_ && c == ':') return found_ = true;
    colon_ = false;
    if (c == '#') ++hashes_;
    else {
      if (c == '[' && hashes_ >= 2) return found_ = true;
      hashes_ = 0;
    }
  }
  return found_;
}

}  // namespace cfscale
