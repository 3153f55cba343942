#!/usr/bin/env bash
# The source reader's cost (not a test): for the largest corpus projects and a
# generated Worker of 100,000 lines, the best of three runs of
#   tree-sitter's parse alone, and the fact extraction on top of it
#     (build/cfscale_parse_time, built here on demand, one thread);
#   cfscale advise --no-source      (config and metrics only: the floor)
#   cfscale advise                  (the same with the code read)
#   ESLint with @typescript-eslint/parser and a small syntax-only rule set
#     (bench/eslint: pinned, installed with npm ci into the bench folder)
# on the same files. Targets (docs/performance.md): extraction at most half
# the parse; advise at least 20 times faster than ESLint; 5,000 lines in
# 100 ms. Compare ratios from one run: the machine is shared.
#
#   bench/source.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/cfscale
[ -x "$bin" ] || { echo "bench/source.sh: no $bin (build first: scripts/setup)" >&2; exit 2; }
ninja -C "$build" cfscale_parse_time >/dev/null
parse_time=$build/cfscale_parse_time
root=${BENCH_DIR:-/tmp/cfscale-bench}/source
eslint_dir=$root/eslint
if ! cmp -s bench/eslint/package-lock.json "$eslint_dir/package-lock.json" || [ ! -f "$eslint_dir/node_modules/eslint/bin/eslint.js" ]; then
  mkdir -p "$eslint_dir"
  cp bench/eslint/package.json bench/eslint/package-lock.json bench/eslint/eslint.config.mjs "$eslint_dir/"
  (cd "$eslint_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp bench/eslint/eslint.config.mjs "$eslint_dir/"
gen=$root/generated
if [ ! -f "$gen/.complete" ]; then
  rm -rf "$gen" && mkdir -p "$gen/src"
  python3 - "$gen" <<'PY'
import os, sys
out = sys.argv[1]
open(os.path.join(out, "wrangler.jsonc"), "w").write('{"name": "big", "main": "src/index.ts", "compatibility_date": "2025-10-01",\n'
  ' "kv_namespaces": [{"binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279"}],\n'
  ' "d1_databases": [{"binding": "DB", "database_name": "db", "database_id": "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29"}],\n'
  ' "queues": {"producers": [{"binding": "EVENTS", "queue": "events"}]}}\n')
lines = 0
for f in range(250):
    body = []
    for i in range(25):
        body.append(f"export async function handler{f}_{i}(env: Env, ctx: ExecutionContext, ids: string[]): Promise<Response> {{")
        body.append(f"  const cached = await env.CACHE.get(`k{f}:{i}`);")
        body.append("  if (cached) return new Response(cached);")
        body.append("  const rows: unknown[] = [];")
        body.append("  for (const id of ids) {")
        body.append("    rows.push(await env.DB.prepare(\"SELECT * FROM items WHERE id = ?\").bind(id).first());")
        body.append("  }")
        body.append("  ctx.waitUntil(env.EVENTS.send({ type: \"seen\", n: rows.length }));")
        body.append("  await env.CACHE.put(`k:${ids[0]}`, JSON.stringify(rows), { expirationTtl: 60 });")
        body.extend(["  // filler, as real handlers have", "  const total = rows.length * 2;", "  if (total > 10) {",
                     "    console.log(\"many\", total);", "  }", "  return Response.json(rows);", "}", ""])
    open(os.path.join(out, "src", f"handlers{f}.ts"), "w").write("\n".join(body) + "\n")
    lines += len(body)
open(os.path.join(out, "src", "index.ts"), "w").write("export default { fetch: () => new Response('ok') };\n")
print(f"generated {lines} lines", file=sys.stderr)
PY
  touch "$gen/.complete"
fi
best() { python3 bench/measure.py 3 "$@"; }
# The binding names of a folder's wrangler config (the extractor looks for them).
bindings_of() {
  python3 - "$1" <<'PY'
import glob, os, re, sys
names = set()
for f in glob.glob(os.path.join(sys.argv[1], "wrangler.*")):
    names |= set(re.findall(r'"?(?:binding|name)"?\s*[:=]\s*"([A-Za-z_][A-Za-z0-9_]*)"', open(f, errors="replace").read()))
print(" ".join(sorted(names)))
PY
}
echo "# $(date -u +%F) · $(nproc) cores · $($bin --version | head -1) · $(node "$eslint_dir/node_modules/eslint/bin/eslint.js" --version) with @typescript-eslint/parser"
echo
echo "| project | files | lines | parse alone | extraction | extraction / parse | --no-source | advise | code costs | ESLint | ESLint / advise |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for dir in "$gen" ../shared/corpus/projects/cloudflare__vibesdk ../shared/corpus/projects/LubomirGeorgiev__cloudflare-workers-nextjs-saas-template \
           ../shared/corpus/projects/cloudflare__templates__saas-admin-template; do
  [ -d "$dir" ] || continue
  dir=$(cd "$dir" && pwd)
  # shellcheck disable=SC2046
  read -r files lines parse extract < <("$parse_time" "$dir" 3 $(bindings_of "$dir"))
  read -r floor _ < <(best "$bin" advise "$dir" --no-source)
  read -r full _ < <(best "$bin" advise "$dir")
  "$parse_time" --list "$dir" | sed "s|^$dir/||" > "$root/files.txt"
  read -r eslint _ < <(best bash -c 'cd "$1" && xargs -a "$2" node "$3/node_modules/eslint/bin/eslint.js" -c "$3/eslint.config.mjs" --no-warn-ignored -f json >/dev/null; true' \
                         _ "$dir" "$root/files.txt" "$eslint_dir")
  python3 - "$(basename "$dir")" "$files" "$lines" "$parse" "$extract" "$floor" "$full" "$eslint" <<'PY'
import sys
name = sys.argv[1]
files, lines = int(sys.argv[2]), int(sys.argv[3])
parse, extract, floor, full, eslint = map(float, sys.argv[4:9])
ms = lambda s: f"{s*1000:.0f} ms"
print(f"| {name} | {files} | {lines:,} | {ms(parse)} | {ms(extract)} | {extract/parse:.2f} | {ms(floor)} | {ms(full)} | {ms(full-floor)} | {ms(eslint)} | {eslint/full:.0f}x |")
PY
done
