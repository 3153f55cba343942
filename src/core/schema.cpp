#include "core/schema.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace cfscale {

std::string_view field_type_name(FieldType t) {
  switch (t) {
    case FieldType::Any: return "a value";
    case FieldType::String: return "a string";
    case FieldType::Number: return "a number";
    case FieldType::Boolean: return "a boolean";
    case FieldType::StringArray: return "an array of strings";
    case FieldType::Object: return "an object";
    case FieldType::Array: return "an array";
    case FieldType::ObjectArray: return "an array of objects";
    case FieldType::StringOrStringArray: return "a string or an array of strings";
  }
  return "a value";
}

static bool all_items(const Node& n, Kind k) {
  for (const auto& item : n.items)
    if (item.kind != k) return false;
  return true;
}

bool has_type(const Node& n, FieldType t) {
  switch (t) {
    case FieldType::Any: return true;
    case FieldType::String: return n.kind == Kind::String;
    case FieldType::Number: return n.is_number();
    case FieldType::Boolean: return n.kind == Kind::Bool;
    case FieldType::StringArray: return n.is_array() && all_items(n, Kind::String);
    case FieldType::Object: return n.is_object();
    case FieldType::Array: return n.is_array();
    case FieldType::ObjectArray: return n.is_array() && all_items(n, Kind::Object);
    case FieldType::StringOrStringArray:
      return n.kind == Kind::String || (n.is_array() && all_items(n, Kind::String));
  }
  return false;
}

static std::string describe(const Node& n) {
  return fmt::format("{} {}", kind_name(n.kind), render_short(n, 40));
}

bool expect_type(const Document& doc, const Node& n, FieldType t, std::string_view path, Diagnostics& diags,
                 DiagLevel level) {
  if (has_type(n, t)) return true;
  std::string msg = fmt::format("\"{}\" must be {}, but is {}", path, field_type_name(t), describe(n));
  if (level != DiagLevel::Error) msg += " (wrangler will refuse it; cfscale does not use this key)";
  diags.add(level, doc.location(n), "wrong-type", std::move(msg));
  return false;
}

static std::string join_path(std::string_view base, std::string_view key) {
  std::string out(base);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}


static void check_range(const Document& doc, const Node& n, const FieldSpec& f, const std::string& path,
                        Diagnostics& diags) {
  if (!std::isfinite(n.number)) {
    diags.error(doc.location(n), "out-of-range", fmt::format("\"{}\" must be a finite number", path));
    return;
  }
  if (!f.range) return;
  const Range& r = *f.range;
  if (n.number >= r.min && n.number <= r.max) return;
  diags.error(doc.location(n), "out-of-range",
              fmt::format("\"{}\" is {}{}, outside the range Cloudflare documents: {} to {}{} (see {})", path,
                          format_number(n.number), r.unit, format_number(r.min), format_number(r.max), r.unit,
                          r.source));
}

void check_object(const Document& doc, const Node& obj, const ObjectSpec& spec, std::string_view path,
                  Diagnostics& diags) {
  for (const auto& f : spec.fields) {
    const Node* v = obj.get(f.name);
    if (!v) {
      if (f.required)
        diags.error(doc.location(obj), "missing-key",
                    fmt::format("\"{}\" is missing the required key \"{}\"", path.empty() ? "top level" : path, f.name));
      continue;
    }
    // The key's path is for messages: built only when there is one to write.
    bool in_range = !v->is_number() || (std::isfinite(v->number) && (!f.range || (v->number >= f.range->min && v->number <= f.range->max)));
    if (has_type(*v, f.type) && in_range) continue;
    std::string p = join_path(path, f.name);
    if (!expect_type(doc, *v, f.type, p, diags)) continue;
    if (v->is_number()) check_range(doc, *v, f, p, diags);
  }
  if (spec.open) return;
  for (const auto& m : obj.members) {
    bool known = false;
    for (const auto& f : spec.fields) known = known || f.name == m.key;
    if (known) continue;
    std::vector<std::string_view> names;  // for "did you mean"
    for (const auto& f : spec.fields) names.push_back(f.name);
    const LegacyKey* legacy = nullptr;
    for (const auto& l : spec.legacy)
      if (l.name == m.key) legacy = &l;
    std::string p = join_path(path, m.key);
    if (legacy) {
      diags.warning(doc.location(m.key_pos), "legacy-key",
                    fmt::format("\"{}\" is no longer used by wrangler: {}", p, legacy->replacement));
    } else {
      diags.add(spec.unknown_is_error ? DiagLevel::Error : DiagLevel::Warning, doc.location(m.key_pos), "unknown-key",
                fmt::format("unknown key \"{}\"{}", p, did_you_mean_suffix(m.key, names)));
    }
  }
}

}  // namespace cfscale
