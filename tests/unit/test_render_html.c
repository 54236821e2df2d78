/* Tests of the HTML site and the per-region CSV on the mini fixture:
 * hostile names, units, sources and URLs in text, attributes and chart SVG;
 * which URLs become links; a golden page for one Land; every page of an
 * edition with its internal links; thread safety and determinism; the region
 * CSV read back as German Excel would.
 *
 * The golden page is tests/golden/html/01-nordland.html; DIGINDEX_GOLDEN_UPDATE=1
 * rewrites it. DIGINDEX_SITE_OUT=DIR writes the whole mini site into DIR (for
 * tests/suites/web.sh until `digindex build` writes the pages itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo.h"
#include "metrics.h"
#include "pipeline.h"
#include "region_csv.h"
#include "render_html.h"
#include "view.h"
#include "view_charts.h"
#include "wording.h"

#define GOLDEN "tests/golden/html/01-nordland.html"

typedef struct fixture {
    pipeline p;
    diag d;
    wording *w;
    metrics_fonts *fonts;
    geo_map *map;
    html_renderer *r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    pipeline_run(&f->p, "tests/fixtures/mini", &f->d);
    f->w = wording_load("templates", &f->d);
    f->fonts = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, &f->d);
    f->map = geo_map_load("data/map-laender.json", &f->d);
    if (f->fonts) f->r = html_renderer_new("templates", f->fonts, &f->d);
    if (f->r && f->map) html_renderer_set_map(f->r, f->map);
    *state = f;
    for (size_t i = 0; i < f->d.count; i++) {
        char *m = diag_format(&f->d.entries[i]);
        fprintf(stderr, "%s\n", m);
        free(m);
    }
    return f->p.sc && f->w && f->r && f->map ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    html_renderer_free(f->r);
    geo_map_free(f->map);
    metrics_fonts_free(f->fonts);
    wording_free(f->w);
    pipeline_free(&f->p);
    diag_free(&f->d);
    free(f);
    return 0;
}

static const view_briefing *briefing(fixture *f, level lv, const char *ags)
{
    size_t ri = dataset_find_region(f->p.ds, ags);
    assert_true(ri != SIZE_MAX);
    const view_briefing *v = view_briefing_build(&(view_input){f->p.ds, f->p.sc, 2025, -1, f->w, NULL, {{0}}}, lv,
                                                  f->p.ds->regions[ri].row, &f->d);
    assert_non_null(v);
    return v;
}

static const view_overview *overview(fixture *f)
{
    const view_overview *o = view_overview_build(&(view_input){f->p.ds, f->p.sc, 2025, -1, f->w, NULL, {{0}}}, &f->d);
    assert_non_null(o);
    return o;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_append(&b, chunk, n);
    fclose(fp);
    *len = b.len;
    return buf_detach(&b);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) fail_msg("cannot write %s: %s", path, strerror(errno));
    if (len) assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

static void mkdirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            mkdir(p, 0755);
            *s = '/';
        }
    mkdir(p, 0755);
    free(p);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static void replace(char **field, const char *s)
{
    free(*field);
    *field = xstrdup(s);
}

/* ---- URLs ----------------------------------------------------------------- */

