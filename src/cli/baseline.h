// Baselines: record today's findings, then report only the new ones. A
// finding is keyed by (worker, environment, rule, target), never by its line,
// so editing the config does not bring old findings back.
#pragma once

#include <set>
#include <string>
#include <tuple>

#include "core/diagnostic.h"
#include "core/report.h"

namespace cfscale::cli {

using BaselineKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

BaselineKey key_of(const WorkerReport& w, const Finding& f);

// The baseline file for `r` (JSON, stable order).
std::string baseline_json(const Report& r);

// Reads a baseline; errors (with positions) go to `diags`.
std::optional<std::set<BaselineKey>> load_baseline(const std::string& path, Diagnostics& diags);

// Drops the findings in `keys`, counts them per Worker, renumbers priorities.
void apply_baseline(Report& r, const std::set<BaselineKey>& keys);
void apply_baseline(WorkerReport& w, const std::set<BaselineKey>& keys);  // one Worker

}  // namespace cfscale::cli
