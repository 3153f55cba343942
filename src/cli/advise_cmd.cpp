// `cfscale advise` and `cfscale checklist`: load, analyse, render.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"
#include "cli/baseline.h"
#include "cli/project.h"
#include "cli/tree.h"
#include "core/version.h"
#include "engine/analyze.h"
#include "cost/projection.h"
#include "engine/report_info.h"
#include "report/cost_text.h"
#include "report/github.h"
#include "report/markdown.h"
#include "report/sarif.h"
#include "report/json.h"
#include "report/text.h"

namespace cfscale::cli {
namespace {

std::optional<Report> analyse(const CommonOptions& o) {
  if (o.recursive) {
    if (o.metrics || o.env) {
      fmt::print(stderr, "cfscale: with --recursive, metrics are found beside each config and --all-envs selects environments; "
                         "--metrics and --env take one config\n");
      return std::nullopt;
    }
    auto report = analyse_tree(o);
    if (!report) return std::nullopt;
    if (o.write_baseline && !write_output(*o.write_baseline, baseline_json(*report))) return std::nullopt;
    if (o.baseline) {
      Diagnostics diags;
      auto keys = load_baseline(*o.baseline, diags);
      print_diagnostics(diags, detect_style(stderr, o.no_color), o.quiet);
      if (!keys) return std::nullopt;
      apply_baseline(*report, *keys);
    }
    return report;
  }
  auto project = load_project(o, true);
  if (!project) return std::nullopt;
  std::optional<std::set<BaselineKey>> baseline;
  if (o.baseline) {
    Diagnostics diags;
    baseline = load_baseline(*o.baseline, diags);
    print_diagnostics(diags, detect_style(stderr, o.no_color), o.quiet);
    if (!baseline) {
      fmt::print(stderr, "cfscale: the baseline cannot be read; nothing was analysed\n");
      return std::nullopt;
    }
  }
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
  report.rules = engine::rule_infos(*project->rules);
  // The baseline records all findings; --baseline then hides the recorded ones.
  if (o.write_baseline && !write_output(*o.write_baseline, baseline_json(report))) return std::nullopt;
  if (baseline) {
    apply_baseline(report, *baseline);
    size_t hidden = 0;
    for (const auto& w : report.workers) hidden += w.baseline_hidden;
    if (!o.quiet) fmt::print(stderr, "cfscale: {} finding{} in the baseline {} not shown\n", hidden, hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are");
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

report::TextOptions text_options(const CommonOptions& o, const std::string& output) {
  bool to_terminal = output == "-";
  return report::TextOptions{to_terminal && detect_style(stdout, o.no_color).color, 100, o.verbose};
}

enum class Command { Advise, Checklist, Cost };

std::string render(const Report& r, const std::string& format, const std::string& output, const CommonOptions& o,
                   Command cmd, bool explain) {
  if (format == "json") return report::render_json(r);
  if (format == "markdown") return report::render_markdown(r);
  if (format == "sarif") return report::render_sarif(r);
  if (format == "github") return report::render_github(r);
  auto t = text_options(o, output);
  if (cmd == Command::Checklist) return report::render_checklist_text(r, t);
  if (cmd == Command::Cost) return report::render_cost_text(r, explain, t.color);
  return report::render_text(r, t);
}

// Pairs each --format with the --output given after it (or stdout).
std::optional<std::vector<std::pair<std::string, std::string>>> output_pairs(const CommonOptions& o) {
  std::vector<std::string> formats = o.formats.empty() ? std::vector<std::string>{"text"} : o.formats;
  if (o.outputs.size() > formats.size()) {
    fmt::print(stderr, "cfscale: {} --output for {} --format: give a --format for each --output\n", o.outputs.size(), formats.size());
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  int to_stdout = 0;
  for (size_t i = 0; i < formats.size(); ++i) {
    std::string out = i < o.outputs.size() ? o.outputs[i] : "-";
    if (out == "-" && ++to_stdout > 1) {
      fmt::print(stderr, "cfscale: only one --format can go to stdout; give the others an --output FILE\n");
      return std::nullopt;
    }
    pairs.emplace_back(formats[i], out);
  }
  return pairs;
}

int emit(const Report& r, const CommonOptions& o, Command cmd, bool explain = false) {
  auto pairs = output_pairs(o);
  if (!pairs) return kExitBadInput;
  for (const auto& [format, output] : *pairs)
    if (!write_output(output, render(r, format, output, o, cmd, explain))) return kExitBadInput;
  return exit_code(r, o);
}

}  // namespace

// --show-config: print the effective settings and stop.
std::optional<int> show_config_only(const CommonOptions& o) {
  if (!o.show_config) return std::nullopt;
  auto project = load_project(o, true);
  if (!project) return kExitBadInput;
  return write_output(o.outputs.empty() ? "-" : o.outputs.front(), show_config(*project)) ? kExitOk : kExitBadInput;
}

int run_advise(const CommonOptions& o) {
  if (auto code = show_config_only(o)) return *code;
  if (!output_pairs(o)) return kExitBadInput;
  auto report = analyse(o);
  if (!report) return kExitBadInput;
  return emit(*report, o, Command::Advise);
}

int run_cost(const CostOptions& opts) {
  const auto& o = opts.common;
  if (auto code = show_config_only(o)) return *code;
  if (!output_pairs(o)) return kExitBadInput;
  if (o.recursive) {
    auto report = analyse(o);
    if (!report) return kExitBadInput;
    return emit(*report, o, Command::Cost, opts.explain);
  }
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
  report.rules = engine::rule_infos(*project->rules);
  return emit(report, o, Command::Cost, opts.explain);
}

int run_checklist(const CommonOptions& o) {
  if (auto code = show_config_only(o)) return *code;
  if (!output_pairs(o)) return kExitBadInput;
  auto report = analyse(o);
  if (!report) return kExitBadInput;
  return emit(*report, o, Command::Checklist);
}

}  // namespace cfscale::cli
