#include "core/heap.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>

#include <malloc.h>

namespace cfscale::heap {
namespace {

// Every block has an 8-byte header just before it: its size class, or
// kLarge for a block from malloc. A small block of class c fills a slot of
// c * 16 bytes whose header sits at 8 (mod 16), so that the block itself is
// aligned to 16 as operator new must be.
constexpr std::size_t kSlot = 16;
constexpr std::size_t kClasses = (kMaxSmall + 8 + kSlot - 1) / kSlot + 1;  // classes 1 .. kClasses-1
constexpr std::uint64_t kLarge = ~std::uint64_t{0};
constexpr std::size_t kChunk = 256 * 1024;  // the slots of a thread come from chunks this large

struct FreeBlock {
  FreeBlock* next;
};

// Zero-initialised, so it needs no constructor and works before main and in
// any thread.
struct Cache {
  FreeBlock* free[kClasses];
  char* bump;  // the next unused slot of the current chunk
  char* end;
};
constinit thread_local Cache cache{};

// Every chunk, so that the memory stays reachable (for leak checkers) until
// the process ends.
std::atomic<void*> chunks{nullptr};

std::uint64_t header(const void* p) { return *reinterpret_cast<const std::uint64_t*>(static_cast<const char*>(p) - 8); }

void set_header(char* slot, std::uint64_t c) { *reinterpret_cast<std::uint64_t*>(slot) = c; }

bool new_chunk() {
  char* c = static_cast<char*>(std::malloc(kChunk));
  if (!c) return false;
  void* head = chunks.load(std::memory_order_relaxed);
  do *reinterpret_cast<void**>(c) = head;
  while (!chunks.compare_exchange_weak(head, c, std::memory_order_relaxed));
  cache.bump = c + 8;  // malloc aligns to 16: the first header sits at 8 (mod 16)
  cache.end = c + kChunk;
  return true;
}

void* allocate_large(std::size_t size) {
  if (size > SIZE_MAX - 16) return nullptr;
  char* base = static_cast<char*>(std::malloc(size + 16));
  if (!base) return nullptr;
  set_header(base + 8, kLarge);
  return base + 16;
}

}  // namespace

void* allocate(std::size_t size) noexcept {
  if (size > kMaxSmall) return allocate_large(size);
  std::size_t c = (size + 8 + kSlot - 1) / kSlot;
  if (FreeBlock* b = cache.free[c]) {
    cache.free[c] = b->next;
    return b;
  }
  std::size_t slot = c * kSlot;
  if (static_cast<std::size_t>(cache.end - cache.bump) < slot && !new_chunk()) return nullptr;
  char* s = cache.bump;
  cache.bump += slot;
  set_header(s, c);
  return s + 8;
}

void release(void* p) noexcept {
  if (!p) return;
  std::uint64_t c = header(p);
  if (c == kLarge) {
    std::free(static_cast<char*>(p) - 16);
    return;
  }
  auto* b = static_cast<FreeBlock*>(p);
  b->next = cache.free[c];
  cache.free[c] = b;
}

std::size_t usable_size(const void* p) noexcept {
  std::uint64_t c = header(p);
  if (c == kLarge) return malloc_usable_size(static_cast<char*>(const_cast<void*>(p)) - 16) - 16;
  return c * kSlot - 8;
}

}  // namespace cfscale::heap
