#!/usr/bin/env python3
"""Writing outputs can destroy nothing: temporary files are created
exclusively beside the output and never follow a planted symlink, an existing
file keeps its mode, FIFOs, devices, /dev/stdout and process substitutions are
written and never replaced, two outputs to one path and an output onto an
input are usage errors before anything is written, a run that exits 2 leaves
no output behind, write errors are reported, a 255-byte name works, and a
closed pipe ends quietly with the exit code the findings decide.

  output_safety_test.py BIN WORKDIR OUTDIR
"""
import os
import shutil
import stat
import subprocess
import sys
import threading

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, CFSCALE_TODAY="2026-11-28", NO_COLOR="1")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
proj = os.path.join(OUT, "proj")
shutil.copytree(os.path.join(WORKDIR, "examples", "d1-api"), proj)


def run(args, expect=0, **kw):
    p = subprocess.run([BIN, *args], cwd=OUT, env=ENV, capture_output=True, **kw)
    if p.returncode != expect:
        sys.exit(f"cfscale {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr.decode()}")
    return p


def fail(why):
    sys.exit(why)


def listing(d):
    return sorted(os.listdir(d))


json_alone = run(["advise", "proj", "--format", "json"]).stdout

# A symlink planted where a temporary file might go is never written through,
# and no temporary file is left.
d = os.path.join(OUT, "planted")
os.makedirs(d)
victim = os.path.join(OUT, "victim.txt")
open(victim, "w").write("precious\n")
for name in ("out.json.tmp-1", ".cfscale-AAAAAA", "out.json.tmp"):
    os.symlink(victim, os.path.join(d, name))
before = listing(d)
run(["advise", "proj", "--format", "json", "-o", "planted/out.json"])
if open(victim).read() != "precious\n":
    fail("a planted symlink was followed")
if listing(d) != sorted(before + ["out.json"]):
    fail(f"stray files after writing: {listing(d)}")

# The mode of an existing output is kept; a new one follows the umask.
out = os.path.join(OUT, "mode.json")
open(out, "w").write("old")
os.chmod(out, 0o600)
run(["advise", "proj", "--format", "json", "-o", "mode.json"])
if stat.S_IMODE(os.stat(out).st_mode) != 0o600 or open(out, "rb").read() != json_alone:
    fail("an existing output lost its mode or was not replaced")
old = os.umask(0o027)
run(["advise", "proj", "--format", "json", "-o", "new.json"])
os.umask(old)
if stat.S_IMODE(os.stat(os.path.join(OUT, "new.json")).st_mode) != 0o640:
    fail("a new output does not follow the umask")

# A symlink to a regular file updates the file and stays a symlink.
target = os.path.join(OUT, "real.json")
open(target, "w").write("x")
os.symlink("real.json", os.path.join(OUT, "link.json"))
run(["advise", "proj", "--format", "json", "-o", "link.json"])
if not os.path.islink(os.path.join(OUT, "link.json")) or open(target, "rb").read() != json_alone:
    fail("writing through a symlink to a file replaced the link or missed the file")

# A FIFO is written, not replaced.
fifo = os.path.join(OUT, "pipe")
os.mkfifo(fifo)
got = []
reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
reader.start()
run(["advise", "proj", "--format", "json", "-o", "pipe"])
reader.join(30)
if not stat.S_ISFIFO(os.stat(fifo).st_mode) or got != [json_alone]:
    fail("the FIFO was replaced or did not receive the report")

# /dev/null stays a device; /dev/stdout and a process substitution get the report.
run(["advise", "proj", "--format", "json", "-o", "/dev/null"])
if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
    fail("/dev/null is no longer a device")
if run(["advise", "proj", "--format", "json", "-o", "/dev/stdout"]).stdout != json_alone:
    fail("-o /dev/stdout did not write to stdout")
sub = os.path.join(OUT, "from-substitution.json")
p = subprocess.run(["bash", "-c", f'"$0" advise proj --format json -o >(cat > "$1"); wait', BIN, sub], cwd=OUT, env=ENV)
if p.returncode != 0 or open(sub, "rb").read() != json_alone:
    fail("a process substitution did not receive the report")

