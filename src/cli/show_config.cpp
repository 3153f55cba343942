// --show-config: the effective settings, each with where it comes from.
#include <fmt/format.h>

#include "cli/project.h"
#include "core/printable.h"
#include "core/text.h"

namespace cfscale::cli {

namespace {
// Paths and names are shown through printable(), as in every text output.
std::string where(const Location& l) { return printable(format_location(l)); }
std::string P(std::string_view s) { return printable(s); }
}  // namespace

std::string show_config(const Project& p) {
  const auto& rules = *p.rules;
  const auto* s = p.settings ? &*p.settings : nullptr;
  std::string out;
  out += fmt::format("# settings: {}\n", s && s->file ? P(*s->file) : "none (no .cfscale.toml found; defaults below)");
  out += fmt::format("# rules: {} ({} rules, limits as of {}), prices: {} (as of {})\n\n", P(rules.dir), rules.rules.size(),
                     P(rules.limits.as_of), P(rules.pricing.file), P(rules.pricing.as_of));
  std::string plan = p.analyze.plan ? std::string(metrics::to_string(*p.analyze.plan))
                                    : p.deployment.metrics ? std::string(metrics::to_string(p.deployment.metrics->metrics->plan)) : "paid";
  std::string plan_from = s && s->plan ? where(s->plan_where)
                          : p.deployment.metrics && p.deployment.metrics->metrics->plan_given ? P(p.deployment.metrics->metrics->file)
                                                                        : "default";
  out += fmt::format("plan = \"{}\"  # {}\n", plan, plan_from);
  std::vector<std::string> disabled, no_suppress;
  if (s) {
    for (const auto& n : s->disable) disabled.push_back(fmt::format("\"{}\"", P(n.name)));
    for (const auto& n : s->no_suppress) no_suppress.push_back(fmt::format("\"{}\"", P(n.name)));
  }
  out += fmt::format("disable = [{}]  # {}\n", fmt::join(disabled, ", "), s && !s->disable.empty() ? P(*s->file) : "default");
  out += fmt::format("no_suppress = [{}]  # {}\n", fmt::join(no_suppress, ", "), s && !s->no_suppress.empty() ? P(*s->file) : "default");
  out += "\n[severity]\n";
  for (const auto& r : rules.rules) {
    auto it = s ? s->severity.find(r.id) : decltype(s->severity.end()){};
    bool set = s && it != s->severity.end();
    out += fmt::format("{} = \"{}\"  # {}\n", r.id, to_string(r.severity), set ? where(it->second.where) : P(r.file));
  }
  out += "\n[thresholds]\n";
  for (const auto& [name, t] : rules.limits.thresholds)
    out += fmt::format("{} = {}  # {}\n", name, format_number(t.value), P(t.source));
  out += "\n[pricing]\n";
  for (const auto& i : rules.pricing.items)
    out += fmt::format("\"{}\" = {}  # per {} {}; {}\n", i.id, format_number(i.price), format_number(i.per), i.unit, P(i.source));
  return out;
}

}  // namespace cfscale::cli
