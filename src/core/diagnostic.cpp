#include "core/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace cfscale {

std::string format_location(const Location& loc) {
  if (!loc.has_pos()) return loc.file;
  return fmt::format("{}:{}:{}", loc.file, loc.pos.line, loc.pos.column);
}

std::string_view to_string(DiagLevel level) {
  switch (level) {
    case DiagLevel::Error: return "error";
    case DiagLevel::Warning: return "warning";
    case DiagLevel::Note: return "note";
  }
  return "error";
}

void Diagnostics::add(DiagLevel level, Location loc, std::string code, std::string message) {
  if (level == DiagLevel::Error) ++errors_;
  items_.push_back(Diagnostic{level, std::move(loc), std::move(message), std::move(code)});
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d.level, d.location, d.code, d.message);
}

void Diagnostics::append_new(const Diagnostics& other) {
  size_t own = items_.size();  // the new ones need not be compared with each other
  for (const auto& d : other.items_)
    if (std::find(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(own), d) == items_.begin() + static_cast<std::ptrdiff_t>(own))
      add(d.level, d.location, d.code, d.message);
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.location.file != b.location.file) return a.location.file < b.location.file;
    return a.location.pos.offset < b.location.pos.offset;
  });
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string where = format_location(d.location);
  std::string out = where.empty() ? fmt::format("{}: {}", to_string(d.level), d.message)
                                  : fmt::format("{}: {}: {}", where, to_string(d.level), d.message);
  if (!d.code.empty()) out += fmt::format(" [{}]", d.code);
  return out;
}

}  // namespace cfscale
