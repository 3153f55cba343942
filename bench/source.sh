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
if [ ! -f "$gen/.complete-v3" ]; then
  rm -rf "$gen" && mkdir -p "$gen/src"
  python3 - "$gen" <<'PY'
import os, sys
out = sys.argv[1]
open(os.path.join(out, "wrangler.jsonc"), "w").write('{"name": "big", "main": "src/index.ts", "compatibility_date": "2025-10-01",\n'
  ' "kv_namespaces": [{"binding": "CACHE", "id": "0f2ac74b498b48028cb68387c421e279"}],\n'
  ' "d1_databases": [{"binding": "DB", "database_name": "db", "database_id": "4e1c28a9-90e8-41da-8b4b-6cf36e5abb29"}],\n'
  ' "queues": {"producers": [{"binding": "EVENTS", "queue": "events"}]}}\n')
lines = 0
# Handlers shaped like real ones: validation, shaping of rows, a cached read,
# one batched query, an event; one in ten awaits a query per item (a finding).
for f in range(185):
    body = [f"interface Item{f} {{ id: string; name: string; price: number; tags: string[] }}", ""]
    for i in range(20):
        n = f * 20 + i
        body.append(f"export async function handler{n}(env: Env, ctx: ExecutionContext, request: Request): Promise<Response> {{")
        body.append("  const url = new URL(request.url);")
        body.append("  const ids = url.searchParams.getAll(\"id\").filter((id) => /^[a-z0-9-]{1,40}$/.test(id));")
        body.append("  if (ids.length === 0 || ids.length > 50) {")
        body.append("    return Response.json({ error: \"between 1 and 50 ids\" }, { status: 400 });")
        body.append("  }")
        body.append(f"  const cacheKey = `h{n}:${{ids.join(\",\")}}`;")
        body.append("  const cached = await env.CACHE.get(cacheKey);")
        body.append("  if (cached) return new Response(cached, { headers: { \"content-type\": \"application/json\" } });")
        if i % 10 == 0:
            body.append(f"  const rows: Item{f}[] = [];")
            body.append("  for (const id of ids) {")
            body.append(f"    const row = await env.DB.prepare(\"SELECT * FROM items WHERE id = ?\").bind(id).first<Item{f}>();")
            body.append("    if (row) rows.push(row);")
            body.append("  }")
        else:
            body.append("  const marks = ids.map(() => \"?\").join(\",\");")
            body.append(f"  const {{ results: rows }} = await env.DB.prepare(`SELECT * FROM items WHERE id IN (${{marks}})`).bind(...ids).all<Item{f}>();")
        body.extend([
            "  const byTag = new Map<string, number>();",
            "  for (const row of rows) {",
            "    for (const tag of row.tags ?? []) byTag.set(tag, (byTag.get(tag) ?? 0) + 1);",
            "  }",
            "  const total = rows.reduce((sum, row) => sum + row.price, 0);",
            "  const out = {",
            "    items: rows.map((row) => ({ id: row.id, name: row.name.trim(), price: Math.round(row.price * 100) / 100 })),",
            "    total,",
            "    tags: [...byTag.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10),",
            "  };",
            "  const page = JSON.stringify(out);",
            "  ctx.waitUntil(env.EVENTS.send({ type: \"seen\", n: rows.length }));",
            "  await env.CACHE.put(cacheKey, page, { expirationTtl: 60 });",
            "  return new Response(page, { headers: { \"content-type\": \"application/json\" } });",
            "}",
            "",
        ])
    open(os.path.join(out, "src", f"handlers{f}.ts"), "w").write("\n".join(body) + "\n")
    lines += len(body)
open(os.path.join(out, "src", "index.ts"), "w").write("export default { fetch: () => new Response('ok') };\n")
print(f"generated {lines} lines", file=sys.stderr)
PY
  touch "$gen/.complete-v3"
fi
# About 5,000 lines of it: the size of a typical Worker (target: 100 ms).
five=$root/generated-5k
if [ ! -f "$five/.complete-v3" ]; then
  rm -rf "$five" && mkdir -p "$five/src"
  cp "$gen/wrangler.jsonc" "$five/" && cp "$gen/src/index.ts" "$gen"/src/handlers[0-8].ts "$five/src/"
  touch "$five/.complete-v3"
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
echo "| project | files | lines | code findings | parse alone | extraction | extraction / parse | --no-source | advise | code costs | ESLint | ESLint / advise |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for dir in "$gen" "$five" ../shared/corpus/projects/cloudflare__vibesdk ../shared/corpus/projects/LubomirGeorgiev__cloudflare-workers-nextjs-saas-template \
           ../shared/corpus/projects/cloudflare__templates__saas-admin-template; do
  [ -d "$dir" ] || continue
  dir=$(cd "$dir" && pwd)
  # shellcheck disable=SC2046
  read -r files lines parse extract < <("$parse_time" "$dir" 3 $(bindings_of "$dir"))
  read -r floor _ < <(best "$bin" advise "$dir" --no-source)
  read -r full _ < <(best "$bin" advise "$dir")
  findings=$("$bin" advise "$dir" --format json 2>/dev/null |
             python3 -c 'import json, sys; print(sum(f["rule"].startswith("CFS7") for w in json.load(sys.stdin)["workers"] for f in w["findings"]))' || echo "?")
  "$parse_time" --list "$dir" | sed "s|^$dir/||" > "$root/files.txt"
  read -r eslint _ < <(best bash -c 'cd "$1" && xargs -a "$2" node "$3/node_modules/eslint/bin/eslint.js" -c "$3/eslint.config.mjs" --no-warn-ignored -f json >/dev/null; true' \
                         _ "$dir" "$root/files.txt" "$eslint_dir")
  python3 - "$(basename "$dir")" "$files" "$lines" "$findings" "$parse" "$extract" "$floor" "$full" "$eslint" <<'PY'
import sys
name = sys.argv[1]
files, lines, findings = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
parse, extract, floor, full, eslint = map(float, sys.argv[5:10])
ms = lambda s: f"{s*1000:.0f} ms"
print(f"| {name} | {files} | {lines:,} | {findings} | {ms(parse)} | {ms(extract)} | {extract/parse:.2f} | {ms(floor)} | {ms(full)} | {ms(full-floor)} | {ms(eslint)} | {eslint/full:.0f}x |")
PY
done
