#include "core/yaml_reader.h"
#include "core/yaml_library.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

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

namespace {
// Comments found a byte at a time, the way the reader first did it: the
// quote state runs along each line and starts afresh on the next.
std::vector<std::pair<size_t, std::string>> reference_comments(std::string_view s) {
  std::vector<std::pair<size_t, std::string>> out;
  size_t line_start = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') { line_start = i + 1; quote = 0; continue; }
    if (quote) { if (c == quote) quote = 0; continue; }
    if (c == '"' || c == '\'') { quote = c; continue; }
    if (c == '#' && (i == line_start || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      std::string_view body = s.substr(i + 1, end - i - 1);
      if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
      out.emplace_back(i, std::string(body));
      i = end - 1;
    }
  }
  return out;
}
}  // namespace

TEST_CASE("yaml: comments are the ones a byte-at-a-time scan finds") {
  const char* values[] = {"plain", "a#b", "\"str # in\"", "'s # in'", "\"it's # here\"", "'say \"#\"'", "x #", "1"};
  const char* tails[] = {"", " # note", "  #", " # \"quoted\" # more", "\t# tab", " #'"};
  uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 8); };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    size_t lines = next() % 8;
    for (size_t l = 0; l < lines; ++l) {
      switch (next() % 4) {
        case 0: text += "# whole line " + std::string(values[next() % 8]); break;
        case 1: text += "  # indented"; break;
        default: text += "k" + std::to_string(l) + ": " + values[next() % 8] + tails[next() % 6];
      }
      text += next() % 5 == 0 ? "\r\n" : "\n";
    }
    auto p = parse(text);
    CAPTURE(text);
    if (!p.ok) continue;  // comments are collected from readable files only
    auto want = reference_comments(text);
    REQUIRE(p.doc.comments.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      CHECK(p.doc.comments[i].pos.offset == want[i].first);
      CHECK(p.doc.comments[i].text == want[i].second);
    }
  }
}

TEST_CASE("yaml: what the plain subset does not cover is read as yaml-cpp reads it") {
  auto p = parse("%YAML 1.2\n---\nbase: &b\n  x: 1\n  y: 2\nd:\n  <<: *b\n  y: 3\n  f: !!float 4\n  s: !!str 5\n  z: \"a\\x41\"\n  list: *b\n");
  REQUIRE(p.ok);
  const Node* d = p.doc.root.get("d");
  REQUIRE(d);
  CHECK(d->get("x")->integer == 1);   // merged from the anchor
  CHECK(d->get("y")->integer == 3);   // the map's own key wins over the merge
  CHECK(d->get("f")->kind == Kind::Float);
  CHECK(d->get("f")->number == 4);
  CHECK(d->get("s")->kind == Kind::String);
  CHECK(d->get("z")->text == "aA");
  CHECK(d->get("list")->get("y")->integer == 2);  // an alias
  CHECK(d->member("f")->key_pos.line == 9);
  CHECK(d->member("f")->key_pos.column == 3);
  auto merged_list = parse("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n");
  REQUIRE(merged_list.ok);
  CHECK(merged_list.doc.root.get("c")->get("x")->integer == 1);  // the first source wins
  CHECK(merged_list.doc.root.get("c")->get("y")->integer == 2);
}

TEST_CASE("yaml: tags that do not fit, several documents and alias bombs are errors with a position") {
  auto tag = parse("a: !!int hello\n");
  REQUIRE_FALSE(tag.ok);
  CHECK(tag.diags.items()[0].message.find("not a valid !!int") != std::string::npos);
  CHECK(tag.diags.items()[0].location.pos.line == 1);
  auto custom = parse("a: !custom x\n");
  REQUIRE_FALSE(custom.ok);
  CHECK(custom.diags.items()[0].message.find("the tag !custom") != std::string::npos);
  auto two = parse("a: 1\n---\nb: 2\n");
  REQUIRE_FALSE(two.ok);
  CHECK(two.diags.items()[0].message.find("several YAML documents") != std::string::npos);
  CHECK(two.diags.items()[0].location.pos.line >= 2);
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i)
    bomb += fmt::format("a{}: &a{} [*a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}]\n", i, i, i - 1, i - 1, i - 1, i - 1, i - 1,
                        i - 1, i - 1, i - 1, i - 1, i - 1);
  auto b = parse(bomb);  // 10^9 values from 600 bytes
  REQUIRE_FALSE(b.ok);
  CHECK(b.diags.items()[0].message.find("aliases expand") != std::string::npos);
  auto dup = parse("a: &x 1\nb: *x\nb: 2\n");
  REQUIRE(dup.ok);
  CHECK(dup.diags.items().size() == 1);  // the duplicate, warned once
}

TEST_CASE("yaml: a '!' inside a plain scalar is text; a tag with a ',' (yaml-cpp never returns) is refused before yaml-cpp") {
  // Through yaml-cpp itself, not the fast path: the guard in front of it must not refuse valid YAML.
  auto library = [](std::string text) {
    Parsed p;
    p.doc.path = "m.yaml";
    p.doc.text = std::move(text);
    p.doc.lines = std::make_unique<LineIndex>(p.doc.text);
    p.ok = parse_yaml_library(p.doc, p.diags, {});
    return p;
  };
  auto plain = library("c !,");
  REQUIRE(plain.ok);
  CHECK(plain.doc.root.text == "c !,");
  auto value = library("a: x !,y\nb: [p !,q]\n");
  REQUIRE(value.ok);
  CHECK(value.doc.root.get("a")->text == "x !,y");
  for (const char* hang : {"!l,x 13", "a: !l,x 13\n", "- !a,b c\n", "a: 1\n!x,y 2\n"}) {
    CAPTURE(hang);
    auto p = library(hang);
    REQUIRE_FALSE(p.ok);
    CHECK(p.diags.items()[0].message.find("a tag with a ','") != std::string::npos);
  }
}
