// Runway: for every limit the metrics let cfscale project, how much is used
// now and the months until it is reached at the growth rate (docs/interface.md §3).
#pragma once

#include <vector>

#include "core/report.h"
#include "engine/context.h"
#include "engine/derived.h"

namespace cfscale::engine {

std::vector<RunwayItem> compute_runway(const Context& c);
// derived.months_to_limit of D1, KV, queue and Durable Object targets: the
// runway as a rule condition (found by find_derived).
std::span<const DerivedSpec> runway_facts();

// Soonest first; never reached last; then the most used.
void sort_runway(std::vector<RunwayItem>& items);

// Months until `utilization` reaches 1 growing `pct` percent a month
// (compounding): 0 when already reached, nullopt when it never is.
std::optional<double> months_to_limit(double utilization, std::optional<double> pct);

}  // namespace cfscale::engine
