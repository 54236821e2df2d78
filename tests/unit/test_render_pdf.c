/* Tests of the PDF renderer: line breaking, encoding, and whole documents
 * from the mini fixture and the bundled data, checked with qpdf and poppler
 * (pdfinfo, pdftotext, pdffonts) when they are installed.
 *
 * DIGINDEX_PDF_DUMP=DIR keeps the rendered PDFs in DIR for looking at them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "canvas_pdf.h"
#include "geo.h"
#include "metrics.h"
#include "pdf_doc.h"
#include "pdf_font.h"
#include "pdf_table.h"
#include "pdf_text.h"
#include "pipeline.h"
#include "render_pdf.h"
#include "view.h"
#include "wording.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    pipeline mini, data;
    diag d;
    wording *w;
    metrics_fonts *fonts;
    pdf_renderer *r;
    geo_map *map;
    char dir[64];
} fixture;

static fixture *fx;

static int setup(void **state)
{
    (void)state;
    fx = calloc(1, sizeof *fx);
    pipeline_run(&fx->mini, "tests/fixtures/mini", &fx->d);
    pipeline_run(&fx->data, "data", &fx->d);
    fx->w = wording_load("templates", &fx->d);
    fx->fonts = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, &fx->d);
    fx->r = fx->fonts ? pdf_renderer_new(fx->fonts, &fx->d) : NULL;
    fx->map = geo_map_load("data/map-laender.json", &fx->d);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/digindex-pdf-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    return fx->mini.sc && fx->data.sc && fx->w && fx->r ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0) return -1;
    pdf_renderer_free(fx->r);
    metrics_fonts_free(fx->fonts);
    geo_map_free(fx->map);
    wording_free(fx->w);
    pipeline_free(&fx->mini);
    pipeline_free(&fx->data);
    diag_free(&fx->d);
    free(fx);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static const view_briefing *briefing(pipeline *p, level lv, const char *ags)
{
    size_t ri = dataset_find_region(p->ds, ags);
    assert_true(ri != SIZE_MAX);
    const view_briefing *v = view_briefing_build(&(view_input){p->ds, p->sc, 2025, -1, fx->w, NULL, {{0}}}, lv,
                                                  p->ds->regions[ri].row, &fx->d);
    assert_non_null(v);
    return v;
}

/* Renderer tests feed hand-edited text (a sentence a template might hold);
 * the build never changes a view after view_briefing_build. */
static view_briefing *edit(const view_briefing *v)
{
    return (view_briefing *)v;
}

/* True when the tool is there; otherwise the test is counted as skipped
 * (never passed silently): sh .ci/deps test installs it. */
static bool have(const char *tool)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    if (system(cmd) == 0) return true;
    print_message("SKIP: %s is not installed (sh .ci/deps test)\n", tool);
    skip();
    return false;
}

/* Runs a shell command and returns its standard output (caller frees). */
static char *run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_append(&b, chunk, n);
    int rc = pclose(p);
    if (rc != 0) fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
    assert_int_equal(rc, 0);
    return buf_detach(&b);
}

/* Writes the PDF to the temp dir (and to DIGINDEX_PDF_DUMP) and returns the path. */
static char *save(const buf *pdf, const char *name)
{
    char *path = xasprintf("%s/%s", fx->dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
    fclose(f);
    const char *dump = getenv("DIGINDEX_PDF_DUMP");
    if (dump && *dump) {
        char *p2 = xasprintf("%s/%s", dump, name);
        FILE *g = fopen(p2, "wb");
        if (g) {
            fwrite(pdf->data, 1, pdf->len, g);
            fclose(g);
        }
        free(p2);
    }
    return path;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) {
        fprintf(stderr, "missing \"%s\" in:\n%.2000s\n", needle, hay);
        fail();
    }
}

static int pages_of(const char *path)
{
    char *info = run("pdfinfo '%s'", path);
    const char *p = strstr(info, "Pages:");
    assert_non_null(p);
    int n = atoi(p + 6);
    free(info);
    return n;
}

/* No text below 6 pt except a credit line ("© GeoBasis-DE / BKG …"): every
 * Tf of every content stream (qpdf writes them uncompressed) against the
 * strings shown with it. Charts are drawn unscaled (no cm), so Tf is the
 * size on paper. */
static void check_font_sizes(const char *path)
{
    if (!have("qpdf")) return;
    char *qdf = run("qpdf --qdf --object-streams=disable '%s' - | grep -a -E ' (Tf|Tj)$'", path);
    double size = 0, smallest = INFINITY;
    size_t shown = 0;
    for (char *line = qdf; *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        size_t len = strlen(line);
        if (len > 3 && strcmp(line + len - 3, " Tf") == 0) {
            char *end = line + len - 3;
            while (end > line && end[-1] != ' ') end--;
            size = strtod(end, NULL);
        } else if (len > 3 && strcmp(line + len - 3, " Tj") == 0) {
            /* \251 is © in the documents' encoding (CP1252). */
            bool credit = line[0] == '(' && (unsigned char)line[1] == 0xA9;
            if (!credit) {
                if (size < 6 - 1e-9) {
                    fprintf(stderr, "%s: text at %.2f pt: %.80s\n", path, size, line);
                    fail();
                }
                if (size < smallest) smallest = size;
                shown++;
            }
        }
        if (!nl) break;
        line = nl + 1;
    }
    assert_true(shown > 50);
    assert_true(smallest >= 6);
    free(qdf);
}

