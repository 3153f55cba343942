#include "report/wrap.h"

#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "core/printable.h"

using namespace cfscale::report;

namespace {

// The rule itself, a word at a time: words split at spaces, tabs and
// newlines, joined by one space, a line ends before the word that would pass
// `width` (a word too long for any line stands alone).
std::string reference_wrap(std::string_view text, size_t width, size_t indent) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\n') ++j;
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  std::string out;
  size_t line = 0;
  for (auto w : words) {
    if (line > 0 && indent + line + 1 + w.size() > width) {
      out += '\n';
      out.append(indent, ' ');
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += w;
    line += w.size();
  }
  return out;
}

std::string wrapped(std::string_view text, size_t width, size_t indent) {
  std::string out = "prefix ";  // appends, never replaces
  wrap_into(out, text, width, indent);
  REQUIRE(out.substr(0, 7) == "prefix ");
  return out.substr(7);
}

}  // namespace

TEST_CASE("wrap: examples") {
  CHECK(wrapped("one two three", 9, 2) == "one two\n  three");
  CHECK(wrapped("one two three", 100, 4) == "one two three");
  CHECK(wrapped("a verylongword b", 6, 0) == "a\nverylongword\nb");
  CHECK(wrapped("  spaced \t out\nwords  ", 9, 1) == "spaced\n out\n words");
  CHECK(wrapped("", 10, 2).empty());
  CHECK(wrapped("   ", 10, 2).empty());
  CHECK(wrapped("word word", 3, 8) == "word\n        word");  // the indent is wider than the width
  CHECK(wrapped("exactly ten", 11, 0) == "exactly ten");
  CHECK(wrapped("exactly ten", 10, 0) == "exactly\nten");
}

TEST_CASE("wrap: single-spaced and irregular texts agree with the word-at-a-time rule") {
  std::mt19937 rng(20261128);
  const char* spaces[] = {" ", " ", " ", " ", "  ", "\t", "\n", " \n "};
  for (int round = 0; round < 20000; ++round) {
    bool irregular = round % 3 == 0;
    std::string text;
    if (irregular && rng() % 2) text += spaces[rng() % 8];
    size_t words = rng() % 30;
    for (size_t w = 0; w < words; ++w) {
      if (w > 0) text += irregular ? spaces[rng() % 8] : " ";
      size_t len = 1 + rng() % (rng() % 10 == 0 ? 40 : 9);
      for (size_t k = 0; k < len; ++k) {
        unsigned pick = rng() % 20;
        text += pick == 0 ? '!' : pick == 1 && irregular ? '\r' : pick < 5 ? "é"[k % 2] : static_cast<char>('a' + rng() % 26);
      }
    }
    if (irregular && rng() % 2) text += spaces[rng() % 8];
    size_t width = rng() % 100, indent = rng() % 20;
    CAPTURE(text);
    CAPTURE(width);
    CAPTURE(indent);
    // What is not printable ('\r', bytes that are not UTF-8) is shown escaped
    // and then wrapped as words; newlines and tabs still separate words.
    std::string shown, segment;
    for (char c : text + '\n') {
      if (c != '\n' && c != '\t') {
        segment += c;
        continue;
      }
      cfscale::append_printable(shown, segment);
      shown += c;
      segment.clear();
    }
    shown.pop_back();
    if (!cfscale::needs_printable(text)) CHECK(shown == text);
    REQUIRE(wrapped(text, width, indent) == reference_wrap(shown, width, indent));
  }
}
