// A small-block allocator with one cache per thread, behind the cfscale
// binary's operator new and delete (cli/new_delete.cpp).
//
// Why: a Worker's analysis makes about 700 small allocations (strings, tree
// nodes, findings) and frees nearly all of them before the next Worker. With
// glibc's malloc that was a fifth of all instructions on a large tree; glibc
// keeps only seven blocks of a size per thread and then takes the arena's
// lock. Here a block of up to kMaxSmall bytes comes from, and returns to, a
// free list of the calling thread, without locks or atomics.
//
// Blocks are never handed back to the system: cfscale is a short-lived
// process, and the per-Worker pattern reuses the same sizes. A block freed by
// another thread than the one that allocated it joins the freeing thread's
// list. Larger requests go to malloc.
#pragma once

#include <cstddef>

namespace cfscale::heap {

// The largest request served from the free lists; larger ones go to malloc.
inline constexpr std::size_t kMaxSmall = 1016;

// Memory for `size` bytes, aligned to 16; nullptr when the system has none.
void* allocate(std::size_t size) noexcept;

// Returns memory from allocate(); nullptr is ignored.
void release(void* p) noexcept;

// The bytes usable at p (at least what was asked for); for tests.
std::size_t usable_size(const void* p) noexcept;

}  // namespace cfscale::heap
