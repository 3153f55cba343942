// `cfscale metrics pull`: the requests of `metrics queries` sent to
// Cloudflare's API with the user's token, and the answers merged into the
// metrics file as `metrics import` merges saved ones. Every Worker and
// environment of the run is pulled before anything is written: one failure
// and no file changes.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "analytics/pull.h"
#include "cli/app.h"
#include "cli/metrics_write.h"
#include "cli/output.h"
#include "config/load.h"
#include "cost/pricing.h"

namespace cfscale::cli {
namespace {

std::string getenv_or(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The token from CLOUDFLARE_API_TOKEN, or the file CLOUDFLARE_API_TOKEN_FILE
// names. Never from the command line (it would be in the shell's history and
// every process listing), never printed.
bool read_token(std::string& token) {
  token = getenv_or("CLOUDFLARE_API_TOKEN");
  std::string file = getenv_or("CLOUDFLARE_API_TOKEN_FILE");
  if (token.empty() && !file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      eprint("{}: error: CLOUDFLARE_API_TOKEN_FILE names a file that cannot be read\n", file);
      return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    token = ss.str();
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  }
  if (token.empty()) {
    eprint("cfscale: error: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_TOKEN_FILE) to an API token with Account Analytics Read "
           "(and Queues Read, Workers Scripts Read for queue and Durable Object ids)\n");
    return false;
  }
  for (char c : token)
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7F) {
      eprint("cfscale: error: the API token holds a space or control character: is it the whole token, and only it?\n");
      return false;
    }
  return true;
}

// https://, or http:// to this machine only: the token must not cross a
// network in the clear.
bool check_api_url(std::string& url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.rfind("https://", 0) == 0) return true;
  for (const char* local : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
    if (url.rfind(local, 0) == 0 && (url.size() == std::strlen(local) || url[std::strlen(local)] == ':' || url[std::strlen(local)] == '/'))
      return true;
  eprint("cfscale: error: --api-url {}: use https:// (http:// only to 127.0.0.1 or localhost, as tests do): the token would travel in the clear\n",
         url);
  return false;
}

}  // namespace

int run_metrics_pull(const MetricsPullOptions& opts) {
  const auto& o = opts.common;
  Style style = detect_style(stderr, o.color);
  if (!o.output.empty() && (o.all_envs || o.recursive)) {
    eprint("cfscale: error: --all-envs and --recursive write each Worker's own metrics file: --output names one\n");
    return kExitBadInput;
  }
  if (o.all_envs && o.env) {
    eprint("cfscale: error: --all-envs pulls every environment: give --env without it\n");
    return kExitBadInput;
  }
  // The Workers of the run: the project's (or each config under PATH with
  // --recursive), and with --all-envs each environment too.
  std::vector<std::string> config_files;
  if (o.recursive) {
    Diagnostics scan;
    config_files = config::find_configs_recursive(o.path, scan);
    print_diagnostics(scan, style, o.quiet);
    if (scan.has_errors()) return kExitBadInput;
    if (config_files.empty()) {
      eprint("{}: error: no wrangler config under this folder\n", o.path);
      return kExitBadInput;
    }
  }
  std::vector<config::WorkerConfig> workers;
  bool bad = false;
  auto take = [&](config::LoadedConfig& l) {
    l.diags.sort();
    print_diagnostics(l.diags, style, o.quiet);
    if (!l.ok()) bad = true;
    else workers.push_back(*l.worker);
  };
  if (!o.recursive) {
    auto loaded = config::load_config(o.path, config::LoadOptions{o.env});
    if (loaded.ok()) config_files.push_back(loaded.worker->file);
    if (!o.all_envs || !loaded.ok()) take(loaded);
  }
  for (const auto& file : config_files) {
    if (o.all_envs) {
      for (auto& l : config::load_config_file_envs(file)) take(l);
    } else if (o.recursive) {
      auto l = config::load_config_file(file, config::LoadOptions{o.env});
      take(l);
    }
  }
  if (bad) {
    eprint("cfscale: the config has errors; nothing was pulled\n");
    return kExitBadInput;
  }
  for (const auto& w : workers) protect_input(w.file);

  analytics::Window window;
  if (auto err = analytics::make_window(opts.end.value_or(cost::today_utc()), opts.days, window); !err.empty()) {
    eprint("cfscale: error: --end/--days: {}\n", err);
    return kExitBadInput;
  }
  analytics::ApiOptions api_opts;
  api_opts.api_url = opts.api_url.value_or(getenv_or("CFSCALE_API_URL"));
  if (api_opts.api_url.empty()) api_opts.api_url = analytics::kDefaultApiUrl;
  if (!check_api_url(api_opts.api_url) || !read_token(api_opts.token)) return kExitBadInput;
  api_opts.timeout_ms = static_cast<long>(opts.timeout_s * 1000);

  // Where each Worker's file goes, checked before any request is sent.
  std::vector<MetricsTarget> targets(workers.size());
  for (size_t i = 0; i < workers.size(); ++i)
    if (!find_metrics_target(workers[i], o.output, style, o.quiet, targets[i])) return kExitBadInput;

  analytics::ApiSession api(api_opts);
  std::string error;
  auto account = opts.account_id;
  if (!account) {
    std::string env_account = getenv_or("CLOUDFLARE_ACCOUNT_ID");
    if (!env_account.empty()) account = env_account;
  }
  if (!api.resolve_account(account, error)) {
    eprint("cfscale: error: {}; nothing was written\n", error);
    return kExitBadInput;
  }

  std::vector<Merged> files;
  std::vector<std::string> notes;
  for (size_t i = 0; i < workers.size(); ++i) {
    const auto& w = workers[i];
    analytics::Pulled pulled;
    Diagnostics diags;
    bool ok = analytics::pull_worker(api, w, window, pulled, diags);
    diags.sort();
    print_diagnostics(diags, style, o.quiet);
    if (!ok) {
      eprint("cfscale: nothing was written\n");
      return kExitBadInput;
    }
    std::string who = fmt::format("{}{}", w.file, w.env ? ", env " + *w.env : "");
    for (const auto& n : pulled.converted.notes) notes.push_back(workers.size() > 1 ? who + ": " + n : n);
    MergeRequest req;
    req.values = std::move(pulled.converted.values);
    req.overwrite = opts.overwrite;
    req.header = fmt::format("cfscale metrics pull, {}: Worker {} ({}{}), from {}, {} days from {} to {}", cost::today_utc(),
                             w.name.value_or("(unnamed)"), w.file, w.env ? ", env " + *w.env : "", api.api_url(), window.days,
                             window.start_date, window.end_date);
    if (pulled.window_days > 0) req.window_days = pulled.window_days;
    Merged m;
    if (!merge_metrics(targets[i], req, style, m)) return kExitBadInput;
    files.push_back(std::move(m));
  }
  if (!o.quiet)
    eprint("{} GraphQL request{} and {} REST look-up{} to {}\n", api.graphql_requests(), api.graphql_requests() == 1 ? "" : "s",
           api.rest_requests(), api.rest_requests() == 1 ? "" : "s", api.api_url());
  return write_merged(files, notes, opts.dry_run, o.quiet);
}

}  // namespace cfscale::cli
