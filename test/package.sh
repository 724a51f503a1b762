#!/usr/bin/env bash
# Build the .deb with CPack and look inside: the files a user expects, the
# library dependencies dpkg-shlibdeps found, and a command that runs from the
# unpacked package. (Installing it with apt-get on a clean Debian 12 is
# checked by hand: docs/install.md.)
#   package.sh BUILD_DIR WORKDIR
set -euo pipefail
build=$1
work=$2
fail() {
  echo "FAIL: $*"
  exit 1
}
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "missing $tool (dpkg-dev)"
    [ "${RC_REPORT_TOOLS_REQUIRED:-0}" = 1 ] && exit 1
    exit 77
  }
done
rm -rf "$work"
mkdir -p "$work"
cd "$work"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >cpack.log 2>&1 || {
  cat cpack.log
  fail "cpack"
}
deb=$(ls "$work"/rolecheck_*.deb)
[ -f "$deb" ] || fail "no rolecheck_*.deb"
dpkg-deb -c "$deb" >contents.txt
for f in ./usr/bin/rolecheck ./usr/include/rolecheck/rolecheck.h \
  ./usr/share/man/man1/rolecheck.1 ./usr/share/bash-completion/completions/rolecheck \
  ./usr/share/zsh/vendor-completions/_rolecheck; do
  grep -q " $f\$" contents.txt || fail "$f not in the package"
done
grep -Eq ' ./usr/lib/(x86_64-linux-gnu/|[a-z0-9_-]+-linux-gnu/)?librolecheck\.so\.0' contents.txt ||
  fail "librolecheck.so.0 not in the package"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libxml2 libzip4 libpcre2-8-0 libjansson4 libyajl2 libyaml-0-2 libxlsxwriter4 libc6; do
  echo "$depends" | grep "$lib" >/dev/null || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = rolecheck ] || fail "package name"
dpkg-deb -x "$deb" root
root/usr/bin/rolecheck --version | grep '^rolecheck .* (rule pack ' >/dev/null || fail "packaged rolecheck --version"
echo "package: $(basename "$deb"), Depends: $depends"
