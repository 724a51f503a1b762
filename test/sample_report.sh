#!/usr/bin/env bash
# The sample HTML report in docs/ (linked from the README): the report of
# fixtures/extracted with every role evaluated as Team Members. Run from the
# project root.  sample_report.sh BIN UPDATE(0|1)
set -euo pipefail
bin=$1
update=$2
out=docs/report/sample-report.html
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.2"' EXIT
"$bin" check -q --no-config --assume team-member --fail-on never -f html \
  -o "$tmp" fixtures/extracted/input
# the same run twice gives the same bytes
"$bin" check -q --no-config --assume team-member --fail-on never -f html \
  -o "$tmp.2" fixtures/extracted/input
cmp "$tmp" "$tmp.2"
if [ "$update" = 1 ]; then
  mkdir -p docs/report
  cp "$tmp" "$out"
  exit 0
fi
if ! cmp -s "$tmp" "$out"; then
  echo "$out differs from this build's report (make update-golden):"
  diff -u "$out" "$tmp" | head -40
  exit 1
fi
