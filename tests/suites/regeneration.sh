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

# ---- imports merge; --replace replaces the level ----------------------------
F=tests/fixtures/import
cp -R tests/fixtures/mini "$work/m"
"$DIGINDEX" new-edition --data "$work/m" 2027 2>/dev/null
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$F/land-teil1.csv" 2>"$work/t1.err"
check "a partial import (I1, I2) succeeds and warns about I3" '[ $? -eq 0 ] && grep -q "1 indicator of the model is not in the file; written as null: I3" "$work/t1.err"'
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$F/land-teil2.csv" 2>"$work/t2.err"
check "a second partial import (I3) keeps the first one's values" '[ $? -eq 0 ] && grep -q "\"01\":{\"I1\":81,\"I2\":4,\"I3\":110}" "$work/m/2027/values-land.json" && grep -q "\"04\":{\"I1\":91,\"I2\":2,\"I3\":null}" "$work/m/2027/values-land.json"'
check "the import says what it updated and kept" 'grep -q "4 values of 4 regions and 1 indicator from the file; kept 8 other values" "$work/t2.err"'
cp "$work/m/2027/values-land.json" "$work/merged.json"
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land --replace "$F/land-teil2.csv" 2>"$work/t3.err"
check "--replace replaces the level: I1 and I2 become null" '[ $? -eq 0 ] && grep -q "\"01\":{\"I1\":null,\"I2\":null,\"I3\":110}" "$work/m/2027/values-land.json" && grep -q "the level was replaced" "$work/t3.err"'
cp "$work/merged.json" "$work/m/2027/values-land.json"
printf 'AGS;I2\n03;7,5\n' > "$work/one.csv"
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$work/one.csv" 2>/dev/null
check "an import of one cell changes that cell only" '[ $? -eq 0 ] && grep -q "\"03\":{\"I1\":61,\"I2\":7.5,\"I3\":55}" "$work/m/2027/values-land.json" && grep -q "\"02\":{\"I1\":99,\"I2\":1,\"I3\":160}" "$work/m/2027/values-land.json"'
printf '{"edition":2027,"level":"land","values":{"01":{"I1":"viel"}}}\n' > "$work/m/2027/values-land.json"
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$work/one.csv" 2>"$work/t4.err"
check "merging into a broken values file is refused with a hint to --replace" '[ $? -eq 1 ] && grep -q "cannot merge into this values file" "$work/t4.err" && grep -q "\-\-replace" "$work/t4.err"'
cp "$work/merged.json" "$work/m/2027/values-land.json"

# ---- empty imports are errors; check warns about missing data --------------
cp "$work/m/2027/values-land.json" "$work/before.json"
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$F/nur-kopf.csv" 2>"$work/e1.err"
check "a header-only file is an error and writes nothing" '[ $? -eq 1 ] && grep -q "nur-kopf.csv: error: the file has a header but no rows" "$work/e1.err" && cmp -s "$work/before.json" "$work/m/2027/values-land.json"'
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$F/keine-indikatoren.csv" 2>"$work/e2.err"
check "a file without indicator columns is an error and writes nothing" '[ $? -eq 1 ] && grep -q "no column of the file is an indicator of edition 2027, level land" "$work/e2.err" && grep -q "hint: head the indicator columns with their ids: I1, I2, I3" "$work/e2.err" && cmp -s "$work/before.json" "$work/m/2027/values-land.json"'
printf 'AGS;Gigabit-Anschlüsse\n01;5\n' > "$work/name.csv"
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land "$work/name.csv" 2>"$work/e3.err"
check "a column headed by an indicator's name: the id is suggested" '[ $? -eq 1 ] && grep -q "column \"Gigabit-Anschlüsse\" is the name of indicator I1, not its id" "$work/e3.err" && grep -q "hint: head the column \"I1\"" "$work/e3.err"'
"$DIGINDEX" check --data "$work/m" 2>"$work/c1.err"
check "check: an error for the missing Kreis file, no extra warning about it" '[ $? -eq 1 ] && ! grep -q "values-kreis.json: warning" "$work/c1.err"'
printf '{"edition":2027,"level":"kreis","values":{"01001":{"K1":null,"K2":null},"01002":{"K1":null,"K2":null},"02000":{"K1":null,"K2":null},"03001":{"K1":null,"K2":null},"03002":{"K1":null,"K2":null},"04011":{"K1":null,"K2":null}}}\n' > "$work/m/2027/values-kreis.json"
"$DIGINDEX" check --data "$work/m" 2>"$work/c2.err"
check "check warns about a level without any value" '[ $? -eq 0 ] && grep -q "warning: level kreis of edition 2027 has no values at all" "$work/c2.err"'
"$DIGINDEX" import --data "$work/m" --edition 2027 --level land --replace "$F/land-teil2.csv" 2>/dev/null
"$DIGINDEX" check --data "$work/m" 2>"$work/c3.err"
check "check warns about indicators without any value" 'grep -q "values-land.json: warning: 2 indicators of level land have no value in any region: I1, I2" "$work/c3.err"'

