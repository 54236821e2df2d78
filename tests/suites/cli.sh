#!/bin/sh
# CLI suite: behaviour of whole commands on the fixture and the bundled data.
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "cli: FAIL: $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok; else no "$1"; fi; }
skipped=0
skip() { echo "SKIP cli: $1 (sh .ci/deps test installs it)"; skipped=$((skipped + 1)); }

check "--version prints the version" '"$DIGINDEX" --version | grep -q "^digindex [0-9]"'
check "--help lists the commands" '"$DIGINDEX" --help | grep -q "check" && "$DIGINDEX" --help | grep -q "build"'
check "check --help" '"$DIGINDEX" check --help | grep -q "usage: digindex check"'
check "unknown command exits 2" '"$DIGINDEX" frobnicate 2>/dev/null; [ $? -eq 2 ]'
check "unknown option exits 2" '"$DIGINDEX" check --colour 2>/dev/null; [ $? -eq 2 ]'
check "missing data folder exits 2" '"$DIGINDEX" check --data "$work/nope" 2>/dev/null; [ $? -eq 2 ]'
check "bundled data check is clean" '"$DIGINDEX" check 2>"$work/check.err" && ! grep -q ": warning:\|: error:" "$work/check.err"'

# The bundled synthetic values are exactly what the seeded generator writes.
cp -R data "$work/data"
"$DIGINDEX" sample --data "$work/data" 2>/dev/null
check "sample reproduces data/ byte for byte" 'diff -r data "$work/data" >/dev/null'

# A synthetic Gemeinde level: valid, reproducible, the requested size.
"$DIGINDEX" sample --gemeinden 1200 --out "$work/gem" 2>/dev/null
check "sample --gemeinden writes a valid dataset" '"$DIGINDEX" check --data "$work/gem" 2>"$work/gem.err" && grep -q "1200 Gemeinden" "$work/gem.err"'
check "Gemeinde AGS have 8 digits and a Kreis prefix" '[ "$(grep -c "\"level\":\"gemeinde\"" "$work/gem/regions.json")" -eq 1200 ] && ! grep "\"level\":\"gemeinde\"" "$work/gem/regions.json" | grep -vq "\"ags\":\"[0-9]\{8\}\""'
"$DIGINDEX" sample --gemeinden 1200 --out "$work/gem2" 2>/dev/null
check "sample --gemeinden is reproducible" 'diff -r "$work/gem" "$work/gem2" >/dev/null'
check "sample --gemeinden without --out is a usage error" '"$DIGINDEX" sample --gemeinden 500 2>/dev/null; [ $? -eq 2 ]'

# CSV for German Excel.
"$DIGINDEX" scores --data tests/fixtures/mini > "$work/s.csv"
check "CSV starts with a UTF-8 BOM" '[ "$(head -c 3 "$work/s.csv" | od -An -tx1 | tr -d " ")" = efbbbf ]'
check "CSV uses ; and decimal comma" 'sed -n 2p "$work/s.csv" | grep -q ";43,4027777777777"'
check "CSV has a row per region plus header" '[ "$(wc -l < "$work/s.csv")" -eq 5 ]'
check "CSV header names ids and names" 'head -1 "$work/s.csv" | grep -q "DI Testindex – Punkte"'

