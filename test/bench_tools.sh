#!/usr/bin/env bash
# The benchmark tools stay honest (no timing here): the generator is
# deterministic for a seed, and rolecheck --stats reads the same
# RolePrivilege count and name hash as the floor program, from the zip, the
# extracted folder and (count only: roles are read file by file) the
# unpacked folder, in both the direct-export and the repacked form.
#   bench_tools.sh ROLECHECK GEN FLOOR WORKDIR
set -uo pipefail
rc=$1
gen=$2
floor=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
failures=0
check() { # check NAME WANT GOT
  if [ "$2" = "$3" ]; then
    echo "ok   $1"
  else
    echo "FAIL $1: want '$2', got '$3'"
    failures=$((failures + 1))
  fi
}
stats() { # stats INPUT -> "N RolePrivilege, names HASH"
  "$rc" check -q --stats --fail-on never "$1" 2>&1 >/dev/null |
    sed -n 's/.*: \([0-9]* RolePrivilege, names [0-9a-f]*\)$/\1/p'
}
for form in direct repacked; do
  flag=
  [ $form = repacked ] && flag=--repacked
  for seed in 7 8; do
    "$gen" $seed s1 "$work/$form-$seed" $flag >/dev/null || { echo "FAIL generator"; exit 1; }
  done
  "$gen" 7 s1 "$work/$form-7b" $flag >/dev/null
  cmp -s "$work/$form-7/s1.zip" "$work/$form-7b/s1.zip"
  check "$form: same seed, same zip" 0 $?
  cmp -s "$work/$form-7/s1.zip" "$work/$form-8/s1.zip"
  check "$form: another seed, another zip" 1 $?
  d=$work/$form-7
  want=$("$floor" sax -t "$d/s1.zip")
  check "$form: floor sax = sax -t" "$want" "$("$floor" sax "$d/s1.zip")"
  case $want in
    [1-9]*' RolePrivilege, names '*) check "$form: floor counted" 1 1 ;;
    *) check "$form: floor counted" "N RolePrivilege, names H" "$want" ;;
  esac
  check "$form: zip" "$want" "$(stats "$d/s1.zip")"
  check "$form: extracted" "$want" "$(stats "$d/s1")"
  check "$form: unpacked count" "${want%%,*}" "$(stats "$d/s1-unpacked" | sed 's/,.*//')"
done
echo "bench tools: $failures failure(s)"
[ $failures -eq 0 ]
