#!/usr/bin/env bash
# Every input of the real-export corpus is read, and `roles --format tsv`
# agrees line for line (order included) with expected.tsv on its `role`
# lines and with expected_portal.tsv on its `webrole` and `tablepermission`
# lines (flags, table, scope, rights, web-role ids, effective ids, parent).
#   corpus.sh ROLECHECK CORPUS_DIR
set -euo pipefail
bin=$1
corpus=$2
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$corpus"
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dirs=(*/)
"$bin" roles --format tsv -q "${dirs[@]}" >"$tmp/got.tsv" 2>"$tmp/err" || {
  echo "rolecheck failed on the corpus:"; cat "$tmp/err"; exit 1; }
# role lines: input, role, id, name, privileges; expected.tsv has the same
# columns without the kind
awk -F'\t' '$2 == "role" && NF != 5 {print "role line with " NF " columns: " $0; bad = 1}
             $2 != "role" && NF != 12 {print $2 " line with " NF " columns: " $0; bad = 1}
             END {exit bad}' "$tmp/got.tsv" || {
  echo "roles --format tsv: wrong column count"; exit 1; }
awk -F'\t' -v OFS='\t' '$2 == "role" {print $1, $3, $4, $5}' "$tmp/got.tsv" \
  >"$tmp/got-roles.tsv"
tail -n +2 expected.tsv >"$tmp/expected.tsv"
if ! diff -u "$tmp/expected.tsv" "$tmp/got-roles.tsv"; then
  echo "roles --format tsv disagrees with expected.tsv"
  exit 1
fi
# web-role and table-permission lines: the twelve columns of
# expected_portal.tsv, in its order (its web-role lines end in one more
# empty field than the header names: only empty fields may follow the 12th)
portal_header=$'input\tkind\tid\tname\ttable\tscope\trights\twebroles\tflags\twebrole_ids\teffective_webrole_ids\tparent'
if [ "$(head -n 1 expected_portal.tsv)" != "$portal_header" ]; then
  echo "expected_portal.tsv: unexpected header: $(head -n 1 expected_portal.tsv)"
  exit 1
fi
tail -n +2 expected_portal.tsv | awk -F'\t' -v OFS='\t' '
  { for (i = 13; i <= NF; i++)
      if ($i != "") { print "expected_portal.tsv: a field past the 12th: " $0 > "/dev/stderr"; exit 1 }
    NF = 12; print }' >"$tmp/expected-portal.tsv"
awk -F'\t' '$2 != "role"' "$tmp/got.tsv" >"$tmp/got-portal.tsv"
if ! diff -u "$tmp/expected-portal.tsv" "$tmp/got-portal.tsv"; then
  echo "roles --format tsv disagrees with expected_portal.tsv"
  exit 1
fi
# every view reads every input without error
for view in "roles" "roles --format json" "matrix" "matrix --format csv" "matrix --format json"; do
  # shellcheck disable=SC2086
  "$bin" $view -q "${dirs[@]}" >/dev/null 2>"$tmp/err" || {
    echo "rolecheck $view failed:"; cat "$tmp/err"; exit 1; }
done
echo "corpus: $(wc -l <"$tmp/got-roles.tsv") roles agree with expected.tsv," \
  "$(grep -c $'\twebrole\t' "$tmp/got-portal.tsv") web roles and" \
  "$(grep -c $'\ttablepermission\t' "$tmp/got-portal.tsv") table permissions with expected_portal.tsv"

# the licensing rules run on every input (findings: exit 1, never 3)
set +e
"$bin" check -q --assume team-member "${dirs[@]}" >"$tmp/check.txt" 2>"$tmp/err"
rc=$?
set -e
if [ "$rc" -ne 1 ]; then
  echo "check --assume team-member exited $rc (expected 1: findings, complete):"
  cat "$tmp/err"
  exit 1
fi
echo "corpus: check --assume team-member: $(tail -1 "$tmp/err")"

# the root of the corpus in one run: every input read (the Package Deployer
# package as the zips inside it), none skipped, exit by the findings
set +e
"$bin" check -q --assume team-member . >"$tmp/root.txt" 2>"$tmp/root.err"
rc=$?
set -e
if [ "$rc" -ne 1 ]; then
  echo "check on the corpus root exited $rc (expected 1):"; cat "$tmp/root.err"; exit 1
fi
"$bin" roles -q . >"$tmp/root-roles.txt" 2>/dev/null
inputs=$(grep -c '^[^ ]' "$tmp/root-roles.txt")
if ! grep -qx "rolecheck: $inputs inputs read, 0 skipped" "$tmp/root.err"; then
  echo "check on the corpus root: expected 'rolecheck: $inputs inputs read, 0 skipped':"
  cat "$tmp/root.err"; exit 1
