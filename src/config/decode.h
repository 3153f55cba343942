// Decoding one section of a config (the top level, or one `env.<name>`)
// from the positioned tree into the typed model, with diagnostics.
#pragma once

#include <set>
#include <span>
#include <string>
#include <string_view>

#include "config/model.h"
#include "core/node.h"
#include "core/schema.h"
#include "core/diagnostic.h"

namespace cfscale::config {

struct DecodeCtx {
  const Document& doc;
  Diagnostics& diags;
  std::string prefix;  // "" at the top level, "env.<name>." inside an environment

  std::string path(std::string_view key) const { return prefix + std::string(key); }
  Location at(const Node& n) const { return doc.location(n); }
};

// How a top-level key behaves in an environment (wrangler's rules).
enum class Scope {
  Inheritable,     // an environment without it takes the top level's
  NotInheritable,  // bindings and vars: an environment without it has none
  TopOnly,         // only meaningful at the top level
};

struct KeyHandler {
  std::string_view key;
  FieldType type;
  Scope scope;
  // Fills the model from the key's value (already type-checked); null for
  // keys cfscale knows but does not model.
  void (*decode)(const DecodeCtx&, const Node&, WorkerConfig&) = nullptr;
  // Copies the key's modelled value from one section to another.
  void (*copy)(WorkerConfig& dst, const WorkerConfig& src) = nullptr;
};

// Every top-level key wrangler knows, in one table.
std::span<const KeyHandler> key_handlers();
const KeyHandler* find_key_handler(std::string_view key);

struct Section {
  WorkerConfig cfg;
  std::set<std::string, std::less<>> present;  // keys written in this section
  const Node* node = nullptr;
  bool has(std::string_view key) const { return present.find(key) != present.end(); }
};

// Decodes `obj` (the root, or an env table) into a Section.
Section decode_section(const DecodeCtx& ctx, const Node& obj, bool top_level);

// Decoders of the binding keys (decode_bindings.cpp, decode_queues.cpp).
void decode_kv_namespaces(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_d1_databases(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_r2_buckets(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_services(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_analytics_engine(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_hyperdrive(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_workflows(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_vectorize(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_containers(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_ai(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_durable_objects(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_migrations(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_vars(const DecodeCtx&, const Node&, WorkerConfig&);
void decode_queues(const DecodeCtx&, const Node&, WorkerConfig&);

// Small accessors for already-checked objects.
OptStr opt_str(const Node& obj, std::string_view key);
OptNum opt_num(const Node& obj, std::string_view key);
OptBool opt_bool(const Node& obj, std::string_view key);
std::vector<std::string> str_list(const Node* arr);

// Checks every element of an array of objects against `spec` and calls
// `take` for each one that has its required keys.
template <class F>
void for_each_entry(const DecodeCtx& ctx, const Node& arr, std::string_view key, const ObjectSpec& spec, F take) {
  for (size_t i = 0; i < arr.items.size(); ++i) {
    const Node& item = arr.items[i];
    std::string p = ctx.path(key) + "[" + std::to_string(i) + "]";
    if (!expect_type(ctx.doc, item, FieldType::Object, p, ctx.diags)) continue;
    check_object(ctx.doc, item, spec, p, ctx.diags);
    bool complete = true;
    for (const auto& f : spec.fields) {
      const Node* v = f.required ? item.get(f.name) : nullptr;
      if (f.required && !(v && has_type(*v, f.type))) complete = false;
    }
    if (complete) take(item);  // an incomplete entry was reported above
  }
}

}  // namespace cfscale::config
