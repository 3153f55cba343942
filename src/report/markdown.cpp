#include "report/markdown.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/printable.h"
#include "core/text.h"
#include "core/products.h"
#include "report/escape.h"

namespace cfscale::report {
namespace {

// Every name and path in this report goes through report/escape.h: md_text
// and md_cell for text, code_span for names shown as code, html_text inside
// <summary>, mermaid_text inside diagrams, whose node ids are numbers, never
// names ("a-b" and "a_b" are two nodes).
std::string mlabel(std::string_view s) { return mermaid_text(s); }

std::string bill_effect(const std::optional<double>& usd) { return usd ? format_bill_effect(*usd) : "-"; }

// A 32-hex-digit id (a KV namespace, a D1 database) says nothing in a
// diagram and widens it; the binding's name says what it is.
std::string without_hex_ids(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && std::isxdigit(static_cast<unsigned char>(s[j]))) ++j;
    bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]));
    bool word_end = j == s.size() || !std::isalnum(static_cast<unsigned char>(s[j]));
    if (j - i >= 32 && word_start && word_end) {
      out += "…" + std::string(s.substr(j - 4, 4));
      i = j;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// GitHub's anchor for a heading: lower case, spaces to '-', punctuation
// dropped; a repeated heading gets -1, -2, ...
std::string anchor(std::string_view heading, std::map<std::string, int>& seen) {
  std::string a;
  for (unsigned char c : heading) {
    if (std::isalnum(c) || c == '-' || c == '_' || c >= 0x80) a += static_cast<char>(std::tolower(c));
    else if (c == ' ') a += '-';
  }
  int n = seen[a]++;
  return n == 0 ? a : fmt::format("{}-{}", a, n);
}

Severity worst(const WorkerReport& w) {
  Severity s = Severity::Info;
  for (const auto& f : w.findings) s = std::max(s, f.severity);
  return s;
}

// A location as a code span ("-" when there is none).
std::string where(const std::optional<Location>& l) {
  if (!l) return "-";
  return code_span(l->pos.valid() ? fmt::format("{}:{}:{}", l->file, l->pos.line, l->pos.column) : l->file);
}

std::string target(const Target& t) { return t.binding ? fmt::format("{} {}", t.product, *t.binding) : "worker"; }

std::string counts(const WorkerReport& w) {
  std::map<Severity, size_t> by;
  for (const auto& f : w.findings) ++by[f.severity];
  std::vector<std::string> parts;
  for (auto s : kAllSeverities)
    if (by.count(s)) parts.push_back(fmt::format("{} {}", by[s], to_string(s)));
  return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, ", "));
}

std::string nearest_runway(const WorkerReport& w) {
  for (const auto& r : w.runway)
    if (r.months)
      return fmt::format("{} {}: {}% used, {}", r.limit, target(r.target), format_number(std::round(r.utilization * 100)),
                         *r.months == 0 ? "reached" : fmt::format("~{} months", format_number(*r.months)));
  return "-";
}

std::string evidence(const Evidence& e) {
  std::string value = e.value ? format_number(*e.value) : md_text(e.text.value_or(""));
  if (e.op == "missing") return fmt::format("{} is not set", code_span(e.input));
  if (e.op == "present") return fmt::format("{} is set", code_span(e.input));
  std::string out = fmt::format("{} = {}", code_span(e.input), value);
  if (std::string from = origin_text(e.source); !from.empty()) out += fmt::format(" ({})", code_span(from));
  if (e.threshold || e.threshold_text) {
    out += fmt::format(" {} {}", e.op, e.threshold ? format_number(*e.threshold) : md_text(*e.threshold_text));
    if (!e.threshold_input.empty()) {
      std::string from = origin_text(e.threshold_source);
      out += from.empty() ? fmt::format(" ({})", code_span(e.threshold_input)) : fmt::format(" ({}, {})", code_span(e.threshold_input), code_span(from));
    }
  }
  if (!e.basis.empty()) out += fmt::format(" — {}", md_text(e.basis));
  return out;
}

