// A parsed source file: tree-sitter's tree for one of the three grammars
// (TypeScript, TSX, JavaScript), owned, with what did not parse. The rest of
// the source layer reads nodes through the few helpers here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "core/location.h"

namespace cfscale::source {

class ParseMemory;

enum class Grammar { TypeScript, Tsx, JavaScript };

// By extension: .ts/.mts/.cts TypeScript, .tsx TSX, .js/.mjs/.cjs/.jsx
// JavaScript (whose grammar has JSX); nullopt for anything else.
std::optional<Grammar> grammar_for(std::string_view path);
std::string_view to_string(Grammar g);

struct SyntaxError {
  Pos pos;
  std::string what;  // "unexpected `}`", "missing `)`"
};

class SyntaxTree {
 public:
  // Parses `text` (kept alive by the tree). Never throws for bad input: what
  // does not parse becomes error nodes, listed by errors(). Made while a
  // ParseMemory is alive on this thread, the tree must not outlive it.
  static SyntaxTree parse(std::string text, Grammar g);

  TSNode root() const { return ts_tree_root_node(tree_.get()); }
  const std::string& text() const { return text_; }
  Grammar grammar() const { return grammar_; }
  // Empty when the parser gave up (a time limit): the file is reported, not read.
  bool complete() const { return tree_ != nullptr; }

  std::string_view text_of(TSNode n) const;
  // 1-based line and column (in bytes, as the compilers of the JS world print them).
  Pos pos_of(TSNode n) const;
  // The first few places that did not parse, in source order.
  std::vector<SyntaxError> errors(size_t at_most = 5) const;

 private:
  // A tree made in a ParseMemory that took all of it goes with the
  // memory's blocks; any other is deleted node by node.
  struct TreeDeleter {
    const ParseMemory* memory;  // null: made without one
    void operator()(TSTree* t) const;
  };
  std::string text_;
  Grammar grammar_ = Grammar::TypeScript;
  std::unique_ptr<TSTree, TreeDeleter> tree_{nullptr, TreeDeleter{nullptr}};
};

// The fields the source layer reads, named as both grammars name them.
enum class Field : uint8_t {
  Alias, Arguments, Body, Constructor, Declaration, Function, Handler, Key, Left, Name, Object,
  Operator, Parameter, Parameters, Pattern, Property, Right, Source, TypeArguments, Value,
};
std::string_view to_string(Field f);  // "type_arguments"

// Node helpers: "field" children, type tests, null-safe.
inline bool is(TSNode n, std::string_view type) { return !ts_node_is_null(n) && type == ts_node_type(n); }
TSNode field(TSNode n, Field f);
// Whether `child`, a child of `parent`, is its field `f`, for the fields both
// grammars put first: a member's or a subscript's Object, a call's Function
// (`a.b`, `a?.b`, `a[i]`; `f(x)`, `f?.(x)`, `f<T>(x)`, f`x`). Where the two
// start answers it, without tree-sitter's search of the field map (which the
// extractor would otherwise make at most identifiers); a node with errors in
// it takes the search.
bool leads(TSNode parent, TSNode child, Field f);
// The text of a member expression's property (`CACHE` of `env.CACHE`), which
// ends it in both grammars: read back from the member's end over the name's
// characters, without the field search (the extractor reads every
// property name this way); a member with errors in it takes the search.
// `member` must be a member_expression.
std::string_view member_property(const SyntaxTree& t, TSNode member);

}  // namespace cfscale::source
