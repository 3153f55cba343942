// Memory for tree-sitter while one file is parsed and read.
//
// tree-sitter allocates a node at a time and frees its tree node by node;
// on a large project that was about a fifth of the whole run (malloc, free,
// ts_subtree_release, ts_tree_delete). While a ParseMemory is alive on a
// thread, tree-sitter's allocations on that thread come from a few large
// blocks, its frees are no-ops, and the blocks go back at once when the
// ParseMemory ends. Everything else — no ParseMemory, another thread, or a
// file whose parse outgrows the cap — goes to malloc, as before: the arena is
// a fast path in front of the C allocator, never instead of it.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cfscale::source {

// Routes tree-sitter's allocations through this file's functions. Called by
// SyntaxTree::parse before the first parser is made: tree-sitter must not
// free through these functions what it allocated before them.
void use_parse_memory();

class ParseMemory {
 public:
  // An arena gives nothing back until it ends, and a parse frees as it goes
  // (error recovery most of all): past this much, allocations go to malloc
  // and are freed as usual, so a large or broken file costs what it did.
  static constexpr size_t kCap = size_t{64} << 20;

  explicit ParseMemory(size_t cap = kCap);
  ~ParseMemory();
  ParseMemory(const ParseMemory&) = delete;
  ParseMemory& operator=(const ParseMemory&) = delete;

  // The ParseMemory of this thread, innermost, or null.
  static ParseMemory* current();
  // Whether some of tree-sitter's memory since this began came from malloc
  // (the cap): a tree made here is then deleted node by node as usual;
  // otherwise it goes with the blocks.
  bool spilled() const { return spilled_; }

  // Internal: the allocator functions' arena path.
  void* take(size_t n);

 private:
  size_t cap_;
  ParseMemory* outer_;
  std::vector<std::pair<char*, size_t>> blocks_;  // and their sizes
  char* next_ = nullptr;
  size_t left_ = 0;
  size_t used_ = 0;
  bool spilled_ = false;
};

}  // namespace cfscale::source
