#!/usr/bin/env bash
# Inputs as Microsoft ships them and folder scans that one bad file cannot
# stop: Package Deployer packages (zip with backslash entry names, nested
# solution and data zips read in memory; and the folder form), Power Pages
# sites inside unpacked solutions, bad files skipped with a warning and a
# count, and the note on portal tables without portal data.
#   inputs.sh ROLECHECK MKZIP FIXTURES WORKDIR
set -uo pipefail
bin=$1
mkzip=$2
fixtures=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
failures=0
passed=0

ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }
# run ARGS...: stdout in out.txt, stderr in err.txt, exit code in $rc
run() {
  "$bin" "$@" >out.txt 2>err.txt
  rc=$?
}
# has NAME FILE REGEX: FILE has a line matching REGEX (grep -E)
has() {
  if grep -Eq -- "$3" "$2"; then ok "$1"; else
    bad "$1: no line of $2 matches /$3/:"; cat "$2"; fi
}
hasnt() {
  if grep -Eq -- "$3" "$2"; then
    bad "$1: a line of $2 matches /$3/:"; cat "$2"; else ok "$1"; fi
}
code() { # code NAME EXPECTED
  if [ "$rc" -eq "$2" ]; then ok "$1: exit $rc"; else
    bad "$1: exit $rc, expected $2"; cat err.txt; fi
}

# ---- a Package Deployer package: a solution zip and a data zip inside ----
mkdir -p pkg
cp -r "$fixtures/package/input/." pkg/
"$mkzip" pkg/PkgFolder/ContosoPartnerSite_3_0_0_1_managed.zip "$fixtures/portal-tables/input"
"$mkzip" pkg/PkgFolder/PortalData.zip "$fixtures/portal-cmt/input"
mkdir -p notes && echo "release notes" >notes/readme.txt
"$mkzip" pkg/PkgFolder/Content/notes.zip notes
"$mkzip" -b package.zip pkg
# the names are stored as written: read the zip itself (no unzip, and no
# pipe into grep -q, which pipefail would fail when grep stops early)
if grep -aqF 'PkgFolder\PortalData.zip' package.zip; then
  ok "the package zip has backslash entry names"
else
  bad "mkzip -b did not write backslash names"
fi

run roles --format tsv package.zip
code "package: roles" 0
has "package: the nested solution's role, labelled with its path in the package" out.txt \
  $'^package\\.zip!/PkgFolder/ContosoPartnerSite_3_0_0_1_managed\\.zip\trole\t\\{3c1e5b7a-9d2f-4e60-8a41-6b0c2d3e4f51\\}\tContoso Partner Desk\t4$'
has "package: the nested data zip's web roles" out.txt \
  $'^package\\.zip!/PkgFolder/PortalData\\.zip\twebrole\t3f0a1c52-6b7d-4e8f-9a01-b2c3d4e5f604\tDelivery Partners'
has "package: a zip inside that holds no solution is skipped with a warning" err.txt \
  '^rolecheck: warning: package\.zip!/PkgFolder/Content/notes\.zip: skipped, a zip without solution\.xml'

run check --format json --fail-on never package.zip
code "package: check" 0
has "package: a finding in the nested solution names zip!/zip!/entry:line" out.txt \
  '"file": "package\.zip!/PkgFolder/PortalData\.zip!/data\.xml"'
run check --fail-on never package.zip
has "package: text locations through both zips" out.txt \
  'PP003 contact scope Global at package\.zip!/PkgFolder/PortalData\.zip!/data\.xml:[0-9]+'
hasnt "package: the data beside the solution: no portal-data note" out.txt 'note: defines adx_entitypermission'
if [ -n "$(find . -newer package.zip -name 'data.xml' -o -newer package.zip -name 'customizations.xml')" ]; then
  bad "package: something was extracted to disk"
else
  ok "package: nothing extracted to disk"
fi

# the folder form of the same package gives the same roles and web roles
run roles --format tsv package.zip
sed 's#^package\.zip!/#pkg/#' out.txt | sort >zip.tsv
run roles --format tsv pkg
code "package folder: roles" 0
sort out.txt >folder.tsv
if diff -u zip.tsv folder.tsv >/dev/null; then ok "package folder: the same roles and web roles as the zip"; else
  bad "package folder differs from the zip:"; diff -u zip.tsv folder.tsv; fi

