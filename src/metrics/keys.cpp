#include "metrics/keys.h"

namespace cfscale::metrics {
namespace {

// Where the operation counts of a product are read, shared by its keys.
constexpr const char* kKvGql = "GraphQL kvOperationsAdaptiveGroups";
constexpr const char* kR2Gql = "GraphQL r2OperationsAdaptiveGroups";
constexpr const char* kDoGql = "GraphQL durableObjectsInvocationsAdaptiveGroups";

const KeySpec kKeys[] = {
    {"", "format", "metrics file format; must be 1", "-"},
    {"", "window_days", "how many days the figures were averaged over", "-"},
    {"", "plan", "free | paid (default paid)", "Dashboard > Workers & Pages > Plans"},
    {"", "growth_pct_per_month", "expected traffic growth, percent per month", "your own forecast"},
    {"", "obtained", "how the figures were obtained: measured | hand-typed | estimated (default hand-typed)", "-"},

    {"worker", "requests_per_day", "requests per day", "Dashboard > Workers & Pages > (Worker) > Metrics > Requests; " "GraphQL workersInvocationsAdaptive sum.requests"},
    {"worker", "cpu_ms_avg", "average CPU time per request, ms", "Dashboard > Worker > Metrics > CPU time"},
    {"worker", "cpu_ms_p50", "median CPU time per request, ms", "GraphQL workersInvocationsAdaptive quantiles.cpuTimeP50 (microseconds / 1000)"},
    {"worker", "cpu_ms_p99", "99th percentile CPU time per request, ms", "GraphQL workersInvocationsAdaptive quantiles.cpuTimeP99 (microseconds / 1000)"},
    {"worker", "wall_ms_p99", "99th percentile wall time per request, ms", "Dashboard > Worker > Metrics > Wall time; GraphQL quantiles.durationP99"},
    {"worker", "memory_mb_p99", "99th percentile isolate memory, MB", "Workers Logs / Tail: the Exceeded Memory outcome and memory usage"},
    {"worker", "subrequests_per_request_p99", "99th percentile subrequests per request", "GraphQL workersInvocationsAdaptive sum.subrequests / sum.requests (and Tail logs)"},
    {"worker", "exceeded_cpu_per_day", "requests ended by the CPU limit per day", "Dashboard > Worker > Metrics > Invocation statuses: Exceeded CPU"},
    {"worker", "exceeded_memory_per_day", "requests ended by the memory limit per day", "Dashboard > Worker > Metrics > Invocation statuses: Exceeded Memory"},
    {"worker", "edge_cache_hit_ratio", "share of requests answered from the edge cache", "Dashboard > Caching > Overview (cache hit ratio of the Worker's routes)", true},

    {"kv", "reads_per_day", "reads per day", kKvGql},
    {"kv", "writes_per_day", "writes per day", kKvGql},
    {"kv", "deletes_per_day", "deletes per day", kKvGql},
    {"kv", "lists_per_day", "list operations per day", kKvGql},
    {"kv", "hottest_key_writes_per_sec", "peak writes per second to the single busiest key", "your logs or Workers Analytics Engine: count writes per key per second"},
    {"kv", "read_latency_p95_ms", "95th percentile read latency, ms", "GraphQL kvOperationsAdaptiveGroups quantiles.latencyMsP90/P99"},
    // Two caches, two keys: what KV's own edge cache serves, and what an
    // application cache kept in KV finds. cache_hit_ratio meant either.
    {"kv", "edge_cache_hit_ratio", "share of get() calls KV answered from its edge cache (cache_status HIT)",
     "Workers traces: kv_get spans, attribute cloudflare.kv.response.cache_status (HIT / all); not in GraphQL", true},
    {"kv", "app_cache_hit_ratio", "share of lookups in an application cache kept in this namespace that found an entry",
     "your code's own count: get() calls that returned a value / all get() calls (Cloudflare does not report it)", true},
    {"kv", "storage_gb", "stored data, GB", "GraphQL kvStorageAdaptiveGroups max.byteCount; Dashboard > KV > namespace", false},

    {"d1", "read_queries_per_day", "read queries per day", "Dashboard > D1 > database > Metrics; " "GraphQL d1AnalyticsAdaptiveGroups sum.readQueries"},
    {"d1", "write_queries_per_day", "write queries per day", "GraphQL d1AnalyticsAdaptiveGroups sum.writeQueries"},
    {"d1", "rows_read_per_day", "rows read per day (billed)", "GraphQL d1AnalyticsAdaptiveGroups sum.rowsRead"},
    {"d1", "rows_written_per_day", "rows written per day (billed)", "GraphQL d1AnalyticsAdaptiveGroups sum.rowsWritten"},
    {"d1", "read_latency_p95_ms", "95th percentile read query latency, ms", "Dashboard > D1 > database > Metrics > Query latency; " "GraphQL quantiles.queryBatchTimeMsP90"},
    {"d1", "write_latency_p95_ms", "95th percentile write query latency, ms", "Dashboard > D1 > database > Metrics > Query latency"},
    {"d1", "queries_per_sec_peak", "peak queries per second", "GraphQL d1AnalyticsAdaptiveGroups by datetimeMinute: max of (readQueries + writeQueries) / 60"},
    {"d1", "query_time_avg_ms", "average time a query runs in the database, ms", "wrangler d1 insights; GraphQL d1QueriesAdaptiveGroups"},
    {"d1", "overloaded_errors_per_day", "\"D1 overloaded\" errors per day", "Workers Logs: errors containing \"overloaded\""},
    {"d1", "storage_gb", "database size, GB", "Dashboard > D1 > database; GraphQL d1StorageAdaptiveGroups max.databaseSizeBytes"},
    {"d1", "storage_growth_gb_per_month", "growth of the database size, GB per month", "d1StorageAdaptiveGroups over 30 days: last - first"},

    {"r2", "class_a_per_day", "Class A (write, list) operations per day", kR2Gql},
    {"r2", "class_b_per_day", "Class B (read) operations per day", kR2Gql},
    {"r2", "storage_gb", "stored data, GB", "GraphQL r2StorageAdaptiveGroups max.payloadSize; Dashboard > R2 > bucket"},
    {"r2", "object_size_mb_p95", "95th percentile object size, MB", "GraphQL r2StorageAdaptiveGroups, or your upload logs"},
    {"r2", "upload_latency_p95_ms", "95th percentile upload time, ms", "your logs: duration of put() / the upload request"},

    {"queues", "messages_per_day", "messages sent per day", "Dashboard > Queues > queue > Metrics; " "GraphQL queueMessageOperationsAdaptiveGroups (WriteMessage)"},
    {"queues", "message_kb_avg", "average message size, KB", "GraphQL queueMessageOperationsAdaptiveGroups sum.bytes / count"},
    {"queues", "backlog_messages", "messages waiting (backlog)", "GraphQL queueBacklogAdaptiveGroups avg.messages; Dashboard > Queues > Backlog"},
    {"queues", "oldest_message_age_s", "age of the oldest unconsumed message, s (consumer lag)", "GraphQL queueMessageOperationsAdaptiveGroups avg.lagTime"},
    {"queues", "retries_per_day", "message retries per day", "GraphQL queueMessageOperationsAdaptiveGroups avg.retryCount"},

    {"durable_objects", "requests_per_day", "HTTP, RPC and alarm requests per day (without incoming WebSocket messages)", kDoGql},
    {"durable_objects", "websocket_messages_per_day", "incoming WebSocket messages per day (billed as requests at 20:1)",
     "GraphQL durableObjectsPeriodicGroups sum.inboundWebsocketMsgCount"},
    {"durable_objects", "objects_active_per_day", "distinct objects that ran per day (1: a single global object)",
     "GraphQL durableObjectsInvocationsAdaptiveGroups by objectId: the number of groups"},
    {"durable_objects", "requests_per_sec_peak_per_object", "peak requests per second to the busiest single object", "GraphQL durableObjectsInvocationsAdaptiveGroups by objectId and datetimeMinute"},
    {"durable_objects", "duration_gb_s_per_day", "duration, GB-s per day (billed at 128 MB)", "GraphQL durableObjectsPeriodicGroups"},
    {"durable_objects", "storage_gb", "stored data, GB", "GraphQL durableObjectsStorageGroups max.storedBytes"},

    {"analytics_engine", "data_points_per_day", "data points written per day (each writeDataPoint() is one)", "your code's count of writeDataPoint() calls (Analytics Engine has no usage dataset in GraphQL)"},
    {"analytics_engine", "queries_per_day", "SQL API queries per day against the dataset", "your dashboards' and jobs' query counts (each SQL API POST is one query)"},
};

}  // namespace

std::span<const KeySpec> key_specs() { return kKeys; }

}  // namespace cfscale::metrics
