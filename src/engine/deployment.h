// One deployment — a Worker config resolved for one environment, and the
// metrics observed for it — read and analysed the same way by every command
// (a project, --recursive, --all-envs, cost, checklist), the rule fixture
// tests and the fuzz targets.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/load.h"
#include "core/report.h"
#include "engine/analyze.h"
#include "engine/rule_loader.h"
#include "metrics/metrics.h"
#include "source/project.h"

namespace cfscale::engine {

struct Deployment {
  config::LoadedConfig config;
  std::optional<metrics::LoadedMetrics> metrics;  // none: nothing was found or given
  // The Worker's code, when asked for (shared by the environments of one
  // file), and what reading it reported (warnings only: code that does not
  // parse is skipped, never fatal).
  std::shared_ptr<const source::Project> code{};
  Diagnostics code_diags{};

  // No error in the config or the metrics: the deployment can be analysed.
  bool ok() const { return config.ok() && (!metrics || metrics->ok()) && !code_diags.has_errors(); }
};

// Where a deployment's metrics are: a file name, or none (then rules that
// need them stay undecided). Given the resolved config, whose `env` is set
// for an environment.
using MetricsFinder = std::function<std::optional<std::string>(const config::WorkerConfig&)>;

struct DeploymentQuery {
  std::string path;                // a config file, or a folder holding one (config::find_config)
  bool scanned = false;            // `path` is a file config::scan_tree listed: read it as it is
  std::optional<std::string> env{};  // the environment to resolve (wrangler --env)
  bool all_envs = false;           // the top level, then every environment, from one parse
  MetricsFinder metrics{};         // null: no metrics
  bool metrics_named = false;      // the metrics file was named by the user, so it may be a stream
  // The Worker's code: read when `read_source` (--no-source turns it off),
  // from `source_dir` (--source) or the config's folder.
  bool read_source = false;
  std::optional<std::string> source_dir{};
  unsigned jobs = 0;
};

// The file is read and parsed once; each environment asked for is resolved
// from that parse, and its metrics read. A deployment whose config has an
// that could not be parsed has no metrics read; one with other errors has
// them read too, so that one run shows every error of both files.
std::vector<Deployment> read_deployments(const DeploymentQuery& q);

// The rules (with a project's settings applied) and the options one
// deployment is analysed with.
struct Analyser {
  const RuleSet& rules;
  AnalyzeOptions options;
};

// The report of one deployment that is ok(): every rule over its config and
// metrics, its bill and projections; the diagnostics of what the analysis
// read beside them (migrations, the metrics cross-check) in
// report.diagnostics.
WorkerReport analyse_deployment(const Deployment& d, const Analyser& a);

}  // namespace cfscale::engine
