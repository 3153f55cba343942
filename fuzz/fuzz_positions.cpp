// libFuzzer entry for the positions target (fuzz/targets.h).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::positions(data, size);
  return 0;
}
