// Decoders for the binding keys. Each is a shape (data) and a few lines that
// copy the checked fields into the model.
#include <algorithm>

#include <fmt/format.h>

#include "config/decode.h"

namespace cfscale::config {
namespace {
using T = FieldType;

constexpr FieldSpec kKvFields[] = {
    {"binding", T::String, true}, {"id", T::String}, {"preview_id", T::String}, {"remote", T::Boolean}};
constexpr FieldSpec kD1Fields[] = {
    {"binding", T::String, true},     {"database_id", T::String},         {"database_name", T::String},
    {"preview_database_id", T::String}, {"migrations_dir", T::String},    {"migrations_table", T::String},
    {"migrations_pattern", T::String},
    {"database_internal_env", T::String}, {"remote", T::Boolean}};
constexpr FieldSpec kR2Fields[] = {{"binding", T::String, true}, {"bucket_name", T::String},
                                   {"preview_bucket_name", T::String}, {"jurisdiction", T::String},
                                   {"remote", T::Boolean}};
constexpr FieldSpec kServiceFields[] = {{"binding", T::String, true}, {"service", T::String, true},
                                        {"environment", T::String}, {"entrypoint", T::String},
                                        {"props", T::Object}, {"remote", T::Boolean}};
constexpr FieldSpec kAnalyticsFields[] = {{"binding", T::String, true}, {"dataset", T::String}};
constexpr FieldSpec kHyperdriveFields[] = {
    {"binding", T::String, true}, {"id", T::String, true}, {"localConnectionString", T::String}};
constexpr FieldSpec kWorkflowFields[] = {
    {"binding", T::String, true}, {"name", T::String, true},   {"class_name", T::String, true},
    {"script_name", T::String},   {"remote", T::Boolean},      {"limits", T::Object},
    {"concurrency", T::Object},   {"schedules", T::Array},     {"default_retention", T::Any}};
constexpr const char* kWorkflowLimitsSource = "https://developers.cloudflare.com/workflows/reference/limits/";
constexpr FieldSpec kWorkflowLimitsFields[] = {{"steps", T::Number, false, Range{1, 25000, " steps", kWorkflowLimitsSource}}};
constexpr FieldSpec kWorkflowConcurrencyFields[] = {
    {"limit", T::Number, false, Range{1, 50000, " instances", "https://developers.cloudflare.com/workflows/build/concurrency-limits/"}}};

// A number inside an optional nested object of an entry ("limits.steps"),
// the object checked against its own shape first.
OptNum nested_number(const DecodeCtx& ctx, const Node& entry, const std::string& entry_path, std::string_view object,
                     std::span<const FieldSpec> spec, std::string_view field) {
  const Node* o = entry.get(object);
  if (!o || !o->is_object()) return std::nullopt;
  check_object(ctx.doc, *o, ObjectSpec{spec}, fmt::format("{}.{}", entry_path, object), ctx.diags);
  return opt_num(*o, field);
}
constexpr FieldSpec kVectorizeFields[] = {
    {"binding", T::String, true}, {"index_name", T::String, true}, {"remote", T::Boolean}};
constexpr FieldSpec kAiFields[] = {{"binding", T::String, true}, {"staging", T::Boolean}, {"remote", T::Boolean}};
// Every key of wrangler's container schema is accepted (so that real configs
// get no unknown-key warnings); cfscale reads the sizes and the instance cap.
constexpr const char* kContainerLimitsSource = "https://developers.cloudflare.com/containers/platform/limits/";
constexpr FieldSpec kContainerFields[] = {
    {"class_name", T::String, true},       {"image", T::String},
    {"name", T::String},                   {"max_instances", T::Number, false, Range{0, 1e9, " instances", kContainerLimitsSource}},
    {"instance_type", T::Any},             {"image_build_context", T::String},
    {"image_vars", T::Object},             {"rollout_step_percentage", T::Any},
    {"rollout_kind", T::String},           {"rollout_active_grace_period", T::Number},
    {"scheduling_policy", T::String},      {"constraints", T::Object},
    {"affinities", T::Object},             {"observability", T::Object},
    {"ssh", T::Object},                    {"wrangler_ssh", T::Object},
    {"authorized_keys", T::Array},         {"trusted_user_ca_keys", T::Array},
    {"configuration", T::Object},          {"instances", T::Number}};
// Custom instance types: 1-4 vCPU, at most 12 GiB of memory and 20 GB of disk.
constexpr FieldSpec kContainerSizeFields[] = {
    {"vcpu", T::Number, false, Range{1, 4, " vCPU", kContainerLimitsSource}},
    {"memory_mib", T::Number, false, Range{1, 12288, " MiB", kContainerLimitsSource}},
    {"disk_mb", T::Number, false, Range{1, 20000, " MB", kContainerLimitsSource}}};
constexpr const char* kInstanceTypes[] = {"lite", "basic", "standard-1", "standard-2", "standard-3", "standard-4", "dev", "standard"};
constexpr FieldSpec kDurableObjectsFields[] = {{"bindings", T::Array, true}};
constexpr FieldSpec kDoBindingFields[] = {{"name", T::String, true},
                                          {"class_name", T::String, true},
                                          {"script_name", T::String},
                                          {"environment", T::String}};
constexpr FieldSpec kMigrationFields[] = {{"tag", T::String, true},
                                          {"new_classes", T::StringArray},
                                          {"new_sqlite_classes", T::StringArray},
                                          {"deleted_classes", T::StringArray},
                                          {"renamed_classes", T::ObjectArray},
                                          {"transferred_classes", T::ObjectArray}};

}  // namespace

void decode_kv_namespaces(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "kv_namespaces", ObjectSpec{kKvFields}, [&](const Node& e) {
    w.kv_namespaces.push_back(KvNamespace{*opt_str(e, "binding"), opt_str(e, "id"), opt_str(e, "preview_id"), e.pos});
  });
}

