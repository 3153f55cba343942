// Writing a metrics file (format 1) from measured values, merged into the
// file already there: what `metrics import` and `metrics pull` write.
// A value a person typed is kept unless the caller overwrites; a value an
// earlier import measured (listed under `measured:`) is replaced. Each
// measured value carries a `# from:` comment saying where and over which
// window it was read, and approximations are listed under `estimates:`.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/node.h"
#include "metrics/metrics.h"

namespace cfscale::metrics {

struct Measurement {
  std::string section;   // "worker" or a measured product's id ("d1")
  std::string entry;     // the binding (queue) name; "" for the Worker
  std::string key;       // "read_queries_per_day"
  double value = 0;
  std::string from;      // "d1AnalyticsAdaptiveGroups sum.readQueries / 30 days, 2026-11-02 to 2026-12-02"
  std::string estimate;  // "" when exact, else how it was approximated
  std::string path() const;  // "d1.DB.read_queries_per_day"
};

struct WriteOptions {
  bool overwrite = false;              // replace values a person typed too
  std::vector<std::string> header;     // comment lines (without "# ") at the top
  std::optional<double> window_days;   // written when the file has none
};

struct Written {
  std::string text;
  std::vector<std::string> added;     // keys that had no value
  std::vector<std::string> replaced;  // keys whose earlier measured (or, with overwrite, typed) value changed
  std::vector<std::string> kept;      // typed values kept over a measurement: "worker.cpu_ms_p99: kept 40 (measured 38.2)"
};

// `doc` and `existing`: the file there now (YAML, read without errors), or
// nullptr for a new file.
Written write_metrics(const Document* doc, const Metrics* existing, std::span<const Measurement> values, const WriteOptions& opts);

// A name as a YAML key that reads back as exactly that name.
std::string yaml_key(const std::string& s);

// A measured figure as the file shows it: whole numbers from 100 up, else
// four significant digits (the sources are sampled; more digits would
// claim a precision they do not have).
std::string format_measured(double v);

}  // namespace cfscale::metrics
