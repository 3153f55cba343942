// `cfscale init`: a metrics skeleton for the project's bindings, every key
// present (null until measured) with a comment saying where to read it.
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"
#include "config/bindings.h"
#include "config/load.h"
#include "core/printable.h"
#include "metrics/keys.h"
#include "metrics/writer.h"

namespace cfscale::cli {
namespace {

namespace fs = std::filesystem;

// A comment holds names and paths too: shown through printable(), so a
// newline in a name cannot end the comment and write YAML.
std::string comment(std::string_view s) { return printable(s); }

void section(std::string& out, std::string_view name, size_t indent) {
  for (const auto& k : metrics::key_specs()) {
    if (k.section != name) continue;
    out += fmt::format("{}{}: null", std::string(indent, ' '), k.key);
    out += fmt::format("  # {}{}. {}\n", k.description, k.ratio ? " (0 to 1)" : "", k.where);
  }
}

std::string skeleton(const config::WorkerConfig& w) {
  std::string out;
  out += fmt::format("# Metrics for Worker {} ({}{}), cfscale metrics format 1.\n", comment(w.name.value_or("(unnamed)")), comment(w.file),
                     w.env ? ", env " + comment(*w.env) : "");
  out += "# Replace each null with what you measured (averages over window_days); leave null what you\n";
  out += "# do not know: rules that need it are reported as undecided. Units are in the key names.\n";
  out += "format: 1\nwindow_days: 30  # how many days the figures were averaged over\n";
  out += "plan: paid  # free | paid\ngrowth_pct_per_month: null  # expected traffic growth, percent per month\n";
  out += "obtained: hand-typed  # measured (Cloudflare analytics) | hand-typed | estimated (a forecast)\n\n";
  out += "worker:\n";
  section(out, "worker", 2);
  for (const Product& product : products()) {
    auto entries = config::measured_entries(product, w);
    if (entries.empty()) continue;
    out += fmt::format("\n{}:\n", product.id);
    for (const auto& e : entries) {
      out += fmt::format("  {}:  # {}\n", metrics::yaml_key(e.name), comment(e.detail));
      section(out, product.id, 4);
    }
  }
  return out;
}

}  // namespace

int run_init(const InitOptions& opts) {
  const auto& o = opts.common;
  auto loaded = config::load_config(o.path, config::LoadOptions{o.env});
  loaded.diags.sort();
  print_diagnostics(loaded.diags, detect_style(stderr, o.color), o.quiet);
  if (!loaded.ok()) {
    eprint("cfscale: the config has errors; no skeleton was written\n");
    return kExitBadInput;
  }
  protect_input(loaded.worker->file);
  std::string target = o.output;
  std::error_code ec;
  if (target.empty()) {
    fs::path dir = fs::path(loaded.worker->file).parent_path();
    target = (dir / "cfscale.metrics.yaml").lexically_normal().string();
    // advise reads the first of cfscale.metrics.{yaml,yml,json,toml}: a new
    // .yaml beside another one would silently take its place.
    for (const char* other : {"cfscale.metrics.yml", "cfscale.metrics.json", "cfscale.metrics.toml"}) {
      fs::path p = (dir / other).lexically_normal();
      if (fs::exists(fs::symlink_status(p, ec))) {
        eprint("{}: error: the project has metrics in this file; a new cfscale.metrics.yaml would be read instead of it. "
               "Give --output to write the skeleton elsewhere\n", p.string());
        return kExitBadInput;
      }
    }
  }
  if (target != "-" && fs::exists(fs::symlink_status(target, ec)) && !opts.force) {
    eprint("{}: error: the file exists; use --force to overwrite it\n", target);
    return kExitBadInput;
  }
  if (!write_output(target, skeleton(*loaded.worker))) return kExitBadInput;
  if (target != "-") eprint("wrote {}\n", target);
  return kExitOk;
}

}  // namespace cfscale::cli