static void test_url_safety(void **state)
{
    (void)state;
    const char *ok[] = {"https://www.destatis.de/DE/Themen/x.html", "http://example.org",
                        "HTTPS://EXAMPLE.ORG/a?b=1&c=2#x", "https://example.org/a'b"};
    const char *bad[] = {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                         "data:text/html,<script>alert(1)</script>", "vbscript:x", "",
                         "//example.org", "/etc/passwd", "ftp://example.org", "https://",
                         "https:///path", "https://example.org/\" onmouseover=\"alert(1)",
                         "https://example.org/<script>", "https://exa mple.org",
                         "https://example.org/\tx", "http:example.org", "https://@evil"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!html_url_is_safe(ok[i])) fail_msg("should link: %s", ok[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (html_url_is_safe(bad[i])) fail_msg("should not link: %s", bad[i]);
    assert_false(html_url_is_safe(NULL));
}

/* ---- hostile data ---------------------------------------------------------- */

static const char *const hostile_names[] = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</title><script>alert(2)</script>",
};

/* Nothing executable may appear outside the page's own markup. */
static void assert_inert(const char *html, const char *what)
{
    if (strstr(html, "<script>alert")) fail_msg("%s: raw <script> from the data", what);
    if (strstr(html, "<img")) fail_msg("%s: raw <img> from the data", what);
    if (strstr(html, "<svg onload")) fail_msg("%s: raw <svg onload> from the data", what);
    if (strstr(html, "href=\"javascript:") || strstr(html, "href=\"JaVaScRiPt:") ||
        strstr(html, "href=\"data:"))
        fail_msg("%s: a javascript:/data: URL became a link", what);
    if (strstr(html, " onerror=") && !strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        fail_msg("%s: onerror outside escaped text", what);
    /* Every quote in an attribute value context is escaped: no attribute
     * injected after a data value. */
    if (strstr(html, "\" onmouseover=") || strstr(html, "' onload=") || strstr(html, "\" onload="))
        fail_msg("%s: attribute injection", what);
}

/* Makes every name, unit, source and URL of the data hostile: the views are
 * built from the data, so that is where hostile text has to come from. */
static void make_hostile(dataset *ds, const char *land_name, const char *kreis_name,
                         const char *node_name, const char *source, const char *const urls[2],
                         const char *title)
{
    for (size_t i = 0; i < ds->n_regions; i++) {
        region *rg = &ds->regions[i];
        replace(&rg->name, rg->level == LEVEL_LAND ? land_name : kreis_name);
        if (rg->kind) replace(&rg->kind, kreis_name);
    }
    for (size_t e = 0; e < ds->n_editions; e++) {
        if (title) replace(&ds->editions[e].title, title);
        for (int l = 0; l < LEVEL_COUNT; l++) {
            tree *t = &ds->editions[e].levels[l].tree;
            int k = 0;
            for (int i = 0; i < t->n_nodes; i++) {
                node *n = &t->nodes[i];
                replace(&n->name, node_name);
                if (n->leaf < 0) continue;
                replace(&n->unit, node_name);
                replace(&n->source, source);
                replace(&n->url, urls[k++ % 2]);
            }
        }
    }
}

static void test_xss_briefing(void **state)
{
    fixture *f = *state;
    for (size_t h = 0; h < sizeof hostile_names / sizeof hostile_names[0]; h++) {
        const char *evil = hostile_names[h];
        pipeline p;
        diag d = DIAG_INIT;
        pipeline_run(&p, "tests/fixtures/mini", &d);
        assert_non_null(p.sc);
        static const char *const urls[2] = {"javascript:alert(1)",
                                            "https://example.org/\" onmouseover=\"alert(1)"};
        make_hostile(p.ds, evil, evil, evil, evil, urls, NULL);
        size_t ri = dataset_find_region(p.ds, "01001");
        const view_briefing *v = view_briefing_build(
            &(view_input){p.ds, p.sc, 2025, -1, f->w, NULL, {{0}}}, LEVEL_KREIS, p.ds->regions[ri].row, &d);
        assert_non_null(v);
        assert_true(v->n_sources >= 2);

        buf out = BUF_INIT;
        assert_true(html_render_briefing(f->r, v, NULL, &out, &d));
        const char *html = buf_cstr(&out);
        assert_inert(html, evil);
        /* The name shows as text: in <title>, <h1>, the breadcrumb, the charts. */
        buf esc = BUF_INIT;
        for (const char *q = evil; *q; q++) switch (*q) {
            case '<': buf_puts(&esc, "&lt;"); break;
            case '>': buf_puts(&esc, "&gt;"); break;
            case '"': buf_puts(&esc, "&quot;"); break;
            case '\'': buf_puts(&esc, "&#39;"); break;
            case '&': buf_puts(&esc, "&amp;"); break;
            default: buf_putc(&esc, *q);
            }
        char *h1 = xasprintf("<h1>%s</h1>", buf_cstr(&esc));
        assert_non_null(strstr(html, h1));
        free(h1);
        assert_true(count(html, buf_cstr(&esc)) >= 10);
        /* The unsafe URLs show as text, never as href. */
        assert_non_null(strstr(html, "(javascript:alert(1))"));
        assert_null(strstr(html, "href=\"javascript"));
        assert_null(strstr(html, "href=\"https://example.org/"));
        /* The chart SVG carries the name escaped too (its own escaping). */
        const char *svg = strstr(html, "<svg");
        assert_non_null(svg);
        assert_null(strstr(svg, "<script>alert"));
        /* The page's only <script> elements: none on a briefing page. */
        assert_int_equal(count(html, "<script"), 0);
        buf_free(&esc);
        buf_free(&out);
        view_briefing_free(v);
        pipeline_free(&p);
        diag_free(&d);
    }
}

static void test_xss_overview(void **state)
{
    fixture *f = *state;
    pipeline p;
    diag d = DIAG_INIT;
    pipeline_run(&p, "tests/fixtures/mini", &d);
    assert_non_null(p.sc);
    static const char *const urls[2] = {"data:text/html,x", "JaVaScRiPt:alert(1)"};
    make_hostile(p.ds, hostile_names[1], hostile_names[0], hostile_names[1], hostile_names[2],
                 urls, hostile_names[3]);
    const view_overview *o =
        view_overview_build(&(view_input){p.ds, p.sc, 2025, -1, f->w, NULL, {{0}}}, &d);
    assert_non_null(o);
    bool (*pages[])(const html_renderer *, const view_overview *, buf *, diag *) = {
        html_render_index, html_render_kreise, html_render_method, html_render_sources};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        buf out = BUF_INIT;
        assert_true(pages[i](f->r, o, &out, &d));
        assert_inert(buf_cstr(&out), "overview page");
        assert_non_null(strstr(buf_cstr(&out), "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
        /* Only the Kreise page has a script: the filter. */
        assert_int_equal(count(buf_cstr(&out), "<script"), i == 1 ? 1 : 0);
        buf_free(&out);
    }
    html_extra *files;
    size_t n;
    assert_true(html_render_extras(f->r, o, &files, &n, &d));
    html_extras_free(files, n);
    view_overview_free(o);
    pipeline_free(&p);
    diag_free(&d);
}

/* ---- golden page ------------------------------------------------------------ */

static void test_golden_land(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_LAND, "01");
    buf out = BUF_INIT;
    assert_true(html_render_briefing(f->r, v, NULL, &out, &f->d));
    char *path = html_briefing_path(v);
    assert_string_equal(path, "laender/01-nordland.html");
    free(path);
    const char *update = getenv("DIGINDEX_GOLDEN_UPDATE");
    if (update && strcmp(update, "1") == 0) {
        mkdirs("tests/golden/html");
        write_file(GOLDEN, out.data, out.len);
    } else {
        size_t len = 0;
        char *want = read_file(GOLDEN, &len);
        if (!want) fail_msg("missing golden file %s (run with DIGINDEX_GOLDEN_UPDATE=1)", GOLDEN);
        if (len != out.len || memcmp(want, out.data, len) != 0) {
            write_file(GOLDEN ".got", out.data, out.len);
            free(want);
            fail_msg("%s differs from the output (written to %s.got); "
                     "DIGINDEX_GOLDEN_UPDATE=1 accepts it", GOLDEN, GOLDEN);
        }
        free(want);
    }
    buf_free(&out);
    view_briefing_free(v);
}

/* The content a journalist needs is on the page. */
static void test_briefing_content(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_KREIS, "03002");
    buf out = BUF_INIT;
    assert_true(html_render_briefing(f->r, v, NULL, &out, &f->d));
    const char *h = buf_cstr(&out);
    char *path = html_briefing_path(v);
    assert_string_equal(path, "kreise/03002-landkreis-weisstal.html");
    free(path);
    assert_non_null(strstr(h, "<html lang=\"de\">"));
    assert_non_null(strstr(h, "<h1>Landkreis Weißtal</h1>"));
    assert_non_null(strstr(h, "href=\"../pdf/03002-landkreis-weisstal.pdf\""));
    assert_non_null(strstr(h, "href=\"../downloads/03002-landkreis-weisstal.csv\""));
    assert_non_null(strstr(h, "href=\"../charts/03002-rangliste.svg\""));
    assert_non_null(strstr(h, "href=\"../charts/03002-rangliste.png\""));
    assert_non_null(strstr(h, "href=\"../laender/03-suedland.html\">Südland</a>"));
    assert_non_null(strstr(h, "href=\"../index.html\">Start</a>"));
    assert_non_null(strstr(h, "href=\"../kreise.html#land-03\""));
    assert_non_null(strstr(h, "Rang 4 von 6 Kreisen bundesweit"));
    /* The fixture's map has Länder shapes only: a Kreis among its Land's
     * Kreise needs Kreis shapes, so its page has no map. */
    assert_null(strstr(h, "href=\"../charts/03002-karte.svg\""));
    /* Every sentence of the PDF is on the page. */
    for (size_t i = 0; i < v->n_sentences; i++)
        if (!strstr(h, v->sentences[i]) && !strchr(v->sentences[i], '&'))
            fail_msg("sentence missing: %s", v->sentences[i]);
    /* Every chart: inline SVG with text, a description and a data table. */
    size_t charts = 0;
    for (const char *p = strstr(h, "<section class=\"chart\""); p; p = strstr(p + 1, "<section class=\"chart\"")) {
        charts++;
        const char *end = strstr(p, "</section>");
        assert_non_null(end);
        char *blk = xstrndup(p, (size_t)(end - p));
        assert_non_null(strstr(blk, "<svg"));
        assert_non_null(strstr(blk, "<text"));
        /* The text alternative is the SVG's own description, shown once:
         * no visible copy beside it, the data table folded in <details>. */
        assert_non_null(strstr(blk, "<desc id="));
        assert_null(strstr(blk, "<desc id=\"svg-netzdiagramm-desc\"></desc>"));
        assert_null(strstr(blk, "chart-desc"));
        assert_non_null(strstr(blk, "<details class=\"chart-table\">"));
        /* A second drawing for small screens, with ids of its own. */
        assert_non_null(strstr(blk, "<div class=\"svg-narrow\">"));
        assert_non_null(strstr(blk, "-schmal-title"));
        assert_non_null(strstr(blk, "<caption"));
        assert_non_null(strstr(blk, "scope=\"col\""));
        assert_non_null(strstr(blk, "scope=\"row\""));
        free(blk);
    }
    size_t want = 0;
    for (int k = 0; k < CHART_COUNT; k++)
        want += briefing_chart_applies(v, (briefing_chart)k, f->map);
    assert_int_equal(charts, want);
    assert_true(want >= 3);
    /* The indicator table has every row of the view. */
    for (size_t i = 0; i < v->n_rows; i++) {
        char *id = xasprintf("<span class=\"id\">%s</span>", v->rows[i].id);
        assert_non_null(strstr(h, id));
        free(id);
    }
    /* The page's ids are unique. */
    for (const char *p = strstr(h, " id=\""); p; p = strstr(p + 1, " id=\"")) {
        const char *e = strchr(p + 5, '"');
        char *needle = xasprintf(" id=\"%.*s\"", (int)(e - p - 5), p + 5);
        if (count(h, needle) != 1) fail_msg("duplicate %s", needle);
        free(needle);
    }
    buf_free(&out);
    view_briefing_free(v);
}

/* ---- whole site --------------------------------------------------------------- */

typedef struct site_file {
    char *path;
    buf data;
} site_file;

typedef struct site {
    site_file *files;
    size_t n;
} site;

static void site_add(site *s, char *path, buf *data)
{
    s->files = xrealloc(s->files, (s->n + 1) * sizeof *s->files);
    s->files[s->n].path = path;
    s->files[s->n].data = *data;
    s->n++;
    *data = (buf)BUF_INIT;
}

static void site_free(site *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->files[i].path);
        buf_free(&s->files[i].data);
    }
    free(s->files);
}

