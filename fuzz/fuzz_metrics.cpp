// The metrics reader on arbitrary bytes (YAML, JSON or TOML by the first
// byte), then the whole engine over a small fixed config with those metrics.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "config/load.h"
#include "engine/analyze.h"
#include "metrics/metrics.h"

namespace {
const cfscale::engine::RuleSet& rules() {
  static cfscale::engine::RuleSet set = [] {
    cfscale::Diagnostics d;
    auto s = cfscale::engine::load_rules(std::string(CFSCALE_SOURCE_DIR) + "/rules", d);
    if (!s) __builtin_trap();
    return *s;
  }();
  return set;
}
const cfscale::config::LoadedConfig& config() {
  static auto c = cfscale::config::load_config_text("wrangler.jsonc", R"({
    "name": "w", "d1_databases": [{"binding": "DB", "database_id": "x"}], "kv_namespaces": [{"binding": "K", "id": "1"}],
    "r2_buckets": [{"binding": "R", "bucket_name": "b"}], "durable_objects": {"bindings": [{"name": "D", "class_name": "C"}]},
    "queues": {"producers": [{"binding": "Q", "queue": "q"}], "consumers": [{"queue": "q"}]}})", cfscale::config::Format::Jsonc);
  return c;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const char* names[] = {"m.yaml", "m.json", "m.toml"};
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto m = cfscale::metrics::load_metrics_text(names[data[0] % 3], text);
  if (m.ok()) (void)cfscale::engine::analyze(rules(), *config().worker, &*m.metrics);
  return 0;
}