void decode_d1_databases(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "d1_databases", ObjectSpec{kD1Fields}, [&](const Node& e) {
    w.d1_databases.push_back(D1Database{*opt_str(e, "binding"), opt_str(e, "database_name"),
                                        opt_str(e, "database_id"), opt_str(e, "preview_database_id"),
                                        opt_str(e, "migrations_dir"), opt_str(e, "migrations_table"),
                                        opt_str(e, "migrations_pattern"), e.pos});
  });
}

void decode_r2_buckets(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "r2_buckets", ObjectSpec{kR2Fields}, [&](const Node& e) {
    w.r2_buckets.push_back(R2Bucket{*opt_str(e, "binding"), opt_str(e, "bucket_name"),
                                    opt_str(e, "preview_bucket_name"), opt_str(e, "jurisdiction"), e.pos});
  });
}

void decode_services(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "services", ObjectSpec{kServiceFields}, [&](const Node& e) {
    w.services.push_back(ServiceBinding{*opt_str(e, "binding"), *opt_str(e, "service"), opt_str(e, "environment"),
                                        opt_str(e, "entrypoint"), e.pos});
  });
}

void decode_analytics_engine(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "analytics_engine_datasets", ObjectSpec{kAnalyticsFields}, [&](const Node& e) {
    w.analytics_engine_datasets.push_back(AnalyticsEngineDataset{*opt_str(e, "binding"), opt_str(e, "dataset"), e.pos});
  });
}

void decode_hyperdrive(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "hyperdrive", ObjectSpec{kHyperdriveFields}, [&](const Node& e) {
    w.hyperdrive.push_back(HyperdriveBinding{*opt_str(e, "binding"), *opt_str(e, "id"), e.pos});
  });
}

void decode_workflows(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "workflows", ObjectSpec{kWorkflowFields}, [&](const Node& e) {
    std::string path = fmt::format("{}[{}]", ctx.path("workflows"), &e - n.items.data());
    w.workflows.push_back(WorkflowBinding{*opt_str(e, "binding"), *opt_str(e, "name"), *opt_str(e, "class_name"),
                                          opt_str(e, "script_name"),
                                          nested_number(ctx, e, path, "limits", kWorkflowLimitsFields, "steps"),
                                          nested_number(ctx, e, path, "concurrency", kWorkflowConcurrencyFields, "limit"), e.pos});
  });
}

