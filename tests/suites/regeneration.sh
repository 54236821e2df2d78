#!/bin/sh
# Regeneration suite: the yearly routine of docs/regeneration.md end to end —
# method changes in diff, imports that merge, GENESIS exports, frozen
# published editions, --restate and --only — on copies of the fixtures.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "regeneration: FAIL: $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok; else no "$1"; fi; }

# ---- method changes: tests/fixtures/method changes only the model ----------
# (I4 removed, I3 added, I1 normalised by goalposts; the data of I1 and I2 are
# the same in both editions), so the whole change is the method's: worked out
# by hand in tests/unit/test_compare.c.
"$DIGINDEX" diff --data tests/fixtures/method 2023 2025 > "$work/method.txt"
check "diff: an added and a removed indicator and a new normalisation are method" '[ $? -eq 0 ] && grep -q "+50.00 *+50.00 *+0.00 *+0.00  01 Aland" "$work/method.txt" && grep -q "\-56.25 *-56.25 *+0.00 *+0.00  02 Beland" "$work/method.txt" && grep -q "\-12.50 *-12.50 *+0.00 *+0.00  03 Celand" "$work/method.txt"'

echo "regeneration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
