#include "engine/derived.h"

#include "engine/bill_facts.h"
#include "engine/runway.h"

#include "config/instance_types.h"
#include "config/migrations.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace cfscale::engine {

// A call's metrics section is its binding's product's ("" for none).
static std::string_view section_of(const Target& t) {
  return t.type == TargetType::Call ? t.product : metrics_section(t.type);
}

std::string Context::metric_path(const Target& t, std::string_view key) const {
  std::string out = t.type == TargetType::Worker ? "worker" : std::string(section_of(t));
  if (t.type != TargetType::Worker) {
    out += '.';
    out += t.name.value_or("");
  }
  out += '.';
  out += key;
  return out;
}

// A binding's metrics section (`metrics` is set).
static const metrics::Entry* entry_of(const metrics::Metrics& metrics, const Target& t) {
  return metrics.entry(metrics_section(t.type), t.name.value_or(""));
}

const metrics::Value* Context::metric(const Target& t, std::string_view key) const {
  if (!metrics) return nullptr;
  if (t.type == TargetType::Worker) return metrics::find_key(metrics->worker, key);
  const metrics::Entry* e = t.type == TargetType::Call ? metrics->entry(section_of(t), t.name.value_or(""))
                            : t.metrics_found                ? t.metrics
                                                             : entry_of(*metrics, t);
  return e ? metrics::find_key(e->values, key) : nullptr;
}

const std::vector<Target>& Context::targets(TargetType type) const {
  auto& slot = targets_.at(static_cast<size_t>(type));
  if (!slot) {
    slot = type == TargetType::Call ? (code ? call_targets(code->files, worker) : std::vector<Target>{}) : targets_of(type, worker);
    if (metrics && type != TargetType::Worker && type != TargetType::Call)
      for (auto& t : *slot) {
        t.metrics = entry_of(*metrics, t);
        t.metrics_found = true;
      }
  }
  return *slot;
}

const config::D1Schema* Context::d1_schema(const config::D1Database& db) const {
  auto it = schemas_.find(db.binding);
  if (it == schemas_.end()) it = schemas_.emplace(db.binding, config::read_d1_schema(worker.file, db.migrations_dir, input_diags, db.migrations_pattern)).first;
  return it->second ? &*it->second : nullptr;
}

namespace {

using Missing = std::vector<std::string>;

std::optional<double> m(const Context& c, const Target& t, std::string_view key, Missing& missing, Why* why) {
  return metric_input(c, t, key, missing, why);
}

Val ratio(std::optional<double> num, std::optional<double> den) {
  if (!num || !den) return Val::unknown();
  if (*den <= 0) return Val::number(0);
  return Val::number(*num / *den);
}

// A limit of rules/limits.yaml for the plan (recorded as an input with `why`).
std::optional<double> lim(const Context& c, std::string_view name, Why* why) {
  auto v = c.limits.limit(name, c.plan);
  if (why && v)
    if (auto origin = c.limits.limit_origin(name)) why->inputs.push_back(DerivedInput{"limit." + std::string(name), *v, *origin});
  return v;
}

// The busiest second of a daily count: daily averages hide peaks, and a
// peak-to-average factor of 3 is assumed wherever only the day is measured.
double peak_per_sec(double per_day) { return per_day / 86400.0 * 3.0; }

// A limit the config may set, else the plan's (`limit` in rules/limits.yaml,
// `fallback` when it has no figure for the plan); with `why`, the configured
// value is recorded as an input at `pos` under `input`.
double configured_else_plan(const Context& c, std::optional<double> configured, std::string_view input, Pos pos,
                            std::string_view limit, double fallback, Why* why) {
  if (configured) {
    if (why) why->inputs.push_back(DerivedInput{std::string(input), *configured, Origin{"config", c.worker.file, pos, "configured"}});
    return *configured;
  }
  return lim(c, limit, why).value_or(fallback);
}

// --- Worker ---------------------------------------------------------------

// A per-request limit the config may set (`limits.<key>`), else the plan's
// (`limit` in rules/limits.yaml), and the p99 metric measured against it.
struct ConfiguredLimit {
  config::OptNum config::Limits::*member;
  std::string_view key;     // "cpu_ms": limits.cpu_ms in the config
  std::string_view limit;   // the plan's, in rules/limits.yaml
  double fallback;          // when limits.yaml has no figure for the plan
  std::string_view what;    // "default CPU limit, "
  std::string_view unit;    // " ms"
  std::string_view metric;  // "cpu_ms_p99"
  std::string_view metric_unit;
};

constexpr ConfiguredLimit kCpu{&config::Limits::cpu_ms, "cpu_ms", "worker_cpu_ms_default", 30000, "default CPU limit, ", " ms",
                               "cpu_ms_p99", " ms"};
constexpr ConfiguredLimit kSubrequests{&config::Limits::subrequests, "subrequests", "subrequests_per_request", 10000, "limit, ",
                                       " per request", "subrequests_per_request_p99", ""};

// The limit; with `why`, recorded as an input and described in `described`
// as "limits.cpu_ms = 50" or "the <plan> plan's <what><value><unit>".
double configured_or_plan(const Context& c, const ConfiguredLimit& l, Why* why, std::string& described) {
  const auto& w = c.worker;
  std::optional<double> configured;
  if (w.limits) configured = (*w.limits).*l.member;
  double v = configured_else_plan(c, configured, fmt::format("config.limits.{}", l.key), w.limits ? w.limits->pos : Pos{}, l.limit,
                                  l.fallback, why);
  if (why)
    described = configured ? fmt::format("limits.{} = {}", l.key, format_number(v))
                           : fmt::format("the {} plan's {}{}{}", metrics::to_string(c.plan), l.what, format_number(v), l.unit);
  return v;
}

template <const ConfiguredLimit& L>
Val limit_value(const Context& c, const Target&, Why* why, Missing&) {
  std::string described;
  double v = configured_or_plan(c, L, why, described);
  if (why) why->basis = described;
  return Val::number(v);
}

template <const ConfiguredLimit& L>
Val limit_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto p99 = m(c, t, L.metric, missing, why);
  std::string described;
  double limit = configured_or_plan(c, L, why, described);
  if (why && p99) why->basis = fmt::format("worker.{} {}{} / {}", L.metric, format_number(*p99), L.metric_unit, described);
  return ratio(p99, limit);
}

