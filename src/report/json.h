// The JSON report, format 1 (docs/interface.md §3).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/report.h"

namespace cfscale::report {

// Rendered in parts (report/render.h): the members before the "workers"
// array and its "[" (for `workers` Workers); one Worker, as it appears in the
// array; and the "]" and the members after it.
std::string render_json_begin(const Report& r, size_t workers);
std::string render_json_worker(const WorkerReport& w);
std::string render_json_end(const Report& r, size_t workers);

// One evidence entry, as JSON and SARIF both write it: the input, its value,
// the comparison, and `source`: where the input came from ({kind, file, line,
// column}; kind metrics, config, limits, settings or derived).
nlohmann::ordered_json evidence_json(const Evidence& e);

}  // namespace cfscale::report
