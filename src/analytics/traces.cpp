#include "analytics/traces.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analytics/events.h"
#include "analytics/fields.h"

namespace cfscale::analytics {
namespace {

// An OTLP AnyValue as text: stringValue, intValue (a string in OTLP JSON),
// doubleValue, boolValue.
std::string any_text(const Node& v) {
  if (!v.is_object()) return "";
  for (const char* k : {"stringValue", "intValue", "doubleValue", "boolValue"})
    if (const Node* n = v.get(k)) {
      if (n->is_string() || n->is_number()) return n->text;
      if (n->kind == Kind::Bool) return n->boolean ? "true" : "false";
    }
  return "";
}

void read_attributes(const Node* list, std::map<std::string, std::string, std::less<>>& out) {
  if (!list || !list->is_array()) return;
  for (const auto& a : list->items) {
    const Node* key = field(a, "key");
    const Node* value = field(a, "value");
    if (key && key->is_string() && value) out[key->text] = any_text(*value);
  }
}

// Nanoseconds since the epoch (a string or a number in OTLP JSON), in ms.
double nanos_ms(const Node* n) {
  if (!n) return 0;
  if (n->is_number()) return n->number / 1e6;
  if (n->is_string()) {
    char* end = nullptr;
    double v = std::strtod(n->text.c_str(), &end);
    return end && *end == '\0' ? v / 1e6 : 0;
  }
  return 0;
}

double to_number(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  return end && end != s.c_str() && *end == '\0' && std::isfinite(v) ? v : -1;
}

bool starts(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

}  // namespace

bool is_otlp_traces(const Node& v) { return v.is_object() && v.get("resourceSpans"); }

TraceStats::TraceStats(const config::WorkerConfig& w, double sample_rate) : script_(w.name.value_or("")), rate_(sample_rate) {
  for (const auto& b : w.kv_namespaces) kv_.push_back(b.binding);
  for (const auto& b : w.d1_databases) d1_.push_back(b.binding);
  for (const auto& b : w.r2_buckets) r2_.push_back(b.binding);
}

std::string TraceStats::binding_of(const Span& s, const std::vector<std::string>& bindings) const {
  auto it = s.attrs.find("cloudflare.binding.name");
  if (it != s.attrs.end()) return std::find(bindings.begin(), bindings.end(), it->second) != bindings.end() ? it->second : "";
  return bindings.size() == 1 ? bindings.front() : "";
}

bool TraceStats::add(const Node& request, std::string& why) {
  const Node* rs = field(request, "resourceSpans");
  if (!rs || !rs->is_array()) {
    why = "not an OTLP trace export (no resourceSpans list)";
    return false;
  }
  for (const auto& r : rs->items) {
    std::map<std::string, std::string, std::less<>> resource;
    read_attributes(field(field(r, "resource"), "attributes"), resource);
    const Node* scopes = field(r, "scopeSpans");
    if (!scopes || !scopes->is_array()) continue;
    for (const auto& sc : scopes->items) {
      const Node* spans = field(sc, "spans");
      if (!spans || !spans->is_array()) continue;
      for (const auto& sp : spans->items) {
        if (!sp.is_object()) continue;
        Span s;
        s.attrs = resource;
        read_attributes(sp.get("attributes"), s.attrs);
        s.name = string_field(sp, "name");
        s.parent = string_field(sp, "parentSpanId");
        s.start_ms = nanos_ms(sp.get("startTimeUnixNano"));
        s.duration_ms = std::max(0.0, nanos_ms(sp.get("endTimeUnixNano")) - s.start_ms);
        auto script = s.attrs.find("cloudflare.script_name");
        if (script == s.attrs.end()) script = s.attrs.find("service.name");
        if (!script_.empty() && script != s.attrs.end() && script->second != script_) {
          ++other_scripts_;
          continue;
        }
        auto inv = s.attrs.find("faas.invocation_id");
        s.invocation = inv == s.attrs.end() ? "" : inv->second;
        take(s);
      }
    }
  }
  return true;
}

void TraceStats::take(const Span& s) {
  ++spans_;
  if (spans_ == 1 || s.start_ms < first_ms_) first_ms_ = s.start_ms;
  if (spans_ == 1 || s.start_ms > last_ms_) last_ms_ = s.start_ms;
  bool root = s.parent.empty();
  // Subrequests: every outbound span (fetch and binding calls) under the
  // invocation's root; an invocation seen without any counts zero.
  if (!s.invocation.empty()) {
    auto& n = subrequests_[s.invocation];
    if (!root && (s.name == "fetch" || starts(s.name, "kv_") || starts(s.name, "r2_") || starts(s.name, "d1_") ||
                  starts(s.name, "durable_object") || starts(s.name, "queue_")))
      n += 1;
  }
  auto attr = [&](std::string_view k) {
    auto it = s.attrs.find(k);
    return it == s.attrs.end() ? std::string() : it->second;
  };
  if (starts(s.name, "kv_")) {
    std::string b = binding_of(s, kv_);
    if (b.empty()) return void(++unattributed_);
    if (s.name == "kv_put") {
      std::string key = attr("cloudflare.kv.query.keys");
      if (!key.empty()) kv_writes_[b][{key, static_cast<long long>(std::floor(s.start_ms / 60'000))}] += 1;
    } else if (s.name == "kv_get") {
      kv_read_ms_[b].push_back(s.duration_ms);
      std::string status = attr("cloudflare.kv.response.cache_status");
      for (auto& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!status.empty()) {
        auto& [hits, all] = kv_cache_[b];
        all += 1;
        if (status == "HIT") hits += 1;
      }
    }
  } else if (starts(s.name, "d1_")) {
    std::string b = binding_of(s, d1_);
    if (b.empty()) return void(++unattributed_);
    std::string op = attr("db.operation.name");
    for (auto& c : op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    double written = to_number(attr("cloudflare.d1.response.rows_written"));
    bool write = written > 0 || op == "INSERT" || op == "UPDATE" || op == "DELETE" || op == "REPLACE";
    (write ? d1_write_ms_ : d1_read_ms_)[b].push_back(s.duration_ms);
  } else if (starts(s.name, "r2_")) {
    std::string b = binding_of(s, r2_);
    if (b.empty()) return void(++unattributed_);
    if (s.name == "r2_put") {
      r2_put_ms_[b].push_back(s.duration_ms);
      if (double size = to_number(attr("cloudflare.r2.request.size")); size >= 0) r2_size_mb_[b].push_back(size / 1e6);
    }
  }
}

void TraceStats::finish(const std::string& file, std::vector<metrics::Measurement>& out, std::vector<std::string>& notes) const {
  std::string from = fmt::format("Workers traces {}, {} spans", file, spans_);
  auto put = [&](const char* section, const std::string& entry, const char* key, double v, const std::string& how, std::string est = "") {
    out.push_back(metrics::Measurement{section, entry, key, v, from + ": " + how, std::move(est)});
  };
  // A percentile from enough spans, else a note.
  auto pct = [&](const char* section, const std::string& entry, const char* key, const std::vector<double>& v, double q, size_t need,
                 const std::string& how) {
    if (v.empty()) return;
    if (v.size() < need) {
      notes.push_back(fmt::format("{}.{}.{}: {} spans in {}: too few for that percentile (at least {})", section, entry, key, v.size(), file, need));
      return;
    }
    put(section, entry, key, quantile(v, q), how);
  };
  for (const auto& [b, writes] : kv_writes_) {
    double most = 0;
    for (const auto& [k, n] : writes) most = std::max(most, n);
    put("kv", b, "hottest_key_writes_per_sec", most / rate_ / 60, 
        rate_ == 1 ? "kv_put spans of the busiest key-minute (cloudflare.kv.query.keys) / 60"
                   : fmt::format("kv_put spans of the busiest key-minute / sampling rate {} / 60", rate_),
        rate_ == 1 ? "the busiest minute's average: the busiest second is higher"
                   : "scaled from sampled spans, and the busiest minute's average: the busiest second is higher");
  }
  for (const auto& [b, v] : kv_read_ms_) pct("kv", b, "read_latency_p95_ms", v, 0.95, kMinForP95, "95th percentile of kv_get span durations (client-side)");
  for (const auto& [b, c] : kv_cache_)
    if (c.second >= kMinForP50) put("kv", b, "edge_cache_hit_ratio", c.first / c.second, "kv_get spans with cloudflare.kv.response.cache_status HIT / with a status");
  for (const auto& [b, v] : d1_read_ms_) pct("d1", b, "read_latency_p95_ms", v, 0.95, kMinForP95, "95th percentile of read d1_ span durations (client-side)");
  for (const auto& [b, v] : d1_write_ms_) pct("d1", b, "write_latency_p95_ms", v, 0.95, kMinForP95, "95th percentile of write d1_ span durations (rows_written > 0 or an INSERT/UPDATE/DELETE)");
  for (const auto& [b, v] : r2_put_ms_) pct("r2", b, "upload_latency_p95_ms", v, 0.95, kMinForP95, "95th percentile of r2_put span durations");
  for (const auto& [b, v] : r2_size_mb_) pct("r2", b, "object_size_mb_p95", v, 0.95, kMinForP95, "95th percentile of r2_put cloudflare.r2.request.size / 1e6");
  if (!subrequests_.empty()) {
    std::vector<double> per;
    for (const auto& [inv, n] : subrequests_) per.push_back(n);
    if (per.size() >= kMinForP99)
      put("worker", "", "subrequests_per_request_p99", quantile(per, 0.99), fmt::format("99th percentile of fetch and binding spans per faas.invocation_id ({} invocations)", per.size()));
    else
      notes.push_back(fmt::format("worker.subrequests_per_request_p99: {} invocations in {}: too few (at least {})", per.size(), file, kMinForP99));
  }
  if (unattributed_ > 0)
    notes.push_back(fmt::format("{}: {} binding spans without cloudflare.binding.name, and the config binds several of that product: left out",
                                file, unattributed_));
}

}  // namespace cfscale::analytics
