// Comparing two JSON reports, for `cfscale diff` and `advise --compare-to`.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/output.h"
#include "report/diff.h"

namespace cfscale::cli {

// A JSON report from a file; errors (with line and column) are printed.
std::optional<nlohmann::ordered_json> read_report(const std::string& path, const Style& style);

std::optional<report::Diff> compare_files(const std::string& base_path, const nlohmann::ordered_json& base,
                                          const std::string& head_path, const nlohmann::ordered_json& head);

// text, json or markdown; nothing for another format.
std::optional<std::string> render_diff(const report::Diff& d, const std::string& format, size_t max_chars);

// 1 when a new finding is at or above fail_on, or the bill grew past the gate.
int diff_exit_code(const report::Diff& d, const std::optional<std::string>& fail_on, const std::optional<report::CostGate>& gate);

}  // namespace cfscale::cli