Val memory_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto p99 = m(c, t, "memory_mb_p99", missing, why);
  auto limit = lim(c, "worker_memory_mb", why);
  if (why && p99 && limit) why->basis = fmt::format("worker.memory_mb_p99 {} MB / {} MB per isolate", format_number(*p99), format_number(*limit));
  return ratio(p99, limit);
}

template <class V>
Val count(const Context&, const V& v, const char* what, Why* why) {
  if (why) why->basis = fmt::format("{} {} in the config", v.size(), what);
  return Val::number(static_cast<double>(v.size()));
}

Val d1_count(const Context& c, const Target&, Why* b, Missing&) { return count(c, c.worker.d1_databases, "D1 bindings", b); }
Val kv_count(const Context& c, const Target&, Why* b, Missing&) { return count(c, c.worker.kv_namespaces, "KV bindings", b); }
Val consumer_count(const Context& c, const Target&, Why* b, Missing&) { return count(c, c.worker.queue_consumers, "queue consumers", b); }
Val do_count(const Context& c, const Target&, Why* b, Missing&) { return count(c, c.worker.durable_objects, "Durable Object bindings", b); }
Val ae_count(const Context& c, const Target&, Why* b, Missing&) {
  return count(c, c.worker.analytics_engine_datasets, "Analytics Engine datasets", b);
}
Val ratelimit_count(const Context& c, const Target&, Why* b, Missing&) { return count(c, c.worker.ratelimits, "rate limiting bindings", b); }

Val backend_count(const Context& c, const Target&, Why* why, Missing&) {
  const auto& w = c.worker;
  size_t n = w.d1_databases.size() + w.hyperdrive.size() + w.services.size();
  if (why) why->basis = fmt::format("{} D1, {} Hyperdrive and {} service bindings", w.d1_databases.size(), w.hyperdrive.size(), w.services.size());
  return Val::number(static_cast<double>(n));
}

Val placement_set(const Context& c, const Target&, Why* why, Missing&) {
  const auto& p = c.worker.placement;
  bool set = p && ((p->mode && *p->mode == "smart") || p->region || p->host || p->hostname);
  if (why) why->basis = set ? "placement is smart or explicit" : "no placement (the Worker runs nearest each user)";
  return Val::boolean(set);
}

Val plan_name(const Context& c, const Target&, Why* why, Missing&) {
  if (why) why->basis = c.metrics ? "the metrics file's plan (or the settings')" : "no metrics file: the Paid plan is assumed (or the settings' plan)";
  return Val::string(std::string(metrics::to_string(c.plan)));
}

// KV namespaces shown to be used as a cache: their app_cache_hit_ratio is
// measured (a binding alone is not a cache).
Val kv_app_cache_count(const Context& c, const Target&, Why* why, Missing&) {
  size_t n = 0;
  std::vector<std::string> names;
  for (const auto& kv : c.targets(TargetType::Kv))
    if (c.metric(kv, "app_cache_hit_ratio")) {
      ++n;
      if (why) names.push_back(*kv.name);
    }
  if (why) why->basis = n ? fmt::format("app_cache_hit_ratio measured for {}", fmt::join(names, ", ")) : "no KV namespace has an app_cache_hit_ratio";
  return Val::number(static_cast<double>(n));
}