void findings(std::string& out, const WorkerReport& w) {
  out += "### Findings\n\n";
  if (w.findings.empty()) {
    out += "No findings.\n\n";
    return;
  }
  out += "| # | severity | finding | target | rule | the fix, a month |\n|---:|---|---|---|---|---:|\n";
  for (const auto& f : w.findings)
    out += fmt::format("| {} | {} | {} | {} | {} {} | {} |\n", f.priority, to_string(f.severity), md_cell(f.title), md_cell(target(f.target)),
                       md_cell(f.rule), code_span(f.topic, true), bill_effect(f.cost_monthly_usd));
  out += "\n";
  for (const auto& f : w.findings) {
    out += fmt::format("<details><summary>{}. {} — {}</summary>\n\n", f.priority, to_string(f.severity), html_text(f.title));
    out += md_text(f.message) + "\n\n**Evidence**\n\n";
    for (const auto& e : f.evidence) out += "- " + evidence(e) + "\n";
    if (!f.snippet.empty()) out += "\n" + code_block(f.snippet, "typescript");
    out += "\n**Recommendation**\n\n" + md_text(f.recommendation) + "\n\n";
    if (!f.example.empty()) out += code_block(f.example, f.example_language) + "\n";
    if (f.cost_monthly_usd)
      out += fmt::format("**{}** — {}\n\n", *f.cost_monthly_usd == 0 ? std::string("No change to the bill") : "The fix " + bill_effect(f.cost_monthly_usd) + " a month",
                         md_text(f.cost_basis));
    else if (f.cost_bound_usd)
      out += fmt::format("**Not estimated** — {}\n\n", md_text(f.cost_basis));
    if (f.runway_months) out += fmt::format("**Runway:** the limit is reached in about {} months\n\n", format_number(*f.runway_months));
    if (!f.note.empty()) out += fmt::format("**Note:** {}\n\n", md_text(f.note));
    out += fmt::format("**Location:** {} · rule {} {}", where(f.location), md_text(f.rule), code_span(f.topic));
    if (!f.related_rules.empty()) out += fmt::format(" · also {}", md_text(fmt::format("{}", fmt::join(f.related_rules, ", "))));
    if (!f.references.empty()) out += fmt::format(" · [docs]({})", md_url(f.references.front()));
    out += "\n\n</details>\n\n";
  }
}

void checklist(std::string& out, const WorkerReport& w) {
  out += "### Checklist\n\n| stage | item | status | why |\n|---|---|---|---|\n";
  for (const auto& c : w.checklist)
    out += fmt::format("| {} | {} | {} | {} |\n", md_cell(c.stage), code_span(c.item, true), md_cell(c.status), md_cell(c.why));
  out += "\n";
}

