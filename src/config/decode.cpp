#include "config/decode.h"

#include <array>

#include <fmt/format.h>

namespace cfscale::config {
namespace {

using S = Scope;
using T = FieldType;

#define COPY(field) [](WorkerConfig& d, const WorkerConfig& s) { d.field = s.field; }

void decode_name(const DecodeCtx&, const Node& n, WorkerConfig& w) { w.name = n.text; }
void decode_main(const DecodeCtx&, const Node& n, WorkerConfig& w) { w.main = n.text; }
void decode_compat_date(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  w.compatibility_date = n.text;
  // YYYY-MM-DD, as wrangler checks; templates with placeholders fail here.
  const std::string& t = n.text;
  bool ok = t.size() == 10 && t[4] == '-' && t[7] == '-';
  for (size_t i = 0; ok && i < t.size(); ++i) ok = (i == 4 || i == 7) || (t[i] >= '0' && t[i] <= '9');
  if (!ok)
    ctx.diags.warning(ctx.at(n), "invalid-value",
                      fmt::format("\"{}\" should be a date (YYYY-MM-DD), but is \"{}\"; wrangler will refuse to deploy it",
                                  ctx.path("compatibility_date"), t));
}
void decode_compat_flags(const DecodeCtx&, const Node& n, WorkerConfig& w) { w.compatibility_flags = str_list(&n); }
void decode_workers_dev(const DecodeCtx&, const Node& n, WorkerConfig& w) { w.workers_dev = n.boolean; }
void decode_ratelimits(const DecodeCtx&, const Node& n, WorkerConfig& w) {
  for (const auto& item : n.items)
    if (auto name = item.is_object() ? opt_str(item, "name") : std::nullopt) w.ratelimits.push_back(*name);
}
// `unsafe.bindings` is where rate limiters were declared before `ratelimits`
// existed, and many Workers still do: an entry of type "ratelimit" is one.
// Other unsafe entries (params, internal bindings) say nothing about scale.
void decode_unsafe(const DecodeCtx&, const Node& n, WorkerConfig& w) {
  const Node* bindings = n.get("bindings");
  if (!bindings || !bindings->is_array()) return;
  for (const auto& item : bindings->items) {
    if (!item.is_object()) continue;
    auto type = opt_str(item, "type");
    auto name = opt_str(item, "name");
    if (type && *type == "ratelimit" && name) w.ratelimits.push_back(*name);
  }
}
void decode_logpush(const DecodeCtx&, const Node& n, WorkerConfig& w) { w.logpush = n.boolean; }

constexpr FieldSpec kRouteFields[] = {
    {"pattern", T::String, true}, {"zone_id", T::String}, {"zone_name", T::String}, {"custom_domain", T::Boolean}};

std::optional<Route> decode_route_value(const DecodeCtx& ctx, const Node& n, const std::string& path) {
  Route r;
  r.pos = n.pos;
  if (n.is_string()) {
    r.pattern = n.text;
    r.is_string = true;
    return r;
  }
  if (!expect_type(ctx.doc, n, T::Object, path, ctx.diags)) return std::nullopt;
  check_object(ctx.doc, n, ObjectSpec{kRouteFields}, path, ctx.diags);
  auto pattern = opt_str(n, "pattern");
  if (!pattern) return std::nullopt;
  r.pattern = *pattern;
  r.zone_id = opt_str(n, "zone_id");
  r.zone_name = opt_str(n, "zone_name");
  r.custom_domain = opt_bool(n, "custom_domain");
  return r;
}

void decode_route(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  if (n.is_string()) {
    if (n.text.empty()) {
      ctx.diags.warning(ctx.at(n), "empty-route",
                        fmt::format("\"{}\" is an empty string and is ignored, as wrangler does", ctx.path("route")));
      return;
    }
    w.route = n.text;
    return;
  }
  w.route_object = decode_route_value(ctx, n, ctx.path("route"));
}

void decode_routes(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  std::vector<Route> routes;
  for (size_t i = 0; i < n.items.size(); ++i)
    if (auto r = decode_route_value(ctx, n.items[i], fmt::format("{}[{}]", ctx.path("routes"), i)))
      routes.push_back(std::move(*r));
  w.routes = std::move(routes);
}

constexpr FieldSpec kPlacementFields[] = {
    {"mode", T::String}, {"hint", T::String}, {"region", T::String}, {"host", T::String}, {"hostname", T::String}};

void decode_placement(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kPlacementFields}, ctx.path("placement"), ctx.diags);
  Placement p;
  p.pos = n.pos;
  p.mode = opt_str(n, "mode");
  p.hint = opt_str(n, "hint");
  p.region = opt_str(n, "region");
  p.host = opt_str(n, "host");
  p.hostname = opt_str(n, "hostname");
  if (p.mode && *p.mode != "smart" && *p.mode != "off")
    ctx.diags.error(ctx.at(*n.get("mode")), "invalid-value",
                    fmt::format("\"{}.mode\" must be \"smart\" or \"off\", but is \"{}\"", ctx.path("placement"), *p.mode));
  if (p.hint && p.mode != "smart")
    ctx.diags.error(ctx.at(*n.get("hint")), "invalid-value",
                    fmt::format("\"{}.hint\" needs \"placement.mode\" set to \"smart\"", ctx.path("placement")));
  w.placement = p;
}

