// Every format behind the Renderer interface: a streamed output (each
// Worker's part made on its own, then joined) is byte for byte the output of
// the whole report, and the JSON is one valid document for any number of
// Workers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "engine/deployment.h"
#include "report/render.h"
#include "support.h"

using namespace cfscale;

namespace {

WorkerReport worker(const std::string& name) {
  auto cfg = test::jsonc(R"({"name": ")" + name + R"(", "d1_databases": [{"binding": "DB", "database_id": "x"}],
                          "queues": {"consumers": [{"queue": "q"}]}})");
  REQUIRE(cfg.ok());
  engine::Deployment d{cfg, metrics::load_metrics_text("m.yaml", "format: 1\nworker:\n  requests_per_day: 5000000\n  cpu_ms_p99: 40\n")};
  REQUIRE(d.ok());
  auto w = engine::analyse_deployment(d, {test::catalogue(), {}});
  w.diagnostics = Diagnostics{};
  return w;
}

std::string joined(const report::Rendered& r) {
  std::string out;
  for (auto p : r.pieces) out += p;
  return out;
}

}  // namespace

TEST_CASE("render: a streamed output equals the output of the whole report") {
  for (auto format : {report::Format::Text, report::Format::Checklist, report::Format::Cost, report::Format::Json}) {
    report::RenderOptions o;
    o.format = format;
    auto f = report::make_renderer(o);
    REQUIRE(f->streams());
    for (size_t n : {0, 1, 3}) {
      CAPTURE(static_cast<int>(format));
      CAPTURE(n);
      Report whole;
      whole.tool_version = "test";
      whole.recursive = n != 1;
      Report streamed = whole;
      std::vector<std::string> parts;
      for (size_t i = 0; i < n; ++i) {
        whole.workers.push_back(worker("w" + std::to_string(i)));
        parts.push_back(f->worker(whole.workers.back()));
        streamed.dropped.add(whole.workers.back());
      }
      std::string a = joined(report::render_pieces(whole, *f, {}));
      std::string b = joined(report::render_pieces(streamed, *f, parts));
      CHECK(a == b);
      if (format == report::Format::Json) {
        auto j = nlohmann::ordered_json::parse(a);
        CHECK(j["workers"].size() == n);
        CHECK(a == j.dump(2) + "\n");  // the bytes nlohmann writes for the document
      }
    }
  }
}

TEST_CASE("render: markdown, SARIF and annotations are made from the whole report") {
  for (auto format : {report::Format::Markdown, report::Format::Sarif, report::Format::Github}) {
    report::RenderOptions o;
    o.format = format;
    auto f = report::make_renderer(o);
    CHECK_FALSE(f->streams());
    Report r;
    r.workers.push_back(worker("w"));
    CHECK_FALSE(joined(report::render_pieces(r, *f, {})).empty());
  }
}
