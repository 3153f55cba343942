#include "engine/rule_docs.h"

#include <set>

#include <fmt/format.h>

#include "engine/derived.h"
#include "engine/topics.h"

namespace cfscale::engine {
namespace {

std::string describe_operand(const Operand& o, const Limits& limits) {
  switch (o.source) {
    case Operand::Source::Literal: return o.text;
    case Operand::Source::Threshold: {
      auto it = limits.thresholds.find(o.name);
      return it == limits.thresholds.end() ? o.text : fmt::format("{} ({} {})", o.text, format_number(it->second.value), it->second.unit);
    }
    case Operand::Source::Limit: {
      auto it = limits.limits.find(o.name);
      if (it == limits.limits.end()) return o.text;
      std::string v = it->second.paid ? format_number(*it->second.paid) : format_number(*it->second.free);
      return fmt::format("{} ({} {})", o.text, v, it->second.unit);
    }
    default: return o.text;
  }
}

void describe_condition(const Condition& c, const Limits& limits, int depth, std::string& out) {
  std::string indent(static_cast<size_t>(depth) * 2, ' ');
  switch (c.type) {
    case Condition::Type::All:
    case Condition::Type::Any:
      out += fmt::format("{}- {} of:\n", indent, c.type == Condition::Type::All ? "all" : "any");
      for (const auto& ch : c.children) describe_condition(ch, limits, depth + 1, out);
      break;
    case Condition::Type::Not:
      out += fmt::format("{}- not:\n", indent);
      describe_condition(c.children[0], limits, depth + 1, out);
      break;
    case Condition::Type::Compare:
      if (c.right)
        out += fmt::format("{}- `{}` {} `{}`\n", indent, c.left.text, to_string(c.op), describe_operand(*c.right, limits));
      else
        out += fmt::format("{}- `{}` is {}\n", indent, c.left.text, c.op == Op::Missing ? "not set" : "set");
      break;
  }
}

void collect(const Condition& c, std::set<std::string>& ops) {
  if (c.type == Condition::Type::Compare) {
    ops.insert(c.left.text);
    if (c.right && c.right->source != Operand::Source::Literal) ops.insert(c.right->text);
  }
  for (const auto& ch : c.children) collect(ch, ops);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string rule_markdown(const Rule& r, const Limits& limits) {
  std::string out;
  out += fmt::format("# {} {}\n\n", r.id, r.name);
  out += fmt::format("| | |\n|---|---|\n| topic | `{}` |\n| kind | {} |\n| target | {} |\n| severity | {}", r.topic, r.kind,
                     to_string(r.target), to_string(r.severity));
  for (const auto& e : r.escalate) out += fmt::format(", rising to {}", to_string(e.to));
  out += " |\n";
  if (r.checklist) out += fmt::format("| checklist | `{}` (stage {}) |\n", r.checklist->item, r.checklist->stage);
  if (!r.fix.empty()) out += fmt::format("| fix | `{}` (findings with the same fix for the same target are reported once) |\n", r.fix);
  out += "\n## What it does\n\n";
  out += fmt::format("Reports: *{}*\n\n", r.title);
  if (r.produced_by == "suppressions") {
    out += "cfscale produces this finding itself while it applies the `cfscale-ignore` comments of the config "
           "(see docs/ci.md, Suppressions).\n";
  } else if (r.produced_by == "cross-worker") {
    out += "cfscale produces this finding itself when it reads several configs at once (`--recursive`), from "
           "the resources they share (see docs/cli.md).\n";
  } else if (r.produced_by == "environments") {
    out += "cfscale produces this finding itself by comparing each environment of a config with its production "
           "environment (the one named production, prod or live, else the top level), from the one file.\n";
  } else if (r.produced_by == "bill") {
    out += "cfscale produces this finding itself from the monthly bill it computes from the metrics (see "
           "docs/cost.md and docs/prioritization.md).\n";
  } else {
    out += fmt::format("It fires for each {} target when:\n\n", to_string(r.target));
    describe_condition(r.when, limits, 0, out);
  }
  if (r.applies) {
    out += "\nIt applies only when:\n\n";
    describe_condition(*r.applies, limits, 0, out);
  }
  if (r.checklist && !r.checklist->unknown.empty()) {
    if (r.checklist->evidence) {
      out += "\nWhen it does not fire, its checklist item is `done` only when:\n\n";
      describe_condition(*r.checklist->evidence, limits, 0, out);
      out += "\nand otherwise `unknown`: " + trim(r.checklist->unknown) + ".\n";
    } else {
      out += "\nWhen it does not fire, its checklist item is `unknown`, never `done`: " + trim(r.checklist->unknown) + ".\n";
    }
  }
  if (!r.escalate.empty()) {
    out += "\nSeverity:\n\n";
    for (const auto& e : r.escalate) {
      out += fmt::format("- {} when:\n", to_string(e.to));
      describe_condition(e.when, limits, 1, out);
    }
  }
  if (r.produced_by.empty() && r.target == TargetType::Call)
    out += "\nA call the syntax cannot decide (options in a variable, SQL built at run time) is not reported (docs/source.md); "
           "one the code shows, whose binding lacks the metrics the rule reads, is listed as undecided, once per binding.\n";
  else if (r.produced_by.empty())
    out += "\nWithout the metrics it needs, the rule is reported as undecided rather than passed.\n";
  out += "\n## Why it matters\n\n" + trim(r.why) + "\n";
  if (!r.guide.empty()) out += "\n## Where the scaling guide is wrong\n\n" + trim(r.guide) + "\n";
  out += fmt::format("\n## Example\n\nBefore:\n\n```{}\n{}\n```\n\nAfter:\n\n```{}\n{}\n```\n", r.example.language,
                     trim(r.example.before), r.example.language, trim(r.example.after));
  out += "\n## Fix\n\n" + trim(r.recommendation) + "\n";
  for (const auto& a : r.advice) {
    if (!a.when) {
      out += "\nAlways: " + trim(a.text) + "\n";
      continue;
    }
    out += "\nWhen\n\n";
    describe_condition(*a.when, limits, 0, out);
    out += "\nit adds: " + trim(a.text) + "\n";
  }
  if (!r.yields_to.empty())
    out += fmt::format("\nIts advice contradicts that of {}: when one of them reports on the Worker, this rule's findings are not shown.\n",
                       fmt::join(r.yields_to, ", "));
  if (!r.bill_lines.empty()) out += fmt::format("\nIt explains the bill lines `{}`: a large line it reports on is not also reported as "
                                                "having no known cheaper design (CFS609).\n", fmt::join(r.bill_lines, "`, `"));
  std::set<std::string> ops;
  collect(r.when, ops);
  for (const auto& e : r.escalate) collect(e.when, ops);
  for (const auto& a : r.advice)
    if (a.when) collect(*a.when, ops);
  std::vector<std::string> data;
  for (const auto& o : ops) {
    auto dot = o.find('.');
    std::string prefix = o.substr(0, dot), name = o.substr(dot + 1);
    if (prefix == "threshold" && limits.thresholds.count(name)) {
      const auto& t = limits.thresholds.at(name);
      data.push_back(fmt::format("- `{}` = {} {}: {} (source: {})", o, format_number(t.value), t.unit, t.description, t.source));
    } else if (prefix == "limit" && limits.limits.count(name)) {
      const auto& l = limits.limits.at(name);
      data.push_back(fmt::format("- `{}`: {} — free {}, paid {} {} ({})", o, l.description,
                                 l.free ? format_number(*l.free) : "-", l.paid ? format_number(*l.paid) : "-", l.unit, l.source));
    } else if (prefix == "derived") {
      if (const auto* d = find_derived(r.target, name)) data.push_back(fmt::format("- `{}`: {}", o, d->description));
    }
  }
  if (!data.empty()) {
    out += fmt::format("\n## Limits and thresholds\n\nAs of {} (`rules/limits.yaml`; thresholds can be changed per project):\n\n", limits.as_of);
    for (const auto& d : data) out += d + "\n";
  }
  out += "\n## References\n\n";
  for (const auto& ref : r.references) out += fmt::format("- [{}]({})\n", ref.title, ref.url);
  return out;
}

std::string rules_index_markdown(const RuleSet& set) {
  std::string out =
      "# Rules\n\nGenerated by `cfscale rules docs` from `rules/`; do not edit by hand (a test fails when these\n"
      "pages are stale). `cfscale rules explain ID` prints the same page.\n\n"
      "| rule | topic | kind | target | severity | checklist |\n|---|---|---|---|---|---|\n";
  for (const auto& r : set.rules)
    out += fmt::format("| [{}]({}.md) {} | `{}` | {} | {} | {} | {} |\n", r.id, r.id, r.name, r.topic, r.kind,
                       to_string(r.target), to_string(r.severity),
                       r.checklist ? fmt::format("`{}` ({})", r.checklist->item, r.checklist->stage) : "");
  return out;
}

}  // namespace cfscale::engine