/* The checks every document gets: structure, fonts, footers, metadata. */
static void check_document(const char *path, const char *title)
{
    if (have("qpdf")) {
        char *out = run("qpdf --check '%s' 2>&1", path);
        assert_contains(out, "No syntax or stream encoding errors");
        free(out);
        out = run("qpdf --qdf --object-streams=disable '%s' - | grep -a '/Lang'", path);
        assert_contains(out, "/Lang (de-DE)");
        free(out);
    }
    if (!have("pdfinfo") || !have("pdftotext")) return;
    char *info = run("pdfinfo '%s'", path);
    char *want = xasprintf("Title:           %s\n", title);
    assert_contains(info, want);
    assert_contains(info, "Author:          digindex\n");
    assert_contains(info, "Keywords:        Digitalisierung");
    assert_contains(info, "Subject:         ");
    assert_contains(info, "Page size:       595.276 x 841.89 pts (A4)");
    assert_contains(info, "PDF version:     1.7");
    assert_contains(info, "Tagged:          yes");
    assert_null(strstr(info, "CreationDate"));
    free(want);
    free(info);
    int n = pages_of(path);
    for (int i = 1; i <= n; i++) {
        char *text = run("pdftotext -f %d -l %d -layout '%s' -", i, i, path);
        char footer[64];
        snprintf(footer, sizeof footer, "Seite %d von %d", i, n);
        assert_contains(text, footer);
        assert_contains(text, "Beispieldaten"); /* every page of a sample edition */
        assert_contains(text, "Stand: ");
        free(text);
    }
    if (have("pdffonts")) {
        char *fonts = run("pdffonts '%s' | tail -n +3", path);
        /* Exactly our two faces, embedded, and nothing else. */
        assert_contains(fonts, "LiberationSans ");
        assert_contains(fonts, "LiberationSans-Bold");
        for (char *line = fonts; *line;) {
            char *nl = strchr(line, '\n');
            if (nl) *nl = '\0';
            if (*line) assert_non_null(strstr(line, " yes yes "));
            if (!nl) break;
            line = nl + 1;
        }
        free(fonts);
    }
    check_font_sizes(path);
}

/* No word outside the type area (x) or above the header / below the footer (y). */
static void check_text_inside(const char *path)
{
    if (!have("pdftotext")) return;
    char *html = run("pdftotext -bbox '%s' -", path);
    size_t words = 0;
    for (const char *p = strstr(html, "<word "); p; p = strstr(p + 1, "<word ")) {
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0,
                                &y0, &x1, &y1),
                         4);
        if (x0 < PDF_MARGIN_X - 0.5 || x1 > PDF_PAGE_W - PDF_MARGIN_X + 0.5 || y0 < 25 ||
            y1 > PDF_PAGE_H - 20) {
            fprintf(stderr, "word outside the type area: %.120s\n", p);
            fail();
        }
        words++;
    }
    assert_true(words > 100);
    free(html);
}

/* ---- line breaking ---------------------------------------------------------- */

static void test_text_break(void **state)
{
    (void)state;
    const metrics_fonts *f = fx->fonts;
    metrics_lines l = METRICS_LINES_INIT;
    const char *s = "Der Wert liegt über dem Durchschnitt aller Länder (Ø Länder: 53,5 Punkte).";
    metrics_text_break(f, METRICS_REGULAR, 10, s, strlen(s), 120, 0, &l);
    assert_true(l.n >= 3);
    assert_false(l.broke_word);
    /* Lines are within the width, cover the text in order, and only spaces
     * are dropped at the breaks. */
    buf joined = BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        assert_true(l.v[i].width <= 120);
        assert_true(fabs(l.v[i].width - metrics_text_width(f, METRICS_REGULAR, 10, s + l.v[i].off,
                                                           l.v[i].len)) < 1e-9);
        if (i) buf_putc(&joined, ' ');
        buf_append(&joined, s + l.v[i].off, l.v[i].len);
    }
    assert_string_equal(buf_cstr(&joined), s);
    buf_free(&joined);

    /* Empty text: no lines. */
    metrics_text_break(f, METRICS_REGULAR, 10, "", 0, 100, 0, &l);
    assert_int_equal(l.n, 0);
    metrics_text_break(f, METRICS_REGULAR, 10, "   ", 3, 100, 0, &l);
    assert_int_equal(l.n, 0);

    /* A word wider than the line is split between characters, never beyond it. */
    const char *url = "https://www.digitale-verwaltung.de/Webs/DV/DE/aktuelles-service/dashboard";
    const char *word = "Donaudampfschifffahrtsgesellschaftskapitän";
    metrics_text_break(f, METRICS_REGULAR, 10, word, strlen(word), 60, 0, &l);
    assert_true(l.n >= 3);
    assert_true(l.broke_word);
    size_t total = 0;
    for (size_t i = 0; i < l.n; i++) {
        assert_true(l.v[i].width <= 60);
        total += l.v[i].len;
    }
    assert_int_equal(total, strlen(word));
    /* UTF-8 is never cut inside a character. */
    for (size_t i = 0; i < l.n; i++)
        assert_true(((unsigned char)word[l.v[i].off] & 0xC0) != 0x80);
    /* URLs break after slashes first. */
    metrics_text_break(f, METRICS_REGULAR, 8, url, strlen(url), 150, 0, &l);
    assert_true(l.n >= 2);
    assert_int_equal(url[l.v[0].off + l.v[0].len - 1], '/');

    /* After a hyphen inside a word. */
    metrics_text_break(f, METRICS_BOLD, 12, "Mecklenburg-Vorpommern", 22, 100, 0, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].len, strlen("Mecklenburg-"));
    assert_false(l.broke_word);

    /* A character wider than the line still makes progress. */
    metrics_text_break(f, METRICS_REGULAR, 30, "WWW", 3, 5, 0, &l);
    assert_int_equal(l.n, 3);

    /* '\n' ends a line; "\n\n" leaves an empty one. */
    const char *para = "eins\nzwei\n\ndrei";
    assert_int_equal(metrics_text_break(f, METRICS_REGULAR, 10, para, strlen(para), 500, 0, &l),
                     strlen(para));
    assert_int_equal(l.n, 4);
    assert_int_equal(l.v[2].len, 0);
    /* At most max_lines lines; the return value says where the rest begins. */
    assert_int_equal(metrics_text_break(f, METRICS_REGULAR, 10, para, strlen(para), 500, 2, &l),
                     strlen("eins\nzwei\n"));
    assert_int_equal(l.n, 2);

    /* After an en dash between words; never after a leading minus. */
    double w2019 = metrics_str_width(f, METRICS_REGULAR, 10, "2019\xE2\x80\x93");
    metrics_text_break(f, METRICS_REGULAR, 10, "2019\xE2\x80\x93" "2023", 11, w2019 + 1, 0, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].len, 7);
    assert_false(l.broke_word);
    double wm = metrics_str_width(f, METRICS_REGULAR, 10, "Wert -");
    metrics_text_break(f, METRICS_REGULAR, 10, "Wert -5,0", 9, wm + 1, 0, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].len, 4); /* "Wert", then "-5,0" whole */
    metrics_lines_free(&l);
}

