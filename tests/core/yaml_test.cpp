#include "core/yaml_reader.h"

#include <doctest/doctest.h>

using namespace cfscale;

namespace {
struct Parsed {
  Document doc;
  Diagnostics diags;
  bool ok;
};
Parsed parse(std::string text) {
  Parsed p;
  p.doc.path = "m.yaml";
  p.doc.text = std::move(text);
  p.ok = parse_yaml(p.doc, p.diags);
  return p;
}
}  // namespace

TEST_CASE("yaml: plain scalars resolve by the core schema, quoted ones stay strings") {
  auto p = parse("a: 1\nb: 2.5\nc: true\nd: null\ne: ~\nf: \"1\"\ng: hello\nh: 1e3\ni: -4\n");
  REQUIRE(p.ok);
  const Node& r = p.doc.root;
  CHECK(r.get("a")->kind == Kind::Integer);
  CHECK(r.get("b")->number == 2.5);
  CHECK(r.get("c")->boolean);
  CHECK(r.get("d")->kind == Kind::Null);
  CHECK(r.get("e")->kind == Kind::Null);
  CHECK(r.get("f")->kind == Kind::String);
  CHECK(r.get("g")->text == "hello");
  CHECK(r.get("h")->number == 1000);
  CHECK(r.get("i")->integer == -4);
}

TEST_CASE("yaml: positions, comments and errors") {
  auto p = parse("# head\nworker:\n  requests_per_day: 5  # note\n");
  REQUIRE(p.ok);
  const Member* m = p.doc.root.get("worker")->member("requests_per_day");
  CHECK(m->key_pos.line == 3);
  CHECK(m->key_pos.column == 3);
  CHECK(m->value.pos.column == 21);
  CHECK(p.doc.comments.size() == 2);
  auto bad = parse("a: [1, 2\nb: 3\n");
  CHECK_FALSE(bad.ok);
  CHECK(bad.diags.items()[0].code == "yaml-syntax");
  CHECK(bad.diags.items()[0].location.pos.line >= 1);
}

TEST_CASE("yaml: deep nesting is refused before the parser recurses") {
  auto deep = parse(std::string(100000, '['));
  CHECK_FALSE(deep.ok);
  CHECK(deep.diags.items()[0].message.find("deeper than") != std::string::npos);
}

TEST_CASE("yaml: a duplicate key warns") {
  auto p = parse("a: 1\na: 2\n");
  REQUIRE(p.ok);
  CHECK(p.diags.items()[0].code == "duplicate-key");
}