static const site_file *site_find(const site *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->files[i].path, path) == 0) return &s->files[i];
    return NULL;
}

/* Every page and file of edition 2025 the way the build will write them. */
static void site_build(fixture *f, site *s)
{
    const view_overview *o = overview(f);
    buf b = BUF_INIT;
    assert_true(html_render_index(f->r, o, &b, &f->d));
    site_add(s, xstrdup(HTML_INDEX_PATH), &b);
    assert_true(html_render_kreise(f->r, o, &b, &f->d));
    site_add(s, xstrdup(HTML_KREISE_PATH), &b);
    assert_true(html_render_method(f->r, o, &b, &f->d));
    site_add(s, xstrdup(HTML_METHOD_PATH), &b);
    assert_true(html_render_sources(f->r, o, &b, &f->d));
    site_add(s, xstrdup(HTML_SOURCES_PATH), &b);
    html_extra *ex;
    size_t nex;
    assert_true(html_render_extras(f->r, o, &ex, &nex, &f->d));
    for (size_t i = 0; i < nex; i++) site_add(s, xstrdup(ex[i].path), &ex[i].data);
    html_extras_free(ex, nex);
    view_overview_free(o);
    for (int l = 0; l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(f->p.sc, 2025, (level)l);
        if (!ls) continue;
        for (size_t r = 0; r < f->p.ds->n_level_regions[l]; r++) {
            const view_briefing *v = view_briefing_build(&(view_input){f->p.ds, f->p.sc, 2025, -1, f->w, NULL, {{0}}},
                                                          (level)l, r, &f->d);
            assert_non_null(v);
            assert_true(html_render_briefing(f->r, v, NULL, &b, &f->d));
            site_add(s, html_briefing_path(v), &b);
            assert_true(region_csv_write(&b, v));
            site_add(s, region_csv_path(v), &b);
            view_briefing_free(v);
        }
    }
}