static void test_text_fit(void **state)
{
    (void)state;
    const metrics_fonts *f = fx->fonts;
    const char *name = "Landkreis Dillingen a.d. Donau";
    double w24 = metrics_str_width(f, METRICS_BOLD, 24, name);
    assert_true(pdf_text_fit_size(f, METRICS_BOLD, 24, 17, name, w24 + 1) == 24);
    double s = pdf_text_fit_size(f, METRICS_BOLD, 24, 10, name, w24 * 0.8);
    assert_true(s < 24 && s >= 10);
    assert_true(metrics_str_width(f, METRICS_BOLD, s, name) <= w24 * 0.8);
    assert_true(pdf_text_fit_size(f, METRICS_BOLD, 24, 17, name, 10) == 17);

    buf b = BUF_INIT;
    assert_false(pdf_text_ellipsize(f, METRICS_REGULAR, 10, "kurz", 100, &b));
    assert_string_equal(buf_cstr(&b), "kurz");
    assert_true(pdf_text_ellipsize(f, METRICS_REGULAR, 10, "Gigabit-Grundbuch der Länder", 60, &b));
    assert_true(metrics_str_width(f, METRICS_REGULAR, 10, buf_cstr(&b)) <= 60);
    assert_non_null(strstr(buf_cstr(&b), "…"));
    buf_free(&b);
}

static void test_encode(void **state)
{
    (void)state;
    pdf_doc pd;
    memset(&pd, 0, sizeof pd);
    const char *s = "Ä ö ß € „x“ – ≥ ≤ − ≈ → \x01";
    const char *e = pdf_doc_encode(&pd, s, strlen(s));
    assert_string_equal(e, "\xC4 \xF6 \xDF \x80 \x84x\x93 \x96 \x81 \x8D \x8F \x90 \x9D  ");
    /* Unmappable characters become '?', never bytes libharu would stop at. */
    e = pdf_doc_encode(&pd,
                       "a\xE4\xB8\xAD"
                       "b",
                       5);
    assert_string_equal(e, "a?b");
    buf_free(&pd.text);
}

/* ---- tables -------------------------------------------------------------------- */

/* Page breaks leave at least two rows on either side and never part a row
 * glued to the one above. */
static void test_table_keep(void **state)
{
    (void)state;
    const double h[8] = {1, 2, 4, 8, 16, 32, 64, 128};
    /* 8 rows: no break before row 1 or row 7. */
    assert_true(pdf_table_keep(h, NULL, 8, 0) == 2);
    assert_true(pdf_table_keep(h, NULL, 8, 1) == 0);
    assert_true(pdf_table_keep(h, NULL, 8, 3) == 0);
    assert_true(pdf_table_keep(h, NULL, 8, 6) == 128);
    /* Up to PDF_TABLE_WHOLE_ROWS rows a table never breaks: row 0 keeps
     * all the others. */
    assert_true(pdf_table_keep(h, NULL, 6, 0) == 2 + 4 + 8 + 16 + 32);
    assert_true(pdf_table_keep(h, NULL, 6, 4) == 32);
    /* 3 rows: never split. */
    assert_true(pdf_table_keep(h, NULL, 3, 0) == 2 + 4);
    assert_true(pdf_table_keep(h, NULL, 1, 0) == 0);
    /* Row 3 glued to row 2: row 1 keeps nothing, row 2 keeps row 3. */
    const bool glued[8] = {false, false, false, true, false, false, false, false};
    assert_true(pdf_table_keep(h, glued, 8, 2) == 8);
    assert_true(pdf_table_keep(h, glued, 8, 1) == 0);
    /* The start of a table: header and the first two rows. */
    pdf_doc pd;
    memset(&pd, 0, sizeof pd);
    pd.mf = fx->fonts;
    pdf_col cols[1] = {{"Kopf", 100, PDF_LEFT}};
    pdf_table t;
    pdf_table_begin(&t, &pd, 0, cols, 1, 7.5);
    double hh = pdf_table_header_height(&t);
    assert_true(hh > 7.5);
    assert_true(fabs(pdf_table_start_height(&t, h, NULL, 8) - (hh + 1 + 2)) < 1e-9);
    metrics_lines_free(&pd.lines);
    buf_free(&pd.text);
    buf_free(&pd.tmp);
}

/* ---- documents ------------------------------------------------------------------ */

