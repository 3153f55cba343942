#include "source/project.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/source.h"
#include "core/threads.h"
#include "source/modules.h"
#include "source/parse_memory.h"

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

// Where a function is declared.
struct Def {
  size_t file;
  const FunctionDef* def;
};

// The project's functions and constants, found from a use as JavaScript
// finds them. `load()` and `ns.load()`: a function the file declares, else
// the one its import names (through re-exports and barrel files); a name the
// file neither declares nor imports is a global (`fetch`, `setTimeout`), not
// the project's. `this.load()`: a method of the file, else — a base class's
// or a mixin's — the project's one method of that name. A name declared
// twice where it is looked up could be either, and is not followed; an
// import of a package is not the project's.
class HelperIndex {
 public:
  explicit HelperIndex(const Project& p) : p_(p), by_file_(p.files.size()) {
    for (size_t i = 0; i < p.files.size(); ++i)
      for (const auto& d : p.files[i].functions) {
        if (d.method) methods_[d.name].push_back({i, &d});
        by_file_[i][{d.name, d.method}].push_back(&d);
      }
  }

  // The function the call `lc` in `file` runs.
  std::optional<Def> function(size_t file, const LocalCall& lc) const {
    if (lc.on_this) {
      if (auto d = one(file, lc.callee, true)) return d;
      auto it = methods_.find(lc.callee);
      if (it == methods_.end() || it->second.size() != 1) return std::nullopt;
      return it->second.front();
    }
    auto declares = [&](size_t f, const std::string& name) { return by_file_[f].count({name, false}) > 0; };
    auto found = find(file, lc.callee, declares);
    return found ? one(found->first, found->second, false) : std::nullopt;
  }

  // The SQL text of a constant `name` ("Q", "QUERIES.BY_ID", "sql.Q" through a namespace) used in `file`.
  std::optional<std::string> constant(size_t file, const std::string& name) const {
    auto head = [](const std::string& n) { return n.substr(0, n.find('.')); };
    auto declares = [&](size_t f, const std::string& n) {
      const auto& c = p_.files[f].constants;
      auto it = c.lower_bound(n);
      return it != c.end() && (it->first == n || it->first.starts_with(n + "."));
    };
    std::string first = head(name), rest = name.size() > first.size() ? name.substr(first.size()) : "";
    // `QUERIES.BY_ID` where QUERIES is imported: look up `QUERIES` there, then add `.BY_ID`.
    auto found = find(file, first, declares);
    if (found) {
      const auto& c = p_.files[found->first].constants;
      if (auto it = c.find(found->second + rest); it != c.end()) return it->second;
    }
    // `sql.Q` through `import * as sql`: Q of that file.
    if (!rest.empty())
      if (auto ns = find(file, name, declares)) {
        const auto& c = p_.files[ns->first].constants;
        if (auto it = c.find(ns->second); it != c.end()) return it->second;
      }
    return std::nullopt;
  }

 private:
  using Declares = std::function<bool(size_t, const std::string&)>;

  // The function `file` declares once as `name` (a method or not).
  std::optional<Def> one(size_t file, const std::string& name, bool method) const {
    auto it = by_file_[file].find({name, method});
    if (it == by_file_[file].end() || it->second.size() != 1) return std::nullopt;
    return Def{file, it->second.front()};
  }

  // The file and the local name that `name`, used in `file`, stands for.
  std::optional<std::pair<size_t, std::string>> find(size_t file, const std::string& name, const Declares& declares) const {
    auto dot = name.find('.');
    std::string head = name.substr(0, dot), rest = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (rest.empty() && declares(file, name)) return std::pair{file, name};
    for (const auto& imp : p_.files[file].imports) {
      if (imp.local != head) continue;
      if (imp.file < 0) return std::nullopt;
      if (imp.imported == "*") return rest.empty() ? std::nullopt : exported(imp.file, rest, declares, 0);
      return rest.empty() ? exported(imp.file, imp.imported, declares, 0) : std::nullopt;
    }
    return std::nullopt;
  }

