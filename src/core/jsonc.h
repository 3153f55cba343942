// Our own JSONC reader. It accepts exactly what wrangler's `jsonc-parser`
// accepts for wrangler.json / wrangler.jsonc (JSON plus `//` and `/* */`
// comments and one trailing comma), keeps every value's position, and never
// recurses without bound. No packaged JSON library keeps positions, hence this.
#pragma once

#include <cstddef>
#include <functional>

#include "core/node.h"
#include "core/diagnostic.h"

namespace cfscale {

struct JsoncLimits {
  // Deeper nesting is an error, not a stack overflow. Real configs nest
  // fewer than 10 levels; 512 leaves room for any generated file.
  size_t max_depth = 512;
};

// Parses doc.text into doc.root and doc.comments (doc.lines is built here).
// Stops at the first syntax error, as wrangler does, and reports it with its
// position. Returns true when the document parsed. Duplicate keys are a
// warning (the last one wins, as in wrangler).
bool parse_jsonc(Document& doc, Diagnostics& diags, const JsoncLimits& limits = {});

// Values one after another (NDJSON, or pretty-printed objects back to back),
// each handed to `each` as soon as it is read; `each` returns false to stop
// (having reported why). Stops at the first syntax error, with its position.
// An empty text is no values, not an error.
bool parse_json_values(Document& doc, Diagnostics& diags, const std::function<bool(Node&)>& each, const JsoncLimits& limits = {});

}  // namespace cfscale
