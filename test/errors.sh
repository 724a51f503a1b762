#!/usr/bin/env bash
# Bad input ends in exit 3 with exactly one stderr line naming the file (and
# entry and line where known), and nothing on stdout.
#   errors.sh ROLECHECK FIXTURES WORKDIR
set -uo pipefail
bin=$1
fixtures=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
failures=0
passed=0

zip_folder() { # zip_folder FOLDER ZIPFILE
  (cd "$1" && cmake -E tar cf "$2" --format=zip -- $(ls -A))
}

# expect NAME EXIT REGEX -- ARGS...
expect() {
  local name=$1 code=$2 regex=$3
  shift 4
  local out err rc lines
  out=$("$bin" "$@" 2>stderr.txt)
  rc=$?
  err=$(cat stderr.txt)
  lines=$(grep -c '' stderr.txt)
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL $name: exit $rc, expected $code ($err)"; failures=$((failures + 1)); return
  fi
  if [ "$lines" -ne 1 ]; then
    echo "FAIL $name: $lines stderr lines, expected 1:"; cat stderr.txt; failures=$((failures + 1)); return
  fi
  if ! grep -Eq -- "$regex" stderr.txt; then
    echo "FAIL $name: '$err' does not match /$regex/"; failures=$((failures + 1)); return
  fi
  if [ -n "$out" ]; then
    echo "FAIL $name: unexpected stdout: $out"; failures=$((failures + 1)); return
  fi
  echo "ok   $name: $err"
  passed=$((passed + 1))
}

zip_folder "$fixtures/extracted/input" "$work/good.zip"
size=$(stat -c %s good.zip)

# a zip cut in half: no central directory
head -c $((size / 2)) good.zip >truncated.zip
expect truncated-zip 3 '^rolecheck: truncated\.zip: cannot open zip: ' -- roles truncated.zip

# a zip cut just before its end: the central directory is damaged
head -c $((size - 10)) good.zip >cut-end.zip
expect cut-end-zip 3 '^rolecheck: cut-end\.zip: ' -- roles cut-end.zip

# a valid zip without solution.xml / customizations.xml
mkdir -p docx/word && echo '<w:document/>' >docx/word/document.xml && echo x >docx/readme.txt
zip_folder docx "$work/not-solution.zip"
expect zip-no-solution 3 '^rolecheck: not-solution\.zip: not a solution zip' -- roles not-solution.zip

# malformed customizations.xml in an extracted folder: file and line
cp -r "$fixtures/extracted/input" malformed
sed -i 's#</RolePrivileges>#</RolePrivilege>#' malformed/customizations.xml
line=$(grep -n '</RolePrivilege>' malformed/customizations.xml | head -1 | cut -d: -f1)
expect malformed-xml-folder 3 "^rolecheck: malformed/customizations\\.xml:$line: malformed XML: .*mismatch" -- matrix -q malformed

# the same inside a zip: zip, entry and line
zip_folder malformed "$work/malformed.zip"
expect malformed-xml-zip 3 "^rolecheck: malformed\\.zip!/customizations\\.xml:$line: malformed XML: " -- roles -q malformed.zip

# a truncated role file
head -c 200 "$fixtures/extracted/input/customizations.xml" >cut.xml
expect truncated-xml 3 '^rolecheck: cut\.xml(:[0-9]+)?: ' -- roles cut.xml

# a missing file
expect missing-file 3 '^rolecheck: does-not-exist\.zip: No such file or directory$' -- roles does-not-exist.zip

# an empty file and a file that is not XML
: >empty.zip
expect empty-file 3 '^rolecheck: empty\.zip: empty file' -- roles empty.zip
echo 'hello' >notes.txt
expect not-xml 3 '^rolecheck: notes\.txt:[0-9]+: malformed XML' -- roles notes.txt

# XML that is not a solution file
echo '<project/>' >pom.xml
expect wrong-root 3 '^rolecheck: pom\.xml: not a solution file \(root element <project>' -- roles pom.xml

# a directory holding no solution
mkdir -p nothing/here && echo x >nothing/here/file.txt
expect empty-tree 3 '^rolecheck: nothing: no solution found' -- roles nothing

# a DTD (entity expansion, external entities) is refused
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa">]>\n<ImportExportXml>&a;</ImportExportXml>\n' >dtd.xml
expect dtd 3 '^rolecheck: dtd\.xml:[0-9]+: document type declarations are not allowed' -- roles dtd.xml

# malformed YAML in a pac pages record: exit 3 naming the file and line;
# --keep-going skips it with a warning and reads the rest
cp -r "$fixtures/portal-yaml/input" site
printf 'create: [true\nname: broken\n' >site/table-permissions/Broken.tablepermission.yml
expect bad-yaml 3 '^rolecheck: site/table-permissions/Broken\.tablepermission\.yml:2: invalid YAML' -- roles site
"$bin" roles --keep-going site >kg.out 2>kg.err
rc=$?
if [ "$rc" -eq 0 ] && grep -q 'skipped (--keep-going)' kg.err && grep -q '7 table permissions' kg.out; then
  echo "ok   keep-going: the other records are read"; passed=$((passed + 1))
else
  echo "FAIL keep-going: exit $rc"; cat kg.err; failures=$((failures + 1))
fi

# usage errors are exit 2
expect unknown-option 2 "^rolecheck: unknown option '--frobnicate'" -- roles --frobnicate x 
expect bad-format 2 "^rolecheck: format 'csv' is not available" -- roles --format csv "$fixtures/extracted/input"

# one bad input among good ones: the good one is still reported, exit 3
"$bin" roles --format tsv -q "$fixtures/extracted/input" does-not-exist.zip >mixed.out 2>mixed.err
rc=$?
if [ "$rc" -eq 3 ] && [ -s mixed.out ] && [ "$(grep -c '' mixed.err)" -eq 1 ]; then
  echo "ok   mixed-inputs: exit 3, good input still listed"; passed=$((passed + 1))
else
  echo "FAIL mixed-inputs: exit $rc"; failures=$((failures + 1))
fi

echo "errors: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
