#!/usr/bin/env bash
# Posts the diff as the pull request's cfscale comment through GitHub's REST
# API, or updates the one posted before (found by its hidden marker). A token
# that may not write (a fork's pull request) is said in the summary, and the
# job goes on.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
: "${CFS_COMMENT_FILE:?}" "${CFS_PR:?}" "${GITHUB_REPOSITORY:?}"

work=$(work_dir)
api=${GITHUB_API_URL:-https://api.github.com}
mode=${CFS_COMMENT:-update}
marker='<!-- cfscale:pr-comment -->'
if [ -z "${CFS_TOKEN:-}" ]; then
  annotate warning "no github-token: the pull-request comment is skipped"
  exit 0
fi

call() {  # METHOD URL [BODY_FILE] -> prints the HTTP status, the body in $work/response.json
  local data=()
  [ -n "${3:-}" ] && data=(--data-binary "@$3")
  curl -sS -X "$1" -o "$work/response.json" -w '%{http_code}' --connect-timeout 20 --max-time 60 \
    -H "Authorization: Bearer $CFS_TOKEN" -H "Accept: application/vnd.github+json" \
    -H "X-GitHub-Api-Version: 2022-11-28" -H "Content-Type: application/json" "${data[@]}" "$2" || printf '000'
}

existing=""
if [ "$mode" = update ]; then
  for page in $(seq 1 20); do
    status=$(call GET "$api/repos/$GITHUB_REPOSITORY/issues/$CFS_PR/comments?per_page=100&page=$page")
    [ "$status" = 200 ] || break
    existing=$(python3 - "$work/response.json" "$marker" <<'PY'
import json, sys
comments = json.load(open(sys.argv[1]))
hits = [c["id"] for c in comments if sys.argv[2] in (c.get("body") or "")]
print(hits[0] if hits else ("" if comments else "END"))
PY
)
    [ "$existing" = END ] && existing="" && break
    [ -n "$existing" ] && break
  done
fi

python3 - "$CFS_COMMENT_FILE" "$work/comment.json" <<'PY'
import json, sys
json.dump({"body": open(sys.argv[1], encoding="utf-8").read()}, open(sys.argv[2], "w"))
PY
if [ -n "$existing" ]; then
  status=$(call PATCH "$api/repos/$GITHUB_REPOSITORY/issues/comments/$existing" "$work/comment.json")
else
  status=$(call POST "$api/repos/$GITHUB_REPOSITORY/issues/$CFS_PR/comments" "$work/comment.json")
fi
case "$status" in
  200 | 201)
    url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("html_url",""))' "$work/response.json")
    set_output comment-url "$url" ;;
  401 | 403 | 404)
    annotate warning "cannot write the pull-request comment (HTTP $status): a fork's pull request, or a token without pull-requests: write. The comparison is in the job summary."
    summary "> cfscale could not post its pull-request comment (HTTP $status: a fork's pull request or a token without \`pull-requests: write\`); the comparison is above." ;;
  *)
    annotate warning "the pull-request comment failed (HTTP $status); the comparison is in the job summary" ;;
esac
exit 0
