#include "engine/limits.h"

#include <fmt/format.h>

#include "core/document.h"
#include "core/schema.h"

namespace cfscale::engine {
namespace {
using T = FieldType;

constexpr FieldSpec kTopFields[] = {{"as_of", T::String, true}, {"limits", T::Object, true}, {"thresholds", T::Object, true}};
constexpr FieldSpec kLimitFields[] = {{"description", T::String, true}, {"unit", T::String, true},
                                      {"source", T::String, true},      {"free", T::Number},
                                      {"paid", T::Number},              {"note", T::String}};
constexpr FieldSpec kThresholdFields[] = {{"description", T::String, true}, {"unit", T::String, true},
                                          {"source", T::String, true},      {"value", T::Number, true},
                                          {"note", T::String}};

std::string str(const Node& n, std::string_view key) {
  const Node* v = n.get(key);
  return v && v->is_string() ? v->text : std::string();
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  return true;
}

}  // namespace

Limits::Limits(const Limits& other) : file(other.file), as_of(other.as_of), limits(other.limits), thresholds(other.thresholds) {
  index();
}

Limits& Limits::operator=(const Limits& other) {
  if (this != &other) {
    file = other.file;
    as_of = other.as_of;
    limits = other.limits;
    thresholds = other.thresholds;
    index();
  }
  return *this;
}

void Limits::index() {
  limit_index_.clear();
  threshold_index_.clear();
  for (const auto& [name, spec] : limits) limit_index_.emplace(name, &spec);
  for (const auto& [name, spec] : thresholds) threshold_index_.emplace(name, &spec);
}

std::optional<double> Limits::limit(std::string_view name, metrics::Plan plan) const {
  const LimitSpec* spec = nullptr;
  if (auto hit = limit_index_.find(name); hit != limit_index_.end()) spec = hit->second;
  else if (auto it = limits.find(name); it != limits.end()) spec = &it->second;
  if (!spec) return std::nullopt;
  return plan == metrics::Plan::Free ? spec->free : spec->paid;
}

std::optional<double> Limits::threshold(std::string_view name) const {
  if (auto hit = threshold_index_.find(name); hit != threshold_index_.end()) return hit->second->value;
  auto it = thresholds.find(name);
  return it == thresholds.end() ? std::nullopt : std::optional<double>(it->second.value);
}

bool parse_limits(const Document& document, Limits& out, Diagnostics& diags) {
  size_t errors = diags.error_count();
  const Document* doc = &document;
  out.file = doc->path;
  if (!expect_type(*doc, doc->root, T::Object, "limits file", diags)) return false;
  check_object(*doc, doc->root, strict(kTopFields), "", diags);
  out.as_of = str(doc->root, "as_of");
  if (!out.as_of.empty() && !is_date(out.as_of))
    diags.error(doc->location(*doc->root.get("as_of")), "invalid-value", "\"as_of\" must be a date, YYYY-MM-DD");
  if (const Node* limits = doc->root.get("limits"); limits && limits->is_object()) {
    for (const auto& m : limits->members) {
      std::string p = "limits." + m.key;
      if (!expect_type(*doc, m.value, T::Object, p, diags)) continue;
      check_object(*doc, m.value, strict(kLimitFields), p, diags);
      LimitSpec l{m.key, str(m.value, "description"), str(m.value, "unit"), str(m.value, "source"), {}, {}, m.key_pos, doc->location(m.key_pos)};
      if (const Node* v = m.value.get("free"); v && v->is_number()) l.free = v->number;
      if (const Node* v = m.value.get("paid"); v && v->is_number()) l.paid = v->number;
      if (!l.free && !l.paid)
        diags.error(doc->location(m.key_pos), "missing-key", fmt::format("\"{}\" needs a \"free\" or a \"paid\" value", p));
      out.limits[m.key] = std::move(l);
    }
  }
  if (const Node* th = doc->root.get("thresholds"); th && th->is_object()) {
    for (const auto& m : th->members) {
      std::string p = "thresholds." + m.key;
      if (!expect_type(*doc, m.value, T::Object, p, diags)) continue;
      check_object(*doc, m.value, strict(kThresholdFields), p, diags);
      ThresholdSpec t{m.key, str(m.value, "description"), str(m.value, "unit"), str(m.value, "source"), 0, m.key_pos, doc->location(m.key_pos)};
      if (const Node* v = m.value.get("value"); v && v->is_number()) t.value = v->number;
      out.thresholds[m.key] = std::move(t);
    }
  }
  out.index();
  return diags.error_count() == errors;
}

std::optional<Origin> Limits::limit_origin(std::string_view name) const {
  auto it = limits.find(name);
  if (it == limits.end()) return std::nullopt;
  return Origin{"limits", it->second.origin.file, it->second.origin.pos, "documented"};
}

std::optional<Origin> Limits::threshold_origin(std::string_view name) const {
  auto it = thresholds.find(name);
  if (it == thresholds.end()) return std::nullopt;
  return Origin{it->second.origin.file == file ? "limits" : "settings", it->second.origin.file, it->second.origin.pos, "chosen"};
}

}  // namespace cfscale::engine
