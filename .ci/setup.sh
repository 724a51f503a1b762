#!/usr/bin/env bash
# Installs what rolecheck needs on Debian 12 (only what is missing) and
# configures + builds it. Sourced by .ci/demo and .ci/test.
set -euo pipefail

RC_PACKAGES=(gcc make cmake pkg-config libxml2-dev libzip-dev zlib1g-dev
  libpcre2-dev libjansson-dev libyajl-dev libyaml-dev libxlsxwriter-dev libcmark-gfm-dev
  libcmark-gfm-extensions-dev libcmocka-dev clang-format)
# only for the test suite: the hostile-input suite under valgrind, peak RSS,
# clang with libFuzzer for the fuzz smoke, Chromium for the HTML report,
# LibreOffice for the xlsx workbook, poppler-utils to read the printed
# pages of both (pdftotext, pdftoppm), dpkg-dev for the .deb (dpkg-shlibdeps),
# zsh and man-db for the completion and man-page checks, and the Windows
# build's (.ci/windows): MinGW-w64 (g++ too: libxlsxwriter's build enables
# C++), Wine to run it, xz for the source packages
RC_WINDOWS_PACKAGES=(gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix
  mingw-w64-x86-64-dev wine64 xz-utils)
RC_TEST_PACKAGES=(valgrind time clang libclang-rt-14-dev chromium
  libreoffice-calc-nogui poppler-utils dpkg-dev zsh man-db
  "${RC_WINDOWS_PACKAGES[@]}")

# Test tools from the npm registry: Microsoft's SARIF validator, a JUnit
# parser and Playwright's browser driver (it uses Debian's Chromium; it
# downloads no browser), pinned, into tools/ (ignored by git).
RC_NPM_TOOLS=(@microsoft/sarif-multitool@5.7.0 junit2json@4.0.0
  playwright-core@1.65.1)

rc_install() {
  local missing=() p
  for p in "${RC_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'ok installed' >/dev/null; then
      missing+=("$p")
    fi
  done
  # node and npm may come from elsewhere; Debian's packages otherwise
  if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "rolecheck setup: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

rc_install_test_tools() {
  local bin=tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
  if [ ! -x "$bin" ] || [ ! -d tools/node_modules/junit2json ] ||
    [ ! -d tools/node_modules/playwright-core ]; then
    echo "rolecheck setup: installing ${RC_NPM_TOOLS[*]}"
    mkdir -p tools
    npm install --prefix tools --no-audit --no-fund --loglevel=error \
      "${RC_NPM_TOOLS[@]}" >/dev/null
    chmod u+x "$bin"
  fi
}

# rc_build DIR [cmake options...]
rc_build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}