// D1 databases read more than threshold.d1_read_heavy_per_day; unknown
// while any has no read_queries_per_day.
Val d1_read_heavy_count(const Context& c, const Target&, Why* why, Missing& missing) {
  double limit = c.limits.threshold("d1_read_heavy_per_day").value_or(1e6);
  size_t n = 0;
  bool known = true;
  for (const auto& db : c.targets(TargetType::D1)) {
    auto reads = m(c, db, "read_queries_per_day", missing, why);
    if (!reads) known = false;
    else if (*reads > limit) ++n;
  }
  if (!known) return Val::unknown();
  if (why) why->basis = fmt::format("{} D1 databases with more than {} read queries a day", n, format_number(limit));
  return Val::number(static_cast<double>(n));
}

Val kv_hot_key_max(const Context& c, const Target&, Why* why, Missing& missing) {
  constexpr std::string_view kKey = "hottest_key_writes_per_sec";
  std::optional<double> best;
  std::string which;
  for (const auto& kv : c.targets(TargetType::Kv))
    if (auto v = m(c, kv, kKey, missing, why); v && (!best || *v > *best)) {
      best = v;
      if (why) which = c.metric_path(kv, kKey);
    }
  if (!best) return c.worker.kv_namespaces.empty() ? Val::number(0) : Val::unknown();
  if (why) why->basis = fmt::format("{} = {}", which, format_number(*best));
  return Val::number(*best);
}

// --- Per binding ------------------------------------------------------------

Val kv_write_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto hot = m(c, t, "hottest_key_writes_per_sec", missing, why);
  auto limit = lim(c, "kv_writes_per_sec_per_key", why);
  if (why && hot && limit) why->basis = fmt::format("{} {}/s / {} write per second per key", c.metric_path(t, "hottest_key_writes_per_sec"), format_number(*hot), format_number(*limit));
  return ratio(hot, limit);
}

Val kv_write_read_ratio(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto w = m(c, t, "writes_per_day", missing, why);
  auto r = m(c, t, "reads_per_day", missing, why);
  if (why && w && r) why->basis = fmt::format("{} writes / {} reads per day", format_number(*w), format_number(*r));
  if (w && r && *r <= 0) return Val::number(*w > 0 ? 1e9 : 0);
  return ratio(w, r);
}

// How often an entry written to an application cache is found again: the
// hits (reads x hit ratio) per write. Under 1, most entries are written and
// never read; hundreds means a hot cache whose misses are a latency problem.
Val kv_hits_per_write(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto r = m(c, t, "reads_per_day", missing, why);
  auto h = m(c, t, "app_cache_hit_ratio", missing, why);
  auto w = m(c, t, "writes_per_day", missing, why);
  if (!r || !h || !w) return Val::unknown();
  if (why) why->basis = fmt::format("{} reads x {} hit ratio / {} writes per day", format_number(*r), format_number(*h), format_number(*w));
  if (*w <= 0) return Val::number(*r * *h > 0 ? 1e9 : 0);
  return Val::number(*r * *h / *w);
}

const config::D1Database& d1_of(const Target& t) { return entry_of<config::D1Database>(t); }

// Where a database's migrations are read: "migrations/", or its migrations_pattern.
std::string migrations_where(const config::D1Database& db) {
  return db.migrations_pattern ? *db.migrations_pattern : db.migrations_dir.value_or("migrations") + "/";
}

Val d1_storage_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto gb = m(c, t, "storage_gb", missing, why);
  auto limit = lim(c, "d1_storage_gb", why);
  if (why && gb && limit) why->basis = fmt::format("{} {} GB / {} GB per database ({} plan)", c.metric_path(t, "storage_gb"), format_number(*gb), format_number(*limit), metrics::to_string(c.plan));
  return ratio(gb, limit);
}

Val d1_capacity_qps(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto avg = m(c, t, "query_time_avg_ms", missing, why);
  if (!avg) return Val::unknown();
  double qps = *avg > 0 ? 1000.0 / *avg : 1e9;
  if (why) why->basis = fmt::format("a D1 database runs one query at a time: 1000 ms / {} ms per query", format_number(*avg));
  return Val::number(qps);
}

Val d1_qps_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto peak = m(c, t, "queries_per_sec_peak", missing, why);
  auto avg = m(c, t, "query_time_avg_ms", missing, why);
  if (!peak || !avg) return Val::unknown();
  double capacity = *avg > 0 ? 1000.0 / *avg : 1e9;
  if (why) why->basis = fmt::format("peak {} queries/s / capacity {} queries/s (1000 ms / {} ms per query, one query at a time)",
                      format_number(*peak), format_number(capacity), format_number(*avg));
  return Val::number(*peak / capacity);
}

Val d1_rows_per_read(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto rows = m(c, t, "rows_read_per_day", missing, why);
  auto q = m(c, t, "read_queries_per_day", missing, why);
  if (why && rows && q) why->basis = fmt::format("{} rows read / {} read queries per day", format_number(*rows), format_number(*q));
  return ratio(rows, q);
}

