#include "engine/deployment.h"

#include "engine/environments.h"

namespace cfscale::engine {

std::vector<Deployment> read_deployments(const DeploymentQuery& q) {
  std::vector<config::LoadedConfig> configs;
  config::LoadOptions one{q.env};
  if (q.all_envs) configs = config::load_config_file_envs(q.path);
  else configs.push_back(q.scanned ? config::load_config_file(q.path, one) : config::load_config(q.path, one));
  std::vector<Deployment> out;
  out.reserve(configs.size());
  for (auto& c : configs) {
    Deployment d{std::move(c), std::nullopt};
    if (d.config.worker && q.metrics)
      if (auto file = q.metrics(*d.config.worker)) d.metrics = metrics::load_metrics(*file, q.metrics_named);
    out.push_back(std::move(d));
  }
  return out;
}

WorkerReport analyse_deployment(const Deployment& d, const Analyser& a) {
  AnalyzeOptions options = a.options;
  options.config_doc = d.config.doc.get();  // its comments hold the suppressions
  auto production = production_of(d.config);
  if (production) options.production = &*production;
  const metrics::Metrics* m = d.metrics && d.metrics->metrics ? &*d.metrics->metrics : nullptr;
  return analyze(a.rules, *d.config.worker, m, options);
}

}  // namespace cfscale::engine
