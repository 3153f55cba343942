// The fact extractor on each grammar: which calls on bindings it finds, what
// it says happens to their promises, loops, options and SQL; and what a file
// that does not parse still yields.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "source/facts.h"
#include "source/project.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::source;

namespace {
const std::set<std::string> kBindings = {"CACHE", "DB", "EVENTS", "BUCKET"};

FileFacts facts(const std::string& code, Grammar g = Grammar::TypeScript) {
  return extract(SyntaxTree::parse(code, g), "src/x.ts", kBindings);
}

// A project written into `t`, read as advise reads it: the facts of `file`.
FileFacts read_file_of(const test::TempDir& t, std::set<std::string> bindings, const std::string& file) {
  Diagnostics d;
  ProjectOptions o;
  o.root = t.path.string();
  o.bindings = std::move(bindings);
  for (auto& f : read_project(o, d).files)
    if (f.path.ends_with(file)) return f;
  FAIL("no " << file);
  return {};
}

const BindingCall& only(const FileFacts& f) {
  REQUIRE(f.calls.size() == 1);
  return f.calls.front();
}
}  // namespace

TEST_CASE("source: grammars by extension; declarations are not code") {
  CHECK(grammar_for("src/a.ts") == Grammar::TypeScript);
  CHECK(grammar_for("src/a.mts") == Grammar::TypeScript);
  CHECK(grammar_for("src/a.tsx") == Grammar::Tsx);
  CHECK(grammar_for("src/a.mjs") == Grammar::JavaScript);
  CHECK(grammar_for("src/a.jsx") == Grammar::JavaScript);
  CHECK_FALSE(grammar_for("worker-configuration.d.ts"));
  CHECK_FALSE(grammar_for("README.md"));
}

TEST_CASE("source: a call chain on a binding, its arguments, SQL and use (TypeScript)") {
  auto f = facts("export async function get(env: Env, id: number) {\n"
                 "  return await env.DB.prepare(\"SELECT * FROM t WHERE id = ?\").bind(id).first<Row>();\n}\n");
  const auto& c = only(f);
  CHECK(c.binding == "DB");
  CHECK(c.methods == std::vector<std::string>{"prepare", "bind", "first"});
  CHECK(c.sql == "SELECT * FROM t WHERE id = ?");
  CHECK(c.use == Use::Awaited);
  CHECK(c.function == "get");
  CHECK(c.call_pos.line == 2);
  CHECK(c.call_pos.column == 23);
  CHECK(c.line.find("return await env.DB.prepare") == 0);
  CHECK_FALSE(c.loop);
}

TEST_CASE("source: what happens to the promise") {
  auto use = [](const std::string& stmt) {
    auto f = facts("async function h(env: Env, ctx: ExecutionContext) {\n" + stmt + "\n}\n");
    return only(f).use;
  };
  CHECK(use("env.EVENTS.send(1);") == Use::Dropped);
  CHECK(use("await env.EVENTS.send(1);") == Use::Awaited);
  CHECK(use("await (env.EVENTS.send(1) as Promise<void>);") == Use::Awaited);
  CHECK(use("ctx.waitUntil(env.EVENTS.send(1));") == Use::WaitUntil);
  CHECK(use("ctx.waitUntil(Promise.all([env.EVENTS.send(1)]));") == Use::WaitUntil);
  CHECK(use("await Promise.allSettled([env.EVENTS.send(1)]);") == Use::Awaited);
  CHECK(use("Promise.all([env.EVENTS.send(1)]);") == Use::Dropped);
  CHECK(use("return env.EVENTS.send(1);") == Use::Returned);
  CHECK(use("void env.EVENTS.send(1);") == Use::Voided);
  CHECK(use("env.EVENTS.send(1).catch(() => {});") == Use::Chained);
  CHECK(use("const p = env.EVENTS.send(1);") == Use::Stored);
  CHECK(use("log(env.EVENTS.send(1));") == Use::Passed);
  CHECK(use("const f = () => env.EVENTS.send(1);") == Use::Returned);
}

