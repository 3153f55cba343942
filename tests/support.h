// Helpers shared by the tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "config/load.h"
#include "engine/rule_loader.h"

namespace cfscale::test {

inline std::filesystem::path shared_dir() { return std::filesystem::path(CFSCALE_SHARED_DIR); }
inline std::filesystem::path source_dir() { return std::filesystem::path(CFSCALE_SOURCE_DIR); }

// A folder of its own under the system's temporary folder, removed at the end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / ("cfscale-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  void write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories((path / name).parent_path());
    std::ofstream(path / name) << text;
  }
  static inline int counter = 0;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline config::LoadedConfig jsonc(const std::string& text, std::optional<std::string> env = std::nullopt) {
  return config::load_config_text("wrangler.jsonc", text, config::Format::Jsonc, config::LoadOptions{env});
}

inline config::LoadedConfig toml(const std::string& text, std::optional<std::string> env = std::nullopt) {
  return config::load_config_text("wrangler.toml", text, config::Format::Toml, config::LoadOptions{env});
}

// The rule catalogue and limits of the source tree, loaded once.
inline const engine::RuleSet& catalogue() {
  static engine::RuleSet set = [] {
    Diagnostics d;
    auto s = engine::load_rules((source_dir() / "rules").string(), d);
    for (const auto& x : d) MESSAGE(format_diagnostic(x));
    REQUIRE(s);
    return *s;
  }();
  return set;
}
inline const engine::Limits& limits() { return catalogue().limits; }

// The first diagnostic with `code`, or nullptr.
inline const Diagnostic* find_code(const Diagnostics& d, std::string_view code) {
  for (const auto& x : d)
    if (x.code == code) return &x;
  return nullptr;
}

}  // namespace cfscale::test
