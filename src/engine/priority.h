// The priority score (docs/prioritization.md): severity first, then how close
// the nearest limit is, then the checklist stage, then the kind.
#pragma once

#include <algorithm>
#include <numeric>
#include <optional>
#include <vector>

#include "core/report.h"

namespace cfscale::engine {

double priority_score(const Finding& f, std::optional<int> worker_stage);

// Scores, sorts (score, then rule id, then target) and numbers 1..N.
void assign_priorities(std::vector<Finding>& findings, std::optional<int> worker_stage);

// A stable sort that moves each Finding once (a Finding is large: sorting
// them in place moved each several times), then numbers them 1..N.
template <class Less>
void sort_and_number(std::vector<Finding>& findings, Less less) {
  std::vector<size_t> order(findings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return less(findings[i], findings[j]); });
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (size_t i : order) {
    sorted.push_back(std::move(findings[i]));
    sorted.back().priority = static_cast<int>(sorted.size());
  }
  findings = std::move(sorted);
}

}  // namespace cfscale::engine