  // Where `file` declares what it exports as `name`, following re-exports.
  std::optional<std::pair<size_t, std::string>> exported(size_t file, const std::string& name, const Declares& declares, int depth) const {
    if (depth > 8) return std::nullopt;  // a cycle of re-exports
    const FileFacts& f = p_.files[file];
    std::string local = name;
    if (auto e = f.export_names.find(name); e != f.export_names.end()) local = e->second;
    if (declares(file, local)) return std::pair{file, local};
    for (const auto& imp : f.imports)  // import { a } from "./x"; export { a }
      if (imp.local == local && imp.file >= 0 && imp.imported != "*") return exported(imp.file, imp.imported, declares, depth + 1);
    for (const auto& r : f.reexports)
      if (r.file >= 0 && r.exported == name && r.imported != "*") return exported(r.file, r.imported, declares, depth + 1);
    if (name != "default")
      for (const auto& r : f.reexports)
        if (r.file >= 0 && r.exported == "*")
          if (auto d = exported(r.file, name, declares, depth + 1)) return d;
    return std::nullopt;
  }

  const Project& p_;
  std::map<std::string, std::vector<Def>> methods_;  // every method by name
  std::vector<std::map<std::pair<std::string, bool>, std::vector<const FunctionDef*>>> by_file_;  // (name, method)
};

// A binding call a function makes, itself or inside a helper it awaits or
// returns (and so on down): `call` is where the binding is called, in the
// file `file`; `order` places it in the function (the offset of the call, or
// of the call of the helper that makes it).
struct Reach {
  const BindingCall* call;
  size_t file;
  uint64_t order;
  int depth;  // 0: the function's own call; 1: its helper's...
};

// What each function reaches, worked out once per function. A cycle of
// helpers, or a chain deeper than kMaxDepth, stops where it repeats.
class Reaches {
 public:
  Reaches(const Project& p, const HelperIndex& index) : p_(p), index_(index) {}

  const std::vector<Reach>& of(Def d, int depth = 0) {
    auto key = std::pair{d.file, d.def->start};
    if (auto it = done_.find(key); it != done_.end()) return it->second;
    static const std::vector<Reach> kNone;
    if (depth > kMaxDepth || !visiting_.insert(key).second || ++expansions_ > kMaxExpansions) {
      ++cuts_;
      return kNone;
    }
    size_t cuts_before = cuts_;
    std::vector<Reach> out;
    const FileFacts& f = p_.files[d.file];
    for (const auto& q : f.calls)
      if (q.function_start == d.def->start && q.via.empty() && q.api.empty()) out.push_back({&q, d.file, q.call_pos.offset, 0});
    for (const auto& lc : f.local_calls) {
      if (lc.function_start != d.def->start || (lc.use != Use::Awaited && lc.use != Use::Returned)) continue;
      auto inner = index_.function(d.file, lc);
      if (!inner || (inner->file == d.file && inner->def == d.def)) continue;
      for (const auto& r : of(*inner, depth + 1))
        if (waited(*r.call)) out.push_back({r.call, r.file, lc.pos.offset, r.depth + 1});
    }
    std::stable_sort(out.begin(), out.end(), [](const Reach& a, const Reach& b) { return a.order < b.order; });
    visiting_.erase(key);
    // Cut short by a cycle through a function still being worked out: right
    // for this caller, incomplete for others, so not kept.
    if (cuts_ != cuts_before) return partial_.emplace_back(std::move(out));
    return done_[key] = std::move(out);
  }

  // The helper's caller waits for this call when it waits for the helper.
  static bool waited(const BindingCall& c) { return c.use == Use::Awaited || c.use == Use::Returned; }

 private:
  static constexpr int kMaxDepth = 16;
  // Cycles are worked out again for each caller; this bounds a project of
  // many mutually recursive helpers.
  static constexpr size_t kMaxExpansions = 200000;
  const Project& p_;
  const HelperIndex& index_;
  std::map<std::pair<size_t, uint64_t>, std::vector<Reach>> done_;
  std::set<std::pair<size_t, uint64_t>> visiting_;
  std::deque<std::vector<Reach>> partial_;  // results cut by a cycle (a deque keeps references valid)
  size_t cuts_ = 0, expansions_ = 0;
};

