#!/bin/sh
# Edition suite: the yearly regeneration commands end to end — import,
# new-edition, diff — on copies of the fixtures and the bundled data.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "edition: FAIL: $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok; else no "$1"; fi; }

check "import --help" '"$DIGINDEX" import --help | grep -q "usage: digindex import"'
check "new-edition --help" '"$DIGINDEX" new-edition --help | grep -q "usage: digindex new-edition"'
check "diff --help" '"$DIGINDEX" diff --help | grep -q "usage: digindex diff"'
check "--help lists the new commands" '"$DIGINDEX" --help | grep -q "new-edition" && "$DIGINDEX" --help | grep -q "import" && "$DIGINDEX" --help | grep -q "diff"'

# Round trip: every edition and level of the bundled data exported with
# `digindex scores` and imported back gives the same scores, byte for byte.
cp -R data "$work/data"
rt=0
for y in 2023 2025; do
  for l in land kreis; do
    "$DIGINDEX" scores --data data --edition $y --level $l > "$work/$l$y.csv"
    "$DIGINDEX" import --data "$work/data" --edition $y --level $l "$work/$l$y.csv" 2>"$work/imp.err" || rt=1
    grep -q ": warning:\|: error:" "$work/imp.err" && rt=1
  done
done
check "import of scores.csv is silent and succeeds" '[ $rt -eq 0 ]'
same=0
for y in 2023 2025; do
  for l in land kreis; do
    "$DIGINDEX" scores --data data --edition $y --level $l --format json > "$work/a.json"
    "$DIGINDEX" scores --data "$work/data" --edition $y --level $l --format json > "$work/b.json"
    cmp -s "$work/a.json" "$work/b.json" || same=1
  done
done
check "the imported data score exactly like the original" '[ $same -eq 0 ]'
check "the imported data pass check without warnings" '"$DIGINDEX" check --data "$work/data" 2>"$work/c.err" && ! grep -q ": warning:" "$work/c.err"'

# Bad input: every cell reported as file:row:col, nothing written.
cp -R tests/fixtures/mini "$work/mini"
cp "$work/mini/2025/values-land.json" "$work/before.json"
printf 'AGS;Indikator;Wert\n01;I1;80\n01;I2;9x\n77;I1;5\n02;I8;1\n' > "$work/bad.csv"
"$DIGINDEX" import --data "$work/mini" --edition 2025 --level land "$work/bad.csv" 2>"$work/bad.err"
check "a bad file exits 1" '[ $? -eq 1 ]'
check "an unreadable cell is reported as file:row:col" 'grep -q "bad.csv:3:3: error: cannot read \"9x\" as a number" "$work/bad.err"'
check "an unknown AGS is reported as file:row:col" 'grep -q "bad.csv:4:1: error: AGS 77 is not in regions.json" "$work/bad.err"'
check "an unknown indicator is reported as file:row:col" 'grep -q "bad.csv:5:2: error: unknown indicator id \"I8\"" "$work/bad.err"'
check "the summary says nothing was written" 'grep -q "3 errors; nothing was written" "$work/bad.err"'
check "a failed import leaves the values file as it was" 'cmp -s "$work/before.json" "$work/mini/2025/values-land.json" && [ ! -e "$work/mini/2025/values-land.json.tmp" ]'
"$DIGINDEX" import --data "$work/mini" --edition 2031 --level land "$work/bad.csv" 2>/dev/null
check "import into a missing edition exits 2" '[ $? -eq 2 ]'
"$DIGINDEX" import --data "$work/mini" --edition 2025 "$work/bad.csv" 2>/dev/null
check "import without --level exits 2" '[ $? -eq 2 ]'

# Windows-1252 as German Excel writes it, long form with German headers.
printf 'AGS;Name;Indikator;Wert\r\n01;Nordland;I1;80,5\r\n01;Nordland;I2;5\r\n01;Nordland;I3;100\r\n02;Freie Stadt Elbhafen;I1;100\r\n02;Freie Stadt Elbhafen;I2;1\r\n02;Freie Stadt Elbhafen;I3;150\r\n03;S\374dland;I1;60\r\n03;S\374dland;I2;9\r\n03;S\374dland;I3;50\r\n04;Weserstadt;I1;90\r\n04;Weserstadt;I2;2\r\n04;Weserstadt;I3;\r\n' > "$work/cp1252.csv"
"$DIGINDEX" import --data "$work/mini" --edition 2025 --level land "$work/cp1252.csv" 2>"$work/cp.err"
check "a Windows-1252 long-form file imports" '[ $? -eq 0 ] && grep -q "\"01\":{\"I1\":80.5,\"I2\":5,\"I3\":100}" "$work/mini/2025/values-land.json" && grep -q "\"04\":{\"I1\":90,\"I2\":2,\"I3\":null}" "$work/mini/2025/values-land.json"'

