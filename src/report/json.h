// The JSON report, format 1 (docs/interface.md §3).
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/report.h"

namespace cfscale::report {

// Rendered in parts (report/render.h): one Worker, as it appears in
// "workers"; and the report around its Workers: the text before the
// "workers" array (up to its "[") and the text after it (from "]").
std::string render_json_worker(const WorkerReport& w);
std::pair<std::string, std::string> render_json_frame(const Report& r);

// One evidence entry, as JSON and SARIF both write it: the input, its value,
// the comparison, and `source`: where the input came from ({kind, file, line,
// column}; kind metrics, config, limits, settings or derived).
nlohmann::ordered_json evidence_json(const Evidence& e);

}  // namespace cfscale::report