/* Targets the build writes besides the site's own pages. */
static bool external_target(const char *path)
{
    return strncmp(path, "pdf/", 4) == 0 || strncmp(path, "charts/", 7) == 0 ||
           strncmp(path, "downloads/scores", 16) == 0 || strcmp(path, "gesamtbericht.pdf") == 0;
}

/* Resolves href (relative to page) into a site path; NULL for http(s) and #. */
static char *resolve(const char *page, const char *href, char **fragment)
{
    *fragment = NULL;
    if (strncmp(href, "http://", 7) == 0 || strncmp(href, "https://", 8) == 0) return NULL;
    const char *hash = strchr(href, '#');
    if (hash) *fragment = xstrdup(hash + 1);
    size_t hlen = hash ? (size_t)(hash - href) : strlen(href);
    if (hlen == 0) return xstrdup(page);
    const char *slash = strrchr(page, '/');
    buf p = BUF_INIT;
    if (slash) buf_append(&p, page, (size_t)(slash - page + 1));
    const char *h = href;
    while (hlen >= 3 && strncmp(h, "../", 3) == 0) {
        /* drop the last directory of p */
        if (p.len == 0) {
            /* Only to the previous edition's site beside this one. */
            const char *r = h + 3;
            bool sibling = strlen(r) == 15 && strcmp(r + 4, "/index.html") == 0;
            for (int k = 0; sibling && k < 4; k++) sibling = r[k] >= '0' && r[k] <= '9';
            if (sibling) {
                buf_free(&p);
                free(*fragment);
                *fragment = NULL;
                return NULL;
            }
            fail_msg("%s: link %s leaves the site", page, href);
        }
        p.len--;
        while (p.len > 0 && p.data[p.len - 1] != '/') p.len--;
        p.data[p.len] = 0;
        h += 3;
        hlen -= 3;
    }
    buf_append(&p, h, hlen);
    return buf_detach(&p);
}