TEST_CASE("source: bindings reached through c.env, this.env and destructuring") {
  auto f = facts("app.get('/', async (c) => { await c.env.CACHE.get('k'); });\n"
                 "class Room { async f() { await this.env.BUCKET.delete('k'); } }\n"
                 "async function g(env: Env) { const { CACHE, DB: db } = env; await CACHE.put('a', 'b'); await db.exec('x'); }\n"
                 "async function h(env: Env) { const q = env.EVENTS; await q.send(1); }\n"
                 "async function i(other: any) { await other.NOT_A_BINDING.put('a'); }\n");
  std::vector<std::string> seen;
  for (const auto& c : f.calls) seen.push_back(c.binding + "." + c.methods.front());
  CHECK(seen == std::vector<std::string>{"CACHE.get", "BUCKET.delete", "CACHE.put", "DB.exec", "EVENTS.send"});
  CHECK(f.calls[0].function == "app.get callback");
  CHECK(f.calls[1].function == "f");
}

TEST_CASE("source: loops: the body, not the header; not inside a callback") {
  auto f = facts("async function h(env: Env, ids: number[]) {\n"
                 "  for (const r of (await env.DB.prepare('SELECT 1').all()).results) {}\n"
                 "  for (const id of ids) { await env.DB.prepare('SELECT 2').bind(id).first(); }\n"
                 "  while (true) { await Promise.all(ids.map(async (id) => env.DB.prepare('SELECT 3').first())); break; }\n"
                 "  let i = 0; do { await env.CACHE.get(String(i)); } while (++i < 3);\n"
                 "}\n");
  REQUIRE(f.calls.size() == 4);
  CHECK_FALSE(f.calls[0].loop);           // the header runs once
  REQUIRE(f.calls[1].loop);
  CHECK(f.calls[1].loop->line == 3);
  CHECK_FALSE(f.calls[2].loop);           // runs in a callback: its function has no loop
  CHECK(f.calls[3].loop);                 // do ... while
}

TEST_CASE("source: put's options: keys of an object literal, a spread, a variable") {
  auto f = facts("async function h(env: Env, o: any) {\n"
                 "  await env.CACHE.put('a', 'b', { expirationTtl: 60, metadata });\n"
                 "  await env.CACHE.put('a', 'b', { ...o });\n"
                 "  await env.CACHE.put('a', 'b', o);\n"
                 "  await env.CACHE.put('a', 'b');\n}\n");
  REQUIRE(f.calls.size() == 4);
  CHECK(f.calls[0].arguments[2].keys == std::vector<std::string>{"expirationTtl", "metadata"});
  CHECK(f.calls[1].arguments[2].spread);
  CHECK(f.calls[2].arguments[2].kind == "identifier");
  CHECK(f.calls[3].arguments.size() == 2);
}

TEST_CASE("source: TSX and JavaScript read the same facts") {
  auto tsx = facts("export async function onRequest({ env }) {\n"
                   "  env.EVENTS.send(1);\n  return <div>{await env.CACHE.get('k')}</div>;\n}\n", Grammar::Tsx);
  REQUIRE(tsx.errors.empty());
  REQUIRE(tsx.calls.size() == 2);
  CHECK(tsx.calls[0].use == Use::Dropped);
  CHECK(tsx.calls[1].use == Use::Awaited);
  auto js = facts("export default { async fetch(req, env, ctx) {\n"
                  "  ctx.waitUntil(env.CACHE.put('a', 'b'));\n  return new Response('ok');\n} };\n", Grammar::JavaScript);
  REQUIRE(js.errors.empty());
  CHECK(only(js).use == Use::WaitUntil);
  CHECK(only(js).function == "fetch");
}

TEST_CASE("source: types and strings are not entered, but a comment in a type is still read") {
  // The walk skips what is erased or text; a suppression written inside a
  // type (on the line before the call it silences) must not be lost with it.
  auto f = facts("interface Row { id: string; /* cfscale-ignore CFS701: in an interface */ }\n"
                 "type Getter = typeof env.CACHE.get;\n"
                 "export async function f(env: Env) {\n"
                 "  const row: {\n"
                 "    id: string; // cfscale-ignore CFS701: seeded once at deploy\n"
                 "  } = await env.CACHE.get<Map<string, string>>(\"k\");\n"
                 "  const s = \"// cfscale-ignore CFS701: only text\";\n"
                 "  return row;\n}\n");
  const auto& c = only(f);
  CHECK(c.binding == "CACHE");
  CHECK(c.methods == std::vector<std::string>{"get"});
  CHECK(c.use == Use::Awaited);
  CHECK(c.result == "row");
  REQUIRE(f.ignores.size() == 2);
  CHECK(f.ignores[0].pos.line == 1);
  CHECK(f.ignores[1].pos.line == 5);
}

