// `cfscale validate`: the config's diagnostics, or the resolved config.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "core/json_value.h"
#include "cli/output.h"
#include "core/printable.h"
#include "cli/project.h"
#include "cli/tree.h"
#include "config/config_json.h"
#include "config/load.h"
#include "core/version.h"

namespace cfscale::cli {

nlohmann::ordered_json diagnostics_json(const Diagnostics& diags) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& d : diags) {
    nlohmann::ordered_json j;
    j["level"] = std::string(to_string(d.level));
    j["code"] = d.code;
    j["message"] = d.message;
    j["file"] = d.location.file;
    if (d.location.has_pos()) {
      j["line"] = d.location.pos.line;
      j["column"] = d.location.pos.column;
      j["offset"] = d.location.pos.offset;
    } else {
      j["line"] = j["column"] = j["offset"] = nullptr;
    }
    arr.push_back(j);
  }
  return arr;
}

int run_validate(const ValidateOptions& opts) {
  const auto& o = opts.common;
  if (o.recursive) {
    if (opts.print_config || o.format != "text") {
      eprint("cfscale: validate --recursive prints diagnostics and a summary; --print-config and --format json take one config\n");
      return kExitBadInput;
    }
    return validate_tree(o);
  }
  auto loaded = config::load_config(o.path, config::LoadOptions{o.env});
  // The metrics file beside the config (or --metrics) is checked too.
  std::optional<std::string> metrics_file;
  if (loaded.worker) metrics_file = metrics_path(o, loaded.worker->file, o.env);
  if (metrics_file) loaded.diags.append(metrics::load_metrics(*metrics_file).diags);
  loaded.diags.sort();
  Style err_style = detect_style(stderr, o.color);
  bool ok = loaded.ok();

  if (o.format == "json") {
    nlohmann::ordered_json j;
    j["format"] = 1;
    j["tool"] = {{"name", "cfscale"}, {"version", kVersion}};
    j["config"] = loaded.doc ? nlohmann::ordered_json(loaded.doc->path) : nlohmann::ordered_json(nullptr);
    j["env"] = o.env ? nlohmann::ordered_json(*o.env) : nlohmann::ordered_json(nullptr);
    j["metrics"] = metrics_file ? nlohmann::ordered_json(*metrics_file) : nlohmann::ordered_json(nullptr);
    j["valid"] = ok;
    j["errors"] = loaded.diags.error_count();
    j["warnings"] = loaded.diags.size() - loaded.diags.error_count();
    j["diagnostics"] = diagnostics_json(loaded.diags);
    if (opts.print_config)
      j["resolved"] = ok ? config::to_wrangler_json(*loaded.worker) : nlohmann::ordered_json(nullptr);
    if (!write_output(o.output, json_text(j) + "\n")) return kExitBadInput;
    return ok ? kExitOk : kExitBadInput;
  }

  print_diagnostics(loaded.diags, err_style, o.quiet);
  if (!ok) {
    if (!o.quiet)
      eprint("{}: {} error(s); the config is not valid\n",
                 loaded.doc ? loaded.doc->path : o.path, loaded.diags.error_count());
    return kExitBadInput;
  }
  if (opts.print_config) {
    if (!write_output(o.output, json_text(config::to_wrangler_json(*loaded.worker)) + "\n")) return kExitBadInput;
    return kExitOk;
  }
  size_t warnings = loaded.diags.size();
  std::string summary = fmt::format("{}{}{}: valid ({} warning{})\n", printable(loaded.doc->path),
                                    metrics_file ? " + " + printable(*metrics_file) : "", o.env ? fmt::format(" [env {}]", printable(*o.env)) : "",
                                    warnings, warnings == 1 ? "" : "s");
  if (!o.quiet || o.output != "-") {
    if (!write_output(o.output, summary)) return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace cfscale::cli