static void test_site_links(void **state)
{
    fixture *f = *state;
    site s = {0};
    site_build(f, &s);
    size_t pages = 0, links = 0;
    for (size_t i = 0; i < s.n; i++) {
        const site_file *sf = &s.files[i];
        size_t pl = strlen(sf->path);
        if (pl < 5 || strcmp(sf->path + pl - 5, ".html") != 0) continue;
        pages++;
        const char *h = buf_cstr(&sf->data);
        assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"de\">", 32) == 0);
        for (const char *p = strstr(h, "href=\""); p; p = strstr(p + 1, "href=\"")) {
            const char *e = strchr(p + 6, '"');
            char *href = xstrndup(p + 6, (size_t)(e - p - 6));
            assert_null(strstr(href, "://") && strncmp(href, "http", 4) != 0 ? href : NULL);
            char *frag;
            char *target = resolve(sf->path, href, &frag);
            if (target) {
                links++;
                const site_file *t = site_find(&s, target);
                if (!t && !external_target(target))
                    fail_msg("%s: link %s -> %s: no such file", sf->path, href, target);
                if (t && frag) {
                    char *id = xasprintf("id=\"%s\"", frag);
                    if (!strstr(buf_cstr(&t->data), id))
                        fail_msg("%s: link %s: no %s in %s", sf->path, href, id, target);
                    free(id);
                }
            }
            free(frag);
            free(target);
            free(href);
        }
    }
    /* 4 overview pages + 4 Länder + 6 Kreise. */
    assert_int_equal(pages, 14);
    assert_true(links > 100);
    /* The Kreise overview lists every Kreis once, grouped by Land. */
    const char *k = buf_cstr(&site_find(&s, HTML_KREISE_PATH)->data);
    assert_int_equal(count(k, "<tr data-ags="), 6);
    assert_int_equal(count(k, "<section class=\"land-group\""), 4);
    const char *a = strstr(k, "id=\"land-01\""), *b = strstr(k, "id=\"land-03\"");
    assert_true(a && b && a < b);
    assert_true(strstr(k, ">Bergstadt<") < strstr(k, ">Landkreis Weißtal<"));
    /* Index: the Beispieldaten notice, every Land linked. */
    const char *ix = buf_cstr(&site_find(&s, HTML_INDEX_PATH)->data);
    assert_non_null(strstr(ix, "Beispieldaten"));
    assert_non_null(strstr(ix, "href=\"laender/03-suedland.html\""));
    assert_non_null(strstr(ix, "<svg"));
    /* Text files. */
    const char *z = buf_cstr(&site_find(&s, "downloads/zitiervorschlag.txt")->data);
    assert_non_null(strstr(z, "Testindex, Ausgabe 2025, veröffentlicht am 30. Juni 2025."));
    assert_null(strstr(z, "&#"));
    assert_null(strstr(z, "&amp;"));
    assert_non_null(site_find(&s, "assets/site.css"));
    assert_non_null(strstr(buf_cstr(&site_find(&s, "downloads/LIZENZ.txt")->data), "dl-de/by-2-0"));
    assert_non_null(strstr(buf_cstr(&site_find(&s, HTML_SOURCES_PATH)->data),
                           "© GeoBasis-DE / BKG 2018 (Daten verändert)"));

    const char *out_dir = getenv("DIGINDEX_SITE_OUT");
    if (out_dir && *out_dir) {
        for (size_t i = 0; i < s.n; i++) {
            char *path = xasprintf("%s/%s", out_dir, s.files[i].path);
            char *dir = xstrdup(path);
            *strrchr(dir, '/') = 0;
            mkdirs(dir);
            write_file(path, s.files[i].data.data, s.files[i].data.len);
            free(dir);
            free(path);
        }
    }
    site_free(&s);
}

