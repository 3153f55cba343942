// Applying an environment exactly as wrangler does: inheritable keys come
// from the top level when the environment omits them; bindings and vars are
// never inherited; the name becomes "<name>-<env>" unless the environment
// sets its own.
#pragma once

#include <optional>
#include <string>

#include "config/decode.h"
#include "config/model.h"

namespace cfscale::config {

// `env` is the environment's decoded section, or null when the config has
// no such environment (then, as wrangler, the top level is used with the
// environment's name appended; an error when other environments exist).
WorkerConfig resolve_environment(const DecodeCtx& ctx, const Section& top, const Section* env,
                                 const std::optional<std::string>& env_name);

}  // namespace cfscale::config
