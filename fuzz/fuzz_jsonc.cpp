// libFuzzer entry for the jsonc target (fuzz/targets.h).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::jsonc(data, size);
  return 0;
}
