#!/bin/sh
# Make suite: the first `make` on a bare machine must install the packages
# before anything asks pkg-config for compiler flags (otherwise the first
# `make run` fails with "cairo.h: No such file or directory").
# A logging pkg-config comes first in PATH and DEPS is a logging stand-in for
# .ci/deps; `make -n` runs only the lines that start make again, so nothing
# is built. Last line: "make: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "make: FAIL: $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok; else no "$1"; fi; }
# The suite may run under `make test`: start a fresh make, not a sub-make.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKE_TERMINATE MAKEOVERRIDES DIGINDEX_DEPS_DONE
real_pc=$(command -v pkg-config)
mkdir -p "$work/bin"
cat > "$work/bin/pkg-config" <<EOS
#!/bin/sh
echo "pkg-config \$*" >> "$work/log"
exec "$real_pc" "\$@"
EOS
cat > "$work/deps" <<EOS
#!/bin/sh
echo "deps \$*" >> "$work/log"
exit \${DEPS_STATUS:-0}
EOS
chmod +x "$work/bin/pkg-config" "$work/deps"

for goal in all run test check; do
  : > "$work/log"
  PATH="$work/bin:$PATH" make -n DEPS="sh $work/deps" "$goal" >/dev/null 2>"$work/err"
  check "make -n $goal: .ci/deps runs first" '[ "$(head -n 1 "$work/log")" = "deps build" ]'
  check "make -n $goal: then the flags come from pkg-config" 'grep -q "^pkg-config --cflags" "$work/log"'
  first_pc=$(grep -n "^pkg-config" "$work/log" | head -n 1 | cut -d: -f1)
  last_deps=$(grep -n "^deps" "$work/log" | tail -n 1 | cut -d: -f1)
  check "make -n $goal: no pkg-config call before the last .ci/deps step" \
    '[ -n "$first_pc" ] && [ -n "$last_deps" ] && [ "$first_pc" -gt "$last_deps" ]'
done
: > "$work/log"
PATH="$work/bin:$PATH" make -n DEPS="sh $work/deps" test >/dev/null 2>&1
check "make test: the test packages (and the locale) come after the build packages" \
  '[ "$(grep "^deps" "$work/log" | tr "\n" " ")" = "deps build deps test " ]'

# When .ci/deps cannot install (not root), make stops before any pkg-config.
: > "$work/log"
PATH="$work/bin:$PATH" DEPS_STATUS=2 make DEPS="sh $work/deps" run >/dev/null 2>&1
rc=$?
check "missing packages: make run stops with the status of .ci/deps" '[ $rc -ne 0 ]'
check "missing packages: pkg-config is never asked" '! grep -q "^pkg-config" "$work/log"'

echo "make: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