// A helper's binding call `call`, in the file `file`, made the caller's:
// reported at the call of the helper, pointing at `call` as `via_at`.
BindingCall at_caller(const Project& p, const LocalCall& lc, size_t file, const BindingCall& call, Use use) {
  BindingCall c = call;
  c.pos = lc.pos;
  c.call_pos = lc.pos;
  c.use = use;
  c.loop = lc.loop;
  c.function = lc.function;
  c.function_start = lc.function_start;
  c.line = lc.line;
  c.via = lc.callee;
  c.via_at = Location{p.files[file].path, call.call_pos};
  return c;
}

// A helper's reached call made the caller's, with the caller's queue-message
// context.
BindingCall through(const Project& p, const LocalCall& lc, const Reach& r, Use use) {
  BindingCall c = at_caller(p, lc, r.file, *r.call, use);
  c.message_loop = lc.message_loop;
  c.message_caught = lc.message_caught;
  c.message_acked = lc.message_acked;
  // What the helper's call does inside the helper is reported there, once.
  c.read_modify_write = false;
  c.read_at.reset();
  c.consumes_listed = false;
  c.body_read.clear();
  c.fan_out.reset();
  return c;
}

// Calls of the project's helpers, followed into what they reach (helpers of
// helpers included): an async helper the caller drops is a dropped binding
// call (its first one stands for it); a helper that awaits or returns a D1
// query, awaited in a loop of another function, is a query in that loop; a
// helper mapped into Promise.all is a fan-out of its first binding call; one
// awaited once per message of a queue batch makes its first write once per
// message.
void link_helpers(Project& p, const HelperIndex& index) {
  Reaches reaches(p, index);
  std::vector<std::pair<size_t, BindingCall>> found;
  for (size_t i = 0; i < p.files.size(); ++i)
    for (const auto& lc : p.files[i].local_calls) {
      auto def = index.function(i, lc);
      if (!def || (def->file == i && def->def->start == lc.function_start)) continue;  // not the project's, or recursion
      const auto& reached = reaches.of(*def);
      auto first = [&](auto&& pred) -> const Reach* {
        for (const auto& r : reached)
          if (pred(r)) return &r;
        return nullptr;
      };
      // An async helper whose promise the caller drops: its binding calls
      // may not finish (a floating promise one call away).
      if (lc.use == Use::Dropped) {
        if (!def->def->is_async) continue;
        if (auto r = first([](const Reach& r) { return r.call->use != Use::Dropped; })) found.push_back({i, through(p, lc, *r, Use::Dropped)});
        continue;
      }
      // A helper mapped into Promise.all: its binding call runs once per item.
      // Only the helper's own calls: deeper down they are ever more often
      // conditional (a download when a cache misses), and how long the list
      // is was bounded where it was built more often than not.
      if (lc.fan_out) {
        if (auto r = first([](const Reach& r) { return r.depth == 0; })) {
          found.push_back({i, through(p, lc, *r, lc.use)});
          found.back().second.fan_out = lc.fan_out;
        }
        continue;
      }
      // A helper awaited once per message of a queue batch: its first write
      // is made once per message (queue-per-message-ack).
      if (lc.message_loop && lc.use == Use::Awaited && !lc.message_caught && !lc.message_acked)
        if (auto r = first([](const Reach& r) { return Reaches::waited(*r.call) && is_write(*r.call); }))
          found.push_back({i, through(p, lc, *r, Use::Awaited)});
      if (!lc.loop || lc.use != Use::Awaited) continue;
      // One query of the helper is enough to say it.
      if (auto r = first([](const Reach& r) { return Reaches::waited(*r.call) && is_query(*r.call); }))
        found.push_back({i, through(p, lc, *r, Use::Awaited)});
    }
  for (auto& [i, c] : found) p.files[i].calls.push_back(std::move(c));
}