void decode_vectorize(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "vectorize", ObjectSpec{kVectorizeFields}, [&](const Node& e) {
    w.vectorize.push_back(VectorizeBinding{*opt_str(e, "binding"), *opt_str(e, "index_name"), e.pos});
  });
}

void decode_containers(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "containers", ObjectSpec{kContainerFields}, [&](const Node& e) {
    std::string path = fmt::format("{}[{}]", ctx.path("containers"), &e - n.items.data());
    ContainerApp c{*opt_str(e, "class_name"), opt_str(e, "name"), opt_str(e, "image"), opt_num(e, "max_instances"),
                   std::nullopt, std::nullopt, std::nullopt, std::nullopt, e.pos};
    if (const Node* t = e.get("instance_type")) {
      if (t->is_object()) {
        c.vcpu = nested_number(ctx, e, path, "instance_type", kContainerSizeFields, "vcpu");
        c.memory_mib = opt_num(*t, "memory_mib");
        c.disk_mb = opt_num(*t, "disk_mb");
      } else if (auto name = opt_str(e, "instance_type")) {
        if (std::find(std::begin(kInstanceTypes), std::end(kInstanceTypes), *name) == std::end(kInstanceTypes))
          ctx.diags.error(ctx.doc.location(t->pos), "invalid-value",
                          fmt::format("\"{}.instance_type\" is \"{}\", not an instance type (lite, basic, standard-1 to standard-4, "
                                      "or an object with vcpu, memory_mib and disk_mb); see {}",
                                      path, *name, kContainerLimitsSource));
        c.instance_type = name;
      } else {
        ctx.diags.error(ctx.doc.location(t->pos), "wrong-type",
                        fmt::format("\"{}.instance_type\" must be a string or an object", path));
      }
    }
    w.containers.push_back(std::move(c));
  });
}

void decode_ai(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kAiFields}, ctx.path("ai"), ctx.diags);
  if (auto b = opt_str(n, "binding")) w.ai = AiBinding{*b, n.pos};
}

void decode_durable_objects(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kDurableObjectsFields}, ctx.path("durable_objects"), ctx.diags);
  const Node* bindings = n.get("bindings");
  if (!bindings || !bindings->is_array()) return;
  DecodeCtx inner{ctx.doc, ctx.diags, ctx.prefix + "durable_objects."};
  for_each_entry(inner, *bindings, "bindings", ObjectSpec{kDoBindingFields}, [&](const Node& e) {
    w.durable_objects.push_back(DurableObjectBinding{*opt_str(e, "name"), *opt_str(e, "class_name"),
                                                     opt_str(e, "script_name"), opt_str(e, "environment"), e.pos});
  });
}

void decode_migrations(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  for_each_entry(ctx, n, "migrations", ObjectSpec{kMigrationFields}, [&](const Node& e) {
    DurableObjectMigration m;
    m.tag = *opt_str(e, "tag");
    m.pos = e.pos;
    m.new_classes = str_list(e.get("new_classes"));
    m.new_sqlite_classes = str_list(e.get("new_sqlite_classes"));
    m.deleted_classes = str_list(e.get("deleted_classes"));
    if (const Node* r = e.get("renamed_classes"); r && r->is_array())
      for (const auto& item : r->items)
        if (auto from = opt_str(item, "from"), to = opt_str(item, "to"); from && to)
          m.renamed_classes.push_back(RenamedClass{*from, *to});
    w.migrations.push_back(std::move(m));
  });
}

void decode_vars(const DecodeCtx&, const Node& n, WorkerConfig& w) {
  for (const Member* m : counted_members(n)) w.vars.push_back(Var{m->key, m->key_pos});
}

}  // namespace cfscale::config
