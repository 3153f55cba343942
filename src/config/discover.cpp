#include "config/discover.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

namespace cfscale::config {

namespace fs = std::filesystem;

std::optional<Format> format_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (ext == ".toml") return Format::Toml;
  if (ext == ".json" || ext == ".jsonc") return Format::Jsonc;
  return std::nullopt;
}

std::vector<std::string> find_configs_recursive(const std::string& dir, Diagnostics& diags) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error(Location{dir, {}}, "io", fs::exists(dir, ec) ? "is not a folder (--recursive takes a folder)" : "no such folder");
    return out;
  }
  auto pick = [&](const fs::path& folder) {
    for (const char* name : kConfigNames) {
      fs::path candidate = folder / name;
      std::error_code e;
      if (fs::is_regular_file(candidate, e)) {  // a file, or a link to one
        out.push_back(candidate.lexically_normal().string());
        return;
      }
    }
  };
  pick(dir);
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::error_code e;
    if (!entry.is_directory(e) || entry.is_symlink(e)) continue;
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || name == "node_modules" || name == "dist") {
      it.disable_recursion_pending();
      continue;
    }
    pick(entry.path());
  }
  if (ec) diags.error(Location{dir, {}}, "io", fmt::format("cannot read the folder: {}", ec.message()));
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> find_config(const std::string& path, Diagnostics& diags) {
  std::error_code ec;
  fs::path p = path.empty() ? fs::path(".") : fs::path(path);
  auto st = fs::status(p, ec);
  if (ec && ec.value() != static_cast<int>(std::errc::no_such_file_or_directory)) {
    diags.error(Location{path, {}}, "io", fmt::format("cannot read: {}", ec.message()));
    return std::nullopt;
  }
  if (!fs::exists(st)) {
    diags.error(Location{path, {}}, "io", "no such file or folder");
    return std::nullopt;
  }
  if (!fs::is_directory(st)) {
    if (!format_of(path)) {
      diags.error(Location{path, {}}, "config-format",
                  "cannot tell the config format from the file name: expected .json, .jsonc or .toml");
      return std::nullopt;
    }
    return path;
  }
  // Wrangler searches upward for each name in turn: a wrangler.json in a
  // parent folder beats a wrangler.toml in this one.
  for (const char* name : kConfigNames) {
    fs::path dir = p;
    fs::path abs = fs::absolute(p, ec).lexically_normal();
    for (int up = 0; up < 256; ++up) {
      fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
      if (fs::is_directory(candidate, ec)) {
        diags.error(Location{candidate.lexically_normal().string(), {}}, "io", "is a directory, expected a file");
        return std::nullopt;
      }
      if (!abs.has_relative_path()) break;  // reached the root
      abs = abs.parent_path();
      dir = dir / "..";
    }
  }
  diags.error(Location{path, {}}, "no-config",
              "no wrangler.json, wrangler.jsonc or wrangler.toml here or in any parent folder");
  return std::nullopt;
}

}  // namespace cfscale::config
