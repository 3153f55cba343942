#include "report/wrap.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/printable.h"

namespace cfscale::report {
namespace {

// Any spacing, a word at a time. Words the source already separates by one
// space are copied as one run.
void wrap_words(std::string& out, std::string_view text, size_t width, size_t indent) {
  auto space = [](char c) { return c <= ' ' && (c == ' ' || c == '\n' || c == '\t'); };
  size_t line = 0;  // length of the current line (after the indent)
  size_t run = std::string_view::npos, run_end = 0;  // text[run, run_end) is still to be appended
  auto flush = [&] {
    if (run != std::string_view::npos) out.append(text.data() + run, run_end - run);
    run = std::string_view::npos;
  };
  size_t i = 0;
  while (i < text.size()) {
    size_t gap = i;
    while (i < text.size() && space(text[i])) ++i;
    size_t j = i;
    while (j < text.size() && !space(text[j])) ++j;
    if (j == i) break;
    size_t len = j - i;
    if (line > 0 && indent + line + 1 + len > width) {
      flush();
      out += '\n';
      out.append(indent, ' ');
      line = 0;
    } else if (line > 0) {
      ++line;
      if (run != std::string_view::npos && run_end == gap && i - gap == 1 && text[gap] == ' ') {
        run_end = j;  // " word" as it stands in the source
        line += len;
        i = j;
        continue;
      }
      flush();
      out += ' ';
    }
    flush();
    run = i;
    run_end = j;
    line += len;
    i = j;
  }
  flush();
}

// One space between words and nothing else below ' ' (nearly every message):
// then a line is a slice of the text, up to the last space that fits. Looked
// at eight bytes at a time; a "space, '!'" pair reads as two spaces there,
// which only sends that text the slow way.
bool single_spaced(std::string_view t) {
  if (t.empty() || t.front() == ' ' || t.back() == ' ') return false;
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull, kSpaces = 0x2020202020202020ull;
  uint64_t space_before = 0;  // the byte before this word was a space
  size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, t.data() + i, 8);
    if ((x - kSpaces) & ~x & kHighs) return false;  // a byte below ' '
    uint64_t y = x ^ kSpaces;
    uint64_t spaces = (y - kOnes) & ~y & kHighs;    // 0x80 in each byte that is ' '
    if ((spaces & (spaces << 8)) || (space_before && (spaces & 0x80))) return false;
    space_before = spaces >> 63;
  }
  for (; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c < 0x20 || (c == ' ' && (space_before || t[i - 1] == ' '))) return false;
    space_before = 0;
  }
  return true;
}

void wrap_single_spaced(std::string& out, std::string_view t, size_t width, size_t indent) {
  size_t room = width > indent ? width - indent : 0;  // bytes on a line after the indent (the first line's too)
  size_t p = 0;  // the start of the line: a word
  for (;;) {
    if (t.size() - p <= room) {
      out.append(t.substr(p));
      return;
    }
    // The last space at or before p + room ends the line; with none, the
    // line is the first word alone, however long.
    size_t end = room > 0 ? t.substr(p + 1, room).rfind(' ') : std::string_view::npos;
    end = end != std::string_view::npos ? p + 1 + end : t.find(' ', p + 1);
    if (end == std::string_view::npos) {
      out.append(t.substr(p));
      return;
    }
    out.append(t.substr(p, end - p));
    out += '\n';
    out.append(indent, ' ');
    p = end + 1;
  }
}

}  // namespace

void wrap_into(std::string& out, std::string_view text, size_t width, size_t indent) {
  // Names from the inputs are inside the text: newlines and tabs only
  // separate words here, everything else that is not printable is shown as
  // an escape (core/printable.h).
  std::string shown;
  if (needs_printable(text)) {
    shown = printable_except(text, "\n\t");
    text = shown;
  }
  out.reserve(out.size() + text.size() + text.size() / 8);
  if (single_spaced(text)) wrap_single_spaced(out, text, width, indent);
  else wrap_words(out, text, width, indent);
}

std::string wrap(std::string_view text, size_t width, size_t indent) {
  std::string out;
  wrap_into(out, text, width, indent);
  return out;
}

}  // namespace cfscale::report
