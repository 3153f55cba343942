// Invocation events a user saved: `wrangler tail --format json` (the
// pretty-printed objects wrangler prints one after another) and Logpush
// Workers Trace Events (NDJSON). Both give CPU and wall time, outcomes and
// log lines per invocation; from them come empirical percentiles, limit
// errors a day, and (Logpush, which is complete) requests a day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/node.h"
#include "metrics/writer.h"

namespace cfscale::analytics {

// The fewest samples a percentile is read from: below them the 99th is one
// or two events, not a distribution.
inline constexpr size_t kMinForP99 = 200;
inline constexpr size_t kMinForP95 = 100;
inline constexpr size_t kMinForP50 = 20;

// The nearest-rank quantile `q` of a non-empty sample: a value some event
// really had.
double quantile(std::vector<double> v, double q);

enum class EventSource { Tail, Logpush };

class EventStats {
 public:
  EventStats(EventSource source, std::string script, double sample_rate) : source_(source), script_(std::move(script)), rate_(sample_rate) {}

  // One event; false (with `why`) when it is not an event of this kind.
  bool add(const Node& event, std::string& why);

  // The figures, with notes for what too few events cannot tell. `d1`: the
  // config's D1 bindings (an overload message names no database, so it is
  // counted only when there is one).
  void finish(const std::string& file, const std::vector<std::string>& d1, std::vector<metrics::Measurement>& out,
              std::vector<std::string>& notes) const;

  size_t events() const { return cpu_.size(); }
  size_t other_scripts() const { return other_scripts_; }

 private:
  EventSource source_;
  std::string script_;
  double rate_;
  std::vector<double> cpu_, wall_;
  int64_t first_ms_ = 0, last_ms_ = 0;
  double exceeded_cpu_ = 0, exceeded_memory_ = 0, overloaded_ = 0;
  size_t other_scripts_ = 0;
};

// Which kind of saved events `first` (the first value of a file) is, if any.
bool is_tail_event(const Node& first);
bool is_logpush_event(const Node& first);

}  // namespace cfscale::analytics
