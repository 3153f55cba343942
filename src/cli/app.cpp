#include "cli/app.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/completion.h"
#include "cli/output.h"
#include "core/text.h"
#include "core/threads.h"
#include "core/version.h"

namespace cfscale::cli {
namespace {

constexpr const char* kExamples = R"(Examples:
  cfscale advise                         advise on the project in this folder
  cfscale advise path/to/app --env production --metrics prod.metrics.yaml
  cfscale advise --format json --fail-on high
  cfscale advise --format sarif -o cfscale.sarif --format markdown -o report.md --format github
  cfscale checklist                      the staged scaling checklist
  cfscale cost --explain --scale 10      the monthly bill, its arithmetic, and at 10x traffic
  cfscale init                           write a cfscale.metrics.yaml skeleton for the bindings
  cfscale rules list                     the rule catalogue
  cfscale rules explain CFS101           one rule's documentation
  cfscale validate --print-config --env staging
                                         the resolved config as JSON, in wrangler's shapes

Exit codes: 0 success, 1 findings at or above --fail-on, 2 bad input or usage.
Documentation: docs/ in the source tree (docs/cli.md, docs/rules/).)";

constexpr const char* kSeverities[] = {"critical", "high", "medium", "low", "info"};

void add_color(CLI::App& cmd, std::string& color) {
  cmd.add_option("--color", color, "Color: auto (a terminal, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd.add_flag_callback("--no-color", [&color] { color = "never"; }, "Never color the output (--color never)");
}

// What metrics import and pull share: the file they merge into and how.
void add_merge_options(CLI::App& cmd, CommonOptions& o, bool& overwrite, bool& dry_run) {
  cmd.add_option("--output,-o", o.output, "Metrics file to merge into (default: the project's cfscale.metrics[.<env>].* file)");
  cmd.add_flag("--overwrite", overwrite, "Replace values typed by hand too");
  cmd.add_flag("--dry-run,-n", dry_run, "Print the merged file instead of writing it");
  cmd.add_flag("--quiet,-q", o.quiet, "Print only errors on stderr");
  add_color(cmd, o.color);
  o.output = "";  // "": the project's file (find_metrics_target)
}

void add_common(CLI::App& cmd, CommonOptions& o, const std::vector<std::string>& formats, bool analysing) {
  cmd.add_option("path", o.path, "Project folder or wrangler config file (default: .)");
  cmd.add_option("--env,-e", o.env, "Apply the named environment (env.<NAME>), as wrangler --env does");
  cmd.add_option("--metrics,-m", o.metrics, "Metrics file (default: cfscale.metrics.{yaml,yml,json,toml} beside the config)");
  cmd.add_flag("--recursive,-r", o.recursive, "Every Worker config under PATH (a folder), skipping node_modules, .git, .wrangler, dist and hidden folders");
  cmd.add_flag("--all-envs", o.all_envs, "Also analyse each environment (env.<name>) of every config");
  cmd.add_option("--jobs,-j", o.jobs, fmt::format("Threads for --recursive, at most {} (default: one per core)", kMaxJobs))
      ->check(CLI::Range(0u, kMaxJobs));
  if (analysing) {
    cmd.add_option("--format,-f", o.formats, fmt::format("Output format ({}); repeat with --output for several outputs", fmt::join(formats, ", ")))
        ->check(CLI::IsMember(formats))
        ->allow_extra_args(false);  // one value each: `-f json DIR` leaves DIR to be the path
    cmd.add_option("--output,-o", o.outputs, "Write the output of the --format right before it to FILE ('-' is stdout)")
        ->allow_extra_args(false);
  } else {
    cmd.add_option("--format,-f", o.format, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
    cmd.add_option("--output,-o", o.output, "Write the output to FILE instead of stdout ('-' is stdout)");
  }
  cmd.add_flag("--quiet,-q", o.quiet, "Print only errors on stderr");
  add_color(cmd, o.color);
  if (analysing) {
    auto* src = cmd.add_option("--source", o.source, "Read the Worker's code from DIR (default: the config's folder, its main and what main imports)");
    cmd.add_flag("--no-source", o.no_source, "Do not read the Worker's code: decide from the config and metrics only")->excludes(src);
    cmd.add_option("--config", o.settings, "Project settings (default: .cfscale.toml beside the config or above it)");
    cmd.add_option("--rules", o.rules, "Load the rule catalogue from this folder (default: the one compiled in; also CFSCALE_RULES_DIR)");
    cmd.add_option("--baseline", o.baseline, "Report only findings that are not in this baseline file");
    cmd.add_option("--write-baseline", o.write_baseline, "Record the current findings in this baseline file");
    cmd.add_option("--compare-to", o.compare_to, "A JSON report of the base (before the change): text, json and markdown show the diff, --fail-on counts new findings");
    cmd.add_option("--select", o.select, "Run only these rules: ids, names or topics, comma-separated or repeated")->delimiter(',')->allow_extra_args(false);
    cmd.add_option("--ignore", o.ignore, "Do not run these rules: ids, names or topics, comma-separated or repeated")->delimiter(',')->allow_extra_args(false);
    cmd.add_option("--root", o.root, "Name files in reports relative to DIR (default: the git top level above PATH, else the working folder)");
    cmd.add_option("--category", o.category, "SARIF: the code scanning category (automationDetails.id), one per upload that must not replace another")
        ->capture_default_str();
    cmd.add_option("--max-annotations", o.max_annotations, "github: annotate at most N findings, highest priority first (GitHub shows 10 per level a step, 50 a job)")
        ->check(CLI::Range(0, 50))
        ->capture_default_str();
    cmd.add_flag("--show-config", o.show_config, "Print the effective settings and where each comes from, then exit");
    cmd.add_option("--fail-on", o.fail_on, "Exit 1 when a finding at or above this severity remains")
        ->check(CLI::IsMember(std::vector<std::string>(std::begin(kSeverities), std::end(kSeverities))));
  }
}

// --output binds to the --format right before it, whatever the order of the
// other options. CLI11 keeps each option's values apart, so the pairs are read
// from the order in which it parsed the values. Returns why the options
// cannot be paired, or nothing.
std::optional<std::string> bind_outputs(const CLI::App& cmd, CommonOptions& o) {
  const CLI::Option* format = cmd.get_option("--format");
  const CLI::Option* output = cmd.get_option("--output");
  size_t next_format = 0, next_output = 0;
  bool bound = false;  // the last --format has its --output
  for (const CLI::Option* opt : cmd.parse_order()) {
    if (opt == format) {
      o.format_outputs.emplace_back(o.formats.at(next_format++), "-");
      bound = false;
      continue;
    }
    if (opt != output) continue;
    const std::string& path = o.outputs.at(next_output++);
    if (o.format_outputs.empty() && o.formats.empty()) {  // `-o FILE` alone: the command's text
      o.format_outputs.emplace_back("text", path);
      bound = true;
    } else if (o.format_outputs.empty()) {
      return fmt::format("--output {} comes before any --format; put each --output right after the --format it is for", path);
    } else if (bound) {
      return fmt::format("--output {} follows another --output; each --output needs its own --format right before it", path);
    } else {
      o.format_outputs.back().second = path;
      bound = true;
    }
  }
  return std::nullopt;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"cfscale: architecture advice for Cloudflare Workers projects, from wrangler config and metrics.",
               "cfscale"};
  app.set_version_flag("--version,-V", fmt::format("cfscale {}\nLicensed under the Apache License, Version 2.0 ({}); see LICENSE.\n{}", kVersion, kLicense, kHomepageUrl));
  app.footer(kExamples);
  app.require_subcommand(1);

  CommonOptions advise;
  auto* a = app.add_subcommand("advise", "Prioritized scaling advice for a project");
  add_common(*a, advise, {"text", "json", "markdown", "sarif", "github"}, true);
  a->add_flag("--verbose,-v", advise.verbose, "Also list the checks that need metrics to be decided");

  CommonOptions checklist;
  auto* c = app.add_subcommand("checklist", "The staged scaling checklist, with a status for every item");
  add_common(*c, checklist, {"text", "json", "markdown", "sarif", "github"}, true);

  CostOptions cost;
  auto* co = app.add_subcommand("cost", "The monthly bill from the metrics, with projections");
  add_common(*co, cost.common, {"text", "json", "markdown", "sarif", "github"}, true);
  // NaN passes "positive" and "in range" checks (every comparison is false), so finiteness is checked first.
  auto finite = CLI::Validator([](std::string& v) { return std::isfinite(std::strtod(v.c_str(), nullptr)) ? std::string() : "not a finite number: " + v; }, "FINITE");
  auto scale_range = CLI::Validator(
      [](std::string& v) {
        double d = std::strtod(v.c_str(), nullptr);
        return d > 0 && d <= 10000 ? std::string() : "give a multiple of today's traffic above 0 and at most 10,000, not " + v;
      },
      "SCALE");
  co->add_option("--scale", cost.common.scale, "Also project the bill at N times today's traffic (above 0, at most 10,000)")
      ->check(finite)
      ->check(scale_range);
  co->add_option("--growth", cost.common.growth, "Growth in percent a month (default: growth_pct_per_month from the metrics)")
      ->check(finite)
      ->check(CLI::Range(-99.0, 1000.0));
  co->add_flag("--explain", cost.explain, "Show the arithmetic of every line");

  ValidateOptions validate;
  auto* v = app.add_subcommand("validate", "Read and check the wrangler config (and metrics) without advising");
  add_common(*v, validate.common, {"text", "json"}, false);
  v->add_flag("--print-config", validate.print_config,
              "Print the resolved configuration (environment applied) as JSON in wrangler's key names");

  DiffOptions diff;
  auto* d = app.add_subcommand("diff", "What a change does: new, fixed and unchanged findings, the bill and runway, from two JSON reports");
  d->add_option("base", diff.base, "The JSON report before the change (cfscale advise --format json)")->required();
  d->add_option("head", diff.head, "The JSON report after it")->required();
  d->add_option("--format,-f", diff.common.formats, "Output format (text, json, markdown); repeat with --output for several outputs")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->allow_extra_args(false);
  d->add_option("--output,-o", diff.common.outputs, "Write the output of the --format right before it to FILE ('-' is stdout)")
      ->allow_extra_args(false);
  d->add_option("--fail-on", diff.common.fail_on, "Exit 1 when a new finding is at or above this severity")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kSeverities), std::end(kSeverities))));
  d->add_option("--fail-on-increase", diff.fail_on_increase,
                "Exit 1 when the monthly bill grows by more than this: a percentage (10%) or dollars a month (50)");
  d->add_option("--max-chars", diff.max_chars, "markdown: cut to this many characters (a PR comment holds 65,536; the job summary 1 MiB)")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 20))
      ->capture_default_str();
  d->add_flag("--quiet,-q", diff.common.quiet, "Print only errors on stderr");
  add_color(*d, diff.common.color);

  InitOptions init;
  auto* i = app.add_subcommand("init", "Write a metrics skeleton (cfscale.metrics.yaml) for the project's bindings");
  i->add_option("path", init.common.path, "Project folder or wrangler config file (default: .)");
  i->add_option("--env,-e", init.common.env, "Apply the named environment first");
  i->add_option("--output,-o", init.common.output, "Where to write (default: cfscale.metrics.yaml beside the config; '-' is stdout)");
  i->add_flag("--force", init.force, "Overwrite an existing file");
  add_color(*i, init.common.color);
  init.common.output = "";

  MetricsQueriesOptions mq;
  auto* m = app.add_subcommand("metrics", "Metrics from Cloudflare's analytics");
  m->require_subcommand(1);
  auto* mqc = m->add_subcommand("queries", "Print the GraphQL Analytics requests (as curl commands) that measure the project");
  mqc->add_option("path", mq.common.path, "Project folder or wrangler config file (default: .)");
  mqc->add_option("--env,-e", mq.common.env, "Apply the named environment first (its script name and bindings)");
  mqc->add_option("--days", mq.days, "Whole UTC days to measure, before --end")->check(CLI::Range(1, 366))->capture_default_str();
  mqc->add_option("--end", mq.end, "The first day not measured, YYYY-MM-DD (default: today, UTC)");
  mqc->add_option("--output,-o", mq.common.output, "Where to write the script ('-' is stdout)")->capture_default_str();
  mqc->add_flag("--quiet,-q", mq.common.quiet, "Print only errors on stderr");
  add_color(*mqc, mq.common.color);

  MetricsImportOptions mi;
  auto* mic = m->add_subcommand("import", "Merge saved Cloudflare responses and logs into the project's metrics file");
  mic->add_option("files", mi.files, "GraphQL responses (metrics queries), wrangler d1 info --json, wrangler tail --format json, "
                                     "Logpush Workers Trace Events, Workers traces (OTLP JSON)")->required();
  mic->add_option("--project,-p", mi.common.path, "Project folder or wrangler config file (default: .)");
  mic->add_option("--env,-e", mi.common.env, "Apply the named environment first (its script name and bindings)");
  mic->add_option("--days", mi.days, "Days a response covers when its file name does not say (default: 30)")->check(CLI::Range(1, 366));
  mic->add_option("--end", mi.end, "With --days: the first day not covered, YYYY-MM-DD (default: today, UTC)");
  mic->add_option("--sample-rate", mi.sample_rate, "The share of events the logs hold (a Logpush job's sample rate), 0 to 1")
      ->check(CLI::Range(1e-6, 1.0))->capture_default_str();
  add_merge_options(*mic, mi.common, mi.overwrite, mi.dry_run);

  MetricsPullOptions mp;
  auto* mpc = m->add_subcommand("pull", "Run the analytics queries against Cloudflare's API and merge the answers into the metrics file");
  mpc->add_option("path", mp.common.path, "Project folder or wrangler config file (default: .)");
  mpc->add_option("--env,-e", mp.common.env, "Apply the named environment first (its script name and bindings)");
  mpc->add_flag("--all-envs", mp.common.all_envs, "The top level and every environment, each into its cfscale.metrics[.<env>].yaml");
  mpc->add_flag("--recursive,-r", mp.common.recursive, "Every Worker config under PATH, each into its own metrics file (look-ups shared)");
  mpc->add_option("--days", mp.days, "Whole UTC days to measure, before --end")->check(CLI::Range(1, 366))->capture_default_str();
  mpc->add_option("--end", mp.end, "The first day not measured, YYYY-MM-DD (default: today, UTC)");
  mpc->add_option("--account-id", mp.account_id, "The account (default: CLOUDFLARE_ACCOUNT_ID, else the token's only account)");
  mpc->add_option("--api-url", mp.api_url, "The API's base URL (default: CFSCALE_API_URL, else https://api.cloudflare.com/client/v4)");
  mpc->add_option("--timeout", mp.timeout_s, "Seconds one request may take")->check(CLI::Range(0.1, 600.0))->capture_default_str();
  add_merge_options(*mpc, mp.common, mp.overwrite, mp.dry_run);
  mpc->footer("  The token comes from CLOUDFLARE_API_TOKEN or the file CLOUDFLARE_API_TOKEN_FILE names; never from the command line.");

  CommonOptions rules;
  auto* r = app.add_subcommand("rules", "The rule catalogue");
  r->require_subcommand(1);
  auto* rl = r->add_subcommand("list", "List every rule");
  rl->add_option("--rules", rules.rules, "Load the rule catalogue from this folder (default: the one compiled in)");
  rl->add_option("--format,-f", rules.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  std::string rule_id;
  auto* re = r->add_subcommand("explain", "Print one rule's documentation");
  re->add_option("id", rule_id, "Rule id, such as CFS101 (or its name)")->required();
  re->add_option("--rules", rules.rules, "Load the rule catalogue from this folder (default: the one compiled in)");
  std::string docs_dir;
  auto* rd = r->add_subcommand("docs", "Generate docs/rules/ (one page per rule and an index)");
  rd->add_option("--output,-o", docs_dir, "Folder to write the pages into")->required();
  rd->add_option("--rules", rules.rules, "Load the rule catalogue from this folder (default: the one compiled in)");

  std::string shell;
  auto* comp = app.add_subcommand("completion", "Print a shell completion script (bash, zsh, fish) or the man page (man)");
  comp->add_option("shell", shell, "bash, zsh, fish or man")->required()->check(CLI::IsMember({"bash", "zsh", "fish", "man"}));
  comp->footer("  bash: cfscale completion bash > ~/.local/share/bash-completion/completions/cfscale\n"
               "  zsh:  cfscale completion zsh > \"${fpath[1]}/_cfscale\"\n"
               "  fish: cfscale completion fish > ~/.config/fish/completions/cfscale.fish\n"
               "  man:  cfscale completion man > cfscale.1 (cmake --install and the .deb install all four)");

  // CLI11 would call an unknown command "a missing subcommand"; say what it is.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string_view> names;
    for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      eprint("cfscale: unknown command \"{}\"{}; commands: {}\nRun with --help for more information.\n",
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
  for (auto [cmd, opts] : {std::pair{a, &advise}, std::pair{c, &checklist}, std::pair{co, &cost.common}, std::pair{d, &diff.common}}) {
    if (!cmd->parsed()) continue;
    if (auto why = bind_outputs(*cmd, *opts)) {
      eprint("cfscale: {}\nRun with --help for more information.\n", *why);
      return kExitBadInput;
    }
  }
  if (a->parsed()) return run_advise(advise);
  if (c->parsed()) return run_checklist(checklist);
  if (co->parsed()) return run_cost(cost);
  if (d->parsed()) return run_diff(diff);
  if (comp->parsed()) return write_output("-", *completion_script(app, shell)) ? kExitOk : kExitBadInput;
  if (v->parsed()) return run_validate(validate);
  if (i->parsed()) return run_init(init);
  if (mqc->parsed()) return run_metrics_queries(mq);
  if (mic->parsed()) return run_metrics_import(mi);
  if (mpc->parsed()) return run_metrics_pull(mp);
  if (rl->parsed()) return run_rules_list(rules);
  if (re->parsed()) return run_rules_explain(rules, rule_id);
  if (rd->parsed()) return run_rules_docs(rules, docs_dir);
  return kExitBadInput;
}

}  // namespace cfscale::cli
