// Where something is in a source file. Every value cfscale reads keeps one,
// so that diagnostics, findings, suppressions and SARIF can point at it.
#pragma once

#include <cstdint>
#include <string>

namespace cfscale {

// A position inside one file. Lines and columns are 1-based; columns count
// Unicode code points (not bytes), which is what editors and SARIF's
// "unicodeCodePoints" column kind show. `offset` is the 0-based byte offset.
struct Pos {
  uint32_t line = 0;
  uint32_t column = 0;
  uint64_t offset = 0;

  bool valid() const { return line != 0; }
  friend bool operator==(const Pos&, const Pos&) = default;
};

// A position together with the file it is in. `file` is the path as the user
// gave it (or as discovered), so messages read naturally in a terminal.
struct Location {
  std::string file;
  Pos pos;

  bool has_pos() const { return pos.valid(); }
  friend bool operator==(const Location&, const Location&) = default;
};

// "file:line:col" (or just "file" without a position), as compilers print it.
std::string format_location(const Location& loc);

}  // namespace cfscale
