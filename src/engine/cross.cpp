#include "engine/cross.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace cfscale::engine {
namespace {

std::string label(const config::WorkerConfig& w) {
  std::string name = w.name.value_or(w.file);
  return w.env ? fmt::format("{} (env {})", name, *w.env) : name;
}

struct Use {
  const config::WorkerConfig* worker;
  Pos pos;
  std::string binding;
};

// Fills a rule's texts; {binding} is the shared resource, {workers} the list.
std::string fill(std::string text, const std::string& resource, const std::string& workers) {
  auto put = [&](const std::string& key, const std::string& value) {
    // Search on after what was put in: a name may itself read "{binding}".
    for (size_t at = 0; (at = text.find(key, at)) != std::string::npos; at += value.size()) text.replace(at, key.size(), value);
  };
  put("{binding}", resource);
  put("{workers}", workers);
  return text;
}

struct Builder {
  const RuleSet& rules;
  std::vector<Finding> out;

  void add(const char* id, const std::string& product, const std::string& resource, const std::vector<Use>& uses) {
    const Rule* r = rules.find(id);
    if (!r) return;  // switched off
    std::vector<std::string> names;
    for (const auto& u : uses) names.push_back(label(*u.worker));
    std::string workers = fmt::format("{}", fmt::join(names, ", "));
    Finding f;
    f.rule = r->id;
    f.topic = r->topic;
    f.kind = r->kind;
    f.severity = r->severity;
    f.title = fill(r->title, resource, workers);
    f.message = fill(r->message, resource, workers);
    f.recommendation = fill(r->recommendation, resource, workers);
    f.example = r->example.after;
    f.example_language = r->example.language;
    f.target = cfscale::Target{product, resource};
    f.workers = names;
    for (size_t i = 0; i < uses.size(); ++i) {
      Location l = uses[i].worker->location(uses[i].pos);
      if (i == 0) f.location = l;
      else f.related_locations.push_back(l);
    }
    for (const auto& ref : r->references) f.references.push_back(ref.url);
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

}  // namespace

CrossResult cross_worker(const std::vector<const config::WorkerConfig*>& workers, const RuleSet& rules) {
  std::map<std::string, std::vector<Use>> d1, kv, consumers;
  std::map<std::string, std::string> d1_names;  // id -> the name people know it by
  std::set<std::string> consumed;
  std::map<std::string, std::vector<Use>> dlqs;
  std::set<std::string> names;
  for (const auto* w : workers) {
    if (w->name) names.insert(*w->name);
    if (w->top_level_name) names.insert(*w->top_level_name);
    for (const auto& b : w->d1_databases) {
      auto key = b.database_id ? *b.database_id : b.database_name.value_or(b.binding);
      d1[key].push_back(Use{w, b.pos, b.binding});
      if (b.database_name) d1_names[key] = *b.database_name;
    }
    for (const auto& b : w->kv_namespaces)
      if (b.id) kv[*b.id].push_back(Use{w, b.pos, b.binding});
    for (const auto& c : w->queue_consumers) {
      consumers[c.queue].push_back(Use{w, c.pos, c.queue});
      consumed.insert(c.queue);
      if (c.dead_letter_queue) dlqs[*c.dead_letter_queue].push_back(Use{w, c.pos, c.queue});
    }
  }
  Builder b{rules, {}};
  for (const auto& [id, uses] : d1)
    if (uses.size() > 1 && several_files(uses)) b.add("CFS501", "d1", d1_names.count(id) ? d1_names[id] : id, uses);
  for (const auto& [id, uses] : kv)
    if (uses.size() > 1 && several_files(uses)) b.add("CFS505", "kv", id, uses);
  for (const auto& [queue, uses] : consumers)
    if (uses.size() > 1 && several_files(uses)) b.add("CFS502", "queues", queue, uses);
  for (const auto& [dlq, uses] : dlqs)
    if (!consumed.count(dlq)) b.add("CFS503", "queues", dlq, uses);

  CrossResult res;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  std::map<std::string, std::vector<Use>> external;
  for (const auto* w : workers) {
    for (const auto& s : w->services) {
      bool in_repo = names.count(s.service) > 0;
      if (seen.insert({label(*w), s.service, s.binding}).second)
        res.services.push_back(ServiceEdge{label(*w), s.service, s.binding, in_repo});
      if (!in_repo) external[s.service].push_back(Use{w, s.pos, s.binding});
    }
  }
  for (const auto& [service, uses] : external) b.add("CFS504", "services", service, uses);
  std::stable_sort(b.out.begin(), b.out.end(), [](const Finding& x, const Finding& y) {
    if (x.severity != y.severity) return x.severity > y.severity;
    if (x.rule != y.rule) return x.rule < y.rule;
    return x.target.binding < y.target.binding;
  });
  int n = 0;
  for (auto& f : b.out) f.priority = ++n;
  res.findings = std::move(b.out);
  return res;
}

}  // namespace cfscale::engine