static void test_briefing_land(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->mini, LEVEL_LAND, "01");
    buf a = BUF_INIT, b = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    assert_true(a.len > 1000);
    assert_memory_equal(a.data, "%PDF-1.7\n", 9); /* packed: pdf_pack.h */
    assert_non_null(strstr(a.data + a.len - 8, "%%EOF"));
    /* Deterministic: the same bytes every time (no dates, no /ID). */
    assert_true(pdf_render_briefing(fx->r, v, &b, &fx->d));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_null(memmem(a.data, a.len, "/ID", 3));
    assert_null(memmem(a.data, a.len, "CreationDate", 12));
    /* Appends: a second render into the same buffer adds a second PDF. */
    assert_true(pdf_render_briefing(fx->r, v, &b, &fx->d));
    assert_int_equal(b.len, 2 * a.len);
    assert_true(a.len <= 60 * 1024);

    char *path = save(&a, "01-nordland.pdf");
    check_document(path, "Nordland – Testindex 2025");
    check_text_inside(path);
    if (have("pdftotext")) {
        char *text = run("pdftotext '%s' -", path);
        assert_contains(text, "Nordland");
        assert_contains(text, "Rang");
        assert_contains(text, "43,4");
        assert_contains(text, "Bürgerservices");
        assert_contains(text, "Südland"); /* in the ranking */
        assert_contains(text, v->sentences[0]);
        assert_contains(text, "Alle Werte im Detail");
        assert_contains(text, "Vorbild der Indikatoren"); /* sample data: the sources are a model only */
        assert_contains(text, "keine Ergebnisse von ÖFIT");
        assert_contains(text, "Methode");
        free(text);
    }
    free(path);
    buf_free(&a);
    buf_free(&b);
    view_briefing_free(v);
}

static void test_briefing_kreis(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->mini, LEVEL_KREIS, "03002");
    buf a = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    char *path = save(&a, "03002.pdf");
    char *title = xasprintf("%s – Testindex 2025", v->name);
    check_document(path, title);
    check_text_inside(path);
    if (have("pdftotext")) {
        char *text = run("pdftotext '%s' -", path);
        assert_contains(text, v->name);
        assert_contains(text, "Rang 4 von 6 Kreisen bundesweit");
        assert_contains(text, "Kreise im Südland");
        free(text);
        assert_int_equal(pages_of(path), 2);
        assert_true(a.len <= 60 * 1024); /* the size target of a 2-page briefing */
    }
    free(title);
    free(path);
    buf_free(&a);
    view_briefing_free(v);
}

static void test_overview(void **state)
{
    (void)state;
    const view_overview *o = view_overview_build(&(view_input){fx->mini.ds, fx->mini.sc, 2025, -1, fx->w, NULL, {{0}}}, &fx->d);
    assert_non_null(o);
    buf a = BUF_INIT, b = BUF_INIT;
    assert_true(pdf_render_overview(fx->r, o, &a, &fx->d));
    assert_true(pdf_render_overview(fx->r, o, &b, &fx->d));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    char *path = save(&a, "gesamtbericht.pdf");
    check_document(path, "Gesamtbericht – Testindex 2025");
    check_text_inside(path);
    if (have("pdftotext")) {
        char *text = run("pdftotext -layout '%s' -", path);
        assert_contains(text, "Inhalt");
        assert_contains(text, "Rangfolge der Länder");
        for (size_t i = 0; i < o->n_laender; i++) assert_contains(text, o->laender[i].name);
        for (size_t i = 0; i < o->n_topics; i++) assert_contains(text, o->topics[i].name);
        assert_contains(text, "Methode");
        assert_contains(text, "Flächenländer und Stadtstaaten");
        assert_contains(text, "Themenfelder und ihre Gewichte");
        assert_contains(text, "keine Ergebnisse von ÖFIT");
        free(text);
        /* Compact: sections flow on; the mini fixture's report is short. */
        int pages = pages_of(path);
        assert_true(pages <= 5);
        /* The contents give the right page numbers: every "Title ….. N"
         * line of page 1 names a heading on page N. */
        char *toc = run("pdftotext -f 1 -l 1 -layout '%s' - | sed -n '/Inhalt/,$p'", path);
        size_t entries = 0;
        for (char *line = toc; *line;) {
            char *nl = strchr(line, '\n');
            if (nl) *nl = '\0';
            char *end = line + strlen(line);
            while (end > line && end[-1] == ' ') end--;
            char *num = end;
            while (num > line && num[-1] >= '0' && num[-1] <= '9') num--;
            char *dots = num;
            while (dots > line && (dots[-1] == ' ' || dots[-1] == '.')) dots--;
            if (num < end && dots > line && num - dots >= 3) {
                *dots = '\0';
                char *title = line;
                while (*title == ' ') title++;
                int page = atoi(num);
                assert_true(page >= 2 && page <= pages);
                char *pt = run("pdftotext -f %d -l %d '%s' -", page, page, path);
                assert_contains(pt, title);
                free(pt);
                entries++;
            }
            if (!nl) break;
            line = nl + 1;
        }
        assert_true(entries >= 5);
        free(toc);
    }
    if (have("qpdf")) {
        /* Bookmarks and the contents' links. */
        char *out =
            run("qpdf --qdf --object-streams=disable '%s' - | grep -a -c '/Subtype /Link'", path);
        assert_true(atoi(out) >= (int)(2 + o->n_topics));
        free(out);
        out =
            run("qpdf --qdf --object-streams=disable '%s' - | grep -a -c '/Type /Outlines'", path);
        assert_true(atoi(out) >= 1);
        free(out);
    }
    free(path);
    buf_free(&a);
    buf_free(&b);
    view_overview_free(o);
}

/* Umlauts, ß and the characters outside CP1252 come out of pdftotext intact. */
static void test_umlauts(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->mini, LEVEL_LAND, "03");
    free(v->sentences[0]);
    edit(v)->sentences[0] =
        xstrdup("Straße, Größe, Übersicht: ≥ 50 Mbit/s, −1,4 Punkte, „Zitat“ – Ende.");
    buf a = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    char *path = save(&a, "03-suedland.pdf");
    if (have("pdftotext")) {
        char *text = run("pdftotext '%s' -", path);
        assert_contains(text, "Südland");
        assert_contains(text, "Bürgerservices");
        assert_contains(text,
                        "Straße, Größe, Übersicht: ≥ 50 Mbit/s, −1,4 Punkte, „Zitat“ – Ende.");
        free(text);
    }
    if (have("pdfinfo")) {
        char *info = run("pdfinfo '%s'", path);
        assert_contains(info, "Title:           Südland – Testindex 2025");
        free(info);
    }
    free(path);
    buf_free(&a);
    view_briefing_free(v);
}

