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

// The schema the migrations leave, applied in order as D1 applies them:
// CREATE TABLE, ALTER TABLE ... RENAME TO, DROP TABLE, CREATE and DROP
// INDEX. A table rebuilt the way Drizzle and Prisma do it (__new_t created
// and filled, t dropped, __new_t renamed to t, indexes created again) ends
// as t with those indexes; a dropped table is gone with its indexes.
struct D1Schema {
  std::string dir;                  // the folder that was read
  size_t files = 0;                 // .sql files read
  std::vector<std::string> tables;  // the tables at the end, in order of creation
  std::map<std::string, std::set<std::string>> indexes;  // table -> index names (CREATE INDEX; UNIQUE constraints as "UNIQUE")
  std::set<std::string> virtual_tables;  // CREATE VIRTUAL TABLE (FTS5 and the like): no indexes to add
  // Upper-cased table -> upper-cased columns an index covers: the primary
  // key, UNIQUE columns, and every column named in a CREATE INDEX (not only
  // the leading one: a query is taken to use an index whenever it filters on
  // any of them, so a miss is possible and a false alarm is not).
  std::map<std::string, std::set<std::string>> indexed_columns;

  // Tables without any index but their primary key: no CREATE INDEX and no
  // UNIQUE constraint (SQLite indexes those); virtual tables aside.
  std::vector<std::string> unindexed_tables() const;
  bool has_table(const std::string& name) const;
  bool is_virtual(const std::string& name) const;
  // Whether an index covers `column` of `table` (names in any case).
  bool indexed(const std::string& table, const std::string& column) const;
};

// What one query filters on, from its SQL text: the table of a single-table
// SELECT, UPDATE or DELETE and the columns its WHERE clause names. Nothing
// for joins, subqueries, several statements or SQL without a WHERE.
struct QueryFilter {
  std::string table;
  std::vector<std::string> columns;
};
std::optional<QueryFilter> query_filter(const std::string& sql);

// Reads `<config folder>/<migrations_dir>` (default "migrations"). nullopt when
// the folder does not exist or holds no .sql file.
// A folder or file that cannot be read is an error in `diags` (and nullopt),
// never an empty schema.
// With `pattern` (wrangler's migrations_pattern, a glob relative to the
// config such as "migrations/*/migration.sql"), the files it matches, in the
// order of their paths, as wrangler applies them.
std::optional<D1Schema> read_d1_schema(const std::string& config_file, const std::optional<std::string>& migrations_dir,
                                      Diagnostics& diags, const std::optional<std::string>& pattern = std::nullopt);

// Applies the statements of SQL text to `schema`, in order (exposed for tests).
void scan_sql(const std::string& sql, D1Schema& schema);

}  // namespace cfscale::config
