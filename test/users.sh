#!/usr/bin/env bash
# rolecheck users, end to end on the worked example of fixtures/tenant (its
# README says what each user exercises):
# - every user's verdict, reason and causing roles are the ones written in
#   expected.verdicts.tsv; joins by root id, id and name; licences matched
#   by object id or UPN; per-role counts add up;
# - the text report is expected.users.txt, and the README and the user
#   guide show it byte for byte;
# - the same answer whatever the order of the exports, with the licence
#   CSV's delimiter changed to ',' and its BOM dropped, and with a folder
#   instead of the files;
# - every format: JSON, CSV, Markdown, HTML, SARIF, annotations, xlsx;
#   --redact leaves no name, UPN or id; --fix-plan gives the changes
#   rolecheck fix makes; --fail-on;
# - bad input: one line naming the file, exit 2 or 3, nothing written over
#   an export.
#   users.sh ROLECHECK FIXTURES WORKDIR [DOCS_DIR README]
set -euo pipefail
bin=$1
fixtures=$2
work=$3
docs=${4:-}
readme=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
check="node $here/users_check.mjs"
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
for doc in docs readme; do
  [ -z "${!doc}" ] || printf -v "$doc" '%s' "$(cd "$(dirname "${!doc}")" && pwd)/$(basename "${!doc}")"
done
# relative paths, as the docs show them: the reports name the files
cd "$fixtures/.."
fixtures=$(basename "$fixtures")
t=$fixtures/tenant
fail() {
  echo "FAIL: $*"
  exit 1
}
users() {
  "$bin" users --no-config "$@"
}
ex=$t/exports
files=("--tenant" "$ex/licences.csv" "--tenant" "$ex/graph-users.json"
  "--tenant" "$ex/systemusers-1.json" "--tenant" "$ex/systemusers-2.json"
  "--tenant" "$ex/teams.json" "--tenant" "$ex/usage.csv")

# ---- the verdicts ----
code=0
users -f json "${files[@]}" "$t/solution" >"$work/users.json" \
  2>"$work/users.stderr" || code=$?
[ "$code" = 1 ] || fail "exit $code with out-of-licence users (want 1)"
$check verdicts "$work/users.json" "$t/expected.verdicts.tsv"
$check joins "$work/users.json"
$check roles "$work/users.json"
grep -q "joined to the solution's 'Service Reader' by name only" \
  "$work/users.stderr" || fail "no warning for the join by name"
grep -q "d1000000-0000-4000-8000-000000000010, held by 1 user" \
  "$work/users.stderr" || fail "no warning for the role in no input"
$check usage "$work/users.json"
# each of cara's roles alone fits Team Members: only the union fails
"$bin" check -q --no-config -f json "$t/solution" >"$work/check.json" 2>/dev/null || true
node -e '
const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const name of ["Stock Clerk", "Bin Clerk"]) {
  const f = c.licenseFit.find((x) => x.role.name === name);
  if (!f || f.fit["team-member"] !== "yes") { console.error(`FAIL: ${name} alone is not Team Members`); process.exit(1); }
}' "$work/check.json"

# ---- the text report, and where the docs show it ----
users -q "${files[@]}" "$t/solution" >"$work/users.txt" || [ $? = 1 ]
diff -u "$t/expected.users.txt" "$work/users.txt" ||
  fail "text report differs from fixtures/tenant/expected.users.txt"
