// The typed model of a Worker's configuration, after the environment is
// applied: everything that matters for scaling advice, each entry with its
// position in the config file. Field names are wrangler's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/location.h"

namespace cfscale::config {

using OptStr = std::optional<std::string>;
using OptNum = std::optional<double>;
using OptBool = std::optional<bool>;

struct Route {
  std::string pattern;
  OptStr zone_id;
  OptStr zone_name;
  OptBool custom_domain;
  bool is_string = false;  // written as a bare pattern string
  Pos pos;
};

struct Placement {
  OptStr mode;  // "smart" | "off"
  OptStr hint;
  OptStr region;    // explicit placement near a cloud region ("aws:us-east-1")
  OptStr host;      // ... or near a host
  OptStr hostname;
  Pos pos;
};

struct Limits {
  OptNum cpu_ms;
  OptNum subrequests;
  Pos pos;
};

struct Triggers {
  std::optional<std::vector<std::string>> crons;  // absent vs [] (disabled)
  Pos pos;
};

struct Observability {
  OptBool enabled;
  OptNum head_sampling_rate;
  OptBool logs_enabled;  // observability.logs.enabled
  Pos pos;
};

struct KvNamespace {
  std::string binding;
  OptStr id;
  OptStr preview_id;
  Pos pos;
};

struct D1Database {
  std::string binding;
  OptStr database_name;
  OptStr database_id;
  OptStr preview_database_id;
  OptStr migrations_dir;
  OptStr migrations_table;
  OptStr migrations_pattern;  // a glob relative to the config (default <migrations_dir>/*.sql)
  Pos pos;
};

struct R2Bucket {
  std::string binding;
  OptStr bucket_name;
  OptStr preview_bucket_name;
  OptStr jurisdiction;
  Pos pos;
};

struct QueueProducer {
  std::string binding;
  std::string queue;
  OptNum delivery_delay;
  Pos pos;
};

struct QueueConsumer {
  std::string queue;
  OptStr type;  // "worker" (default) | "http_pull" (legacy)
  OptNum max_batch_size;
  OptNum max_batch_timeout;  // seconds
  OptNum max_retries;
  OptStr dead_letter_queue;
  OptNum max_concurrency;
  OptNum retry_delay;            // seconds
  OptNum visibility_timeout_ms;  // pull consumers
  Pos pos;
};

struct DurableObjectBinding {
  std::string name;
  std::string class_name;
  OptStr script_name;
  OptStr environment;
  Pos pos;
};

struct RenamedClass {
  std::string from;
  std::string to;
};

struct DurableObjectMigration {
  std::string tag;
  std::vector<std::string> new_classes;
  std::vector<std::string> new_sqlite_classes;
  std::vector<std::string> deleted_classes;
  std::vector<RenamedClass> renamed_classes;
  Pos pos;
};

struct ServiceBinding {
  std::string binding;
  std::string service;
  OptStr environment;
  OptStr entrypoint;
  Pos pos;
};

struct AnalyticsEngineDataset {
  std::string binding;
  OptStr dataset;
  Pos pos;
};

struct HyperdriveBinding {
  std::string binding;
  std::string id;
  Pos pos;
};

struct WorkflowBinding {
  std::string binding;
  std::string name;
  std::string class_name;
  OptStr script_name;
  OptNum steps_limit;        // limits.steps: the most steps one instance may run (Paid)
  OptNum concurrency_limit;  // concurrency.limit: instances of this Workflow running at once
  Pos pos;
};

struct VectorizeBinding {
  std::string binding;
  std::string index_name;
  Pos pos;
};

struct AiBinding {
  std::string binding;
  Pos pos;
};

// A Container application (`containers[]`): which Durable Object class runs
// it, how many instances may run, and how large each is. `instance_type` is a
// name ("lite", "standard-2"...) or custom sizes; unset, wrangler uses "lite".
struct ContainerApp {
  std::string class_name;
  OptStr name;
  OptStr image;
  OptNum max_instances;
  OptStr instance_type;  // a predefined type's name
  OptNum vcpu;           // custom instance_type.vcpu
  OptNum memory_mib;     // custom instance_type.memory_mib
  OptNum disk_mb;        // custom instance_type.disk_mb
  Pos pos;
};

struct Var {
  std::string name;  // values are not kept: they may be sensitive and do not matter for scaling
  Pos pos;
};

// One Worker as wrangler would deploy it: the top level, or one environment
// with inheritable keys filled in from the top level.
struct WorkerConfig {
  std::string file;          // the config file, as given or discovered
  std::optional<std::string> env;  // the environment applied, if any
  std::vector<std::string> defined_environments;
  OptStr top_level_name;

  OptStr name;
  OptStr main;
  OptStr compatibility_date;
  std::vector<std::string> compatibility_flags;
  OptStr route;
  std::optional<Route> route_object;  // `route` written as an object
  std::optional<std::vector<Route>> routes;
  OptBool workers_dev;
  std::optional<Placement> placement;
  std::optional<Limits> limits;
  Triggers triggers;
  std::optional<Observability> observability;
  OptBool logpush;

  std::vector<KvNamespace> kv_namespaces;
  std::vector<D1Database> d1_databases;
  std::vector<R2Bucket> r2_buckets;
  std::vector<QueueProducer> queue_producers;
  std::vector<QueueConsumer> queue_consumers;
  std::vector<DurableObjectBinding> durable_objects;
  std::vector<DurableObjectMigration> migrations;
  std::vector<ServiceBinding> services;
  std::vector<AnalyticsEngineDataset> analytics_engine_datasets;
  std::vector<HyperdriveBinding> hyperdrive;
  std::vector<WorkflowBinding> workflows;
  std::vector<VectorizeBinding> vectorize;
  std::optional<AiBinding> ai;
  std::vector<ContainerApp> containers;
  std::vector<std::string> ratelimits;  // rate limiting binding names
  std::vector<Var> vars;
  // assets.directory: static files served as they are (a site's pages and
  // browser scripts), not the Worker's code.
  OptStr assets_directory;

  // Where each top-level key of the resolved Worker was written (in the
  // environment's section, or inherited from the top level), and where the
  // section itself starts: findings about a missing key point there.
  std::map<std::string, Pos, std::less<>> key_pos;
  Pos section_pos;

  Location location(const Pos& p) const { return Location{file, p}; }
  // Where `key` is, or where it belongs (the section) when it is not set.
  Location key_location(std::string_view key) const;
};

}  // namespace cfscale::config
