#include "metrics/keys.h"

namespace cfscale::metrics {
namespace {


const KeySpec kKeys[] = {
    {"", "format", "metrics file format; must be 1", "-"},
    {"", "window_days", "how many days the figures were averaged over", "-"},
    {"", "plan", "free | paid (default paid)", "Dashboard > Workers & Pages > Plans"},
    {"", "growth_pct_per_month", "expected traffic growth, percent per month", "your own forecast"},
    {"", "obtained", "how the figures were obtained: measured | hand-typed | estimated (default hand-typed)", "-"},
    {"", "measured", "the keys cfscale metrics import or pull measured (a list); they are replaced by the next import", "-"},
    {"", "estimates", "the measured keys that are approximations (a list); a finding resting on one says so", "-"},

    {"worker", "requests_per_day", "requests per day", "GraphQL workersInvocationsAdaptive sum.requests / window days (every invocation type); Dashboard > Workers & Pages > (Worker) > Metrics > Requests"},
    {"worker", "cpu_ms_avg", "average CPU time per request, ms", "GraphQL workersInvocationsAdaptive sum.cpuTimeUs / sum.requests / 1000 (a count ratio, not an average of averages)"},
    {"worker", "cpu_ms_p50", "median CPU time per request, ms", "GraphQL workersInvocationsAdaptive quantiles.cpuTimeP50 (microseconds / 1000), one group over the whole window"},
    {"worker", "cpu_ms_p99", "99th percentile CPU time per request, ms", "GraphQL workersInvocationsAdaptive quantiles.cpuTimeP99 (microseconds / 1000), one group over the whole window"},
    {"worker", "wall_ms_p99", "99th percentile wall time per request, ms", "GraphQL workersInvocationsAdaptive quantiles.wallTimeP99 (microseconds / 1000); not the billing duration"},
    {"worker", "memory_mb_p99", "99th percentile isolate memory, MB", "GraphQL workersInvocationsAdaptive quantiles.memoryUsageBytesP99 / 1,048,576 (data since mid-2026)"},
    {"worker", "subrequests_per_request_p99", "99th percentile subrequests per request", "no p99 in GraphQL: Workers traces, fetch and binding spans per invocation (p99); sum.subrequests / sum.requests is only the average"},
    {"worker", "exceeded_cpu_per_day", "requests ended by the CPU limit per day", "GraphQL workersInvocationsAdaptive sum.requests by dimensions.status, status exceededCpu (older data: exceededResources) / window days"},
    {"worker", "exceeded_memory_per_day", "requests ended by the memory limit per day", "GraphQL workersInvocationsAdaptive sum.requests by dimensions.status, status exceededMemory / window days"},
    {"worker", "edge_cache_hit_ratio", "share of requests answered from the edge cache", "GraphQL workersSubrequestsAdaptiveGroups sum.subrequests by cacheStatus (workersCacheRequestsAdaptiveGroups with cache.enabled): hit+stale+updating+revalidated / all but none and unknown", true},

    {"kv", "reads_per_day", "reads per day", "GraphQL kvOperationsAdaptiveGroups sum.requests, actionType read / window days"},
    {"kv", "writes_per_day", "writes per day", "GraphQL kvOperationsAdaptiveGroups sum.requests, actionType write / window days"},
    {"kv", "deletes_per_day", "deletes per day", "GraphQL kvOperationsAdaptiveGroups sum.requests, actionType delete / window days"},
    {"kv", "lists_per_day", "list operations per day", "GraphQL kvOperationsAdaptiveGroups sum.requests, actionType list / window days"},
    {"kv", "hottest_key_writes_per_sec", "peak writes per second to the single busiest key", "not in GraphQL (no key dimension): Workers traces, kv_put spans by cloudflare.kv.query.keys, busiest key-minute / 60"},
    {"kv", "read_latency_p95_ms", "95th percentile read latency, ms", "GraphQL kvOperationsAdaptiveGroups quantiles.latencyMsP90 and P99, actionType read: there is no P95; take P99 to be conservative"},
    // Two caches, two keys: what KV's own edge cache serves, and what an
    // application cache kept in KV finds. cache_hit_ratio meant either.
    {"kv", "edge_cache_hit_ratio", "share of get() calls KV answered from its edge cache (cache_status HIT)",
     "Workers traces: kv_get spans, attribute cloudflare.kv.response.cache_status (HIT / all); not in GraphQL", true},
    {"kv", "app_cache_hit_ratio", "share of lookups in an application cache kept in this namespace that found an entry",
     "your code's own count: get() calls that returned a value / all get() calls (Cloudflare does not report it)", true},
    {"kv", "storage_gb", "stored data, GB", "GraphQL kvStorageAdaptiveGroups max.byteCount (latest date) / 1e9", false},

    {"d1", "read_queries_per_day", "read queries per day", "Dashboard > D1 > database > Metrics; " "GraphQL d1AnalyticsAdaptiveGroups sum.readQueries"},
    {"d1", "write_queries_per_day", "write queries per day", "GraphQL d1AnalyticsAdaptiveGroups sum.writeQueries"},
    {"d1", "rows_read_per_day", "rows read per day (billed)", "GraphQL d1AnalyticsAdaptiveGroups sum.rowsRead"},
    {"d1", "rows_written_per_day", "rows written per day (billed)", "GraphQL d1AnalyticsAdaptiveGroups sum.rowsWritten"},
    {"d1", "read_latency_p95_ms", "95th percentile read query latency, ms", "GraphQL d1QueriesAdaptiveGroups quantiles.queryDurationMsP95 over the read queries (d1AnalyticsAdaptiveGroups has only queryBatchTimeMsP90, not split by read and write)"},
    {"d1", "write_latency_p95_ms", "95th percentile write query latency, ms", "GraphQL d1QueriesAdaptiveGroups quantiles.queryDurationMsP95 over the write queries"},
    {"d1", "queries_per_sec_peak", "peak queries per second", "GraphQL d1AnalyticsAdaptiveGroups by datetimeMinute: max of (readQueries + writeQueries) / 60"},
    {"d1", "query_time_avg_ms", "average time a query runs in the database, ms", "GraphQL d1QueriesAdaptiveGroups sum.queryDurationMs / count (per query, server-side)"},
    {"d1", "overloaded_errors_per_day", "\"D1 overloaded\" errors per day", "Workers Logs: errors containing \"D1 DB is overloaded\" / days (not reliably in GraphQL)"},
    {"d1", "storage_gb", "database size, GB", "GraphQL d1StorageAdaptiveGroups max.databaseSizeBytes (latest date) / 1e9; wrangler d1 info"},
    {"d1", "storage_growth_gb_per_month", "growth of the database size, GB per month", "GraphQL d1StorageAdaptiveGroups daily max.databaseSizeBytes: slope in GB a day x 30.44"},

    {"r2", "class_a_per_day", "Class A (write, list) operations per day", "GraphQL r2OperationsAdaptiveGroups sum.requests of the Class A actionTypes (PutObject, ListObjects, CopyObject, multipart, ...) / window days"},
    {"r2", "class_b_per_day", "Class B (read) operations per day", "GraphQL r2OperationsAdaptiveGroups sum.requests of the Class B actionTypes (GetObject, HeadObject, ...) / window days"},
    {"r2", "storage_gb", "stored data, GB", "GraphQL r2StorageAdaptiveGroups max.payloadSize + max.metadataSize (latest) / 1e9"},
    {"r2", "object_size_mb_p95", "95th percentile object size, MB", "no quantile in GraphQL: Workers traces r2_put cloudflare.r2.request.size (p95), or a bucket listing; payloadSize / objectCount is only the mean"},
    {"r2", "upload_latency_p95_ms", "95th percentile upload time, ms", "not in GraphQL: Workers traces, r2_put span duration (p95)"},

    {"queues", "messages_per_day", "messages sent per day", "GraphQL queueMessageOperationsAdaptiveGroups count, actionType WriteMessage / window days"},
    {"queues", "message_kb_avg", "average message size, KB", "GraphQL queueMessageOperationsAdaptiveGroups sum.bytes / count on the WriteMessage rows only, / 1024"},
    {"queues", "backlog_messages", "messages waiting (backlog)", "GraphQL queueBacklogAdaptiveGroups avg.messages (latest hour); REST queues/{id}/metrics backlog_count"},
    {"queues", "oldest_message_age_s", "age of the oldest unconsumed message, s (consumer lag)", "REST GET accounts/{account}/queues/{queue}/metrics: now - oldest_message_timestamp_ms; GraphQL avg.lagTime is only a proxy"},
    {"queues", "retries_per_day", "message retries per day", "GraphQL queueMessageOperationsAdaptiveGroups sum of avg.retryCount x count on ReadMessage rows / window days"},

    {"durable_objects", "requests_per_day", "HTTP, RPC and alarm requests per day (without incoming WebSocket messages)", "GraphQL durableObjectsInvocationsAdaptiveGroups sum.requests / window days"},
    {"durable_objects", "websocket_messages_per_day", "incoming WebSocket messages per day (billed as requests at 20:1)",
     "GraphQL durableObjectsPeriodicGroups sum.inboundWebsocketMsgCount"},
    {"durable_objects", "objects_active_per_day", "distinct objects that ran per day (1: a single global object)",
     "GraphQL durableObjectsInvocationsAdaptiveGroups by objectId: the number of groups"},
    {"durable_objects", "requests_per_sec_peak_per_object", "peak requests per second to the busiest single object", "GraphQL durableObjectsInvocationsAdaptiveGroups sum.requests by objectId and datetimeMinute, busiest row / 60"},
    {"durable_objects", "duration_gb_s_per_day", "duration, GB-s per day (billed at 128 MB)", "GraphQL durableObjectsPeriodicGroups sum.duration (GB-s) / window days"},
    {"durable_objects", "storage_gb", "stored data, GB", "GraphQL durableObjectsSqlStorageGroups max.storedBytes / 1e9 (SQLite-backed classes)"},

    // Workflows: GraphQL workflowsAdaptiveGroups (dimensions workflowName,
    // instanceId, eventType, stepCount; 31 days kept). Its event names are on
    // Cloudflare's Workflows metrics page and are not in the shared reference.
    {"workflows", "instances_per_day", "Workflow instances created per day",
     "GraphQL workflowsAdaptiveGroups count of instance-queued events for the workflowName / window days; Dashboard > Workflows > (workflow) > Metrics"},
    {"workflows", "instances_per_sec_peak", "instances created in the busiest second",
     "GraphQL workflowsAdaptiveGroups, instance-queued events by datetimeMinute: busiest minute / 60 (an estimate of the busiest second)"},
    {"workflows", "running_instances_peak", "instances running at once at the busiest time (waiting instances do not count)",
     "Dashboard > Workflows > (workflow): instances Running at the busiest time; wrangler workflows instances list <name> --status running"},
    {"workflows", "steps_per_instance_max", "the most steps one instance ran",
     "GraphQL workflowsAdaptiveGroups max of the stepCount dimension for the workflowName"},
    {"workflows", "storage_gb", "instance state kept (step results and event payloads), GB", "Dashboard > Billing > Workflows storage, GB"},
    {"analytics_engine", "data_points_per_day", "data points written per day (each writeDataPoint() is one)", "your code's count of writeDataPoint() calls (Analytics Engine has no usage dataset in GraphQL)"},
    {"hyperdrive", "queries_per_day", "database queries per day through the configuration",
     "Dashboard > Hyperdrive > (configuration) > Metrics: queries / window days"},
    // Vectorize bills queried and stored vector dimensions; both follow from
    // the index's vector count, its dimensions and the queries made.
    {"vectorize", "stored_vectors", "vectors stored in the index",
     "wrangler vectorize info <index>: vectorCount; Dashboard > Vectorize > (index)"},
    {"vectorize", "dimensions", "dimensions per vector (fixed when the index is created)",
     "wrangler vectorize get <index>: config.dimensions"},
    {"vectorize", "queries_per_day", "queries against the index per day",
     "Dashboard > Vectorize > (index) > Metrics: queries / window days"},
    {"ai", "neurons_per_day", "Workers AI Neurons used per day (every model's usage, converted by Cloudflare)",
     "Dashboard > AI > Workers AI: Neurons used / window days"},
    {"containers", "instances_running_peak", "instances of the container running at once at the busiest time",
     "Dashboard > Workers & Pages > Containers > (container): running instances at the busiest time; wrangler containers list"},
    {"containers", "vcpu_seconds_per_day", "vCPU-seconds billed per day",
     "Dashboard > Billing > Containers usage: vCPU-seconds / window days"},
    {"containers", "memory_gib_seconds_per_day", "memory GiB-seconds billed per day",
     "Dashboard > Billing > Containers usage: memory GiB-seconds / window days"},
    {"containers", "disk_gb_seconds_per_day", "disk GB-seconds billed per day",
     "Dashboard > Billing > Containers usage: disk GB-seconds / window days"},
    {"analytics_engine", "queries_per_day", "SQL API queries per day against the dataset", "your dashboards' and jobs' query counts (each SQL API POST is one query)"},
};

}  // namespace

std::span<const KeySpec> key_specs() { return kKeys; }

}  // namespace cfscale::metrics
