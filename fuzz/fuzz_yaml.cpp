// libFuzzer entry for the yaml target (fuzz/targets.h): the plain YAML
// reader against yaml-cpp.
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::yaml(data, size);
  return 0;
}
