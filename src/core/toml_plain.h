// A fast path for TOML: the plain subset nearly every wrangler.toml is
// written in (bare and quoted keys, dotted keys, [tables], [[arrays of
// tables]], one-line strings, decimal numbers, booleans, arrays and inline
// tables). It builds the same Node tree, positions included, as converting
// toml++'s tree does, in a fraction of the time. Anything else — multi-line
// strings, dates, hex numbers, a table defined twice, every invalid input —
// makes it give up, and parse_toml reads the file with toml++, which decides
// and reports. tests/core/toml_plain_test.cpp checks both readers agree.
#pragma once

#include "core/node.h"

namespace cfscale {

// Fills doc.root and returns true when doc.text is in the plain subset;
// returns false (doc.root empty) otherwise. doc.lines must index doc.text,
// and the text must have passed check_text_encoding (core/source.h).
bool parse_toml_plain(Document& doc);

}  // namespace cfscale
