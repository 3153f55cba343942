// Workers traces exported as OpenTelemetry (OTLP JSON: one
// ExportTraceServiceRequest per file, or one per line as collectors' file
// exporters write them). The only source of what no GraphQL dataset has: the
// busiest KV key's writes, KV's cache status, client-side KV and D1
// latencies, R2 object sizes and upload times, subrequests per invocation
// (docs/metrics.md, from Cloudflare's spans-and-attributes page).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/model.h"
#include "core/node.h"
#include "metrics/writer.h"

namespace cfscale::analytics {

bool is_otlp_traces(const Node& first);

class TraceStats {
 public:
  TraceStats(const config::WorkerConfig& w, double sample_rate);

  // One ExportTraceServiceRequest; false (with `why`) when it is not one.
  bool add(const Node& request, std::string& why);

  void finish(const std::string& file, std::vector<metrics::Measurement>& out, std::vector<std::string>& notes) const;

  size_t spans() const { return spans_; }
  size_t other_scripts() const { return other_scripts_; }

 private:
  struct Span {
    std::string name, parent, invocation, binding;
    double start_ms = 0, duration_ms = 0;
    std::map<std::string, std::string, std::less<>> attrs;  // as text
  };
  void take(const Span& s);
  // The binding a span is on: its cloudflare.binding.name, else the only
  // binding of the product; "" when neither tells.
  std::string binding_of(const Span& s, const std::vector<std::string>& bindings) const;

  std::string script_;
  double rate_;
  std::vector<std::string> kv_, d1_, r2_;
  size_t spans_ = 0, other_scripts_ = 0, unattributed_ = 0;
  // KV: writes per (binding, key, minute); read durations; cache statuses.
  std::map<std::string, std::map<std::pair<std::string, long long>, double>> kv_writes_;
  std::map<std::string, std::vector<double>> kv_read_ms_;
  std::map<std::string, std::pair<double, double>> kv_cache_;  // hits, with a status
  std::map<std::string, std::vector<double>> d1_read_ms_, d1_write_ms_;
  std::map<std::string, std::vector<double>> r2_put_ms_, r2_size_mb_;
  std::map<std::string, double> subrequests_;  // per invocation
  double first_ms_ = 0, last_ms_ = 0;
};

}  // namespace cfscale::analytics
