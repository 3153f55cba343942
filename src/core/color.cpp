#include "core/color.h"

#include <iterator>

#include "core/printable.h"

namespace cfscale::color {

fmt::text_style of(Severity s) {
  switch (s) {
    case Severity::Critical: return fmt::emphasis::bold | fmt::fg(fmt::terminal_color::magenta);
    case Severity::High: return kRed;
    case Severity::Medium: return kYellow;
    case Severity::Low: return fmt::emphasis::bold | fmt::fg(fmt::terminal_color::cyan);
    case Severity::Info: return kFaint;
  }
  return {};
}

void append(std::string& out, bool on, fmt::text_style style, std::string_view s) {
  if (!on) {
    append_printable(out, s);
    return;
  }
  if (needs_printable(s)) fmt::format_to(std::back_inserter(out), style, "{}", printable(s));
  else fmt::format_to(std::back_inserter(out), style, "{}", s);
}

std::string styled(bool on, fmt::text_style style, std::string_view s) {
  std::string out;
  append(out, on, style, s);
  return out;
}

}  // namespace cfscale::color