# new-edition: copy of the newest model, deterministic date, no values.
cp -R tests/fixtures/mini "$work/ne"
"$DIGINDEX" new-edition --data "$work/ne" 2027 2>"$work/ne.err"
check "new-edition exits 0 and says where it wrote" '[ $? -eq 0 ] && grep -q "2027/model.json" "$work/ne.err" && grep -q "2027-06-30" "$work/ne.err"'
m="$work/ne/2027/model.json"
check "the new model has edition, previous_edition, published and title" 'grep -q "\"edition\": 2027," "$m" && grep -q "\"previous_edition\": 2025," "$m" && grep -q "\"published\": \"2027-06-30\"" "$m" && grep -q "\"title\": \"Testindex 2027\"" "$m" && grep -q "\"status\": \"sample\"" "$m"'
check "the trees are copied byte for byte" '[ "$(sed 1,6d tests/fixtures/mini/2025/model.json | cksum)" = "$(sed 1,6d "$m" | cksum)" ]'
check "no values files are written" '[ "$(ls "$work/ne/2027")" = "model.json" ]'
check "no staging folder is left" '[ -z "$(ls -A "$work/ne" | grep "^\.")" ]'
"$DIGINDEX" new-edition --data "$work/ne" 2027 2>/dev/null
check "new-edition refuses an existing year" '[ $? -eq 2 ]'
"$DIGINDEX" new-edition --data "$work/ne" 2026 2>/dev/null
check "new-edition refuses a year that is not newer" '[ $? -eq 2 ]'
"$DIGINDEX" new-edition --data "$work/ne" 20x7 2>/dev/null
check "new-edition refuses a malformed year" '[ $? -eq 2 ]'
"$DIGINDEX" check --data "$work/ne" 2>/dev/null
check "until imported, the new edition fails check" '[ $? -eq 1 ]'
"$DIGINDEX" scores --data tests/fixtures/mini --level land > "$work/l.csv"
"$DIGINDEX" scores --data tests/fixtures/mini --level kreis > "$work/k.csv"
"$DIGINDEX" import --data "$work/ne" --edition 2027 --level land "$work/l.csv" 2>/dev/null &&
  "$DIGINDEX" import --data "$work/ne" --edition 2027 --level kreis "$work/k.csv" 2>/dev/null
check "import fills the new edition; then check passes" '[ $? -eq 0 ] && "$DIGINDEX" check --data "$work/ne" 2>/dev/null'
"$DIGINDEX" diff --data "$work/ne" 2025 2027 > "$work/d0.txt" 2>"$work/d0.err"
check "diff of an unchanged copy: no model changes, every change 0" '[ $? -eq 0 ] && [ "$(grep -c "^  none" "$work/d0.txt")" -eq 2 ] && ! grep -q "Series break" "$work/d0.txt" && grep "→" "$work/d0.txt" | grep -v "^digindex diff" | awk "{ for (i = 8; i <= 11; i++) if (\$i != \"+0.00\" && \$i != \"-0.00\") bad = 1 } END { exit bad }"'

# diff: model changes, decomposition, two folders.
"$DIGINDEX" diff --data tests/fixtures/three 2023 2025 > "$work/d.txt"
check "diff reports reweighting and a series break" '[ $? -eq 0 ] && grep -q "reweighted     I1 Glasfaser in DI: 50 % → 75 %" "$work/d.txt" && grep -q "Series break" "$work/d.txt"'
check "diff shows the hand-checked decomposition" 'grep -q "+62.50 *-12.50 *+75.00 *+0.00  01 Aland" "$work/d.txt" && grep -q "+0.00 *+12.50 *+25.00 *-37.50  02 Beland" "$work/d.txt"'
"$DIGINDEX" diff --data tests/fixtures/mini 2023 2025 > "$work/dm.txt"
check "diff names added indicators" 'grep -q "added          I3 Online-Dienste (under B, weight 100 %)" "$work/dm.txt"'
cp -R tests/fixtures/three "$work/three2"
"$DIGINDEX" diff tests/fixtures/three/2023 "$work/three2/2025" > "$work/d2.txt"
check "diff of two folders gives the same decomposition" '[ $? -eq 0 ] && grep -q "+62.50 *-12.50 *+75.00 *+0.00  01 Aland" "$work/d2.txt"'
"$DIGINDEX" diff tests/fixtures/three "$work/three2" > "$work/d3.txt"
check "two data folders compare their newest editions" '[ $? -eq 0 ] && grep -q "/2025 → .*/2025" "$work/d3.txt"'
"$DIGINDEX" diff --data tests/fixtures/three 2023 2031 2>/dev/null
check "diff with a missing edition exits 2" '[ $? -eq 2 ]'
"$DIGINDEX" diff --data tests/fixtures/three 2023 2>/dev/null
check "diff needs two arguments" '[ $? -eq 2 ]'
"$DIGINDEX" diff --top 3 2023 2025 > "$work/db.txt"
check "diff on the bundled data with --top" '[ $? -eq 0 ] && [ "$(grep -c "^ *[+-][0-9]* *[0-9]* → [0-9]*  " "$work/db.txt")" -eq 9 ]'

echo "edition: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
