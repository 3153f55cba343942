// What the D1 migrations of a database declare: its tables and indexes, read
// from the .sql files in its migrations_dir (wrangler's default: migrations).
#pragma once

#include "core/diagnostic.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cfscale::config {

struct D1Schema {
  std::string dir;                  // the folder that was read
  size_t files = 0;                 // .sql files read
  std::vector<std::string> tables;  // in order of creation
  std::map<std::string, std::set<std::string>> indexes;  // table -> index names (CREATE INDEX)
  std::set<std::string> dropped;    // tables dropped later

  // Tables with no CREATE INDEX on them (their primary key aside).
  std::vector<std::string> unindexed_tables() const;
};

// Reads `<config folder>/<migrations_dir>` (default "migrations"). nullopt when
// the folder does not exist or holds no .sql file.
// A folder or file that cannot be read is an error in `diags` (and nullopt),
// never an empty schema.
std::optional<D1Schema> read_d1_schema(const std::string& config_file, const std::optional<std::string>& migrations_dir,
                                      Diagnostics& diags);

// Parses SQL text into `schema` (exposed for tests).
void scan_sql(const std::string& sql, D1Schema& schema);

}  // namespace cfscale::config
