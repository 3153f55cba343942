// Findings across the Workers of a tree (`--recursive`): resources several
// Workers bind, queues with several consumers, dead-letter queues nobody
// consumes, service bindings to Workers outside the tree; and the service
// graph for the diagrams.
#pragma once

#include <vector>

#include "config/model.h"
#include "core/report.h"
#include "engine/rule_loader.h"

namespace cfscale::engine {

// What the findings across Workers need of one deployment: its names and the
// resources it shares, with their places. A tree keeps one per Worker until
// every Worker is analysed, instead of the whole config.
struct CrossWorker {
  struct D1 {
    std::string binding;
    config::OptStr name, id;
    Pos pos;
  };
  struct Kv {
    std::string binding, id;
    Pos pos;
  };
  struct Consumer {
    std::string queue;
    config::OptStr dead_letter_queue;
    Pos pos;
  };
  struct Service {
    std::string binding, service;
    Pos pos;
  };
  std::string file;
  config::OptStr env, name, top_level_name;
  std::vector<D1> d1;
  std::vector<Kv> kv;  // namespaces with an id
  std::vector<Consumer> consumers;
  std::vector<Service> services;

  explicit CrossWorker(const config::WorkerConfig& w);
};

struct CrossResult {
  std::vector<Finding> findings;
  std::vector<ServiceEdge> services;
};

// From this many Workers on, and when `jobs` (0: one per core) allows a
// second thread, the service graph is drawn on it; the result is the same
// either way.
inline constexpr size_t kCrossThreadFrom = 512;

// `workers`: every analysed deployment (a config, or a config with one
// environment applied). Findings use the rules' texts (produced_by:
// cross-worker); rules switched off are skipped.
CrossResult cross_worker(const std::vector<const CrossWorker*>& workers, const RuleSet& rules, unsigned jobs = 0);
// The same from whole configs, as the tests have them.
CrossResult cross_worker(const std::vector<const config::WorkerConfig*>& workers, const RuleSet& rules, unsigned jobs = 0);

}  // namespace cfscale::engine
