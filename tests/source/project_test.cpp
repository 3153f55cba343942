// Facts across the project's files: helpers found through imports (aliases,
// barrels, namespaces, default exports), followed through helpers of
// helpers, bindings handed down, and SQL constants imported.
#include <doctest/doctest.h>

#include <algorithm>

#include "source/project.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::source;

namespace {
Project read(const test::TempDir& t, std::set<std::string> bindings, Diagnostics& d) {
  ProjectOptions o;
  o.root = t.path.string();
  o.bindings = std::move(bindings);
  return read_project(o, d);
}

const FileFacts& file(const Project& p, const std::string& name) {
  for (const auto& f : p.files)
    if (f.path.ends_with(name)) return f;
  FAIL("no " << name);
  return p.files.front();
}

// The calls reached through a helper, in `name`.
std::vector<const BindingCall*> via(const Project& p, const std::string& name) {
  std::vector<const BindingCall*> out;
  for (const auto& c : file(p, name).calls)
    if (!c.via.empty()) out.push_back(&c);
  return out;
}
}  // namespace

TEST_CASE("project: a name declared in two files is the one the caller imports (through a tsconfig alias)") {
  test::TempDir t;
  t.write("tsconfig.json", R"({ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } })");
  t.write("src/index.ts",
          "import { load } from '@/users/db';\n"
          "export async function all(env: Env, ids: string[]) {\n"
          "  for (const id of ids) await load(env, id);\n"
          "}\n");
  t.write("src/users/db.ts", "export async function load(env: Env, id: string) {\n  return env.DB.prepare('SELECT * FROM users WHERE id = ?').bind(id).first();\n}\n");
  // The same name elsewhere, without a query: the import says which one runs.
  t.write("src/cache/db.ts", "export async function load(env: Env, id: string) {\n  return id;\n}\n");
  Diagnostics d;
  Project p = read(t, {"DB"}, d);
  auto reached = via(p, "src/index.ts");
  REQUIRE(reached.size() == 1);
  CHECK(reached[0]->via == "load");
  CHECK(reached[0]->via_at->file.ends_with("src/users/db.ts"));
  CHECK(reached[0]->loop);
  CHECK(reached[0]->methods.back() == "first");  // returned by the helper: awaited by its caller

  // Imported from a package: not the project's function, whatever the project declares.
  t.write("src/index.ts",
          "import { load } from 'some-orm';\n"
          "export async function all(env: Env, ids: string[]) {\n"
          "  for (const id of ids) await load(env, id);\n"
          "}\n");
  t.write("src/cache/db.ts", "export const unused = 1;\n");
  Diagnostics d2;
  CHECK(via(read(t, {"DB"}, d2), "src/index.ts").empty());

  // Neither declared nor imported, but bound here to something else (a hook's
  // `execute`): not the project's one function of that name.
  // One `load` in the project from here on: still not the one a name the
  // file binds otherwise, or does not bind at all, stands for.
  t.write("src/users/db.ts", "export const none = 0;\n");
  t.write("src/cache/db.ts", "export async function load(env: Env, id: string) {\n  return env.DB.prepare('SELECT 1').first();\n}\n");
  t.write("src/index.ts",
          "export async function all(env: Env, ids: string[]) {\n"
          "  const { execute: load } = useAction(loadAction);\n"
          "  for (const id of ids) await load(env, id);\n"
          "}\n");
  Diagnostics d3;
  CHECK(via(read(t, {"DB"}, d3), "src/index.ts").empty());
  // Neither declared nor imported: in a module, a global.
  t.write("src/index.ts",
          "export async function all(env: Env, ids: string[]) {\n"
          "  for (const id of ids) await load(env, id);\n"
          "}\n");
  Diagnostics d4;
  CHECK(via(read(t, {"DB"}, d4), "src/index.ts").empty());
  // A parameter of that name, of a callback too: what the caller passed in.
  t.write("src/index.ts",
          "export async function all(env: Env, ids: string[], load: Loader) {\n"
          "  for (const id of ids) await load(env, id);\n"
          "}\n"
          "export const each = (env: Env, ids: string[]) => run(async (load) => {\n"
          "  for (const id of ids) await load(env, id);\n"
          "});\n");
  Diagnostics d5;
  CHECK(via(read(t, {"DB"}, d5), "src/index.ts").empty());
}

