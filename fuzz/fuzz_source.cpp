// libFuzzer entry for the source target (fuzz/targets.h): the TypeScript,
// TSX and JavaScript reader.
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::source(data, size);
  return 0;
}
