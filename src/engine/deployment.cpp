#include "engine/deployment.h"

#include "engine/environments.h"

#include <filesystem>

#include "config/bindings.h"

namespace cfscale::engine {

namespace {

// One read of the code for the environments of one file: the names any of
// them binds (each deployment's rules look only at the calls on bindings its
// own config has).
void read_code(const DeploymentQuery& q, std::vector<Deployment>& ds) {
  const config::WorkerConfig* first = nullptr;
  source::ProjectOptions o;
  for (const auto& d : ds) {
    if (!d.config.worker) continue;
    if (!first) first = &*d.config.worker;
    for (const auto& b : config::list_bindings(*d.config.worker))
      if (b.key != "queues.consumers") o.bindings.insert(b.name);
  }
  if (!first) return;
  std::filesystem::path config_dir = std::filesystem::path(first->file).parent_path();
  o.root = q.source_dir ? *q.source_dir : (config_dir.empty() ? "." : config_dir.string());
  std::error_code ec;
  if (q.source_dir && !std::filesystem::is_directory(*q.source_dir, ec)) {
    // Named by the user (--source): a mistake to stop at, not code to skip.
    Diagnostics diags;
    diags.error(Location{*q.source_dir, {}}, "source-dir", "--source must name a folder holding the Worker's code; this is not one");
    for (auto& d : ds) d.code_diags = diags;
    return;
  }
  // Static assets are served to browsers; their scripts are not the Worker's.
  if (first->assets_directory && !q.source_dir) o.skip.push_back((config_dir / *first->assets_directory).string());
  if (first->main) {
    // `main` is the config's; with --source the code may sit elsewhere (a config kept apart).
    std::filesystem::path m = config_dir / *first->main;
    std::error_code ec;
    if (q.source_dir && !std::filesystem::exists(m, ec)) m = std::filesystem::path(*q.source_dir) / *first->main;
    o.main = m.string();
  }
  o.jobs = q.jobs;
  Diagnostics diags;
  auto project = std::make_shared<const source::Project>(source::read_project(o, diags));
  for (auto& d : ds) {
    if (!d.config.worker) continue;
    d.code = project;
    d.code_diags = diags;
  }
}

}  // namespace

std::vector<Deployment> read_deployments(const DeploymentQuery& q) {
  std::vector<config::LoadedConfig> configs;
  config::LoadOptions one{q.env};
  if (q.all_envs) configs = config::load_config_file_envs(q.path);
  else configs.push_back(q.scanned ? config::load_config_file(q.path, one) : config::load_config(q.path, one));
  std::vector<Deployment> out;
  out.reserve(configs.size());
  for (auto& c : configs) {
    Deployment d{std::move(c), std::nullopt, nullptr, {}};
    if (d.config.worker && q.metrics)
      if (auto file = q.metrics(*d.config.worker)) d.metrics = metrics::load_metrics(*file, q.metrics_named);
    out.push_back(std::move(d));
  }
  if (q.read_source) read_code(q, out);
  return out;
}

WorkerReport analyse_deployment(const Deployment& d, const Analyser& a) {
  AnalyzeOptions options = a.options;
  options.config_doc = d.config.doc.get();  // its comments hold the suppressions
  auto production = production_of(d.config);
  if (production) options.production = &*production;
  options.code = d.code.get();
  const metrics::Metrics* m = d.metrics && d.metrics->metrics ? &*d.metrics->metrics : nullptr;
  return analyze(a.rules, *d.config.worker, m, options);
}

}  // namespace cfscale::engine
