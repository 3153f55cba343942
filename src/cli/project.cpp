#include "cli/project.h"

#include <unistd.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "cli/output.h"
#include "core/text.h"
#include "core/version.h"

namespace cfscale::cli {

namespace fs = std::filesystem;

std::optional<std::string> rules_dir(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  if (const char* env = std::getenv("CFSCALE_RULES_DIR"); env && *env) return std::string(env);
  return std::nullopt;  // the catalogue compiled into the binary
}

std::optional<std::string> metrics_path(const CommonOptions& o, const std::string& config_file,
                                        const std::optional<std::string>& env, bool fallback) {
  if (o.metrics && !o.recursive) return o.metrics;
  std::string dir = fs::path(config_file).parent_path().string();
  if (dir.empty()) dir = ".";
  // cfscale.metrics.<env>.<ext> is one file name beside the config, never a
  // path: an environment's name is the config's text, and "../../x" must
  // not reach a file outside the project. A name with a '/' has no such file.
  if (env && env->find('/') == std::string::npos && env->find('\0') == std::string::npos)
    for (const char* ext : {"yaml", "yml", "json", "toml"}) {
      fs::path p = fs::path(dir) / fmt::format("cfscale.metrics.{}.{}", *env, ext);
      std::error_code ec;
      if (fs::is_regular_file(p, ec)) return p.lexically_normal().string();
    }
  if (env && !fallback) return std::nullopt;
  return metrics::find_metrics(dir);
}

// Thresholds and prices from the settings replace the catalogue's; a name the
// catalogue does not have is an error at its place in the settings.
void apply_settings(const config::Settings& s, engine::RuleSet& rules, engine::AnalyzeOptions& analyze, Diagnostics& diags) {
  if (s.plan) analyze.plan = *s.plan == "free" ? metrics::Plan::Free : metrics::Plan::Paid;
  std::vector<std::string_view> names;
  for (const auto& [name, _] : rules.limits.thresholds) names.push_back(name);
  for (const auto& [name, v] : s.thresholds) {
    auto it = rules.limits.thresholds.find(name);
    if (it == rules.limits.thresholds.end()) {
      diags.error(v.where, "unknown-key", fmt::format("no threshold \"{}\" in {}{}", name, rules.limits.file, did_you_mean_suffix(name, names)));
      continue;
    }
    it->second.value = v.value;
    it->second.source = fmt::format("{} (default {})", v.where.file, it->second.source);
    it->second.origin = v.where;
  }
  std::vector<std::string_view> ids;
  for (const auto& r : rules.rules) ids.push_back(r.id);
  auto known = [&](const config::SettingName& n) {
    if (rules.find(n.name)) return true;
    diags.error(n.where, "unknown-rule", fmt::format("no rule \"{}\"{}", n.name, did_you_mean_suffix(n.name, ids)));
    return false;
  };
  for (const auto& [id, sev] : s.severity) {
    config::SettingName n{id, sev.where};
    if (!known(n)) continue;
    auto level = parse_severity(sev.name);
    if (!level) {
      diags.error(sev.where, "invalid-value", fmt::format("severity \"{}\" for {}: use critical, high, medium, low or info", sev.name, id));
      continue;
    }
    // A fixed severity: the rule's own escalations no longer apply.
    for (auto& r : rules.rules)
      if (r.id == id) { r.severity = *level; r.escalate.clear(); }
  }
  for (const auto& n : s.no_suppress) known(n);
  for (const auto& n : s.disable) {
    if (!known(n)) continue;
    std::erase_if(rules.rules, [&](const engine::Rule& r) { return r.id == n.name; });
    ++analyze.disabled_rules;
  }
  for (const auto& n : s.no_suppress) analyze.no_suppress.push_back(n.name);
  std::vector<cost::PriceOverride> prices;
  for (const auto& [id, v] : s.prices) prices.push_back(cost::PriceOverride{id, v.value, v.where});
  cost::apply_overrides(rules.pricing, prices, diags);
}

void protect_config_inputs(const config::WorkerConfig& w) {
  std::string dir = fs::path(w.file).parent_path().string();
  for (const auto& d : w.d1_databases)
    protect_inputs_in((fs::path(dir.empty() ? "." : dir) / d.migrations_dir.value_or("migrations")).string(), ".sql");
}

bool apply_selection(const CommonOptions& o, engine::RuleSet& rules, engine::AnalyzeOptions& analyze) {
  if (o.select.empty() && o.ignore.empty()) return true;
  std::vector<std::string_view> words;
  for (const auto& r : rules.rules) {
    words.push_back(r.id);
    words.push_back(r.topic);
  }
  auto matches = [](const engine::Rule& r, const std::string& w) { return r.id == w || r.name == w || r.topic == w; };
  for (const auto* list : {&o.select, &o.ignore})
    for (const auto& w : *list)
      if (std::none_of(rules.rules.begin(), rules.rules.end(), [&](const engine::Rule& r) { return matches(r, w); })) {
        eprint("cfscale: {} \"{}\": no rule has this id, name or topic{}\n", list == &o.select ? "--select" : "--ignore", w,
                   did_you_mean_suffix(w, words));
        return false;
      }
  size_t before = rules.rules.size();
  std::erase_if(rules.rules, [&](const engine::Rule& r) {
    bool selected = o.select.empty() || std::any_of(o.select.begin(), o.select.end(), [&](const std::string& w) { return matches(r, w); });
    bool ignored = std::any_of(o.ignore.begin(), o.ignore.end(), [&](const std::string& w) { return matches(r, w); });
    return !selected || ignored;
  });
  analyze.disabled_rules += before - rules.rules.size();
  return true;
}

size_t print_input_diagnostics(engine::Deployment& d, const CommonOptions& o) {
  Style style = detect_style(stderr, o.color);
  size_t errors = 0;
  for (Diagnostics* diags : {&d.config.diags, d.metrics ? &d.metrics->diags : nullptr, &d.code_diags}) {
    if (!diags) continue;
    diags->sort();
    print_diagnostics(*diags, style, o.quiet);
    errors += diags->error_count();
  }
  return errors;
}

std::optional<Project> load_project(const CommonOptions& o, bool need_rules) {
  Style style = detect_style(stderr, o.color);
  engine::DeploymentQuery query{o.path, false, o.env, false,
                                [&](const config::WorkerConfig& w) { return metrics_path(o, w.file, o.env); }, o.metrics.has_value(),
                                need_rules && !o.no_source, o.source, o.jobs};
  Project p{std::move(engine::read_deployments(query).front())};
  auto& config = p.deployment.config;
  auto& metrics = p.deployment.metrics;
  size_t input_errors = print_input_diagnostics(p.deployment, o);
  bool failed = !p.deployment.ok();
  size_t other_errors = 0;  // in the rules and the settings
  std::string today = cost::today_utc();
  if (need_rules && !failed) {
    Diagnostics diags;
    p.rules = engine::load_catalogue(rules_dir(o.rules), diags);
    if (p.rules) {
      if (auto path = config::find_settings(config.worker->file, o.settings)) {
        p.settings = config::load_settings(*path, diags, o.settings.has_value());
        if (p.settings) apply_settings(*p.settings, *p.rules, p.analyze, diags);
      }
      if (!apply_selection(o, *p.rules, p.analyze)) return std::nullopt;
      cost::check_age(p.rules->pricing, today, diags);
    }
    diags.sort();
    print_diagnostics(diags, style, o.quiet);
    failed = !p.rules || diags.has_errors();
    other_errors = diags.error_count();
  }
  if (config.doc) protect_input(config.doc->path);
  if (metrics && metrics->metrics) protect_input(metrics->metrics->file);
  if (p.settings && p.settings->file) protect_input(*p.settings->file);
  if (o.baseline) protect_input(*o.baseline);
  if (config.worker) protect_config_inputs(*config.worker);
  if (auto dir = rules_dir(o.rules); need_rules && dir) protect_inputs_in(*dir, ".yaml");
  if (!failed) {
    p.analyze.today = today;
    p.analyze.projections = {o.projections, o.scale, o.growth};
  }
  if (failed) {
    size_t errors = input_errors + other_errors;
    eprint("cfscale: {} error{} in the input; nothing was analysed\n", errors, errors == 1 ? "" : "s");
    return std::nullopt;
  }
  return p;
}

}  // namespace cfscale::cli
