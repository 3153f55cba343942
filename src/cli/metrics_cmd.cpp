// `cfscale metrics queries`: the GraphQL Analytics requests that measure the
// project, as a shell script of curl commands, each saving one response.
// The GraphQL of each request is printed above it as a comment, to read or
// paste into the GraphQL explorer.
#include <fmt/format.h>

#include "analytics/queries.h"
#include "cli/app.h"
#include "cli/output.h"
#include "config/load.h"
#include "cost/pricing.h"
#include "core/printable.h"

namespace cfscale::cli {
namespace {

// Text inside an unquoted here-document reads back as written, but for the
// placeholders of shell variables (@@NAME@@), which become ${NAME}.
std::string heredoc_text(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == '$' || ch == '`') out += '\\';
    out += ch;
  }
  for (size_t at = out.find("@@CFSCALE_"); at != std::string::npos; at = out.find("@@CFSCALE_", at)) {
    size_t end = out.find("@@", at + 2);
    if (end == std::string::npos) break;
    out.replace(end, 2, "}");
    out.replace(at, 2, "${");
  }
  return out;
}

// A comment line cannot be ended by a name with a newline in it.
std::string commented(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    out += "#   " + printable(text.substr(start, nl - start)) + "\n";
    start = nl + 1;
  }
  return out;
}

std::string script(const config::WorkerConfig& w, const analytics::Plan& plan, const analytics::Window& asked) {
  std::string out = "#!/bin/sh\n";
  out += fmt::format("# cfscale metrics queries: Worker {} ({}{}), {} days from {} to {} (UTC, whole days, the end excluded).\n",
                     printable(plan.script.empty() ? "(unnamed)" : plan.script), printable(w.file), w.env ? ", env " + printable(*w.env) : "",
                     asked.days, asked.start_date, asked.end_date);
  out += "# Needs CLOUDFLARE_API_TOKEN (Account > Account Analytics > Read) and CLOUDFLARE_ACCOUNT_ID.\n";
  out += "# Each request saves one response in the current folder, named by its product and window:\n";
  out += "# cfscale-analytics-<product>-<start>_<end>.json. Then: cfscale metrics import cfscale-analytics-*.json\n";
  out += "# GraphQL reports errors inside a 200 response: look at \"errors\" in each file.\n";
  out += "set -eu\n";
  out += ": \"${CLOUDFLARE_API_TOKEN:?set it to an API token with Account Analytics Read}\"\n";
  out += ": \"${CLOUDFLARE_ACCOUNT_ID:?set it to the account id (the dashboard URL, or wrangler whoami)}\"\n";
  for (const auto& s : plan.skipped) out += "# not measured: " + printable(s) + "\n";
  for (const auto& r : plan.requests) {
    // What to look up, as a comment (names may hold what a shell message
    // cannot), and a check that stops the script when it is not set.
    for (const auto& l : r.lookups) {
      out += fmt::format("\n# {}: set it to {}: {}\n", l.variable, printable(l.what), printable(l.how));
      out += fmt::format(": \"${{{}:?is not set: see the comment above}}\"\n", l.variable);
    }
    out += fmt::format("\n# {}: {} days from {} to {}{}\n", r.product, r.window.days, r.window.start_date, r.window.end_date,
                       r.note.empty() ? "" : " (" + r.note + ")");
    out += commented(r.query());
    std::string body = analytics::request_body(r, "@@CFSCALE_ACCOUNT@@");
    out += fmt::format("curl -sS --fail-with-body https://api.cloudflare.com/client/v4/graphql \\\n"
                       "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" -H \"Content-Type: application/json\" \\\n"
                       "  -o cfscale-analytics-{}-{}_{}.json --data-binary @- <<CFSCALE_REQUEST_END\n{}\nCFSCALE_REQUEST_END\n",
                       r.product, r.window.start_date, r.window.end_date, heredoc_text(body));
  }
  // The account id is the one placeholder not named CFSCALE_*.
  for (size_t at = out.find("${CFSCALE_ACCOUNT}"); at != std::string::npos; at = out.find("${CFSCALE_ACCOUNT}", at))
    out.replace(at, 18, "${CLOUDFLARE_ACCOUNT_ID}");
  return out;
}

}  // namespace

int run_metrics_queries(const MetricsQueriesOptions& opts) {
  const auto& o = opts.common;
  auto loaded = config::load_config(o.path, config::LoadOptions{o.env});
  loaded.diags.sort();
  print_diagnostics(loaded.diags, detect_style(stderr, o.color), o.quiet);
  if (!loaded.ok()) {
    eprint("cfscale: the config has errors; no queries were printed\n");
    return kExitBadInput;
  }
  analytics::Window window;
  std::string end = opts.end.value_or(cost::today_utc());
  if (auto err = analytics::make_window(end, opts.days, window); !err.empty()) {
    eprint("cfscale: error: --end/--days: {}\n", err);
    return kExitBadInput;
  }
  auto plan = analytics::plan_queries(*loaded.worker, window);
  if (!write_output(o.output, script(*loaded.worker, plan, window))) return kExitBadInput;
  return kExitOk;
}

}  // namespace cfscale::cli
