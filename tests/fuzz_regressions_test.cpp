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
