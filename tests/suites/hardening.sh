#!/bin/sh
# Hardening suite (docs/hardening.md):
#   - atomic output: builds killed with SIGKILL at many points leave every
#     earlier out/<edition> byte for byte as it was (or, once published, the
#     complete new one), nothing visible but hidden staging folders, and the
#     next build removes those;
#   - a full disk, a read-only file system and a folder we may not write give
#     exit status 2 with a message and leave the previous output intact;
#   - hostile region names (../, /, quotes, right-to-left text, emoji, 200
#     characters) never make a path outside the output folder, and the build's
#     PDFs still pass qpdf --check.
# Rebuilds into an output that is already there pass --restate: a published
# edition is otherwise kept as it is (docs/regeneration.md).
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
skipped=""
n_skipped=0
# KEEP=1 keeps the work folder (and prints it) for a look after a failure.
work=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "work: $work"
chmod 755 "$work"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
# One binary for the whole suite, even if the build tree changes meanwhile.
cp "$DIGINDEX" "$work/digindex" && DIGINDEX="$work/digindex"
ok() { pass=$((pass + 1)); }
no() { echo "hardening: FAIL: $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok; else no "$1"; fi; }
skip() { skipped="$skipped
SKIP hardening: $1"; n_skipped=$((n_skipped + 1)); }

# sha256 of every file below $1, by relative path.
hashes() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }
# Entries of folder $1 that are not hidden staging folders of a build.
visible() { ls -A "$1" | grep -v '^\.[0-9]\{4\}\.\(tmp\|old\)-[0-9]*-\{0,1\}......$' | tr '\n' ' '; }

# ---- SIGKILL during a build ------------------------------------------------
out="$work/out"
"$DIGINDEX" build --data tests/fixtures/mini --out "$out" >/dev/null 2>&1
hashes "$out/2023" > "$work/old-2023"
hashes "$out/2025" > "$work/old-2025"
check "the fixture builds" '[ -s "$work/old-2025" ] && [ "$(visible "$out")" = "2023 2025 " ]'

# Starts `digindex build ARGS…`, kills it with SIGKILL after $1 seconds;
# prints "done" when the build had already finished.
kill_after() {
  t=$1
  shift
  "$DIGINDEX" build "$@" >/dev/null 2>&1 &
  pid=$!
  sleep "$t"
  if kill -KILL "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null; echo killed; else wait "$pid"; echo done; fi
}

# A much bigger build (2000 Gemeinden, about a minute) into the same folder.
"$DIGINDEX" sample --gemeinden 2000 --out "$work/gem" >/dev/null 2>&1
check "sample --gemeinden 2000 for the kill test" '[ -s "$work/gem/regions.json" ]'
for t in 0.05 0.3 1 2.5; do
  how=$(kill_after "$t" --data "$work/gem" --out "$out" --edition 2025 --restate)
  if [ "$how" = done ]; then
    skip "the Gemeinde build finished within ${t}s: nothing to kill"
    continue
  fi
  check "kill -9 after ${t}s: out/2025 unchanged" 'hashes "$out/2025" | cmp -s - "$work/old-2025"'
  check "kill -9 after ${t}s: out/2023 unchanged" 'hashes "$out/2023" | cmp -s - "$work/old-2023"'
  check "kill -9 after ${t}s: nothing visible but the editions" '[ "$(visible "$out")" = "2023 2025 " ]'
done

# The same around the moment of publishing: a changed fixture (new title, so
# the new output differs from the old) rebuilt and killed at points spread
# over its whole run. Each edition must then be exactly the old or exactly
# the new output.
cp -R tests/fixtures/mini "$work/mini2"
sed -i 's/"title": "Testindex 20\(2[35]\)"/"title": "Geänderter Testindex 20\1"/' \
  "$work/mini2/2023/model.json" "$work/mini2/2025/model.json"
"$DIGINDEX" build --data "$work/mini2" --out "$work/ref" >/dev/null 2>&1
hashes "$work/ref/2023" > "$work/new-2023"
hashes "$work/ref/2025" > "$work/new-2025"
check "the changed fixture builds to a different output" '! cmp -s "$work/old-2025" "$work/new-2025"'
start=$(date +%s%N)
"$DIGINDEX" build --data "$work/mini2" --out "$work/timing" >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
n_old=0
n_new=0
i=1
while [ $i -le 12 ]; do
  # Reset to the old output, then kill the rebuild at i/12 of its run time.
  rm -rf "$out" && "$DIGINDEX" build --data tests/fixtures/mini --out "$out" >/dev/null 2>&1
  t=$(awk "BEGIN { printf \"%.3f\", $ms * $i / 12 / 1000 }")
  kill_after "$t" --data "$work/mini2" --out "$out" --restate >/dev/null
  for ed in 2023 2025; do
    h=$(hashes "$out/$ed")
    if [ "$h" = "$(cat "$work/old-$ed")" ]; then n_old=$((n_old + 1))
    elif [ "$h" = "$(cat "$work/new-$ed")" ]; then n_new=$((n_new + 1))
    else no "kill -9 after ${t}s: out/$ed is neither the old nor the new output"; [ -n "${KEEP:-}" ] && printf "%s\n" "$h" > "$work/mixed-$ed-$i"; continue
    fi
    ok
  done
  check "kill -9 after ${t}s: nothing visible but the editions" '[ "$(visible "$out")" = "2023 2025 " ]'
  i=$((i + 1))
done
echo "hardening: kill -9 during a rebuild ($ms ms): $n_old editions old, $n_new new, none mixed"

# Leave staging folders behind on purpose, then build: they must be gone.
mkdir -p "$out/.2025.tmp-AAAAAA/pdf" "$out/.2023.old-BBBBBB"
: > "$out/.2025.tmp-AAAAAA/pdf/half.pdf"
"$DIGINDEX" build --data tests/fixtures/mini --out "$out" --restate >/dev/null 2>&1
check "the next build removes staging folders of killed runs" '[ "$(ls -A "$out" | tr "\n" " ")" = "2023 2025 " ]'
check "and publishes the complete output" 'hashes "$out/2025" | cmp -s - "$work/old-2025"'

# Two builds into the same folder at once: the second must not remove the
# first one's staging folder as if it were left by a killed run (the first
# would then publish a partial edition and still report success). Builds into
# one folder take turns (a lock on the folder): the second, started while the
# first runs, waits and publishes last.
files() { (cd "$1" && find . -type f | sort); }
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/solo" --edition 2025 >/dev/null 2>&1
files "$work/solo/2025" > "$work/solo-files"
"$DIGINDEX" build --out "$work/both" --edition 2025 >/dev/null 2>"$work/both-a.err" &
pid=$!
n=0
while [ $n -lt 300 ] && [ -z "$(find "$work/both" -path "*/.2025.tmp-*/*" -type f 2>/dev/null | head -1)" ]; do
  sleep 0.1
  n=$((n + 1))
done
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/both" --edition 2025 --restate >/dev/null 2>&1
rc_b=$?
wait "$pid"
rc_a=$?
check "two builds into one folder at once both succeed" '[ $rc_a -eq 0 ] && [ $rc_b -eq 0 ]'
check "two builds at once: the second waits and publishes last, complete" 'files "$work/both/2025" | cmp -s - "$work/solo-files"'
check "two builds at once: no staging folder is left" '[ "$(ls -A "$work/both" | tr "\n" " ")" = "2025 " ]'

# ---- writers at the same time (robustness round 2) --------------------------
# Each pair runs at once, ROUNDS times (at least 25). Writers of a data folder
# (import, sample, new-edition) take turns on its lock, builds into one output
# folder too; temporary files have unique names and only their creator
# removes them.
ROUNDS=${ROUNDS:-25}
[ "$ROUNDS" -ge 25 ] || ROUNDS=25
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
leftovers() { find "$1" -name '*.tmp*' | head -n 1; }

# Two imports into the same values file: one sets I1, the other I2 (import
# merges into the level). Without the lock one update would be lost; with a
# fixed temporary name the file could be made of two halves.
cp -R tests/fixtures/mini "$work/conc-import"
bad_import=0
r=0
while [ $r -lt "$ROUNDS" ]; do
  printf 'AGS;Indikator;Wert\n01;I1;%d\n02;I1;%d\n' $((r + 10)) $((r + 20)) > "$work/ci-a.csv"
  printf 'AGS;Indikator;Wert\n01;I2;%d\n02;I2;%d\n' $((r + 30)) $((r + 40)) > "$work/ci-b.csv"
  "$DIGINDEX" import --data "$work/conc-import" --edition 2025 --level land "$work/ci-a.csv" 2>"$work/ci-a.err" &
  pa=$!
  "$DIGINDEX" import --data "$work/conc-import" --edition 2025 --level land "$work/ci-b.csv" 2>"$work/ci-b.err" &
  pb=$!
  wait $pa; ra=$?
  wait $pb; rb=$?
  f="$work/conc-import/2025/values-land.json"
  if [ $ra -ne 0 ] || [ $rb -ne 0 ] || ! json_ok "$f" ||
     ! python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["values"]; r=int(sys.argv[2]); sys.exit(0 if (v["01"]["I1"], v["02"]["I1"], v["01"]["I2"], v["02"]["I2"]) == (r+10, r+20, r+30, r+40) else 1)' "$f" "$r" ||
     [ -n "$(leftovers "$work/conc-import")" ]; then
    bad_import=$((bad_import + 1))
    [ $bad_import -eq 1 ] && cat "$work/ci-a.err" "$work/ci-b.err"
  fi
  r=$((r + 1))
done
check "two imports at once, $ROUNDS rounds: both succeed, both updates kept, valid JSON, no temporary file left" '[ $bad_import -eq 0 ]'
check "two imports at once: the data folder passes check" '"$DIGINDEX" check --data "$work/conc-import" 2>/dev/null'

# Two new-edition runs for the same year: exactly one creates it, the other
# says it exists; never a success report for a folder the other one removed.
cp -R tests/fixtures/mini "$work/conc-edition"
bad_edition=0
r=0
while [ $r -lt "$ROUNDS" ]; do
  y=$((2026 + r))
  "$DIGINDEX" new-edition --data "$work/conc-edition" $y >/dev/null 2>"$work/ce-a.err" &
  pa=$!
  "$DIGINDEX" new-edition --data "$work/conc-edition" $y >/dev/null 2>"$work/ce-b.err" &
  pb=$!
  wait $pa; ra=$?
  wait $pb; rb=$?
  ok_pair=0
  if [ $ra -eq 0 ] && [ $rb -eq 2 ] && grep -q "edition $y exists already" "$work/ce-b.err"; then ok_pair=1; fi
  if [ $rb -eq 0 ] && [ $ra -eq 2 ] && grep -q "edition $y exists already" "$work/ce-a.err"; then ok_pair=1; fi
  if [ $ok_pair -ne 1 ] || ! json_ok "$work/conc-edition/$y/model.json" ||
     [ -n "$(leftovers "$work/conc-edition")" ]; then
    bad_edition=$((bad_edition + 1))
    [ $bad_edition -eq 1 ] && echo "rc $ra $rb" && cat "$work/ce-a.err" "$work/ce-b.err"
  fi
  r=$((r + 1))
done
check "two new-edition runs at once, $ROUNDS rounds: one creates the edition, the other says it exists, no temporary folder left" '[ $bad_edition -eq 0 ]'

# Two sample runs over the same data folder: every values file is complete
# and byte for byte what one run alone writes.
cp -R data "$work/conc-sample"
"$DIGINDEX" sample --data "$work/conc-sample" >/dev/null 2>&1
hashes "$work/conc-sample" > "$work/cs-solo"
bad_sample=0
r=0
while [ $r -lt "$ROUNDS" ]; do
  "$DIGINDEX" sample --data "$work/conc-sample" >/dev/null 2>&1 &
  pa=$!
  "$DIGINDEX" sample --data "$work/conc-sample" >/dev/null 2>&1 &
  pb=$!
  wait $pa; ra=$?
  wait $pb; rb=$?
  if [ $ra -ne 0 ] || [ $rb -ne 0 ] || ! hashes "$work/conc-sample" | cmp -s - "$work/cs-solo"; then
    bad_sample=$((bad_sample + 1))
  fi
  r=$((r + 1))
done
check "two sample runs at once, $ROUNDS rounds: both succeed, every file as one run writes it" '[ $bad_sample -eq 0 ]'

# A full rebuild and an --only build of the same edition at once, both from
# changed data ($work/mini2: other titles) over an output of the original.
# Without the lock the --only build could publish the old output plus its
# one region after the full build had published, silently undoing it. With
# it they take turns: either order leaves Land 03 (not in the --only list) as
# the changed data make it, and the edition matches its manifest (exactly the
# files there, with their hashes). The --only build renders most regions on
# one thread, the full build uses two, so that they overlap: with the lock
# taken out of publish.c, 23 of 25 rounds undid the full build.
"$DIGINDEX" build --data "$work/mini2" --out "$work/conc-ref" --edition 2025 --jobs 1 >/dev/null 2>&1
manifest_ok() {
  python3 - "$1" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
listed = {o["path"]: o["sha256"] for o in m["outputs"]}
there = set()
for root, _, files in os.walk(d):
    for f in files:
        p = os.path.relpath(os.path.join(root, f), d)
        if p != "manifest.json":
            there.add(p)
if there != set(listed):
    sys.exit(1)
for p, h in listed.items():
    if hashlib.sha256(open(os.path.join(d, p), "rb").read()).hexdigest() != h:
        sys.exit(1)
PY
}
bad_build=0
r=0
while [ $r -lt "$ROUNDS" ]; do
  "$DIGINDEX" build --data tests/fixtures/mini --out "$work/conc-build" --edition 2025 --restate --jobs 1 >/dev/null 2>&1
  "$DIGINDEX" build --data "$work/mini2" --out "$work/conc-build" --edition 2025 --restate --jobs 2 >/dev/null 2>"$work/cb-a.err" &
  pa=$!
  "$DIGINDEX" build --data "$work/mini2" --out "$work/conc-build" --edition 2025 --restate --only 01+,02,04+ --jobs 1 >/dev/null 2>"$work/cb-b.err" &
  pb=$!
  wait $pa; ra=$?
  wait $pb; rb=$?
  if [ $ra -ne 0 ] || [ $rb -ne 0 ] || ! manifest_ok "$work/conc-build/2025" ||
     ! cmp -s "$work/conc-build/2025/pdf/03-suedland.pdf" "$work/conc-ref/2025/pdf/03-suedland.pdf" ||
     [ "$(ls -A "$work/conc-build" | tr '\n' ' ')" != "2025 " ]; then
    bad_build=$((bad_build + 1))
    [ $bad_build -eq 1 ] && cat "$work/cb-a.err" "$work/cb-b.err"
  fi
  r=$((r + 1))
done
check "a full and an --only build of one edition at once, $ROUNDS rounds: both succeed, neither undoes the other, the edition matches its manifest" '[ $bad_build -eq 0 ]'

# ---- full disk, read-only file system, no permission ------------------------
# A small tmpfs in a private mount namespace (root only; skipped elsewhere).
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  mkdir -p "$work/mnt"
  cat > "$work/fs.sh" <<'EOF'
set -u
mnt=$1; digindex=$2; work=$3
hashes() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }
mount -t tmpfs -o size=256k tmpfs "$mnt" || exit 99
"$digindex" build --data tests/fixtures/mini --out "$mnt/out" 2>"$work/full.err"
echo "full-first $? $(ls -A "$mnt/out" 2>/dev/null | tr '\n' ' ')"
umount "$mnt"
# Room for one build (about 3.1 MB since the charts have a small-screen
# drawing too) but not for a restated edition staged beside it.
mount -t tmpfs -o size=4m tmpfs "$mnt"
"$digindex" build --data tests/fixtures/mini --out "$mnt/out" >/dev/null 2>&1
echo "full-fits $?"
hashes "$mnt/out" > "$work/fs-before"
"$digindex" build --data "$work/mini2" --out "$mnt/out" --restate 2>"$work/full2.err"
echo "full-second $? $(ls -A "$mnt/out" | tr '\n' ' ')"
hashes "$mnt/out" > "$work/fs-after"
# Read-only: the earlier output stays readable, a rebuild is refused.
mount -o remount,ro "$mnt"
"$digindex" build --data "$work/mini2" --out "$mnt/out" --restate 2>"$work/ro.err"
echo "ro-rebuild $?"
hashes "$mnt/out" > "$work/fs-ro"
"$digindex" build --data tests/fixtures/mini --out "$mnt/new" 2>"$work/ro2.err"
echo "ro-new $?"
umount "$mnt"
# A data folder on a full disk: import says so (not "permissions") and
# leaves the values file as it was, with no temporary file beside it.
mount -t tmpfs -o size=64k tmpfs "$mnt"
cp -R tests/fixtures/mini "$mnt/data"
hashes "$mnt/data" > "$work/imp-before"
dd if=/dev/zero of="$mnt/fill" bs=4k count=100 2>/dev/null
printf 'AGS;I1;I2;I3\n01;1;2;3\n02;4;5;6\n03;7;8;9\n04;1;2;3\n' > "$work/imp-big.csv"
"$digindex" import --data "$mnt/data" --edition 2025 --level land "$work/imp-big.csv" 2>"$work/imp-full.err"
echo "import-full $?"
hashes "$mnt/data" > "$work/imp-after"
find "$mnt/data" -name '*.tmp*' > "$work/imp-left"
umount "$mnt"
EOF
  unshare -m sh "$work/fs.sh" "$work/mnt" "$DIGINDEX" "$work" > "$work/fs.out" 2>&1
  if grep -q "^full-first" "$work/fs.out"; then
    r() { sed -n "s/^$1 //p" "$work/fs.out"; }
    check "full disk: exit 2" '[ "$(r full-first | cut -d" " -f1)" = 2 ]'
    check "full disk: the message says so and what to do" 'grep -q "No space left on device" "$work/full.err" && grep -q "hint: free disk space" "$work/full.err"'
    check "full disk: no partial edition and no staging folder left" '[ -z "$(r full-first | cut -d" " -f2-)" ]'
    check "full disk on a rebuild: exit 2" '[ "$(r full-fits)" = 0 ] && [ "$(r full-second | cut -d" " -f1)" = 2 ]'
    check "full disk on a rebuild: the previous output is intact" 'cmp -s "$work/fs-before" "$work/fs-after" && [ "$(r full-second | cut -d" " -f2-)" = "2023 2025 " ]'
    check "read-only file system: a rebuild exits 2 with a message" '[ "$(r ro-rebuild)" = 2 ] && grep -q "Read-only file system" "$work/ro.err" && grep -q "hint: make the output folder writable" "$work/ro.err"'
    check "read-only file system: the previous output is intact" 'cmp -s "$work/fs-before" "$work/fs-ro"'
    check "read-only file system: a new output folder exits 2" '[ "$(r ro-new)" = 2 ] && grep -q "cannot create the output folder: Read-only file system" "$work/ro2.err"'
    check "full disk on import: exit 2, says the disk is full" '[ "$(r import-full)" = 2 ] && grep -q "No space left on device" "$work/imp-full.err" && grep -q "hint: the disk is full" "$work/imp-full.err" && ! grep -q "permission" "$work/imp-full.err"'
    check "full disk on import: the values file as it was, no temporary file left" 'cmp -s "$work/imp-before" "$work/imp-after" && [ ! -s "$work/imp-left" ]'
  else
    skip "no tmpfs in a private mount namespace: full disk and read-only not tested ($(head -1 "$work/fs.out"))"
  fi
else
  skip "not root or no unshare -m: full disk and read-only file system not tested"
fi

# A folder we may not write: as root, drop to nobody for the attempt.
mkdir -p "$work/locked/out"
cp -R tests/fixtures/mini "$work/mini-copy" && chmod -R a+rX "$work/mini-copy"
"$DIGINDEX" build --data "$work/mini-copy" --out "$work/locked/out" >/dev/null 2>&1
hashes "$work/locked/out" > "$work/locked-before"
chmod 555 "$work/locked" "$work/locked/out"
as_user=""
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null 2>&1; then
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
  fi
fi
if [ "$(id -u)" != 0 ] || [ -n "$as_user" ]; then
  $as_user "$DIGINDEX" build --data "$work/mini-copy" --out "$work/locked/out" --restate 2>"$work/locked.err"
  rc=$?
  check "an output folder without write permission: exit 2 with a message" '[ $rc -eq 2 ] && grep -q "Permission denied" "$work/locked.err" && grep -q "hint: make the output folder writable" "$work/locked.err"'
  check "an output folder without write permission: the previous output is intact" 'hashes "$work/locked/out" | cmp -s - "$work/locked-before"'
else
  skip "root without setpriv: write permission not tested"
fi
chmod 755 "$work/locked" "$work/locked/out"
: > "$work/plainfile"
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/plainfile/out" 2>"$work/nf.err"
check "an output path below a regular file: exit 2 with a message" '[ $? -eq 2 ] && grep -q "cannot create the output folder: Not a directory" "$work/nf.err"'

# ---- hostile region names ---------------------------------------------------
host="$work/hostile"
cp -R tests/fixtures/mini "$host"
long=$(printf 'Sehr%.0s' $(seq 1 49))lang   # 200 characters
cat > "$host/regions.json" <<'JSON'
{"regions": [
 {"ags": "01", "name": "../../x", "level": "land", "group": "flaechenland", "population": 400, "area_km2": 1000},
 {"ags": "01001", "name": "a/b/../../../etc/passwd", "level": "kreis", "kind": "kreisfreie Stadt", "population": 100, "area_km2": 50},
 {"ags": "01002", "name": "LONGNAME", "level": "kreis", "kind": "Landkreis", "population": 300, "area_km2": 950},
 {"ags": "02", "name": "مدينة الميناء الحرة", "level": "land", "group": "stadtstaat", "population": 1000, "area_km2": 700},
 {"ags": "02000", "name": "עיר הנמל \u202eevil\u202c", "level": "kreis", "kind": "kreisfreie Stadt", "population": 1000, "area_km2": 700},
 {"ags": "03", "name": "\"Südland\" <b>&amp;</b> 'quoted' `x` $(rm -rf /)", "level": "land", "group": "flaechenland", "population": 400, "area_km2": 3000},
 {"ags": "03001", "name": "Bergstadt 🚀🇩🇪 ✓", "level": "kreis", "kind": "kreisfreie Stadt", "population": 200, "area_km2": 100},
 {"ags": "03002", "name": "..", "level": "kreis", "kind": "Landkreis", "population": 200, "area_km2": 2900},
 {"ags": "04", "name": ".", "level": "land", "group": "stadtstaat", "population": 500, "area_km2": 400},
 {"ags": "04011", "name": "C:\\Windows\\..\\x ; | * ? %s %n", "level": "kreis", "kind": "kreisfreie Stadt", "population": 500, "area_km2": 400}
]}
JSON
sed -i "s/LONGNAME/$long/" "$host/regions.json"
tree() { find "$work" -path "$work/hostile-out" -prune -o -path "$work/tree-*" -prune -o -print | sort; }
tree > "$work/tree-before"
"$DIGINDEX" build --data "$host" --out "$work/hostile-out" 2>"$work/hostile.err"
rc=$?
check "a fixture with hostile names builds" '[ $rc -eq 0 ]' || cat "$work/hostile.err"
tree | grep -vx "$work/hostile.err" > "$work/tree-after"
check "nothing was written outside the output folder" 'grep -vx "$work/hostile.err" "$work/tree-before" | cmp -s - "$work/tree-after"'
check "every output path is plain ASCII: A-Z a-z 0-9 . - _ /" '[ -z "$(cd "$work/hostile-out" && find . | grep -v "^\.[A-Za-z0-9._/-]*$")" ]'
check "no output file name is longer than 100 bytes" '[ -z "$(cd "$work/hostile-out" && find . -name "?????????????????????????????????????????????????????????????????????????????????????????????????????*")" ]'
check "a briefing per region: 10 PDFs with AGS-led names" '[ "$(ls "$work/hostile-out/2025/pdf" | grep -c "^[0-9]\{2,5\}-[a-z0-9-]*\.pdf$")" -eq 10 ]'
check "names that slug to nothing get a stand-in" '[ -f "$work/hostile-out/2025/pdf/04-region.pdf" ] && [ -f "$work/hostile-out/2025/pdf/03002-region.pdf" ]'
check "the 200-character name gives a short file name" '[ -n "$(ls "$work/hostile-out/2025/pdf" | grep "^01002-sehr")" ] && [ "$(ls "$work/hostile-out/2025/pdf" | grep "^01002-" | wc -c)" -le 72 ]'
if command -v qpdf >/dev/null 2>&1; then
  bad=""
  for f in "$work"/hostile-out/*/pdf/*.pdf "$work"/hostile-out/*/gesamtbericht.pdf; do
    qpdf --check "$f" >/dev/null 2>&1 || bad="$bad $(basename "$f")"
  done
  check "every PDF of the hostile build passes qpdf --check" '[ -z "$bad" ]' || echo "hardening: qpdf failed:$bad"
else
  skip "no qpdf: PDFs of the hostile build not checked"
fi
page=$(ls "$work"/hostile-out/2025/laender/03-*.html 2>/dev/null | head -1)
check "HTML escapes the names" '[ -n "$page" ] && grep -q "&lt;b&gt;&amp;amp;&lt;/b&gt;" "$page" && ! grep -q "<b>&amp;</b>" "$page"'
check "the CSV keeps the names as text" 'grep -q "مدينة الميناء الحرة" "$work/hostile-out/2025/downloads/scores.csv"'
# An AGS can never carry a path: the loader wants digits of the level's length.
cp -R tests/fixtures/mini "$work/badags"
sed -i 's|"ags": "04011"|"ags": "../.."|' "$work/badags/regions.json"
"$DIGINDEX" check --data "$work/badags" 2>"$work/badags.err"
check "an AGS like ../.. is an error" '[ $? -eq 1 ] && grep -q "AGS \"../..\" is not 5 digits" "$work/badags.err"'

[ -n "$skipped" ] && echo "$skipped" | sed '/^$/d'
echo "hardening: $pass passed, $fail failed, $n_skipped skipped"
[ "$fail" -eq 0 ]
