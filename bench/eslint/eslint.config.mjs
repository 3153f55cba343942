// The ESLint run bench/source.sh compares with: the TypeScript parser and a
// small set of syntax-only rules close to what cfscale's code rules look at
// (awaits in loops, dropped expressions, promises), on the files cfscale reads.
import tsParser from "@typescript-eslint/parser";

export default [
  {
    files: ["**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}"],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: "latest",
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "no-await-in-loop": "warn",
      "no-unused-expressions": "warn",
      "no-loop-func": "warn",
      "require-await": "warn",
      "no-async-promise-executor": "warn",
      "no-promise-executor-return": "warn",
    },
  },
];
