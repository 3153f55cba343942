// Importing what a user saved: the reference's GraphQL response gives the
// figures its mapping says, saved events give empirical percentiles and
// rates, and malformed files are errors with their position.
#include <doctest/doctest.h>

#include <map>

#include <fmt/format.h>

#include "analytics/import.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::analytics;

namespace {

// The reference's example project: Worker "shop-api", one D1 database DB.
config::WorkerConfig shop() {
  auto loaded = test::jsonc(R"({"name": "shop-api", "main": "src/index.ts",
    "d1_databases": [{"binding": "DB", "database_name": "shop", "database_id": "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29"}]})");
  REQUIRE(loaded.ok());
  return *loaded.worker;
}

struct Result {
  bool ok = false;
  Imported imported;
  Diagnostics diags;
  std::map<std::string, const metrics::Measurement*> by_path;
};

void run(Result& r, const std::string& name, std::string text, ImportOptions opts = {}) {
  Document doc;
  doc.path = name;
  doc.text = std::move(text);
  r.ok = import_file(doc, shop(), opts, r.imported, r.diags);
  for (const auto& m : r.imported.converted.values) r.by_path[m.path()] = &m;
}

// Whether any diagnostic's text holds `part`.
bool said(const Diagnostics& diags, const std::string& part) {
  for (const auto& d : diags)
    if (format_diagnostic(d).find(part) != std::string::npos) return true;
  return false;
}

double value(const Result& r, const std::string& path) {
  auto it = r.by_path.find(path);
  REQUIRE_MESSAGE(it != r.by_path.end(), path);
  return it->second->value;
}

// §4.2 of the shared reference, with dates inside the window.
const char* kResponse = R"({
  "data": { "viewer": { "accounts": [ {
    "cfs_worker": [ {
      "sum": { "requests": 36000000, "errors": 1210, "subrequests": 90000000, "cpuTimeUs": 147600000000, "wallTime": 5400000000000 },
      "quantiles": { "cpuTimeP50": 3000, "cpuTimeP99": 40000, "wallTimeP99": 850000, "memoryUsageBytesP99": 73400320 } } ],
    "cfs_worker_status": [
      { "dimensions": { "status": "success" },     "sum": { "requests": 35998790 } },
      { "dimensions": { "status": "exceededCpu" }, "sum": { "requests": 0 } },
      { "dimensions": { "status": "scriptThrewException" }, "sum": { "requests": 1210 } } ],
    "cfs_worker_subreq_cache": [
      { "dimensions": { "cacheStatus": "hit" },  "sum": { "subrequests": 31500000 } },
      { "dimensions": { "cacheStatus": "miss" }, "sum": { "subrequests": 58500000 } } ],
    "cfs_d1_DB": [ {
      "sum": { "readQueries": 120000000, "writeQueries": 4500000, "rowsRead": 2700000000, "rowsWritten": 12000000 },
      "avg": { "queryBatchTimeMs": 2.5 }, "quantiles": { "queryBatchTimeMsP90": 9.8 } } ],
    "cfs_d1_DB_queries": [
      { "count": 90000000, "sum": { "queryDurationMs": 180000000, "rowsRead": 2000000000, "rowsWritten": 0 },
        "quantiles": { "queryDurationMsP95": 31 }, "dimensions": { "query": "SELECT * FROM products WHERE id = ?" } } ],
    "cfs_d1_DB_storage": [
      { "dimensions": { "date": "2026-11-02" }, "max": { "databaseSizeBytes": 2900000000 } },
      { "dimensions": { "date": "2026-11-30" }, "max": { "databaseSizeBytes": 3200000000 } } ]
  } ] } },
  "errors": null
})";

const char* kName = "cfscale-analytics-worker-2026-11-01_2026-12-01.json";

}  // namespace

