#include "analytics/import.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "analytics/events.h"
#include "analytics/traces.h"
#include "core/jsonc.h"
#include "core/printable.h"

namespace cfscale::analytics {
namespace {

constexpr const char* kCode = "metrics-import";

bool is_graphql(const Node& v) { return v.is_object() && (v.get("data") || v.get("errors")); }
bool is_d1_info(const Node& v) { return v.is_object() && v.get("uuid") && v.get("database_size"); }

void d1_info(const Document& doc, const Node& v, const config::WorkerConfig& w, Converted& out, Diagnostics& diags) {
  const Node* uuid = v.get("uuid");
  std::string id = uuid->is_string() ? uuid->text : "";
  const config::D1Database* db = nullptr;
  for (const auto& d : w.d1_databases)
    if (d.database_id && *d.database_id == id) db = &d;
  if (!db) {
    diags.error(doc.location(uuid->pos), kCode,
                fmt::format("no D1 binding of {} has database_id {}: is this the right project or environment?", printable(w.file), render_short(*uuid)));
    return;
  }
  std::string from = fmt::format("wrangler d1 info --json {}", printable(std::filesystem::path(doc.path).filename().string()));
  auto put = [&](const char* key, const char* field, double scale, const char* how) {
    const Node* n = v.get(field);
    if (!n || n->kind == Kind::Null) {
      out.notes.push_back(fmt::format("d1.{}.{}: {} has no {}", db->binding, key, from, field));
      return;
    }
    if (!n->is_number() || n->number < 0) {
      diags.error(doc.location(n->pos), kCode, fmt::format("\"{}\" must be a non-negative number, but is {}", field, render_short(*n)));
      return;
    }
    out.values.push_back(metrics::Measurement{"d1", db->binding, key, n->number * scale, fmt::format("{}: {}", from, how), ""});
  };
  put("storage_gb", "database_size", 1e-9, "database_size / 1e9");
  // The *_24h figures are the last 24 hours: a day, not an average over the window.
  const char* one_day = "{} (the last 24 hours)";
  put("read_queries_per_day", "read_queries_24h", 1, fmt::format(fmt::runtime(one_day), "read_queries_24h").c_str());
  put("write_queries_per_day", "write_queries_24h", 1, fmt::format(fmt::runtime(one_day), "write_queries_24h").c_str());
  put("rows_read_per_day", "rows_read_24h", 1, fmt::format(fmt::runtime(one_day), "rows_read_24h").c_str());
  put("rows_written_per_day", "rows_written_24h", 1, fmt::format(fmt::runtime(one_day), "rows_written_24h").c_str());
}

// A log or trace file must hold something of the Worker's own script; what
// it holds of others (an account-wide Logpush job) is left out, and said.
bool some_of_script(const Document& doc, const char* what, size_t own, size_t others, const std::string& script, Converted& out,
                    Diagnostics& diags) {
  if (own == 0) {
    diags.error(doc.location(Pos{1, 1, 0}), kCode, fmt::format("no {} of script {} in the file ({} of other scripts)", what, printable(script), others));
    return false;
  }
  if (others > 0) out.notes.push_back(fmt::format("{}: {} {}s of other scripts left out", printable(doc.path), others, what));
  return true;
}

}  // namespace

std::optional<Window> window_from_name(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  // The last <date>_<date> in the name.
  for (size_t at = name.size(); at-- > 0;) {
    if (at + 21 > name.size()) continue;
    std::string start = name.substr(at, 10), end = name.substr(at + 11, 10);
    if (name[at + 10] != '_') continue;
    Window a, b;
    if (!make_window(start, 1, a).empty() || !make_window(end, 1, b).empty()) continue;
    // The days between them.
    int y1, m1, d1, y2, m2, d2;
    std::sscanf(start.c_str(), "%d-%d-%d", &y1, &m1, &d1);
    std::sscanf(end.c_str(), "%d-%d-%d", &y2, &m2, &d2);
    namespace chr = std::chrono;
    auto days = (chr::sys_days{chr::year{y2} / m2 / d2} - chr::sys_days{chr::year{y1} / m1 / d1}).count();
    Window w;
    if (days < 1 || !make_window(end, static_cast<int>(days), w).empty()) return std::nullopt;
    return w;
  }
  return std::nullopt;
}

bool import_file(Document& doc, const config::WorkerConfig& w, const ImportOptions& opts, Imported& out, Diagnostics& diags) {
  if (doc.text.size() >= 2 && static_cast<unsigned char>(doc.text[0]) == 0x1f && static_cast<unsigned char>(doc.text[1]) == 0x8b) {
    diags.error(doc.location(Pos{1, 1, 0}), kCode, "a gzip file: decompress it first (gunzip -k), then import the .json");
    return false;
  }
  enum class Kind { Unknown, GraphQL, D1Info, Tail, Logpush, Traces } kind = Kind::Unknown;
  std::optional<TraceStats> traces;
  std::optional<Node> single;  // the one value of a GraphQL response or d1 info
  std::optional<EventStats> events;
  size_t values = 0;
  std::string script = w.name.value_or("");
  bool ok = parse_json_values(doc, diags, [&](Node& v) {
    ++values;
    if (values == 1) {
      if (is_graphql(v)) kind = Kind::GraphQL;
      else if (is_d1_info(v)) kind = Kind::D1Info;
      else if (is_tail_event(v)) kind = Kind::Tail, events.emplace(EventSource::Tail, script, opts.sample_rate);
      else if (is_logpush_event(v)) kind = Kind::Logpush, events.emplace(EventSource::Logpush, script, opts.sample_rate);
      else if (is_otlp_traces(v)) kind = Kind::Traces, traces.emplace(w, opts.sample_rate);
      else {
        diags.error(doc.location(v.pos), kCode,
                    "not a file cfscale imports: expected a GraphQL Analytics response (metrics queries), wrangler d1 info --json, "
                    "wrangler tail --format json, Logpush workers_trace_events (NDJSON) or Workers traces (OTLP JSON)");
        return false;
      }
    }
    if (kind == Kind::GraphQL || kind == Kind::D1Info) {
      if (values > 1) {
        diags.error(doc.location(v.pos), kCode, "a second JSON value: a response file holds one");
        return false;
      }
      single = std::move(v);
      return true;
    }
    std::string why;
    if (kind == Kind::Traces ? !traces->add(v, why) : !events->add(v, why)) {
      diags.error(doc.location(v.pos), kCode, why);
      return false;
    }
    return true;
  });
  if (!ok) return false;
  if (values == 0) {
    diags.error(doc.location(Pos{1, 1, 0}), kCode, "the file is empty");
    return false;
  }
  switch (kind) {
    case Kind::GraphQL: {
      out.kind = "GraphQL Analytics response";
      std::optional<Window> window = opts.window ? opts.window : window_from_name(doc.path);
      if (!window) {
        diags.error(doc.location(Pos{1, 1, 0}), kCode,
                    "the response does not say which days it covers: keep the file name metrics queries gave it "
                    "(cfscale-analytics-<product>-<start>_<end>.json), or give --days and --end");
        return false;
      }
      out.window = window;
      Plan plan = plan_queries(w, *window);
      if (!convert_response(doc, *single, plan, &*window, out.converted, diags)) return false;
      if (out.converted.nodes_read == 0) {
        diags.error(doc.location(single->pos), kCode,
                    fmt::format("the response answers none of the queries cfscale makes for {}: was it made for another project or environment?",
                                printable(w.file)));
        return false;
      }
      return true;
    }
    case Kind::D1Info:
      out.kind = "wrangler d1 info";
      d1_info(doc, *single, w, out.converted, diags);
      return !diags.has_errors();
    case Kind::Tail:
    case Kind::Logpush: {
      out.kind = kind == Kind::Tail ? "wrangler tail events" : "Logpush Workers Trace Events";
      if (!some_of_script(doc, "event", events->events(), events->other_scripts(), script, out.converted, diags)) return false;
      std::vector<std::string> d1;
      for (const auto& d : w.d1_databases) d1.push_back(d.binding);
      events->finish(std::filesystem::path(doc.path).filename().string(), d1, out.converted.values, out.converted.notes);
      return true;
    }
    case Kind::Traces:
      out.kind = "Workers traces (OTLP)";
      if (!some_of_script(doc, "span", traces->spans(), traces->other_scripts(), script, out.converted, diags)) return false;
      traces->finish(std::filesystem::path(doc.path).filename().string(), out.converted.values, out.converted.notes);
      return true;
    case Kind::Unknown: break;
  }
  return false;
}

}  // namespace cfscale::analytics
