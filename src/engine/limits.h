// Cloudflare's limits and the guide's thresholds as data (rules/limits.yaml),
// each with its source and the date the figures were checked.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/diagnostic.h"
#include "core/node.h"
#include "core/report.h"
#include "metrics/metrics.h"

namespace cfscale::engine {

struct LimitSpec {
  std::string name;
  std::string description;
  std::string unit;
  std::string source;
  std::optional<double> free;
  std::optional<double> paid;
  Pos pos;
  Location origin;  // limits.yaml at the entry
};

struct ThresholdSpec {
  std::string name;
  std::string description;
  std::string unit;
  std::string source;
  double value = 0;
  Pos pos;
  Location origin{};  // limits.yaml at the entry, or the settings that override it
};

struct Limits {
  std::string file;
  std::string as_of;  // YYYY-MM-DD
  std::map<std::string, LimitSpec, std::less<>> limits;
  std::map<std::string, ThresholdSpec, std::less<>> thresholds;

  std::optional<double> limit(std::string_view name, metrics::Plan plan) const;
  std::optional<double> threshold(std::string_view name) const;
  // Where a figure was set, for evidence: limits.yaml (documented), or for a
  // threshold limits.yaml or the settings that override it (chosen).
  std::optional<Origin> limit_origin(std::string_view name) const;
  std::optional<Origin> threshold_origin(std::string_view name) const;

  // Rules ask for limits and thresholds by name dozens of times per Worker:
  // after the maps are filled, index() hashes the names. A copy indexes its
  // own maps; a name the index lacks is still looked up in the map.
  void index();
  Limits() = default;
  Limits(const Limits& other);
  Limits& operator=(const Limits& other);
  Limits(Limits&&) = default;  // the map nodes move along: the index stays right
  Limits& operator=(Limits&&) = default;

 private:
  std::unordered_map<std::string_view, const LimitSpec*> limit_index_;
  std::unordered_map<std::string_view, const ThresholdSpec*> threshold_index_;
};

// Checks limits.yaml, read into `doc`; errors (with positions) go to `diags`.
bool parse_limits(const Document& doc, Limits& out, Diagnostics& diags);

}  // namespace cfscale::engine