Val d1_has_migrations(const Context& c, const Target& t, Why* why, Missing&) {
  const auto* s = c.d1_schema(d1_of(t));
  // The folder as the config names it: a report names files relative to the
  // repository root, and this text is written before it is known.
  if (why) why->basis = s ? fmt::format("{} .sql files in {} beside the config", s->files, migrations_where(d1_of(t)))
            : fmt::format("no migrations ({}) next to the config", migrations_where(d1_of(t)));
  return Val::boolean(s != nullptr);
}

Val d1_unindexed_tables(const Context& c, const Target& t, Why* why, Missing& missing) {
  const auto* s = c.d1_schema(d1_of(t));
  if (!s) { missing.push_back(fmt::format("the migrations of D1 {} ({})", *t.name, migrations_where(d1_of(t)))); return Val::unknown(); }
  auto un = s->unindexed_tables();
  std::string dir = migrations_where(d1_of(t));
  if (why) why->basis = un.empty() ? fmt::format("every table of {} beside the config has an index", dir)
                     : fmt::format("tables with no index but the primary key in {} beside the config: {}", dir, fmt::join(un, ", "));
  return Val::number(static_cast<double>(un.size()));
}

Val d1_unindexed_names(const Context& c, const Target& t, Why* why, Missing& missing) {
  const auto* s = c.d1_schema(d1_of(t));
  if (!s) { missing.push_back(fmt::format("the migrations of D1 {}", *t.name)); return Val::unknown(); }
  if (why) why->basis = migrations_where(d1_of(t)) + " beside the config";
  return Val::string(fmt::format("{}", fmt::join(s->unindexed_tables(), ", ")));
}

Val queue_throughput_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto per_day = m(c, t, "messages_per_day", missing, why);
  auto limit = lim(c, "queue_messages_per_sec", why);
  if (!per_day || !limit) return Val::unknown();
  double peak = peak_per_sec(*per_day);
  if (why) why->basis = fmt::format("{} messages/day = {} /s average, about {} /s at a 3x peak, against {} messages/s per queue",
                      format_number(*per_day), format_number(*per_day / 86400.0), format_number(peak), format_number(*limit));
  return Val::number(peak / *limit);
}

Val do_throughput_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto peak = m(c, t, "requests_per_sec_peak_per_object", missing, why);
  auto limit = lim(c, "do_requests_per_sec_per_object", why);
  if (why && peak && limit) why->basis = fmt::format("{} {} requests/s / about {} requests/s per object", c.metric_path(t, "requests_per_sec_peak_per_object"), format_number(*peak), format_number(*limit));
  return ratio(peak, limit);
}

Val consumer_batch_size(const Context&, const Target& t, Why* why, Missing&) {
  const auto& q = entry_of<config::QueueConsumer>(t);
  if (why) why->basis = q.max_batch_size ? "max_batch_size" : "max_batch_size not set: Cloudflare's default, 10";
  return Val::number(q.max_batch_size.value_or(10));
}

// --- Workflows ------------------------------------------------------------

const config::WorkflowBinding& workflow_of(const Target& t) { return entry_of<config::WorkflowBinding>(t); }

Val workflow_concurrency_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto peak = m(c, t, "running_instances_peak", missing, why);
  auto limit = lim(c, "workflow_concurrent_instances", why);
  if (why && peak && limit)
    why->basis = fmt::format("{} {} running instances / {} running instances per account (shared by every Workflow of the account)",
                             c.metric_path(t, "running_instances_peak"), format_number(*peak), format_number(*limit));
  return ratio(peak, limit);
}

// limits.steps of the entry, else the plan's default.
double workflow_steps(const Context& c, const Target& t, Why* why, std::string& described) {
  const auto& wf = workflow_of(t);
  double v = configured_else_plan(c, wf.steps_limit, fmt::format("config.workflows[{}].limits.steps", wf.binding), wf.pos,
                                  "workflow_steps_default", 10000, why);
  described = wf.steps_limit ? fmt::format("limits.steps = {}", format_number(v))
                             : fmt::format("the {} plan's default of {} steps", metrics::to_string(c.plan), format_number(v));
  return v;
}

Val workflow_steps_limit(const Context& c, const Target& t, Why* why, Missing&) {
  std::string described;
  double v = workflow_steps(c, t, why, described);
  if (why) why->basis = described;
  return Val::number(v);
}

Val workflow_steps_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto most = m(c, t, "steps_per_instance_max", missing, why);
  std::string described;
  double limit = workflow_steps(c, t, why, described);
  if (why && most) why->basis = fmt::format("{} {} steps / {}", c.metric_path(t, "steps_per_instance_max"), format_number(*most), described);
  return ratio(most, limit);
}

