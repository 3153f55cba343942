#!/usr/bin/env python3
"""Generates a synthetic monorepo of N Workers with realistic configs and metrics.

usage: generate.py N OUT_DIR [--seed S]

Each Worker gets its own folder (services/<team>/<name>/) with a wrangler.jsonc or
wrangler.toml (alternating, with comments, environments and a mix of bindings: D1,
KV, R2, queues with consumers and dead-letter queues, Durable Objects, service
bindings to other Workers, Analytics Engine) and a cfscale.metrics.yaml with
figures in plausible ranges. A few resources are shared between Workers, as in
real monorepos. node_modules folders with configs are added to be skipped.
Deterministic for a given N and seed.
"""
import json
import os
import random
import sys


def worker(i, n, rng):
    name = f"svc-{i:05d}"
    binds = {}
    cfg = {
        "name": name,
        "main": "src/index.ts",
        "compatibility_date": "2025-10-01",
        "compatibility_flags": ["nodejs_compat"],
        "observability": {"enabled": rng.random() < 0.7, "head_sampling_rate": 0.1},
    }
    if rng.random() < 0.5:
        cfg["placement"] = {"mode": "smart"}
    if rng.random() < 0.6:
        db = f"db-{i:05d}" if rng.random() < 0.95 else "db-shared"
        cfg["d1_databases"] = [{"binding": "DB", "database_name": db,
                                "database_id": f"00000000-0000-4000-8000-{abs(hash(db)) % 10**12:012d}",
                                "migrations_dir": "migrations"}]
        binds["d1"] = "DB"
    if rng.random() < 0.6:
        cfg["kv_namespaces"] = [{"binding": "CACHE", "id": f"{i:032x}"}]
        binds["kv"] = "CACHE"
    if rng.random() < 0.3:
        cfg["r2_buckets"] = [{"binding": "FILES", "bucket_name": f"files-{i:05d}"}]
        binds["r2"] = "FILES"
    if rng.random() < 0.4:
        q = f"q-{i:05d}"
        consumer = {"queue": q, "max_batch_size": rng.choice([10, 25, 50, 100])}
        if rng.random() < 0.7:
            consumer["dead_letter_queue"] = q + "-dlq"
        cfg["queues"] = {"producers": [{"binding": "EVENTS", "queue": q}], "consumers": [consumer]}
        binds["queue"] = q
    if rng.random() < 0.2:
        cfg["durable_objects"] = {"bindings": [{"name": "ROOMS", "class_name": "Room"}]}
        cfg["migrations"] = [{"tag": "v1", "new_sqlite_classes": ["Room"]}]
        binds["do"] = "ROOMS"
    if n > 1 and rng.random() < 0.5:
        cfg["services"] = [{"binding": "PEER", "service": f"svc-{rng.randrange(n):05d}"}]
    if rng.random() < 0.3:
        cfg["analytics_engine_datasets"] = [{"binding": "EVENTS_AE", "dataset": f"events_{i}"}]
    cfg["vars"] = {"LOG_LEVEL": "info", "REGION": "eu"}
    cfg["env"] = {"staging": {k: v for k, v in cfg.items() if k in ("d1_databases", "kv_namespaces", "vars")}}
    return name, cfg, binds


