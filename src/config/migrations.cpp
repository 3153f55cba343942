#include "config/migrations.h"

#include "core/source.h"
#include <fmt/format.h>

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
      if (c == ';' || c == '(') out.push_back(std::string(1, c));
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

void scan_sql(const std::string& sql, D1Schema& schema) {
  auto t = tokens(sql);
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    std::string a = upper(t[i]);
    if (a == "CREATE") {
      size_t j = i + 1;
      while (j < t.size() && (upper(t[j]) == "TEMP" || upper(t[j]) == "TEMPORARY" || upper(t[j]) == "UNIQUE" ||
                              upper(t[j]) == "VIRTUAL"))
        ++j;
      if (j >= t.size()) break;
      std::string what = upper(t[j]);
      size_t k = j + 1;
      if (k + 2 < t.size() && upper(t[k]) == "IF" && upper(t[k + 1]) == "NOT" && upper(t[k + 2]) == "EXISTS") k += 3;
      if (k >= t.size()) break;
      if (what == "TABLE") {
        std::string name = strip_schema(t[k]);
        if (std::find(schema.tables.begin(), schema.tables.end(), name) == schema.tables.end())
          schema.tables.push_back(name);
        schema.dropped.erase(name);
      } else if (what == "INDEX") {
        std::string index = t[k];
        size_t on = k + 1;
        while (on < t.size() && upper(t[on]) != "ON" && t[on] != ";") ++on;
        if (on + 1 < t.size() && upper(t[on]) == "ON") schema.indexes[strip_schema(t[on + 1])].insert(index);
      }
    } else if (a == "DROP" && upper(t[i + 1]) == "TABLE") {
      size_t k = i + 2;
      if (k + 1 < t.size() && upper(t[k]) == "IF" && upper(t[k + 1]) == "EXISTS") k += 2;
      if (k < t.size()) schema.dropped.insert(strip_schema(t[k]));
    }
  }
}

std::vector<std::string> D1Schema::unindexed_tables() const {
  std::vector<std::string> out;
  for (const auto& t : tables) {
    if (dropped.count(t) || t.rfind("_cf_", 0) == 0 || t == "d1_migrations" || t.rfind("sqlite_", 0) == 0) continue;
    auto it = indexes.find(t);
    if (it == indexes.end() || it->second.empty()) out.push_back(t);
  }
  return out;
}

std::optional<D1Schema> read_d1_schema(const std::string& config_file, const std::optional<std::string>& migrations_dir,
                                      Diagnostics& diags) {
  fs::path dir = fs::path(config_file).parent_path() / migrations_dir.value_or("migrations");
  std::error_code ec;
  if (!fs::exists(dir, ec)) return std::nullopt;  // no migrations: nothing to read
  if (!fs::is_directory(dir, ec)) {
    diags.error(Location{dir.string(), {}}, "io", "the D1 migrations folder is not a folder");
    return std::nullopt;
  }
  std::vector<fs::path> files;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".sql") files.push_back(it->path());
  if (ec) {
    // An unreadable folder is not "no migrations": that would report tables without indexes that have them.
    diags.error(Location{dir.string(), {}}, "io", fmt::format("cannot read the D1 migrations folder: {}", ec.message()));
    return std::nullopt;
  }
  if (files.empty()) return std::nullopt;
  std::sort(files.begin(), files.end());  // wrangler applies them in name order
  D1Schema schema;
  schema.dir = dir.lexically_normal().string();
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
