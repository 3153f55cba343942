#!/usr/bin/env python3
"""Every --output binds to the --format right before it, whatever the order.

Runs every ordering of three formats with every choice of the one format left
on stdout (or none), and every ordering of four formats with one such choice
each, taken in turn so that each choice comes up equally often (360 runs: the
suite runs again under the sanitizers, where a run takes half a second). An
unrelated option sits between a --format and its --output. Each file and
stdout must hold exactly what that format gives when it is written alone.

  output_binding_test.py BIN WORKDIR OUTDIR
"""
import itertools
import os
import shutil
import subprocess
import sys

BIN, WORKDIR, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
PROJECT = "examples/do-chat"
FORMATS = ["text", "json", "markdown", "sarif", "github"]
ENV = dict(os.environ, CFSCALE_TODAY="2026-11-28", NO_COLOR="1")


def run(args, expect=0):
    p = subprocess.run([BIN, *args], cwd=WORKDIR, env=ENV, capture_output=True)
    if p.returncode != expect:
        sys.exit(f"cfscale {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr.decode()}")
    return p


alone = {f: run(["advise", PROJECT, "--format", f]).stdout for f in FORMATS}
if len(set(alone.values())) != len(FORMATS):
    sys.exit("two formats give the same output: the test could not tell them apart")

shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
runs = 0
for n in (3, 4):
    for k, order in enumerate(itertools.permutations(FORMATS, n)):
        choices = (None, *order)
        for on_stdout in choices if n == 3 else (choices[k % len(choices)],):
            args = ["advise", PROJECT]
            files = {}
            for i, f in enumerate(order):
                args += ["--format", f]
                if i == 1:
                    args += ["--no-color"]  # an unrelated option between a format and its output
                if f != on_stdout:
                    path = os.path.join(OUT, f"{runs}-{f}.out")
                    files[f] = path
                    args += ["--output", path] if i % 2 else ["-o", path]
            p = run(args)
            for f, path in files.items():
                with open(path, "rb") as fh:
                    if fh.read() != alone[f]:
                        sys.exit(f"cfscale {' '.join(args)}: {path} does not hold the {f} output")
                os.remove(path)
            expected = alone[on_stdout] if on_stdout else b""
            if p.stdout != expected:
                sys.exit(f"cfscale {' '.join(args)}: stdout does not hold {on_stdout or 'nothing'}")
            runs += 1

# What cannot be paired is a usage error, and nothing is written.
target = os.path.join(OUT, "never.out")
for args in (["--format", "json", "--format", "sarif"],                # two on stdout
             ["--format", "json", "-o", target, "-o", target + "2"],   # two outputs for one format
             ["-o", target, "--format", "json"]):                      # an output before any format
    run(["advise", PROJECT, *args], expect=2)
    if os.path.exists(target):
        sys.exit(f"cfscale advise {' '.join(args)}: a usage error wrote {target}")
# `-o FILE` alone is the command's text; `-f json DIR` leaves DIR as the path.
run(["advise", "-o", target, PROJECT])
with open(target, "rb") as fh:
    if fh.read() != alone["text"]:
        sys.exit("-o FILE without --format does not hold the text report")
if run(["advise", "-f", "json", PROJECT]).stdout != alone["json"]:
    sys.exit("-f json PATH did not take PATH as the project")
print(f"{runs} orderings: every output where it was asked for")
