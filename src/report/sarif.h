// SARIF 2.1.0 for code scanning: one reportingDescriptor per rule, one
// result per finding at its place in the config.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

std::string render_sarif(const Report& r);

}  // namespace cfscale::report
