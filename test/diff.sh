#!/usr/bin/env bash
# rolecheck diff end to end.
#   diff.sh ROLECHECK FIXTURES WORKDIR CMAKE TOOLS [CORPUS] [--update]
# - fixtures/diff: base (a pac-unpacked folder) and head (an extracted export,
#   also zipped here) cover every change kind; text, JSON and Markdown are
#   compared with fixtures/diff/expected.*, the zip and git forms must give
#   the same diff, SARIF holds the new findings only;
# - --fail-on counts new findings only;
# - with the corpus: `diff X X` is empty and exits 0 for every input, and the
#   two versions of FabrikamEnvironmental give test/diff/fabrikam.expected.txt.
set -euo pipefail
bin=$1
fixtures=$2
work=$3
cmake=$4
tools=$5
corpus=${6:-}
update=${7:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cd "$work"
fail() {
  echo "FAIL: $*"
  exit 1
}
# run EXPECTED_RC ARGS...: stdout to out, stderr to err
run() {
  local want=$1 rc=0
  shift
  "$bin" "$@" >out 2>err || rc=$?
  [ "$rc" = "$want" ] || {
    cat err
    fail "rolecheck $* exited $rc, expected $want"
  }
}
golden() { # produced expected-file
  if [ "$update" = --update ]; then
    cp "$1" "$2"
  elif ! cmp -s "$1" "$2"; then
    diff -u "$2" "$1" | head -60
    fail "$1 differs from $2"
  fi
}

# a portal and the same portal with one table permission widened to Global
# and given Delete
portal_pair() {
  cp -r "$fixtures/portal-enhanced/input" pbase
  cp -r pbase phead
  sed -i 's/"scope": 756150001/"scope": 756150000/; s/"delete": false/"delete": true/' \
    phead/powerpagecomponents/7a1b2c3d-0001-4f00-8e00-00000000a004/powerpagecomponent.xml
}

# the two versions of FabrikamEnvironmental in the corpus
fabrikam() {
  local labs=$corpus/MicrosoftLearning__PL-200-Power-Platform-Functional-Consultant/Allfiles/Labs
  (cd "$labs" && "$bin" diff -q --no-config FabrikamEnvironmental_1_1_11_3.zip \
    Completed/FabrikamEnvironmental_1_1_11_71.zip) >"$work/fabrikam.txt"
}

cp -r "$fixtures/diff/base" base
cp -r "$fixtures/diff/head" head
(cd head && "$cmake" -E tar cf ../head.zip --format=zip --mtime=2024-01-01 -- \
  "[Content_Types].xml" customizations.xml solution.xml)
profile=(--no-config --assume team-member)

# ---- the fixture diff, in each output ----
run 0 diff -q "${profile[@]}" --fail-on never base head
golden out "$fixtures/diff/expected.diff.txt"
run 0 diff -q "${profile[@]}" --fail-on never -f json base head
golden out "$fixtures/diff/expected.diff.json"
run 0 diff -q "${profile[@]}" --fail-on never -f md base head
golden out "$fixtures/diff/expected.diff.md"
if [ "$update" = --update ]; then
  portal_pair
  run 0 diff -q --no-config pbase phead
  golden out "$fixtures/diff/expected.portal.txt"
  if [ -n "$corpus" ] && [ -f "$corpus/expected.tsv" ]; then
    fabrikam
    golden fabrikam.txt "$here/diff/fabrikam.expected.txt"
  fi
  exit 0
fi
grep -q '^rolecheck: diff: 4 new findings, 3 resolved, 4 licence-fit changes; passing at --fail-on=never' err ||
  fail "summary line: $(cat err)"

# the zip form of head gives the same diff (paths name the zip entry)
run 0 diff -q "${profile[@]}" --fail-on never base head.zip
sed 's#head\.zip!/#head/#; s#→ head\.zip$#→ head#' out >zip.txt
cmp -s zip.txt "$fixtures/diff/expected.diff.txt" || {
  diff -u "$fixtures/diff/expected.diff.txt" zip.txt | head -30
  fail "base -> head.zip differs from base -> head"
}

# reversed, new and resolved swap places, added and removed too
run 1 diff -q "${profile[@]}" head base
grep -q '^4 roles changed (1 renamed, 1 added, 1 removed), 10 privilege changes (3 added, 3 removed, 2 raised, 2 lowered, 0 rescoped); 3 new findings (1 error, 2 warning, 0 note), 4 resolved, 1 unchanged; 4 licence-fit changes; 4 app-access changes (2 given, 2 taken away)$' out ||
  fail "reversed summary: $(tail -1 out)"

# ---- web roles: a table permission widened to Global and given Delete ----
portal_pair
run 0 diff -q --no-config pbase phead
golden out "$fixtures/diff/expected.portal.txt"
run 0 diff -q --no-config -f json pbase phead
grep -q '"change": "rescoped"' out && grep -q '"scopeFrom": "Contact"' out &&
  grep -q '"scopeTo": "Global"' out || fail "portal JSON: rescoped Contact -> Global"

# ---- --fail-on counts new findings only ----
run 1 diff -q "${profile[@]}" base head
run 0 diff -q "${profile[@]}" --fail-on never base head
# head has errors of its own; diffed with itself nothing is new: exit 0
run 0 diff -q "${profile[@]}" head head.zip
grep -q '^No change to roles, privileges, findings or licence fit (5 findings unchanged)\.$' out ||
  fail "head -> head.zip: $(cat out)"
run 1 check -q "${profile[@]}" head

# ---- SARIF: the new findings only, marked new ----
run 1 diff -q "${profile[@]}" -f sarif base head
[ "$(grep -c '"ruleId"' out)" = 4 ] || fail "SARIF results: $(grep '"ruleId"' out)"
[ "$(grep -c '"baselineState": "new"' out)" = 4 ] || fail "SARIF baselineState"
grep -q '"ruleId": "TM001"' out && grep -q '"ruleId": "TM004"' out &&
  grep -q '"ruleId": "TM009"' out || fail "SARIF rules"
multitool=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -x "$multitool" ]; then
  cp out diff.sarif
  "$multitool" validate --rule-kind "Gh;Sarif" diff.sarif >validate.log 2>&1 || true
  if grep -Eq ': (error|warning) ' validate.log; then
    grep -E ': (error|warning) ' validate.log | head -5
    fail "the SARIF multitool reports problems"
  fi
