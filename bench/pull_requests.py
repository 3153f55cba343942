#!/usr/bin/env python3
"""How many requests `cfscale metrics pull` sends (not a test): against the
stand-in API of tests/cli/cloudflare_fake.py, for projects of 1 to 200
bindings of every measured product, and for a config with environments
(--all-envs). The requests must not grow with the bindings: at most one
GraphQL request per product (8 datasets' worth in at most 8 requests) and at
most 2 REST look-ups (the queues, the Durable Object namespaces), shared by
every environment of the run; time and the server's counts are printed.

  bench/pull_requests.py [BUILD_DIR]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tests", "cli"))
import cloudflare_fake  # noqa: E402

build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
binary = os.path.join(build, "cfscale")


def config(n, envs):
    c = {
        "name": "bench", "main": "src/index.ts",
        "kv_namespaces": [{"binding": f"KV{i}", "id": f"{i:032x}"} for i in range(n)],
        "d1_databases": [{"binding": f"DB{i}", "database_name": f"db{i}", "database_id": f"{i:08x}-0000-4000-8000-000000000000"} for i in range(n)],
        "r2_buckets": [{"binding": f"R2{i}", "bucket_name": f"bucket-{i}"} for i in range(n)],
        "queues": {"producers": [{"binding": f"Q{i}", "queue": f"queue-{i}"} for i in range(n)]},
        "durable_objects": {"bindings": [{"name": f"DO{i}", "class_name": f"Class{i}"} for i in range(n)]},
        "migrations": [{"tag": "v1", "new_sqlite_classes": [f"Class{i}" for i in range(n)]}],
    }
    if envs:
        # Each environment with its own bindings (wrangler does not inherit them).
        c["env"] = {f"e{j}": {k: c[k] for k in ("kv_namespaces", "d1_databases", "r2_buckets", "queues", "durable_objects")}
                    for j in range(envs)}
    return c


print("| bindings per product | environments | GraphQL requests | REST look-ups | wall |")
print("|---:|---:|---:|---:|---:|")
with cloudflare_fake.FakeCloudflare("bench-token") as api, tempfile.TemporaryDirectory() as tmp:
    for n, envs in ((1, 0), (10, 0), (50, 0), (200, 0), (10, 3)):
        d = os.path.join(tmp, f"p{n}-{envs}")
        os.makedirs(d)
        with open(os.path.join(d, "wrangler.json"), "w") as f:
            json.dump(config(n, envs), f)
        # The account has every queue and Durable Object class the config names.
        cloudflare_fake.QUEUES[:] = [{"queue_id": f"{i:032x}", "queue_name": f"queue-{i}"} for i in range(n)]
        cloudflare_fake.NAMESPACES[:] = [{"id": f"{i:032x}", "name": f"bench_Class{i}", "script": "bench", "class": f"Class{i}"}
                                         for i in range(n)]
        api.reset()
        args = [binary, "metrics", "pull", d, "--api-url", api.url, "--account-id", cloudflare_fake.ACCOUNT]
        args += ["--all-envs"] if envs else ["--dry-run"]
        t = time.monotonic()
        p = subprocess.run(args, capture_output=True, text=True,
                           env=dict(os.environ, CLOUDFLARE_API_TOKEN="bench-token", CFSCALE_TODAY="2026-12-01"))
        wall = time.monotonic() - t
        if p.returncode != 0:
            sys.exit(f"pull failed for {n} bindings: {p.stderr}")
        print(f"| {n} | {envs} | {api.counts['graphql']} | {api.counts['rest']} | {wall * 1000:.0f} ms |")
