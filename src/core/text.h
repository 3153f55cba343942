// Small text utilities shared by every reader: line/column mapping, UTF-8
// checks and "did you mean" suggestions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/location.h"

namespace cfscale {

// Maps byte offsets to 1-based line/column (columns in code points) and back.
// Built once per file; lookups are a binary search. "\r\n", "\n" and a lone
// "\r" each end a line, as editors count them.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  Pos pos_at(uint64_t offset) const;
  // The same for a reader moving forward through the text: `hint` remembers
  // the last answer, so the next one starts from its line instead of a search
  // over every line, and from its column instead of the line's start (a
  // 2 MB config on one line would otherwise be counted again for each value).
  struct Hint {
    size_t line = 0;
    uint64_t offset = 0;  // of the last answer, on `line`
    uint32_t column = 1;
  };
  Pos pos_at(uint64_t offset, Hint& hint) const;
  // Byte offset of a (line, column) pair as toml++ reports it. Clamped to the
  // line's end when the column is past it.
  uint64_t offset_of(uint32_t line, uint32_t column) const;
  size_t line_count() const { return starts_.size(); }
  std::string_view line_text(uint32_t line) const;
  // True when this index was built over exactly `text` (the same bytes in
  // memory, not a copy), so a parser can reuse it instead of scanning again.
  bool indexes(std::string_view text) const { return text_.data() == text.data() && text_.size() == text.size(); }

 private:
  Pos on_line(size_t line, uint64_t offset) const;  // line: 0-based, holding offset
  // The position of `offset`, counting on from `from` (on the same line) at `column`.
  Pos count_from(uint64_t from, uint32_t column, uint64_t offset, size_t line) const;

  std::string_view text_;
  std::vector<uint64_t> starts_;
};

// The offset of the first byte that is not part of valid UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF are invalid), if any.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// True when every byte is below 0x80.
bool is_ascii(std::string_view s);

// Appends code point `cp` to `out` as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

// Edit distance (optimal string alignment: insert, delete, replace, swap two
// neighbours), capped work for long strings.
size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a plausible typo
// (distance at most a third of the word, at least 1), else nothing.
std::optional<std::string> did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// " (did you mean \"x\"?)" or "".
std::string did_you_mean_suffix(std::string_view word, std::span<const std::string_view> candidates);

// A number for people: thousands separated (1,200,000), and enough digits to
// read, not more (233.333 -> 233, 12.345 -> 12.3, 0.91234 -> 0.912).
std::string format_number(double d);

// Money in dollars: "$9,299.28", "-$3.08"; prices below a cent keep their
// digits ("$0.001"). Exact for every amount cfscale prints (below
// cost::kMaxBillUsd, so that the cents fit a double).
// A share as a percentage: whole percents from 10% up, one decimal below
// ("35%", "4.5%"), as templates' {pct:} and findings show them.
std::string format_percent(double share);

// A unit price as published: every digit it has, and at least the cents
// ("$0.015", "$0.001", "$12.50", "$0.30"), where an amount is rounded.
std::string format_unit_price(double usd);
std::string format_money(double usd);

// The amount format_money shows, as a number: rounded to the cent, or to a
// millionth of a dollar below a cent. The JSON report writes this value
// (json_money), so the text and the JSON always show the same digits.
double money_rounded(double usd);

// What a fix does to the monthly bill, so that a saving never reads as a
// price: "saves $3.08", "costs $1.20", "no change".
std::string format_bill_effect(double usd);

// A printable rendering of a byte for messages: 'a', or 0x00.
std::string describe_byte(unsigned char c);

// True when std::filesystem::path(path).lexically_normal() is `path` itself:
// not empty, no empty, "." or ".." component, no trailing '/'. A fast path in
// front of lexically_normal, which builds and joins every component: false
// may still be normal, and callers then ask std::filesystem.
bool plainly_normal(std::string_view path);


}  // namespace cfscale
