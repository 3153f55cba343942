"""Every project of ../shared/corpus/projects read with its code: no crash, no
error, every file that does not parse explained, and the code findings
(CFS7xx) as reviewed in tests/real/code.json. Nothing unexplained, nothing
stale: a project of the corpus without an entry fails, and so does an entry
whose file now parses or whose finding count changed.

Usage: run_code.py CFSCALE SOURCE_DIR OUT_DIR SHARED_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys

BIN, SOURCE, OUT, SHARED = sys.argv[1:5]
projects_dir = os.path.join(SHARED, "corpus", "projects")
expect = json.load(open(os.path.join(SOURCE, "tests", "real", "code.json")))
failures = []
names = sorted(d for d in os.listdir(projects_dir) if os.path.isdir(os.path.join(projects_dir, d)))
for name in names:
    want = expect.get(name)
    if want is None:
        failures.append(f"{name}: no reviewed expectation in tests/real/code.json")
        continue
    folder = os.path.join(projects_dir, name)
    args = [BIN, "advise", "--format", "json", "--no-color"]
    if "config_copy" in want:
        tmp = os.path.join(OUT, "code-" + name)
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        shutil.copy(os.path.join(projects_dir, want["config_copy"]), os.path.join(tmp, "wrangler.toml"))
        args += [tmp, "--source", folder]
    else:
        args.append(os.path.join(projects_dir, want["config"]) if "config" in want else folder)
    p = subprocess.run(args, capture_output=True, text=True, timeout=300, env={**os.environ, "CFSCALE_TODAY": "2026-12-01"})
    if p.returncode not in (0, 1) or " error: " in p.stderr:
        failures.append(f"{name}: exit {p.returncode}: {p.stderr[:400]}")
        continue
    unparsed = set()
    for line in p.stderr.splitlines():
        m = re.match(r"(.+?):\d+:\d+: warning: .*\[source-syntax\]$", line)
        if m:
            path = m.group(1)
            unparsed.add(os.path.relpath(path, folder) if os.path.isabs(path) or path.startswith(SHARED) else path)
        elif "[source-" in line:
            failures.append(f"{name}: unexpected source warning: {line}")
    unparsed = {u.replace(os.path.join(projects_dir, name) + os.sep, "") for u in unparsed}
    for f in sorted(unparsed - set(want["syntax"])):
        failures.append(f"{name}: {f} does not parse and code.json does not say why")
    for f in sorted(set(want["syntax"]) - unparsed):
        failures.append(f"{name}: code.json explains {f}, which now parses: remove the entry")
    report = json.loads(p.stdout)
    counts = {}
    for w in report["workers"]:
        for f in w["findings"]:
            if f["rule"].startswith("CFS7"):
                counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    if counts != want["code"]:
        failures.append(f"{name}: code findings {counts}, reviewed {want['code']} ({want['why']})")
for name in sorted(set(expect) - set(names) - {"_about"}):
    failures.append(f"{name}: in code.json but not in the corpus")

print(f"{len(names)} projects read with their code")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
