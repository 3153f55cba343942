// Every output format behind one interface (Renderer: begin, one Worker,
// end). A tree renders each Worker's part in the thread that analysed it and
// drops the Worker's report, so memory holds the output rather than
// thousands of reports. One project goes through the same steps.
#pragma once

#include <memory>
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

// A format in three steps: what comes before the Workers, each Worker's part
// (joined by separator()), and what comes after — where what spans Workers
// goes (the findings across Workers, the summary). A format that streams
// renders each Worker's part on its own, in the thread that analysed it, so a
// large tree's reports never exist together. One that does not (markdown
// opens with a table of every Worker, SARIF is one document, annotations are
// the highest-priority findings of the whole tree) renders everything in
// end() from the whole report.
class Renderer {
 public:
  virtual ~Renderer() = default;
  virtual bool streams() const { return true; }
  // Whether the output shows the arithmetic behind each bill line (the JSON
  // report's cost basis, `cost --explain`); engine::AnalyzeOptions leaves it
  // out when no output does.
  virtual bool shows_cost_arithmetic() const { return false; }
  virtual std::string begin(const Report&, size_t /*workers*/) const { return {}; }
  // Thread-safe.
  virtual std::string worker(const WorkerReport&) const { return {}; }
  virtual std::string_view separator() const { return {}; }
  virtual std::string end(const Report& r, size_t workers) const = 0;
};

std::unique_ptr<Renderer> make_renderer(const RenderOptions& o);

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

// The whole output: `parts` are the first Workers' parts (made by
// f.worker()), in order, followed by r.workers; the counts come from
// r.tally(). `parts` must be empty for a format that does not stream, and
// must outlive the result.
Rendered render_pieces(const Report& r, const Renderer& f, const std::vector<std::string>& parts);

}  // namespace cfscale::report
