// Derived facts: values computed in C++ from the config, the metrics and the
// limits (utilization of a limit, a database's capacity, unindexed tables).
// Rules name them as "derived.<name>"; this registry is the small set of
// predicates a rule author combines without writing C++.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/report.h"
#include "engine/context.h"
#include "engine/value.h"

namespace cfscale::engine {

// How a derived value was computed, written only for the evidence of a
// finding: the basis as a sentence, and every figure it was computed from
// (a metric, a limit, a config key) with where it came from.
struct Why {
  std::string basis;
  std::vector<DerivedInput> inputs;
};

struct DerivedSpec {
  std::string_view name;
  TargetType target;
  std::string_view description;
  // Computes the value; `why`, when not null, receives how (for the
  // evidence of a finding; null while rules are decided), `missing` the
  // metric paths that were not measured when the value is unknown.
  Val (*fn)(const Context&, const Target&, Why* why, std::vector<std::string>& missing);
};

std::span<const DerivedSpec> derived_specs();

// The metric `key` of a target, or nullopt (recorded in `missing`). With
// `why`, a measured value is recorded as an input of the derived fact: every
// derived fact reads metrics through this, so its evidence names them.
std::optional<double> metric_input(const Context& c, const Target& t, std::string_view key, std::vector<std::string>& missing,
                                   Why* why);
// The fact `name` of a target type; Worker facts are found from any target.
const DerivedSpec* find_derived(TargetType target, std::string_view name);

}  // namespace cfscale::engine
