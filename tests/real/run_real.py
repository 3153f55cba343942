"""Real projects from ../shared/corpus, each with metrics for a plausible
traffic level and a reviewed expectation of what must and must not be
reported, and why (tests/real/<case>/case.json; tests/real/README.md).

Usage: run_real.py CFSCALE SOURCE_DIR OUT_DIR SHARED_DIR
"""
import json
import os
import subprocess
import sys

BIN, SOURCE, OUT, SHARED = sys.argv[1:5]
HERE = os.path.join(SOURCE, "tests", "real")
failures = []


def matches(finding, want):
    if finding["rule"] != want["rule"] and want["rule"] not in finding.get("related_rules", []):
        return False
    if "target" in want and finding["target"].get("binding") != want["target"]:
        return False
    return True


SEVERITIES = ["info", "low", "medium", "high", "critical"]

cases = sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "case.json")))
if len(cases) < 12:
    failures.append(f"only {len(cases)} real projects; at least 12 are expected")
for name in cases:
    case = json.load(open(os.path.join(HERE, name, "case.json")))
    config = os.path.join(SHARED, "corpus", case["config"])
    if not os.path.exists(config):
        failures.append(f"{name}: {config} does not exist")
        continue
    args = [BIN, "advise", config, "--metrics", os.path.join(HERE, name, "cfscale.metrics.yaml"), "--format", "json", "--no-color"]
    if case.get("env"):
        args += ["--env", case["env"]]
    p = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "CFSCALE_TODAY": "2026-12-01"})
    if p.returncode not in (0, 1) or " error: " in p.stderr:
        failures.append(f"{name}: exit {p.returncode}: {p.stderr[:500]}")
        continue
    report = json.loads(p.stdout)
    worker = report["workers"][0]
    findings = worker["findings"]
    seen = ", ".join(f"{f['rule']}({f['target'].get('binding') or 'worker'}, {f['severity']})" for f in findings)
    for want in case.get("must", []):
        hits = [f for f in findings if matches(f, want)]
        if not hits:
            failures.append(f"{name}: {want['rule']} {want.get('target', '')} must be reported ({want['why']}); reported: {seen}")
            continue
        if "severity" in want and SEVERITIES.index(hits[0]["severity"]) < SEVERITIES.index(want["severity"]):
            failures.append(f"{name}: {want['rule']} is {hits[0]['severity']}, at least {want['severity']} expected ({want['why']})")
        for text in want.get("says", []):
            body = " ".join(hits[0][k] for k in ("title", "message", "recommendation"))
            if text not in body:
                failures.append(f"{name}: {want['rule']} does not say {text!r} ({want['why']})")
        for text in want.get("never_says", []):
            body = " ".join(hits[0][k] for k in ("title", "message", "recommendation"))
            if text in body:
                failures.append(f"{name}: {want['rule']} says {text!r} ({want['why']})")
    for unwanted in case.get("must_not", []):
        hits = [f for f in findings if matches(f, unwanted)]
        if hits:
            failures.append(f"{name}: {unwanted['rule']} {unwanted.get('target', '')} must not be reported ({unwanted['why']}): "
                            f"{hits[0]['title']}")
    checklist = {c["item"]: c["status"] for c in worker["checklist"]}
    for item, status in case.get("checklist", {}).items():
        if checklist.get(item) != status["status"]:
            failures.append(f"{name}: checklist {item} is {checklist.get(item)}, {status['status']} expected ({status['why']})")
    lines = {l["item"]: l for l in worker["cost"].get("basis", [])}
    for item, want in case.get("bill", {}).items():
        got = lines.get(item)
        if not got or abs(got["usage"] - want["usage"]) > 1e-6 * max(1, want["usage"]):
            failures.append(f"{name}: bill line {item} uses {got and got['usage']}, {want['usage']} expected ({want['why']})")
    for limit, want in case.get("runway", {}).items():
        got = [r for r in worker["runway"] if r["limit"] == limit and r["target"].get("binding") == want.get("binding")]
        if not got or got[0]["months"] != want["months"]:
            failures.append(f"{name}: runway {limit} {want.get('binding')} is {got and got[0]['months']}, {want['months']} expected ({want['why']})")
    for item in case.get("undecided", []):
        if not any(u["rule"] == item["rule"] for u in worker["undecided"]):
            failures.append(f"{name}: {item['rule']} should be undecided ({item['why']})")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(cases)} real projects as reviewed")
