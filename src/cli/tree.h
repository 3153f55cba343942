// --recursive: every Worker config under a folder, analysed in parallel on
// all cores, reported in a stable order (path, then environment), with the
// findings across Workers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "core/report.h"

namespace cfscale::cli {

// The (config, environment) pairs to analyse: each config, and with
// --all-envs each of its environments. nullopt (after printing why) when the
// tree has no config or cannot be read.
struct Deployment {
  std::string config;
  std::optional<std::string> env;
};

std::optional<Report> analyse_tree(const CommonOptions& o);

// `validate --recursive`: every config (and environment); exit code.
int validate_tree(const CommonOptions& o);

}  // namespace cfscale::cli
