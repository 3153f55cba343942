#!/usr/bin/env python3
"""cfscale metrics queries prints a shell script whose curl commands send
valid GraphQL requests: one per product, every binding an aliased node with
its id from the resolved config (the environment's script name, an R2
bucket's jurisdiction prefix, queue and Durable Object ids as variables the
user sets). Run here with a curl that saves the request body instead of
sending it. Names with quotes, dollars and backticks arrive as written.

  metrics_queries_test.py BIN WORKDIR OUTDIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, NO_COLOR="1", CFSCALE_TODAY="2026-12-01")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(os.path.join(OUT, "bin"))
stub = os.path.join(OUT, "bin", "curl")
with open(stub, "w") as f:
    f.write('#!/bin/sh\nout=""\nwhile [ $# -gt 0 ]; do [ "$1" = "-o" ] && { out=$2; shift; }; shift; done\ncat > "$out"\n')
os.chmod(stub, 0o755)
failures = []
windows = {}


def check(cond, what):
    if not cond:
        failures.append(what)


def queries(*args):
    return subprocess.run([BIN, "metrics", "queries", *args], env=ENV, capture_output=True, text=True)


def run_script(text, extra_env):
    run = os.path.join(OUT, "run")
    shutil.rmtree(run, ignore_errors=True)
    os.makedirs(run)
    with open(os.path.join(run, "q.sh"), "w") as f:
        f.write(text)
    env = dict(ENV, PATH=os.path.join(OUT, "bin") + ":" + os.environ["PATH"], CLOUDFLARE_API_TOKEN="tok",
               CLOUDFLARE_ACCOUNT_ID="acct", **extra_env)
    p = subprocess.run(["sh", "q.sh"], cwd=run, env=env, capture_output=True, text=True)
    bodies = {}
    for name in sorted(os.listdir(run)):
        if name == "q.sh":
            continue
        # Named by product and window, which metrics import reads back.
        m = re.fullmatch(r"cfscale-analytics-([a-z0-9_]+)-(\d{4}-\d\d-\d\d)_(\d{4}-\d\d-\d\d)\.json", name)
        check(m is not None, f"a response file named by product and window: {name}")
        if m:
            with open(os.path.join(run, name)) as f:
                bodies[m.group(1)] = json.load(f)
            windows[m.group(1)] = (m.group(2), m.group(3))
    return p, bodies


project = os.path.join(OUT, "project")
os.makedirs(project)
with open(os.path.join(project, "wrangler.jsonc"), "w") as f:
    json.dump({
        "name": 'shop"$`x',
        "main": "src/index.ts",
        "kv_namespaces": [{"binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279"}, {"binding": "NOID"}],
        "d1_databases": [{"binding": "DB", "database_name": "shop", "database_id": "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29"}],
        "r2_buckets": [{"binding": "FILES", "bucket_name": "files", "jurisdiction": "eu"}],
        "queues": {"producers": [{"binding": "EVENTS", "queue": "order-events"}],
                   "consumers": [{"queue": "order-events", "dead_letter_queue": "order-events-dlq"}]},
        "durable_objects": {"bindings": [{"name": "ROOMS", "class_name": "Room"}]},
        "migrations": [{"tag": "v1", "new_sqlite_classes": ["Room"]}],
        "env": {"staging": {"kv_namespaces": [{"binding": "CACHE", "id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}]}},
    }, f)

p = queries(project)
check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")
script = p.stdout
check("# not measured: KV namespace NOID: no id in the config" in script, "a namespace without id is named as not measured")
lookups = {"CFSCALE_QUEUE_ID_1": "qid1", "CFSCALE_QUEUE_ID_2": "qid2", "CFSCALE_DO_NAMESPACE_1": "ns1"}
run, bodies = run_script(script, lookups)
check(run.returncode == 0, f"the script fails: {run.stderr}")
check(sorted(bodies) == ["d1", "durable_objects", "kv", "queues", "r2", "worker"], f"one request per product: {sorted(bodies)}")
check(len(bodies) <= 8, "at most 8 GraphQL requests")
for product, b in bodies.items():
    check(b["variables"] == {"accountTag": "acct"}, f"{product}: the account from CLOUDFLARE_ACCOUNT_ID")
    check(b["query"].startswith("query " + b["operationName"] + "($accountTag: string!)"), f"{product}: operation name and variable")
    check(b["query"].count("{") == b["query"].count("}"), f"{product}: braces balance")
w = bodies["worker"]["query"]
check('scriptName: "shop\\"$`x"' in w, "the script name arrives exactly, as a GraphQL string")
check('datetime_geq: "2026-11-01T00:00:00Z", datetime_lt: "2026-12-01T00:00:00Z"' in w, "30 whole days before CFSCALE_TODAY")
check(windows.get("worker") == ("2026-11-01", "2026-12-01"), f"the file names the window: {windows}")
check("cfs_worker: workersInvocationsAdaptive(limit: 1," in w, "one group over the window for the quantiles")
kv = bodies["kv"]["query"]
check('namespaceId: "0f2ac74b498b48028cb68387c421e279"' in kv and "cfs_kv_CACHE_storage" in kv, "the KV namespace id and aliases")
check('date_leq: "2026-11-30"' in kv, "daily datasets end on the last whole day")
check("NOID" not in kv, "no node for a namespace without id")
check('bucketName: "eu_files"' in bodies["r2"]["query"], "the jurisdiction prefix")
q = bodies["queues"]["query"]
check('queueId: "qid1"' in q and 'queueId: "qid2"' in q, "queue ids from the variables the user set")
check("cfs_q_order_events_ops" in q and "cfs_q_order_events_dlq_backlog" in q, "aliases for the queue and its dead-letter queue")
check('namespaceId: "ns1"' in bodies["durable_objects"]["query"], "the Durable Object namespace from its variable")

# A lookup not set: the script stops before sending anything for it.
missing = dict(lookups)
del missing["CFSCALE_QUEUE_ID_2"]
run, bodies = run_script(script, missing)
check(run.returncode != 0 and "CFSCALE_QUEUE_ID_2" in run.stderr, f"an unset lookup stops the script: {run.returncode} {run.stderr}")
check("queues" not in bodies, "no queue request without its ids")

# The environment's script name and bindings.
p = queries(project, "--env", "staging", "--days", "7", "--end", "2026-10-15")
check(p.returncode == 0, f"--env: exit {p.returncode}: {p.stderr}")
run, bodies = run_script(p.stdout, lookups)
check('scriptName: "shop\\"$`x-staging"' in bodies.get("worker", {}).get("query", ""), "the environment's script name")
check('"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"' in bodies.get("kv", {}).get("query", ""), "the environment's namespace")
check('datetime_geq: "2026-10-08T00:00:00Z", datetime_lt: "2026-10-15T00:00:00Z"' in bodies["worker"]["query"], "--days and --end")

# Longer than the datasets keep: clipped, and said.
p = queries(project, "--days", "90")
check("90 days asked; these datasets answer for at most 31" in p.stdout, "a window beyond retention is clipped, with a note")
check('datetime_geq: "2026-10-31T00:00:00Z"' in p.stdout.replace('\\"', '"'), "clipped to 31 days")

# Bad input: exit 2 with a message.
p = queries(project, "--end", "2026-13-01")
check(p.returncode == 2 and "is not a date" in p.stderr, f"a bad --end: {p.returncode} {p.stderr}")
bad = os.path.join(OUT, "bad")
os.makedirs(bad)
with open(os.path.join(bad, "wrangler.jsonc"), "w") as f:
    f.write('{ "name": "x", "kv_namespaces": [ }')
p = queries(bad)
check(p.returncode == 2 and "wrangler.jsonc:1:" in p.stderr, f"a bad config: {p.returncode} {p.stderr}")

if failures:
    sys.exit("\n".join(failures))
print("ok")
