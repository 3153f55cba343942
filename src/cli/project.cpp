#include "cli/project.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/output.h"
#include "core/version.h"

namespace cfscale::cli {

namespace fs = std::filesystem;

std::string rules_dir(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  if (const char* env = std::getenv("CFSCALE_RULES_DIR"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "cfscale" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return kSourceRulesDir;
}

std::optional<std::string> metrics_path(const CommonOptions& o, const std::string& config_file) {
  if (o.metrics) return o.metrics;
  std::string dir = fs::path(config_file).parent_path().string();
  return metrics::find_metrics(dir.empty() ? "." : dir);
}

std::optional<Project> load_project(const CommonOptions& o, bool need_rules) {
  Style style = detect_style(stderr, o.no_color);
  Project p;
  p.config = config::load_config(o.path, config::LoadOptions{o.env});
  p.config.diags.sort();
  print_diagnostics(p.config.diags, style, o.quiet);
  bool failed = !p.config.ok();
  if (p.config.worker) {
    if (auto path = metrics_path(o, p.config.worker->file)) {
      p.metrics = metrics::load_metrics(*path);
      p.metrics->diags.sort();
      print_diagnostics(p.metrics->diags, style, o.quiet);
      failed = failed || !p.metrics->ok();
    }
  }
  if (need_rules && !failed) {
    Diagnostics diags;
    p.rules = engine::load_rules(rules_dir(o.rules), diags);
    diags.sort();
    print_diagnostics(diags, style, o.quiet);
    failed = !p.rules;
  }
  if (failed) {
    size_t errors = p.config.diags.error_count() + (p.metrics ? p.metrics->diags.error_count() : 0);
    if (errors == 0)
      fmt::print(stderr, "cfscale: the rule catalogue has errors; nothing was analysed\n");
    else
      fmt::print(stderr, "cfscale: {} error{} in the input; nothing was analysed\n", errors, errors == 1 ? "" : "s");
    return std::nullopt;
  }
  return p;
}

}  // namespace cfscale::cli
