#!/usr/bin/env bash
# The layer rule (docs/internals/LAYERS.md): util -> source -> parse ->
# model -> rules -> report -> cli, each file using only its own layer or
# those below it. Checked twice: the includes of every file under
# analyzer/, and the calls, from the symbols each compiled object needs and
# the object that defines them.
#   layers.sh SRC_DIR OBJECT_DIR
#   layers.sh --self-test WORKDIR   (a planted upward include and call
#                                    must both be reported)
set -uo pipefail
if [ "${1:-}" = --self-test ]; then
  work=$2
  rm -rf "$work"
  mkdir -p "$work/analyzer/util" "$work/analyzer/rules" "$work/obj/util" \
    "$work/obj/rules"
  printf '#include "rules/engine.h"\n' >"$work/analyzer/util/low.c"
  printf 'void rc_high(void);\nvoid rc_low(void);\nvoid rc_low(void) { rc_high(); }\n' |
    cc -c -x c -o "$work/obj/util/low.c.o" - || exit 1
  printf 'void rc_high(void);\nvoid rc_high(void) {}\n' |
    cc -c -x c -o "$work/obj/rules/high.c.o" - || exit 1
  if bash "$0" "$work" "$work/obj" >"$work/out.txt" 2>&1; then
    echo "FAIL: the planted violations passed"; cat "$work/out.txt"; exit 1
  fi
  grep -q 'util/low.c: includes rules/engine.h' "$work/out.txt" &&
    grep -q 'calls rc_high, defined in rules' "$work/out.txt" || {
    echo "FAIL: a planted violation was not named"; cat "$work/out.txt"; exit 1
  }
  echo "layers: the planted upward include and call are both reported"
  exit 0
fi
src=$1
objdir=$2
layers=(util source parse model rules report cli)
rank() {
  local i
  for i in "${!layers[@]}"; do
    [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }
  done
  echo -1
}
# a public header sits in the layer that implements it
header_layer() {
  case $1 in
  error.h) echo util ;;
  source.h) echo source ;;
  model.h | tenant.h) echo model ;;
  rules.h | diff.h | fix.h | users.h | prices.h) echo rules ;; # fix.h: the plan (rules) and the writers (report)
  report.h | rolecheck.h) echo report ;; # the umbrella: the whole library
  *) echo cli ;;
  esac
}
bad=0
checked=0
for layer in "${layers[@]}"; do
  r=$(rank "$layer")
  for f in "$src/analyzer/$layer"/*.[ch]; do
    [ -e "$f" ] || continue
    while IFS= read -r inc; do
      case $inc in
      rolecheck/*) to=$(header_layer "${inc#rolecheck/}") ;;
      */*) to=${inc%%/*} ;;
      *) continue ;;
      esac
      t=$(rank "$to")
      [ "$t" -lt 0 ] && continue
      checked=$((checked + 1))
      if [ "$t" -gt "$r" ]; then
        echo "FAIL ${f#"$src"/}: includes $inc ($to is above $layer)"
        bad=$((bad + 1))
      fi
    done < <(sed -n 's/^#include [<"]\([^>"]*\)[>"].*/\1/p' "$f")
  done
done
echo "includes: $checked checked"

# calls: which layer defines each rc_ symbol
declare -A defined_in
for layer in "${layers[@]}"; do
  for o in "$objdir/$layer"/*.o; do
    [ -e "$o" ] || continue
    while read -r sym; do
      defined_in[$sym]=$layer
    done < <(nm --defined-only -g "$o" | awk '$2 ~ /[TDBR]/ && $3 ~ /^rc_/ {print $3}')
  done
done
calls=0
for layer in "${layers[@]}"; do
  r=$(rank "$layer")
  for o in "$objdir/$layer"/*.o; do
    [ -e "$o" ] || continue
    while read -r sym; do
      to=${defined_in[$sym]:-}
      [ -n "$to" ] || continue
      calls=$((calls + 1))
      if [ "$(rank "$to")" -gt "$r" ]; then
        echo "FAIL $layer/$(basename "$o" .o): calls $sym, defined in $to"
        bad=$((bad + 1))
      fi
    done < <(nm -u "$o" | awk '$2 ~ /^rc_/ {print $2}')
  done
done
echo "calls: $calls checked"
[ "$bad" -eq 0 ] && echo "layers: no include or call goes up a layer"
exit $((bad > 0))