fi
for input in $(tail -n +2 expected.tsv | cut -f1 | sort -u) \
  $(tail -n +2 expected_portal.tsv | cut -f1 | sort -u); do
  grep -q "^$input[:,]" "$tmp/root.txt" || {
    echo "check on the corpus root did not report $input"; exit 1; }
done
for zip in $(find . -name '*.zip' -printf '%P\n' | sort); do
  grep -q "^$zip\(!/[^:,]*\)\?[:,]" "$tmp/root.txt" || {
    echo "check on the corpus root did not report $zip (or the zips inside it)"; exit 1; }
done
echo "corpus: check on the root: $(grep 'inputs read' "$tmp/root.err")"

# Which tables are Microsoft's (issue 18): every privilege resolves (no
# SOL001; the names of Microsoft tables the catalogue lacks are SOL004
# notes, once per table and input), no table with a Microsoft prefix or
# from the catalogue is custom, and a sample of tables has its origin.
"$bin" roles -q . >"$tmp/roles.txt" 2>/dev/null
read -r privileges unresolved < <(awk '/^ +[0-9]+ privileges:/ {p += $1; u += $9}
  END {print p, u}' "$tmp/roles.txt")
if [ "$privileges" -ne 10850 ] || [ "$unresolved" -ne 0 ]; then
  echo "corpus: $privileges privileges, $unresolved unresolved (expected 10850 and 0)"
  exit 1
fi
set +e
"$bin" check -q --fail-on never --format findings-csv . >"$tmp/findings.csv" 2>/dev/null
set -e
sol001=$(grep -c ',SOL001,' "$tmp/findings.csv" || true)
sol004=$(grep -c ',SOL004,' "$tmp/findings.csv" || true)
if [ "$sol001" -ne 0 ] || [ "$sol004" -ne 9 ]; then
  echo "corpus: $sol001 SOL001 and $sol004 SOL004 findings (expected 0 and 9)"
  exit 1
fi
# matrix CSV: the last columns are table (12th from the end), origin,
# product, display_name; the display name (quoted when it holds a comma) is
# cut off first
"$bin" matrix -q --format csv . 2>/dev/null | tr -d '\r' >"$tmp/matrix.csv"
awk -F, 'NR > 1 {
    if (!sub(/,"([^"]|"")*"$/, "")) sub(/,[^,]*$/, "")
    $0 = $0
    if ($(NF - 1) != "") print $(NF - 11) "\t" $(NF - 1) "\t" $NF
  }' "$tmp/matrix.csv" | sort -u >"$tmp/origins.tsv"
# Microsoft's and the accelerators' prefixes, as the analyzer has them
prefixes=$(sed -n 's/^RC_PREFIX("\([a-z]*\)".*/\1/p' "$src/analyzer/model/prefixes.def" |
  paste -sd '|')
[ -n "$prefixes" ] || { echo "corpus: no prefixes in prefixes.def"; exit 1; }
bad=$(awk -F'\t' -v re="^($prefixes)_" '$2 == "custom" && $1 ~ re' "$tmp/origins.tsv")
if [ -n "$bad" ]; then
  echo "corpus: tables with a Microsoft prefix marked custom:"; echo "$bad"; exit 1
fi
while IFS=$'\t' read -r table origin product; do
  got=$(awk -F'\t' -v t="$table" '$1 == t {print $2 "\t" $3}' "$tmp/origins.tsv")
  if [ "$got" != "$origin"$'\t'"$product" ]; then
    echo "corpus: $table has origin '${got:-(none)}', expected '$origin	$product'"
    exit 1
  fi
done <<'SAMPLE'
account	platform	dataverse
systemuser	platform	dataverse
msdyn_kbattachment	platform	dataverse
incident	microsoft-app	service
bookableresourcebooking	microsoft-app	dynamics-365
msdyn_functionallocation	microsoft-app	dynamics-365
msdyn_customerasset	microsoft-app	field-service
lead	microsoft-app	sales
msauto_deal	accelerator	automotive
msnfpe_expense	accelerator	nonprofit
msnfp_award	accelerator	nonprofit
admin_app	custom	
mm_checkin	custom	
autocoe_automationproject	custom	
profilerule	platform	
SAMPLE
echo "corpus: $privileges privileges, all resolved; $sol004 SOL004 notes;" \
  "$(wc -l <"$tmp/origins.tsv") tables with an origin, none Microsoft's marked custom"
