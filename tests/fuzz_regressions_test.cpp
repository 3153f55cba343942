// Replays every seed of the fuzz corpora (fuzz/corpus/<target>/) and every
// saved reproducer (tests/fuzz-regressions/<target>/) through the fuzz
// targets. Under the sanitizer build this is where a regression shows up.
#include <doctest/doctest.h>

#include "../fuzz/targets.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

size_t replay(const std::string& target, void (*fn)(const uint8_t*, size_t)) {
  size_t n = 0;
  for (const auto& base : {cfscale::test::source_dir() / "fuzz" / "corpus" / target,
                           cfscale::test::source_dir() / "tests" / "fuzz-regressions" / target}) {
    if (!fs::is_directory(base)) continue;
    for (const auto& e : fs::directory_iterator(base)) {
      if (!e.is_regular_file()) continue;
      std::string bytes = cfscale::test::read_file(e.path());
      fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++n;
    }
  }
  return n;
}

std::string rules_dir() { return (cfscale::test::source_dir() / "rules").string(); }

}  // namespace

TEST_CASE("fuzz regressions: jsonc") { CHECK(replay("jsonc", cfscale::fuzz::jsonc) > 100); }
TEST_CASE("fuzz regressions: config") { CHECK(replay("config", cfscale::fuzz::config) > 100); }
TEST_CASE("fuzz regressions: settings") { CHECK(replay("settings", cfscale::fuzz::settings) > 3); }
TEST_CASE("fuzz regressions: toml") { CHECK(replay("toml", cfscale::fuzz::toml) > 80); }
TEST_CASE("fuzz regressions: positions") { CHECK(replay("positions", cfscale::fuzz::positions) >= 5); }
TEST_CASE("fuzz regressions: yaml") { CHECK(replay("yaml", cfscale::fuzz::yaml) >= 5); }
TEST_CASE("fuzz regressions: escape") { CHECK(replay("escape", cfscale::fuzz::escape) >= 17); }
TEST_CASE("fuzz regressions: metrics") {
  CHECK(replay("metrics", [](const uint8_t* d, size_t n) { cfscale::fuzz::metrics(d, n, rules_dir()); }) > 5);
}
TEST_CASE("fuzz regressions: rules") {
  CHECK(replay("rules", [](const uint8_t* d, size_t n) { cfscale::fuzz::rules(d, n, rules_dir()); }) > 30);
}

TEST_CASE("fuzz regressions: source") { CHECK(replay("source", cfscale::fuzz::source) >= 14); }

// Real Workers' files, mutated the ways fuzzers mutate: bytes flipped, cut
// short, a span deleted or repeated. The reader reports and goes on.
TEST_CASE("fuzz: mutated real source files") {
  fs::path projects = cfscale::test::shared_dir() / "corpus" / "projects";
  REQUIRE(fs::is_directory(projects));
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(projects); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file() && (it->path().extension() == ".ts" || it->path().extension() == ".js") && it->file_size() < 60000)
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 50);
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&] { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; };
  size_t runs = 0;
  for (size_t i = 0; i < files.size(); i += files.size() / 40 + 1) {
    std::string text = cfscale::test::read_file(files[i]);
    if (text.empty()) continue;
    for (int m = 0; m < 6; ++m) {
      std::string t = text;
      size_t at = next() % t.size(), len = 1 + next() % 64;
      switch (m % 4) {
        case 0: for (size_t k = 0; k < 8; ++k) t[next() % t.size()] = static_cast<char>(next() & 0xff); break;
        case 1: t.resize(at); break;
        case 2: t.erase(at, len); break;
        case 3: t.insert(at, t.substr(at, len)); break;
      }
      std::string bytes = std::string(1, static_cast<char>(m % 3)) + t;
      cfscale::fuzz::source(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++runs;
    }
  }
  CHECK(runs > 100);
}
