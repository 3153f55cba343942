// How an import names a file: a relative specifier from the importing file's
// folder (`./db`, `../lib/db.js`), or an alias of tsconfig.json's (or
// jsconfig.json's) `compilerOptions.paths` (`@/db` for `"@/*": ["./src/*"]`)
// and `baseUrl`. A package (`hono`) is no file of the project.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace cfscale::source {

// One `paths` entry: a pattern with at most one `*`, and the places it maps
// to, each relative to `base`.
struct PathAlias {
  std::string pattern;
  std::vector<std::string> targets;
};

struct ModuleMap {
  std::string tsconfig;            // the file the aliases came from ("" when none)
  std::string base_url;            // compilerOptions.baseUrl, as a folder from here ("" when unset)
  std::string paths_base;          // the folder `paths` targets are relative to
  std::vector<PathAlias> aliases;  // in the order written
};

// The tsconfig.json (else jsconfig.json) of the folder `root`, or of the
// nearest folder above it that has one (not past a repository's root, a folder
// with .git), with what it `extends` by relative path. A file that cannot be
// read or does not parse is a warning with its position and no aliases: the
// imports through them are then not followed, and the files are still read
// as project files.
ModuleMap read_module_map(const std::string& root, Diagnostics& diags);

// The file `spec`, imported from the file `from`, names: a path as from here,
// lexically normal, or nullopt for a package or a file that does not exist.
std::optional<std::string> resolve_import(const ModuleMap& m, const std::string& from, const std::string& spec);

// The specifiers a file imports, found without a parse (`from "x"`,
// `import("x")`, `require("x")`, `import "x"`), and any relative path in
// quotes. A miss only means a file is read as a project file rather than as
// an import.
std::vector<std::string> import_specifiers(std::string_view text);

}  // namespace cfscale::source
