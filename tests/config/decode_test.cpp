// Decoding the typed model and its diagnostics: wrong types, ranges,
// unknown and legacy keys.
#include <doctest/doctest.h>

#include "config/instance_types.h"
#include "support.h"

using namespace cfscale;
using cfscale::test::find_code;

TEST_CASE("decode: the modelled keys reach the typed model with positions") {
  auto c = test::jsonc(R"({
  "name": "shop-api",
  "main": "./src/index.ts",
  "compatibility_date": "2025-06-01",
  "placement": { "mode": "smart" },
  "limits": { "cpu_ms": 50000 },
  "triggers": { "crons": ["*/5 * * * *"] },
  "kv_namespaces": [{ "binding": "CACHE", "id": "k1" }],
  "d1_databases": [{ "binding": "DB", "database_name": "shop", "database_id": "d1", "migrations_dir": "db/migrations" }],
  "r2_buckets": [{ "binding": "ASSETS", "bucket_name": "shop-assets" }],
  "queues": {
    "producers": [{ "binding": "EVENTS", "queue": "events" }],
    "consumers": [{ "queue": "events", "max_batch_size": 50, "max_batch_timeout": 5, "max_retries": 3,
                    "dead_letter_queue": "events-dlq", "max_concurrency": 10, "retry_delay": 30 }]
  },
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }],
  "services": [{ "binding": "AUTH", "service": "auth-worker", "entrypoint": "Auth" }],
  "analytics_engine_datasets": [{ "binding": "METRICS" }],
  "hyperdrive": [{ "binding": "PG", "id": "h1" }],
  "workflows": [{ "binding": "FLOW", "name": "flow", "class_name": "Flow" }],
  "vectorize": [{ "binding": "VEC", "index_name": "idx" }],
  "ai": { "binding": "AI" },
  "vars": { "LOG_LEVEL": "info" }
})");
  REQUIRE(c.ok());
  const auto& w = *c.worker;
  CHECK(w.name == "shop-api");
  CHECK(w.main == "src/index.ts");
  CHECK(w.placement->mode == "smart");
  CHECK(w.limits->cpu_ms == 50000);
  CHECK(w.triggers.crons->size() == 1);
  CHECK(w.kv_namespaces[0].binding == "CACHE");
  CHECK(w.kv_namespaces[0].pos.line == 8);
  CHECK(w.d1_databases[0].migrations_dir == "db/migrations");
  CHECK(w.r2_buckets[0].bucket_name == "shop-assets");
  CHECK(w.queue_producers[0].queue == "events");
  const auto& q = w.queue_consumers[0];
  CHECK(q.max_batch_size == 50);
  CHECK(q.max_batch_timeout == 5);
  CHECK(q.max_retries == 3);
  CHECK(q.dead_letter_queue == "events-dlq");
  CHECK(q.max_concurrency == 10);
  CHECK(q.retry_delay == 30);
  CHECK(q.pos.line == 13);
  CHECK(w.durable_objects[0].class_name == "Room");
  CHECK(w.migrations[0].new_sqlite_classes[0] == "Room");
  CHECK(w.services[0].entrypoint == "Auth");
  CHECK(w.analytics_engine_datasets[0].binding == "METRICS");
  CHECK(w.hyperdrive[0].id == "h1");
  CHECK(w.workflows[0].class_name == "Flow");
  CHECK(w.vectorize[0].index_name == "idx");
  CHECK(w.ai->binding == "AI");
  CHECK(w.vars[0].name == "LOG_LEVEL");
  CHECK(w.key_location("placement").pos.line == 5);
  CHECK(w.key_location("observability").pos.line == 1);  // missing: where it belongs
}

TEST_CASE("decode: containers, with a predefined or a custom instance type") {
  auto c = test::jsonc(R"({ "name": "w",
  "containers": [
    { "class_name": "A", "image": "./Dockerfile", "max_instances": 10, "instance_type": "standard-2", "rollout_step_percentage": 25 },
    { "class_name": "B", "image": "./Dockerfile", "instance_type": { "vcpu": 2, "memory_mib": 6144, "disk_mb": 8000 } },
    { "class_name": "C", "image": "./Dockerfile" }
  ] })");
  REQUIRE(c.ok());
  CHECK(c.diags.empty());  // wrangler's other keys are known
  const auto& ct = c.worker->containers;
  REQUIRE(ct.size() == 3);
  CHECK(ct[0].max_instances == 10);
  CHECK(ct[0].instance_type == "standard-2");
  CHECK(ct[1].vcpu == 2);
  CHECK(ct[1].memory_mib == 6144);
  CHECK(ct[1].disk_mb == 8000);
  CHECK_FALSE(ct[2].instance_type);

  auto a = config::instance_size(ct[0]);
  REQUIRE(a);
  CHECK(config::describe(*a) == "standard-2: 1 vCPU, 6 GiB memory, 12 GB disk");
  auto b = config::instance_size(ct[1]);
  REQUIRE(b);
  CHECK(b->memory_gib == 6);
  CHECK(b->disk_gb == 8);
  auto d = config::instance_size(ct[2]);
  REQUIRE(d);
  CHECK(d->vcpu == doctest::Approx(0.0625));
  CHECK(d->name.find("wrangler's default") != std::string::npos);
}

TEST_CASE("decode: a container instance type that does not exist, or too large, is an error at its value") {
  auto c = test::jsonc(R"({ "name": "w",
  "containers": [ { "class_name": "A", "image": "x", "instance_type": "huge" },
                  { "class_name": "B", "image": "x", "instance_type": { "vcpu": 8, "memory_mib": 4096, "disk_mb": 1000 } } ] })");
  CHECK_FALSE(c.ok());
  std::vector<std::string> msgs;
  for (const auto& d : c.diags) msgs.push_back(format_diagnostic(d));
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0].find("wrangler.jsonc:2:71: error: \"containers[0].instance_type\" is \"huge\", not an instance type") == 0);
  CHECK(msgs[1].find("\"containers[1].instance_type.vcpu\" is 8 vCPU, outside the range Cloudflare documents") != std::string::npos);
}

