// The cfscale binary's operator new and delete, on core/heap's per-thread
// free lists (see heap.h for why). Linked into the executable only, and left
// out of sanitizer builds so that AddressSanitizer still sees every block.
#include <new>

#include "core/heap.h"

namespace {

void* allocate_or_throw(std::size_t size) {
  for (;;) {
    if (void* p = cfscale::heap::allocate(size)) return p;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void* allocate_or_null(std::size_t size) noexcept {
  try {
    return allocate_or_throw(size);
  } catch (...) {
    return nullptr;
  }
}

}  // namespace

void* operator new(std::size_t size) { return allocate_or_throw(size); }
void* operator new[](std::size_t size) { return allocate_or_throw(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_or_null(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_or_null(size); }

void operator delete(void* p) noexcept { cfscale::heap::release(p); }
void operator delete[](void* p) noexcept { cfscale::heap::release(p); }
void operator delete(void* p, std::size_t) noexcept { cfscale::heap::release(p); }
void operator delete[](void* p, std::size_t) noexcept { cfscale::heap::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { cfscale::heap::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { cfscale::heap::release(p); }
