// `cfscale cost` in a terminal: the monthly bill by product and item, the
// arithmetic with --explain, and the projections.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

// One Worker's part (report/render.h); nothing follows the Workers.
std::string render_cost_worker(const WorkerReport& w, bool explain, bool color);

}  // namespace cfscale::report
