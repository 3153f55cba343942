// GitHub Actions workflow commands: one annotation per finding, at its place
// in the config, with the level from the severity. GitHub shows at most 10
// annotations of each level per step and 50 per job and drops the rest
// without a word, so the highest-priority findings are annotated within
// those caps and one notice says how many more there are and where to read them.
#pragma once

#include <cstddef>
#include <string>

#include "core/report.h"

namespace cfscale::report {

inline constexpr size_t kAnnotationsPerLevel = 10;  // per step, per level (error, warning, notice)

std::string render_github(const Report& r, size_t max_annotations);

}  // namespace cfscale::report
