// The command line: parses arguments and hands each command to its module.
// This layer is the only one that knows every other.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace cfscale::cli {

// Options every analysing command takes (docs/interface.md §1).
struct CommonOptions {
  std::string path = ".";
  std::optional<std::string> env;
  std::optional<std::string> metrics;
  std::optional<std::string> rules;  // rules folder (default: the installed catalogue)
  std::optional<std::string> settings;  // --config: project settings (default: .cfscale.toml found)
  std::string format = "text";   // validate, rules list: one format
  std::string output = "-";
  // advise, checklist, cost: repeated --format F --output FILE pairs, as
  // given (CLI11 fills these; bind_outputs pairs them in command-line order).
  std::vector<std::string> formats;
  std::vector<std::string> outputs;
  // Each --format with the --output that follows it ("-": stdout), in order.
  std::vector<std::pair<std::string, std::string>> format_outputs;
  std::optional<std::string> fail_on;
  std::optional<std::string> baseline;        // report only findings not in it
  std::optional<std::string> write_baseline;  // record today's findings
  std::optional<std::string> compare_to;      // advise: a base JSON report to compare with
  std::vector<std::string> select, ignore;  // rule ids, names or topics
  std::optional<std::string> root;  // --root: paths in reports relative to it (default: the git top level)
  std::string category = "cfscale";  // --category: SARIF automationDetails.id
  size_t max_annotations = 50;       // --max-annotations: github format
  bool show_config = false;
  bool recursive = false;  // every Worker config under PATH
  bool all_envs = false;   // each environment too
  unsigned jobs = 0;       // threads for --recursive (0: one per core)
  // The Worker's code: read from the config's folder, or --source DIR;
  // --no-source: not at all.
  std::optional<std::string> source;
  bool no_source = false;
  bool quiet = false;
  std::string color = "auto";  // --color auto|always|never (--no-color: never)
  bool verbose = false;
  // cost: the projections, and their --scale and --growth.
  bool projections = false;
  std::optional<double> scale;
  std::optional<double> growth;
};

struct ValidateOptions {
  CommonOptions common;
  bool print_config = false;
};

int run_validate(const ValidateOptions& opts);
int run_advise(const CommonOptions& opts);
int run_checklist(const CommonOptions& opts);

struct CostOptions {
  CommonOptions common;  // with scale and growth
  bool explain = false;
};
int run_cost(const CostOptions& opts);
int run_rules_list(const CommonOptions& opts);
int run_rules_explain(const CommonOptions& opts, const std::string& id);
int run_rules_docs(const CommonOptions& opts, const std::string& dir);

struct DiffOptions {
  CommonOptions common;  // formats, outputs, fail_on, color
  std::string base, head;
  std::optional<std::string> fail_on_increase;
  size_t max_chars = 65536;  // markdown: a pull-request comment holds 65,536 characters
};
int run_diff(const DiffOptions& opts);

struct InitOptions {
  CommonOptions common;
  bool force = false;
};
int run_init(const InitOptions& opts);

struct MetricsQueriesOptions {
  CommonOptions common;
  int days = 30;
  std::optional<std::string> end;  // YYYY-MM-DD, excluded (default: today, UTC; CFSCALE_TODAY)
};
int run_metrics_queries(const MetricsQueriesOptions& opts);

struct MetricsImportOptions {
  CommonOptions common;  // path (--project), env, output ("": the project's metrics file), quiet, color
  std::vector<std::string> files;
  std::optional<int> days;         // a GraphQL response's window, when its file name does not say it
  std::optional<std::string> end;
  double sample_rate = 1;          // of the tail session or Logpush job
  bool overwrite = false;          // replace values a person typed
  bool dry_run = false;            // print the file instead of writing it
};
int run_metrics_import(const MetricsImportOptions& opts);

struct MetricsPullOptions {
  CommonOptions common;  // path, env, all_envs, output ("": the project's metrics file), quiet, color
  int days = 30;
  std::optional<std::string> end;         // YYYY-MM-DD, excluded (default: today, UTC)
  std::optional<std::string> account_id;  // else CLOUDFLARE_ACCOUNT_ID, else the token's one account
  std::optional<std::string> api_url;     // else CFSCALE_API_URL, else Cloudflare's
  double timeout_s = 60;
  bool overwrite = false;
  bool dry_run = false;
};
int run_metrics_pull(const MetricsPullOptions& opts);

// Exit codes (docs/interface.md §1).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;

int run(int argc, char** argv);

}  // namespace cfscale::cli
