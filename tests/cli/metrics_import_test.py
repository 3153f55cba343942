#!/usr/bin/env python3
"""cfscale metrics import: the script of metrics queries, run with a curl
that answers as Cloudflare's API does, saves responses that import turns
into a metrics file; advise on it gives the findings the same figures typed
by hand give. Typed values are kept unless --overwrite, the change is shown
as a diff, --dry-run writes nothing, and a malformed file (or any other bad
input) is exit 2 with file:line:col and the metrics file untouched.

  metrics_import_test.py BIN WORKDIR OUTDIR
"""
import glob
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cloudflare_fake  # noqa: E402
from metrics_support import check, finding_keys, finish, read, write  # noqa: E402

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, NO_COLOR="1", CFSCALE_TODAY="2026-12-01")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def cfscale(*args, cwd=OUT):
    return subprocess.run([BIN, *args], cwd=cwd, env=ENV, capture_output=True, text=True)


# What the API answers for examples/d1-api, one file per product (shapes as
# the shared reference documents them; the numbers are a plausible storefront's).
RESPONSES = cloudflare_fake.responses_by_product()

# A curl that answers from RESPONSES by the file name the script gives.
os.makedirs(os.path.join(OUT, "bin"))
write(os.path.join(OUT, "responses.json"), json.dumps(RESPONSES))
write(os.path.join(OUT, "bin", "curl"), f"""#!{sys.executable}
import json, re, sys
out = sys.argv[sys.argv.index("-o") + 1]
sys.stdin.read()
product = re.match(r"cfscale-analytics-([a-z0-9_]+)-", out).group(1)
answers = json.load(open({json.dumps(os.path.join(OUT, "responses.json"))}))
if product in answers:
    open(out, "w").write(answers[product])
""")
os.chmod(os.path.join(OUT, "bin", "curl"), 0o755)

project = os.path.join(OUT, "shop")
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), project)
typed_file = read(os.path.join(project, "cfscale.metrics.yaml"))
os.remove(os.path.join(project, "cfscale.metrics.yaml"))

# metrics queries -> the script -> saved responses.
p = cfscale("metrics", "queries", project, "--output", os.path.join(OUT, "q.sh"))
check(p.returncode == 0, f"metrics queries: {p.stderr}")
saved = os.path.join(OUT, "saved")
os.makedirs(saved)
run = subprocess.run(["sh", os.path.join(OUT, "q.sh")], cwd=saved, capture_output=True, text=True,
                     env=dict(ENV, PATH=os.path.join(OUT, "bin") + ":" + os.environ["PATH"], CLOUDFLARE_API_TOKEN="t",
                              CLOUDFLARE_ACCOUNT_ID="a", CFSCALE_QUEUE_ID_1="q1"))
check(run.returncode == 0, f"the script: {run.stderr}")
files = sorted(glob.glob(os.path.join(saved, "cfscale-analytics-*.json")))
check(len(files) == 4, f"four responses saved: {files}")

# Import into a project without metrics: a new file, shown as a diff.
target = os.path.join(project, "cfscale.metrics.yaml")
p = cfscale("metrics", "import", *files, "--project", project)
check(p.returncode == 0, f"import: exit {p.returncode}: {p.stderr}")
check(p.stdout.startswith("--- /dev/null\n+++ b/"), f"a new file is shown as a diff: {p.stdout[:200]}")
check("wrote " in p.stderr and "added" in p.stderr, f"says what it wrote: {p.stderr}")
made = read(target)
check("# cfscale metrics import, 2026-12-01: Worker shop-api" in made, "the header says when and how")
check("requests_per_day: 1200000  # from: workersInvocationsAdaptive" in made, "each value says where it came from")
check("2026-11-01 to 2026-12-01" in made, "and over which window")
check("estimates:\n" in made and "  - d1.CATALOG.queries_per_sec_peak" in made and "  - kv.SESSIONS.read_latency_p95_ms" in made,
      "approximations are listed as estimates")
check("hottest_key_writes_per_sec" not in made, "keys no source has stay out")
check("window_days: 30" in made and "obtained: measured" in made, "a new file of measurements")

