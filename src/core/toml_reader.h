// wrangler.toml through toml++ (TOML 1.0, as wrangler's own TOML reader),
// converted into the same positioned Node tree the JSONC reader produces.
#pragma once

#include "core/node.h"
#include "core/diagnostic.h"

namespace cfscale {

// Parses doc.text into doc.root (and the `#` comments into doc.comments).
// Returns false, with an error at the reported position, on invalid TOML.
// Files in the plain subset (core/toml_plain.h, nearly every wrangler.toml)
// are read without toml++; toml++ reads the rest and reports every error.
bool parse_toml(Document& doc, Diagnostics& diags);

// Always through toml++ (the tests' oracle for the plain reader).
bool parse_toml_tomlpp(Document& doc, Diagnostics& diags);

}  // namespace cfscale
