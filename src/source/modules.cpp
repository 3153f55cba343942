#include "source/modules.h"

#include <cctype>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/jsonc.h"
#include "core/source.h"
#include "source/syntax.h"

namespace cfscale::source {
namespace fs = std::filesystem;
namespace {

// A config larger than this is not a tsconfig.
constexpr size_t kMaxTsconfigBytes = 1u << 20;
// `extends` chains deeper than this are a loop or a mistake.
constexpr int kMaxExtends = 8;

bool regular_source(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec)) && grammar_for(p.string());
}

// The file a path without its extension names, as TypeScript and bundlers
// look for it: x.ts, x.tsx, x.js..., x itself, ./x.js written for x.ts
// (TypeScript's ESM style), x/index.*.
std::optional<fs::path> file_at(const fs::path& where) {
  fs::path base = where.lexically_normal();
  for (auto ext : {".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx", ".cjs"}) {
    fs::path p = base;
    p += ext;
    if (regular_source(p)) return p;
  }
  if (regular_source(base)) return base;
  std::string stem = base.string();
  for (auto [from, to] : {std::pair{".js", ".ts"}, {".js", ".tsx"}, {".mjs", ".mts"}})
    if (stem.size() > std::string_view(from).size() && stem.ends_with(from)) {
      fs::path p = stem.substr(0, stem.size() - std::string_view(from).size()) + to;
      if (regular_source(p)) return p;
    }
  for (auto ext : {".ts", ".tsx", ".js", ".mjs"}) {
    fs::path p = base / (std::string("index") + ext);
    if (regular_source(p)) return p;
  }
  return std::nullopt;
}

bool relative(std::string_view spec) { return spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".."; }

// Reads one config of the chain into `m`, its parents first so that the
// child's options override theirs, as TypeScript merges them.
void read_config(const fs::path& file, ModuleMap& m, Diagnostics& diags, std::set<fs::path>& seen, int depth) {
  if (depth > kMaxExtends || !seen.insert(file).second) return;
  Diagnostics d;
  auto doc = read_document(file.string(), d, kMaxTsconfigBytes);
  if (doc && !parse_jsonc(*doc, d)) doc.reset();
  if (!doc) {
    for (const auto& x : d)
      if (x.level == DiagLevel::Error)
        diags.warning(x.location, "source-tsconfig", x.message + "; its `paths` aliases are not followed (the files are still analysed)");
    return;
  }
  fs::path dir = file.parent_path();
  const Node& root = doc->root;
  if (!root.is_object()) return;
  if (const Node* ext = root.get("extends")) {
    std::vector<const Node*> parents;
    if (ext->is_string()) parents.push_back(ext);
    for (const auto& item : ext->items) parents.push_back(&item);
    for (const Node* parent : parents) {
      // A package's shared base (`@tsconfig/node20`) cannot know this
      // project's folders, so it holds no aliases worth reading.
      if (!parent->is_string() || !(relative(parent->text) || fs::path(parent->text).is_absolute())) continue;
      fs::path p = (dir / parent->text).lexically_normal();
      std::error_code ec;
      if (!fs::is_regular_file(p, ec) && p.extension() != ".json") p += ".json";
      read_config(p, m, diags, seen, depth + 1);
    }
  }
  const Node* options = root.get("compilerOptions");
  if (!options || !options->is_object()) return;
  m.tsconfig = file.string();
  if (const Node* base = options->get("baseUrl"); base && base->is_string()) m.base_url = (dir / base->text).lexically_normal().string();
  if (const Node* paths = options->get("paths"); paths && paths->is_object()) {
    m.aliases.clear();
    m.paths_base = dir.lexically_normal().string();
    for (const auto& member : paths->members) {
      PathAlias a{member.key, {}};
      for (const auto& t : member.value.items)
        if (t.is_string()) a.targets.push_back(t.text);
      m.aliases.push_back(std::move(a));
    }
  }
}

}  // namespace

