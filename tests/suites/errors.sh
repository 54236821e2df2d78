#!/bin/sh
# Errors suite: every directory in tests/errors/ is one bad input.
#   setup     shell commands run inside a fresh copy of tests/fixtures/mini
#             (the data folder) that break it in one way
#   args      the digindex command line (default: check); --data is appended
#             unless the line names DATA itself (then DATA is the copy's path,
#             e.g. "import --data DATA --edition 2025 --level land DATA/x.csv")
#   stdout    optional: where stdout goes instead of /dev/null (/dev/full)
#   expected  the exact stderr (the copy's path shown as DATA) and, last,
#             "exit status: N"
# DIGINDEX_GOLDEN_UPDATE=1 rewrites the expected files for review.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for case in tests/errors/*/; do
  name=$(basename "$case")
  data="$work/$name"
  mkdir -p "$data"
  cp -R tests/fixtures/mini/. "$data/"
  if [ -f "$case/setup" ]; then
    (cd "$data" && sh "$OLDPWD/$case/setup") || { echo "errors: $name: setup failed"; fail=$((fail + 1)); continue; }
  fi
  args=check
  [ -f "$case/args" ] && args=$(cat "$case/args")
  out=/dev/null
  [ -f "$case/stdout" ] && out=$(cat "$case/stdout")
  case "$args" in
    *DATA*)
      args=$(printf '%s\n' "$args" | sed "s|DATA|$data|g")
      # shellcheck disable=SC2086
      (cd "$data" && "$DIGINDEX" $args >"$out" 2>"$work/stderr") ;;
    *)
      # shellcheck disable=SC2086
      "$DIGINDEX" $args --data "$data" >"$out" 2>"$work/stderr" ;;
  esac
  status=$?
  actual=$(sed "s|$data|DATA|g" "$work/stderr"; echo "exit status: $status")
  if [ "${DIGINDEX_GOLDEN_UPDATE:-}" = 1 ]; then
    printf '%s\n' "$actual" > "$case/expected"
  fi
  if [ "$status" -ge 128 ] || grep -q "Sanitizer\|runtime error" "$work/stderr"; then
    echo "errors: $name: crashed (status $status)"
    cat "$work/stderr"
    fail=$((fail + 1))
  elif [ "$(printf '%s\n' "$actual")" = "$(cat "$case/expected" 2>/dev/null)" ]; then
    pass=$((pass + 1))
  else
    echo "errors: $name: unexpected output"
    printf '%s\n' "$actual" | diff -u "$case/expected" - | head -20
    fail=$((fail + 1))
  fi
done
echo "errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