TEST_CASE("import: the reference's GraphQL response gives the figures its mapping says") {
  Result r;
  run(r, kName, kResponse);
  REQUIRE(r.ok);
  CHECK(r.imported.kind == "GraphQL Analytics response");
  CHECK(value(r, "worker.requests_per_day") == doctest::Approx(1'200'000));
  CHECK(value(r, "worker.cpu_ms_avg") == doctest::Approx(4.1));
  CHECK(value(r, "worker.cpu_ms_p50") == doctest::Approx(3));
  CHECK(value(r, "worker.cpu_ms_p99") == doctest::Approx(40));
  CHECK(value(r, "worker.wall_ms_p99") == doctest::Approx(850));
  CHECK(value(r, "worker.memory_mb_p99") == doctest::Approx(70));
  CHECK(value(r, "worker.exceeded_cpu_per_day") == 0);
  CHECK(value(r, "worker.edge_cache_hit_ratio") == doctest::Approx(0.35));
  CHECK(value(r, "d1.DB.read_queries_per_day") == doctest::Approx(4'000'000));
  CHECK(value(r, "d1.DB.rows_read_per_day") == doctest::Approx(90'000'000));
  CHECK(value(r, "d1.DB.storage_gb") == doctest::Approx(3.2));
  // Least squares over two points is their slope: 0.3 GB in 28 days.
  CHECK(value(r, "d1.DB.storage_growth_gb_per_month") == doctest::Approx(0.3 / 28 * 30.44));
  // Exact figures carry no estimate; the D1 read p95 combines per-query p95s.
  CHECK(r.by_path["worker.cpu_ms_p99"]->estimate.empty());
  CHECK_FALSE(r.by_path["d1.DB.read_latency_p95_ms"]->estimate.empty());
  CHECK(r.by_path["worker.requests_per_day"]->from.find("2026-11-01 to 2026-12-01") != std::string::npos);
  // The peak node is missing from this response: said, not filled in.
  CHECK(r.by_path.count("d1.DB.queries_per_sec_peak") == 0);
  bool said = false;
  for (const auto& n : r.imported.converted.notes) said = said || n.find("cfs_d1_DB_peak: not in the response") != std::string::npos;
  CHECK(said);
}

TEST_CASE("import: GraphQL errors with HTTP 200 are errors without data, warnings beside it") {
  Result alone;
  run(alone, kName, R"({"data": null, "errors": [{"message": "not authorized for that account", "path": ["viewer"]}]})");
  CHECK_FALSE(alone.ok);
  REQUIRE(alone.diags.has_errors());
  CHECK(format_diagnostic(*alone.diags.begin()).find("not authorized") != std::string::npos);

  std::string with = kResponse;
  with.replace(with.rfind("\"errors\": null"), 14, R"("errors": [{"message": "unknown field memoryUsageBytesP99"}])");
  Result beside;
  run(beside, kName, with);
  CHECK(beside.ok);
  CHECK_FALSE(beside.diags.has_errors());
  CHECK_FALSE(beside.diags.empty());
}

TEST_CASE("import: a response needs its window, from its name or --days") {
  Result r;
  run(r, "response.json", kResponse);
  CHECK_FALSE(r.ok);
  CHECK(r.diags.has_errors());
  ImportOptions o;
  o.window.emplace();
  REQUIRE(make_window("2026-12-01", 10, *o.window).empty());
  Result given;
  run(given, "response.json", kResponse, o);
  REQUIRE(given.ok);
  CHECK(value(given, "worker.requests_per_day") == doctest::Approx(3'600'000));
  auto w = window_from_name("out/cfscale-analytics-d1-2026-11-24_2026-12-01.json");
  REQUIRE(w);
  CHECK(w->days == 7);
  CHECK_FALSE(window_from_name("cfscale-analytics-d1-2026-12-01_2026-11-24.json"));
}

TEST_CASE("import: malformed and foreign files are errors with their position") {
  Result syntax;
  run(syntax, kName, "{\n  \"data\": { \"viewer\": [ }\n}");
  CHECK_FALSE(syntax.ok);
  REQUIRE(syntax.diags.has_errors());
  CHECK(format_diagnostic(*syntax.diags.begin()).rfind(std::string(kName) + ":2:", 0) == 0);

  Result foreign;
  run(foreign, "x.json", R"({"hello": 1})");
  CHECK_FALSE(foreign.ok);
  CHECK(format_diagnostic(*foreign.diags.begin()).find("not a file cfscale imports") != std::string::npos);

  Result empty;
  run(empty, "x.json", "  \n");
  CHECK_FALSE(empty.ok);

  Result gz;
  run(gz, "x.json.gz", std::string("\x1f\x8b\x08\x00", 4));
  CHECK_FALSE(gz.ok);
  CHECK(format_diagnostic(*gz.diags.begin()).find("gunzip") != std::string::npos);

  Result other;
  run(other, "cfscale-analytics-kv-2026-11-01_2026-12-01.json", R"({"data": {"viewer": {"accounts": [{"cfs_kv_OTHER": []}]}}, "errors": null})");
  CHECK_FALSE(other.ok);
  CHECK(said(other.diags, "answers none of the queries"));
  CHECK(said(other.diags, "cfs_kv_OTHER answers no query"));
}