TEST_CASE("decode: wrong types are errors at the value") {
  auto c = test::jsonc("{\n\"name\": 5,\n\"kv_namespaces\": [{\"binding\": \"A\"}, \"B\"],\n\"queues\": {\"consumers\": [{\"max_batch_size\": 5}]}\n}");
  CHECK_FALSE(c.ok());
  std::vector<std::string> msgs;
  for (const auto& d : c.diags) msgs.push_back(format_diagnostic(d));
  REQUIRE(msgs.size() == 3);
  CHECK(msgs[0] == "wrangler.jsonc:2:9: error: \"name\" must be a string, but is integer 5 [wrong-type]");
  CHECK(msgs[1] == "wrangler.jsonc:3:37: error: \"kv_namespaces[1]\" must be an object, but is string \"B\" [wrong-type]");
  CHECK(msgs[2] ==
        "wrangler.jsonc:4:26: error: \"queues.consumers[0]\" is missing the required key \"queue\" [missing-key]");
}

TEST_CASE("decode: documented ranges are checked, citing the source") {
  auto c = test::toml(R"(name = "w"
limits = { cpu_ms = 400000 }
[[queues.consumers]]
queue = "q"
max_batch_size = 101
max_batch_timeout = 61
max_retries = 101
max_concurrency = 251
[[queues.consumers]]
queue = "ok"
max_batch_size = 100
max_batch_timeout = 0
max_retries = 0
max_concurrency = 250
)");
  CHECK_FALSE(c.ok());
  std::vector<std::string> msgs;
  for (const auto& d : c.diags) msgs.push_back(format_diagnostic(d));
  REQUIRE(msgs.size() == 5);
  CHECK(msgs[0].find("wrangler.toml:2:21: error: \"limits.cpu_ms\" is 400,000 ms, outside the range Cloudflare documents: "
                     "1 to 300,000 ms (see https://developers.cloudflare.com/workers/platform/limits/") == 0);
  CHECK(msgs[1].find("wrangler.toml:5:18: error: \"queues.consumers[0].max_batch_size\" is 101") == 0);
  CHECK(msgs[2].find("\"queues.consumers[0].max_batch_timeout\" is 61 s, outside the range Cloudflare documents: 0 to 60 s") !=
        std::string::npos);
  CHECK(msgs[3].find("max_retries\" is 101") != std::string::npos);
  CHECK(msgs[4].find("max_concurrency\" is 251") != std::string::npos);
  CHECK(msgs[4].find("consumer-concurrency") != std::string::npos);
}

TEST_CASE("decode: unknown keys warn with a suggestion") {
  auto c = test::jsonc(R"({"name": "w", "kv_namespace": [], "d1_databases": [{"binding": "DB", "databse_id": "x"}]})");
  CHECK(c.ok());
  std::vector<std::string> msgs;
  for (const auto& d : c.diags) msgs.push_back(d.message);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[0] == "unknown key \"kv_namespace\" (did you mean \"kv_namespaces\"?)");
  CHECK(msgs[1] == "unknown key \"d1_databases[0].databse_id\" (did you mean \"database_id\"?)");
}

TEST_CASE("decode: legacy keys say what replaced them") {
  auto c = test::toml("name = \"w\"\ntype = \"webpack\"\nzone_id = \"z\"\nusage_model = \"bundled\"\nnode_compat = true\n");
  CHECK(c.ok());
  REQUIRE(c.diags.size() == 4);
  for (const auto& d : c.diags) CHECK(d.code == "legacy-key");
  CHECK(c.diags.items()[0].message.find("\"main\"") != std::string::npos);
  CHECK(c.diags.items()[2].message.find("Standard usage model") != std::string::npos);
  CHECK(c.diags.items()[3].message.find("nodejs_compat") != std::string::npos);
}

TEST_CASE("decode: route and routes together are an error; an empty route is ignored") {
  auto both = test::jsonc(R"({"route": "a.com/*", "routes": ["b.com/*"]})");
  CHECK(find_code(both.diags, "conflict"));
  auto empty = test::toml("route = \"\"\n");
  CHECK(empty.ok());
  CHECK(find_code(empty.diags, "empty-route"));
  CHECK_FALSE(empty.worker->route);
}

TEST_CASE("decode: keys cfscale does not model warn on a wrong type instead of failing") {
  auto c = test::toml("name = \"w\"\nbuild = \"npm run build\"\n");
  CHECK(c.ok());
  const Diagnostic* d = find_code(c.diags, "wrong-type");
  REQUIRE(d);
  CHECK(d->level == DiagLevel::Warning);
}

TEST_CASE("decode: the static assets' folder") {
  auto c = test::toml("name = \"w\"\nassets = { directory = \"./public\", binding = \"ASSETS\" }\n[env.staging]\nname = \"w-staging\"\n");
  REQUIRE(c.ok());
  CHECK(c.worker->assets_directory == "./public");
  auto none = test::toml("name = \"w\"\n");
  CHECK_FALSE(none.worker->assets_directory);
}

TEST_CASE("decode: placement and a pull consumer type") {
  auto c = test::jsonc(R"({"placement": {"mode": "fast"}, "queues": {"consumers": [{"queue": "q", "type": "http_pull"}]}})");
  CHECK_FALSE(c.ok());
  CHECK(find_code(c.diags, "invalid-value")->message.find("\"smart\" or \"off\"") != std::string::npos);
  CHECK(find_code(c.diags, "legacy-value"));
}
