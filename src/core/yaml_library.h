// YAML through yaml-cpp: the reader behind the plain fast path
// (core/yaml_reader.h), for everything YAML allows.
#pragma once

#include "core/diagnostic.h"
#include "core/node.h"
#include "core/yaml_reader.h"

namespace cfscale {

// Reads doc.text (checked by begin_parse, doc.lines built) with yaml-cpp into
// doc.root, positions from yaml-cpp's marks. Plain scalars resolve by the
// YAML 1.2 core schema; the core tags (!!str, !!int, !!float, !!bool,
// !!null, !!seq, !!map) are honoured, others refused; merge keys ("<<")
// merge, explicit keys first; aliases are expanded within a budget (a few
// hundred bytes must not become a billion values); one document per file.
bool parse_yaml_library(Document& doc, Diagnostics& diags, const YamlLimits& limits);

}  // namespace cfscale
