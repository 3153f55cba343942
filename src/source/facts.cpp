#include "source/facts.h"

#include <algorithm>
#include <map>

namespace cfscale::source {
namespace {

bool one_of(TSNode n, std::initializer_list<std::string_view> types) {
  if (ts_node_is_null(n)) return false;
  std::string_view t = ts_node_type(n);
  return std::find(types.begin(), types.end(), t) != types.end();
}

// Nodes that only wrap an expression: (x), x as T, x!, x satisfies T, <T>x.
bool is_wrapper(TSNode n) {
  return one_of(n, {"parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression", "type_assertion"});
}

bool is_function(TSNode n) {
  return one_of(n, {"function_declaration", "function_expression", "function", "arrow_function", "method_definition",
                    "generator_function_declaration", "generator_function"});
}

bool is_loop(TSNode n) { return one_of(n, {"for_statement", "for_in_statement", "while_statement", "do_statement"}); }

bool same(TSNode a, TSNode b) { return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b); }

// The parent, past the wrappers; `child` becomes the outermost wrapper.
TSNode parent_of(TSNode& child) {
  TSNode p = ts_node_parent(child);
  while (is_wrapper(p)) {
    child = p;
    p = ts_node_parent(p);
  }
  return p;
}

std::vector<TSNode> named_children(TSNode n) {
  std::vector<TSNode> out;
  uint32_t count = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(n, i);
    if (!is(c, "comment")) out.push_back(c);
  }
  return out;
}

std::string unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'' || s.front() == '`') && s.back() == s.front())
    return std::string(s.substr(1, s.size() - 2));
  return std::string(s);
}

class Extractor {
 public:
  Extractor(const SyntaxTree& tree, const std::set<std::string>& bindings) : t_(tree), bindings_(bindings) {}

  void run(FileFacts& out) {
    collect_aliases();
    walk([&](TSNode n) {
      if (is(n, "comment")) read_comment(n, out);
      else if (auto binding = binding_of(n)) read_use(n, *binding, out);
      else if (is_function(n)) read_function(n, out);
      else if (is(n, "call_expression")) read_local_call(n, out);
    });
  }

 private:
  template <class F>
  void walk(F&& visit) {
    // Iterative: minified or generated files nest deeply.
    std::vector<TSNode> stack{t_.root()};
    while (!stack.empty()) {
      TSNode n = stack.back();
      stack.pop_back();
      visit(n);
      for (uint32_t i = ts_node_named_child_count(n); i-- > 0;) stack.push_back(ts_node_named_child(n, i));
    }
  }

  // Names that stand for a binding in this file: `const { CACHE } = env`
  // binds CACHE, `const { DB: db } = c.env` binds db to DB, and
  // `const db = env.DB` binds db to DB. Scopes are not followed: a name
  // means the same binding anywhere in the file.
  void collect_aliases() {
    walk([&](TSNode n) {
      if (is(n, "shorthand_property_identifier_pattern")) {
        std::string name(t_.text_of(n));
        if (bindings_.count(name)) aliases_[name] = name;
      } else if (is(n, "pair_pattern")) {
        std::string key = unquote(t_.text_of(field(n, "key")));
        TSNode value = field(n, "value");
        if (bindings_.count(key) && is(value, "identifier")) aliases_[std::string(t_.text_of(value))] = key;
      } else if (is(n, "variable_declarator")) {
        TSNode name = field(n, "name"), value = field(n, "value");
        while (is_wrapper(value)) value = ts_node_named_child(value, 0);
        if (is(name, "identifier") && is(value, "member_expression")) {
          std::string prop(t_.text_of(field(value, "property")));
          if (bindings_.count(prop)) aliases_[std::string(t_.text_of(name))] = prop;
        }
      }
    });
  }

  // The binding a node stands for: `<anything>.CACHE` or an alias of one,
  // when something is done with it (a member of it is read).
  std::optional<std::string> binding_of(TSNode n) {
    TSNode p = ts_node_parent(n);
    if (!is(p, "member_expression") || !same(field(p, "object"), n)) return std::nullopt;
    if (is(n, "member_expression")) {
      std::string prop(t_.text_of(field(n, "property")));
      if (bindings_.count(prop)) return prop;
    } else if (is(n, "identifier")) {
      auto it = aliases_.find(std::string(t_.text_of(n)));
      if (it != aliases_.end()) return it->second;
    }
    return std::nullopt;
  }

