// A rule's documentation, ruff-style: What it does / Why it matters / Example
// / Fix / References — for `cfscale rules explain` and docs/rules/.
#pragma once

#include <string>

#include "engine/rule_loader.h"

namespace cfscale::engine {

std::string rule_markdown(const Rule& r, const Limits& limits);
// docs/rules/README.md: the catalogue as a table.
std::string rules_index_markdown(const RuleSet& set);

}  // namespace cfscale::engine
