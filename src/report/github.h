// GitHub Actions workflow commands: one annotation per finding, at its place
// in the config, with the level from the severity.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

std::string render_github(const Report& r);

}  // namespace cfscale::report
