#include "analytics/queries.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include <fmt/format.h>

#include "config/bindings.h"
#include "core/products.h"

namespace cfscale::analytics {
namespace {

namespace chr = std::chrono;

std::string date_of(chr::sys_days d) {
  chr::year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

bool parse_date(const std::string& s, chr::sys_days& out) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-') return false;
  chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok()) return false;
  out = chr::sys_days{ymd};
  return true;
}

}  // namespace

std::string gql_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

namespace {

// A GraphQL name part from a binding or queue name: [A-Za-z0-9_] only.
std::string name_part(std::string_view s) {
  std::string out;
  for (char ch : s) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out.empty() ? "_" : out;
}

// The filter fields of a window: datetime ones for datetime datasets
// (end excluded), date ones for daily datasets (end included, so the last
// whole day).
std::string datetime_range(const Window& w) {
  return fmt::format("datetime_geq: \"{}T00:00:00Z\", datetime_lt: \"{}T00:00:00Z\"", w.start_date, w.end_date);
}
std::string date_range(const Window& w) {
  chr::sys_days end;
  parse_date(w.end_date, end);
  return fmt::format("date_geq: \"{}\", date_leq: \"{}\"", w.start_date, date_of(end - chr::days{1}));
}

class Aliases {
 public:
  // cfs_<product>_<name>, unique in the request ("_2" on a clash of two
  // names that read the same once made GraphQL names).
  std::string make(std::string_view product, std::string_view entry) {
    std::string base = fmt::format("cfs_{}_{}", product, name_part(entry));
    std::string alias = base;
    for (int i = 2; !used_.insert(alias).second; ++i) alias = fmt::format("{}_{}", base, i);
    return alias;
  }

 private:
  std::set<std::string> used_;
};

// The node `<base>_<role>` (`<base>` for the main one).
void add(Request& r, const std::string& base, std::string role, std::string dataset, const std::string& product, const std::string& entry,
         std::string args, std::string fields) {
  std::string alias = role.empty() ? base : base + "_" + role;
  std::string body = fmt::format("{}: {}({}) {{ {} }}", alias, dataset, args, fields);
  int limit = 0;
  std::sscanf(args.c_str(), "limit: %d", &limit);
  r.nodes.push_back({std::move(alias), std::move(dataset), product, entry, std::move(role), std::move(body), limit});
}

// A shell variable the printed commands expand, in the query text.
std::string placeholder(const std::string& variable) { return "@@" + variable + "@@"; }

}  // namespace

std::string make_window(const std::string& end_date, int days, Window& out) {
  chr::sys_days end;
  if (!parse_date(end_date, end)) return fmt::format("\"{}\" is not a date (YYYY-MM-DD)", end_date);
  if (days < 1 || days > 366) return fmt::format("{} days: the window is 1 to 366 days", days);
  out.days = days;
  out.end_date = date_of(end);
  out.start_date = date_of(end - chr::days{days});
  return "";
}

int retention_days(const std::string& product) {
  // Workers: up to one month per query (for dates up to three months back);
  // D1, KV and R2 keep 31 days. Queues and Durable Objects say nothing: 31
  // too, until the settings node says otherwise.
  (void)product;
  return 31;
}

std::string request_body(const Request& r, std::string_view account_tag) {
  return fmt::format("{{\"operationName\":{},\"query\":{},\"variables\":{{\"accountTag\":{}}}}}", gql_string(r.name),
                     gql_string(r.query()), gql_string(account_tag));
}

std::string Request::query() const {
  std::string out = fmt::format("query {}($accountTag: string!) {{\n  viewer {{\n    accounts(filter: {{ accountTag: $accountTag }}) {{\n", name);
  for (const auto& n : nodes) out += "      " + n.body + "\n";
  return out + "    }\n  }\n}\n";
}

