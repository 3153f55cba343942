#include "cost/usage.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale::cost {
namespace {

struct Sum {
  double total = 0;
  std::vector<std::string> parts;
  std::vector<std::string> missing;
  bool any = false;
};

// Sums `key` over the metrics entries of `names` in `section`.
// `arithmetic`: also the text of each part (for the bill's explanation).
Sum sum(const metrics::Metrics& m, std::string_view section, const std::vector<std::string>& names, std::string_view key,
        bool arithmetic) {
  Sum s;
  for (const auto& n : names) {
    auto path = [&] { return std::string(section) + '.' + n + '.' + std::string(key); };
    if (const auto* v = m.find(section, n, key)) {
      s.total += v->value;
      s.any = true;
      if (arithmetic) s.parts.push_back(path() + ' ' + format_number(v->value));
    } else {
      s.missing.push_back(path());
    }
  }
  return s;
}

void put_sum(Usage& u, const std::string& id, const Sum& s, double factor, std::string_view factor_text) {
  if (!s.missing.empty() || !s.any) {
    u.unknown[id] = fmt::format("{}", fmt::join(s.missing, ", "));
    return;
  }
  u.monthly[id] = s.total * factor;
  if (s.parts.empty()) return;  // no arithmetic asked for
  u.basis[id] = factor == 1 ? fmt::format("{}", fmt::join(s.parts, " + "))
                            : fmt::format("({}) {}", fmt::join(s.parts, " + "), factor_text);
}

bool is_storage(const Pricing& p, const std::string& id) {
  const auto* item = p.find(id);
  return item && item->stored;
}

// Vectorize's two lines, per index as its pricing page computes them:
// queried dimensions = (vectors stored + queries) x dimensions, a month;
// stored dimensions = vectors stored x dimensions.
void vectorize_usage(Usage& u, const config::WorkerConfig& w, const metrics::Metrics& m, double days, bool arithmetic) {
  double queried = 0, stored = 0;
  std::vector<std::string> queried_parts, stored_parts, queried_missing, stored_missing;
  for (const auto& b : w.vectorize) {
    std::string path = "vectorize." + b.binding + '.';
    const auto* vectors = m.find("vectorize", b.binding, "stored_vectors");
    const auto* dims = m.find("vectorize", b.binding, "dimensions");
    const auto* queries = m.find("vectorize", b.binding, "queries_per_day");
    if (!vectors || !dims) {
      for (const char* k : {"stored_vectors", "dimensions"})
        if (!m.find("vectorize", b.binding, k)) { queried_missing.push_back(path + k); stored_missing.push_back(path + k); }
      if (!queries) queried_missing.push_back(path + "queries_per_day");
      continue;
    }
    stored += vectors->value * dims->value;
    if (arithmetic)
      stored_parts.push_back(fmt::format("{}stored_vectors {} x dimensions {}", path, format_number(vectors->value), format_number(dims->value)));
    if (!queries) { queried_missing.push_back(path + "queries_per_day"); continue; }
    queried += (vectors->value + queries->value * days) * dims->value;
    if (arithmetic)
      queried_parts.push_back(fmt::format("({} vectors + {} queries/day x {} days) x {} dimensions", format_number(vectors->value),
                                          format_number(queries->value), format_number(days), format_number(dims->value)));
  }
  auto put = [&](const std::string& id, double total, const std::vector<std::string>& parts, const std::vector<std::string>& missing) {
    if (!missing.empty()) { u.unknown[id] = fmt::format("{}", fmt::join(missing, ", ")); return; }
    u.monthly[id] = total;
    if (arithmetic) u.basis[id] = fmt::format("{}", fmt::join(parts, " + "));
  };
  put("vectorize.queried_dimensions", queried, queried_parts, queried_missing);
  put("vectorize.stored_dimensions", stored, stored_parts, stored_missing);
}

}  // namespace

