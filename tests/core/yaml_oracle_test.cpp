// cfscale's YAML reader against yaml-cpp as an oracle: on every YAML file of
// the project (rules, limits, prices, the examples' and fixtures' metrics, the
// metrics seeds of the fuzz corpus) both must read the same tree. yaml-cpp is
// too slow to read with on every run (docs/performance.md) but it is the
// reference for what the files mean.
#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include "core/yaml_reader.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace cfscale;

namespace {

// Compares our node with yaml-cpp's; returns "" or the first difference.
std::string diff(const Node& ours, const YAML::Node& theirs, const std::string& path) {
  switch (theirs.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return ours.kind == Kind::Null ? "" : path + ": expected null";
    case YAML::NodeType::Scalar: {
      bool plain = theirs.Tag() == "?";
      if (!plain && ours.kind != Kind::String) return path + ": a quoted scalar must be a string";
      if (plain && (theirs.Scalar() == "~" || theirs.Scalar() == "null")) return ours.kind == Kind::Null ? "" : path + ": expected null";
      if (ours.kind == Kind::String && ours.text != theirs.Scalar())
        return path + ": \"" + ours.text + "\" but yaml-cpp reads \"" + theirs.Scalar() + "\"";
      if (ours.kind != Kind::String && ours.text != theirs.Scalar()) return path + ": scalar text differs";
      return "";
    }
    case YAML::NodeType::Sequence: {
      if (ours.kind != Kind::Array || ours.items.size() != theirs.size()) return path + ": sequence differs";
      for (size_t i = 0; i < theirs.size(); ++i)
        if (auto d = diff(ours.items[i], theirs[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
      return "";
    }
    case YAML::NodeType::Map: {
      if (ours.kind != Kind::Object || ours.members.size() != theirs.size()) return path + ": mapping differs";
      size_t i = 0;
      for (const auto& kv : theirs) {
        const Member& m = ours.members[i++];
        if (m.key != kv.first.Scalar()) return path + ": key \"" + m.key + "\" but yaml-cpp reads \"" + kv.first.Scalar() + "\"";
        if (auto d = diff(m.value, kv.second, path + "." + m.key); !d.empty()) return d;
      }
      return "";
    }
  }
  return path + ": unknown node";
}

void check(const fs::path& file, bool strip_first_byte) {
  std::string text = test::read_file(file);
  if (strip_first_byte && !text.empty()) text.erase(0, 1);
  Document doc;
  doc.path = file.string();
  doc.text = text;
  Diagnostics d;
  bool ours = parse_yaml(doc, d);
  YAML::Node theirs;
  bool theirs_ok = true;
  try {
    theirs = YAML::Load(text);
  } catch (const YAML::Exception&) {
    theirs_ok = false;
  }
  CAPTURE(file);
  REQUIRE(ours == theirs_ok);
  if (ours) CHECK(diff(doc.root, theirs, "") == "");
}

}  // namespace

TEST_CASE("yaml oracle: the project's YAML files read as yaml-cpp reads them") {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "rules")) {
    check(e.path(), false);
    ++n;
  }
  for (const auto& e : fs::recursive_directory_iterator(test::source_dir() / "examples"))
    if (e.path().extension() == ".yaml") { check(e.path(), false); ++n; }
  for (const auto& e : fs::recursive_directory_iterator(test::source_dir() / "tests" / "rules"))
    if (e.path().extension() == ".yaml") { check(e.path(), false); ++n; }
  for (const auto& e : fs::directory_iterator(test::source_dir() / "fuzz" / "corpus" / "metrics"))
    if (!e.path().string().ends_with(".json") && !e.path().string().ends_with(".toml") && e.path().filename() != "README.md") {
      check(e.path(), true);
      ++n;
    }
  CHECK(n > 80);
}

TEST_CASE("yaml oracle: block scalars, flow collections, quoting and comments") {
  const char* cases[] = {
      "a: |\n  line 1\n  line 2\n\nb: >-\n  folded\n  text\n\n  new paragraph\nc: |+\n  keep\n\n",
      "list:\n  - 1\n  - [2, 3]\n  - {x: 1, y: \"two\"}\n  - key: v\n    other: w\n",
      "'single ''quoted''': \"double \\\"quoted\\\" \\u00e9\"\nplain: value # comment\nurl: https://x.example/a#b\n",
      "nested:\n  deeper:\n    deepest: [a, b,\n      c]\nafter: 1\n",
      "seq:\n- a\n- b\nmap: {}\nempty:\n",
      "multi: this is\n  continued on\n  three lines\nnext: 2\n",
      "f: >\n\n  after a blank\n  folds\n\n\n  two breaks\n    more indented\n  back\n",
      "l: |-\n\n  keeps\n\n  every   break\n",
  };
  for (const char* c : cases) {
    CAPTURE(c);
    Document doc;
    doc.path = "t.yaml";
    doc.text = c;
    Diagnostics d;
    REQUIRE(parse_yaml(doc, d));
    CHECK(diff(doc.root, YAML::Load(c), "") == "");
  }
}
