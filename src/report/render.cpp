#include "report/render.h"


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

namespace {

class TextRenderer : public Renderer {
 public:
  explicit TextRenderer(TextOptions o) : o_(o) {}
  std::string worker(const WorkerReport& w) const override { return render_text_worker(w, o_); }
  std::string end(const Report& r, size_t) const override { return render_text_end(r, o_); }

 private:
  TextOptions o_;
};

class ChecklistRenderer : public Renderer {
 public:
  explicit ChecklistRenderer(TextOptions o) : o_(o) {}
  std::string worker(const WorkerReport& w) const override { return render_checklist_worker(w, o_); }
  std::string end(const Report&, size_t) const override { return {}; }

 private:
  TextOptions o_;
};

class CostRenderer : public Renderer {
 public:
  CostRenderer(bool explain, bool color) : explain_(explain), color_(color) {}
  bool shows_cost_arithmetic() const override { return explain_; }
  std::string worker(const WorkerReport& w) const override { return render_cost_worker(w, explain_, color_); }
  std::string end(const Report&, size_t) const override { return {}; }

 private:
  bool explain_, color_;
};

class JsonRenderer : public Renderer {
 public:
  bool shows_cost_arithmetic() const override { return true; }
  std::string begin(const Report& r, size_t workers) const override { return render_json_begin(r, workers); }
  std::string worker(const WorkerReport& w) const override { return render_json_worker(w); }
  std::string_view separator() const override { return ",\n"; }
  std::string end(const Report& r, size_t workers) const override { return render_json_end(r, workers); }
};

// A format made from the whole report at once.
class WholeRenderer : public Renderer {
 public:
  explicit WholeRenderer(RenderOptions o) : o_(std::move(o)) {}
  bool streams() const override { return false; }
  std::string end(const Report& r, size_t) const override {
    switch (o_.format) {
      case Format::Markdown: return render_markdown(r);
      case Format::Sarif: return render_sarif(r, o_.sarif);
      default: return render_github(r, o_.max_annotations);
    }
  }

 private:
  RenderOptions o_;
};

}  // namespace

std::unique_ptr<Renderer> make_renderer(const RenderOptions& o) {
  switch (o.format) {
    case Format::Text: return std::make_unique<TextRenderer>(o.text);
    case Format::Checklist: return std::make_unique<ChecklistRenderer>(o.text);
    case Format::Cost: return std::make_unique<CostRenderer>(o.explain, o.text.color);
    case Format::Json: return std::make_unique<JsonRenderer>();
    case Format::Markdown:
    case Format::Sarif:
    case Format::Github: break;
  }
  return std::make_unique<WholeRenderer>(o);
}

Rendered render_pieces(const Report& r, const Renderer& f, const std::vector<std::string>& parts) {
  Rendered out;
  size_t n = parts.size() + r.workers.size();
  // `own` is complete before any view into it is taken.
  out.own.reserve(r.workers.size() + 2);
  out.own.push_back(f.begin(r, n));
  if (f.streams())  // the others make everything in end()
    for (const auto& w : r.workers) out.own.push_back(f.worker(w));
  out.own.push_back(f.end(r, n));
  std::vector<std::string_view> workers(parts.begin(), parts.end());
  workers.insert(workers.end(), out.own.begin() + 1, out.own.end() - 1);
  out.pieces.emplace_back(out.own.front());
  for (size_t i = 0; i < workers.size(); ++i) {
    if (i > 0) out.pieces.push_back(f.separator());
    out.pieces.push_back(workers[i]);
  }
  out.pieces.emplace_back(out.own.back());
  return out;
}

}  // namespace cfscale::report