TEST_CASE("import: wrangler d1 info matches the database by id") {
  Result r;
  run(r, "info.json", R"({"uuid": "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29", "name": "shop", "database_size": 3200000000,
    "read_queries_24h": 4100000, "write_queries_24h": 150000, "rows_read_24h": 91000000, "rows_written_24h": null})");
  REQUIRE(r.ok);
  CHECK(value(r, "d1.DB.storage_gb") == doctest::Approx(3.2));
  CHECK(value(r, "d1.DB.read_queries_per_day") == 4'100'000);
  CHECK(r.by_path.count("d1.DB.rows_written_per_day") == 0);
  Result wrong;
  run(wrong, "info.json", R"({"uuid": "00000000-0000-0000-0000-000000000000", "database_size": 1})");
  CHECK_FALSE(wrong.ok);
}

namespace {

// `n` events over `hours`, one in 100 over its CPU limit, CPU 1..n ms.
std::string events(bool tail, int n, double hours) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    long long ts = 1'764'547'200'000LL + static_cast<long long>(hours * 3'600'000.0 * i / (n - 1));
    const char* outcome = i % 100 == 0 ? "exceededCpu" : "ok";
    if (tail)
      out += fmt::format("{{\n  \"outcome\": \"{}\",\n  \"scriptName\": \"shop-api\",\n  \"eventTimestamp\": {},\n  \"cpuTime\": {},\n"
                         "  \"wallTime\": {},\n  \"logs\": [], \"exceptions\": []\n}}\n",
                         outcome, ts, i + 1, 10 * (i + 1));
    else
      out += fmt::format("{{\"Outcome\":\"{}\",\"ScriptName\":\"shop-api\",\"EventTimestampMs\":{},\"CPUTimeMs\":{},\"WallTimeMs\":{},"
                         "\"Logs\":[{{\"Message\":[\"{}\"]}}],\"Exceptions\":[]}}\n",
                         outcome, ts, i + 1, 10 * (i + 1), i == 5 ? "D1 DB is overloaded. Too many requests queued." : "ok");
  }
  return out;
}

}  // namespace

TEST_CASE("import: wrangler tail's pretty-printed events give percentiles; rates are lower bounds") {
  Result r;
  run(r, "tail.json", events(true, 1000, 24));
  REQUIRE(r.ok);
  CHECK(r.imported.kind == "wrangler tail events");
  CHECK(value(r, "worker.cpu_ms_p50") == doctest::Approx(500.5).epsilon(0.01));
  CHECK(value(r, "worker.cpu_ms_p99") == doctest::Approx(990).epsilon(0.01));
  CHECK(value(r, "worker.wall_ms_p99") == doctest::Approx(9900).epsilon(0.01));
  CHECK(r.by_path.count("worker.requests_per_day") == 0);  // tail samples: no request count
  CHECK(value(r, "worker.exceeded_cpu_per_day") == doctest::Approx(10));
  CHECK_FALSE(r.by_path["worker.exceeded_cpu_per_day"]->estimate.empty());
}

TEST_CASE("import: Logpush NDJSON gives requests a day, divided by the sampling rate") {
  ImportOptions o;
  o.sample_rate = 0.1;
  Result r;
  run(r, "logpush.json", events(false, 1000, 48), o);
  REQUIRE(r.ok);
  CHECK(value(r, "worker.requests_per_day") == doctest::Approx(5000));
  CHECK(r.by_path["worker.requests_per_day"]->estimate.empty());
  CHECK(value(r, "d1.DB.overloaded_errors_per_day") == doctest::Approx(5));

  Result few;
  run(few, "logpush.json", events(false, 10, 0.5));
  REQUIRE(few.ok);
  CHECK(few.by_path.count("worker.cpu_ms_p50") == 0);
  CHECK(few.by_path.count("worker.requests_per_day") == 0);
  CHECK(few.imported.converted.notes.size() >= 2);

  Result broken;
  std::string text = events(false, 300, 2);
  text.insert(text.find('\n') + 1, "{\"Outcome\": ,\n");
  run(broken, "logpush.json", text);
  CHECK_FALSE(broken.ok);
  CHECK(format_diagnostic(*broken.diags.begin()).rfind("logpush.json:2:", 0) == 0);
}

