#!/usr/bin/env bash
# cfscale's benchmark (not a test): for synthetic monorepos of 1, 100, 1,000
# and 10,000 Workers, the wall time and peak memory of
#   cfscale advise --recursive        (text, and JSON)
#   cat over the same files           (the I/O floor)
#   wrangler reading the configs      (when node and npm's wrangler are there)
# and one project alone (config + metrics), best of 20 runs.
#
#   bench/run.sh [BUILD_DIR] [SIZES...]      default: build 1 100 1000 10000
# The trees are generated once into ${BENCH_DIR:-/tmp/cfscale-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("${@:-1 100 1000 10000}")
sizes=(${sizes[@]})
bin=$build/cfscale
root=${BENCH_DIR:-/tmp/cfscale-bench}
[ -x "$bin" ] || { echo "bench/run.sh: no $bin (build first: scripts/setup)" >&2; exit 2; }

best() {  # "seconds peak_kib": the best of three runs, output discarded
  python3 bench/measure.py 3 "$@"
}

echo "# $(date -u +%F) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') · $($bin --version)"
echo
echo "| Workers | files | cat floor | advise text | advise JSON | text / floor | wrangler |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  dir=$root/$n
  [ -d "$dir" ] || python3 bench/generate.py "$n" "$dir"
  files=$(find "$dir" \( -name 'wrangler.*' -o -name 'cfscale.metrics.*' \) -not -path '*/node_modules/*' | wc -l)
  find "$dir" -type f -exec cat {} + > /dev/null  # warm the page cache
  floor=$(best sh -c "find '$dir' \\( -name 'wrangler.*' -o -name 'cfscale.metrics.*' \\) -not -path '*/node_modules/*' -print0 | xargs -0 cat")
  text=$(best "$bin" advise --recursive "$dir")
  json=$(best "$bin" advise --recursive "$dir" --format json)
  ratio=$(awk -v a="${text% *}" -v b="${floor% *}" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')
  fmt_ms() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.0f ms", t * 1000; else printf "%.2f s", t }'; }
  wr="-"
  if [ -n "${WRANGLER_BENCH:-}" ] && command -v node >/dev/null; then
    wr=$(best node bench/wrangler-read.mjs "$dir")
    wr="$(fmt_ms "${wr% *}"), $(( ${wr#* } / 1024 )) MiB"
  fi
  printf "| %s | %s | %s, %s MiB | %s, %s MiB | %s, %s MiB | %s | %s |\n" "$n" "$files" \
    "$(fmt_ms "${floor% *}")" "$(( ${floor#* } / 1024 ))" "$(fmt_ms "${text% *}")" "$(( ${text#* } / 1024 ))" \
    "$(fmt_ms "${json% *}")" "$(( ${json#* } / 1024 ))" "$ratio" "$wr"
done

echo
one=examples/d1-api
# The floor for one project: cat of what it reads (the config, the metrics,
# the migrations; the catalogue is compiled in).
inputs=("$one"/wrangler.jsonc "$one"/cfscale.metrics.yaml "$one"/migrations/*.sql)
f=$(python3 bench/measure.py 20 cat "${inputs[@]}")
r=$(python3 bench/measure.py 20 "$bin" advise "$one")
echo "One project ($one: config, metrics, migrations): best of 20: $(awk -v t="${r% *}" 'BEGIN { printf "%.1f", t * 1000 }') ms wall, $(( ${r#* } / 1024 )) MiB peak;" \
  "cat of its inputs $(awk -v t="${f% *}" 'BEGIN { printf "%.1f", t * 1000 }') ms: $(awk -v a="${r% *}" -v b="${f% *}" 'BEGIN { printf "%.1fx", a / b }')"
