#!/usr/bin/env python3
"""The settings apply to every rule: a severity override and `disable` change
the suppression findings (CFS901, CFS902) and the findings across Workers
(CFS501-505) as they change any other rule's.

  settings_apply_test.py BIN WORKDIR OUTDIR
"""
import json
import os
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, CFSCALE_TODAY="2026-11-28", NO_COLOR="1")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def advise(args):
    p = subprocess.run([BIN, "advise", *args, "--format", "json"], cwd=OUT, env=ENV, capture_output=True, timeout=60)
    if p.returncode not in (0, 1):
        sys.exit(f"advise {args}: exit {p.returncode}\n{p.stderr.decode()}")
    return json.loads(p.stdout)


# A suppression that matches nothing (CFS901) and one that names no rule (CFS902).
proj = os.path.join(OUT, "proj")
shutil.copytree(os.path.join(WORKDIR, "tests", "rules", "CFS901", "fires"), proj)
cfg = os.path.join(proj, "wrangler.jsonc")
text = open(cfg).read().replace('"compatibility_date"', '// cfscale-ignore CFS999: no such rule\n  "compatibility_date"')
open(cfg, "w").write(text)


def severities(report):
    return {f["rule"]: f["severity"] for f in report["workers"][0]["findings"]}


before = severities(advise(["proj"]))
if before.get("CFS901") != "low" or before.get("CFS902") != "medium":
    sys.exit(f"the fixture should give CFS901 low and CFS902 medium: {before}")
with open(os.path.join(proj, ".cfscale.toml"), "w") as f:
    f.write('[severity]\nCFS901 = "high"\nCFS902 = "critical"\n')
after = severities(advise(["proj"]))
if after.get("CFS901") != "high" or after.get("CFS902") != "critical":
    sys.exit(f"a severity override of CFS901/CFS902 was ignored: {after}")
with open(os.path.join(proj, ".cfscale.toml"), "w") as f:
    f.write('disable = ["CFS901", "CFS902"]\n')
off = severities(advise(["proj"]))
if "CFS901" in off or "CFS902" in off:
    sys.exit(f"disable of CFS901/CFS902 was ignored: {off}")

# A tree: the root's settings apply to the findings across Workers.
tree = os.path.join(OUT, "tree")
shutil.copytree(os.path.join(WORKDIR, "tests", "e2e", "fixtures", "monorepo"), tree)


def cross(report):
    return {f["rule"]: f["severity"] for f in report["cross_worker"]["findings"]}


base = cross(advise(["--recursive", "tree"]))
if base.get("CFS501") != "medium" or "CFS504" not in base:
    sys.exit(f"the monorepo fixture should give CFS501 medium and CFS504: {base}")
with open(os.path.join(tree, ".cfscale.toml"), "w") as f:
    f.write('disable = ["CFS504"]\n[severity]\nCFS501 = "critical"\n')
root = cross(advise(["--recursive", "tree"]))
if root.get("CFS501") != "critical" or "CFS504" in root:
    sys.exit(f"the root's settings did not reach the findings across Workers: {root}")
os.remove(os.path.join(tree, ".cfscale.toml"))
given = os.path.join(OUT, "given.toml")
with open(given, "w") as f:
    f.write('[severity]\nCFS502 = "info"\n')
named = cross(advise(["--recursive", "tree", "--config", given]))
if named.get("CFS502") != "info":
    sys.exit(f"--config did not reach the findings across Workers: {named}")
# Evidence names where each input came from: a metric its line in the
# metrics file, a threshold the settings that changed it.
th = os.path.join(OUT, "th")
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), th)
with open(os.path.join(th, ".cfscale.toml"), "w") as f:
    f.write("[thresholds]\nutilization_warn = 0.5\n")
r = advise(["th"])
ev = [e for f in r["workers"][0]["findings"] for e in f["evidence"]]
storage = next(e for e in ev if e["input"] == "derived.storage_utilization")
ts = storage.get("threshold_source") or {}
# Paths are relative to the repository root, wherever OUT is.
if ts.get("kind") != "settings" or not ts.get("file", "").endswith("th/.cfscale.toml") or (ts.get("line"), ts.get("column")) != (2, 1):
    sys.exit(f"the threshold's source is not the settings: {storage.get('threshold_source')}")
latency = next(e for e in ev if e["input"] == "d1.CATALOG.read_latency_p95_ms")
lines = open(os.path.join(th, "cfscale.metrics.yaml")).read().split("\n")
src = latency["source"]
if src["kind"] != "metrics" or not src["file"].endswith("th/cfscale.metrics.yaml") or "read_latency_p95_ms" not in lines[src["line"] - 1]:
    sys.exit(f"the metric's source is not its line in the metrics file: {src}")
print("severity and disable apply to CFS901/902 and CFS501-505; evidence names its sources")
