// The topic vocabulary (docs/interface.md §4) and the checklist stages.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace cfscale::engine {

inline constexpr std::string_view kBottleneckTopics[] = {
    "d1-read-latency", "d1-write-throughput", "d1-storage", "kv-read-latency", "kv-write-rate", "r2-throughput",
    "worker-memory",   "worker-cpu",          "subrequests", "queue-throughput", "do-throughput"};
inline constexpr std::string_view kAntiPatternTopics[] = {"cache-everything", "shard-too-early", "ignore-ttls", "skip-dlq",
                                                          "over-replicate"};
inline constexpr std::string_view kChecklistTopics[] = {
    "kv-cache-hot-data", "d1-indexes",         "queue-dlq",       "smart-placement",      "d1-batch-size",
    "monitor-d1",        "review-cache-hit-rate", "check-queue-lag", "analytics-engine",  "kv-key-sharding",
    "batch-efficiency",  "tiered-cache",       "read-through-cache", "d1-time-partitioning", "review-indexes",
    "multi-region",      "entity-sharding",    "do-coordination", "rate-limiting"};
// Topics beyond those (docs/interface.md §4: "more may be added"): the
// config and the tree; plan and bill; the Worker's code.
inline constexpr std::string_view kExtraTopics[] = {
    "queue-concurrency", "suppression", "shared-resource", "queue-consumers", "orphan-dlq", "external-service",
    "free-plan-quota", "do-duration", "kv-as-queue", "kv-read-cost", "dlq-backlog", "env-shares-production", "bill-line", "r2-class-a-cost",
    "kv-put-without-ttl", "floating-promise", "kv-read-modify-write", "d1-query-in-loop", "d1-row-by-row-writes",
    "d1-unindexed-query", "d1-no-sessions", "websocket-without-hibernation", "queue-per-message-ack", "r2-buffered-body",
    "unbounded-fan-out", "workflow-concurrency", "workflow-steps", "workflow-creation-rate", "container-capacity",
    "vectorize-index-size"};

inline constexpr std::string_view kStages[] = {"launch", "10k", "100k", "1m", "10m"};
inline constexpr std::string_view kKinds[] = {"bottleneck", "anti-pattern", "checklist", "limit", "config", "cost", "code"};

bool is_known_topic(std::string_view topic);
// 0..4, or nullopt for an unknown stage name.
std::optional<int> stage_index(std::string_view stage);
// The stage of a Worker from its requests per day (docs/interface.md §4).
std::string_view stage_for(double requests_per_day);

}  // namespace cfscale::engine
