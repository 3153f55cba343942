// The finished report: what the engine decides and every output format
// renders. Plain data (docs/interface.md §3), so reporters need nothing else.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "core/location.h"
#include "core/severity.h"

namespace cfscale {

// Where an input of a finding came from, so that a reader can see why it
// fired and where to correct it (JSON: evidence[].source).
struct Origin {
  std::string kind;  // "metrics" | "config" | "limits" | "settings" | "derived" | "source" (the code)
  std::string file;  // "" for a derived figure
  Pos pos;           // invalid when there is no place to point at
  // How the value was obtained: a metric's file says (measured, hand-typed,
  // estimated); else "configured" (the wrangler config), "documented" (a
  // limit from Cloudflare's documentation), "chosen" (a threshold: cfscale's
  // default or the settings'), "computed" (derived).
  std::string obtained;
};

// "cfscale.metrics.yaml:12" for an input a user wrote (metrics, config,
// settings); "" for the catalogue's figures and derived ones.
std::string origin_text(const std::optional<Origin>& o);

// A figure a derived value was computed from.
struct DerivedInput {
  std::string input;  // "worker.cpu_ms_p99", "limit.d1_storage_gb", "config.limits.cpu_ms"
  double value = 0;
  Origin source;
};

struct Evidence {
  std::string input;                    // "d1.DB.read_latency_p95_ms", "config.queues.consumers[q].dead_letter_queue"
  std::optional<Origin> source;         // of `input`
  std::optional<Origin> threshold_source;  // of `threshold_input`
  std::optional<double> value;          // a number ...
  std::optional<std::string> text;      // ... or a string/boolean/absent ("(not set)")
  std::string op;                       // ">", ">=", "missing", ...
  std::optional<double> threshold;      // what it was compared with, when a number
  std::optional<std::string> threshold_text;
  std::string threshold_input;          // "threshold.d1_read_latency_ms", "limit.d1_storage_gb"
  std::string basis;                    // for derived values: how it was computed
  std::vector<DerivedInput> derived_from;  // ... and from what
};

struct Target {
  std::string product;                  // worker | kv | d1 | r2 | queues | durable_objects | ...
  std::optional<std::string> binding;   // binding or queue name; null for the Worker
  friend bool operator==(const Target&, const Target&) = default;
};

struct Finding {
  std::string rule;
  std::string topic;
  std::string kind;                     // bottleneck | anti-pattern | checklist | limit | config
  Severity severity = Severity::Info;
  int priority = 0;
  double score = 0;                     // the priority score (docs/prioritization.md)
  std::string title;
  std::string message;
  std::string recommendation;
  std::string example;                  // the pattern as a short code example
  std::string example_language;
  Target target;
  std::vector<Evidence> evidence;
  std::optional<Location> location;
  std::string snippet;                  // a code finding: the source line at `location`
  std::optional<double> utilization;    // of the nearest limit, when the rule measures one
  std::optional<std::string> checklist_item;
  std::optional<std::string> stage;     // the checklist stage, for checklist findings
  std::vector<std::string> related_rules;   // merged findings: one problem, one finding
  std::vector<std::string> related_topics;
  std::vector<std::string> references;
  std::optional<double> cost_monthly_usd;
  // Without an estimate, the most the fix can change a month (negative: the
  // largest saving), when the metrics bound it but do not decide it.
  std::optional<double> cost_bound_usd;
  std::string cost_basis;
  std::optional<double> runway_months;  // months until the limit this finding is about
  std::string note;                     // e.g. "the suppression expired on 2026-10-01"
  // Findings across Workers: every Worker involved and where each binds it.
  std::vector<std::string> workers;
  std::vector<Location> related_locations;
};

// A service binding between two Workers of the analysed tree.
struct ServiceEdge {
  std::string from;     // the calling Worker (name, with its environment)
  std::string to;       // the service it binds
  std::string binding;
  bool in_repo = false; // the called Worker is one of the analysed configs
};

// What reporters need to know of a rule (SARIF's reportingDescriptor).
struct RuleInfo {
  std::string id;
  std::string name;
  std::string topic;
  std::string kind;
  Severity severity = Severity::Info;  // the default
  std::string short_description;
  std::string full_description;
  std::string help;                    // the recommendation, placeholders as <name>
  std::string help_uri;
  std::vector<std::pair<std::string, std::string>> references;  // (title, url)
};

// A Worker's bindings, for diagrams.
struct BindingInfo {
  std::string product;  // kv, d1, r2, durable_objects, services, ...
  std::string name;
  std::string detail;   // the database, bucket, class, Worker it points at
};

struct QueueFlow {
  std::string queue;
  bool produced = false;  // this Worker sends to it
  bool consumed = false;  // this Worker consumes it
  std::optional<std::string> dead_letter_queue;
};

struct CostLine {
  std::string item;      // "kv.writes"
  std::string product;
  double usage = 0;      // units per month
  double included = 0;
  double billable = 0;
  double monthly_usd = 0;
  bool over_allowance = false;
  std::string basis;
};

// The monthly bill for what the metrics describe (docs/interface.md §3 workers[].cost).
struct CostSummary {
  std::optional<double> monthly_usd;  // null without metrics
  std::string plan;
  std::string currency = "USD";
  double base_fee = 0;
  std::map<std::string, double> by_product;
  std::vector<CostLine> lines;
  std::map<std::string, std::string> not_estimated;  // item -> the missing inputs
  std::vector<std::string> free_plan_failures;
  std::string pricing_as_of;
  double month_days = 30;
};

// How much of a limit is used and how long until it is reached (docs/interface.md §3).
struct RunwayItem {
  std::string limit;  // the topic of the limit: d1-storage, kv-write-rate, ...
  Target target;
  double utilization = 0;
  std::optional<double> months;  // 0 when reached, null when never at this rate
  std::string basis;
};

// The bill under a traffic multiple or after months of growth.
struct Projection {
  std::string label;      // "1x", "10x", "in 6 months at 15%/month"
  double traffic = 1;     // traffic multiple
  double monthly_usd = 0;
  std::vector<std::string> over_allowance;     // items past what the plan includes
  std::vector<std::string> free_plan_failures; // what stops working on Free
  std::vector<std::string> free_plan_failing;  // ... the items, for a short list
};

struct ChecklistEntry {
  std::string item;
  std::string stage;
  std::string status;  // done | todo | unknown | not-applicable | later
  std::string why;
  std::string rule;
};

// A rule cfscale could not decide for lack of inputs.
struct Undecided {
  std::string rule;
  std::string topic;
  Target target;
  std::vector<std::string> missing;  // the inputs that would decide it
};

struct WorkerReport {
  std::optional<std::string> name;
  std::optional<std::string> env;
  std::string config;
  std::optional<std::string> metrics;
  std::optional<std::string> stage;
  std::optional<double> requests_per_day;
  std::string plan;  // free | paid
  std::vector<Finding> findings;
  std::vector<ChecklistEntry> checklist;
  std::vector<Undecided> undecided;
  CostSummary cost;
  std::vector<RunwayItem> runway;        // sorted by months (null last)
  std::vector<Projection> projections;   // filled by `cfscale cost`
  std::optional<double> growth_pct_per_month;
  std::vector<BindingInfo> bindings;
  std::vector<QueueFlow> queues;
  size_t suppressed = 0;        // findings hidden by cfscale-ignore comments
  size_t baseline_hidden = 0;   // findings hidden by --baseline
  size_t disabled_rules = 0;    // rules switched off in the settings
  Diagnostics diagnostics;  // warnings about the inputs (errors stop the run earlier)
};

// Counts over Workers, for summaries and exit codes. Kept apart from the
// findings so that a tree's Worker reports can be dropped once rendered.
struct Tally {
  size_t workers = 0;
  size_t findings = 0;
  std::map<Severity, size_t> by_severity;
  size_t undecided = 0;
  size_t suppressed = 0;
  size_t baseline_hidden = 0;
  size_t disabled_rules = 0;  // the most any Worker's settings switch off

  void add(const WorkerReport& w);
  void add(const Tally& t);
};

struct Report {
  std::string tool_version;
  std::string limits_as_of;
  std::vector<WorkerReport> workers;
  Tally dropped;  // Workers rendered in parts and dropped (not in `workers`)
  std::vector<RuleInfo> rules;  // the catalogue the report was made with
  bool recursive = false;       // a tree of Workers (--recursive)
  std::vector<Finding> cross;   // findings across Workers
  std::vector<ServiceEdge> services;

  // Over `workers`, `dropped` and the findings across Workers.
  Tally tally() const;
};

}  // namespace cfscale
