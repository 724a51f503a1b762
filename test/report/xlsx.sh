#!/usr/bin/env bash
# The xlsx workbook in LibreOffice: for several fixtures (and two inputs in
# one run), `check` writes the workbook and the three CSV files in one run;
# LibreOffice must open the workbook without repair and export every sheet
# (Summary, Licence fit, Fix list, Findings, Matrix, in that order), and
# sheets.cjs compares the sheets with the CSV files cell by cell. Printed
# (LibreOffice's PDF, read with pdftotext), the sample inputs take one page
# for the Summary (the first), one each for the fit, the fix list and the
# findings, and one per role for the Matrix. Two runs, a second apart, must
# give the same bytes, as must -f xlsx -o and -f xlsx to stdout.
#   xlsx.sh ROLECHECK FIXTURES WORKDIR TOOLSDIR
# Exit 77 (skip) when libreoffice/soffice or node is missing, unless
# RC_REPORT_TOOLS_REQUIRED=1. TOOLSDIR is unused: sheets.cjs is plain Node.
set -uo pipefail
bin=$1
fixtures=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)

missing=""
office=$(command -v libreoffice || command -v soffice || true)
[ -n "$office" ] || missing="libreoffice (or soffice)"
command -v node >/dev/null 2>&1 || missing="$missing node"
command -v pdftotext >/dev/null 2>&1 || missing="$missing pdftotext"
if [ -n "$missing" ]; then
  if [ "${RC_REPORT_TOOLS_REQUIRED:-0}" = 1 ]; then
    echo "FAIL not installed: $missing (RC_REPORT_TOOLS_REQUIRED=1)"
    exit 1
  fi
  echo "skip: not installed: $missing"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work/inputs" "$work/tmp"
unset SOURCE_DATE_EPOCH
# rolecheck's temporary workbook goes to its own directory, so that a
# leftover one is seen (LibreOffice keeps its own temporary files)
rolecheck() {
  TMPDIR="$work/tmp" "$bin" "$@"
}
failures=0
passed=0

fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# zip a folder's files (no directory entries), as test/golden.cmake does
zip_folder() {
  local folder=$1 zipfile=$2
  (cd "$folder" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
    xargs -d '\n' cmake -E tar cf "$zipfile" --format=zip --mtime=2024-01-01 --)
}
if ! zip_folder "$fixtures/zip/input" "$work/inputs/fabrikam.zip"; then
  echo "FAIL cannot zip $fixtures/zip/input"
  exit 1
fi

# A role whose name starts with "=" and "-": the CSV guards them with a
# quote, the workbook holds the plain text.
mkdir -p "$work/inputs/guard"
sed -e 's/name="Contoso Field Agent"/name="=Contoso Field Agent"/' \
  -e 's/name="Contoso Field Supervisor"/name="-Supervisor, \&quot;quoted\&quot;"/' \
  "$fixtures/extracted/input/customizations.xml" \
  >"$work/inputs/guard/customizations.xml"
cp "$fixtures/extracted/input/solution.xml" \
  "$fixtures/extracted/input/[Content_Types].xml" "$work/inputs/guard/"

convert() {
  local w=$1 stem=$2
  "$office" -env:UserInstallation="file://$work/lo-profile" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$w/sheets" "$w/$stem.xlsx" >"$w/lo.log" 2>&1
}

