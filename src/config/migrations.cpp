#include "config/migrations.h"

#include "core/source.h"
#include <fmt/format.h>

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cfscale::config {
namespace {

namespace fs = std::filesystem;

// SQL without comments and string literals, upper-cased words kept as they
// are: enough to find CREATE TABLE / CREATE INDEX / DROP TABLE statements.
std::vector<std::string> tokens(const std::string& sql) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else if (c == '\'') {
      ++i;
      while (i < sql.size() && !(sql[i] == '\'' && (i + 1 >= sql.size() || sql[i + 1] != '\''))) i += sql[i] == '\'' ? 2 : 1;
      ++i;
    } else if (c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      size_t end = sql.find(close, i + 1);
      if (end == std::string::npos) end = sql.size();
      out.push_back(sql.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = i;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' || sql[i] == '.')) ++i;
      out.push_back(sql.substr(start, i - start));
    } else {
      if (c == ';' || c == '(' || c == ')' || c == ',') out.push_back(std::string(1, c));
      // Comparison operators mark what a WHERE clause compares.
      else if (c == '=' || c == '<' || c == '>' || c == '!') out.push_back("=");
      ++i;
    }
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string strip_schema(const std::string& name) {
  auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

namespace {

// SQLite names are case-insensitive: "Users" and "users" are one table.
bool same_name(const std::string& a, const std::string& b) { return upper(a) == upper(b); }

std::vector<std::string>::iterator find_table(D1Schema& s, const std::string& name) {
  return std::find_if(s.tables.begin(), s.tables.end(), [&](const std::string& t) { return same_name(t, name); });
}

std::map<std::string, std::set<std::string>>::iterator find_indexes(D1Schema& s, const std::string& table) {
  for (auto it = s.indexes.begin(); it != s.indexes.end(); ++it)
    if (same_name(it->first, table)) return it;
  return s.indexes.end();
}

// The columns of CREATE TABLE t (...) an index covers: the primary key and
// UNIQUE columns, whether declared on the column or as a table constraint.
// `raw` are the statement's tokens with its punctuation.
void table_keys(const std::vector<std::string>& raw, const std::string& table, D1Schema& s) {
  size_t open = std::find(raw.begin(), raw.end(), "(") - raw.begin();
  if (open >= raw.size()) return;
  auto& cols = s.indexed_columns[upper(table)];
  cols.insert("ROWID");
  std::vector<std::string> def;
  auto finish = [&] {
    if (def.empty()) return;
    std::string first = upper(def[0]);
    bool constraint = first == "PRIMARY" || first == "UNIQUE" || first == "CONSTRAINT" || first == "CHECK" || first == "FOREIGN";
    bool key = std::any_of(def.begin(), def.end(), [](const std::string& w) { auto u = upper(w); return u == "PRIMARY" || u == "UNIQUE"; });
    if (!constraint && key) cols.insert(first);
    if (constraint && key)  // [CONSTRAINT n] PRIMARY KEY (a, b), UNIQUE (a): its columns, up to ON CONFLICT
      for (size_t k = first == "CONSTRAINT" ? 2 : 1; k < def.size(); ++k) {
        auto u = upper(def[k]);
        if (u == "PRIMARY" || u == "KEY" || u == "UNIQUE" || u == "(" || u == ")") continue;
        if (u == "ON" || u == "REFERENCES") break;
        cols.insert(u);
      }
    def.clear();
  };
  int depth = 0;
  for (size_t k = open; k < raw.size(); ++k) {
    const std::string& w = raw[k];
    if (w == "(") { if (depth++ > 0) def.push_back(w); continue; }
    if (w == ")") { if (--depth == 0) break; def.push_back(w); continue; }
    if (w == "," && depth == 1) { finish(); continue; }
    def.push_back(w);
  }
  finish();
}

// One statement's tokens (without the ';'), applied to the schema.
void apply_statement(const std::vector<std::string>& raw, D1Schema& s) {
  std::vector<std::string> t;
  for (const auto& w : raw)
    if (w != "(" && w != ")" && w != "," && w != "=") t.push_back(w);
  auto word = [&](size_t i) { return i < t.size() ? upper(t[i]) : std::string(); };
  size_t i = 0;
  if (word(0) == "CREATE") {
    i = 1;
    bool is_virtual = false;
    while (word(i) == "TEMP" || word(i) == "TEMPORARY" || word(i) == "UNIQUE" || word(i) == "VIRTUAL") is_virtual |= word(i++) == "VIRTUAL";
    std::string what = word(i++);
    if (word(i) == "IF" && word(i + 1) == "NOT" && word(i + 2) == "EXISTS") i += 3;
    if (i >= t.size()) return;
    if (what == "TABLE") {
      std::string name = strip_schema(t[i]);
      if (find_table(s, name) != s.tables.end()) return;  // IF NOT EXISTS, or an error D1 would refuse
      s.tables.push_back(name);
      if (is_virtual) s.virtual_tables.insert(upper(name));
      table_keys(raw, name, s);
      // A UNIQUE column or table constraint is an index SQLite makes itself.
      for (size_t k = i + 1; k < t.size(); ++k)
        if (word(k) == "UNIQUE") {
          s.indexes[name].insert("UNIQUE");
          break;
        }
    } else if (what == "INDEX") {
      std::string index = strip_schema(t[i]);
      size_t on = i + 1;
      while (on < t.size() && word(on) != "ON") ++on;
      if (on + 1 >= t.size()) return;
      std::string table = strip_schema(t[on + 1]);
      auto it = find_indexes(s, table);
      if (it == s.indexes.end()) it = s.indexes.emplace(table, std::set<std::string>{}).first;
      it->second.insert(index);
      // Its columns: every name in the list after ON t, up to a partial index's WHERE.
      auto& cols = s.indexed_columns[upper(table)];
      for (size_t k = on + 2; k < t.size() && word(k) != "WHERE"; ++k) {
        std::string w = word(k);
        if (w == "COLLATE") ++k;  // and its collation's name
        else if (w != "ASC" && w != "DESC") cols.insert(strip_schema(w));
      }
    }
  } else if (word(0) == "DROP") {
    std::string what = word(1);
    i = 2;
    if (word(i) == "IF" && word(i + 1) == "EXISTS") i += 2;
    if (i >= t.size()) return;
    std::string name = strip_schema(t[i]);
    if (what == "TABLE") {
      // Its indexes go with it.
      if (auto it = find_table(s, name); it != s.tables.end()) s.tables.erase(it);
      if (auto it = find_indexes(s, name); it != s.indexes.end()) s.indexes.erase(it);
      s.virtual_tables.erase(upper(name));
      s.indexed_columns.erase(upper(name));
    } else if (what == "INDEX") {
      for (auto& [table, names] : s.indexes)
        for (auto n = names.begin(); n != names.end(); ++n)
          if (same_name(*n, name)) { names.erase(n); return; }
    }
  } else if (word(0) == "ALTER" && word(1) == "TABLE" && word(3) == "RENAME" && word(4) == "TO" && t.size() > 5) {
    // ALTER TABLE a RENAME TO b: the table keeps its place and its indexes.
    // (RENAME COLUMN x TO y and RENAME x TO y rename a column: word(4) is not TO.)
    std::string from = strip_schema(t[2]), to = strip_schema(t[5]);
    auto it = find_table(s, from);
    if (it == s.tables.end()) return;
    *it = to;
    if (s.virtual_tables.erase(upper(from))) s.virtual_tables.insert(upper(to));
    if (auto ix = find_indexes(s, from); ix != s.indexes.end()) {
      auto names = std::move(ix->second);
      s.indexes.erase(ix);
      s.indexes[to].insert(names.begin(), names.end());
    }
    if (auto ic = s.indexed_columns.find(upper(from)); ic != s.indexed_columns.end()) {
      auto cols = std::move(ic->second);
      s.indexed_columns.erase(ic);
      s.indexed_columns[upper(to)].insert(cols.begin(), cols.end());
    }
  } else if (word(0) == "ALTER" && word(1) == "TABLE" && word(3) == "RENAME" && t.size() > 5) {
    // RENAME [COLUMN] a TO b: an index on a now covers b.
    size_t k = word(4) == "COLUMN" ? 5 : 4;
    if (word(k + 1) == "TO" && k + 2 < t.size()) {
      auto& cols = s.indexed_columns[upper(strip_schema(t[2]))];
      if (cols.count(word(k))) cols.insert(word(k + 2));
    }
  }
}

}  // namespace

void scan_sql(const std::string& sql, D1Schema& schema) {
  std::vector<std::string> statement;
  for (auto& token : tokens(sql)) {
    if (token == ";") {
      apply_statement(statement, schema);
      statement.clear();
    } else {
      statement.push_back(std::move(token));
    }
  }
  apply_statement(statement, schema);
}

bool D1Schema::has_table(const std::string& name) const {
  return std::any_of(tables.begin(), tables.end(), [&](const std::string& t) { return same_name(t, name); });
}

bool D1Schema::is_virtual(const std::string& name) const { return virtual_tables.count(upper(name)) > 0; }

bool D1Schema::indexed(const std::string& table, const std::string& column) const {
  auto it = indexed_columns.find(upper(table));
  return it != indexed_columns.end() && it->second.count(upper(strip_schema(column))) > 0;
}

std::optional<QueryFilter> query_filter(const std::string& sql) {
  if (sql.find("${") != std::string::npos) return std::nullopt;  // built at run time
  auto t = tokens(sql);
  auto word = [&](size_t i) { return i < t.size() ? upper(t[i]) : std::string(); };
  if (std::count(t.begin(), t.end(), ";") > 1 || (std::count(t.begin(), t.end(), ";") == 1 && t.back() != ";")) return std::nullopt;
  size_t selects = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    std::string w = word(i);
    if (w == "SELECT") ++selects;
    if (w == "JOIN" || w == "UNION" || w == "WITH" || w == "INTERSECT" || w == "EXCEPT") return std::nullopt;
  }
  QueryFilter q;
  size_t at = 0;
  std::string first = word(0);
  if (first == "SELECT") {
    if (selects != 1) return std::nullopt;
    while (at < t.size() && word(at) != "FROM") ++at;
    ++at;
  } else if (first == "UPDATE") {
    at = 1;
    if (word(at) == "OR") at += 2;
  } else if (first == "DELETE" && word(1) == "FROM") {
    at = 2;
  } else {
    return std::nullopt;
  }
  if (at >= t.size()) return std::nullopt;
  q.table = strip_schema(t[at]);
  if (word(at + 1) == ",") return std::nullopt;  // FROM a, b: a join
  size_t where = at;
  while (where < t.size() && word(where) != "WHERE") ++where;
  if (where >= t.size()) return std::nullopt;
  // A column is a name right before a comparison, IN, LIKE, IS or BETWEEN.
  static const std::set<std::string> kAfter = {"=", "IN", "LIKE", "GLOB", "IS", "BETWEEN", "NOT"};
  for (size_t i = where + 1; i < t.size(); ++i) {
    std::string w = word(i);
    if (w == "ORDER" || w == "GROUP" || w == "LIMIT" || w == "RETURNING" || w == "HAVING") break;
    if (i + 1 < t.size() && kAfter.count(word(i + 1)) && (std::isalpha(static_cast<unsigned char>(t[i][0])) || t[i][0] == '_') &&
        w != "AND" && w != "OR" && w != "NOT")
      q.columns.push_back(strip_schema(t[i]));
  }
  if (q.columns.empty()) return std::nullopt;
  return q;
}

std::vector<std::string> D1Schema::unindexed_tables() const {
  std::vector<std::string> out;
  for (const auto& t : tables) {
    if (t.rfind("_cf_", 0) == 0 || t == "d1_migrations" || t.rfind("sqlite_", 0) == 0 || virtual_tables.count(upper(t))) continue;
    auto it = std::find_if(indexes.begin(), indexes.end(), [&](const auto& kv) { return same_name(kv.first, t); });
    if (it == indexes.end() || it->second.empty()) out.push_back(t);
  }
  return out;
}

namespace {

// The files under `root` matching the glob `pattern` one path segment at a
// time (fnmatch per segment: "*" never crosses a "/"), or an error.
bool glob_files(const fs::path& root, const std::vector<std::string>& segments, size_t i, std::vector<fs::path>& out,
                std::error_code& ec) {
  if (i == segments.size()) {
    if (fs::is_regular_file(root, ec) || fs::is_other(root, ec)) out.push_back(root);
    return true;
  }
  const std::string& seg = segments[i];
  if (seg.find_first_of("*?[") == std::string::npos) {
    fs::path next = root / seg;
    if (fs::exists(next, ec)) return glob_files(next, segments, i + 1, out, ec);
    return true;
  }
  if (!fs::is_directory(root, ec)) return true;
  fs::directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (::fnmatch(seg.c_str(), name.c_str(), FNM_PERIOD) == 0 && !glob_files(it->path(), segments, i + 1, out, ec)) return false;
  }
  return !ec;
}

}  // namespace

std::optional<D1Schema> read_d1_schema(const std::string& config_file, const std::optional<std::string>& migrations_dir,
                                      Diagnostics& diags, const std::optional<std::string>& pattern) {
  fs::path base = fs::path(config_file).parent_path();
  fs::path dir = base / migrations_dir.value_or("migrations");
  std::error_code ec;
  std::vector<fs::path> files;
  if (pattern) {
    std::vector<std::string> segments;
    std::stringstream parts(*pattern);
    for (std::string seg; std::getline(parts, seg, '/');)
      if (!seg.empty() && seg != ".") segments.push_back(seg);
    if (!glob_files(base.empty() ? fs::path(".") : base, segments, 0, files, ec)) {
      diags.error(Location{config_file, {}}, "io", fmt::format("cannot read the D1 migrations matching {}: {}", *pattern, ec.message()));
      return std::nullopt;
    }
  } else {
    if (!fs::exists(dir, ec)) return std::nullopt;  // no migrations: nothing to read
    if (!fs::is_directory(dir, ec)) {
      diags.error(Location{dir.string(), {}}, "io", "the D1 migrations folder is not a folder");
      return std::nullopt;
    }
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".sql") files.push_back(it->path());
    if (ec) {
      // An unreadable folder is not "no migrations": that would report tables without indexes that have them.
      diags.error(Location{dir.string(), {}}, "io", fmt::format("cannot read the D1 migrations folder: {}", ec.message()));
      return std::nullopt;
    }
  }
  if (files.empty()) return std::nullopt;
  std::sort(files.begin(), files.end());  // wrangler applies them in name order
  D1Schema schema;
  schema.dir = (pattern ? base / *pattern : dir).lexically_normal().string();
  size_t errors = diags.error_count();
  for (const auto& f : files) {
    // Through the same checks as every input: a regular file, readable, under 16 MiB.
    auto doc = read_document(f.string(), diags);
    if (!doc) continue;
    scan_sql(doc->text, schema);
    ++schema.files;
  }
  if (diags.error_count() > errors) return std::nullopt;
  return schema;
}

}  // namespace cfscale::config