for doc in $docs $readme; do
  [ -f "$doc" ] || continue
  # the block after the command line in the doc, up to the closing fence
  awk '/^(\$ )?rolecheck users --tenant fixtures\/tenant\/exports fixtures\/tenant\/solution$/ {on=1; next}
       on && /^```/ {exit} on {print}' "$doc" >"$work/doc.txt"
  diff -u "$work/doc.txt" "$work/users.txt" >/dev/null ||
    fail "$doc does not show the worked example's real output"
done

# ---- the same answer, whatever the form of the exports ----
users -q --tenant "$ex" "$t/solution" >"$work/dir.txt" || [ $? = 1 ]
cmp -s "$work/dir.txt" "$work/users.txt" || fail "a folder of exports answers differently"
mkdir -p "$work/reordered"
cp "$ex"/*.json "$work/reordered/"
sed -e '1s/^\xef\xbb\xbf//' -e 's/;/,/g' "$ex/licences.csv" >"$work/reordered/comma.csv"
users -q --tenant "$work/reordered/teams.json" \
  --tenant "$work/reordered/systemusers-2.json" \
  --tenant "$work/reordered/comma.csv" \
  --tenant "$work/reordered/systemusers-1.json" \
  --tenant "$work/reordered/graph-users.json" \
  "$t/solution" >"$work/reordered.txt" || [ $? = 1 ]
# (the usage rows name the file they came from: left out here)
sed '/^Non-conformant usage/,$d' "$work/users.txt" | sed '$d' >"$work/users.nousage.txt"
cmp -s "$work/reordered.txt" "$work/users.nousage.txt" ||
  fail "the order of the exports or the CSV's delimiter changes the answer"
# the second page of users is read: without it, fewer users
users -q -f json --tenant "$ex/licences.csv" --tenant "$ex/systemusers-1.json" \
  --tenant "$ex/teams.json" "$t/solution" >"$work/page1.json" || [ $? = 1 ]
node -e '
const n = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).summary.users;
if (n !== 10) { console.error(`FAIL: page 1 alone gives ${n} users, not 10`); process.exit(1); }' \
  "$work/page1.json"

# ---- every format, from one run ----
users -q "${files[@]}" --csv "$work/u.csv" --md "$work/u.md" \
  --html "$work/u.html" --sarif "$work/u.sarif" --xlsx "$work/u.xlsx" \
  -f json -o "$work/u.json" "$t/solution" || [ $? = 1 ]
cmp -s "$work/u.json" "$work/users.json" || fail "JSON differs between runs"
$check csv "$work/u.csv" "$work/u.json"
$check sarif "$work/u.sarif" "$work/u.json"
grep -q '^| bob@contoso.com | out-of-licence | TM |' "$work/u.md" ||
  fail "Markdown has no row for bob"
grep -q '<select id="verdict">' "$work/u.html" || fail "HTML has no verdict filter"
[ "$(grep -c '<tr class="v-[a-z-]*" data-verdict=' "$work/u.html")" = 19 ] ||
  fail "HTML does not list the 19 users"
[ "$(head -c 2 "$work/u.xlsx")" = PK ] || fail "xlsx is not a zip"
# the workbook's first sheet, Summary: the users by verdict, as the JSON
mkdir -p "$work/u-xlsx"
(cd "$work/u-xlsx" && cmake -E tar xf ../u.xlsx xl/workbook.xml xl/worksheets/sheet1.xml)
node -e '
const fs = require("fs");
const [book, sheet, json] = process.argv.slice(1).map(f => fs.readFileSync(f, "utf8"));
const first = (book.match(/<sheet name="([^"]*)"/) || [])[1];
if (first !== "Summary") { console.error(`FAIL: the first sheet is ${first}`); process.exit(1); }
const rows = [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map(m =>
  [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map(t => t[1]));
const verdicts = JSON.parse(json).summary.verdicts;
for (const [v, n] of Object.entries(verdicts)) {
  if (!rows.some(r => r[0] === v && r[1] === String(n))) {
    console.error(`FAIL: Summary has no row "${v}, ${n}"`); process.exit(1); }
}' "$work/u-xlsx/xl/workbook.xml" "$work/u-xlsx/xl/worksheets/sheet1.xml" "$work/u.json" ||
  fail "the xlsx Summary does not give the users by verdict of the JSON"
for f in github azure; do
  users -q -f "$f" "${files[@]}" "$t/solution" >"$work/u.$f" || [ $? = 1 ]
done
[ "$(grep -c '^::error file=' "$work/u.github")" = 6 ] ||
  fail "GitHub: not one error per out-of-licence or unlicensed user"
[ "$(grep -c '^##vso\[task.logissue type=warning' "$work/u.azure")" = 2 ] ||
  fail "Azure: not one warning per review or unknown-role user"
# redacted: no name, UPN or id anywhere, and the same pseudonym every run
users -q --redact "${files[@]}" --csv "$work/r.csv" --md "$work/r.md" \
  --html "$work/r.html" --sarif "$work/r.sarif" --xlsx "$work/r.xlsx" \
  -f json -o "$work/r.json" "$t/solution" || [ $? = 1 ]
users -q --redact -f text "${files[@]}" "$t/solution" >"$work/r.txt" || [ $? = 1 ]
$check redacted "$work/r.csv" "$work/r.md" "$work/r.html" "$work/r.sarif" \
  "$work/r.json" "$work/r.txt" "$work/r.xlsx"
users -q --redact -f csv "${files[@]}" "$t/solution" >"$work/r2.csv" || [ $? = 1 ]
cmp -s "$work/r.csv" "$work/r2.csv" || fail "pseudonyms differ between runs"

# a usage download in another encoding (a Latin-1 name): still valid JSON
printf 'User name,Entity name,Operation\n\351mile Zola,incident,Update\n' \
  >"$work/latin1.csv"
users -q -f json "${files[@]}" --tenant "$work/latin1.csv" "$t/solution" \
  >"$work/latin1.json" || [ $? = 1 ]
node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (j.usage[j.usage.length - 1].user !== "\ufffdmile Zola")
  { console.error("FAIL: a Latin-1 name is not replaced in JSON"); process.exit(1); }' \
  "$work/latin1.json"

# ---- --fix-plan: the engine of rolecheck fix ----
users -q --fix-plan -f json "${files[@]}" "$t/solution" >"$work/plan.json" || [ $? = 1 ]
"$bin" fix -q --no-config --to team-member --dry-run -f json "$t/solution" >"$work/fix.json"
$check plan "$work/plan.json" "$work/fix.json" "Sales Rep"
$check plan "$work/plan.json" "$work/fix.json" "Case Worker"
node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).plan;
const g = p.find((x) => x.roles === "Stock Clerk + Bin Clerk");
if (!g || !g.changeRoles[0].open.some((o) => o.startsWith("TM008")))
  { console.error("FAIL: the roles together: TM008 not listed as open"); process.exit(1); }
const leo = p.find((x) => x.holds === "SE");
if (!leo || leo.changeRoles[0].changes.some((c) => !/Incident/.test(c)))
  { console.error("FAIL: Sales Enterprise: only the incident changes it does not cover"); process.exit(1); }' \
  "$work/plan.json"

# ---- --fail-on ----
for level in never:0 error:1 warning:1 note:1; do
  code=0
  users -q --fail-on "${level%%:*}" "${files[@]}" "$t/solution" >/dev/null || code=$?
  [ "$code" = "${level##*:}" ] || fail "--fail-on ${level%%:*}: exit $code"
done

# ---- bad input ----
bad() { # NAME WANT_CODE WANT_TEXT ARGS...
  local name=$1 want=$2 text=$3 code=0
  shift 3
  users -q "$@" >"$work/bad.out" 2>"$work/bad.err" || code=$?
  [ "$code" = "$want" ] || fail "$name: exit $code, want $want ($(cat "$work/bad.err"))"
  grep -qF -- "$text" "$work/bad.err" || fail "$name: message lacks '$text': $(cat "$work/bad.err")"
  [ "$(wc -l <"$work/bad.err")" -le 2 ] || fail "$name: more than one error line"
}
bad no-tenant 2 "users needs --tenant" "$t/solution"
bad no-licences 2 "no export of who holds which licence" \
  --tenant "$ex/systemusers-1.json" "$t/solution"
bad no-roles 2 "no export of who holds which role" \
  --tenant "$ex/licences.csv" "$t/solution"
bad not-an-export 3 "$t/solution/solution.xml" \
  --tenant "$ex/licences.csv" --tenant "$t/solution/solution.xml" "$t/solution"
printf 'just some text\n' >"$work/notes.txt"
bad unknown-file 3 "$work/notes.txt: not a tenant export" \
  --tenant "$work/notes.txt" "$t/solution"
bad missing-column 3 "bad-no-licenses.csv:1: no" \
  --tenant "$fixtures/users/bad-no-licenses.csv" --tenant "$ex/systemusers-1.json" \
  "$t/solution"
bad truncated 3 "bad-truncated-systemusers.json" --tenant "$ex/licences.csv" \
  --tenant "$fixtures/users/bad-truncated-systemusers.json" "$t/solution"
bad missing 3 "$work/nope.json" --tenant "$work/nope.json" "$t/solution"
mkdir -p "$work/empty"
bad empty-folder 3 "the folder holds no file" --tenant "$work/empty" "$t/solution"
cp "$ex/licences.csv" "$work/lic.csv"
sum=$(cksum <"$work/lic.csv")
bad clobber 2 "is a tenant export" --tenant "$work/lic.csv" \
  --tenant "$ex/systemusers-1.json" -o "$work/lic.csv" "$t/solution"
[ "$(cksum <"$work/lic.csv")" = "$sum" ] || fail "an export was written over"
: >"$work/empty.csv"
code=0
users --tenant "$work/empty.csv" "${files[@]}" "$t/solution" >/dev/null \
  2>"$work/bad.err" || code=$?
[ "$code" = 1 ] && grep -q "empty.csv: an empty file; skipped" "$work/bad.err" ||
  fail "an empty export (an empty usage download) is not skipped with a warning"
bad assume 2 "--assume is not taken" --assume team-member "${files[@]}" "$t/solution"
code=0
"$bin" check --tenant "$ex" "$t/solution" >/dev/null 2>"$work/bad.err" || code=$?
[ "$code" = 2 ] && grep -q "are users options" "$work/bad.err" ||
  fail "check --tenant is not refused"
echo "users: all checks passed"