# JSON round-trips through a JSON parser (jq-free check with the program itself is circular: use python3 when present).
if command -v python3 >/dev/null 2>&1; then
  "$DIGINDEX" scores --data tests/fixtures/mini --format json > "$work/s.json"
  check "scores JSON parses and has 4 regions" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d[\"regions\"])==4" "$work/s.json"'
else
  skip "no python3: the scores JSON is not parsed"
fi

# build: outputs, determinism, atomic publishing.
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/out" 2>/dev/null
check "build writes scores.json and scores.csv" '[ -s "$work/out/2025/downloads/scores.json" ] && [ -s "$work/out/2025/downloads/scores.csv" ]'
check "build writes every level" '[ -s "$work/out/2025/downloads/scores-kreis.csv" ] && [ -s "$work/out/2023/downloads/scores-land.json" ]'
check "scores.json equals digindex scores --format json" '"$DIGINDEX" scores --data tests/fixtures/mini --format json | cmp -s - "$work/out/2025/downloads/scores.json"'
check "build writes a briefing PDF per region and the Gesamtbericht" '[ "$(ls "$work/out/2025/pdf" | wc -l)" -eq 10 ] && [ -s "$work/out/2025/gesamtbericht.pdf" ]'
check "build writes the site" '[ -s "$work/out/2025/index.html" ] && [ -s "$work/out/2025/laender/01-nordland.html" ] && [ -s "$work/out/2025/kreise/03002-landkreis-weisstal.html" ]'
check "build writes charts as SVG and PNG" '[ -s "$work/out/2025/charts/01-netzdiagramm.svg" ] && [ -s "$work/out/2025/charts/01-netzdiagramm.png" ]'
# A second theme (tests/fixtures/theme): a copy of templates/ with its own
# theme.json and logo brands the PDF, the site and the chart files.
cp -R templates "$work/tpl" && cp tests/fixtures/theme/theme.json tests/fixtures/theme/logo.png "$work/tpl/"
"$DIGINDEX" build --data tests/fixtures/mini --templates "$work/tpl" --out "$work/themed" 2>/dev/null
t="$work/themed/2025"
check "theme: the site shows the logo and the publisher" 'cmp -s "$t/assets/logo.png" tests/fixtures/theme/logo.png && grep -q "<img src=\"../assets/logo.png\" alt=\"Ministerium für Digitales (Test)\">" "$t/laender/01-nordland.html" && grep -q "Herausgeber: Ministerium für Digitales (Test) · Kontakt: referat-42@example.org · Lizenz: CC BY 4.0" "$t/laender/01-nordland.html"'
check "theme: the citation names the publisher and the address" 'c="Ministerium für Digitales (Test) (Hrsg.): Testindex, Ausgabe 2025, veröffentlicht am 30. Juni 2025. https://digitales.example.org/digitalindex/" && grep -qF "$c" "$t/downloads/zitiervorschlag.txt" && grep -qF "Zitiervorschlag: $c" "$t/downloads/LIZENZ.txt" && grep -qF "$c" "$t/quellen.html" && grep -qF "Nordland: Regionalprofil. In: $c" "$t/laender/01-nordland.html"'
check "theme: site.css takes the header and chart colours" 'grep -q "^  --header: #5a1e6e;" "$t/assets/site.css" && grep -q "^  --accent: #1b7837;" "$t/assets/site.css" && grep -q "^  --accent-2: #b2182b;" "$t/assets/site.css"'
check "theme: chart files draw in the theme's colours" 'grep -q "#1b7837" "$t/charts/01-themenfelder.svg" && grep -q "#b2182b" "$t/charts/01-themenfelder.svg" && ! grep -q "#0072b2\|#d55e00" "$t/charts/01-themenfelder.svg"'
check "theme: the page's inline charts draw in the theme's colours" 'grep -q "#1b7837" "$t/laender/01-nordland.html" && ! grep -q "#0072b2\|#d55e00" "$t/laender/01-nordland.html"'
check "theme: the overview page shows the logo" 'grep -q "<img src=\"assets/logo.png\" alt=\"Ministerium für Digitales (Test)\">" "$t/index.html"'
check "theme: the XLSX notes name the publisher, as the imprint does" 'python3 -c "
import sys, zipfile
s = zipfile.ZipFile(sys.argv[1]).read(\"xl/sharedStrings.xml\").decode()
assert \"Ministerium für Digitales (Test) · Kontakt: referat-42@example.org · Lizenz: CC BY 4.0\" in s, s[-600:]
" "$t/downloads/scores-land.xlsx"'
check "theme: the default build keeps the default colours" 'grep -q "#0072b2" "$work/out/2025/charts/01-themenfelder.svg" && ! grep -q "assets/logo" "$work/out/2025/laender/01-nordland.html"'
if command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 && command -v pdfimages >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1; then
  check "theme: the PDF names the publisher and shows the logo" 'pdfinfo "$t/pdf/01-nordland.pdf" | grep -q "^Author: *Ministerium für Digitales (Test)" && pdftotext "$t/pdf/01-nordland.pdf" - | grep -q "Herausgeber: Ministerium für Digitales (Test)" && [ "$(pdfimages -list "$t/pdf/01-nordland.pdf" | awk "\$1 == 1 && \$4 == 60 && \$5 == 24" | wc -l)" -eq 1 ]'
  check "theme: the Gesamtbericht names the publisher, shows the logo and draws in the theme's colours" 'pdfinfo "$t/gesamtbericht.pdf" | grep -q "^Author: *Ministerium für Digitales (Test)" && pdftotext "$t/gesamtbericht.pdf" - | grep -q "Herausgeber: Ministerium für Digitales (Test)" && [ "$(pdfimages -list "$t/gesamtbericht.pdf" | awk "\$1 == 1 && \$4 == 60 && \$5 == 24" | wc -l)" -eq 1 ] && qpdf --qdf --object-streams=disable "$t/gesamtbericht.pdf" "$work/qg.pdf" && grep -aq "^0.35294 0.11765 0.43137 " "$work/qg.pdf" && grep -aq "^0.10588 0.47059 0.21569 rg" "$work/qg.pdf"'
  check "theme: the PDF draws in the header and chart colours" 'qpdf --qdf --object-streams=disable "$t/pdf/01-nordland.pdf" "$work/q.pdf" && grep -aq "^0.35294 0.11765 0.43137 RG" "$work/q.pdf" && grep -aq "^0.10588 0.47059 0.21569 rg" "$work/q.pdf"'
else
  echo "cli: SKIP theme PDF checks (pdftotext, pdfinfo, pdfimages and qpdf needed)"
fi
mkdir -p "$work/tpl-bad" && cp -R templates/. "$work/tpl-bad/" && sed "s/#1b7837/#dddddd/" tests/fixtures/theme/theme.json > "$work/tpl-bad/theme.json" && cp tests/fixtures/theme/logo.png "$work/tpl-bad/"
check "theme: a pale chart colour is an error naming the JSON path" '"$DIGINDEX" build --data tests/fixtures/mini --templates "$work/tpl-bad" --out "$work/bad-out" 2>"$work/bad.err"; [ $? -eq 1 ] && grep -q "theme.json: \$.colors.region: error: contrast" "$work/bad.err"'
"$DIGINDEX" context 01 --data tests/fixtures/mini > "$work/ctx.json" 2>"$work/ctx.err"
if command -v python3 >/dev/null 2>&1; then
  # One view, one source: the chart file is the page's inline SVG, byte for byte.
  check "chart file equals the page's inline SVG" 'python3 - "$work/out/2025/laender/01-nordland.html" "$work/out/2025/charts/01-netzdiagramm.svg" <<PY
import sys
page = open(sys.argv[1], encoding="utf-8").read()
svg = open(sys.argv[2], encoding="utf-8").read()
assert svg in page, "chart file not inline on the page"
PY'

  # context: the template context of one region as the build renders it.
  check "context prints JSON with the view's sentences and texts" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"ags\"]==\"01\" and d[\"sentences\"] and d[\"texts\"][\"heading_table\"]" "$work/ctx.json"'
  check "context of the overview without an AGS" '"$DIGINDEX" context --data tests/fixtures/mini 2>/dev/null | python3 -c "import json,sys; d=json.load(sys.stdin); assert len(d[\"laender\"])==4"'
fi
"$DIGINDEX" template templates/wording/briefing.mustache "$work/ctx.json" > "$work/ctx.txt" 2>/dev/null
check "context previews the wording with digindex template" 'grep -q "Nordland erreicht im Testindex 2025 43,4 von 100 Punkten" "$work/ctx.txt"'
check "context of an unknown AGS is a usage error" '"$DIGINDEX" context 77 --data tests/fixtures/mini >/dev/null 2>"$work/ctx.err"; [ $? -eq 2 ] && grep -q "AGS 77 is not in the data" "$work/ctx.err"'
if command -v qpdf >/dev/null 2>&1; then
  bad=0
  for f in "$work"/out/2025/pdf/*.pdf "$work/out/2025/gesamtbericht.pdf"; do
    qpdf --check "$f" >/dev/null 2>&1 || { echo "cli: qpdf --check failed: $f"; bad=1; }
  done
  check "every PDF passes qpdf --check" '[ $bad -eq 0 ]'
else
  skip "no qpdf: the PDFs are not checked"
fi
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext "$work/out/2025/pdf/03-suedland.pdf" "$work/s.txt"
  pdftotext "$work/out/2025/pdf/03002-landkreis-weisstal.pdf" "$work/k.txt"
  check "pdftotext extracts umlauts, ß and German numbers" 'grep -q "Südland" "$work/s.txt" && grep -q "Landkreis Weißtal" "$work/k.txt" && grep -q "6,3" "$work/s.txt" && grep -q "Bürgerservices" "$work/s.txt"'
  check "the PDF shows the page-1 sentences of the page" 'grep -q "Südland erreicht im Testindex 2025" "$work/s.txt" && grep -q "Südland erreicht im Testindex 2025" "$work/out/2025/laender/03-suedland.html"'
  check "pdfinfo: title and German language" 'pdfinfo "$work/out/2025/pdf/03-suedland.pdf" | grep -q "Title: *Südland" '
else
  skip "no pdftotext: the PDF text is not checked"
fi
check "manifest.json lists every output with its SHA-256" 'h=$(sha256sum "$work/out/2025/pdf/01-nordland.pdf" | cut -d" " -f1) && grep -q "\"path\": \"pdf/01-nordland.pdf\", \"sha256\": \"$h\"" "$work/out/2025/manifest.json" && grep -q "\"path\": \"regions.json\"" "$work/out/2025/manifest.json"'
check "briefings say how firm the rank is and what changed it" 'grep -q "Bei anderen plausiblen Gewichten: Rang" "$work/out/2025/laender/01-nordland.html" && grep -q "auf die eigenen Werte zurück" "$work/out/2025/laender/01-nordland.html"'
# XLSX per level: AGS as text, numbers as numbers, a notes sheet.
if command -v python3 >/dev/null 2>&1; then
  check "XLSX: AGS as text, scores as numbers, notes with licence and Beispieldaten" 'python3 -c "
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
s1 = z.read(\"xl/worksheets/sheet1.xml\").decode()
strings = z.read(\"xl/sharedStrings.xml\").decode()
assert re.search(r\"<c r=.A2. s=.[0-9]+. t=.s.>\", s1), \"AGS is not text\"
assert re.search(r\"<c r=.C2.><v>43.40277\", s1), \"score is not a number\"
assert \"CC BY 4.0\" in strings and \"Beispieldaten\" in strings and \"keine Ergebnisse von ÖFIT\" in strings
assert \"2025-06-30T00:00:00Z\" in z.read(\"docProps/core.xml\").decode()
" "$work/out/2025/downloads/scores-land.xlsx" && [ -s "$work/out/2025/downloads/scores-kreis.xlsx" ]'
fi

# Honest labelling: sample data say so in every file that travels alone.
check "chart files carry title, source and Beispieldaten" '(for f in "$work"/out/2025/charts/*.svg; do grep -q "<title id=" "$f" && grep -q "font-weight=\"bold\" fill=\"#1a1a1a\">[^<]*: " "$f" && grep -q "Quelle: Testindex, Ausgabe 2025" "$f" && grep -q ">Beispieldaten<" "$f" || exit 1; done)'
if command -v python3 >/dev/null 2>&1; then
  # The PNG shows the same frame and carries its words as iTXt chunks.
  check "chart PNGs carry title, source and Beispieldaten as text" 'python3 -c "
import glob, struct, sys
files = sorted(glob.glob(sys.argv[1] + \"/*.png\"))
assert files
for f in files:
    d = open(f, \"rb\").read()
    i, t = 8, {}
    while i < len(d):
        n, = struct.unpack(\">I\", d[i:i + 4])
        if d[i + 4:i + 8] == b\"iTXt\":
            k, rest = d[i + 8:i + 8 + n].split(b\"\\0\", 1)
            t[k.decode()] = rest[2:].split(b\"\\0\", 2)[2].decode()
        i += 12 + n
    assert \": \" in t.get(\"Title\", \"\"), f
    assert t.get(\"Source\") == \"Quelle: Testindex, Ausgabe 2025\", f
    assert t.get(\"Disclaimer\") == \"Beispieldaten\", f
" "$work/out/2025/charts"'
fi
check "every scores CSV row is labelled Beispieldaten" '! tail -n +2 "$work/out/2025/downloads/scores.csv" | tr -d "\r" | grep -vq ";2025 Beispieldaten$" && head -1 "$work/out/2025/downloads/scores.csv" | grep -q ";Ausgabe"'
check "scores JSON carries the status" 'grep -q "\"status\":\"sample\",\"hinweis\":\"Beispieldaten" "$work/out/2025/downloads/scores.json"'
check "region CSV rows are labelled Beispieldaten" 'grep -q ";2025 Beispieldaten;" "$work/out/2025/downloads/01-nordland.csv"'
check "LIZENZ.txt and quellen.html license scores, charts and texts" 'grep -q "Punkte, Ränge, Diagramme und Texte" "$work/out/2025/downloads/LIZENZ.txt" && grep -q "CC BY 4.0" "$work/out/2025/downloads/LIZENZ.txt" && grep -q "Vorbild der Indikatoren" "$work/out/2025/quellen.html"'
check "no file repeats the year (\"2025, Ausgabe 2025\") or the label" '! grep -rlq "2025, Ausgabe 2025\|Beispieldaten: Beispieldaten" "$work/out/2025" --include=*.html --include=*.txt --include=*.svg --include=*.csv'
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext "$work/out/2025/gesamtbericht.pdf" "$work/g.txt"
  check "every PDF says it is not ÖFIT's index and labels Beispieldaten" '(for f in "$work"/out/2025/pdf/*.pdf; do pdftotext "$f" - | tr "\n" " " | grep -q "keine Ergebnisse von ÖFIT" || exit 1; pdftotext "$f" - | grep -q "Vorbild der Indikatoren" || exit 1; done) && tr "\n" " " < "$work/g.txt" | grep -q "keine Ergebnisse von ÖFIT"'
fi
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/out2" 2>/dev/null
check "two builds are byte-identical" 'diff -r "$work/out" "$work/out2" >/dev/null'
check "no staging folders are left" '[ -z "$(ls -A "$work/out" | grep "^\.")" ]'
(cd "$work/out" && find . -type f -exec sha256sum {} + | sort) > "$work/before"
cp -R tests/fixtures/mini "$work/bad"
sed -i 's/"weight": 2,/"weight": 0,/' "$work/bad/2025/model.json"
"$DIGINDEX" build --data "$work/bad" --out "$work/out" 2>/dev/null
check "a build on bad data exits 1" '[ $? -eq 1 ]'
(cd "$work/out" && find . -type f -exec sha256sum {} + | sort) > "$work/after"
check "a failed build leaves the previous output intact" 'cmp -s "$work/before" "$work/after"'
if [ "$(id -u)" != 0 ]; then
  mkdir "$work/ro" && chmod 555 "$work/ro"
  "$DIGINDEX" build --data tests/fixtures/mini --out "$work/ro/out" 2>"$work/ro.err"
  check "a read-only output folder exits 2 with a message" '[ $? -eq 2 ] && grep -q "cannot" "$work/ro.err"'
fi
: > "$work/file"
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/file/out" 2>"$work/nf.err"
check "an output path under a file exits 2" '[ $? -eq 2 ] && grep -q "cannot create the output folder" "$work/nf.err"'

# A German locale must not change any number.
if locale -a 2>/dev/null | grep -qi "de_DE"; then
  LC_ALL=de_DE.UTF-8 "$DIGINDEX" scores --data tests/fixtures/mini --format json | cmp -s - "$work/s.json"
  check "output is identical under de_DE" '[ $? -eq 0 ]'
fi

# Sharding (docs/performance.md): a build split by Land into two shards,
# merged, equals one build byte for byte, manifest included.
"$DIGINDEX" build --data tests/fixtures/mini --out "$work/single" >/dev/null 2>&1
"$DIGINDEX" build --data tests/fixtures/mini --only 01+,02+ --out "$work/shard-a" >/dev/null 2>&1
"$DIGINDEX" build --data tests/fixtures/mini --only 03+,04+ --out "$work/shard-b" >/dev/null 2>&1
"$DIGINDEX" merge --data tests/fixtures/mini --out "$work/merged" "$work/shard-a" "$work/shard-b" \
  2>"$work/merge.err"
check "two shards merged equal one build (diff -r)" \
  '[ $? -eq 0 ] && diff -r "$work/single" "$work/merged" >/dev/null'
cp "$work/shard-b/2025/index.html" "$work/idx" && echo "<!-- changed -->" >> "$work/shard-b/2025/index.html"
"$DIGINDEX" merge --data tests/fixtures/mini --out "$work/merged2" "$work/shard-a" "$work/shard-b" \
  2>"$work/merge2.err"
check "shards that disagree in a shared file do not merge (exit 1, message)" \
  '[ $? -eq 1 ] && grep -q "index.html.*differ" "$work/merge2.err" && [ ! -d "$work/merged2/2025" ]'

# The real Gemeinden and their maps (bundled data): a Land, a kreisfreie
# Stadt, a Kreis and one of its Gemeinden.
"$DIGINDEX" build --only 13,13003,13071,13071107 --edition 2025 --out "$work/mv" >/dev/null 2>&1
check "build --only a Kreis and a Gemeinde writes both briefings" \
  '[ -f "$work/mv/2025/pdf/13071107-neubrandenburg.pdf" ] && [ -f "$work/mv/2025/gemeinden/13071107-neubrandenburg.html" ] && [ -f "$work/mv/2025/downloads/13071107-neubrandenburg.csv" ]'
check "a Kreis map is not its Land's map (13003-karte.png differs from 13-karte.png)" \
  '! cmp -s "$work/mv/2025/charts/13003-karte.png" "$work/mv/2025/charts/13-karte.png"'
check "the Kreis map names the Kreise of its Land (SVG <title>)" \
  'grep -q "<title>Mecklenburgische Seenplatte: " "$work/mv/2025/charts/13003-karte.svg"'
check "a Kreis has a map of its Gemeinden, each named" \
  'grep -q "<title>Neubrandenburg: " "$work/mv/2025/charts/13071-karte-gebiete.svg" && [ "$(grep -c "<title>" "$work/mv/2025/charts/13071-karte-gebiete.svg")" -gt 100 ]'
check "the map legend says 40 bis unter 60 and carries the BKG attribution" \
  'grep -q "40 bis unter 60" "$work/mv/2025/charts/13071-karte.svg" && grep -q "GeoBasis-DE / BKG 2021 (Daten verändert)" "$work/mv/2025/charts/13071-karte.svg"'
check "gemeinden.html lists the Gemeinden by Kreis" \
  'grep -q "id=\"kreis-13071\"" "$work/mv/2025/gemeinden.html" && grep -q "13071107" "$work/mv/2025/gemeinden.html"'
check "a Gemeinde briefing says the date of its population" \
  'grep -q "(31.12.2019)" "$work/mv/2025/gemeinden/13071107-neubrandenburg.html"'
check "a Gemeinde page's breadcrumb leads through its Land and its Kreis" \
  'grep -q "<li><a href=\"../kreise/13071-mecklenburgische-seenplatte.html\">Mecklenburgische Seenplatte</a></li>" "$work/mv/2025/gemeinden/13071107-neubrandenburg.html" && [ -f "$work/mv/2025/kreise/13071-mecklenburgische-seenplatte.html" ]'

# The PNG encoder's SIMD paths (AVX2, SSSE3, chosen at run time) and its
# portable code write the same bytes: DIGINDEX_PORTABLE=1 forces the portable
# code (a machine without AVX2 takes it anyway). Palette charts and an RGB map.
"$DIGINDEX" build --only 13,13071 --edition 2025 --out "$work/simd" >/dev/null 2>&1
DIGINDEX_PORTABLE=1 "$DIGINDEX" build --only 13,13071 --edition 2025 --out "$work/portable" >/dev/null 2>&1
check "PNG: the SIMD and the portable code write the same bytes" \
  '[ -s "$work/simd/2025/charts/13071-karte-gebiete.png" ] && diff -r "$work/simd/2025/charts" "$work/portable/2025/charts" >/dev/null'

# stdout must reach its file (issue 11, class 7), but a closed stdout is no
# error for a command that writes nothing to it.
"$DIGINDEX" check --data tests/fixtures/mini >&- 2>/dev/null
rc=$?
check "check with stdout closed: exit 0 (nothing to write)" '[ $rc -eq 0 ]'
"$DIGINDEX" scores --data tests/fixtures/mini >&- 2>"$work/closed.err"
rc=$?
check "scores with stdout closed: exit 2 with a message" '[ $rc -eq 2 ] && grep -q "cannot write to stdout" "$work/closed.err"'

echo "cli: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
