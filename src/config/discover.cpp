#include "config/discover.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale::config {

namespace fs = std::filesystem;

std::optional<Format> format_of(const std::string& path) {
  std::string_view ext = file_extension(path);
  if (ext == ".toml") return Format::Toml;
  if (ext == ".json" || ext == ".jsonc") return Format::Jsonc;
  return std::nullopt;
}

namespace {

bool skipped_folder(std::string_view name) { return name.empty() || name[0] == '.' || name == "node_modules" || name == "dist"; }

// A regular file, or a link to one (as wrangler opens it).
bool is_file(const std::string& path, unsigned char type) {
  if (type == DT_REG) return true;
  if (type != DT_LNK && type != DT_UNKNOWN) return false;
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A folder that is not a link to one.
bool is_folder(const std::string& path, unsigned char type) {
  if (type == DT_DIR) return true;
  if (type != DT_UNKNOWN) return false;
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

// One readdir per folder: the listing already says which config names are
// there, so there is no stat per candidate name (d_type is enough unless the
// entry is a link or the file system does not fill it in).
TreeScan scan_tree(const std::string& dir, const char* also_note, Diagnostics& diags) {
  TreeScan out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error(Location{dir, {}}, "io", fs::exists(dir, ec) ? "is not a folder (--recursive takes a folder)" : "no such folder");
    return out;
  }
  // Paths are read through `real` (the folder as given) and shown as `shown`
  // (lexically normal, as the configs were always reported).
  std::string shown_root = fs::path(dir).lexically_normal().string();
  if (shown_root == ".") shown_root.clear();
  else if (shown_root.back() != '/') shown_root += '/';
  std::string real_root = dir.back() == '/' ? dir : dir + "/";
  std::vector<std::pair<std::string, std::string>> todo = {{real_root, shown_root}};  // (real, shown), '/'-terminated or ""
  bool at_root = true;
  while (!todo.empty()) {
    auto [real, shown] = std::move(todo.back());
    todo.pop_back();
    DIR* d = ::opendir(real.empty() ? "." : real.c_str());
    if (!d) {
      if (errno == EACCES && !at_root) continue;  // skip_permission_denied, as before
      diags.error(Location{dir, {}}, "io", fmt::format("cannot read the folder: {}", std::strerror(errno)));
      break;
    }
    at_root = false;
    bool present[std::size(kConfigNames)] = {};
    bool noted = false;
    while (const dirent* e = ::readdir(d)) {
      std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string path = real + e->d_name;
      for (size_t i = 0; i < std::size(kConfigNames); ++i)
        if (name == kConfigNames[i]) present[i] = is_file(path, e->d_type);
      if (also_note && name == also_note) noted = is_file(path, e->d_type);
      if (!skipped_folder(name) && is_folder(path, e->d_type)) todo.emplace_back(path + "/", shown + e->d_name + "/");
    }
    ::closedir(d);
    std::string folder = shown.size() > 1 ? shown.substr(0, shown.size() - 1) : shown;  // "" and "/" stay
    for (size_t i = 0; i < std::size(kConfigNames); ++i)
      if (present[i]) {
        out.configs.push_back(shown + kConfigNames[i]);
        break;
      }
    if (noted) out.noted_folders.push_back(folder);
  }
  std::sort(out.configs.begin(), out.configs.end());
  std::sort(out.noted_folders.begin(), out.noted_folders.end());
  return out;
}

std::vector<std::string> find_configs_recursive(const std::string& dir, Diagnostics& diags) {
  return scan_tree(dir, nullptr, diags).configs;
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
      diags.error(Location{path, {}}, "config-format", kUnknownFormatMessage);
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
