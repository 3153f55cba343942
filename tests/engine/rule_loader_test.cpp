// A bad rule is an error with file:line, never a rule silently skipped.
#include "engine/rule_loader.h"

#include <doctest/doctest.h>

#include "core/document.h"

#include "core/yaml_reader.h"
#include "engine/rule_docs.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::engine;

namespace {

using test::limits;

const char* kGood = R"(id: CFS901
name: test-rule
topic: d1-storage
kind: limit
target: d1
severity: medium
title: "Storage of {binding}"
message: "{metric.storage_gb} GB"
recommendation: "Archive {binding}."
why: "Because."
example: { language: sql, before: "a", after: "b" }
references: [{ title: D1 limits, url: "https://developers.cloudflare.com/d1/platform/limits/" }]
when: { left: metric.storage_gb, op: ">", right: 5 }
)";

std::vector<std::string> errors_of(const std::string& text, const std::string& name = "CFS901-test-rule.yaml") {
  Document doc;
  doc.path = "rules/" + name;
  doc.text = text;
  Diagnostics d;
  REQUIRE(parse_yaml(doc, d));
  auto r = parse_rule(doc, limits(), d);
  std::vector<std::string> out;
  for (const auto& x : d)
    if (x.level == DiagLevel::Error) out.push_back(format_diagnostic(x));
  if (out.empty()) CHECK(r);
  else CHECK_FALSE(r);
  return out;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("rule loader: a good rule loads") { CHECK(errors_of(kGood).empty()); }

TEST_CASE("rule loader: mistakes are errors with file:line:col") {
  auto e = errors_of(replace(kGood, "when:", "wen:"));
  REQUIRE(e.size() == 2);
  CHECK(e[0] == "rules/CFS901-test-rule.yaml:13:1: error: unknown key \"wen\" (did you mean \"when\"?) [unknown-key]");
  CHECK(e[1] == "rules/CFS901-test-rule.yaml:1:1: error: \"top level\" is missing the required key \"when\" [missing-key]");

  CHECK(errors_of(replace(kGood, "topic: d1-storage", "topic: d1-size"))[0] ==
        "rules/CFS901-test-rule.yaml:3:8: error: unknown topic \"d1-size\" (docs/interface.md §4; add new topics to src/engine/topics.h) [rule-invalid]");
  CHECK(errors_of(replace(kGood, "severity: medium", "severity: severe"))[0].find("6:11: error: unknown severity") != std::string::npos);
  CHECK(errors_of(replace(kGood, "target: d1", "target: database"))[0].find("5:9: error: unknown target") != std::string::npos);
  CHECK(errors_of(replace(kGood, "{metric.storage_gb} GB", "{metric.storage} GB"))[0].find("unknown metric \"storage\"") != std::string::npos);
  CHECK(errors_of(replace(kGood, "{metric.storage_gb} GB", "{size} GB"))[0].find("unknown placeholder {size}") != std::string::npos);
  CHECK(errors_of(replace(kGood, "https://developers", "http://developers"))[0].find("must start with https://") != std::string::npos);
  CHECK(errors_of(kGood, "CFS901-other.yaml")[0].find("must be named CFS901-test-rule.yaml") != std::string::npos);
  CHECK(errors_of(replace(kGood, "id: CFS901", "id: R901"))[0].find("CFS followed by three digits") != std::string::npos);
}

TEST_CASE("rule loader: a rule cfscale produces itself takes exactly its own placeholders") {
  std::string cross = replace(replace(kGood, "when: { left: metric.storage_gb, op: \">\", right: 5 }\n", "produced_by: cross-worker\n"),
                              "{metric.storage_gb} GB", "shared by {workers}");
  CHECK(errors_of(cross).empty());
  auto e = errors_of(replace(cross, "shared by {workers}", "{metric.storage_gb} GB"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].find("unknown placeholder {metric.storage_gb}") != std::string::npos);
  CHECK(e[0].find("{binding}, {workers}") != std::string::npos);
  std::string sup = replace(replace(cross, "produced_by: cross-worker", "produced_by: suppressions"), "shared by {workers}", "line {line}: {problem}");
  CHECK(errors_of(replace(replace(sup, "Storage of {binding}", "Suppression of {rules}"), "Archive {binding}.", "Remove it.")).empty());
  CHECK(errors_of(sup)[0].find("unknown placeholder {binding}") != std::string::npos);  // a suppression has no binding
}

TEST_CASE("rule loader: a whole folder with one bad rule fails as a whole") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("cfscale-rules-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const char* f : {"limits.yaml", "pricing.yaml"})
    fs::copy_file(test::source_dir() / "rules" / f, dir / f, fs::copy_options::overwrite_existing);
  std::ofstream(dir / "CFS901-test-rule.yaml") << kGood;
  Diagnostics ok;
  auto set = load_rules(dir.string(), ok);
  REQUIRE(set);
  CHECK(set->rules.size() == 1);
  std::ofstream(dir / "CFS902-broken.yaml") << "id: CFS902\nname: broken\n";
  Diagnostics bad;
  CHECK_FALSE(load_rules(dir.string(), bad));
  CHECK(bad.has_errors());
  fs::remove_all(dir);
}

TEST_CASE("limits: a copy answers from its own values, and a name added later is still found") {
  Limits original;
  Diagnostics d;
  auto limits_doc = load_document(std::string(CFSCALE_SOURCE_DIR) + "/rules/limits.yaml", DocFormat::Yaml, d);
  REQUIRE(limits_doc);
  REQUIRE(parse_limits(*limits_doc, original, d));
  REQUIRE(original.thresholds.count("cache_hit_ratio_assumed"));
  double was = *original.threshold("cache_hit_ratio_assumed");
  Limits copy = original;  // as each settings file's rule set is made
  copy.thresholds.at("cache_hit_ratio_assumed").value = was / 2;  // as a settings file changes it
  CHECK(*copy.threshold("cache_hit_ratio_assumed") == was / 2);
  CHECK(*original.threshold("cache_hit_ratio_assumed") == was);
  Limits assigned;
  assigned = copy;
  CHECK(*assigned.threshold("cache_hit_ratio_assumed") == was / 2);
  Limits moved = std::move(assigned);
  CHECK(*moved.threshold("cache_hit_ratio_assumed") == was / 2);
  copy.thresholds["added_later"] = ThresholdSpec{"added_later", "", "", "", 7, {}};
  CHECK(copy.threshold("added_later") == 7);
  CHECK_FALSE(copy.threshold("no_such_threshold"));
  REQUIRE(!original.limits.empty());
  const auto& [name, spec] = *original.limits.begin();
  CHECK(copy.limit(name, metrics::Plan::Paid) == spec.paid);
  CHECK(copy.limit(name, metrics::Plan::Free) == spec.free);
}

TEST_CASE("rule loader: checklist texts take the Worker's placeholders, not the binding's") {
  // They are rendered for the Worker as a whole: a binding's metric there
  // would print "?". Refused at its place instead.
  std::string with_checklist = replace(kGood, "severity: medium\n",
                                       "severity: medium\nchecklist:\n  item: d1-indexes\n  stage: launch\n"
                                       "  done: \"every database is below {threshold.d1_storage_plan_ratio}\"\n"
                                       "  not_applicable: the Worker binds no D1 database\n");
  CHECK(errors_of(with_checklist).empty());
  auto errors = errors_of(replace(with_checklist, "every database is below {threshold.d1_storage_plan_ratio}", "storage is {metric.storage_gb} GB"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("CFS901-test-rule.yaml:") != std::string::npos);
  CHECK(errors[0].find("storage_gb") != std::string::npos);
}

TEST_CASE("rule loader: the catalogue compiled into the binary is rules/ as it is") {
  Diagnostics d;
  auto builtin = builtin_rules(d);
  auto folder = load_rules(std::string(CFSCALE_SOURCE_DIR) + "/rules", d);
  REQUIRE(builtin);
  REQUIRE(folder);
  REQUIRE(builtin->rules.size() == folder->rules.size());
  for (size_t i = 0; i < folder->rules.size(); ++i) {
    CHECK(builtin->rules[i].id == folder->rules[i].id);
    CHECK(rule_markdown(builtin->rules[i], builtin->limits) == rule_markdown(folder->rules[i], folder->limits));
  }
  CHECK(builtin->limits.as_of == folder->limits.as_of);
  CHECK(builtin->pricing.items.size() == folder->pricing.items.size());
  CHECK(builtin->dir == kBuiltinRulesName);
}
