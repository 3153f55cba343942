// libFuzzer entry for the toml target (fuzz/targets.h): the plain TOML
// reader against toml++.
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cfscale::fuzz::toml(data, size);
  return 0;
}