// The busiest second as measured; else, like queues, 3x the daily average.
Val workflow_creation_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto limit = lim(c, "workflow_creations_per_sec", why);
  if (c.metric(t, "instances_per_sec_peak")) {
    auto peak = m(c, t, "instances_per_sec_peak", missing, why);
    if (why && limit)
      why->basis = fmt::format("{} {} instances/s / {} new instances per second per Workflow", c.metric_path(t, "instances_per_sec_peak"),
                               format_number(*peak), format_number(*limit));
    return ratio(peak, limit);
  }
  auto per_day = m(c, t, "instances_per_day", missing, why);
  if (!per_day || !limit) return Val::unknown();
  double peak = peak_per_sec(*per_day);
  if (why)
    why->basis = fmt::format("{} instances/day = {} /s average, about {} /s at a 3x peak (instances_per_sec_peak not measured), against {} "
                             "new instances per second per Workflow",
                             format_number(*per_day), format_number(*per_day / 86400.0), format_number(peak), format_number(*limit));
  return Val::number(peak / *limit);
}

// --- Containers -----------------------------------------------------------

const config::ContainerApp& container_of(const Target& t) { return entry_of<config::ContainerApp>(t); }

// How many instances of this container's size the account's concurrent vCPU,
// memory and disk allow, and which of the three runs out first.
struct Capacity {
  double instances;
  std::string basis;
};

std::optional<Capacity> account_capacity(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto size = config::instance_size(container_of(t));
  if (!size) { missing.push_back(fmt::format("the size of {} (custom instance_type needs vcpu, memory_mib and disk_mb)", t.config_path)); return std::nullopt; }
  struct Part { const char* limit; double each; const char* unit; };
  const Part parts[] = {{"container_account_vcpu", size->vcpu, "vCPU"},
                        {"container_account_memory_gib", size->memory_gib, "GiB of memory"},
                        {"container_account_disk_gb", size->disk_gb, "GB of disk"}};
  std::optional<Capacity> best;
  for (const auto& p : parts) {
    auto limit = lim(c, p.limit, why);
    if (!limit) { missing.push_back(fmt::format("limit.{} on the {} plan (Containers need Workers Paid)", p.limit, metrics::to_string(c.plan))); return std::nullopt; }
    double n = std::floor(*limit / p.each);
    if (!best || n < best->instances)
      best = Capacity{n, fmt::format("the account's {} {} running at once / {} {} each ({})", format_number(*limit), p.unit,
                                     format_number(p.each), p.unit, config::describe(*size))};
  }
  return best;
}

Val container_instance_size(const Context&, const Target& t, Why* why, Missing& missing) {
  auto size = config::instance_size(container_of(t));
  if (!size) { missing.push_back(fmt::format("the size of {}", t.config_path)); return Val::unknown(); }
  if (why) why->basis = "instance_type, sized as in Cloudflare's table of instance types";
  return Val::string(config::describe(*size));
}

Val container_account_capacity(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto cap = account_capacity(c, t, why, missing);
  if (!cap) return Val::unknown();
  if (why) why->basis = cap->basis;
  return Val::number(cap->instances);
}

// max_instances, or the account's capacity when that is lower (or max_instances unset).
Val container_instance_cap(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto cap = account_capacity(c, t, why, missing);
  if (!cap) return Val::unknown();
  const auto& ct = container_of(t);
  if (ct.max_instances && *ct.max_instances <= cap->instances) {
    if (why) {
      why->inputs.push_back(DerivedInput{fmt::format("config.{}.max_instances", t.config_path), *ct.max_instances,
                                         Origin{"config", c.worker.file, ct.pos, "configured"}});
      why->basis = fmt::format("max_instances {} (the account would allow {})", format_number(*ct.max_instances), format_number(cap->instances));
    }
    return Val::number(*ct.max_instances);
  }
  if (why) why->basis = ct.max_instances ? fmt::format("{}, below max_instances {}", cap->basis, format_number(*ct.max_instances))
                                         : cap->basis + "; max_instances not set";
  return Val::number(cap->instances);
}

Val container_max_instances_over_capacity(const Context& c, const Target& t, Why* why, Missing& missing) {
  const auto& ct = container_of(t);
  auto cap = account_capacity(c, t, why, missing);
  if (!ct.max_instances) { missing.push_back(fmt::format("config {}.max_instances", t.config_path)); return Val::unknown(); }
  if (!cap) return Val::unknown();
  if (why) {
    why->inputs.push_back(DerivedInput{fmt::format("config.{}.max_instances", t.config_path), *ct.max_instances,
                                       Origin{"config", c.worker.file, ct.pos, "configured"}});
    why->basis = fmt::format("max_instances {} / {} instances ({})", format_number(*ct.max_instances), format_number(cap->instances), cap->basis);
  }
  return ratio(ct.max_instances, cap->instances);
}

Val container_running_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto peak = m(c, t, "instances_running_peak", missing, why);
  Why cap_why;
  Val cap = container_instance_cap(c, t, why ? &cap_why : nullptr, missing);
  if (!peak || !cap.is_number()) return Val::unknown();
  if (why) {
    why->inputs.insert(why->inputs.end(), cap_why.inputs.begin(), cap_why.inputs.end());
    why->basis = fmt::format("{} {} instances / {} that can run at once: {}", c.metric_path(t, "instances_running_peak"), format_number(*peak),
                             format_number(cap.num), cap_why.basis);
  }
  return ratio(peak, cap.num);
}

