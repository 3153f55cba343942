// The terminal report: findings grouped by severity and ordered by priority,
// each with its target, evidence, recommendation and location; the checklist;
// a summary line. Colors only when asked.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

struct TextOptions {
  bool color = false;
  size_t width = 100;
  bool verbose = false;  // also list what could not be decided
};

// Rendered in parts (report/render.h): one Worker, and what follows the
// Workers (the findings across Workers and the summary line); the checklist
// has nothing after its Workers.
std::string render_text_worker(const WorkerReport& w, const TextOptions& o);
std::string render_text_end(const Report& r, const TextOptions& o);
std::string render_checklist_worker(const WorkerReport& w, const TextOptions& o);

}  // namespace cfscale::report
