#include "engine/target.h"

#include <algorithm>
#include <set>

namespace cfscale::engine {

using config::WorkerConfig;

namespace {

Val opt(const std::optional<std::string>& s) { return s ? Val::string(*s) : Val::absent(); }
Val opt(const std::optional<double>& d) { return d ? Val::number(*d) : Val::absent(); }
Val opt(const std::optional<bool>& b) { return b ? Val::boolean(*b) : Val::absent(); }

constexpr std::string_view kWorkerFields[] = {"name", "main", "placement.mode", "placement.region", "limits.cpu_ms",
                                              "limits.subrequests", "observability.enabled",
                                              "observability.head_sampling_rate", "triggers.crons"};
constexpr std::string_view kKvFields[] = {"binding", "id"};
constexpr std::string_view kD1Fields[] = {"binding", "database_name", "database_id", "migrations_dir"};
constexpr std::string_view kR2Fields[] = {"binding", "bucket_name", "jurisdiction"};
constexpr std::string_view kConsumerFields[] = {"queue", "max_batch_size", "max_batch_timeout", "max_retries",
                                                "dead_letter_queue", "max_concurrency", "retry_delay", "type"};
constexpr std::string_view kQueueFields[] = {"queue", "has_producer", "has_consumer"};
constexpr std::string_view kDoFields[] = {"name", "class_name", "script_name"};

Val worker_field(const WorkerConfig& w, std::string_view f) {
  if (f == "name") return opt(w.name);
  if (f == "main") return opt(w.main);
  if (f == "placement.mode") return w.placement ? opt(w.placement->mode) : Val::absent();
  if (f == "placement.region") return w.placement ? opt(w.placement->region) : Val::absent();
  if (f == "limits.cpu_ms") return w.limits ? opt(w.limits->cpu_ms) : Val::absent();
  if (f == "limits.subrequests") return w.limits ? opt(w.limits->subrequests) : Val::absent();
  if (f == "observability.enabled") return w.observability ? opt(w.observability->enabled) : Val::absent();
  if (f == "observability.head_sampling_rate") return w.observability ? opt(w.observability->head_sampling_rate) : Val::absent();
  if (f == "triggers.crons")
    return w.triggers.crons ? Val::number(static_cast<double>(w.triggers.crons->size())) : Val::absent();
  return Val::unknown();
}

}  // namespace

std::optional<TargetType> parse_target_type(std::string_view s) {
  for (auto t : {TargetType::Worker, TargetType::Kv, TargetType::D1, TargetType::R2, TargetType::QueueConsumer,
                 TargetType::Queue, TargetType::DurableObject})
    if (to_string(t) == s) return t;
  return std::nullopt;
}

std::string_view to_string(TargetType t) {
  switch (t) {
    case TargetType::Worker: return "worker";
    case TargetType::Kv: return "kv";
    case TargetType::D1: return "d1";
    case TargetType::R2: return "r2";
    case TargetType::QueueConsumer: return "queue_consumer";
    case TargetType::Queue: return "queue";
    case TargetType::DurableObject: return "durable_object";
  }
  return "worker";
}

std::string_view metrics_section(TargetType t) {
  switch (t) {
    case TargetType::Worker: return "worker";
    case TargetType::Kv: return "kv";
    case TargetType::D1: return "d1";
    case TargetType::R2: return "r2";
    case TargetType::QueueConsumer:
    case TargetType::Queue: return "queues";
    case TargetType::DurableObject: return "durable_objects";
  }
  return "worker";
}

std::string_view product_of(TargetType t) { return metrics_section(t); }

std::vector<Target> targets_of(TargetType type, const WorkerConfig& w) {
  std::vector<Target> out;
  switch (type) {
    case TargetType::Worker:
      out.push_back(Target{type, std::nullopt, w.section_pos, "", &w});
      break;
    case TargetType::Kv:
      for (const auto& b : w.kv_namespaces)
        out.push_back(Target{type, b.binding, b.pos, "kv_namespaces[" + b.binding + "]", &b});
      break;
    case TargetType::D1:
      for (const auto& b : w.d1_databases)
        out.push_back(Target{type, b.binding, b.pos, "d1_databases[" + b.binding + "]", &b});
      break;
    case TargetType::R2:
      for (const auto& b : w.r2_buckets)
        out.push_back(Target{type, b.binding, b.pos, "r2_buckets[" + b.binding + "]", &b});
      break;
    case TargetType::QueueConsumer:
      for (const auto& c : w.queue_consumers)
        out.push_back(Target{type, c.queue, c.pos, "queues.consumers[" + c.queue + "]", &c});
      break;
    case TargetType::Queue: {
      // Every queue this Worker touches, once: at its consumer entry when it
      // consumes it (where lag is fixed), else at its producer entry.
      std::set<std::string> seen;
      for (const auto& c : w.queue_consumers)
        if (seen.insert(c.queue).second)
          out.push_back(Target{type, c.queue, c.pos, "queues.consumers[" + c.queue + "]", &c});
      for (const auto& p : w.queue_producers)
        if (seen.insert(p.queue).second)
          out.push_back(Target{type, p.queue, p.pos, "queues.producers[" + p.binding + "]", nullptr});
      break;
    }
    case TargetType::DurableObject:
      for (const auto& b : w.durable_objects)
        out.push_back(Target{type, b.name, b.pos, "durable_objects.bindings[" + b.name + "]", &b});
      break;
  }
  return out;
}

std::span<const std::string_view> config_fields(TargetType t) {
  switch (t) {
    case TargetType::Worker: return kWorkerFields;
    case TargetType::Kv: return kKvFields;
    case TargetType::D1: return kD1Fields;
    case TargetType::R2: return kR2Fields;
    case TargetType::QueueConsumer: return kConsumerFields;
    case TargetType::Queue: return kQueueFields;
    case TargetType::DurableObject: return kDoFields;
  }
  return {};
}

Val config_field(const Target& t, const WorkerConfig& w, std::string_view f) {
  switch (t.type) {
    case TargetType::Worker: return worker_field(w, f);
    case TargetType::Kv: {
      const auto& b = *static_cast<const config::KvNamespace*>(t.entry);
      if (f == "binding") return Val::string(b.binding);
      if (f == "id") return opt(b.id);
      break;
    }
    case TargetType::D1: {
      const auto& b = *static_cast<const config::D1Database*>(t.entry);
      if (f == "binding") return Val::string(b.binding);
      if (f == "database_name") return opt(b.database_name);
      if (f == "database_id") return opt(b.database_id);
      if (f == "migrations_dir") return opt(b.migrations_dir);
      break;
    }
    case TargetType::R2: {
      const auto& b = *static_cast<const config::R2Bucket*>(t.entry);
      if (f == "binding") return Val::string(b.binding);
      if (f == "bucket_name") return opt(b.bucket_name);
      if (f == "jurisdiction") return opt(b.jurisdiction);
      break;
    }
    case TargetType::QueueConsumer: {
      const auto& c = *static_cast<const config::QueueConsumer*>(t.entry);
      if (f == "queue") return Val::string(c.queue);
      if (f == "max_batch_size") return opt(c.max_batch_size);
      if (f == "max_batch_timeout") return opt(c.max_batch_timeout);
      if (f == "max_retries") return opt(c.max_retries);
      if (f == "dead_letter_queue") return opt(c.dead_letter_queue);
      if (f == "max_concurrency") return opt(c.max_concurrency);
      if (f == "retry_delay") return opt(c.retry_delay);
      if (f == "type") return opt(c.type);
      break;
    }
    case TargetType::Queue: {
      auto produced = std::any_of(w.queue_producers.begin(), w.queue_producers.end(),
                                  [&](const auto& p) { return p.queue == t.name; });
      auto consumed = std::any_of(w.queue_consumers.begin(), w.queue_consumers.end(),
                                  [&](const auto& c) { return c.queue == t.name; });
      if (f == "queue") return Val::string(*t.name);
      if (f == "has_producer") return Val::boolean(produced);
      if (f == "has_consumer") return Val::boolean(consumed);
      break;
    }
    case TargetType::DurableObject: {
      const auto& b = *static_cast<const config::DurableObjectBinding*>(t.entry);
      if (f == "name") return Val::string(b.name);
      if (f == "class_name") return Val::string(b.class_name);
      if (f == "script_name") return opt(b.script_name);
      break;
    }
  }
  return Val::unknown();
}

}  // namespace cfscale::engine
