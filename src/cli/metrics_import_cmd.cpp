// `cfscale metrics import FILE...`: what a user saved from Cloudflare (the
// responses of `metrics queries`' script, `wrangler d1 info --json`,
// `wrangler tail --format json`, Logpush Workers Trace Events), merged into
// the project's metrics file. Every file is read and checked before anything
// is written: one bad file and nothing changes.
#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "analytics/import.h"
#include "cli/app.h"
#include "cli/output.h"
#include "config/load.h"
#include "core/line_diff.h"
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

bool is_yaml_name(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The comment lines at the top of the file there now, but those an earlier
// import or pull wrote (replaced by this run's).
std::vector<std::string> kept_header(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size() && text[at] == '#') {
    size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string body = line.substr(std::min<size_t>(line.size(), line.rfind("# ", 0) == 0 ? 2 : 1));
    if (body.rfind("cfscale metrics ", 0) != 0 && body.rfind("  ", 0) != 0) out.push_back(body);
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return out;
}

struct Source {
  std::string path;
  analytics::Imported imported;
  std::optional<analytics::Window> window;  // a GraphQL response's
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

  // Where to write: --output, else the metrics file advise reads, else a new
  // cfscale.metrics.yaml beside the config.
  std::error_code ec;
  fs::path dir = fs::path(worker.file).parent_path();
  std::string target = o.output;
  if (target.empty()) {
    auto found = metrics::find_metrics(dir.empty() ? "." : dir.string());
    target = found ? *found : (dir / "cfscale.metrics.yaml").lexically_normal().string();
  }
  bool to_stdout = target == "-";
  if (!to_stdout && !is_yaml_name(target)) {
    eprint("{}: error: metrics import writes YAML (comments say where each value came from); this file is not .yaml or .yml. "
           "Give --output a .yaml file, and --metrics it to advise\n", target);
    return kExitBadInput;
  }
  auto status = fs::symlink_status(target, ec);
  if (!to_stdout && fs::is_symlink(status)) {
    eprint("{}: error: a symbolic link; cfscale does not write through links it did not make. Give --output the file it points at\n",
           target);
    return kExitBadInput;
  }
  if (!to_stdout && fs::exists(status) && !fs::is_regular_file(status)) {
    eprint("{}: error: not a regular file\n", target);
    return kExitBadInput;
  }

  // The file there now: it must read without errors, or the merge would lose
  // what it holds.
  std::optional<metrics::LoadedMetrics> existing;
  if (!to_stdout && fs::exists(status)) {
    existing = metrics::load_metrics(target);
    existing->diags.sort();
    print_diagnostics(existing->diags, style, o.quiet);
    if (!existing->ok()) {
      eprint("cfscale: {} has errors; fix them before importing into it (nothing was written)\n", target);
      return kExitBadInput;
    }
  }

  // Every file, read and converted before anything is written.
  std::vector<Source> sources;
  Diagnostics diags;
  bool failed = false;
  for (const auto& path : opts.files) {
    if (!to_stdout && fs::exists(status) && fs::equivalent(path, target, ec)) {
      eprint("{}: error: this is the metrics file being written; import the files saved from Cloudflare\n", path);
      failed = true;
      continue;
    }
    protect_input(path);
    Diagnostics file_diags;
    auto doc = read_document(path, file_diags, kMaxImportBytes, /*named=*/true);
    Source s{path, {}, {}};
    if (doc && analytics::import_file(*doc, worker, import_opts, s.imported, file_diags)) {
      if (s.imported.kind == "GraphQL Analytics response")
        s.window = import_opts.window ? import_opts.window : analytics::window_from_name(path);
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

  metrics::WriteOptions wopts;
  wopts.overwrite = opts.overwrite;
  if (existing) wopts.header = kept_header(existing->doc->text);
  wopts.header.push_back(fmt::format("cfscale metrics import, {}: Worker {} ({}{}), from {}", cost::today_utc(),
                                     worker.name.value_or("(unnamed)"), worker.file, worker.env ? ", env " + *worker.env : "",
                                     joined_names(sources)));
  for (const auto& s : sources)
    if (s.window && (!wopts.window_days || s.window->days > *wopts.window_days)) wopts.window_days = s.window->days;
  auto written = metrics::write_metrics(existing ? existing->doc.get() : nullptr, existing ? &*existing->metrics : nullptr, values, wopts);

  // What is written must read back as it is meant: checked before it lands.
  auto check = metrics::load_metrics_text(to_stdout ? "(output)" : target, written.text);
  if (!check.ok()) {
    print_diagnostics(check.diags, style, false);
    eprint("cfscale: internal error: the merged metrics do not read back; nothing was written\n");
    return kExitBadInput;
  }

  if (!o.quiet) {
    for (const auto& n : notes) eprint("note: {}\n", n);
    for (const auto& k : written.kept) eprint("note: {}\n", k);
  }
  if (to_stdout || opts.dry_run) {
    if (!write_output("-", written.text)) return kExitBadInput;
    return kExitOk;
  }
  std::string before = existing ? existing->doc->text : "";
  // Only the header line would change: the file stays as it is.
  if (before == written.text || (existing && written.added.empty() && written.replaced.empty())) {
    if (!o.quiet) eprint("{}: no change{}\n", target, written.kept.empty() ? "" : " (typed values kept; --overwrite replaces them)");
    return kExitOk;
  }
  std::string diff = unified_diff(before, written.text, existing ? "a/" + target : "/dev/null", "b/" + target);
  if (!write_output("-", diff)) return kExitBadInput;
  if (!write_output(target, written.text)) return kExitBadInput;
  if (!o.quiet)
    eprint("wrote {}: {} added, {} replaced, {} typed value{} kept over a different measurement\n", target, written.added.size(),
           written.replaced.size(), written.kept.size(), written.kept.size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace cfscale::cli
