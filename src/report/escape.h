// Escaping for the markup formats, one function per context, so that text from
// the rules and names from the inputs read as text wherever they land.
#pragma once

#include <string>
#include <string_view>

namespace cfscale::report {

// Inside HTML or GitHub-flavoured markdown text: '<', '>' and '&', which
// GitHub would otherwise take as tags ("env.<binding>" loses its binding).
std::string html_text(std::string_view s);

// A markdown table cell: html_text, and no pipes or line breaks.
std::string md_cell(std::string_view s);

}  // namespace cfscale::report