# ---- "1.012": a thousands dot is never guessed -------------------------------
cp -R tests/fixtures/mini "$work/x"
cp "$work/x/2025/values-land.json" "$work/xbefore.json"
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land "$F/excel-tausender.csv" 2>"$work/x1.err"
check "German Excel #.##0 numbers without --decimal: an error with a hint, nothing written" '[ $? -eq 1 ] && grep -q "excel-tausender.csv:2:3: error: \"1.012\" is ambiguous" "$work/x1.err" && grep -q "excel-tausender.csv:4:3: error: \"2.345\" is ambiguous" "$work/x1.err" && grep -q "hint: import with --decimal comma" "$work/x1.err" && cmp -s "$work/xbefore.json" "$work/x/2025/values-land.json"'
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land --decimal comma "$F/excel-tausender.csv" 2>/dev/null
check "--decimal comma reads 1.012 as 1012" '[ $? -eq 0 ] && grep -q "\"01\":{\"I1\":80,\"I2\":5,\"I3\":1012}" "$work/x/2025/values-land.json" && grep -q "\"03\":{\"I1\":60,\"I2\":9,\"I3\":2345}" "$work/x/2025/values-land.json"'
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land --decimal point "$F/excel-tausender.csv" 2>/dev/null
check "--decimal point reads 1.012 as 1.012" '[ $? -eq 0 ] && grep -q "\"01\":{\"I1\":80,\"I2\":5,\"I3\":1.012}" "$work/x/2025/values-land.json"'
printf 'AGS;I3\n01;0.5\n02;1.012\n' > "$work/pt.csv"
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land "$work/pt.csv" 2>/dev/null
check "a column with decimal points reads 1.012 as a decimal" '[ $? -eq 0 ] && grep -q "\"02\":{\"I1\":100,\"I2\":1,\"I3\":1.012}" "$work/x/2025/values-land.json"'
printf 'AGS;I3\n01;0.125\n02;7\n' > "$work/lead0.csv"
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land "$work/lead0.csv" 2>/dev/null
check "0.125 cannot be a thousands separator: read as a decimal" '[ $? -eq 0 ] && grep -q "\"01\":{\"I1\":80,\"I2\":5,\"I3\":0.125}" "$work/x/2025/values-land.json"'
printf 'AGS;I3\n01;1,5\n' > "$work/cm.csv"
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land --decimal point "$work/cm.csv" 2>"$work/x2.err"
check "a cell that contradicts --decimal is an error" '[ $? -eq 1 ] && grep -q "\"1,5\" does not fit --decimal point" "$work/x2.err"'
"$DIGINDEX" import --data "$work/x" --edition 2025 --level land --decimal komma "$work/cm.csv" 2>/dev/null
check "--decimal takes point or comma" '[ $? -eq 2 ]'

