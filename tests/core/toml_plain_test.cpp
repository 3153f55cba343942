// The plain TOML reader against toml++: on every TOML file of the corpus and
// the project, and on inline cases, whenever the plain reader accepts a file
// both trees must be the same, positions included; whatever toml++ rejects
// the plain reader must leave to it.
#include "core/toml_plain.h"

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "../../fuzz/targets.h"
#include "support.h"

using namespace cfscale;
namespace fuzz = cfscale::fuzz;
namespace fs = std::filesystem;

namespace {

// "plain" when the plain reader took it, "tomlpp" when it left it to toml++;
// a failed CHECK when the two disagree.
std::string compare(const std::string& name, const std::string& text) {
  CAPTURE(name);
  auto r = fuzz::plain_toml(text);
  CHECK_MESSAGE(r.difference.empty(), r.difference);
  return r.taken ? "plain" : "tomlpp";
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("toml plain: agrees with toml++ on every TOML file of the corpus and the project") {
  size_t plain = 0, total = 0;
  std::vector<fs::path> roots = {test::shared_dir() / "corpus", fs::path(CFSCALE_SOURCE_DIR) / "examples",
                                 fs::path(CFSCALE_SOURCE_DIR) / "tests", fs::path(CFSCALE_SOURCE_DIR) / "fuzz" / "corpus"};
  for (const auto& root : roots)
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      std::error_code ec;
      if (!e.is_regular_file(ec) || e.path().extension() != ".toml") continue;
      ++total;
      if (compare(e.path().string(), read(e.path())) == "plain") ++plain;
    }
  MESSAGE(plain << " of " << total << " TOML files read by the plain reader");
  CHECK(total > 100);
  CHECK(plain * 10 > total * 8);  // the fast path is the common path
}

TEST_CASE("toml plain: inline cases, valid and invalid") {
  const char* cases[] = {
      // in the subset
      "name = \"w\"\nmain = 'src/index.ts'\ncompatibility_flags = [\"a\", \"b\",]\n",
      "a.b.c = 1\na.b.d = -2\na.e = 3.5e2\n[x]\ny = { z = true, w = [1, 2, { q = \"r\" }] }\n",
      "[env.staging]\nvars = { A = \"1\" }\n[env.production]\nroute = \"x\"\n[[env.production.kv_namespaces]]\nbinding = 'K'\n",
      "[[queues.consumers]]\nqueue = \"q\"\n[queues.consumers.dlq]\nx = 1\n[[queues.consumers]]\nqueue = \"r\"\n",
      "# comment\r\nkey = \"v\" # trailing\r\n\r\n\"quoted key\" = 1\n'lit key' = 2\n",
      "s = \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\U0001F600\"\nn = 1_000_000\nf = -0.5\ng = 1e-3\nz = 0\nt = +7\n",
      "a = [\n  1, # one\n  2,\n]\nempty = []\nnone = {}\n",
      "ünï = 1\n\"ünï\" = 2\n",
      "x = \"é\" # ü\ny = 'ü'\n",
      "[a.\"b.c\".d]\ne = 1\n",
      "[ spaced . header ]\nk = 1\n",
      // outside the subset (toml++ decides): valid
      "s = \"\"\"\nmulti\nline\"\"\"\n",
      "s = '''lit\nmulti'''\n",
      "d = 1979-05-27T07:32:00Z\nt = 07:32:00\n",
      "h = 0xff\no = 0o7\nb = 0b1\n",
      "i = inf\nn = nan\n",
      "[a.b]\nx = 1\n[a]\ny = 2\n",
      "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n",
      "t = { a.b = 1 }\n",
      // invalid: toml++ reports them
      "a = 1\na = 2\n",
      "[t]\n[t]\n",
      "a = { b = 1, }\n",
      "a = \"unterminated\n",
      "a = 01\n",
      "a = 1__0\n",
      "a = _1\n",
      "a = 9223372036854775808\n",
      "a = \"\\x41\"\n",
      "a = \"\\uD800\"\n",
      "a = [1 2]\n",
      "a = 1 b = 2\n",
      "= 1\n",
      "a.b = 1\na = 2\n",
      "a = 1\na.b = 2\n",
      "x = { y = 1 }\n[x.z]\n",
      "[[a]]\n[a]\n",
      "a = [1]\n[[a]]\n",
      "a = 1.\n",
      "a = .5\n",
      "a = 1e\n",
      "a = +\n",
      "a = tru\n",
      "a = \"x\" junk\n",
      "[a\n",
      "[[a]\n",
      "a = {\n}\n",
      "bad key = 1\n",
      "a = 1\r2\n",
  };
  size_t n = 0;
  for (const char* text : cases) {
    CAPTURE(text);
    compare("case-" + std::to_string(n++) + ".toml", text);
  }
}
