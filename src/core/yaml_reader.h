// YAML (metrics, settings, rule files) as yaml-cpp reads it, converted into
// the same positioned Node tree as JSONC and TOML, with plain scalars
// resolved by the YAML 1.2 core schema (null, booleans, numbers; everything
// else a string). A fast path reads the plain subset most files use
// (core/yaml_plain.h) and hands everything else to yaml-cpp
// (core/yaml_library.h): anchors, aliases, merge keys, tags, directives.
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