# ---- GENESIS exports ----------------------------------------------------------
check "import --help lists the AGS header names and --indicator" '"$DIGINDEX" import --help | grep -q "AGS, Kennziffer, Regionalschlüssel, Schlüssel" && "$DIGINDEX" import --help | grep -q "\-\-indicator ID"'
cp -R tests/fixtures/mini "$work/g"
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator K1 "$F/genesis-breitband.csv" 2>"$work/g1.err"
check "a GENESIS export (Windows-1252, titles, DG, Länder rows, footer) imports" '[ $? -eq 0 ]'
v="$work/g/2025/values-kreis.json"
check "GENESIS: decimal comma, - is 0, . x ... / are missing, K2 kept" 'grep -q "\"01001\":{\"K1\":55.5,\"K2\":70}" "$v" && grep -q "\"01002\":{\"K1\":0,\"K2\":30}" "$v" && grep -q "\"02000\":{\"K1\":null,\"K2\":90}" "$v" && grep -q "\"03001\":{\"K1\":null,\"K2\":10}" "$v" && grep -q "\"03002\":{\"K1\":null,\"K2\":50}" "$v" && grep -q "\"04011\":{\"K1\":null,\"K2\":60}" "$v"'
check "GENESIS: the skipped rows of other levels are reported" 'grep -q "skipped 6 rows of other levels: Deutschland (DG), 4 Länder, 1 other" "$work/g1.err"'
check "GENESIS: the signs are counted" 'grep -q "1 \"-\" read as 0, 4 of . x ... / read as missing" "$work/g1.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator K1 "$F/genesis-zwei-jahre.csv" 2>"$work/g6.err"
check "a GENESIS table with two value columns is refused with the list" '[ $? -eq 1 ] && grep -q "the file has 2: column 4 \"Breitband 2023\", column 5 \"Breitband 2024\"" "$work/g6.err" && grep -q "hint: choose one with --column N" "$work/g6.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator K1 --column 5 "$F/genesis-zwei-jahre.csv" 2>"$work/g7.err"
check "--column 5 imports the 2024 column" '[ $? -eq 0 ] && grep -q "\"01002\":{\"K1\":1,\"K2\":30}" "$v" && grep -q "\"03002\":{\"K1\":40,\"K2\":50}" "$v" && grep -q "Deutschland (DG), 1 Land$" "$work/g7.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator K1 --column 1 "$F/genesis-zwei-jahre.csv" 2>"$work/g8.err"
check "--column naming the AGS column is an error" '[ $? -eq 1 ] && grep -q "\-\-column 1 is the AGS column" "$work/g8.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator K1 "$F/genesis-breitband.csv" 2>/dev/null
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis "$F/genesis-breitband.csv" 2>"$work/g2.err"
check "a GENESIS export without --indicator: the hint names --indicator K1" '[ $? -eq 1 ] && grep -q "looks like a GENESIS export (Regionaldatenbank): import its one value column with --indicator K1 (\"Breitband\")" "$work/g2.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator Breitband "$F/genesis-breitband.csv" 2>"$work/g3.err"
check "--indicator with an indicator's name suggests its id" '[ $? -eq 1 ] && grep -q "\"Breitband\" is the name of K1: --indicator K1" "$work/g3.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level kreis --indicator K2 "$F/genesis-breitband.csv" 2>"$work/g4.err"
check "a GENESIS column named like another indicator is pointed out" 'grep -q "headed \"Breitband\", the name of K1, but is imported as K2" "$work/g4.err"'
"$DIGINDEX" import --data "$work/g" --edition 2025 --level land --indicator I1 "$F/genesis-breitband.csv" 2>"$work/g5.err"
check "GENESIS at Land level: the Kreis rows are skipped" '[ $? -eq 0 ] && grep -q "\"02\":{\"I1\":null" "$work/g/2025/values-land.json" && grep -q "\"01\":{\"I1\":0," "$work/g/2025/values-land.json" && grep -q "6 Kreise" "$work/g5.err"'

# ---- the change chart says which edition lacks the values ------------------
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/o8" --edition 2025 >/dev/null 2>&1
c8="$work/o8/2025/charts"
check "change chart: a value missing in the new edition says so" 'grep -q "– keine Werte 2025" "$c8/03002-veraenderung.svg"'
check "change chart: a topic field new in this edition says so" 'grep -q "Bürgerservices: neu in 2025" "$c8/01-veraenderung.svg"'
check "change chart: no vague \"keine Vorjahreswerte\"" '! grep -q "keine Vorjahreswerte" "$c8"/*-veraenderung.svg'

