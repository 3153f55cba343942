#include "config/environment.h"

#include <algorithm>

#include <fmt/format.h>

namespace cfscale::config {
namespace {

// The binding names a section has for a key, for the "not inherited" warning.
std::vector<std::string> binding_names(const WorkerConfig& w, std::string_view key) {
  std::vector<std::string> out;
  auto add = [&](const auto& list) { for (const auto& b : list) out.push_back(b.binding); };
  if (key == "kv_namespaces") add(w.kv_namespaces);
  else if (key == "d1_databases") add(w.d1_databases);
  else if (key == "r2_buckets") add(w.r2_buckets);
  else if (key == "services") add(w.services);
  else if (key == "analytics_engine_datasets") add(w.analytics_engine_datasets);
  else if (key == "hyperdrive") add(w.hyperdrive);
  else if (key == "workflows") add(w.workflows);
  else if (key == "vectorize") add(w.vectorize);
  else if (key == "containers") for (const auto& c : w.containers) out.push_back(c.class_name);
  else if (key == "queues") add(w.queue_producers);
  else if (key == "durable_objects") for (const auto& b : w.durable_objects) out.push_back(b.name);
  else if (key == "vars") for (const auto& v : w.vars) out.push_back(v.name);
  return out;
}

void warn_not_inherited(const DecodeCtx& ctx, const Section& top, const Section& env, const std::string& env_name) {
  Location where = ctx.doc.location(env.node->pos);
  for (const auto& h : key_handlers()) {
    if (h.scope != Scope::NotInheritable || !top.has(h.key)) continue;
    if (!env.has(h.key)) {
      ctx.diags.warning(where, "not-inherited",
                        fmt::format("\"{}\" is set at the top level but not in \"env.{}\": it is not inherited, so "
                                    "this environment has none; repeat it in \"env.{}\" if it needs it",
                                    h.key, env_name, env_name));
      continue;
    }
    auto env_names = binding_names(env.cfg, h.key);
    for (const auto& name : binding_names(top.cfg, h.key)) {
      if (std::find(env_names.begin(), env_names.end(), name) != env_names.end()) continue;
      ctx.diags.warning(ctx.doc.location(env.cfg.key_pos.at(std::string(h.key))), "not-inherited",
                        fmt::format("\"{}\" has \"{}\" at the top level but not in \"env.{}\": bindings are not "
                                    "inherited",
                                    h.key, name, env_name));
    }
  }
}

void take_key(WorkerConfig& out, const Section& from, const KeyHandler& h) {
  if (h.copy) h.copy(out, from.cfg);
  auto it = from.cfg.key_pos.find(h.key);
  if (it != from.cfg.key_pos.end()) out.key_pos[std::string(h.key)] = it->second;
}

}  // namespace

WorkerConfig resolve_environment(const DecodeCtx& ctx, const Section& top, const Section* env,
                                 const std::optional<std::string>& env_name) {
  if (!env_name) return top.cfg;

  WorkerConfig out;
  out.file = top.cfg.file;
  out.env = env_name;
  // Without the environment in the file, wrangler applies the whole top level
  // (bindings included) under the environment's name.
  const Section& active = env ? *env : top;
  out.section_pos = active.node->pos;
  for (const auto& h : key_handlers()) {
    if (h.scope == Scope::TopOnly) continue;
    if (active.has(h.key)) take_key(out, active, h);
    else if (h.scope == Scope::Inheritable && top.has(h.key)) take_key(out, top, h);
  }
  // name: "<top-level name>-<env>" unless the environment names itself.
  if (env && !env->has("name") && top.cfg.name) out.name = *top.cfg.name + "-" + *env_name;
  if (env) warn_not_inherited(ctx, top, *env, *env_name);
  return out;
}

}  // namespace cfscale::config
