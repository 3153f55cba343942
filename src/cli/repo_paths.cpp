#include "cli/repo_paths.h"

#include <system_error>

#include "engine/rule_loader.h"

namespace cfscale::cli {

namespace fs = std::filesystem;

RepoPaths RepoPaths::find(const std::string& scanned, const std::optional<std::string>& root) {
  RepoPaths p;
  std::error_code ec;
  p.cwd_ = fs::current_path(ec);
  auto absolute = [&](const fs::path& x) { return (x.is_absolute() ? x : p.cwd_ / x).lexically_normal(); };
  if (root) {
    p.root_ = absolute(*root);
  } else {
    fs::path start = absolute(scanned.empty() ? "." : scanned);
    if (!fs::is_directory(start, ec)) start = start.parent_path();
    for (fs::path dir = start;; dir = dir.parent_path()) {
      if (fs::exists(dir / ".git", ec)) {
        p.root_ = dir;
        p.from_git_ = true;
        break;
      }
      if (dir == dir.root_path() || dir.empty()) break;
    }
    if (!p.from_git_) p.root_ = p.cwd_.lexically_normal();
  }
  // lexically_normal leaves a trailing separator on folders ("a/b/" stays so).
  if (p.root_.has_relative_path() && p.root_.filename().empty()) p.root_ = p.root_.parent_path();
  fs::path cwd = p.cwd_.lexically_normal();
  if (cwd.has_relative_path() && cwd.filename().empty()) cwd = cwd.parent_path();
  p.root_is_cwd_ = p.root_ == cwd;
  return p;
}

std::string RepoPaths::relative(const std::string& path) const {
  if (path.empty() || path == "-") return path;
  fs::path given(path);
  // The common case, a plain relative path under the working folder that is
  // the root, is already what it should be.
  if (root_is_cwd_ && given.is_relative() && path.find("..") == std::string::npos && path.find("./") == std::string::npos &&
      path.find('\\') == std::string::npos && path.find("//") == std::string::npos)
    return path;
  fs::path absolute = (given.is_absolute() ? given : cwd_ / given).lexically_normal();
  fs::path rel = absolute.lexically_relative(root_);
  // Outside the repository (another root name, or up from it): the absolute path says more.
  if (rel.empty() || *rel.begin() == "..") return absolute.generic_string();
  return rel.generic_string();
}

void RepoPaths::apply(WorkerReport& w) const {
  w.config = relative(w.config);
  if (w.metrics) w.metrics = relative(*w.metrics);
  for (auto& f : w.findings) apply(f);
  w.diagnostics.rename_files([this](const std::string& f) { return relative(f); });
}

void RepoPaths::apply(Report& r) const {
  for (auto& w : r.workers) apply(w);
  for (auto& f : r.cross) apply(f);
}

void RepoPaths::apply(Finding& f) const {
  if (f.location) f.location->file = relative(f.location->file);
  for (auto& l : f.related_locations) l.file = relative(l.file);
  // The catalogue compiled in is named as it is, not as a file of the repository.
  auto fix = [&](Origin& o) {
    if (!o.file.empty() && o.file.rfind(engine::kBuiltinRulesName, 0) != 0) o.file = relative(o.file);
  };
  for (auto& e : f.evidence) {
    for (auto* o : {&e.source, &e.threshold_source})
      if (*o) fix(**o);
    for (auto& in : e.derived_from) fix(in.source);
  }
}

}  // namespace cfscale::cli
