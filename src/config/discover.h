// Finding the config file as wrangler does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/document.h"

namespace cfscale::config {

// A config's format: the document format of core (a config is never YAML).
using Format = DocFormat;

// The names wrangler looks for, in its order of preference.
inline constexpr const char* kConfigNames[] = {"wrangler.json", "wrangler.jsonc", "wrangler.toml"};

// A file path is used as given. From a folder, wrangler.json is searched for
// in the folder and then its parents, then wrangler.jsonc the same way, then
// wrangler.toml — wrangler's own order (so a wrangler.json in a parent beats a
// wrangler.toml here). Returns the path (relative paths stay relative, for
// readable messages) or adds an error.
std::optional<std::string> find_config(const std::string& path, Diagnostics& diags);

// Every Worker config under `dir`: in each folder the file wrangler would pick
// there (wrangler.json, then .jsonc, then .toml), skipping node_modules, .git,
// .wrangler, dist and hidden folders, without following symbolic links.
// Sorted by path, so output order never depends on the file system.
std::vector<std::string> find_configs_recursive(const std::string& dir, Diagnostics& diags);

// The same walk, also noting the folders that hold a file named
// `also_note` (the settings file), so that nothing is looked up again per
// config. Folder paths are written like the configs' (".../team/svc", "" for
// a relative root of ".").
struct TreeScan {
  std::vector<std::string> configs;
  std::vector<std::string> noted_folders;  // sorted
};
// The folders are listed on `jobs` threads (0: one per core); the result does
// not depend on how many.
TreeScan scan_tree(const std::string& dir, const char* also_note, Diagnostics& diags, unsigned jobs = 0);

// By file name: *.toml is TOML; *.json and *.jsonc are JSONC (wrangler reads
// both with comments and trailing commas allowed).
std::optional<Format> format_of(const std::string& path);
inline constexpr const char* kUnknownFormatMessage =
    "cannot tell the config format from the file name: expected .json, .jsonc or .toml";

}  // namespace cfscale::config
