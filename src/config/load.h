// The config layer's front door: find, read, parse, decode and resolve a
// wrangler config for one environment.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/discover.h"
#include "config/model.h"
#include "core/node.h"
#include "core/diagnostic.h"

namespace cfscale::config {

struct LoadOptions {
  std::optional<std::string> env;
};

struct LoadedConfig {
  std::shared_ptr<const Document> doc;  // null when the file could not be parsed
  std::optional<WorkerConfig> worker;   // set when the document parsed
  Diagnostics diags;

  bool ok() const { return worker.has_value() && !diags.has_errors(); }
};

// PATH is a config file or a folder (see find_config).
LoadedConfig load_config(const std::string& path, const LoadOptions& options = {});

// A config file found by scan_tree: read as it is, without find_config's
// look at the path first (one stat less for each of a tree's Workers).
LoadedConfig load_config_file(const std::string& file, const LoadOptions& options = {});

// The file parsed once, then resolved for the top level (first) and each of
// its environments (by name): what --all-envs analyses. Parse errors are in the
// first entry's diagnostics; each environment's own are in its entry.
std::vector<LoadedConfig> load_config_file_envs(const std::string& file);

// The same file resolved for another environment (`env`; the top level when
// nullopt) from `of`'s parse, without reading the file again. Its
// diagnostics are dropped: they are that deployment's to report when it is
// analysed. nullopt when `of` has no parse or the environment is not in it.
std::optional<WorkerConfig> resolve_sibling(const LoadedConfig& of, const std::optional<std::string>& env);

// Parses text already in memory (tests, fuzzing). `path` names it in messages
// and decides the format.
LoadedConfig load_config_text(const std::string& path, std::string text, Format format,
                              const LoadOptions& options = {});

}  // namespace cfscale::config
