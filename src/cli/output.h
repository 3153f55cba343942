// Terminal output shared by the commands: colors, diagnostics, and writing a
// report to stdout or a file.
#pragma once

#include <cstdio>
#include <string>
#include <vector>
#include <string_view>

#include "core/diagnostic.h"

namespace cfscale::cli {

struct Style {
  bool color = false;
  std::string bold(std::string_view s) const;
  std::string red(std::string_view s) const;
  std::string yellow(std::string_view s) const;
  std::string cyan(std::string_view s) const;
  std::string dim(std::string_view s) const;
  std::string green(std::string_view s) const;
};

// --color always or never decides. With auto: no color when NO_COLOR is set
// (https://no-color.org) or TERM is "dumb"; color when FORCE_COLOR is set (and
// not "0" or "false", https://force-color.org); else color when the stream is a terminal.
Style detect_style(std::FILE* stream, std::string_view color);

// Diagnostics to stderr, compiler style, colored when stderr is a terminal.
void print_diagnostics(const Diagnostics& diags, const Style& style, bool quiet);

// Writes `content` to `path`, or to stdout for "-" or an empty path. A file is
// written to a temporary name beside it and renamed, so it is never left
// half-written. Returns false (and prints why) on failure, and refuses to
// write over any file registered with protect_input().
bool write_output(const std::string& path, std::string_view content);
// The same for content in pieces, written one after another.
bool write_output(const std::string& path, const std::vector<std::string_view>& pieces);

// cfscale never writes its inputs (the wrangler config above all): an output
// path that is one of these files is refused.
void protect_input(const std::string& path);

}  // namespace cfscale::cli
