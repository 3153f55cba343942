#!/usr/bin/env python3
"""until= in a suppression is a real calendar date: an impossible one
(2026-02-30, 2026-13-01, 9999-99-99) suppresses nothing and is CFS902, a
real one (a leap day included) suppresses until it passes.

  suppression_dates_test.py BIN WORKDIR OUTDIR
"""
import json
import os
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
CONFIG = """{
  "name": "w",
  "main": "src/index.ts",
  "compatibility_date": "2025-06-01",
  "queues": {
    "consumers": [
      // cfscale-ignore CFS204 until=%s: replayed from the source system
      { "queue": "imports" }
    ]
  }
}
"""


def findings(date):
    open(os.path.join(OUT, "wrangler.jsonc"), "w").write(CONFIG % date)
    p = subprocess.run([BIN, "advise", ".", "--format", "json"], cwd=OUT, capture_output=True, text=True,
                       env=dict(os.environ, CFSCALE_TODAY="2026-11-28"))
    if p.returncode != 0:
        sys.exit(f"until={date}: exit {p.returncode}\n{p.stderr}")
    return {f["rule"]: f for f in json.loads(p.stdout)["workers"][0]["findings"]}


for bad in ("2026-02-30", "2026-13-01", "9999-99-99", "2027-04-31", "2027-00-10"):
    f = findings(bad)
    if "CFS902" not in f or "CFS204" not in f:
        sys.exit(f"until={bad} is not a date, yet it was taken as one: {sorted(f)}")
for good in ("2028-02-29", "2027-12-31"):
    f = findings(good)
    if "CFS902" in f or "CFS204" in f:
        sys.exit(f"until={good} is a date in the future, yet: {sorted(f)}")
if "CFS204" not in findings("2026-01-31"):
    sys.exit("an expired suppression still hides its finding")
print("until= dates are calendar dates")
