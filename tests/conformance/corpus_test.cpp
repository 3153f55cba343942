// Corpus agreement: every config in ../shared/corpus/wrangler is read, and for
// every case in ../shared/corpus/resolved (each file without an environment and
// once per environment) the keys cfscale models equal what wrangler 4.164
// resolved them to.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/config_json.h"
#include "support.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace cfscale;

namespace {

// Files wrangler itself cannot parse, with the error cfscale must give.
const std::map<std::string, std::pair<std::string, std::string>> kInvalid = {
    // {{project-name}} templates: a quote inside a quoted string.
    {"cloudflare__workers-rs__templates__axum__wrangler.toml", {"toml-syntax", "3:27"}},
    // A Liquid template: `{%` is not TOML.
    {"cloudflare__workers-rs__templates__leptos__wrangler.toml", {"toml-syntax", "1:1"}},
    // [observability] declared twice.
    {"redwoodjs__sdk__starters__db__wrangler.toml", {"toml-syntax", "16:1"}},
    // `assets = "..."`, a string: wrangler too says "assets" should be an object.
    {"opennextjs__opennextjs-cloudflare__next-apps__api-nodejs-hello-world__wrangler.toml", {"wrong-type", "4:10"}},
};

// Where cfscale differs from wrangler on purpose: none so far.
const std::map<std::string, std::string> kKnownDifferences = {};

// Fields cfscale models per binding key; wrangler's other fields (remote,
// experimental ones) are not compared.
const std::map<std::string, std::vector<std::string>> kEntryFields = {
    {"kv_namespaces", {"binding", "id", "preview_id"}},
    {"d1_databases", {"binding", "database_name", "database_id", "preview_database_id", "migrations_dir", "migrations_table"}},
    {"r2_buckets", {"binding", "bucket_name", "preview_bucket_name", "jurisdiction"}},
    {"services", {"binding", "service", "environment", "entrypoint"}},
    {"analytics_engine_datasets", {"binding", "dataset"}},
    {"hyperdrive", {"binding", "id"}},
    {"workflows", {"binding", "name", "class_name", "script_name"}},
    {"vectorize", {"binding", "index_name"}},
    {"migrations", {"tag", "new_classes", "new_sqlite_classes", "deleted_classes", "renamed_classes"}},
};

const std::vector<std::string> kConsumerFields = {"queue", "type", "max_batch_size", "max_batch_timeout", "max_retries",
                                                  "dead_letter_queue", "max_concurrency", "retry_delay",
                                                  "visibility_timeout_ms"};

// Keeps `fields` of an object, dropping nulls (wrangler writes undefined as null).
json project(const json& obj, const std::vector<std::string>& fields) {
  json out = json::object();
  if (!obj.is_object()) return obj;
  for (const auto& f : fields)
    if (obj.contains(f) && !obj[f].is_null()) out[f] = obj[f];
  return out;
}

json project_list(const json& arr, const std::vector<std::string>& fields) {
  json out = json::array();
  if (!arr.is_array()) return out;
  for (const auto& e : arr) out.push_back(project(e, fields));
  return out;
}

json drop_nulls(const json& v) {
  if (!v.is_object()) return v;
  json out = json::object();
  for (auto& [k, x] : v.items())
    if (!x.is_null()) out[k] = drop_nulls(x);
  return out;
}

// The modelled view of a resolved config (ours or wrangler's), comparable key by key.
std::map<std::string, json> modelled(const json& c) {
  std::map<std::string, json> m;
  auto get = [&](const char* k) { return c.contains(k) ? c[k] : json(nullptr); };
  for (const char* k : {"name", "main", "compatibility_date", "route", "workers_dev", "logpush"}) m[k] = get(k);
  m["compatibility_flags"] = get("compatibility_flags").is_null() ? json::array() : get("compatibility_flags");
  m["routes"] = get("routes");
  m["placement"] = drop_nulls(get("placement"));
  m["limits"] = drop_nulls(get("limits"));
  json crons = get("triggers").is_object() ? get("triggers").value("crons", json(nullptr)) : json(nullptr);
  m["triggers.crons"] = crons;
  json obs = get("observability");
  m["observability"] = obs.is_object() ? project(obs, {"enabled", "head_sampling_rate"}) : obs;
  for (const auto& [key, fields] : kEntryFields) m[key] = project_list(get(key.c_str()), fields);
  json q = get("queues");
  m["queues.producers"] = project_list(q.is_object() ? q.value("producers", json::array()) : json::array(),
                                       {"binding", "queue", "delivery_delay"});
  m["queues.consumers"] = project_list(q.is_object() ? q.value("consumers", json::array()) : json::array(), kConsumerFields);
  json dob = get("durable_objects");
  m["durable_objects.bindings"] = project_list(dob.is_object() ? dob.value("bindings", json::array()) : json::array(),
                                               {"name", "class_name", "script_name", "environment"});
  json ai = get("ai");
  m["ai"] = ai.is_object() ? project(ai, {"binding"}) : ai;
  json vars = json::array();
  json vars_obj = get("vars");
  if (vars_obj.is_object())
    for (auto& [k, _] : vars_obj.items()) vars.push_back(k);
  m["vars"] = vars;
  m["targetEnvironment"] = get("targetEnvironment");
  m["topLevelName"] = get("topLevelName");
  m["definedEnvironments"] = get("definedEnvironments");
  return m;
}

struct Case {
  std::string file;
  std::optional<std::string> env;
  fs::path resolved;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& e : fs::directory_iterator(test::shared_dir() / "corpus" / "resolved")) {
    std::string name = e.path().filename().string();
    auto at = name.rfind('@');
    std::string env = name.substr(at + 1, name.size() - at - 1 - 5);  // strip ".json"
    out.push_back(Case{name.substr(0, at), env == "_top" ? std::nullopt : std::optional<std::string>(env), e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.resolved < b.resolved; });
  return out;
}

}  // namespace

