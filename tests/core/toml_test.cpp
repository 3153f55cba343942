#include "core/toml_reader.h"

#include <doctest/doctest.h>

#include "support.h"

using namespace cfscale;
using namespace cfscale;

namespace {
Document doc_of(std::string text) {
  Document d;
  d.path = "wrangler.toml";
  d.text = std::move(text);
  return d;
}
}  // namespace

TEST_CASE("toml: values keep positions, tables keep file order") {
  auto d = doc_of("name = \"api\"\nmain = \"src/index.ts\"\n\n[[kv_namespaces]]\nbinding = \"CACHE\"\nid = \"abc\"\n");
  Diagnostics diags;
  REQUIRE(parse_toml(d, diags));
  REQUIRE(d.root.members.size() == 3);
  CHECK(d.root.members[0].key == "name");
  CHECK(d.root.members[1].key == "main");
  CHECK(d.root.members[2].key == "kv_namespaces");
  CHECK(d.root.member("main")->key_pos == Pos{2, 1, 13});
  const Node& kv = d.root.get("kv_namespaces")->items[0];
  CHECK(kv.get("binding")->pos.line == 5);
  CHECK(kv.get("binding")->pos.column == 11);
  CHECK(kv.get("binding")->pos.offset == 64);
}

TEST_CASE("toml: types map onto the shared tree") {
  auto d = doc_of("a = 1\nb = 2.5\nc = true\nd = 2024-01-02\ne = [\"x\", \"y\",]\nf = { g = 1 }\n");
  Diagnostics diags;
  REQUIRE(parse_toml(d, diags));
  CHECK(d.root.get("a")->kind == Kind::Integer);
  CHECK(d.root.get("b")->number == 2.5);
  CHECK(d.root.get("c")->boolean);
  CHECK(d.root.get("d")->kind == Kind::DateTime);
  CHECK(d.root.get("d")->text == "2024-01-02");
  CHECK(d.root.get("e")->items.size() == 2);
  CHECK(d.root.get("f")->get("g")->integer == 1);
}

TEST_CASE("toml: syntax errors carry toml++'s position") {
  auto d = doc_of("name = \"a\"\n[observability]\nenabled = true\n[observability]\n");
  Diagnostics diags;
  CHECK_FALSE(parse_toml(d, diags));
  REQUIRE(diags.has_errors());
  CHECK(diags.items()[0].location.pos.line == 4);
  CHECK(diags.items()[0].code == "toml-syntax");
}

TEST_CASE("toml: comments are collected, strings are not comments") {
  auto d = doc_of("# head\nname = \"a#b\" # tail\nx = '''multi\n# not a comment\n'''\n");
  Diagnostics diags;
  REQUIRE(parse_toml(d, diags));
  REQUIRE(d.comments.size() == 2);
  CHECK(d.comments[0].text == " head");
  CHECK(d.comments[1].text == " tail");
  CHECK(d.comments[1].pos.line == 2);
  CHECK(d.root.get("name")->text == "a#b");
}

TEST_CASE("toml: invalid UTF-8 and NUL are rejected with a position") {
  auto d = doc_of("name = \"\xFF\"\n");
  Diagnostics diags;
  CHECK_FALSE(parse_toml(d, diags));
  CHECK(diags.items()[0].location.pos.column == 9);
  CHECK(diags.items()[0].code == "encoding");
}
