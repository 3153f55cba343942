// A Worker's entries of each product (core/products.h), read from its config
// in one place: the bindings as the report lists them, and the names its
// metrics are keyed by. Every layer that lists a Worker's products asks here.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"
#include "core/products.h"

namespace cfscale::config {

struct BindingRef {
  std::string product;  // core/products.h id: kv, d1, r2, queues, durable_objects, ...
  std::string key;      // the config key: kv_namespaces, queues.consumers, ...
  std::string name;     // binding name (queue name for consumers)
  std::string detail;   // what it points at: database name, bucket, queue, class
  Pos pos;
};

std::vector<BindingRef> list_bindings(const WorkerConfig& w);

// An entry a metrics section is keyed by (a binding, or a queue the Worker
// sends to or consumes, once), with what it is for a reader of a skeleton.
struct MeasuredEntry {
  std::string name;
  std::string detail;
  bool optional = false;  // its metrics are welcome, not expected (a dead-letter queue)
};

// The entries of a `measured` product in config order; none for another.
std::vector<MeasuredEntry> measured_entries(const Product& product, const WorkerConfig& w);

}  // namespace cfscale::config
