// The findings cfscale makes from the bill itself (rules with
// `produced_by: bill`): Free-plan quotas near or past their allowance, and
// bill lines too large to leave unexplained that no rule explains.
#pragma once

#include <optional>
#include <vector>

#include "core/report.h"
#include "engine/context.h"
#include "engine/rule_loader.h"

namespace cfscale::engine {

// Free-plan quotas (CFS600): every priced item with a daily or total Free
// allowance, at `threshold.free_quota_warn` of it or more. Each finding
// carries its runway at `growth` and what the same traffic costs on Workers
// Paid; the runway also goes into `runway`. Nothing on the Paid plan.
void free_plan_findings(const RuleSet& rules, const Context& c, std::optional<double> growth, std::vector<Finding>& findings,
                        std::vector<RunwayItem>& runway);

// Bill lines of at least `threshold.bill_line_share` of the bill and
// `threshold.bill_line_usd` a month that no finding explains (no finding of a
// rule whose `bill_line` is that line): an info finding each (CFS609).
void unexplained_bill_lines(const RuleSet& rules, const Context& c, std::vector<Finding>& findings);

}  // namespace cfscale::engine