// Only the folder is kept: what the assets are does not bear on scaling, but
// their scripts run in browsers, not in the Worker (source reading skips them).
void decode_assets(const DecodeCtx&, const Node& n, WorkerConfig& w) { w.assets_directory = opt_str(n, "directory"); }

constexpr const char* kCpuLimitSource = "https://developers.cloudflare.com/workers/platform/limits/#cpu-time";
constexpr FieldSpec kLimitsFields[] = {
    {"cpu_ms", T::Number, false, Range{1, 300000, " ms", kCpuLimitSource}},
    {"subrequests", T::Number, false,
     Range{1, 10000, "", "https://developers.cloudflare.com/workers/platform/limits/#subrequests"}}};

void decode_limits(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kLimitsFields}, ctx.path("limits"), ctx.diags);
  w.limits = Limits{opt_num(n, "cpu_ms"), opt_num(n, "subrequests"), n.pos};
}

constexpr FieldSpec kTriggersFields[] = {{"crons", T::StringArray}};

void decode_triggers(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kTriggersFields}, ctx.path("triggers"), ctx.diags);
  w.triggers.pos = n.pos;
  if (const Node* c = n.get("crons"); c && c->is_array()) w.triggers.crons = str_list(c);
}

constexpr FieldSpec kObservabilityFields[] = {
    {"enabled", T::Boolean},
    {"head_sampling_rate", T::Number, false,
     Range{0, 1, "", "https://developers.cloudflare.com/workers/observability/logs/workers-logs/#head-based-sampling"}},
    {"logs", T::Object},
    {"traces", T::Object}};

void decode_observability(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kObservabilityFields}, ctx.path("observability"), ctx.diags);
  Observability o;
  o.pos = n.pos;
  o.enabled = opt_bool(n, "enabled");
  o.head_sampling_rate = opt_num(n, "head_sampling_rate");
  if (const Node* logs = n.get("logs"); logs && logs->is_object()) o.logs_enabled = opt_bool(*logs, "enabled");
  w.observability = o;
}