namespace {

// `n` invocations of an OTLP export, one ExportTraceServiceRequest per line:
// each a root fetch span, a KV read (three in four hits), a write to the key
// "counter", a D1 read and, every other one, an outbound fetch.
std::string otlp(int n) {
  auto attr = [](const char* k, const std::string& v) { return fmt::format(R"({{"key":"{}","value":{{"stringValue":"{}"}}}})", k, v); };
  std::string out;
  long long t0 = 1'764'547'200'000'000'000LL;  // ns
  for (int i = 0; i < n; ++i) {
    std::string inv = attr("faas.invocation_id", "inv" + std::to_string(i));
    long long t = t0 + i * 100'000'000LL;  // 10 a second
    auto span = [&](const char* name, const char* parent, long long start, long long ms, const std::string& more) {
      return fmt::format(R"({{"traceId":"t{}","spanId":"s","parentSpanId":"{}","name":"{}","startTimeUnixNano":"{}","endTimeUnixNano":"{}","attributes":[{}{}]}})",
                         i, parent, name, start, start + ms * 1'000'000, inv, more);
    };
    std::vector<std::string> spans{
        span("fetch", "", t, 30, ""),
        span("kv_get", "r", t + 1, 2 + i % 10, "," + attr("cloudflare.binding.name", "CACHE") + "," +
                                                    attr("cloudflare.kv.response.cache_status", i % 4 == 0 ? "MISS" : "HIT")),
        span("kv_put", "r", t + 2, 5, "," + attr("cloudflare.binding.name", "CACHE") + "," + attr("cloudflare.kv.query.keys", "counter")),
        span("d1_query", "r", t + 3, 1 + i % 20, "," + attr("db.operation.name", "SELECT"))};
    if (i % 2) spans.push_back(span("fetch", "r", t + 4, 50, ""));
    out += fmt::format(R"({{"resourceSpans":[{{"resource":{{"attributes":[{}]}},"scopeSpans":[{{"spans":[{}]}}]}}]}})",
                       attr("cloudflare.script_name", "shop-api"), fmt::join(spans, ",")) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("import: Workers traces give what no dataset has: the busiest key, KV's cache status, subrequests per invocation") {
  auto loaded = test::jsonc(R"({"name": "shop-api", "main": "src/index.ts",
    "kv_namespaces": [{"binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279"}, {"binding": "OTHER", "id": "1f2ac74b498b48028cb68387c421e279"}],
    "d1_databases": [{"binding": "DB", "database_name": "shop", "database_id": "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29"}]})");
  REQUIRE(loaded.ok());
  Document doc;
  doc.path = "traces.ndjson";
  doc.text = otlp(600);
  Imported imported;
  Diagnostics diags;
  REQUIRE(import_file(doc, *loaded.worker, {}, imported, diags));
  std::map<std::string, const metrics::Measurement*> by;
  for (const auto& m : imported.converted.values) by[m.path()] = &m;
  CHECK(imported.kind == "Workers traces (OTLP)");
  // 600 writes to one key at 10 a second: the busiest minute has 600.
  REQUIRE(by.count("kv.CACHE.hottest_key_writes_per_sec"));
  CHECK(by["kv.CACHE.hottest_key_writes_per_sec"]->value == doctest::Approx(10));
  CHECK_FALSE(by["kv.CACHE.hottest_key_writes_per_sec"]->estimate.empty());
  REQUIRE(by.count("kv.CACHE.edge_cache_hit_ratio"));
  CHECK(by["kv.CACHE.edge_cache_hit_ratio"]->value == doctest::Approx(0.75));
  REQUIRE(by.count("kv.CACHE.read_latency_p95_ms"));
  CHECK(by["kv.CACHE.read_latency_p95_ms"]->value == doctest::Approx(11));
  // The D1 span names no binding, and the config has one database.
  REQUIRE(by.count("d1.DB.read_latency_p95_ms"));
  CHECK(by["d1.DB.read_latency_p95_ms"]->value == 19);  // nearest rank: the 570th of 600
  // Each invocation: a KV read, a write, a query, and half an outbound fetch.
  REQUIRE(by.count("worker.subrequests_per_request_p99"));
  CHECK(by["worker.subrequests_per_request_p99"]->value == 4);
  CHECK(by.count("kv.OTHER.hottest_key_writes_per_sec") == 0);
}