TEST_CASE("project: fetch() is the global, not the Worker's fetch handler; this.load() may be a base class's") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { Repo } from './repo';\n"
          "export default {\n"
          "  async fetch(req: Request, env: Env) {\n"
          "    await env.DB.prepare('SELECT 1').first();\n"
          "    return new Response('ok');\n"
          "  },\n"
          "  async scheduled(ev: ScheduledEvent, env: Env) {\n"
          "    for (const u of ['https://a', 'https://b']) await fetch(u);\n"
          "  },\n"
          "};\n");
  t.write("public/app.js", "async function refresh() { const r = await fetch('/api'); return r.json(); }\nrefresh();\n");
  t.write("src/base.ts",
          "export class Base {\n"
          "  constructor(private env: Env) {}\n"
          "  async load(id: string) { return this.env.DB.prepare('SELECT * FROM t WHERE id = ?').bind(id).first(); }\n"
          "}\n");
  t.write("src/repo.ts",
          "import { Base } from './base';\n"
          "export class Repo extends Base {\n"
          "  async all(ids: string[]) { for (const id of ids) await this.load(id); }\n"
          "}\n");
  Diagnostics d;
  Project p = read(t, {"DB"}, d);
  CHECK(via(p, "src/index.ts").empty());
  CHECK(via(p, "public/app.js").empty());
  auto reached = via(p, "src/repo.ts");
  REQUIRE(reached.size() == 1);
  CHECK(reached[0]->via == "load");
  CHECK(reached[0]->via_at->file.ends_with("src/base.ts"));
}

TEST_CASE("project: helpers of helpers, barrels, namespaces and default exports") {
  test::TempDir t;
  t.write("src/index.ts",
          "import * as repo from './repo';\n"
          "import save from './save';\n"
          "export async function handle(env: Env, items: Item[]) {\n"
          "  for (const item of items) {\n"
          "    await repo.upsert(env, item);\n"
          "  }\n"
          "  save(env, items[0]);\n"  // an async helper two calls from the put, dropped
          "}\n");
  t.write("src/repo/index.ts", "export * from './write';\n");
  t.write("src/repo/write.ts",
          "import { run } from '../sql/run';\n"
          "export async function upsert(env: Env, item: Item) {\n"
          "  await run(env, 'INSERT INTO items VALUES (?)', item.id);\n"
          "}\n");
  t.write("src/sql/run.ts",
          "export async function run(env: Env, sql: string, id: string) {\n"
          "  return await env.DB.prepare(sql).bind(id).run();\n"
          "}\n");
  t.write("src/save.ts",
          "async function store(env: Env, item: Item) { await env.CACHE.put(item.id, 'x'); }\n"
          "export default async function save(env: Env, item: Item) { await store(env, item); }\n");
  Diagnostics d;
  Project p = read(t, {"DB", "CACHE"}, d);
  auto reached = via(p, "src/index.ts");
  REQUIRE(reached.size() == 2);
  CHECK(reached[0]->via == "repo.upsert");
  CHECK(reached[0]->via_at->file.ends_with("src/sql/run.ts"));  // the query itself, two helpers down
  CHECK(reached[0]->loop->line == 4);
  CHECK(reached[0]->use == Use::Awaited);
  CHECK(reached[1]->via == "save");
  CHECK(reached[1]->use == Use::Dropped);
  CHECK(reached[1]->binding == "CACHE");
  CHECK(reached[1]->via_at->file.ends_with("src/save.ts"));
}

TEST_CASE("project: a cycle of helpers ends; recursion is not a loop of its own") {
  test::TempDir t;
  t.write("src/a.ts",
          "import { b } from './b';\n"
          "export async function a(env: Env, n: number): Promise<void> { if (n) await b(env, n - 1); }\n"
          "export async function each(env: Env, ns: number[]) { for (const n of ns) await a(env, n); }\n");
  t.write("src/b.ts",
          "import { a } from './a';\n"
          "export async function b(env: Env, n: number) {\n"
          "  await env.DB.prepare('SELECT 1').first();\n"
          "  await a(env, n);\n"
          "}\n");
  Diagnostics d;
  Project p = read(t, {"DB"}, d);
  auto reached = via(p, "src/a.ts");
  REQUIRE(reached.size() == 1);  // each() -> a() -> b()'s query, once
  CHECK(reached[0]->function == "each");
}

TEST_CASE("project: a binding handed down through helpers is that binding where it is called") {
  test::TempDir t;
  t.write("src/index.ts",
          "import { getUser } from './users';\n"
          "export default { async fetch(req: Request, env: Env) { return getUser(env.DB, 'x'); } };\n");
  t.write("src/users.ts",
          "import { first } from './query';\n"
          "export function getUser(db: D1Database, id: string) { return first(db, id); }\n");
  t.write("src/query.ts", "export function first(d: D1Database, id: string) { return d.prepare('SELECT * FROM users WHERE id = ?').bind(id).first(); }\n");
  Diagnostics d;
  Project p = read(t, {"DB"}, d);
  const auto& q = file(p, "src/query.ts");
  REQUIRE(q.calls.size() == 1);
  CHECK(q.calls[0].binding == "DB");
  CHECK(q.calls[0].function == "first");
}

