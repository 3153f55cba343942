// The product registry is what every layer reads: its ids must be the ones the
// metrics key table, the config's bindings and the engine's target types use.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "config/bindings.h"
#include "config/load.h"
#include "core/products.h"
#include "engine/target.h"
#include "metrics/keys.h"

using namespace cfscale;

TEST_CASE("products: ids are unique and found; titles for bill lines") {
  std::set<std::string_view> ids;
  for (const auto& p : products()) {
    CHECK(ids.insert(p.id).second);
    CHECK(find_product(p.id) == &p);
    CHECK_FALSE(p.title.empty());
  }
  CHECK(find_product("nope") == nullptr);
  CHECK(product_title("durable_objects") == "Durable Objects");
  CHECK(product_title("base_fee") == "Plan base fee");
  CHECK(product_title("something_else") == "something_else");
}

TEST_CASE("products: the metrics sections are the measured products, each with keys") {
  std::set<std::string_view> sections;
  for (const auto& k : metrics::key_specs()) sections.insert(k.section);
  for (const auto& p : products()) {
    CAPTURE(p.id);
    CHECK(sections.count(p.id) == (p.measured ? 1u : 0u));
  }
  for (auto s : sections) {
    CAPTURE(s);
    const Product* p = find_product(s);
    CHECK((s.empty() || s == "worker" || (p && p->measured)));
  }
}

TEST_CASE("products: every binding and target names a product of the registry") {
  auto cfg = config::load_config_text("wrangler.jsonc", R"({
    "name": "w", "kv_namespaces": [{"binding": "K", "id": "1"}], "d1_databases": [{"binding": "DB", "database_id": "x"}],
    "r2_buckets": [{"binding": "R", "bucket_name": "b"}], "durable_objects": {"bindings": [{"name": "D", "class_name": "C"}]},
    "queues": {"producers": [{"binding": "Q", "queue": "q"}, {"binding": "P", "queue": "p"}], "consumers": [{"queue": "q"}]},
    "services": [{"binding": "S", "service": "other"}], "analytics_engine_datasets": [{"binding": "A"}],
    "hyperdrive": [{"binding": "H", "id": "h"}], "workflows": [{"binding": "W", "name": "w", "class_name": "Wf"}], "vectorize": [{"binding": "V", "index_name": "i"}], "ai": {"binding": "AI"},
    "containers": [{"class_name": "D", "image": "./Dockerfile", "max_instances": 3}]})",
                                     config::Format::Jsonc);
  REQUIRE(cfg.ok());
  std::set<std::string> listed;
  for (const auto& b : config::list_bindings(*cfg.worker)) {
    CAPTURE(b.product);
    CHECK(find_product(b.product) != nullptr);
    listed.insert(b.product);
  }
  CHECK(listed.size() == 12);
  for (const auto& p : products()) {
    CAPTURE(p.id);
    auto entries = config::measured_entries(p, *cfg.worker);
    CHECK(entries.empty() != p.measured);
  }
  // A queue is measured once, however many entries name it.
  auto queues = config::measured_entries(*find_product("queues"), *cfg.worker);
  REQUIRE(queues.size() == 2);
  CHECK(queues[0].name == "q");
  CHECK(queues[1].name == "p");
  for (size_t i = 0; i < engine::kTargetTypeCount; ++i) {
    auto t = static_cast<engine::TargetType>(i);
    CAPTURE(engine::to_string(t));
    CHECK(engine::parse_target_type(engine::to_string(t)) == t);
    auto section = engine::metrics_section(t);
    CHECK((section == "worker" || find_product(section)->measured));
    for (const auto& target : engine::targets_of(t, *cfg.worker))
      for (auto field : engine::config_fields(t)) CHECK(engine::config_field(target, *cfg.worker, field).known());
  }
}
