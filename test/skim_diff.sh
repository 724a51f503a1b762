#!/usr/bin/env bash
# The skim gives the same answers as the full parse (--strict-xml) on every
# input we have: each fixture input (and rule case), every input of the
# corpus, the fuzz seeds of the XML and zip targets, and every class of the
# benchmark generator (s1, s10, h50) in both the direct-export form (CRLF,
# no declaration) and the repacked form (BOM and declaration), zipped,
# extracted and unpacked.
#   skim_diff.sh SKIM_DIFF FIXTURES CORPUS SEEDS GEN WORKDIR
set -uo pipefail
diff_bin=$1
fixtures=$2
corpus=$3
seeds=$4
gen=$5
work=$6
rm -rf "$work"
mkdir -p "$work"
failures=0

run() { # run NAME MIN PATH...
  local name=$1 min=$2
  shift 2
  if "$diff_bin" --min "$min" "$@" >"$work/$name.txt" 2>&1; then
    echo "ok   $name: $(tail -1 "$work/$name.txt")"
  else
    echo "FAIL $name:"; grep -v '^skim_diff:' "$work/$name.txt" | head -20
    tail -1 "$work/$name.txt"
    failures=$((failures + 1))
  fi
}

mapfile -t fixture_inputs < <(find "$fixtures" -mindepth 2 -maxdepth 2 -name input | sort)
mapfile -t rule_cases < <(find "$fixtures/rules" -mindepth 2 -maxdepth 2 -name 'input*' | sort)
run fixtures 20 "${fixture_inputs[@]}" "${rule_cases[@]}"
if [ -d "$corpus" ]; then
  run corpus 40 "$corpus"
fi
mapfile -t seed_files < <(find "$seeds/customizations" "$seeds/solution" "$seeds/role_file" "$seeds/zip" -type f | sort)
run fuzz-seeds 10 "${seed_files[@]}"
for class in s1 s10 h50; do
  for form in direct repacked; do
    out=$work/gen-$class-$form
    flag=
    [ "$form" = repacked ] && flag=--repacked
    "$gen" 20261207 "$class" "$out" $flag >/dev/null || { echo "FAIL gen $class $form"; failures=$((failures + 1)); continue; }
    run "gen-$class-$form" 3 "$out/$class.zip" "$out/$class" "$out/$class-unpacked"
  done
done
[ "$failures" -eq 0 ] || exit 1