# case NAME ARGS... : check with the four outputs, LibreOffice, compare
case_() {
  local name=$1
  shift
  local w="$work/$name" rc
  mkdir -p "$w"
  rolecheck check --fail-on never --xlsx "$w/r.xlsx" --csv "$w/m.csv" \
    --findings-csv "$w/f.csv" --fit-csv "$w/fit.csv" "$@" \
    >"$w/stdout" 2>"$w/stderr"
  rc=$?
  if [ "$rc" -ne 0 ] || [ ! -s "$w/r.xlsx" ]; then
    fail "$name: check exited $rc"
    cat "$w/stderr"
    return
  fi
  convert "$w" r
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "$name: LibreOffice exited $rc"
    cat "$w/lo.log"
    return
  fi
  if grep -Eiq 'repair|corrupt|general (input/output )?error|could not be loaded' "$w/lo.log"; then
    fail "$name: LibreOffice complained:"
    cat "$w/lo.log"
    return
  fi
  for sheet in Summary "Licence fit" "Fix list" Findings Matrix; do
    if [ ! -f "$w/sheets/r-$sheet.csv" ]; then
      fail "$name: LibreOffice exported no sheet \"$sheet\""
      cat "$w/lo.log"
      return
    fi
  done
  # the sheets' order: the names in the workbook's sheet list
  local order
  mkdir -p "$w/unzipped"
  (cd "$w/unzipped" && cmake -E tar xf ../r.xlsx xl/workbook.xml)
  order=$(grep -o '<sheet name="[^"]*"' "$w/unzipped/xl/workbook.xml" |
    sed 's/<sheet name="//; s/"$//' | paste -sd, -)
  if [ "$order" != "Summary,Licence fit,Fix list,Findings,Matrix" ]; then
    fail "$name: sheets in the order $order"
    return
  fi
  if ! node "$here/sheets.cjs" "$w/sheets" r "$w/fit.csv" "$w/f.csv" \
    "$w/m.csv" >"$w/compare.log" 2>&1; then
    fail "$name: the workbook differs from the CSV files:"
    cat "$w/compare.log"
    return
  fi
  echo "ok   $name: $(cat "$w/compare.log")"
  passed=$((passed + 1))
}

# pages_ NAME ROLES: the workbook of case NAME printed to PDF; each page's
# footer names its sheet ("&A"), so pages are counted per sheet.
pages_() {
  local name=$1 roles=$2 w="$work/$1" total got want sheet
  "$office" -env:UserInstallation="file://$work/lo-profile" --headless \
    --convert-to pdf --outdir "$w/pdf" "$w/r.xlsx" >"$w/lo-pdf.log" 2>&1
  if [ ! -s "$w/pdf/r.pdf" ]; then
    fail "$name: LibreOffice wrote no PDF"
    cat "$w/lo-pdf.log"
    return
  fi
  pdftotext -layout "$w/pdf/r.pdf" "$w/pdf/r.txt"
  # the last line of each page with "Page N of M" names its sheet
  awk 'BEGIN { RS = "\f" } /Page [0-9]+ of [0-9]+/ {
      n = split($0, l, "\n"); s = "";
      for (i = n; i > 0; i--) if (l[i] ~ /Page [0-9]+ of [0-9]+/) { s = l[i]; break }
      sub(/^[ \t]+/, "", s); sub(/[ \t]+Page [0-9]+ of [0-9]+.*$/, "", s); print s }' \
    "$w/pdf/r.txt" >"$w/pdf/sheets.txt"
  total=$(wc -l <"$w/pdf/sheets.txt")
  if [ "$(head -1 "$w/pdf/sheets.txt")" != Summary ]; then
    fail "$name: printed page 1 is \"$(head -1 "$w/pdf/sheets.txt")\", not the Summary"
    return
  fi
  for sheet in Summary "Licence fit" "Fix list" Findings Matrix; do
    got=$(grep -cx "$sheet" "$w/pdf/sheets.txt")
    want=1
    [ "$sheet" = Matrix ] && want=$roles
    if [ "$got" -ne "$want" ]; then
      fail "$name: \"$sheet\" prints on $got pages, want $want (pages: $(paste -sd, "$w/pdf/sheets.txt"))"
      return
    fi
  done
  echo "ok   $name: printed in $total pages: Summary, fit, fix list and findings one each, Matrix one per role ($roles)"
  passed=$((passed + 1))
}

case_ extracted --assume team-member "$fixtures/extracted/input"
pages_ extracted 2
case_ portal-enhanced "$fixtures/portal-enhanced/input"
case_ unpacked "$fixtures/unpacked/input"
pages_ unpacked 2
case_ zip "$work/inputs/fabrikam.zip"
case_ guard --assume team-member "$work/inputs/guard"
case_ two-inputs --assume team-member "$fixtures/extracted/input" \
  "$work/inputs/fabrikam.zip"
