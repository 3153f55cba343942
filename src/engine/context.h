// Everything a rule can look at while it is evaluated for one Worker.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>

#include "config/migrations.h"
#include "config/model.h"
#include "cost/bill.h"
#include "cost/pricing.h"
#include "cost/usage.h"
#include "engine/limits.h"
#include "engine/target.h"
#include "source/project.h"
#include "metrics/metrics.h"

namespace cfscale::engine {

struct Context {
  Context(const config::WorkerConfig& w, const metrics::Metrics* m, const Limits& l, metrics::Plan p)
      : worker(w), metrics(m), limits(l), plan(p) {}

  const config::WorkerConfig& worker;
  const metrics::Metrics* metrics;  // null without a metrics file
  const Limits& limits;
  metrics::Plan plan = metrics::Plan::Paid;
  // What the metrics cost on the plan: set before rules run when there are
  // metrics (bill facts read it: how large a bill line is, a target's part).
  const cost::Pricing* pricing = nullptr;
  const cost::Usage* usage = nullptr;
  const cost::Bill* bill = nullptr;
  // The Worker's code, when it was read (null with --no-source or no code):
  // the targets of `call` rules.
  const source::Project* code = nullptr;

  // "worker.cpu_ms_p99", "d1.DB.storage_gb": nullptr when not measured.
  const metrics::Value* metric(const std::string& path) const { return metrics ? metrics->find(path) : nullptr; }
  // The metric `key` of a target ("d1.<binding>.<key>", or "worker.<key>").
  std::string metric_path(const Target& t, std::string_view key) const;
  // The metric `key` of a target without building its path.
  const metrics::Value* metric(const Target& t, std::string_view key) const;

  // The config entries of a type (computed once per analysis: every rule
  // about a type walks the same targets).
  const std::vector<Target>& targets(TargetType type) const;
  // The Worker as a whole, as a target (its one entry in targets(Worker)).
  const Target& worker_target() const { return targets(TargetType::Worker).front(); }

  // The D1 schema read from a database's migrations (cached per binding).
  const config::D1Schema* d1_schema(const config::D1Database& db) const;

  // Errors reading what the analysis reads beside the config (migrations):
  // the report carries them, and the run exits 2.
  mutable Diagnostics input_diags;

 private:
  mutable std::map<std::string, std::optional<config::D1Schema>> schemas_;
  mutable std::array<std::optional<std::vector<Target>>, kTargetTypeCount> targets_;  // by TargetType
};

}  // namespace cfscale::engine
