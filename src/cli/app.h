// The command line: parses arguments and hands each command to its module.
// This layer is the only one that knows every other.
#pragma once

#include <optional>
#include <string>

namespace cfscale::cli {

// Options every analysing command takes (CONTRACT §1).
struct CommonOptions {
  std::string path = ".";
  std::optional<std::string> env;
  std::string format = "text";
  std::string output = "-";
  bool quiet = false;
  bool no_color = false;
};

struct ValidateOptions {
  CommonOptions common;
  bool print_config = false;
};

int run_validate(const ValidateOptions& opts);
int run_advise(const CommonOptions& opts);

// Exit codes (CONTRACT §1).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;

int run(int argc, char** argv);

}  // namespace cfscale::cli
