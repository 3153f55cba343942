#include "config/config_json.h"

#include "core/json_value.h"

namespace cfscale::config {
namespace {

using J = nlohmann::ordered_json;

template <class T>
J opt(const std::optional<T>& v) { return json_opt(v); }
J num(const OptNum& v) { return json_number(v); }

// Wrangler's objects carry only the keys that were written.
void put(J& obj, const char* key, const OptStr& v) { if (v) obj[key] = *v; }
void put(J& obj, const char* key, const OptNum& v) { if (v) obj[key] = num(v); }
void put(J& obj, const char* key, const OptBool& v) { if (v) obj[key] = *v; }

J route_json(const Route& r) {
  if (r.is_string) return r.pattern;
  J o = {{"pattern", r.pattern}};
  put(o, "zone_id", r.zone_id);
  put(o, "zone_name", r.zone_name);
  put(o, "custom_domain", r.custom_domain);
  return o;
}

J consumer_json(const QueueConsumer& c) {
  J o = {{"queue", c.queue}};
  put(o, "type", c.type);
  put(o, "max_batch_size", c.max_batch_size);
  put(o, "max_batch_timeout", c.max_batch_timeout);
  put(o, "max_retries", c.max_retries);
  put(o, "dead_letter_queue", c.dead_letter_queue);
  put(o, "max_concurrency", c.max_concurrency);
  put(o, "retry_delay", c.retry_delay);
  put(o, "visibility_timeout_ms", c.visibility_timeout_ms);
  return o;
}

template <class T, class F>
J list(const std::vector<T>& items, F f) {
  J a = J::array();
  for (const auto& i : items) a.push_back(f(i));
  return a;
}

}  // namespace

J to_wrangler_json(const WorkerConfig& w) {
  J o;
  o["name"] = opt(w.name);
  o["main"] = opt(w.main);
  o["compatibility_date"] = opt(w.compatibility_date);
  o["compatibility_flags"] = w.compatibility_flags;
  o["route"] = w.route ? J(*w.route) : w.route_object ? route_json(*w.route_object) : J(nullptr);
  o["routes"] = w.routes ? list(*w.routes, route_json) : J(nullptr);
  o["workers_dev"] = opt(w.workers_dev);
  if (w.placement) {
    J p;
    put(p, "mode", w.placement->mode);
    put(p, "hint", w.placement->hint);
    put(p, "region", w.placement->region);
    put(p, "host", w.placement->host);
    put(p, "hostname", w.placement->hostname);
    o["placement"] = p.is_null() ? J::object() : p;
  } else {
    o["placement"] = nullptr;
  }
  if (w.limits) {
    J l = J::object();
    put(l, "cpu_ms", w.limits->cpu_ms);
    put(l, "subrequests", w.limits->subrequests);
    o["limits"] = l;
  } else {
    o["limits"] = nullptr;
  }
  o["triggers"] = {{"crons", w.triggers.crons ? J(*w.triggers.crons) : J(nullptr)}};
  if (w.observability) {
    J ob = J::object();
    put(ob, "enabled", w.observability->enabled);
    put(ob, "head_sampling_rate", w.observability->head_sampling_rate);
    if (w.observability->logs_enabled) ob["logs"] = {{"enabled", *w.observability->logs_enabled}};
    o["observability"] = ob;
  } else {
    o["observability"] = nullptr;
  }
  o["logpush"] = opt(w.logpush);
  o["kv_namespaces"] = list(w.kv_namespaces, [](const KvNamespace& b) {
    J j = {{"binding", b.binding}};
    put(j, "id", b.id);
    put(j, "preview_id", b.preview_id);
    return j;
  });
  o["d1_databases"] = list(w.d1_databases, [](const D1Database& b) {
    J j = {{"binding", b.binding}};
    put(j, "database_name", b.database_name);
    put(j, "database_id", b.database_id);
    put(j, "preview_database_id", b.preview_database_id);
    put(j, "migrations_dir", b.migrations_dir);
    put(j, "migrations_table", b.migrations_table);
    put(j, "migrations_pattern", b.migrations_pattern);
    return j;
  });
  o["r2_buckets"] = list(w.r2_buckets, [](const R2Bucket& b) {
    J j = {{"binding", b.binding}};
    put(j, "bucket_name", b.bucket_name);
    put(j, "preview_bucket_name", b.preview_bucket_name);
    put(j, "jurisdiction", b.jurisdiction);
    return j;
  });
  o["queues"] = {{"producers", list(w.queue_producers,
                                    [](const QueueProducer& p) {
                                      J j = {{"binding", p.binding}, {"queue", p.queue}};
                                      put(j, "delivery_delay", p.delivery_delay);
                                      return j;
                                    })},
                 {"consumers", list(w.queue_consumers, consumer_json)}};
  o["durable_objects"] = {{"bindings", list(w.durable_objects, [](const DurableObjectBinding& b) {
                             J j = {{"name", b.name}, {"class_name", b.class_name}};
                             put(j, "script_name", b.script_name);
                             put(j, "environment", b.environment);
                             return j;
                           })}};
  o["migrations"] = list(w.migrations, [](const DurableObjectMigration& m) {
    J j = {{"tag", m.tag}};
    if (!m.new_classes.empty()) j["new_classes"] = m.new_classes;
    if (!m.new_sqlite_classes.empty()) j["new_sqlite_classes"] = m.new_sqlite_classes;
    if (!m.deleted_classes.empty()) j["deleted_classes"] = m.deleted_classes;
    if (!m.renamed_classes.empty())
      j["renamed_classes"] = list(m.renamed_classes, [](const RenamedClass& r) { return J{{"from", r.from}, {"to", r.to}}; });
    return j;
  });
  o["services"] = list(w.services, [](const ServiceBinding& b) {
    J j = {{"binding", b.binding}, {"service", b.service}};
    put(j, "environment", b.environment);
    put(j, "entrypoint", b.entrypoint);
    return j;
  });
  o["analytics_engine_datasets"] = list(w.analytics_engine_datasets, [](const AnalyticsEngineDataset& b) {
    J j = {{"binding", b.binding}};
    put(j, "dataset", b.dataset);
    return j;
  });
  o["hyperdrive"] = list(w.hyperdrive, [](const HyperdriveBinding& b) { return J{{"binding", b.binding}, {"id", b.id}}; });
  o["workflows"] = list(w.workflows, [](const WorkflowBinding& b) {
    J j = {{"binding", b.binding}, {"name", b.name}, {"class_name", b.class_name}};
    put(j, "script_name", b.script_name);
    if (b.steps_limit) j["limits"] = J{{"steps", *b.steps_limit}};
    if (b.concurrency_limit) j["concurrency"] = J{{"limit", *b.concurrency_limit}};
    return j;
  });
  o["vectorize"] = list(w.vectorize, [](const VectorizeBinding& b) { return J{{"binding", b.binding}, {"index_name", b.index_name}}; });
  o["containers"] = list(w.containers, [](const ContainerApp& c) {
    J j = {{"class_name", c.class_name}};
    put(j, "name", c.name);
    put(j, "image", c.image);
    put(j, "max_instances", c.max_instances);
    if (c.instance_type) j["instance_type"] = *c.instance_type;
    else if (c.vcpu || c.memory_mib || c.disk_mb) {
      J t = J::object();
      put(t, "vcpu", c.vcpu);
      put(t, "memory_mib", c.memory_mib);
      put(t, "disk_mb", c.disk_mb);
      j["instance_type"] = t;
    }
    return j;
  });
  o["ai"] = w.ai ? J{{"binding", w.ai->binding}} : J(nullptr);
  // Names only: cfscale does not keep the values.
  J vars = J::object();
  for (const auto& v : w.vars) vars[v.name] = nullptr;
  o["vars"] = vars;
  o["topLevelName"] = opt(w.top_level_name);
  o["definedEnvironments"] = w.defined_environments;
  o["targetEnvironment"] = w.env ? *w.env : std::string();  // wrangler: "" without an environment
  return o;
}

}  // namespace cfscale::config
