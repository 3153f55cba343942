#include "source/project.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/source.h"
#include "core/threads.h"

namespace cfscale::source {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSkippedDirs[] = {"node_modules", ".git", "dist", "build", "out", ".wrangler", ".next",
                                        ".svelte-kit", ".output", "coverage", "test", "tests", "__tests__"};
// More is not a Worker: a folder with this many source files is probably not
// the project's own (a vendored monorepo) and is reported, not read to the end.
constexpr size_t kMaxFiles = 20000;
// Source files are read whole; generated bundles beyond this are not the code to advise on.
constexpr size_t kMaxSourceBytes = 4u << 20;

bool skipped_dir(const fs::path& p) {
  std::string name = p.filename().string();
  return std::find(std::begin(kSkippedDirs), std::end(kSkippedDirs), name) != std::end(kSkippedDirs);
}

// A folder with its own wrangler config is another Worker: its code is its own.
bool other_worker(const fs::path& dir) {
  std::error_code ec;
  for (auto name : {"wrangler.toml", "wrangler.json", "wrangler.jsonc"})
    if (fs::exists(dir / name, ec)) return true;
  return false;
}

bool test_file(const std::string& name) { return name.find(".test.") != std::string::npos || name.find(".spec.") != std::string::npos; }

// The relative imports of a file, found without a parse: `from "./x"`,
// `import("./x")`, `require("./x")`. A miss only means a file is read as a
// project file rather than as an import.
std::vector<std::string> relative_imports(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; (i = text.find("./", i)) != std::string::npos; i += 2) {
    size_t start = i;
    while (start > 0 && text[start - 1] == '.') --start;  // "../"
    if (start == 0) continue;
    char q = text[start - 1];
    if (q != '"' && q != '\'' && q != '`') continue;
    size_t end = text.find(q, i);
    if (end == std::string::npos || end - start > 300) continue;
    out.push_back(text.substr(start, end - start));
  }
  return out;
}

// "./x" from dir: x.ts, x.tsx, x.js..., x/index.ts..., or x itself (./x.js
// written for x.ts in TypeScript's ESM style).
std::optional<fs::path> resolve(const fs::path& dir, const std::string& spec) {
  fs::path base = (dir / spec).lexically_normal();
  std::error_code ec;
  auto regular = [&](const fs::path& p) { return fs::is_regular_file(fs::symlink_status(p, ec)) && grammar_for(p.string()); };
  for (auto ext : {".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx", ".cjs"}) {
    fs::path p = base;
    p += ext;
    if (regular(p)) return p;
  }
  if (regular(base)) return base;
  std::string stem = base.string();
  for (auto [from, to] : {std::pair{".js", ".ts"}, {".js", ".tsx"}, {".mjs", ".mts"}})
    if (stem.size() > std::string_view(from).size() && stem.ends_with(from)) {
      fs::path p = stem.substr(0, stem.size() - std::string_view(from).size()) + to;
      if (regular(p)) return p;
    }
  for (auto ext : {".ts", ".tsx", ".js", ".mjs"}) {
    fs::path p = base / (std::string("index") + ext);
    if (regular(p)) return p;
  }
  return std::nullopt;
}

// As the user would name it from here: the folder as given, then the file
// (so that reports point at it the way they point at the config).
std::string shown(const fs::path& p) { return p.lexically_normal().string(); }

bool is_query(const BindingCall& c) {
  const std::string& last = c.methods.back();
  return c.methods.front() == "prepare" && (last == "first" || last == "all" || last == "run" || last == "raw");
}

// A write that a transaction cannot take back: a KV or R2 put or delete, a
// queue send. (D1's writes are followed as queries.)
bool is_write(const BindingCall& c) {
  const std::string& m = c.methods.front();
  return m == "put" || m == "delete" || m == "send" || m == "sendBatch";
}

}  // namespace

namespace {

// The project's functions by name, for following calls into helpers. Only a
// name declared once is followed: imports are not resolved, so a name
// declared twice could be either.
class HelperIndex {
 public:
  explicit HelperIndex(const Project& p) {
    for (size_t i = 0; i < p.files.size(); ++i)
      for (const auto& d : p.files[i].functions) defs_[d.name].push_back({i, &d});
  }
  // The file index and the definition of `name`, when the project declares it once.
  std::optional<std::pair<size_t, const FunctionDef*>> unique(const std::string& name) const {
    auto it = defs_.find(name);
    if (it == defs_.end() || it->second.size() != 1) return std::nullopt;
    return it->second.front();
  }