std::optional<QueueOps> queue_operations(const metrics::Metrics& m, const std::string& q) {
  const auto* msgs = m.find("queues", q, "messages_per_day");
  if (!msgs) return std::nullopt;
  const auto* kb = m.find("queues", q, "message_kb_avg");
  const auto* retries = m.find("queues", q, "retries_per_day");
  QueueOps o;
  o.messages = msgs->value;
  o.retries = retries ? retries->value : 0;
  o.chunks = std::ceil(((kb ? kb->value : 1.0) + 0.1) / 64.0);
  o.per_day = o.messages * 3 * o.chunks + o.retries * o.chunks;
  return o;
}

void add(Usage& u, const std::string& id, double delta, const std::string& why) {
  u.monthly[id] = std::max(0.0, u.monthly[id] + delta);
  u.basis[id] = u.basis[id].empty() ? why : u.basis[id] + "; " + why;
}

Usage measure(const config::WorkerConfig& w, const metrics::Metrics& m, const Pricing& pricing, bool arithmetic) {
  Usage u;
  double days = pricing.month_days;
  std::string per_month = arithmetic ? fmt::format("x {} days", format_number(days)) : std::string();

  // Workers: requests, and CPU time = requests x average CPU per request.
  if (const auto* rpd = m.find("worker.requests_per_day")) {
    u.monthly["workers.requests"] = rpd->value * days;
    if (arithmetic) u.basis["workers.requests"] = fmt::format("worker.requests_per_day {} {}", format_number(rpd->value), per_month);
    const auto* cpu = m.find("worker.cpu_ms_avg");
    std::string which = "worker.cpu_ms_avg";
    if (!cpu) { cpu = m.find("worker.cpu_ms_p50"); which = "worker.cpu_ms_p50 (no cpu_ms_avg; the median understates the mean)"; }
    if (cpu) {
      u.monthly["workers.cpu_ms"] = rpd->value * cpu->value * days;
      if (arithmetic) u.basis["workers.cpu_ms"] = fmt::format("{} requests/day x {} {} ms {}", format_number(rpd->value), which, format_number(cpu->value), per_month);
    } else {
      u.unknown["workers.cpu_ms"] = "worker.cpu_ms_avg";
    }
  } else {
    u.unknown["workers.requests"] = "worker.requests_per_day";
    u.unknown["workers.cpu_ms"] = "worker.requests_per_day, worker.cpu_ms_avg";
  }

  auto names = [](const auto& list, auto field) {
    std::vector<std::string> out;
    for (const auto& b : list) out.push_back(b.*field);
    return out;
  };
  auto kv = names(w.kv_namespaces, &config::KvNamespace::binding);
  auto d1 = names(w.d1_databases, &config::D1Database::binding);
  auto r2 = names(w.r2_buckets, &config::R2Bucket::binding);
  auto dobj = names(w.durable_objects, &config::DurableObjectBinding::name);

  if (!kv.empty()) {
    put_sum(u, "kv.reads", sum(m, "kv", kv, "reads_per_day", arithmetic), days, per_month);
    put_sum(u, "kv.writes", sum(m, "kv", kv, "writes_per_day", arithmetic), days, per_month);
    put_sum(u, "kv.deletes", sum(m, "kv", kv, "deletes_per_day", arithmetic), days, per_month);
    put_sum(u, "kv.lists", sum(m, "kv", kv, "lists_per_day", arithmetic), days, per_month);
    put_sum(u, "kv.storage", sum(m, "kv", kv, "storage_gb", arithmetic), 1, "");
  }
  if (!d1.empty()) {
    put_sum(u, "d1.rows_read", sum(m, "d1", d1, "rows_read_per_day", arithmetic), days, per_month);
    put_sum(u, "d1.rows_written", sum(m, "d1", d1, "rows_written_per_day", arithmetic), days, per_month);
    put_sum(u, "d1.storage", sum(m, "d1", d1, "storage_gb", arithmetic), 1, "");
  }
  if (!r2.empty()) {
    put_sum(u, "r2.class_a", sum(m, "r2", r2, "class_a_per_day", arithmetic), days, per_month);
    put_sum(u, "r2.class_b", sum(m, "r2", r2, "class_b_per_day", arithmetic), days, per_month);
    put_sum(u, "r2.storage", sum(m, "r2", r2, "storage_gb", arithmetic), 1, "");
  }
  if (!dobj.empty()) {
    // Incoming WebSocket messages are billed as requests at 20:1.
    Sum requests = sum(m, "durable_objects", dobj, "requests_per_day", arithmetic);
    Sum ws = sum(m, "durable_objects", dobj, "websocket_messages_per_day", arithmetic);
    if (ws.any) {
      requests.total += ws.total / 20;
      for (auto& part : ws.parts) requests.parts.push_back(part + " / 20");
    }
    put_sum(u, "durable_objects.requests", requests, days, per_month);
    put_sum(u, "durable_objects.duration", sum(m, "durable_objects", dobj, "duration_gb_s_per_day", arithmetic), days, per_month);
    put_sum(u, "durable_objects.storage", sum(m, "durable_objects", dobj, "storage_gb", arithmetic), 1, "");
  }

  std::set<std::string> queues;
  for (const auto& p : w.queue_producers) queues.insert(p.queue);
  for (const auto& c : w.queue_consumers) queues.insert(c.queue);
  if (!queues.empty()) {
    double ops = 0;
    std::vector<std::string> parts, missing;
    for (const auto& q : queues) {
      auto o = queue_operations(m, q);
      if (!o) { missing.push_back("queues." + q + ".messages_per_day"); continue; }
      ops += o->per_day;
      if (arithmetic)
        parts.push_back(fmt::format("{}: ({} messages x 3 + {} retries) x {} chunk{}/day", q, format_number(o->messages),
                                    format_number(o->retries), format_number(o->chunks), o->chunks == 1 ? "" : "s"));
    }
    if (missing.empty()) {
      u.monthly["queues.operations"] = ops * days;
      if (arithmetic) u.basis["queues.operations"] = fmt::format("{} {}", fmt::join(parts, "; "), per_month);
    } else {
      u.unknown["queues.operations"] = fmt::format("{}", fmt::join(missing, ", "));
    }
  }
  if (!w.workflows.empty()) {
    auto wf = names(w.workflows, &config::WorkflowBinding::binding);
    put_sum(u, "workflows.storage", sum(m, "workflows", wf, "storage_gb", arithmetic), 1, "");
  }
  if (!w.hyperdrive.empty()) {
    auto hd = names(w.hyperdrive, &config::HyperdriveBinding::binding);
    put_sum(u, "hyperdrive.queries", sum(m, "hyperdrive", hd, "queries_per_day", arithmetic), days, per_month);
  }
  if (!w.vectorize.empty()) vectorize_usage(u, w, m, days, arithmetic);
  if (w.ai) {
    std::vector<std::string> ai{w.ai->binding};
    put_sum(u, "ai.neurons", sum(m, "ai", ai, "neurons_per_day", arithmetic), days, per_month);
  }
  if (!w.containers.empty()) {
    auto ct = names(w.containers, &config::ContainerApp::class_name);
    put_sum(u, "containers.vcpu", sum(m, "containers", ct, "vcpu_seconds_per_day", arithmetic), days, per_month);
    put_sum(u, "containers.memory", sum(m, "containers", ct, "memory_gib_seconds_per_day", arithmetic), days, per_month);
    put_sum(u, "containers.disk", sum(m, "containers", ct, "disk_gb_seconds_per_day", arithmetic), days, per_month);
  }
  if (!w.analytics_engine_datasets.empty()) {
    auto ae = names(w.analytics_engine_datasets, &config::AnalyticsEngineDataset::binding);
    put_sum(u, "analytics_engine.data_points", sum(m, "analytics_engine", ae, "data_points_per_day", arithmetic), days, per_month);
    put_sum(u, "analytics_engine.queries", sum(m, "analytics_engine", ae, "queries_per_day", arithmetic), days, per_month);
  }
  return u;
}

Usage scaled(const Usage& u, const Pricing& pricing, double traffic, double storage) {
  Usage out = u;
  for (auto& [id, q] : out.monthly) {
    double f = is_storage(pricing, id) ? storage : traffic;
    q *= f;
    if (f != 1) out.basis[id] += fmt::format(" x {}", format_number(f));
  }
  return out;
}

}  // namespace cfscale::cost
