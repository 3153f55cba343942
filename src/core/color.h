// Terminal colour, through fmt's text styles: the one place output is
// coloured. The text is made printable (core/printable.h) first, so a name
// can never bring its own escape sequences.
#pragma once

#include <string>
#include <string_view>

#include <fmt/color.h>

#include "core/severity.h"

namespace cfscale::color {

inline constexpr fmt::text_style kBold = fmt::emphasis::bold;
inline constexpr fmt::text_style kFaint = fmt::emphasis::faint;
inline constexpr fmt::text_style kRed = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red);
inline constexpr fmt::text_style kYellow = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::yellow);
inline constexpr fmt::text_style kCyan = fmt::fg(fmt::terminal_color::cyan);

// A finding's severity: critical magenta, high red, medium yellow, low cyan
// (all bold), info faint.
fmt::text_style of(Severity s);

// `s`, made printable, in `style` when `on`.
void append(std::string& out, bool on, fmt::text_style style, std::string_view s);
std::string styled(bool on, fmt::text_style style, std::string_view s);

}  // namespace cfscale::color
