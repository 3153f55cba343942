// A fast path for TOML: the plain subset nearly every wrangler.toml is
// written in (bare and quoted keys, dotted keys, [tables], [[arrays of
// tables]], one-line strings, decimal numbers, booleans, arrays and inline
// tables). It builds the same Node tree, positions included, as converting
// toml++'s tree does, in a fraction of the time. Anything else — multi-line
// strings, dates, hex numbers, a table defined twice, every invalid input —
// makes it give up, and parse_toml reads the file with toml++, which decides
// and reports. tests/core/toml_plain_test.cpp checks both readers agree.
#pragma once

#include <cstdint>

#include "core/node.h"

namespace cfscale {

// Fills doc.root and returns true when doc.text is in the plain subset;
// returns false (doc.root empty) otherwise. doc.lines must index doc.text,
// and the text must have passed check_text_encoding (core/source.h).
bool parse_toml_plain(Document& doc);

// A TOML number as a Node, the same for both TOML readers: the integer or
// the double, and `text` as cfscale writes it.
void set_toml_integer(Node& n, int64_t v);
void set_toml_float(Node& n, double v);
// A table's members in the order of the file (what wrangler, a JavaScript
// object, iterates in), by where each key first appears.
void sort_toml_members(Node& table);

}  // namespace cfscale
