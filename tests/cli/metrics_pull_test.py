#!/usr/bin/env python3
"""cfscale metrics pull against a stand-in for Cloudflare's API on
127.0.0.1 (cloudflare_fake.py, started and stopped here): the REST look-ups
once per run, one GraphQL request per product, the file advise then gives
the findings of the same figures imported from saved responses; retries on
429 and 5xx; a field the schema lacks dropped and said; errors with HTTP 200,
timeouts, a proxy's page, a refused token: exit 2 and no file written.

  metrics_pull_test.py BIN WORKDIR OUTDIR
"""
import glob
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cloudflare_fake  # noqa: E402
from metrics_support import check, finding_keys, finish, read  # noqa: E402

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
TOKEN = "cf-test-token-5f1d2c"
ENV = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_") and k not in ("CFSCALE_API_URL",)}
ENV.update(NO_COLOR="1", CFSCALE_TODAY="2026-12-01", CLOUDFLARE_API_TOKEN=TOKEN)
for proxy in ("http_proxy", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "all_proxy"):
    ENV.pop(proxy, None)
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def cfscale(*args, env=None):
    return subprocess.run([BIN, *args], cwd=OUT, env=dict(ENV, **(env or {})), capture_output=True, text=True, timeout=120)


project = os.path.join(OUT, "shop")
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), project)
os.remove(os.path.join(project, "cfscale.metrics.yaml"))
target = os.path.join(project, "cfscale.metrics.yaml")

