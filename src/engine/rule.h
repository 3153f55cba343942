// A rule, as loaded from rules/<ID>-<name>.yaml.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "core/location.h"
#include "core/severity.h"
#include "engine/condition.h"
#include "engine/target.h"
#include "engine/template.h"

namespace cfscale::engine {

struct Escalation {
  Severity to = Severity::Info;
  Condition when;
};

struct ChecklistSpec {
  std::string item;   // docs/interface.md §4 checklist topic
  std::string stage;  // launch | 10k | 100k | 1m | 10m
  std::string done;   // why the item is done (template)
  std::string not_applicable;  // why it does not apply (template)
  // No finding is not proof the practice is in place: when `unknown` is
  // set, the item is done only if `evidence` (over the Worker) holds, else
  // it is unknown and `unknown` says what would tell.
  std::optional<Condition> evidence;
  std::string unknown;         // template
};

// A sentence of the recommendation that holds only for some configs ("remove
// max_concurrency" only where it is set): appended when `when` is true.
struct Advice {
  std::string text;
  Template compiled;
  std::optional<Condition> when;  // none: always
};

struct Reference {
  std::string title;
  std::string url;
};

struct Example {
  std::string language;
  std::string before;
  std::string after;
};

struct Rule {
  std::string file;
  Pos pos;
  std::string id;     // CFS101
  std::string name;   // d1-read-latency
  std::string topic;
  std::string kind;   // bottleneck | anti-pattern | checklist | limit | config
  TargetType target = TargetType::Worker;
  std::string fix;    // findings with the same fix for the same target are one problem
  Severity severity = Severity::Info;
  std::vector<Escalation> escalate;
  std::string title;
  std::string message;
  std::string recommendation;
  std::vector<Advice> advice;  // after the recommendation, each where its condition holds
  std::string why;
  std::string guide;  // where the scaling guide is wrong and how this rule corrects it
  Example example;
  std::vector<Reference> references;
  Condition when;
  std::optional<Condition> applies;
  std::optional<ChecklistSpec> checklist;
  std::optional<Operand> utilization;
  // Findings of the rule with the same known value of this operand are one
  // finding (the queries of one loop), at the first, naming the others.
  std::optional<Operand> merge_by;
  std::string location_key;  // empty: the target's entry; else a top-level config key
  std::string cost_model;    // how following the recommendation changes the bill (cost/fix_models)
  std::string produced_by;   // "suppressions", "cross-worker", "bill": cfscale makes these findings itself; no `when`
  // Rules whose findings contradict this rule's advice and win: when one of
  // them has a finding for the Worker, this rule's findings are dropped
  // ("shard too early" never beside "shard this database").
  std::vector<std::string> yields_to;
  std::vector<std::string> bill_lines;  // the bill lines (pricing items) whose cost this rule explains
  // title, message and recommendation for the rule's target; the checklist's
  // done and not_applicable for the Worker (compiled by the loader).
  struct Compiled {
    Template title, message, recommendation, done, not_applicable, unknown;
  } compiled;
};

// The placeholders of the texts of a rule whose findings cfscale makes itself
// (`produced_by`), filled by the code that makes them; none for other rules.
std::span<const std::string_view> produced_placeholders(std::string_view produced_by);

}  // namespace cfscale::engine
