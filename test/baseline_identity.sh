#!/usr/bin/env bash
# One finding identity for baselines, suppressions, diff and SARIF (issue 17).
#   baseline_identity.sh ROLECHECK FIXTURES WORKDIR
# - a baselined TM008 fires again when its table list grows (the old entry
#   is stale), and version-1 baselines still load;
# - baselines, suppressions, diff and SARIF fingerprints agree on what is
#   the same finding: a web role's permission that changes scope, a TM008
#   that gains a table;
# - `baseline update` on some of the inputs keeps the entries of the others
#   and says so, and still drops those of a role gone from an input it read.
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
# diff_rules JSON NEW RESOLVED: the diff's new and resolved findings are
# exactly these rules (space-separated, sorted)
diff_rules() {
  node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const r = (k) => d[k].map((f) => f.rule).sort().join(" ");
process.exit(r("newFindings") === process.argv[2] &&
             r("resolvedFindings") === process.argv[3] ? 0 : 1);' "$@"
}
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

# ---- 2. one identity: baseline, suppression, diff and SARIF agree ----
# SARIF: a grown TM008 is another alert
"$bin" check "${tmargs[@]}" --fail-on never -f sarif tm16.xml >tm16.sarif 2>/dev/null
"$bin" check "${tmargs[@]}" --fail-on never -f sarif tm17.xml >tm17.sarif 2>/dev/null
tm16fp=$(grep -B40 '"rolecheck/v1"' tm16.sarif | grep -c '"ruleId": "TM008"')
[ "$tm16fp" -ge 1 ] && [ "$(fps tm16.sarif | wc -l)" -eq 2 ] && [ "$(comm -12 <(fps tm16.sarif) <(fps tm17.sarif) | wc -l)" -eq 1 ] &&
  ok "sarif-tm008-grown-new-fingerprint" || { no "sarif-tm008-grown-new-fingerprint"; fps tm16.sarif; fps tm17.sarif; }
# diff: the same TM008 is resolved and a new one appears
run diff-tm008-grown 0 '' '' -- diff "${tmargs[@]}" --fail-on never -f json tm16.xml tm17.xml
diff_rules out.txt TM008 TM008 && ok "diff-tm008-new-and-resolved" || no "diff-tm008-new-and-resolved"
# suppressions take the table list (and an omitted one matches any)
cat >supp.xml <<XML
<rolecheck version="1">
  <suppressions>
    <suppress rule="TM008" role-id="$tm" reason="Split over two TM apps (LIC-260)"
              tables="contoso_asset contoso_booth contoso_bpfstage contoso_checklist contoso_delivery contoso_donor
                      contoso_feedback contoso_hazard contoso_inspection contoso_invitation contoso_kit
                      contoso_permit contoso_rota contoso_sponsor contoso_supply contoso_vehicle"/>
  </suppressions>
</rolecheck>
XML
run suppress-tables-match 0 '\(0 baselined, 1 suppressed\); passing' '' -- \
  check -q --config supp.xml --assume team-member tm16.xml
run suppress-tables-grown 1 'supp.xml:[0-9]+: suppression of TM008 matches no finding \(stale\)' '' -- \
  check --config supp.xml --assume team-member tm17.xml
# a web role's permission that widens from Contact to Global scope: a new
# finding for the baseline, the suppression, diff and SARIF alike
cp -r "$fixtures/rules/pp001-restricted-through-site/input" site
cp -r site site-global
sed -i 's/scope: 756150001/scope: 756150000/' site-global/table-permissions/Work-orders---own-requests.tablepermission.yml
ppargs=(-q --no-config --fail-on warning)
run pp-create 0 'pp.json: 1 entries written' '' -- baseline create "${ppargs[@]}" -o pp.json site
grep -q '"scope": "Contact"' pp.json && ok "pp-entry-has-scope" || { no "pp-entry-has-scope"; cat pp.json; }
run pp-same-scope-baselined 0 '\(1 baselined, 0 suppressed\); passing' '' -- check "${ppargs[@]}" --baseline pp.json site
run pp-wider-scope-is-new 1 'stale\): PP001 5b1c0e2a-2625-4a00-8b00-000000000100 msdyn_workorder - scope Contact' '' -- \
  check --no-config --fail-on warning --baseline pp.json site-global
