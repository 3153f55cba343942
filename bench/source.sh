#!/usr/bin/env bash
# The source reader's cost (not a test): for the largest corpus projects and a
# generated Worker of about 100,000 lines, the best of three runs of
#   cfscale advise --no-source      (config and metrics only: the floor)
#   cfscale advise                  (the same with the code read)
# and the difference per 1,000 lines. Compare ratios from one run: the
# machine is shared.
#
#   bench/source.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/cfscale
[ -x "$bin" ] || { echo "bench/source.sh: no $bin (build first: scripts/setup)" >&2; exit 2; }
root=${BENCH_DIR:-/tmp/cfscale-bench}/source
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
for f in range(200):
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
echo "# $(date -u +%F) · $(nproc) cores · $($bin --version | head -1)"
echo
echo "| project | lines | --no-source | with source | code costs | per 1,000 lines |"
echo "|---|---:|---:|---:|---:|---:|"
for dir in "$gen" ../shared/corpus/projects/cloudflare__vibesdk ../shared/corpus/projects/LubomirGeorgiev__cloudflare-workers-nextjs-saas-template \
           ../shared/corpus/projects/cloudflare__templates__saas-admin-template; do
  [ -d "$dir" ] || continue
  lines=$(find "$dir" \( -name node_modules -o -name dist -o -name test -o -name tests \) -prune -o \
            \( -name '*.ts' -o -name '*.tsx' -o -name '*.js' -o -name '*.mjs' \) -not -name '*.d.ts' -type f -print0 |
          xargs -0 cat | wc -l)
  read -r floor _ < <(best "$bin" advise "$dir" --no-source)
  read -r full peak < <(best "$bin" advise "$dir")
  python3 - "$(basename "$dir")" "$lines" "$floor" "$full" <<'PY'
import sys
name, lines, floor, full = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
cost = full - floor
print(f"| {name} | {lines:,} | {floor*1000:.0f} ms | {full*1000:.0f} ms | {cost*1000:.0f} ms | {cost*1000/max(lines,1)*1000:.1f} ms |")
PY
done