// The table. Order is wrangler's documentation order; lookups are linear
// over ~90 short keys, which is cheaper than building a map per run.
const KeyHandler kHandlers[] = {
    // Inheritable: an environment without the key takes the top level's.
    {"name", T::String, S::Inheritable, decode_name, COPY(name)},
    {"main", T::String, S::Inheritable, decode_main, COPY(main)},
    {"account_id", T::String, S::Inheritable},
    {"compatibility_date", T::String, S::Inheritable, decode_compat_date, COPY(compatibility_date)},
    {"compatibility_flags", T::StringArray, S::Inheritable, decode_compat_flags, COPY(compatibility_flags)},
    {"route", T::Any, S::Inheritable, decode_route,
     [](WorkerConfig& d, const WorkerConfig& s) { d.route = s.route; d.route_object = s.route_object; }},
    {"routes", T::Array, S::Inheritable, decode_routes, COPY(routes)},
    {"workers_dev", T::Boolean, S::Inheritable, decode_workers_dev, COPY(workers_dev)},
    {"preview_urls", T::Boolean, S::Inheritable},
    {"placement", T::Object, S::Inheritable, decode_placement, COPY(placement)},
    {"limits", T::Object, S::Inheritable, decode_limits, COPY(limits)},
    {"triggers", T::Object, S::Inheritable, decode_triggers, COPY(triggers)},
    {"observability", T::Object, S::Inheritable, decode_observability, COPY(observability)},
    {"logpush", T::Boolean, S::Inheritable, decode_logpush, COPY(logpush)},
    {"migrations", T::ObjectArray, S::Inheritable, decode_migrations, COPY(migrations)},
    {"assets", T::Object, S::Inheritable, decode_assets, COPY(assets_directory)},
    {"build", T::Object, S::Inheritable},
    {"rules", T::Array, S::Inheritable},
    {"tsconfig", T::String, S::Inheritable},
    {"jsx_factory", T::String, S::Inheritable},
    {"jsx_fragment", T::String, S::Inheritable},
    {"find_additional_modules", T::Boolean, S::Inheritable},
    {"preserve_file_names", T::Boolean, S::Inheritable},
    {"base_dir", T::String, S::Inheritable},
    {"no_bundle", T::Boolean, S::Inheritable},
    {"minify", T::Boolean, S::Inheritable},
    {"keep_names", T::Boolean, S::Inheritable},
    {"first_party_worker", T::Boolean, S::Inheritable},
    {"upload_source_maps", T::Boolean, S::Inheritable},
    {"compliance_region", T::String, S::Inheritable},
    {"logfwdr", T::Object, S::Inheritable},
    {"python_modules", T::Object, S::Inheritable},
    {"dependencies_instrumentation", T::Object, S::Inheritable},
    {"exports", T::Object, S::Inheritable},
    {"previews", T::Object, S::Inheritable},
    {"cache", T::Object, S::Inheritable},
    {"analytics", T::Object, S::Inheritable},
    {"access", T::Object, S::Inheritable},
    {"addresses", T::Any, S::Inheritable},
    // Not inheritable: bindings and vars must be repeated in every environment.
    {"vars", T::Object, S::NotInheritable, decode_vars, COPY(vars)},
    {"kv_namespaces", T::Array, S::NotInheritable, decode_kv_namespaces, COPY(kv_namespaces)},
    {"d1_databases", T::Array, S::NotInheritable, decode_d1_databases, COPY(d1_databases)},
    {"r2_buckets", T::Array, S::NotInheritable, decode_r2_buckets, COPY(r2_buckets)},
    {"queues", T::Object, S::NotInheritable, decode_queues,
     [](WorkerConfig& d, const WorkerConfig& s) { d.queue_producers = s.queue_producers; d.queue_consumers = s.queue_consumers; }},
    {"durable_objects", T::Object, S::NotInheritable, decode_durable_objects, COPY(durable_objects)},
    {"services", T::Array, S::NotInheritable, decode_services, COPY(services)},
    {"analytics_engine_datasets", T::Array, S::NotInheritable, decode_analytics_engine, COPY(analytics_engine_datasets)},
    {"hyperdrive", T::Array, S::NotInheritable, decode_hyperdrive, COPY(hyperdrive)},
    {"workflows", T::Array, S::NotInheritable, decode_workflows, COPY(workflows)},
    {"vectorize", T::Array, S::NotInheritable, decode_vectorize, COPY(vectorize)},
    {"ai", T::Object, S::NotInheritable, decode_ai, COPY(ai)},
    {"define", T::Object, S::NotInheritable},
    {"browser", T::Object, S::NotInheritable},
    {"images", T::Object, S::NotInheritable},
    {"media", T::Object, S::NotInheritable},
    {"send_email", T::Array, S::NotInheritable},
    {"dispatch_namespaces", T::Array, S::NotInheritable},
    {"mtls_certificates", T::Array, S::NotInheritable},
    {"tail_consumers", T::Array, S::NotInheritable},
    {"streaming_tail_consumers", T::Array, S::NotInheritable},
    {"pipelines", T::Array, S::NotInheritable},
    {"secrets_store_secrets", T::Array, S::NotInheritable},
    {"ratelimits", T::Array, S::NotInheritable, decode_ratelimits, COPY(ratelimits)},
    {"worker_loaders", T::Array, S::NotInheritable},
    {"vpc_services", T::Array, S::NotInheritable},
    {"vpc_networks", T::Array, S::NotInheritable},
    {"ai_search", T::Array, S::NotInheritable},
    {"ai_search_namespaces", T::Array, S::NotInheritable},
    {"agent_memory", T::Array, S::NotInheritable},
    {"artifacts", T::Array, S::NotInheritable},
    {"flagship", T::Array, S::NotInheritable},
    {"k2", T::Array, S::NotInheritable},
    {"connect", T::Array, S::NotInheritable},
    {"version_metadata", T::Object, S::NotInheritable},
    {"unsafe", T::Object, S::NotInheritable, decode_unsafe, COPY(ratelimits)},
    {"unsafe_hello_world", T::Array, S::NotInheritable},
    {"containers", T::Array, S::NotInheritable, decode_containers, COPY(containers)},
    {"cloudchamber", T::Object, S::NotInheritable},
    {"secrets", T::Object, S::NotInheritable},
    {"stream", T::Object, S::NotInheritable},
    // Top level only.
    {"env", T::Object, S::TopOnly},
    {"$schema", T::String, S::TopOnly},
    {"legacy_env", T::Boolean, S::TopOnly},
    {"send_metrics", T::Boolean, S::TopOnly},
    {"keep_vars", T::Boolean, S::TopOnly},
    {"dev", T::Object, S::TopOnly},
    {"alias", T::Object, S::TopOnly},
    {"wasm_modules", T::Object, S::TopOnly},
    {"text_blobs", T::Object, S::TopOnly},
    {"data_blobs", T::Object, S::TopOnly},
    {"pages_build_output_dir", T::String, S::TopOnly},
    {"site", T::Object, S::TopOnly},
};

#undef COPY