  void read_use(TSNode access, const std::string& binding, FileFacts& out) {
    BindingCall call;
    call.binding = binding;
    call.pos = t_.pos_of(access);
    TSNode cur = access, first_call{};
    bool chained = false, awaited = false;
    // Climb the chain of calls on the binding: env.DB.prepare(q).bind(x).first().
    for (;;) {
      TSNode child = cur;
      TSNode member = parent_of(child);
      if (!is(member, "member_expression") || !same(field(member, "object"), child)) break;
      TSNode callee = member;
      TSNode call_node = parent_of(callee);
      // The TypeScript grammar reads `await x.first<Row>()` as
      // `(await x.first)<Row>()`: the await belongs to the call.
      bool awaited_generic = false;
      if (is(call_node, "await_expression")) {
        TSNode outer = ts_node_parent(call_node);
        if (is(outer, "call_expression") && same(field(outer, "function"), call_node) && !ts_node_is_null(field(outer, "type_arguments"))) {
          call_node = outer;
          awaited_generic = true;
        }
      }
      if (!is(call_node, "call_expression") || (!awaited_generic && !same(field(call_node, "function"), callee))) break;
      std::string method(t_.text_of(field(member, "property")));
      if (method == "then" || method == "catch" || method == "finally") {
        chained = true;
        break;
      }
      call.methods.push_back(method);
      if (ts_node_is_null(first_call)) first_call = call_node;
      cur = call_node;
      if (awaited_generic) {
        awaited = true;
        break;
      }
    }
    if (call.methods.empty()) return;  // read but not called here (passed to a helper)
    call.call_pos = t_.pos_of(field(ts_node_parent(access), "property"));
    call.line = line_around(call.call_pos.offset);
    for (TSNode a : named_children(field(first_call, "arguments"))) {
      Argument arg{ts_node_type(a), {}, false};
      if (arg.is_object())
        for (TSNode member : named_children(a)) {
          if (is(member, "pair")) arg.keys.push_back(unquote(t_.text_of(field(member, "key"))));
          else if (is(member, "shorthand_property_identifier")) arg.keys.emplace_back(t_.text_of(member));
          else if (is(member, "spread_element")) arg.spread = true;
          else if (is(member, "method_definition")) arg.keys.emplace_back(t_.text_of(field(member, "name")));
        }
      call.arguments.push_back(std::move(arg));
    }
    if (call.methods.front() == "prepare" && !call.arguments.empty()) {
      TSNode q = named_children(field(first_call, "arguments")).front();
      if (is(q, "string") || is(q, "template_string")) call.sql = unquote(t_.text_of(q));
    }
    call.use = chained ? Use::Chained : awaited ? Use::Awaited : use_of(cur);
    Context ctx = context_of(cur);
    call.loop = ctx.loop;
    call.function = std::move(ctx.function);
    call.function_start = ctx.function_start;
    out.calls.push_back(std::move(call));
  }

  // What happens to the value of `n` (a call's promise).
  Use use_of(TSNode n) {
    TSNode child = n;
    TSNode p = parent_of(child);
    if (is(p, "await_expression")) return Use::Awaited;
    if (is(p, "return_statement")) return Use::Returned;
    if (is(p, "arrow_function") && same(field(p, "body"), child)) return Use::Returned;
    if (is(p, "expression_statement")) return Use::Dropped;
    if (is(p, "unary_expression") && t_.text_of(p).substr(0, 4) == "void") return Use::Voided;
    if (is(p, "variable_declarator") || is(p, "assignment_expression")) return Use::Stored;
    if (is(p, "arguments")) {
      TSNode call = ts_node_parent(p);
      TSNode fn = field(call, "function");
      if (is(fn, "member_expression") && t_.text_of(field(fn, "property")) == "waitUntil") return Use::WaitUntil;
      return Use::Passed;
    }
    if (is(p, "array")) {
      // Promise.all([a, b]): what happens to the combined promise.
      TSNode array = p;
      TSNode args = parent_of(array);
      TSNode call = ts_node_parent(args);
      if (is(args, "arguments") && is(call, "call_expression")) {
        std::string_view fn = t_.text_of(field(call, "function"));
        if (fn == "Promise.all" || fn == "Promise.allSettled" || fn == "Promise.race" || fn == "Promise.any") {
          return use_of(call);
        }
      }
    }
    return Use::Passed;
  }

  // Where a call runs: the loop whose body runs it (stopping at the enclosing
  // function: a callback defined in a loop does not run the loop's
  // iterations in turn), and that function's name and offset.
  struct Context {
    std::optional<Pos> loop;
    std::string function;
    uint64_t function_start = 0;
  };

  Context context_of(TSNode n) {
    Context ctx;
    TSNode child = n;
    for (TSNode p = ts_node_parent(child); !ts_node_is_null(p); child = p, p = ts_node_parent(p)) {
      if (is_function(p)) {
        ctx.function = function_name(p);
        ctx.function_start = ts_node_start_byte(p);
        break;
      }
      if (!ctx.loop && is_loop(p) && same(field(p, "body"), child)) ctx.loop = t_.pos_of(p);
    }
    return ctx;
  }

  void read_function(TSNode f, FileFacts& out) {
    std::string name = function_name(f);
    if (name.empty() || name.find(' ') != std::string::npos) return;  // anonymous, or a callback
    // `async` is an anonymous child of the function node, before its name or parameters.
    bool is_async = false;
    for (uint32_t i = 0; i < ts_node_child_count(f) && !is_async; ++i) {
      TSNode c = ts_node_child(f, i);
      if (ts_node_is_named(c)) break;
      is_async = is(c, "async");
    }
    out.functions.push_back(FunctionDef{name, ts_node_start_byte(f), t_.pos_of(f), is_async});
  }

