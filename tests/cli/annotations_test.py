#!/usr/bin/env python3
"""--format github annotates within what GitHub shows: at most 10 of each
level a step and --max-annotations a job, the highest-priority findings first,
then one notice that counts the rest and says where to read them.

  annotations_test.py BIN WORKDIR OUTDIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, CFSCALE_TODAY="2026-11-28", NO_COLOR="1")
shutil.rmtree(OUT, ignore_errors=True)
tree = os.path.join(OUT, "tree")
subprocess.run([sys.executable, os.path.join(WORKDIR, "bench", "generate.py"), "40", tree], check=True, capture_output=True)


def advise(*args):
    p = subprocess.run([BIN, "advise", "--recursive", tree, *args], cwd=OUT, env=ENV, capture_output=True)
    if p.returncode != 0:
        sys.exit(f"cfscale advise {' '.join(args)}: exit {p.returncode}\n{p.stderr.decode()}")
    return p.stdout.decode()


report = json.loads(advise("--format", "json"))
findings = [f for w in report["workers"] for f in w["findings"]] + report["cross_worker"]["findings"]
level = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}
total = {l: sum(1 for f in findings if level[f["severity"]] == l) for l in ("error", "warning", "notice")}
if sum(total.values()) <= 30 or min(total.values()) <= 10:
    sys.exit(f"the generated tree has too few findings of each level to test the caps: {total}")

for cap in (50, 20, 5, 1, 0):
    lines = advise("--format", "github", "--max-annotations", str(cap)).splitlines()
    notes = [l for l in lines if "more finding" in l and "not annotated" in l]
    annotations = [l for l in lines if l not in notes]
    counts = {l: sum(1 for a in annotations if a.startswith(f"::{l} ")) for l in total}
    if len(notes) != 1:
        sys.exit(f"--max-annotations {cap}: {len(notes)} notices of findings left out, expected 1")
    if len(annotations) + 1 > max(cap, 1) or any(n > 10 for n in counts.values()) or counts["notice"] + 1 > 10:
        sys.exit(f"--max-annotations {cap}: {counts} and a notice exceed what GitHub shows")
    left = int(re.search(r"title=cfscale%3A (\d+) more finding", notes[0]).group(1))
    if left + len(annotations) != len(findings):
        sys.exit(f"--max-annotations {cap}: {len(annotations)} annotated and {left} counted as left out, of {len(findings)}")
    # The highest severities first: no error is left out while a warning is annotated.
    if counts["warning"] and counts["error"] < min(total["error"], 10):
        sys.exit(f"--max-annotations {cap}: warnings annotated while errors were left out")
    if cap == 50 and counts != {"error": 10, "warning": 10, "notice": 9}:
        sys.exit(f"--max-annotations 50: {counts}, expected 10 errors, 10 warnings and 9 notices beside the notice")
print(f"annotations within GitHub's caps for {len(findings)} findings")