with cloudflare_fake.FakeCloudflare(TOKEN) as api:
    def pull(*args, env=None):
        return cfscale("metrics", "pull", project, "--api-url", api.url, *args, env=env)

    # The whole project: the account from the token, the queue id looked up.
    p = pull()
    check(p.returncode == 0, f"pull: exit {p.returncode}: {p.stderr}")
    check(api.counts["graphql"] == 5, f"the settings, then one GraphQL request per product (worker, kv, d1, queues): {api.counts}")
    check(api.counts["rest"] == 2, f"two REST look-ups (the account, the queues): {api.counts}")
    check("5 GraphQL requests and 2 REST look-ups to " + api.url in p.stderr, f"the counts are printed: {p.stderr}")
    check(any('queueId: "a1b2c3d4e5f60718293a4b5c6d7e8f90"' in q for q in api.queries), "the queue id from the REST look-up")
    check(TOKEN not in p.stdout + p.stderr, "the token is never printed")
    pulled = read(target)
    check("# cfscale metrics pull, 2026-12-01: Worker shop-api" in pulled and "30 days from 2026-11-01 to 2026-12-01" in pulled,
          "the header says when, how and over which days")
    check("requests_per_day: 1200000  # from: workersInvocationsAdaptive" in pulled, "values say where they came from")
    check("messages_per_day: 150000" in pulled and "backlog_messages: 12" in pulled, "the queue measured by its looked-up id")
    check("  - d1.CATALOG.read_latency_p95_ms" in pulled.split("estimates:")[-1], "estimates listed")

    # The same figures from saved responses give the same findings.
    saved = os.path.join(OUT, "saved")
    os.makedirs(saved)
    for product, text in cloudflare_fake.responses_by_product().items():
        with open(os.path.join(saved, f"cfscale-analytics-{product}-2026-11-01_2026-12-01.json"), "w") as f:
            f.write(text)
    imported = os.path.join(OUT, "imported.metrics.yaml")
    p = cfscale("metrics", "import", *sorted(glob.glob(os.path.join(saved, "*.json"))), "--project", project, "--output", imported)
    check(p.returncode == 0, f"import: {p.stderr}")

    def findings(metrics):
        p = cfscale("advise", project, "--metrics", metrics, "--format", "json", "--no-source")
        check(p.returncode in (0, 1), f"advise {metrics}: {p.stderr}")
        return finding_keys(p.stdout)

    got = findings(target)
    check(got == findings(imported), "pull -> advise gives the findings import -> advise gives")
    check(any(r == "CFS103" for r, _, _ in got), f"the near-full database is found: {got}")

    # Pulling again: nothing changes.
    p = pull()
    check(p.returncode == 0 and "no change" in p.stderr and read(target) == pulled, f"a second pull: {p.stderr}")

    # 429 (Retry-After: 0) and 503 are retried; the pull succeeds.
    os.remove(target)
    api.reset("429", failures=2)
    p = pull()
    check(p.returncode == 0 and api.counts["graphql"] == 7, f"429s retried: {p.returncode} {api.counts} {p.stderr}")
    api.reset("503", failures=1)
    p = pull("--dry-run")
    check(p.returncode == 0 and api.counts["graphql"] == 6 and "requests_per_day: 1200000" in p.stdout, f"a 503 retried: {api.counts} {p.stderr}")
    api.reset("503", failures=10)
    p = pull()
    check(p.returncode == 2 and "HTTP 503" in p.stderr and "nothing was written" in p.stderr, f"5xx after every retry: {p.stderr}")
    check(api.counts["graphql"] == 4, f"four attempts, then it stops: {api.counts}")

    # A field the account's schema lacks: dropped, said, the rest measured.
    os.remove(target)
    api.reset("no-memory-field")
    p = pull("--dry-run")
    check(p.returncode == 0, f"a missing field: exit {p.returncode}: {p.stderr}")
    check("the account's schema has no field memoryUsageBytesP99" in p.stderr, f"the dropped field is said: {p.stderr}")
    check("memory_mb_p99" not in p.stdout and "cpu_ms_p99: 40" in p.stdout, "the key it answers stays empty, the others come")
    worker_queries = [q for q in api.queries if "query CfscaleWorker" in q]
    check(len(worker_queries) == 2 and "memoryUsageBytesP99" not in worker_queries[1], "the retry asks without it")

    # Errors with HTTP 200, a proxy's page, a refused token, a slow answer: exit 2, nothing written.
    for mode, args, env, expect in (
            ("unauthorized-200", (), None, "the API reported: not authorized for that account"),
            ("html", (), None, "not JSON, so not Cloudflare's API"),
            ("", (), {"CLOUDFLARE_API_TOKEN": "wrong"}, "the token is refused"),
            ("slow", ("--timeout", "1"), None, "no answer within 1 s"),
            ("two-accounts", (), None, "the token sees 2 accounts: give --account-id"),
    ):
        api.reset(*([mode] if mode else []))
        p = pull(*args, env=env)
        check(p.returncode == 2 and expect in p.stderr, f"{mode or 'bad token'}: {p.returncode} {p.stderr}")
        check(not os.path.exists(target), f"{mode or 'bad token'}: no metrics file written")
        check("wrong" not in p.stderr and TOKEN not in p.stderr, "no token in messages")

    # The window each dataset allows, from the account's settings node.
    api.reset("short-d1")
    p = pull("--dry-run")
    d1q = [q for q in api.queries if "query CfscaleD1" in q]
    check(p.returncode == 0 and d1q and 'datetime_geq: "2026-11-24T00:00:00Z"' in d1q[0],
          f"D1 kept 8 days: 7 whole days asked: {p.stderr}")
    check("d1: the account's settings keep 7 days" in p.stderr, f"and said: {p.stderr}")
    check("# from: d1AnalyticsAdaptiveGroups sum.rowsRead / 7 days" in p.stdout, "per day over the days asked")
    api.reset("no-settings")
    p = pull("--dry-run")
    check(p.returncode == 0 and "settings node could not be read" in p.stderr, f"no settings node: the documented retention: {p.stderr}")

    # A list on two pages: both read.
    api.reset("paged-queues")
    p = pull("--dry-run", "--account-id", cloudflare_fake.ACCOUNT)
    check(p.returncode == 0 and api.counts["rest"] == 2 and "messages_per_day: 150000" in p.stdout,
          f"the queue found on the second page: {api.counts} {p.stderr}")

    # The account given: no account look-up.
    api.reset()
    p = pull("--account-id", cloudflare_fake.ACCOUNT, "--dry-run")
    check(p.returncode == 0 and api.counts["rest"] == 1, f"--account-id skips the account look-up: {api.counts} {p.stderr}")

    # --all-envs: a file per environment, the look-ups shared.
    api.reset()
    p = pull("--all-envs", env={"CLOUDFLARE_ACCOUNT_ID": cloudflare_fake.ACCOUNT})
    check(p.returncode == 0, f"--all-envs: {p.stderr}")
    check(os.path.exists(target) and os.path.exists(os.path.join(project, "cfscale.metrics.staging.yaml")), "one file per environment")
    check(api.counts["rest"] == 1, f"the queue look-up once for both: {api.counts}")
    check("queue order-events-staging: the account has none" in p.stderr, f"a queue the account lacks is said: {p.stderr}")
    check('scriptName: "shop-api-staging"' in "".join(api.queries).replace('\\"', '"'), "the environment's script name")

    # A Durable Object namespace looked up by script and class.
    chat = os.path.join(OUT, "chat")
    shutil.copytree(os.path.join(WORKDIR, "examples", "do-chat"), chat)
    for f in glob.glob(os.path.join(chat, "cfscale.metrics.*")):
        os.remove(f)
    api.reset()
    p = cfscale("metrics", "pull", chat, "--api-url", api.url, "--dry-run", env={"CLOUDFLARE_ACCOUNT_ID": cloudflare_fake.ACCOUNT})
    check(p.returncode == 0, f"do-chat: {p.stderr}")
    do_queries = [q for q in api.queries if "query CfscaleDurableObjects" in q]
    check(len(do_queries) == 1 and 'namespaceId: "5eb63bbbe01eeed093cb22bb8f5acdc3"' in do_queries[0].replace('\\"', '"'),
          f"the namespace id from the REST list: {api.counts} {p.stderr}")

    # A monorepo: every Worker under the folder, the look-ups shared.
    mono = os.path.join(OUT, "mono")
    for name in ("a", "b"):
        shutil.copytree(project, os.path.join(mono, name), ignore=shutil.ignore_patterns("cfscale.metrics*"))
    api.reset()
    p = cfscale("metrics", "pull", mono, "--recursive", "--api-url", api.url, env={"CLOUDFLARE_ACCOUNT_ID": cloudflare_fake.ACCOUNT})
    check(p.returncode == 0 and api.counts == {"graphql": 9, "rest": 1}, f"--recursive: the settings once, then: {api.counts} {p.stderr}")
    check(all(os.path.exists(os.path.join(mono, n, "cfscale.metrics.yaml")) for n in ("a", "b")), "a metrics file per Worker")