TEST_CASE("project: SQL kept in a constant of another file, named or through an object or a namespace") {
  test::TempDir t;
  t.write("src/sql.ts",
          "export const BY_ID = 'SELECT * FROM users WHERE id = ?';\n"
          "export const QUERIES = { BY_EMAIL: 'SELECT * FROM users WHERE email = ?' };\n");
  t.write("src/index.ts",
          "import { BY_ID, QUERIES as Q } from './sql';\n"
          "import * as sql from './sql';\n"
          "import { OTHER } from 'a-package';\n"
          "export async function f(env: Env) {\n"
          "  await env.DB.prepare(BY_ID).first();\n"
          "  await env.DB.prepare(Q.BY_EMAIL).first();\n"
          "  await env.DB.prepare(sql.BY_ID).first();\n"
          "  await env.DB.prepare(OTHER).first();\n"
          "}\n");
  Diagnostics d;
  Project p = read(t, {"DB"}, d);
  const auto& calls = file(p, "src/index.ts").calls;
  REQUIRE(calls.size() == 4);
  CHECK(calls[0].sql == "SELECT * FROM users WHERE id = ?");
  CHECK(calls[1].sql == "SELECT * FROM users WHERE email = ?");
  CHECK(calls[2].sql == "SELECT * FROM users WHERE id = ?");
  CHECK(calls[3].sql.empty());
  CHECK(calls[3].sql_name == "OTHER");
}

TEST_CASE("project: main's imports through an alias are read, also outside the folder") {
  test::TempDir t;
  t.write("tsconfig.base.json", R"({ "compilerOptions": { "paths": { "@shared/*": ["packages/shared/*"] } } })");
  t.write("apps/api/tsconfig.json", R"({ "extends": "../../tsconfig.base.json" })");
  t.write("apps/api/wrangler.jsonc", "{}");
  t.write("apps/api/src/index.ts", "import { load } from '@shared/db';\nexport default { fetch: load };\n");
  t.write("packages/shared/db.ts", "export async function load(env: Env) { return env.DB.prepare('SELECT 1').first(); }\n");
  Diagnostics d;
  ProjectOptions o;
  o.root = (t.path / "apps/api").string();
  o.main = (t.path / "apps/api/src/index.ts").string();
  o.bindings = {"DB"};
  Project p = read_project(o, d);
  CHECK(std::any_of(p.files.begin(), p.files.end(), [](const FileFacts& f) { return f.path.ends_with("packages/shared/db.ts"); }));
  CHECK(file(p, "src/index.ts").imports.at(0).file >= 0);
}

TEST_CASE("project: main's imports are followed level after level outside the folder, through cycles, not into node_modules") {
  test::TempDir t;
  t.write("apps/api/src/index.ts", "import { a } from '../../../packages/a/a';\nimport { b } from '../../../packages/b';\nexport default { fetch: a };\n");
  t.write("packages/a/a.ts", "import { c } from './deep/c';\nexport const a = c;\n");
  t.write("packages/a/deep/c.ts", "import { a } from '../a';\nimport { d } from '../../d/d.js';\nexport const c = () => new Response('c');\n");
  t.write("packages/d/d.js", "export const d = 1;\n");
  t.write("packages/b/index.ts", "import { x } from '../../node_modules/x/index';\nexport const b = 2;\n");
  t.write("node_modules/x/index.ts", "export const x = 3;\n");
  t.write("packages/unused.ts", "export const u = 4;\n");
  ProjectOptions o;
  o.root = (t.path / "apps/api").string();
  o.main = (t.path / "apps/api/src/index.ts").string();
  for (unsigned jobs : {1u, 2u, 4u}) {
    CAPTURE(jobs);
    o.jobs = jobs;
    Diagnostics d;
    std::vector<std::string> rel;
    for (const auto& f : source_files(o, d)) rel.push_back(std::filesystem::path(f).lexically_relative(t.path).string());
    std::sort(rel.begin(), rel.end());
    CHECK(rel == std::vector<std::string>{"apps/api/src/index.ts", "packages/a/a.ts", "packages/a/deep/c.ts", "packages/b/index.ts",
                                          "packages/d/d.js"});
  }
}

TEST_CASE("project: a skipped folder (the config's static assets) is not read, unless main imports from it") {
  test::TempDir t;
  t.write("src/index.ts", "import { shared } from '../public/shared';\nexport default { fetch: shared };\n");
  t.write("public/shared.ts", "export function shared() { return new Response('ok'); }\n");
  t.write("public/js/app.js", "async function refresh() { await fetch('/api'); }\nrefresh();\n");
  ProjectOptions o;
  o.root = t.path.string();
  o.main = (t.path / "src/index.ts").string();
  o.skip = {(t.path / "public/").string()};
  Diagnostics d;
  auto files = source_files(o, d);
  auto has = [&](const std::string& name) {
    return std::any_of(files.begin(), files.end(), [&](const std::string& f) { return f.ends_with(name); });
  };
  CHECK(has("src/index.ts"));
  CHECK(has("public/shared.ts"));
  CHECK_FALSE(has("public/js/app.js"));
}
