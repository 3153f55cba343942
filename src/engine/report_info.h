// The parts of a report that describe the inputs rather than judge them:
// rule metadata for SARIF, bindings and queue flows for diagrams.
#pragma once

#include <vector>

#include "config/model.h"
#include "core/report.h"
#include "engine/rule_loader.h"

namespace cfscale::engine {

std::vector<RuleInfo> rule_infos(const RuleSet& rules);
void describe_bindings(const config::WorkerConfig& w, WorkerReport& report);

}  // namespace cfscale::engine
