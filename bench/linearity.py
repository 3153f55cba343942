#!/usr/bin/env python3
"""Every input's cost is linear in its size: each case is timed at N and 2N
in the same run and the ratio printed (about 2 is linear; 4 is quadratic).
A benchmark, not a test: this machine is shared, so compare ratios, not times.

usage: bench/linearity.py [BIN]   (default build/cfscale)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/cfscale")


def one_line_json(d, n):  # a config on one line with n vars
    cfg = {"name": "w", "main": "a.ts", "compatibility_date": "2025-01-01", "vars": {f"K{i}": "v" * 10 for i in range(n)}}
    open(os.path.join(d, "wrangler.json"), "w").write(json.dumps(cfg, separators=(",", ":")))
    return ["validate", d]


def many_envs(d, n):  # n environments, each analysed
    cfg = {"name": "w", "main": "a.ts", "compatibility_date": "2025-01-01", "env": {f"e{i}": {"vars": {"A": "1"}} for i in range(n)}}
    open(os.path.join(d, "wrangler.json"), "w").write(json.dumps(cfg))
    return ["advise", "--recursive", d, "--all-envs"]


def toml_tables(d, n):  # n [[kv_namespaces]] tables
    body = "".join(f'[[kv_namespaces]]\nbinding = "K{i}"\nid = "{i:032x}"\n' for i in range(n))
    open(os.path.join(d, "wrangler.toml"), "w").write('name = "w"\nmain = "a.ts"\ncompatibility_date = "2025-01-01"\n' + body)
    return ["validate", d]


def baseline(d, n):  # a one-line baseline of n entries
    open(os.path.join(d, "wrangler.toml"), "w").write('name = "w"\nmain = "a.ts"\ncompatibility_date = "2025-01-01"\n')
    keys = [{"worker": "w", "env": None, "rule": "CFS101", "target": {"product": "kv", "binding": f"B{i}"}} for i in range(n)]
    open(os.path.join(d, "base.json"), "w").write(json.dumps({"format": 1, "findings": keys}, separators=(",", ":")))
    return ["advise", d, "--baseline", os.path.join(d, "base.json")]


def seconds(args, repeat=3):
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([BIN, *args], capture_output=True)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best


print(f"{'case':<28}{'N':>9}{'time N':>10}{'time 2N':>10}{'ratio':>8}")
for name, make, n in (("one-line wrangler.json vars", one_line_json, 100_000), ("--all-envs environments", many_envs, 2_000),
                      ("wrangler.toml tables", toml_tables, 20_000), ("one-line baseline entries", baseline, 20_000)):
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        t1 = seconds(make(a, n))
        t2 = seconds(make(b, 2 * n))
        print(f"{name:<28}{n:>9}{t1:>9.3f}s{t2:>9.3f}s{t2 / t1:>8.2f}")
