// Environments of one config compared with its production environment: a
// staging Worker that binds production's database writes into production
// data (CFS207 env-shares-production), and needs only the one config file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/load.h"
#include "core/report.h"
#include "engine/rule_loader.h"

namespace cfscale::engine {

// The environment a config's other deployments are compared with: the one
// named production, prod or live (in that order), else the top level
// (nullopt).
std::optional<std::string> production_environment(const config::WorkerConfig& w);

// `w`'s production deployment, resolved from the same parse: none when `w`
// is production itself, or its environment is not in the file (wrangler then
// deploys the top level under that name: nothing to compare).
std::optional<config::WorkerConfig> production_of(const config::LoadedConfig& loaded);

// An id that names no real resource: an example or template value
// ("<YOUR_KV_ID>", "xxxx", all zeros), not a KV id (32 hex digits) or a D1
// id (a UUID).
bool is_placeholder_id(std::string_view id, std::string_view product);

// A finding (rule CFS207) for every D1 database, KV namespace, R2 bucket and
// queue that `w` binds and `production` binds too.
std::vector<Finding> shares_production(const RuleSet& rules, const config::WorkerConfig& w, const config::WorkerConfig& production);

}  // namespace cfscale::engine
