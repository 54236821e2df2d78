#!/bin/sh
# Golden suite: `digindex scores` on tests/fixtures/mini, compared byte for
# byte with tests/golden/mini/. DIGINDEX_GOLDEN_UPDATE=1 rewrites them.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for spec in "2025 land json" "2025 land csv" "2025 kreis json" "2025 kreis csv" "2023 land json"; do
  set -- $spec
  golden="tests/golden/mini/scores-$1-$2.$3"
  "$DIGINDEX" scores --data tests/fixtures/mini --edition "$1" --level "$2" --format "$3" >"$tmp" 2>&1
  [ "${DIGINDEX_GOLDEN_UPDATE:-}" = 1 ] && cp "$tmp" "$golden"
  if cmp -s "$tmp" "$golden"; then
    pass=$((pass + 1))
  else
    echo "golden: $golden differs:"
    diff "$golden" "$tmp" | head -10
    fail=$((fail + 1))
  fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
