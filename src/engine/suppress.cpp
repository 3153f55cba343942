#include "engine/suppress.h"

#include <chrono>

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale::engine {
namespace {

constexpr std::string_view kMarker = "cfscale-ignore";

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// A real calendar date, YYYY-MM-DD: 2026-02-30 and 2026-13-01 are not.
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  auto num = [&](size_t at, size_t n) { return std::stoi(s.substr(at, n)); };
  std::chrono::year_month_day date{std::chrono::year{num(0, 4)}, std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                   std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  return date.ok();
}

// The line a suppression applies to: its own when code stands before it,
// else the next line that is neither blank nor only a comment.
uint32_t target_line(const Document& doc, const Pos& comment) {
  std::string_view before = doc.lines->line_text(comment.line).substr(0, comment.column - 1);
  if (trim(before).size() > 0) return comment.line;
  for (uint32_t l = comment.line + 1; l <= doc.lines->line_count(); ++l) {
    std::string t = trim(doc.lines->line_text(l));
    if (t.empty() || t.rfind("//", 0) == 0 || t.rfind("#", 0) == 0 || t.rfind("/*", 0) == 0) continue;
    return l;
  }
  return comment.line;
}

}  // namespace

std::optional<Suppression> parse_suppression(std::string_view comment, std::string file, Pos pos, uint32_t line) {
  auto at = comment.find(kMarker);
  if (at == std::string::npos) return std::nullopt;
  Suppression s;
  s.file = std::move(file);
  s.pos = pos;
  s.line = line;
  std::string rest(comment.substr(at + kMarker.size()));
  if (rest.size() >= 2 && rest.compare(rest.size() - 2, 2, "*/") == 0) rest.resize(rest.size() - 2);  // a /* block */
  auto colon = rest.find(':');
  std::string head = trim(colon == std::string::npos ? rest : rest.substr(0, colon));
  s.reason = colon == std::string::npos ? "" : trim(rest.substr(colon + 1));
  // head: "CFS101[,CFS102] [until=YYYY-MM-DD]"
  std::string ids = head;
  auto until = head.find("until=");
  if (until != std::string::npos) {
    s.until = trim(head.substr(until + 6));
    ids = trim(head.substr(0, until));
    if (!is_date(*s.until)) s.problem = fmt::format("\"until={}\" is not a date (YYYY-MM-DD)", *s.until);
  }
  for (size_t i = 0; i <= ids.size();) {
    size_t j = ids.find_first_of(", ", i);
    if (j == std::string::npos) j = ids.size();
    std::string id = trim(ids.substr(i, j - i));
    if (!id.empty()) s.rules.push_back(id);
    i = j + 1;
  }
  if (s.rules.empty()) s.problem = "it names no rule: write \"cfscale-ignore CFS123: reason\"";
  else if (s.reason.empty() && s.problem.empty()) s.problem = "it gives no reason: write \"cfscale-ignore " + s.rules[0] + ": why it does not apply\"";
  return s;
}

std::vector<Suppression> parse_suppressions(const Document& doc) {
  std::vector<Suppression> out;
  if (!doc.lines) return out;
  for (const auto& c : doc.comments)
    if (auto s = parse_suppression(c.text, doc.path, c.pos, target_line(doc, c.pos))) out.push_back(std::move(*s));
  return out;
}

SuppressionResult apply_suppressions(std::vector<Finding>& findings, std::vector<Suppression> sups,
                                     const std::vector<std::string>& no_suppress, const std::string& today,
                                     const std::vector<std::string_view>& known_rules) {
  SuppressionResult res;
  for (auto& s : sups) {
    if (!s.problem.empty()) continue;
    for (const auto& id : s.rules)
      if (std::find(known_rules.begin(), known_rules.end(), id) == known_rules.end()) {
        s.problem = fmt::format("no rule \"{}\"{}", id, did_you_mean_suffix(id, known_rules));
        break;
      }
  }
  // Kept findings close up in place: a Finding is large, and most configs
  // have no suppression at all.
  size_t kept = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    bool hidden = false;
    for (auto& s : sups) {
      if (!s.problem.empty() || !f.location || f.location->pos.line != s.line || f.location->file != s.file) continue;
      bool match = std::any_of(s.rules.begin(), s.rules.end(), [&](const std::string& id) {
        return id == f.rule || std::find(f.related_rules.begin(), f.related_rules.end(), id) != f.related_rules.end();
      });
      if (!match) continue;
      s.used = true;
      std::string where = fmt::format("{}:{}", s.file, s.pos.line);
      if (std::find(no_suppress.begin(), no_suppress.end(), f.rule) != no_suppress.end()) {
        f.note = fmt::format("the suppression at {} is ignored: the settings do not let {} be suppressed", where, f.rule);
      } else if (s.until && *s.until < today) {
        f.note = fmt::format("the suppression at {} expired on {} ({})", where, *s.until, s.reason);
      } else {
        hidden = true;
      }
    }
    if (hidden) ++res.suppressed;
    else if (kept++ != i) findings[kept - 1] = std::move(f);
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(kept), findings.end());
  for (const auto& s : sups) {
    if (s.problem.empty() && s.used) continue;
    res.issues.push_back(SuppressionIssue{s.problem.empty() ? "CFS901" : "CFS902", Location{s.file, s.pos}, fmt::format("{}", fmt::join(s.rules, ", ")),
                                          s.reason, std::to_string(s.pos.line), std::to_string(s.line), s.problem});
  }
  return res;
}

}  // namespace cfscale::engine