TEST_CASE("source: a file that does not parse: the error with its position, the rest still read") {
  auto f = facts("async function a(env: Env) { await env.CACHE.get('k'); }\n"
                 "function broken( { \n"
                 "async function b(env: Env) { env.EVENTS.send(1); }\n");
  REQUIRE_FALSE(f.errors.empty());
  CHECK(f.errors.front().pos.line >= 2);
  CHECK(std::any_of(f.calls.begin(), f.calls.end(), [](const BindingCall& c) { return c.binding == "CACHE"; }));
}

TEST_CASE("source: random bytes and deep nesting neither crash nor hang") {
  std::string deep(20000, '(');
  auto f = facts(deep);
  CHECK_FALSE(f.errors.empty());
  std::string noise;
  for (int i = 0; i < 5000; ++i) noise += static_cast<char>((i * 7919) % 251 + 1);
  facts(noise, Grammar::JavaScript);
  facts(noise, Grammar::Tsx);
}

TEST_CASE("source: which files a project reads") {
  test::TempDir t;
  namespace fs = std::filesystem;
  auto write = [&](const std::string& rel, const std::string& text) {
    fs::create_directories((t.path / rel).parent_path());
    std::ofstream(t.path / rel) << text;
  };
  write("wrangler.jsonc", "{}");
  write("src/index.ts", "import { h } from './lib/h';\nexport default { fetch: h };\n");
  write("src/lib/h.ts", "export const h = () => new Response('ok');\n");
  write("functions/api/[id].js", "export const onRequest = () => new Response('ok');\n");
  write("src/index.test.ts", "test('x', () => {});\n");
  write("test/helper.ts", "export {};\n");
  write("node_modules/pkg/index.js", "module.exports = {};\n");
  write("dist/worker.js", "bundled();\n");
  write("worker-configuration.d.ts", "interface Env {}\n");
  write("other/wrangler.toml", "name = 'other'\n");
  write("other/src/index.ts", "export default {};\n");
  write("../outside-shared/util.ts", "export const u = 1;\n");
  write("src/uses-shared.ts", "import { u } from '../../outside-shared/util';\n");
  fs::create_directory_symlink(t.path / "src", t.path / "linked");
  Diagnostics d;
  ProjectOptions o;
  o.root = t.path.string();
  o.main = (t.path / "src/index.ts").string();
  auto files = source_files(o, d);
  std::vector<std::string> rel;
  for (const auto& f : files) rel.push_back(fs::path(f).lexically_relative(t.path).string());
  std::sort(rel.begin(), rel.end());
  CHECK(rel == std::vector<std::string>{"functions/api/[id].js", "src/index.ts", "src/lib/h.ts", "src/uses-shared.ts"});
  // The symbolic link is reported, not followed.
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "source-symlinks");
  fs::remove_all(t.path / "../outside-shared");
}

