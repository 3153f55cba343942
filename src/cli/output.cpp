#include "cli/output.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace cfscale::cli {

static std::string wrap(bool on, std::string_view code, std::string_view s) {
  if (!on) return std::string(s);
  return fmt::format("\033[{}m{}\033[0m", code, s);
}

std::string Style::bold(std::string_view s) const { return wrap(color, "1", s); }
std::string Style::red(std::string_view s) const { return wrap(color, "1;31", s); }
std::string Style::yellow(std::string_view s) const { return wrap(color, "1;33", s); }
std::string Style::cyan(std::string_view s) const { return wrap(color, "36", s); }
std::string Style::dim(std::string_view s) const { return wrap(color, "2", s); }
std::string Style::green(std::string_view s) const { return wrap(color, "32", s); }

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

void print_diagnostics(const Diagnostics& diags, const Style& style, bool quiet) {
  for (const auto& d : diags) {
    if (quiet && d.level != DiagLevel::Error) continue;
    std::string where = format_location(d.location);
    std::string level(to_string(d.level));
    level = d.level == DiagLevel::Error ? style.red(level) : d.level == DiagLevel::Warning ? style.yellow(level) : style.cyan(level);
    std::string code = d.code.empty() ? "" : style.dim(fmt::format(" [{}]", d.code));
    if (where.empty())
      fmt::print(stderr, "{}: {}{}\n", level, d.message, code);
    else
      fmt::print(stderr, "{}: {}: {}{}\n", style.bold(where), level, d.message, code);
  }
}

namespace {
std::vector<std::string>& protected_inputs() {
  static std::vector<std::string> paths;
  return paths;
}
}  // namespace

void protect_input(const std::string& path) { protected_inputs().push_back(path); }

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
}  // namespace

bool write_output(const std::string& path, std::string_view content) {
  return write_output(path, std::vector<std::string_view>{content});
}

bool write_output(const std::string& path, const std::vector<std::string_view>& pieces) {
  if (path.empty() || path == "-") {
    std::fflush(stdout);  // anything printed before, first
    if (std::ferror(stdout)) return false;
    return write_all(fileno(stdout), pieces);
  }
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code exists_ec;
  if (fs::exists(target, exists_ec))  // a new file cannot be an input: no check per input
    for (const auto& input : protected_inputs()) {
      std::error_code ec;
      if (fs::equivalent(target, input, ec)) {
        fmt::print(stderr, "{}: error: this is an input of the run ({}); cfscale does not write its inputs\n", path, input);
        return false;
      }
    }
  fs::path tmp = target;
  tmp += fmt::format(".tmp-{}", ::getpid());
  {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      fmt::print(stderr, "{}: error: cannot write: {}\n", path, std::strerror(errno));
      return false;
    }
    bool written = write_all(fd, pieces);
    int err = errno;
    if (::close(fd) != 0 && written) {
      written = false;
      err = errno;
    }
    if (!written) {
      fmt::print(stderr, "{}: error: cannot write: {}\n", path, std::strerror(err));
      std::error_code ec;
      fs::remove(tmp, ec);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fmt::print(stderr, "{}: error: cannot write: {}\n", path, ec.message());
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

}  // namespace cfscale::cli