/* A 60-character name and hostile text: no PDF syntax breaks, the text
 * arrives verbatim, and nothing leaves the type area. */
static void test_hostile_text(void **state)
{
    (void)state;
    const char *name = "Landkreis Sankt Wendel-Neunkirchen-Homburg an der Saar (Ost)";
    assert_int_equal(strlen(name), 60);
    /* A long name, a long word and a URL full of PDF syntax in the data. */
    pipeline p;
    pipeline_run(&p, "tests/fixtures/mini", &fx->d);
    assert_non_null(p.sc);
    size_t ri = dataset_find_region(p.ds, "01002");
    free(p.ds->regions[ri].name);
    p.ds->regions[ri].name = xstrdup(name);
    tree *tr = &p.ds->editions[p.ds->n_editions - 1].levels[LEVEL_KREIS].tree; /* 2025 */
    free(tr->nodes[1].name);
    tr->nodes[1].name =
        xstrdup("Ein_sehr_langes_Wort_ohne_jede_Gelegenheit_zum_Umbrechen_XXXXXXXXXXXXXXXXXXXXXXX");
    for (int i = 0; i < tr->n_nodes; i++)
        if (tr->nodes[i].leaf >= 0) {
            free(tr->nodes[i].url);
            tr->nodes[i].url = xstrdup("https://example.org/a)b(c\\d%20e");
            break;
        }
    const view_briefing *v = view_briefing_build(&(view_input){p.ds, p.sc, 2025, -1, fx->w, NULL, {{0}}},
                                                  LEVEL_KREIS, p.ds->regions[ri].row, &fx->d);
    assert_non_null(v);
    /* And a sentence full of it. */
    free(v->sentences[0]);
    edit(v)->sentences[0] = xstrdup("<script>alert('x')</script> \"Anführung\" (Klammer ) \\ Backslash "
                                    "%s %n endobj stream) \x01\x1f Ende");
    buf a = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    char *path = save(&a, "hostile.pdf");
    char *title = xasprintf("%s – Testindex 2025", name);
    check_document(path, title);
    check_text_inside(path);
    if (have("pdftotext")) {
        char *text = run("pdftotext -raw '%s' -", path);
        assert_contains(text, "<script>alert('x')</script> \"Anführung\" (Klammer ) \\ Backslash "
                              "%s %n endobj stream)");
        assert_contains(text, "Landkreis Sankt Wendel-Neunkirchen-Homburg an der Saar");
        free(text);
    }
    free(title);
    free(path);
    buf_free(&a);
    view_briefing_free(v);
    pipeline_free(&p);
}

/* The bundled data: Bayern (with the map), Bremen, two Kreise with long
 * names. Table header on every page of the table; 2–4 pages. */
static void test_bundled(void **state)
{
    (void)state;
    pdf_renderer_set_map(fx->r, fx->map);
    const struct {
        level lv;
        const char *ags;
    } cases[] = {
        {LEVEL_LAND, "09"},     {LEVEL_LAND, "04"},     {LEVEL_LAND, "13"},
        {LEVEL_KREIS, "10041"}, {LEVEL_KREIS, "09773"}, {LEVEL_KREIS, "16063"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const view_briefing *v = briefing(&fx->data, cases[k].lv, cases[k].ags);
        buf a = BUF_INIT;
        assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
        char *file = xasprintf("%s.pdf", v->file_stem);
        char *path = save(&a, file);
        char *title = xasprintf("%s – Digitalindex Deutschland 2025", v->name);
        check_document(path, title);
        check_text_inside(path);
        if (have("pdftotext")) {
            int n = pages_of(path);
            /* Up to 4 pages, plus the maps of the Kreise or Gemeinden and, for
             * the 96 Kreise of Bayern, a ranking page of its own. */
            assert_true(n >= 2 && n <= 7);
            for (int i = 2; i <= n; i++) {
                char *text = run("pdftotext -f %d -l %d -layout '%s' -", i, i, path);
                /* A page with indicator rows has the table header. */
                bool rows = strstr(text, cases[k].lv == LEVEL_LAND ? "\n  I1" : "\n  K1") ||
                            strstr(text, cases[k].lv == LEVEL_LAND ? "\n  I2" : "\n  K0");
                if (rows) assert_contains(text, "Bezeichnung");
                /* The causes of the change sit under their heading. */
                if (strstr(text, "Veränderung des Indexwerts"))
                    assert_contains(text, "Veränderung seit 2023");
                free(text);
            }
            char *text = run("pdftotext '%s' -", path);
            assert_contains(text, v->name);
            assert_contains(text, v->index_score_de);
            if (cases[k].lv == LEVEL_LAND) assert_contains(text, "Haushalte mit ≥ 50 Mbit/s");
            free(text);
        }
        free(title);
        free(path);
        free(file);
        buf_free(&a);
        view_briefing_free(v);
    }
    /* The Gesamtbericht of the bundled data: the same checks (fonts ≥ 6 pt,
     * footers, text inside the type area), and it says whose index it is not. */
    const view_overview *o = view_overview_build(
        &(view_input){fx->data.ds, fx->data.sc, 2025, -1, fx->w, NULL, {{0}}}, &fx->d);
    assert_non_null(o);
    buf a = BUF_INIT;
    assert_true(pdf_render_overview(fx->r, o, &a, &fx->d));
    char *path = save(&a, "gesamtbericht-data.pdf");
    check_document(path, "Gesamtbericht – Digitalindex Deutschland 2025");
    check_text_inside(path);
    if (have("pdftotext")) {
        char *text = run("pdftotext '%s' - | tr '\\n' ' '", path);
        assert_contains(text, "keine Ergebnisse von ÖFIT");
        assert_contains(text, "Flächenländer und Stadtstaaten");
        assert_contains(text, "Die Kreise");
        free(text);
    }
    free(path);
    buf_free(&a);
    view_overview_free(o);
    pdf_renderer_set_map(fx->r, NULL);
}

typedef struct job {
    const view_briefing *v;
    buf out;
    bool ok;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    diag d = DIAG_INIT;
    j->ok = pdf_render_briefing(fx->r, j->v, &j->out, &d);
    diag_free(&d);
    return NULL;
}

/* One renderer, several threads: each gets the bytes a single thread gets. */
static void test_threads(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->data, LEVEL_LAND, "09");
    buf ref = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &ref, &fx->d));
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){v, BUF_INIT, false};
        assert_int_equal(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(jobs[i].ok);
        assert_int_equal(jobs[i].out.len, ref.len);
        assert_memory_equal(jobs[i].out.data, ref.data, ref.len);
        buf_free(&jobs[i].out);
    }
    buf_free(&ref);
    view_briefing_free(v);
}

