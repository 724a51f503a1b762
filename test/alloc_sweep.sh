#!/usr/bin/env bash
# Allocation-failure sweep: run `check` on a fixture once per allocation,
# failing allocation N (and every later one) for N = 1, 1+STEP, ... up to
# the number the run makes. Every run must end in exit 4 with the one line
# "rolecheck: out of memory" (or, when the failed allocation was not needed
# for the result, in the normal exit); a crash, sanitizer report or leak
# gives another status and fails the sweep.
#   alloc_sweep.sh ROLECHECK_FAULTS INPUT WORKDIR [STEP [WHAT]]
# WHAT: ci (check writing SARIF and JUnit, the default), reports (check
# writing HTML, xlsx and CSV) or diff (INPUT/base against INPUT/head,
# writing JSON, Markdown and SARIF) or fix (INPUT/extracted/input and
# INPUT/portal-yaml/input: the zip, the unpacked folder, the corrected
# table permissions and the JSON, Markdown and HTML reports) or users
# (INPUT/tenant: the judgement, the fix plan, and the JSON, Markdown, HTML,
# SARIF and CSV reports).
set -uo pipefail
bin=$1 input=$2 work=$3 step=${4:-1} what=${5:-ci}
# third-party leaks on their own out-of-memory paths (see the file)
export LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
rm -rf "$work" && mkdir -p "$work" || exit 1
case $what in
ci) args=(check -q -j 1 --fail-on never --sarif "$work/out.sarif" --junit "$work/out.xml" "$input") ;;
reports) args=(check -q -j 1 --fail-on never --assume team-member --html "$work/out.html"
  --xlsx "$work/out.xlsx" --findings-csv "$work/out.f.csv" --fit-csv "$work/out.fit.csv" "$input") ;;
diff) args=(diff -q -j 1 --no-config --fail-on never --assume team-member --json "$work/out.json"
  --md "$work/out.md" --sarif "$work/out.sarif" "$input/base" "$input/head") ;;
fix) args=(fix -q -j 1 --no-config --to team-member --split-admin -o "$work/out.zip"
  --unpacked "$work/unpacked" --site-out "$work/site" --json "$work/out.json"
  --md "$work/out.md" --html "$work/out.html" "$input/extracted/input"
  "$input/portal-yaml/input") ;;
users) args=(users -q -j 1 --no-config --fail-on never --fix-plan
  --tenant "$input/tenant/exports" --json "$work/out.json" --md "$work/out.md"
  --html "$work/out.html" --sarif "$work/out.sarif" --csv "$work/out.csv"
  "$input/tenant/solution") ;;
*) echo "unknown sweep '$what'"; exit 1 ;;
esac
total=$(RC_COUNT_ALLOC=1 "$bin" "${args[@]}" 2>&1 >/dev/null | sed -n 's/^rolecheck: allocations: //p')
[ -n "$total" ] && [ "$total" -gt 0 ] || { echo "FAIL: could not count allocations"; exit 1; }
normal=$("$bin" "${args[@]}" >/dev/null 2>&1; echo $?)
export bin normal work
one() { # one N: prints nothing on success
  local n=$1 rc err
  err=$(RC_FAIL_ALLOC=$n "$bin" "${args[@]/$work\/out/$work/out.$n}" 2>&1 >/dev/null)
  rc=$?
  if grep -q "LeakSanitizer" <<<"$err"; then
    # again with full stacks, which the suppressions need (libxml2 has no
    # frame pointers; slow unwinding for every run would take too long)
    err=$(ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0" RC_FAIL_ALLOC=$n \
      "$bin" "${args[@]/$work\/out/$work/out.$n}" 2>&1 >/dev/null)
    rc=$?
  fi
  rm -f "$work"/out."$n".* 2>/dev/null
  if [ $rc -eq 4 ]; then
    [ "$err" = "rolecheck: out of memory" ] && return 0
    case $err in
      *$'\n'*) echo "N=$n: exit 4 but stderr has several lines: ${err:0:300}" ;;
      *"out of memory"*) return 0 ;; # named the file it was reading
      *) echo "N=$n: exit 4 without 'out of memory': ${err:0:300}" ;;
    esac
  elif [ $rc -eq "$normal" ] && ! grep -q "Sanitizer\|LeakSanitizer" <<<"$err"; then
    return 0
  else
    echo "N=$n: exit $rc: ${err:0:400}"
  fi
}
export -f one
export args_str
declare -p args >"$work/args.sh"
failures=$(seq 1 "$step" "$total" | xargs -P "$(nproc)" -I{} bash -c 'source "$work/args.sh"; one {}')
runs=$(( (total + step - 1) / step ))
if [ -n "$failures" ]; then
  echo "$failures" | head -40
  echo "alloc sweep: $(grep -c '^N=' <<<"$failures") of $runs runs failed ($total allocations, step $step)"
  exit 1
fi
echo "alloc sweep: $runs runs, every one exit 4 or complete ($total allocations, step $step)"
