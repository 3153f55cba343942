#include "config/bindings.h"

#include <set>

#include <fmt/format.h>

namespace cfscale::config {

static std::string or_dash(const OptStr& s) { return s ? *s : std::string("-"); }

std::vector<BindingRef> list_bindings(const WorkerConfig& w) {
  std::vector<BindingRef> out;
  for (const auto& b : w.kv_namespaces) out.push_back({"kv", "kv_namespaces", b.binding, "namespace " + or_dash(b.id), b.pos});
  for (const auto& b : w.d1_databases)
    out.push_back({"d1", "d1_databases", b.binding, "database " + or_dash(b.database_name), b.pos});
  for (const auto& b : w.r2_buckets) out.push_back({"r2", "r2_buckets", b.binding, "bucket " + or_dash(b.bucket_name), b.pos});
  for (const auto& b : w.queue_producers)
    out.push_back({"queues", "queues.producers", b.binding, "sends to queue " + b.queue, b.pos});
  for (const auto& c : w.queue_consumers) {
    std::string detail = "consumes";
    if (c.max_batch_size) detail += fmt::format(", max_batch_size {}", *c.max_batch_size);
    detail += c.dead_letter_queue ? ", dead-letter queue " + *c.dead_letter_queue : ", no dead-letter queue";
    out.push_back({"queues", "queues.consumers", c.queue, detail, c.pos});
  }
  for (const auto& b : w.durable_objects)
    out.push_back({"durable_objects", "durable_objects.bindings", b.name,
                   "class " + b.class_name + (b.script_name ? " in " + *b.script_name : ""), b.pos});
  for (const auto& b : w.services) out.push_back({"services", "services", b.binding, "Worker " + b.service, b.pos});
  for (const auto& b : w.analytics_engine_datasets)
    out.push_back({"analytics_engine", "analytics_engine_datasets", b.binding, "dataset " + (b.dataset ? *b.dataset : b.binding), b.pos});
  for (const auto& b : w.hyperdrive) out.push_back({"hyperdrive", "hyperdrive", b.binding, "config " + b.id, b.pos});
  for (const auto& b : w.workflows) out.push_back({"workflows", "workflows", b.binding, "workflow " + b.name, b.pos});
  for (const auto& b : w.vectorize) out.push_back({"vectorize", "vectorize", b.binding, "index " + b.index_name, b.pos});
  if (w.ai) out.push_back({"ai", "ai", w.ai->binding, "Workers AI", w.ai->pos});
  for (const auto& c : w.containers)
    out.push_back({"containers", "containers", c.class_name, "container " + (c.name ? *c.name : c.class_name), c.pos});
  return out;
}

std::vector<MeasuredEntry> measured_entries(const Product& product, const WorkerConfig& w) {
  std::vector<MeasuredEntry> out;
  std::string_view id = product.id;
  if (id == "kv")
    for (const auto& b : w.kv_namespaces) out.push_back({b.binding, "kv_namespaces binding"});
  if (id == "d1")
    for (const auto& b : w.d1_databases) out.push_back({b.binding, "d1_databases binding, database " + b.database_name.value_or("?")});
  if (id == "r2")
    for (const auto& b : w.r2_buckets) out.push_back({b.binding, "r2_buckets binding, bucket " + b.bucket_name.value_or("?")});
  if (id == "queues") {
    // A queue is measured once, whether this Worker consumes it, sends to it or both.
    std::set<std::string> seen;
    for (const auto& c : w.queue_consumers)
      if (seen.insert(c.queue).second) out.push_back({c.queue, "queue consumed by this Worker"});
    for (const auto& p : w.queue_producers)
      if (seen.insert(p.queue).second) out.push_back({p.queue, "queue this Worker sends to (binding " + p.binding + ")"});
    for (const auto& c : w.queue_consumers)
      if (c.dead_letter_queue && seen.insert(*c.dead_letter_queue).second)
        out.push_back({*c.dead_letter_queue, "dead-letter queue of the consumer of " + c.queue, true});
  }
  if (id == "analytics_engine")
    for (const auto& b : w.analytics_engine_datasets) out.push_back({b.binding, "analytics_engine_datasets binding, dataset " + b.dataset.value_or(b.binding),
                      /*optional: only the bill reads them, and it says what it could not price*/ true});
  if (id == "hyperdrive")
    for (const auto& b : w.hyperdrive)
      out.push_back({b.binding, "hyperdrive binding, configuration " + b.id, /*optional: only the Free plan's quota reads them*/ true});
  if (id == "workflows")
    for (const auto& b : w.workflows)
      out.push_back({b.binding, "workflows binding, workflow " + b.name + (b.script_name ? " in " + *b.script_name : ""),
                     /*optional: only the Workflows limits and the storage line read them*/ true});
  // Optional: only their bill lines, quotas and limits read them, and each
  // says what it could not decide without them.
  if (id == "vectorize")
    for (const auto& b : w.vectorize) out.push_back({b.binding, "vectorize binding, index " + b.index_name, true});
  if (id == "ai" && w.ai) out.push_back({w.ai->binding, "ai binding (Workers AI)", true});
  if (id == "containers")
    for (const auto& c : w.containers)
      out.push_back({c.class_name, "container of Durable Object class " + c.class_name + (c.image ? ", image " + *c.image : ""), true});
  if (id == "durable_objects")
    for (const auto& b : w.durable_objects) out.push_back({b.name, "durable_objects binding, class " + b.class_name});
  return out;
}

}  // namespace cfscale::config
