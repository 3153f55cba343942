#include "cli/metrics_write.h"

#include <filesystem>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/project.h"
#include "core/line_diff.h"

namespace cfscale::cli {
namespace {

namespace fs = std::filesystem;

bool is_yaml_name(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The comment lines at the top of the file there now, but those an earlier
// import or pull wrote (this run's line replaces them).
std::vector<std::string> kept_header(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size() && text[at] == '#') {
    size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string body = line.substr(std::min<size_t>(line.size(), line.rfind("# ", 0) == 0 ? 2 : 1));
    if (body.rfind("cfscale metrics ", 0) != 0) out.push_back(body);
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return out;
}

}  // namespace

bool find_metrics_target(const config::WorkerConfig& w, const std::string& output, const Style& style, bool quiet,
                         MetricsTarget& out) {
  fs::path dir = fs::path(w.file).parent_path();
  if (dir.empty()) dir = ".";
  std::string target = output;
  if (target.empty() && w.env && w.env->find('/') != std::string::npos) {
    eprint("{}: error: environment {} has a '/' in its name: give --output\n", w.file, *w.env);
    return false;
  }
  if (target.empty()) {
    // The file advise reads for this deployment, with no fallback from an
    // environment to the top level's; else a new one of that name.
    auto found = metrics_path(CommonOptions{}, w.file, w.env, /*fallback=*/false);
    target = found ? *found
                   : (dir / (w.env ? fmt::format("cfscale.metrics.{}.yaml", *w.env) : std::string("cfscale.metrics.yaml"))).lexically_normal().string();
  }
  out.path = target;
  if (target == "-") return true;
  if (!is_yaml_name(target)) {
    eprint("{}: error: metrics import and pull write YAML (comments say where each value came from); this file is not .yaml or .yml. "
           "Give --output a .yaml file, and --metrics it to advise\n", target);
    return false;
  }
  std::error_code ec;
  auto status = fs::symlink_status(target, ec);
  if (fs::is_symlink(status)) {
    eprint("{}: error: a symbolic link; cfscale does not write through links it did not make. Give --output the file it points at\n",
           target);
    return false;
  }
  if (!fs::exists(status)) return true;
  if (!fs::is_regular_file(status)) {
    eprint("{}: error: not a regular file\n", target);
    return false;
  }
  // It must read without errors, or the merge would lose what it holds.
  out.existing = metrics::load_metrics(target);
  out.existing->diags.sort();
  print_diagnostics(out.existing->diags, style, quiet);
  if (!out.existing->ok()) {
    eprint("cfscale: {} has errors; fix them before merging into it (nothing was written)\n", target);
    return false;
  }
  return true;
}

bool merge_metrics(const MetricsTarget& t, const MergeRequest& r, const Style& style, Merged& out) {
  metrics::WriteOptions wopts;
  wopts.overwrite = r.overwrite;
  if (t.existing) wopts.header = kept_header(t.existing->doc->text);
  wopts.header.push_back(r.header);
  wopts.window_days = r.window_days;
  const auto* existing = t.existing ? &*t.existing : nullptr;
  out.target = t.path;
  out.written = metrics::write_metrics(existing ? existing->doc.get() : nullptr, existing ? &*existing->metrics : nullptr, r.values, wopts);
  out.text = out.written.text;
  // What is written must read back as it is meant: checked before it lands.
  auto check = metrics::load_metrics_text(t.path == "-" ? "(output)" : t.path, out.text);
  if (!check.ok()) {
    print_diagnostics(check.diags, style, false);
    eprint("cfscale: internal error: the merged metrics do not read back; nothing was written\n");
    return false;
  }
  std::string before = existing ? existing->doc->text : "";
  // Only the header line would change: the file stays as it is.
  out.changed = !(before == out.text || (existing && out.written.added.empty() && out.written.replaced.empty()));
  if (out.changed) out.diff = unified_diff(before, out.text, existing ? "a/" + t.path : "/dev/null", "b/" + t.path);
  return true;
}

int write_merged(const std::vector<Merged>& files, const std::vector<std::string>& notes, bool dry_run, bool quiet) {
  if (!quiet) {
    for (const auto& n : notes) eprint("note: {}\n", n);
    for (const auto& f : files)
      for (const auto& k : f.written.kept) eprint("note: {}\n", k);
  }
  std::vector<std::string> paths{"-"};
  std::string shown;
  for (const auto& f : files) {
    if (dry_run || f.target == "-") {
      shown += f.text;
      continue;
    }
    if (!f.changed) {
      if (!quiet)
        eprint("{}: no change{}\n", f.target, f.written.kept.empty() ? "" : " (typed values kept; --overwrite replaces them)");
      continue;
    }
    shown += f.diff;
    paths.push_back(f.target);
  }
  bool ok = write_outputs(paths, [&](size_t i, OutputSet& set) {
    if (i == 0) return shown.empty() || set.add("-", shown);
    for (const auto& f : files)
      if (f.target == paths[i]) return set.add(f.target, f.text);
    return false;
  });
  if (!ok) return kExitBadInput;
  if (!quiet)
    for (const auto& f : files)
      if (!dry_run && f.target != "-" && f.changed)
        eprint("wrote {}: {} added, {} replaced, {} typed value{} kept over a different measurement\n", f.target, f.written.added.size(),
               f.written.replaced.size(), f.written.kept.size(), f.written.kept.size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace cfscale::cli