void cost(std::string& out, const WorkerReport& w) {
  const auto& c = w.cost;
  out += "### Cost\n\n";
  if (!c.monthly_usd) {
    out += "No metrics: nothing to price beyond the plan's base fee.\n\n";
    return;
  }
  std::vector<std::pair<std::string, double>> slices;
  for (const auto& [product, usd] : c.by_product)
    if (usd > 0) slices.emplace_back(product, usd);
  if (!slices.empty()) {
    std::sort(slices.begin(), slices.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    out += fmt::format("```mermaid\npie showData title Monthly cost by product, {} in all\n", format_money(*c.monthly_usd));
    for (const auto& [product, usd] : slices)
      out += fmt::format("    \"{} {}\" : {:.2f}\n", mlabel(product_title(product)), format_money(usd), usd);
    out += "```\n\n";
  }
  out += fmt::format("{} plan, prices as of {}, a month of {} days.\n\n", md_text(c.plan), md_text(c.pricing_as_of), format_number(c.month_days));
  out += "| item | usage / month | included | billable | cost |\n|---|---:|---:|---:|---:|\n";
  for (const auto& l : c.lines)
    out += fmt::format("| {} | {} | {} | {} | {} |\n", code_span(l.item, true), format_number(l.usage), format_number(l.included),
                       format_number(l.billable), format_money(l.monthly_usd));
  if (c.base_fee > 0) out += fmt::format("| base fee | | | | {} |\n", format_money(c.base_fee));
  out += fmt::format("| **total** | | | | **{}** |\n\n", format_money(*c.monthly_usd));
  for (const auto& [item, missing] : c.not_estimated) out += fmt::format("- not estimated: {} (needs {})\n", code_span(item), md_text(missing));
  for (const auto& f : c.free_plan_failures) out += fmt::format("- **Free plan:** {}\n", md_text(f));
  if (!c.not_estimated.empty() || !c.free_plan_failures.empty()) out += "\n";
  if (!w.runway.empty()) {
    out += "| limit | target | used | reached in |\n|---|---|---:|---|\n";
    for (const auto& r : w.runway)
      out += fmt::format("| {} | {} | {}% | {} |\n", md_cell(r.limit), md_cell(target(r.target)), format_number(std::round(r.utilization * 100)),
                         !r.months ? "not at this growth" : *r.months == 0 ? "reached" : fmt::format("~{} months", format_number(*r.months)));
    out += "\n";
  }
}

void architecture(std::string& out, const WorkerReport& w) {
  out += "### Architecture\n\n```mermaid\nflowchart LR\n";
  // Node ids by (kind, name): "w" the Worker, then n1, n2, ... in order.
  std::map<std::pair<std::string, std::string>, std::string> ids;
  auto id_of = [&](const std::string& kind, const std::string& name) {
    auto [it, added] = ids.try_emplace({kind, name}, "");
    if (added) it->second = fmt::format("n{}", ids.size());
    return it->second;
  };
  const std::string worker = "w";
  std::map<std::string, size_t> flagged;  // node id -> findings about it
  for (const auto& f : w.findings) {
    if (!f.target.binding) ++flagged[worker];
    else if (f.target.product == "queues") ++flagged[id_of("queue", *f.target.binding)];
    else ++flagged[id_of(f.target.product, *f.target.binding)];
  }
  auto mark = [&](const std::string& id) {
    auto it = flagged.find(id);
    return it == flagged.end() ? std::string() : fmt::format("<br/>⚠ {} finding{}", it->second, it->second == 1 ? "" : "s");
  };
  out += fmt::format("    {}[\"{}{}\"]\n", worker, mlabel(w.name.value_or("(unnamed Worker)")), mark(worker));
  for (const auto& b : w.bindings) {
    std::string id = id_of(b.product, b.name);
    std::string label = mlabel(fmt::format("{} {}", b.product, b.name)) + "<br/>" + mlabel(without_hex_ids(b.detail)) + mark(id);
    const Product* p = find_product(b.product);
    Shape shape = p ? p->shape : Shape::Box;
    if (shape == Shape::Service)
      out += fmt::format("    {} -->|service| {}[[\"{}\"]]\n", worker, id, label);
    else if (shape == Shape::Store)
      out += fmt::format("    {} --> {}[(\"{}\")]\n", worker, id, label);
    else
      out += fmt::format("    {} --> {}[\"{}\"]\n", worker, id, label);
  }
  for (const auto& q : w.queues) {
    std::string id = id_of("queue", q.queue);
    out += fmt::format("    {}>\"queue {}{}\"]\n", id, mlabel(q.queue), mark(id));
    if (q.produced) out += fmt::format("    {} -->|send| {}\n", worker, id);
    if (q.consumed) out += fmt::format("    {} -->|consume| {}\n", id, worker);
    if (q.dead_letter_queue) {
      std::string dlq = id_of("queue", *q.dead_letter_queue);
      out += fmt::format("    {} -.->|dead letters| {}>\"queue {}\"]\n", id, dlq, mlabel(*q.dead_letter_queue));
    }
  }
  if (!flagged.empty()) {
    out += "    classDef finding fill:#fde2e1,stroke:#c0392b,stroke-width:2px\n";
    for (const auto& [id, n] : flagged) out += fmt::format("    class {} finding\n", id);
  }
  out += "```\n\n";
}

}  // namespace

