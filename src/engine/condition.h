// Rule conditions as data: all / any / not over comparisons whose operands
// are metrics, config fields, limits, thresholds, derived facts or literals.
// Evaluation is three-valued: a comparison on a metric nobody measured is
// unknown, and so is a rule that depends on it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/node.h"
#include "core/report.h"
#include "engine/context.h"
#include "engine/value.h"

namespace cfscale::engine {

struct DerivedSpec;

struct Operand {
  enum class Source { Literal, Metric, WorkerMetric, Config, Code, Limit, Threshold, Derived };
  Source source = Source::Literal;
  std::string name;  // the key after the prefix
  std::string text;  // as written ("metric.read_latency_p95_ms", "50")
  Val literal;
  // Derived: the fact for targets of type `derived_for`, found once when the
  // rule is read (the table is static).
  const DerivedSpec* derived = nullptr;
  TargetType derived_for = TargetType::Worker;
  // Config and Code: the field's reader for targets of type `field_for`,
  // found when the rule is read (a target of another type looks it up).
  FieldReader field = nullptr;
  TargetType field_for = TargetType::Worker;
};

enum class Op { Gt, Ge, Lt, Le, Eq, Ne, Present, Missing };

struct Condition {
  enum class Type { All, Any, Not, Compare };
  Type type = Type::Compare;
  std::vector<Condition> children;
  Operand left;
  Op op = Op::Eq;
  std::optional<Operand> right;
  Pos pos;
};

enum class Tri { False, True, Unknown };

// An operand's value with what the evidence says about it.
struct Resolved {
  Val value;
  std::string input;             // evidence name: "d1.DB.storage_gb", "limit.d1_storage_gb"
  std::optional<Origin> origin;  // where the value came from
  std::string basis;             // how a derived value was computed
  std::vector<DerivedInput> derived_from;  // ... and from what
  std::vector<std::string> missing;
};

// A comparison that held while a rule was decided: the values compared and
// the operator (after negation). Deciding a rule writes no text; once it
// fires, its evidence is written from these steps (explain).
struct Step {
  const Condition* cond;
  Op op;
  Val left;
  std::optional<Val> right;
};
using Trace = std::vector<Step>;

// Parses an operand string; errors name the rule file position.
std::optional<Operand> parse_operand(const Node& n, TargetType target, const Limits& limits, const Document& doc,
                                     Diagnostics& diags);

// Parses a condition tree.
std::optional<Condition> parse_condition(const Node& n, TargetType target, const Limits& limits, const Document& doc,
                                         Diagnostics& diags);

// The value of an operand; `missing` receives the metric paths it needed
// that nobody measured.
Val value_of(const Operand& o, const Context& c, const Target& t, std::vector<std::string>& missing);
// The value with its name, origin and basis, for evidence and templates.
Resolved resolve(const Operand& o, const Context& c, const Target& t);

// Evaluates `cond`; on True, `trace` holds every comparison it rests on.
// `missing` collects the unmeasured inputs that made parts unknown.
Tri evaluate(const Condition& cond, const Context& c, const Target& t, Trace& trace, std::vector<std::string>& missing);

// The evidence of a trace: each comparison with its operands' names,
// origins and bases.
std::vector<Evidence> explain(const Trace& trace, const Context& c, const Target& t);

std::string_view to_string(Op op);

}  // namespace cfscale::engine
