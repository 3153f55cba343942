// Escaping for the markup formats, one function per context, so that text from
// the rules and names from the inputs read as text wherever they land. Every
// function shows the text through printable() first (core/printable.h): no
// newline survives to start a line of markup, no escape sequence reaches a
// terminal that shows the file.
#pragma once

#include <string>
#include <string_view>

namespace cfscale::report {

// Inside HTML text (a <summary>; never an attribute): '<', '>' and '&' as entities.
std::string html_text(std::string_view s);

// Plain text inline in GitHub-flavoured markdown, a table cell included:
// every character that could open markup (emphasis, code, links, HTML,
// math, strike-through, table columns, bare URLs that GitHub would link)
// backslash-escaped, and a heading, list, quote or code block that the text
// would open at a line's start made text. The rendered text is `s` as it is.
// (An e-mail address still becomes a mailto: link; no escape prevents it.)
std::string md_text(std::string_view s);
inline std::string md_cell(std::string_view s) { return md_text(s); }

// A markdown code span showing `s`: fenced by more backticks than any run
// inside it. In a table cell a '|' is escaped even there (GFM splits the row
// first).
std::string code_span(std::string_view s, bool in_table = false);

// A fenced code block of `s` in `language` (letters, digits, '-', '+' and
// '_' kept): the fence is longer than any run of backticks in `s`, so the
// text cannot close it.
std::string code_block(std::string_view s, std::string_view language);

// A link target: spaces, parentheses, angle brackets and bytes outside
// printable ASCII percent-encoded.
std::string md_url(std::string_view s);

// Text in a quoted Mermaid label: letters, digits, spaces and harmless
// punctuation as they are; everything that means something to Mermaid or
// to the markdown around it ('"', '#', '<', '`', '|', brackets, ';', '%')
// as a Mermaid entity code ("#35;").
std::string mermaid_text(std::string_view s);

}  // namespace cfscale::report
