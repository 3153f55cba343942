#include "cli/tree.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "cli/output.h"
#include "cli/project.h"
#include "cli/repo_paths.h"
#include "config/discover.h"
#include "config/load.h"
#include "config/settings.h"
#include "core/text.h"
#include "core/threads.h"
#include "core/version.h"
#include "engine/analyze.h"
#include "engine/cross.h"
#include "engine/report_info.h"

namespace cfscale::cli {
namespace {

// The settings that apply to one config, loaded once per settings file.
struct Variant {
  engine::RuleSet rules;
  engine::AnalyzeOptions options;
};

// How each Worker's report is handed on: kept, or rendered and dropped.
struct Sink {
  const std::vector<const report::Renderer*>& outputs;
  const std::set<BaselineKey>* baseline;
  bool keep;
  const RepoPaths& paths;
};

struct Outcome {
  Diagnostics diags;
  std::vector<WorkerReport> reports;            // kept
  std::vector<std::vector<std::string>> parts;  // or rendered: per output, per deployment
  Tally tally;                                  // ... and counted
  std::vector<engine::CrossWorker> workers;  // what the findings across Workers need
  bool failed = false;
};

void hand_on(WorkerReport report, const Sink& sink, Outcome& out) {
  sink.paths.apply(report);
  if (sink.keep) {
    out.reports.push_back(std::move(report));
    return;
  }
  if (sink.baseline) apply_baseline(report, *sink.baseline);
  out.parts.resize(sink.outputs.size());
  for (size_t i = 0; i < sink.outputs.size(); ++i) {
    out.parts[i].push_back(sink.outputs[i]->worker(report));
    out.parts[i].back().shrink_to_fit();  // kept to the end: no slack, and the larger buffer is reused at once
  }
  out.tally.add(report);
}

void analyse_config(const std::string& file, const CommonOptions& o, const Variant& v, const Sink& sink, Outcome& out) {
  // --all-envs: the file is parsed once and each environment resolved from it.
  // An environment without its own metrics file has none: the top level's
  // figures describe another deployment.
  // Configs are analysed in parallel already: one thread reads each one's code.
  engine::DeploymentQuery query{file, true, std::nullopt, o.all_envs,
                                [&](const config::WorkerConfig& w) { return metrics_path(o, w.file, w.env, false); }, false,
                                !o.no_source, std::nullopt, 1};
  bool code_reported = false;
  for (auto& d : engine::read_deployments(query)) {
    out.diags.append_new(d.config.diags);
    if (d.metrics) out.diags.append_new(d.metrics->diags);
    if (!code_reported) out.diags.append_new(d.code_diags);  // one read for every environment
    code_reported = true;
    if (!d.ok()) {
      out.failed = true;
      continue;
    }
    auto report = engine::analyse_deployment(d, {v.rules, v.options});
    out.diags.append_new(report.diagnostics);
    report.diagnostics = Diagnostics{};
    hand_on(std::move(report), sink, out);
    protect_config_inputs(*d.config.worker);
    out.workers.emplace_back(*d.config.worker);
  }
}

}  // namespace

std::optional<Analysis> analyse_tree(const CommonOptions& o, const std::vector<const report::Renderer*>& outputs,
                                    const std::set<BaselineKey>* baseline, bool keep_workers) {
  Style style = detect_style(stderr, o.color);
  Diagnostics diags;
  auto scan = config::scan_tree(o.path, config::kSettingsName, diags, o.jobs);
  const auto& files = scan.configs;
  if (files.empty() && !diags.has_errors())
    diags.error(Location{o.path, {}}, "no-config", "no wrangler.json, wrangler.jsonc or wrangler.toml in this folder or below it");
  Diagnostics rule_diags;
  auto base = engine::load_catalogue(rules_dir(o.rules), rule_diags);
  engine::AnalyzeOptions selected;  // what --select and --ignore left out, for every Worker
  if (base && !apply_selection(o, *base, selected)) return std::nullopt;
  std::string today = cost::today_utc();
  if (base) cost::check_age(base->pricing, today, rule_diags);
  // Settings, once per settings file (most trees have one at the root).
  std::map<std::string, std::shared_ptr<Variant>> by_settings;
  std::shared_ptr<Variant> root_variant;
  std::vector<std::shared_ptr<Variant>> variant_of(files.size());
  if (base && !diags.has_errors()) {
    engine::AnalyzeOptions defaults;
    defaults.today = today;
    defaults.projections = {o.projections, o.scale, o.growth};
    defaults.disabled_rules = selected.disabled_rules;
    defaults.cost_arithmetic = std::any_of(outputs.begin(), outputs.end(), [](const report::Renderer* r) { return r->shows_cost_arithmetic(); });
    auto plain = std::make_shared<Variant>(Variant{*base, defaults});
    config::TreeSettings settings(scan, o.path, o.settings);
    auto variant = [&](const std::string& config_file) {
      auto path = settings.find(config_file);
      if (!path) return plain;
      auto& v = by_settings[*path];
      if (!v) {
        v = std::make_shared<Variant>(Variant{*base, defaults});
        if (auto s = config::load_settings(*path, rule_diags, o.settings.has_value())) apply_settings(*s, v->rules, v->options, rule_diags);
        protect_input(*path);
      }
      return v;
    };
    for (size_t i = 0; i < files.size(); ++i) variant_of[i] = variant(files[i]);
    // The findings across Workers follow the settings of the tree's root
    // (--config, or the .cfscale.toml there or above it): their severity
    // and `disable` apply as to any rule.
    root_variant = variant((std::filesystem::path(o.path) / "wrangler.toml").lexically_normal().string());
  }
  print_diagnostics(diags, style, o.quiet);
  rule_diags.sort();
  print_diagnostics(rule_diags, style, o.quiet);
  if (diags.has_errors() || !base || rule_diags.has_errors()) {
    eprint("cfscale: {} error{} in the input; nothing was analysed\n", diags.error_count() + rule_diags.error_count(),
               diags.error_count() + rule_diags.error_count() == 1 ? "" : "s");
    return std::nullopt;
  }
  for (const auto& f : files) protect_input(f);
  if (auto dir = rules_dir(o.rules)) protect_inputs_in(*dir, ".yaml");

  RepoPaths paths = RepoPaths::find(o.path, o.root);
  Sink sink{outputs, baseline, keep_workers, paths};
  for (const auto* out : outputs) sink.keep = sink.keep || !out->streams();
  std::vector<Outcome> outcomes(files.size());
  parallel_for(files.size(), o.jobs, [&](size_t i) { analyse_config(files[i], o, *variant_of[i], sink, outcomes[i]); });

  Analysis run;
  run.parts.resize(sink.keep ? 0 : outputs.size());
  Report& report = run.report;
  report.tool_version = kVersion;
  report.limits_as_of = base->limits.as_of;
  report.recursive = true;
  report.rules = engine::rule_infos(*base);
  size_t errors = 0;
  std::vector<const engine::CrossWorker*> workers;
  for (auto& out : outcomes) {
    out.diags.sort();
    print_diagnostics(out.diags, style, o.quiet);
    errors += out.diags.error_count();
    for (auto& r : out.reports) report.workers.push_back(std::move(r));
    report.dropped.add(out.tally);
    for (size_t i = 0; i < out.parts.size(); ++i)
      for (auto& part : out.parts[i]) run.parts[i].push_back(std::move(part));
    for (const auto& w : out.workers) workers.push_back(&w);
  }
  if (errors) {
    eprint("cfscale: {} error{} in {} configs; nothing was analysed\n", errors, errors == 1 ? "" : "s", files.size());
    return std::nullopt;
  }
  auto cross = engine::cross_worker(workers, root_variant ? root_variant->rules : *base, o.jobs);
  report.cross = std::move(cross.findings);
  report.services = std::move(cross.services);
  for (auto& f : report.cross) paths.apply(f);
  return run;
}

int validate_tree(const CommonOptions& o) {
  Style style = detect_style(stderr, o.color);
  Diagnostics diags;
  auto files = config::find_configs_recursive(o.path, diags);
  print_diagnostics(diags, style, o.quiet);
  if (diags.has_errors()) return kExitBadInput;
  if (files.empty()) {
    eprint("{}: error: no wrangler.json, wrangler.jsonc or wrangler.toml in this folder or below it [no-config]\n", o.path);
    return kExitBadInput;
  }
  std::vector<Outcome> outcomes(files.size());
  std::vector<size_t> deployments(files.size());
  parallel_for(files.size(), o.jobs, [&](size_t i) {
    std::vector<config::LoadedConfig> loaded;
    if (o.all_envs) loaded = config::load_config_file_envs(files[i]);
    else loaded.push_back(config::load_config_file(files[i]));
    for (const auto& d : loaded) outcomes[i].diags.append_new(d.diags);
    size_t n = loaded.size();
    if (auto path = metrics_path(o, files[i], std::nullopt)) outcomes[i].diags.append(metrics::load_metrics(*path).diags);
    deployments[i] = n;
  });
  size_t errors = 0, warnings = 0, total = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    outcomes[i].diags.sort();
    print_diagnostics(outcomes[i].diags, style, o.quiet);
    errors += outcomes[i].diags.error_count();
    warnings += outcomes[i].diags.size() - outcomes[i].diags.error_count();
    total += deployments[i];
  }
  std::string summary = fmt::format("{} configs ({} deployments) under {}: {} error{}, {} warning{}\n", files.size(), total, printable(o.path),
                                    errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  if (errors) {
    eprint("{}", summary);
    return kExitBadInput;
  }
  return write_output(o.output, summary) ? kExitOk : kExitBadInput;
}

}  // namespace cfscale::cli
