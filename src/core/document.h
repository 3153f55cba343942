// Reading any structured input file (config, metrics, rules, settings) into a
// positioned Document, whichever of the three formats it is in.
#pragma once

#include <optional>
#include <string>

#include "core/diagnostic.h"
#include "core/node.h"

namespace cfscale {

enum class DocFormat { Jsonc, Toml, Yaml };

// By extension: .json/.jsonc, .toml, .yaml/.yml.
std::optional<DocFormat> format_from_extension(const std::string& path);

// Parses doc.text (doc.path set) in the given format.
bool parse_document(Document& doc, DocFormat format, Diagnostics& diags);

// Reads and parses `path`; nullopt (with an error naming the file) on failure.
// `named`: a path the user gave, which may be a stream (core/source.h).
std::optional<Document> load_document(const std::string& path, DocFormat format, Diagnostics& diags, bool named = false);

}  // namespace cfscale
