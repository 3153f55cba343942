#include "core/report.h"

#include <algorithm>

namespace cfscale {

std::string origin_text(const std::optional<Origin>& o) {
  if (!o || o->file.empty() || (o->kind != "metrics" && o->kind != "config" && o->kind != "settings")) return "";
  std::string where = o->pos.valid() ? o->file + ":" + std::to_string(o->pos.line) : o->file;
  // A figure someone guessed is shown as one: a finding resting on it is only as good as the guess.
  if (o->obtained == "estimated") where += ", estimated";
  return where;
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Critical: return "critical";
    case Severity::High: return "high";
    case Severity::Medium: return "medium";
    case Severity::Low: return "low";
    case Severity::Info: return "info";
  }
  return "info";
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (auto sev : kAllSeverities)
    if (to_string(sev) == s) return sev;
  return std::nullopt;
}

void Tally::add(const WorkerReport& w) {
  ++workers;
  findings += w.findings.size();
  for (const auto& f : w.findings) ++by_severity[f.severity];
  undecided += w.undecided.size();
  suppressed += w.suppressed;
  baseline_hidden += w.baseline_hidden;
  disabled_rules = std::max(disabled_rules, w.disabled_rules);
}

void Tally::add(const Tally& t) {
  workers += t.workers;
  findings += t.findings;
  for (const auto& [s, n] : t.by_severity) by_severity[s] += n;
  undecided += t.undecided;
  suppressed += t.suppressed;
  baseline_hidden += t.baseline_hidden;
  disabled_rules = std::max(disabled_rules, t.disabled_rules);
}

Tally Report::tally() const {
  Tally t = dropped;
  for (const auto& w : workers) t.add(w);
  t.findings += cross.size();
  for (const auto& f : cross) ++t.by_severity[f.severity];
  return t;
}

}  // namespace cfscale
