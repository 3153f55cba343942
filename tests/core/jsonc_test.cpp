#include "core/jsonc.h"

#include <doctest/doctest.h>

#include "support.h"

using namespace cfscale;
using namespace cfscale;

namespace {

struct Parsed {
  Document doc;
  Diagnostics diags;
  bool ok;
};

Parsed parse(std::string text, JsoncLimits limits = {}) {
  Parsed p;
  p.doc.path = "t.jsonc";
  p.doc.text = std::move(text);
  p.ok = parse_jsonc(p.doc, p.diags, limits);
  return p;
}

std::string where(const Parsed& p) {
  const auto& d = p.diags.items().front();
  return std::to_string(d.location.pos.line) + ":" + std::to_string(d.location.pos.column);
}

}  // namespace

TEST_CASE("jsonc: values keep line, column and byte offset") {
  auto p = parse("{\n  \"name\": \"api\",\n  \"kv\": [ { \"binding\": \"CACHE\" } ]\n}");
  REQUIRE(p.ok);
  const Member* name = p.doc.root.member("name");
  REQUIRE(name);
  CHECK(name->key_pos == Pos{2, 3, 4});
  CHECK(name->value.pos == Pos{2, 11, 12});
  const Node* kv = p.doc.root.get("kv");
  REQUIRE(kv);
  CHECK(kv->items[0].pos.line == 3);
  CHECK(kv->items[0].pos.column == 11);
  CHECK(kv->items[0].get("binding")->text == "CACHE");
}

TEST_CASE("jsonc: columns count code points, not bytes") {
  auto p = parse("{\"é\": \"ü\", \"x\": 1}");
  REQUIRE(p.ok);
  CHECK(p.doc.root.member("x")->key_pos.column == 12);
  CHECK(p.doc.root.member("x")->key_pos.offset == 13);
}

TEST_CASE("jsonc: comments and trailing commas, as wrangler accepts") {
  auto p = parse("// top\n{\n  /* block\n  comment */ \"a\": [1, 2,],\n  \"b\": {\"c\": true,}, // end\n}\n");
  REQUIRE(p.ok);
  CHECK(p.doc.root.get("a")->items.size() == 2);
  CHECK(p.doc.comments.size() == 3);
  CHECK(p.doc.comments[0].text == " top");
  CHECK(p.doc.comments[2].pos.line == 5);
}

TEST_CASE("jsonc: BOM and CRLF") {
  auto p = parse("\xEF\xBB\xBF{\r\n\"a\": 1,\r\n\"b\": 2\r\n}");
  REQUIRE(p.ok);
  CHECK(p.doc.root.member("b")->key_pos.line == 3);
  CHECK(p.doc.root.member("b")->key_pos.column == 1);
}

TEST_CASE("jsonc: numbers") {
  auto p = parse("[0, -1, 12.5, 1e3, 9007199254740993, 1e-400]");
  REQUIRE(p.ok);
  const auto& items = p.doc.root.items;
  CHECK(items[0].kind == Kind::Integer);
  CHECK(items[1].integer == -1);
  CHECK(items[2].kind == Kind::Float);
  CHECK(items[3].number == 1000);
  CHECK(items[4].integer == 9007199254740993LL);
  CHECK(items[5].number == 0);
}

TEST_CASE("jsonc: syntax errors name the position") {
  struct Bad {
    const char* text;
    const char* pos;
    const char* words;
  } cases[] = {
      {"{\"a\": 1 \"b\": 2}", "1:9", "expected ',' or '}'"},
      {"{\"a\": }", "1:7", "expected a value"},
      {"[1,,2]", "1:4", "expected a value"},
      {"{\"a\": 01}", "1:7", "leading zeros"},
      {"{\"a\": \"x\ny\"}", "1:7", "unterminated string"},
      {"{\"a\": \"\\q\"}", "1:8", "invalid escape"},
      {"{\"a\": tru}", "1:7", "unexpected word \"tru\""},
      {"{'a': 1}", "1:2", "property name in double quotes"},
      {"{} x", "1:4", "after the end"},
      {"", "1:1", "empty"},
      {"/* open", "1:1", "unterminated block comment"},
      {"{\"a\": 1e999}", "1:7", "too large"},
      {"{\"a\": \"\t\"}", "1:8", "control character"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto p = parse(c.text);
    CHECK_FALSE(p.ok);
    REQUIRE(p.diags.has_errors());
    CHECK(where(p) == c.pos);
    CHECK(p.diags.items().front().message.find(c.words) != std::string::npos);
  }
}

TEST_CASE("jsonc: NUL bytes and invalid UTF-8 are rejected with their position") {
  auto nul = parse(std::string("{\"a\":\n \"b\0\"}", 12));
  CHECK_FALSE(nul.ok);
  CHECK(where(nul) == "2:4");
  CHECK(nul.diags.items().front().message.find("NUL") != std::string::npos);
  auto bad = parse("{\"a\": \"\xC3\x28\"}");
  CHECK_FALSE(bad.ok);
  CHECK(where(bad) == "1:8");
  CHECK(bad.diags.items().front().message.find("invalid UTF-8") != std::string::npos);
}

TEST_CASE("jsonc: nesting is bounded, not recursion without limit") {
  auto deep = parse(std::string(100000, '['));
  CHECK_FALSE(deep.ok);
  CHECK(deep.diags.items().front().message.find("deeper than 512") != std::string::npos);
  auto ok = parse(std::string(512, '[') + std::string(512, ']'));
  CHECK(ok.ok);
  auto limited = parse("[[[1]]]", JsoncLimits{2});
  CHECK_FALSE(limited.ok);
}

TEST_CASE("jsonc: a duplicate key warns and the last one wins") {
  auto p = parse("{\"a\": 1, \"a\": 2}");
  REQUIRE(p.ok);
  CHECK(p.doc.root.get("a")->integer == 2);
  REQUIRE(p.diags.size() == 1);
  CHECK(p.diags.items()[0].level == DiagLevel::Warning);
  CHECK(p.diags.items()[0].location.pos.column == 10);
}

TEST_CASE("jsonc: duplicates are found in small and large objects alike") {
  // SeenKeys scans small objects and hashes large ones: cross its limit.
  for (int n : {5, 31, 32, 33, 100}) {
    std::string text = "{";
    for (int i = 0; i < n; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    text += "\"k3\": -1, \"k" + std::to_string(n - 1) + "\": -2, \"new\": 0}";
    auto p = parse(text);
    CAPTURE(n);
    REQUIRE(p.ok);
    CHECK(p.diags.size() == (n - 1 == 3 ? 1 : 2));
    CHECK(p.doc.root.get("k3")->integer == -1);
  }
}

TEST_CASE("jsonc: escapes and surrogate pairs decode to UTF-8") {
  auto p = parse(R"(["\u00e9\ud83d\ude00\n", "\ud800"])");
  REQUIRE(p.ok);
  CHECK(p.doc.root.items[0].text == "é😀\n");
  CHECK(p.doc.root.items[1].text == "\xEF\xBF\xBD");
}
