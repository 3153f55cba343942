#include "engine/report_info.h"

#include <map>

#include "config/bindings.h"
#include "engine/template.h"

namespace cfscale::engine {

namespace {
// "Slow reads from D1 database {binding}" -> "Slow reads from D1 database <binding>";
// code in the text ("{ cacheTtl: 300 }") is not a placeholder and stays.
std::string generic(const std::string& tmpl) {
  std::string out;
  size_t last = 0;
  each_placeholder(tmpl, [&](std::string_view name, size_t begin, size_t end) {
    out.append(tmpl, last, begin - last);
    auto dot = name.rfind('.');
    out += "<" + std::string(dot == std::string_view::npos ? name : name.substr(dot + 1)) + ">";
    last = end;
  });
  out.append(tmpl, last, std::string::npos);
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
    // Advice that holds only for some configs is marked as such ("Where it applies: ...").
    for (const auto& a : r.advice) i.help += (a.when ? " Where it applies: " : " ") + generic(a.text);
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