run pp-diff 1 '' '' -- diff "${ppargs[@]}" -f json site site-global
diff_rules out.txt PP001 PP001 && ok "pp-diff-new-and-resolved" || no "pp-diff-new-and-resolved"
# diff applies the baseline to both sides: what it calls new, check calls new
run pp-diff-baselined 1 '' '' -- diff "${ppargs[@]}" --baseline pp.json -f json site site-global
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const n = d.newFindings.filter((f) => f.rule === "PP001");
process.exit(n.length === 1 && n[0].state === "new" ? 0 : 1);' out.txt &&
  ok "pp-diff-agrees-with-baseline" || no "pp-diff-agrees-with-baseline"
"$bin" check "${ppargs[@]}" --fail-on never -f sarif site >site.sarif 2>/dev/null
"$bin" check "${ppargs[@]}" --fail-on never -f sarif site-global >site-global.sarif 2>/dev/null
[ -n "$(fps site.sarif)" ] && [ "$(fps site.sarif)" != "$(fps site-global.sarif)" ] &&
  ok "pp-sarif-new-fingerprint" || no "pp-sarif-new-fingerprint"
cat >pp-supp.xml <<XML
<rolecheck version="1">
  <suppressions>
    <suppress rule="PP001" scope="Contact" reason="Requesters are customers (LIC-301)"/>
  </suppressions>
</rolecheck>
XML
run pp-suppress-scope 0 '\(0 baselined, 1 suppressed\)' '' -- check -q --config pp-supp.xml --fail-on warning site
run pp-suppress-scope-wider 1 'pp-supp.xml:[0-9]+: suppression of PP001 matches no finding' '' -- \
  check --config pp-supp.xml --fail-on warning site-global

# ---- 3. baseline update on some of the inputs ----
cp -r "$fixtures/extracted/input" contoso
cp -r "$fixtures/zip/input" fabrikam
bargs=(-q --no-config --assume team-member)
# 8: the Fabrikam knowledge writer's TM001 + TM006 are one TM006 (issue 18)
run both-create 0 'both.json: 8 entries written' '' -- baseline create "${bargs[@]}" -o both.json contoso fabrikam
fab=$(grep -c '"solution": "FabrikamPortalOps"' both.json)
[ "$fab" -eq 3 ] && ok "entries-record-solution" || { no "entries-record-solution ($fab)"; cat both.json; }
cp both.json before.json
run update-subset-keeps 0 "rolecheck: warning: baseline: kept $fab entries of roles not in these inputs" \
  '' -- baseline update --no-config --assume team-member both.json contoso
grep -q 'both.json: 8 entries written, 0 stale entries removed' err.txt &&
  ok "update-subset-counts" || { no "update-subset-counts"; cat err.txt; }
cmp -s both.json before.json && ok "update-subset-file-unchanged" || { no "update-subset-file-unchanged"; diff before.json both.json; }
# check on one input: the other's entries are not stale
run check-subset-not-stale 0 '\(5 baselined, 0 suppressed\)' '' -- \
  check --no-config --assume team-member --fail-on note --baseline both.json contoso
grep -q 'stale' err.txt && { no "check-subset-no-stale-warning"; cat err.txt; } || ok "check-subset-no-stale-warning"
# a role gone from an input that was read: its entries leave
agent=7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f
n_agent=$(grep -c "\"role_id\": \"$agent\"" both.json)
# (the <Role> definition; the app module's role map still names the id)
awk -v start="<Role id=\"{$agent}\" name=" 'index($0, start) {skip=1} !skip {print} skip && /<\/Role>/ {skip=0}' \
  contoso/customizations.xml >c.tmp && mv c.tmp contoso/customizations.xml
grep -q 'name="Contoso Field Agent"' contoso/customizations.xml && no "the role was not removed"
run update-role-gone 0 "both.json: $((8 - n_agent)) entries written, $n_agent stale entries removed" '' -- \
  baseline update --no-config --assume team-member both.json contoso
grep -q "$agent" both.json && no "update-role-gone-dropped" || ok "update-role-gone-dropped"
[ "$(grep -c '"solution": "FabrikamPortalOps"' both.json)" -eq "$fab" ] &&
  ok "update-role-gone-keeps-others" || no "update-role-gone-keeps-others"

echo "baseline_identity: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
