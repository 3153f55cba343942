// What a rule is evaluated against: the Worker as a whole, or each binding of
// one kind. A target knows its metrics section, its config entry and how to
// read that entry's fields.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/model.h"
#include "engine/value.h"
#include "metrics/metrics.h"
#include "source/facts.h"

namespace cfscale::engine {

// `Call`: a call on a binding in the Worker's code (source/facts.h), one
// target per call site; its fields are read as `code.<field>`.
enum class TargetType { Worker, Kv, D1, R2, QueueConsumer, Queue, DurableObject, Workflow, Container, Vectorize, Call };
inline constexpr size_t kTargetTypeCount = static_cast<size_t>(TargetType::Call) + 1;

std::optional<TargetType> parse_target_type(std::string_view s);
std::string_view to_string(TargetType t);
// The metrics section (docs/interface.md §2) of a target type: "worker", "d1", ...
std::string_view metrics_section(TargetType t);
// The docs/interface.md §3 target.product.
std::string_view product_of(TargetType t);

struct Target {
  TargetType type = TargetType::Worker;
  std::optional<std::string> name;  // binding or queue name
  Pos pos;                          // the config entry
  std::string config_path;          // "d1_databases[DB]", "queues.consumers[jobs]", "" for the Worker
  // The config struct of the entry: its type follows from `type`
  // (engine/target.cpp's table); a queue known only from a producer has none.
  std::variant<std::monostate, const config::WorkerConfig*, const config::KvNamespace*, const config::D1Database*,
               const config::R2Bucket*, const config::QueueConsumer*, const config::DurableObjectBinding*,
               const config::WorkflowBinding*, const config::ContainerApp*, const config::VectorizeBinding*,
               const source::BindingCall*>
      entry;
  // A target in the code: the file and position findings point at, and the
  // product of the binding it calls ("" for none), looked up once.
  std::optional<Location> source{};
  std::string_view product{};
  // Its metrics, looked up once by Context::targets (`metrics_found` says
  // whether the lookup was made; `metrics` is null when nothing was measured).
  const metrics::Entry* metrics = nullptr;
  bool metrics_found = false;
};

std::vector<Target> targets_of(TargetType type, const config::WorkerConfig& w);
// The call sites of a project's code on this config's bindings.
std::vector<Target> call_targets(const std::vector<source::FileFacts>& files, const config::WorkerConfig& w);

// What a code field of a call target shows, in words, for its evidence
// ("in the body of the loop at line 7"); "" when the value says it all.
std::string code_field_basis(const Target& t, std::string_view field);

// The first keyword of an SQL statement, lower-cased ("select", "insert"; "" for none).
std::string sql_verb(std::string_view sql);

// Whether a KV put's options (its third argument) set an expiry; nullopt
// when they are not an object literal written at the call.
std::optional<bool> kv_put_sets_expiry(const source::BindingCall& c);

// Which product a binding name of the config is ("kv", "d1", "queues"...);
// "" when the config binds no such name.
std::string_view binding_product(const config::WorkerConfig& w, std::string_view binding);

// The config entry of a target of the matching type (engine/target.cpp's
// table says which); a mismatch is a programming error and throws.
template <class Entry>
const Entry& entry_of(const Target& t) {
  return *std::get<const Entry*>(t.entry);
}

// Config fields a rule may read, per target type ("config.<field>").
std::span<const std::string_view> config_fields(TargetType t);
Val config_field(const Target& t, const config::WorkerConfig& w, std::string_view field);
// The function reading a field of targets of type `t` (null: no such field),
// for a rule's operand to find once rather than at every target.
using FieldReader = Val (*)(const Target&, const config::WorkerConfig&);
FieldReader config_field_reader(TargetType t, std::string_view field);

}  // namespace cfscale::engine
