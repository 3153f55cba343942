// `cfscale advise` and `cfscale checklist`: load, analyse, render.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"
#include "cli/baseline.h"
#include "cli/diff_cmd.h"
#include "cli/project.h"
#include "cli/repo_paths.h"
#include "cli/tree.h"
#include "core/version.h"
#include "engine/analyze.h"
#include "cost/projection.h"
#include "engine/report_info.h"
#include "report/render.h"
#include "report/sarif.h"

namespace cfscale::cli {
namespace {

enum class Command { Advise, Checklist, Cost };

// One --format and where it goes.
struct Output {
  report::RenderOptions render;
  std::string path;
  std::shared_ptr<const report::Renderer> renderer;
};

bool shows_cost_arithmetic(const std::vector<Output>& outputs) {
  return std::any_of(outputs.begin(), outputs.end(), [](const Output& o) { return o.renderer->shows_cost_arithmetic(); });
}

// --baseline: its findings into `keys` (left empty without the option).
// False, after saying why, when the file cannot be read.
bool read_baseline(const CommonOptions& o, std::optional<std::set<BaselineKey>>& keys) {
  if (!o.baseline) return true;
  Diagnostics diags;
  keys = load_baseline(*o.baseline, diags);
  print_diagnostics(diags, detect_style(stderr, o.color), o.quiet);
  if (keys) return true;
  eprint("cfscale: the baseline cannot be read; nothing was analysed\n");
  return false;
}

// Prints a Worker's diagnostics; false when one is an error: what the analysis
// read beside the config (migrations) could not be read, and a report without
// it would look complete and say the wrong thing.
bool diagnostics_pass(WorkerReport& w, const CommonOptions& o) {
  w.diagnostics.sort();
  print_diagnostics(w.diagnostics, detect_style(stderr, o.color), o.quiet);
  if (!w.diagnostics.has_errors()) return true;
  eprint("cfscale: {} error{} in the input; nothing was analysed\n", w.diagnostics.error_count(),
             w.diagnostics.error_count() == 1 ? "" : "s");
  return false;
}

std::optional<Analysis> analyse_recursive(const CommonOptions& o, const std::vector<Output>& outputs) {
  if (o.metrics || o.env) {
    eprint("cfscale: with --recursive, metrics are found beside each config and --all-envs selects environments; "
                       "--metrics and --env take one config\n");
    return std::nullopt;
  }
  std::optional<std::set<BaselineKey>> keys;
  if (!read_baseline(o, keys)) return std::nullopt;
  std::vector<const report::Renderer*> formats;
  for (const auto& out : outputs) formats.push_back(out.renderer.get());
  // --write-baseline records every finding, so the Workers are kept whole.
  bool keep = o.write_baseline.has_value() || o.compare_to.has_value();  // --compare-to reads the whole report
  auto run = analyse_tree(o, formats, keys ? &*keys : nullptr, keep);
  if (!run) return std::nullopt;
  if (o.write_baseline && !write_output(*o.write_baseline, baseline_json(run->report))) return std::nullopt;
  if (keys) apply_baseline(run->report, *keys);  // the kept Workers and the findings across Workers
  return run;
}

std::optional<Analysis> analyse(const CommonOptions& o, const std::vector<Output>& outputs) {
  if (o.recursive) return analyse_recursive(o, outputs);
  auto project = load_project(o, true);
  if (!project) return std::nullopt;
  std::optional<std::set<BaselineKey>> baseline;
  if (!read_baseline(o, baseline)) return std::nullopt;
  Report report;
  report.tool_version = kVersion;
  report.limits_as_of = project->rules->limits.as_of;
  project->analyze.cost_arithmetic = shows_cost_arithmetic(outputs);
  report.workers.push_back(engine::analyse_deployment(project->deployment, {*project->rules, project->analyze}));
  for (auto& w : report.workers)
    if (!diagnostics_pass(w, o)) return std::nullopt;
  report.rules = engine::rule_infos(*project->rules);
  RepoPaths::find(o.path, o.root).apply(report);
  // The baseline records all findings; --baseline then hides the recorded ones.
  if (o.write_baseline && !write_output(*o.write_baseline, baseline_json(report))) return std::nullopt;
  if (baseline) {
    apply_baseline(report, *baseline);
    size_t hidden = 0;
    for (const auto& w : report.workers) hidden += w.baseline_hidden;
    if (!o.quiet) eprint("cfscale: {} finding{} in the baseline {} not shown\n", hidden, hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are");
  }
  return Analysis{std::move(report), {}};
}

int exit_code(const Report& r, const CommonOptions& o) {
  if (!o.fail_on) return kExitOk;
  Severity gate = *parse_severity(*o.fail_on);
  for (const auto& [severity, n] : r.tally().by_severity)  // findings across Workers count too
    if (severity >= gate && n > 0) return kExitFindings;
  return kExitOk;
}

report::TextOptions text_options(const CommonOptions& o, const std::string& output) {
  bool to_terminal = output == "-";
  return report::TextOptions{to_terminal && detect_style(stdout, o.color).color, 100, o.verbose};
}

// Each --format with the --output given after it (or stdout).
std::optional<std::vector<Output>> outputs_of(const CommonOptions& o, Command cmd, bool explain = false) {
  auto pairs = o.format_outputs;
  if (pairs.empty()) pairs.emplace_back("text", "-");
  report::Format text = cmd == Command::Checklist ? report::Format::Checklist : cmd == Command::Cost ? report::Format::Cost : report::Format::Text;
  std::vector<Output> outputs;
  report::SarifOptions sarif{o.category, report::file_uri(RepoPaths::find(o.path, o.root).root().generic_string())};
  for (const auto& [name, out] : pairs) {
    auto format = report::parse_format(name, text);
    if (!format) {
      eprint("cfscale: unknown --format \"{}\"\n", name);
      return std::nullopt;
    }
    report::RenderOptions render{*format, text_options(o, out), explain, sarif, o.max_annotations};
    outputs.push_back(Output{render, out, report::make_renderer(render)});
  }
  // Two outputs to one file (or to stdout) are a usage error before anything
  // runs (the inputs are checked again once they are known, before writing).
  std::vector<std::string> paths;
  for (const auto& out : outputs) paths.push_back(out.path);
  if (o.write_baseline) paths.push_back(*o.write_baseline);
  if (!OutputSet::check(paths)) return std::nullopt;
  return outputs;
}

// Every output of the run through one OutputSet: checked before anything is
// written, files staged, streams written, then the files renamed into place.
// `render(i)` gives output i's pieces.
template <class Render>
bool write_all_outputs(const std::vector<Output>& outputs, Render render) {
  std::vector<std::string> paths;
  for (const auto& out : outputs) paths.push_back(out.path);
  return write_outputs(paths, [&](size_t i, OutputSet& set) {
    // The github format is workflow commands by design; its data is escaped as the runner reads it.
    auto commands = outputs[i].render.format == report::Format::Github ? OutputSet::Commands::Run : OutputSet::Commands::Inert;
    return set.add(paths[i], render(i).pieces, commands);
  });
}

// The diff's format for an output of --compare-to; nothing for SARIF and
// annotations, which show the findings themselves.
std::optional<std::string> diff_format(report::Format f) {
  switch (f) {
    case report::Format::Json: return "json";
    case report::Format::Markdown: return "markdown";
    case report::Format::Sarif:
    case report::Format::Github: return std::nullopt;
    case report::Format::Text:
    case report::Format::Checklist:
    case report::Format::Cost: return "text";
  }
  return std::nullopt;
}

// --compare-to: the formats that show a diff show it; SARIF and annotations
// show the findings as they are; --fail-on counts only new findings.
int emit_compared(const Analysis& a, const CommonOptions& o, const std::vector<Output>& outputs) {
  Style style = detect_style(stderr, o.color);
  protect_input(*o.compare_to);
  auto base = read_report(*o.compare_to, style);
  if (!base) return kExitBadInput;
  report::RenderOptions json;
  json.format = report::Format::Json;
  static const std::vector<std::string> none;  // the Workers were kept whole (analyse_recursive)
  std::string head_text;
  for (auto piece : report::render_pieces(a.report, *report::make_renderer(json), none).pieces) head_text += piece;
  auto d = compare_files(*o.compare_to, *base, "(this run)", nlohmann::ordered_json::parse(head_text));
  if (!d) return kExitBadInput;
  bool written = write_all_outputs(outputs, [&](size_t i) {
    report::Rendered r;
    if (auto name = diff_format(outputs[i].render.format)) {
      r.own.push_back(*render_diff(*d, *name, 65536));
      r.pieces.emplace_back(r.own.back());
      return r;
    }
    return report::render_pieces(a.report, *outputs[i].renderer, none);
  });
  if (!written) return kExitBadInput;
  return diff_exit_code(*d, o.fail_on, std::nullopt);
}

int emit(const Analysis& a, const CommonOptions& o, const std::vector<Output>& outputs) {
  if (o.compare_to) return emit_compared(a, o, outputs);
  static const std::vector<std::string> none;
  bool written = write_all_outputs(outputs, [&](size_t i) {
    return report::render_pieces(a.report, *outputs[i].renderer, i < a.parts.size() ? a.parts[i] : none);
  });
  return written ? exit_code(a.report, o) : kExitBadInput;
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
  auto outputs = outputs_of(o, Command::Advise);
  if (!outputs) return kExitBadInput;
  auto analysis = analyse(o, *outputs);
  if (!analysis) return kExitBadInput;
  return emit(*analysis, o, *outputs);
}

int run_cost(const CostOptions& opts) {
  CommonOptions o = opts.common;
  o.projections = true;  // the same analysis as advise, with the bill projected
  if (auto code = show_config_only(o)) return *code;
  auto outputs = outputs_of(o, Command::Cost, opts.explain);
  if (!outputs) return kExitBadInput;
  auto analysis = analyse(o, *outputs);
  if (!analysis) return kExitBadInput;
  return emit(*analysis, o, *outputs);
}

int run_checklist(const CommonOptions& o) {
  if (auto code = show_config_only(o)) return *code;
  auto outputs = outputs_of(o, Command::Checklist);
  if (!outputs) return kExitBadInput;
  auto analysis = analyse(o, *outputs);
  if (!analysis) return kExitBadInput;
  return emit(*analysis, o, *outputs);
}

}  // namespace cfscale::cli
