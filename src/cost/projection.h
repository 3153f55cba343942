// The bill at a multiple of today's traffic, or after months of growth:
// where included allowances run out and where the Free plan stops working.
#pragma once

#include <optional>
#include <vector>

#include "core/report.h"
#include "cost/pricing.h"
#include "cost/usage.h"
#include "metrics/metrics.h"

namespace cfscale::cost {

// Traffic x each of `scales`; stored data stays as it is (traffic does not
// store data by itself).
std::vector<Projection> project_scales(const Usage& u, const Pricing& p, metrics::Plan plan, const std::vector<double>& scales);

// After each of `months` at `pct` percent a month, compounding; stored data
// grows at the same rate.
std::vector<Projection> project_growth(const Usage& u, const Pricing& p, metrics::Plan plan, double pct,
                                       const std::vector<int>& months);

}  // namespace cfscale::cost
