#include "analytics/convert.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analytics/fields.h"
#include "core/printable.h"
#include "core/text.h"

namespace cfscale::analytics {
namespace {

constexpr double kMiB = 1048576.0;

// `obj.group.field` (or `obj.group`) as a number; nullopt when absent or null.
std::optional<double> num(const Node* obj, std::string_view group, std::string_view member = {}) {
  return member.empty() ? number_field(obj, group) : number_field(field(obj, group), member);
}

std::string text_of(const Node* obj, std::string_view group, std::string_view member) { return string_field(field(obj, group), member); }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// R2's operation classes (r2/pricing): what is billed as Class A, as Class
// B, and what is free.
const std::set<std::string, std::less<>> kClassA = {
    "ListBuckets", "PutBucket", "ListObjects", "PutObject", "CopyObject", "CompleteMultipartUpload", "CreateMultipartUpload",
    "LifecycleStorageTierTransition", "ListMultipartUploads", "UploadPart", "UploadPartCopy", "ListParts", "PutBucketEncryption",
    "PutBucketCors", "PutBucketLifecycleConfiguration"};
const std::set<std::string, std::less<>> kClassB = {"HeadBucket", "HeadObject", "GetObject", "UsageSummary", "GetBucketEncryption",
                                                    "GetBucketLocation", "GetBucketCors", "GetBucketLifecycleConfiguration"};
const std::set<std::string, std::less<>> kFree = {"DeleteObject", "DeleteBucket", "AbortMultipartUpload"};

// Read or write, from the statement's leading verb; a statement that wrote
// rows is a write whatever it starts with.
bool is_write_query(std::string_view sql, double rows_written) {
  if (rows_written > 0) return true;
  size_t i = 0;
  while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(')) ++i;
  std::string verb;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) verb += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  static const std::set<std::string, std::less<>> writes = {"INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "CREATE", "DROP", "ALTER"};
  return writes.count(verb) > 0;
}

// The value under which `share` of the weight lies, of (value, weight) pairs.
std::optional<double> weighted_quantile(std::vector<std::pair<double, double>> v, double share) {
  double total = 0;
  for (const auto& [x, w] : v) total += w;
  if (total <= 0) return std::nullopt;
  std::sort(v.begin(), v.end());
  double seen = 0;
  for (const auto& [x, w] : v) {
    seen += w;
    if (seen >= share * total) return x;
  }
  return v.back().first;
}

class Converter {
 public:
  Converter(const Document& doc, const Node& account, const Window* window, Converted& out, Diagnostics& diags)
      : doc_(doc), account_(account), window_(window), out_(out), diags_(diags) {}

  void entry(const Request& r, const std::vector<const analytics::QueryNode*>& nodes) {
    const Window& w = window_ ? *window_ : r.window;
    cur_ = Cur{nodes.front()->product, nodes.front()->entry, w, {}};
    for (const analytics::QueryNode* n : nodes) cur_.nodes[n->role] = n;
    const std::string& p = cur_.product;
    if (p == "worker") worker();
    else if (p == "kv") kv();
    else if (p == "d1") d1();
    else if (p == "r2") r2();
    else if (p == "queues") queues();
    else if (p == "durable_objects") durable_objects();
  }

 private:
  struct Cur {
    std::string product, entry;
    Window window;
    std::map<std::string, const analytics::QueryNode*> nodes;  // by role
  };

  // The rows of the node of `role`, or null (reported) when the response
  // lacks it. A node answering as many rows as it asked for was cut there.
  const Node* rows(const std::string& role) {
    auto it = cur_.nodes.find(role);
    if (it == cur_.nodes.end()) return nullptr;
    const analytics::QueryNode& n = *it->second;
    const Node* v = account_.get(n.alias);
    if (!v || v->kind == Kind::Null) {
      note(fmt::format("{}: not in the response, so what it measures stays as it was", n.alias));
      return nullptr;
    }
    if (!v->is_array()) {
      diags_.warning(doc_.location(v->pos), "analytics-response", fmt::format("{} should be a list of groups, but is {}", n.alias, kind_name(v->kind)));
      return nullptr;
    }
    ++out_.nodes_read;
    // limit 1 asks for the one group over the window (no dimensions): one row
    // is the whole answer.
    if (n.limit > 1 && v->items.size() >= static_cast<size_t>(n.limit))
      note(fmt::format("{}: {} rows, the limit asked for: the answer may be cut", n.alias, v->items.size()));
    return v;
  }
  const Node* first(const std::string& role) {
    const Node* v = rows(role);
    if (v && v->items.empty()) {
      note(fmt::format("{}: no data in the window{}", alias(role), cur_.product == "worker" ? " (is the script name right?)" : " (is the id right?)"));
      return nullptr;
    }
    return v ? &v->items.front() : nullptr;
  }
  std::string alias(const std::string& role) const {
    auto it = cur_.nodes.find(role);
    return it == cur_.nodes.end() ? role : it->second->alias;
  }
  std::string dataset(const std::string& role) const {
    auto it = cur_.nodes.find(role);
    return it == cur_.nodes.end() ? "" : it->second->dataset;
  }

  void note(std::string s) { out_.notes.push_back(std::move(s)); }

  double days() const { return cur_.window.days; }

  // A value, with its source: `how` names the fields ("sum.requests / 30 days").
  void put(const std::string& key, std::optional<double> v, const std::string& role, const std::string& how, std::string estimate = "") {
    std::string path = cur_.product == "worker" ? "worker." + key : cur_.product + "." + cur_.entry + "." + key;
    if (!v || !std::isfinite(*v)) {
      note(fmt::format("{}: {} has no {}", path, alias(role), how));
      return;
    }
    if (*v < 0) {
      note(fmt::format("{}: {} gives {} ({}), and the key cannot be negative", path, alias(role), *v, how));
      return;
    }
    out_.values.push_back(metrics::Measurement{cur_.product, cur_.entry, key, *v,
                                               fmt::format("{} {}, {}", dataset(role), how, window_text(cur_.window)), std::move(estimate)});
  }
  std::string per_day(const std::string& fields) const { return fmt::format("{} / {} days", fields, cur_.window.days); }
  std::optional<double> div(std::optional<double> a, std::optional<double> b) const {
    if (!a || !b || *b == 0) return std::nullopt;
    return *a / *b;
  }

  void worker() {
    if (const auto* g = first("")) {
      auto req = num(g, "sum", "requests");
      put("requests_per_day", div(req, days()), "", per_day("sum.requests"));
      put("cpu_ms_avg", div(div(num(g, "sum", "cpuTimeUs"), req), 1000.0), "", "sum.cpuTimeUs / sum.requests / 1000");
      put("cpu_ms_p50", div(num(g, "quantiles", "cpuTimeP50"), 1000.0), "", "quantiles.cpuTimeP50 / 1000 (one group over the window)");
      put("cpu_ms_p99", div(num(g, "quantiles", "cpuTimeP99"), 1000.0), "", "quantiles.cpuTimeP99 / 1000 (one group over the window)");
      put("wall_ms_p99", div(num(g, "quantiles", "wallTimeP99"), 1000.0), "", "quantiles.wallTimeP99 / 1000 (one group over the window)");
      put("memory_mb_p99", div(num(g, "quantiles", "memoryUsageBytesP99"), kMiB), "", "quantiles.memoryUsageBytesP99 / 2^20");
    }
    if (const auto* status = rows("status")) {
      double cpu = 0, memory = 0, resources = 0;
      bool any = false;
      for (const auto& row : status->items) {
        std::string s = text_of(&row, "dimensions", "status");
        double n = num(&row, "sum", "requests").value_or(0);
        any = true;
        if (s == "exceededCpu") cpu += n;
        else if (s == "exceededMemory") memory += n;
        else if (s == "exceededResources") resources += n;
      }
      if (any && cpu == 0 && memory == 0 && resources > 0) {
        // Older data has one status for both limits: all of it is counted
        // against the CPU limit, the commoner of the two.
        put("exceeded_cpu_per_day", resources / days(), "status", per_day("sum.requests of status exceededResources"),
            "exceededResources (older data) covers the CPU and the memory limit");
      } else if (any) {
        put("exceeded_cpu_per_day", cpu / days(), "status", per_day("sum.requests of status exceededCpu"));
        put("exceeded_memory_per_day", memory / days(), "status", per_day("sum.requests of status exceededMemory"));
      } else {
        note(fmt::format("worker.exceeded_cpu_per_day: {}: no data in the window", alias("status")));
      }
    }
    if (const auto* cache = rows("subreq_cache")) {
      double hits = 0, counted = 0;
      for (const auto& row : cache->items) {
        std::string s = lower(text_of(&row, "dimensions", "cacheStatus"));
        double n = num(&row, "sum", "subrequests").value_or(0);
        if (s == "none" || s == "unknown" || s.empty()) continue;  // not cacheable: outside the ratio
        counted += n;
        if (s == "hit" || s == "stale" || s == "updating" || s == "revalidated") hits += n;
      }
      if (counted > 0)
        put("edge_cache_hit_ratio", hits / counted, "subreq_cache",
            "sum.subrequests by cacheStatus: hit, stale, updating and revalidated over all but none and unknown");
      else
        note(fmt::format("worker.edge_cache_hit_ratio: {}: no cacheable subrequests in the window", alias("subreq_cache")));
    }
  }

  void kv() {
    if (const auto* ops = rows("")) {
      if (ops->items.empty()) {
        note(fmt::format("{}: no operations in the window (is the id right?)", alias("")));
      } else {
        std::map<std::string, double> by;
        for (const auto& row : ops->items) by[lower(text_of(&row, "dimensions", "actionType"))] += num(&row, "sum", "requests").value_or(0);
        for (auto [type, key] : {std::pair{"read", "reads_per_day"}, {"write", "writes_per_day"}, {"delete", "deletes_per_day"}, {"list", "lists_per_day"}})
          put(key, by[type] / days(), "", per_day(fmt::format("sum.requests of actionType {}", type)));
      }
    }
    if (const auto* lat = first("lat")) {
      auto p90 = num(lat, "quantiles", "latencyMsP90"), p99 = num(lat, "quantiles", "latencyMsP99");
      std::optional<double> p95;
      if (p90 && p99 && *p90 > 0 && *p99 >= *p90)
        // Between P90 and P99 on a log scale of both the latency and the
        // share of slower reads (a power-law tail): 10% -> 5% is log(2)/log(10) of the way to 1%.
        p95 = std::exp(std::log(*p90) + (std::log(*p99) - std::log(*p90)) * std::log(2.0) / std::log(10.0));
      else if (p99)
        p95 = p99;
      put("read_latency_p95_ms", p95, "lat", "quantiles.latencyMsP90 and latencyMsP99 of actionType read",
          "the dataset has no P95: interpolated between P90 and P99 on a log scale");
    }
    if (const auto* st = first("storage")) put("storage_gb", div(num(st, "max", "byteCount"), 1e9), "storage", "max.byteCount of the latest date / 1e9");
  }

  void d1() {
    if (const auto* g = first("")) {
      put("read_queries_per_day", div(num(g, "sum", "readQueries"), days()), "", per_day("sum.readQueries"));
      put("write_queries_per_day", div(num(g, "sum", "writeQueries"), days()), "", per_day("sum.writeQueries"));
      put("rows_read_per_day", div(num(g, "sum", "rowsRead"), days()), "", per_day("sum.rowsRead"));
      put("rows_written_per_day", div(num(g, "sum", "rowsWritten"), days()), "", per_day("sum.rowsWritten"));
    }
    if (const auto* q = rows("queries"); q && !q->items.empty()) {
      bool cut = cur_.nodes.count("queries") && q->items.size() >= static_cast<size_t>(cur_.nodes["queries"]->limit);
      std::vector<std::pair<double, double>> reads, writes;
      double duration = 0, count = 0;
      for (const auto& row : q->items) {
        double n = num(&row, "count").value_or(0);
        count += n;
        duration += num(&row, "sum", "queryDurationMs").value_or(0);
        auto p95 = num(&row, "quantiles", "queryDurationMsP95");
        if (!p95 || n <= 0) continue;
        (is_write_query(text_of(&row, "dimensions", "query"), num(&row, "sum", "rowsWritten").value_or(0)) ? writes : reads).push_back({*p95, n});
      }
      std::string how = "quantiles.queryDurationMsP95 of each {} query, weighted by count";
      std::string est = "the 95th percentile of the queries' own p95s, weighted by how often each ran (server-side time)";
      if (!reads.empty()) put("read_latency_p95_ms", weighted_quantile(reads, 0.95), "queries", fmt::format(fmt::runtime(how), "read"), est);
      if (!writes.empty()) put("write_latency_p95_ms", weighted_quantile(writes, 0.95), "queries", fmt::format(fmt::runtime(how), "write"), est);
      put("query_time_avg_ms", div(duration, count), "queries", "sum.queryDurationMs / count",
          cut ? "over the queries the answer lists (it was cut at its limit)" : "");
    } else if (q) {
      note(fmt::format("{}: no queries in the window", alias("queries")));
    }
    if (const auto* peak = rows("peak"); peak && !peak->items.empty()) {
      double most = 0;
      for (const auto& row : peak->items)
        most = std::max(most, num(&row, "sum", "readQueries").value_or(0) + num(&row, "sum", "writeQueries").value_or(0));
      put("queries_per_sec_peak", most / 300, "peak", "(sum.readQueries + sum.writeQueries) of the busiest five minutes / 300",
          "the busiest five minutes' average rate: the busiest second is higher");
    }
    if (const auto* st = rows("storage"); st && !st->items.empty()) {
      // Daily sizes, oldest first: the latest is the size, the least-squares
      // slope the growth (steadier than last minus first).
      std::vector<std::pair<double, double>> series;  // (day, GB)
      for (const auto& row : st->items) {
        auto bytes = num(&row, "max", "databaseSizeBytes");
        std::string date = text_of(&row, "dimensions", "date");
        int y = 0, m = 0, d = 0;
        if (!bytes || std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) continue;
        // Days since 1970 (civil from days, Howard Hinnant's algorithm inverse).
        y -= m <= 2;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400, doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        series.push_back({static_cast<double>(era * 146097 + doe - 719468), *bytes / 1e9});
      }
      std::sort(series.begin(), series.end());
      if (!series.empty()) put("storage_gb", series.back().second, "storage", "max.databaseSizeBytes of the latest date / 1e9");
      if (series.size() >= 2 && series.back().first - series.front().first >= 7) {
        double n = static_cast<double>(series.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (const auto& [x, y] : series) {
          sx += x;
          sy += y;
          sxx += x * x;
          sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);  // GB a day
        if (slope < 0) note(fmt::format("d1.{}.storage_growth_gb_per_month: the database shrank ({:.3g} GB a month); written as 0", cur_.entry, slope * 30.44));
        put("storage_growth_gb_per_month", std::max(0.0, slope * 30.44), "storage",
            fmt::format("least-squares slope of {} daily max.databaseSizeBytes x 30.44 / 1e9", series.size()));
      } else {
        note(fmt::format("d1.{}.storage_growth_gb_per_month: fewer than 7 days of sizes", cur_.entry));
      }
    }
  }

  void r2() {
    if (const auto* ops = rows("")) {
      if (ops->items.empty()) {
        note(fmt::format("{}: no operations in the window (is the bucket name right?)", alias("")));
      } else {
        double a = 0, b = 0;
        std::set<std::string> unknown;
        for (const auto& row : ops->items) {
          std::string type = text_of(&row, "dimensions", "actionType");
          double n = num(&row, "sum", "requests").value_or(0);
          if (kClassA.count(type)) a += n;
          else if (kClassB.count(type)) b += n;
          else if (!kFree.count(type)) unknown.insert(type);
        }
        // An operation of no known class is left out of both, and said.
        if (!unknown.empty()) note(fmt::format("{}: operations of no known class left out: {}", alias(""), printable(fmt::format("{}", fmt::join(unknown, ", ")))));
        put("class_a_per_day", a / days(), "", per_day("sum.requests of the Class A actionTypes"));
        put("class_b_per_day", b / days(), "", per_day("sum.requests of the Class B actionTypes"));
      }
    }
    if (const auto* st = first("storage")) {
      auto payload = num(st, "max", "payloadSize"), meta = num(st, "max", "metadataSize");
      put("storage_gb", payload ? std::optional<double>((*payload + meta.value_or(0)) / 1e9) : std::nullopt, "storage",
          "(max.payloadSize + max.metadataSize) of the latest time / 1e9");
    }
  }

  void queues() {
    if (const auto* ops = rows("ops")) {
      double written = 0, bytes = 0, retries = 0;
      bool reads = false;
      for (const auto& row : ops->items) {
        std::string type = text_of(&row, "dimensions", "actionType");
        double n = num(&row, "count").value_or(0);
        if (type == "WriteMessage") {
          written += n;
          bytes += num(&row, "sum", "bytes").value_or(0);
        } else if (type == "ReadMessage") {
          reads = true;
          retries += num(&row, "avg", "retryCount").value_or(0) * n;
        }
      }
      put("messages_per_day", written / days(), "ops", per_day("count of actionType WriteMessage"));
      if (written > 0) put("message_kb_avg", bytes / written / 1024, "ops", "sum.bytes / count of actionType WriteMessage / 1024");
      if (reads)
        put("retries_per_day", retries / days(), "ops", per_day("avg.retryCount x count of actionType ReadMessage"),
            "from the average retry count of each group");
    }
    if (const auto* b = first("backlog")) put("backlog_messages", num(b, "avg", "messages"), "backlog", "avg.messages of the latest hour");
  }

  void durable_objects() {
    if (const auto* g = first("")) put("requests_per_day", div(num(g, "sum", "requests"), days()), "", per_day("sum.requests"));
    if (const auto* p = first("peak"))
      put("requests_per_sec_peak_per_object", div(num(p, "sum", "requests"), 60.0), "peak", "sum.requests of the busiest object-minute / 60",
          "the busiest minute's average rate: the busiest second is higher");
    if (const auto* p = first("periodic")) {
      put("websocket_messages_per_day", div(num(p, "sum", "inboundWebsocketMsgCount"), days()), "periodic", per_day("sum.inboundWebsocketMsgCount"));
      put("duration_gb_s_per_day", div(num(p, "sum", "duration"), days()), "periodic", per_day("sum.duration (GB-s)"));
    }
    if (const auto* st = first("storage")) put("storage_gb", div(num(st, "max", "storedBytes"), 1e9), "storage", "max.storedBytes of the latest date / 1e9");
  }

  const Document& doc_;
  const Node& account_;
  const Window* window_;
  Converted& out_;
  Diagnostics& diags_;
  Cur cur_;
};

}  // namespace

const Node* response_account(const Node& response) {
  const Node* accounts = field(field(field(response, "data"), "viewer"), "accounts");
  if (!accounts || !accounts->is_array() || accounts->items.empty() || !accounts->items.front().is_object()) return nullptr;
  return &accounts->items.front();
}

std::string error_message(const Node& error) {
  const Node* m = field(error, "message");
  return m && m->is_string() ? m->text : render_short(error, 200);
}

std::string window_text(const Window& w) { return fmt::format("{} days from {} to {}", w.days, w.start_date, w.end_date); }

bool convert_response(const Document& doc, const Node& response, const Plan& plan, const Window* window, Converted& out,
                      Diagnostics& diags) {
  if (!response.is_object()) {
    diags.error(doc.location(response.pos), "analytics-response", "a GraphQL response is an object with \"data\" (and \"errors\")");
    return false;
  }
  const Node* data = response.get("data");
  const Node* errors = response.get("errors");
  bool has_errors = errors && errors->is_array() && !errors->items.empty();
  const Node* account_node = response_account(response);
  bool has_data = account_node != nullptr;
  if (has_errors) {
    for (const auto& e : errors->items) {
      std::string text = printable(error_message(e));
      if (has_data) diags.warning(doc.location(e.pos), "analytics-error", "the API reported: " + text);
      else diags.error(doc.location(e.pos), "analytics-error", "the API reported: " + text);
    }
    if (!has_data) return false;
  }
  if (!has_data) {
    const Node* accounts = field(field(data, "viewer"), "accounts");
    diags.error(doc.location(data ? data->pos : response.pos), "analytics-response",
                accounts && accounts->is_array() ? "the response has no account: is the account id right, and may the token read its analytics?"
                                                 : "not a GraphQL Analytics response: expected data.viewer.accounts[0]");
    return false;
  }
  const Node& account = *account_node;
  // Every alias the plan knows, and the ones it does not (a config that
  // changed since the queries were made).
  std::set<std::string, std::less<>> known;
  Converter c(doc, account, window, out, diags);
  for (const auto& r : plan.requests) {
    std::map<std::pair<std::string, std::string>, std::vector<const QueryNode*>> entries;
    std::vector<std::pair<std::string, std::string>> order;
    // A binding is converted when the response answers any of its nodes (a
    // file holds one product's request); the nodes it lacks are then said.
    std::set<std::pair<std::string, std::string>> answered;
    for (const auto& n : r.nodes) {
      known.insert(n.alias);
      auto key = std::pair{n.product, n.entry};
      if (!entries.count(key)) order.push_back(key);
      entries[key].push_back(&n);
      if (account.get(n.alias)) answered.insert(key);
    }
    for (const auto& key : order)
      if (answered.count(key)) c.entry(r, entries[key]);
      else if (!answered.empty())  // the response is this request's, but says nothing of this binding
        out.notes.push_back(fmt::format("{}: not in the response, so what it measures stays as it was", entries[key].front()->alias));
  }
  for (const Member* m : counted_members(account))
    if (!known.count(m->key))
      diags.warning(doc.location(m->key_pos), "analytics-unknown-node",
                    fmt::format("{} answers no query cfscale makes for this config (a binding renamed or removed?); left out", printable(m->key)));
  return true;
}

}  // namespace cfscale::analytics