TEST_CASE("source: a helper that awaits a query, awaited in a loop elsewhere, is a query in that loop") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { load } from './load';\n"
          "export async function all(env: Env, ids: string[]) {\n"
          "  for (const id of ids) {\n"
          "    await load(env, id);\n"
          "    load(env, id);\n"  // not awaited: no round trip per iteration, but a dropped promise
          "  }\n"
          "  await load(env, 'x');\n"  // not in a loop
          "}\n");
  t.write("src/load.ts", "export const load = async (env: Env, id: string) => {\n"
                         "  return await env.DB.prepare('SELECT 1 WHERE a = ?').bind(id).first();\n};\n");
  FileFacts facts_of_index = read_file_of(t, {"DB"}, "src/index.ts");
  const FileFacts* index = &facts_of_index;
  REQUIRE(index->calls.size() == 2);
  CHECK(index->calls[1].use == Use::Dropped);  // line 5: the async helper's promise is dropped
  CHECK(index->calls[1].call_pos.line == 5);
  const auto& c = index->calls[0];
  CHECK(c.use == Use::Awaited);
  CHECK(c.via == "load");
  REQUIRE(c.via_at);
  CHECK(c.via_at->file.ends_with("src/load.ts"));
  CHECK(c.via_at->pos.line == 2);
  CHECK(c.call_pos.line == 4);
  REQUIRE(c.loop);
  CHECK(c.loop->line == 3);
  CHECK(c.function == "all");
  CHECK(c.methods.back() == "first");
}

TEST_CASE("source: an async helper whose promise the caller drops is a dropped binding call") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { notify, log } from './notify';\n"
          "export async function handle(env: Env, ctx: ExecutionContext) {\n"
          "  notify(env);\n"                 // dropped: reported
          "  ctx.waitUntil(notify(env));\n"  // handed to waitUntil
          "  await notify(env);\n"
          "  log(env);\n"                    // not async: nothing to wait for
          "}\n");
  t.write("src/notify.ts", "export async function notify(env: Env) {\n  await env.EVENTS.send({ type: 'x' });\n}\n"
                           "export function log(env: Env) {\n  env.METRICS.writeDataPoint({ blobs: ['x'] });\n}\n");
  FileFacts facts_of_index = read_file_of(t, {"EVENTS", "METRICS"}, "src/index.ts");
  const FileFacts* index = &facts_of_index;
  REQUIRE(index->calls.size() == 1);
  CHECK(index->calls[0].via == "notify");
  CHECK(index->calls[0].use == Use::Dropped);
  CHECK(index->calls[0].call_pos.line == 3);
  CHECK(index->calls[0].binding == "EVENTS");
}

TEST_CASE("source: a KV value read, changed and written back to the same key is a read-modify-write") {
  auto f = facts("export async function hit(env: Env, key: string) {\n"
                 "  const raw = await env.CACHE.get(key);\n"
                 "  const count = parseInt(raw || '0');\n"
                 "  const next = count + 1;\n"
                 "  await env.CACHE.put(key, String(next));\n"
                 "}\n"
                 "export async function fill(env: Env, key: string) {\n"
                 "  const hit = await env.CACHE.get(key);\n"
                 "  if (hit) return hit;\n"
                 "  const page = await render(key);\n"
                 "  await env.CACHE.put(key, page, { expirationTtl: 60 });\n"  // a cache fill: not computed from the read
                 "}\n"
                 "export async function copy(env: Env, key: string) {\n"
                 "  const v = Number(await env.CACHE.get(key)) + 1;\n"
                 "  await env.CACHE.put(`other:${key}`, String(v));\n"  // another key
                 "}\n");
  REQUIRE(f.calls.size() == 6);
  CHECK(f.calls[0].result == "raw");
  CHECK(f.calls[1].read_modify_write);
  REQUIRE(f.calls[1].read_at);
  CHECK(f.calls[1].read_at->line == 2);
  CHECK(f.calls[1].key == "key");
  CHECK(f.calls[3].after_read);
  CHECK_FALSE(f.calls[3].read_modify_write);
  CHECK(f.calls[4].result == "v");  // through the expression around the await
  CHECK_FALSE(f.calls[5].read_modify_write);
}

TEST_CASE("source: an R2 body read whole, at once or from the kept object; a stream is not") {
  auto f = facts("export async function a(env: Env) {\n"
                 "  const text = await (await env.BUCKET.get('a')).text();\n"
                 "  const obj = await env.BUCKET.get('b');\n"
                 "  const data = await obj.json();\n"
                 "  const s = await env.BUCKET.get('c');\n"
                 "  return new Response(s.body);\n"
                 "}\n");
  REQUIRE(f.calls.size() == 3);
  CHECK(f.calls[0].body_read == "text");
  CHECK(f.calls[1].body_read == "json");
  CHECK(f.calls[2].body_read.empty());
}

