// tree-sitter's memory in a ParseMemory: the same trees and facts as with
// malloc, on real code, whether the arena holds the whole parse or spills
// past its cap; trees made outside an arena are deleted as usual inside one.
#include <doctest/doctest.h>

#include "source/facts.h"
#include "source/parse_memory.h"
#include "source/project.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::source;

namespace {
std::string pos(const Pos& p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

// What the facts say, in one string: two reads of a file agree when these do.
std::string summary(const FileFacts& f) {
  std::string out = std::to_string(f.lines) + " lines, " + std::to_string(f.errors.size()) + " errors\n";
  for (const auto& e : f.errors) out += "error " + pos(e.pos) + " " + e.what + "\n";
  for (const auto& c : f.calls) {
    out += "call " + c.binding + " " + pos(c.pos) + " " + pos(c.call_pos) + " " + std::string(to_string(c.use)) + " " + c.function + " " + c.sql;
    for (const auto& m : c.methods) out += "." + m;
    out += c.loop ? " loop " + pos(*c.loop) : "";
    out += "\n";
  }
  for (const auto& c : f.param_calls) out += "param " + std::to_string(c.param_index) + " " + pos(c.pos) + "\n";
  for (const auto& l : f.local_calls) out += "local " + l.callee + " " + pos(l.pos) + "\n";
  for (const auto& d : f.functions) out += "function " + d.name + " " + std::to_string(d.start) + (d.is_async ? " async" : "") + "\n";
  for (const auto& i : f.imports) out += "import " + i.spec + "\n";
  return out;
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> out;
  for (const auto& project : std::filesystem::directory_iterator(test::shared_dir() / "corpus" / "projects")) {
    if (!project.is_directory()) continue;
    ProjectOptions o;
    o.root = project.path().string();
    Diagnostics d;
    for (auto& f : source_files(o, d)) out.push_back(f);
  }
  return out;
}
}  // namespace

TEST_CASE("parse memory: the same facts as malloc's on every corpus file, held whole or spilled past a small cap") {
  const std::set<std::string> bindings = {"DB", "CACHE", "KV", "BUCKET", "QUEUE", "AI"};
  auto files = corpus_files();
  REQUIRE(files.size() > 100);
  size_t spilled = 0, held = 0;
  for (const auto& path : files) {
    auto g = grammar_for(path);
    if (!g) continue;
    std::string text = test::read_file(path);
    CAPTURE(path);
    std::string plain = summary(extract(SyntaxTree::parse(text, *g), path, bindings));
    {
      ParseMemory memory;
      CHECK(summary(extract(SyntaxTree::parse(text, *g), path, bindings)) == plain);
      held += !memory.spilled();
    }
    {
      // Past 1 MiB (one block) the rest is malloc's: trees of larger files
      // are half in one, half in the other, and deleted node by node.
      ParseMemory memory(size_t{1} << 20);
      CHECK(summary(extract(SyntaxTree::parse(text, *g), path, bindings)) == plain);
      spilled += memory.spilled();
    }
  }
  CHECK(held > 100);
  CHECK(spilled > 0);
}

TEST_CASE("parse memory: a tree made without one is deleted as usual inside one; scopes nest") {
  std::string code = "export default { async fetch(req, env) { return env.DB.prepare('SELECT 1').first(); } };\n";
  auto outside = std::make_unique<SyntaxTree>(SyntaxTree::parse(code, Grammar::JavaScript));
  CHECK(ParseMemory::current() == nullptr);
  {
    ParseMemory outer;
    CHECK(ParseMemory::current() == &outer);
    {
      ParseMemory inner;
      CHECK(ParseMemory::current() == &inner);
      // Made in `inner`, deleted in it: nothing to free node by node.
      SyntaxTree t = SyntaxTree::parse(code, Grammar::JavaScript);
      CHECK(extract(t, "a.js", {"DB"}).calls.size() == 1);
      outside.reset();  // malloc's, freed through the header (the sanitizers check it)
    }
    CHECK(ParseMemory::current() == &outer);
    SyntaxTree t = SyntaxTree::parse(code, Grammar::JavaScript);
    CHECK(extract(t, "a.js", {"DB"}).calls.size() == 1);
  }
  CHECK(ParseMemory::current() == nullptr);
}
