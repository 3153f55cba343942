#!/usr/bin/env bash
# Builds cfscale from the action's own source into the install prefix, unless
# actions/cache restored that prefix already; then puts it on PATH. The build
# is portable (only glibc), so a restored binary runs without the packages.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${CFS_PREFIX:?}" "${CFS_ACTION_PATH:?}"

if [ "${CFS_CACHE_HIT:-}" != true ] || [ ! -x "$CFS_PREFIX/bin/cfscale" ]; then
  packages=(cmake g++ ninja-build pkg-config libcli11-dev libyaml-cpp-dev libfmt-dev libtomlplusplus-dev nlohmann-json3-dev)
  SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  build="$RUNNER_TEMP/cfscale-build"
  cmake -S "$CFS_ACTION_PATH" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCFSCALE_BUILD_TESTS=OFF \
    -DCFSCALE_PORTABLE=ON -DCMAKE_INSTALL_PREFIX="$CFS_PREFIX" >/dev/null
  cmake --build "$build"
  cmake --install "$build" >/dev/null
fi
"$CFS_PREFIX/bin/cfscale" --version >/dev/null
echo "$CFS_PREFIX/bin" >> "$GITHUB_PATH"
