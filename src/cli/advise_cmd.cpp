// `cfscale advise`. Until the rule engine lands this prints what cfscale read:
// the Worker, its settings that matter for scaling, its bindings and the
// config's diagnostics.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/output.h"
#include "config/bindings.h"
#include "config/config_json.h"
#include "config/load.h"
#include "core/version.h"

namespace cfscale::cli {

nlohmann::ordered_json diagnostics_json(const Diagnostics& diags);

namespace {

std::string num(double v) {
  return v == static_cast<double>(static_cast<long long>(v)) ? fmt::format("{}", static_cast<long long>(v))
                                                               : fmt::format("{}", v);
}

std::string settings_line(const config::WorkerConfig& w) {
  std::vector<std::string> parts;
  if (w.main) parts.push_back("main " + *w.main);
  if (w.compatibility_date) parts.push_back("compatibility_date " + *w.compatibility_date);
  parts.push_back("placement " + (w.placement && w.placement->mode ? *w.placement->mode : std::string("default")));
  if (w.limits && w.limits->cpu_ms) parts.push_back("cpu_ms " + num(*w.limits->cpu_ms));
  if (w.limits && w.limits->subrequests) parts.push_back("subrequests " + num(*w.limits->subrequests));
  if (w.triggers.crons && !w.triggers.crons->empty())
    parts.push_back(fmt::format("crons {}", fmt::join(*w.triggers.crons, ", ")));
  if (w.observability && w.observability->enabled) parts.push_back(*w.observability->enabled ? "observability on" : "observability off");
  return fmt::format("{}", fmt::join(parts, " · "));
}

std::string text_report(const config::WorkerConfig& w, const Style& s) {
  std::string out;
  out += fmt::format("{} {}{}\n", s.bold("Worker"), s.bold(w.name ? *w.name : "(unnamed)"),
                     w.env ? fmt::format(" [env {}]", *w.env) : "");
  out += fmt::format("  {} {}\n", s.dim("config"), w.file);
  out += fmt::format("  {}\n", settings_line(w));
  auto bindings = config::list_bindings(w);
  out += fmt::format("\n{} ({})\n", s.bold("Bindings"), bindings.size());
  for (const auto& b : bindings)
    out += fmt::format("  {:<18} {:<28} {}  {}\n", b.key, b.name, b.detail,
                       s.dim(fmt::format("{}:{}:{}", w.file, b.pos.line, b.pos.column)));
  if (bindings.empty()) out += "  (none)\n";
  out += fmt::format("\n{}\n", s.dim("No rules are evaluated yet: the rule engine arrives with metrics support."));
  return out;
}

}  // namespace

int run_advise(const CommonOptions& o) {
  auto loaded = config::load_config(o.path, config::LoadOptions{o.env});
  loaded.diags.sort();
  print_diagnostics(loaded.diags, detect_style(stderr, o.no_color), o.quiet);
  if (!loaded.ok()) {
    fmt::print(stderr, "{}: {} error(s); no advice was produced\n", loaded.doc ? loaded.doc->path : o.path,
               loaded.diags.error_count());
    return kExitBadInput;
  }
  const auto& w = *loaded.worker;
  std::string content;
  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["format"] = 1;
    j["tool"] = {{"name", "cfscale"}, {"version", kVersion}};
    j["workers"] = nlohmann::ordered_json::array();
    j["workers"].push_back({{"name", w.name ? nlohmann::ordered_json(*w.name) : nlohmann::ordered_json(nullptr)},
                            {"env", w.env ? nlohmann::ordered_json(*w.env) : nlohmann::ordered_json(nullptr)},
                            {"config", w.file},
                            {"metrics", nullptr},
                            {"stage", nullptr},
                            {"findings", nlohmann::ordered_json::array()},
                            {"checklist", nlohmann::ordered_json::array()},
                            {"diagnostics", diagnostics_json(loaded.diags)}});
    j["summary"] = {{"findings", 0}, {"by_severity", nlohmann::ordered_json::object()}};
    content = j.dump(2) + "\n";
  } else {
    bool to_terminal = o.output == "-";
    content = text_report(w, to_terminal ? detect_style(stdout, o.no_color) : Style{});
  }
  return write_output(o.output, content) ? kExitOk : kExitBadInput;
}

}  // namespace cfscale::cli
