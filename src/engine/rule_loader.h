// Loading the rule catalogue: every rules/CFS*.yaml plus rules/limits.yaml,
// each validated on load. A bad rule is an error with file:line:col, never a
// rule silently skipped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "cost/pricing.h"
#include "engine/limits.h"
#include "engine/rule.h"

namespace cfscale::engine {

struct RuleSet {
  std::string dir;
  Limits limits;
  cost::Pricing pricing;  // rules/pricing.yaml
  std::vector<Rule> rules;  // sorted by id

  const Rule* find(std::string_view id) const;
};

// Loads `dir` (limits.yaml and CFS*.yaml). Returns nullopt on any error.
std::optional<RuleSet> load_rules(const std::string& dir, Diagnostics& diags);

// The catalogue compiled into the binary (engine/builtin_rules.h): its files
// are named "built-in rules/<file>" in messages.
inline constexpr const char* kBuiltinRulesName = "built-in rules";
std::optional<RuleSet> builtin_rules(Diagnostics& diags);

// A folder's catalogue (--rules, CFSCALE_RULES_DIR), else the built-in one.
std::optional<RuleSet> load_catalogue(const std::optional<std::string>& dir, Diagnostics& diags);

// One rule file, against already loaded limits (exposed for tests).
std::optional<Rule> load_rule(const std::string& path, const Limits& limits, Diagnostics& diags);
std::optional<Rule> parse_rule(const Document& doc, const Limits& limits, Diagnostics& diags);

}  // namespace cfscale::engine
