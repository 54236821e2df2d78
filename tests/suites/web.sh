#!/bin/sh
# Web suite: the generated site in a real browser and a validator.
#   - html-validate (tests/web/validate.mjs): 0 errors on every page;
#   - axe-core in Debian's headless Chromium (tests/web/axe.mjs): 0 WCAG 2.1
#     A/AA violations on index.html, one Land page, one Kreis page and the
#     other overview pages, at 1280 and 375 px; no sideways scrolling at
#     either width; no script errors; the Kreise filter works; no table box
#     scrolls at 1280 px; chart text as shown is 12 px or more at 375 px; a
#     Land page prints (page.pdf, A4) in at most 4 pages without navigation
#     and download buttons.
# Needs /usr/bin/chromium (sh .ci/deps web) and tests/web/node_modules
# (npm ci in tests/web). Without them it prints one "SKIP web: …" line and
# counts itself as one skipped suite. The site comes from `digindex build` on tests/fixtures/mini;
# DIGINDEX_WEB_DATA=DIR checks a site built from DIR (e.g. data) as well.
# Last line: "web: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.." || exit 2
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] || ! command -v node >/dev/null 2>&1 ||
   [ ! -d tests/web/node_modules/axe-core ] || [ ! -d tests/web/node_modules/html-validate ] ||
   [ ! -d tests/web/node_modules/playwright-core ]; then
  echo "SKIP web: needs $chromium (sh .ci/deps web), node and tests/web/node_modules (cd tests/web && npm ci); .ci/run installs them"
  echo "web: 0 passed, 0 failed, 1 skipped"
  exit 0
fi

pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { pass=$((pass + 1)); }
no() { echo "web: FAIL: $1"; fail=$((fail + 1)); }

# Counts the PASS/FAIL lines of a checker's output and shows the failures.
tally() {
  p=$(grep -c '^PASS ' "$1")
  f=$(grep -c '^FAIL ' "$1")
  pass=$((pass + p))
  fail=$((fail + f))
  awk '/^FAIL /{p=1; print "web: " $0; next} /^PASS /{p=0} p' "$1"
  if [ "$f" -eq 0 ] && [ "$2" -ne 0 ]; then
    echo "web: FAIL: $3 exited $2"
    tail -n 5 "$1"
    fail=$((fail + 1))
  fi
}

# site DATA_DIR OUT: builds the site of the newest edition; prints its folder.
site() {
  "$DIGINDEX" build --data "$1" --out "$2" >"$2.log" 2>&1
  newest=$(ls "$2" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | tail -n 1)
  if [ -n "$newest" ] && [ -f "$2/$newest/index.html" ]; then
    echo "$2/$newest"
    return 0
  fi
  return 1
}

if dir=$(site tests/fixtures/mini "$work/mini"); then
  ok
else
  # Until `digindex build` writes the pages, the unit-test harness renders
  # the same site through the same functions.
  bindir="$(dirname "$DIGINDEX")/tests"
  [ -x "$bindir/test_render_html" ] || bindir=.build/tests
  # (Its own test results count in the unit tests, not here.)
  [ -x "$bindir/test_render_html" ] &&
    DIGINDEX_SITE_OUT="$work/harness" "$bindir/test_render_html" >"$work/harness.log" 2>&1
  if [ -f "$work/harness/index.html" ]; then
    echo "web: note: digindex build wrote no index.html; checking the site rendered by test_render_html"
    dir="$work/harness"
    ok
  else
    no "no site: digindex build wrote no index.html (see below) and test_render_html could not render one"
    tail -n 5 "$work/mini.log"
    echo "web: $pass passed, $fail failed"
    exit 1
  fi
fi

land=$(cd "$dir" && ls laender/*.html 2>/dev/null | head -n 1)
kreis=$(cd "$dir" && ls kreise/*.html 2>/dev/null | tail -n 1)
if [ -n "$land" ] && [ -n "$kreis" ]; then ok; else no "the site has no Land or Kreis page"; fi

node tests/web/validate.mjs "$dir" >"$work/validate.out" 2>&1
tally "$work/validate.out" $? "html-validate"

node tests/web/axe.mjs "$dir" index.html "$land" "$kreis" kreise.html methode.html quellen.html \
  >"$work/axe.out" 2>&1
tally "$work/axe.out" $? "axe"

# Self-contained: no absolute or remote stylesheets, scripts, images or fonts.
if grep -lE '(src|href)="(/|file:)|<link[^>]+href="https?:|<script[^>]+src=|@import|url\((https?:)?//' \
     -r "$dir" --include='*.html' --include='*.css' >"$work/ext" 2>/dev/null; then
  no "pages load something from outside the site: $(head -n 3 "$work/ext" | tr '\n' ' ')"
else
  ok
fi

if [ -n "${DIGINDEX_WEB_DATA:-}" ]; then
  if full=$(site "$DIGINDEX_WEB_DATA" "$work/full"); then
    ok
    node tests/web/validate.mjs "$full" >"$work/validate-full.out" 2>&1
    tally "$work/validate-full.out" $? "html-validate ($DIGINDEX_WEB_DATA)"
    fland=$(cd "$full" && ls laender/*.html | head -n 1)
    fkreis=$(cd "$full" && ls kreise/*.html | head -n 1)
    node tests/web/axe.mjs "$full" index.html "$fland" "$fkreis" kreise.html >"$work/axe-full.out" 2>&1
    tally "$work/axe-full.out" $? "axe ($DIGINDEX_WEB_DATA)"
  else
    no "digindex build --data $DIGINDEX_WEB_DATA wrote no site"
  fi
fi

echo "web: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
