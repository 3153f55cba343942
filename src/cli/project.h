// Loading what an analysing command needs — the config, the metrics next to
// it (or --metrics), and the rule catalogue — with every diagnostic printed
// and exit code 2 on any error.
#pragma once

#include <optional>
#include <string>

#include "cli/app.h"
#include "config/load.h"
#include "config/settings.h"
#include "engine/analyze.h"
#include "engine/deployment.h"
#include "engine/rule_loader.h"
#include "metrics/metrics.h"

namespace cfscale::cli {

struct Project {
  engine::Deployment deployment;
  std::optional<engine::RuleSet> rules{};         // with the settings applied
  std::optional<config::Settings> settings{};
  engine::AnalyzeOptions analyze{};
};

// The rules folder to load (--rules, else CFSCALE_RULES_DIR); none: the
// catalogue compiled into the binary.
std::optional<std::string> rules_dir(const std::optional<std::string>& flag);

// Prints a deployment's config diagnostics, then its metrics' (each file's
// sorted by position); the number of errors.
size_t print_input_diagnostics(engine::Deployment& d, const CommonOptions& o);

// Loads config, metrics and (when `need_rules`) rules. Prints diagnostics to
// stderr. Returns nullopt after printing why when any input has an error.
std::optional<Project> load_project(const CommonOptions& o, bool need_rules);

// The effective settings and where each comes from (--show-config).
std::string show_config(const Project& p);

// The metrics file for a config: --metrics, or beside the config
// cfscale.metrics.<env>.* for an environment, else cfscale.metrics.*.
// With `fallback` false an environment without its own file has no metrics
// (--all-envs: the top level's figures would describe another deployment).
std::optional<std::string> metrics_path(const CommonOptions& o, const std::string& config_file,
                                        const std::optional<std::string>& env, bool fallback = true);

// Applies project settings to a copy of the catalogue and the analysis options.
void apply_settings(const config::Settings& s, engine::RuleSet& rules, engine::AnalyzeOptions& analyze, Diagnostics& diags);

// Registers what a Worker's analysis reads beside its config (the D1
// migrations) as inputs no output may overwrite.
void protect_config_inputs(const config::WorkerConfig& w);

// --select and --ignore: rule ids, names or topics. Keeps only the selected
// rules (all without --select), then drops the ignored ones. False, after
// saying why, for a word that names no rule and no topic.
bool apply_selection(const CommonOptions& o, engine::RuleSet& rules, engine::AnalyzeOptions& analyze);

}  // namespace cfscale::cli