# Without a token, or over plain HTTP to another host: refused before any request.
p = cfscale("metrics", "pull", project, env={"CLOUDFLARE_API_TOKEN": ""})
check(p.returncode == 2 and "set CLOUDFLARE_API_TOKEN" in p.stderr, f"no token: {p.stderr}")
token_file = os.path.join(OUT, "token")
with open(token_file, "w") as f:
    f.write(TOKEN + "\n")
p = cfscale("metrics", "pull", project, "--api-url", "http://api.example.com/client/v4",
            env={"CLOUDFLARE_API_TOKEN": "", "CLOUDFLARE_API_TOKEN_FILE": token_file})
check(p.returncode == 2 and "in the clear" in p.stderr, f"plain http to a remote host: {p.stderr}")
# Nothing listens on the port any more: a clear message, exit 2.
p = cfscale("metrics", "pull", project, "--api-url", "http://127.0.0.1:9/client/v4", "--account-id", "x")
check(p.returncode == 2 and "cannot connect" in p.stderr, f"a refused connection: {p.stderr}")
p = cfscale("metrics", "pull", project, "--api-url", "https://nonexistent.invalid/client/v4", "--account-id", "x", "--timeout", "5")
check(p.returncode == 2 and ("cannot resolve" in p.stderr or "cannot connect" in p.stderr), f"DNS: {p.stderr}")

finish()