Plan plan_queries(const config::WorkerConfig& w, const Window& asked) {
  Plan plan;
  plan.script = w.name.value_or("");
  auto request = [&](const std::string& product, const std::string& name) {
    Request r;
    r.product = product;
    r.name = name;
    r.window = asked;
    int keep = retention_days(product);
    if (asked.days > keep) {
      make_window(asked.end_date, keep, r.window);
      r.note = fmt::format("{} days asked; these datasets answer for at most {}", asked.days, keep);
    }
    return r;
  };

  if (!plan.script.empty()) {
    Request r = request("worker", "CfscaleWorker");
    std::string f = fmt::format("filter: {{ scriptName: {}, {} }}", gql_string(plan.script), datetime_range(r.window));
    // One group over the whole window: its quantiles are over every invocation.
    add(r, "cfs_worker", "", "workersInvocationsAdaptive", "worker", "", "limit: 1, " + f,
        "sum { requests errors subrequests cpuTimeUs wallTime } quantiles { cpuTimeP50 cpuTimeP99 wallTimeP99 memoryUsageBytesP99 }");
    add(r, "cfs_worker", "status", "workersInvocationsAdaptive", "worker", "", "limit: 50, " + f, "sum { requests } dimensions { status }");
    add(r, "cfs_worker", "subreq_cache", "workersSubrequestsAdaptiveGroups", "worker", "", "limit: 50, " + f,
        "sum { subrequests } dimensions { cacheStatus }");
    plan.requests.push_back(std::move(r));
  } else {
    plan.skipped.push_back("the Worker: the config has no name, which the invocations are filtered by");
  }

  Aliases aliases;
  {
    Request r = request("kv", "CfscaleKv");
    for (const auto& b : w.kv_namespaces) {
      if (!b.id) {
        plan.skipped.push_back(fmt::format("KV namespace {}: no id in the config", b.binding));
        continue;
      }
      std::string f = fmt::format("filter: {{ namespaceId: {}, {} }}", gql_string(*b.id), date_range(r.window));
      std::string lat = fmt::format("filter: {{ namespaceId: {}, actionType: \"read\", {} }}", gql_string(*b.id), date_range(r.window));
      std::string a = aliases.make("kv", b.binding);
      add(r, a, "", "kvOperationsAdaptiveGroups", "kv", b.binding, "limit: 10, " + f, "sum { requests } dimensions { actionType }");
      add(r, a, "lat", "kvOperationsAdaptiveGroups", "kv", b.binding, "limit: 1, " + lat, "quantiles { latencyMsP90 latencyMsP99 }");
      add(r, a, "storage", "kvStorageAdaptiveGroups", "kv", b.binding, "limit: 1, orderBy: [date_DESC], " + f,
          "max { byteCount keyCount } dimensions { date }");
    }
    if (!r.nodes.empty()) plan.requests.push_back(std::move(r));
  }
  {
    Request r = request("d1", "CfscaleD1");
    for (const auto& b : w.d1_databases) {
      if (!b.database_id) {
        plan.skipped.push_back(fmt::format("D1 database {}: no database_id in the config", b.binding));
        continue;
      }
      std::string id = gql_string(*b.database_id);
      std::string f = fmt::format("filter: {{ databaseId: {}, {} }}", id, datetime_range(r.window));
      std::string a = aliases.make("d1", b.binding);
      add(r, a, "", "d1AnalyticsAdaptiveGroups", "d1", b.binding, "limit: 1, " + f,
          "sum { readQueries writeQueries rowsRead rowsWritten } avg { queryBatchTimeMs } quantiles { queryBatchTimeMsP90 }");
      add(r, a, "queries", "d1QueriesAdaptiveGroups", "d1", b.binding, "limit: 1000, orderBy: [sum_queryDurationMs_DESC], " + f,
          "count sum { queryDurationMs rowsRead rowsWritten } quantiles { queryDurationMsP95 } dimensions { query }");
      // Five-minute groups: 31 days are 8,928 rows, under the 10,000 a node returns.
      add(r, a, "peak", "d1AnalyticsAdaptiveGroups", "d1", b.binding, "limit: 10000, orderBy: [datetimeFiveMinutes_ASC], " + f,
          "sum { readQueries writeQueries } dimensions { datetimeFiveMinutes }");
      add(r, a, "storage", "d1StorageAdaptiveGroups", "d1", b.binding,
          fmt::format("limit: 40, orderBy: [date_ASC], filter: {{ databaseId: {}, {} }}", id, date_range(r.window)),
          "max { databaseSizeBytes } dimensions { date }");
    }
    if (!r.nodes.empty()) plan.requests.push_back(std::move(r));
  }
  {
    Request r = request("r2", "CfscaleR2");
    for (const auto& b : w.r2_buckets) {
      if (!b.bucket_name) {
        plan.skipped.push_back(fmt::format("R2 bucket {}: no bucket_name in the config", b.binding));
        continue;
      }
      // A bucket in a jurisdiction is named <jurisdiction>_<bucket> in the datasets.
      std::string bucket = b.jurisdiction ? *b.jurisdiction + "_" + *b.bucket_name : *b.bucket_name;
      std::string f = fmt::format("filter: {{ bucketName: {}, {} }}", gql_string(bucket), datetime_range(r.window));
      std::string a = aliases.make("r2", b.binding);
      add(r, a, "", "r2OperationsAdaptiveGroups", "r2", b.binding, "limit: 200, " + f,
          "sum { requests responseObjectSize } dimensions { actionType actionStatus }");
      add(r, a, "storage", "r2StorageAdaptiveGroups", "r2", b.binding, "limit: 1, orderBy: [datetime_DESC], " + f,
          "max { payloadSize metadataSize objectCount } dimensions { datetime }");
    }
    if (!r.nodes.empty()) plan.requests.push_back(std::move(r));
  }
  {
    Request r = request("queues", "CfscaleQueues");
    int n = 0;
    for (const auto& e : config::measured_entries(*find_product("queues"), w)) {
      std::string var = fmt::format("CFSCALE_QUEUE_ID_{}", ++n);
      r.lookups.push_back({var, "the id of queue " + e.name,
                           fmt::format("the Queue ID line of `wrangler queues info {}`", e.name), Lookup::Kind::Queue, e.name, ""});
      std::string f = fmt::format("filter: {{ queueId: \"{}\", {} }}", placeholder(var), datetime_range(r.window));
      std::string a = aliases.make("q", e.name);
      add(r, a, "ops", "queueMessageOperationsAdaptiveGroups", "queues", e.name, "limit: 50, " + f,
          "count sum { bytes billableOperations } avg { lagTime retryCount } max { messageSize } dimensions { actionType outcome }");
      add(r, a, "backlog", "queueBacklogAdaptiveGroups", "queues", e.name, "limit: 800, orderBy: [datetimeHour_DESC], " + f,
          "avg { messages bytes } dimensions { datetimeHour }");
    }
    if (!r.nodes.empty()) plan.requests.push_back(std::move(r));
  }
  {
    Request r = request("durable_objects", "CfscaleDurableObjects");
    int n = 0;
    for (const auto& b : w.durable_objects) {
      std::string script = b.script_name.value_or(plan.script);
      if (script.empty()) {
        plan.skipped.push_back(fmt::format("Durable Object {}: no script name to find its namespace by", b.name));
        continue;
      }
      std::string var = fmt::format("CFSCALE_DO_NAMESPACE_{}", ++n);
      r.lookups.push_back({var, fmt::format("the namespace id of class {} in script {}", b.class_name, script),
                           fmt::format("the id of the entry with script {} and class {} in the list from "
                                       "GET https://api.cloudflare.com/client/v4/accounts/<account>/workers/durable_objects/namespaces",
                                       script, b.class_name),
                           Lookup::Kind::DurableObjectNamespace, b.class_name, script});
      std::string f = fmt::format("filter: {{ namespaceId: \"{}\", {} }}", placeholder(var), datetime_range(r.window));
      std::string a = aliases.make("do", b.name);
      add(r, a, "", "durableObjectsInvocationsAdaptiveGroups", "durable_objects", b.name, "limit: 1, " + f, "sum { requests }");
      add(r, a, "peak", "durableObjectsInvocationsAdaptiveGroups", "durable_objects", b.name,
          "limit: 1, orderBy: [sum_requests_DESC], " + f, "sum { requests } dimensions { objectId datetimeMinute }");
      add(r, a, "periodic", "durableObjectsPeriodicGroups", "durable_objects", b.name, "limit: 1, " + f,
          "sum { duration activeTime inboundWebsocketMsgCount }");
      add(r, a, "storage", "durableObjectsSqlStorageGroups", "durable_objects", b.name,
          fmt::format("limit: 1, orderBy: [date_DESC], filter: {{ namespaceId: \"{}\", {} }}", placeholder(var), date_range(r.window)),
          "max { storedBytes } dimensions { date }");
    }
    if (!r.nodes.empty()) plan.requests.push_back(std::move(r));
  }
  return plan;
}

}  // namespace cfscale::analytics
