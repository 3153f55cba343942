// libFuzzer entry for the settings target (fuzz/targets.h).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::settings(data, size);
  return 0;
}
