#include "analytics/events.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analytics/fields.h"

namespace cfscale::analytics {
namespace {

// Anything in a log line or an exception that says D1 turned the query away
// (d1/observability/debug-d1).
bool mentions_overload(const Node& n) {
  if (n.is_string()) return n.text.find("D1 DB is overloaded") != std::string::npos;
  for (const auto& i : n.items)
    if (mentions_overload(i)) return true;
  for (const auto& m : n.members)
    if (mentions_overload(m.value)) return true;
  return false;
}

}  // namespace

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  // Nearest rank: a value some invocation really took.
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

bool is_tail_event(const Node& first) { return field(first, "outcome") && field(first, "eventTimestamp"); }
bool is_logpush_event(const Node& first) { return field(first, "Outcome") && field(first, "EventTimestampMs"); }

bool EventStats::add(const Node& e, std::string& why) {
  bool tail = source_ == EventSource::Tail;
  auto ts = number_field(e, tail ? "eventTimestamp" : "EventTimestampMs");
  std::string outcome = string_field(e, tail ? "outcome" : "Outcome");
  if (!e.is_object() || !ts || outcome.empty()) {
    why = tail ? "not a wrangler tail event (no outcome and eventTimestamp)" : "not a Workers Trace Events line (no Outcome and EventTimestampMs)";
    return false;
  }
  std::string script = string_field(e, tail ? "scriptName" : "ScriptName");
  if (!script_.empty() && !script.empty() && script != script_) {
    ++other_scripts_;
    return true;
  }
  auto cpu = number_field(e, tail ? "cpuTime" : "CPUTimeMs");
  auto wall = number_field(e, tail ? "wallTime" : "WallTimeMs");
  cpu_.push_back(cpu.value_or(0));
  wall_.push_back(wall.value_or(0));
  auto ms = static_cast<int64_t>(*ts);
  if (cpu_.size() == 1 || ms < first_ms_) first_ms_ = ms;
  if (cpu_.size() == 1 || ms > last_ms_) last_ms_ = ms;
  if (outcome == "exceededCpu") ++exceeded_cpu_;
  if (outcome == "exceededMemory") ++exceeded_memory_;
  const Node* logs = field(e, tail ? "logs" : "Logs");
  const Node* exceptions = field(e, tail ? "exceptions" : "Exceptions");
  if ((logs && mentions_overload(*logs)) || (exceptions && mentions_overload(*exceptions))) ++overloaded_;
  return true;
}

void EventStats::finish(const std::string& file, const std::vector<std::string>& d1, std::vector<metrics::Measurement>& out,
                        std::vector<std::string>& notes) const {
  bool tail = source_ == EventSource::Tail;
  size_t n = cpu_.size();
  double span_days = static_cast<double>(last_ms_ - first_ms_) / 86'400'000.0;
  std::string what = tail ? "wrangler tail" : "Logpush workers_trace_events";
  std::string from = fmt::format("{} {}, {} events over {:.3g} hours", what, file, n, span_days * 24);
  auto put = [&](const char* section, const std::string& entry, const char* key, double v, std::string how, std::string estimate) {
    out.push_back(metrics::Measurement{section, entry, key, v, from + ": " + how, std::move(estimate)});
  };
  if (n >= kMinForP50) {
    double sum = 0;
    for (double c : cpu_) sum += c;
    put("worker", "", "cpu_ms_avg", sum / static_cast<double>(n), "mean of cpuTime", "");
    put("worker", "", "cpu_ms_p50", quantile(cpu_, 0.5), "median of cpuTime", "");
  } else {
    notes.push_back(fmt::format("{}: {} events: too few for CPU figures (at least {})", file, n, kMinForP50));
  }
  if (n >= kMinForP99) {
    put("worker", "", "cpu_ms_p99", quantile(cpu_, 0.99), "99th percentile of cpuTime", "");
    put("worker", "", "wall_ms_p99", quantile(wall_, 0.99), "99th percentile of wallTime", "");
  } else if (n >= kMinForP50) {
    notes.push_back(fmt::format("{}: {} events: too few for a 99th percentile (at least {})", file, n, kMinForP99));
  }
  // Rates need a span: counts over less than an hour say little about a day.
  if (span_days * 24 < 1) {
    notes.push_back(fmt::format("{}: the events span less than an hour: no rates a day", file));
    return;
  }
  // Tail drops events under load (it samples), so its counts are lower
  // bounds; a Logpush job sends every event, divided by its sampling rate.
  std::string est = tail ? "wrangler tail samples busy Workers: a lower bound" : (span_days < 1 ? "extrapolated from less than a day" : "");
  double scale = 1 / rate_ / span_days;
  std::string rate_text = rate_ == 1 ? "" : fmt::format(" / sampling rate {}", rate_);
  if (!tail) put("worker", "", "requests_per_day", static_cast<double>(n) * scale, "events" + rate_text + " / days spanned", est);
  put("worker", "", "exceeded_cpu_per_day", exceeded_cpu_ * scale, "outcome exceededCpu" + rate_text + " / days spanned", est);
  put("worker", "", "exceeded_memory_per_day", exceeded_memory_ * scale, "outcome exceededMemory" + rate_text + " / days spanned", est);
  if (d1.size() == 1)
    put("d1", d1.front(), "overloaded_errors_per_day", overloaded_ * scale, "logs and exceptions saying \"D1 DB is overloaded\"" + rate_text + " / days spanned", est);
  else if (overloaded_ > 0)
    notes.push_back(fmt::format("{}: {} \"D1 DB is overloaded\" messages, but the config binds {} databases and the message names none", file,
                                overloaded_, d1.size()));
}

}  // namespace cfscale::analytics
