// A bound on how deep a TOML document goes, found before either TOML reader
// runs. Both readers build (and toml++ converts, and every later walk visits)
// one level per part of a dotted key or header and per nested array or inline
// table, recursively: `vars.a.a.a…= 1` with 200,000 parts crashed them. This
// scan is linear, recursion-free and conservative: it only reads where keys,
// headers and brackets are, skipping strings and comments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cfscale {

inline constexpr size_t kMaxTomlDepth = 128;

struct TomlTooDeep {
  uint64_t offset;   // where the key, header or bracket that goes too deep starts
  bool key;          // a dotted key or header (else nested arrays / inline tables)
};

// The first place where a key or header has more than `max` parts, or values
// nest more than `max` deep; nothing when the document stays within it.
std::optional<TomlTooDeep> toml_too_deep(std::string_view text, size_t max = kMaxTomlDepth);

}  // namespace cfscale
