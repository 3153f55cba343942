// Message templates: "{binding}", "{worker}", any operand ("{metric.storage_gb}",
// "{limit.d1_storage_gb}") and "{pct:<operand>}" for a ratio as a percentage.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "core/node.h"
#include "engine/context.h"

namespace cfscale::engine {

// Checks every placeholder of a template at load time.
bool check_template(const Node& n, std::string_view field, TargetType target, const Limits& limits, const Document& doc,
                    Diagnostics& diags);

// Fills a template for one target.
std::string render(std::string_view tmpl, const Context& c, const Target& t);

}  // namespace cfscale::engine
