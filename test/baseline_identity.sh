#!/usr/bin/env bash
# One finding identity for baselines, suppressions, diff and SARIF (issue 17).
#   baseline_identity.sh ROLECHECK FIXTURES WORKDIR
# - a baselined TM008 fires again when its table list grows (the old entry
#   is stale), and version-1 baselines still load;
set -uo pipefail
bin=$1
fixtures=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
passed=0
failures=0

ok() {
  echo "ok   $1"
  passed=$((passed + 1))
}
no() {
  echo "FAIL $1"
  failures=$((failures + 1))
}
# run NAME EXIT [STDERR-REGEX [STDOUT-REGEX]] -- ARGS...: out.txt, err.txt
run() {
  local name=$1 code=$2 errre=$3 outre=$4
  shift 5
  "$bin" "$@" >out.txt 2>err.txt
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    no "$name: exit $rc, expected $code"
    cat err.txt
    return
  fi
  if [ -n "$errre" ] && ! grep -Eq -- "$errre" err.txt; then
    no "$name: stderr does not match /$errre/:"
    cat err.txt
    return
  fi
  if [ -n "$outre" ] && ! grep -Eq -- "$outre" out.txt; then
    no "$name: stdout does not match /$outre/:"
    head -20 out.txt
    return
  fi
  ok "$name"
}
# the rolecheck/v1 fingerprints of a SARIF file, one per line, sorted
fps() { grep -o '"rolecheck/v1": "[0-9a-f]*"' "$1" | sort; }

# ---- 1. TM008: the table list is part of the identity ----
tm=9e7c7b79-037e-5801-8880-1384e0a14500
cp "$fixtures/rules/tm008-sixteen-tables/input.xml" tm16.xml
# one more custom table: 17
sed 's#</RolePrivileges>#  <RolePrivilege name="prvCreatecontoso_Zebra" level="Basic" />\n  </RolePrivileges>#' \
  tm16.xml >tm17.xml
grep -q contoso_Zebra tm17.xml || no "tm17.xml was not made"
tmargs=(-q --no-config --assume team-member)
run tm008-create 0 'tm.json: 2 entries written' '' -- baseline create "${tmargs[@]}" -o tm.json tm16.xml
grep -q '"version": 2' tm.json && grep -q '"contoso_asset",' tm.json && [ "$(grep -c '"contoso_' tm.json)" -eq 16 ] &&
  ok "tm008-entry-lists-tables" || { no "tm008-entry-lists-tables"; cat tm.json; }
run tm008-same-tables-baselined 0 '\(2 baselined, 0 suppressed\); passing' '' -- \
  check "${tmargs[@]}" --fail-on note --baseline tm.json tm16.xml
run tm008-grown-is-new 1 "stale\): TM008 $tm - - \(16 tables\)" '' -- \
  check --no-config --assume team-member --baseline tm.json tm17.xml
grep -Eq '^rolecheck: 1 error, 0 warning, 0 note \(1 baselined' err.txt &&
  ok "tm008-grown-counts" || { no "tm008-grown-counts"; cat err.txt; }
# update drops the 16-table entry, --add-new records the 17-table one
cp tm.json tm-upd.json
run tm008-update 0 'tm-upd.json: 1 entries written, 1 stale entries removed' '' -- \
  baseline update "${tmargs[@]}" tm-upd.json tm17.xml
run tm008-update-add-new 0 'tm-upd.json: 2 entries written' '' -- \
  baseline update "${tmargs[@]}" --add-new tm-upd.json tm17.xml
grep -q '"contoso_zebra"' tm-upd.json && ok "tm008-add-new-lists-17" || no "tm008-add-new-lists-17"
# a version-1 baseline (no table lists) still loads and matches; update
# rewrites it as version 2 with the tables of the finding it matched
cat >v1.json <<JSON
{
  "version": 1,
  "entries": [
    {"rule": "TM008", "role_id": "{9E7C7B79-037E-5801-8880-1384E0A14500}", "table": "", "privilege": "",
     "role_name": "Contoso Event Helper", "severity": "error"}
  ]
}
JSON
run v1-loads-and-matches 0 '\(1 baselined, 0 suppressed\)' '' -- check "${tmargs[@]}" --baseline v1.json tm17.xml
run v1-update 0 'v1.json: 1 entries written, 0 stale entries removed' '' -- baseline update "${tmargs[@]}" v1.json tm17.xml
grep -q '"version": 2' v1.json && grep -q '"contoso_zebra"' v1.json && grep -q "\"role_id\": \"$tm\"" v1.json &&
  ok "v1-update-writes-v2-with-tables" || { no "v1-update-writes-v2-with-tables"; cat v1.json; }
run v2-after-update-pins-tables 1 "stale\): TM008 $tm - - \(17 tables\)" '' -- \
  check --no-config --assume team-member --baseline v1.json tm16.xml
printf '{"version": 3, "entries": []}\n' >v3.json
run version-3-refused 2 'v3.json: not a baseline: expected \{"version": 2' '' -- check "${tmargs[@]}" --baseline v3.json tm16.xml
printf '{"version": 2, "entries": [{"rule": "TM008", "role_id": "%s", "tables": "a,b"}]}\n' "$tm" >bad.json
run tables-must-be-a-list 2 'bad.json: entry 1: needs string fields' '' -- check "${tmargs[@]}" --baseline bad.json tm16.xml

echo "baseline_identity: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