fi
# several outputs from one run, and the main one
run 0 diff -q "${profile[@]}" --fail-on never --json d.json --md d.md -o d.txt base head
cmp -s d.txt "$fixtures/diff/expected.diff.txt" || fail "-o FILE"
cmp -s d.json "$fixtures/diff/expected.diff.json" || fail "--json FILE"
cmp -s d.md "$fixtures/diff/expected.diff.md" || fail "--md FILE"
[ ! -s out ] || fail "stdout with -o"

# ---- a side from git ----
if command -v git >/dev/null 2>&1; then
  mkdir repo
  (
    cd repo
    git init -q
    git config user.email test@example.invalid
    git config user.name test
    mkdir sol
    cp -r ../base/. sol/
    git add sol
    git commit -qm base
    rm -rf sol
    cp -r ../head sol
    git add -A sol
    git commit -qm head
  )
  (cd repo && "$bin" diff -q "${profile[@]}" --fail-on never --git HEAD~1:sol sol) >git.txt
  sed 's#^rolecheck diff HEAD~1:sol → sol$#rolecheck diff base → head#; s# sol/src/# base/src/#; s# at sol/# at head/#' git.txt >git-norm.txt
  cmp -s git-norm.txt "$fixtures/diff/expected.diff.txt" || {
    diff -u "$fixtures/diff/expected.diff.txt" git-norm.txt | head -30
    fail "--git HEAD~1:sol sol"
  }
  (cd repo && "$bin" diff -q "${profile[@]}" --fail-on never sol --git=HEAD:sol) >git2.txt
  grep -q '^No change to roles' git2.txt || fail "sol --git=HEAD:sol: $(cat git2.txt)"
  rc=0
  (cd repo && "$bin" diff -q --git nosuchrev:sol sol) >out 2>err || rc=$?
  [ "$rc" = 3 ] && [ "$(wc -l <err)" = 1 ] && grep -q 'nosuchrev:sol: git archive failed' err ||
    fail "bad revision: rc $rc: $(cat err)"
  [ -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'rolecheck-git-*' -newer base 2>/dev/null)" ] ||
    fail "temporary folders left"
fi

# ---- usage ----
run 2 diff -q base
run 2 diff -q -f junit base head
run 3 diff -q base nonexistent

# ---- the corpus ----
if [ -n "$corpus" ] && [ -f "$corpus/expected.tsv" ]; then
  n=0
  while IFS= read -r input; do
    run 0 diff -q -f json "$corpus/$input" "$corpus/$input"
    for key in privilegeChanges newFindings resolvedFindings licenceFitChanges appAccessChanges; do
      grep -q "^  \"$key\": \[\]" out || fail "diff X X: $input: $key not empty"
    done
    n=$((n + 1))
  done < <(cd "$corpus" && { find . -name '*.zip' -printf '%P\n'; find . -path '*/Other/Solution.xml' -printf '%h\n' | sed 's#^\./##; s#/Other$##'; } | sort -u)
  [ "$n" -ge 30 ] || fail "only $n corpus inputs found"
  echo "diff X X is empty for $n corpus inputs"
  fabrikam
  golden fabrikam.txt "$here/diff/fabrikam.expected.txt"
fi
# the README shows that diff as it is
awk '/^\$ rolecheck diff FabrikamEnvironmental/ {on = 1; next}
     on && /^rolecheck: diff:/ {exit}
     on {print}' "$here/../README.md" >readme-fabrikam.txt
cmp -s readme-fabrikam.txt "$here/diff/fabrikam.expected.txt" || {
  diff -u "$here/diff/fabrikam.expected.txt" readme-fabrikam.txt | head -20
  fail "README's diff example differs from test/diff/fabrikam.expected.txt"
}
echo "diff: ok"
