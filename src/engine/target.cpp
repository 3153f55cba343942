#include "engine/target.h"

#include <algorithm>
#include <cctype>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "config/bindings.h"
#include "core/products.h"

namespace cfscale::engine {

using config::WorkerConfig;

namespace {

Val opt(const std::optional<std::string>& s) { return s ? Val::string(*s) : Val::absent(); }
Val opt(const std::optional<double>& d) { return d ? Val::number(*d) : Val::absent(); }
Val opt(const std::optional<bool>& b) { return b ? Val::boolean(*b) : Val::absent(); }
template <class T, class F>
Val opt_in(const std::optional<T>& part, F field) { return part ? opt(field(*part)) : Val::absent(); }

// A config field a rule may read ("config.<name>") and how to read it.
struct Field {
  std::string_view name;
  Val (*read)(const Target&, const WorkerConfig&);
};

// One row per target type: its name in rules, the metrics section (and
// docs/interface.md §3 target.product) of its entries, the fields rules may
// read and how the entries are listed. Adding a target type is one row.
struct TargetSpec {
  TargetType type;
  std::string_view name;
  std::string_view section;
  std::span<const Field> fields;
  void (*list)(const WorkerConfig&, std::vector<Target>&);
};

template <class E>
const E& e(const Target& t) { return entry_of<E>(t); }

constexpr Field kWorkerFields[] = {
    {"name", [](const Target&, const WorkerConfig& w) { return opt(w.name); }},
    {"main", [](const Target&, const WorkerConfig& w) { return opt(w.main); }},
    {"placement.mode", [](const Target&, const WorkerConfig& w) { return opt_in(w.placement, [](auto& p) { return p.mode; }); }},
    {"placement.region", [](const Target&, const WorkerConfig& w) { return opt_in(w.placement, [](auto& p) { return p.region; }); }},
    {"limits.cpu_ms", [](const Target&, const WorkerConfig& w) { return opt_in(w.limits, [](auto& l) { return l.cpu_ms; }); }},
    {"limits.subrequests", [](const Target&, const WorkerConfig& w) { return opt_in(w.limits, [](auto& l) { return l.subrequests; }); }},
    {"observability.enabled", [](const Target&, const WorkerConfig& w) { return opt_in(w.observability, [](auto& o) { return o.enabled; }); }},
    {"observability.head_sampling_rate",
     [](const Target&, const WorkerConfig& w) { return opt_in(w.observability, [](auto& o) { return o.head_sampling_rate; }); }},
    {"triggers.crons",
     [](const Target&, const WorkerConfig& w) {
       return w.triggers.crons ? Val::number(static_cast<double>(w.triggers.crons->size())) : Val::absent();
     }},
};

constexpr Field kKvFields[] = {
    {"binding", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::KvNamespace>(t).binding); }},
    {"id", [](const Target& t, const WorkerConfig&) { return opt(e<config::KvNamespace>(t).id); }},
};

constexpr Field kD1Fields[] = {
    {"binding", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::D1Database>(t).binding); }},
    {"database_name", [](const Target& t, const WorkerConfig&) { return opt(e<config::D1Database>(t).database_name); }},
    {"database_id", [](const Target& t, const WorkerConfig&) { return opt(e<config::D1Database>(t).database_id); }},
    {"migrations_dir", [](const Target& t, const WorkerConfig&) { return opt(e<config::D1Database>(t).migrations_dir); }},
};

constexpr Field kR2Fields[] = {
    {"binding", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::R2Bucket>(t).binding); }},
    {"bucket_name", [](const Target& t, const WorkerConfig&) { return opt(e<config::R2Bucket>(t).bucket_name); }},
    {"jurisdiction", [](const Target& t, const WorkerConfig&) { return opt(e<config::R2Bucket>(t).jurisdiction); }},
};

bool is_dead_letter_queue(const WorkerConfig& w, const std::string& q) {
  return std::any_of(w.queue_consumers.begin(), w.queue_consumers.end(),
                     [&](const config::QueueConsumer& c) { return c.dead_letter_queue == q; });
}

constexpr Field kConsumerFields[] = {
    {"queue", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::QueueConsumer>(t).queue); }},
    {"max_batch_size", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).max_batch_size); }},
    {"max_batch_timeout", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).max_batch_timeout); }},
    {"max_retries", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).max_retries); }},
    {"dead_letter_queue", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).dead_letter_queue); }},
    {"max_concurrency", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).max_concurrency); }},
    {"retry_delay", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).retry_delay); }},
    {"type", [](const Target& t, const WorkerConfig&) { return opt(e<config::QueueConsumer>(t).type); }},
    // The queue is where another consumer of this config sends what it gives up on.
    {"is_dead_letter_queue",
     [](const Target& t, const WorkerConfig& w) { return Val::boolean(is_dead_letter_queue(w, e<config::QueueConsumer>(t).queue)); }},
};