/* ---- determinism and threads -------------------------------------------------- */

typedef struct job {
    fixture *f;
    const view_briefing *v;
    buf out;
    diag d;
    bool ok;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    j->ok = true;
    for (int i = 0; i < 3 && j->ok; i++) {
        buf_clear(&j->out);
        j->ok = html_render_briefing(j->f->r, j->v, NULL, &j->out, &j->d);
    }
    return NULL;
}

static void test_threads_deterministic(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_LAND, "02");
    buf ref = BUF_INIT;
    assert_true(html_render_briefing(f->r, v, NULL, &ref, &f->d));
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){f, v, BUF_INIT, DIAG_INIT, false};
        assert_int_equal(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(jobs[i].ok);
        assert_int_equal(jobs[i].out.len, ref.len);
        assert_memory_equal(jobs[i].out.data, ref.data, ref.len);
        buf_free(&jobs[i].out);
        diag_free(&jobs[i].d);
    }
    buf_free(&ref);
    view_briefing_free(v);
}

static void test_template_errors(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/digindex-html-XXXXXX";
    assert_non_null(mkdtemp(dir));
    diag d = DIAG_INIT;
    /* Missing templates: an error naming the file. */
    html_renderer *r = html_renderer_new(dir, f->fonts, &d);
    assert_null(r);
    assert_true(d.errors > 0);
    assert_non_null(strstr(d.entries[0].file ? d.entries[0].file : d.entries[0].message, "layout.mustache"));
    diag_free(&d);
    /* A broken template: file:line:col. */
    const char *names[] = {"layout", "briefing", "index", "kreise", "method", "sources",
                           "zitiervorschlag", "lizenz"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = xasprintf("%s/%s.mustache", dir, names[i]);
        const char *src = i == 2 ? "ok\n{{#open}}\n" : "ok\n";
        write_file(p, src, strlen(src));
        free(p);
    }
    char *css = xasprintf("%s/site.css", dir);
    write_file(css, "", 0);
    r = html_renderer_new(dir, f->fonts, &d);
    assert_null(r);
    assert_true(d.errors > 0);
    char *msg = diag_format(&d.entries[0]);
    assert_non_null(strstr(msg, "index.mustache:2:1"));
    free(msg);
    diag_free(&d);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = xasprintf("%s/%s.mustache", dir, names[i]);
        unlink(p);
        free(p);
    }
    unlink(css);
    free(css);
    rmdir(dir);
}

