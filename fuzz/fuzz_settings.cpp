// .cfscale.toml on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "config/settings.h"
#include "core/toml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::Document doc;
  doc.path = ".cfscale.toml";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  cfscale::Diagnostics diags;
  if (!cfscale::parse_toml(doc, diags)) return 0;
  (void)cfscale::config::parse_settings(doc, diags);
  return 0;
}