/* The font files compressed through the renderer's cache (pdf_flate.h) give
 * the bytes libharu writes when it compresses them itself (a renderer
 * without a cache), on the first use of a glyph set and on every later one,
 * and for documents with other glyph sets in between. */
static void test_font_flate_cache(void **state)
{
    (void)state;
    struct pdf_renderer plain = *fx->r;
    plain.font_flate = NULL;
    pdf_renderer_set_map(fx->r, fx->map);
    plain.map = fx->map;
    const char *ags[] = {"09", "01", "09", "09162", "01"};
    for (size_t i = 0; i < sizeof ags / sizeof ags[0]; i++) {
        level lv = strlen(ags[i]) == 2 ? LEVEL_LAND : LEVEL_KREIS;
        const view_briefing *v = briefing(&fx->data, lv, ags[i]);
        buf a = BUF_INIT, b = BUF_INIT;
        assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
        assert_true(pdf_render_briefing(&plain, v, &b, &fx->d));
        assert_non_null(memmem(a.data, a.len, "/Length1 ", 9)); /* a font file is embedded */
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        buf_free(&a);
        buf_free(&b);
        view_briefing_free(v);
    }
}

/* Inflates data[0, n) (a zlib stream) with zlib; the bytes, or NULL. */
static char *inflate_all(const char *data, size_t n, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK) return NULL;
    size_t cap = 4 * n + 1024, len = 0;
    char *out = xmalloc(cap);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)n;
    int rc;
    do {
        if (len == cap) out = xrealloc(out, cap *= 2);
        zs.next_out = (Bytef *)out + len;
        zs.avail_out = (uInt)(cap - len);
        rc = inflate(&zs, Z_NO_FLUSH);
        len = cap - zs.avail_out;
    } while (rc == Z_OK);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || zs.avail_in != 0) {
        free(out);
        return NULL;
    }
    *out_len = len;
    return out;
}


/* canvas_pdf_text_out writes what HPDF_Page_BeginText, _TextOut and _EndText
 * write, canvas_pdf_set_rgb what HPDF_Page_SetRGBFill and _SetRGBStroke write: two documents, one shown each way, save to the same bytes (the
 * font's used characters and widths included), and the page is left in the
 * same state. Texts: plain, every character libharu escapes, bytes above
 * 0x7E, spaces only, a control byte, the empty string; two sizes, a negative
 * and a fractional position; colours; then a path, which needs
 * page-description mode. */
static HPDF_Doc text_doc(bool direct, buf *saved)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_non_null(pdf);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE);
    const char *name = HPDF_LoadTTFontFromFile(pdf, METRICS_FONT_REGULAR, HPDF_TRUE);
    assert_non_null(name);
    HPDF_Font font = HPDF_GetFont(pdf, name, "WinAnsiEncoding");
    HPDF_Page page = HPDF_AddPage(pdf);
    static const char *texts[] = {"Rang 3 von 16", "a(b)c\\d%e#f/g<h>i[j]k{l}m",
                                  "Gr\xfc\xdf\x65 \x96 57,1 \x80", "   ", "x\x01y", ""};
    static const float pos[][2] = {{72, 700}, {-3.25f, 12.5f}, {100.123456f, 0.000004f}};
    buf scratch = BUF_INIT;
    for (size_t k = 0; k < 2; k++) {
        HPDF_Page_SetFontAndSize(page, font, k ? 7.5f : 10);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            for (size_t j = 0; j < sizeof pos / sizeof *pos; j++) {
                if (direct) {
                    HPDF_STATUS st = canvas_pdf_text_out(page, pos[j][0], pos[j][1], texts[i],
                                                         HPDF_Page_TextWidth(page, texts[i]),
                                                         &scratch);
                    assert_int_equal(st, HPDF_OK);
                } else {
                    HPDF_Page_BeginText(page);
                    HPDF_Page_TextOut(page, pos[j][0], pos[j][1], texts[i]);
                    HPDF_Page_EndText(page);
                }
            }
    }
    static const uint32_t colors[] = {0x000000, 0xFFFFFF, 0x1F77B4, 0x808080, 0x00FF01};
    for (size_t i = 0; i < sizeof colors / sizeof *colors; i++)
        for (int stroke = 0; stroke < 2; stroke++) {
            uint32_t c = colors[i];
            HPDF_REAL r = (HPDF_REAL)((c >> 16) / 255.0), g = (HPDF_REAL)(((c >> 8) & 0xFF) / 255.0),
                      b = (HPDF_REAL)((c & 0xFF) / 255.0);
            if (direct)
                assert_int_equal(canvas_pdf_set_rgb(page, stroke, c, &scratch), HPDF_OK);
            else if (stroke)
                HPDF_Page_SetRGBStroke(page, r, g, b);
            else
                HPDF_Page_SetRGBFill(page, r, g, b);
            HPDF_RGBColor now = stroke ? HPDF_Page_GetRGBStroke(page) : HPDF_Page_GetRGBFill(page);
            buf_printf(saved, "%d %.9g %.9g %.9g %d\n", stroke, now.r, now.g, now.b,
                       (int)(stroke ? HPDF_Page_GetStrokingColorSpace(page)
                                    : HPDF_Page_GetFillingColorSpace(page)));
        }
    HPDF_Page_MoveTo(page, 1, 2);
    HPDF_Page_LineTo(page, 3, 4);
    HPDF_Page_Stroke(page);
    HPDF_TransMatrix m = HPDF_Page_GetTextMatrix(page);
    HPDF_Point p = HPDF_Page_GetCurrentTextPos(page);
    buf_printf(saved, "gmode %u matrix %g %g %g %g %g %g pos %g %g\n",
               (unsigned)HPDF_Page_GetGMode(page), m.a, m.b, m.c, m.d, m.x, m.y, p.x, p.y);
    buf_free(&scratch);
    assert_int_equal(HPDF_GetError(pdf), HPDF_OK);
    assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    buf_reserve(saved, size);
    HPDF_ResetStream(pdf);
    HPDF_UINT32 got = size;
    HPDF_ReadFromStream(pdf, (HPDF_BYTE *)saved->data + saved->len, &got);
    assert_int_equal(got, size);
    saved->len += got;
    return pdf;
}

