#include "core/heap.h"

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

using namespace cfscale;

namespace {

bool aligned16(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }

}  // namespace

TEST_CASE("heap: every size up to past the small limit is aligned, usable and independent") {
  std::vector<std::pair<unsigned char*, std::size_t>> blocks;
  for (std::size_t size = 0; size <= heap::kMaxSmall + 64; ++size) {
    auto* p = static_cast<unsigned char*>(heap::allocate(size));
    REQUIRE(p);
    CHECK(aligned16(p));
    CHECK(heap::usable_size(p) >= size);
    std::memset(p, static_cast<int>(size & 0xff), size);
    blocks.emplace_back(p, size);
  }
  // Writing each block in full left every other one intact.
  for (const auto& [p, size] : blocks) {
    bool intact = true;
    for (std::size_t i = 0; i < size; ++i) intact = intact && p[i] == static_cast<unsigned char>(size & 0xff);
    CHECK_MESSAGE(intact, "block of ", size, " bytes");
  }
  for (const auto& [p, size] : blocks) heap::release(p);
  heap::release(nullptr);
}

TEST_CASE("heap: a freed small block is reused for the same size class, a large one goes back to malloc") {
  void* a = heap::allocate(40);
  heap::release(a);
  CHECK(heap::allocate(36) == a);  // 36 and 40 share a class
  heap::release(a);
  void* big = heap::allocate(heap::kMaxSmall + 1);
  REQUIRE(big);
  CHECK(aligned16(big));
  CHECK(heap::usable_size(big) >= heap::kMaxSmall + 1);
  heap::release(big);
  CHECK(heap::allocate(SIZE_MAX - 8) == nullptr);  // too large: null, not a wrapped-around small block
}

TEST_CASE("heap: blocks cross threads: allocated in one, freed and reused in another") {
  std::vector<void*> made;
  std::thread producer([&] {
    for (int i = 0; i < 10000; ++i) {
      void* p = heap::allocate(static_cast<std::size_t>(i % 300));
      std::memset(p, 0x5a, static_cast<std::size_t>(i % 300));
      made.push_back(p);
    }
  });
  producer.join();
  std::thread consumer([&] {
    for (void* p : made) heap::release(p);
    for (int i = 0; i < 10000; ++i) heap::release(heap::allocate(static_cast<std::size_t>(i % 300)));
  });
  consumer.join();
  CHECK(made.size() == 10000);
}
