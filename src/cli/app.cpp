#include "cli/app.h"

#include <algorithm>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/text.h"
#include "core/version.h"

namespace cfscale::cli {
namespace {

constexpr const char* kExamples = R"(Examples:
  cfscale advise                         advise on the project in this folder
  cfscale advise path/to/app --env production
  cfscale validate wrangler.jsonc        check the config, compiler-style messages
  cfscale validate --print-config --env staging
                                         the resolved config as JSON, in wrangler's shapes
  cfscale validate --format json         diagnostics as JSON for scripts

Exit codes: 0 success, 1 findings at or above --fail-on, 2 bad input or usage.
Documentation: docs/ in the source tree (docs/configuration.md for the config reader).)";

void add_common(CLI::App& cmd, CommonOptions& o, const std::vector<std::string>& formats) {
  cmd.add_option("path", o.path, "Project folder or wrangler config file (default: .)");
  cmd.add_option("--env,-e", o.env, "Apply the named environment (env.<NAME>), as wrangler --env does");
  cmd.add_option("--format,-f", o.format, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
  cmd.add_option("--output,-o", o.output, "Write the output to FILE instead of stdout ('-' is stdout)");
  cmd.add_flag("--quiet,-q", o.quiet, "Print only errors on stderr");
  cmd.add_flag("--no-color", o.no_color, "Never color the output (also: NO_COLOR=1)");
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"cfscale: architecture advice for Cloudflare Workers projects, from wrangler config and metrics.",
               "cfscale"};
  app.set_version_flag("--version,-V", fmt::format("cfscale {}", kVersion));
  app.footer(kExamples);
  app.require_subcommand(1);

  ValidateOptions validate;
  auto* v = app.add_subcommand("validate", "Read and check the wrangler config without advising");
  add_common(*v, validate.common, {"text", "json"});
  v->add_flag("--print-config", validate.print_config,
              "Print the resolved configuration (environment applied) as JSON in wrangler's key names");

  CommonOptions advise;
  auto* a = app.add_subcommand("advise", "Prioritized scaling advice for a project");
  add_common(*a, advise, {"text", "json"});

  // CLI11 would call an unknown command "a missing subcommand"; say what it is.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string_view> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      fmt::print(stderr, "cfscale: unknown command \"{}\"{}; commands: {}\nRun with --help for more information.\n",
                 argv[1], did_you_mean_suffix(argv[1], names), fmt::join(names, ", "));
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (v->parsed()) return run_validate(validate);
  if (a->parsed()) return run_advise(advise);
  return kExitBadInput;
}

}  // namespace cfscale::cli
