#!/usr/bin/env bash
# Decides how the action gets cfscale: the release asset that matches the
# action's ref (a v* tag), or a build from source (a branch or a commit),
# cached by a key over the source. Checks the runner is one cfscale supports.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# The release binary is built on Debian 12 (glibc 2.36): it runs on Ubuntu
# 24.04 and later and Debian 12 and later. Ubuntu 22.04 has an older glibc
# and no toml++ package, so neither the binary nor a source build runs there.
os_release=${CFSCALE_OS_RELEASE:-/etc/os-release}
if [ "${RUNNER_OS:-Linux}" != Linux ] || [ ! -r "$os_release" ]; then
  annotate error "cfscale's action runs on Linux runners (ubuntu-24.04, ubuntu-latest, ubuntu-24.04-arm); this one is ${RUNNER_OS:-unknown}"
  exit 1
fi
id=$(. "$os_release" && printf '%s' "${ID:-}")
version=$(. "$os_release" && printf '%s' "${VERSION_ID:-0}")
major=${version%%.*}
supported=false
case "$id" in
  ubuntu) [ "${major:-0}" -ge 24 ] 2>/dev/null && supported=true ;;
  debian) [ "${major:-0}" -ge 12 ] 2>/dev/null && supported=true ;;
esac
if [ "$supported" != true ]; then
  annotate error "cfscale's action supports Ubuntu 24.04 and later and Debian 12 and later; this runner is ${id:-unknown} ${version}. Use runs-on: ubuntu-24.04 (or ubuntu-latest)."
  exit 1
fi

case "${RUNNER_ARCH:-X64}" in
  X64) arch=x86_64 ;;
  ARM64) arch=arm64 ;;
  *) annotate error "no cfscale build for ${RUNNER_ARCH}: the action supports X64 and ARM64 runners"; exit 1 ;;
esac

# github.action_ref and github.action_repository are not promised in a
# composite action (actions/runner#2473); the runner checks an action out at
# .../_actions/OWNER/REPO/REF, which says the same.
action_path=${CFS_ACTION_PATH:-${GITHUB_ACTION_PATH:-}}
if [[ $action_path == */_actions/*/*/* ]]; then
  tail=${action_path##*/_actions/}
  IFS=/ read -r path_owner path_repo path_ref <<< "$tail"
  : "${CFS_ACTION_REF:=$path_ref}" "${CFS_ACTION_REPOSITORY:=$path_owner/$path_repo}"
fi
ref=${CFS_VERSION:-}
[ -n "$ref" ] || ref=${CFS_ACTION_REF:-}
prefix="$RUNNER_TEMP/cfscale"
set_output prefix "$prefix"
set_output arch "$arch"
if [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  set_output mode release
  set_output version "$ref"
  set_output asset "cfscale-${ref}-linux-${arch}.tar.gz"
  set_output url "${GITHUB_SERVER_URL:-https://github.com}/${CFS_ACTION_REPOSITORY:?}/releases/download/${ref}"
else
  # The cache key covers everything the binary is built from.
  src=${action_path:?}
  key=$(cd "$src" && find CMakeLists.txt cmake src rules -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  set_output mode source
  set_output key "cfscale-src-${key}-${id}${major}-${arch}"
fi
