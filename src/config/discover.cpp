#include "config/discover.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/text.h"
#include "core/threads.h"

namespace cfscale::config {

namespace fs = std::filesystem;

std::optional<Format> format_of(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
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

// A folder to list: the path it is read through (`real`, the folder as given)
// and the one shown (`shown`, lexically normal, as the configs were always
// reported), both '/'-terminated or "".
struct Folder {
  std::string real, shown;
};

// Lists one folder into `out` (its config, whether it holds `also_note`) and
// `sub` (its folders to walk); 0 or the errno of opendir. One readdir per
// folder: the listing already says which config names are there, so there is
// no stat per candidate name (d_type is enough unless the entry is a link or
// the file system does not fill it in).
int list_folder(const Folder& f, const char* also_note, TreeScan& out, std::vector<Folder>& sub) {
  DIR* d = ::opendir(f.real.empty() ? "." : f.real.c_str());
  if (!d) return errno;
  bool present[std::size(kConfigNames)] = {};
  bool noted = false;
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = f.real + e->d_name;
    // A config name that is not a regular file (a FIFO, a device, a broken
    // link) is still this folder's config: the reader refuses it with its
    // path, rather than the Worker silently missing from the report.
    for (size_t i = 0; i < std::size(kConfigNames); ++i)
      if (name == kConfigNames[i]) present[i] = !is_folder(path, e->d_type);
    if (also_note && name == also_note) noted = is_file(path, e->d_type);
    if (!skipped_folder(name) && is_folder(path, e->d_type)) sub.push_back(Folder{path + "/", f.shown + e->d_name + "/"});
  }
  ::closedir(d);
  for (size_t i = 0; i < std::size(kConfigNames); ++i)
    if (present[i]) {
      out.configs.push_back(f.shown + kConfigNames[i]);
      break;
    }
  if (noted) out.noted_folders.push_back(f.shown.size() > 1 ? f.shown.substr(0, f.shown.size() - 1) : f.shown);  // "" and "/" stay
  return 0;
}

// The folders still to list, shared by the threads of a walk. A thread that
// finds none waits while another is listing (it may add some); the walk ends
// when none is left and no one is listing, or at the first error.
struct Walk {
  std::mutex m;
  std::condition_variable cv;
  std::vector<Folder> todo;
  size_t listing = 0;
  int error = 0;  // errno of the first folder that could not be read, which ends the walk
  std::vector<std::pair<std::string, int>> unreadable;  // folders we may not read: each reported, the walk goes on
};

void walk(Walk& w, const char* also_note, TreeScan& out) {
  std::vector<Folder> sub;
  for (;;) {
    Folder f;
    {
      std::unique_lock lock(w.m);
      w.cv.wait(lock, [&] { return !w.todo.empty() || w.listing == 0 || w.error; });
      if (w.error || w.todo.empty()) return;
      f = std::move(w.todo.back());
      w.todo.pop_back();
      ++w.listing;
    }
    sub.clear();
    int err = list_folder(f, also_note, out, sub);
    {
      std::lock_guard lock(w.m);
      --w.listing;
      if (err == EACCES || err == EPERM) w.unreadable.emplace_back(f.shown.empty() ? "." : f.shown, err);
      else if (err && !w.error) w.error = err;
      for (auto& s : sub) w.todo.push_back(std::move(s));
    }
    w.cv.notify_all();
  }
}

}  // namespace

TreeScan scan_tree(const std::string& dir, const char* also_note, Diagnostics& diags, unsigned jobs) {
  TreeScan out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error(Location{dir, {}}, "io", fs::exists(dir, ec) ? "is not a folder (--recursive takes a folder)" : "no such folder");
    return out;
  }
  std::string shown_root = fs::path(dir).lexically_normal().string();
  if (shown_root == ".") shown_root.clear();
  else if (shown_root.back() != '/') shown_root += '/';
  Walk w;
  // The root alone first: any error there (even a permission) is the run's.
  if (int err = list_folder(Folder{dir.back() == '/' ? dir : dir + "/", shown_root}, also_note, out, w.todo)) {
    diags.error(Location{dir, {}}, "io", fmt::format("cannot read the folder: {}", std::strerror(err)));
    return out;
  }
  // Then the folders below on every core: a monorepo has thousands of them.
  unsigned threads = thread_count(jobs);
  std::vector<TreeScan> found(threads);
  run_on_threads(threads, [&](unsigned t) { walk(w, also_note, found[t]); });
  if (w.error) diags.error(Location{dir, {}}, "io", fmt::format("cannot read the folder: {}", std::strerror(w.error)));
  // A folder that cannot be read may hold Workers: a report without them is not complete.
  std::sort(w.unreadable.begin(), w.unreadable.end());
  for (const auto& [folder, err] : w.unreadable)  // folders are kept with their '/' for joining names
    diags.error(Location{folder.size() > 1 && folder.back() == '/' ? folder.substr(0, folder.size() - 1) : folder, {}}, "io", fmt::format("cannot read the folder: {} (its Workers would be missing from the report)", std::strerror(err)));
  for (auto& f : found) {
    out.configs.insert(out.configs.end(), std::make_move_iterator(f.configs.begin()), std::make_move_iterator(f.configs.end()));
    out.noted_folders.insert(out.noted_folders.end(), std::make_move_iterator(f.noted_folders.begin()),
                             std::make_move_iterator(f.noted_folders.end()));
  }
  std::sort(out.configs.begin(), out.configs.end());
  std::sort(out.noted_folders.begin(), out.noted_folders.end());
  return out;
}

std::vector<std::string> find_configs_recursive(const std::string& dir, Diagnostics& diags) {
  return scan_tree(dir, nullptr, diags, 0).configs;
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
      if (fs::is_directory(candidate, ec)) {
        diags.error(Location{candidate.lexically_normal().string(), {}}, "io", "is a directory, expected a file");
        return std::nullopt;
      }
      // Anything else by that name is this folder's config: a FIFO or a broken
      // symlink is refused by the reader, never passed over for a parent's.
      if (fs::exists(fs::symlink_status(candidate, ec))) return candidate.lexically_normal().string();
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
