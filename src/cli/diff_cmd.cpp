// `cfscale diff BASE.json HEAD.json` and `advise --compare-to BASE.json`: what
// a change does to the findings, the bill and the runway.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/diff_cmd.h"
#include "cli/output.h"
#include "core/source.h"
#include "core/text.h"
#include "report/diff.h"

namespace cfscale::cli {

// A report is cfscale's own output, and a monorepo's runs to tens of MB (10,000
// Workers: about 200 MB), far past what a hand-written input may be.
constexpr size_t kMaxReportBytes = size_t{1} << 30;

std::optional<nlohmann::ordered_json> read_report(const std::string& path, const Style& style) {
  Diagnostics diags;
  auto doc = read_document(path, diags, kMaxReportBytes, /*named=*/true);
  if (doc) {
    try {
      return nlohmann::ordered_json::parse(doc->text);
    } catch (const nlohmann::json::parse_error& e) {
      // nlohmann counts the byte after the error; the position is the byte itself.
      uint64_t at = e.byte > 0 ? e.byte - 1 : 0;
      std::string what = e.what();
      if (auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
      diags.error(Location{path, LineIndex(doc->text).pos_at(std::min<uint64_t>(at, doc->text.size()))}, "bad-report",
                  fmt::format("not a JSON report (cfscale advise --format json): {}", what));
    }
  }
  print_diagnostics(diags, style, false);
  return std::nullopt;
}

std::optional<report::Diff> compare_files(const std::string& base_path, const nlohmann::ordered_json& base,
                                          const std::string& head_path, const nlohmann::ordered_json& head) {
  auto result = report::compare_reports(base, head);
  if (!result.diff) {
    bool in_base = result.error.rfind("base", 0) == 0;
    eprint("{}: error: {} [bad-report]\n", in_base ? base_path : head_path, result.error);
    return std::nullopt;
  }
  result.diff->base_file = base_path;
  result.diff->head_file = head_path;
  return result.diff;
}

std::optional<std::string> render_diff(const report::Diff& d, const std::string& format, size_t max_chars) {
  if (format == "json") return report::render_diff_json(d);
  if (format == "markdown") return report::render_diff_markdown(d, max_chars);
  if (format == "text") return report::render_diff_text(d);
  return std::nullopt;
}

int diff_exit_code(const report::Diff& d, const std::optional<std::string>& fail_on, const std::optional<report::CostGate>& gate) {
  int code = kExitOk;
  if (fail_on) {
    Severity s = *parse_severity(*fail_on);
    for (const auto& f : d.added)
      if (f.severity >= s) code = kExitFindings;
  }
  if (gate && report::exceeds(d, *gate)) {
    eprint("cfscale: the monthly bill grows from {} to {}, more than --fail-on-increase allows\n",
               format_money(d.bill_before.value_or(0)), format_money(d.bill_after.value_or(0)));
    code = kExitFindings;
  }
  return code;
}

int run_diff(const DiffOptions& o) {
  Style style = detect_style(stderr, o.common.color);
  std::optional<report::CostGate> gate;
  if (o.fail_on_increase) {
    gate = report::parse_cost_gate(*o.fail_on_increase);
    if (!gate) {
      eprint("cfscale: --fail-on-increase \"{}\": give a percentage (10%) or dollars a month (50)\n", *o.fail_on_increase);
      return kExitBadInput;
    }
  }
  auto base = read_report(o.base, style);
  auto head = base ? read_report(o.head, style) : std::nullopt;
  if (!base || !head) return kExitBadInput;
  auto d = compare_files(o.base, *base, o.head, *head);
  if (!d) return kExitBadInput;
  auto pairs = o.common.format_outputs;
  if (pairs.empty()) pairs.emplace_back("text", "-");
  std::vector<std::string> paths;
  for (const auto& [format, path] : pairs) paths.push_back(path);
  protect_input(o.base);
  protect_input(o.head);
  bool written = write_outputs(paths, [&](size_t i, OutputSet& set) { return set.add(paths[i], *render_diff(*d, pairs[i].first, o.max_chars)); });
  if (!written) return kExitBadInput;
  return diff_exit_code(*d, o.common.fail_on, gate);
}

}  // namespace cfscale::cli
