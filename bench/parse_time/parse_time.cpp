// Not a test: how long tree-sitter's parse alone takes on the files advise
// reads, against the fact extraction on top of it (docs/performance.md). One
// thread, best of N runs of each phase.
//
//   cfscale_parse_time DIR [RUNS] [BINDING...]
//   cfscale_parse_time --list DIR      (the files, one per line)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "source/facts.h"
#include "source/parse_memory.h"
#include "source/project.h"
#include "source/syntax.h"

using namespace cfscale;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [RUNS] [BINDING...]\n", argv[0]);
    return 2;
  }
  source::ProjectOptions o;
  bool list = std::string_view(argv[1]) == "--list";
  if (list && argc < 3) return 2;
  o.root = argv[list ? 2 : 1];
  int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  for (int i = 3; i < argc; ++i) o.bindings.insert(argv[i]);
  Diagnostics diags;
  std::vector<std::pair<std::string, source::Grammar>> files;
  for (const auto& path : source::source_files(o, diags))
    if (auto g = source::grammar_for(path)) files.push_back({path, *g});
  if (list) {
    for (const auto& f : files) std::printf("%s\n", f.first.c_str());
    return 0;
  }
  std::vector<std::string> texts;
  size_t lines = 0;
  for (const auto& [path, g] : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
    lines += static_cast<size_t>(std::count(texts.back().begin(), texts.back().end(), '\n'));
  }
  double parse_best = 1e18, extract_best = 1e18;
  for (int r = 0; r < runs; ++r) {
    double parse = 0, extract = 0;
    for (size_t i = 0; i < files.size(); ++i) {
      // As advise reads a file: tree-sitter's memory given back whole after it.
      source::ParseMemory memory;
      auto t0 = Clock::now();
      auto tree = source::SyntaxTree::parse(texts[i], files[i].second);
      auto t1 = Clock::now();
      auto facts = source::extract(tree, files[i].first, o.bindings);
      auto t2 = Clock::now();
      parse += std::chrono::duration<double>(t1 - t0).count();
      extract += std::chrono::duration<double>(t2 - t1).count();
    }
    parse_best = std::min(parse_best, parse);
    extract_best = std::min(extract_best, extract);
  }
  // files lines parse_s extract_s
  std::printf("%zu %zu %.6f %.6f\n", files.size(), lines, parse_best, extract_best);
  return 0;
}
