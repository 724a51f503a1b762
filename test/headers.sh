#!/usr/bin/env bash
# Every public header compiles on its own, as the first and only include,
# under strict C17 (libgit2's headertest).
#   headers.sh CC INCLUDE_DIR WORKDIR
set -euo pipefail
cc=$1
inc=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
n=0
for h in "$inc"/rolecheck/*.h; do
  name=$(basename "$h" .h)
  printf '#include <rolecheck/%s.h>\nint rc_headertest_%s(void);\nint rc_headertest_%s(void) { return 0; }\n' \
    "$name" "$name" "$name" >"$work/$name.c"
  "$cc" -std=c17 -Wall -Wextra -pedantic -Werror -Wstrict-prototypes \
    -Wmissing-prototypes -I"$inc" -c "$work/$name.c" -o "$work/$name.o" || {
    echo "FAIL: rolecheck/$name.h does not compile on its own"
    exit 1
  }
  n=$((n + 1))
done
[ "$n" -ge 7 ] || { echo "FAIL: only $n headers"; exit 1; }
echo "headers: $n compile on their own with -std=c17 -Wall -Wextra -pedantic -Werror"
