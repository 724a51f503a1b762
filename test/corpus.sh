#!/usr/bin/env bash
# Every input of the real-export corpus is read, and `roles --format tsv`
# agrees with expected.tsv line for line (order included).
#   corpus.sh ROLECHECK CORPUS_DIR
set -euo pipefail
bin=$1
corpus=$2
cd "$corpus"
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dirs=(*/)
"$bin" roles --format tsv -q "${dirs[@]}" >"$tmp/got.tsv" 2>"$tmp/err" || {
  echo "rolecheck failed on the corpus:"; cat "$tmp/err"; exit 1; }
tail -n +2 expected.tsv >"$tmp/expected.tsv"
if ! diff -u "$tmp/expected.tsv" "$tmp/got.tsv"; then
  echo "roles --format tsv disagrees with expected.tsv"
  exit 1
fi
# every view reads every input without error
for view in "roles" "roles --format json" "matrix" "matrix --format csv" "matrix --format json"; do
  # shellcheck disable=SC2086
  "$bin" $view -q "${dirs[@]}" >/dev/null 2>"$tmp/err" || {
    echo "rolecheck $view failed:"; cat "$tmp/err"; exit 1; }
done
echo "corpus: $(wc -l <"$tmp/got.tsv") roles agree with expected.tsv"

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
