// Text from the inputs (names, paths, values quoted in messages) as it may be
// shown where something else reads the bytes: a terminal, which runs escape
// sequences, and a CI log, which runs workflow commands. Every text format and
// every message on stderr passes input text through here, so that a name is
// shown as what it is and never acts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cfscale {

// `s` with everything that is not printable text written as an escape:
// control characters ("\n", "\t", "\x1b"), bytes that are not UTF-8 ("\xff"),
// C1 controls, and the invisible characters that reorder or split a line when
// shown (bidirectional overrides and isolates, U+2028, U+2029): "\u{202e}".
// Text that needs none of it is returned as it is.
std::string printable(std::string_view s);
void append_printable(std::string& out, std::string_view s);

// printable(s), but the characters of `keep` (line breaks of a block, word
// separators of wrapped text) stay as they are.
std::string printable_except(std::string_view s, std::string_view keep);

// True when printable(s) would change s.
bool needs_printable(std::string_view s);

// The character at s[i] when it is one of the invisible characters printable()
// escapes and other writers must escape too (JSON, YAML): a C1 control, a
// bidirectional mark, override or isolate, U+2028 or U+2029. Its code point
// and length in bytes; length 0 for anything else.
struct Invisible {
  uint32_t cp = 0;
  size_t size = 0;
};
Invisible invisible_at(std::string_view s, size_t i);

// Lines that GitHub Actions would run as workflow commands, made inert: a line
// whose text starts with "::" (after leading white space, as the runner trims
// it) gets a backslash before it, and "##[" anywhere (the runner's older
// command form) becomes "##\[". cfscale's own text never has either; they
// come only from names in the inputs. Returns false when `text` needs
// nothing, without writing `out`.
bool neutralize_workflow_commands(std::string_view text, std::string& out);

// Whether text written in pieces may hold a workflow command (a line may
// span two pieces): a quick scan that never misses one and may say yes when
// there is none (white space that is not ASCII at a line's start), so that
// only then are the pieces joined and neutralize_workflow_commands decides.
class WorkflowCommandScan {
 public:
  bool may_have(std::string_view piece);  // sticky: true from then on

 private:
  bool found_ = false, lead_ = true, colon_ = false;
  int hashes_ = 0;
};

}  // namespace cfscale
