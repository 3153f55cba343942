// The plain-subset YAML reader: the fast path in front of yaml-cpp
// (core/yaml_reader.h). Not to be called on its own.
#pragma once

#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "core/node.h"
#include "core/yaml_reader.h"

namespace cfscale {

// What the plain reader made of a text.
struct PlainYaml {
  enum Kind { Read, NotPlain, TooDeep } kind = Read;
  Pos pos;              // NotPlain, TooDeep: where it stopped
  std::string message;  // ... and why
};

// Reads doc.text (already checked by begin_parse) into doc.root when it is
// in the plain subset. NotPlain (doc.root unspecified, nothing said) when it
// is not or has an error: yaml-cpp then reads it. TooDeep when the nesting
// passes limits.max_depth. Duplicate-key warnings go to `warnings`, which
// the caller keeps only when the text was read.
PlainYaml parse_yaml_plain(Document& doc, Diagnostics& warnings, const YamlLimits& limits);

// A plain scalar as the YAML 1.2 core schema resolves it: null, a boolean,
// an integer, a float (.inf, .nan), else a string.
void resolve_plain(std::string_view s, Node& out);

// The '#' comments of doc.text into doc.comments (suppressions read them).
void collect_yaml_comments(Document& doc);

}  // namespace cfscale