// --- Calls in the code -----------------------------------------------------

// The D1 query of a call, against the schema its database's migrations leave:
// true when the WHERE clause names only columns no index covers. Unknown
// when the query cannot be read (built at run time, a join) or the
// migrations do not declare its table.
Val call_unindexed_query(const Context& c, const Target& t, Why* why, Missing& missing) {
  const auto& call = entry_of<source::BindingCall>(t);
  auto db = std::find_if(c.worker.d1_databases.begin(), c.worker.d1_databases.end(),
                         [&](const config::D1Database& d) { return d.binding == call.binding; });
  if (db == c.worker.d1_databases.end() || call.sql.empty()) return Val::unknown();
  auto q = config::query_filter(call.sql);
  if (!q) return Val::unknown();
  const auto* schema = c.d1_schema(*db);
  if (!schema) { missing.push_back(fmt::format("the migrations of D1 {} ({})", call.binding, migrations_where(*db))); return Val::unknown(); }
  if (!schema->has_table(q->table) || schema->is_virtual(q->table)) return Val::unknown();
  bool any = std::any_of(q->columns.begin(), q->columns.end(), [&](const std::string& col) { return schema->indexed(q->table, col); });
  if (why)
    why->basis = fmt::format("WHERE on {} of table {}; {} in {}", fmt::join(q->columns, ", "), q->table,
                             any ? "an index or key covers one of them" : "no index, primary key or UNIQUE constraint covers them",
                             migrations_where(*db));
  return Val::boolean(!any);
}

// Every query the code makes on this database filters on an indexed column
// (or its key): its tables need no other index for the code as written.
// False when the code was not read, makes no query, or makes one whose SQL,
// WHERE or table cannot be read here; INSERTs and unfiltered reads are
// not queries an index serves.
Val d1_code_queries_indexed(const Context& c, const Target& t, Why* why, Missing&) {
  const auto& db = entry_of<config::D1Database>(t);
  const auto* schema = c.code ? c.d1_schema(db) : nullptr;
  if (!schema) {
    if (why) why->basis = c.code ? fmt::format("no migrations for {} ({})", db.binding, migrations_where(db)) : "the code was not read";
    return Val::boolean(false);
  }
  size_t filtered = 0;
  std::string open;  // the first query that leaves it open
  for (const auto& file : c.code->files)
    for (const auto& call : file.calls) {
      if (!call.api.empty() || !call.via.empty() || call.binding != db.binding || call.methods.front() != "prepare") continue;
      std::string verb = sql_verb(call.sql);
      if (verb == "insert" || verb == "replace") continue;
      auto q = call.sql.empty() ? std::nullopt : config::query_filter(call.sql);
      bool known = q && schema->has_table(q->table) && !schema->is_virtual(q->table);
      if (known && q->columns.empty()) continue;
      bool covered = known && std::any_of(q->columns.begin(), q->columns.end(), [&](const std::string& col) { return schema->indexed(q->table, col); });
      if (!covered) {
        if (open.empty()) open = fmt::format("{}:{}", file.path, call.call_pos.line);
        continue;
      }
      ++filtered;
    }
  bool all = filtered > 0 && open.empty();
  if (why)
    why->basis = all ? fmt::format("all {} filtered queries on {} in the code use an indexed column or key", filtered, db.binding)
                 : open.empty() ? fmt::format("the code makes no filtered query on {}", db.binding)
                                : fmt::format("a query no index or key of the migrations is shown to serve, at {}", open);
  return Val::boolean(all);
}

Val call_filtered_columns(const Context&, const Target& t, Why*, Missing&) {
  auto q = config::query_filter(entry_of<source::BindingCall>(t).sql);
  return q ? Val::string(fmt::format("{}", fmt::join(q->columns, ", "))) : Val::unknown();
}

Val call_query_table(const Context&, const Target& t, Why*, Missing&) {
  auto q = config::query_filter(entry_of<source::BindingCall>(t).sql);
  return q ? Val::string(q->table) : Val::unknown();
}

// The KV puts of the code, on one binding or all (direct calls only: a
// helper's are its own calls, already in the list).
template <class F>
void for_each_kv_put(const Context& c, F&& f) {
  std::map<std::string_view, bool> kv;  // binding -> a KV namespace: the config asked once per binding, not per call
  for (const auto& file : c.code->files)
    for (const auto& call : file.calls) {
      if (!call.api.empty() || !call.via.empty() || call.methods.front() != "put") continue;
      auto [it, fresh] = kv.try_emplace(call.binding);
      if (fresh) it->second = binding_product(c.worker, call.binding) == "kv";
      if (it->second) f(file, call);
    }
}