TEST_CASE("source: calls mapped into Promise.all fan out, unless the list is written out or cut") {
  auto f = facts("export async function a(env: Env, ids: string[]) {\n"
                 "  await Promise.all(ids.map((id) => env.CACHE.get(id)));\n"
                 "  const ps = ids.map(async (id) => { await env.DB.prepare('SELECT 1').first(); });\n"
                 "  await Promise.all(ps);\n"
                 "  await Promise.all(['a', 'b'].map((k) => env.CACHE.get(k)));\n"
                 "  await Promise.all(ids.slice(0, 10).map((k) => env.CACHE.get(k)));\n"
                 "  ids.map((id) => env.CACHE.get(id));\n"  // not awaited together: no fan-out (CFS702's)
                 "}\n");
  REQUIRE(f.calls.size() == 5);
  REQUIRE(f.calls[0].fan_out);
  CHECK(f.calls[0].fan_out->line == 2);
  REQUIRE(f.calls[1].fan_out);
  CHECK(f.calls[1].fan_out->line == 3);
  CHECK_FALSE(f.calls[2].fan_out);
  CHECK_FALSE(f.calls[3].fan_out);
  CHECK_FALSE(f.calls[4].fan_out);
}

TEST_CASE("source: a KV list consumed (deleted from in the same function) and one only read") {
  auto f = facts("export async function drain(env: Env) {\n"
                 "  const { keys } = await env.CACHE.list({ prefix: 'job:' });\n"
                 "  for (const k of keys) await env.CACHE.delete(k.name);\n"
                 "}\n"
                 "export async function index(env: Env) {\n  return (await env.CACHE.list()).keys;\n}\n");
  REQUIRE(f.calls.size() == 3);
  CHECK(f.calls[0].consumes_listed);
  CHECK_FALSE(f.calls[2].consumes_listed);
}

TEST_CASE("source: a WebSocketPair socket accepted, its class, and whether the file hibernates (JavaScript)") {
  auto f = facts("export class Room {\n"
                 "  async fetch(request) {\n"
                 "    const [client, server] = Object.values(new WebSocketPair());\n"
                 "    server.accept();\n"
                 "    const pair = new WebSocketPair();\n"
                 "    pair[1].accept();\n"
                 "    other.accept();\n"  // not a socket of a pair
                 "    return new Response(null, { status: 101, webSocket: client });\n"
                 "  }\n"
                 "}\n",
                 Grammar::JavaScript);
  REQUIRE(f.calls.size() == 2);
  CHECK(f.calls[0].api == "websocket.accept");
  CHECK(f.calls[0].binding == "server");
  CHECK(f.calls[0].class_name == "Room");
  CHECK(f.calls[1].binding == "pair[1]");
  CHECK_FALSE(f.calls[0].hibernation_in_file);
  auto h = facts("class Room { fetch() { const p = new WebSocketPair(); this.ctx.acceptWebSocket(p[1]); p[0].accept(); } }",
                 Grammar::JavaScript);
  REQUIRE(h.calls.size() == 1);
  CHECK(h.calls[0].hibernation_in_file);
}

TEST_CASE("source: a D1 binding read through withSession() anywhere in the project") {
  test::TempDir t;
  t.write("src/index.ts", "export async function a(env: Env) {\n  return env.DB.prepare('SELECT 1').first();\n}\n");
  t.write("src/session.ts", "export function s(env: Env) {\n  return env.DB.withSession('first-primary');\n}\n");
  FileFacts f = read_file_of(t, {"DB"}, "src/index.ts");
  REQUIRE(f.calls.size() == 1);
  CHECK(f.calls[0].binding_sessions);
}

