// Every output format behind one call, and rendering in parts: a format that
// can render each Worker on its own does so (worker_part), and the whole
// output is then made from those parts and what spans Workers. A tree renders
// each Worker's part in the thread that analysed it and drops the Worker's
// report, so memory holds the output rather than thousands of reports. One
// project goes through the same two steps, so both paths are one code path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.h"
#include "report/text.h"

namespace cfscale::report {

enum class Format { Text, Checklist, Cost, Json, Markdown, Sarif, Github };

// "text", "json", "markdown", "sarif", "github" (docs/interface.md §1); text is the
// command's own text (advise, checklist or cost).
std::optional<Format> parse_format(std::string_view name, Format text);

// SARIF's place in code scanning: which upload it is, and the folder its
// relative URIs are relative to.
struct SarifOptions {
  std::string category = "cfscale";  // automationDetails.id, one per upload that should not replace another
  std::string root_uri;              // file:///path/to/repo/ (originalUriBaseIds.%SRCROOT%); empty: left out
};

struct RenderOptions {
  Format format = Format::Text;
  TextOptions text;
  bool explain = false;  // cost: the arithmetic of each line
  SarifOptions sarif;
  size_t max_annotations = 50;  // github: GitHub shows at most 50 a job
};

// Whether a format renders a Worker on its own. Markdown opens with a table
// of every Worker, SARIF is one JSON document, and GitHub annotations are the
// highest-priority findings of the whole tree: they need the whole report.
bool renders_in_parts(Format f);

// Whether a format shows the arithmetic behind each bill line (the JSON
// report's cost basis, `cost --explain`); engine::AnalyzeOptions leaves it
// out when no output does.
bool shows_cost_arithmetic(const RenderOptions& o);

// One Worker's part (only for formats that render in parts). Thread-safe.
std::string worker_part(const WorkerReport& w, const RenderOptions& o);

// The whole output as pieces to write one after another, so that a tree's
// parts are written where they are rather than copied into one string.
struct Rendered {
  std::vector<std::string> own;           // the pieces made by render_pieces
  std::vector<std::string_view> pieces;   // in order: into `own` and the parts

  Rendered() = default;
  Rendered(Rendered&&) = default;  // moving keeps `own`'s buffer, so the views stay valid
  Rendered(const Rendered&) = delete;  // a copy's views would point into the original
  Rendered& operator=(const Rendered&) = delete;
};

// The whole output: `parts` are the first Workers' parts, in order, followed
// by r.workers; the counts come from r.tally(). `parts` must be empty for a
// format that does not render in parts, and must outlive the result.
Rendered render_pieces(const Report& r, const RenderOptions& o, const std::vector<std::string>& parts);

}  // namespace cfscale::report
