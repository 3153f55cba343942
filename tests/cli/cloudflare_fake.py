"""A stand-in for Cloudflare's API on 127.0.0.1, for the metrics tests: the
GraphQL Analytics endpoint and the REST look-ups (accounts, queues, Durable
Object namespaces), with the response shapes of Cloudflare's documented
examples (../shared/reference/cloudflare-analytics.md), and the ways the
real API misbehaves: errors with HTTP 200, 429 and 5xx, fields an account's
schema lacks, answers cut at their limit, slow answers, a proxy's HTML.

The analytics answers are those of examples/d1-api (a plausible storefront):
ANSWERS maps each alias `metrics queries` asks for to its rows.
"""
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWERS = {
    "cfs_worker": [{"sum": {"requests": 36000000, "errors": 1210, "subrequests": 90000000, "cpuTimeUs": 147600000000,
                            "wallTime": 5400000000000},
                    "quantiles": {"cpuTimeP50": 3000, "cpuTimeP99": 40000, "wallTimeP99": 850000, "memoryUsageBytesP99": 73400320}}],
    "cfs_worker_status": [{"dimensions": {"status": "success"}, "sum": {"requests": 35998790}},
                          {"dimensions": {"status": "scriptThrewException"}, "sum": {"requests": 1210}}],
    "cfs_worker_subreq_cache": [{"dimensions": {"cacheStatus": "hit"}, "sum": {"subrequests": 31500000}},
                                {"dimensions": {"cacheStatus": "miss"}, "sum": {"subrequests": 58500000}}],
    "cfs_kv_SESSIONS": [{"dimensions": {"actionType": "read"}, "sum": {"requests": 33000000}},
                        {"dimensions": {"actionType": "write"}, "sum": {"requests": 2700000}},
                        {"dimensions": {"actionType": "delete"}, "sum": {"requests": 600000}}],
    "cfs_kv_SESSIONS_lat": [{"quantiles": {"latencyMsP90": 8, "latencyMsP99": 30}}],
    "cfs_kv_SESSIONS_storage": [{"dimensions": {"date": "2026-11-30"}, "max": {"byteCount": 400000000, "keyCount": 90000}}],
    "cfs_d1_CATALOG": [{"sum": {"readQueries": 126000000, "writeQueries": 4500000, "rowsRead": 29400000000, "rowsWritten": 12300000},
                        "avg": {"queryBatchTimeMs": 2.5}, "quantiles": {"queryBatchTimeMsP90": 9.8}}],
    "cfs_d1_CATALOG_queries": [
        {"count": 120000000, "sum": {"queryDurationMs": 300000000, "rowsRead": 29000000000, "rowsWritten": 0},
         "quantiles": {"queryDurationMsP95": 85}, "dimensions": {"query": "SELECT * FROM products WHERE category = ?"}},
        {"count": 4500000, "sum": {"queryDurationMs": 11250000, "rowsRead": 0, "rowsWritten": 12300000},
         "quantiles": {"queryDurationMsP95": 60}, "dimensions": {"query": "INSERT INTO orders VALUES (?, ?)"}}],
    "cfs_d1_CATALOG_peak": [{"dimensions": {"datetimeFiveMinutes": "2026-11-20T18:05:00Z"}, "sum": {"readQueries": 50000, "writeQueries": 4000}},
                            {"dimensions": {"datetimeFiveMinutes": "2026-11-20T18:10:00Z"}, "sum": {"readQueries": 30000, "writeQueries": 1000}}],
    "cfs_d1_CATALOG_storage": [{"dimensions": {"date": "2026-11-%02d" % d}, "max": {"databaseSizeBytes": 8600000000 + d * 16000000}}
                               for d in range(1, 31)],
    "cfs_q_order_events_ops": [
        {"count": 4500000, "dimensions": {"actionType": "WriteMessage", "outcome": "success"}, "sum": {"bytes": 6912000000, "billableOperations": 4500000},
         "avg": {"lagTime": 40, "retryCount": 0}, "max": {"messageSize": 3000}}],
    "cfs_q_order_events_backlog": [{"dimensions": {"datetimeHour": "2026-11-30T23:00:00Z"}, "avg": {"messages": 12, "bytes": 18000}}],
}

# The account, its queues and Durable Object namespaces (REST look-ups).
ACCOUNT = "0123456789abcdef0123456789abcdef"
QUEUES = [{"queue_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90", "queue_name": "order-events", "created_on": "2026-01-02T03:04:05Z",
           "producers_total_count": 1, "consumers_total_count": 1}]
NAMESPACES = [{"id": "5eb63bbbe01eeed093cb22bb8f5acdc3", "name": "chat_ChatRoom", "script": "chat", "class": "ChatRoom", "use_sqlite": True}]


def envelope(result, page=1, total_pages=1):
    return {"success": True, "errors": [], "messages": [], "result": result,
            "result_info": {"page": page, "per_page": 100, "count": len(result), "total_count": len(result), "total_pages": total_pages}}


