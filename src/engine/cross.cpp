#include "engine/cross.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/threads.h"
#include "engine/finding.h"
#include "engine/priority.h"
#include "engine/template.h"

namespace cfscale::engine {
namespace {

std::string label(const CrossWorker& w) {
  std::string name = w.name.value_or(w.file);
  return w.env ? fmt::format("{} (env {})", name, *w.env) : name;
}

struct Use {
  const CrossWorker* worker;
  Pos pos;
  std::string binding;
};

struct Builder {
  const RuleSet& rules;
  std::vector<Finding> out;

  void add(const char* id, const std::string& product, const std::string& resource, const std::vector<Use>& uses) {
    const Rule* r = rules.find(id);
    if (!r) return;  // switched off
    std::vector<std::string> names;
    for (const auto& u : uses) names.push_back(label(*u.worker));
    std::string workers = fmt::format("{}", fmt::join(names, ", "));
    Finding f = finding_of(*r);
    NamedValues values = {{"binding", resource}, {"workers", workers}};
    f.title = render(r->compiled.title, values);
    f.message = render(r->compiled.message, values);
    f.recommendation = render(r->compiled.recommendation, values);
    f.target = cfscale::Target{product, resource};
    f.workers = names;
    for (size_t i = 0; i < uses.size(); ++i) {
      Location l{uses[i].worker->file, uses[i].pos};
      if (i == 0) f.location = l;
      else f.related_locations.push_back(l);
    }
    f.cost_basis = "not estimated for this kind of change";
    out.push_back(std::move(f));
  }
};

// Uses of one resource from more than one config file (environments of one
// Worker sharing a resource are that Worker's own business).
bool several_files(const std::vector<Use>& uses) {
  std::set<std::string> files;
  for (const auto& u : uses) files.insert(u.worker->file);
  return files.size() > 1;
}

// Hash maps while collecting (a tree has thousands of Workers), then the
// resources in sorted order so that the findings do not depend on hashing.
using Uses = std::unordered_map<std::string, std::vector<Use>>;

// Only the entries `keep` selects are sorted: most resources have one use.
template <class Keep>
std::vector<const Uses::value_type*> sorted(const Uses& m, Keep keep) {
  std::vector<const Uses::value_type*> out;
  for (const auto& kv : m)
    if (keep(kv)) out.push_back(&kv);
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  return out;
}

bool shared(const Uses::value_type& e) { return e.second.size() > 1 && several_files(e.second); }

// D1 databases, KV namespaces and queues used by several Workers, and DLQs
// that nothing consumes.
std::vector<Finding> shared_resources(const std::vector<const CrossWorker*>& workers, const RuleSet& rules) {
  Uses d1, kv, consumers, dlqs;
  std::unordered_map<std::string, std::string> d1_names;  // id -> the name people know it by
  std::unordered_set<std::string> consumed;
  for (const auto* w : workers) {
    for (const auto& b : w->d1) {
      auto key = b.id ? *b.id : b.name.value_or(b.binding);
      d1[key].push_back(Use{w, b.pos, b.binding});
      if (b.name) d1_names[key] = *b.name;
    }
    for (const auto& b : w->kv) kv[b.id].push_back(Use{w, b.pos, b.binding});
    for (const auto& c : w->consumers) {
      consumers[c.queue].push_back(Use{w, c.pos, c.queue});
      consumed.insert(c.queue);
      if (c.dead_letter_queue) dlqs[*c.dead_letter_queue].push_back(Use{w, c.pos, c.queue});
    }
  }
  Builder b{rules, {}};
  for (const auto* e : sorted(d1, shared)) {
    auto name = d1_names.find(e->first);
    b.add("CFS501", "d1", name != d1_names.end() ? name->second : e->first, e->second);
  }
  for (const auto* e : sorted(kv, shared)) b.add("CFS505", "kv", e->first, e->second);
  for (const auto* e : sorted(consumers, shared)) b.add("CFS502", "queues", e->first, e->second);
  for (const auto* e : sorted(dlqs, [&](const auto& e) { return !consumed.count(e.first); }))
    b.add("CFS503", "queues", e->first, e->second);
  return std::move(b.out);
}

// The service-binding graph, and a finding per service outside the tree.
std::vector<Finding> service_graph(const std::vector<const CrossWorker*>& workers, const RuleSet& rules,
                                   std::vector<ServiceEdge>& edges) {
  std::unordered_set<std::string> names;
  for (const auto* w : workers) {
    if (w->name) names.insert(*w->name);
    if (w->top_level_name) names.insert(*w->top_level_name);
  }
  std::unordered_set<std::string> seen;  // (from, to, binding), each prefixed by its length
  Uses external;
  for (const auto* w : workers) {
    std::string from = label(*w);
    for (const auto& s : w->services) {
      bool in_repo = names.count(s.service) > 0;
      std::string key = std::to_string(from.size()) + ':' + from + std::to_string(s.service.size()) + ':' + s.service + s.binding;
      if (seen.insert(key).second) edges.push_back(ServiceEdge{from, s.service, s.binding, in_repo});
      if (!in_repo) external[s.service].push_back(Use{w, s.pos, s.binding});
    }
  }
  Builder b{rules, {}};
  for (const auto* e : sorted(external, [](const auto&) { return true; })) b.add("CFS504", "services", e->first, e->second);
  return std::move(b.out);
}

}  // namespace

CrossWorker::CrossWorker(const config::WorkerConfig& w)
    : file(w.file), env(w.env), name(w.name), top_level_name(w.top_level_name) {
  for (const auto& b : w.d1_databases) d1.push_back(D1{b.binding, b.database_name, b.database_id, b.pos});
  for (const auto& b : w.kv_namespaces)
    if (b.id) kv.push_back(Kv{b.binding, *b.id, b.pos});
  for (const auto& c : w.queue_consumers) consumers.push_back(Consumer{c.queue, c.dead_letter_queue, c.pos});
  for (const auto& s : w.services) services.push_back(Service{s.binding, s.service, s.pos});
}

CrossResult cross_worker(const std::vector<const config::WorkerConfig*>& workers, const RuleSet& rules, unsigned jobs) {
  std::vector<CrossWorker> slim;
  slim.reserve(workers.size());
  for (const auto* w : workers) slim.emplace_back(*w);
  std::vector<const CrossWorker*> pointers;
  for (const auto& w : slim) pointers.push_back(&w);
  return cross_worker(pointers, rules, jobs);
}

CrossResult cross_worker(const std::vector<const CrossWorker*>& workers, const RuleSet& rules, unsigned jobs) {
  CrossResult res;
  // The two halves share nothing: on a large tree the graph is drawn on a
  // thread of its own while the shared resources are found (this part of a
  // run waits for every Worker, so it has all the cores).
  std::vector<Finding> services;
  unsigned threads = thread_count(jobs) > 1 && workers.size() >= kCrossThreadFrom ? 2 : 1;
  parallel_for(2, threads, [&](size_t half) {
    if (half == 0) res.findings = shared_resources(workers, rules);
    else services = service_graph(workers, rules, res.services);
  });
  res.findings.insert(res.findings.end(), std::make_move_iterator(services.begin()), std::make_move_iterator(services.end()));
  sort_and_number(res.findings, [](const Finding& x, const Finding& y) {
    if (x.severity != y.severity) return x.severity > y.severity;
    if (x.rule != y.rule) return x.rule < y.rule;
    return x.target.binding < y.target.binding;
  });
  return res;
}

}  // namespace cfscale::engine