/* ---- region CSV ------------------------------------------------------------------ */

/* A CSV reader as German Excel reads: ';' separated, "" quoting, CRLF. */
typedef struct csv_table {
    char ***rows;
    size_t *n_cells;
    size_t n_rows;
} csv_table;

static csv_table csv_parse(const char *s, size_t len)
{
    csv_table t = {0};
    size_t i = 0;
    buf cell = BUF_INIT;
    char **cells = NULL;
    size_t nc = 0;
    while (i < len) {
        bool quoted = false;
        buf_clear(&cell);
        if (s[i] == '"') {
            quoted = true;
            i++;
            for (;;) {
                assert_true(i < len);
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        buf_putc(&cell, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf_putc(&cell, s[i++]);
            }
        }
        while (i < len && s[i] != ';' && s[i] != '\r' && s[i] != '\n') {
            assert_false(quoted); /* nothing after a closing quote */
            buf_putc(&cell, s[i++]);
        }
        cells = xrealloc(cells, (nc + 1) * sizeof *cells);
        cells[nc++] = xstrdup(buf_cstr(&cell));
        if (i < len && s[i] == ';') {
            i++;
            continue;
        }
        assert_true(i + 1 < len + 1 && s[i] == '\r' && s[i + 1] == '\n');
        i += 2;
        t.rows = xrealloc(t.rows, (t.n_rows + 1) * sizeof *t.rows);
        t.n_cells = xrealloc(t.n_cells, (t.n_rows + 1) * sizeof *t.n_cells);
        t.rows[t.n_rows] = cells;
        t.n_cells[t.n_rows++] = nc;
        cells = NULL;
        nc = 0;
    }
    assert_int_equal(nc, 0);
    buf_free(&cell);
    return t;
}

static void csv_free(csv_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cells[r]; c++) free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    free(t->n_cells);
}

static size_t col(const csv_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cells[0]; c++)
        if (strcmp(t->rows[0][c], name) == 0) return c;
    fail_msg("no column %s", name);
    return 0;
}

