// `cfscale rules list | explain | docs`.
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/output.h"
#include "cli/project.h"
#include "core/text.h"
#include "engine/rule_docs.h"

namespace cfscale::cli {
namespace {

std::optional<engine::RuleSet> load(const CommonOptions& o) {
  Diagnostics diags;
  auto set = engine::load_rules(rules_dir(o.rules), diags);
  diags.sort();
  print_diagnostics(diags, detect_style(stderr, o.color), false);
  if (!set) fmt::print(stderr, "cfscale: the rule catalogue has errors\n");
  return set;
}

}  // namespace

int run_rules_list(const CommonOptions& o) {
  auto set = load(o);
  if (!set) return kExitBadInput;
  std::string out;
  if (o.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& r : set->rules)
      arr.push_back({{"id", r.id}, {"name", r.name}, {"topic", r.topic}, {"kind", r.kind},
                     {"target", std::string(engine::to_string(r.target))}, {"severity", std::string(to_string(r.severity))},
                     {"checklist", r.checklist ? nlohmann::ordered_json{{"item", r.checklist->item}, {"stage", r.checklist->stage}}
                                               : nlohmann::ordered_json(nullptr)},
                     {"title", r.title}});
    out = arr.dump(2) + "\n";
  } else {
    out += fmt::format("{:<7} {:<22} {:<13} {:<15} {:<9} {}\n", "RULE", "NAME", "KIND", "TARGET", "SEVERITY", "TOPIC");
    for (const auto& r : set->rules)
      out += fmt::format("{:<7} {:<22} {:<13} {:<15} {:<9} {}\n", r.id, r.name, r.kind, engine::to_string(r.target),
                         to_string(r.severity), r.topic);
    out += fmt::format("\n{} rules; limits as of {}. cfscale rules explain ID for one rule.\n", set->rules.size(), set->limits.as_of);
  }
  return write_output("-", out) ? kExitOk : kExitBadInput;
}

int run_rules_explain(const CommonOptions& o, const std::string& id) {
  auto set = load(o);
  if (!set) return kExitBadInput;
  for (const auto& r : set->rules) {
    if (r.id == id || r.name == id) return write_output("-", engine::rule_markdown(r, set->limits)) ? kExitOk : kExitBadInput;
  }
  std::vector<std::string_view> names;
  for (const auto& r : set->rules) { names.push_back(r.id); names.push_back(r.name); }
  fmt::print(stderr, "cfscale: no rule \"{}\"{}; cfscale rules list shows them all\n", id, did_you_mean_suffix(id, names));
  return kExitBadInput;
}

int run_rules_docs(const CommonOptions& o, const std::string& dir) {
  auto set = load(o);
  if (!set) return kExitBadInput;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    fmt::print(stderr, "{}: error: cannot create the folder: {}\n", dir, ec.message());
    return kExitBadInput;
  }
  // Pages of rules that no longer exist are removed, so the folder mirrors rules/.
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".md" && e.path().filename().string().rfind("CFS", 0) == 0 && !set->find(e.path().stem().string()))
      fs::remove(e.path(), ec);
  for (const auto& r : set->rules)
    if (!write_output((fs::path(dir) / (r.id + ".md")).string(), engine::rule_markdown(r, set->limits))) return kExitBadInput;
  if (!write_output((fs::path(dir) / "README.md").string(), engine::rules_index_markdown(*set))) return kExitBadInput;
  return kExitOk;
}

}  // namespace cfscale::cli
