// A whole wrangler config on arbitrary bytes, through parsing, decoding,
// every environment, and print-config: as TOML when the first byte is even,
// as JSONC when it is odd (so one corpus feeds both paths).
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_json.h"
#include "config/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using namespace cfscale::config;
  Format format = (data[0] & 1) ? Format::Jsonc : Format::Toml;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto top = load_config_text(format == Format::Toml ? "wrangler.toml" : "wrangler.jsonc", text, format);
  if (top.worker) (void)to_wrangler_json(*top.worker).dump();
  if (top.worker)
    for (const auto& env : top.worker->defined_environments) {
      auto e = load_config_text("wrangler.toml", text, format, LoadOptions{env});
      if (e.worker) (void)to_wrangler_json(*e.worker).dump();
    }
  return 0;
}