// Keys of wrangler v1 (and a few later ones wrangler has dropped), with what
// replaced them. Wrangler 4 warns about most of them, or refuses node_compat;
// cfscale warns, since none of them changes how the Worker scales.
constexpr LegacyKey kLegacyKeys[] = {
    {"type", "wrangler v1's project type (\"webpack\", \"javascript\", \"rust\"); set \"main\" to the entry point and "
             "use \"build.command\" for a custom build"},
    {"webpack_config", "wrangler v1 bundled with webpack; wrangler now bundles with esbuild, or use \"build.command\""},
    {"zone_id", "wrangler v1's top-level zone; give each entry of \"routes\" its own \"zone_id\" or \"zone_name\""},
    {"usage_model", "ignored since 2024-03-01: every Paid Worker uses the Standard usage model; set "
                    "\"limits.cpu_ms\" to cap CPU time"},
    {"node_compat", "removed in wrangler 4 (wrangler refuses it); add the \"nodejs_compat\" compatibility flag"},
    {"kv-namespaces", "renamed \"kv_namespaces\" in wrangler v2"},
    {"experimental_services", "replaced by \"services\""},
    {"experimental_assets", "replaced by \"assets\""},
    {"miniflare", "Miniflare settings moved into wrangler's \"dev\" section"},
};

}  // namespace

std::span<const KeyHandler> key_handlers() { return kHandlers; }

const KeyHandler* find_key_handler(std::string_view key) {
  for (const auto& h : kHandlers)
    if (h.key == key) return &h;
  return nullptr;
}

OptStr opt_str(const Node& obj, std::string_view key) {
  const Node* v = obj.get(key);
  return v && v->is_string() ? OptStr(v->text) : std::nullopt;
}

OptNum opt_num(const Node& obj, std::string_view key) {
  const Node* v = obj.get(key);
  return v && v->is_number() ? OptNum(v->number) : std::nullopt;
}

OptBool opt_bool(const Node& obj, std::string_view key) {
  const Node* v = obj.get(key);
  return v && v->kind == Kind::Bool ? OptBool(v->boolean) : std::nullopt;
}

std::vector<std::string> str_list(const Node* arr) {
  std::vector<std::string> out;
  if (!arr) return out;
  for (const auto& item : arr->items)
    if (item.is_string()) out.push_back(item.text);
  return out;
}

Section decode_section(const DecodeCtx& ctx, const Node& obj, bool top_level) {
  Section sec;
  sec.node = &obj;
  sec.cfg.file = ctx.doc.path;
  sec.cfg.section_pos = obj.pos;
  // A repeated key: only the last one counts (reported by the reader).
  for (const Member* counted : counted_members(obj)) {
    const Member& m = *counted;
    const KeyHandler* h = find_key_handler(m.key);
    std::string path = h && has_type(m.value, h->type) ? std::string() : ctx.path(m.key);  // for messages
    if (!h) {
      std::vector<std::string_view> names;
      for (const auto& k : kHandlers) names.push_back(k.key);
      const LegacyKey* legacy = nullptr;
      for (const auto& l : kLegacyKeys)
        if (l.name == m.key) legacy = &l;
      if (legacy)
        ctx.diags.warning(ctx.doc.location(m.key_pos), "legacy-key",
                          fmt::format("\"{}\" is no longer used: {}", path, legacy->replacement));
      else
        ctx.diags.warning(ctx.doc.location(m.key_pos), "unknown-key",
                          fmt::format("unknown key \"{}\"{}", path, did_you_mean_suffix(m.key, names)));
      continue;
    }
    if (h->scope == S::TopOnly && !top_level) {
      ctx.diags.warning(ctx.doc.location(m.key_pos), "top-level-only",
                        fmt::format("\"{}\" is only read at the top level, not inside an environment", ctx.path(m.key)));
      continue;
    }
    // Wrangler treats an explicit null like an absent key.
    if (m.value.kind == Kind::Null) continue;
    DiagLevel level = h->decode ? DiagLevel::Error : DiagLevel::Warning;
    if (!expect_type(ctx.doc, m.value, h->type, path, ctx.diags, level)) continue;
    sec.present.insert(m.key);
    sec.cfg.key_pos[m.key] = m.key_pos;
    if (h->decode) h->decode(ctx, m.value, sec.cfg);
  }
  if (sec.has("route") && sec.has("routes"))
    ctx.diags.error(ctx.doc.location(sec.cfg.key_pos.at("routes")), "conflict",
                    fmt::format("\"{}\" and \"{}\" are both set; wrangler accepts only one of them",
                                ctx.path("route"), ctx.path("routes")));
  return sec;
}

Location WorkerConfig::key_location(std::string_view key) const {
  auto it = key_pos.find(key);
  return Location{file, it != key_pos.end() ? it->second : section_pos};
}

}  // namespace cfscale::config
