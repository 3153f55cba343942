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

  // A file's content into its temporary file (renamed by commit), or a
  // stream's written at once. False after saying why.
  bool add(const std::string& path, const std::vector<std::string_view>& pieces);
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