pages_ two-inputs 4

# The what-if in the workbook: the role that needs Customer Service
# Enterprise only for prvWriteKnowledgeArticle has it on its Fix list row,
# with Power Apps as enough and the saving of the JSON's what-if.
case_ whatif "$fixtures/whatif/input"
w="$work/whatif"
saving=$(rolecheck check --no-config -q --fail-on never --what-if -f json \
  "$fixtures/whatif/input" | node -e '
    const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const w = d.licenseFit.find(f => f.cost && f.cost.whatIf).cost.whatIf;
    console.log(w.saving.toFixed(2));')
if grep -q "^\"\?Contoso Account Author\"\?,.*,Power Apps,$saving,,,knowledgearticle,prvWriteKnowledgeArticle," \
  "$w/sheets/r-Fix list.csv"; then
  echo "ok   whatif: the Fix list says remove prvWriteKnowledgeArticle, Power Apps is enough, saves $saving"
  passed=$((passed + 1))
else
  fail "whatif: no Fix list row for prvWriteKnowledgeArticle with Power Apps and $saving:"
  cat "$w/sheets/r-Fix list.csv"
fi

# Same bytes a second later, through every way of asking for xlsx.
d="$work/determinism"
mkdir -p "$d"
set -- --fail-on never --assume team-member "$fixtures/extracted/input" \
  "$work/inputs/fabrikam.zip"
sleep 1
rolecheck check --xlsx "$d/again.xlsx" "$@" >/dev/null 2>&1 ||
  fail "determinism: check --xlsx failed"
rolecheck check -f xlsx -o "$d/format.xlsx" "$@" >/dev/null 2>&1 ||
  fail "determinism: check -f xlsx -o failed"
rolecheck check -f xlsx "$@" >"$d/stdout.xlsx" 2>/dev/null ||
  fail "determinism: check -f xlsx >stdout failed"
for f in again format stdout; do
  if cmp "$work/two-inputs/r.xlsx" "$d/$f.xlsx"; then
    echo "ok   determinism: $f.xlsx is byte-identical"
    passed=$((passed + 1))
  else
    fail "determinism: $f.xlsx differs from two-inputs/r.xlsx"
  fi
done
# SOURCE_DATE_EPOCH sets the document date, and only that
SOURCE_DATE_EPOCH=1700000000 rolecheck check --xlsx "$d/epoch1.xlsx" "$@" \
  >/dev/null 2>&1
sleep 1
SOURCE_DATE_EPOCH=1700000000 rolecheck check --xlsx "$d/epoch2.xlsx" "$@" \
  >/dev/null 2>&1
if cmp "$d/epoch1.xlsx" "$d/epoch2.xlsx" &&
  ! cmp -s "$d/epoch1.xlsx" "$d/again.xlsx"; then
  echo "ok   determinism: SOURCE_DATE_EPOCH gives its own fixed date"
  passed=$((passed + 1))
else
  fail "determinism: SOURCE_DATE_EPOCH runs differ, or match the default"
fi
if command -v unzip >/dev/null 2>&1; then
  for f in again:1980-01-01T00:00:00Z epoch1:2023-11-14T22:13:20Z; do
    if unzip -p "$d/${f%%:*}.xlsx" docProps/core.xml |
      grep -q "<dcterms:created [^>]*>${f#*:}<"; then
      echo "ok   determinism: ${f%%:*}.xlsx created ${f#*:}"
      passed=$((passed + 1))
    else
      fail "determinism: ${f%%:*}.xlsx is not dated ${f#*:}"
    fi
  done
fi

# the temporary workbook is always removed
if [ -n "$(ls -A "$work/tmp")" ]; then
  fail "temporary files left in \$TMPDIR:"
  ls -la "$work/tmp"
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
