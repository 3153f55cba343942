// `cfscale advise` and `cfscale checklist`: load, analyse, render.
#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"
#include "cli/project.h"
#include "core/version.h"
#include "engine/analyze.h"
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
  report.workers.push_back(engine::analyze(*project->rules, *project->config.worker, m));
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

int run_checklist(const CommonOptions& o) {
  auto report = analyse(o);
  if (!report) return kExitBadInput;
  std::string out = o.format == "json" ? report::render_json(*report) : report::render_checklist_text(*report, text_options(o));
  if (!write_output(o.output, out)) return kExitBadInput;
  return exit_code(*report, o);
}

}  // namespace cfscale::cli
