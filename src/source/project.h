// The Worker's own code, read for facts: which files (the config's `main`,
// what it imports, and the project's other source files), each parsed with
// its grammar and read by facts.h. Files that do not parse, cannot be read or
// are skipped are warnings naming them, never silent and never fatal.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "source/facts.h"
#include "source/modules.h"

namespace cfscale::source {

struct Project {
  std::string root;              // the folder read (the config's, or --source)
  std::vector<FileFacts> files;  // in path order
  size_t lines = 0;
  ModuleMap modules;             // tsconfig.json's aliases, for the imports
};

struct ProjectOptions {
  std::string root;                   // the folder to read
  std::string main;                   // the config's main, as a path from here ("" when none)
  std::set<std::string> bindings;     // the names the config binds
  unsigned jobs = 0;                  // threads (0: one per core)
  // Folders under root that are not the Worker's code (the config's
  // assets.directory: browser scripts), as paths from here. What main
  // imports from one is still read.
  std::vector<std::string> skip;
};

// Which files are read: `main` and the relative imports it reaches (also
// outside root), and every .ts/.tsx/.js/.mjs/.cjs/.jsx/.mts/.cts file under
// root except in node_modules, build output (dist, build, out, .wrangler,
// .next, .svelte-kit, .output, coverage) and tests (test/, tests/,
// __tests__/, *.test.*, *.spec.*), and the folders in `skip`. Symbolic
// links are not followed.
// Imports are followed as `modules` maps them (relative, and tsconfig.json's
// `paths` and `baseUrl`); the second form reads the folder's tsconfig.json.
std::vector<std::string> source_files(const ProjectOptions& o, const ModuleMap& modules, Diagnostics& diags);
std::vector<std::string> source_files(const ProjectOptions& o, Diagnostics& diags);

// Every source file's facts (in parallel), then the facts across files:
// imports resolved to files, bindings handed down through helpers'
// parameters, SQL constants imported, calls followed into the helpers they
// reach, KV read-modify-writes spread over two helpers, D1 sessions.
Project read_project(const ProjectOptions& o, Diagnostics& diags);

}  // namespace cfscale::source
