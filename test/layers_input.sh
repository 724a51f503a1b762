#!/usr/bin/env bash
# The input layers point one way (docs/internals/LAYERS-INPUT.md):
# util -> source -> parse -> model, each file including only its own layer
# or one below it. Inside source/ the back-ends build on source.c and only
# inputs.c opens them; inside model/ loader.c is the bottom, the document
# kinds (load_*.c) build on it and not on each other, and only the router
# load.c sits on top of them.
# (test/layers.sh checks the one-way rule for every layer, by includes and
# by calls; this adds the rules inside source/ and model/.)
#   layers_input.sh ANALYZER_DIR
set -uo pipefail
cd "$1" || exit 1
failures=0
passed=0

ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }

# rank WHAT: a layer's place in the order (analyzer folders and the public
# headers that belong to them; the umbrella header names every layer)
rank() {
  case $1 in
  util | rolecheck/error.h) echo 0 ;;
  source | rolecheck/source.h) echo 1 ;;
  parse) echo 2 ;;
  model | rolecheck/model.h | rolecheck/tenant.h) echo 3 ;;
  rules | rolecheck/rules.h | rolecheck/diff.h | rolecheck/fix.h) echo 4 ;;
  report | rolecheck/report.h) echo 5 ;;
  *) echo 6 ;;
  esac
}

# includes FILE: the project headers FILE includes, one a line
includes() {
  sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1"
}

for layer in util source parse model; do
  own=$(rank "$layer")
  for f in "$layer"/*.c "$layer"/*.h; do
    for h in $(includes "$f"); do
      case $h in
      rolecheck/*) what=$h ;;
      */*) what=${h%%/*} ;;
      *) continue ;;
      esac
      if [ "$(rank "$what")" -gt "$own" ]; then
        bad "$f includes $h, a layer above $layer"
      else
        ok
      fi
    done
  done
done

# source/: the base and the back-ends never reach the dispatcher
for f in source/source.c source/source.h source/source_zip.c \
  source/source_dir.c; do
  if includes "$f" | grep -x 'source/inputs.h' >/dev/null; then
    bad "$f includes source/inputs.h: the back-ends build on source.c only"
  else
    ok
  fi
done

# model/: the loader's shared state at the bottom, the router on top
for f in model/*.c model/*.h; do
  base=${f#model/}
  base=${base%.*}
  for h in $(includes "$f" | grep '^model/load'); do
    hb=${h#model/}
    hb=${hb%.h}
    case $base in
    load) ok ;; # the router may use every document kind
    loader) [ "$hb" = loader ] && ok || bad "$f includes $h: loader.c calls up" ;;
    load_*) [ "$hb" = loader ] || [ "$hb" = "$base" ] && ok ||
      bad "$f includes $h: a document kind builds on loader.h alone" ;;
    *) bad "$f includes $h: the model core never calls the loader" ;;
    esac
  done
done

echo "layers: $passed checks passed, $failures failed"
[ "$failures" -eq 0 ]
