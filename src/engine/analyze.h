// Running the rule catalogue over one Worker: findings with their evidence,
// the staged checklist, what could not be decided, and the priorities.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"
#include "core/node.h"
#include "core/report.h"
#include "engine/rule_loader.h"
#include "metrics/metrics.h"
#include "source/project.h"

namespace cfscale::engine {

struct AnalyzeOptions {
  std::optional<metrics::Plan> plan;  // from the settings; else the metrics' plan; else paid
  const Document* config_doc = nullptr;  // its comments hold the cfscale-ignore suppressions
  std::vector<std::string> no_suppress;  // rules whose findings comments cannot hide
  std::string today;                     // YYYY-MM-DD, for suppressions with until=
  size_t disabled_rules = 0;             // reported
  // The same file's production deployment, when this one is another
  // environment: resources they share are findings (CFS207).
  const config::WorkerConfig* production = nullptr;
  // The arithmetic behind each bill line: only the JSON report and `cost
  // --explain` show it, so a run without them leaves it out (report/render.h).
  bool cost_arithmetic = true;
  // The Worker's code (source/project.h), read by the caller: null when it
  // was not read (--no-source), and `call` rules then have no targets.
  const source::Project* code = nullptr;
  // `cfscale cost`: the bill at 1x, 10x, 100x (and `scale`) and after 3, 6
  // and 12 months of `growth` (else the metrics' growth_pct_per_month).
  struct Projections {
    bool on = false;
    std::optional<double> scale;
    std::optional<double> growth;
  } projections;
};

WorkerReport analyze(const RuleSet& rules, const config::WorkerConfig& worker, const metrics::Metrics* metrics,
                     const AnalyzeOptions& options = {});

// Warnings for metrics that name a binding or queue the config does not have,
// and for config bindings without metrics (docs/interface.md §2).
// An error (at the metrics file) when an amount of the Worker's bill, its
// fixes or its projections is beyond cost::kMaxBillUsd or not finite: the
// report would show a figure it cannot print exactly.
void check_bill_size(const WorkerReport& report, const std::string& metrics_file, Diagnostics& diags);

void cross_check(const config::WorkerConfig& worker, const metrics::Metrics& metrics, Diagnostics& diags);

}  // namespace cfscale::engine
