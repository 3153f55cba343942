// Observed metrics (docs/interface.md §2, format 1), read from YAML, JSON or TOML.
// Values keep their positions; products are keyed by binding name (queues by
// queue name).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "core/location.h"
#include "core/node.h"

namespace cfscale::metrics {

// The largest value a metric may have: a trillion requests a day is a
// thousand times the busiest Worker's; more than 10^15 of anything is a unit
// mistake (bytes for GB), and would make a bill no one can print exactly.
inline constexpr double kMaxMetricValue = 1e15;

enum class Plan { Free, Paid };
std::string_view to_string(Plan p);

struct Value {
  double value = 0;
  Pos pos;
  // How this one value was obtained, when the file's `measured:` or
  // `estimates:` list names it ("measured", "estimated"); "" means what the
  // file's `obtained` says. `metrics import` and `pull` write those lists, so
  // a file that mixes typed and measured figures says which is which.
  std::string obtained;
};

using KeyValues = std::map<std::string, Value, std::less<>>;

struct Entry {
  Pos pos;  // where the binding's section starts
  KeyValues values;
};

// The value of `key` among `values`, or nullptr.
const Value* find_key(const KeyValues& values, std::string_view key);

struct Metrics {
  std::string file;
  std::optional<double> window_days;
  Plan plan = Plan::Paid;
  bool plan_given = false;
  // How the figures were obtained: "measured" (Cloudflare's analytics),
  // "hand-typed" (copied by a person; the default) or "estimated" (a
  // forecast). Evidence carries it, so a finding on a guess says so.
  std::string obtained = "hand-typed";
  std::optional<double> growth_pct_per_month;
  KeyValues worker;
  // product section ("kv", "d1", ...) -> binding (or queue) name -> keys
  std::map<std::string, std::map<std::string, Entry, std::less<>>, std::less<>> products;

  // "worker.cpu_ms_p99" or "d1.DB.read_latency_p95_ms".
  const Value* find(std::string_view path) const;
  // The same by parts: `key` of the Worker ("worker", "", key) or of a binding.
  const Value* find(std::string_view section, std::string_view name, std::string_view key) const;
  const Entry* entry(std::string_view product, std::string_view name) const;
  // How `v` (a value of this file) was obtained: its own mark, else the file's.
  const std::string& obtained_of(const Value& v) const { return v.obtained.empty() ? obtained : v.obtained; }
  Location location(const Pos& p) const { return Location{file, p}; }
};

struct LoadedMetrics {
  std::optional<Metrics> metrics;
  std::shared_ptr<const Document> doc;
  Diagnostics diags;
  bool ok() const { return metrics.has_value() && !diags.has_errors(); }
};

// The names looked for next to the config, in order.
inline constexpr const char* kMetricsNames[] = {"cfscale.metrics.yaml", "cfscale.metrics.yml", "cfscale.metrics.json",
                                                "cfscale.metrics.toml"};

// The metrics file in `dir`, if there is one.
std::optional<std::string> find_metrics(const std::string& dir);

// `named`: given with --metrics, so it may be a stream (core/source.h).
LoadedMetrics load_metrics(const std::string& path, bool named = false);
// For tests and fuzzing: parse text already in memory.
LoadedMetrics load_metrics_text(const std::string& path, std::string text);

}  // namespace cfscale::metrics
