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

}  // namespace

std::string render_github(const Report& r) {
  std::string out;
  std::vector<const Finding*> all;
  for (const auto& w : r.workers)
    for (const auto& f : w.findings) all.push_back(&f);
  for (const auto& f : r.cross) all.push_back(&f);
  {
    for (const Finding* fp : all) {
      const Finding& f = *fp;
      std::vector<std::string> props;
      if (f.location) {
        props.push_back("file=" + escape_property(f.location->file));
        if (f.location->pos.valid()) {
          props.push_back(fmt::format("line={}", f.location->pos.line));
          props.push_back(fmt::format("col={}", f.location->pos.column));
        }
      }
      props.push_back("title=" + escape_property(fmt::format("{} {} ({})", f.rule, f.title, to_string(f.severity))));
      out += fmt::format("::{} {}::{}\n", command(f.severity), fmt::join(props, ","),
                         escape_data(f.message + (f.note.empty() ? "" : " (" + f.note + ")") + "\n" + f.recommendation));
    }
  }
  return out;
}

}  // namespace cfscale::report
