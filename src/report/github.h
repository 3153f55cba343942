// GitHub Actions workflow commands: one annotation per finding, at its place
// in the config, with the level from the severity.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

// Rendered in parts (report/render.h): one Worker's findings; the findings
// across Workers.
std::string render_github_worker(const WorkerReport& w);
std::string render_github_end(const Report& r);

}  // namespace cfscale::report
