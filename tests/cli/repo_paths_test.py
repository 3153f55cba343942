#!/usr/bin/env python3
"""Paths in every format are relative to the repository root, with '/'.

A project in a folder whose name needs percent-encoding, inside a repository,
analysed from the root, from its own folder, from a folder outside the
repository with an absolute PATH, and with --root: SARIF, annotations, JSON
and markdown must name its files the same way each time.

  repo_paths_test.py BIN WORKDIR OUTDIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, CFSCALE_TODAY="2026-11-28", NO_COLOR="1")
shutil.rmtree(OUT, ignore_errors=True)
repo = os.path.join(OUT, "repo")
sub = os.path.join(repo, "services", "my api é")
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), sub)
os.makedirs(os.path.join(repo, ".git"))  # what git's top level is recognised by
outside = os.path.join(OUT, "elsewhere")
os.makedirs(outside)


def run(cwd, *args):
    p = subprocess.run([BIN, "advise", *args], cwd=cwd, env=ENV, capture_output=True)
    if p.returncode != 0:
        sys.exit(f"cfscale advise {' '.join(args)} (in {cwd}): exit {p.returncode}\n{p.stderr.decode()}")
    return p.stdout.decode()


def outputs(cwd, path, *extra):
    return {f: run(cwd, path, "--format", f, *extra) for f in ("sarif", "github", "json", "markdown", "text")}


from_root = outputs(repo, "services/my api é")
from_sub = outputs(sub, ".")
from_outside = outputs(outside, os.path.abspath(sub))
with_root = outputs(outside, os.path.abspath(sub), "--root", repo)
for name, other in (("its own folder", from_sub), ("outside with an absolute path", from_outside), ("--root", with_root)):
    for f, text in from_root.items():
        if text != other[f]:
            sys.exit(f"--format {f} from {name} differs from the one run at the repository root")

sarif = json.loads(from_root["sarif"])
run0 = sarif["runs"][0]
uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in run0["results"] for loc in r.get("locations", [])}
if uris != {"services/my%20api%20%C3%A9/wrangler.jsonc"}:
    sys.exit(f"SARIF uris: {uris}")
for r in run0["results"]:
    for loc in r["locations"]:
        if loc["physicalLocation"]["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
            sys.exit("a SARIF location without uriBaseId %SRCROOT%")
base = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
if not base.startswith("file:///") or not base.endswith("/") or "my%20api" in base:
    sys.exit(f"originalUriBaseIds: {base}")
if "file=services/my api é/wrangler.jsonc," not in from_root["github"]:
    sys.exit("annotations do not name the config relative to the repository root")
if json.loads(from_root["json"])["workers"][0]["config"] != "services/my api é/wrangler.jsonc":
    sys.exit("the JSON report does not name the config relative to the repository root")

# Without a repository: relative to the working folder. (OUT is inside the
# checkout, itself a repository, so this part runs in a temporary folder.)
with tempfile.TemporaryDirectory() as bare:
    shutil.copytree(sub, os.path.join(bare, "services", "my api é"))
    text = run(os.path.join(bare, "services"), "my api é", "--format", "github")
    if "file=my api é/wrangler.jsonc," not in text:
        sys.exit("without git, paths are not relative to the working folder")
print("paths relative to the repository root from every place")