static void test_text_out_direct(void **state)
{
    (void)state;
    buf a = BUF_INIT, b = BUF_INIT;
    HPDF_Doc pa = text_doc(false, &a), pb = text_doc(true, &b);
    assert_true(a.len > 1000);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* The escapes and the skipped text are really in the stream. */
    assert_non_null(memmem(a.data, a.len, "(a\\050b\\051c\\134d\\045e", 22));
    assert_null(memmem(a.data, a.len, "() Tj", 5));
    HPDF_Free(pa);
    HPDF_Free(pb);
    buf_free(&a);
    buf_free(&b);
}

/* The content streams (libdeflate, pdf_doc.c) are zlib streams any reader
 * inflates: every Flate stream of a briefing inflates with zlib to its
 * whole length, and the pages' contents draw text. */
static void test_streams_inflate(void **state)
{
    (void)state;
    pdf_renderer_set_map(fx->r, fx->map);
    const view_briefing *v = briefing(&fx->data, LEVEL_KREIS, "09162");
    buf pdf = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &pdf, &fx->d));
    size_t n_flate = 0, n_text = 0;
    const char *p = pdf.data, *end = pdf.data + pdf.len;
    for (;;) {
        const char *st = memmem(p, (size_t)(end - p), ">>\nstream\r\n", 11);
        if (!st) break;
        const char *data = st + 11;
        const char *dict = st;
        while (dict > pdf.data && memcmp(dict, "obj", 3) != 0) dict--;
        const char *stop = memmem(data, (size_t)(end - data), "\nendstream", 10);
        assert_non_null(stop);
        if (memmem(dict, (size_t)(st - dict), "/FlateDecode", 12)) {
            size_t len = 0;
            char *raw = inflate_all(data, (size_t)(stop - data), &len);
            if (!raw) fail_msg("a Flate stream at byte %zu does not inflate", (size_t)(data - pdf.data));
            n_flate++;
            n_text += memmem(raw, len, "BT\n", 3) != NULL;
            free(raw);
        }
        p = stop;
    }
    assert_true(n_flate >= 5); /* pages, fonts, the object and xref streams */
    assert_true(n_text >= 3);  /* the pages */
    buf_free(&pdf);
    view_briefing_free(v);
}