  // f(...) or this.f(...): a call the project's own functions may answer.
  void read_local_call(TSNode call, FileFacts& out) {
    TSNode fn = field(call, "function");
    std::string callee;
    if (is(fn, "identifier")) callee = t_.text_of(fn);
    else if (is(fn, "member_expression") && is(field(fn, "object"), "this")) callee = t_.text_of(field(fn, "property"));
    else return;
    if (aliases_.count(callee)) return;
    LocalCall lc;
    lc.callee = std::move(callee);
    lc.pos = t_.pos_of(call);
    lc.use = use_of(call);
    Context ctx = context_of(call);
    lc.loop = ctx.loop;
    lc.function = std::move(ctx.function);
    lc.function_start = ctx.function_start;
    lc.line = line_around(lc.pos.offset);
    out.local_calls.push_back(std::move(lc));
  }

  void read_comment(TSNode n, FileFacts& out) {
    std::string_view text = t_.text_of(n);
    if (text.find("cfscale-ignore") == std::string_view::npos) return;
    IgnoreComment c{t_.pos_of(n), std::string(text), 0};
    const std::string& all = t_.text();
    uint32_t start = ts_node_start_byte(n), end = ts_node_end_byte(n);
    size_t line_start = all.rfind('\n', start == 0 ? 0 : start - 1);
    line_start = line_start == std::string::npos || start == 0 ? 0 : line_start + 1;
    bool code_before = all.find_first_not_of(" \t", line_start) < start;
    c.applies_to = c.pos.line;
    if (!code_before) {
      // The next line that is neither blank nor only a comment.
      uint32_t line = ts_node_end_point(n).row + 1;
      size_t at = all.find('\n', end);
      while (at != std::string::npos) {
        ++line;
        size_t next = all.find('\n', at + 1);
        std::string_view l = std::string_view(all).substr(at + 1, (next == std::string::npos ? all.size() : next) - at - 1);
        size_t first = l.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && l.substr(first, 2) != "//" && l.substr(first, 2) != "/*") {
          c.applies_to = line;
          break;
        }
        at = next;
      }
    }
    out.ignores.push_back(std::move(c));
  }

  // The line holding a byte offset, without its indentation, cut at 200 bytes.
  std::string line_around(uint64_t offset) {
    const std::string& text = t_.text();
    if (offset > text.size()) return "";
    size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    start = start == std::string::npos || offset == 0 ? 0 : start + 1;
    size_t end = text.find('\n', offset);
    std::string_view l = std::string_view(text).substr(start, (end == std::string::npos ? text.size() : end) - start);
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
    if (l.size() > 200) l = l.substr(0, 200);
    return std::string(l);
  }

  std::string function_name(TSNode f) {
    TSNode name = field(f, "name");
    if (!ts_node_is_null(name)) return std::string(t_.text_of(name));
    TSNode child = f;
    TSNode p = parent_of(child);
    if (is(p, "variable_declarator")) return std::string(t_.text_of(field(p, "name")));
    if (is(p, "pair")) return unquote(t_.text_of(field(p, "key")));
    if (is(p, "assignment_expression")) return std::string(t_.text_of(field(p, "left")));
    if (is(p, "arguments")) {
      TSNode fn = field(ts_node_parent(p), "function");
      return std::string(t_.text_of(fn)) + " callback";
    }
    return "";
  }

  const SyntaxTree& t_;
  const std::set<std::string>& bindings_;
  std::map<std::string, std::string> aliases_;  // local name -> binding
};

}  // namespace

std::string_view to_string(Use u) {
  switch (u) {
    case Use::Awaited: return "awaited";
    case Use::Returned: return "returned";
    case Use::WaitUntil: return "wait_until";
    case Use::Chained: return "chained";
    case Use::Stored: return "stored";
    case Use::Passed: return "passed";
    case Use::Voided: return "voided";
    case Use::Dropped: return "dropped";
  }
  return "";
}

FileFacts extract(const SyntaxTree& tree, std::string path, const std::set<std::string>& bindings) {
  FileFacts f;
  f.path = std::move(path);
  f.grammar = tree.grammar();
  f.lines = static_cast<uint32_t>(std::count(tree.text().begin(), tree.text().end(), '\n') + 1);
  if (!tree.complete()) {
    f.gave_up = true;
    return f;
  }
  f.errors = tree.errors();
  Extractor(tree, bindings).run(f);
  // Calls are in source order: a write is after a read when one comes first.
  for (size_t i = 0; i < f.calls.size(); ++i)
    for (size_t j = 0; j < i && !f.calls[i].after_read; ++j) {
      const auto& r = f.calls[j];
      bool read = r.methods.front() == "get" || r.methods.front() == "getWithMetadata";
      f.calls[i].after_read = read && r.binding == f.calls[i].binding && r.function_start == f.calls[i].function_start;
    }
  return f;
}

}  // namespace cfscale::source