TEST_CASE("source: a binding passed to a helper is that binding inside it; ambiguous or unpassed parameters are not") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { load, pick, touch } from './load';\n"
          "export default { async fetch(req: Request, env: Env, ctx: ExecutionContext) {\n"
          "  await load(env.DB, ['a']);\n"
          "  await pick(env.DB);\n"
          "  await pick(env.OTHER);\n"  // pick's parameter is either: not followed
          "  await touch(ctx);\n"
          "  return new Response('ok');\n} };\n");
  t.write("src/load.ts",
          "export async function load(db: D1Database, ids: string[]) {\n"
          "  for (const id of ids) await db.prepare('SELECT * FROM t WHERE id = ?').bind(id).first();\n"
          "}\n"
          "export async function pick(db: D1Database) {\n  return db.prepare('SELECT 1').first();\n}\n"
          "export async function touch(ctx: ExecutionContext) {\n  ctx.waitUntil(Promise.resolve());\n}\n");
  FileFacts f = read_file_of(t, {"DB", "OTHER"}, "src/load.ts");
  REQUIRE(f.calls.size() == 1);
  const auto& c = f.calls[0];
  CHECK(c.binding == "DB");
  CHECK(c.function == "load");
  CHECK(c.methods.back() == "first");
  CHECK(c.loop);
  CHECK(c.param_index == -1);
  CHECK(f.param_calls.empty());
}

TEST_CASE("source: SQL kept in a constant of the file is the query's SQL") {
  auto f = facts("const BY_ID = 'SELECT * FROM t WHERE id = ?';\n"
                 "export const Q = { INSERT: `INSERT INTO t (a) VALUES (?)`, COUNT: 'SELECT count(*) FROM t' } as const;\n"
                 "export async function a(env: Env) {\n"
                 "  await env.DB.prepare(BY_ID).bind(1).first();\n"
                 "  await env.DB.prepare(Q.INSERT).bind(1).run();\n"
                 "  await env.DB.prepare(Q.MISSING).run();\n"
                 "  await env.DB.prepare(LATER).all();\n"  // declared below: still the constant
                 "}\n"
                 "const LATER = 'SELECT name FROM t';\n");
  REQUIRE(f.calls.size() == 4);
  CHECK(f.calls[0].sql == "SELECT * FROM t WHERE id = ?");
  CHECK(f.calls[1].sql == "INSERT INTO t (a) VALUES (?)");
  CHECK(f.calls[2].sql.empty());
  CHECK(f.calls[3].sql == "SELECT name FROM t");
}

TEST_CASE("source: SQL split over lines with + is one text; with a variable in it, unknown") {
  auto f = facts("const UPSERT = 'INSERT INTO t (id, a) VALUES (?, ?) ' +\n"
                 "  'ON CONFLICT(id) DO UPDATE SET a = excluded.a';\n"
                 "export async function a(env: Env, table: string) {\n"
                 "  await env.DB.prepare('SELECT * FROM t ' + `WHERE id = ?`).bind(1).first();\n"
                 "  await env.DB.prepare(UPSERT).bind(1, 2).run();\n"
                 "  await env.DB.prepare('SELECT * FROM ' + table).all();\n"
                 "}\n");
  REQUIRE(f.calls.size() == 3);
  CHECK(f.calls[0].sql == "SELECT * FROM t WHERE id = ?");
  CHECK(f.calls[1].sql == "INSERT INTO t (id, a) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET a = excluded.a");
  CHECK(f.calls[2].sql.empty());
}

TEST_CASE("source: a helper mapped into Promise.all fans out its binding call") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { load } from './load';\n"
          "export async function all(env: Env, ids: string[]) {\n"
          "  const users = await Promise.all(ids.map((id) => load(env, id)));\n"
          "  const later = ids.map((id) => load(env, id));\n"
          "  await Promise.all(later);\n"
          "  return [users, await load(env, 'x')];\n"
          "}\n");
  t.write("src/load.ts", "export async function load(env: Env, id: string) {\n  return env.USERS.get(id);\n}\n");
  FileFacts f = read_file_of(t, {"USERS"}, "src/index.ts");
  REQUIRE(f.calls.size() == 2);
  for (const auto& c : f.calls) {
    CHECK(c.via == "load");
    CHECK(c.binding == "USERS");
    REQUIRE(c.fan_out);
  }
  CHECK(f.calls[0].fan_out->line == 3);
  CHECK(f.calls[1].fan_out->line == 4);
}

