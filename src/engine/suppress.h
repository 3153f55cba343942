// Inline suppressions: `// cfscale-ignore CFS123: reason` in JSONC or
// `# cfscale-ignore CFS123: reason` in TOML, on the line before the entry a
// finding points to or at the end of that line. The reason is required;
// `until=YYYY-MM-DD` makes it expire. Unused and invalid suppressions become
// findings of their own (CFS901, CFS902).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/node.h"
#include "core/report.h"

namespace cfscale::engine {

struct Suppression {
  std::string file;     // the config, or a source file of the Worker's code
  std::vector<std::string> rules;
  std::string reason;
  std::optional<std::string> until;
  Pos pos;              // the comment
  uint32_t line = 0;    // the line it applies to
  std::string problem;  // why it is invalid, if it is
  bool used = false;
};

// Every cfscale-ignore comment of the document.
std::vector<Suppression> parse_suppressions(const Document& doc);
// One comment's suppression ("cfscale-ignore CFS123: reason"), for `line`,
// or nullopt when the comment is not one.
std::optional<Suppression> parse_suppression(std::string_view comment, std::string file, Pos pos, uint32_t line);

// A suppression that is itself a finding: CFS901 (unused) or CFS902 (not
// valid), with the values its rule's texts name.
struct SuppressionIssue {
  const char* rule;
  Location where;
  std::string rules, reason, line, target_line, problem;
};

struct SuppressionResult {
  size_t suppressed = 0;
  std::vector<SuppressionIssue> issues;
};

// Removes suppressed findings; findings of `no_suppress` rules and findings
// whose suppression has expired stay, with a note.
// `sups`: the config's and the code's, each applying to findings at its own
// file and line.
SuppressionResult apply_suppressions(std::vector<Finding>& findings, std::vector<Suppression> sups,
                                     const std::vector<std::string>& no_suppress, const std::string& today,
                                     const std::vector<std::string_view>& known_rules);

}  // namespace cfscale::engine
