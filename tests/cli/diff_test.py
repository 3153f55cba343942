#!/usr/bin/env python3
"""cfscale diff and advise --compare-to: findings new / fixed / unchanged
(matched as baselines match, not by line), the bill before and after per
product, runway that moved, the gates, markdown that fits a PR comment, and
bad reports as errors with file:line:col.

  diff_test.py BIN WORKDIR OUTDIR
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
os.makedirs(OUT)


def cfscale(*args, expect=0, cwd=OUT):
    p = subprocess.run([BIN, *args], cwd=cwd, env=ENV, capture_output=True)
    if p.returncode != expect:
        sys.exit(f"cfscale {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stdout.decode()[-2000:]}\n{p.stderr.decode()}")
    return p


def fail(why):
    sys.exit(why)


# The base is examples/d1-api; the head fixes the full database (9.1 GB -> 3 GB),
# makes a KV key hot (a new finding), moves the config down three lines (it must
# not matter) and doubles the traffic (the bill grows).
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), os.path.join(OUT, "base"))
shutil.copytree(os.path.join(OUT, "base"), os.path.join(OUT, "head"))
metrics = os.path.join(OUT, "head", "cfscale.metrics.yaml")
text = open(metrics).read()
for a, b in (("storage_gb: 9.1", "storage_gb: 3"), ("hottest_key_writes_per_sec: 0.05", "hottest_key_writes_per_sec: 0.95"),
             ("requests_per_day: 1200000", "requests_per_day: 2400000")):
    if a not in text:
        fail(f"the example's metrics no longer have {a!r}")
    text = text.replace(a, b)
open(metrics, "w").write(text)
cfg = os.path.join(OUT, "head", "wrangler.jsonc")
original = open(cfg).read()
open(cfg, "w").write("// moved\n\n\n" + original)
# Both sides are analysed from the same folder name, as CI analyses a worktree of the base.
os.rename(os.path.join(OUT, "base"), os.path.join(OUT, "p"))
base = cfscale("advise", "p", "--format", "json").stdout
os.rename(os.path.join(OUT, "p"), os.path.join(OUT, "base"))
os.rename(os.path.join(OUT, "head"), os.path.join(OUT, "p"))
head = cfscale("advise", "p", "--format", "json").stdout
open(os.path.join(OUT, "base.json"), "wb").write(base)
open(os.path.join(OUT, "head.json"), "wb").write(head)

d = json.loads(cfscale("diff", "base.json", "head.json", "--format", "json").stdout)
new = {f["rule"] for f in d["findings"]["new"]}
fixed = {f["rule"] for f in d["findings"]["fixed"]}
same = {f["rule"] for f in d["findings"]["unchanged"]}
if "CFS105" not in new or "CFS103" not in fixed or new & same or fixed & same:
    fail(f"diff: new {new}, fixed {fixed}, unchanged {same}")
if not same:
    fail("diff: moving the config's lines made every finding new")
b, h = json.loads(base), json.loads(head)
if d["bill"]["before"] != b["workers"][0]["cost"]["monthly_usd"] or d["bill"]["after"] != h["workers"][0]["cost"]["monthly_usd"]:
    fail(f"diff: bill {d['bill']['before']} -> {d['bill']['after']}")
workers = {l["product"]: l for l in d["bill"]["by_product"]}
if "workers" not in workers or workers["workers"]["after"] <= workers["workers"]["before"]:
    fail(f"diff: the Workers line of the bill did not grow: {workers}")
if not any(r["limit"] == "d1-storage" for r in d["runway"]):
    fail("diff: the D1 storage runway moved and is not reported")
pct = d["bill"]["change_pct"]

# The gates.
cfscale("diff", "base.json", "head.json", "--fail-on", "high", expect=1 if any(
    f["severity"] in ("critical", "high") for f in d["findings"]["new"]) else 0)
cfscale("diff", "base.json", "base.json", "--fail-on", "info")  # nothing new: unchanged findings never fail
cfscale("diff", "base.json", "head.json", "--fail-on-increase", f"{pct - 1:.1f}%", expect=1)
cfscale("diff", "base.json", "head.json", "--fail-on-increase", f"{pct + 1:.1f}%")
grew = d["bill"]["change"]
cfscale("diff", "base.json", "head.json", "--fail-on-increase", f"{grew - 0.5:.2f}", expect=1)
cfscale("diff", "base.json", "head.json", "--fail-on-increase", f"{grew + 0.5:.2f}")
cfscale("diff", "head.json", "base.json", "--fail-on-increase", "0%")  # the bill fell
cfscale("diff", "base.json", "head.json", "--fail-on-increase", "ten", expect=2)

# text and markdown say the same; --compare-to gives what diff gives.
txt = cfscale("diff", "base.json", "head.json").stdout.decode()
if "1 new" not in txt and f"{len(new)} new" not in txt:
    fail("text diff does not count the new findings")
md = cfscale("diff", "base.json", "head.json", "--format", "markdown").stdout.decode()
if not md.startswith("<!-- cfscale:pr-comment -->") or "### New findings" not in md or "### Fixed findings" not in md:
    fail("markdown diff: no marker or sections")
via_advise = cfscale("advise", "p", "--compare-to", "base.json", "--format", "json").stdout
if json.loads(via_advise)["findings"] != d["findings"]:
    fail("advise --compare-to and diff disagree")
cfscale("advise", "p", "--compare-to", "base.json", "--fail-on", "info", expect=1)  # CFS105 is new

# Markdown fits a PR comment: a tree of 60 Workers against an empty base.
tree = os.path.join(OUT, "tree")
subprocess.run([sys.executable, os.path.join(WORKDIR, "bench", "generate.py"), "60", tree], check=True, capture_output=True)
big = cfscale("advise", "--recursive", "tree", "--format", "json").stdout
open(os.path.join(OUT, "big.json"), "wb").write(big)
empty = {"format": 1, "workers": []}
open(os.path.join(OUT, "empty.json"), "w").write(json.dumps(empty))
n = json.loads(big)["summary"]["findings"]
for limit in (4000, 20000, 65536):
    md = cfscale("diff", "empty.json", "big.json", "--format", "markdown", "--max-chars", str(limit)).stdout.decode()
    if len(md) > limit:
        fail(f"--max-chars {limit}: {len(md)} characters")
    shown = md.count("\n| ") - md.count("| severity |") - md.count("| product |") - md.count("| limit |") - md.count("| … ")
    m = re.search(r"_(\d+) more findings? and rows did not fit", md)
    if limit < 65536 and not m:
        fail(f"--max-chars {limit}: cut without saying how many findings are left out")
    if m and int(m.group(1)) + shown < n:
        fail(f"--max-chars {limit}: {shown} shown and {m.group(1)} counted of {n}")
full = cfscale("diff", "empty.json", "big.json", "--format", "markdown", "--max-chars", str(1 << 20)).stdout.decode()
if "did not fit" in full:
    fail("1 MiB was not enough for 60 Workers")

# Bad reports: exit 2, file:line:col.
open(os.path.join(OUT, "broken.json"), "w").write('{"format": 1,\n  "workers": [}\n')
err = cfscale("diff", "base.json", "broken.json", expect=2).stderr.decode()
if not re.search(r"broken\.json:2:\d+: error", err):
    fail(f"a broken report gives no position: {err}")
open(os.path.join(OUT, "v2.json"), "w").write('{"format": 2, "workers": []}')
if "format 2" not in cfscale("diff", "v2.json", "head.json", expect=2).stderr.decode():
    fail("another report format is not refused by name")
open(os.path.join(OUT, "shape.json"), "w").write('{"format": 1, "workers": [{"name": "a", "env": null, "findings": 3}]}')
if "workers[0].findings is not an array" not in cfscale("diff", "shape.json", "head.json", expect=2).stderr.decode():
    fail("a report of the wrong shape does not name the JSON path")
cfscale("diff", "no-such.json", "head.json", expect=2)
print(f"diff: {len(new)} new, {len(fixed)} fixed, {len(same)} unchanged; gates and markdown limits hold")
