#!/usr/bin/env bash
# The CI outputs end to end: SARIF validated by Microsoft's SARIF multitool
# (with its GitHub ingestion rules), stable fingerprints, location URIs,
# GitHub/Azure escaping, JUnit read by a JUnit consumer's parser, Markdown,
# several outputs from one run, and exit codes for every format and
# threshold.   ci_outputs.sh ROLECHECK FIXTURES TOOLS_DIR WORKDIR
set -uo pipefail
bin=$1
fixtures=$2
tools=$3
work=$4
multitool=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$multitool" ] || [ ! -d "$tools/node_modules/junit2json" ]; then
  echo "SARIF multitool or junit2json missing in $tools (run .ci/test, which installs them)"
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
passed=0
failures=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
no() { echo "FAIL $1"; failures=$((failures + 1)); }
zip_folder() { (cd "$1" && cmake -E tar cf "$2" --format=zip -- $(ls -A)); }

cp -r "$fixtures/extracted/input" sample
zip_folder sample "$work/sample.zip"
cp "$fixtures/rules/tm004-account-write/input.xml" one.xml

# validate FILE EXPECTED-RESULTS
validate() {
  local name=$1 file=$2 want=$3 got
  "$multitool" validate --rule-kind "Gh;Sarif" "$file" >"$file.log" 2>&1
  got=$(grep -c '"ruleId"' "$file")
  if grep -Eq ': (error|warning) ' "$file.log"; then
    no "$name: the multitool reports problems:"; grep -E ': (error|warning) ' "$file.log" | head -5
  elif [ "$got" -ne "$want" ]; then
    no "$name: $got results, expected $want"
  else
    ok "$name: valid SARIF with $want results"
  fi
}

"$bin" check -q --fail-on never -f sarif "$fixtures/tree/input/projects/alpha" >zero.sarif
validate sarif-zero zero.sarif 0
"$bin" check -q --assume team-member --fail-on never -f sarif one.xml >one.sarif
validate sarif-one one.sarif 1
"$bin" check -q --assume team-member --fail-on never -f sarif sample >folder.sarif
validate sarif-many-folder folder.sarif 5
"$bin" check -q --assume team-member --fail-on never -f sarif sample.zip >zip.sarif
validate sarif-many-zip zip.sarif 5
"$bin" check -q --fail-on never -f sarif "$fixtures/portal-enhanced/input" >portal.sarif
validate sarif-portal portal.sarif 5
# rolecheck users: one result per user to act on, at the role that causes it
cp -r "$fixtures/tenant" tenant
"$bin" users -q --fail-on never -f sarif --tenant tenant/exports tenant/solution >users.sarif
validate sarif-users users.sarif 10
grep -q '"uri": "tenant/solution/customizations.xml"' users.sarif && ok "sarif-users-uri" || no "sarif-users-uri"
cat >suppress.xml <<'XML'
<rolecheck version="1">
  <suppressions>
    <suppress rule="TM004" table="account" reason="Agents hold Sales licences"/>
  </suppressions>
</rolecheck>
XML
"$bin" check -q --assume team-member --fail-on never --config suppress.xml -f sarif sample >plain.sarif
validate sarif-suppressed-left-out plain.sarif 4
"$bin" check -q --assume team-member --fail-on never --config suppress.xml --sarif-include-suppressed -f sarif sample >kept.sarif
validate sarif-suppressed-kept kept.sarif 5
grep -q '"justification": "Agents hold Sales licences"' kept.sarif && grep -q '"baselineState": "unchanged"' kept.sarif \
  && ok "sarif-suppression-object" || no "sarif-suppression-object"

# locations: folder files under %SRCROOT%, zip entries as zip!/entry
grep -q '"uri": "sample/customizations.xml"' folder.sarif && grep -q '"uriBaseId": "%SRCROOT%"' folder.sarif \
  && ok "sarif-folder-uri" || no "sarif-folder-uri"
grep -q '"uri": "sample.zip!/customizations.xml"' zip.sarif && grep -q 'customizations.xml:293.' zip.sarif \
  && ok "sarif-zip-uri" || no "sarif-zip-uri"
mkdir -p "with space" && cp -r sample "with space/sol"
"$bin" check -q --assume team-member --fail-on never -f sarif "with space/sol" >space.sarif
grep -q '"uri": "with%20space/sol/customizations.xml"' space.sarif && ok "sarif-uri-encoded" || no "sarif-uri-encoded"
"$bin" check -q --assume team-member --fail-on never -f sarif --source-root sample sample >root.sarif
grep -q '"uri": "customizations.xml"' root.sarif && ok "sarif-source-root" || no "sarif-source-root"