bool queue_listed(const auto& list, const Target& t) {
  return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.queue == t.name; });
}

constexpr Field kQueueFields[] = {
    {"queue", [](const Target& t, const WorkerConfig&) { return Val::string(*t.name); }},
    // Some consumer of this config sends what it gives up on to this queue.
    {"is_dead_letter_queue", [](const Target& t, const WorkerConfig& w) { return Val::boolean(is_dead_letter_queue(w, *t.name)); }},
    {"has_producer", [](const Target& t, const WorkerConfig& w) { return Val::boolean(queue_listed(w.queue_producers, t)); }},
    {"has_consumer", [](const Target& t, const WorkerConfig& w) { return Val::boolean(queue_listed(w.queue_consumers, t)); }},
};

constexpr Field kDoFields[] = {
    {"name", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::DurableObjectBinding>(t).name); }},
    {"class_name", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::DurableObjectBinding>(t).class_name); }},
    {"script_name", [](const Target& t, const WorkerConfig&) { return opt(e<config::DurableObjectBinding>(t).script_name); }},
};

constexpr Field kWorkflowFields[] = {
    {"binding", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::WorkflowBinding>(t).binding); }},
    {"name", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::WorkflowBinding>(t).name); }},
    {"class_name", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::WorkflowBinding>(t).class_name); }},
    {"script_name", [](const Target& t, const WorkerConfig&) { return opt(e<config::WorkflowBinding>(t).script_name); }},
    {"limits.steps", [](const Target& t, const WorkerConfig&) { return opt(e<config::WorkflowBinding>(t).steps_limit); }},
    {"concurrency.limit", [](const Target& t, const WorkerConfig&) { return opt(e<config::WorkflowBinding>(t).concurrency_limit); }},
};

constexpr Field kContainerFields[] = {
    {"class_name", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::ContainerApp>(t).class_name); }},
    {"name", [](const Target& t, const WorkerConfig&) { return opt(e<config::ContainerApp>(t).name); }},
    {"image", [](const Target& t, const WorkerConfig&) { return opt(e<config::ContainerApp>(t).image); }},
    {"max_instances", [](const Target& t, const WorkerConfig&) { return opt(e<config::ContainerApp>(t).max_instances); }},
    {"instance_type", [](const Target& t, const WorkerConfig&) {
       const auto& c = e<config::ContainerApp>(t);
       return c.instance_type ? Val::string(*c.instance_type) : c.vcpu || c.memory_mib || c.disk_mb ? Val::string("custom") : Val::absent();
     }},
};

constexpr Field kVectorizeFields[] = {
    {"binding", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::VectorizeBinding>(t).binding); }},
    {"index_name", [](const Target& t, const WorkerConfig&) { return Val::string(e<config::VectorizeBinding>(t).index_name); }},
};

// --- Calls in the code ------------------------------------------------------

const source::BindingCall& call_of(const Target& t) { return e<source::BindingCall>(t); }

// Whether a call returns a promise, by product and the last method of its
// chain; unknown for a product or method this table does not know.
Val returns_promise(const Target& t, const WorkerConfig&) {
  const auto& c = call_of(t);
  if (c.api == "websocket.accept") return Val::boolean(false);
  std::string_view product = t.product;
  const std::string& last = c.methods.back();
  auto in = [&](std::initializer_list<std::string_view> names) { return std::find(names.begin(), names.end(), last) != names.end(); };
  if (product == "kv") return in({"get", "getWithMetadata", "put", "delete", "list"}) ? Val::boolean(true) : Val::unknown();
  if (product == "d1") {
    if (in({"first", "all", "run", "raw", "batch", "exec", "dump"})) return Val::boolean(true);
    if (in({"prepare", "bind", "withSession"})) return Val::boolean(false);
    return Val::unknown();
  }
  if (product == "r2") {
    if (in({"get", "put", "delete", "list", "head", "createMultipartUpload"})) return Val::boolean(true);
    return in({"resumeMultipartUpload"}) ? Val::boolean(false) : Val::unknown();
  }
  if (product == "queues") return in({"send", "sendBatch"}) ? Val::boolean(true) : Val::unknown();
  if (product == "analytics_engine") return in({"writeDataPoint"}) ? Val::boolean(false) : Val::unknown();
  if (product == "durable_objects") {
    // The namespace's own methods return ids and stubs; a stub's fetch() and RPC methods return promises.
    if (in({"idFromName", "idFromString", "newUniqueId", "get", "getByName", "jurisdiction", "getExisting"}))
      return Val::boolean(false);
    return c.methods.size() > 1 ? Val::boolean(true) : Val::unknown();
  }
  if (product == "services") return in({"connect"}) ? Val::boolean(false) : Val::boolean(true);  // fetch() and RPC
  if (product == "vectorize" || product == "ai" || product == "workflows") return Val::boolean(true);
  return Val::unknown();
}