# a damaged solution zip inside a named package: exit 3, named through the package
mkdir -p pkg2/PkgFolder
head -c 200 pkg/PkgFolder/ContosoPartnerSite_3_0_0_1_managed.zip >pkg2/PkgFolder/Broken_1_0_0_0.zip
"$mkzip" pkg2/PkgFolder/PortalData.zip "$fixtures/portal-cmt/input"
"$mkzip" -b damaged-package.zip pkg2
run roles damaged-package.zip
code "damaged package, named" 3
has "damaged package: the nested zip is named" err.txt \
  '^rolecheck: damaged-package\.zip!/PkgFolder/Broken_1_0_0_0\.zip: '

# ---- one bad file does not hide the rest ----
mkdir -p tree/installers tree/solutions tree/other
cp -r "$fixtures/extracted/input" tree/solutions/ContosoFieldOps
printf '\320\317\021\340\241\261\032\341MSI installer, not a zip' >tree/installers/setup.zip
head -c 300 pkg/PkgFolder/PortalData.zip >tree/other/damaged.zip
"$mkzip" tree/other/notes.zip notes
run check --assume team-member tree
code "scan with bad zips: exits by the findings" 1
has "scan: the MSI named .zip is skipped with its reason" err.txt \
  '^rolecheck: warning: tree/installers/setup\.zip: not a zip archive; skipped$'
has "scan: the damaged zip is skipped with its reason" err.txt \
  '^rolecheck: warning: tree/other/damaged\.zip: cannot open zip: .*; skipped$'
has "scan: the zip of notes is skipped" err.txt \
  '^rolecheck: warning: tree/other/notes\.zip: skipped, a zip without solution\.xml'
hasnt "scan: no malformed-XML reason for a zip" err.txt 'malformed XML'
has "scan: the good solution beside them is reported" out.txt \
  '^tree/solutions/ContosoFieldOps: ContosoFieldOps 1\.4\.0\.12'
has "scan: a summary line counts read and skipped" err.txt '^rolecheck: 1 input read, 3 skipped$'

# fixtures/scan: a PDF named .zip beside an unpacked solution with its site
cp -r "$fixtures/scan/input" scan
mkdir -p scan/solutions/ContosoServiceDesk
cp -r "$fixtures/unpacked/input/." scan/solutions/ContosoServiceDesk/
cp -r "$fixtures/portal-yaml/input" scan/solutions/ContosoServiceDesk/src/site
run check --fail-on warning scan
code "fixtures/scan: exits by the findings" 1
has "fixtures/scan: the PDF named .zip is skipped with its reason" err.txt \
  '^rolecheck: warning: scan/installers/ContosoFieldOps_Setup\.zip: not a zip archive; skipped$'
has "fixtures/scan: the site inside the unpacked solution is read" out.txt \
  '^scan/solutions/ContosoServiceDesk/src/site, 0 roles, 4 web roles$'
has "fixtures/scan: the count line" err.txt '^rolecheck: 2 inputs read, 1 skipped$'
run roles scan/installers/ContosoFieldOps_Setup.zip
code "fixtures/scan: the PDF named .zip, named" 3
has "fixtures/scan: named, the same reason" err.txt \
  '^rolecheck: scan/installers/ContosoFieldOps_Setup\.zip: not a zip archive$'

# a solution found by the scan whose XML is broken: a warning, the rest read
cp -r "$fixtures/extracted/input" tree/solutions/Broken
printf '<ImportExportXml><Roles><Role id="{x}" name="cut' >tree/solutions/Broken/customizations.xml
run roles tree
code "scan with a malformed solution" 0
has "scan: the malformed solution is a warning naming file and line" err.txt \
  '^rolecheck: warning: tree/solutions/Broken/customizations\.xml:[0-9]+: .*; skipped$'
has "scan: the good solution is still read" out.txt '^tree/solutions/ContosoFieldOps$'
has "scan: the summary counts it" err.txt '^rolecheck: 1 input read, 4 skipped$'
run roles -q tree
has "scan -q: the summary line stays" err.txt '^rolecheck: 1 input read, 4 skipped$'

# a folder the scan cannot read: skipped with its reason (as an ordinary
# user: root reads any folder)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  mkdir -p perm/locked perm/ok
  cp -r "$fixtures/extracted/input" perm/ok/sol
  chmod -R a+rX perm
  chmod 000 perm/locked
  setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" roles perm >out.txt 2>err.txt
  rc=$?
  code "scan with an unreadable folder" 0
  has "scan: the unreadable folder is skipped with its reason" err.txt \
    '^rolecheck: warning: perm/locked: cannot read directory: Permission denied; skipped$'
  has "scan: the readable solution beside it is read" out.txt '^perm/ok/sol$'
  chmod 755 perm/locked
