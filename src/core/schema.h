// Shapes of wrangler configuration objects as data: which keys an object may
// have, of which type, which are required, and which ranges Cloudflare
// documents. One checker walks an object against its shape and reports wrong
// types, missing keys, out-of-range values and unknown keys ("did you mean").
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/node.h"
#include "core/diagnostic.h"

namespace cfscale {

enum class FieldType {
  Any,
  String,
  Number,
  Boolean,
  StringArray,
  Object,
  Array,
  ObjectArray,
  StringOrStringArray,
};

std::string_view field_type_name(FieldType t);

// A documented range. `source` is the page that documents it, cited in the
// message, because wrangler itself does not check most of these.
struct Range {
  double min;
  double max;
  std::string_view unit;    // "", " s", " ms"
  std::string_view source;  // URL
};

struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::Any;
  bool required = false;
  std::optional<Range> range = std::nullopt;
};

// A key wrangler once accepted and what replaced it.
struct LegacyKey {
  std::string_view name;
  std::string_view replacement;
};

struct ObjectSpec {
  std::span<const FieldSpec> fields;
  std::span<const LegacyKey> legacy = {};
  // Objects whose keys are user-chosen (vars, env) are not checked for
  // unknown keys.
  bool open = false;
  // Unknown keys are warnings in user files (wrangler adds keys faster than
  // we do) but errors where a typo silently changes meaning (rule files).
  bool unknown_is_error = false;
};

// A shape whose unknown keys are errors.
inline ObjectSpec strict(std::span<const FieldSpec> fields) {
  ObjectSpec spec{fields};
  spec.unknown_is_error = true;
  return spec;
}

// Does `n` have type `t`? (Integers are numbers.)
bool has_type(const Node& n, FieldType t);

// Checks `obj` (an Object node) against `spec`. `path` names the object in
// messages ("queues.consumers[0]"). Errors: wrong type, missing required
// key, value out of range. Warnings: unknown key, legacy key.
void check_object(const Document& doc, const Node& obj, const ObjectSpec& spec, std::string_view path,
                  Diagnostics& diags);

// Reports "expected an object" etc. when `n` does not have type `t`.
// At DiagLevel::Warning the message adds that wrangler refuses the value:
// used for keys cfscale does not model, whose shape does not change advice.
bool expect_type(const Document& doc, const Node& n, FieldType t, std::string_view path, Diagnostics& diags,
                 DiagLevel level = DiagLevel::Error);

}  // namespace cfscale