def metrics(rng, binds):
    rpd = int(10 ** rng.uniform(3, 7.5))
    lines = ["format: 1", "window_days: 30", "plan: paid", f"growth_pct_per_month: {rng.choice([0, 5, 10, 20])}", "",
             "worker:", f"  requests_per_day: {rpd}", f"  cpu_ms_avg: {rng.uniform(1, 20):.1f}",
             f"  cpu_ms_p99: {rng.uniform(5, 400):.0f}", f"  memory_mb_p99: {rng.uniform(20, 120):.0f}",
             f"  subrequests_per_request_p99: {rng.randrange(1, 60)}", f"  edge_cache_hit_ratio: {rng.random():.2f}"]
    if "d1" in binds:
        lines += ["", "d1:", f"  {binds['d1']}:", f"    read_queries_per_day: {rpd * 3}",
                  f"    write_queries_per_day: {rpd // 10}", f"    rows_read_per_day: {rpd * rng.randrange(5, 300)}",
                  f"    rows_written_per_day: {rpd // 5}", f"    read_latency_p95_ms: {rng.uniform(3, 120):.0f}",
                  f"    write_latency_p95_ms: {rng.uniform(5, 300):.0f}", f"    queries_per_sec_peak: {rng.uniform(1, 400):.0f}",
                  f"    query_time_avg_ms: {rng.uniform(0.3, 5):.1f}", f"    storage_gb: {rng.uniform(0.01, 9.5):.2f}",
                  f"    storage_growth_gb_per_month: {rng.uniform(0, 0.6):.2f}"]
    if "kv" in binds:
        lines += ["", "kv:", f"  {binds['kv']}:", f"    reads_per_day: {rpd * 2}", f"    writes_per_day: {rpd // rng.randrange(2, 50)}",
                  f"    hottest_key_writes_per_sec: {rng.uniform(0, 1.2):.2f}", f"    read_latency_p95_ms: {rng.uniform(3, 90):.0f}",
                  f"    app_cache_hit_ratio: {rng.random():.2f}", f"    storage_gb: {rng.uniform(0.01, 3):.2f}"]
    if "r2" in binds:
        lines += ["", "r2:", f"  {binds['r2']}:", f"    class_a_per_day: {rpd // 50}", f"    class_b_per_day: {rpd // 3}",
                  f"    storage_gb: {rng.uniform(1, 500):.0f}", f"    object_size_mb_p95: {rng.uniform(0.1, 300):.1f}"]
    if "queue" in binds:
        lines += ["", "queues:", f"  {binds['queue']}:", f"    messages_per_day: {rpd // 2}", f"    message_kb_avg: {rng.uniform(0.5, 80):.1f}",
                  f"    backlog_messages: {rng.randrange(0, 50000)}", f"    oldest_message_age_s: {rng.randrange(0, 900)}",
                  f"    retries_per_day: {rng.randrange(0, 1000)}"]
    if "do" in binds:
        lines += ["", "durable_objects:", f"  {binds['do']}:", f"    requests_per_day: {rpd * 4}",
                  f"    requests_per_sec_peak_per_object: {rng.uniform(1, 1100):.0f}", f"    duration_gb_s_per_day: {rpd / 100:.0f}",
                  f"    storage_gb: {rng.uniform(0.01, 5):.2f}"]
    return "\n".join(lines) + "\n"


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"


def to_toml(cfg):
    out = ["# generated by bench/generate.py"]
    for k, v in cfg.items():
        if k != "env":
            out.append(f"{k} = {toml_value(v)}")
    for env, body in cfg.get("env", {}).items():
        out.append(f"\n[env.{env}]")
        for k, v in body.items():
            out.append(f"{k} = {toml_value(v)}")
    return "\n".join(out) + "\n"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    for i in range(n):
        name, cfg, binds = worker(i, n, rng)
        d = os.path.join(out, "services", f"team-{i % 50:02d}", name)
        os.makedirs(d, exist_ok=True)
        if i % 2 == 0:
            with open(os.path.join(d, "wrangler.jsonc"), "w") as f:
                f.write(f"// {name}: generated by bench/generate.py\n" + json.dumps(cfg, indent=2) + "\n")
        else:
            with open(os.path.join(d, "wrangler.toml"), "w") as f:
                f.write(to_toml(cfg))
        with open(os.path.join(d, "cfscale.metrics.yaml"), "w") as f:
            f.write(metrics(rng, binds))
        if i % 100 == 0:  # dependencies that must be skipped
            nm = os.path.join(d, "node_modules", "some-dep")
            os.makedirs(nm, exist_ok=True)
            with open(os.path.join(nm, "wrangler.toml"), "w") as f:
                f.write('name = "not-ours"\n')


if __name__ == "__main__":
    main()
