// libFuzzer entry for the metrics target (fuzz/targets.h).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::metrics(data, size, std::string(CFSCALE_SOURCE_DIR) + "/rules");
  return 0;
}
