#!/bin/sh
# JSON suite: conformance of digindex's JSON input (tests/json/README.md).
#   n_*  rejected with exit 1 and a file:line:col: error: message
#   y_*  parsed (wrapped in {"v": …} when the top level is not an object),
#        except the deliberate deviations in tests/json/deviations
#   i_*  as fixed in tests/json/i_expected
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
no() { echo "json: FAIL: $1"; fail=$((fail + 1)); }
crashed() { [ "$1" -ge 128 ] || grep -q "Sanitizer\|runtime error" "$work/err"; }

data="$work/data"
cp -R tests/fixtures/mini "$data"
values="$data/2025/values-land.json"
syntax_re="^digindex: $values:[0-9][0-9]*:[0-9][0-9]*: error: "

# Rejected: exit 1 and a syntax error with line and column.
must_reject() { # FILE
  cp "$1" "$values"
  "$DIGINDEX" check --data "$data" >/dev/null 2>"$work/err"
  rc=$?
  if crashed $rc; then no "$(basename "$1"): crashed (status $rc)"; cat "$work/err"; return; fi
  if [ $rc -eq 1 ] && grep -q "$syntax_re" "$work/err"; then
    pass=$((pass + 1))
  else
    no "$(basename "$1"): expected exit 1 with file:line:col: error:, got $rc: $(head -1 "$work/err")"
  fi
}

# Parsed: the template command loads any JSON object as a context.
must_parse() { # FILE
  "$DIGINDEX" template /dev/null "$1" >/dev/null 2>"$work/err"
  rc=$?
  if crashed $rc; then no "$(basename "$1"): crashed (status $rc)"; cat "$work/err"; return; fi
  if [ $rc -eq 0 ]; then pass=$((pass + 1)); return; fi
  # Not an object at the top: the contract says no; the JSON itself must parse.
  if [ $rc -eq 1 ] && grep -q ": error: expected an object, got\|: error: '\[' or '{' expected near" "$work/err"; then
    { printf '{"v":'; cat "$1"; printf '}'; } > "$work/wrapped.json"
    "$DIGINDEX" template /dev/null "$work/wrapped.json" >/dev/null 2>"$work/err"
    rc=$?
    if [ $rc -eq 0 ]; then pass=$((pass + 1)); return; fi
  fi
  no "$(basename "$1"): expected to parse, got $rc: $(head -1 "$work/err")"
}

for f in tests/json/*/n_*.json; do must_reject "$f"; done
for f in tests/json/*/y_*.json; do
  if grep -qx "$(basename "$f")" tests/json/deviations; then must_reject "$f"; else must_parse "$f"; fi
done
for f in tests/json/*/i_*.json; do
  want=$(sed -n "s/^$(basename "$f" | sed 's/[.[\*^$/]/\\&/g') //p" tests/json/i_expected)
  case "$want" in
    accept) must_parse "$f" ;;
    reject) must_reject "$f" ;;
    *) no "$(basename "$f"): not listed in tests/json/i_expected" ;;
  esac
done
# Every listed case exists (a rename must not silently drop a test).
for n in $(grep -v '^#' tests/json/deviations) $(grep -v '^#' tests/json/i_expected | cut -d' ' -f1); do
  [ -f "tests/json/jsontestsuite/$n" ] || [ -f "tests/json/digindex/$n" ] || no "$n is listed but missing"
done

echo "json: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
