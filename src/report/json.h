// The JSON report, format 1 (docs/interface.md §3).
#pragma once

#include <string>
#include <utility>

#include "core/report.h"

namespace cfscale::report {

// Rendered in parts (report/render.h): one Worker, as it appears in
// "workers"; and the report around its Workers: the text before the
// "workers" array (up to its "[") and the text after it (from "]").
std::string render_json_worker(const WorkerReport& w);
std::pair<std::string, std::string> render_json_frame(const Report& r);

}  // namespace cfscale::report
