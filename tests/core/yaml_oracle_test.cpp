// cfscale's YAML reader against yaml-cpp as an oracle: on every YAML file of
// the project (rules, limits, prices, the examples' and fixtures' metrics, the
// metrics seeds of the fuzz corpus) both must read the same tree. yaml-cpp is
// too slow to read with on every run (docs/performance.md) but it is the
// reference for what the files mean.
#include <functional>
#include <random>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <yaml-cpp/yaml.h>

#include "../fuzz/targets.h"
#include "core/yaml_library.h"
#include "core/yaml_plain.h"
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

std::string fast_path_difference(const std::string& text, bool& taken) { return fuzz::yaml_fast_path_difference(text, taken); }

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
  bool taken = false;
  CHECK(fast_path_difference(text, taken) == "");
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

TEST_CASE("yaml fast path: generated documents read the same by the plain reader and by yaml-cpp, positions included") {
  std::mt19937 rng(20261201);
  const char* scalars[] = {"1", "-2", "3.5", "1e3", "true", "null", "~", "plain text", "\"quoted \\\" é\"", "'single ''q'''",
                           "https://x.example/a#b", "", "0.000001", "\"\"", "x: y", "é", ".inf", "- item"};
  size_t taken_count = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    std::function<void(size_t, size_t)> block = [&](size_t indent, size_t depth) {
      size_t n = 1 + rng() % 4;
      bool seq = rng() % 3 == 0;
      for (size_t i = 0; i < n; ++i) {
        text += std::string(indent, ' ');
        if (seq) text += "- ";
        else text += fmt::format("k{}_{}: ", depth, i);
        unsigned pick = rng() % 10;
        if (pick < 2 && depth < 4) {
          text += rng() % 2 ? "# note\n" : "\n";
          block(indent + 2, depth + 1);
        } else if (pick == 2) {
          text += fmt::format("[{}, {}]\n", scalars[rng() % 8], scalars[rng() % 8]);
        } else if (pick == 3) {
          text += fmt::format("{{a: {}, b: {}}}\n", scalars[rng() % 8], scalars[rng() % 8]);
        } else if (pick == 4) {
          text += rng() % 2 ? "|\n" : ">-\n";
          text += std::string(indent + 2, ' ') + "line one\n" + std::string(indent + 2, ' ') + "line two\n";
        } else {
          std::string v = scalars[rng() % (sizeof scalars / sizeof *scalars)];
          if (v == "x: y" || v == "- item") v = "\"" + v + "\"";
          text += v + (rng() % 5 == 0 ? "  # comment\n" : "\n");
        }
      }
    };
    if (rng() % 4 == 0) text += "---\n";
    block(0, 0);
    CAPTURE(text);
    bool taken = false;
    REQUIRE(fast_path_difference(text, taken) == "");
    taken_count += taken;
  }
  CHECK(taken_count > 2500);  // the generator writes the plain subset
}