# Importing the same files again changes nothing.
p = cfscale("metrics", "import", *files, "--project", project)
check(p.returncode == 0 and p.stdout == "" and "no change" in p.stderr, f"re-import: {p.returncode} {p.stdout[:200]} {p.stderr}")
check(read(target) == made, "re-import leaves the file as it was")

# advise on the imported file gives the findings the same figures typed by hand give.
hand = os.path.join(OUT, "hand.metrics.yaml")
write(hand, """format: 1
window_days: 30
worker:
  requests_per_day: 1200000
  cpu_ms_avg: 4.1
  cpu_ms_p50: 3
  cpu_ms_p99: 40
  wall_ms_p99: 850
  memory_mb_p99: 70
  exceeded_cpu_per_day: 0
  exceeded_memory_per_day: 0
  edge_cache_hit_ratio: 0.35
kv:
  SESSIONS:
    reads_per_day: 1100000
    writes_per_day: 90000
    deletes_per_day: 20000
    lists_per_day: 0
    read_latency_p95_ms: 11.91
    storage_gb: 0.4
d1:
  CATALOG:
    read_queries_per_day: 4200000
    write_queries_per_day: 150000
    rows_read_per_day: 980000000
    rows_written_per_day: 410000
    read_latency_p95_ms: 85
    write_latency_p95_ms: 60
    queries_per_sec_peak: 180
    query_time_avg_ms: 2.5
    storage_gb: 9.08
    storage_growth_gb_per_month: 0.487
queues:
  order-events:
    messages_per_day: 150000
    message_kb_avg: 1.5
    backlog_messages: 12
""")


def findings(metrics):
    p = cfscale("advise", project, "--metrics", metrics, "--format", "json", "--no-source")
    check(p.returncode in (0, 1), f"advise --metrics {metrics}: {p.returncode} {p.stderr}")
    return finding_keys(p.stdout), json.loads(p.stdout)


got, imported_report = findings(target)
want, _ = findings(hand)
check(got == want, f"advise on imported metrics = advise on typed ones:\n{got}\n{want}")
check(any(f["rule"] == "CFS103" for w in imported_report["workers"] for f in w["findings"]), "the near-full database is found")
check("measured" in json.dumps(imported_report), "evidence says the figures were measured")

# A file a person typed: their values are kept, the gaps filled, order and comments kept.
write(target, typed_file.replace("    read_latency_p95_ms: 85\n", ""))
before = read(target)
p = cfscale("metrics", "import", *files, "--project", project)
check(p.returncode == 0, f"import into typed: {p.stderr}")
after = read(target)
check("read_queries_per_day: 4200000\n" in after, "a typed value is kept")
check("note: d1.CATALOG.storage_gb: kept 9.1 (measured 9.08" in p.stderr, f"and the different measurement said: {p.stderr}")
check("    read_latency_p95_ms: 85  # from: d1QueriesAdaptiveGroups" in after, "a missing value is filled from the response")
check(after.startswith("# shop-api, production traffic"), "the file's own header comment stays")
check(after.index("\nd1:") < after.index("\nkv:") < after.index("\nqueues:"), "sections keep their order")
check("+    read_latency_p95_ms: 85" in p.stdout and "-" + "    read_queries_per_day" not in p.stdout, "the diff shows the one change")

# --dry-run prints the merged file and writes nothing; --overwrite replaces typed values.
write(target, before)
p = cfscale("metrics", "import", *files, "--project", project, "--overwrite", "--dry-run")
check(p.returncode == 0 and "storage_gb: 9.08  # from:" in p.stdout, f"--dry-run prints the file: {p.stderr}")
check(read(target) == before, "--dry-run writes nothing")
p = cfscale("metrics", "import", *files, "--project", project, "--overwrite")
check("storage_gb: 9.08  # from:" in read(target), f"--overwrite replaces typed values: {p.stderr}")

# Saved events: wrangler tail (pretty objects back to back) and Logpush (NDJSON).
tail = os.path.join(OUT, "tail.json")
with open(tail, "w") as f:
    for i in range(300):
        f.write(json.dumps({"outcome": "exceededCpu" if i == 7 else "ok", "scriptName": "shop-api",
                            "eventTimestamp": 1764547200000 + i * 60000, "cpuTime": 1 + i % 50, "wallTime": 20 + i,
                            "logs": [], "exceptions": []}, indent=2) + "\n")
