// JSONTestSuite against wrangler's own verdicts (see
// ../shared/conformance/README.md): y_ accepted; n_ files wrangler accepts
// (trailing commas, comments) accepted; other n_ rejected with a position;
// the two files that crash wrangler rejected cleanly; i_ either, never a crash.
#include <doctest/doctest.h>

#include <map>

#include "core/jsonc.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace cfscale;

namespace {

// Where cfscale's verdict differs from wrangler's on purpose.
const std::map<std::string, std::string> kDeliberate = {
    {"n_object_lone_continuation_byte_in_key_and_trailing_comma.json",
     "invalid UTF-8 is rejected with its position; wrangler silently reads it as U+FFFD"},
};

std::map<std::string, std::string> verdicts() {
  std::map<std::string, std::string> out;
  std::istringstream in(test::read_file(test::shared_dir() / "conformance" / "JSONTestSuite" / "wrangler-jsonc-verdicts.tsv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    auto tab2 = line.find('\t', tab + 1);
    out[line.substr(0, tab)] = line.substr(tab + 1, tab2 - tab - 1);
  }
  return out;
}

}  // namespace

TEST_CASE("JSONTestSuite: verdicts agree with wrangler's jsonc reader") {
  fs::path dir = test::shared_dir() / "conformance" / "JSONTestSuite" / "test_parsing";
  REQUIRE_MESSAGE(fs::is_directory(dir), "missing " << dir);
  auto expected = verdicts();
  REQUIRE(expected.size() == 318);
  size_t checked = 0;
  for (const auto& [file, verdict] : expected) {
    CAPTURE(file);
    Document doc;
    doc.path = file;
    doc.text = test::read_file(dir / file);
    Diagnostics diags;
    bool accepted = parse_jsonc(doc, diags);
    ++checked;
    if (!accepted) {
      // Every rejection is a clear error with a position, never a crash.
      REQUIRE(diags.has_errors());
      CHECK(diags.items().front().location.pos.line >= 1);
      CHECK(diags.items().front().location.pos.column >= 1);
    }
    char kind = file[0];
    if (kDeliberate.count(file)) {
      CHECK_FALSE(accepted);
      continue;
    }
    if (kind == 'y') CHECK(accepted);
    if (kind == 'n' && verdict == "accept") CHECK(accepted);
    if (kind == 'n' && verdict != "accept") CHECK_FALSE(accepted);
  }
  CHECK(checked == 318);
}

TEST_CASE("JSONTestSuite: the files that crash wrangler give a nesting error") {
  fs::path dir = test::shared_dir() / "conformance" / "JSONTestSuite" / "test_parsing";
  for (const char* file : {"n_structure_100000_opening_arrays.json", "n_structure_open_array_object.json"}) {
    CAPTURE(file);
    Document doc;
    doc.path = file;
    doc.text = test::read_file(dir / file);
    Diagnostics diags;
    CHECK_FALSE(parse_jsonc(doc, diags));
    REQUIRE(diags.has_errors());
    CHECK(diags.items().front().message.find("nesting is deeper than 512 levels") != std::string::npos);
    CHECK(diags.items().front().location.pos.line == 1);
  }
}
