#!/usr/bin/env bash
# The check, baseline, rules and explain commands end to end: exit codes, the
# closing stderr line, configuration errors with file and line, baselines.
#   cli.sh ROLECHECK FIXTURES WORKDIR
set -uo pipefail
bin=$1
fixtures=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
cp -r "$fixtures/extracted/input" sample
passed=0
failures=0

# run NAME EXIT [STDERR-REGEX [STDOUT-REGEX]] -- ARGS...
run() {
  local name=$1 code=$2 errre=$3 outre=$4
  shift 5
  "$bin" "$@" >out.txt 2>err.txt
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL $name: exit $rc, expected $code"; cat err.txt; failures=$((failures + 1)); return
  fi
  if [ -n "$errre" ] && ! grep -Eq -- "$errre" err.txt; then
    echo "FAIL $name: stderr does not match /$errre/:"; cat err.txt; failures=$((failures + 1)); return
  fi
  if [ -n "$outre" ] && ! grep -Eq -- "$outre" out.txt; then
    echo "FAIL $name: stdout does not match /$outre/:"; head -20 out.txt; failures=$((failures + 1)); return
  fi
  echo "ok   $name"
  passed=$((passed + 1))
}

closing='^rolecheck: [0-9]+ error, [0-9]+ warning, [0-9]+ note \([0-9]+ baselined, [0-9]+ suppressed\); (failing|passing) at --fail-on='

# roles and matrix write -o FILE (replacing an older file) as stdout would
echo "an older report" >views.txt
run matrix-o 0 '' '' -- matrix -q -o views.txt sample
cp out.txt views-out.txt
"$bin" matrix -q sample >views-stdout.txt
if [ ! -s views-out.txt ] && cmp -s views.txt views-stdout.txt; then echo "ok   matrix-o-same"; passed=$((passed + 1))
else echo "FAIL matrix-o-same: -o FILE differs from stdout, or stdout is not empty"; failures=$((failures + 1)); fi
# Several reports of one run share the fix plans and the roles compared
# (the HTML and xlsx with the what-if, JSON and Markdown without; the
# what-if fixture's role has a cheaper change): each is the same as the
# report written alone
cp -r "$fixtures/whatif/input" whatif
"$bin" check -q --fail-on never -f json -o all.json --html all.html --md all.md --xlsx all.xlsx whatif 2>/dev/null
"$bin" check -q --fail-on never -f json whatif >one.json 2>/dev/null
"$bin" check -q --fail-on never --html one.html whatif >/dev/null 2>&1
"$bin" check -q --fail-on never --md one.md whatif >/dev/null 2>&1
"$bin" check -q --fail-on never --xlsx one.xlsx whatif >/dev/null 2>&1
if grep -q prvWriteKnowledgeArticle all.html && cmp -s all.json one.json && cmp -s all.html one.html &&
  cmp -s all.md one.md && cmp -s all.xlsx one.xlsx; then
  echo "ok   reports-shared"; passed=$((passed + 1))
else echo "FAIL reports-shared: a report written with others differs from it written alone"; failures=$((failures + 1)); fi

# --table matches a table's display name too ("Site Inspection")
run matrix-table-display 0 '' ',contoso_siteinspection,.*,Site Inspection' -- matrix -q -f csv --table 'Site Insp' sample
if grep -q ',account,' out.txt; then echo "FAIL matrix-table-display: account shown"; failures=$((failures + 1)); fi
run roles-o 0 '' '' -- roles -q -f tsv -o views.tsv sample
"$bin" roles -q -f tsv sample >views-stdout.tsv
if cmp -s views.tsv views-stdout.tsv && ! ls views.tsv.tmp* >/dev/null 2>&1; then
  echo "ok   roles-o-same"; passed=$((passed + 1))
else echo "FAIL roles-o-same: -o FILE differs from stdout, or left a temporary file"; failures=$((failures + 1)); fi
run roles-o-bad 2 'nodir/x.tsv: cannot write' '' -- roles -q -o nodir/x.tsv sample