 private:
  std::map<std::string, std::vector<std::pair<size_t, const FunctionDef*>>> defs_;
};

}  // namespace

// An async helper the caller drops is a dropped binding call (its first one
// stands for it). A helper that awaits a D1 query, awaited in a loop of
// another function, is a query in that loop: the call in the loop becomes a binding call of the
// helper's query, pointing at the helper's query as `via_at`. Only helpers
// whose name the project declares once are followed (imports are not
// resolved, so a name declared twice could be either).
void link_helpers(Project& p) {
  const HelperIndex defs(p);
  std::vector<std::pair<size_t, BindingCall>> found;
  auto link = [&](size_t i, const LocalCall& lc, const FileFacts& helper, const BindingCall& q, Use use) {
    BindingCall c = q;
    c.pos = lc.pos;
    c.call_pos = lc.pos;
    c.use = use;
    c.loop = lc.loop;
    c.function = lc.function;
    c.function_start = lc.function_start;
    c.line = lc.line;
    c.via = lc.callee;
    c.via_at = Location{helper.path, q.call_pos};
    c.message_loop = lc.message_loop;
    c.message_caught = lc.message_caught;
    c.message_acked = lc.message_acked;
    // What the helper's call does inside the helper is reported there, once.
    c.read_modify_write = false;
    c.read_at.reset();
    c.consumes_listed = false;
    c.body_read.clear();
    c.fan_out.reset();
    found.push_back({i, std::move(c)});
  };
  for (size_t i = 0; i < p.files.size(); ++i)
    for (const auto& lc : p.files[i].local_calls) {
      // An async helper whose promise the caller drops: its binding calls
      // may not finish (a floating promise one call away).
      if (lc.use == Use::Dropped) {
        auto found_def = defs.unique(lc.callee);
        if (!found_def || !found_def->second->is_async) continue;
        const auto& [file, def] = *found_def;
        const FileFacts& helper = p.files[file];
        for (const auto& q : helper.calls)
          if (q.function_start == def->start && q.via.empty() && q.api.empty() && q.use != Use::Dropped) {
            link(i, lc, helper, q, Use::Dropped);
            break;
          }
        continue;
      }
      // A helper mapped into Promise.all: its binding call runs once per item.
      if (lc.fan_out) {
        auto found_def = defs.unique(lc.callee);
        if (!found_def) continue;
        const auto& [file, def] = *found_def;
        const FileFacts& helper = p.files[file];
        for (const auto& q : helper.calls)
          if (q.function_start == def->start && q.via.empty() && q.api.empty()) {
            link(i, lc, helper, q, lc.use);
            found.back().second.fan_out = lc.fan_out;
            break;
          }
        continue;
      }
      // A helper awaited once per message of a queue batch: its first write
      // is made once per message (queue-per-message-ack).
      if (lc.message_loop && lc.use == Use::Awaited && !lc.message_caught && !lc.message_acked) {
        if (auto found_def = defs.unique(lc.callee)) {
          const auto& [file, def] = *found_def;
          const FileFacts& helper = p.files[file];
          for (const auto& q : helper.calls)
            if (q.function_start == def->start && q.via.empty() && q.api.empty() && q.use == Use::Awaited && is_write(q)) {
              link(i, lc, helper, q, Use::Awaited);
              break;
            }
        }
      }
      if (!lc.loop || lc.use != Use::Awaited) continue;
      auto found_def = defs.unique(lc.callee);
      if (!found_def) continue;
      const auto& [file, def] = *found_def;
      if (file == i && def->start == lc.function_start) continue;  // recursion
      const FileFacts& helper = p.files[file];
      for (const auto& q : helper.calls) {
        if (q.function_start != def->start || q.use != Use::Awaited || !q.api.empty() || !is_query(q) || !q.via.empty()) continue;
        link(i, lc, helper, q, Use::Awaited);
        break;  // one query of the helper is enough to say it
      }
    }
  for (auto& [i, c] : found) p.files[i].calls.push_back(std::move(c));
}