// KV namespaces the code fills read-through (get, miss, put of what came
// from elsewhere): a cache the code shows. Unknown when the code was not read.
Val code_cache_count(const Context& c, const Target&, Why* why, Missing&) {
  if (!c.code) return Val::unknown();
  std::set<std::string> names;
  std::string first;
  for_each_kv_put(c, [&](const source::FileFacts& file, const source::BindingCall& call) {
    if (!call.after_read || call.read_modify_write) return;
    if (names.insert(call.binding).second && first.empty()) first = fmt::format("{}:{}", file.path, call.call_pos.line);
  });
  if (why)
    why->basis = names.empty() ? "no put() after a get() of the same KV namespace in the code"
                               : fmt::format("the code fills {} after a get() miss (first at {})", fmt::join(names, ", "), first);
  return Val::number(static_cast<double>(names.size()));
}

// Every KV put on this namespace the code shows sets an expiry (and there is
// one): its entries expire by the writer's own choice. False when the code
// was not read, shows no put, or shows one without an expiry or with options
// it cannot see.
Val kv_expiring_writes_only(const Context& c, const Target& t, Why* why, Missing&) {
  if (!c.code) {
    if (why) why->basis = "the code was not read";
    return Val::boolean(false);
  }
  size_t puts = 0, expiring = 0;
  std::string without;
  for_each_kv_put(c, [&](const source::FileFacts& file, const source::BindingCall& call) {
    if (call.binding != *t.name) return;
    ++puts;
    if (kv_put_sets_expiry(call).value_or(false)) ++expiring;
    else if (without.empty()) without = fmt::format("{}:{}", file.path, call.call_pos.line);
  });
  if (why)
    why->basis = puts == 0          ? fmt::format("the code shows no put() on {}", *t.name)
                 : expiring == puts ? fmt::format("all {} put() calls on {} set expirationTtl or expiration", puts, *t.name)
                                    : fmt::format("{} of {} put() calls on {} set no expiry the code shows (first at {})", puts - expiring, puts,
                                                  *t.name, without);
  return Val::boolean(puts > 0 && expiring == puts);
}

// --- Vectorize ------------------------------------------------------------

Val vectorize_index_utilization(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto vectors = m(c, t, "stored_vectors", missing, why);
  auto limit = lim(c, "vectorize_vectors_per_index", why);
  if (why && vectors && limit)
    why->basis = fmt::format("{} {} vectors / {} vectors per index", c.metric_path(t, "stored_vectors"), format_number(*vectors), format_number(*limit));
  return ratio(vectors, limit);
}