# Usage errors before anything is written.
for args, why in (
        (["--format", "json", "-o", "twice.json", "--format", "sarif", "-o", "./twice.json"], "two outputs to one path"),
        (["--format", "json", "-o", "proj/wrangler.jsonc"], "the config"),
        (["--format", "json", "-o", "proj/cfscale.metrics.yaml"], "the metrics"),
        (["--format", "json", "-o", "proj/migrations/0001_init.sql"], "a migration"),
        (["--format", "json", "-o", "dir-output"], "a folder")):
    if why == "a folder":
        os.makedirs(os.path.join(OUT, "dir-output"), exist_ok=True)
    snapshot = {f: open(os.path.join(proj, f), "rb").read() for f in ("wrangler.jsonc", "cfscale.metrics.yaml")}
    run(["advise", "proj", *args], expect=2)
    if any(open(os.path.join(proj, f), "rb").read() != v for f, v in snapshot.items()):
        fail(f"{why}: an input was changed")
    if os.path.exists(os.path.join(OUT, "twice.json")):
        fail("two outputs to one path: one was written")
if not os.path.exists(os.path.join(proj, "migrations", "0001_init.sql")):
    fail("the fixture has no migration to protect")
rules = os.path.join(OUT, "rules")
shutil.copytree(os.path.join(WORKDIR, "rules"), rules)
rule_text = open(os.path.join(rules, "CFS103-d1-storage.yaml"), "rb").read()
run(["advise", "proj", "--rules", "rules", "--format", "json", "-o", "rules/CFS103-d1-storage.yaml"], expect=2)
if open(os.path.join(rules, "CFS103-d1-storage.yaml"), "rb").read() != rule_text:
    fail("a rule file was overwritten")
run(["advise", "proj", "--write-baseline", "base.json"])
run(["advise", "proj", "--baseline", "base.json", "--format", "json", "-o", "base.json"], expect=2)
settings = os.path.join(proj, ".cfscale.toml")
open(settings, "w").write('plan = "paid"\n')
run(["advise", "proj", "--format", "json", "-o", "proj/.cfscale.toml"], expect=2)
if open(settings).read() != 'plan = "paid"\n':
    fail("the settings were overwritten")
os.remove(settings)

# A run that exits 2 leaves nothing behind; a write error is reported and removes what was staged.
bad = os.path.join(OUT, "bad")
shutil.copytree(proj, bad)
open(os.path.join(bad, "cfscale.metrics.yaml"), "w").write("format: 1\nworker: [\n")
before = listing(OUT)
run(["advise", "bad", "--format", "json", "-o", "never.json"], expect=2)
if listing(OUT) != before:
    fail(f"exit 2 left files: {sorted(set(listing(OUT)) - set(before))}")
p = run(["advise", "proj", "--format", "json", "-o", "staged.json", "--format", "sarif", "-o", "/dev/full"], expect=2)
if b"/dev/full" not in p.stderr or os.path.exists(os.path.join(OUT, "staged.json")) or any(f.startswith(".cfscale-") for f in listing(OUT)):
    fail("a failed write left the other output or a temporary file, or said nothing")
with open("/dev/full", "wb") as full:
    p = subprocess.run([BIN, "advise", "proj"], cwd=OUT, env=ENV, stdout=full, stderr=subprocess.PIPE)
if p.returncode != 2 or b"cannot write to stdout" not in p.stderr:
    fail(f"stdout on /dev/full: exit {p.returncode}, {p.stderr}")

# A 255-byte name is a valid output (the temporary name is short).
long_name = "r" * 250 + ".json"
run(["advise", "proj", "--format", "json", "-o", long_name])
if open(os.path.join(OUT, long_name), "rb").read() != json_alone:
    fail("a 255-byte output name failed")

# A closed pipe: quiet, and the exit code the findings decide.
tree = os.path.join(OUT, "tree")
subprocess.run([sys.executable, os.path.join(WORKDIR, "bench", "generate.py"), "300", tree], check=True, capture_output=True)
for fail_on, expect in (("high", 1), (None, 0)):
    args = [BIN, "advise", "--recursive", "tree"] + (["--fail-on", fail_on] if fail_on else [])
    p = subprocess.run(["bash", "-c", '"$@" | head -c 100 > /dev/null; exit "${PIPESTATUS[0]}"', "sh", *args], cwd=OUT, env=ENV,
                       capture_output=True)
    if p.returncode != expect or p.stderr:
        fail(f"| head with --fail-on {fail_on}: exit {p.returncode}, expected {expect}; stderr {p.stderr[:300]!r}")
print("outputs: no file destroyed, no input written, nothing left behind")