bool sql_writes(std::string_view sql) {
  std::string verb = sql_verb(sql);
  return verb == "insert" || verb == "update" || verb == "delete" || verb == "replace" || verb == "upsert";
}

Val kv_expiry_set(const Target& t, const WorkerConfig&) {
  auto set = kv_put_sets_expiry(call_of(t));
  return set ? Val::boolean(*set) : Val::unknown();
}

constexpr Field kCallFields[] = {
    {"binding", [](const Target& t, const WorkerConfig&) { return Val::string(call_of(t).binding); }},
    {"product", [](const Target& t, const WorkerConfig&) { return Val::string(std::string(t.product)); }},
    {"method", [](const Target& t, const WorkerConfig&) { return Val::string(call_of(t).methods.front()); }},
    {"last_method", [](const Target& t, const WorkerConfig&) { return Val::string(call_of(t).methods.back()); }},
    // "prepare().bind().first": templates write "{binding}.{code.methods}()".
    {"methods", [](const Target& t, const WorkerConfig&) { return Val::string(fmt::format("{}", fmt::join(call_of(t).methods, "()."))); }},
    {"use", [](const Target& t, const WorkerConfig&) { return Val::string(std::string(source::to_string(call_of(t).use))); }},
    {"in_loop", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).loop.has_value()); }},
    // "src/a.ts:12:5": the loop, as a key (merge_by: one finding per loop).
    {"loop_at", [](const Target& t, const WorkerConfig&) {
       const auto& c = call_of(t);
       return c.loop && t.source ? Val::string(fmt::format("{}:{}:{}", t.source->file, c.loop->line, c.loop->column)) : Val::absent();
     }},
    {"function", [](const Target& t, const WorkerConfig&) {
       const auto& f = call_of(t).function;
       return Val::string(f.empty() ? std::string("Top-level code") : f);
     }},
    {"sql", [](const Target& t, const WorkerConfig&) { return call_of(t).sql.empty() ? Val::absent() : Val::string(call_of(t).sql); }},
    {"args", [](const Target& t, const WorkerConfig&) { return Val::number(static_cast<double>(call_of(t).arguments.size())); }},
    {"after_read", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).after_read); }},
    {"cache_named", [](const Target& t, const WorkerConfig&) {
       std::string name = call_of(t).binding;
       std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
       return Val::boolean(name.find("cache") != std::string::npos);
     }},
    {"via", [](const Target& t, const WorkerConfig&) {
       const auto& c = call_of(t);
       // Its place is the finding's related location, which reports name as they name files.
       return c.via.empty() ? Val::absent() : Val::string(c.via + "()");
     }},
    // What the code calls at the finding's place: "EVENTS.send()", or the helper "notify()".
    {"call_text", [](const Target& t, const WorkerConfig&) {
       const auto& c = call_of(t);
       return Val::string(c.via.empty() ? fmt::format("{}.{}()", c.binding, fmt::join(c.methods, "().")) : c.via + "()");
     }},
    {"returns_promise", [](const Target& t, const WorkerConfig& w) {
       // Through an async helper: the helper's own promise.
       return call_of(t).via.empty() || call_of(t).use != source::Use::Dropped ? returns_promise(t, w) : Val::boolean(true);
     }},
    {"kv_expiry_set", kv_expiry_set},
    // The SQL changes rows: INSERT, UPDATE, DELETE, REPLACE (false for a
    // read, and for SQL that is not written at the call).
    {"sql_writes", [](const Target& t, const WorkerConfig&) { return Val::boolean(sql_writes(call_of(t).sql)); }},
    {"read_modify_write", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).read_modify_write); }},
    {"consumes_listed", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).consumes_listed); }},
    {"body_read", [](const Target& t, const WorkerConfig&) {
       const auto& b = call_of(t).body_read;
       return b.empty() ? Val::absent() : Val::string(b);
     }},
    {"fan_out", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).fan_out.has_value()); }},
    // "src/a.ts:12:5": the Promise.all, as a key (merge_by: one finding per fan-out).
    {"fan_out_at", [](const Target& t, const WorkerConfig&) {
       const auto& c = call_of(t);
       return c.fan_out && t.source ? Val::string(fmt::format("{}:{}:{}", t.source->file, c.fan_out->line, c.fan_out->column)) : Val::absent();
     }},
    {"sessions_used", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).binding_sessions); }},
    {"api", [](const Target& t, const WorkerConfig&) { return call_of(t).api.empty() ? Val::absent() : Val::string(call_of(t).api); }},
    {"class", [](const Target& t, const WorkerConfig&) { return call_of(t).class_name.empty() ? Val::absent() : Val::string(call_of(t).class_name); }},
    // The enclosing class is a Durable Object class this config binds (and defines here).
    {"durable_object_class", [](const Target& t, const WorkerConfig& w) {
       const auto& k = call_of(t).class_name;
       return Val::boolean(!k.empty() && std::any_of(w.durable_objects.begin(), w.durable_objects.end(), [&](const auto& d) {
                             return d.class_name == k && !d.script_name;
                           }));
     }},
    {"hibernation_in_file", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).hibernation_in_file); }},
    {"message_loop", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).message_loop.has_value()); }},
    // "src/a.ts:12:5": the message loop, as a key (merge_by: one finding per loop).
    {"message_loop_at", [](const Target& t, const WorkerConfig&) {
       const auto& c = call_of(t);
       return c.message_loop && t.source ? Val::string(fmt::format("{}:{}:{}", t.source->file, c.message_loop->line, c.message_loop->column)) : Val::absent();
     }},
    {"message_caught", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).message_caught); }},
    {"message_acked", [](const Target& t, const WorkerConfig&) { return Val::boolean(call_of(t).message_acked); }},
    // The most messages one batch of this Worker's push consumers holds
    // (max_batch_size, Cloudflare's default 10 when unset); absent without a consumer.
    {"consumer_batch_size", [](const Target&, const WorkerConfig& w) {
       std::optional<double> most;
       for (const auto& q : w.queue_consumers)
         if (q.type.value_or("worker") == "worker") most = std::max(most.value_or(0), q.max_batch_size.value_or(10));
       return most ? Val::number(*most) : Val::absent();
     }},
};

