#!/usr/bin/env bash
# Downloads the release asset for the action's ref and its SHA256SUMS, checks
# the sum and unpacks it. A tag without a release (404) falls back to a source
# build (installed=false); a sum that does not match fails the step.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${CFS_URL:?}" "${CFS_ASSET:?}" "${CFS_PREFIX:?}"

dl="$RUNNER_TEMP/cfscale-download"
rm -rf "$dl"
mkdir -p "$dl"
fetch() {  # URL FILE -> the HTTP status ("000" when there was no answer)
  curl -sSL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$2" -w '%{http_code}' "$1" || true
}
status=$(fetch "$CFS_URL/SHA256SUMS" "$dl/SHA256SUMS")
if [ "$status" = 404 ]; then
  annotate warning "no release ${CFS_URL##*/} with SHA256SUMS; building cfscale from source instead"
  set_output installed false
  exit 0
fi
if [ "$status" != 200 ]; then
  annotate error "cannot download $CFS_URL/SHA256SUMS (HTTP $status)"
  exit 1
fi
status=$(fetch "$CFS_URL/$CFS_ASSET" "$dl/$CFS_ASSET")
if [ "$status" != 200 ]; then
  annotate error "cannot download $CFS_URL/$CFS_ASSET (HTTP $status)"
  exit 1
fi
expected=$(awk -v f="$CFS_ASSET" '$2 == f || $2 == "*" f { print $1 }' "$dl/SHA256SUMS")
actual=$(sha256sum "$dl/$CFS_ASSET" | cut -d' ' -f1)
if [ -z "$expected" ]; then
  annotate error "SHA256SUMS of ${CFS_URL##*/} has no line for $CFS_ASSET"
  exit 1
fi
if [ "$expected" != "$actual" ]; then
  annotate error "$CFS_ASSET does not match its SHA-256 in SHA256SUMS (expected $expected, got $actual); not installed"
  exit 1
fi
rm -rf "$CFS_PREFIX"
mkdir -p "$CFS_PREFIX"
tar -xzf "$dl/$CFS_ASSET" -C "$CFS_PREFIX" --strip-components=1 --no-same-owner
"$CFS_PREFIX/bin/cfscale" --version >/dev/null
echo "$CFS_PREFIX/bin" >> "$GITHUB_PATH"
set_output installed true