const DerivedSpec kDerived[] = {
    {"cpu_limit_ms", TargetType::Worker, "the CPU limit per invocation: limits.cpu_ms, or the plan's default", limit_value<kCpu>},
    {"cpu_utilization", TargetType::Worker, "worker.cpu_ms_p99 / the CPU limit", limit_utilization<kCpu>},
    {"subrequest_limit", TargetType::Worker, "subrequests allowed per request: limits.subrequests, or the plan's limit", limit_value<kSubrequests>},
    {"subrequest_utilization", TargetType::Worker, "worker.subrequests_per_request_p99 / the subrequest limit", limit_utilization<kSubrequests>},
    {"memory_utilization", TargetType::Worker, "worker.memory_mb_p99 / 128 MB", memory_utilization},
    {"d1_count", TargetType::Worker, "number of D1 bindings", d1_count},
    {"kv_count", TargetType::Worker, "number of KV bindings", kv_count},
    {"consumer_count", TargetType::Worker, "number of queue consumers", consumer_count},
    {"durable_object_count", TargetType::Worker, "number of Durable Object bindings", do_count},
    {"analytics_engine_count", TargetType::Worker, "number of Analytics Engine datasets", ae_count},
    {"ratelimit_count", TargetType::Worker, "number of rate limiting bindings", ratelimit_count},
    {"backend_count", TargetType::Worker, "D1, Hyperdrive and service bindings (back ends Smart Placement can move towards)", backend_count},
    {"placement_set", TargetType::Worker, "true when placement is smart or explicit (region, host, hostname)", placement_set},
    {"plan", TargetType::Worker, "the Workers plan: free or paid (the metrics file's plan:, or the settings')", plan_name},
    {"kv_app_cache_count", TargetType::Worker, "KV namespaces whose app_cache_hit_ratio is measured (shown to be used as a cache)", kv_app_cache_count},
    {"d1_read_heavy_count", TargetType::Worker, "D1 databases with more read queries a day than threshold.d1_read_heavy_per_day", d1_read_heavy_count},
    {"kv_hot_key_writes_max", TargetType::Worker, "the highest hottest_key_writes_per_sec of any KV binding", kv_hot_key_max},
    {"write_utilization", TargetType::Kv, "hottest_key_writes_per_sec / the 1 write per second per key limit", kv_write_utilization},
    {"write_read_ratio", TargetType::Kv, "writes_per_day / reads_per_day", kv_write_read_ratio},
    {"app_cache_hits_per_write", TargetType::Kv, "reads_per_day x app_cache_hit_ratio / writes_per_day: how often a cached entry is found again", kv_hits_per_write},
    {"storage_utilization", TargetType::D1, "storage_gb / the per-database limit (10 GB paid, 500 MB free)", d1_storage_utilization},
    {"capacity_qps", TargetType::D1, "queries per second one database can run: 1000 / query_time_avg_ms", d1_capacity_qps},
    {"qps_utilization", TargetType::D1, "queries_per_sec_peak / capacity_qps", d1_qps_utilization},
    {"rows_per_read_query", TargetType::D1, "rows_read_per_day / read_queries_per_day (high: full scans)", d1_rows_per_read},
    {"has_migrations", TargetType::D1, "true when the database's migrations folder has .sql files", d1_has_migrations},
    {"unindexed_tables", TargetType::D1, "tables in the migrations without any CREATE INDEX", d1_unindexed_tables},
    {"unindexed_table_names", TargetType::D1, "the names of those tables", d1_unindexed_names},
    {"throughput_utilization", TargetType::Queue, "peak messages/s (3x the daily average) / 5,000 messages/s per queue", queue_throughput_utilization},
    {"batch_size", TargetType::QueueConsumer, "max_batch_size, or the default 10", consumer_batch_size},
    {"throughput_utilization", TargetType::DurableObject, "requests_per_sec_peak_per_object / about 1,000 requests/s per object", do_throughput_utilization},
    {"concurrency_utilization", TargetType::Workflow, "running_instances_peak / the account's concurrent instances (100 free, 50,000 paid)", workflow_concurrency_utilization},
    {"steps_limit", TargetType::Workflow, "steps one instance may run: limits.steps, or the plan's default (1,024 free, 10,000 paid)", workflow_steps_limit},
    {"steps_utilization", TargetType::Workflow, "steps_per_instance_max / the steps limit", workflow_steps_utilization},
    {"creation_utilization", TargetType::Workflow, "instances_per_sec_peak (else 3x the daily average) / 100 new instances per second per Workflow", workflow_creation_utilization},
    {"instance_size", TargetType::Container, "the instance type with its vCPU, memory and disk", container_instance_size},
    {"account_capacity", TargetType::Container, "instances of this size the account's concurrent vCPU (1,500), memory (6 TiB) and disk (30 TB) allow at once", container_account_capacity},
    {"instance_cap", TargetType::Container, "instances that can run at once: max_instances, or account_capacity when lower", container_instance_cap},
    {"max_instances_over_capacity", TargetType::Container, "max_instances / account_capacity (above 1: max_instances cannot be reached)", container_max_instances_over_capacity},
    {"running_utilization", TargetType::Container, "instances_running_peak / instance_cap", container_running_utilization},
    {"unindexed_query", TargetType::Call, "the D1 query's WHERE names only columns no index covers (its table in the migrations)", call_unindexed_query},
    {"filtered_columns", TargetType::Call, "the columns the query's WHERE clause names", call_filtered_columns},
    {"query_table", TargetType::Call, "the table of a single-table SELECT, UPDATE or DELETE", call_query_table},
    {"code_queries_indexed", TargetType::D1, "true when the code shows filtered queries on the database and each uses an indexed column or key", d1_code_queries_indexed},
    {"code_cache_count", TargetType::Worker, "KV namespaces the code fills read-through (a put() after a get() miss); unknown without the code", code_cache_count},
    {"kv_expiring_writes_only", TargetType::Kv, "true when the code shows put() calls on the namespace and every one sets an expiry", kv_expiring_writes_only},
    {"index_utilization", TargetType::Vectorize, "stored_vectors / 10,000,000 vectors per index", vectorize_index_utilization},
};

}  // namespace

std::span<const DerivedSpec> derived_specs() { return kDerived; }

std::optional<double> metric_input(const Context& c, const Target& t, std::string_view key, std::vector<std::string>& missing,
                                   Why* why) {
  if (const auto* v = c.metric(t, key)) {
    if (why) why->inputs.push_back(DerivedInput{c.metric_path(t, key), v->value, Origin{"metrics", c.metrics->file, v->pos, c.metrics->obtained_of(*v)}});
    return v->value;
  }
  missing.push_back(c.metric_path(t, key));
  return std::nullopt;
}

const DerivedSpec* find_derived(TargetType target, std::string_view name) {
  for (auto specs : {derived_specs(), bill_facts(), runway_facts()})
    for (const auto& d : specs)
      if (d.target == target && d.name == name) return &d;
  // Facts about the Worker as a whole are visible from every target.
  for (auto specs : {derived_specs(), bill_facts(), runway_facts()})
    for (const auto& d : specs)
      if (d.target == TargetType::Worker && d.name == name) return &d;
  return nullptr;
}

}  // namespace cfscale::engine