// The entries of one list of the config (w.*List), each a target at its own
// place, named by its Name field, found at "Key[name]".
template <TargetType T, auto List, auto Name, const std::string_view& Key>
void entries(const WorkerConfig& w, std::vector<Target>& out) {
  for (const auto& x : w.*List) {
    const std::string& n = x.*Name;
    out.push_back(Target{T, n, x.pos, fmt::format("{}[{}]", Key, n), &x});
  }
}

constexpr std::string_view kKvKey = "kv_namespaces", kD1Key = "d1_databases", kR2Key = "r2_buckets",
                           kConsumerKey = "queues.consumers", kDoKey = "durable_objects.bindings", kWorkflowKey = "workflows",
                           kContainerKey = "containers", kVectorizeKey = "vectorize";

constexpr TargetSpec kTargets[] = {
    {TargetType::Worker, "worker", "worker", kWorkerFields,
     [](const WorkerConfig& w, std::vector<Target>& out) { out.push_back(Target{TargetType::Worker, std::nullopt, w.section_pos, "", &w}); }},
    {TargetType::Kv, "kv", "kv", kKvFields, entries<TargetType::Kv, &WorkerConfig::kv_namespaces, &config::KvNamespace::binding, kKvKey>},
    {TargetType::D1, "d1", "d1", kD1Fields, entries<TargetType::D1, &WorkerConfig::d1_databases, &config::D1Database::binding, kD1Key>},
    {TargetType::R2, "r2", "r2", kR2Fields, entries<TargetType::R2, &WorkerConfig::r2_buckets, &config::R2Bucket::binding, kR2Key>},
    {TargetType::QueueConsumer, "queue_consumer", "queues", kConsumerFields,
     entries<TargetType::QueueConsumer, &WorkerConfig::queue_consumers, &config::QueueConsumer::queue, kConsumerKey>},
    {TargetType::Queue, "queue", "queues", kQueueFields,
     [](const WorkerConfig& w, std::vector<Target>& out) {
       // Every queue this Worker touches, once: at its consumer entry when it
       // consumes it (where lag is fixed), else at its producer entry.
       std::set<std::string> seen;
       for (const auto& c : w.queue_consumers)
         if (seen.insert(c.queue).second)
           out.push_back(Target{TargetType::Queue, c.queue, c.pos, "queues.consumers[" + c.queue + "]", &c});
       for (const auto& p : w.queue_producers)
         if (seen.insert(p.queue).second)
           out.push_back(Target{TargetType::Queue, p.queue, p.pos, "queues.producers[" + p.binding + "]", std::monostate{}});
       // A dead-letter queue nothing here consumes or sends to is still this
       // Worker's: its backlog is the failed messages of a consumer, found at
       // the consumer that names it.
       for (const auto& c : w.queue_consumers)
         if (c.dead_letter_queue && seen.insert(*c.dead_letter_queue).second)
           out.push_back(Target{TargetType::Queue, *c.dead_letter_queue, c.pos, "queues.consumers[" + c.queue + "].dead_letter_queue",
                                std::monostate{}});
     }},
    {TargetType::DurableObject, "durable_object", "durable_objects", kDoFields,
     entries<TargetType::DurableObject, &WorkerConfig::durable_objects, &config::DurableObjectBinding::name, kDoKey>},
    {TargetType::Workflow, "workflow", "workflows", kWorkflowFields,
     entries<TargetType::Workflow, &WorkerConfig::workflows, &config::WorkflowBinding::binding, kWorkflowKey>},
    {TargetType::Container, "container", "containers", kContainerFields,
     entries<TargetType::Container, &WorkerConfig::containers, &config::ContainerApp::class_name, kContainerKey>},
    {TargetType::Vectorize, "vectorize", "vectorize", kVectorizeFields,
     entries<TargetType::Vectorize, &WorkerConfig::vectorize, &config::VectorizeBinding::binding, kVectorizeKey>},
    // Not in the config: Context::targets reads them from the code (call_targets).
    {TargetType::Call, "call", "worker", kCallFields, [](const WorkerConfig&, std::vector<Target>&) {}},
};
static_assert(std::size(kTargets) == kTargetTypeCount);
// spec() indexes the table by the enum's value.
static_assert([] {
  for (size_t i = 0; i < std::size(kTargets); ++i)
    if (static_cast<size_t>(kTargets[i].type) != i) return false;
  return true;
}());

