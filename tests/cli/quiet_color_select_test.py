#!/usr/bin/env python3
"""--quiet, --color and --select / --ignore through the real binary.

--quiet leaves only errors on stderr; colour follows --color, then NO_COLOR,
FORCE_COLOR and TERM=dumb, then whether stdout is a terminal (a real pty
here); --select and --ignore take rule ids, names and topics.

  quiet_color_select_test.py BIN WORKDIR OUTDIR
"""
import json
import os
import pty
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
BASE = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
BASE["CFSCALE_TODAY"] = "2026-11-28"


def run(args, env=None, expect=(0, 1)):
    p = subprocess.run([BIN, *args], cwd=WORKDIR, env=dict(BASE, **(env or {})), capture_output=True, text=True)
    if p.returncode not in expect:
        sys.exit(f"cfscale {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p


def on_tty(args, env):
    """stdout and stderr on a pseudo-terminal, as in an interactive shell."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(WORKDIR)
        os.execve(BIN, [BIN, *args], dict(BASE, **env))
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


# --quiet: warnings and notes gone, errors kept.
noisy = "tests/e2e/fixtures/unknown-keys"
if not run(["advise", noisy]).stderr:
    sys.exit("the fixture gives no warnings: --quiet cannot be tested on it")
for args in (["advise", noisy], ["checklist", noisy], ["cost", noisy], ["validate", noisy],
             ["advise", "--recursive", "tests/e2e/fixtures/monorepo"]):
    p = run([*args, "--quiet"])
    if p.stderr:
        sys.exit(f"cfscale {' '.join(args)} --quiet printed on stderr:\n{p.stderr}")
p = run(["validate", "tests/e2e/fixtures/syntax-error", "--quiet"], expect=(2,))
if "error" not in p.stderr:
    sys.exit("--quiet silenced an error")
base = os.path.join(OUT, "baseline.json")
os.makedirs(OUT, exist_ok=True)
run(["advise", "examples/d1-api", "--write-baseline", base, "--quiet"])
if run(["advise", "examples/d1-api", "--baseline", base, "--quiet"]).stderr:
    sys.exit("--quiet still says how many findings the baseline hid")

# Colour.
ESC = "\x1b["
cases = [  # (args, env, on a terminal, coloured)
    (["--color", "always"], {}, False, True),
    (["--color", "never"], {}, True, False),
    (["--no-color"], {"FORCE_COLOR": "1"}, True, False),
    ([], {"FORCE_COLOR": "1"}, False, True),
    ([], {"FORCE_COLOR": "0"}, True, False),
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ([], {"TERM": "dumb"}, True, False),
    ([], {"TERM": "xterm-256color"}, True, True),
    ([], {"TERM": "xterm-256color"}, False, False),
]
for extra, env, tty, coloured in cases:
    args = ["advise", "examples/d1-api", *extra]
    text = on_tty(args, env) if tty else run(args, env).stdout
    if (ESC in text) != coloured:
        sys.exit(f"cfscale {' '.join(args)} with {env} on {'a terminal' if tty else 'a pipe'}: colour {ESC in text}, expected {coloured}")
run(["advise", "examples/d1-api", "--color", "sometimes"], expect=(2,))

# --select and --ignore.
def rules_of(*args):
    return {f["rule"] for f in json.loads(run(["advise", "examples/d1-api", "--format", "json", *args]).stdout)["workers"][0]["findings"]}


everything = rules_of()
if len(everything) < 3:
    sys.exit("too few findings on the example to test --select")
if rules_of("--select", "CFS103") != {"CFS103"}:
    sys.exit("--select by id")
if rules_of("--select", "d1-storage,d1-indexes") != {"CFS103", "CFS302"}:
    sys.exit(f"--select by topic: {rules_of('--select', 'd1-storage,d1-indexes')}")
# Ignoring a rule may bring back one that was merged into its finding (CFS313 into CFS103).
left = rules_of("--ignore", "CFS103", "--ignore", "d1-indexes")
if left & {"CFS103", "CFS302"} or not (everything - {"CFS103", "CFS302"}) <= left:
    sys.exit(f"--ignore by id and topic, repeated: {left}")
p = run(["advise", "examples/d1-api", "--select", "d1-storag"], expect=(2,))
if 'did you mean "d1-storage"' not in p.stderr:
    sys.exit(f"an unknown rule in --select: {p.stderr}")
print("--quiet, --color and --select/--ignore as documented")
