#include <csignal>
#include <exception>

#include <fmt/format.h>

#include "cli/app.h"
#include "cli/output.h"

int main(int argc, char** argv) {
  // A closed pipe on stdout (`cfscale advise | head`) is an EPIPE the writer
  // handles, not a signal that ends the run before its exit code is decided.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return cfscale::cli::run(argc, argv);
  } catch (const std::exception& e) {
    // Readers report problems as diagnostics; reaching here is a bug, and
    // still must not look like a successful run.
    cfscale::cli::eprint("cfscale: internal error: {}\n", e.what());
    return 2;
  }
}
