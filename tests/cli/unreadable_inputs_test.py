#!/usr/bin/env python3
"""What cannot be read is an error with its path, never "absent": FIFOs,
folders and symlink loops where cfscale looks for a config, metrics or
settings; configs in a tree that are not files; and the streams a user may
name (/dev/stdin, a process substitution) are read. Names that are not UTF-8
reach JSON and SARIF escaped. Every run is bounded by a timeout: none may hang.

  unreadable_inputs_test.py BIN WORKDIR OUTDIR
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
EXAMPLE = os.path.join(WORKDIR, "examples", "d1-api")


def run(args, expect, cwd=OUT, **kw):
    p = subprocess.run([BIN, *args], cwd=cwd, env=ENV, capture_output=True, timeout=30, **kw)
    if p.returncode != expect:
        sys.exit(f"cfscale {' '.join(map(str, args))}: exit {p.returncode}, expected {expect}\n{p.stderr.decode(errors='replace')}")
    return p


def project(name):
    d = os.path.join(OUT, name)
    shutil.copytree(EXAMPLE, d)
    return d


# Where cfscale looks by itself, anything by the name is read or refused.
d = project("fifo-metrics")
os.remove(os.path.join(d, "cfscale.metrics.yaml"))
os.mkfifo(os.path.join(d, "cfscale.metrics.yaml"))
if b"cfscale.metrics.yaml: error: is not a regular file" not in run(["advise", "fifo-metrics"], 2).stderr:
    sys.exit("a FIFO metrics file was not refused by name")
d = project("folder-metrics")
os.remove(os.path.join(d, "cfscale.metrics.yaml"))
os.makedirs(os.path.join(d, "cfscale.metrics.yaml"))
run(["advise", "folder-metrics"], 2)
d = project("fifo-settings")
os.mkfifo(os.path.join(d, ".cfscale.toml"))
if b".cfscale.toml: error: is not a regular file" not in run(["advise", "fifo-settings"], 2).stderr:
    sys.exit("a FIFO settings file was not refused by name")
# A broken config in a subfolder is that folder's, not the parent's project analysed instead.
d = project("parent")
sub = os.path.join(d, "sub")
os.makedirs(sub)
os.symlink("loop-b", os.path.join(sub, "loop-a"))
os.symlink("loop-a", os.path.join(sub, "loop-b"))
os.symlink("loop-a", os.path.join(sub, "wrangler.jsonc"))
p = run(["advise", "parent/sub"], 2)
if b"parent/sub/wrangler.jsonc" not in p.stderr or p.stdout:
    sys.exit(f"a symlink loop in a subfolder: {p.stderr!r}")
# A tree: a config that is a FIFO is named, not dropped.
tree = os.path.join(OUT, "tree")
os.makedirs(os.path.join(tree, "a"))
shutil.copy(os.path.join(EXAMPLE, "wrangler.jsonc"), os.path.join(tree, "a"))
os.makedirs(os.path.join(tree, "b"))
os.mkfifo(os.path.join(tree, "b", "wrangler.toml"))
p = run(["advise", "--recursive", "tree"], 2)
if b"tree/b/wrangler.toml: error: is not a regular file" not in p.stderr or p.stdout:
    sys.exit(f"a FIFO config in a tree: {p.stderr!r}")

# Permission denied: a folder of a tree, a metrics file, a migration. Root
# reads everything, so as root the runs drop to nobody (setpriv) to see EACCES.
# The checkout may sit where nobody cannot reach (/root), so the binary, its
# rules and the inputs are copied to a fresh folder under /tmp.
import tempfile  # noqa: E402
as_user, bin_as_user, env_as_user = [], BIN, ENV
locked = tempfile.mkdtemp(prefix="cfscale-eacces-")
if os.geteuid() == 0:
    as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    os.chmod(locked, 0o755)
    bin_as_user = os.path.join(locked, "cfscale")
    shutil.copy(BIN, bin_as_user)
    shutil.copytree(os.path.join(WORKDIR, "rules"), os.path.join(locked, "rules"))
    env_as_user = dict(ENV, CFSCALE_RULES_DIR=os.path.join(locked, "rules"))
os.makedirs(os.path.join(locked, "tree", "a"))
shutil.copy(os.path.join(EXAMPLE, "wrangler.jsonc"), os.path.join(locked, "tree", "a"))
os.makedirs(os.path.join(locked, "tree", "secret"))
shutil.copy(os.path.join(EXAMPLE, "wrangler.jsonc"), os.path.join(locked, "tree", "secret"))
os.chmod(os.path.join(locked, "tree", "secret"), 0)
shutil.copytree(EXAMPLE, os.path.join(locked, "metrics"))
os.chmod(os.path.join(locked, "metrics", "cfscale.metrics.yaml"), 0)
shutil.copytree(EXAMPLE, os.path.join(locked, "migration"))
first = sorted(os.listdir(os.path.join(locked, "migration", "migrations")))[0]
os.chmod(os.path.join(locked, "migration", "migrations", first), 0)
for args, expect in ((["--recursive", "tree"], b"tree/secret: error: cannot read the folder: Permission denied"),
                     (["metrics"], b"metrics/cfscale.metrics.yaml: error:"),
                     (["migration"], b"migration/migrations/" + first.encode() + b": error:")):
    p = subprocess.run([*as_user, bin_as_user, "advise", *args], cwd=locked, env=env_as_user, capture_output=True, timeout=30)
    if p.returncode != 2 or expect not in p.stderr or p.stdout:
        sys.exit(f"permission denied, advise {args}: exit {p.returncode}, stderr {p.stderr!r}, stdout {len(p.stdout)} bytes")
os.chmod(os.path.join(locked, "tree", "secret"), 0o755)
shutil.rmtree(locked)

# Streams a user names are read.
metrics = open(os.path.join(EXAMPLE, "cfscale.metrics.yaml"), "rb").read()
with_file = run(["advise", EXAMPLE, "--format", "json"], 0).stdout
via_stdin = run(["advise", EXAMPLE, "--format", "json", "--metrics", "/dev/stdin"], 0, input=metrics).stdout
def same_findings(a, b):
    # The findings, but for the evidence's source, which names the file (or /dev/stdin) read.
    def strip(report):
        fs = json.loads(report)["workers"][0]["findings"]
        for f in fs:
            for e in f["evidence"]:
                e.pop("source", None)
        return fs
    return strip(a) == strip(b)


if not same_findings(via_stdin, with_file):
    sys.exit("--metrics /dev/stdin did not read the metrics")
p = subprocess.run(["bash", "-c", '"$0" advise "$1" --format json --metrics <(cat "$1/cfscale.metrics.yaml")', BIN, EXAMPLE],
                   env=ENV, capture_output=True, timeout=30)
if p.returncode != 0 or not same_findings(p.stdout, with_file):
    sys.exit(f"--metrics <(...) did not read the metrics: {p.stderr!r}")
run(["advise", EXAMPLE, "--write-baseline", os.path.join(OUT, "b.json")], 0)
p = subprocess.run(["bash", "-c", '"$0" advise "$1" --baseline <(cat "$2") --fail-on info', BIN, EXAMPLE, os.path.join(OUT, "b.json")],
                   env=ENV, capture_output=True, timeout=30)
if p.returncode != 0:
    sys.exit(f"--baseline <(...) did not hide the recorded findings: exit {p.returncode} {p.stderr!r}")

# Settings given by --config may be a stream too, for one project and for a tree.
settings = b'[severity]\nCFS302 = "critical"\n'
for args in ([EXAMPLE], ["--recursive", EXAMPLE]):
    p = run(["advise", *args, "--format", "json", "--config", "/dev/stdin"], 0, input=settings)
    sev = {f["rule"]: f["severity"] for f in json.loads(p.stdout)["workers"][0]["findings"]}
    if sev.get("CFS302") != "critical":
        sys.exit(f"--config /dev/stdin {args}: the settings were not read: {sev!r} {p.stderr!r}")

# A folder name that is not UTF-8: JSON and SARIF are written, the bad byte replaced.
bad = os.path.join(OUT.encode(), b"bad\xff")
shutil.copytree(EXAMPLE, bad.decode(errors="surrogateescape"))
for f in ("json", "sarif"):
    p = subprocess.run([BIN, "advise", bad, "--format", f], env=ENV, capture_output=True, timeout=30)
    if p.returncode != 0 or b"internal error" in p.stderr:
        sys.exit(f"a non-UTF-8 folder name and --format {f}: exit {p.returncode} {p.stderr!r}")
    json.loads(p.stdout)  # valid UTF-8 JSON
    if f == "sarif" and b"%FF" not in p.stdout:
        sys.exit("the SARIF uri does not percent-encode the byte that is not UTF-8")
print("inputs that cannot be read are errors; named streams are read")