std::string render_markdown(const Report& r) {
  std::string out = "# cfscale report\n\n";
  // The Workers with the worst findings first, each linked to its section.
  std::vector<const WorkerReport*> order;
  for (const auto& w : r.workers) order.push_back(&w);
  std::stable_sort(order.begin(), order.end(), [](const WorkerReport* a, const WorkerReport* b) {
    bool fa = !a->findings.empty(), fb = !b->findings.empty();
    if (fa != fb) return fa;
    if (worst(*a) != worst(*b)) return worst(*a) > worst(*b);
    return a->findings.size() > b->findings.size();
  });
  std::map<std::string, int> seen;
  std::vector<std::string> headings, anchors;
  for (const WorkerReport* w : order) {
    // The anchor is GitHub's for the heading as shown (names through printable()).
    headings.push_back(printable(fmt::format("{}{}", w->name.value_or("(unnamed Worker)"), w->env ? fmt::format(" (env {})", *w->env) : "")));
    anchors.push_back(anchor(headings.back(), seen));
  }
  out += "| Worker | env | stage | monthly cost | findings | nearest limit |\n|---|---|---|---:|---|---|\n";
  double total = 0;
  bool any_cost = false;
  size_t total_findings = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    const WorkerReport& w = *order[i];
    out += fmt::format("| [{}](#{}) | {} | {} | {} | {} | {} |\n", md_cell(w.name.value_or("(unnamed)")), anchors[i], w.env ? md_cell(*w.env) : "-",
                       w.stage ? fmt::format("{} ({} requests/day)", md_cell(*w.stage), format_number(*w.requests_per_day)) : "unknown",
                       w.cost.monthly_usd ? format_money(*w.cost.monthly_usd) : "-", counts(w), md_cell(nearest_runway(w)));
    if (w.cost.monthly_usd) {
      total += *w.cost.monthly_usd;
      any_cost = true;
    }
    total_findings += w.findings.size();
  }
  if (order.size() > 1)
    out += fmt::format("| **{} Workers** | | | **{}** | **{} finding{}** | |\n", order.size(), any_cost ? format_money(total) : "-",
                       total_findings, total_findings == 1 ? "" : "s");
  out += "\n";
  for (size_t i = 0; i < order.size(); ++i) {
    const WorkerReport& w = *order[i];
    out += fmt::format("## {}\n\n", md_text(headings[i]));
    out += fmt::format("Config {}{}.", code_span(w.config), w.metrics ? fmt::format(", metrics {}", code_span(*w.metrics)) : ", no metrics");
    if (w.suppressed) out += fmt::format(" {} finding{} suppressed by cfscale-ignore comments.", w.suppressed, w.suppressed == 1 ? "" : "s");
    if (w.baseline_hidden) out += fmt::format(" {} finding{} hidden by the baseline.", w.baseline_hidden, w.baseline_hidden == 1 ? "" : "s");
    out += "\n\n";
    findings(out, w);
    checklist(out, w);
    cost(out, w);
    architecture(out, w);
  }
  if (r.recursive) {
    out += fmt::format("## Across Workers\n\n");
    if (r.cross.empty()) out += "No findings across Workers.\n\n";
    else {
      out += "| # | severity | finding | Workers | rule |\n|---:|---|---|---|---|\n";
      for (const auto& f : r.cross)
        out += fmt::format("| {} | {} | {} | {} | {} {} |\n", f.priority, to_string(f.severity), md_cell(f.title),
                           md_cell(fmt::format("{}", fmt::join(f.workers, ", "))), md_cell(f.rule), code_span(f.topic, true));
      out += "\n";
      for (const auto& f : r.cross) {
        out += fmt::format("<details><summary>{}. {} — {}</summary>\n\n{}\n\n**Recommendation**\n\n{}\n\n**Locations:**", f.priority,
                           to_string(f.severity), html_text(f.title), md_text(f.message), md_text(f.recommendation));
        out += fmt::format(" {}", where(f.location));
        for (const auto& l : f.related_locations) out += fmt::format(", {}", where(l));
        out += "\n\n</details>\n\n";
      }
    }
    if (!r.services.empty()) {
      out += "### Service bindings\n\n```mermaid\nflowchart LR\n";
      std::map<std::string, std::string> ids;
      auto node = [&](const std::string& name, bool outside) {
        auto it = ids.find(name);
        if (it != ids.end()) return it->second;
        std::string id = fmt::format("s{}", ids.size());
        ids[name] = id;
        if (outside) out += fmt::format("    {}[/\"{} (outside this tree)\"/]\n", id, mlabel(name));
        else out += fmt::format("    {}[\"{}\"]\n", id, mlabel(name));
        return id;
      };
      for (const auto& e : r.services) {
        std::string from = node(e.from, false);
        std::string to = node(e.to, !e.in_repo);
        out += fmt::format("    {} -->|\"{}\"| {}\n", from, mlabel(e.binding), to);
      }
      out += "```\n\n";
    }
  }
  out += fmt::format("<sub>cfscale {} · limits as of {}</sub>\n", r.tool_version, r.limits_as_of);
  return out;
}

}  // namespace cfscale::report
