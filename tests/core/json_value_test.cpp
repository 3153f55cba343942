#include "core/json_value.h"

#include <doctest/doctest.h>

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
