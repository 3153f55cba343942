#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "core/color.h"

namespace cfscale::cli {

// The text is the caller's (already printable where it carries a name).
static std::string wrap(bool on, fmt::text_style style, std::string_view s) {
  if (!on) return std::string(s);
  return fmt::format(style, "{}", s);
}

std::string Style::bold(std::string_view s) const { return wrap(color, color::kBold, s); }
std::string Style::red(std::string_view s) const { return wrap(color, color::kRed, s); }
std::string Style::yellow(std::string_view s) const { return wrap(color, color::kYellow, s); }
std::string Style::cyan(std::string_view s) const { return wrap(color, color::kCyan, s); }
std::string Style::dim(std::string_view s) const { return wrap(color, color::kFaint, s); }
std::string Style::green(std::string_view s) const { return wrap(color, fmt::fg(fmt::terminal_color::green), s); }

Style detect_style(std::FILE* stream, std::string_view color) {
  if (color == "always") return Style{true};
  if (color == "never") return Style{false};
  auto set = [](const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? std::optional<std::string_view>(v) : std::nullopt;
  };
  if (set("NO_COLOR")) return Style{false};
  if (auto force = set("FORCE_COLOR")) return Style{*force != "0" && *force != "false"};
  if (auto term = set("TERM"); term && *term == "dumb") return Style{false};
  return Style{isatty(fileno(stream)) == 1};
}

void write_stderr(std::string_view text) {
  std::string inert;
  if (neutralize_workflow_commands(text, inert)) text = inert;
  std::fwrite(text.data(), 1, text.size(), stderr);
}

void print_diagnostics(const Diagnostics& diags, const Style& style, bool quiet) {
  for (const auto& d : diags) {
    if (quiet && d.level != DiagLevel::Error) continue;
    std::string where = printable(format_location(d.location));
    std::string level(to_string(d.level));
    level = d.level == DiagLevel::Error ? style.red(level) : d.level == DiagLevel::Warning ? style.yellow(level) : style.cyan(level);
    std::string code = d.code.empty() ? "" : style.dim(fmt::format(" [{}]", printable(d.code)));
    if (where.empty())
      write_stderr(fmt::format("{}: {}{}\n", level, printable(d.message), code));
    else
      write_stderr(fmt::format("{}: {}: {}{}\n", style.bold(where), level, printable(d.message), code));
  }
}

namespace {
// Inputs are registered from the threads that read a tree's Workers.
std::mutex g_inputs_mutex;
std::vector<std::string>& protected_inputs() {
  static std::vector<std::string> paths;
  return paths;
}
std::vector<std::pair<std::string, std::string>>& protected_folders() {  // (folder, suffix)
  static std::vector<std::pair<std::string, std::string>> folders;
  return folders;
}

// Whether `path` (an existing file) is an input of the run.
std::optional<std::string> input_named(const std::string& path) {
  std::lock_guard lock(g_inputs_mutex);
  for (const auto& input : protected_inputs()) {
    std::error_code ec;
    if (std::filesystem::equivalent(path, input, ec)) return input;
  }
  std::string name = std::filesystem::path(path).filename().string();
  for (const auto& [folder, suffix] : protected_folders()) {
    if (name.size() < suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (std::filesystem::equivalent(parent.empty() ? "." : parent, folder, ec)) return path;
  }
  return std::nullopt;
}
bool g_stdout_closed = false;
}  // namespace

void protect_input(const std::string& path) {
  std::lock_guard lock(g_inputs_mutex);
  protected_inputs().push_back(path);
}

void protect_inputs_in(const std::string& folder, std::string_view suffix) {
  // Kept as a folder and a suffix, not listed: a tree registers the
  // migrations of every Worker, and listing each folder cost a system call
  // per Worker for a check that only matters when an output already exists.
  std::lock_guard lock(g_inputs_mutex);
  protected_folders().emplace_back(folder, std::string(suffix));
}

bool stdout_closed() { return g_stdout_closed; }

namespace {
// Every piece to fd, up to IOV_MAX pieces a call: a tree's report is ten
// thousand pieces, and one write each was most of the time spent writing.
bool write_all(int fd, const std::vector<std::string_view>& pieces) {
  std::vector<iovec> iov;
  iov.reserve(std::min<size_t>(pieces.size(), IOV_MAX));
  for (size_t next = 0; next < pieces.size();) {
    while (next < pieces.size() && iov.size() < IOV_MAX) {
      if (!pieces[next].empty()) iov.push_back(iovec{const_cast<char*>(pieces[next].data()), pieces[next].size()});
      ++next;
    }
    size_t done = 0;  // the iovecs written in full
    while (done < iov.size()) {
      ssize_t n = ::writev(fd, iov.data() + done, static_cast<int>(iov.size() - done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      for (auto left = static_cast<size_t>(n); left > 0;) {  // a short write: skip what was written
        size_t take = std::min(left, iov[done].iov_len);
        iov[done].iov_base = static_cast<char*>(iov[done].iov_base) + take;
        iov[done].iov_len -= take;
        left -= take;
        if (iov[done].iov_len == 0) ++done;
      }
    }
    iov.clear();
  }
  return true;
}

bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }

bool write_stdout(const std::vector<std::string_view>& pieces) {
  if (g_stdout_closed) return true;
  std::fflush(stdout);  // anything printed before, first
  if (write_all(STDOUT_FILENO, pieces) && !std::ferror(stdout)) return true;
  if (errno == EPIPE) {  // the reader has gone (`| head`): nothing more to say to it
    g_stdout_closed = true;
    return true;
  }
  eprint("cfscale: error: cannot write to stdout: {}\n", std::strerror(errno));
  return false;
}

// Where a file output really goes: the path itself, or the regular file a
// symlink points to. Nothing when it is not a file cfscale may replace.
struct Target {
  enum Kind { NewFile, RegularFile, Stream, Refused } kind = Refused;
  std::string path;   // the file to rename onto
  mode_t mode = 0;    // the existing file's mode
};

Target classify(const std::string& path) {
  Target t;
  t.path = path;
  struct stat ls {};
  if (::lstat(path.c_str(), &ls) != 0) {
    if (errno == ENOENT) {
      t.kind = Target::NewFile;
      return t;
    }
    eprint("{}: error: cannot write: {}\n", path, std::strerror(errno));
    return t;
  }
  struct stat st = ls;
  if (S_ISLNK(ls.st_mode)) {
    if (::stat(path.c_str(), &st) != 0) {
      eprint("{}: error: a symlink to nothing ({}); cfscale does not create files through symlinks\n", path,
                 std::strerror(errno));
      return t;
    }
    if (S_ISREG(st.st_mode)) {
      std::error_code ec;
      t.path = std::filesystem::canonical(path, ec).string();
      if (ec) {
        eprint("{}: error: cannot follow the symlink: {}\n", path, ec.message());
        return t;
      }
    }
  }
  if (S_ISDIR(st.st_mode)) {
    eprint("{}: error: this is a folder; give a file name\n", path);
    return t;
  }
  t.kind = S_ISREG(st.st_mode) ? Target::RegularFile : Target::Stream;
  t.mode = st.st_mode & 07777;
  return t;
}

std::string folder_of(const std::string& path) {
  auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

mode_t default_mode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

std::string comparable(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path : p.string();
}

}  // namespace

OutputSet::~OutputSet() {
  for (const auto& s : staged_) ::unlink(s.temp.c_str());
}

bool OutputSet::check(const std::vector<std::string>& paths) {
  std::vector<std::string> seen;
  if (std::count_if(paths.begin(), paths.end(), is_stdout) > 1) {
    eprint("cfscale: only one --format can go to stdout; give the others an --output FILE right after them\n");
    return false;
  }
  for (const auto& path : paths) {
    if (is_stdout(path)) continue;
    std::string key = comparable(path);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      eprint("cfscale: {} is given as the output of two formats; give each its own file\n", path);
      return false;
    }
    seen.push_back(key);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;  // a new file cannot be an input
    if (std::filesystem::is_directory(path, ec)) {
      eprint("{}: error: this is a folder; give a file name\n", path);
      return false;
    }
    if (auto input = input_named(path)) {
      eprint("{}: error: this is an input of the run ({}); cfscale does not write its inputs\n", path, *input);
      return false;
    }
  }
  return true;
}

bool OutputSet::is_stream(const std::string& path) {
  if (is_stdout(path)) return true;
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

bool OutputSet::add(const std::string& path, const std::vector<std::string_view>& given, Commands commands) {
  // Most reports have nothing to neutralize: a scan, and the pieces joined
  // only when it finds something that may be a command.
  const std::vector<std::string_view>* content = &given;
  std::string joined, inert;
  std::vector<std::string_view> one;
  if (commands == Commands::Inert) {
    WorkflowCommandScan scan;
    bool maybe = false;
    for (auto p : given) maybe = scan.may_have(p);
    if (maybe) {
      for (auto p : given) joined += p;
      if (neutralize_workflow_commands(joined, inert)) {
        one.push_back(inert);
        content = &one;
      }
    }
  }
  const auto& pieces = *content;
  if (is_stdout(path)) return write_stdout(pieces);
  Target t = classify(path);
  if (t.kind == Target::Refused) return false;
  if (t.kind == Target::Stream) {
    // Opened as it is: never truncated or replaced (as root, replacing
    // /dev/null by a regular file breaks the machine).
    int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
      eprint("{}: error: cannot write: {}\n", path, std::strerror(errno));
      return false;
    }
    bool ok = write_all(fd, pieces);
    int err = errno;
    ::close(fd);
    if (!ok && err != EPIPE) {
      eprint("{}: error: cannot write: {}\n", path, std::strerror(err));
      return false;
    }
    return true;
  }
  std::string temp = (std::filesystem::path(folder_of(t.path)) / ".cfscale-XXXXXX").string();
  int fd = ::mkstemp(temp.data());  // O_EXCL: a name planted there is never followed
  if (fd < 0) {
    eprint("{}: error: cannot write a temporary file in {}: {}\n", path, folder_of(t.path), std::strerror(errno));
    return false;
  }
  staged_.push_back(Staged{temp, t.path});
  bool ok = ::fchmod(fd, t.kind == Target::RegularFile ? t.mode : default_mode()) == 0 && write_all(fd, pieces);
  int err = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) eprint("{}: error: cannot write: {}\n", path, std::strerror(err));
  return ok;
}

bool OutputSet::commit() {
  for (size_t i = 0; i < staged_.size(); ++i) {
    if (::rename(staged_[i].temp.c_str(), staged_[i].target.c_str()) != 0) {
      eprint("{}: error: cannot write: {}\n", staged_[i].target, std::strerror(errno));
      staged_.erase(staged_.begin(), staged_.begin() + static_cast<long>(i));  // the renamed ones are in place
      return false;
    }
  }
  staged_.clear();
  return true;
}

bool write_output(const std::string& path, std::string_view content) {
  return write_output(path, std::vector<std::string_view>{content});
}

bool write_output(const std::string& path, const std::vector<std::string_view>& pieces) {
  return write_outputs({path}, [&](size_t, OutputSet& set) { return set.add(path, pieces); });
}

}  // namespace cfscale::cli
