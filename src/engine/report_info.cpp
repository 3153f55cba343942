#include "engine/report_info.h"

#include <map>

#include "config/bindings.h"

namespace cfscale::engine {

namespace {
// "Slow reads from D1 database {binding}" -> "Slow reads from D1 database <binding>".
std::string generic(const std::string& tmpl) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      size_t end = tmpl.find('}', i);
      if (end != std::string::npos) {
        std::string name = tmpl.substr(i + 1, end - i - 1);
        auto dot = name.rfind('.');
        out += "<" + (dot == std::string::npos ? name : name.substr(dot + 1)) + ">";
        i = end;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}
}  // namespace

std::vector<RuleInfo> rule_infos(const RuleSet& rules) {
  std::vector<RuleInfo> out;
  for (const auto& r : rules.rules) {
    RuleInfo i;
    i.id = r.id;
    i.name = r.name;
    i.topic = r.topic;
    i.kind = r.kind;
    i.severity = r.severity;
    i.short_description = generic(r.title);
    i.full_description = generic(r.why);
    i.help = generic(r.recommendation);
    i.help_uri = r.references.empty() ? "" : r.references.front().url;
    for (const auto& ref : r.references) i.references.emplace_back(ref.title, ref.url);
    out.push_back(std::move(i));
  }
  return out;
}

void describe_bindings(const config::WorkerConfig& w, WorkerReport& report) {
  for (const auto& b : config::list_bindings(w))
    if (b.product != "queues") report.bindings.push_back(BindingInfo{b.product, b.name, b.detail});
  std::map<std::string, QueueFlow> flows;
  for (const auto& p : w.queue_producers) {
    auto& f = flows[p.queue];
    f.queue = p.queue;
    f.produced = true;
  }
  for (const auto& c : w.queue_consumers) {
    auto& f = flows[c.queue];
    f.queue = c.queue;
    f.consumed = true;
    f.dead_letter_queue = c.dead_letter_queue;
  }
  for (auto& [_, f] : flows) report.queues.push_back(std::move(f));
}

}  // namespace cfscale::engine
