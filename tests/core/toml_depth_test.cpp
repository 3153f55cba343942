#include "core/toml_depth.h"

#include <string>

#include <doctest/doctest.h>

#include "core/source.h"
#include "core/toml_reader.h"

using namespace cfscale;

namespace {
std::string repeat(std::string_view part, size_t n, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += std::string(i ? sep : "") + std::string(part);
  return out;
}
}  // namespace

TEST_CASE("toml depth: deep keys, headers and nesting are found where they start") {
  std::string key = "name = \"w\"\nvars." + repeat("a", 200000, ".") + " = 1\n";
  auto k = toml_too_deep(key);
  REQUIRE(k);
  CHECK(k->key);
  CHECK(k->offset == 11);
  auto h = toml_too_deep("[" + repeat("a", 129, ".") + "]\nx = 1\n");
  REQUIRE(h);
  CHECK(h->key);
  CHECK(h->offset == 0);
  auto a = toml_too_deep("x = " + std::string(200000, '[') + std::string(200000, ']') + "\n");
  REQUIRE(a);
  CHECK_FALSE(a->key);
  auto t = toml_too_deep("x = " + repeat("{ y = ", 200, "") + "1" + std::string(200, '}') + "\n");
  REQUIRE(t);
  CHECK_FALSE(t->key);
  auto inl = toml_too_deep("x = { " + repeat("a", 200, ".") + " = 1 }\n");
  REQUIRE(inl);
  CHECK(inl->key);
}

TEST_CASE("toml depth: dots in strings, numbers and comments are not key parts") {
  // 128 parts is the limit itself, allowed.
  CHECK_FALSE(toml_too_deep(repeat("a", 128, ".") + " = 1\n"));
  CHECK_FALSE(toml_too_deep("a = \"" + repeat("x", 500, ".") + "\"\n"));
  CHECK_FALSE(toml_too_deep("a = '" + repeat("x", 500, ".") + "'\n"));
  CHECK_FALSE(toml_too_deep("a = \"\"\"\n" + repeat("x", 500, ".") + "\n" + repeat("y", 500, ".") + " = 1\n\"\"\"\n"));
  CHECK_FALSE(toml_too_deep("a = [\n  " + repeat("1.5", 500, ", ") + ",\n  " + repeat("2.5", 500, ", ") + "\n]\n"));
  CHECK_FALSE(toml_too_deep("# " + repeat("c", 500, ".") + "\na = 1 # " + repeat("d", 500, ".") + "\n"));
  CHECK_FALSE(toml_too_deep("\"" + repeat("q", 500, ".") + "\" = 1\n"));
  CHECK_FALSE(toml_too_deep("[[routes]]\npattern = \"" + repeat("a", 300, ".") + "\"\n"));
}

TEST_CASE("toml depth: a deep key is an error with its position, in both readers") {
  for (bool plain_first : {true, false}) {
    Document doc;
    doc.path = "wrangler.toml";
    doc.text = std::string(plain_first ? "" : "x = \"\"\"\nml\n\"\"\"\n") + "name = \"w\"\nvars." + repeat("a", 5000, ".") + " = 1\n";
    Diagnostics diags;
    bool parsed = plain_first ? parse_toml(doc, diags) : parse_toml_tomlpp(doc, diags);
    CHECK_FALSE(parsed);
    REQUIRE(diags.size() == 1);
    const auto& d = *diags.begin();
    CHECK(d.code == "too-deep");
    CHECK(d.location.pos.line == (plain_first ? 2u : 5u));
    CHECK(d.location.pos.column == 1);
  }
}