# --prices: a client's list in another currency costs the roles; a list
# that is not one stops the run (exit 3) naming the file and line
printf 'code\tkind\tper_user_month\tcurrency\n' >prices-eur.tsv
printf 'DYN365_ENTERPRISE_TEAM_MEMBERS\tbase\t7.50\tEUR\n' >>prices-eur.tsv
printf 'DYN365_ENTERPRISE_FIELD_SERVICE\tbase\t99\tEUR\n' >>prices-eur.tsv
run prices-eur 1 '' '^  Contoso Field Agent +99.00  FS$' -- check -q --assume team-member --prices prices-eur.tsv sample
grep -q '^Licence cost per user and month (your prices in EUR' out.txt ||
  { echo "FAIL prices-eur: no cost heading in EUR"; failures=$((failures + 1)); }
run prices-built-in 1 '' '^  Contoso Field Supervisor +8.00  TM$' -- check -q --assume team-member sample
printf 'code\tkind\tusd_per_user_month\nPOWERAPPS_PER_USER\tbase\tcheap\n' >prices-bad.tsv
run prices-bad 3 "prices-bad.tsv:2: no price in 'cheap'" '' -- check -q --prices prices-bad.tsv sample
run prices-missing 3 'nope.tsv' '' -- check -q --prices nope.tsv sample
# --users-per-role: costs a month; a row naming no role is a warning, a
# count that is no whole number stops the run
printf 'role,users\nContoso Field Agent,60\n{A49DEBBA-6893-4BD0-81F3-E3AC8373BF00},12\nNobody,3\n' >users-per-role.csv
run users-per-role 1 "users-per-role.csv:4: 'Nobody' names no role of the inputs" \
  '^  Contoso Field Agent +105.00  FS  x 60 users = 6300.00 a month$' \
  -- check --no-config --assume team-member --users-per-role users-per-role.csv sample
grep -Eq '^  Contoso Field Supervisor +8.00  TM  x 12 users = 96.00 a month$' out.txt ||
  { echo "FAIL users-per-role: the supervisor's 12 users (by id) are not counted"; failures=$((failures + 1)); }
# --pdf without a browser: one line saying what it needs, exit 2; a browser
# that cannot print: exit 4 and no file
PATH=/nonexistent RC_CHROMIUM='' "$bin" check -q --pdf report.pdf sample >out.txt 2>err.txt
pdf_rc=$?
if [ "$pdf_rc" -eq 2 ] && grep -q '^rolecheck: --pdf needs Chromium, Chrome or Edge' err.txt; then
  echo "ok   pdf-no-browser"; passed=$((passed + 1))
else echo "FAIL pdf-no-browser: exit $pdf_rc: $(cat err.txt)"; failures=$((failures + 1)); fi
RC_CHROMIUM=/bin/false run pdf-browser-fails 4 '^rolecheck: --pdf: /bin/false could not print the report' '' \
  -- check -q --pdf report.pdf sample
if [ -e report.pdf ]; then echo "FAIL pdf: a failed --pdf left report.pdf"; failures=$((failures + 1)); fi
printf 'role,users\nContoso Field Agent,sixty\n' >users-per-role-bad.csv
run users-per-role-bad 3 'users-per-role-bad.csv:2: users is not a whole number' '' \
  -- check -q --users-per-role users-per-role-bad.csv sample

# check --role: only the matching roles' findings, fit, exit code and matrices
run role-check-none 0 'passing at --fail-on=error' '2 roles; 1 matching --role' -- check --assume team-member --role Supervisor sample
if grep -q 'Field Agent' out.txt; then echo "FAIL role-check-none: another role shown"; failures=$((failures + 1)); fi
run role-check-some 1 '^rolecheck: 1 error, 3 warning' 'Contoso Field Agent +team-member \(--assume\) +no ' -- check --assume team-member --role 'Agent$' sample
if grep -q 'Supervisor' out.txt; then echo "FAIL role-check-some: another role shown"; failures=$((failures + 1)); fi
run role-check-json 1 '' '"name": "Contoso Field Agent"' -- check -q -f json --assume team-member --role Agent sample
if grep -q 'Supervisor' out.txt; then echo "FAIL role-check-json: another role shown"; failures=$((failures + 1)); fi
run role-check-csv 1 '' '' -- check -q -f csv --assume team-member --role Agent sample
if grep -q 'Supervisor' out.txt || ! grep -q 'Contoso Field Agent' out.txt; then
  echo "FAIL role-check-csv: the matrix is not the one role's"; failures=$((failures + 1)); fi
