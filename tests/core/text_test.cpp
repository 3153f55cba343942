#include "core/text.h"

#include <cmath>
#include <filesystem>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace cfscale;

TEST_CASE("LineIndex: positions and offsets round-trip, CRLF and lone CR") {
  std::string text = "ab\r\ncé\rx\ny";
  LineIndex li(text);
  CHECK(li.line_count() == 4);
  CHECK(li.pos_at(0) == Pos{1, 1, 0});
  CHECK(li.pos_at(4) == Pos{2, 1, 4});
  CHECK(li.pos_at(7) == Pos{2, 3, 7});   // after "cé": é is two bytes, one column
  CHECK(li.pos_at(8) == Pos{3, 1, 8});
  CHECK(li.offset_of(2, 3) == 7);
  CHECK(li.offset_of(4, 1) == 10);
  CHECK(li.line_text(2) == "cé");
}

TEST_CASE("find_invalid_utf8") {
  CHECK_FALSE(find_invalid_utf8("plain é 😀"));
  CHECK(find_invalid_utf8("ab\xC3") == 2u);             // truncated
  CHECK(find_invalid_utf8("\xC0\xAF") == 0u);           // overlong
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1u);      // surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);   // above U+10FFFF
  CHECK(find_invalid_utf8("\x80") == 0u);               // lone continuation
}

TEST_CASE("did_you_mean") {
  std::vector<std::string_view> keys = {"kv_namespaces", "d1_databases", "max_batch_size"};
  CHECK(did_you_mean("kv_namespace", keys) == "kv_namespaces");
  CHECK(did_you_mean("max-batch-size", keys) == "max_batch_size");
  CHECK(edit_distance("wehn", "when") == 1);  // a swap is one edit
  CHECK(did_you_mean("KV_NAMESPACES", keys) == "kv_namespaces");
  CHECK_FALSE(did_you_mean("colour", keys));
  CHECK(did_you_mean_suffix("d1_database", keys) == " (did you mean \"d1_databases\"?)");
  // The word itself is never the suggestion (it was refused for another reason).
  std::vector<std::string_view> with_a = {"a", "b"};
  CHECK(did_you_mean("a", with_a) == "b");
  std::vector<std::string_view> only_a = {"a"};
  CHECK_FALSE(did_you_mean("a", only_a));
}

// format_number and format_money use std::to_chars for speed; fmt is the
// reference for the digits (both round the exact binary value).
TEST_CASE("text: numbers and money are the digits fmt would print") {
  auto ref_number = [](double d) -> std::string {
    double a = std::fabs(d);
    if (std::floor(d) == d && a < 1e15) {
      std::string digits = fmt::format("{}", static_cast<long long>(a)), out;
      for (size_t i = 0; i < digits.size(); ++i) {
        if (a >= 1000 && i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
      }
      return (d < 0 && out != "0" ? "-" : "") + out;
    }
    return "";
  };
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    double scale = std::pow(10.0, static_cast<int>(x % 12) - 4);
    double d = (static_cast<double>(x % 2000001) - 1000000) / 1000 * scale;
    std::string got = format_number(d);
    CAPTURE(d);
    if (std::floor(d) == d && std::fabs(d) < 1e15) {
      CHECK(got == ref_number(d));
    } else if (std::fabs(d) < 100) {
      std::string s = std::fabs(d) >= 10 ? fmt::format("{:.1f}", d) : fmt::format("{:.3f}", d);
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
      CHECK(got == s);
    }
    long long cents = std::llround(std::fabs(d) * 100);
    std::string money = std::fabs(d) > 0 && std::fabs(d) < 0.01 ? "" : fmt::format("{}${}.{:02}", d < 0 ? "-" : "", format_number(static_cast<double>(cents / 100)), cents % 100);
    if (!money.empty()) CHECK(format_money(d) == money);
  }
  // Past a long long: the exact digits, grouped (this once cast out of range).
  CHECK(format_number(1e19) == "10,000,000,000,000,000,000");
  CHECK(format_number(-2e20) == "-200,000,000,000,000,000,000");
  CHECK(format_number(8.5e116).size() == 117 + 38);  // 117 digits, 38 commas
  CHECK(format_number(1.7976931348623157e308).substr(0, 7) == "179,769");
  CHECK(format_money(0.0012345) == "$0.001234");  // below a cent: up to six decimals
  CHECK(format_money(-1234567.891) == "-$1,234,567.89");
}

TEST_CASE("plainly_normal: only paths std::filesystem leaves as they are") {
  for (const char* p : {"a", "a/b", "/a/b", "a/b.toml", "", "/", "a/", "a//b", "./a", "a/./b", "a/..", "../a", "a/.", "//a",
                        ".", "..", ".hidden/a", "a/..b", "a/b../c", "/tmp/x/cfscale.metrics.yaml"}) {
    CAPTURE(p);
    bool plain = plainly_normal(p);
    if (plain) CHECK(std::filesystem::path(p).lexically_normal().string() == p);
  }
  CHECK(plainly_normal("a/b/c.yaml"));
  CHECK(plainly_normal("/abs/b"));
  CHECK(plainly_normal(".hidden/a..b"));
  CHECK_FALSE(plainly_normal("a/./b"));
  CHECK_FALSE(plainly_normal("a//b"));
  CHECK_FALSE(plainly_normal("../a"));
}

TEST_CASE("LineIndex: a hinted position is the searched one, forwards, backwards and far ahead") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += std::string(static_cast<size_t>(i % 7), 'x') + (i % 11 == 0 ? "é\r\n" : i % 13 == 0 ? "\r" : "\n");
  LineIndex li(text);
  LineIndex::Hint hint;
  uint64_t offsets[] = {0, 1, 2, 5, 9, 40, 41, 300, 299, 3, 700, 701, 702, text.size() - 1, text.size(), text.size() + 5, 0, 150};
  for (uint64_t at : offsets) {
    CAPTURE(at);
    CHECK(li.pos_at(at, hint) == li.pos_at(at));
  }
  hint = {};
  for (uint64_t at = 0; at <= text.size(); ++at) REQUIRE(li.pos_at(at, hint) == li.pos_at(at));
  // One long line with multi-byte characters: counted on from the last column,
  // forwards, then backwards on the same line and from another line.
  std::string one;
  for (int i = 0; i < 5000; ++i) one += i % 3 ? "a" : "é";
  one += "\nb";
  LineIndex lo(one);
  hint = {};
  for (uint64_t at = 0; at <= one.size(); at += 7) REQUIRE(lo.pos_at(at, hint) == lo.pos_at(at));
  for (uint64_t at : {one.size() - 1, uint64_t{100}, uint64_t{3}, one.size(), uint64_t{4000}}) REQUIRE(lo.pos_at(at, hint) == lo.pos_at(at));
}

TEST_CASE("text: a unit price prints every published digit, and at least the cents") {
  CHECK(format_unit_price(0.015) == "$0.015");
  CHECK(format_unit_price(0.001) == "$0.001");
  CHECK(format_unit_price(0.30) == "$0.30");
  CHECK(format_unit_price(12.5) == "$12.50");
  CHECK(format_unit_price(4.5) == "$4.50");
  // Containers' per-second prices: exact, not rounded to $0.00.
  CHECK(format_unit_price(0.00000007) == "$0.00000007");
  CHECK(format_unit_price(0.0000025) == "$0.0000025");
  CHECK(format_unit_price(1234.25) == "$1,234.25");
  CHECK(format_money(0.015) == "$0.02");  // an amount is rounded; a price is not
}
