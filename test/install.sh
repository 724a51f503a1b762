#!/usr/bin/env bash
# Install into a temporary prefix, then use it as someone embedding rolecheck
# would: build docs/examples/licence_fit.c against the installed pkg-config
# file (shared library) and with CMake's find_package (shared and static),
# run them, and check the man page and the shell completions.
#   install.sh BUILD_DIR SOURCE_DIR FIXTURES WORKDIR CC
set -euo pipefail
build=$1
src=$2
fixtures=$3
work=$4
cc=$5
rm -rf "$work"
mkdir -p "$work"
cd "$work"
prefix=$work/prefix
fail() {
  echo "FAIL: $*"
  exit 1
}
cmake --install "$build" --prefix "$prefix" >install.log
libdir=$(ls -d "$prefix"/lib* | head -1)
for f in bin/rolecheck include/rolecheck/rolecheck.h include/rolecheck/diff.h \
  share/man/man1/rolecheck.1 share/bash-completion/completions/rolecheck \
  share/zsh/vendor-completions/_rolecheck share/doc/rolecheck/user-guide.md; do
  [ -e "$prefix/$f" ] || fail "$f not installed"
done
for f in librolecheck.a librolecheck.so pkgconfig/rolecheck.pc \
  cmake/rolecheck/rolecheckConfig.cmake cmake/rolecheck/rolecheckTargets.cmake; do
  [ -e "$libdir/$f" ] || fail "$(basename "$libdir")/$f not installed"
done
"$prefix/bin/rolecheck" --version | grep '^rolecheck .* (rule pack ' >/dev/null || fail "installed rolecheck --version"

# pkg-config, shared library
export PKG_CONFIG_PATH=$libdir/pkgconfig
[ "$(pkg-config --modversion rolecheck)" = "$("$prefix/bin/rolecheck" --version | awk '{print $2}')" ] ||
  fail "pkg-config version"
# shellcheck disable=SC2046
"$cc" -std=c17 -Wall -Wextra -pedantic -Werror "$src/docs/examples/licence_fit.c" \
  $(pkg-config --cflags --libs rolecheck) -o licence_fit
rc=0
LD_LIBRARY_PATH=$libdir ./licence_fit "$fixtures/extracted/input" >pc.out 2>pc.err || rc=$?
[ "$rc" = 1 ] || { cat pc.err; fail "licence_fit exited $rc, expected 1 (findings)"; }
grep -q '^Contoso Field Agent: smallest licence FS, 4 findings$' pc.out || { cat pc.out; fail "licence_fit output"; }
grep -q '^  error TM004 Contoso Field Agent: ' pc.out || fail "licence_fit findings"
# the shared library exports the public API only
nm -D --defined-only "$libdir/librolecheck.so" | awk '{print $3}' >exports.txt
grep -qx rc_analyze exports.txt || fail "rc_analyze not exported"
if grep -v '^rc_' exports.txt | grep . >/dev/null || grep -q '^rc_view__' exports.txt; then
  fail "internal symbols exported: $(grep -v '^rc_[a-z]*_[a-z]' exports.txt | head -3)"
fi

# CMake package: shared and static
cmake -S "$src/docs/examples" -B example -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" >cmake.log 2>&1 || { cat cmake.log; fail "find_package(rolecheck)"; }
cmake --build example >>cmake.log 2>&1 || { cat cmake.log; fail "building the example with CMake"; }
for exe in licence_fit licence_fit_static; do
  rc=0
  LD_LIBRARY_PATH=$libdir "example/$exe" "$fixtures/extracted/input" >"$exe.out" 2>&1 || rc=$?
  [ "$rc" = 1 ] && cmp -s "$exe.out" pc.out || { cat "$exe.out"; fail "$exe (CMake) differs"; }
done
if ldd example/licence_fit_static | grep librolecheck >/dev/null; then
  fail "licence_fit_static links librolecheck.so"
fi

# the man page and the completions
if command -v man >/dev/null 2>&1; then
  MANWIDTH=80 man -l "$prefix/share/man/man1/rolecheck.1" 2>/dev/null | grep 'rolecheck diff' >/dev/null ||
    fail "man page"
fi
got=$(bash -c '
  source "$1"
  COMP_WORDS=(rolecheck diff -f ""); COMP_CWORD=3
  _rolecheck; echo "${COMPREPLY[*]}"' _ "$prefix/share/bash-completion/completions/rolecheck")
# the formats of the format table that diff renders, in its order
[ "$got" = "text json sarif md" ] || fail "bash completion of diff -f: '$got'"
got=$(bash -c '
  source "$1"
  COMP_WORDS=(rolecheck check --fi); COMP_CWORD=2
  _rolecheck; echo "${COMPREPLY[*]}"' _ "$prefix/share/bash-completion/completions/rolecheck")
[ "$got" = "--findings-csv --fit-csv" ] || fail "bash completion of --fi: '$got'"
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$prefix/share/zsh/vendor-completions/_rolecheck" || fail "zsh completion syntax"
fi
echo "install: prefix, pkg-config and CMake package, example program, man page and completions ok"