logpush = os.path.join(OUT, "logpush.ndjson")
with open(logpush, "w") as f:
    for i in range(1000):
        f.write(json.dumps({"Outcome": "ok", "ScriptName": "shop-api", "EventTimestampMs": 1764547200000 + i * 172800,
                            "CPUTimeMs": 2, "WallTimeMs": 30, "Logs": [], "Exceptions": []}) + "\n")
out = os.path.join(OUT, "events.metrics.yaml")
p = cfscale("metrics", "import", tail, logpush, "--project", project, "--output", out, "--sample-rate", "0.01")
check(p.returncode == 0, f"events: {p.stderr}")
ev = read(out)
# 1,000 events over 1.998 days, 1 in 100 of them kept.
check("requests_per_day: 50050  # from: Logpush workers_trace_events logpush.ndjson" in ev, f"Logpush requests / sampling rate:\n{ev}")
check("exceeded_cpu_per_day: 0  # from: Logpush" in ev, "Logpush's complete count beats tail's lower bound")
check("cpu_ms_p99:" in ev and "wall_ms_p99:" in ev, "percentiles from the events")

# An environment's figures go into its own file, never the top level's.
top_before = read(target)
p = cfscale("metrics", "import", files[-1], "--project", project, "--env", "staging")
staging = os.path.join(project, "cfscale.metrics.staging.yaml")
check(p.returncode == 0 and os.path.exists(staging), f"--env writes cfscale.metrics.<env>.yaml: {p.stderr}")
check("Worker shop-api-staging" in read(staging) and "env staging" in read(staging), "its header names the environment's script")
check(read(target) == top_before, "the top level's file is left alone")

# Bad inputs: exit 2, file:line:col, nothing written.
write(target, before)
bad = os.path.join(OUT, "cfscale-analytics-d1-2026-11-01_2026-12-01.json")
write(bad, '{\n  "data": {"viewer": {"accounts": [ {"cfs_d1_CATALOG": [ }\n')
p = cfscale("metrics", "import", files[0], bad, "--project", project)
check(p.returncode == 2 and bad + ":2:" in p.stderr and "nothing was written" in p.stderr, f"a malformed response: {p.returncode} {p.stderr}")
check(read(target) == before, "a malformed file leaves the metrics file as it was")
write(bad, '{"data": null, "errors": [{"message": "authentication error"}]}')
p = cfscale("metrics", "import", bad, "--project", project)
check(p.returncode == 2 and "the API reported: authentication error" in p.stderr and bad + ":1:" in p.stderr,
      f"GraphQL errors with HTTP 200: {p.returncode} {p.stderr}")
broken_tail = os.path.join(OUT, "broken-tail.json")
write(broken_tail, read(tail)[:5000] + "\n{ \"outcome\": ,")
p = cfscale("metrics", "import", broken_tail, "--project", project)
check(p.returncode == 2 and broken_tail + ":" in p.stderr, f"a malformed tail file: {p.returncode} {p.stderr}")
p = cfscale("metrics", "import", target, "--project", project)
check(p.returncode == 2 and "the metrics file being written" in p.stderr, f"importing the target itself: {p.stderr}")
p = cfscale("metrics", "import", files[0], "--project", project, "--output", os.path.join(OUT, "m.json"))
check(p.returncode == 2 and "write YAML" in p.stderr, f"a JSON target: {p.stderr}")
p = cfscale("metrics", "import", os.path.join(OUT, "missing.json"), "--project", project)
check(p.returncode == 2 and "missing.json" in p.stderr, f"a missing file: {p.stderr}")
write(target, before.replace("format: 1", "format: 1\nworker: [1,"))
p = cfscale("metrics", "import", files[0], "--project", project)
check(p.returncode == 2 and "cfscale.metrics.yaml:" in p.stderr, f"a broken metrics file is not merged into: {p.stderr}")
link = os.path.join(OUT, "link.metrics.yaml")
os.symlink(os.path.join(OUT, "hand.metrics.yaml"), link)
p = cfscale("metrics", "import", files[0], "--project", project, "--output", link)
check(p.returncode == 2 and "symbolic link" in p.stderr, f"a link is not written through: {p.stderr}")
check(read(hand) == read(os.path.join(OUT, "hand.metrics.yaml")), "the link's target is untouched")

finish()
