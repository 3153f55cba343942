// What the Worker's code shows, as facts with their position: each use of a
// binding (`env.CACHE.put(...)`, `c.env.DB.prepare(...).first()`, a
// destructured `const { CACHE } = env`), the methods called on it, its
// arguments, and what happens to the promise it returns (awaited, returned,
// handed to waitUntil, dropped), and whether it runs inside a loop.
// Syntax only: what is not written at the call (an options object passed as a
// variable) is unknown, never guessed.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/location.h"
#include "source/syntax.h"

namespace cfscale::source {

// What the code does with the promise a binding call returns.
enum class Use {
  Awaited,     // await x, or inside an awaited Promise.all([...])
  Returned,    // return x, or an arrow function's expression body
  WaitUntil,   // ctx.waitUntil(x), or inside a Promise.all handed to it
  Chained,     // x.then(...) / .catch(...) / .finally(...)
  Stored,      // const p = x, p = x: used later, which syntax cannot follow
  Passed,      // an argument of another call, an element of an array...
  Voided,      // void x: dropped on purpose
  Dropped,     // x; as a statement: nothing waits for it
};
std::string_view to_string(Use u);

// One argument of a call: its syntax kind, and for an object literal its
// keys (`spread` when it has a ...spread, whose keys syntax cannot see).
struct Argument {
  std::string kind;               // tree-sitter's node type: "object", "identifier", "string"...
  std::vector<std::string> keys;  // an object literal's keys
  bool spread = false;

  bool is_object() const { return kind == "object"; }
};

struct BindingCall {
  std::string binding;               // "CACHE"
  std::vector<std::string> methods;  // the chain called on it: {"prepare", "bind", "first"}
  Pos pos;                           // the binding's use (`env.CACHE`)
  Pos call_pos;                      // the first call (`.put(`)
  std::vector<Argument> arguments;    // of the first call
  std::string sql;                   // prepare("...")'s text, when it is a literal
  // prepare(NAME) with NAME not a constant of this file (`QUERIES.BY_ID`
  // imported from another): project.cpp looks it up in the file it names.
  std::string sql_name;
  Use use = Use::Dropped;
  std::optional<Pos> loop;           // the loop whose body runs it, in the same function
  std::string function;              // the enclosing function's name ("" at the top level)
  std::string line;                  // the source line of the call, trimmed, for reports
  uint64_t function_start = 0;       // the enclosing function's byte offset (0: top level)
  // A write after a read of the same binding in the same function: the fill
  // of a read-through cache (get, miss, put).
  bool after_read = false;
  // Reached through a helper: the call in this file is `helper(...)`, whose
  // body makes this binding call at `via_at` (project.cpp links them).
  std::string via;
  std::optional<Location> via_at;

