// Terminal output shared by the commands: colors, diagnostics, and writing a
// report to stdout or a file.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "core/diagnostic.h"
#include "core/printable.h"

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
// Their paths and messages are shown through printable(), and the lines are
// made inert for GitHub Actions, as eprint does.
void print_diagnostics(const Diagnostics& diags, const Style& style, bool quiet);

// Writes a message to stderr, its workflow commands made inert
// (neutralize_workflow_commands): the one way messages leave cfscale,
// with print_diagnostics.
void write_stderr(std::string_view text);

namespace detail {
template <class T>
auto shown_arg(const T& v) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) return printable(std::string_view(v));
  else return v;
}
}  // namespace detail

// eprint(...) for cfscale's messages: every text argument (a
// path, a name, a value from the inputs) is shown through printable(), so a
// file name with a newline or an escape sequence cannot forge a line or drive
// the terminal; the format string is cfscale's own.
template <class... A>
void eprint(fmt::format_string<A...> f, A&&... a) {
  auto args = std::make_tuple(detail::shown_arg(a)...);
  write_stderr(std::apply([&](auto&... v) { return fmt::vformat(fmt::string_view(f), fmt::make_format_args(v...)); }, args));
}

// Outputs are written so that nothing is left half-written and nothing is
// destroyed. A regular file (or a new path) is written to a new temporary
// file beside it, created exclusively (".cfscale-XXXXXX", so a 255-byte name
// is still a valid output), given the existing file's mode, and renamed over
// it; a symlink to a regular file updates the file it points to. Anything else
// that exists (a FIFO, a device, /dev/stdout, a process substitution) is opened
// and written, never replaced. stdout is "-" (or an empty path); a closed pipe
// there (`| head`) ends the output quietly.
//
// Several outputs of one run go through one OutputSet: every file is staged
// first, then stdout and the other streams are written, and only then are the
// files renamed into place. A failure anywhere removes every temporary file,
// so a run that exits 2 leaves no output behind.
class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();

  // Before anything is written: two outputs to one place (stdout included),
  // an output onto an input of the run (protect_input), a folder. False
  // after saying why.
  static bool check(const std::vector<std::string>& paths);

  // Whether `path` is written as a stream (stdout, a FIFO, a device) rather
  // than staged as a file.
  static bool is_stream(const std::string& path);

  // Whether the content may carry GitHub Actions workflow commands: only the
  // github format's, which it writes on purpose. Any other output has lines
  // that would be one made inert (neutralize_workflow_commands): they come
  // from names in the inputs and would run if the output reaches a CI log.
  enum class Commands { Inert, Run };

  // A file's content into its temporary file (renamed by commit), or a
  // stream's written at once. False after saying why.
  bool add(const std::string& path, const std::vector<std::string_view>& pieces, Commands commands = Commands::Inert);
  bool add(const std::string& path, std::string_view content) { return add(path, std::vector<std::string_view>{content}); }

  // Renames every staged file into place. False after saying why.
  bool commit();

 private:
  struct Staged {
    std::string temp, target;
  };
  std::vector<Staged> staged_;
};

// Every output of a run: checked, the files staged, then the streams
// written, then the files renamed into place. `add(i, set)` adds output i
// (paths[i]) to the set; false stops the run with nothing left behind.
template <class Add>
bool write_outputs(const std::vector<std::string>& paths, Add add) {
  if (!OutputSet::check(paths)) return false;
  OutputSet set;
  for (bool streams : {false, true})
    for (size_t i = 0; i < paths.size(); ++i)
      if (OutputSet::is_stream(paths[i]) == streams && !add(i, set)) return false;
  return set.commit();
}

// One output, checked, written and committed.
bool write_output(const std::string& path, std::string_view content);
bool write_output(const std::string& path, const std::vector<std::string_view>& pieces);

// cfscale never writes its inputs (the wrangler config above all): an output
// path that is one of these files is refused.
void protect_input(const std::string& path);
// Every file directly in `folder` whose name ends in `suffix` (rule files,
// migrations), as it is when an output is checked.
void protect_inputs_in(const std::string& folder, std::string_view suffix);

// Whether stdout was found closed (EPIPE): the rest of the output is dropped
// and the exit code stays what the findings decide.
bool stdout_closed();

}  // namespace cfscale::cli
