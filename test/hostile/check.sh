#!/usr/bin/env bash
# One hostile case: run rolecheck in the generated folder and check the exit
# code; for exit 2 and above, that stderr is exactly one line matching REGEX
# and stdout is empty; for exit 0 and 1, that stdout or stderr matches
# REGEX; that the input is byte-for-byte and mtime unchanged; and (when
# RC_HOSTILE_RSS_MIB is set and /usr/bin/time exists) that peak RSS stays
# under that many MiB.
#   check.sh ROLECHECK WORKDIR NAME EXIT REGEX ARGS...
# RC_HOSTILE_WRAPPER (e.g. "valgrind --error-exitcode=99 -q") wraps the run.
set -uo pipefail
bin=$1 work=$2 name=$3 want=$4 regex=$5
shift 5
cd "$work" || exit 1
fail() { echo "FAIL $name: $*"; exit 1; }
# the plain and valgrind runs of a case may run at once: own file names
tag=$name.$$
trap 'rm -f "stdout.$tag" "stderr.$tag" "rss.$tag"' EXIT

# a fingerprint of every input named on the command line
snapshot() {
  local a
  for a in "$@"; do
    [ -e "$a" ] || [ -L "$a" ] || continue
    case $a in -*) continue ;; esac
    find "$a" \( -type f -o -type d \) -print0 2>/dev/null | sort -z |
      xargs -0 -r stat -c '%n %s %Y %y %a' 2>/dev/null
    find "$a" -type f -print0 2>/dev/null | sort -z | xargs -0 -r sha256sum 2>/dev/null
  done
}
before=$(snapshot "$@")

wrapper=()
[ -n "${RC_HOSTILE_WRAPPER:-}" ] && read -r -a wrapper <<<"$RC_HOSTILE_WRAPPER"
timer=()
if [ -n "${RC_HOSTILE_RSS_MIB:-}" ] && [ -x /usr/bin/time ] && [ ${#wrapper[@]} -eq 0 ]; then
  timer=(/usr/bin/time -f 'rss-kib %M' -o rss.$tag)
fi
"${timer[@]}" "${wrapper[@]}" "$bin" "$@" >stdout.$tag 2>stderr.$tag
got=$?

[ "$got" = "$want" ] || fail "exit $got, want $want; stderr: $(head -c 600 stderr.$tag)"
if [ "$want" -ge 2 ]; then
  lines=$(wc -l <stderr.$tag)
  [ "$lines" -eq 1 ] || fail "$lines stderr lines, want 1: $(head -c 600 stderr.$tag)"
  [ ! -s stdout.$tag ] || fail "stdout not empty: $(head -c 200 stdout.$tag)"
fi
if [ "$want" -ge 2 ]; then
  grep -Eq -- "$regex" stderr.$tag || fail "stderr does not match /$regex/: $(head -c 600 stderr.$tag)"
else
  cat stdout.$tag stderr.$tag | grep -Eq -- "$regex" ||
    fail "output does not match /$regex/: $(head -c 600 stderr.$tag)"
fi
after=$(snapshot "$@")
[ "$before" = "$after" ] || fail "the input changed"
if [ ${#timer[@]} -gt 0 ]; then
  kib=$(sed -n 's/^rss-kib //p' rss.$tag)
  [ -n "$kib" ] && [ "$kib" -lt $((RC_HOSTILE_RSS_MIB * 1024)) ] ||
    fail "peak RSS ${kib:-?} KiB, limit $RC_HOSTILE_RSS_MIB MiB"
  echo "ok   $name: exit $got, peak RSS $((kib / 1024)) MiB"
else
  echo "ok   $name: exit $got"
fi
