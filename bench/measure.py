#!/usr/bin/env python3
"""Runs a command RUNS times (output discarded) and prints the best wall time
in seconds and the peak resident memory of that run in KiB: "0.0123 6480".

usage: measure.py RUNS CMD [ARGS...]
"""
import subprocess
import sys
import time


def main():
    runs, cmd = int(sys.argv[1]), sys.argv[2:]
    best = None
    for _ in range(runs):
        # GNU time reports the peak memory of the command itself (the
        # forked Python would otherwise count); the wall time is ours.
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        peak = int(p.stderr.strip().splitlines()[-1])
        if best is None or elapsed < best[0]:
            best = (elapsed, peak)
    print(f"{best[0]:.4f} {best[1]}")


if __name__ == "__main__":
    main()
