#include "source/facts.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace cfscale::source {
namespace {

// The node types the walk asks about at every node, by symbol: comparing
// type names there costs more than the rest of the extraction.
enum class Kind : uint8_t { Other, Comment, Call, Member, Identifier, Function, Loop, Wrapper, VarDecl, Assign, ShorthandPattern, PairPattern, Import, Export, Literal, Type };

const std::vector<Kind>& kinds_of(const TSLanguage* lang) {
  thread_local std::map<const TSLanguage*, std::vector<Kind>> cache;
  auto [it, fresh] = cache.try_emplace(lang);
  if (!fresh) return it->second;
  static const std::pair<std::string_view, Kind> kNames[] = {
      {"comment", Kind::Comment},
      {"call_expression", Kind::Call},
      {"member_expression", Kind::Member},
      {"identifier", Kind::Identifier},
      {"variable_declarator", Kind::VarDecl},
      {"assignment_expression", Kind::Assign},
      {"shorthand_property_identifier_pattern", Kind::ShorthandPattern},
      {"pair_pattern", Kind::PairPattern},
      {"import_statement", Kind::Import},
      {"export_statement", Kind::Export},
      // Nodes that only wrap an expression: (x), x as T, x!, x satisfies T, <T>x.
      {"parenthesized_expression", Kind::Wrapper}, {"as_expression", Kind::Wrapper}, {"non_null_expression", Kind::Wrapper},
      {"satisfies_expression", Kind::Wrapper}, {"type_assertion", Kind::Wrapper},
      {"function_declaration", Kind::Function}, {"function_expression", Kind::Function}, {"function", Kind::Function},
      {"arrow_function", Kind::Function}, {"method_definition", Kind::Function}, {"generator_function_declaration", Kind::Function},
      {"generator_function", Kind::Function},
      {"for_statement", Kind::Loop}, {"for_in_statement", Kind::Loop}, {"while_statement", Kind::Loop}, {"do_statement", Kind::Loop},
      // Nodes the walk does not enter: nothing in them runs. A string's or a
      // regex's parts are text; TypeScript's types are erased (`typeof
      // env.DB` in a type is no use of DB).
      {"string", Kind::Literal}, {"regex", Kind::Literal},
      {"type_annotation", Kind::Type}, {"type_arguments", Kind::Type}, {"type_parameters", Kind::Type},
      {"interface_declaration", Kind::Type}, {"type_alias_declaration", Kind::Type}, {"ambient_declaration", Kind::Type},
      {"implements_clause", Kind::Type}, {"object_type", Kind::Type}, {"generic_type", Kind::Type}, {"union_type", Kind::Type},
      {"intersection_type", Kind::Type}, {"array_type", Kind::Type}, {"function_type", Kind::Type}, {"tuple_type", Kind::Type},
      {"type_query", Kind::Type}, {"literal_type", Kind::Type}, {"lookup_type", Kind::Type}, {"conditional_type", Kind::Type},
  };
  uint32_t count = ts_language_symbol_count(lang);
  it->second.assign(count, Kind::Other);
  for (uint32_t sym = 0; sym < count; ++sym) {
    // Only the named symbols: an anonymous `function` keyword is not a function.
    if (ts_language_symbol_type(lang, static_cast<TSSymbol>(sym)) != TSSymbolTypeRegular) continue;
    std::string_view name = ts_language_symbol_name(lang, static_cast<TSSymbol>(sym));
    for (const auto& [n, k] : kNames)
      if (n == name) it->second[sym] = k;
  }
  return it->second;
}

bool same(TSNode a, TSNode b) { return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_eq(a, b); }

std::vector<TSNode> named_children(TSNode n) {
  std::vector<TSNode> out;
  if (ts_node_is_null(n)) return out;  // a field missing in a tree with errors
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

// Marks a binding name that stands for a function's parameter.
constexpr std::string_view kParamMark = "\x01";

class Extractor {
 public:
  Extractor(const SyntaxTree& tree, const std::set<std::string>& bindings)
      : t_(tree), bindings_(bindings), kinds_(kinds_of(ts_tree_language(tree.root().tree))) {}

  void run(FileFacts& out) {
    // One walk: the walk itself is most of the extraction's cost. Names are
    // declared before they are used in source order (a destructured binding,
    // an alias, a socket); SQL constants may come after the query, so
    // prepare()'s named SQL is looked up at the end.
    walk([&](TSNode n, Kind k) {
      read_declaration(n, k);
      if (k == Kind::Comment) read_comment(n, out);
      else if (auto binding = binding_of(n, k)) read_use(n, *binding, out);
      else if (k == Kind::Function) read_function(n, out);
      else if (k == Kind::Call) {
        TSNode callee = field(n, Field::Function);  // both ask: found once
        read_local_call(n, callee, out);
        read_member_call(n, callee, out);
      } else if (k == Kind::VarDecl || k == Kind::Assign) read_derivation(n);
      else if (k == Kind::Import) read_import(n, out);
      else if (k == Kind::Export) read_export(n, out);
    });
    finish(out);
  }

 private:
  Kind kind(TSNode n) const {
    if (ts_node_is_null(n)) return Kind::Other;
    TSSymbol sym = ts_node_symbol(n);
    return sym < kinds_.size() ? kinds_[sym] : Kind::Other;
  }
  bool is_wrapper(TSNode n) const { return kind(n) == Kind::Wrapper; }
  bool is_function(TSNode n) const { return kind(n) == Kind::Function; }
  bool is_loop(TSNode n) const { return kind(n) == Kind::Loop; }

  // Every named node in source order, with the path from the root to its
  // parent kept in path_ (ts_node_parent searches down from the root on
  // every call; the path answers the extractor's climbs instead).
  template <class F>
  void walk(F&& visit) {
    TSTreeCursor c = ts_tree_cursor_new(t_.root());
    path_.clear();
    for (;;) {
      TSNode n = ts_tree_cursor_current_node(&c);
      bool enter = true;
      if (ts_node_is_named(n)) {
        visiting_ = n;
        Kind k = kind(n);
        visit(n, k);
        enter = !opaque(n, k);
      }
      // A leaf's child count is read without the cursor's search for a first child.
      if (enter && ts_node_child_count(n) > 0 && ts_tree_cursor_goto_first_child(&c)) {
        path_.push_back(n);
        continue;
      }
      bool more = true;
      while (!ts_tree_cursor_goto_next_sibling(&c)) {
        if (!ts_tree_cursor_goto_parent(&c)) {
          more = false;
          break;
        }
        path_.pop_back();
      }
      if (!more) break;
    }
    ts_tree_cursor_delete(&c);
    path_.clear();
  }

  // A node the walk need not enter (Kind::Literal, Kind::Type) — unless a
  // type holds a comment, which may be a suppression for the next line.
  bool opaque(TSNode n, Kind k) const {
    if (k == Kind::Literal) return true;
    if (k != Kind::Type) return false;
    std::string_view text = t_.text_of(n);
    return text.find("//") == std::string_view::npos && text.find("/*") == std::string_view::npos;
  }

  // The parent of a node on the walk's path (or of the node visited), else
  // tree-sitter's own answer.
  TSNode up(TSNode n) const {
    // The node visited first: most climbs start there, and it is not on the path.
    if (!path_.empty() && ts_node_eq(n, visiting_)) return path_.back();
    for (size_t i = path_.size(); i-- > 0;)
      if (ts_node_eq(path_[i], n)) return i == 0 ? TSNode{} : path_[i - 1];
    return ts_node_parent(n);
  }

  // The parent, past the wrappers; `child` becomes the outermost wrapper.
  TSNode parent_of(TSNode& child) const {
    TSNode p = up(child);
    while (is_wrapper(p)) {
      child = p;
      p = up(p);
    }
    return p;
  }

  // Names that stand for a binding in this file: `const { CACHE } = env`
  // binds CACHE, `const { DB: db } = c.env` binds db to DB, and
  // `const db = env.DB` binds db to DB, from the declaration on. Scopes are
  // not followed: a name means the same binding in the rest of the file.
  // Also the file's SQL constants and WebSocketPair sockets.
  void read_declaration(TSNode n, Kind k) {
    if (k == Kind::ShorthandPattern) {
      std::string name(t_.text_of(n));
      if (bindings_.count(name)) aliases_[name] = name;
    } else if (k == Kind::PairPattern) {
      std::string key = unquote(t_.text_of(field(n, Field::Key)));
      TSNode value = field(n, Field::Value);
      if (bindings_.count(key) && kind(value) == Kind::Identifier) aliases_[std::string(t_.text_of(value))] = key;
    } else if (k == Kind::VarDecl) {
      TSNode name = field(n, Field::Name), value = field(n, Field::Value);
      while (is_wrapper(value)) value = ts_node_named_child(value, 0);
      if (kind(name) == Kind::Identifier && kind(value) == Kind::Member) {
        std::string prop(member_property(t_, value));
        if (bindings_.count(prop)) aliases_[std::string(t_.text_of(name))] = prop;
      }
      read_socket_names(name, value);
      read_constant(name, value);
      // `const REGIONS = ["eu", "us"]` at the module's top: a list written
      // out, as fixed as one written at the map. (An empty one inside a
      // function is usually filled by push.)
      if (kind(name) == Kind::Identifier && is(value, "array") && ts_node_named_child_count(value) > 0 && context_of(n).function_start == 0)
        fixed_lists_.insert(std::string(t_.text_of(name)));
    }
  }

  // `const Q = "SELECT ..."` and `const QUERIES = { BY_ID: "SELECT ..." }`:
  // SQL written once and passed to prepare() by name, as "Q" and "QUERIES.BY_ID".
  void read_constant(TSNode name, TSNode value) {
    if (kind(name) != Kind::Identifier) return;
    std::string n(t_.text_of(name));
    if (auto text = written_text(value)) {
      constants_[n] = std::move(*text);
    } else if (is(value, "object")) {
      for (TSNode member : named_children(value)) {
        if (!is(member, "pair")) continue;
        if (auto v = written_text(field(member, Field::Value))) constants_[n + "." + unquote(t_.text_of(field(member, Field::Key)))] = std::move(*v);
      }
    }
  }

  // The text of a string written in the code: a literal, a template, or
  // literals joined with + (SQL split over lines: 'INSERT ... ' + 'ON CONFLICT ...').
  std::optional<std::string> written_text(TSNode v, int depth = 0) const {
    while (is_wrapper(v)) v = ts_node_named_child(v, 0);
    if (is(v, "string") || is(v, "template_string")) return unquote(t_.text_of(v));
    if (!is(v, "binary_expression") || depth > 256 || t_.text_of(field(v, Field::Operator)) != "+") return std::nullopt;
    auto left = written_text(field(v, Field::Left), depth + 1);
    auto right = left ? written_text(field(v, Field::Right), depth + 1) : std::nullopt;
    if (!right) return std::nullopt;
    return *left + *right;
  }

  // `import d, { a, b as c } from "./x"`, `import * as ns from "./x"`: which
  // local names come from which file, for following helpers and SQL
  // constants across files.
  void read_import(TSNode n, FileFacts& out) {
    TSNode source = field(n, Field::Source);
    if (!is(source, "string")) return;  // import x = require(...), or a tree with errors
    std::string spec = unquote(t_.text_of(source));
    auto add = [&](TSNode local, std::string imported) {
      if (kind(local) != Kind::Identifier) return;
      out.imports.push_back(Import{std::string(t_.text_of(local)), std::move(imported), spec, t_.pos_of(local)});
    };
    for (TSNode clause : named_children(n)) {
      if (!is(clause, "import_clause")) continue;
      for (TSNode part : named_children(clause)) {
        if (kind(part) == Kind::Identifier) add(part, "default");
        else if (is(part, "namespace_import")) {
          for (TSNode id : named_children(part)) {
            add(id, "*");
            namespaces_.insert(std::string(t_.text_of(id)));
          }
        } else if (is(part, "named_imports")) {
          for (TSNode s : named_children(part)) {
            if (!is(s, "import_specifier")) continue;
            TSNode name = field(s, Field::Name), alias = field(s, Field::Alias);
            add(ts_node_is_null(alias) ? name : alias, unquote(t_.text_of(name)));
          }
        }
      }
    }
  }

  // `export { a as b }`, `export default a`, `export { a } from "./x"`,
  // `export * from "./x"`: the names a file hands on, so an import of `b`
  // finds the function `a`.
  void read_export(TSNode n, FileFacts& out) {
    TSNode source = field(n, Field::Source);
    std::string spec = is(source, "string") ? unquote(t_.text_of(source)) : "";
    bool clause = false;
    for (TSNode c : named_children(n)) {
      if (!is(c, "export_clause")) continue;
      clause = true;
      for (TSNode s : named_children(c)) {
        if (!is(s, "export_specifier")) continue;
        std::string name = unquote(t_.text_of(field(s, Field::Name)));
        TSNode alias = field(s, Field::Alias);
        std::string exported = ts_node_is_null(alias) ? name : unquote(t_.text_of(alias));
        if (!spec.empty()) out.reexports.push_back(ReExport{exported, name, spec});
        else if (exported != name) out.export_names[exported] = name;
      }
    }
    if (!spec.empty() && !clause) {
      // export * from "./x" (a namespace_export, `export * as ns`, names an object, not a function)
      bool star_only = true;
      for (TSNode c : named_children(n))
        if (is(c, "namespace_export")) star_only = false;
      if (star_only) out.reexports.push_back(ReExport{"*", "*", spec});
      return;
    }
    // export default load; / export default function load() {}
    bool is_default = false;
    for (uint32_t i = 0; i < ts_node_child_count(n); ++i)
      if (is(ts_node_child(n, i), "default")) is_default = true;
    if (!is_default) return;
    TSNode value = field(n, Field::Value);
    if (kind(value) == Kind::Identifier) out.export_names["default"] = std::string(t_.text_of(value));
    TSNode decl = field(n, Field::Declaration);
    if (!ts_node_is_null(decl) && !ts_node_is_null(field(decl, Field::Name)))
      out.export_names["default"] = std::string(t_.text_of(field(decl, Field::Name)));
  }

  // `const pair = new WebSocketPair()`, `const [client, server] =
  // Object.values(pair)` or `= new WebSocketPair()`: the names of the two
  // sockets, whose accept() is the non-hibernating way to serve one.
  void read_socket_names(TSNode name, TSNode value) {
    auto new_pair = [&](TSNode v) { return is(v, "new_expression") && t_.text_of(field(v, Field::Constructor)) == "WebSocketPair"; };
    bool pair = new_pair(value);
    if (kind(value) == Kind::Call && t_.text_of(field(value, Field::Function)) == "Object.values") {
      auto args = named_children(field(value, Field::Arguments));
      pair = args.size() == 1 && (new_pair(args.front()) || pair_names_.count(std::string(t_.text_of(args.front()))));
    }
    if (!pair) return;
    if (kind(name) == Kind::Identifier) {
      if (is(value, "new_expression")) pair_names_.insert(std::string(t_.text_of(name)));
      else socket_names_.insert(std::string(t_.text_of(name)));
      return;
    }
    std::vector<TSNode> stack{name};
    while (!stack.empty()) {
      TSNode n = stack.back();
      stack.pop_back();
      if (kind(n) == Kind::Identifier || is(n, "shorthand_property_identifier_pattern")) socket_names_.insert(std::string(t_.text_of(n)));
      else if (is(n, "pair_pattern")) stack.push_back(field(n, Field::Value));
      else
        for (TSNode c : named_children(n)) stack.push_back(c);
    }
  }

  // The binding a node stands for: `<anything>.CACHE` or an alias of one,
  // when something is done with it (a member of it is read).
  std::optional<std::string> binding_of(TSNode n, Kind k) {
    if (k != Kind::Member && k != Kind::Identifier) return std::nullopt;
    TSNode p = up(n);
    if (kind(p) != Kind::Member || !leads(p, n, Field::Object)) return std::nullopt;
    if (k == Kind::Member) {
      std::string prop(member_property(t_, n));
      if (bindings_.count(prop)) return prop;
    } else {
      std::string name(t_.text_of(n));
      auto it = aliases_.find(name);
      if (it != aliases_.end()) return it->second;
      if (auto [start, index] = param_named(name); index >= 0) return fmt::format("{}{}:{}", kParamMark, start, index);
    }
    return std::nullopt;
  }

  // The parameter `name` is of the nearest enclosing named function that
  // declares it: (its start, its index), index -1 when none.
  std::pair<uint64_t, int> param_named(const std::string& name) const {
    for (size_t i = path_.size(); i-- > 0;) {
      if (!is_function(path_[i])) continue;
      auto ps = params_.find(ts_node_start_byte(path_[i]));
      if (ps == params_.end()) continue;
      auto at = std::find(ps->second.begin(), ps->second.end(), name);
      if (at == ps->second.end()) continue;
      return {ps->first, static_cast<int>(at - ps->second.begin())};
    }
    return {0, -1};
  }

  void read_use(TSNode access, const std::string& binding, FileFacts& out) {
    BindingCall call;
    call.binding = binding;
    if (binding.starts_with(kParamMark)) {
      // "\x01<function start>:<index>": one name per parameter, so facts
      // within the function (a get before a put) still compare bindings.
      auto colon = binding.find(':');
      call.param_of = std::stoull(binding.substr(1, colon - 1));
      call.param_index = std::stoi(binding.substr(colon + 1));
    }
    call.pos = t_.pos_of(access);
    TSNode cur = access, first_call{};
    bool chained = false, awaited = false;
    // Climb the chain of calls on the binding: env.DB.prepare(q).bind(x).first().
    for (;;) {
      TSNode child = cur;
      TSNode member = parent_of(child);
      if (kind(member) != Kind::Member || !leads(member, child, Field::Object)) break;
      TSNode callee = member;
      TSNode call_node = parent_of(callee);
      // The TypeScript grammar reads `await x.first<Row>()` as
      // `(await x.first)<Row>()`: the await belongs to the call.
      bool awaited_generic = false;
      if (is(call_node, "await_expression")) {
        TSNode outer = up(call_node);
        if (kind(outer) == Kind::Call && leads(outer, call_node, Field::Function) && !ts_node_is_null(field(outer, Field::TypeArguments))) {
          call_node = outer;
          awaited_generic = true;
        }
      }
      if (kind(call_node) != Kind::Call || (!awaited_generic && !leads(call_node, callee, Field::Function))) break;
      std::string method(member_property(t_, member));
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
    call.call_pos = t_.pos_of(field(up(access), Field::Property));
    call.line = line_around(call.call_pos.offset);
    const auto args = named_children(field(first_call, Field::Arguments));
    for (TSNode a : args) {
      Argument arg{ts_node_type(a), {}, false};
      if (arg.is_object())
        for (TSNode member : named_children(a)) {
          if (is(member, "pair")) arg.keys.push_back(unquote(t_.text_of(field(member, Field::Key))));
          else if (is(member, "shorthand_property_identifier")) arg.keys.emplace_back(t_.text_of(member));
          else if (is(member, "spread_element")) arg.spread = true;
          else if (is(member, "method_definition")) arg.keys.emplace_back(t_.text_of(field(member, Field::Name)));
        }
      call.arguments.push_back(std::move(arg));
    }
    if (call.methods.front() == "prepare" && !args.empty()) {
      TSNode q = args.front();
      if (auto text = written_text(q)) call.sql = std::move(*text);
      else if (kind(q) == Kind::Identifier || kind(q) == Kind::Member) pending_sql_.push_back({out.calls.size(), collapsed(t_.text_of(q))});
    }
    if (!args.empty()) call.key = collapsed(t_.text_of(args.front()));
    if (args.size() > 1) names_in(args[1], call.value_names);
    call.use = chained ? Use::Chained : awaited ? Use::Awaited : use_of(cur);
    if (call.use == Use::Awaited) read_result(cur, call);
    Context ctx = context_of(cur);
    call.loop = ctx.loop;
    call.fan_out = ctx.fan_out;
    call.function = std::move(ctx.function);
    call.function_start = ctx.function_start;
    if (ctx.fan_out_var) pending_fan_out_.push_back({out.calls.size(), ctx.map_function_start, *ctx.fan_out_var, ctx.map_at, false});
    if (auto m = message_loop_of(cur)) {
      call.message_loop = m->at;
      call.message_caught = m->caught;
      pending_messages_.push_back({out.calls.size(), m->handler_start, m->handler_end, false});
    }
    out.calls.push_back(std::move(call));
  }

  // Where an awaited call's value goes: the variable it is kept in (through
  // any expression around it: `Number(await kv.get(k)) + 1`), and a body
  // read from it at once (`(await bucket.get(k)).text()`).
  void read_result(TSNode call_node, BindingCall& call) {
    call.result = result_of(call_node, &call.body_read);
  }

  // The variable an awaited call's value is kept in ("" for none); with
  // `body_read`, a body read from it at once.
  std::string result_of(TSNode call_node, std::string* body_read) {
    TSNode child = call_node;
    TSNode p = parent_of(child);
    if (is(p, "await_expression")) {  // (for `await x.first<T>()`, call_node is the whole)
      child = p;
      p = parent_of(child);
    }
    if (body_read && kind(p) == Kind::Member && leads(p, child, Field::Object)) {
      std::string m(member_property(t_, p));
      if (is_body_read(m) && kind(up(p)) == Kind::Call) *body_read = m;
    }
    for (; !ts_node_is_null(p) && !is_function(p); child = p, p = up(p)) {
      if (kind(p) == Kind::VarDecl && kind(field(p, Field::Name)) == Kind::Identifier) return std::string(t_.text_of(field(p, Field::Name)));
      if (kind(p) == Kind::Assign && kind(field(p, Field::Left)) == Kind::Identifier && same(field(p, Field::Right), child))
        return std::string(t_.text_of(field(p, Field::Left)));
      std::string_view type = ts_node_type(p);
      if (type.ends_with("statement") || type.ends_with("declaration")) return "";
    }
    return "";
  }

  // The names `value` is computed from in the function starting at `start`,
  // through the variables declared so far (the walk is in source order).
  std::set<std::string> names_through(TSNode value, uint64_t start) {
    std::set<std::string> from;
    names_in(value, from);
    return through(std::move(from), start);
  }

  // `names` and every name they are computed from in the function (each once).
  std::set<std::string> through(std::set<std::string> names, uint64_t start) {
    std::vector<std::string> todo(names.begin(), names.end());
    while (!todo.empty()) {
      std::string n = std::move(todo.back());
      todo.pop_back();
      auto d = derivations_.find({start, n});
      if (d == derivations_.end()) continue;
      for (const auto& x : names_of(d->second))
        if (names.insert(x).second) todo.push_back(x);
    }
    return names;
  }

  static bool is_body_read(std::string_view m) { return m == "text" || m == "json" || m == "arrayBuffer" || m == "blob"; }

  // The names an expression reads (identifiers, and shorthand `{ count }`).
  void names_in(TSNode n, std::set<std::string>& out) {
    std::vector<TSNode> stack{n};
    while (!stack.empty()) {
      TSNode x = stack.back();
      stack.pop_back();
      if (kind(x) == Kind::Identifier || is(x, "shorthand_property_identifier")) out.insert(std::string(t_.text_of(x)));
      else if (is_function(x)) continue;
      else
        for (uint32_t i = 0; i < ts_node_named_child_count(x); ++i) stack.push_back(ts_node_named_child(x, i));
    }
  }

  static std::string collapsed(std::string_view s) {
    std::string out;
    bool blank = false;
    for (char ch : s) {
      if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
        blank = true;
        continue;
      }
      if (blank && !out.empty()) out += ' ';
      blank = false;
      out += ch;
    }
    return out;
  }

  // `const next = count + 1`, `total = a + b`: which names a variable is
  // computed from, per function, to follow a value back to a read.
  void read_derivation(TSNode n) {
    bool decl = kind(n) == Kind::VarDecl;
    TSNode name = field(n, decl ? Field::Name : Field::Left), value = field(n, decl ? Field::Value : Field::Right);
    if (kind(name) != Kind::Identifier || ts_node_is_null(value)) return;
    derivations_[{context_of(n).function_start, std::string(t_.text_of(name))}].values.push_back(value);
  }

  // A variable's values in a function, in source order.
  struct Derivation {
    std::vector<TSNode> values;
    size_t read = 0;              // how many of them `names` holds the names of
    std::set<std::string> names;  // the names they are computed from
  };
  // The names a variable's values so far are computed from: read when a
  // value is followed back, not at every declaration (most never are).
  const std::set<std::string>& names_of(Derivation& d) {
    for (; d.read < d.values.size(); ++d.read) names_in(d.values[d.read], d.names);
    return d.names;
  }

  // x.text() on a variable (an R2 body read whole), s.accept() on a
  // WebSocketPair socket, acceptWebSocket() anywhere, and Promise.all(xs).
  void read_member_call(TSNode call, TSNode fn, FileFacts& out) {
    if (t_.text_of(fn) == "Promise.all" || t_.text_of(fn) == "Promise.allSettled") {
      auto args = named_children(field(call, Field::Arguments));
      if (args.size() == 1 && kind(args.front()) == Kind::Identifier)
        awaited_together_.insert({context_of(call).function_start, std::string(t_.text_of(args.front()))});
      return;
    }
    if (kind(fn) != Kind::Member) return;
    std::string method(member_property(t_, fn));
    if (method == "acceptWebSocket") hibernation_ = true;
    if (method == "ack" || method == "retry") acks_.push_back(ts_node_start_byte(call));
    if (!is_body_read(method) && method != "accept") return;  // the object matters to these two only
    TSNode object = field(fn, Field::Object);
    if (is_body_read(method) && kind(object) == Kind::Identifier)
      body_reads_.push_back({context_of(call).function_start, std::string(t_.text_of(object)), method});
    bool socket = kind(object) == Kind::Identifier ? socket_names_.count(std::string(t_.text_of(object))) > 0
                  : is(object, "subscript_expression") && pair_names_.count(std::string(t_.text_of(field(object, Field::Object))));
    if (method != "accept" || !socket || ts_node_named_child_count(field(call, Field::Arguments)) != 0) return;
    BindingCall c;
    c.api = "websocket.accept";
    c.binding = t_.text_of(object);
    c.methods = {"accept"};
    c.pos = t_.pos_of(object);
    c.call_pos = t_.pos_of(field(fn, Field::Property));
    c.line = line_around(c.call_pos.offset);
    c.use = use_of(call);
    Context ctx = context_of(call);
    c.loop = ctx.loop;
    c.function = std::move(ctx.function);
    c.function_start = ctx.function_start;
    c.class_name = class_of(call);
    out.calls.push_back(std::move(c));
  }

  // The name of the class whose method runs `n` ("" outside a class).
  std::string class_of(TSNode n) {
    for (TSNode p = up(n); !ts_node_is_null(p); p = up(p))
      if (is(p, "class_declaration") || is(p, "class") || is(p, "abstract_class_declaration")) {
        TSNode name = field(p, Field::Name);
        if (!ts_node_is_null(name)) return std::string(t_.text_of(name));
        TSNode child = p;
        TSNode decl = parent_of(child);
        return kind(decl) == Kind::VarDecl ? std::string(t_.text_of(field(decl, Field::Name))) : "";
      }
    return "";
  }

  // What needs the whole file: reads of a get's value, bodies read from a
  // kept R2 object, lists consumed, promises mapped and awaited together.
  void finish(FileFacts& out) {
    auto& calls = out.calls;
    for (const auto& [i, name] : pending_sql_)
      if (auto c = constants_.find(name); c != constants_.end()) calls[i].sql = c->second;
      else calls[i].sql_name = name;  // perhaps imported: project.cpp looks
    out.constants = std::move(constants_);
    for (const auto& m : pending_messages_) {
      bool acked = std::any_of(acks_.begin(), acks_.end(), [&](uint64_t a) { return a >= m.handler_start && a < m.handler_end; });
      (m.local ? out.local_calls[m.call].message_acked : calls[m.call].message_acked) = acked;
    }
    for (auto& p : pending_fan_out_)
      if (awaited_together_.count({p.function_start, p.name})) (p.local ? out.local_calls[p.call].fan_out : calls[p.call].fan_out) = p.at;
    for (size_t i = 0; i < calls.size(); ++i) {
      auto& c = calls[i];
      c.hibernation_in_file = hibernation_;
      if (!c.api.empty()) continue;
      const std::string& m = c.methods.front();
      if (m == "get" && !c.result.empty() && c.body_read.empty())
        for (const auto& r : body_reads_)
          if (r.function_start == c.function_start && r.object == c.result) {
            c.body_read = r.method;
            break;
          }
      if (m == "list")
        c.consumes_listed = std::any_of(calls.begin(), calls.end(), [&](const BindingCall& d) {
          return d.api.empty() && d.binding == c.binding && d.function_start == c.function_start && d.methods.front() == "delete";
        });
      if (m != "put" || c.key.empty() || c.value_names.empty()) continue;
      std::set<std::string> from = through(c.value_names, c.function_start);
      for (size_t j = 0; j < i; ++j) {
        const auto& g = calls[j];
        if (!g.api.empty() || g.binding != c.binding || g.function_start != c.function_start || g.key != c.key || g.result.empty())
          continue;
        if ((g.methods.front() == "get" || g.methods.front() == "getWithMetadata") && from.count(g.result)) {
          c.read_modify_write = true;
          c.read_at = g.call_pos;
          break;
        }
      }
    }
  }

  // What happens to the value of `n` (a call's promise).
  Use use_of(TSNode n) {
    TSNode child = n;
    TSNode p = parent_of(child);
    if (is(p, "await_expression")) return Use::Awaited;
    if (is(p, "return_statement")) return Use::Returned;
    if (is(p, "arrow_function") && same(field(p, Field::Body), child)) return Use::Returned;
    if (is(p, "expression_statement")) return Use::Dropped;
    if (is(p, "unary_expression") && t_.text_of(p).substr(0, 4) == "void") return Use::Voided;
    if (kind(p) == Kind::VarDecl || kind(p) == Kind::Assign) return Use::Stored;
    if (is(p, "arguments")) {
      TSNode call = up(p);
      TSNode fn = field(call, Field::Function);
      if (kind(fn) == Kind::Member && member_property(t_, fn) == "waitUntil") return Use::WaitUntil;
      return Use::Passed;
    }
    if (is(p, "array")) {
      // Promise.all([a, b]): what happens to the combined promise.
      TSNode array = p;
      TSNode args = parent_of(array);
      TSNode call = up(args);
      if (is(args, "arguments") && kind(call) == Kind::Call) {
        std::string_view fn = t_.text_of(field(call, Field::Function));
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
    // The function is mapped over a list whose promises are awaited together.
    std::optional<Pos> fan_out;
    std::optional<std::string> fan_out_var;  // ...through this variable of map_function_start
    uint64_t map_function_start = 0;
    Pos map_at;
  };

  Context context_of(TSNode n) {
    Context ctx;
    TSNode child = n;
    for (TSNode p = up(child); !ts_node_is_null(p); child = p, p = up(p)) {
      if (is_function(p)) {
        ctx.function = function_name(p);
        ctx.function_start = ts_node_start_byte(p);
        read_fan_out(p, ctx);
        break;
      }
      if (!ctx.loop && is_loop(p) && same(field(p, Field::Body), child)) ctx.loop = t_.pos_of(p);
    }
    return ctx;
  }

  // Where a call runs once per message of a queue consumer's batch: in
  // `for (const m of batch.messages)` or a `batch.messages.map/forEach`
  // callback, inside a function named queue whose first parameter is
  // `batch`. Whether a try catches a failure on the way there (a catch around
  // the loop that rethrows or calls retryAll() redelivers all the same).
  struct MessageLoop {
    Pos at;
    uint64_t handler_start = 0, handler_end = 0;
    bool caught = false;
  };
  std::optional<MessageLoop> message_loop_of(TSNode n) {
    std::optional<MessageLoop> found;
    std::string batch;
    TSNode child = n;
    for (TSNode p = up(child); !ts_node_is_null(p); child = p, p = up(p)) {
      if (is(p, "try_statement") && same(field(p, Field::Body), child) && !redelivers(field(p, Field::Handler))) {
        if (!found) found.emplace();
        found->caught = true;
      }
      bool in_loop = found && found->handler_start == 1;
      if (!in_loop && is(p, "for_in_statement") && same(field(p, Field::Body), child)) {
        if (auto b = messages_of(field(p, Field::Right))) {
          batch = *b;
          if (!found) found.emplace();
          found->at = t_.pos_of(p);
          found->handler_start = 1;  // in the loop: the handler is the next function up
        }
        continue;
      }
      if (!is_function(p)) continue;
      if (in_loop) {
        if (function_name(p) != "queue") return std::nullopt;
        auto ps = params_.find(ts_node_start_byte(p));
        if (ps == params_.end() || ps->second.empty() || ps->second.front() != batch) return std::nullopt;
        found->handler_start = ts_node_start_byte(p);
        found->handler_end = ts_node_end_byte(p);
        return found;
      }
      // A callback: of batch.messages.map / forEach, else not in a message loop.
      TSNode f = p;
      TSNode args = parent_of(f);
      if (!is(args, "arguments")) return std::nullopt;
      TSNode call = up(args);
      TSNode fn = field(call, Field::Function);
      if (kind(fn) != Kind::Member) return std::nullopt;
      std::string_view m = member_property(t_, fn);
      auto b = m == "map" || m == "forEach" || m == "flatMap" ? messages_of(field(fn, Field::Object)) : std::nullopt;
      if (!b) return std::nullopt;
      batch = *b;
      if (!found) found.emplace();
      found->at = t_.pos_of(call);
      found->handler_start = 1;
      // Go on from the call: the loop's own try statements are around it.
      child = args;
      p = call;
    }
    return std::nullopt;
  }

  // `batch.messages`: the name before `.messages`.
  std::optional<std::string> messages_of(TSNode n) {
    while (is_wrapper(n)) n = ts_node_named_child(n, 0);
    if (kind(n) != Kind::Member || member_property(t_, n) != "messages") return std::nullopt;
    TSNode object = field(n, Field::Object);
    if (kind(object) != Kind::Identifier) return std::nullopt;
    return std::string(t_.text_of(object));
  }

  // A catch clause that rethrows or calls retryAll(): the batch is redelivered.
  bool redelivers(TSNode handler) {
    if (ts_node_is_null(handler)) return true;  // try { } finally { }: the failure goes on
    std::vector<TSNode> stack{handler};
    while (!stack.empty()) {
      TSNode x = stack.back();
      stack.pop_back();
      if (is(x, "throw_statement")) return true;
      if (kind(x) == Kind::Member && member_property(t_, x) == "retryAll") return true;
      for (uint32_t i = 0; i < ts_node_named_child_count(x); ++i) stack.push_back(ts_node_named_child(x, i));
    }
    return false;
  }

  // `Promise.all(list.map(f))`, or `const ps = list.map(f)` then
  // `Promise.all(ps)`: f runs once per item, all at once. A list written out
  // (`[a, b].map`) or cut to a number (`.slice(0, 10)`) is bounded.
  void read_fan_out(TSNode f, Context& ctx) {
    TSNode child = f;
    TSNode args = parent_of(child);
    if (!is(args, "arguments")) return;
    TSNode map = up(args);
    TSNode fn = field(map, Field::Function);
    if (kind(fn) != Kind::Member) return;
    std::string_view m = member_property(t_, fn);
    if (m != "map" && m != "flatMap") return;
    TSNode list = field(fn, Field::Object);
    while (is_wrapper(list)) list = ts_node_named_child(list, 0);
    if (is(list, "array") || (kind(list) == Kind::Identifier && fixed_lists_.count(std::string(t_.text_of(list))))) return;
    if (kind(list) == Kind::Call) {
      TSNode lf = field(list, Field::Function);
      auto largs = named_children(field(list, Field::Arguments));
      if (kind(lf) == Kind::Member && member_property(t_, lf) == "slice" && largs.size() == 2 && is(largs[1], "number")) return;
    }
    TSNode outer = map;
    TSNode p = parent_of(outer);
    if (is(p, "arguments")) {
      std::string_view all = t_.text_of(field(up(p), Field::Function));
      if (all == "Promise.all" || all == "Promise.allSettled") ctx.fan_out = t_.pos_of(up(p));
    } else if (kind(p) == Kind::VarDecl && kind(field(p, Field::Name)) == Kind::Identifier) {
      ctx.fan_out_var = std::string(t_.text_of(field(p, Field::Name)));
      ctx.map_function_start = context_of(p).function_start;
      ctx.map_at = t_.pos_of(map);
    }
  }

  void read_function(TSNode f, FileFacts& out) {
    std::string name = function_name(f);
    if (name.empty() || name.find(' ') != std::string::npos) return;  // anonymous, or a callback
    std::vector<std::string> params;
    if (TSNode one = field(f, Field::Parameter); !ts_node_is_null(one)) params.emplace_back(t_.text_of(one));  // x => ...
    for (TSNode p : named_children(field(f, Field::Parameters))) {
      TSNode id = p;
      if (is(p, "required_parameter") || is(p, "optional_parameter")) id = field(p, Field::Pattern);
      else if (is(p, "assignment_pattern")) id = field(p, Field::Left);
      params.push_back(kind(id) == Kind::Identifier ? std::string(t_.text_of(id)) : "");
    }
    params_[ts_node_start_byte(f)] = params;
    // `async` is an anonymous child of the function node, before its name or parameters.
    bool is_async = false;
    for (uint32_t i = 0; i < ts_node_child_count(f) && !is_async; ++i) {
      TSNode c = ts_node_child(f, i);
      if (ts_node_is_named(c)) break;
      is_async = is(c, "async");
    }
    TSNode child = f;
    bool method = is(f, "method_definition") || is(parent_of(child), "pair");
    out.functions.push_back(FunctionDef{name, ts_node_start_byte(f), t_.pos_of(f), is_async, std::move(params), method});
  }

  // f(...) or this.f(...): a call the project's own functions may answer.
  void read_local_call(TSNode call, TSNode fn, FileFacts& out) {
    std::string callee;
    bool on_this = false;
    TSNode object = kind(fn) == Kind::Member ? field(fn, Field::Object) : TSNode{};
    if (kind(fn) == Kind::Identifier) callee = t_.text_of(fn);
    else if (is(object, "this")) {
      callee = member_property(t_, fn);
      on_this = true;
    }
    else if (kind(object) == Kind::Identifier && namespaces_.count(std::string(t_.text_of(object))))
      callee = fmt::format("{}.{}", t_.text_of(object), member_property(t_, fn));  // ns.load(): project.cpp follows the import
    else return;
    if (aliases_.count(callee)) return;
    LocalCall lc;
    lc.callee = std::move(callee);
    lc.on_this = on_this;
    lc.pos = t_.pos_of(call);
    lc.use = use_of(call);
    Context ctx = context_of(call);
    lc.loop = ctx.loop;
    lc.fan_out = ctx.fan_out;
    lc.function = std::move(ctx.function);
    lc.function_start = ctx.function_start;
    if (ctx.fan_out_var) pending_fan_out_.push_back({out.local_calls.size(), ctx.map_function_start, *ctx.fan_out_var, ctx.map_at, true});
    if (auto m = message_loop_of(call)) {
      lc.message_loop = m->at;
      lc.message_caught = m->caught;
      pending_messages_.push_back({out.local_calls.size(), m->handler_start, m->handler_end, true});
    }
    lc.line = line_around(lc.pos.offset);
    if (lc.use == Use::Awaited) lc.result = result_of(call, nullptr);
    for (TSNode a : named_children(field(call, Field::Arguments))) {
      while (is_wrapper(a)) a = ts_node_named_child(a, 0);
      lc.arg_texts.push_back(collapsed(t_.text_of(a)));
      lc.arg_names.push_back(names_through(a, lc.function_start));
      std::string b;
      if (kind(a) == Kind::Member) {
        std::string prop(member_property(t_, a));
        if (bindings_.count(prop)) b = prop;
      } else if (kind(a) == Kind::Identifier) {
        if (auto it = aliases_.find(std::string(t_.text_of(a))); it != aliases_.end()) b = it->second;
      }
      std::pair<uint64_t, int> param{0, -1};
      if (b.empty() && kind(a) == Kind::Identifier) param = param_named(std::string(t_.text_of(a)));
      lc.arg_bindings.push_back(std::move(b));
      lc.arg_params.push_back(param);
    }
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
    TSNode name = field(f, Field::Name);
    if (!ts_node_is_null(name)) return std::string(t_.text_of(name));
    TSNode child = f;
    TSNode p = parent_of(child);
    if (kind(p) == Kind::VarDecl) return std::string(t_.text_of(field(p, Field::Name)));
    if (is(p, "pair")) return unquote(t_.text_of(field(p, Field::Key)));
    if (kind(p) == Kind::Assign) return std::string(t_.text_of(field(p, Field::Left)));
    if (is(p, "arguments")) {
      TSNode fn = field(up(p), Field::Function);
      return std::string(t_.text_of(fn)) + " callback";
    }
    return "";
  }

  struct BodyRead {
    uint64_t function_start;
    std::string object, method;
  };
  struct PendingFanOut {
    size_t call;
    uint64_t function_start;
    std::string name;
    Pos at;
    bool local;  // `call` indexes local_calls, not calls
  };

  const SyntaxTree& t_;
  const std::set<std::string>& bindings_;
  std::map<std::string, std::string> aliases_;  // local name -> binding
  const std::vector<Kind>& kinds_;
  std::vector<TSNode> path_;                     // the walk's path to the node visited
  std::map<uint64_t, std::vector<std::string>> params_;  // named function start -> parameter names
  std::map<std::string, std::string> constants_;  // SQL kept in a constant, by the name prepare() is given
  TSNode visiting_{};
  std::set<std::string> pair_names_, socket_names_;
  std::set<std::string> fixed_lists_;  // module constants holding an array written out
  std::set<std::string> namespaces_;  // `import * as ns`: ns.f() calls f of that file
  bool hibernation_ = false;
  // (function start, variable) -> the values assigned to it, in source order.
  std::map<std::pair<uint64_t, std::string>, Derivation> derivations_;
  std::vector<BodyRead> body_reads_;
  std::set<std::pair<uint64_t, std::string>> awaited_together_;
  std::vector<PendingFanOut> pending_fan_out_;
  struct PendingMessage {
    size_t call;
    uint64_t handler_start, handler_end;
    bool local;  // `call` indexes local_calls, not calls
  };
  std::vector<PendingMessage> pending_messages_;
  std::vector<std::pair<size_t, std::string>> pending_sql_;  // a call's prepare(NAME), until the file's constants are known
  std::vector<uint64_t> acks_;  // where m.ack() and m.retry() are called
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
      bool read = r.api.empty() && (r.methods.front() == "get" || r.methods.front() == "getWithMetadata");
      f.calls[i].after_read = read && r.binding == f.calls[i].binding && r.function_start == f.calls[i].function_start;
    }
  auto on_param = [](const BindingCall& c) { return c.param_index >= 0; };
  for (auto& c : f.calls)
    if (on_param(c)) f.param_calls.push_back(std::move(c));
  f.calls.erase(std::remove_if(f.calls.begin(), f.calls.end(), on_param), f.calls.end());
  return f;
}

}  // namespace cfscale::source
