// YAML (metrics files, rule files) through yaml-cpp, converted into the same
// positioned Node tree as JSONC and TOML, with plain scalars resolved by the
// YAML 1.2 core schema (null, booleans, numbers; everything else a string).
#pragma once

#include "core/diagnostic.h"
#include "core/node.h"

namespace cfscale {

struct YamlLimits {
  size_t max_depth = 256;
};

// Parses doc.text into doc.root (and `#` comments into doc.comments).
bool parse_yaml(Document& doc, Diagnostics& diags, const YamlLimits& limits = {});

}  // namespace cfscale