run role-check-html 1 '' '' -- check -q -f html --assume team-member --role Agent sample
if grep -q 'Supervisor' out.txt || ! grep -q '"n":"Contoso Field Agent"' out.txt; then
  echo "FAIL role-check-html: the page is not the one role's"; failures=$((failures + 1)); fi
run role-check-bad-re 2 'role' '' -- check --role '(' sample
run role-baseline 2 'baseline records every role: --role is not taken' '' -- baseline create --role x -o role-base.json sample
run role-diff 2 'diff compares every role: --role is not taken' '' -- diff --role x sample sample
run table-check 2 '--table is a matrix option, not taken by check' '' -- check --table account sample

# a form no rule reads is malformed: read (its content is dropped before the
# parser), unless --strict-xml asks for every byte, which names the line
mkdir -p badform
cp sample/*.xml badform/
sed -i '65s|$|<tab>|' badform/customizations.xml
"$bin" check -q sample >sample-default.txt 2>/dev/null
want=$?
run badform-default "$want" '' '' -- check -q badform
sed 's#badform#sample#g' out.txt >badform-default.txt
run badform-strict 3 '^rolecheck: .*badform/customizations.xml:[0-9]+: malformed XML' '' -- check -q --strict-xml badform
if cmp -s sample-default.txt badform-default.txt; then echo "ok   badform-same-answers"; passed=$((passed + 1))
else echo "FAIL badform-same-answers: a malformed form changed the report"; diff sample-default.txt badform-default.txt | head -5; failures=$((failures + 1)); fi
run ascii-roles 2 '--ascii is a matrix option, not taken by roles' '' -- roles --ascii sample

# '&' in an attribute, written any of the three ways, reads as '&'
cat >amp.xml <<'XML'
<ImportExportXml><Roles><Role id="{11111111-2222-3333-4444-555555555555}" name="R&amp;D &#38; Q&#x26;A &lt;ops&gt;"><RolePrivileges><RolePrivilege name="prvReadAccount" level="Global" /></RolePrivileges></Role></Roles></ImportExportXml>
XML
run ampersand 0 '' $'\tR&D & Q&A <ops>\t1$' -- roles -q -f tsv amp.xml

# colour: only text, only when asked or on a terminal (stdout here is a file)
esc=$'\033\\[1;31merror'
run color-always 1 '' "$esc" -- check -q --color always --assume team-member sample
run color-auto-file 1 '' '' -- check -q --assume team-member sample
if grep -q $'\033' out.txt; then echo "FAIL color-auto-file: escapes in a file"; failures=$((failures + 1)); fi
FORCE_COLOR=1 run color-force 1 '' "$esc" -- check -q --assume team-member sample
FORCE_COLOR=1 run color-never 1 '' '' -- check -q --color never --assume team-member sample
if grep -q $'\033' out.txt; then echo "FAIL color-never: escapes"; failures=$((failures + 1)); fi
run color-json 1 '' '' -- check -q --color always -f json --assume team-member sample
if grep -q $'\033' out.txt; then echo "FAIL color-json: escapes in JSON"; failures=$((failures + 1)); fi
run color-bad 2 "--color takes auto, always or never" '' -- check --color sometimes sample

# the version names the rule pack the findings come from
run version 0 '' '^rolecheck [0-9]+\.[0-9]+\.[0-9]+ \(rule pack [0-9]{4}\.[0-9]+\.[0-9]+, as of [0-9]{4}-[0-9]{2}\)$' -- --version

# exit codes and --fail-on
run assume-tm 1 "$closing"'error$' 'TM004 account prvWriteAccount Local' -- check -q --assume team-member sample
run default-command 1 "$closing" 'TM004' -- -q --assume team-member sample
run fail-on-never 0 'passing at --fail-on=never$' '' -- check -q --assume team-member --fail-on never sample
# options may follow the inputs
run options-after-input 0 'passing at --fail-on=never$' 'TM004' -- check sample -q --assume team-member --fail-on never
# -j: the same report whatever the number of parallel loads
run jobs-1 0 '' 'sample' -- roles -j 1 sample sample
cp out.txt jobs1.txt
run jobs-2 0 '' 'sample' -- roles -j 2 sample sample
if cmp -s jobs1.txt out.txt; then echo "ok   jobs-same-output"; passed=$((passed + 1)); else echo "FAIL jobs-same-output"; failures=$((failures + 1)); fi
# no profile: only the solution rules run (SOL001 is a warning)
run no-profile 0 'rolecheck: 0 error, 1 warning, 0 note .*passing at --fail-on=error$' 'SOL001' -- check -q sample
run fail-on-warning 1 'failing at --fail-on=warning$' '' -- check -q --fail-on warning sample
run assign 1 '' 'evaluated as team-member \(--assign\)' -- check -q --assign 'Field Agent$=team-member' sample
run assign-id 0 '' 'evaluated as power-apps \(--assign\)' -- check -q --assign '{7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f}=power-apps' sample
run assume-fs 0 '' 'Licence fit' -- check -q --assume FS sample
# a role marked portal (enhanced authorization) keeps that profile under --assume
run portal-role 0 '' '"profile": "portal"' -- check -q -f json --assign 'Field Agent$=portal' --assume team-member sample
grep -q '"rule": "TM004"' out.txt && { echo "FAIL portal-role-no-tm"; failures=$((failures + 1)); } || { echo "ok   portal-role-no-tm"; passed=$((passed + 1)); }
run bad-profile 2 "^rolecheck: --assume: unknown licence profile 'team-members'" '' -- check --assume team-members sample
run bad-fail-on 2 "fail-on takes error, warning, note or never" '' -- check --fail-on loud sample
run json 1 '' '"licenseFit": \[' -- check -q --format json --assume team-member sample
grep -q '"location": {' out.txt && grep -q '"rulePack": {' out.txt && grep -q '"version": 1' out.txt \
  && { echo "ok   json-shape"; passed=$((passed + 1)); } || { echo "FAIL json-shape"; failures=$((failures + 1)); }
run incomplete 3 'incomplete: an input could not be read$' 'TM004' -- check -q --assume team-member sample missing.zip

# configuration: discovery, errors with file and line
mkdir -p cfg && cd cfg || exit 1
cp -r ../sample sample
cat >rolecheck.xml <<'XML'
<rolecheck version="1">
  <fail-on>never</fail-on>
  <assign role="Field Agent" license="team-member"/>
  <suppressions>
    <suppress rule="TM004" table="account" reason="Agents hold Sales licences (LIC-7)"/>
  </suppressions>
</rolecheck>
XML
run config-found 0 '0 error, .*1 suppressed.*passing at --fail-on=never' 'TM004 \[suppressed\]' -- check -q sample
run no-config 0 'rolecheck: 0 error, 1 warning' '' -- check -q --no-config sample
cat >bad-profile.xml <<'XML'
<rolecheck version="1">

  <assign role="Field Agent" license="teammember"/>
</rolecheck>
XML
run config-unknown-profile 2 "^rolecheck: bad-profile.xml:3: unknown licence profile 'teammember'" '' -- check --config bad-profile.xml sample
cat >bad-regex.xml <<'XML'
<rolecheck version="1">
  <assign role="Field (Agent" license="team-member"/>
</rolecheck>
XML
run config-bad-regex 2 '^rolecheck: bad-regex.xml:2: bad pattern' '' -- check --config bad-regex.xml sample
cat >no-reason.xml <<'XML'
<rolecheck version="1">
  <suppressions>
    <suppress rule="TM004" table="account"/>
  </suppressions>
</rolecheck>
XML
run config-missing-reason 2 "^rolecheck: no-reason.xml:3: .*'reason' is required" '' -- check --config no-reason.xml sample
cat >typo.xml <<'XML'
<rolecheck version="1">
  <rules><rule id="TM008" severty="note"/></rules>
</rolecheck>
XML
run config-unknown-attribute 2 "^rolecheck: typo.xml:2: .*severty" '' -- check --config typo.xml sample
cat >unknown-rule.xml <<'XML'
<rolecheck version="1">
  <rules><rule id="TM999" severity="note"/></rules>
</rolecheck>
XML
run config-unknown-rule 2 "^rolecheck: unknown-rule.xml:2: unknown rule 'TM999'" '' -- check --config unknown-rule.xml sample
cat >not-tm-app.xml <<'XML'
<rolecheck version="1">
  <team-members-app name="msdyn_TeamMember_Sales"><role name="Agent$"/></team-members-app>
  <team-members-app name="contoso_FieldApp"/>
</rolecheck>
XML
run config-not-tm-app 2 "^rolecheck: not-tm-app.xml:3: 'contoso_FieldApp' is not a designated Team Members app" '' -- check --config not-tm-app.xml sample
cat >tm-app-role.xml <<'XML'
<rolecheck version="1">
  <team-members-app name="msdyn_TeamMember_Sales"><role name="Agent" id="{0173e729-2b89-e911-a856-000d3a372932}"/></team-members-app>
</rolecheck>
XML
run config-tm-app-role 2 "^rolecheck: tm-app-role.xml:2: <role> needs either name or id" '' -- check --config tm-app-role.xml sample
run config-missing-file 2 '^rolecheck: nope.xml: No such file' '' -- check --config nope.xml sample
echo '<rolecheck version="1"><assign' >broken.xml
run config-malformed 2 '^rolecheck: broken.xml:[0-9]+: malformed XML' '' -- check --config broken.xml sample
cd .. || exit 1

# baselines
run baseline-create 0 'base.json: 5 entries written' '' -- baseline create -q --assume team-member -o base.json sample
run baseline-exists 2 'base.json exists; use --force' '' -- baseline create --assume team-member -o base.json sample
run baseline-applied 0 '0 error, 0 warning, 0 note \(5 baselined, 0 suppressed\)' '' -- check -q --assume team-member --fail-on note --baseline base.json sample
grep -q '"rule": "TM004"' base.json && grep -q '"role_name": "Contoso Field Agent"' base.json && tail -c 1 base.json | od -c | grep '\\n' >/dev/null \
  && { echo "ok   baseline-format"; passed=$((passed + 1)); } || { echo "FAIL baseline-format"; cat base.json; failures=$((failures + 1)); }
# fix the account write: its entry goes stale, update drops it
sed -i 's#<RolePrivilege name="prvWriteAccount" level="Local" />##' sample/customizations.xml
run baseline-stale 0 'stale\): TM004 7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f account prvWriteAccount' '' -- check --assume team-member --baseline base.json sample
run baseline-update 0 'base.json: 4 entries written, 1 stale entries removed' '' -- baseline update -q --assume team-member base.json sample
run baseline-bad 2 '^rolecheck: sample/solution.xml:1: not a baseline' '' -- check --baseline sample/solution.xml sample

# rules and explain
# the usage text and the format checks come from one format table
run help-formats 0 '' 'diff: text\|json\|sarif\|md;' -- --help
grep -q -- '--findings-csv FILE, --fit-csv FILE' out.txt && grep -q 'roles: text|json|tsv;' out.txt \
  && { echo "ok   help-reports"; passed=$((passed + 1)); } || { echo "FAIL help-reports"; failures=$((failures + 1)); }
run diff-report-format 2 "^rolecheck: diff writes --text, --json, --sarif and --md files only" '' -- diff --html x.html sample sample
run rules-format-md 2 "^rolecheck: format 'md' is not available for rules" '' -- rules -f md
run xlsx-terminal-or-file 0 '' '' -- check -q --fail-on never -f xlsx -o book.xlsx sample
run rules 0 '' '^TM008  error   team-member team-member-too-many-tables' -- rules
[ "$(grep -Ec '^[A-Z]+[0-9]{3} ' out.txt)" -eq 21 ] && { echo "ok   rules-count"; passed=$((passed + 1)); } || { echo "FAIL rules-count"; failures=$((failures + 1)); }
run rules-json 0 '' '"id": "SOL003"' -- rules --format json
run explain 0 '' '^# TM002: team-member-case-beyond-own' -- explain tm002
run explain-unknown 2 "^rolecheck: unknown rule 'TM01'; did you mean TM001" '' -- explain TM01

echo "cli: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