// `load(env.DB, id)` calls `function load(db, id)`: the calls on `db` in
// load are calls on DB, and so in what load hands `db` on to
// (`query(db, ...)`). Only a parameter every caller that passes a binding
// passes the same one.
void resolve_params(Project& p, const HelperIndex& index) {
  using Param = std::tuple<size_t, uint64_t, int>;  // (file, function, index)
  std::map<Param, std::set<std::string>> passed;
  auto pass = [&](size_t file, const LocalCall& lc, bool& changed) {
    auto def = index.function(file, lc);
    if (!def) return;
    for (size_t k = 0; k < lc.arg_bindings.size() && k < def->def->params.size(); ++k) {
      std::set<std::string> from;
      if (!lc.arg_bindings[k].empty()) from.insert(lc.arg_bindings[k]);
      else if (k < lc.arg_params.size() && lc.arg_params[k].second >= 0) {
        auto it = passed.find({file, lc.arg_params[k].first, lc.arg_params[k].second});
        if (it != passed.end() && it->second.size() == 1) from = it->second;
      }
      if (from.empty()) continue;
      auto& to = passed[{def->file, def->def->start, static_cast<int>(k)}];
      for (const auto& b : from) changed |= to.insert(b).second;
    }
  };
  // Each round hands bindings one helper further down; a chain rarely needs more than a few.
  bool changed = true;
  for (int round = 0; round < 8 && changed; ++round) {
    changed = false;
    for (size_t i = 0; i < p.files.size(); ++i)
      for (const auto& lc : p.files[i].local_calls) pass(i, lc, changed);
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

// prepare(Q) with Q imported from another file of the project (`import {
// QUERIES } from "./sql"`, `QUERIES.BY_ID`): its text is the constant there.
void link_sql(Project& p, const HelperIndex& index) {
  for (size_t i = 0; i < p.files.size(); ++i)
    for (auto& c : p.files[i].calls)
      if (c.sql.empty() && !c.sql_name.empty())
        if (auto text = index.constant(i, c.sql_name)) c.sql = *text;
}

// `const n = await getCount(env, key)` then `await setCount(env, key, n + 1)`:
// a KV read-modify-write spread over two helpers, when getCount gets its
// key parameter from a namespace, setCount puts its key parameter with a
// value computed from another parameter, the same key text is passed to
// both and the value comes from what the first returned. Reported at the
// setter's call, the getter's call as the read.
void link_read_modify_write(Project& p, const HelperIndex& index) {
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
      auto gd = index.function(i, g);
      if (!gd) continue;
      for (const auto& get : p.files[gd->file].calls) {
        if (get.function_start != gd->def->start || !get.api.empty() || !get.via.empty() || get.methods.front() != "get") continue;
        auto kg = param(*gd->def, get.key);
        if (!kg || *kg >= g.arg_texts.size()) continue;
        for (size_t b = a + 1; b < locals.size(); ++b) {
          const LocalCall& s = locals[b];
          if (s.function_start != g.function_start) continue;
          auto sd = index.function(i, s);
          if (!sd) continue;
          for (const auto& put : p.files[sd->file].calls) {
            if (put.function_start != sd->def->start || !put.api.empty() || !put.via.empty() || put.methods.front() != "put" ||
                put.binding != get.binding)
              continue;
            auto ks = param(*sd->def, put.key);
            if (!ks || *ks >= s.arg_texts.size() || s.arg_texts[*ks] != g.arg_texts[*kg]) continue;
            bool from_read = false;
            for (const auto& v : put.value_names)
              if (auto vs = param(*sd->def, v); vs && *vs < s.arg_names.size() && s.arg_names[*vs].count(g.result)) from_read = true;
            if (!from_read) continue;
            BindingCall c = at_caller(p, s, sd->file, put, s.use);
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

}  // namespace

std::vector<std::string> source_files(const ProjectOptions& o, Diagnostics& diags) {
  return source_files(o, read_module_map(o.root, diags), diags);
}

std::vector<std::string> source_files(const ProjectOptions& o, const ModuleMap& modules, Diagnostics& diags) {
  fs::path root = fs::path(o.root.empty() ? "." : o.root).lexically_normal();
  std::set<fs::path> skip;
  for (const auto& s : o.skip) {
    fs::path n = fs::path(s).lexically_normal();
    skip.insert(n.has_filename() ? n : n.parent_path());  // "public/" is "public"
  }
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
      if (skipped_dir(e.path()) || e.path().filename().string().starts_with(".") || other_worker(e.path()) ||
          skip.count(e.path().lexically_normal()))
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
    std::vector<fs::path> level;
    fs::path m = fs::path(o.main).lexically_normal();
    if (fs::is_regular_file(fs::symlink_status(m, ec)) && grammar_for(m.string())) level.push_back(m);
    std::set<fs::path> seen;
    // Breadth first, a level at a time: the files of a level are read and
    // their imports resolved in parallel (a large project's main reaches
    // hundreds of files, each read once more before it is parsed).
    while (!level.empty() && seen.size() < kMaxFiles) {
      std::vector<fs::path> batch;
      for (auto& p : level)
        if (seen.size() < kMaxFiles && seen.insert(p).second) {
          found.insert(p);
          batch.push_back(std::move(p));
        }
      std::vector<std::vector<fs::path>> imported(batch.size());
      parallel_for(batch.size(), o.jobs, [&](size_t i) {
        Diagnostics ignored;  // read again, and reported, when analysed
        auto doc = read_document(batch[i].string(), ignored, kMaxSourceBytes);
        if (!doc) return;
        for (const auto& spec : import_specifiers(doc->text))
          if (auto at = resolve_import(modules, batch[i].string(), spec)) {
            fs::path r(*at);
            if (r.string().find("node_modules") == std::string::npos) imported[i].push_back(std::move(r));
          }
      });
      level.clear();
      for (auto& list : imported)
        for (auto& r : list)
          if (!seen.count(r)) level.push_back(std::move(r));
    }
  }
  std::vector<std::string> out;
  for (const auto& p : found) out.push_back(p.string());
  return out;
}

namespace {

// Sets Import::file and ReExport::file: which of the project's files each
// specifier names.
void resolve_imports(Project& p, unsigned jobs) {
  std::map<std::string, int> index;
  for (size_t i = 0; i < p.files.size(); ++i) index[p.files[i].path] = static_cast<int>(i);
  // Files of one folder import the same modules: each (folder, specifier) is
  // looked up once, and the look-ups (a few file system checks each, serial
  // otherwise) run in parallel.
  struct Lookup {
    const std::string* from;
    const std::string* spec;
    int file = -1;
  };
  std::vector<Lookup> lookups;
  std::map<std::pair<std::string, std::string>, size_t> key_of;
  auto key = [&](const std::string& from, const std::string& spec) {
    auto [it, fresh] = key_of.try_emplace({fs::path(from).parent_path().string(), spec}, lookups.size());
    if (fresh) lookups.push_back({&from, &spec});
    return it->second;
  };
  std::vector<std::vector<size_t>> import_keys(p.files.size()), reexport_keys(p.files.size());
  for (size_t i = 0; i < p.files.size(); ++i) {
    for (const auto& imp : p.files[i].imports) import_keys[i].push_back(key(p.files[i].path, imp.spec));
    for (const auto& r : p.files[i].reexports) reexport_keys[i].push_back(key(p.files[i].path, r.spec));
  }
  parallel_for(lookups.size(), jobs, [&](size_t k) {
    Lookup& l = lookups[k];
    if (auto r = resolve_import(p.modules, *l.from, *l.spec))
      if (auto f = index.find(shown(*r)); f != index.end()) l.file = f->second;
  });
  for (size_t i = 0; i < p.files.size(); ++i) {
    for (size_t j = 0; j < import_keys[i].size(); ++j) p.files[i].imports[j].file = lookups[import_keys[i][j]].file;
    for (size_t j = 0; j < reexport_keys[i].size(); ++j) p.files[i].reexports[j].file = lookups[reexport_keys[i][j]].file;
  }
}

}  // namespace

Project read_project(const ProjectOptions& o, Diagnostics& diags) {
  Project proj;
  proj.root = o.root.empty() ? "." : o.root;
  proj.modules = read_module_map(proj.root, diags);
  auto paths = source_files(o, proj.modules, diags);
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
    ParseMemory memory;  // the tree's memory, given back whole after the facts are read
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
  resolve_imports(proj, o.jobs);
  // What the project declares, imports and exports: the same for every pass
  // below (they add binding calls, not functions).
  const HelperIndex index(proj);
  resolve_params(proj, index);
  link_sql(proj, index);
  link_helpers(proj, index);
  link_read_modify_write(proj, index);
  mark_sessions(proj);
  return proj;
}

}  // namespace cfscale::source
