#include "source/parse_memory.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace cfscale::source {
namespace {

// Every block tree-sitter gets, from the arena or from malloc, starts with
// this header, so free and realloc can tell the two apart whichever thread or
// scope they run in.
struct Header {
  size_t size;      // what was asked for (an arena block cannot grow in place)
  size_t in_arena;  // 1: freed with its ParseMemory; 0: malloc's
};
constexpr size_t kHeader = alignof(std::max_align_t) > sizeof(Header) ? alignof(std::max_align_t) : sizeof(Header);
constexpr size_t kBlock = size_t{1} << 20;

thread_local ParseMemory* active = nullptr;

// Blocks a thread's last file gave back, for its next: a fresh block is
// fresh pages, faulted in again for every file (about 3% of the generated
// 100,000-line project's run). At most kKept of them stay with a thread.
constexpr size_t kKept = 32;
struct Spare {
  std::vector<char*> blocks;
  ~Spare() {
    for (char* b : blocks) std::free(b);
  }
};
thread_local Spare spare;

Header* header_of(void* p) { return reinterpret_cast<Header*>(static_cast<char*>(p) - kHeader); }

// tree-sitter's own default aborts when memory runs out; so does this.
[[noreturn]] void out_of_memory(size_t n) {
  std::fprintf(stderr, "cfscale: out of memory (tree-sitter asked for %zu bytes)\n", n);
  std::abort();
}

void* from_heap(size_t n) {
  if (n > SIZE_MAX - kHeader) out_of_memory(n);
  auto* h = static_cast<Header*>(std::malloc(kHeader + n));
  if (!h) out_of_memory(n);
  *h = Header{n, 0};
  return reinterpret_cast<char*>(h) + kHeader;
}

void* ts_take(size_t n) { return active ? active->take(n) : from_heap(n); }

void* ts_take_zeroed(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size) out_of_memory(SIZE_MAX);
  void* p = ts_take(count * size);
  std::memset(p, 0, count * size);
  return p;
}

void ts_give_back(void* p) {
  if (!p) return;
  Header* h = header_of(p);
  if (!h->in_arena) std::free(h);
}

void* ts_resize(void* p, size_t n) {
  if (!p) return ts_take(n);
  Header* h = header_of(p);
  if (!h->in_arena) {
    if (n > SIZE_MAX - kHeader) out_of_memory(n);
    auto* g = static_cast<Header*>(std::realloc(h, kHeader + n));
    if (!g) out_of_memory(n);
    g->size = n;
    return reinterpret_cast<char*>(g) + kHeader;
  }
  if (n <= h->size) return p;
  void* q = ts_take(n);
  std::memcpy(q, p, h->size);
  return q;
}

}  // namespace

void use_parse_memory() {
  static std::once_flag once;
  std::call_once(once, [] { ts_set_allocator(ts_take, ts_take_zeroed, ts_resize, ts_give_back); });
}

ParseMemory::ParseMemory(size_t cap) : cap_(cap), outer_(active) { active = this; }

ParseMemory::~ParseMemory() {
  active = outer_;
  for (auto [b, size] : blocks_) {
    if (size == kBlock && spare.blocks.size() < kKept) spare.blocks.push_back(b);
    else std::free(b);
  }
}

ParseMemory* ParseMemory::current() { return active; }

void* ParseMemory::take(size_t n) {
  size_t rounded = (std::min(n, cap_) + kHeader - 1) / kHeader * kHeader;
  size_t need = kHeader + rounded;
  if (n > cap_ || need > left_) {
    size_t size = std::max(need, kBlock);
    char* b = nullptr;
    if (n > cap_ || used_ + size > cap_) {
      // over the cap: malloc's, freed as usual
    } else if (size == kBlock && !spare.blocks.empty()) {
      b = spare.blocks.back();
      spare.blocks.pop_back();
    } else {
      b = static_cast<char*>(std::malloc(size));
    }
    if (!b) {
      spilled_ = true;
      return from_heap(n);
    }
    blocks_.push_back({b, size});
    next_ = b;
    left_ = size;
    used_ += size;
  }
  auto* h = reinterpret_cast<Header*>(next_);
  *h = Header{n, 1};
  next_ += need;
  left_ -= need;
  return reinterpret_cast<char*>(h) + kHeader;
}

}  // namespace cfscale::source
