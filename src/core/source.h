// Reading an input file (config, metrics, rules, settings) from disk, with the
// checks every reader needs first:
// it exists, is a regular readable file, is not absurdly large, and is UTF-8
// text without NUL bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/node.h"
#include "core/diagnostic.h"

namespace cfscale {

// Inputs are kilobytes (the largest wrangler config in our corpus is 30 KB). A file
// of 16 MiB or more is a mistake (or an attack) and is refused.
inline constexpr size_t kMaxInputBytes = 16u << 20;

// Reads `path` into a new Document (text and line index). On failure adds an
// error naming the file and returns nullopt.
// `named`: the user gave this path (--metrics, --baseline, a report to diff),
// so a FIFO, /dev/stdin or a process substitution is read to its end; a file
// cfscale found by itself must be a regular file.
std::optional<Document> read_document(const std::string& path, Diagnostics& diags,
                                      size_t max_bytes = kMaxInputBytes, bool named = false);

// NUL bytes and invalid UTF-8 are errors with their position (wrangler would
// silently turn them into U+FFFD). Expects doc.lines to be built.
bool check_text_encoding(const Document& doc, Diagnostics& diags);

// What every reader does first: clears what an earlier parse left, indexes
// the lines unless read_document already did (a Document's text is never
// edited once indexed), and checks the encoding.
bool begin_parse(Document& doc, Diagnostics& diags);

}  // namespace cfscale
