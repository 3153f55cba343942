// Helpers shared by the tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/load.h"

namespace cfscale::test {

inline std::filesystem::path shared_dir() { return std::filesystem::path(CFSCALE_SHARED_DIR); }
inline std::filesystem::path source_dir() { return std::filesystem::path(CFSCALE_SOURCE_DIR); }

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

// The first diagnostic with `code`, or nullptr.
inline const Diagnostic* find_code(const Diagnostics& d, std::string_view code) {
  for (const auto& x : d)
    if (x.code == code) return &x;
  return nullptr;
}

}  // namespace cfscale::test