const TargetSpec& spec(TargetType t) { return kTargets[static_cast<size_t>(t)]; }

}  // namespace

std::optional<TargetType> parse_target_type(std::string_view s) {
  for (const auto& t : kTargets)
    if (t.name == s) return t.type;
  return std::nullopt;
}

std::string_view to_string(TargetType t) { return spec(t).name; }
std::string_view metrics_section(TargetType t) { return spec(t).section; }
std::string_view product_of(TargetType t) { return spec(t).section; }

std::vector<Target> call_targets(const std::vector<source::FileFacts>& files, const WorkerConfig& w) {
  std::map<std::string, std::string_view, std::less<>> products;
  for (const auto& b : config::list_bindings(w))
    if (b.key != "queues.consumers") products.emplace(b.name, find_product(b.product)->id);
  std::vector<Target> out;
  size_t calls = 0;
  for (const auto& f : files) calls += f.calls.size();
  out.reserve(calls);  // tens of thousands in a large project: built in place, not moved at each growth
  for (const auto& f : files)
    for (const auto& c : f.calls) {
      Target t{TargetType::Call, c.binding, {}, "", &c};
      t.source = Location{f.path, c.call_pos};
      if (auto it = products.find(c.binding); it != products.end() && c.api.empty()) t.product = it->second;
      out.push_back(std::move(t));
    }
  return out;
}