// `load(env.DB, id)` calls `function load(db, id)`: the calls on `db` in
// load are calls on DB. Only helpers declared once by name are followed, and
// only a parameter every caller that passes a binding passes the same one.
void resolve_params(Project& p) {
  const HelperIndex defs(p);
  std::map<std::tuple<size_t, uint64_t, int>, std::set<std::string>> passed;  // (file, function, index) -> bindings
  for (const auto& f : p.files)
    for (const auto& lc : f.local_calls) {
      auto found_def = defs.unique(lc.callee);
      if (!found_def) continue;
      const auto& [file, def] = *found_def;
      for (size_t k = 0; k < lc.arg_bindings.size() && k < def->params.size(); ++k)
        if (!lc.arg_bindings[k].empty()) passed[{file, def->start, static_cast<int>(k)}].insert(lc.arg_bindings[k]);
    }
  for (size_t i = 0; i < p.files.size(); ++i) {
    auto& f = p.files[i];
    for (auto& c : f.param_calls) {
      auto it = passed.find({i, c.param_of, c.param_index});
      if (it == passed.end() || it->second.size() != 1) continue;
      c.binding = *it->second.begin();
      c.param_index = -1;
      f.calls.push_back(std::move(c));
    }
    f.param_calls.clear();
    // In source order, as the extractor leaves them (reports and helpers rely on it).
    std::stable_sort(f.calls.begin(), f.calls.end(), [](const BindingCall& a, const BindingCall& b) { return a.call_pos.offset < b.call_pos.offset; });
  }
}

// `const n = await getCount(env, key)` then `await setCount(env, key, n + 1)`:
// a KV read-modify-write spread over two helpers, when getCount gets its
// key parameter from a namespace, setCount puts its key parameter with a
// value computed from another parameter, the same key text is passed to
// both and the value comes from what the first returned. Reported at the
// setter's call, the getter's call as the read.
void link_read_modify_write(Project& p) {
  const HelperIndex defs(p);
  auto param = [](const FunctionDef& d, const std::string& name) -> std::optional<size_t> {
    auto at = std::find(d.params.begin(), d.params.end(), name);
    return at == d.params.end() || name.empty() ? std::nullopt : std::optional<size_t>(static_cast<size_t>(at - d.params.begin()));
  };
  std::vector<std::pair<size_t, BindingCall>> found;
  for (size_t i = 0; i < p.files.size(); ++i) {
    const auto& locals = p.files[i].local_calls;
    for (size_t a = 0; a < locals.size(); ++a) {
      const LocalCall& g = locals[a];
      if (g.result.empty()) continue;
      auto gd = defs.unique(g.callee);
      if (!gd) continue;
      for (const auto& get : p.files[gd->first].calls) {
        if (get.function_start != gd->second->start || !get.api.empty() || !get.via.empty() || get.methods.front() != "get") continue;
        auto kg = param(*gd->second, get.key);
        if (!kg || *kg >= g.arg_texts.size()) continue;
        for (size_t b = a + 1; b < locals.size(); ++b) {
          const LocalCall& s = locals[b];
          if (s.function_start != g.function_start) continue;
          auto sd = defs.unique(s.callee);
          if (!sd) continue;
          for (const auto& put : p.files[sd->first].calls) {
            if (put.function_start != sd->second->start || !put.api.empty() || !put.via.empty() || put.methods.front() != "put" ||
                put.binding != get.binding)
              continue;
            auto ks = param(*sd->second, put.key);
            if (!ks || *ks >= s.arg_texts.size() || s.arg_texts[*ks] != g.arg_texts[*kg]) continue;
            bool from_read = false;
            for (const auto& v : put.value_names)
              if (auto vs = param(*sd->second, v); vs && *vs < s.arg_names.size() && s.arg_names[*vs].count(g.result)) from_read = true;
            if (!from_read) continue;
            BindingCall c = put;
            c.pos = c.call_pos = s.pos;
            c.use = s.use;
            c.loop = s.loop;
            c.function = s.function;
            c.function_start = s.function_start;
            c.line = s.line;
            c.via = s.callee;
            c.via_at = Location{p.files[sd->first].path, put.call_pos};
            c.read_modify_write = true;
            c.read_at = g.pos;
            c.after_read = false;
            c.fan_out.reset();
            found.push_back({i, std::move(c)});
          }
        }
      }
    }
  }
  for (auto& [i, c] : found) p.files[i].calls.push_back(std::move(c));
}

// A binding some code opens a D1 session on (withSession) may serve its
// reads from replicas; the others always reach the primary.
void mark_sessions(Project& p) {
  std::set<std::string> with;
  for (const auto& f : p.files)
    for (const auto& c : f.calls)
      if (c.api.empty() && c.methods.front() == "withSession") with.insert(c.binding);
  for (auto& f : p.files)
    for (auto& c : f.calls) c.binding_sessions = with.count(c.binding) > 0;
}

