// What following a recommendation does to the monthly bill. Each model
// changes the usage the way the fix would (a KV cache adds KV reads and
// writes and removes D1 rows read) and prices the difference with the full
// bill, so included allowances are respected. Rules name a model with
// `cost_model:`; the basis names every assumption.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "config/model.h"
#include "cost/pricing.h"
#include "cost/usage.h"
#include "metrics/metrics.h"

namespace cfscale::cost {

struct FixInput {
  const config::WorkerConfig& worker;
  const metrics::Metrics& metrics;
  const Pricing& pricing;
  metrics::Plan plan;
  const Usage& usage;                 // today's usage (measure())
  std::optional<std::string> binding; // the finding's target
  double cache_hit_ratio = 0.8;       // assumed for a new cache
};

struct FixCost {
  std::optional<double> monthly_usd;  // + extra spend, - savings; null when it cannot be estimated
  std::string basis;
  std::optional<double> bound_usd;    // without an estimate: the most it can change (- the largest saving)
};

struct FixModel {
  std::string_view name;
  std::string_view description;
  FixCost (*estimate)(const FixInput&);
};

std::span<const FixModel> fix_models();
const FixModel* find_fix_model(std::string_view name);

// The bill difference of a usage change: bill(after) - bill(before).
double bill_delta(const Usage& before, const Usage& after, const Pricing& p, metrics::Plan plan);

}  // namespace cfscale::cost
