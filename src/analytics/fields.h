// Reading the JSON of Cloudflare's answers and of exported files, where a
// member may be missing, null or of another type than documented: each
// accessor answers "not there" rather than failing.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include "core/node.h"

namespace cfscale::analytics {

// The member `key` of `o`, or nullptr (also when `o` is not an object).
inline const Node* field(const Node* o, std::string_view key) { return o && o->is_object() ? o->get(key) : nullptr; }
inline const Node* field(const Node& o, std::string_view key) { return field(&o, key); }

// The member as a string, or "".
inline std::string string_field(const Node* o, std::string_view key) {
  const Node* n = field(o, key);
  return n && n->is_string() ? n->text : "";
}
inline std::string string_field(const Node& o, std::string_view key) { return string_field(&o, key); }

// The member as a finite number, or nullopt.
inline std::optional<double> number_field(const Node* o, std::string_view key) {
  const Node* n = field(o, key);
  if (!n || !n->is_number() || !std::isfinite(n->number)) return std::nullopt;
  return n->number;
}
inline std::optional<double> number_field(const Node& o, std::string_view key) { return number_field(&o, key); }

}  // namespace cfscale::analytics