static void copy_file(const char *from, const char *to)
{
    char *cmd = xasprintf("cp '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* A missing font file is an error naming the file and the package; no fallback. */
static void test_missing_font(void **state)
{
    (void)state;
    char *reg = xasprintf("%s/Regular.ttf", fx->dir), *bold = xasprintf("%s/Bold.ttf", fx->dir);
    copy_file(METRICS_FONT_REGULAR, reg);
    copy_file(METRICS_FONT_BOLD, bold);
    diag d = DIAG_INIT;
    metrics_fonts *f = metrics_fonts_load(reg, bold, &d);
    assert_non_null(f);
    unlink(bold);
    pdf_renderer *r = pdf_renderer_new(f, &d);
    assert_null(r);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.entries[0].file, bold);
    assert_non_null(strstr(d.entries[0].hint, METRICS_FONT_PACKAGE));
    /* Not a font at all. */
    FILE *junk = fopen(bold, "w");
    assert_non_null(junk);
    fputs("not a font", junk);
    fclose(junk);
    assert_null(pdf_renderer_new(f, &d));
    assert_int_equal(d.errors, 2);
    /* An sfnt header with nothing libharu can use: refused by libharu. */
    static const unsigned char sfnt[] = {0, 1, 0, 0, 0, 1, 0, 16, 0, 0, 0, 0, 'a', 'b', 'c', 'd',
                                         0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 4, 1,   2,   3,   4};
    junk = fopen(bold, "wb");
    assert_non_null(junk);
    assert_int_equal(fwrite(sfnt, 1, sizeof sfnt, junk), sizeof sfnt);
    fclose(junk);
    assert_null(pdf_renderer_new(f, &d));
    assert_int_equal(d.errors, 3);
    assert_string_equal(d.entries[2].file, bold);
    assert_null(pdf_renderer_new(NULL, &d));
    metrics_fonts_free(f);
    diag_free(&d);
    unlink(reg);
    unlink(bold);
    free(reg);
    free(bold);
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return (unsigned char *)buf_detach(&b);
}

/* The subset fonts draw exactly what the whole fonts draw: same pixels, same
 * extracted text, on every page of a long briefing. */
static void test_font_subset_pixels(void **state)
{
    (void)state;
    if (!have("pdftoppm") || !have("pdftotext")) return;
    /* A renderer with the whole font files (only 'post' reduced). */
    struct pdf_renderer full = {fx->fonts, {NULL, NULL}, {0, 0}, fx->map, false, NULL, NULL, NULL};
    const char *paths[2] = {METRICS_FONT_REGULAR, METRICS_FONT_BOLD};
    for (int w = 0; w < 2; w++) {
        full.ttf[w] = read_all(paths[w], &full.ttf_len[w]);
        assert_true(pdf_font_reduce_post(full.ttf[w], full.ttf_len[w]));
        assert_true(fx->r->ttf_len[w] < full.ttf_len[w] / 4); /* the subset is small */
    }
    pdf_renderer_set_map(fx->r, fx->map);
    const view_briefing *v = briefing(&fx->data, LEVEL_LAND, "09");
    free(v->sentences[0]);
    edit(v)->sentences[0] = xstrdup("Alle Zeichen: ÄÖÜäöüß € „“ ‚‘ « » – — … · Ø ± × ÷ ° § © ® ™ ≥ ≤ − ≈ → "
                              "àáâãåæçèéêëìíîïðñòóôõùúûýþÿ ÀÁÂÃÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÙÚÛÝÞŸŠšŽžŒœƒ");
    buf a = BUF_INIT, b = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    assert_true(pdf_render_briefing(&full, v, &b, &fx->d));
    assert_true(a.len + 8000 < b.len);
    char *pa = save(&a, "subset.pdf"), *pb = save(&b, "full.pdf");
    char *ta = run("pdftotext '%s' -", pa), *tb = run("pdftotext '%s' -", pb);
    assert_string_equal(ta, tb);
    assert_contains(ta, "Alle Zeichen: ÄÖÜäöüß € „“ ‚‘ « » – — … · Ø ± × ÷ ° § © ® ™ ≥ ≤ − ≈ →");
    char *cmp = run("cd '%s' && pdftoppm -r 72 -png subset.pdf s && pdftoppm -r 72 -png full.pdf f && "
                    "n=0; for x in s-*.png; do cmp -s \"$x\" \"f${x#s}\" || echo \"differs: $x\"; "
                    "n=$((n+1)); done; echo \"pages: $n\"",
                    fx->dir);
    assert_null(strstr(cmp, "differs"));
    assert_non_null(strstr(cmp, "pages: 4"));
    free(cmp);
    free(ta);
    free(tb);
    free(pa);
    free(pb);
    buf_free(&a);
    buf_free(&b);
    view_briefing_free(v);
    pdf_renderer_set_map(fx->r, NULL);
    free(full.ttf[0]);
    free(full.ttf[1]);
}

/* Damaged font data never crashes the subsetter (run under ASan by make check). */
static void test_font_subset_damaged(void **state)
{
    (void)state;
    size_t len;
    unsigned char *ttf = read_all(METRICS_FONT_REGULAR, &len);
    uint32_t cps[PDF_DOC_MAX_CODE_POINTS];
    size_t n = pdf_doc_code_points(cps, PDF_DOC_MAX_CODE_POINTS);
    assert_true(n > 200);
    buf out = BUF_INIT;
    assert_true(pdf_font_subset(ttf, len, cps, n, &out));
    assert_true(out.len > 1000 && out.len < len / 4);
    /* Truncated files. */
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) pdf_font_subset(ttf, cut, cps, n, &out);
    /* Flipped bytes in the table directory and the tables we parse. */
    /* The tables the subsetter parses, to aim flips at. */
    size_t aim_off[4] = {0}, aim_len[4] = {400, 0, 0, 0}, n_aim = 1;
    size_t tables = (size_t)ttf[4] << 8 | ttf[5];
    for (size_t i = 0; i < tables; i++) {
        const unsigned char *e = ttf + 12 + 16 * i;
        if (memcmp(e, "cmap", 4) && memcmp(e, "loca", 4) && memcmp(e, "hhea", 4)) continue;
        aim_off[n_aim] = (size_t)e[8] << 24 | (size_t)e[9] << 16 | (size_t)e[10] << 8 | e[11];
        aim_len[n_aim++] = (size_t)e[12] << 24 | (size_t)e[13] << 16 | (size_t)e[14] << 8 | e[15];
    }
    assert_int_equal(n_aim, 4);
    uint32_t seed = 12345;
    unsigned char *copy = malloc(len);
    for (int round = 0; round < 400; round++) {
        memcpy(copy, ttf, len);
        size_t t = (size_t)round % 5;
        for (int k = 0; k < 8; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = t < 4 ? aim_off[t] + (seed >> 8) % aim_len[t] : (seed >> 8) % len;
            copy[at] ^= (unsigned char)(seed >> 3);
        }
        pdf_font_subset(copy, len, cps, n, &out);
    }
    /* Not a font. */
    assert_false(pdf_font_subset((const unsigned char *)"OTTO", 4, cps, n, &out));
    assert_int_equal(out.len, 0);
    free(copy);
    free(ttf);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_break),     cmocka_unit_test(test_text_fit),
        cmocka_unit_test(test_encode),         cmocka_unit_test(test_table_keep),
        cmocka_unit_test(test_briefing_land),
        cmocka_unit_test(test_briefing_kreis), cmocka_unit_test(test_overview),
        cmocka_unit_test(test_umlauts),        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_bundled),        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_missing_font),
        cmocka_unit_test(test_font_subset_pixels),
        cmocka_unit_test(test_font_subset_damaged),
        cmocka_unit_test(test_font_flate_cache),
        cmocka_unit_test(test_streams_inflate),
        cmocka_unit_test(test_text_out_direct),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
