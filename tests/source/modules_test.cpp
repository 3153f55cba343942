// How imports name files: relative specifiers, tsconfig.json `paths` (with
// extends and baseUrl), and the specifiers found in a file's text.
#include <doctest/doctest.h>

#include <filesystem>

#include "source/modules.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::source;
namespace fs = std::filesystem;

namespace {
std::string rel(const test::TempDir& t, const std::optional<std::string>& p) {
  return p ? fs::path(*p).lexically_relative(t.path).string() : "<none>";
}
}  // namespace

TEST_CASE("modules: relative specifiers, with and without extensions, index files, .js for .ts") {
  test::TempDir t;
  t.write("src/index.ts", "");
  t.write("src/db.ts", "");
  t.write("src/lib/index.ts", "");
  t.write("src/esm.ts", "");
  ModuleMap none;
  std::string from = (t.path / "src/index.ts").string();
  CHECK(rel(t, resolve_import(none, from, "./db")) == "src/db.ts");
  CHECK(rel(t, resolve_import(none, from, "./lib")) == "src/lib/index.ts");
  CHECK(rel(t, resolve_import(none, from, "./esm.js")) == "src/esm.ts");
  CHECK(rel(t, resolve_import(none, (t.path / "src/lib/index.ts").string(), "../db")) == "src/db.ts");
  CHECK(rel(t, resolve_import(none, from, "./missing")) == "<none>");
  CHECK(rel(t, resolve_import(none, from, "hono")) == "<none>");
}

TEST_CASE("modules: tsconfig paths, the longest wildcard prefix, exact patterns, targets in order, baseUrl") {
  test::TempDir t;
  t.write("tsconfig.json", R"({
    // comments and a trailing comma, as tsc accepts them
    "compilerOptions": {
      "baseUrl": "./src",
      "paths": {
        "@/*": ["./src/*"],
        "@/lib/*": ["./missing/*", "./vendor/lib/*"],
        "config": ["./src/settings/config.ts"],
      },
    },
  })");
  t.write("src/db.ts", "");
  t.write("vendor/lib/kv.ts", "");
  t.write("src/settings/config.ts", "");
  t.write("src/routes/cart.ts", "");
  Diagnostics d;
  ModuleMap m = read_module_map(t.path.string(), d);
  CHECK(d.items().empty());
  REQUIRE(m.aliases.size() == 3);
  std::string from = (t.path / "src/routes/cart.ts").string();
  CHECK(rel(t, resolve_import(m, from, "@/db")) == "src/db.ts");
  CHECK(rel(t, resolve_import(m, from, "@/lib/kv")) == "vendor/lib/kv.ts");  // the longer prefix, its second target
  CHECK(rel(t, resolve_import(m, from, "config")) == "src/settings/config.ts");
  CHECK(rel(t, resolve_import(m, from, "routes/cart")) == "src/routes/cart.ts");  // baseUrl
  CHECK(rel(t, resolve_import(m, from, "hono")) == "<none>");
}

TEST_CASE("modules: paths inherited through extends are relative to the file that wrote them; the nearest tsconfig above") {
  test::TempDir t;
  t.write("tsconfig.base.json", R"({ "compilerOptions": { "paths": { "@shared/*": ["packages/shared/src/*"] } } })");
  t.write("apps/worker/tsconfig.json", R"({ "extends": "../../tsconfig.base", "compilerOptions": { "strict": true } })");
  t.write("packages/shared/src/db.ts", "");
  t.write("apps/worker/src/index.ts", "");
  Diagnostics d;
  ModuleMap m = read_module_map((t.path / "apps/worker").string(), d);
  CHECK(d.items().empty());
  CHECK(rel(t, resolve_import(m, (t.path / "apps/worker/src/index.ts").string(), "@shared/db")) == "packages/shared/src/db.ts");

  // A Worker folder without its own tsconfig uses the one above it.
  test::TempDir u;
  u.write("tsconfig.json", R"({ "compilerOptions": { "paths": { "~/*": ["./worker/*"] } } })");
  u.write("worker/db.ts", "");
  u.write("worker/index.ts", "");
  ModuleMap up = read_module_map((u.path / "worker").string(), d);
  CHECK(rel(u, resolve_import(up, (u.path / "worker/index.ts").string(), "~/db")) == "worker/db.ts");
}

TEST_CASE("modules: a tsconfig that does not parse is a warning with its position, and no aliases") {
  test::TempDir t;
  t.write("tsconfig.json", "{\n  \"compilerOptions\": {\n    \"paths\": { \"@/*\": [\"./src/*\"] \n}\n");
  Diagnostics d;
  ModuleMap m = read_module_map(t.path.string(), d);
  CHECK(m.aliases.empty());
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].level == DiagLevel::Warning);
  CHECK(d.items()[0].code == "source-tsconfig");
  CHECK(d.items()[0].location.file.ends_with("tsconfig.json"));
  CHECK(d.items()[0].location.pos.line >= 4);
  CHECK(d.items()[0].message.find("not followed") != std::string::npos);

  // A cycle of extends ends.
  test::TempDir c;
  c.write("tsconfig.json", R"({ "extends": "./a.json", "compilerOptions": { "paths": { "x": ["./x.ts"] } } })");
  c.write("a.json", R"({ "extends": "./tsconfig.json" })");
  Diagnostics dc;
  CHECK(read_module_map(c.path.string(), dc).aliases.size() == 1);
}

TEST_CASE("modules: the specifiers a file imports, found without a parse") {
  auto specs = import_specifiers(
      "import { a } from '@/db';\n"
      "import '~/polyfill';\n"
      "const m = await import(\"@/lazy\");\n"
      "const c = require('config');\n"
      "export * from './barrel';\n"
      "const notAnImport = fromage('x');\n"
      "const u = new URL('../asset.txt', import.meta.url);\n");
  std::set<std::string> got(specs.begin(), specs.end());
  CHECK(got == std::set<std::string>{"@/db", "~/polyfill", "@/lazy", "config", "./barrel", "../asset.txt"});
}
