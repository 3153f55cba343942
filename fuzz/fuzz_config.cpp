// libFuzzer entry for the config target (fuzz/targets.h).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::config(data, size);
  return 0;
}
