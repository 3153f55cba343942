// Paths in reports, relative to the repository root. GitHub reads SARIF
// locations and annotation files against the repository, so a report made from
// a subfolder, from the root or with an absolute PATH must name each file the
// same way: relative to the git top level above the scanned path (--root to
// choose another), with '/' separators.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/report.h"

namespace cfscale::cli {

class RepoPaths {
 public:
  // The root: `root` when given, else the nearest folder at or above
  // `scanned` that holds a .git (a folder, or the file of a worktree or
  // submodule), else the working folder.
  static RepoPaths find(const std::string& scanned, const std::optional<std::string>& root);

  // `path` relative to the root with '/' separators; a path outside the root
  // keeps its '..' steps. Empty stays empty.
  std::string relative(const std::string& path) const;

  // Every path an output shows: the config, the metrics file, the locations of
  // findings and diagnostics.
  void apply(WorkerReport& w) const;
  void apply(Report& r) const;
  void apply(Finding& f) const;  // each Worker and the findings across Workers

  const std::filesystem::path& root() const { return root_; }
  bool from_git() const { return from_git_; }

 private:
  std::filesystem::path root_;  // absolute, normal
  std::filesystem::path cwd_;
  bool from_git_ = false;
  bool root_is_cwd_ = false;
};

}  // namespace cfscale::cli
