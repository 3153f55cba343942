#include "engine/environments.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "engine/finding.h"
#include "engine/template.h"

namespace cfscale::engine {
namespace {

constexpr std::array<std::string_view, 3> kProductionNames = {"production", "prod", "live"};

bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// One resource a deployment binds: what it is, the id that makes it one
// resource, and where the deployment binds it.
struct Bound {
  std::string product;  // kv | d1 | r2 | queues
  std::string id;
  std::string what;     // "D1 database orders-db (id 1b2c...)"
  std::string binding;
  Pos pos;
};

std::vector<Bound> bound(const config::WorkerConfig& w) {
  std::vector<Bound> out;
  for (const auto& d : w.d1_databases)
    if (d.database_id && !is_placeholder_id(*d.database_id, "d1"))
      out.push_back({"d1", *d.database_id, fmt::format("D1 database {} (database_id {})", d.database_name.value_or("?"), *d.database_id), d.binding, d.pos});
  for (const auto& k : w.kv_namespaces)
    if (k.id && !is_placeholder_id(*k.id, "kv")) out.push_back({"kv", *k.id, fmt::format("KV namespace {}", *k.id), k.binding, k.pos});
  for (const auto& r : w.r2_buckets)
    if (r.bucket_name && !r.bucket_name->empty())
      out.push_back({"r2", *r.bucket_name + "/" + r.jurisdiction.value_or(""), fmt::format("R2 bucket {}", *r.bucket_name), r.binding, r.pos});
  for (const auto& p : w.queue_producers) out.push_back({"queues", p.queue, fmt::format("queue {} (sent to)", p.queue), p.binding, p.pos});
  for (const auto& c : w.queue_consumers)
    out.push_back({"queues", "consume:" + c.queue, fmt::format("queue {} (consumed: production's messages go to this environment)", c.queue), c.queue, c.pos});
  return out;
}

// Whether a deployment can run at all once deployed: a top level kept only
// for `wrangler dev` (bindings simulated locally) with workers.dev off, no
// route, no cron and no queue to consume touches nothing of production.
bool reachable(const config::WorkerConfig& w) {
  bool routed = w.route || w.route_object || (w.routes && !w.routes->empty());
  return routed || w.workers_dev.value_or(true) || (w.triggers.crons && !w.triggers.crons->empty()) || !w.queue_consumers.empty();
}

}  // namespace

std::optional<std::string> production_environment(const config::WorkerConfig& w) {
  for (auto name : kProductionNames)
    if (std::find(w.defined_environments.begin(), w.defined_environments.end(), name) != w.defined_environments.end())
      return std::string(name);
  return std::nullopt;
}

std::optional<config::WorkerConfig> production_of(const config::LoadedConfig& loaded) {
  if (!loaded.worker) return std::nullopt;
  const config::WorkerConfig& w = *loaded.worker;
  if (w.defined_environments.empty()) return std::nullopt;  // one deployment: nothing to compare
  if (w.env && std::find(w.defined_environments.begin(), w.defined_environments.end(), *w.env) == w.defined_environments.end())
    return std::nullopt;
  auto production = production_environment(w);
  if (production == w.env) return std::nullopt;
  if (!w.env && !reachable(w)) return std::nullopt;
  return config::resolve_sibling(loaded, production);
}

bool is_placeholder_id(std::string_view id, std::string_view product) {
  if (id.empty()) return true;
  bool one_char = std::all_of(id.begin(), id.end(), [&](char c) { return c == id.front() || c == '-'; });
  if (one_char) return true;  // 0000..., xxxx..., aaaa-aaaa-...
  if (product == "kv") return id.size() != 32 || !std::all_of(id.begin(), id.end(), hex);
  if (product == "d1") {
    if (id.size() != 36) return true;
    for (size_t i = 0; i < id.size(); ++i) {
      bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? id[i] != '-' : !hex(id[i])) return true;
    }
    // Counting ids of examples (00000000-0000-0000-0000-000000000001, 12345678-...).
    std::string digits;
    for (char c : id)
      if (c != '-') digits += c;
    return digits.find_first_not_of('0') >= digits.size() - 2 || digits.rfind("12345678", 0) == 0;
  }
  return false;
}

std::vector<Finding> shares_production(const RuleSet& rules, const config::WorkerConfig& w, const config::WorkerConfig& production) {
  std::vector<Finding> out;
  const Rule* rule = rules.find("CFS207");
  if (!rule) return out;
  auto prod = bound(production);
  std::string env = w.env ? "environment " + *w.env : std::string("the top level");
  std::string prod_name = production.env ? "environment " + *production.env : std::string("the top level");
  for (const auto& b : bound(w)) {
    auto same = std::find_if(prod.begin(), prod.end(), [&](const Bound& p) { return p.product == b.product && p.id == b.id; });
    if (same == prod.end()) continue;
    Finding f = finding_of(*rule);
    NamedValues values = {{"binding", b.binding}, {"resource", b.what}, {"env", env}, {"production", prod_name}};
    f.title = render(rule->compiled.title, values);
    f.message = render(rule->compiled.message, values);
    f.recommendation = render(rule->compiled.recommendation, values);
    f.target = cfscale::Target{b.product, b.binding};
    f.location = w.location(b.pos);
    f.related_locations.push_back(production.location(same->pos));
    f.cost_basis = "no effect on the bill";
    f.cost_monthly_usd = 0;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace cfscale::engine
