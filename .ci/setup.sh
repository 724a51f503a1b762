#!/usr/bin/env bash
# Installs what rolecheck needs on Debian 12 (only what is missing) and
# configures + builds it. Sourced by .ci/demo and .ci/test.
set -euo pipefail

RC_PACKAGES=(gcc make cmake pkg-config libxml2-dev libzip-dev libpcre2-dev
  libjansson-dev libyaml-dev libcmocka-dev clang-format)

rc_install() {
  local missing=() p
  for p in "${RC_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "rolecheck setup: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# rc_build DIR [cmake options...]
rc_build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}
