#include "report/github.h"

#include <fmt/format.h>

namespace cfscale::report {
namespace {

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
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
    props.push_back("file=" + escape_property(f.location->file));
    if (f.location->pos.valid()) {
      props.push_back(fmt::format("line={}", f.location->pos.line));
      props.push_back(fmt::format("col={}", f.location->pos.column));
    }
  }
  props.push_back("title=" + escape_property(fmt::format("{} {} ({})", f.rule, f.title, to_string(f.severity))));
  return fmt::format("::{} {}::{}\n", command(f.severity), fmt::join(props, ","),
                     escape_data(f.message + (f.note.empty() ? "" : " (" + f.note + ")") + "\n" + f.recommendation));
}

}  // namespace

std::string render_github_worker(const WorkerReport& w) {
  std::string out;
  for (const auto& f : w.findings) out += annotation(f);
  return out;
}

std::string render_github_end(const Report& r) {
  std::string out;
  for (const auto& f : r.cross) out += annotation(f);
  return out;
}

}  // namespace cfscale::report
