#!/usr/bin/env bash
# Runs one fuzz target for a while on a copy of its seed corpus.
#   fuzz/run.sh TARGET [SECONDS]      e.g. fuzz/run.sh jsonc 300
# Needs the fuzz build: cmake --preset fuzz && cmake --build --preset fuzz
# Crashes land in build-fuzz/artifacts/TARGET/; add each reproducer to
# tests/fuzz-regressions/TARGET/ so the regression test replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
seconds=${2:-300}
bin=build-fuzz/fuzz_$target
work=build-fuzz/corpus/$target
artifacts=build-fuzz/artifacts/$target
[ -x "$bin" ] || { echo "fuzz/run.sh: build the fuzz preset first" >&2; exit 2; }
mkdir -p "$work" "$artifacts"
cp -n fuzz/corpus/$target/* "$work"/ 2>/dev/null || true
exec "$bin" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$artifacts/" -print_final_stats=1