TEST_CASE("corpus: every wrangler config in ../shared/corpus is read") {
  fs::path dir = test::shared_dir() / "corpus" / "wrangler";
  REQUIRE_MESSAGE(fs::is_directory(dir), "missing " << dir << " (the shared/ folder must sit beside the checkout)");
  size_t files = 0;
  std::set<std::string> failed;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++files;
    auto loaded = config::load_config(e.path().string());
    if (!loaded.ok()) failed.insert(e.path().filename().string());
  }
  CHECK(files == 258);
  std::set<std::string> expected;
  for (const auto& [f, _] : kInvalid) expected.insert(f);
  for (const auto& f : failed)
    if (!expected.count(f)) MESSAGE("cfscale rejects " << f);
  CHECK(failed == expected);
}

TEST_CASE("corpus: the known-invalid files give their errors") {
  for (const auto& [file, expect] : kInvalid) {
    CAPTURE(file);
    auto loaded = config::load_config((test::shared_dir() / "corpus" / "wrangler" / file).string());
    REQUIRE(loaded.diags.has_errors());
    const auto& d = loaded.diags.items().front();
    CHECK(d.code == expect.first);
    CHECK(fmt::format("{}:{}", d.location.pos.line, d.location.pos.column) == expect.second);
  }
}

TEST_CASE("corpus: resolved keys agree with wrangler for every file and environment") {
  auto all = cases();
  REQUIRE(all.size() == 369);
  size_t compared = 0;
  std::vector<std::string> mismatches;
  for (const auto& c : all) {
    json expected = json::parse(test::read_file(c.resolved));
    std::string label = c.file + "@" + (c.env ? *c.env : "_top");
    auto loaded = config::load_config((test::shared_dir() / "corpus" / "wrangler" / c.file).string(),
                                      config::LoadOptions{c.env});
    if (expected["config"].is_null()) {
      // Wrangler could not parse it: neither may we.
      if (loaded.ok()) mismatches.push_back(label + ": wrangler could not parse it, cfscale did");
      continue;
    }
    if (!loaded.worker) {
      mismatches.push_back(label + ": cfscale could not read it: " + format_diagnostic(loaded.diags.items().front()));
      continue;
    }
    auto ours = modelled(json::parse(config::to_wrangler_json(*loaded.worker).dump()));
    auto theirs = modelled(expected["config"]);
    ++compared;
    for (const auto& [key, value] : theirs) {
      if (kKnownDifferences.count(label + ":" + key)) continue;
      if (ours[key] != value)
        mismatches.push_back(label + ": " + key + ": wrangler " + value.dump() + " cfscale " + ours[key].dump());
    }
  }
  for (const auto& m : mismatches) MESSAGE(m);
  CHECK(mismatches.empty());
  CHECK(compared >= 360);
}
