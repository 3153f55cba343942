// The rule catalogue compiled into the binary (generated from rules/ by
// cmake/embed_rules.cmake), so that an installed or copied binary needs no
// files of the machine it was built on. rules/ stays the source of truth;
// `--rules DIR` and CFSCALE_RULES_DIR load another catalogue.
#pragma once

#include <span>
#include <string_view>

namespace cfscale::engine {

struct BuiltinFile {
  std::string_view name;  // "CFS101-d1-read-latency.yaml", "limits.yaml"
  std::string_view text;
};

// Every file of rules/ as it was when the binary was built, sorted by name.
std::span<const BuiltinFile> builtin_rule_files();

}  // namespace cfscale::engine
