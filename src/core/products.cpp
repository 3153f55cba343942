#include "core/products.h"

#include <algorithm>

namespace cfscale {
namespace {

// Titles of bill lines that are not products (a plan's base fee).
struct Title {
  std::string_view id, title;
};
constexpr Title kOtherTitles[] = {{"base_fee", "Plan base fee"}};

constexpr Product kProducts[] = {
    {"workers", "Workers", "", "", false, Shape::Worker},
    {"kv", "KV", "kv_namespaces", "binding", true, Shape::Store},
    {"d1", "D1", "d1_databases", "binding", true, Shape::Store},
    {"r2", "R2", "r2_buckets", "binding", true, Shape::Store},
    {"queues", "Queues", "queues", "queue", true, Shape::Queue},
    {"durable_objects", "Durable Objects", "durable_objects.bindings", "binding", true, Shape::Store},
    {"services", "Service bindings", "services", "binding", false, Shape::Service},
    {"analytics_engine", "Analytics Engine", "analytics_engine_datasets", "binding", true, Shape::Box},
    {"hyperdrive", "Hyperdrive", "hyperdrive", "binding", true, Shape::Box},
    {"workflows", "Workflows", "workflows", "binding", true, Shape::Box},
    {"vectorize", "Vectorize", "vectorize", "binding", true, Shape::Box},
    {"ai", "Workers AI", "ai", "binding", true, Shape::Box},
    {"containers", "Containers", "containers", "class_name", true, Shape::Box},
};

}  // namespace

std::span<const Product> products() { return kProducts; }

const Product* find_product(std::string_view id) {
  auto it = std::find_if(std::begin(kProducts), std::end(kProducts), [&](const Product& p) { return p.id == id; });
  return it == std::end(kProducts) ? nullptr : &*it;
}

std::string_view product_title(std::string_view id) {
  if (const Product* p = find_product(id)) return p->title;
  for (const auto& t : kOtherTitles)
    if (t.id == id) return t.title;
  return id;
}

}  // namespace cfscale
