// One description per Cloudflare product cfscale knows: the names every layer
// uses for it (its config key, its metrics section, the report's
// target.product, its title) and how its entries are named and drawn. A new
// product is a row here, its config model and decoder (config/), the entries
// it contributes (config/bindings.cpp) and, when rules look at it, a target
// type (engine/target.cpp) — docs/architecture.md lists them.
#pragma once

#include <span>
#include <string_view>

namespace cfscale {

// How the markdown architecture diagram draws an entry.
enum class Shape { Worker, Store, Service, Queue, Box };

struct Product {
  std::string_view id;          // docs/interface.md §3 target.product; the metrics section when `measured`
  std::string_view title;       // as Cloudflare writes it: "Durable Objects"
  std::string_view config_key;  // where wrangler configures it: "durable_objects.bindings"
  // What a metrics entry of the product is keyed by ("binding", "queue"):
  // the name in messages about a metrics entry the config does not have.
  std::string_view entry_word;
  bool measured;  // a metrics section keyed by entry name (docs/interface.md §2)
  Shape shape;
};

// Every product, the Worker first, in the order reports and skeletons list them.
std::span<const Product> products();
// Null for a name that is not a product's id.
const Product* find_product(std::string_view id);
// The title for a product id, the id itself when none matches (a cost line's
// product such as "base_fee" has its own title here too).
std::string_view product_title(std::string_view id);

}  // namespace cfscale