ModuleMap read_module_map(const std::string& root, Diagnostics& diags) {
  ModuleMap m;
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(root.empty() ? "." : root), ec).lexically_normal();
  fs::path shown = fs::path(root.empty() ? "." : root);
  // Climb from the folder read: a Worker in a monorepo often has none of its own.
  for (int up = 0; up < 16; ++up) {
    for (auto name : {"tsconfig.json", "jsconfig.json"}) {
      fs::path candidate = shown / name;
      if (fs::is_regular_file(candidate, ec)) {
        std::set<fs::path> seen;
        read_config(candidate.lexically_normal(), m, diags, seen, 0);
        // A baseUrl inherited without paths still maps bare specifiers.
        if (m.paths_base.empty()) m.paths_base = m.base_url;
        return m;
      }
    }
    if (fs::exists(dir / ".git", ec) || !dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
    shown /= "..";
  }
  return m;
}

std::optional<std::string> resolve_import(const ModuleMap& m, const std::string& from, const std::string& spec) {
  if (spec.empty()) return std::nullopt;
  if (relative(spec)) {
    auto p = file_at(fs::path(from).parent_path() / spec);
    return p ? std::optional<std::string>(p->string()) : std::nullopt;
  }
  // TypeScript's choice: an exact pattern, else the wildcard with the
  // longest prefix; its targets are tried in order.
  const PathAlias* best = nullptr;
  std::string star;
  size_t best_prefix = 0;
  for (const auto& a : m.aliases) {
    auto at = a.pattern.find('*');
    if (at == std::string::npos) {
      if (a.pattern == spec) {
        best = &a;
        star.clear();
        break;
      }
      continue;
    }
    std::string_view prefix = std::string_view(a.pattern).substr(0, at), suffix = std::string_view(a.pattern).substr(at + 1);
    if (spec.size() < prefix.size() + suffix.size() || !spec.starts_with(prefix) || !spec.ends_with(suffix)) continue;
    if (best && prefix.size() <= best_prefix) continue;
    best = &a;
    best_prefix = prefix.size();
    star = spec.substr(prefix.size(), spec.size() - prefix.size() - suffix.size());
  }
  if (best)
    for (const auto& target : best->targets) {
      std::string t = target;
      if (auto at = t.find('*'); at != std::string::npos) t.replace(at, 1, star);
      if (auto p = file_at(fs::path(m.paths_base) / t)) return p->string();
    }
  if (!m.base_url.empty())
    if (auto p = file_at(fs::path(m.base_url) / spec)) return p->string();
  return std::nullopt;
}

std::vector<std::string> import_specifiers(std::string_view text) {
  std::vector<std::string> out;
  auto quoted_at = [&](size_t i) -> std::optional<std::string> {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' || text[i] == '(')) ++i;
    if (i >= text.size()) return std::nullopt;
    char q = text[i];
    if (q != '"' && q != '\'' && q != '`') return std::nullopt;
    size_t end = text.find(q, i + 1);
    if (end == std::string_view::npos || end - i > 300) return std::nullopt;
    return std::string(text.substr(i + 1, end - i - 1));
  };
  auto word_start = [&](size_t i) { return i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_' || text[i - 1] == '$' || text[i - 1] == '.'); };
  for (std::string_view kw : {std::string_view("from"), std::string_view("import"), std::string_view("require")})
    for (size_t i = 0; (i = text.find(kw, i)) != std::string_view::npos; i += kw.size())
      if (word_start(i))
        if (auto s = quoted_at(i + kw.size()); s && !relative(*s)) out.push_back(std::move(*s));
  // Relative paths in any quotes (a `new URL("./x", ...)` too).
  for (size_t i = 0; (i = text.find("./", i)) != std::string_view::npos; i += 2) {
    size_t start = i;
    while (start > 0 && text[start - 1] == '.') --start;  // "../"
    if (start == 0) continue;
    char q = text[start - 1];
    if (q != '"' && q != '\'' && q != '`') continue;
    size_t end = text.find(q, i);
    if (end == std::string_view::npos || end - start > 300) continue;
    out.emplace_back(text.substr(start, end - start));
  }
  return out;
}

}  // namespace cfscale::source
