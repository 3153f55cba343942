// GitHub-flavoured markdown for $GITHUB_STEP_SUMMARY and pull-request
// comments: byte-stable for the same input (no timestamps), with mermaid
// diagrams GitHub renders.
#pragma once

#include <string>

#include "core/report.h"

namespace cfscale::report {

std::string render_markdown(const Report& r);

}  // namespace cfscale::report
