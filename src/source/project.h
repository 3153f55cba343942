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
};

// Which files are read: `main` and the relative imports it reaches (also
// outside root), and every .ts/.tsx/.js/.mjs/.cjs/.jsx/.mts/.cts file under
// root except in node_modules, build output (dist, build, out, .wrangler,
// .next, .svelte-kit, .output, coverage) and tests (test/, tests/,
// __tests__/, *.test.*, *.spec.*). Symbolic links are not followed.
// Imports are followed as `modules` maps them (relative, and tsconfig.json's
// `paths` and `baseUrl`); the second form reads the folder's tsconfig.json.
std::vector<std::string> source_files(const ProjectOptions& o, const ModuleMap& modules, Diagnostics& diags);
std::vector<std::string> source_files(const ProjectOptions& o, Diagnostics& diags);

Project read_project(const ProjectOptions& o, Diagnostics& diags);

// Facts across files: calls of the project's helpers that make binding calls
// (exposed for tests; read_project applies it, once the imports are resolved).
void link_helpers(Project& p);

// Sets Import::file and ReExport::file: which of the project's files each
// specifier names.
void resolve_imports(Project& p);

}  // namespace cfscale::source
