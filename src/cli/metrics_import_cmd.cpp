// `cfscale metrics import FILE...`: what a user saved from Cloudflare (the
// responses of `metrics queries`' script, `wrangler d1 info --json`,
// `wrangler tail --format json`, Logpush Workers Trace Events, Workers
// traces as OTLP JSON), merged into
// the project's metrics file. Every file is read and checked before anything
// is written: one bad file and nothing changes.
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "analytics/import.h"
#include "cli/app.h"
#include "cli/metrics_write.h"
#include "cli/output.h"
#include "config/load.h"
#include "core/printable.h"
#include "core/source.h"
#include "cost/pricing.h"
#include "metrics/metrics.h"
#include "metrics/writer.h"

namespace cfscale::cli {
namespace {

namespace fs = std::filesystem;

// A log of a day's traffic is large; a response is small. Both are read whole.
constexpr size_t kMaxImportBytes = size_t{1} << 30;

struct Source {
  std::string path;
  analytics::Imported imported;
};

// One value per key: an exact one beats an estimate; between two of the same
// kind, the file given later wins. Disagreements are said.
std::vector<metrics::Measurement> merge(const std::vector<Source>& sources, std::vector<std::string>& notes) {
  std::map<std::string, std::pair<metrics::Measurement, std::string>> by_path;  // path -> (value, file)
  std::vector<std::string> order;
  for (const auto& s : sources) {
    for (const auto& m : s.imported.converted.values) {
      std::string path = m.path();
      auto it = by_path.find(path);
      if (it == by_path.end()) {
        by_path.emplace(path, std::pair{m, s.path});
        order.push_back(path);
        continue;
      }
      auto& [have, file] = it->second;
      // The later file wins, but an estimate never replaces an exact value.
      bool new_exact = m.estimate.empty(), have_exact = have.estimate.empty();
      bool take = new_exact || !have_exact;
      if (have.value != m.value)
        notes.push_back(fmt::format("{}: {} gives {}, {} gives {}; kept {}", path, printable(file), metrics::format_measured(have.value),
                                    printable(s.path), metrics::format_measured(m.value),
                                    take && !(new_exact && !have_exact) ? "the later file's" : "the exact one"));
      if (take) it->second = std::pair{m, s.path};
    }
  }
  std::vector<metrics::Measurement> out;
  for (const auto& p : order) out.push_back(by_path.at(p).first);
  return out;
}

std::string joined_names(const std::vector<Source>& sources) {
  std::string out;
  for (const auto& s : sources) out += (out.empty() ? "" : ", ") + fs::path(s.path).filename().string();
  return out;
}

}  // namespace

int run_metrics_import(const MetricsImportOptions& opts) {
  const auto& o = opts.common;
  Style style = detect_style(stderr, o.color);
  auto loaded = config::load_config(o.path, config::LoadOptions{o.env});
  loaded.diags.sort();
  print_diagnostics(loaded.diags, style, o.quiet);
  if (!loaded.ok()) {
    eprint("cfscale: the config has errors; nothing was imported\n");
    return kExitBadInput;
  }
  const config::WorkerConfig& worker = *loaded.worker;
  protect_input(worker.file);

  // The window of GraphQL responses whose file name does not carry one.
  analytics::ImportOptions import_opts;
  import_opts.sample_rate = opts.sample_rate;
  if (opts.days || opts.end) {
    analytics::Window w;
    if (auto err = analytics::make_window(opts.end.value_or(cost::today_utc()), opts.days.value_or(30), w); !err.empty()) {
      eprint("cfscale: error: --end/--days: {}\n", err);
      return kExitBadInput;
    }
    import_opts.window = w;
  }

  MetricsTarget target;
  if (!find_metrics_target(worker, o.output, style, o.quiet, target)) return kExitBadInput;
  bool target_exists = target.existing.has_value();

  // Every file, read and converted before anything is written.
  std::vector<Source> sources;
  Diagnostics diags;
  bool failed = false;
  for (const auto& path : opts.files) {
    std::error_code ec;
    if (target_exists && fs::equivalent(path, target.path, ec)) {
      eprint("{}: error: this is the metrics file being written; import the files saved from Cloudflare\n", path);
      failed = true;
      continue;
    }
    protect_input(path);
    Diagnostics file_diags;
    auto doc = read_document(path, file_diags, kMaxImportBytes, /*named=*/true);
    Source s{path, {}};
    if (doc && analytics::import_file(*doc, worker, import_opts, s.imported, file_diags)) {
      sources.push_back(std::move(s));
    } else {
      failed = true;
      if (!file_diags.has_errors()) file_diags.error(Location{path, Pos{1, 1, 0}}, "metrics-import", "nothing could be imported from this file");
    }
    diags.append(file_diags);
  }
  diags.sort();
  print_diagnostics(diags, style, o.quiet);
  if (failed) {
    eprint("cfscale: nothing was written\n");
    return kExitBadInput;
  }

  std::vector<std::string> notes;
  for (const auto& s : sources)
    for (const auto& n : s.imported.converted.notes) notes.push_back(n);
  auto values = merge(sources, notes);

  MergeRequest req;
  req.values = std::move(values);
  req.overwrite = opts.overwrite;
  req.header = fmt::format("cfscale metrics import, {}: Worker {} ({}{}), from {}", cost::today_utc(), worker.name.value_or("(unnamed)"),
                           worker.file, worker.env ? ", env " + *worker.env : "", joined_names(sources));
  for (const auto& s : sources)
    if (const auto& w = s.imported.window; w && (!req.window_days || w->days > *req.window_days)) req.window_days = w->days;
  Merged merged;
  if (!merge_metrics(target, req, style, merged)) return kExitBadInput;
  return write_merged({merged}, notes, opts.dry_run, o.quiet);
}

}  // namespace cfscale::cli
