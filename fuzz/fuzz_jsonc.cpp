// The JSONC reader on arbitrary bytes: it must report, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/jsonc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::Document doc;
  doc.path = "fuzz.jsonc";
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  cfscale::Diagnostics diags;
  bool ok = cfscale::parse_jsonc(doc, diags);
  // A rejection always says where.
  if (!ok && (!diags.has_errors() || !diags.items().front().location.pos.valid())) __builtin_trap();
  return 0;
}
