// The keys of metrics format 1 (docs/interface.md §2) as data: which section they
// belong to, their unit, and where to read them in Cloudflare's dashboard or
// GraphQL Analytics API. The reader checks against this table and
// `cfscale init` writes its skeleton from it.
#pragma once

#include <span>
#include <string_view>

namespace cfscale::metrics {

struct KeySpec {
  std::string_view section;  // "" (top level), "worker", or a measured product's id (core/products.h)
  std::string_view key;
  std::string_view description;
  std::string_view where;  // dashboard page or GraphQL dataset
  bool ratio = false;      // between 0 and 1
};

std::span<const KeySpec> key_specs();

}  // namespace cfscale::metrics
