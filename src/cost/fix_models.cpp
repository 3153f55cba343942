#include "cost/fix_models.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/text.h"
#include "cost/bill.h"

namespace cfscale::cost {
namespace {

std::optional<double> metric(const FixInput& in, std::string_view section, std::string_view key) {
  if (!in.binding) return std::nullopt;
  const auto* v = in.metrics.find(section, *in.binding, key);
  return v ? std::optional<double>(v->value) : std::nullopt;
}

FixCost unknown(std::string why) { return FixCost{std::nullopt, std::move(why), std::nullopt}; }

FixCost priced(const FixInput& in, const Usage& after, std::string basis) {
  double d = bill_delta(in.usage, after, in.pricing, in.plan);
  return FixCost{std::round(d * 100) / 100, std::move(basis), std::nullopt};
}

double days(const FixInput& in) { return in.pricing.month_days; }

// The usage a model changes: only the monthly amounts count for the bill,
// so the arithmetic text of every item is not copied.
Usage usage_to_change(const FixInput& in) {
  Usage u;
  u.monthly = in.usage.monthly;
  return u;
}

// A read-through KV cache in front of a D1 database: every read checks KV;
// hits (the assumed ratio) no longer read D1; misses write the entry to KV.
FixCost kv_cache_for_d1(const FixInput& in) {
  auto reads = metric(in, "d1", "read_queries_per_day");
  auto rows = metric(in, "d1", "rows_read_per_day");
  if (!reads || !rows) return unknown(fmt::format("needs d1.{0}.read_queries_per_day and d1.{0}.rows_read_per_day", in.binding.value_or("?")));
  double h = in.cache_hit_ratio;
  Usage after = usage_to_change(in);
  double kv_reads = *reads * days(in), kv_writes = *reads * (1 - h) * days(in), rows_saved = *rows * h * days(in);
  add(after, "kv.reads", kv_reads, "cache lookups");
  add(after, "kv.writes", kv_writes, "cache fills on misses");
  add(after, "d1.rows_read", -rows_saved, "rows no longer read");
  return priced(in, after,
                fmt::format("assumes a {} hit ratio: +{} KV reads and +{} KV writes a month (one read per query, a write "
                            "per miss), -{} D1 rows read a month",
                            format_number(h), format_number(kv_reads), format_number(kv_writes), format_number(rows_saved)));
}

// A hot KV counter moved into a Durable Object: its writes become DO
// requests, each billed ~10 ms of duration at 128 MB.
FixCost kv_counter_to_do(const FixInput& in) {
  auto hot = metric(in, "kv", "hottest_key_writes_per_sec");
  auto writes = metric(in, "kv", "writes_per_day");
  if (!hot) return unknown(fmt::format("needs kv.{}.hottest_key_writes_per_sec", in.binding.value_or("?")));
  double per_day = *hot * 86400;
  if (writes) per_day = std::min(per_day, *writes);
  double month = per_day * days(in);
  double gb_s = month * 0.010 * 0.128;
  Usage after = usage_to_change(in);
  add(after, "kv.writes", -month, "hot key writes moved to a Durable Object");
  add(after, "durable_objects.requests", month, "one request per former KV write");
  add(after, "durable_objects.duration", gb_s, "10 ms per request at 128 MB");
  return priced(in, after,
                fmt::format("moves the hot key's {} writes a month ({} /s) from KV to Durable Object requests, assuming 10 ms "
                            "of duration each at 128 MB ({} GB-s)",
                            format_number(month), format_number(*hot), format_number(gb_s)));
}

// Half of a D1 database archived to R2 (same size, written once).
FixCost archive_d1_to_r2(const FixInput& in) {
  auto gb = metric(in, "d1", "storage_gb");
  if (!gb) return unknown(fmt::format("needs d1.{}.storage_gb", in.binding.value_or("?")));
  double moved = *gb * 0.5;
  Usage after = usage_to_change(in);
  add(after, "d1.storage", -moved, "archived rows");
  add(after, "r2.storage", moved, "the archive");
  add(after, "r2.class_a", 1000, "archive uploads");
  return priced(in, after,
                fmt::format("assumes half the database ({} GB) is archived: D1 storage at $0.75/GB-month becomes R2 storage "
                            "at $0.015/GB-month, uploaded in about 1,000 objects",
                            format_number(moved)));
}

// A cache whose entries are mostly never read: the writes of entries that
// are never hit are saved.
FixCost trim_unused_cache(const FixInput& in) {
  auto writes = metric(in, "kv", "writes_per_day");
  auto hit = metric(in, "kv", "app_cache_hit_ratio");
  if (!writes || !hit) return unknown(fmt::format("needs kv.{0}.writes_per_day and kv.{0}.app_cache_hit_ratio", in.binding.value_or("?")));
  double saved = *writes * (1 - *hit) * days(in);
  Usage after = usage_to_change(in);
  add(after, "kv.writes", -saved, "entries that are never read, no longer written");
  return priced(in, after,
                fmt::format("saves the writes of entries never read: {} writes/day x (1 - {} hit ratio) x {} days = {} a month",
                            format_number(*writes), format_number(*hit), format_number(days(in)), format_number(saved)));
}

// Writing only what changes: a namespace written more than read keeps one
// write per read at most.
FixCost write_only_changes(const FixInput& in) {
  auto writes = metric(in, "kv", "writes_per_day");
  auto reads = metric(in, "kv", "reads_per_day");
  if (!writes || !reads) return unknown(fmt::format("needs kv.{0}.writes_per_day and kv.{0}.reads_per_day", in.binding.value_or("?")));
  double saved = std::max(0.0, *writes - *reads) * days(in);
  Usage after = usage_to_change(in);
  add(after, "kv.writes", -saved, "writes beyond one per read");
  return priced(in, after,
                fmt::format("assumes at most one write per read remains: {} writes a month saved", format_number(saved)));
}

// Indexes bring rows read per query down (assumed: 10 rows per read query).
FixCost add_indexes(const FixInput& in) {
  auto rows = metric(in, "d1", "rows_read_per_day");
  auto reads = metric(in, "d1", "read_queries_per_day");
  if (!rows || !reads) return unknown(fmt::format("needs d1.{0}.rows_read_per_day and d1.{0}.read_queries_per_day", in.binding.value_or("?")));
  double target = *reads * 10;
  double saved = std::max(0.0, *rows - target) * days(in);
  Usage after = usage_to_change(in);
  add(after, "d1.rows_read", -saved, "index lookups instead of scans");
  return priced(in, after,
                fmt::format("assumes indexed queries read about 10 rows each: {} rows read a month saved",
                            format_number(saved)));
}

// Bigger consumer batches: one Worker invocation per batch of 100.
FixCost larger_batches(const FixInput& in) {
  auto msgs = metric(in, "queues", "messages_per_day");
  if (!msgs) return unknown(fmt::format("needs queues.{}.messages_per_day", in.binding.value_or("?")));
  double size = 10;
  for (const auto& c : in.worker.queue_consumers)
    if (in.binding && c.queue == *in.binding && c.max_batch_size) size = *c.max_batch_size;
  double saved = (*msgs / size - *msgs / 100) * days(in);
  if (saved <= 0) return FixCost{0, "batches are already at the maximum of 100", std::nullopt};
  Usage after = usage_to_change(in);
  add(after, "workers.requests", -saved, "fewer consumer invocations");
  return priced(in, after,
                fmt::format("consumer invocations are billed as Worker requests: {} messages/day in batches of 100 instead of "
                            "{} saves {} requests a month (CPU per message unchanged)",
                            format_number(*msgs), format_number(size), format_number(saved)));
}

// The Cache API in front of KV reads: a hit is answered by the data
// center's cache, which has no per-operation price; a miss still reads KV.
FixCost cache_api_for_kv(const FixInput& in) {
  auto reads = metric(in, "kv", "reads_per_day");
  if (!reads) return unknown(fmt::format("needs kv.{}.reads_per_day", in.binding.value_or("?")));
  double h = in.cache_hit_ratio;
  double saved = *reads * h * days(in);
  Usage after = usage_to_change(in);
  add(after, "kv.reads", -saved, "reads answered by the Cache API");
  return priced(in, after,
                fmt::format("assumes a {} hit ratio: {} KV reads a month answered by the Cache API (no per-operation price; "
                            "cache calls are subrequests, which are not billed)",
                            format_number(h), format_number(saved)));
}

// A namespace used as a work queue moved to Queues: each item becomes one
// message (3 operations per 64 KB: write, read, delete) instead of a KV
// write, delete and the lists that look for work.
FixCost kv_to_queue(const FixInput& in) {
  auto writes = metric(in, "kv", "writes_per_day");
  if (!writes) return unknown(fmt::format("needs kv.{}.writes_per_day", in.binding.value_or("?")));
  double deletes = metric(in, "kv", "deletes_per_day").value_or(0), lists = metric(in, "kv", "lists_per_day").value_or(0);
  Usage after = usage_to_change(in);
  double month = *writes * days(in);
  add(after, "kv.writes", -month, "items become queue messages");
  add(after, "kv.deletes", -deletes * days(in), "a consumed message needs no delete");
  add(after, "kv.lists", -lists * days(in), "the consumer is invoked with work; nothing lists for it");
  add(after, "queues.operations", month * 3, "3 operations per message");
  return priced(in, after,
                fmt::format("{} items a month as queue messages at 3 operations each ({} operations), instead of {} KV writes, "
                            "{} deletes and {} lists a month (messages under 64 KB assumed)",
                            format_number(month), format_number(month * 3), format_number(month),
                            format_number(deletes * days(in)), format_number(lists * days(in))));
}

// Durable Objects that hibernate between WebSocket messages (or wake on
// alarms) are not billed for idle time. How much of the duration is idle is
// not in the metrics, so the saving is a bound, not an estimate.
FixCost do_hibernation(const FixInput& in) {
  auto gb_s = metric(in, "durable_objects", "duration_gb_s_per_day");
  if (!gb_s) return unknown(fmt::format("needs durable_objects.{}.duration_gb_s_per_day", in.binding.value_or("?")));
  Usage after = usage_to_change(in);
  add(after, "durable_objects.duration", -*gb_s * days(in), "no idle duration");
  double bound = std::round(bill_delta(in.usage, after, in.pricing, in.plan) * 100) / 100;
  FixCost out = unknown(fmt::format("saves up to {} a month (all of this namespace's {} GB-s a month) if the objects are idle most "
                             "of the time they are billed; how much is idle is not measured: compare "
                             "durableObjectsPeriodicGroups activeTime with duration",
                             format_money(-bound), format_number(*gb_s * days(in))));
  out.bound_usd = bound;
  return out;
}

// Fewer R2 writes: small records packed 10 to an object, or a snapshot saved
// a tenth as often; Class A operations fall tenfold.
FixCost pack_r2_writes(const FixInput& in) {
  auto ops = metric(in, "r2", "class_a_per_day");
  if (!ops) return unknown(fmt::format("needs r2.{}.class_a_per_day", in.binding.value_or("?")));
  double saved = *ops * 0.9 * days(in);
  Usage after = usage_to_change(in);
  add(after, "r2.class_a", -saved, "a tenth of the writes");
  return priced(in, after,
                fmt::format("assumes a tenth of the writes remain (10 records per object, or a snapshot saved a tenth as "
                            "often): {} Class A operations a month saved",
                            format_number(saved)));
}

// Several events per queue message: an operation is per 64 KB, not per
// event, so packing events that fit cuts operations by the packing factor.
FixCost pack_queue_messages(const FixInput& in) {
  auto msgs = metric(in, "queues", "messages_per_day");
  if (!msgs) return unknown(fmt::format("needs queues.{}.messages_per_day", in.binding.value_or("?")));
  double kb = metric(in, "queues", "message_kb_avg").value_or(1);
  double per_message = std::clamp(std::floor(64.0 / (kb + 0.1)), 1.0, 10.0);
  if (per_message <= 1) return FixCost{0, "messages already fill a 64 KB operation", std::nullopt};
  double retries = metric(in, "queues", "retries_per_day").value_or(0);
  double before = (*msgs * 3 + retries) * days(in);
  double saved = before * (1 - 1 / per_message);
  Usage after = usage_to_change(in);
  add(after, "queues.operations", -saved, "events packed per message");
  return priced(in, after,
                fmt::format("{} events of {} KB per message (at most 10, within 64 KB): {} of {} operations a month saved",
                            format_number(per_message), format_number(kb), format_number(saved), format_number(before)));
}

FixCost no_change(const FixInput&) {
  return FixCost{0, "a configuration change: no effect on the bill", std::nullopt};
}

const FixModel kModels[] = {
    {"kv-cache-for-d1", "a read-through KV cache in front of a D1 database", kv_cache_for_d1},
    {"kv-counter-to-do", "a hot KV key moved into a Durable Object", kv_counter_to_do},
    {"archive-d1-to-r2", "old D1 rows archived to R2", archive_d1_to_r2},
    {"trim-unused-cache", "caching only entries that are read again", trim_unused_cache},
    {"write-only-changes", "writing KV only when a value changed", write_only_changes},
    {"add-indexes", "indexes instead of table scans", add_indexes},
    {"larger-batches", "queue batches of 100", larger_batches},
    {"cache-api-for-kv", "the Cache API in front of KV reads", cache_api_for_kv},
    {"kv-to-queue", "a KV namespace used as a work queue moved to Queues", kv_to_queue},
    {"do-hibernation", "Durable Objects that hibernate instead of staying active while idle", do_hibernation},
    {"pack-r2-writes", "small R2 objects packed into larger ones", pack_r2_writes},
    {"pack-queue-messages", "several events per queue message", pack_queue_messages},
    {"no-change", "a configuration change that costs nothing", no_change},
};

}  // namespace

std::span<const FixModel> fix_models() { return kModels; }

const FixModel* find_fix_model(std::string_view name) {
  for (const auto& m : kModels)
    if (m.name == name) return &m;
  return nullptr;
}

double bill_delta(const Usage& before, const Usage& after, const Pricing& p, metrics::Plan plan) {
  return bill_total(after, p, plan) - bill_total(before, p, plan);
}

}  // namespace cfscale::cost
