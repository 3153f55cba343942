#include "report/diff.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_value.h"
#include "core/printable.h"
#include "core/text.h"
#include "report/escape.h"

namespace cfscale::report {
namespace {

using J = nlohmann::ordered_json;

// A report's shape is checked as it is read: a wrong type names its JSON path.
struct Reader {
  std::string error;

  const J* member(const J& obj, const char* key, const std::string& path, J::value_t type, bool nullable = false) {
    if (!error.empty()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
      error = fmt::format("{}.{} is missing", path, key);
      return nullptr;
    }
    if (nullable && it->is_null()) return &*it;
    bool ok = type == J::value_t::number_float ? it->is_number() : it->type() == type;
    if (!ok) error = fmt::format("{}.{} is not {}", path, key, type == J::value_t::array ? "an array" : type == J::value_t::object ? "an object" : type == J::value_t::string ? "a string" : "a number");
    return ok ? &*it : nullptr;
  }
  std::optional<std::string> str(const J& obj, const char* key, const std::string& path) {
    const J* v = member(obj, key, path, J::value_t::string, true);
    return v && v->is_string() ? std::optional(v->get<std::string>()) : std::nullopt;
  }
  std::optional<double> num(const J& obj, const char* key, const std::string& path) {
    const J* v = member(obj, key, path, J::value_t::number_float, true);
    return v && v->is_number() ? std::optional(v->get<double>()) : std::nullopt;
  }
};

std::string target_text(const J& t) {
  std::string product = t.value("product", "");
  auto b = t.find("binding");
  return b != t.end() && b->is_string() ? product + " " + b->get<std::string>() : product;
}

struct Side {
  std::map<std::string, DiffFinding> findings;   // by key
  std::vector<std::string> order;                // keys in report order
  std::map<std::string, std::optional<double>> bill;           // worker -> monthly
  std::map<std::pair<std::string, std::string>, double> products;  // (worker, product) -> monthly
  std::map<std::tuple<std::string, std::string, std::string>, std::optional<double>> runway;  // (worker, limit, target)
  bool any_bill = false;
};

void add_finding(Side& s, Reader& rd, const J& f, const std::string& worker, const std::string& path, const std::string& extra) {
  if (!f.is_object()) { rd.error = path + " is not an object"; return; }
  auto rule = rd.str(f, "rule", path);
  auto sev = rd.str(f, "severity", path);
  const J* t = rd.member(f, "target", path, J::value_t::object);
  if (!rd.error.empty()) return;
  auto severity = sev ? parse_severity(*sev) : std::nullopt;
  if (!severity) { rd.error = path + ".severity is not a severity"; return; }
  std::string key = worker + "\x1f" + rule.value_or("") + "\x1f" + target_text(*t) + "\x1f" + extra;
  if (s.findings.count(key)) return;  // one problem is one finding (merged findings are already one)
  s.order.push_back(key);
  s.findings[key] = DiffFinding{worker, *severity, f, std::nullopt};
}

Side read_side(const J& r, Reader& rd, const char* name) {
  Side s;
  std::string root = name;
  if (!r.is_object()) { rd.error = root + " is not a JSON object (a cfscale report, --format json)"; return s; }
  auto fmt_v = rd.num(r, "format", root);
  if (rd.error.empty() && fmt_v != 1.0) rd.error = fmt::format("{}: report format {} (cfscale reads format 1)", root, fmt_v ? format_number(*fmt_v) : "null");
  const J* workers = rd.member(r, "workers", root, J::value_t::array);
  if (!workers) return s;
  for (size_t i = 0; i < workers->size() && rd.error.empty(); ++i) {
    const J& w = (*workers)[i];
    std::string path = fmt::format("{}.workers[{}]", root, i);
    if (!w.is_object()) { rd.error = path + " is not an object"; break; }
    auto wname = rd.str(w, "name", path);
    auto env = rd.str(w, "env", path);
    std::string label = wname.value_or("(unnamed)") + (env ? " (" + *env + ")" : "");
    const J* findings = rd.member(w, "findings", path, J::value_t::array);
    if (findings)
      for (size_t k = 0; k < findings->size(); ++k) add_finding(s, rd, (*findings)[k], label, fmt::format("{}.findings[{}]", path, k), "");
    const J* cost = rd.member(w, "cost", path, J::value_t::object);
    if (cost) {
      auto monthly = rd.num(*cost, "monthly_usd", path + ".cost");
      s.bill[label] = monthly;
      s.any_bill = s.any_bill || monthly.has_value();
      if (const J* by = rd.member(*cost, "by_product", path + ".cost", J::value_t::object))
        for (const auto& [product, v] : by->items())
          if (v.is_number()) s.products[{label, product}] = v.get<double>();
    }
    if (auto it = w.find("runway"); it != w.end() && it->is_array())
      for (const auto& item : *it)
        if (item.is_object() && item.contains("target") && item["target"].is_object())
          s.runway[{label, item.value("limit", ""), target_text(item["target"])}] =
              item.contains("months") && item["months"].is_number() ? std::optional(item["months"].get<double>()) : std::nullopt;
  }
  if (auto cw = r.find("cross_worker"); rd.error.empty() && cw != r.end() && cw->is_object())
    if (const J* findings = rd.member(*cw, "findings", root + ".cross_worker", J::value_t::array))
      for (size_t k = 0; k < findings->size(); ++k) {
        const J& f = (*findings)[k];
        std::string workers_key;
        if (f.is_object() && f.contains("workers") && f["workers"].is_array())
          for (const auto& x : f["workers"]) workers_key += (x.is_string() ? x.get<std::string>() : "") + ",";
        add_finding(s, rd, f, "", fmt::format("{}.cross_worker.findings[{}]", root, k), workers_key);
      }
  return s;
}

bool order_by_severity(const DiffFinding& a, const DiffFinding& b) {
  if (a.severity != b.severity) return a.severity > b.severity;
  return a.finding.value("score", 0.0) > b.finding.value("score", 0.0);
}

std::optional<double> sum(const std::optional<double>& a, double b) { return a ? std::optional(*a + b) : std::optional(b); }

}  // namespace

DiffResult compare_reports(const J& base, const J& head) {
  Reader rd;
  Side b = read_side(base, rd, "base");
  Side h = rd.error.empty() ? read_side(head, rd, "head") : Side{};
  if (!rd.error.empty()) return {std::nullopt, rd.error};
  Diff d;
  for (const auto& key : h.order) {
    DiffFinding f = h.findings[key];
    auto in_base = b.findings.find(key);
    if (in_base == b.findings.end()) {
      d.added.push_back(std::move(f));
      continue;
    }
    if (in_base->second.severity != f.severity) f.was = in_base->second.severity;
    d.unchanged.push_back(std::move(f));
  }
  for (const auto& key : b.order)
    if (!h.findings.count(key)) d.fixed.push_back(b.findings[key]);
  for (auto* list : {&d.added, &d.fixed, &d.unchanged}) std::stable_sort(list->begin(), list->end(), order_by_severity);

  if (b.any_bill || h.any_bill) {
    for (const auto& [_, v] : b.bill) if (v) d.bill_before = sum(d.bill_before, *v);
    for (const auto& [_, v] : h.bill) if (v) d.bill_after = sum(d.bill_after, *v);
  }
  std::set<std::string> workers;
  for (const auto& [w, _] : b.bill) workers.insert(w);
  for (const auto& [w, _] : h.bill) workers.insert(w);
  for (const auto& w : workers) {
    auto before = b.bill.count(w) ? b.bill[w] : std::nullopt;
    auto after = h.bill.count(w) ? h.bill[w] : std::nullopt;
    if (before != after) d.by_worker.push_back(BillLine{w, "", before, after});
  }
  std::map<std::string, std::pair<std::optional<double>, std::optional<double>>> products;
  for (const auto& [k, v] : b.products) products[k.second].first = sum(products[k.second].first, v);
  for (const auto& [k, v] : h.products) products[k.second].second = sum(products[k.second].second, v);
  for (const auto& [p, ba] : products)
    if (std::fabs(ba.first.value_or(0) - ba.second.value_or(0)) >= 0.005) d.by_product.push_back(BillLine{"", p, ba.first, ba.second});

  std::set<std::tuple<std::string, std::string, std::string>> limits;
  for (const auto& [k, _] : b.runway) limits.insert(k);
  for (const auto& [k, _] : h.runway) limits.insert(k);
  for (const auto& k : limits) {
    bool in_b = b.runway.count(k), in_h = h.runway.count(k);
    auto before = in_b ? b.runway[k] : std::nullopt;
    auto after = in_h ? h.runway[k] : std::nullopt;
    bool moved = in_b != in_h || before.has_value() != after.has_value() ||
                 (before && after && std::fabs(*before - *after) >= 0.1);
    if (moved) d.runway.push_back(RunwayMove{std::get<0>(k), std::get<1>(k), std::get<2>(k), before, after});
  }
  std::stable_sort(d.runway.begin(), d.runway.end(), [](const RunwayMove& x, const RunwayMove& y) {
    return x.after.value_or(1e18) < y.after.value_or(1e18);
  });
  return {std::move(d), ""};
}

std::optional<CostGate> parse_cost_gate(std::string_view s) {
  CostGate g;
  if (!s.empty() && s.back() == '%') {
    g.percent = true;
    s.remove_suffix(1);
  }
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), g.amount);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(g.amount) || g.amount < 0) return std::nullopt;
  return g;
}

