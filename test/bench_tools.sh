#!/usr/bin/env bash
# The benchmark tools stay honest (no timing here): the generator is
# deterministic for a seed, and rolecheck --stats reads the same
# RolePrivilege count and name hash as the floor program, from the zip, the
# extracted folder and (count only: roles are read file by file) the
# unpacked folder, in both the direct-export and the repacked form.
# The tenant generator is deterministic too, writes JSON that parses (node),
# pages that link up, assignments that name the solution's roles and the
# teams written, a licence CSV with the BOM and the export's 28 columns, and
# files that rolecheck (the solution) and the library's licence and
# principal readers (rc_tenant_probe) accept with the counts it printed.
#   bench_tools.sh ROLECHECK GEN FLOOR WORKDIR GEN_TENANT TENANT_PROBE
set -uo pipefail
rc=$1
gen=$2
floor=$3
work=$4
gen_tenant=$5
probe=$6
rm -rf "$work"
mkdir -p "$work"
failures=0
check() { # check NAME WANT GOT
  if [ "$2" = "$3" ]; then
    echo "ok   $1"
  else
    echo "FAIL $1: want '$2', got '$3'"
    failures=$((failures + 1))
  fi
}
stats() { # stats INPUT -> "N RolePrivilege, names HASH"
  "$rc" check -q --stats --fail-on never "$1" 2>&1 >/dev/null |
    sed -n 's/.*: \([0-9]* RolePrivilege, names [0-9a-f]*\)$/\1/p'
}
for form in direct repacked; do
  flag=
  [ $form = repacked ] && flag=--repacked
  for seed in 7 8; do
    "$gen" $seed s1 "$work/$form-$seed" $flag >/dev/null || { echo "FAIL generator"; exit 1; }
  done
  "$gen" 7 s1 "$work/$form-7b" $flag >/dev/null
  cmp -s "$work/$form-7/s1.zip" "$work/$form-7b/s1.zip"
  check "$form: same seed, same zip" 0 $?
  cmp -s "$work/$form-7/s1.zip" "$work/$form-8/s1.zip"
  check "$form: another seed, another zip" 1 $?
  d=$work/$form-7
  want=$("$floor" sax -t "$d/s1.zip")
  check "$form: floor sax = sax -t" "$want" "$("$floor" sax "$d/s1.zip")"
  case $want in
    [1-9]*' RolePrivilege, names '*) check "$form: floor counted" 1 1 ;;
    *) check "$form: floor counted" "N RolePrivilege, names H" "$want" ;;
  esac
  check "$form: zip" "$want" "$(stats "$d/s1.zip")"
  check "$form: extracted" "$want" "$(stats "$d/s1")"
  check "$form: unpacked count" "${want%%,*}" "$(stats "$d/s1-unpacked" | sed 's/,.*//')"
done

# ---- the tenant generator ----
tenant() { # tenant SEED USERS ROLES TEAMS DIR: the summary lines, stderr too
  "$gen_tenant" "$@" >"$work/$1-$2.info" 2>&1 || { echo "FAIL tenant generator"; cat "$work/$1-$2.info"; exit 1; }
}
tenant 7 300 20 30 "$work/t7"
tenant 7 300 20 30 "$work/t7b"
tenant 8 300 20 30 "$work/t8"
diff -r "$work/t7" "$work/t7b" >/dev/null
check "tenant: same seed, same files" 0 $?
cmp -s "$work/t7/licences.csv" "$work/t8/licences.csv"
check "tenant: another seed, other licences" 1 $?
check "tenant: prints the distinct role combinations" 1 \
  "$(grep -c '^gen_tenant: [0-9]* distinct direct role combinations, [0-9]* distinct effective' "$work/7-300.info")"
# more than one page: 5,001 users
tenant 9 5001 20 30 "$work/t9"
info() { sed -n "s/$2/\1/p" "$work/$1.info" | head -1; }

head -c 3 "$work/t7/licences.csv" | od -An -tx1 | tr -d ' \n' >"$work/bom"
check "tenant: licences.csv has a UTF-8 BOM" efbbbf "$(cat "$work/bom")"
want_header='Display name,DirSyncEnabled,User principal name,Object Id,First name,Last name,When created,Soft deletion time stamp,Title,Department,Preferred data location,City,CountryOrRegion,Office,StateOrProvince,Usage location,Last dirsync time,Block credential,Licenses,Password never expires,Last password change time stamp,Mobile Phone,Phone number,Postal code,Preferred language,Street address,Fax,Proxy addresses'
check "tenant: the export's 28-column header" "$want_header" \
  "$(head -1 "$work/t7/licences.csv" | tail -c +4 | tr -d '\r')"
check "tenant: 28 fields on every row" 0 \
  "$(awk -F, 'NR > 1 && NF != 28' "$work/t7/licences.csv" | wc -l | tr -d ' ')"

