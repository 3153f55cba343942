// `metrics import`: what a user saved, recognised by its content and turned
// into metric values. A GraphQL Analytics response (as `metrics queries`'
// script saves it), `wrangler d1 info --json`, `wrangler tail --format json`,
// Logpush Workers Trace Events (NDJSON) and Workers traces (OTLP JSON).
#pragma once

#include <optional>
#include <string>

#include "analytics/convert.h"
#include "config/model.h"

namespace cfscale::analytics {

struct ImportOptions {
  // The window of a GraphQL response, when its file name does not say it
  // (the script of `metrics queries` names each file by its window).
  std::optional<Window> window;
  double sample_rate = 1;  // of a Logpush job or a tail session that sampled
};

struct Imported {
  std::string kind;  // "GraphQL Analytics response", "wrangler d1 info", ...
  Converted converted;
  std::optional<Window> window;  // the days a GraphQL response covers
};

// `doc`: the file as read (its text; parsed here). Errors as diagnostics,
// with the file's position; false when nothing could be imported from it.
bool import_file(Document& doc, const config::WorkerConfig& w, const ImportOptions& opts, Imported& out, Diagnostics& diags);

// The window a file name written by `metrics queries` carries:
// cfscale-analytics-d1-2026-11-02_2026-12-02.json.
std::optional<Window> window_from_name(const std::string& path);

}  // namespace cfscale::analytics
