// --recursive: every Worker config under a folder, analysed in parallel on
// all cores, reported in a stable order (path, then environment), with the
// findings across Workers.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/baseline.h"
#include "core/report.h"
#include "report/render.h"

namespace cfscale::cli {

// What an analysis hands to the outputs: a report and, for a tree rendered
// in parts, each output's Worker parts.
struct Analysis {
  Report report;  // the Workers; or, when they were rendered in parts, their tally
  std::vector<std::vector<std::string>> parts;  // per output, each Worker's part in order; empty when `report` has every Worker
};

// `outputs`: what will be rendered. When every one streams and
// `keep_workers` is false, each Worker is rendered in the thread that analysed
// it, after `baseline` (if any) hides its recorded findings, and its report is
// dropped; otherwise the reports are kept and `baseline` is not applied.
std::optional<Analysis> analyse_tree(const CommonOptions& o, const std::vector<const report::Renderer*>& outputs,
                                    const std::set<BaselineKey>* baseline, bool keep_workers);

// `validate --recursive`: every config (and environment); exit code.
int validate_tree(const CommonOptions& o);

}  // namespace cfscale::cli