class FakeCloudflare:
    """Start with `with FakeCloudflare(token) as api:`; api.url is the base URL
    (…/client/v4). `api.mode` picks a misbehaviour; `api.counts` counts requests."""

    def __init__(self, token):
        self.token = token
        self.mode = set()
        self.counts = {"graphql": 0, "rest": 0}
        self.queries = []  # every GraphQL document received
        self.failures_left = 0
        self.answers = dict(ANSWERS)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def reply(self, status, body, headers=()):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def authorized(self):
                if self.headers.get("Authorization") == "Bearer " + outer.token:
                    return True
                self.reply(403, {"success": False, "errors": [{"code": 10000, "message": "Authentication error"}], "messages": [], "result": None})
                return False

            def do_GET(self):
                outer.counts["rest"] += 1
                if not self.authorized():
                    return
                path = self.path.split("?")[0]
                if path == "/client/v4/accounts":
                    accounts = [{"id": ACCOUNT, "name": "Shop"}]
                    if "two-accounts" in outer.mode:
                        accounts.append({"id": "fedcba9876543210fedcba9876543210", "name": "Other"})
                    return self.reply(200, envelope(accounts))
                if path == f"/client/v4/accounts/{ACCOUNT}/queues":
                    if "paged-queues" in outer.mode:  # two pages: another queue first
                        page = 2 if "page=2" in self.path else 1
                        other = [{"queue_id": "ffffffffffffffffffffffffffffffff", "queue_name": "audit-log"}]
                        return self.reply(200, envelope(other if page == 1 else QUEUES, page, 2))
                    return self.reply(200, envelope(QUEUES))
                if path == f"/client/v4/accounts/{ACCOUNT}/workers/durable_objects/namespaces":
                    return self.reply(200, envelope(NAMESPACES))
                self.reply(404, {"success": False, "errors": [{"code": 7003, "message": "Could not route to " + path}], "messages": [], "result": None})

            def do_POST(self):
                outer.counts["graphql"] += 1
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                if not self.authorized():
                    return
                query = body["query"]
                outer.queries.append(query)
                if "slow" in outer.mode:
                    time.sleep(3)
                if outer.failures_left > 0:
                    outer.failures_left -= 1
                    if "429" in outer.mode:
                        return self.reply(429, {"errors": [{"message": "rate limiter budget depleted, try again after 5 minutes"}]},
                                          [("Retry-After", "0")])
                    return self.reply(503, "<html>upstream unavailable</html>")
                if "html" in outer.mode:
                    return self.reply(200, "<html><body>Proxy login required</body></html>")
                if "unauthorized-200" in outer.mode:
                    return self.reply(200, {"data": None, "errors": [{"message": "not authorized for that account", "path": ["viewer", "accounts"]}]})
                if "no-memory-field" in outer.mode and "memoryUsageBytesP99" in query:
                    return self.reply(200, {"data": None, "errors": [{
                        "message": 'Cannot query field "memoryUsageBytesP99" on type "AccountWorkersInvocationsAdaptiveQuantiles".',
                        "path": None, "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]})
                if body.get("variables", {}).get("accountTag") != ACCOUNT:
                    return self.reply(200, {"data": None, "errors": [{"message": "not authorized for that account"}]})
                if body.get("operationName") == "CfscaleSettings":
                    # The settings node (graphql-api/features/discovery/settings): seconds.
                    if "no-settings" in outer.mode:
                        return self.reply(200, {"data": None, "errors": [{"message": 'Cannot query field "settings" on type "account".'}]})
                    days = 86400
                    out = {}
                    for ds in re.findall(r"(\w+) \{ enabled", query):
                        keep = 90 * days if ds.startswith("workers") else 31 * days
                        if "short-d1" in outer.mode and ds.startswith("d1"):
                            keep = 8 * days
                        out[ds] = {"enabled": not ("r2-off" in outer.mode and ds.startswith("r2")),
                                   "notOlderThan": keep, "maxDuration": 32 * days if ds.startswith("workers") else keep}
                    return self.reply(200, {"data": {"viewer": {"accounts": [{"settings": out}]}}, "errors": None})
                nodes = {}
                for alias in re.findall(r"(cfs_\w+): \w+\(", query):
                    rows = outer.answers.get(alias)
                    if rows is not None and "no-memory-field" in outer.mode:  # the account's schema has no such field
                        rows = [{k: ({q: x for q, x in v.items() if q != "memoryUsageBytesP99"} if isinstance(v, dict) else v)
                                 for k, v in r.items()} for r in rows]
                    if rows is not None:
                        nodes[alias] = rows
                self.reply(200, {"data": {"viewer": {"accounts": [nodes]}}, "errors": None})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/client/v4"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def reset(self, *mode, failures=0):
        self.mode = set(mode)
        self.failures_left = failures
        self.counts = {"graphql": 0, "rest": 0}
        self.queries = []


def responses_by_product():
    """ANSWERS as the script of metrics queries saves them: one file per product."""
    prefixes = {"worker": "cfs_worker", "kv": "cfs_kv_", "d1": "cfs_d1_", "queues": "cfs_q_"}
    out = {}
    for product, prefix in prefixes.items():
        nodes = {a: rows for a, rows in ANSWERS.items() if a.startswith(prefix)}
        out[product] = json.dumps({"data": {"viewer": {"accounts": [nodes]}}, "errors": None}, indent=2)
    return out
