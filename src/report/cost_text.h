// `cfscale cost` in a terminal: the monthly bill by product and item, the
// arithmetic with --explain, and the projections.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

std::string render_cost_text(const Report& r, bool explain, bool color);
std::string render_cost_worker(const WorkerReport& w, bool explain, bool color);  // one Worker's part

}  // namespace cfscale::report