std::string code_field_basis(const Target& t, std::string_view field) {
  const auto* c = std::get_if<const source::BindingCall*>(&t.entry);
  if (!c || !t.source) return "";
  const auto& call = **c;
  if (field == "in_loop")
    return call.loop ? fmt::format("in the body of the loop at line {}, in the same function", call.loop->line)
                     : "not in the body of a loop of its function";
  if (field == "use") {
    switch (call.use) {
      case source::Use::Dropped: return "a statement of its own: nothing awaits, returns or keeps its promise";
      case source::Use::Awaited: return "awaited";
      case source::Use::WaitUntil: return "handed to waitUntil()";
      default: return std::string(source::to_string(call.use));
    }
  }
  if (field == "after_read")
    return call.after_read ? fmt::format("{} reads {} with get() before this put(): a read-through cache's fill", call.function.empty() ? "the code" : call.function, call.binding)
                           : "no get() of the same binding before it in the function";
  if (field == "cache_named") return fmt::format("the binding is named {}", call.binding);
  if (field == "read_modify_write")
    return call.read_at ? fmt::format("put() of the key {} that get() read at line {}, with a value computed from what it returned", call.key, call.read_at->line)
                        : "no get() of the same key whose value this put() writes back";
  if (field == "consumes_listed")
    return call.consumes_listed ? fmt::format("{} lists {} and deletes from it", call.function.empty() ? "the code" : call.function, call.binding)
                                : "the function lists without deleting";
  if (field == "body_read")
    return call.body_read.empty() ? "the body is not read whole in this function" : fmt::format("the object's body is read whole with {}()", call.body_read);
  if (field == "fan_out")
    return call.fan_out ? fmt::format("in a callback mapped over a list, all awaited together by the Promise.all at line {}", call.fan_out->line)
                        : "not in a callback mapped into Promise.all";
  if (field == "message_loop")
    return call.message_loop ? fmt::format("once per message of the queue batch, in the loop at line {}", call.message_loop->line)
                             : "not in a loop over a queue handler's batch.messages";
  if (field == "message_acked")
    return call.message_acked ? "the handler calls ack() or retry() on its messages" : "no ack() or retry() call on a message in the handler";
  if (field == "message_caught")
    return call.message_caught ? "a try catches the failure before it leaves the handler"
                               : "no try catches the failure (a catch that rethrows or calls retryAll() does not count)";
  if (field == "sessions_used")
    return call.binding_sessions ? fmt::format("the project calls {}.withSession()", call.binding)
                                 : fmt::format("no withSession() call on {} in the project's code", call.binding);
  if (field == "durable_object_class") return fmt::format("in class {}", call.class_name.empty() ? "(none)" : call.class_name);
  if (field == "hibernation_in_file")
    return call.hibernation_in_file ? "the file calls acceptWebSocket()" : "no acceptWebSocket() call in the file";
  if (field == "sql_writes") return call.sql.empty() ? "the SQL is not written at the call" : "the statement: " + call.sql.substr(0, 80);
  if (field == "kv_expiry_set")
    return call.arguments.size() < 3 ? fmt::format("put() with {} argument{}: no options", call.arguments.size(), call.arguments.size() == 1 ? "" : "s")
                                     : "the options object has neither expirationTtl nor expiration";
  return "";
}

std::string sql_verb(std::string_view sql) {
  size_t i = sql.find_first_not_of(" \t\r\n(");
  std::string verb;
  for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
    verb += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
  return verb;
}

std::optional<bool> kv_put_sets_expiry(const source::BindingCall& c) {
  if (c.arguments.size() < 3) return false;
  const auto& o = c.arguments[2];
  if (!o.is_object()) return std::nullopt;
  bool set = std::any_of(o.keys.begin(), o.keys.end(), [](const std::string& k) { return k == "expirationTtl" || k == "expiration"; });
  if (set) return true;
  if (o.spread) return std::nullopt;
  return false;
}

std::string_view binding_product(const WorkerConfig& w, std::string_view binding) {
  // A queue consumer's name is its queue's, not a binding the code calls.
  for (const auto& b : config::list_bindings(w))
    if (b.name == binding && b.key != "queues.consumers") return find_product(b.product)->id;
  return "";
}

std::vector<Target> targets_of(TargetType type, const WorkerConfig& w) {
  std::vector<Target> out;
  spec(type).list(w, out);
  return out;
}

std::span<const std::string_view> config_fields(TargetType t) {
  // The names, in the table's order, for the rule loader's checks and docs.
  static const auto names = [] {
    std::array<std::vector<std::string_view>, kTargetTypeCount> all;
    for (const auto& s : kTargets)
      for (const auto& f : s.fields) all[static_cast<size_t>(s.type)].push_back(f.name);
    return all;
  }();
  return names[static_cast<size_t>(t)];
}

FieldReader config_field_reader(TargetType t, std::string_view f) {
  for (const auto& field : spec(t).fields)
    if (field.name == f) return field.read;
  return nullptr;
}

Val config_field(const Target& t, const WorkerConfig& w, std::string_view f) {
  FieldReader read = config_field_reader(t.type, f);
  return read ? read(t, w) : Val::unknown();
}

}  // namespace cfscale::engine
