// The JSON report, format 1 (CONTRACT §3).
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

std::string render_json(const Report& r);

}  // namespace cfscale::report
