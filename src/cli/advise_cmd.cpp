// `cfscale advise` and `cfscale checklist`: load, analyse, render.
#include <algorithm>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"
#include "cli/project.h"
#include "core/version.h"
#include "engine/analyze.h"
#include "cost/projection.h"
#include "report/cost_text.h"
#include "report/json.h"
#include "report/text.h"

namespace cfscale::cli {
namespace {

std::optional<Report> analyse(const CommonOptions& o) {
  auto project = load_project(o, true);
  if (!project) return std::nullopt;
  const metrics::Metrics* m = project->metrics ? &*project->metrics->metrics : nullptr;
  Report report;
  report.tool_version = kVersion;
  report.limits_as_of = project->rules->limits.as_of;
  report.workers.push_back(engine::analyze(*project->rules, *project->config.worker, m, project->analyze));
  Style style = detect_style(stderr, o.no_color);
  for (auto& w : report.workers) {
    w.diagnostics.sort();
    print_diagnostics(w.diagnostics, style, o.quiet);
  }
  return report;
}

int exit_code(const Report& r, const CommonOptions& o) {
  if (!o.fail_on) return kExitOk;
  Severity gate = *parse_severity(*o.fail_on);
  for (const auto& w : r.workers)
    for (const auto& f : w.findings)
      if (f.severity >= gate) return kExitFindings;
  return kExitOk;
}

report::TextOptions text_options(const CommonOptions& o) {
  bool to_terminal = o.output == "-";
  return report::TextOptions{to_terminal && detect_style(stdout, o.no_color).color, 100, o.verbose};
}

}  // namespace

int run_advise(const CommonOptions& o) {
  auto report = analyse(o);
  if (!report) return kExitBadInput;
  std::string out = o.format == "json" ? report::render_json(*report) : report::render_text(*report, text_options(o));
  if (!write_output(o.output, out)) return kExitBadInput;
  return exit_code(*report, o);
}

int run_cost(const CostOptions& opts) {
  const auto& o = opts.common;
  auto project = load_project(o, true);
  if (!project) return kExitBadInput;
  const metrics::Metrics* m = project->metrics ? &*project->metrics->metrics : nullptr;
  Report report;
  report.tool_version = kVersion;
  report.limits_as_of = project->rules->limits.as_of;
  auto w = engine::analyze(*project->rules, *project->config.worker, m, project->analyze);
  if (m) {
    auto usage = cost::measure(*project->config.worker, *m, project->rules->pricing);
    metrics::Plan plan = w.plan == "free" ? metrics::Plan::Free : metrics::Plan::Paid;
    std::vector<double> scales = {1, 10, 100};
    if (opts.scale && std::find(scales.begin(), scales.end(), *opts.scale) == scales.end()) scales.push_back(*opts.scale);
    std::sort(scales.begin(), scales.end());
    w.projections = cost::project_scales(usage, project->rules->pricing, plan, scales);
    auto growth = opts.growth ? opts.growth : m->growth_pct_per_month;
    if (growth) {
      auto g = cost::project_growth(usage, project->rules->pricing, plan, *growth, {3, 6, 12});
      w.projections.insert(w.projections.end(), g.begin(), g.end());
    }
  }
  report.workers.push_back(std::move(w));
  std::string out = o.format == "json" ? report::render_json(report)
                                       : report::render_cost_text(report, opts.explain, text_options(o).color);
  if (!write_output(o.output, out)) return kExitBadInput;
  return exit_code(report, o);
}

int run_checklist(const CommonOptions& o) {
  auto report = analyse(o);
  if (!report) return kExitBadInput;
  std::string out = o.format == "json" ? report::render_json(*report) : report::render_checklist_text(*report, text_options(o));
  if (!write_output(o.output, out)) return kExitBadInput;
  return exit_code(*report, o);
}

}  // namespace cfscale::cli