# fingerprints: the same finding in the zip and the folder, and in another
# version of the solution whose role did not change (reordered XML)
fps() { grep -o '"rolecheck/v1": "[0-9a-f]*"' "$1" | sort; }
[ "$(fps folder.sarif)" = "$(fps zip.sarif)" ] && ok "fingerprints-zip-equals-folder" || no "fingerprints-zip-equals-folder"
cp -r sample v2
sed -i 's#<Version>1.4.0.12</Version>#<Version>1.5.0.0</Version>#' v2/solution.xml
# move the account write to the top of the role's privileges
line=$(grep -n 'prvWriteAccount' v2/customizations.xml | cut -d: -f1)
awk -v n="$line" 'NR==n{next} {print} /<RolePrivileges>/ && !done {print "        <RolePrivilege name=\"prvWriteAccount\" level=\"Local\" />\r"; done=1}' v2/customizations.xml >v2.tmp && mv v2.tmp v2/customizations.xml
"$bin" check -q --assume team-member --fail-on never -f sarif v2 >v2.sarif
[ "$(fps folder.sarif)" = "$(fps v2.sarif)" ] && ! cmp -s folder.sarif v2.sarif \
  && ok "fingerprints-across-versions" || no "fingerprints-across-versions"
# ... and in its unpacked (pac) form: Other/Solution.xml and one file per
# role under Roles/, cut out of customizations.xml; the app module is left
# out, so compare the findings it does not cause
mkdir -p unpacked/Other unpacked/Roles
cp sample/solution.xml unpacked/Other/Solution.xml
printf '<ImportExportXml><Roles /></ImportExportXml>\n' >unpacked/Other/Customizations.xml
awk '/<Roles>/{in_roles=1; next} /<\/Roles>/{in_roles=0} in_roles && /<Role id=/{n++; f="unpacked/Roles/role" n ".xml"} in_roles && f{print > f} /<\/Role>/{f=""}' sample/customizations.xml
"$bin" check -q --assume team-member --fail-on never -f sarif unpacked >unpacked.sarif
[ "$(grep -c '"ruleId"' unpacked.sarif)" -eq 4 ] && [ "$(fps unpacked.sarif)" = "$(grep -o '"ruleId": "[A-Z0-9]*"\|"rolecheck/v1": "[0-9a-f]*"' folder.sarif | paste - - | grep -v TM009 | cut -f2 | sort)" ] \
  && ok "fingerprints-unpacked-equals-zip" || no "fingerprints-unpacked-equals-zip"
grep -q '"primaryLocationLineHash": "[0-9a-f]\{16\}:1"' folder.sarif && ok "fingerprint-line-hash-shape" || no "fingerprint-line-hash-shape"

# annotation escaping: % CR LF : , in messages, file names and role names
mkdir -p "odd, dir: 50%; x]"
cat >"odd, dir: 50%; x]/Role, 1: a%.xml" <<'XML'
<Role id="{6f2b9a10-1c3d-4e5f-8a7b-9c0d1e2f3a4b}" name="Sales 50%, Außendienst: a&#13;&#10;b">
  <RolePrivileges>
    <RolePrivilege name="prvWriteAccount" level="Local" />
  </RolePrivileges>
</Role>
XML
odd="odd, dir: 50%; x]/Role, 1: a%.xml"
"$bin" check -q --assume team-member --fail-on never -f github "$odd" >gh.txt
grep -Fq '::error file=odd%2C dir%3A 50%25; x]/Role%2C 1%3A a%25.xml,line=3,title=TM004 team-member-account-read-only::' gh.txt \
  && ok "github-property-escaping" || { no "github-property-escaping"; head -3 gh.txt; }
grep -Fq "Role 'Sales 50%25, Außendienst: a%0D%0Ab' grants Write(Local) on account." gh.txt \
  && ok "github-message-escaping" || { no "github-message-escaping"; head -3 gh.txt; }
"$bin" check -q --assume team-member --fail-on never -f azure "$odd" >az.txt
grep -Fq "%3B x%5D/Role, 1: a%AZP25.xml;linenumber=3;columnnumber=1;code=TM004;]Role 'Sales 50%AZP25, Außendienst: a%0D%0Ab'" az.txt \
  && grep -Fq "##vso[task.logissue type=error;sourcepath=$work/odd, dir: 50%AZP25%3B x%5D/" az.txt \
  && ok "azure-escaping" || { no "azure-escaping"; head -3 az.txt; }
grep -q '^##vso\[task.complete result=SucceededWithIssues;\]$' az.txt && ok "azure-succeeded-with-issues" || no "azure-succeeded-with-issues"
# zip entries: the zip as the file, entry and line in the message
"$bin" check -q --assume team-member --fail-on never -f github sample.zip >ghzip.txt
grep -Fq '::error file=sample.zip,title=TM004 team-member-account-read-only::customizations.xml:293: Role' ghzip.txt \
  && ok "github-zip-entry" || { no "github-zip-entry"; head -2 ghzip.txt; }
grep -q '^::group::rolecheck findings$' ghzip.txt && grep -q '^::endgroup::$' ghzip.txt && ok "github-group" || no "github-group"
# at most 10 annotations of a kind, then a notice
mkdir -p many
for i in $(seq -w 1 12); do
  sed "s/{6f2b9a10-1c3d-4e5f-8a7b-9c0d1e2f3a4b}/{6f2b9a10-1c3d-4e5f-8a7b-9c0d1e2f3a$i}/" "odd, dir: 50%; x]/Role, 1: a%.xml" >many/r$i.xml
