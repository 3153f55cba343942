#include <exception>

#include <fmt/format.h>

#include "cli/app.h"

int main(int argc, char** argv) {
  try {
    return cfscale::cli::run(argc, argv);
  } catch (const std::exception& e) {
    // Readers report problems as diagnostics; reaching here is a bug, and
    // still must not look like a successful run.
    fmt::print(stderr, "cfscale: internal error: {}\n", e.what());
    return 2;
  }
}
