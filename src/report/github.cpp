#include "report/github.h"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "core/printable.h"

namespace cfscale::report {
namespace {

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
// Names in the data are shown through printable() first (an escape sequence
// stays visible text in the log); the newline between message and
// recommendation is the annotation's own, and %0A to the runner.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string command(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    default: return "notice";
  }
}

std::string annotation(const Finding& f) {
  std::vector<std::string> props;
  if (f.location) {
    props.push_back("file=" + escape_property(f.location->file));  // a path: the runner must find the file, so not printable()
    if (f.location->pos.valid()) {
      props.push_back(fmt::format("line={}", f.location->pos.line));
      props.push_back(fmt::format("col={}", f.location->pos.column));
    }
  }
  props.push_back("title=" + escape_property(printable(fmt::format("{} {} ({})", f.rule, f.title, to_string(f.severity)))));
  return fmt::format("::{} {}::{}\n", command(f.severity), fmt::join(props, ","),
                     escape_data(printable(f.message + (f.note.empty() ? "" : " (" + f.note + ")")) + "\n" + printable(f.recommendation)));
}

int level_index(Severity s) { return command(s) == "error" ? 0 : command(s) == "warning" ? 1 : 2; }

// Which findings get an annotation: the first ones in priority order while
// their level has room and the job has room. Returns how many were left out.
size_t choose(const std::vector<const Finding*>& order, size_t per_level[3], size_t total, std::vector<const Finding*>& chosen) {
  size_t used[3] = {0, 0, 0};
  size_t left_out = 0;
  chosen.clear();
  for (const Finding* f : order) {
    int l = level_index(f->severity);
    if (used[l] < per_level[l] && chosen.size() < total) {
      ++used[l];
      chosen.push_back(f);
    } else {
      ++left_out;
    }
  }
  return left_out;
}

}  // namespace

std::string render_github(const Report& r, size_t max_annotations) {
  std::vector<const Finding*> order;
  for (const auto& w : r.workers)
    for (const auto& f : w.findings) order.push_back(&f);
  for (const auto& f : r.cross) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) {
    if (a->severity != b->severity) return a->severity > b->severity;
    return a->score > b->score;
  });
  size_t caps[3] = {kAnnotationsPerLevel, kAnnotationsPerLevel, kAnnotationsPerLevel};
  std::vector<const Finding*> chosen;
  size_t left_out = choose(order, caps, max_annotations, chosen);
  if (left_out > 0) {  // room for the notice that says so: one notice and one annotation fewer
    caps[2] = kAnnotationsPerLevel - 1;
    left_out = choose(order, caps, max_annotations > 0 ? max_annotations - 1 : 0, chosen);
  }
  // Annotations in the order of the report, so that the log reads like it.
  std::string out;
  std::set<const Finding*> picked(chosen.begin(), chosen.end());
  for (const auto& w : r.workers)
    for (const auto& f : w.findings)
      if (picked.count(&f)) out += annotation(f);
  for (const auto& f : r.cross)
    if (picked.count(&f)) out += annotation(f);
  if (left_out > 0) {
    size_t by_level[3] = {0, 0, 0};
    for (const Finding* f : order)
      if (!picked.count(f)) ++by_level[level_index(f->severity)];
    out += fmt::format(
        "::notice title=cfscale%3A {} more finding{} not annotated::GitHub shows at most {} annotations of each level in a step. "
        "{} more finding{} ({} error, {} warning, {} notice level) are in the job summary, in the SARIF upload (Security tab) and in `cfscale advise`.\n",
        left_out, left_out == 1 ? "" : "s", kAnnotationsPerLevel, left_out, left_out == 1 ? "" : "s", by_level[0], by_level[1],
        by_level[2]);
  }
  return out;
}

}  // namespace cfscale::report
