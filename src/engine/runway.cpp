#include "engine/runway.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/derived.h"

namespace cfscale::engine {
namespace {

struct LimitSpec {
  std::string_view limit;    // topic
  TargetType target;
  std::string_view derived;  // the utilization fact
  bool per_request;          // does not grow with traffic
};

// The limits a Worker can run into, each measured by a derived fact.
constexpr LimitSpec kLimits[] = {
    {"d1-storage", TargetType::D1, "storage_utilization", false},
    {"kv-write-rate", TargetType::Kv, "write_utilization", false},
    {"do-throughput", TargetType::DurableObject, "throughput_utilization", false},
    {"queue-throughput", TargetType::Queue, "throughput_utilization", false},
    {"workflow-concurrency", TargetType::Workflow, "concurrency_utilization", false},
    {"workflow-creation-rate", TargetType::Workflow, "creation_utilization", false},
    {"workflow-steps", TargetType::Workflow, "steps_utilization", true},
    {"subrequests", TargetType::Worker, "subrequest_utilization", true},
    {"worker-cpu", TargetType::Worker, "cpu_utilization", true},
    {"worker-memory", TargetType::Worker, "memory_utilization", true},
};

// A Durable Object namespace whose traffic all goes to one object (a global
// counter, a singleton coordinator): its load grows with the Worker's.
bool single_object(const Context& c, const Target& t) {
  const auto* n = c.metric(c.metric_path(t, "objects_active_per_day"));
  return n && n->value <= 1;
}

std::string pct_text(double pct) { return fmt::format("{}%/month", format_number(pct)); }

}  // namespace

std::optional<double> months_to_limit(double utilization, std::optional<double> pct) {
  if (utilization >= 1) return 0.0;
  if (!pct || *pct <= 0 || utilization <= 0) return std::nullopt;
  return std::log(1 / utilization) / std::log(1 + *pct / 100);
}

namespace {

// The runway of one target against one limit; nullopt when its utilization
// is not known.
std::optional<RunwayItem> runway_of(const Context& c, const LimitSpec& spec, const Target& t, Why* why) {
  const DerivedSpec* d = find_derived(spec.target, spec.derived);
  Why local;
  Why& w = why ? *why : local;
  std::vector<std::string> missing;
  Val u = d->fn(c, t, &w, missing);
  if (!u.is_number()) return std::nullopt;
  std::optional<double> growth = c.metrics ? c.metrics->growth_pct_per_month : std::nullopt;
  RunwayItem r{std::string(spec.limit), cfscale::Target{std::string(product_of(t.type)), t.name}, u.num, std::nullopt, w.basis};
  if (spec.per_request) {
    // CPU, memory and subrequests are per request: more traffic does not
    // bring them closer, only changes to the code do.
    r.months = u.num >= 1 ? std::optional<double>(0) : std::nullopt;
    r.basis += "; per request: does not grow with traffic";
  } else if (spec.limit == "d1-storage" && c.metric(c.metric_path(t, "storage_growth_gb_per_month"))) {
    double gb = c.metric(c.metric_path(t, "storage_gb"))->value;
    double growth_gb = c.metric(c.metric_path(t, "storage_growth_gb_per_month"))->value;
    double limit = gb / u.num;
    r.months = u.num >= 1 ? 0.0 : growth_gb > 0 ? std::optional<double>((limit - gb) / growth_gb) : std::nullopt;
    r.basis += fmt::format("; ({} - {}) GB / {} GB per month", format_number(limit), format_number(gb), format_number(growth_gb));
  } else if (spec.limit == "do-throughput" && !single_object(c, t)) {
    // Many objects (a room, a user, a document each): the busiest one's
    // load grows with its own entity, not with the Worker's traffic, so
    // the growth rate says nothing about when it reaches the limit.
    const auto* n = c.metric(c.metric_path(t, "objects_active_per_day"));
    r.months = u.num >= 1 ? std::optional<double>(0) : std::nullopt;
    r.basis += n ? fmt::format("; {} objects a day: one object's load does not grow with the Worker's traffic", format_number(n->value))
                 : fmt::format("; not projected: one object or many is unknown (needs {})", c.metric_path(t, "objects_active_per_day"));
  } else {
    r.months = months_to_limit(u.num, growth);
    r.basis += growth ? fmt::format("; at {} growth", pct_text(*growth)) : "; no growth_pct_per_month in the metrics";
  }
  if (r.months) r.months = std::round(*r.months * 10) / 10;
  return r;
}

// derived.months_to_limit of a target: its runway, as a rule condition.
// Never reached (or no growth rate) is a very large number, so that
// "within 12 months" is false rather than undecided.
Val months_of(const Context& c, const LimitSpec& spec, const Target& t, Why* why) {
  Why local;
  auto r = runway_of(c, spec, t, &local);
  if (!r) return Val::unknown();
  if (why) {
    why->basis = fmt::format("{}: {}", r->months ? fmt::format("{} months", format_number(*r->months)) : std::string("not reached"), r->basis);
    why->inputs = std::move(local.inputs);
  }
  return Val::number(r->months.value_or(1e9));
}

// The first limit of the target's type that grows with traffic.
Val months_fact(const Context& c, const Target& t, Why* why, std::vector<std::string>&) {
  for (const auto& spec : kLimits)
    if (spec.target == t.type && !spec.per_request) return months_of(c, spec, t, why);
  return Val::unknown();
}

// One named limit, for a target type that has several.
template <size_t I>
Val months_to(const Context& c, const Target& t, Why* why, std::vector<std::string>&) {
  static_assert(I < std::size(kLimits));
  return months_of(c, kLimits[I], t, why);
}
constexpr size_t limit_index(std::string_view topic) {
  for (size_t i = 0; i < std::size(kLimits); ++i)
    if (kLimits[i].limit == topic) return i;
  return std::size(kLimits);
}

const DerivedSpec kRunwayFacts[] = {
    {"months_to_limit", TargetType::D1, "months until the database reaches its size limit (storage_growth_gb_per_month, else growth_pct_per_month)", months_fact},
    {"months_to_limit", TargetType::Kv, "months until the busiest key reaches 1 write per second at growth_pct_per_month", months_fact},
    {"months_to_limit", TargetType::Queue, "months until the queue reaches 5,000 messages per second at growth_pct_per_month", months_fact},
    {"months_to_limit", TargetType::DurableObject, "months until the busiest object reaches its throughput (only for a single object)", months_fact},
    {"months_to_concurrency_limit", TargetType::Workflow, "months until running instances reach the account's concurrency at growth_pct_per_month",
     months_to<limit_index("workflow-concurrency")>},
    {"months_to_creation_limit", TargetType::Workflow, "months until creations reach 100 instances per second at growth_pct_per_month",
     months_to<limit_index("workflow-creation-rate")>},
};

}  // namespace

std::span<const DerivedSpec> runway_facts() { return kRunwayFacts; }

std::vector<RunwayItem> compute_runway(const Context& c) {
  std::vector<RunwayItem> out;
  if (!c.metrics) return out;
  for (const auto& spec : kLimits)
    for (const auto& t : c.targets(spec.target))
      if (auto r = runway_of(c, spec, t, nullptr)) out.push_back(std::move(*r));
  sort_runway(out);
  return out;
}

void sort_runway(std::vector<RunwayItem>& items) {
  std::stable_sort(items.begin(), items.end(), [](const RunwayItem& a, const RunwayItem& b) {
    if (a.months.has_value() != b.months.has_value()) return a.months.has_value();
    if (a.months && *a.months != *b.months) return *a.months < *b.months;
    return a.utilization > b.utilization;
  });
}

}  // namespace cfscale::engine
