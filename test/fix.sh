#!/usr/bin/env bash
# rolecheck fix, proven end to end.
#   fix.sh ROLECHECK FIXTURES WORKDIR GEN_SOLUTION [CORPUS]
# For every fixture and every corpus input that has roles, under both
# team-member and power-apps:
# - check --assume PROFILE FIXED.zip reports no error or warning of a
#   PROFILE rule that the fix report does not list as open;
# - diff INPUT FIXED.zip (--in-place) shows exactly the reductions the
#   report lists, and no added privilege or raised depth;
# - every change is a reduction of a privilege check flags;
# - copies and in-place runs write the same privileges; running fix twice
#   gives the same bytes; fixing FIXED changes nothing;
# the same properties over roles from the benchmark's generator; then the
# options: --dry-run writes nothing, --split-admin, --keep-tables,
# --unpacked, --site-out, and usage errors.
set -euo pipefail
bin=$1
fixtures=$2
work=$3
gen=$4
corpus=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
check="node $here/fix_check.mjs"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail() {
  echo "FAIL: $*"
  exit 1
}
"$bin" rules -f json >rules.json

n=0
# prove NAME PROFILE INPUT...: the properties above for one run
prove() {
  local name=$1 profile=$2 d
  shift 2
  d=$work/$name.$profile
  mkdir -p "$d"
  exec 3>&2 2>>"$d/stderr"
  "$bin" fix -q --no-config --to "$profile" -o "$d/fixed.zip" \
    -f json "$@" >"$d/fix.json" || fail "$name $profile: fix failed"
  "$bin" check -q --no-config --assume "$profile" -f json "$@" \
    >"$d/input.check.json" || [ $? = 1 ] || fail "$name: check failed"
  $check flagged "$d/fix.json" "$d/input.check.json" || fail "$name $profile: unflagged change"
  [ -f "$d/fixed.zip" ] || {
    # nothing to change: nothing written, and the report says so
    node -e 'const f=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(f.counts.changed ? 1 : 0)' \
      "$d/fix.json" || fail "$name $profile: changes but no zip"
    n=$((n + 1))
    exec 2>&3 3>&-
    return 0
  }
  "$bin" check -q --no-config --assume "$profile" -f json "$d/fixed.zip" \
    >"$d/fixed.check.json" || [ $? = 1 ] || fail "$name: check of FIXED failed"
  $check open "$d/fix.json" "$d/fixed.check.json" rules.json "$profile" ||
    fail "$name $profile: findings left that fix did not list"
  # in place: the same ids, so diff matches each role with its origin
  "$bin" fix -q --no-config --to "$profile" --in-place -o "$d/inplace.zip" \
    -f json "$@" >"$d/inplace.json" || fail "$name: fix --in-place failed"
  $check same "$d/fix.json" "$d/inplace.json" || fail "$name $profile: copy differs"
  if [ $# = 1 ]; then
    "$bin" diff -q --no-config --assume "$profile" -f json "$1" \
      "$d/inplace.zip" >"$d/diff.json" || [ $? = 1 ] || fail "$name: diff failed"
    $check diff "$d/inplace.json" "$d/diff.json" || fail "$name $profile: diff"
  fi
  # deterministic, and idempotent
  "$bin" fix -q --no-config --to "$profile" -o "$d/again.zip" -f json "$@" \
    >/dev/null || fail "$name: second fix failed"
  cmp -s "$d/fixed.zip" "$d/again.zip" || fail "$name $profile: not the same bytes twice"
  "$bin" fix -q --no-config --to "$profile" --in-place -o "$d/twice.zip" \
    -f json "$d/fixed.zip" >"$d/twice.json" || fail "$name: fix of FIXED failed"
  $check unchanged "$d/twice.json" || fail "$name $profile: fixing FIXED changes it"
  [ ! -f "$d/twice.zip" ] || fail "$name $profile: fixing FIXED wrote a solution"
  n=$((n + 1))
  exec 2>&3 3>&-
}

# ---- fixtures ----
for c in extracted unpacked tree origins; do
  for p in team-member power-apps; do prove "$c" "$p" "$fixtures/$c/input"; done
done
for p in team-member power-apps; do
  prove bare "$p" "$fixtures/bare/input/customizations.xml"
done
for c in "$fixtures"/rules/*/; do
  name=$(basename "$c")
  ls "$c"input*.xml >/dev/null 2>&1 || continue
  for p in team-member power-apps; do prove "rules-$name" "$p" "$c"input*.xml; done
done
echo "fix proven on $n fixture runs"

# ---- generated roles: the same properties over the generator's classes
# (s1: corpus-sized roles on custom tables; h50: 50 roles granting random
# tables, rights and depths, system tables and misc privileges) ----
m=0
for spec in "1 s1" "2 s1" "3 h50"; do
  set -- $spec
  "$gen" "$1" "$2" "gen-$1" >/dev/null || fail "gen_solution $spec failed"
  for p in team-member power-apps; do
    prove "gen-$1-$2" "$p" "$work/gen-$1/$2.zip"
    m=$((m + 1))
  done
done
echo "fix proven on $m generated runs"

# ---- the corpus ----
if [ -n "$corpus" ] && [ -f "$corpus/expected.tsv" ]; then
  k=0
  while IFS= read -r input; do
    for p in team-member power-apps; do
      prove "corpus-$k" "$p" "$corpus/$input"
    done
    k=$((k + 1))
  done < <(cut -f1 "$corpus/expected.tsv" | tail -n +2 | sort -u)
  [ "$k" -ge 20 ] || fail "only $k corpus inputs with roles"
  echo "fix proven on $k corpus inputs with roles"
fi

# ---- options ----
ex=$fixtures/extracted/input
sum() { find "$@" -type f -print0 | sort -z | xargs -0 sha256sum; }
sum "$fixtures/extracted" "$fixtures/portal-yaml" >inputs.before
# run EXPECTED_RC ARGS...
run() {
  local want=$1 rc=0
  shift
  "$bin" "$@" >out 2>err || rc=$?
  [ "$rc" = "$want" ] || {
    cat err
    fail "rolecheck $* exited $rc, expected $want"
  }
}
# usage errors name what is wrong
run 2 fix --no-config --to team-member "$ex"
grep 'needs -o FIXED.zip' err >/dev/null || fail "no output: $(cat err)"
run 2 fix --no-config --to team-member --in-place --as-copy --dry-run "$ex"
run 2 fix --no-config --to team-member --solution 1bad --dry-run "$ex"
run 2 fix --no-config --to team-member --solution-version 1.x --dry-run "$ex"
run 2 fix --no-config --to team-member --assume power-apps --dry-run "$ex"
run 2 check --no-config --split-admin "$ex"
grep 'fix options, not taken by check' err >/dev/null || fail "check --split-admin: $(cat err)"
run 2 fix --no-config --to team-member --unpacked "$ex" "$ex"
run 2 fix --no-config --to team-member --unpacked "$ex/new" "$ex"
grep 'lies inside an input' err >/dev/null || fail "--unpacked inside: $(cat err)"
run 2 fix --no-config --to team-member --site-out "$fixtures/portal-yaml/input/web-roles" \
  "$fixtures/portal-yaml/input"
run 2 fix --no-config --to team-member -f sarif --dry-run "$ex"

# --dry-run writes nothing and says what it would write
run 0 fix --no-config --to team-member --dry-run -o dry.zip --unpacked dry "$ex"
[ ! -e dry.zip ] && [ ! -e dry ] || fail "--dry-run wrote"
grep '^would write dry.zip: solution ContosoFieldOps_TeamMembers 1.0.0.0, 1 roles' out \
  >/dev/null || fail "--dry-run report: $(cat out)"

# the text report of the sample, as the user guide shows it
run 0 fix --no-config --to team-member --split-admin -o sample.zip "$ex"
cmp -s out "$here/fix/extracted.expected.txt" || {
  diff -u "$here/fix/extracted.expected.txt" out || true
  fail "fix report of fixtures/extracted differs"
}
# --split-admin: the admin part holds exactly the moved privilege
run 0 roles --no-config -f json sample.zip
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).inputs[0].roles.map((x) => x.name).sort();
if (JSON.stringify(r) !== JSON.stringify(["Contoso Field Agent (Team Members)",
    "Contoso Field Agent (admin part)"])) { console.log(r); process.exit(1); }' \
  "$work/out" || fail "--split-admin roles"
run 0 fix --no-config --to team-member --split-admin -f json --dry-run "$ex"
node -e '
const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const a = f.roles[0].adminPart.privileges.map((p) => p.name + ":" + p.depth);
if (a.join() !== "prvAssignManager:Deep") { console.log(a); process.exit(1); }' \
  "$work/out" || fail "--split-admin admin part"
# --solution and --solution-version name the written solution
run 0 fix --no-config --to team-member --solution Contoso_TM --solution-version 2.1 \
  -o named.zip "$ex"
run 0 roles --no-config -f json named.zip
grep '"uniqueName": "Contoso_TM"' out >/dev/null && grep '"version": "2.1"' out \
  >/dev/null || fail "--solution: $(head -20 out)"

# --in-place keeps ids and names
run 0 fix --no-config --to team-member --in-place -o inplace.zip "$ex"
run 0 roles --no-config -f tsv inplace.zip
grep '7d1c2f0a-3b4e-4c5d-9e6f-0a1b2c3d4e5f' out | grep 'Contoso Field Agent' \
  >/dev/null || fail "--in-place: $(cat out)"

# --unpacked: the same solution in the pac layout, read back the same
run 0 fix --no-config --to team-member -o u.zip --unpacked unp "$ex"
[ -f unp/Other/Solution.xml ] && [ -f unp/Other/Customizations.xml ] &&
  ls unp/Roles/*.xml >/dev/null || fail "--unpacked layout: $(find unp)"
run 0 matrix --no-config -f json u.zip
sed 's#"[^"]*u.zip[^"]*"#P#g; /"line": /d' out >zip.matrix
run 0 matrix --no-config -f json unp
sed 's#"[^"]*unp[^"]*"#P#g; /"line": /d' out >unp.matrix
cmp -s zip.matrix unp.matrix || {
  diff zip.matrix unp.matrix | head -20
  fail "--unpacked reads back differently from the zip"
}

# --keep-tables: TM008 without it is listed and left; with it, fixed
tm8=$fixtures/rules/tm008-sixteen-tables/input.xml
run 0 fix --no-config --to team-member -f json --dry-run "$tm8"
node -e '
const f = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const r = f.roles[0];
if (!r.open.some((o) => o.rule === "TM008" && o.kind === "tables") ||
    r.changes.some((c) => c.rules.includes("TM008"))) process.exit(1);' \
  "$work/out" || fail "TM008 without --keep-tables"
run 0 fix --no-config --to team-member --keep-tables 'contoso_(a|b|c|d|f|h|i|k|p|r)' \
  -o keep.zip "$tm8"
run 0 check --no-config --assume team-member -f json keep.zip
grep '"rule": "TM008"' out >/dev/null && fail "TM008 after --keep-tables"

# --site-out: corrected table permissions of a pac pages download site
site=$fixtures/portal-yaml/input
run 0 fix --no-config --to team-member --site-out siteout "$site"
ls siteout/table-permissions/*.tablepermission.yml >/dev/null || fail "--site-out wrote nothing"
cp -r "$site" site && cp siteout/table-permissions/* site/table-permissions/
run 0 check --no-config -f json site
for rule in PP001 PP002 PP003; do
  grep "\"rule\": \"$rule\"" out >/dev/null && fail "$rule after --site-out"
done

# the inputs are untouched
sum "$fixtures/extracted" "$fixtures/portal-yaml" >inputs.after
cmp -s inputs.before inputs.after || fail "fix changed an input"
echo "fix options ok"
# the README and the user guide show the sample's report as it is
for doc in README.md docs/user-guide.md; do
  awk '/^\$ rolecheck fix --to team-member --split-admin -o fixed.zip/ {on = 1; next}
       on && /^```/ {exit}
       on {print}' "$here/../$doc" | sed 's#^written fixed.zip:#written sample.zip:#' >readme-fix.txt
  cmp -s readme-fix.txt "$here/fix/extracted.expected.txt" || {
    diff -u "$here/fix/extracted.expected.txt" readme-fix.txt | head -20
    fail "$doc's fix example differs from test/fix/extracted.expected.txt"
  }
done
echo "README and user guide examples ok"

# the rule pack says what fix does: an override that makes TM004's repair
# "none" leaves account writes in place and lists them as open
cat >override.xml <<'XML'
<rulepack version="fix-test">
  <rules><rule id="TM004"><condition>
    <grants tables="account" rights="create write delete assign share" repair="none"/>
  </condition></rule></rules>
</rulepack>
XML
run 0 fix --no-config --rules override.xml --to team-member -f json --dry-run "$ex"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).roles[0];
if (r.changes.some((c) => c.rules.includes("TM004")) ||
    !r.open.some((o) => o.rule === "TM004" && o.kind === "review")) process.exit(1);' \
  "$work/out" || fail "repair=none in an override"
echo "rule-pack repair ok"

# the Markdown and HTML reports say the same as the text one
run 0 fix --no-config --to team-member --split-admin --dry-run -o x.zip \
  --md fix.md --html fix.html "$ex"
for f in fix.md fix.html; do
  for want in 'Contoso Field Agent (Team Members)' prvWriteAccount \
    workorder prvAssignManager 'Contoso Field Agent (admin part)' \
    TM009 'Needs no change as team-member' 'After import'; do
    grep -F "$want" "$f" >/dev/null || fail "$f lacks '$want'"
  done
done
grep -F '| remove | account | Write | prvWriteAccount | Local -\> removed | TM004 |' fix.md \
  >/dev/null || fail "fix.md change row: $(grep prvWriteAccount fix.md)"
node -e '
const h = require("fs").readFileSync(process.argv[1], "utf8");
const open = (h.match(/<(section|table|tr|td|th|ul|li|p|h[1-3])[ >]/g) || []).length;
const close = (h.match(/<\/(section|table|tr|td|th|ul|li|p|h[1-3])>/g) || []).length;
if (open !== close || !h.startsWith("<!DOCTYPE html>") || !h.trimEnd().endsWith("</html>")) {
  console.log(open, close); process.exit(1); }' "$work/fix.html" || fail "fix.html is not balanced"
echo "fix Markdown and HTML ok"

# the check HTML report gains the plan as its fix list, a section per role
run 0 check --no-config --assume team-member --fail-on never --html check.html "$ex"
grep -F '<section id="fixes"' check.html >/dev/null &&
  grep -F '<h3>Contoso Field Agent <span class="sol">ContosoFieldOps</span></h3>' check.html >/dev/null &&
  grep -F '<th scope="rowgroup" rowspan="1">account</th><td>prvWriteAccount</td><td>Write</td><td>Local -&gt; removed</td><td>TM004</td>' check.html >/dev/null ||
  fail "check --html has no fix list"
echo "check HTML fix list ok"

# a copy's name fits Dataverse's 100 characters: the old name is cut, the
# suffix kept (a 96-character name with two-byte characters)
long='Contoso Regional Field Service Coordination and Dispatch Supervisors for Northern Territories Éé'
sed "0,/<Role \([^>]*\)name=\"[^\"]*\"/s//<Role \1name=\"$long\"/" \
  "$fixtures/rules/tm004-account-write/input.xml" >long.xml
run 0 fix --no-config --to team-member -f json --dry-run long.xml
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).roles[0];
const n = [...r.written.name];
if (r.role.length < 90 || n.length > 100 || !r.written.name.endsWith(" (Team Members)")) {
  console.log(r.role, r.written.name, n.length); process.exit(1); }' "$work/out" ||
  fail "a long role name does not fit 100 characters"
echo "long role names ok"
