// The priority score (docs/prioritization.md): severity first, then how close
// the nearest limit is, then the checklist stage, then the kind.
#pragma once

#include <optional>
#include <vector>

#include "core/report.h"

namespace cfscale::engine {

double priority_score(const Finding& f, std::optional<int> worker_stage);

// Scores, sorts (score, then rule id, then target) and numbers 1..N.
void assign_priorities(std::vector<Finding>& findings, std::optional<int> worker_stage);

}  // namespace cfscale::engine