std::vector<std::string> source_files(const ProjectOptions& o, Diagnostics& diags) {
  fs::path root = fs::path(o.root.empty() ? "." : o.root).lexically_normal();
  std::set<fs::path> found;
  std::error_code ec;
  size_t links = 0;
  bool capped = false;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    diags.warning(Location{root.string(), {}}, "source-unreadable", fmt::format("cannot read the folder: {}; no source was analysed", ec.message()));
    return {};
  }
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const auto& e = *it;
    auto st = e.symlink_status(ec);
    if (fs::is_symlink(st)) {
      ++links;
      if (fs::is_directory(e.status(ec))) it.disable_recursion_pending();
      continue;
    }
    if (fs::is_directory(st)) {
      if (skipped_dir(e.path()) || e.path().filename().string().starts_with(".") || other_worker(e.path()))
        it.disable_recursion_pending();
      continue;
    }
    std::string name = e.path().filename().string();
    if (!fs::is_regular_file(st) || !grammar_for(name) || test_file(name)) continue;
    if (found.size() >= kMaxFiles) { capped = true; break; }
    found.insert(e.path().lexically_normal());
  }
  if (links)
    diags.warning(Location{root.string(), {}}, "source-symlinks",
                  fmt::format("{} symbolic link{} under the folder {} not followed: their code is not analysed", links,
                              links == 1 ? "" : "s", links == 1 ? "was" : "were"));
  if (capped)
    diags.warning(Location{root.string(), {}}, "source-too-many",
                  fmt::format("more than {} source files: only the first {} were analysed", kMaxFiles, kMaxFiles));

  // main and what it imports, followed across folders (a monorepo's shared code).
  if (!o.main.empty()) {
    std::vector<fs::path> todo;
    fs::path m = fs::path(o.main).lexically_normal();
    if (fs::is_regular_file(fs::symlink_status(m, ec)) && grammar_for(m.string())) todo.push_back(m);
    std::set<fs::path> seen;
    while (!todo.empty() && seen.size() < kMaxFiles) {
      fs::path p = todo.back();
      todo.pop_back();
      if (!seen.insert(p).second) continue;
      found.insert(p);
      Diagnostics ignored;  // read again, and reported, when analysed
      auto doc = read_document(p.string(), ignored, kMaxSourceBytes);
      if (!doc) continue;
      for (const auto& spec : relative_imports(doc->text))
        if (auto r = resolve(p.parent_path(), spec); r && !seen.count(*r)) {
          bool in_node_modules = r->string().find("node_modules") != std::string::npos;
          if (!in_node_modules) todo.push_back(*r);
        }
    }
  }
  std::vector<std::string> out;
  for (const auto& p : found) out.push_back(p.string());
  return out;
}

Project read_project(const ProjectOptions& o, Diagnostics& diags) {
  Project proj;
  proj.root = o.root.empty() ? "." : o.root;
  auto paths = source_files(o, diags);
  proj.files.resize(paths.size());
  std::vector<Diagnostics> per_file(paths.size());
  parallel_for(paths.size(), o.jobs, [&](size_t i) {
    Diagnostics& d = per_file[i];
    std::string name = shown(paths[i]);
    auto doc = read_document(paths[i], d, kMaxSourceBytes);
    FileFacts& f = proj.files[i];
    f.path = name;
    if (!doc) {
      // Not the project's input but its code: reported, and the rest is read.
      Diagnostics as_warnings;
      for (const auto& x : d) as_warnings.warning(x.location, "source-unreadable", x.message + "; this file's code is not analysed");
      d = std::move(as_warnings);
      f.gave_up = true;
      return;
    }
    auto grammar = grammar_for(paths[i]);
    SyntaxTree tree = SyntaxTree::parse(std::move(doc->text), *grammar);
    f = extract(tree, name, o.bindings);
    if (f.gave_up)
      d.warning(Location{name, {}}, "source-syntax", "the parser gave up on this file (time limit); its code is not analysed");
    for (const auto& e : f.errors)
      d.warning(Location{name, e.pos}, "source-syntax",
                fmt::format("{}: this part does not parse as {} and is skipped; the rest of the file is analysed", e.what,
                            to_string(f.grammar)));
  });
  for (auto& d : per_file) diags.append(d);
  for (const auto& f : proj.files) proj.lines += f.lines;
  resolve_params(proj);
  link_helpers(proj);
  link_read_modify_write(proj);
  mark_sessions(proj);
  return proj;
}

}  // namespace cfscale::source