# ---- published editions are frozen; --restate; restated change figures -----
# Pooled min-max ("all_editions") on the Länder: new data for 2027 move the
# scores of 2023 and 2025 as computed today.
cp -R tests/fixtures/mini "$work/p"
sed -i 's/"normalisation": {"method": "minmax"}/"normalisation": {"method": "minmax", "scope": "all_editions"}/' "$work/p/2023/model.json" "$work/p/2025/model.json"
sums() { (cd "$1" && find . -type f | sort | xargs md5sum) 2>/dev/null; }
"$DIGINDEX" build --data "$work/p" --out "$work/po" 2>"$work/b1.err"
check "a fresh output: every edition is built" '[ $? -eq 0 ] && grep -q "built 2023, 2025 into" "$work/b1.err" && [ -s "$work/po/2023/manifest.json" ] && [ -s "$work/po/2025/manifest.json" ]'
sums "$work/po" > "$work/po1.sum"
"$DIGINDEX" build --data "$work/p" --out "$work/po" 2>"$work/b2.err"
check "a second build changes nothing, byte for byte, and says why" '[ $? -eq 0 ] && sums "$work/po" | cmp -s - "$work/po1.sum" && grep -q "2025 is published (.*/2025/manifest.json) and was kept as it is$" "$work/b2.err" && grep -q "nothing to build: every edition is published" "$work/b2.err"'
"$DIGINDEX" scores --data "$work/p" --edition 2025 --level kreis > "$work/pk.csv"
"$DIGINDEX" new-edition --data "$work/p" 2027 2>/dev/null
"$DIGINDEX" import --data "$work/p" --edition 2027 --level kreis "$work/pk.csv" 2>/dev/null
printf 'AGS;I1;I2;I3\n01;95;3;120\n02;100;1;160\n03;40;12;60\n04;92;2;80\n' > "$work/pl.csv"
"$DIGINDEX" import --data "$work/p" --edition 2027 --level land "$work/pl.csv" 2>/dev/null
sums "$work/po/2023" > "$work/p2023.sum"
sums "$work/po/2025" > "$work/p2025.sum"
"$DIGINDEX" build --data "$work/p" --out "$work/po" 2>"$work/b3.err"
check "with a new edition only the new edition is built" '[ $? -eq 0 ] && grep -q "built 2027 into" "$work/b3.err"'
check "the published editions stay byte for byte as they were" 'sums "$work/po/2023" | cmp -s - "$work/p2023.sum" && sums "$work/po/2025" | cmp -s - "$work/p2025.sum"'
check "the build says which published editions would score differently today" 'grep -q "2025 is published .* kept as it is; 3 regions would score differently today" "$work/b3.err"'
check "the new briefing names the restated and the published previous value" 'grep -q "Der Vergleichswert 2025 ist nach heutiger Methode neu berechnet: 52,8; veröffentlicht: 49,1." "$work/po/2027/laender/01-nordland.html"'
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2025 --restate 2>"$work/b4.err"
check "--edition 2025 --restate rebuilds 2025, and only 2025" '[ $? -eq 0 ] && ! sums "$work/po/2025" | cmp -s - "$work/p2025.sum" && sums "$work/po/2023" | cmp -s - "$work/p2023.sum"'
check "after --restate, 2025 is published as scored today" '"$DIGINDEX" scores --data "$work/p" --edition 2025 --format json | cmp -s - "$work/po/2025/downloads/scores.json"'

# ---- --only on a published edition -------------------------------------------
sums "$work/po/2027" > "$work/p2027.sum"
printf 'AGS;I1\n01;30\n' > "$work/p1.csv"
"$DIGINDEX" import --data "$work/p" --edition 2027 --level land "$work/p1.csv" 2>/dev/null
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2027 --only 01 2>"$work/o1.err"
check "--only refuses when regions outside it now score differently, with the list" '[ $? -eq 1 ] && grep -q "2 regions outside the selection now score differently, so their pages would contradict the rebuilt ones: 03 Südland (scores changed), 04 Weserstadt (scores changed)" "$work/o1.err" && grep -q "hint: add them to --only, or rebuild the whole edition with --edition 2027 --restate" "$work/o1.err"'
check "a refused --only writes nothing" 'sums "$work/po/2027" | cmp -s - "$work/p2027.sum"'
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2027 --only 01,03,04 2>/dev/null
check "--only with every changed region rebuilds them" '[ $? -eq 0 ] && ! sums "$work/po/2027" | cmp -s - "$work/p2027.sum"'
printf 'AGS;K1\n01001;99\n' > "$work/pk1.csv"
"$DIGINDEX" import --data "$work/p" --edition 2027 --level kreis "$work/pk1.csv" 2>/dev/null
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2027 --only 01 2>"$work/o2.err"
check "--only 01 without its Kreise is refused when a Kreis changed" '[ $? -eq 1 ] && grep -q "01001 Hafenstadt" "$work/o2.err"'
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2027 --only 01+,02,03,04,02000,03001,03002,04011 2>"$work/o3.err"
check "--only 01+ includes the Land's Kreise" '[ $? -eq 0 ] && grep -q "built 2027" "$work/o3.err"'
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2027 --only 01++ 2>/dev/null
check "--only 01++ is a usage error" '[ $? -eq 2 ]'
printf 'kaputt' > "$work/po/2023/downloads/scores-land.json"
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2023 2>"$work/k1.err"
check "a published edition with unreadable scores is kept, and the build says so" '[ $? -eq 0 ] && grep -q "2023 is published .* kept as it is; its published scores (downloads/scores-\*.json) cannot be read" "$work/k1.err" && grep -q "^kaputt$" "$work/po/2023/downloads/scores-land.json"'
"$DIGINDEX" build --data "$work/p" --out "$work/po" --edition 2025 --restate 2>"$work/k2.err"
check "restating the next edition with an unreadable previous edition is an error" '[ $? -eq 1 ] && grep -q "2023/downloads/scores-land.json:1:[0-9]*: error" "$work/k2.err"'

echo "regeneration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
