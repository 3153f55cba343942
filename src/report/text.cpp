#include "report/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "core/color.h"
#include "core/printable.h"
#include "core/text.h"
#include "report/wrap.h"

namespace cfscale::report {
namespace {

// Colour when the output is a terminal (TextOptions::color).
struct Paint {
  bool on;
  std::string operator()(fmt::text_style style, std::string_view s) const { return color::styled(on, style, s); }
  void into(std::string& out, fmt::text_style style, std::string_view s) const { color::append(out, on, style, s); }
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Everything from the inputs reaches the text report through printable():
// Paint (titles, names), wrap_into (every field), and the header. A name
// with a newline or an escape sequence is shown as one, never run by the
// terminal or taken for a line of the report.

// Appends s padded with spaces to `width` bytes, after it or before it (what
// is padded this way is ASCII).
void pad(std::string& out, std::string_view s, size_t width) {
  out += s;
  if (s.size() < width) out.append(width - s.size(), ' ');
}
void pad_left(std::string& out, std::string_view s, size_t width) {
  if (s.size() < width) out.append(width - s.size(), ' ');
  out += s;
}

std::string num(double d) { return format_number(d); }

std::string target_label(const Target& t);

std::string money(double d) { return format_money(d); }

// Appends s left-aligned in `width` columns, as fmt's "{:<N}" does; fmt
// itself only for text that is not ASCII (it counts display width).
void align_left(std::string& out, std::string_view s, size_t width) {
  if (is_ascii(s) && !needs_printable(s)) pad(out, s, width);
  else out += fmt::format("{:<{}}", printable(s), width);
}

// Appended rather than formatted: a large tree has one per Worker and limit.
void runway_line_into(std::string& out, const RunwayItem& r) {
  align_left(out, r.limit, 17);
  out += ' ';
  align_left(out, target_label(r.target), 28);
  out += ' ';
  pad_left(out, num(std::round(r.utilization * 100)) + "%", 5);
  out += " used, ";
  if (!r.months) out += "not reached at the current growth";
  else if (*r.months == 0) out += "already reached";
  else out += "reached in about " + num(*r.months) + " months";
}

std::string cost_and_runway(const WorkerReport& w, const Paint& p) {
  std::string out;
  if (w.cost.monthly_usd) {
    out += '\n';
    p.into(out, color::kBold, "Cost:");
    out += fmt::format(" {} a month on the {} plan (prices as of {}; cfscale cost --explain for the arithmetic)\n",
                       money(*w.cost.monthly_usd), w.cost.plan, w.cost.pricing_as_of);
  }
  for (const auto& f : w.cost.free_plan_failures) out += fmt::format("  {} {}\n", p(color::kRed, "Free plan:"), printable(f));
  std::vector<const RunwayItem*> shown;
  for (const auto& r : w.runway)
    if (((r.months && *r.months <= 24) || r.utilization >= 0.5) && shown.size() < 5) shown.push_back(&r);
  if (!shown.empty()) {
    out += fmt::format("\n{}{}\n", p(color::kBold, "Runway"),
                       w.growth_pct_per_month ? fmt::format(" (at {}% growth a month)", num(*w.growth_pct_per_month)) : std::string());
    for (const auto* r : shown) {
      out += "  ";
      runway_line_into(out, *r);
      out += '\n';
    }
  }
  return out;
}

void evidence_into(std::string& out, const Evidence& e) {
  out += e.input;
  if (e.op == "missing" || e.op == "present") {
    out += e.op == "missing" ? " is not set" : " is set";
    return;
  }
  out += " = ";
  out += e.value ? num(*e.value) : e.text.value_or("");
  if (std::string from = origin_text(e.source); !from.empty()) {  // where to correct it
    out += " (";
    out += from;
    out += ')';
  }
  if (e.threshold || e.threshold_text) {
    out += ' ';
    out += e.op;
    out += ' ';
    out += e.threshold ? num(*e.threshold) : *e.threshold_text;
    if (!e.threshold_input.empty()) {
      out += " (";
      out += e.threshold_input;
      if (std::string from = origin_text(e.threshold_source); !from.empty()) out += ", " + from;
      out += ')';
    }
  }
  if (!e.basis.empty()) {
    out += " [";
    out += e.basis;
    out += ']';
  }
}

std::string target_label(const Target& t) {  // "d1 CATALOG", "worker", "bill line kv.reads"
  if (t.binding && t.binding->find('.') != std::string::npos && t.binding->rfind(t.product == "worker" ? "workers." : t.product + ".", 0) == 0)
    return "bill line " + *t.binding;
  return t.binding ? t.product + " " + *t.binding : std::string("worker");
}

std::string header(const WorkerReport& w, const Paint& p) {
  std::string out = p(color::kBold, w.name.value_or("(unnamed Worker)"));
  if (w.env) out += " [env " + printable(*w.env) + "]";
  out += "  " + printable(w.config);
  out += w.metrics ? " + " + printable(*w.metrics) : std::string(" (no metrics)");
  out += "\n";
  if (w.stage) out += "stage " + *w.stage + " (" + num(*w.requests_per_day) + " requests/day) · " + w.plan + " plan\n";
  else out += "stage unknown (no worker.requests_per_day) · " + w.plan + " plan\n";
  return out;
}

void location_into(std::string& out, const Location& l, bool always_position = false) {
  out += l.file;
  if (!l.pos.valid() && !always_position) return;
  out += ':';
  out += std::to_string(l.pos.line);
  out += ':';
  out += std::to_string(l.pos.column);
}

// One finding, appended to `out`: the hot path of a large tree's report.
void finding_into(std::string& out, const Finding& f, const TextOptions& o, const Paint& p) {
  pad_left(out, std::to_string(f.priority), 3);
  out += ". ";
  std::string sev = upper(to_string(f.severity));
  if (sev.size() < 8) sev.append(8 - sev.size(), ' ');
  p.into(out, color::of(f.severity), sev);
  out += ' ';
  p.into(out, color::kBold, f.title);
  out += "  ";
  p.into(out, color::kFaint, "[" + f.rule + " " + f.topic + "]");
  out += '\n';
  const size_t ind = 14;
  // "     label    value", the value wrapped under itself.
  auto label = [&](std::string_view name) {
    out += "     ";
    pad(out, name, 9);
  };
  auto field = [&](std::string_view name, std::string_view value) {
    label(name);
    wrap_into(out, value, o.width, ind);
    out += '\n';
  };
  std::string line = target_label(f.target) + " at ";
  if (f.location) location_into(line, *f.location);
  else line += '-';
  field("target", line);
  if (!f.snippet.empty()) field("code", f.snippet);
  for (size_t i = 0; i < f.evidence.size(); ++i) {
    line.clear();
    evidence_into(line, f.evidence[i]);
    field(i == 0 ? "evidence" : "", line);
  }
  field("why", f.message);
  field("do", f.recommendation);
  if (!f.note.empty()) field("note", f.note);
  if (f.cost_monthly_usd)
    field("cost", (*f.cost_monthly_usd == 0 ? std::string("no change to the bill") : "the fix " + format_bill_effect(*f.cost_monthly_usd) + " a month") +
                      ": " + f.cost_basis);
  else if (f.cost_bound_usd)
    field("cost", "not estimated: " + f.cost_basis);
  if (f.runway_months) field("runway", *f.runway_months == 0 ? std::string("the limit is already reached")
                                                               : "the limit is reached in about " + num(*f.runway_months) + " months");
  if (!f.related_rules.empty()) {
    line.clear();
    for (size_t i = 0; i < f.related_rules.size(); ++i) {
      if (i) line += ", ";
      line += f.related_rules[i];
      line += ' ';
      if (i < f.related_topics.size()) line += f.related_topics[i];
    }
    field("also", line);
  }
  for (size_t i = 0; i < f.related_locations.size(); ++i) {
    line.clear();
    location_into(line, f.related_locations[i], true);
    field(i == 0 ? "and at" : "", line);
  }
  if (!f.references.empty()) field("docs", f.references.front());
}

std::string summary(const Report& r) {
  Tally t = r.tally();
  std::vector<std::string> parts;
  for (auto s : kAllSeverities)
    if (t.by_severity.count(s)) parts.push_back(fmt::format("{} {}", t.by_severity[s], to_string(s)));
  std::string out = fmt::format("{} finding{}", t.findings, t.findings == 1 ? "" : "s");
  if (!parts.empty()) out += fmt::format(" ({})", fmt::join(parts, ", "));
  if (t.undecided) out += fmt::format("; {} check{} undecided for lack of metrics", t.undecided, t.undecided == 1 ? "" : "s");
  if (t.suppressed) out += fmt::format("; {} suppressed by cfscale-ignore comments", t.suppressed);
  if (t.baseline_hidden) out += fmt::format("; {} in the baseline", t.baseline_hidden);
  if (t.disabled_rules) out += fmt::format("; {} rule{} disabled in the settings", t.disabled_rules, t.disabled_rules == 1 ? "" : "s");
  return out;
}

}  // namespace

std::string render_text_worker(const WorkerReport& w, const TextOptions& o) {
  Paint p{o.color};
  std::string out;
  out.reserve(1024 + 1280 * w.findings.size());  // about what a finding takes: one allocation, not a doubling series
  out += header(w, p);
  std::optional<Severity> group;
  for (const auto& f : w.findings) {
    if (f.severity != group) {
      group = f.severity;
      out += '\n';
      p.into(out, color::of(f.severity), upper(to_string(f.severity)));
      out += '\n';
    }
    finding_into(out, f, o, p);
  }
  if (w.findings.empty()) out += "\nNo findings.\n";
  out += cost_and_runway(w, p);
  out += "\nChecklist: ";
  bool first = true;
  for (std::string_view s : {"todo", "done", "unknown", "not-applicable", "later"}) {
    size_t n = static_cast<size_t>(std::count_if(w.checklist.begin(), w.checklist.end(), [&](const ChecklistEntry& c) { return c.status == s; }));
    if (n == 0) continue;
    if (!first) out += ", ";
    first = false;
    out += std::to_string(n);
    out += ' ';
    out += s;
  }
  out += " (cfscale checklist for details)\n";
  if (o.verbose && !w.undecided.empty()) {
    out += "\nUndecided (add these metrics to decide):\n";
    for (const auto& u : w.undecided)
      out += fmt::format("  {} {} {}: {}\n", u.rule, u.topic, printable(target_label(u.target)), printable(fmt::format("{}", fmt::join(u.missing, ", "))));
  }
  out += "\n";
  return out;
}

std::string render_text_end(const Report& r, const TextOptions& o) {
  Paint p{o.color};
  std::string out;
  if (r.recursive) {
    out += fmt::format("{} ({} Worker deployments)\n", p(color::kBold, "Across Workers"), r.tally().workers);
    for (const auto& f : r.cross) finding_into(out, f, o, p);
    if (r.cross.empty()) out += "No findings across Workers.\n";
    size_t external = 0;
    for (const auto& e : r.services) external += e.in_repo ? 0 : 1;
    out += fmt::format("Service bindings: {} ({} to Workers outside this tree)\n\n", r.services.size(), external);
  }
  out += p(color::kBold, summary(r)) + "\n";
  return out;
}

std::string render_checklist_worker(const WorkerReport& w, const TextOptions& o) {
  Paint p{o.color};
  std::string out = header(w, p);
  std::string stage;
  for (const auto& c : w.checklist) {
    if (c.stage != stage) {
      stage = c.stage;
      bool current = w.stage && *w.stage == stage;
      out += fmt::format("\n{}{}\n", p(color::kBold, stage), current ? "  <- this Worker" : "");
    }
    std::string_view mark = c.status == "done" ? "[x]" : c.status == "todo" ? "[ ]" : c.status == "unknown" ? "[?]" : c.status == "later" ? "[.]" : "[-]";
    fmt::text_style style = c.status == "done"      ? fmt::fg(fmt::terminal_color::green)
                            : c.status == "todo"    ? color::kRed
                            : c.status == "unknown" ? fmt::fg(fmt::terminal_color::yellow)
                                                    : color::kFaint;
    out += fmt::format("  {} {:<22} {:<15} {}\n", p(style, mark), c.item, c.status, wrap(c.why, o.width, 45));
  }
  out += "\n";
  return out;
}

}  // namespace cfscale::report
