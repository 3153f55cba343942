// What `metrics import` and `metrics pull` share: where the metrics file is,
// the file there now, and the merged file, checked, shown as a diff and
// written only once everything of the run succeeded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "config/model.h"
#include "metrics/metrics.h"
#include "metrics/writer.h"

namespace cfscale::cli {

struct MetricsTarget {
  std::string path;  // "-": the merged file to stdout
  std::optional<metrics::LoadedMetrics> existing;
};

// --output (`output`), else the metrics file of `w` beside its config: for
// an environment cfscale.metrics.<env>.* (what advise --env reads first; an
// environment's figures never go into the top level's file), else
// cfscale.metrics.*; a new .yaml when there is none. Refuses a file that is not
// YAML, a symbolic link, and a file with errors (printed). False after
// saying why.
bool find_metrics_target(const config::WorkerConfig& w, const std::string& output, const Style& style, bool quiet,
                         MetricsTarget& out);

struct MergeRequest {
  std::vector<metrics::Measurement> values;
  std::vector<std::string> notes;
  std::string header;                // this run's line: "cfscale metrics import, 2026-12-01: ..."
  std::optional<double> window_days;
  bool overwrite = false;
};

struct Merged {
  std::string target, text, diff;
  bool changed = false;
  metrics::Written written;
};

// The merged file, read back as metrics before it may be written. False
// after saying why.
bool merge_metrics(const MetricsTarget& t, const MergeRequest& r, const Style& style, Merged& out);

// Notes, then each file's diff (or the whole file with `dry_run`) on stdout,
// then the files written all together. The exit code.
int write_merged(const std::vector<Merged>& files, const std::vector<std::string>& notes, bool dry_run, bool quiet);

}  // namespace cfscale::cli