  // The first argument's text, blanks collapsed (a KV key: `user:${id}`).
  std::string key;
  // The variable an awaited call's value is kept in: `const row = await env.DB...first()`.
  std::string result;
  // The names a KV put's value (second argument) is computed from, directly
  // or through variables of the same function declared from them.
  std::set<std::string> value_names;
  // A KV put of the key a get of the same function read, whose value is
  // computed from what the get returned: a counter (get, add, put).
  bool read_modify_write = false;
  std::optional<Pos> read_at;  // that get
  // A KV list whose function also deletes from the same namespace: the
  // listed keys are consumed (KV used as a queue).
  bool consumes_listed = false;
  // An R2 get whose body the same function reads whole: "text", "json",
  // "arrayBuffer" or "blob" (empty when streamed or not read here).
  std::string body_read;
  // Runs in a callback mapped over a list whose promises Promise.all waits
  // for together (`Promise.all(ids.map(id => env.DB...))`): one call per
  // item, all at once. Not set for an array literal or a slice(0, N).
  std::optional<Pos> fan_out;
  // A D1 binding with a withSession() call anywhere in the project (project.cpp).
  bool binding_sessions = false;
  // A runtime API rather than a binding: "websocket.accept" for a
  // WebSocketPair socket's accept() (binding is then the socket's name).
  std::string api;
  std::string class_name;        // the enclosing class ("" outside one)
  bool hibernation_in_file = false;  // the file calls acceptWebSocket()
  // A call on a parameter of a named function (`db.prepare(...)` in
  // `function load(db, id)`): a binding call once a caller passes a binding
  // there (`load(env.DB, id)`; project.cpp decides). -1: not a parameter.
  int param_index = -1;
  uint64_t param_of = 0;  // the start of the function whose parameter it is
  // Runs once per message of a queue consumer's batch: in `for (const m of
  // batch.messages)` or a `batch.messages.map/forEach` callback, `batch`
  // being the first parameter of a `queue` handler.
  std::optional<Pos> message_loop;
  // A failure here is caught before it leaves the handler: a try around the
  // call inside the message loop, or around the loop with a catch that
  // neither rethrows nor calls retryAll().
  bool message_caught = false;
  // The handler acknowledges or retries messages one by one (`m.ack()`,
  // `m.retry()`), so a failure does not redeliver the messages done before it.
  bool message_acked = false;
};

// A function the file declares: `function f`, a method `f() {}`, or
// `const f = async () => {}` — by name, for calls from other functions.
struct FunctionDef {
  std::string name;
  uint64_t start = 0;  // the function node's byte offset (BindingCall::function_start)
  Pos pos;
  bool is_async = false;  // an async function: calling it returns a promise
  std::vector<std::string> params;  // the names of its plain parameters, in order ("" for a pattern)
  // A method or an object's property (`async fetch(req, env) {}` in `export
  // default {}`, `load: async () => ...`): called through its object
  // (`this.load()`), never by its bare name.
  bool method = false;
};

// A call of a plain function or method by name (`loadUser(env, id)`,
// `this.loadUser(id)`), with the same context as a binding call.
struct LocalCall {
  std::string callee;  // "load", "this.load" as "load", or "ns.load" through `import * as ns`
  bool on_this = false;  // `this.load()`
  Pos pos;
  Use use = Use::Dropped;
  std::optional<Pos> loop;
  std::string function;
  uint64_t function_start = 0;
  std::string line;
  // The binding each argument is (`env.DB`, `c.env.DB`, an alias), "" for others.
  std::vector<std::string> arg_bindings;
  // The parameter of an enclosing named function each argument is
  // (function start, index; index -1 for others), so that a binding passed
  // into a helper is followed when the helper hands it on.
  std::vector<std::pair<uint64_t, int>> arg_params;
  std::optional<Pos> fan_out;  // as BindingCall::fan_out
  // For a KV read-modify-write across helpers: the variable an awaited
  // call's value is kept in, each argument's text, and the names each
  // argument is computed from (through the caller's variables).
  std::string result;
  std::vector<std::string> arg_texts;
  std::vector<std::set<std::string>> arg_names;
  // As BindingCall's: run once per message of a queue consumer's batch.
  std::optional<Pos> message_loop;
  bool message_caught = false;
  bool message_acked = false;
};

// `import { load as get } from "./db"`: the local name `get` is `load` of
// the file "./db" names. `imported` is "default" for a default import and "*"
// for a namespace (`import * as db`). `file` is set by project.cpp: the index
// of the project file the specifier resolves to, -1 for a package or a file
// not read.
struct Import {
  std::string local;
  std::string imported;
  std::string spec;
  Pos pos;
  int file = -1;
};

// `export { load as get } from "./db"` (exported "get", imported "load") and
// `export * from "./db"` (both "*"): names this file hands on from another.
struct ReExport {
  std::string exported;
  std::string imported;
  std::string spec;
  int file = -1;  // as Import::file
};

// A `cfscale-ignore` comment in the code, and the line it applies to: its
// own when code stands before it, else the next line of code.
struct IgnoreComment {
  Pos pos;
  std::string text;
  uint32_t applies_to = 0;
};

struct FileFacts {
  std::string path;  // as given (relative to the project when found there)
  Grammar grammar = Grammar::TypeScript;
  uint32_t lines = 0;
  std::vector<BindingCall> calls;
  std::vector<IgnoreComment> ignores;
  std::vector<FunctionDef> functions;
  std::vector<LocalCall> local_calls;
  // Calls on parameters of named functions (param_index set), until a caller
  // is seen passing a binding there.
  std::vector<BindingCall> param_calls;
  std::vector<Import> imports;
  std::vector<ReExport> reexports;
  // The names a file exports under another name: `export { load as get }`
  // ("get" -> "load"), `export default load` ("default" -> "load").
  std::map<std::string, std::string> export_names;
  // SQL kept in constants, by the name prepare() is given ("Q", "QUERIES.BY_ID").
  std::map<std::string, std::string> constants;
  std::vector<SyntaxError> errors;  // what did not parse; the rest was read
  bool gave_up = false;             // the parser's time limit: nothing was read
};

// Reads one parsed file. `bindings` are the names the config binds (the
// engine says which; the source layer knows no config).
FileFacts extract(const SyntaxTree& tree, std::string path, const std::set<std::string>& bindings);

}  // namespace cfscale::source