static void test_region_csv(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_LAND, "01");
    char *path = region_csv_path(v);
    assert_string_equal(path, "downloads/01-nordland.csv");
    free(path);
    view_briefing_free(v);
    /* Formulas in the data: a name, a source and a unit. */
    pipeline p;
    diag d = DIAG_INIT;
    pipeline_run(&p, "tests/fixtures/mini", &d);
    assert_non_null(p.sc);
    size_t ri = dataset_find_region(p.ds, "01");
    replace(&p.ds->regions[ri].name, "=HYPERLINK(\"http://evil\";\"Klick\")");
    tree *tr = &p.ds->editions[p.ds->n_editions - 1].levels[LEVEL_LAND].tree; /* 2025 */
    for (int i = 0; i < tr->n_nodes; i++)
        if (tr->nodes[i].leaf >= 0) {
            replace(&tr->nodes[i].source, "@SUM(A1:A9); \"zitiert\"");
            replace(&tr->nodes[i].unit, "-1+2");
            break;
        }
    v = view_briefing_build(&(view_input){p.ds, p.sc, 2025, -1, f->w, NULL, {{0}}}, LEVEL_LAND,
                            p.ds->regions[ri].row, &d);
    assert_non_null(v);
    buf out = BUF_INIT;
    assert_true(region_csv_write(&out, v));
    assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
    csv_table t = csv_parse(out.data + 3, out.len - 3);
    assert_int_equal(t.n_rows, v->n_rows + 1);
    for (size_t r = 0; r < t.n_rows; r++) assert_int_equal(t.n_cells[r], t.n_cells[0]);
    size_t c_ags = col(&t, "AGS"), c_region = col(&t, "Region"), c_id = col(&t, "ID"),
           c_raw = col(&t, "Rohwert"), c_unit = col(&t, "Einheit"), c_score = col(&t, "Punkte"),
           c_rank = col(&t, "Rang"), c_avg = col(&t, "Ø Länder"),
           c_change = col(&t, "Veränderung (Punkte)"), c_src = col(&t, "Quelle"),
           c_url = col(&t, "URL");
    (void)c_url;
    /* Row 1 is the index. */
    assert_string_equal(t.rows[1][c_ags], "01");
    assert_string_equal(t.rows[1][c_id], "DI");
    assert_string_equal(t.rows[1][c_score], "43,4");
    assert_string_equal(t.rows[1][c_rank], "3");
    assert_string_equal(t.rows[1][c_raw], "");
    /* Neutralised formulas: a leading apostrophe, the text otherwise intact. */
    assert_string_equal(t.rows[1][c_region], "'=HYPERLINK(\"http://evil\";\"Klick\")");
    bool seen = false;
    for (size_t r = 1; r < t.n_rows; r++) {
        const view_row *vr = &v->rows[r - 1];
        assert_string_equal(t.rows[r][c_id], vr->id);
        /* Numbers: decimal comma, no dot, ASCII minus only. */
        const size_t numeric[] = {c_raw, c_score, c_rank, c_avg, c_change};
        for (size_t k = 0; k < sizeof numeric / sizeof numeric[0]; k++) {
            const char *cell = t.rows[r][numeric[k]];
            for (const char *q = cell; *q; q++)
                if (!((*q >= '0' && *q <= '9') || *q == ',' || (*q == '-' && q == cell)))
                    fail_msg("row %zu: not a German number: \"%s\"", r, cell);
        }
        if (vr->indicator && !seen) {
            seen = true;
            assert_string_equal(t.rows[r][c_src], "'@SUM(A1:A9); \"zitiert\"");
            assert_string_equal(t.rows[r][c_unit], "'-1+2");
            assert_string_equal(t.rows[r][c_raw], "80");
        }
    }
    assert_true(seen);
    csv_free(&t);
    buf_free(&out);
    view_briefing_free(v);
    pipeline_free(&p);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_safety),
        cmocka_unit_test(test_xss_briefing),
        cmocka_unit_test(test_xss_overview),
        cmocka_unit_test(test_golden_land),
        cmocka_unit_test(test_briefing_content),
        cmocka_unit_test(test_site_links),
        cmocka_unit_test(test_threads_deterministic),
        cmocka_unit_test(test_template_errors),
        cmocka_unit_test(test_region_csv),
    };
    return cmocka_run_group_tests_name("html site and region csv", tests, setup, teardown);
}
