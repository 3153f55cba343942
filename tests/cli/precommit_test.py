#!/usr/bin/env python3
"""The pre-commit hooks, run as pre-commit runs them (the entry, in the
repository root, no file names): they work in a monorepo whose configs are in
subfolders and in a single project at the root, and they gate as described.

  precommit_test.py BIN WORKDIR OUTDIR
"""
import os
import shlex
import shutil
import subprocess
import sys

import yaml

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
hooks = {h["id"]: h for h in yaml.safe_load(open(os.path.join(WORKDIR, ".pre-commit-hooks.yaml")))}
shutil.rmtree(OUT, ignore_errors=True)
mono = os.path.join(OUT, "monorepo")
shutil.copytree(os.path.join(WORKDIR, "tests", "e2e", "fixtures", "monorepo"), mono)
single = os.path.join(OUT, "single")
shutil.copytree(os.path.join(WORKDIR, "examples", "healthy-app"), single)
env = dict(os.environ, PATH=os.path.dirname(BIN) + os.pathsep + os.environ["PATH"], CFSCALE_TODAY="2026-11-28")


def hook(name, root):
    h = hooks[name]
    if h.get("pass_filenames", True) or h["language"] != "system":
        sys.exit(f"hook {name}: expected language system without file names")
    return subprocess.run(shlex.split(h["entry"]), cwd=root, env=env, capture_output=True, text=True)


for root, advise_exit in ((mono, 1), (single, 0)):
    p = hook("cfscale-validate", root)
    if p.returncode != 0:
        sys.exit(f"cfscale-validate in {root}: exit {p.returncode}\n{p.stderr}")
    p = hook("cfscale-advise", root)
    if p.returncode != advise_exit:
        sys.exit(f"cfscale-advise in {root}: exit {p.returncode}, expected {advise_exit}\n{p.stderr}")
# A broken config anywhere in the monorepo stops the commit with its place.
bad = os.path.join(mono, "apps", "new", "wrangler.jsonc")
os.makedirs(os.path.dirname(bad))
open(bad, "w").write('{ "name": "new", "main": "src/index.ts", "compatibility_date": "2025-01-01", }\n{')
p = hook("cfscale-validate", mono)
if p.returncode != 2 or "apps/new/wrangler.jsonc:2:1" not in p.stderr:
    sys.exit(f"cfscale-validate with a broken config: exit {p.returncode}\n{p.stderr}")
print("pre-commit hooks: monorepo and single project")
