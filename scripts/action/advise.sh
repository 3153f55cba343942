#!/usr/bin/env bash
# Runs cfscale on the pull request's head (the checked-out tree): annotations
# on stdout, the markdown report into the job summary, SARIF and the JSON
# report to files. The exit code goes to the step's outputs; the gate comes
# after the SARIF upload, so findings are visible before the job fails.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

work=$(work_dir)
args=(advise "${CFS_PATH:-.}" --format github --format markdown --output "$work/report.md" --format json --output "$work/head.json")
[ -n "${CFS_SARIF:-}" ] && args+=(--format sarif --output "$CFS_SARIF" --category "${CFS_CATEGORY:-cfscale}")
[ -n "${CFS_ENV:-}" ] && args+=(--env "$CFS_ENV")
[ -n "${CFS_METRICS:-}" ] && args+=(--metrics "$CFS_METRICS")
[ -n "${CFS_CONFIG:-}" ] && args+=(--config "$CFS_CONFIG")
[ -n "${CFS_BASELINE:-}" ] && args+=(--baseline "$CFS_BASELINE")
[ -n "${CFS_FAIL_ON:-}" ] && args+=(--fail-on "$CFS_FAIL_ON")
[ "${CFS_RECURSIVE:-false}" = true ] && args+=(--recursive)
[ -n "${CFS_MAX_ANNOTATIONS:-}" ] && args+=(--max-annotations "$CFS_MAX_ANNOTATIONS")

cfscale "${args[@]}"
code=$?
set_output exit-code "$code"
set_output report "$work/head.json"
[ -n "${CFS_SARIF:-}" ] && [ -f "$CFS_SARIF" ] && set_output sarif "$CFS_SARIF"
case "$code" in
  0 | 1)
    # A step's summary holds 1 MiB and GitHub drops a larger one whole. A large
    # monorepo's report is cut at a Worker's section, with the comparison's room
    # kept (compare.sh appends at most 65,536 characters).
    python3 - "$work/report.md" "${GITHUB_STEP_SUMMARY:-/dev/null}" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
limit = 1024 * 1024 - 70 * 1024
if len(text.encode()) > limit:
    cut = text.encode()[:limit].decode("utf-8", "ignore")
    at = cut.rfind("\n## ")
    cut = cut[:at + 1] if at > 0 else cut
    left = text.count("\n## ") - cut.count("\n## ")
    text = cut + f"\n> The report is cut here to fit the job summary: {left} more sections are in the SARIF upload, the annotations and `cfscale advise --format markdown`.\n"
open(sys.argv[2], "a", encoding="utf-8").write(text)
PY
    exit 0 ;;
  2)
    annotate error "cfscale could not read its inputs or options (exit 2): the messages above name the file, line and column"
    exit 2 ;;
  *)
    # A crash or a signal: never a passing gate.
    annotate error "cfscale ended with exit code $code (a crash?); failing the step"
    exit "$code" ;;
esac
