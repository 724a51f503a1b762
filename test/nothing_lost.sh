#!/usr/bin/env bash
# Nothing lost: rolecheck never changes its inputs (bytes and mtimes), never
# leaves a temporary file behind, and a run killed just before it publishes
# a report or baseline leaves the previous file intact.
#   nothing_lost.sh ROLECHECK FIXTURES WORKDIR [KILL_AT_RENAME.so]
set -uo pipefail
bin=$1 fixtures=$2 work=$3 shim=${4:-}
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
failures=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }
snapshot() {
  find in -print0 | sort -z | xargs -0 stat -c '%n %s %a %y'
  find in -type f -print0 | sort -z | xargs -0 sha256sum
}

# the workbook's temporary file goes to $TMPDIR: one of our own, checked empty
mkdir in tmp
export TMPDIR=$PWD/tmp
cp -a "$fixtures/extracted/input" in/extracted
cp -a "$fixtures/unpacked/input" in/unpacked
(cd in/extracted && cmake -E tar cf ../solution.zip --format=zip -- $(ls -A))
touch -d '2001-02-03 04:05:06.789' in/solution.zip
chmod a-w in/solution.zip
before=$(snapshot)

"$bin" check -q --fail-on never --sarif out.sarif --junit out.xml --md out.md \
  --json out.json --github out.gh --azure out.az --html out.html \
  --xlsx out.xlsx --csv out.m.csv --findings-csv out.f.csv --fit-csv out.fit.csv \
  -o out.txt in/solution.zip in/extracted in/unpacked
[ $? -eq 0 ] && ok "check with every output" || bad "check with every output"
"$bin" diff -q --fail-on never --json out.diff.json --md out.diff.md --sarif out.diff.sarif \
  -o out.diff.txt in/solution.zip in/unpacked &&
  ok "diff with every output" || bad "diff with every output"
"$bin" baseline create -q -o base.json in/solution.zip in/unpacked >/dev/null 2>&1 &&
  ok "baseline create" || bad "baseline create"
"$bin" baseline update -q base.json in/solution.zip in/unpacked >/dev/null 2>&1 &&
  ok "baseline update" || bad "baseline update"
"$bin" matrix -f csv -o out.csv in/extracted && "$bin" roles -f json -o out.roles in/unpacked &&
  ok "views to files" || bad "views to files"
[ "$before" = "$(snapshot)" ] && ok "inputs unchanged (bytes, mode, mtime)" || bad "an input changed"
leftover=$(find . -name '*.tmp*' -o -path './tmp/*' | head -3)
[ -z "$leftover" ] && ok "no temporary files left" || bad "temporary files left: $leftover"

# writing over an input is refused
"$bin" check -q --sarif in/solution.zip in/solution.zip 2>err.txt
[ $? -eq 2 ] && grep -q "is an input; refusing to write over it" err.txt &&
  ok "an output naming an input is refused" || bad "an output naming an input: $(cat err.txt)"
[ "$before" = "$(snapshot)" ] && ok "inputs still unchanged" || bad "an input changed"

if [ -n "$shim" ]; then
  for f in out.sarif out.txt base.json; do cp "$f" "$f.was"; done
  LD_PRELOAD=$shim "$bin" check -q --fail-on never --sarif out.sarif in/unpacked >/dev/null 2>&1
  rc=$?
  [ $rc -eq 137 ] && ok "killed before publishing (status $rc)" || bad "not killed: status $rc"
  cmp -s out.sarif out.sarif.was && ok "killed --sarif run: previous report intact" ||
    bad "killed --sarif run changed the report"
  LD_PRELOAD=$shim "$bin" check -q --fail-on never -o out.txt in/unpacked >/dev/null 2>&1
  cmp -s out.txt out.txt.was && ok "killed -o run: previous report intact" ||
    bad "killed -o run changed the report"
  LD_PRELOAD=$shim "$bin" baseline update -q base.json in/extracted >/dev/null 2>&1
  cmp -s base.json base.json.was && ok "killed baseline update: previous baseline intact" ||
    bad "killed baseline update changed the baseline"
  # SIGTERM (and Ctrl-C) at the same point: the temporary file goes too
  rm -f out.sarif.tmp*
  RC_KILL_SIGNAL=TERM LD_PRELOAD=$shim "$bin" check -q --fail-on never --sarif out.sarif in/unpacked >/dev/null 2>&1
  rc=$?
  [ $rc -eq 143 ] && ok "terminated before publishing (status $rc)" || bad "not terminated: status $rc"
  cmp -s out.sarif out.sarif.was && ok "terminated --sarif run: previous report intact" ||
    bad "terminated --sarif run changed the report"
  leftover=$(find . -name 'out.sarif.tmp*' | head -3)
  [ -z "$leftover" ] && ok "terminated run: no temporary file left" ||
    bad "terminated run left $leftover"
  # and without the shim the same runs do replace them
  "$bin" check -q --fail-on never --sarif out.sarif in/unpacked >/dev/null 2>&1
  ! cmp -s out.sarif out.sarif.was && ok "unkilled run replaces the report" ||
    bad "unkilled run did not replace the report"
  [ "$before" = "$(snapshot)" ] && ok "inputs unchanged after killed runs" || bad "an input changed"
else
  echo "skip killed-run checks (no shim in this build)"
fi
echo "nothing lost: $failures failure(s)"
[ $failures -eq 0 ]
