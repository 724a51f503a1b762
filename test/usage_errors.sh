#!/usr/bin/env bash
# Usage errors say why first: a bad pattern (--role, --table, --assign, a
# configuration or rule-pack file) is one stderr line giving PCRE2's reason
# and offset before the pattern, which is shortened with "..." when long and
# cut only between UTF-8 characters. Exit 2, nothing on stdout.
#   usage_errors.sh ROLECHECK FIXTURES WORKDIR
set -uo pipefail
bin=$1
fixtures=$2
work=$3
# the script works in WORKDIR: relative arguments are taken from here
case $bin in /*) ;; */*) bin=$PWD/$bin ;; esac
case $fixtures in /*) ;; *) fixtures=$PWD/$fixtures ;; esac
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
cp -r "$fixtures/extracted/input" sample
export LC_ALL=C
passed=0
failures=0

fail() {
  echo "FAIL $1: $2"; sed 's/^/  stderr: /' err.txt; failures=$((failures + 1))
}

# usage NAME EXPECTED-STDERR -- ARGS...: exit 2, stdout empty, and stderr
# exactly the one line EXPECTED-STDERR
usage() {
  local name=$1 expected=$2
  shift 3
  "$bin" "$@" >out.txt 2>err.txt
  local rc=$?
  if [ "$rc" -ne 2 ]; then
    fail "$name" "exit $rc, expected 2"; return
  fi
  if [ -s out.txt ]; then
    fail "$name" "stdout is not empty"; return
  fi
  if [ "$(cat err.txt)" != "$expected" ] || [ "$(grep -c '' err.txt)" -ne 1 ]; then
    fail "$name" "expected the one line: $expected"; return
  fi
  echo "ok   $name"
  passed=$((passed + 1))
}

# ---- the command-line patterns: the option, then the reason ----
usage role-regex "rolecheck: --role: missing closing parenthesis at offset 1 in '('" \
  -- roles --role '(' sample
usage role-regex-check "rolecheck: --role: numbers out of order in {} quantifier at offset 5 in 'x{2,1}'" \
  -- check --role 'x{2,1}' sample
usage table-regex "rolecheck: --table: missing terminating ] for character class at offset 2 in '[a'" \
  -- matrix --table '[a' sample
usage assign-regex "rolecheck: --assign: bad pattern: missing closing parenthesis at offset 1 in '('" \
  -- check --assign '(=team-member' sample

# ---- a long pattern: shortened around the offset, the reason still first ----
long="abc(def|ghi)jkl[mno]pqr(stu|vwx)yz0123456789ABCDEFGHIJ)KLMNOPQRSTUVWXYZ-0123456789-abcdefghijklmnop"
usage long-regex "rolecheck: --role: unmatched closing parenthesis at offset 54 in '...r(stu|vwx)yz0123456789ABCDEFGHIJ)KLMNOPQRSTUVWXY...'" \
  -- roles --role "$long" sample
long=$(printf '(%0500d' 0)
usage long-regex-head "rolecheck: --role: missing closing parenthesis at offset 501 in '...000000000000000000000000000000000000000000000000'" \
  -- roles --role "$long" sample
long="Field Agent$(printf '|x%.0s' $(seq 300))|[z"
usage long-regex-tail "rolecheck: --role: missing terminating ] for character class at offset 614 in '...x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|[z'" \
  -- roles --role "$long" sample
# two-byte characters on both sides of the offset, at every alignment: the
# quoted part is still valid UTF-8
for k in 20 21 22 23 24 25 26 27 28 29; do
  long="$(printf 'ü%.0s' $(seq $k))(ä)ä)$(printf 'ö%.0s' $(seq 40))"
  "$bin" roles --role "$long" sample >out.txt 2>err.txt
  if [ $? -eq 2 ] && [ ! -s out.txt ] && [ "$(grep -c '' err.txt)" -eq 1 ] &&
     grep -q "^rolecheck: --role: unmatched closing parenthesis at offset [0-9]* in '\.\.\..*\.\.\.'\$" err.txt &&
     iconv -f UTF-8 -t UTF-8 err.txt >/dev/null 2>&1; then
    echo "ok   long-regex-utf8-$k"; passed=$((passed + 1))
  else
    fail "long-regex-utf8-$k" "not one shortened line of valid UTF-8"
  fi
done

# ---- patterns in files: the file and line, then the reason ----
cat >bad-regex.xml <<'XML'
<rolecheck version="1">
  <assign role="Field (Agent" license="team-member"/>
</rolecheck>
XML
usage config-regex "rolecheck: bad-regex.xml:2: bad pattern: missing closing parenthesis at offset 12 in 'Field (Agent'" \
  -- check --config bad-regex.xml sample
cat >bad-pack.xml <<'XML'
<rulepack>
  <rules>
    <rule id="ZZ9" name="n" profile="portal" severity="note">
      <summary>s</summary>
      <condition>
        <permissions rights="write" webrole-name="(unclosed"/>
      </condition>
      <message>m</message><fix>f</fix>
    </rule>
  </rules>
</rulepack>
XML
usage rulepack-regex "rolecheck: bad-pack.xml:6: bad pattern: missing closing parenthesis at offset 9 in '(unclosed'" \
  -- check --no-config --rules bad-pack.xml sample


# ---- rule-pack checks: a name rolecheck does not implement is an error ----
sed 's|<permissions .*/>|<builtin check="no-such-check"/>|' bad-pack.xml >bad-check.xml
usage rulepack-unknown-check "rolecheck: bad-check.xml:6: unknown check: no-such-check (one of unresolved, ownership, copies-differ, unknown-table)" \
  -- check --no-config --rules bad-check.xml sample
# web roles are evaluated as one profile
cat >two-webrole-profiles.xml <<'XML'
<rulepack>
  <profiles>
    <profile id="solution" report="always" web-roles="true"/>
  </profiles>
</rulepack>
XML
usage rulepack-webrole-profiles "rolecheck: profiles 'portal' and 'solution' both run on web roles" \
  -- check --no-config --rules two-webrole-profiles.xml sample

echo "usage_errors: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
