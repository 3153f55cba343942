// Finding the config file as wrangler does.
#pragma once

#include <optional>
#include <string>

#include "core/diagnostic.h"

namespace cfscale::config {

enum class Format { Jsonc, Toml };

// The names wrangler looks for, in its order of preference.
inline constexpr const char* kConfigNames[] = {"wrangler.json", "wrangler.jsonc", "wrangler.toml"};

// A file path is used as given. In a folder, the first of wrangler.json,
// wrangler.jsonc and wrangler.toml that exists is used; like wrangler, when
// the folder has none the search goes on in its parent folders. Returns the
// path (relative paths stay relative, for readable messages) or adds an error.
std::optional<std::string> find_config(const std::string& path, Diagnostics& diags);

// By file name: *.toml is TOML; *.json and *.jsonc are JSONC (wrangler reads
// both with comments and trailing commas allowed).
std::optional<Format> format_of(const std::string& path);

}  // namespace cfscale::config
