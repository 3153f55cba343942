#!/usr/bin/env bash
# The gate, after the SARIF upload: exit 1 when findings at or above fail-on
# remain (gate: all), or when new ones appeared or the bill grew past
# fail-on-increase (the comparison with the base).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
advise=${CFS_ADVISE_EXIT:-}
diff=${CFS_DIFF_EXIT:-}
case "$advise" in
  0 | 1) ;;
  *) annotate error "cfscale did not finish (exit ${advise:-none})"; exit 1 ;;
esac
failed=0
if [ "${CFS_GATE:-all}" = all ] && [ "$advise" = 1 ]; then
  annotate error "findings at or above '${CFS_FAIL_ON}' remain: see the annotations and the job summary"
  failed=1
fi
if [ "$diff" = 1 ]; then
  annotate error "the change adds findings at or above '${CFS_FAIL_ON}' or grows the bill past '${CFS_FAIL_ON_INCREASE:-}': see the pull-request comment"
  failed=1
fi
exit "$failed"
