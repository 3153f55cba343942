// `cfscale init`: a metrics skeleton for the project's bindings, every key
// present (null until measured) with a comment saying where to read it.
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"
#include "config/load.h"
#include "metrics/keys.h"

namespace cfscale::cli {
namespace {

namespace fs = std::filesystem;

// YAML needs quotes around names that are not plain words.
std::string yaml_key(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  return plain ? s : fmt::format("\"{}\"", s);
}

void section(std::string& out, std::string_view name, size_t indent) {
  for (const auto& k : metrics::key_specs()) {
    if (k.section != name) continue;
    out += fmt::format("{}{}: null", std::string(indent, ' '), k.key);
    out += fmt::format("  # {}{}. {}\n", k.description, k.ratio ? " (0 to 1)" : "", k.where);
  }
}

std::string skeleton(const config::WorkerConfig& w) {
  std::string out;
  out += fmt::format("# Metrics for Worker {} ({}{}), cfscale metrics format 1.\n", w.name.value_or("(unnamed)"), w.file,
                     w.env ? ", env " + *w.env : "");
  out += "# Replace each null with what you measured (averages over window_days); leave null what you\n";
  out += "# do not know: rules that need it are reported as undecided. Units are in the key names.\n";
  out += "format: 1\nwindow_days: 30  # how many days the figures were averaged over\n";
  out += "plan: paid  # free | paid\ngrowth_pct_per_month: null  # expected traffic growth, percent per month\n\n";
  out += "worker:\n";
  section(out, "worker", 2);
  auto product = [&](std::string_view name, const std::vector<std::pair<std::string, std::string>>& entries) {
    if (entries.empty()) return;
    out += fmt::format("\n{}:\n", name);
    for (const auto& [binding, what] : entries) {
      out += fmt::format("  {}:  # {}\n", yaml_key(binding), what);
      section(out, name, 4);
    }
  };
  std::vector<std::pair<std::string, std::string>> kv, d1, r2, q, dobj;
  for (const auto& b : w.kv_namespaces) kv.emplace_back(b.binding, "kv_namespaces binding");
  for (const auto& b : w.d1_databases) d1.emplace_back(b.binding, "d1_databases binding, database " + b.database_name.value_or("?"));
  for (const auto& b : w.r2_buckets) r2.emplace_back(b.binding, "r2_buckets binding, bucket " + b.bucket_name.value_or("?"));
  std::set<std::string> queues;
  for (const auto& c : w.queue_consumers)
    if (queues.insert(c.queue).second) q.emplace_back(c.queue, "queue consumed by this Worker");
  for (const auto& p : w.queue_producers)
    if (queues.insert(p.queue).second) q.emplace_back(p.queue, "queue this Worker sends to (binding " + p.binding + ")");
  for (const auto& b : w.durable_objects) dobj.emplace_back(b.name, "durable_objects binding, class " + b.class_name);
  product("kv", kv);
  product("d1", d1);
  product("r2", r2);
  product("queues", q);
  product("durable_objects", dobj);
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
  if (target.empty()) target = (fs::path(loaded.worker->file).parent_path() / "cfscale.metrics.yaml").lexically_normal().string();
  std::error_code ec;
  if (target != "-" && fs::exists(target, ec) && !opts.force) {
    eprint("{}: error: the file exists; use --force to overwrite it\n", target);
    return kExitBadInput;
  }
  if (!write_output(target, skeleton(*loaded.worker))) return kExitBadInput;
  if (target != "-") eprint("wrote {}\n", target);
  return kExitOk;
}

}  // namespace cfscale::cli