# the solution: read without a warning, every role and RolePrivilege
for run in 7-300:t7 9-5001:t9; do
  IFS=: read -r key d <<<"$run"
  "$rc" check --stats --fail-on never "$work/$d/solution" >"$work/$d.check" 2>"$work/$d.check.err"
  check "tenant $d: rolecheck check exits 0" 0 $?
  check "tenant $d: no warning reading the solution" 0 "$(grep -c 'warning:' "$work/$d.check.err")"
  check "tenant $d: RolePrivilege count" \
    "$(info "$key" '.*RolePrivilege, \([0-9]*\) in all.*')" \
    "$(sed -n 's/.*: \([0-9]*\) RolePrivilege, names .*/\1/p' "$work/$d.check.err")"
  check "tenant $d: 20 roles" 1 "$(grep -c 'BenchTenant 1.0.0.0 (unmanaged), 20 roles' "$work/$d.check")"
done

# JSON: parses; each page names its entity set; @odata.nextLink on all
# pages but the last; roles by root id are the solution's; teams exist;
# some assignments (not all) name a business unit's copy
if command -v node >/dev/null 2>&1; then
  cat >"$work/tenant.js" <<'JS'
'use strict';
const fs = require('fs');
const dir = process.argv[2];
const xml = fs.readFileSync(dir + '/solution/customizations.xml', 'utf8');
const roles = new Set([...xml.matchAll(/<Role id="\{([0-9a-f-]{36})\}" name=/g)].map(m => m[1]));
const pages = { systemusers: [], teams: [] };
let users = 0, grants = 0, copies = 0, unknownRoots = 0, badContext = 0;
const teamIds = new Set(), memberships = [];
for (const f of fs.readdirSync(dir)) {
  const m = f.match(/^(systemusers|teams)-(\d+)\.json$/);
  if (!m) continue;
  const j = JSON.parse(fs.readFileSync(dir + '/' + f, 'utf8'));
  pages[m[1]][Number(m[2])] = j;
  if (!j['@odata.context'].includes('$metadata#' + m[1] + '(')) badContext++;
  for (const row of j.value) {
    let list;
    if (m[1] === 'teams') {
      teamIds.add(row.teamid);
      list = row.teamroles_association;
    } else {
      users++;
      for (const t of row.teammembership_association) memberships.push(t.teamid);
      list = row.systemuserroles_association;
    }
    for (const g of list) {
      grants++;
      if (g.roleid !== g._parentrootroleid_value) copies++;
      if (!roles.has(g._parentrootroleid_value)) unknownRoots++;
    }
  }
}
const links = [];
for (const k of Object.keys(pages)) {
  const p = pages[k];
  for (let i = 1; i < p.length; i++)
    links.push(p[i] ? (p[i]['@odata.nextLink'] ? 'L' : '-') : '?');
  links.push('|');
}
console.log(`${users} users, ${teamIds.size} teams, ${roles.size} roles`);
console.log(`pages ${links.join('')}`);
console.log(`${badContext} bad contexts, ${unknownRoots} unknown roots, ` +
  `${memberships.filter(t => !teamIds.has(t)).length} unknown teams`);
console.log(`copies ${copies > 0 && copies < grants ? 'some' : copies ? 'all' : 'none'}`);
JS
  node "$work/tenant.js" "$work/t7" >"$work/t7.node" 2>&1
  check "tenant t7: node reads the JSON" 0 $?
  check "tenant t7: counts" "300 users, 30 teams, 20 roles" "$(sed -n 1p "$work/t7.node")"
  check "tenant t7: pages" "pages -|-|" "$(sed -n 2p "$work/t7.node")"
  check "tenant t7: references" "0 bad contexts, 0 unknown roots, 0 unknown teams" "$(sed -n 3p "$work/t7.node")"
  node "$work/tenant.js" "$work/t9" >"$work/t9.node" 2>&1
  check "tenant t9: node reads the JSON" 0 $?
  check "tenant t9: counts" "5001 users, 30 teams, 20 roles" "$(sed -n 1p "$work/t9.node")"
  check "tenant t9: pages link up" "pages L-|-|" "$(sed -n 2p "$work/t9.node")"
  check "tenant t9: references" "0 bad contexts, 0 unknown roots, 0 unknown teams" "$(sed -n 3p "$work/t9.node")"
  check "tenant t9: business-unit copies" "copies some" "$(sed -n 4p "$work/t9.node")"
else
  echo "skip tenant JSON checks: node not found"
fi

# the library's readers take every file, with the generator's counts
for run in 7-300:t7:300 9-5001:t9:5001; do
  IFS=: read -r key d users <<<"$run"
  apps=$(info "$key" '.* users (\([0-9]*\) application.*')
  holders=$(info "$key" '.*licences.csv: \([0-9]*\) holders.*')
  "$probe" --join "$work/$d" >"$work/$d.probe" 2>&1
  check "tenant $d: the readers accept the files" 0 $?
  check "tenant $d: readers' counts" \
    "$holders licence holders; $users users, 30 teams; 0 warnings" \
    "$(sed -n '1s/^\([0-9]* licence holders\) ([^)]*)\(; [0-9]* users, [0-9]* teams\) from [^;]*;[^;]*\(; [0-9]* warnings\)$/\1\2\3/p' "$work/$d.probe")"
  check "tenant $d: every user but the $apps application users holds a licence row" \
    "$((users - apps))" "$(sed -n '2s/^\([0-9]*\) users with a licence holder.*/\1/p' "$work/$d.probe")"
done
echo "bench tools: $failures failure(s)"
[ $failures -eq 0 ]
