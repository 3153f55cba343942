// A rule file on arbitrary bytes, against the real limits; a rule that loads
// is then run over a small config without metrics.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/load.h"
#include "core/yaml_reader.h"
#include "engine/analyze.h"
#include "engine/rule_docs.h"
#include "engine/rule_loader.h"

namespace {
cfscale::engine::RuleSet& base() {
  static cfscale::engine::RuleSet set = [] {
    cfscale::Diagnostics d;
    auto s = cfscale::engine::load_rules(std::string(CFSCALE_SOURCE_DIR) + "/rules", d);
    if (!s) __builtin_trap();
    return *s;
  }();
  return set;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::Document doc;
  doc.path = "rules/CFS999-fuzz.yaml";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  cfscale::Diagnostics diags;
  if (!cfscale::parse_yaml(doc, diags)) return 0;
  auto rule = cfscale::engine::parse_rule(doc, base().limits, diags);
  if (!rule) return 0;
  (void)cfscale::engine::rule_markdown(*rule, base().limits);
  cfscale::engine::RuleSet one = base();
  one.rules = {*rule};
  static auto cfg = cfscale::config::load_config_text(
      "wrangler.jsonc", R"({"name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}], "queues": {"consumers": [{"queue": "q"}]}})",
      cfscale::config::Format::Jsonc);
  (void)cfscale::engine::analyze(one, *cfg.worker, nullptr);
  return 0;
}
