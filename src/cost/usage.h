// What a Worker uses of each priced item in a month, from its metrics: the
// quantities a bill is computed from, each with how it was derived.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/model.h"
#include "cost/pricing.h"
#include "metrics/metrics.h"

namespace cfscale::cost {

struct Usage {
  std::map<std::string, double> monthly;       // item id -> units per month
  std::map<std::string, std::string> basis;    // item id -> the arithmetic
  std::map<std::string, std::string> unknown;  // item id -> the metrics that are missing
};

// Per-day metrics become monthly by `pricing.month_days`. Only bindings the
// config has count; a product the Worker does not use contributes nothing.
// `arithmetic` false leaves `basis` empty: only the bill's explanation (JSON,
// cost --explain) shows it, and a tree of thousands of Workers pays for it.
Usage measure(const config::WorkerConfig& w, const metrics::Metrics& m, const Pricing& pricing, bool arithmetic = true);

// The operations queue `q` makes a day: every 64 KB of a message (plus
// ~100 bytes of metadata) is one operation for each of write, read and
// delete, and each retry reads it again. nullopt without its messages_per_day.
struct QueueOps {
  double per_day = 0;
  double messages = 0, retries = 0, chunks = 1;
};
std::optional<QueueOps> queue_operations(const metrics::Metrics& m, const std::string& q);

// Traffic-driven items times `traffic`, storage (GB-month) items times
// `storage`: the projections of `cfscale cost --scale / --growth`.
Usage scaled(const Usage& u, const Pricing& pricing, double traffic, double storage);

// Adds `delta` units of `id` (negative removes), keeping the basis.
void add(Usage& u, const std::string& id, double delta, const std::string& why);

}  // namespace cfscale::cost