bool exceeds(const Diff& d, const CostGate& g) {
  double before = d.bill_before.value_or(0), after = d.bill_after.value_or(0);
  double grew = after - before;
  if (grew <= 0) return false;
  if (!g.percent) return grew > g.amount;
  if (before <= 0) return true;  // from nothing to something: more than any percentage
  return grew / before * 100 > g.amount;
}

namespace {

std::string signed_money(double v) { return (v > 0 ? "+" : "") + format_money(v); }

std::string money_or_dash(const std::optional<double>& v) { return v ? format_money(*v) : "-"; }

std::string change_text(const std::optional<double>& before, const std::optional<double>& after) {
  if (!before && !after) return "-";
  double delta = after.value_or(0) - before.value_or(0);
  std::string out = signed_money(delta);
  if (before && *before > 0) out += fmt::format(", {}{}%", delta > 0 ? "+" : "", format_number(std::round(delta / *before * 1000) / 10));
  return out;
}

std::string months_text(const std::optional<double>& m) { return m ? format_number(*m) + " months" : "not at this rate"; }

std::string where(const J& f) {
  auto it = f.find("location");
  if (it == f.end() || !it->is_object()) return "";
  std::string file = it->value("file", "");
  if (it->contains("line") && (*it)["line"].is_number())
    return fmt::format("{}:{}:{}", file, (*it)["line"].get<long long>(), it->value("column", 0LL));
  return file;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

J finding_json(const DiffFinding& f) {
  J j = f.finding;
  j["worker"] = f.worker.empty() ? J(nullptr) : J(f.worker);
  if (f.was) j["severity_before"] = std::string(to_string(*f.was));
  return j;
}

J bill_json(const BillLine& l) {
  J j;
  if (!l.worker.empty()) j["worker"] = l.worker;
  if (!l.product.empty()) j["product"] = l.product;
  j["before"] = json_money(l.before);
  j["after"] = json_money(l.after);
  j["change"] = json_money(l.after.value_or(0) - l.before.value_or(0));
  return j;
}

}  // namespace

// Every name and path through printable(), as in the text report.
std::string render_diff_text(const Diff& d) {
  auto P = [](std::string_view s) { return printable(s); };
  std::string out = fmt::format("cfscale diff {} -> {}\n", P(d.base_file), P(d.head_file));
  out += fmt::format("findings  {} new, {} fixed, {} unchanged\n", d.added.size(), d.fixed.size(), d.unchanged.size());
  if (d.bill_before || d.bill_after)
    out += fmt::format("bill      {} -> {} a month ({})\n", money_or_dash(d.bill_before), money_or_dash(d.bill_after),
                       change_text(d.bill_before, d.bill_after));
  else
    out += "bill      unknown (neither report has metrics)\n";
  for (const auto& l : d.by_product)
    out += fmt::format("  {:<14}{} -> {} ({})\n", P(l.product), money_or_dash(l.before), money_or_dash(l.after), change_text(l.before, l.after));
  auto list = [&](const char* heading, const std::vector<DiffFinding>& fs) {
    if (fs.empty()) return;
    out += fmt::format("\n{}\n", heading);
    for (const auto& f : fs) {
      std::string w = where(f.finding);
      out += fmt::format("  {:<9}{}  {}{}{}\n", upper(to_string(f.severity)), P(f.finding.value("rule", "")), P(f.finding.value("title", "")),
                         f.worker.empty() ? "" : "  [" + P(f.worker) + "]", w.empty() ? "" : "  " + P(w));
    }
  };
  list("new findings", d.added);
  list("fixed findings", d.fixed);
  std::vector<DiffFinding> moved;
  for (const auto& f : d.unchanged)
    if (f.was) moved.push_back(f);
  if (!moved.empty()) {
    out += "\nseverity changed\n";
    for (const auto& f : moved)
      out += fmt::format("  {} -> {}  {}  {}{}\n", to_string(*f.was), to_string(f.severity), P(f.finding.value("rule", "")),
                         P(f.finding.value("title", "")), f.worker.empty() ? "" : "  [" + P(f.worker) + "]");
  }
  if (!d.runway.empty()) {
    out += "\nrunway that moved\n";
    for (const auto& r : d.runway)
      out += fmt::format("  {} {} [{}]: {} -> {}\n", P(r.limit), P(r.target), P(r.worker), months_text(r.before), months_text(r.after));
  }
  return out;
}

std::string render_diff_json(const Diff& d) {
  J j;
  j["format"] = 1;
  j["kind"] = "diff";
  j["base"] = d.base_file;
  j["head"] = d.head_file;
  j["summary"] = {{"new", d.added.size()}, {"fixed", d.fixed.size()}, {"unchanged", d.unchanged.size()}};
  J findings = {{"new", J::array()}, {"fixed", J::array()}, {"unchanged", J::array()}};
  for (const auto& f : d.added) findings["new"].push_back(finding_json(f));
  for (const auto& f : d.fixed) findings["fixed"].push_back(finding_json(f));
  for (const auto& f : d.unchanged) findings["unchanged"].push_back(finding_json(f));
  j["findings"] = findings;
  J bill = {{"before", json_money(d.bill_before)}, {"after", json_money(d.bill_after)}};
  bill["change"] = d.bill_before || d.bill_after ? json_money(d.bill_after.value_or(0) - d.bill_before.value_or(0)) : J(nullptr);
  bill["change_pct"] = d.bill_before && *d.bill_before > 0
                           ? json_number((d.bill_after.value_or(0) - *d.bill_before) / *d.bill_before * 100)
                           : J(nullptr);
  bill["by_product"] = J::array();
  for (const auto& l : d.by_product) bill["by_product"].push_back(bill_json(l));
  bill["by_worker"] = J::array();
  for (const auto& l : d.by_worker) bill["by_worker"].push_back(bill_json(l));
  j["bill"] = bill;
  J runway = J::array();
  for (const auto& r : d.runway)
    runway.push_back({{"worker", r.worker}, {"limit", r.limit}, {"target", r.target}, {"before_months", json_number(r.before)},
                      {"after_months", json_number(r.after)}});
  j["runway"] = runway;
  return json_text(j) + "\n";
}

std::string render_diff_markdown(const Diff& d, size_t max_chars) {
  std::string head = std::string(kCommentMarker) + "\n## cfscale: what this change does\n\n";
  std::string verdict = d.added.empty() ? "No new findings" : fmt::format("**{} new finding{}**", d.added.size(), d.added.size() == 1 ? "" : "s");
  size_t changed = std::count_if(d.unchanged.begin(), d.unchanged.end(), [](const DiffFinding& f) { return f.was.has_value(); });
  head += fmt::format("{}, {} fixed, {} unchanged{}.", verdict, d.fixed.size(), d.unchanged.size(),
                      changed ? fmt::format(" ({} at another severity)", changed) : "");
  if (d.bill_before || d.bill_after)
    head += fmt::format(" Monthly bill {} → {} ({}).\n\n", money_or_dash(d.bill_before), money_or_dash(d.bill_after),
                        change_text(d.bill_before, d.bill_after));
  else
    head += " The bill is unknown: neither report has metrics.\n\n";

  // Sections in the order they are kept when the comment must be cut: new
  // findings first, then the bill, what was fixed, runway, and what stayed.
  struct Section {
    std::string top, bottom;
    std::vector<std::string> rows;
    bool findings = false;
    size_t kept = 0;
  };
  auto finding_row = [](const DiffFinding& f) {
    std::string w = where(f.finding);
    std::string severity(to_string(f.severity));
    if (f.was) severity = fmt::format("{} (was {})", severity, to_string(*f.was));
    return fmt::format("| {} | {} | {} | {} | {} |\n", severity, code_span(f.finding.value("rule", ""), true),
                       md_cell(f.finding.value("title", "")), md_cell(f.worker.empty() ? "across Workers" : f.worker),
                       w.empty() ? "-" : code_span(w, true));
  };
  const std::string finding_header = "| severity | rule | finding | Worker | where |\n|---|---|---|---|---|\n";
  std::vector<Section> sections(5);
  Section& added = sections[0];
  Section& bill = sections[1];
  Section& fixed = sections[2];
  Section& runway = sections[3];
  Section& same = sections[4];
  if (!d.added.empty()) added = {fmt::format("### New findings ({})\n\n", d.added.size()) + finding_header, "\n", {}, true};
  for (const auto& f : d.added) added.rows.push_back(finding_row(f));
  if (!d.by_product.empty())
    bill = {"### The bill by product\n\n| product | before | after | change |\n|---|---:|---:|---:|\n", "\n", {}, false};
  for (const auto& l : d.by_product)
    bill.rows.push_back(fmt::format("| {} | {} | {} | {} |\n", md_cell(l.product), money_or_dash(l.before), money_or_dash(l.after),
                                    change_text(l.before, l.after)));
  if (!d.fixed.empty()) fixed = {fmt::format("### Fixed findings ({})\n\n", d.fixed.size()) + finding_header, "\n", {}, true};
  for (const auto& f : d.fixed) fixed.rows.push_back(finding_row(f));
  if (!d.runway.empty())
    runway = {"### Runway that moved\n\n| limit | target | Worker | before | after |\n|---|---|---|---:|---:|\n", "\n", {}, false};
  for (const auto& r : d.runway)
    runway.rows.push_back(fmt::format("| {} | {} | {} | {} | {} |\n", md_cell(r.limit), md_cell(r.target), md_cell(r.worker),
                                      months_text(r.before), months_text(r.after)));
  if (!d.unchanged.empty())
    same = {fmt::format("<details><summary>Unchanged findings ({})</summary>\n\n", d.unchanged.size()) + finding_header, "\n</details>\n", {}, true};
  for (const auto& f : d.unchanged) same.rows.push_back(finding_row(f));

  const std::string tail_note = "\n_{} more finding{} and rows did not fit in this comment: the full report is in the job summary "
                                "and the SARIF upload, or run `cfscale diff` locally._\n";
  size_t reserve = tail_note.size() + 40;
  size_t used = head.size() + reserve;
  size_t dropped_rows = 0, dropped_findings = 0;
  for (auto& s : sections) {
    if (s.rows.empty()) continue;
    if (used + s.top.size() + s.bottom.size() > max_chars) {
      dropped_rows += s.rows.size();
      if (s.findings) dropped_findings += s.rows.size();
      continue;
    }
    used += s.top.size() + s.bottom.size();
    for (const auto& row : s.rows) {
      if (used + row.size() > max_chars) break;
      used += row.size();
      ++s.kept;
    }
    dropped_rows += s.rows.size() - s.kept;
    if (s.findings) dropped_findings += s.rows.size() - s.kept;
  }
  std::string out = head;
  for (const auto& s : sections) {
    if (s.kept == 0) continue;
    out += s.top;
    for (size_t i = 0; i < s.kept; ++i) out += s.rows[i];
    if (s.kept < s.rows.size()) out += fmt::format("| … {} more | | | | |\n", s.rows.size() - s.kept);
    out += s.bottom;
  }
  if (dropped_rows > 0) out += fmt::format(fmt::runtime(tail_note), dropped_findings, dropped_findings == 1 ? "" : "s");
  if (out.size() > max_chars) out.resize(max_chars);  // only for a max too small for the head itself
  return out;
}

}  // namespace cfscale::report
