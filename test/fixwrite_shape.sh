#!/usr/bin/env bash
# The solutions `rolecheck fix` writes have the structure of the real
# exports in the corpus (docs/internals/FIX-OUTPUT.md): the zip's entry
# order, each document's encoding form (BOM, XML declaration, line ends),
# the top-level sections of customizations.xml, the Role element's
# attributes and children, and solution.xml's elements and attributes, in
# both the zip and the unpacked folder; and the same bytes each time.
#   fixwrite_shape.sh XMLSHAPE CORPUS WORKDIR --sample FIXWRITE_SAMPLE
#   fixwrite_shape.sh XMLSHAPE CORPUS WORKDIR ZIP DIR
# The first form writes the library's sample twice (test/tools); the second
# checks a zip and an unpacked folder written already. Exit 77 (skip)
# without the corpus.
set -uo pipefail
shape=$1
corpus=$2
work=$3
shift 3
if [ ! -d "$corpus" ]; then
  echo "SKIP: no corpus at $corpus"
  exit 77
fi
export LC_ALL=C
rm -rf "$work"
mkdir -p "$work"
failures=0
passed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }

# same NAME GOT WANT: two texts are equal
same() {
  if [ "$2" = "$3" ]; then ok "$1"; else
    bad "$1"; diff <(echo "$3") <(echo "$2") | sed 's/^/     /'; fi
}
# children FILE [ENTRY] PARENT: names of PARENT's child elements, in order
# (repeated names once per run)
children() {
  local parent=${*: -1}
  "$shape" paths "${@:1:$#-1}" |
    awk -F'\t' -v p="$parent/" 'index($1, p) == 1 {
      rest = substr($1, length(p) + 1)
      if (rest !~ /\// && rest != last) { print rest; last = rest } }'
}
# attrs FILE [ENTRY] PATH: the attribute names of the first PATH element
attrs() {
  local path=${*: -1}
  "$shape" paths "${@:1:$#-1}" |
    awk -F'\t' -v p="$path" '$1 == p { print $2; exit }'
}
# every_attrs FILE [ENTRY] PATH: the distinct attribute lists of PATH
every_attrs() {
  local path=${*: -1}
  "$shape" paths "${@:1:$#-1}" | awk -F'\t' -v p="$path" '$1 == p { print $2 }' |
    sort -u
}
# role_shapes FILE [ENTRY] ROLEPATH: "attrs|children" of each role
# (Description left out: the writers never write one)
role_shapes() {
  local root=${*: -1}
  "$shape" paths "${@:1:$#-1}" | awk -F'\t' -v root="$root" '
    $1 == root { if (have) print cur "|" kids; cur = $2; kids = ""; have = 1; next }
    index($1, root "/") == 1 {
      rest = substr($1, length(root) + 2)
      if (rest !~ /\// && rest != "Description") kids = kids (kids == "" ? "" : ",") rest }
    END { if (have) print cur "|" kids }'
}
# subsequence NAME GOT REF: GOT's lines appear in REF in the same order
subsequence() {
  if awk 'NR == FNR { pos[$0] = FNR; next }
          { if (!($0 in pos) || pos[$0] <= last) { print "     " $0; bad = 1 }
            else last = pos[$0] }
          END { exit bad }' <(echo "$3") <(echo "$2"); then
    ok "$1"
  else
    bad "$1 (the names above are missing or out of order; reference:)"
    echo "$3" | sed 's/^/     /'
  fi
}
# within NAME GOT SET: every line of GOT is a line of SET
within() {
  local missing
  missing=$(comm -23 <(echo "$2" | sort -u) <(echo "$3" | sort -u))
  if [ -z "$missing" ]; then ok "$1"; else
    bad "$1: not in the corpus:"; echo "$missing" | sed 's/^/     /'; fi
}

# ---- the outputs ----
if [ "${1:-}" = --sample ]; then
  sample=$2
  if ! "$sample" "$work/a.zip" "$work/a" || ! "$sample" "$work/b.zip" "$work/b"; then
    bad "the sample writer failed"
    exit 1
  fi
  if cmp -s "$work/a.zip" "$work/b.zip"; then ok "the zip: the same bytes twice"
  else bad "the zip: two runs differ"; fi
  if diff -r "$work/a" "$work/b" >/dev/null; then
    ok "the unpacked folder: the same bytes twice"
  else bad "the unpacked folder: two runs differ"; fi
  zip=$work/a.zip
  dir=$work/a
else
  zip=$1
  dir=$2
fi

# ---- the corpus ----
pl=$corpus/MicrosoftLearning__PL-7003-Create-and-manage-model-driven-apps-with-Power-Apps-and-Dataverse/Allfiles/Labs/Completed/Propertylistings_1_0_0_5.zip
# the newest minimal export (2026): the same three entries, in the newer order
newest=$corpus/microsoft__PowerApps-Samples/dataverse/webapi/PS/PolymorphicLookup/polymorphiclookupexamplesolution.zip
# pac unpack: the newest (2025) for the files' form, an older one without
# the Organization* attributes for the manifest's
pac_new=$corpus/pnp__powerplatform-samples/samples/term-buddy/sourcecode/termbuddy/src
pac_old=$corpus/pnp__powerplatform-samples/samples/prompt-wagon/sourcecode/src
for f in "$pl" "$newest" "$pac_new/Other/Solution.xml" "$pac_old/Other/Solution.xml"; do
  if [ ! -e "$f" ]; then
    echo "SKIP: the corpus lacks $f"
    exit 77
  fi
done
zips=()
while IFS= read -r z; do
  "$shape" entries "$z" | grep -x customizations.xml >/dev/null && zips+=("$z")
done < <(find "$corpus" -name '*.zip' | sort)
unpacked=()
while IFS= read -r s; do
  unpacked+=("$(dirname "$(dirname "$s")")")
done < <(find "$corpus" -path '*/Other/Solution.xml' | sort)
echo "corpus: ${#zips[@]} exported zips, ${#unpacked[@]} unpacked solutions"

# ---- the zip ----
same "zip: the entry order of the newest export" \
  "$("$shape" entries "$zip")" "$("$shape" entries "$newest")"
same "zip: the entries of $(basename "$pl")" \
  "$("$shape" entries "$zip" | sort)" "$("$shape" entries "$pl" | sort)"
for e in customizations.xml solution.xml '[Content_Types].xml'; do
  same "zip: $e has the form of the exports' (BOM, declaration, line ends)" \
    "$("$shape" form "$zip" "$e")" "$("$shape" form "$newest" "$e")"
done
if cmp -s <("$shape" cat "$zip" '[Content_Types].xml') \
  <("$shape" cat "$pl" '[Content_Types].xml'); then
  ok "zip: [Content_Types].xml is the exports' byte for byte"
else bad "zip: [Content_Types].xml differs from the exports'"; fi

got=$(children "$zip" customizations.xml /ImportExportXml)
subsequence "zip: customizations.xml's sections in the order of $(basename "$pl")" \
  "$got" "$(children "$pl" customizations.xml /ImportExportXml)"
# the sections every export of the corpus writes, in the newest's order
always=$(for z in "${zips[@]}"; do children "$z" customizations.xml /ImportExportXml; done |
  sort | uniq -c | awk -v n=${#zips[@]} '$1 == n { print $2 }')
same "zip: customizations.xml has each section every export writes, and no other" \
  "$got" "$(children "$newest" customizations.xml /ImportExportXml |
    grep -Fxf <(echo "$always"))"
same "zip: customizations.xml's root attributes" \
  "$(attrs "$zip" customizations.xml /ImportExportXml)" \
  "$(attrs "$pl" customizations.xml /ImportExportXml)"

corpus_roles=$(for z in "${zips[@]}"; do
  role_shapes "$z" customizations.xml /ImportExportXml/Roles/Role; done | sort -u)
got=$(role_shapes "$zip" customizations.xml /ImportExportXml/Roles/Role)
[ -n "$got" ] || bad "zip: no Role in customizations.xml"
within "zip: each Role's attributes and children as a corpus role's" \
  "$got" "$corpus_roles"
within "zip: RolePrivilege's attributes" \
  "$(every_attrs "$zip" customizations.xml /ImportExportXml/Roles/Role/RolePrivileges/RolePrivilege)" \
  "$(for z in "${zips[@]}"; do every_attrs "$z" customizations.xml \
    /ImportExportXml/Roles/Role/RolePrivileges/RolePrivilege; done)"

m=/ImportExportXml/SolutionManifest
same "zip: solution.xml's root attributes" \
  "$(attrs "$zip" solution.xml /ImportExportXml)" "$(attrs "$pl" solution.xml /ImportExportXml)"
for p in $m $m/Publisher $m/Publisher/Addresses/Address $m/LocalizedNames; do
  same "zip: solution.xml: ${p#/ImportExportXml/}'s children" \
    "$(children "$zip" solution.xml $p)" "$(children "$pl" solution.xml $p)"
done
for p in $m/LocalizedNames/LocalizedName $m/Publisher/EMailAddress; do
  same "zip: solution.xml: ${p#/ImportExportXml/}'s attributes" \
    "$(attrs "$zip" solution.xml $p)" "$(attrs "$pl" solution.xml $p)"
done
within "zip: solution.xml: RootComponent's attributes" \
  "$(every_attrs "$zip" solution.xml $m/RootComponents/RootComponent)" \
  "$(every_attrs "$pl" solution.xml $m/RootComponents/RootComponent)"
same "zip: solution.xml: Managed" \
  "$("$shape" cat "$zip" solution.xml | grep -o '<Managed>[0-9]</Managed>')" \
  "<Managed>0</Managed>"

# ---- the unpacked folder ----
for f in Other/Solution.xml Other/Customizations.xml; do
  same "unpacked: $f has the form of pac's" \
    "$("$shape" form "$dir/$f")" "$("$shape" form "$pac_new/$f")"
done
same "unpacked: Solution.xml's root attributes" \
  "$(attrs "$dir/Other/Solution.xml" /ImportExportXml)" \
  "$(attrs "$pac_old/Other/Solution.xml" /ImportExportXml)"
for p in $m $m/Publisher $m/Publisher/Addresses/Address; do
  same "unpacked: Solution.xml: ${p#/ImportExportXml/}'s children" \
    "$(children "$dir/Other/Solution.xml" $p)" \
    "$(children "$pac_old/Other/Solution.xml" $p)"
done
got=$(children "$dir/Other/Customizations.xml" /ImportExportXml)
subsequence "unpacked: Customizations.xml's sections in the order of pac's" \
  "$got" "$(children "$pac_new/Other/Customizations.xml" /ImportExportXml)"
always=$(for u in "${unpacked[@]}"; do children "$u/Other/Customizations.xml" /ImportExportXml; done |
  sort | uniq -c | awk -v n=${#unpacked[@]} '$1 == n { print $2 }')
same "unpacked: Customizations.xml has each section every unpacked solution has, and no other" \
  "$got" "$(children "$pac_new/Other/Customizations.xml" /ImportExportXml |
    grep -Fxf <(echo "$always"))"
same "unpacked: Customizations.xml's Roles is empty" \
  "$("$shape" paths "$dir/Other/Customizations.xml" | grep -c '^/ImportExportXml/Roles/')" 0

corpus_roles=$(for u in "${unpacked[@]}"; do
  for r in "$u"/Roles/*.xml; do [ -e "$r" ] && role_shapes "$r" /Role; done
done | sort -u)
role_form=$("$shape" form "$(ls "$pac_new"/Roles/*.xml | head -1)")
n=0
for r in "$dir"/Roles/*.xml; do
  [ -e "$r" ] || continue
  n=$((n + 1))
  within "unpacked: $(basename "$r"): the Role's attributes and children as a corpus role file's" \
    "$(role_shapes "$r" /Role)" "$corpus_roles"
  same "unpacked: $(basename "$r") has the form of pac's" "$("$shape" form "$r")" "$role_form"
done
[ "$n" -gt 0 ] || bad "unpacked: no Roles/*.xml"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