TEST_CASE("source: a KV read-modify-write spread over a getter and a setter helper") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { getCount, setCount } from './counts';\n"
          "export async function hit(env: Env, key: string) {\n"
          "  const n = await getCount(env, key);\n"
          "  const next = n + 1;\n"
          "  await setCount(env, key, next);\n"
          "  await setCount(env, 'other', next);\n"  // another key: not a write-back
          "  await setCount(env, key, 0);\n"        // not computed from the read
          "}\n");
  t.write("src/counts.ts",
          "export async function getCount(env: Env, k: string) {\n  return Number(await env.COUNTS.get(k)) || 0;\n}\n"
          "export async function setCount(env: Env, k: string, v: number) {\n  await env.COUNTS.put(k, String(v));\n}\n");
  FileFacts f = read_file_of(t, {"COUNTS"}, "src/index.ts");
  REQUIRE(f.calls.size() == 1);
  const auto& c = f.calls[0];
  CHECK(c.read_modify_write);
  CHECK(c.via == "setCount");
  CHECK(c.call_pos.line == 5);
  REQUIRE(c.read_at);
  CHECK(c.read_at->line == 3);
  REQUIRE(c.via_at);
  CHECK(c.via_at->file.ends_with("src/counts.ts"));
  CHECK(c.via_at->pos.line == 5);
}

TEST_CASE("source: calls once per message of a queue batch, acknowledged or caught or neither") {
  auto f = facts("export default {\n"
                 "  async queue(batch: MessageBatch, env: Env) {\n"
                 "    for (const m of batch.messages) {\n"
                 "      await env.CACHE.put(m.body.id, 'x');\n"                       // 4: per message, not acked
                 "      try { await env.EVENTS.send(m.body); } catch (e) { console.log(e); }\n"  // 5: caught
                 "      try { await env.EVENTS.send(m.body); } catch (e) { throw e; }\n"         // 6: rethrown
                 "    }\n"
                 "    batch.messages.forEach((m) => env.CACHE.put(m.id, 'y'));\n"       // 8: a message callback
                 "  },\n"
                 "};\n"
                 "export async function queue(batch: MessageBatch, env: Env) {\n"
                 "  for (const m of batch.messages) { await env.CACHE.put('k', 'v'); m.ack(); }\n"  // 12: acked
                 "  for (const m of other.messages) await env.CACHE.put('k', 'v');\n"             // 13: not the batch
                 "}\n"
                 "export async function handle(batch: MessageBatch, env: Env) {\n"
                 "  for (const m of batch.messages) await env.CACHE.put('k', 'v');\n"  // 16: not a queue handler
                 "}\n");
  REQUIRE(f.calls.size() == 7);
  REQUIRE(f.calls[0].message_loop);
  CHECK(f.calls[0].message_loop->line == 3);
  CHECK_FALSE(f.calls[0].message_caught);
  CHECK_FALSE(f.calls[0].message_acked);
  REQUIRE(f.calls[1].message_loop);
  CHECK(f.calls[1].message_caught);
  REQUIRE(f.calls[2].message_loop);
  CHECK_FALSE(f.calls[2].message_caught);
  REQUIRE(f.calls[3].message_loop);
  CHECK(f.calls[3].message_loop->line == 8);
  REQUIRE(f.calls[4].message_loop);
  CHECK(f.calls[4].message_acked);
  CHECK_FALSE(f.calls[5].message_loop);
  CHECK_FALSE(f.calls[6].message_loop);
}

TEST_CASE("source: a helper awaited once per message makes its write once per message") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { save } from './save';\n"
          "export default {\n"
          "  async queue(batch: MessageBatch, env: Env) {\n"
          "    for (const m of batch.messages) await save(env, m.body);\n"
          "  },\n"
          "};\n");
  t.write("src/save.ts", "export async function save(env: Env, job: { id: string }) {\n  await env.RESULTS.put(job.id, 'x');\n}\n");
  FileFacts f = read_file_of(t, {"RESULTS"}, "src/index.ts");
  REQUIRE(f.calls.size() == 1);
  CHECK(f.calls[0].via == "save");
  REQUIRE(f.calls[0].message_loop);
  CHECK(f.calls[0].message_loop->line == 4);
  CHECK_FALSE(f.calls[0].message_acked);
}
