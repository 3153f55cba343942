// Reads every wrangler config under a folder with wrangler's own reader, for
// the benchmark (bench/run.sh, WRANGLER_BENCH=1). Needs `npm install wrangler`
// in bench/ (not part of the build; nothing is downloaded by the build).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { experimental_readRawConfig, unstable_readConfig } from "wrangler";

const read = unstable_readConfig ?? experimental_readRawConfig;
function* configs(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".") || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* configs(p);
    else if (/^wrangler\.(json|jsonc|toml)$/.test(name)) yield p;
  }
}
let n = 0;
for (const config of configs(process.argv[2])) {
  read({ config });
  n++;
}
console.log(`${n} configs`);
