// Word wrapping for the text reports.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cfscale::report {

// Appends `text` wrapped to `width`, every line after the first indented by
// `indent` spaces. Words are split at spaces, tabs and newlines and joined by
// one space; a word longer than a line stands on a line of its own. Appends
// rather than returns: the report is mostly wrapped text.
void wrap_into(std::string& out, std::string_view text, size_t width, size_t indent);
std::string wrap(std::string_view text, size_t width, size_t indent);

}  // namespace cfscale::report
