#!/usr/bin/env bash
# On a pull request: runs cfscale on the base commit too (a git worktree of
# it, so paths match the head's), then `cfscale diff` writes what the change
# does to findings, the bill and runway, for the PR comment and the summary.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

work=$(work_dir)
: "${CFS_BASE_SHA:?the base commit of the pull request}"
root=$(git -C "${GITHUB_WORKSPACE:-.}" rev-parse --show-toplevel) || { annotate warning "not a git checkout: no comparison with the base"; exit 0; }
if ! git -C "$root" cat-file -e "${CFS_BASE_SHA}^{commit}" 2>/dev/null; then
  git -C "$root" fetch --no-tags --quiet --depth=1 origin "$CFS_BASE_SHA" ||
    { annotate warning "cannot fetch the base commit $CFS_BASE_SHA: no comparison with the base"; exit 0; }
fi
base="$RUNNER_TEMP/cfscale-base"
git -C "$root" worktree remove --force "$base" >/dev/null 2>&1 || rm -rf "$base"
git -C "$root" worktree add --quiet --detach "$base" "$CFS_BASE_SHA" || { annotate warning "cannot check out the base: no comparison"; exit 0; }
trap 'git -C "$root" worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT

# The same inputs, at the same place relative to the repository root.
inbase() {
  local p
  p=$(realpath -m "$1")
  case "$p" in
    "$root") printf '%s' "$base" ;;
    "$root"/*) printf '%s/%s' "$base" "${p#"$root"/}" ;;
    *) printf '%s' "$p" ;;
  esac
}
args=(advise "$(inbase "${CFS_PATH:-.}")" --format json --output "$work/base.json" --quiet)
[ -n "${CFS_ENV:-}" ] && args+=(--env "$CFS_ENV")
[ -n "${CFS_METRICS:-}" ] && args+=(--metrics "$(inbase "$CFS_METRICS")")
[ -n "${CFS_CONFIG:-}" ] && args+=(--config "$(inbase "$CFS_CONFIG")")
[ "${CFS_RECURSIVE:-false}" = true ] && args+=(--recursive)
cfscale "${args[@]}"
code=$?
if [ "$code" -eq 2 ] && [ ! -e "$(inbase "${CFS_PATH:-.}")" ]; then
  printf '{"format": 1, "workers": []}\n' > "$work/base.json"  # the project is new in this pull request
elif [ "$code" -gt 1 ]; then
  annotate warning "cfscale cannot analyse the base commit (exit $code): no comparison with the base"
  exit 0
fi
[ -n "${CFS_METRICS:-}" ] && [ ! -e "$(inbase "$CFS_METRICS")" ] && \
  annotate notice "the base has no $CFS_METRICS: its bill is compared without metrics"

diff_args=(diff "$work/base.json" "$work/head.json" --format markdown --output "$work/comment.md" --format text)
[ -n "${CFS_FAIL_ON_INCREASE:-}" ] && diff_args+=(--fail-on-increase "$CFS_FAIL_ON_INCREASE")
[ "${CFS_GATE:-all}" = new ] && [ -n "${CFS_FAIL_ON:-}" ] && diff_args+=(--fail-on "$CFS_FAIL_ON")
cfscale "${diff_args[@]}"
code=$?
set_output exit-code "$code"
case "$code" in
  0 | 1) ;;
  *) annotate error "cfscale diff ended with exit code $code"; exit "$code" ;;
esac
set_output comment "$work/comment.md"
# The job summary holds 1 MiB: the diff is cut for a comment, the report was written whole.
{ printf '\n'; cat "$work/comment.md"; } >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