fi

# named directly, the same files still exit 3 with the right reason
run roles tree/installers/setup.zip
code "the MSI named .zip, named" 3
has "named MSI: not a zip archive" err.txt '^rolecheck: tree/installers/setup\.zip: not a zip archive$'
run roles tree/solutions/Broken
code "the malformed solution, named" 3

# ---- a Power Pages site inside and beside an unpacked solution ----
mkdir -p site-tree
cp -r "$fixtures/unpacked/input" site-tree/sol
cp -r "$fixtures/portal-yaml/input" site-tree/sol/src/portal
run roles --format tsv site-tree
code "site inside an unpacked solution: scan" 0
has "scan: the unpacked solution" out.txt $'^site-tree/sol/src\trole\t'
has "scan: the site inside it" out.txt $'^site-tree/sol/src/portal\twebrole\t'
run roles --format tsv site-tree/sol
has "named unpacked solution: the site inside it too" out.txt $'^site-tree/sol/src/portal\twebrole\t'
# web-roles/ beside Other/: the same folder is a solution and a site
cp -r "$fixtures/portal-yaml/input/." site-tree/sol/src/
run roles --format tsv site-tree/sol/src
has "a site beside Other/: its web roles" out.txt $'^site-tree/sol/src\twebrole\t'
has "a site beside Other/: the solution's roles" out.txt $'^site-tree/sol/src\trole\t'
# a site at a repository's root, its solution below in src/
mkdir -p site-root
cp -r "$fixtures/portal-yaml/input/." site-root/
cp -r "$fixtures/unpacked/input/src" site-root/src
run roles --format tsv site-root
has "a site at the root: its web roles" out.txt $'^site-root\twebrole\t'
has "a site at the root: the solution below it" out.txt $'^site-root/src\trole\t'

# ---- portal tables without portal data ----
run check --fail-on never "$fixtures/portal-tables/input"
has "portal tables alone: a note that the permissions live elsewhere" out.txt \
  '^  note: defines adx_entitypermission but holds no web roles or table permissions;'
run check --format json --fail-on never "$fixtures/portal-tables/input"
has "portal tables alone: the note in JSON" out.txt '"portalDataElsewhere": "adx_entitypermission"'
run check --format md --fail-on never "$fixtures/portal-tables/input"
has "portal tables alone: the note in Markdown" out.txt \
  '^> \*\*Note:\*\* `.*portal-tables/input` defines `adx_entitypermission` but holds no web roles'
run check --format html --fail-on never "$fixtures/portal-tables/input"
has "portal tables alone: the note in HTML" out.txt \
  'Note: defines <code>adx_entitypermission</code> but holds no web roles or table permissions'
run check --fail-on never "$fixtures/portal-tables/input" "$fixtures/portal-cmt/input"
hasnt "portal tables with their data: no note" out.txt 'note: defines'
run check --format md --fail-on never "$fixtures/portal-tables/input" "$fixtures/portal-cmt/input"
hasnt "portal tables with their data: no note in Markdown" out.txt 'Note:\*\*'

# ---- no report over a file read for an input ----
mkdir -p clobber
cp -r "$fixtures/extracted/input" clobber/ext
cp clobber/ext/customizations.xml clobber/original.xml
ln -s ext/customizations.xml clobber/link.xml
for out in "-o clobber/ext/customizations.xml" "--sarif clobber/ext/../ext/customizations.xml" \
  "--json clobber/link.xml" "-o clobber/ext/CUSTOMIZATIONS.xml" "--html clobber/ext/solution.xml"; do
  # shellcheck disable=SC2086
  run check -q $out clobber/ext
  code "check $out over a file of the input" 2
  has "check $out: refused, naming the file read" err.txt \
    "^rolecheck: '.*' is clobber/ext/(customizations|solution)\\.xml, read for input clobber/ext; refusing to write over it"
done
run roles -o clobber/ext/customizations.xml clobber
code "roles -o over a file found by a folder scan" 2
run baseline create -o clobber/ext/customizations.xml --force clobber/ext
code "baseline create -o over a file of the input" 2
run check -q -o pkg/PkgFolder/PortalData.zip pkg
code "check -o over a zip inside a package folder" 2
if cmp -s clobber/ext/customizations.xml clobber/original.xml && [ ! -e clobber/ext/CUSTOMIZATIONS.xml ]; then
  ok "the input's files are unchanged"
else
  bad "an input file was written"
fi
run check -q --fail-on never --sarif clobber/ext/report.sarif clobber/ext
code "a report beside the input's files is written" 0

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
