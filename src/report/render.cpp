#include "report/render.h"

#include <tuple>

#include "report/cost_text.h"
#include "report/github.h"
#include "report/json.h"
#include "report/markdown.h"
#include "report/sarif.h"

namespace cfscale::report {

std::optional<Format> parse_format(std::string_view name, Format text) {
  if (name == "text") return text;
  if (name == "json") return Format::Json;
  if (name == "markdown") return Format::Markdown;
  if (name == "sarif") return Format::Sarif;
  if (name == "github") return Format::Github;
  return std::nullopt;
}

bool shows_cost_arithmetic(const RenderOptions& o) {
  return o.format == Format::Json || (o.format == Format::Cost && o.explain);
}

bool renders_in_parts(Format f) { return f != Format::Markdown && f != Format::Sarif && f != Format::Github; }

std::string worker_part(const WorkerReport& w, const RenderOptions& o) {
  switch (o.format) {
    case Format::Text: return render_text_worker(w, o.text);
    case Format::Checklist: return render_checklist_worker(w, o.text);
    case Format::Cost: return render_cost_worker(w, o.explain, o.text.color);
    case Format::Json: return render_json_worker(w);
    case Format::Github:
    case Format::Markdown:
    case Format::Sarif: break;
  }
  return {};
}

Rendered render_pieces(const Report& r, const RenderOptions& o, const std::vector<std::string>& parts) {
  Rendered out;
  if (!renders_in_parts(o.format)) {
    out.own.push_back(o.format == Format::Markdown ? render_markdown(r)
                      : o.format == Format::Sarif  ? render_sarif(r, o.sarif)
                                                   : render_github(r, o.max_annotations));
    out.pieces.emplace_back(out.own.back());
    return out;
  }
  // `own` is complete before any view into it is taken.
  std::string head, tail;
  if (o.format == Format::Json) std::tie(head, tail) = render_json_frame(r);
  if (o.format == Format::Text) tail = render_text_end(r, o.text);
  out.own.reserve(r.workers.size() + 2);
  out.own.push_back(std::move(head));
  for (const auto& w : r.workers) out.own.push_back(worker_part(w, o));
  out.own.push_back(std::move(tail));
  std::vector<std::string_view> workers(parts.begin(), parts.end());
  workers.insert(workers.end(), out.own.begin() + 1, out.own.end() - 1);
  bool json = o.format == Format::Json;
  out.pieces.emplace_back(out.own.front());
  if (json) out.pieces.emplace_back(workers.empty() ? "[]" : "[\n");
  for (size_t i = 0; i < workers.size(); ++i) {
    out.pieces.push_back(workers[i]);
    if (json) out.pieces.emplace_back(i + 1 < workers.size() ? ",\n" : "\n");
  }
  if (json && !workers.empty()) out.pieces.emplace_back("  ]");
  out.pieces.emplace_back(out.own.back());
  return out;
}

}  // namespace cfscale::report
