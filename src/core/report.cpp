#include "core/report.h"

namespace cfscale {

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

size_t Report::finding_count() const {
  size_t n = cross.size();
  for (const auto& w : workers) n += w.findings.size();
  return n;
}

std::map<Severity, size_t> Report::by_severity() const {
  std::map<Severity, size_t> out;
  for (const auto& w : workers)
    for (const auto& f : w.findings) ++out[f.severity];
  for (const auto& f : cross) ++out[f.severity];
  return out;
}

}  // namespace cfscale
