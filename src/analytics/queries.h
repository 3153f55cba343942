// The GraphQL Analytics requests that measure one Worker and its bindings:
// one request per product, each binding an aliased node of it
// (`cfs_d1_DB`, `cfs_d1_DB_queries`...), so a saved response says which
// binding each figure belongs to. Datasets, fields and filters are those of
// docs/metrics.md (from Cloudflare's documentation; the field names marked
// there as third-party are asked for all the same, and a pull drops what the
// account's schema lacks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/model.h"

namespace cfscale::analytics {

// Whole UTC days: [start, end), `end` a midnight (today's, by default: the
// partial day is left out).
struct Window {
  std::string start_date;  // "2026-11-01"
  std::string end_date;    // "2026-12-01", exclusive
  int days = 30;
};
// The `days` whole days before `end_date` (YYYY-MM-DD). Errors as values:
// an empty string is success, else the message.
std::string make_window(const std::string& end_date, int days, Window& out);

// One aliased node: which binding and which key group it answers.
struct QueryNode {
  std::string alias;    // cfs_d1_DB_storage
  std::string dataset;  // d1StorageAdaptiveGroups
  std::string product;  // worker, kv, d1, r2, queues, durable_objects
  std::string entry;    // the binding, the queue name; "" for the Worker
  std::string role;     // what the node measures for its entry: "" (the main node), "lat", "storage", "queries"...
  std::string body;     // the node's GraphQL text, aliased, with its filter
  int limit = 0;        // the rows asked for: as many back means the answer was cut
};

// Something the request needs that the config does not say: an id to look
// up (a queue's, a Durable Object namespace's), as a shell variable the
// printed command expands, and how to find it.
struct Lookup {
  std::string variable;  // CFSCALE_QUEUE_ID_1
  std::string what;      // "the id of queue events"
  std::string how;       // a command that prints it
  // What `metrics pull` asks the REST API for: a queue by name, or the
  // namespace of `class_name` in `script`.
  enum class Kind { Queue, DurableObjectNamespace } kind = Kind::Queue;
  std::string name;        // the queue; the Durable Object class
  std::string script;      // the Durable Object's script
};

struct Request {
  std::string product;  // one request per product
  std::string name;     // the GraphQL operation name: CfscaleD1
  std::vector<QueryNode> nodes;
  std::vector<Lookup> lookups;
  Window window;        // the product's window (within its retention)
  std::string note;     // why the window is shorter than asked, or ""
  std::string query() const;  // the whole document
};

struct Plan {
  std::string script;  // the Worker's deployed name (with its environment)
  std::vector<Request> requests;
  std::vector<std::string> skipped;  // bindings no query can measure, and why
};

// The requests for `w` over `asked`: the Worker's invocations, then one per
// product the config binds. Bindings without the id a filter needs (a KV
// namespace without `id`) are listed in `skipped`.
Plan plan_queries(const config::WorkerConfig& w, const Window& asked);

// A GraphQL string literal, which reads as the same JSON string: names come
// from the config, which may hold anything.
std::string gql_string(std::string_view s);

// The JSON body of POST /graphql for `r`, with the account's tag.
std::string request_body(const Request& r, std::string_view account_tag);

// The most days back each product's datasets keep (docs/metrics.md).
int retention_days(const std::string& product);

}  // namespace cfscale::analytics
