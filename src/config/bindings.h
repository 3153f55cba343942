// A flat list of a Worker's bindings, for summaries, metrics skeletons and
// checks that treat every binding alike.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"

namespace cfscale::config {

struct BindingRef {
  std::string product;  // docs/interface.md §3 target.product: kv, d1, r2, queues, durable_objects, ...
  std::string key;      // the config key: kv_namespaces, queues.consumers, ...
  std::string name;     // binding name (queue name for consumers)
  std::string detail;   // what it points at: database name, bucket, queue, class
  Pos pos;
};

std::vector<BindingRef> list_bindings(const WorkerConfig& w);

}  // namespace cfscale::config
