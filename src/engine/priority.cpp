#include "engine/priority.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "engine/topics.h"

namespace cfscale::engine {

namespace {
// Severity dominates: proximity (40), runway (15), stage (20), kind (10) and
// savings (10) together stay below the 100 points between two severities,
// so a medium never outranks a high.
constexpr double kSeverityWeight[] = {0, 100, 200, 300, 400};  // info..critical
constexpr double kProximityMax = 40;   // at or past the limit
constexpr double kRunwayMax = 15;      // the limit is reached within 3 months
constexpr double kOverdue = 20;        // checklist item of an earlier stage, still open
constexpr double kCurrentStage = 12;   // checklist item of the Worker's stage
constexpr double kSavingsMax = 10;     // the fix saves $10,000 a month or more

// What a fix saves counts on a log scale: $10 a month adds nothing, $100
// about 3, $1,000 about 7, $10,000 or more 10. A fix that costs money adds
// nothing and takes nothing away: when a limit needs it, severity says so.
double savings_weight(std::optional<double> cost_monthly_usd) {
  if (!cost_monthly_usd || *cost_monthly_usd >= -10) return 0;
  return kSavingsMax * std::clamp(std::log10(-*cost_monthly_usd / 10) / 3, 0.0, 1.0);
}
double kind_weight(const std::string& kind) {
  if (kind == "bottleneck" || kind == "limit") return 10;
  if (kind == "anti-pattern") return 6;
  if (kind == "config" || kind == "cost") return 3;
  return 0;
}
}  // namespace

double priority_score(const Finding& f, std::optional<int> worker_stage) {
  double score = kSeverityWeight[static_cast<int>(f.severity)];
  if (f.utilization) score += kProximityMax * std::clamp(*f.utilization, 0.0, 1.0);
  // A short runway raises the priority: 15 within 3 months, 10 within 6, 5 within 12.
  if (f.runway_months) score += *f.runway_months < 3 ? kRunwayMax : *f.runway_months < 6 ? 10 : *f.runway_months < 12 ? 5 : 0;
  if (f.stage && worker_stage) {
    auto s = stage_index(*f.stage);
    if (s && *s < *worker_stage) score += kOverdue;
    else if (s && *s == *worker_stage) score += kCurrentStage;
  }
  score += kind_weight(f.kind);
  score += savings_weight(f.cost_monthly_usd);
  return std::round(score * 10) / 10;
}

void assign_priorities(std::vector<Finding>& findings, std::optional<int> worker_stage) {
  for (auto& f : findings) f.score = priority_score(f, worker_stage);
  sort_and_number(findings, [](const Finding& a, const Finding& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.rule != b.rule) return a.rule < b.rule;
    auto binding = [](const Finding& f) { return f.target.binding ? std::string_view(*f.target.binding) : std::string_view(); };
    return binding(a) < binding(b);
  });
}

}  // namespace cfscale::engine
