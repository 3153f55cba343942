// What a change does: two JSON reports (format 1) of the same project, the
// base before a change and the head after it, compared. Findings are matched
// as baselines match them, by (Worker, environment, rule, target), never by
// line; the bill and the runway are compared per Worker and product.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/severity.h"

namespace cfscale::report {

struct DiffFinding {
  std::string worker;  // "name" or "name (env)"; "" for a finding across Workers
  Severity severity = Severity::Info;
  nlohmann::ordered_json finding;  // as the report has it
  std::optional<Severity> was;     // unchanged findings: the base's severity, when it differs
};

struct BillLine {
  std::string worker;
  std::string product;  // "" for a Worker's total
  std::optional<double> before, after;
};

struct RunwayMove {
  std::string worker;
  std::string limit;
  std::string target;  // "d1 CATALOG"
  std::optional<double> before, after;  // months; null: never at this rate
};

struct Diff {
  std::string base_file, head_file;
  std::vector<DiffFinding> added, fixed, unchanged;  // unchanged: the same problem, perhaps at another severity
  std::optional<double> bill_before, bill_after;  // null when neither side has metrics
  std::vector<BillLine> by_product;  // every product whose cost changed (summed over Workers)
  std::vector<BillLine> by_worker;   // every Worker whose bill changed
  std::vector<RunwayMove> runway;    // every runway that moved by a tenth of a month or more
};

// Both arguments are parsed reports; errors in their shape are returned as
// a message naming the JSON path (the caller adds the file).
struct DiffResult {
  std::optional<Diff> diff;
  std::string error;
};
DiffResult compare_reports(const nlohmann::ordered_json& base, const nlohmann::ordered_json& head);

// The bill grew by more than the gate: "10%" of the base bill or "50"
// dollars a month.
struct CostGate {
  double amount = 0;
  bool percent = false;
};
std::optional<CostGate> parse_cost_gate(std::string_view s);
bool exceeds(const Diff& d, const CostGate& g);

std::string render_diff_text(const Diff& d);
std::string render_diff_json(const Diff& d);
// Fits `max_chars` (a PR comment holds 65,536; the job summary 1 MiB): rows are
// dropped from the end with "N more findings" and a pointer to the full report.
std::string render_diff_markdown(const Diff& d, size_t max_chars);

inline constexpr const char* kCommentMarker = "<!-- cfscale:pr-comment -->";

}  // namespace cfscale::report
