#include "cli/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
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

Style detect_style(std::FILE* stream, bool no_color_flag) {
  const char* no_color = std::getenv("NO_COLOR");
  bool env_off = no_color && *no_color;
  return Style{!no_color_flag && !env_off && isatty(fileno(stream))};
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

bool write_output(const std::string& path, std::string_view content) {
  return write_output(path, std::vector<std::string_view>{content});
}

bool write_output(const std::string& path, const std::vector<std::string_view>& pieces) {
  if (path.empty() || path == "-") {
    for (auto piece : pieces) std::fwrite(piece.data(), 1, piece.size(), stdout);
    std::fflush(stdout);
    return !std::ferror(stdout);
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
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      fmt::print(stderr, "{}: error: cannot write: {}\n", path, std::strerror(errno));
      return false;
    }
    for (auto piece : pieces) out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    out.flush();
    if (!out) {
      fmt::print(stderr, "{}: error: cannot write: {}\n", path, std::strerror(errno));
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
