#include "core/json_value.h"

#include <cmath>
#include <random>
#include <string>

#include <doctest/doctest.h>

#include "core/text.h"

using namespace cfscale;

TEST_CASE("json_text: the same values, safe in a terminal and a CI log") {
  nlohmann::ordered_json j = {{"name", "a\u202eb\u2066c\u2069\u0085d\u2028e ##[error]x"}, {"plain", "é 😀"}};
  std::string text = json_text(j);
  CHECK(text.find("\\u202e") != std::string::npos);
  CHECK(text.find("\\u2066") != std::string::npos);
  CHECK(text.find("\\u0085") != std::string::npos);
  CHECK(text.find("\\u2028") != std::string::npos);
  CHECK(text.find("##[") == std::string::npos);
  CHECK(text.find("é 😀") != std::string::npos);  // other characters stay as they are
  CHECK(nlohmann::ordered_json::parse(text) == j);
}

TEST_CASE("json_money and format_money show the same digits for every amount up to a trillion dollars") {
  std::mt19937_64 rng(20261201);
  for (int i = 0; i < 200000; ++i) {
    int exponent = static_cast<int>(rng() % 20) - 7;  // from a ten-millionth of a dollar to 10^12
    double usd = std::ldexp(static_cast<double>(rng() >> 11), -53) * std::pow(10.0, exponent + 1);
    if (rng() % 4 == 0) usd = -usd;
    std::string text = format_money(usd);  // "-$1,234.56"
    std::string digits;
    for (char c : text)
      if (c != '$' && c != ',') digits += c;
    std::string json = json_money(usd).dump();
    CAPTURE(usd);
    CAPTURE(text);
    CAPTURE(json);
    REQUIRE(std::stod(digits) == std::stod(json));
  }
  CHECK(json_money(11460000033.88).dump() == "11460000033.88");
  CHECK(format_money(11460000033.88) == "$11,460,000,033.88");
}
