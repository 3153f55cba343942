// The resolved configuration as JSON in wrangler's own key names and shapes
// (`cfscale validate --print-config`), so it can be compared key by key with
// what wrangler resolves.
#pragma once

#include <nlohmann/json.hpp>

#include "config/model.h"

namespace cfscale::config {

nlohmann::ordered_json to_wrangler_json(const WorkerConfig& w);

}  // namespace cfscale::config