done
cat many/r*.xml | sed 's#^<Role #<Role #' >/dev/null
printf '<ImportExportXml><Roles>\n' >many.xml
for i in $(seq -w 1 12); do sed -n '1,5p' many/r$i.xml; done >>many.xml
printf '</Roles></ImportExportXml>\n' >>many.xml
GITHUB_OUTPUT=$work/gh-output "$bin" check -q --assume team-member -f github many.xml >ghmany.txt
[ "$(grep -c '^::error ' ghmany.txt)" -eq 10 ] && grep -q '^::notice::rolecheck: 2 more findings not annotated' ghmany.txt \
  && ok "github-ten-per-kind" || no "github-ten-per-kind"
grep -q '^errors=12$' gh-output && grep -q '^baselined=0$' gh-output && ok "github-output-file" || no "github-output-file"

# JUnit read by junit2json
junit() { node "$here/junit-parse.mjs" "$tools" "$1"; }
"$bin" check -q --assume team-member -f junit sample >j1.xml
first=$(junit j1.xml | head -1)
[ "$first" = "28 1 0 0" ] && junit j1.xml | grep '^sample|Contoso Field Agent|TM004 team-member-account-read-only|failure$' >/dev/null \
  && junit j1.xml | grep '^sample|Contoso Field Agent|TM003 team-member-work-order-cud|passed$' >/dev/null \
  && ok "junit-parsed" || { no "junit-parsed: $first"; }
"$bin" check -q --assume team-member --fail-on warning -f junit sample >j2.xml
[ "$(junit j2.xml | head -1)" = "28 5 0 0" ] && ok "junit-fail-on-warning" || no "junit-fail-on-warning: $(junit j2.xml | head -1)"
"$bin" check -q --assume team-member --config suppress.xml -f junit sample missing.zip >j3.xml
[ "$(junit j3.xml | head -1)" = "29 0 1 1" ] && junit j3.xml | grep '^sample|Contoso Field Agent|TM004 team-member-account-read-only|skipped$' >/dev/null \
  && junit j3.xml | grep '^missing.zip|input|read|error$' >/dev/null \
  && ok "junit-skipped-and-input-error" || no "junit-skipped-and-input-error: $(junit j3.xml | head -1)"

# Markdown summary
"$bin" check -q --assume team-member -f md sample >s.md
grep -q '^## rolecheck: failing at `--fail-on=error`$' s.md && grep -q '^| error | \[TM004\](.*TM004.md) | Contoso Field Agent | account | prvWriteAccount | Local | `sample/customizations.xml:293` |$' s.md \
  && grep -q '^### Licence fit$' s.md && ok "markdown" || { no "markdown"; head -20 s.md; }

# several outputs from one run, written atomically
echo old >report.sarif
"$bin" check -q --assume team-member --sarif report.sarif --junit TEST-rolecheck.xml --md summary.md --json report.json -f github -o ann.txt sample
rc=$?
[ "$rc" -eq 1 ] && [ -s TEST-rolecheck.xml ] && [ -s summary.md ] && [ -s report.json ] && [ -s ann.txt ] && grep -q '"version": "2.1.0"' report.sarif \
  && [ -z "$(ls ./*.tmp* 2>/dev/null)" ] && ok "several-outputs" || no "several-outputs (exit $rc)"
"$bin" check -q --assume team-member -f azure --md summary2.md sample >az2.txt
grep -q "^##vso\[task.uploadsummary\]summary2.md$" az2.txt && ok "azure-upload-summary" || no "azure-upload-summary"

# exit codes follow --fail-on for every format
# sample: errors and warnings; portal: warnings and a note; sol002: notes only
declare -A want=(
  [sample:error]=1 [sample:warning]=1 [sample:note]=1 [sample:never]=0
  [portal:error]=0 [portal:warning]=1 [portal:note]=1 [portal:never]=0
  [notes:error]=0 [notes:warning]=0 [notes:note]=1 [notes:never]=0)
declare -A input=([sample]="--assume team-member sample" [portal]="$fixtures/portal-enhanced/input"
  [notes]="$fixtures/rules/sol002-org-local-business-basic/input.xml")
bad=0
for fmt in text json sarif junit github azure md; do
  for key in "${!want[@]}"; do
    set -- ${input[${key%%:*}]}
    "$bin" check -q -f "$fmt" --fail-on "${key##*:}" "$@" >/dev/null 2>&1
    rc=$?
    if [ "$rc" -ne "${want[$key]}" ]; then
      echo "     $fmt $key: exit $rc, expected ${want[$key]}"; bad=1
    fi
  done
done
[ "$bad" -eq 0 ] && ok "exit-codes-every-format-and-threshold" || no "exit-codes-every-format-and-threshold"

echo "ci-outputs: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
