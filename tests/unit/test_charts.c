/* Tests for charts/: metrics, wrapping, palette, the SVG/PNG/PDF/recording
 * canvases, the five charts and the map's mapping from the view model
 * (gen/view_charts.c).
 *
 * Golden SVGs live in tests/golden/charts/; DIGINDEX_GOLDEN_UPDATE=1 rewrites
 * them. DIGINDEX_CHART_DUMP=DIR additionally writes every fixture chart as
 * SVG, PNG and a PDF page into DIR, for looking at them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "canvas.h"
#include "canvas_pdf.h"
#include "charts.h"
#include "cp1252.h"
#include "geo.h"
#include "metrics.h"
#include "palette.h"
#include "view_charts.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <cairo-ft.h>
#include <cairo.h>
#include <errno.h>
#include <hpdf.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static metrics_fonts *fonts;
/* The committed Länder map (data/map-laender.json; tests run from the
 * repository root). */
static geo_map *gmap;
#define MAP_PATH "data/map-laender.json"
/* FreeType objects of test_metrics_match_cairo, released after cairo's
 * caches are reset in teardown. */
static FT_Library leak_lib;
static FT_Face leak_faces[2];

/* ---- fixtures ------------------------------------------------------------- */

static const char *const fields[] = {
    "Infrastruktur", "Digitales Leben", "Wirtschaft & Forschung",
    "Bürgerservices", "Bildung", "Verwaltung digital",
};
#define NFIELDS 6
static const double nrw[NFIELDS] = {62.5, 58.1, 57.06, 49.3, 61.8, 44.2};
static const double avg_laender[NFIELDS] = {60.0, 55.2, 54.1, 51.0, 58.7, 47.5};
static const double nrw_prev[NFIELDS] = {60.1, 57.0, 55.5, 47.9, 59.3, 41.0};
static const int nrw_rank[NFIELDS] = {5, 4, 3, 11, 4, 12};
static const double nrw_change[NFIELDS] = {2.4, 1.1, 1.56, -1.4, 0.02, NAN};

static const char *const laender[16] = {
    "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg",
    "Hessen", "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen",
    "Rheinland-Pfalz", "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein",
    "Thüringen",
};
static const double laender_index[16] = {61.2, 62.4, 64.1, 50.3, 55.8, 66.0, 60.1, 47.9,
                                         54.7, 57.1, 53.0, 51.6, 55.2, 48.8, 56.3, 49.5};

static const char *const kreise[14] = {
    "Landkreis Dillingen a.d.Donau", "Landkreis Neustadt a.d.Waldnaab",
    "Landkreis Pfaffenhofen a.d.Ilm", "Kreisfreie Stadt München", "Landkreis München",
    "Landkreis Berchtesgadener Land", "Kreisfreie Stadt Weiden i.d.OPf.", "Landkreis Erding",
    "Landkreis Freising", "Landkreis Garmisch-Partenkirchen", "Kreisfreie Stadt Regensburg",
    "Landkreis Wunsiedel i.Fichtelgebirge", "Landkreis Lichtenfels", "Landkreis Kronach",
};
static const double kreise_index[14] = {48.2, 45.9, 51.3, 68.4, 63.0, 50.1, 49.9,
                                        57.6, 58.8, 52.4, 61.7, 44.0, 46.5, NAN};

/* Index scores by Land AGS: every class, Bremen missing, Saarland 39,96
 * (printed "40,0", so in 40–60), Berlin exactly 80. */
static const char *const land_names[16] = {
    "Schleswig-Holstein", "Hamburg", "Niedersachsen", "Bremen", "Nordrhein-Westfalen", "Hessen",
    "Rheinland-Pfalz", "Baden-Württemberg", "Bayern", "Saarland", "Berlin", "Brandenburg",
    "Mecklenburg-Vorpommern", "Sachsen", "Sachsen-Anhalt", "Thüringen"};
static const char *const land_ags[16] = {"01", "02", "03", "04", "05", "06", "07", "08",
                                         "09", "10", "11", "12", "13", "14", "15", "16"};
static const double land_index[16] = {47.9, 87.1, 52.0, NAN,  61.3, 66.5, 44.0, 71.2,
                                      73.9, 39.96, 80.0, 41.9, 44.3, 13.5, 27.4, 51.2};

static chart_map map_fixture(void)
{
    chart_map m = {0};
    m.map = gmap;
    m.n = 16;
    m.ags = land_ags;
    m.values = land_index;
    m.highlight = "09";
    m.legend_title = "Deutschland-Index";
    m.title = "Karte der Länder";
    m.desc = "Karte der Länder, eingefärbt nach Deutschland-Index in fünf Klassen, je dunkler, "
             "desto höher:";
    return m;
}

static chart_radar radar_fixture(void)
{
    chart_radar r = {0};
    r.title = "Nordrhein-Westfalen im Vergleich";
    r.desc = "Netzdiagramm mit 6 Themenfeldern auf einer Skala von 0 bis 100.";
    r.n_axes = NFIELDS;
    r.axes = fields;
    r.region = nrw;
    r.average = avg_laender;
    r.previous = nrw_prev;
    r.region_label = "Nordrhein-Westfalen";
    r.average_label = "Ø Länder";
    r.previous_label = "Nordrhein-Westfalen 2024";
    return r;
}

static chart_bars bars_fixture(void)
{
    chart_bars b = {0};
    b.title = "Themenfelder";
    b.desc = "Balkendiagramm der 6 Themenfelder auf einer Skala von 0 bis 100.";
    b.n = NFIELDS;
    b.labels = fields;
    b.region = nrw;
    b.average = avg_laender;
    b.rank = nrw_rank;
    b.rank_total = 16;
    b.region_label = "Nordrhein-Westfalen";
    b.average_label = "Ø Länder";
    return b;
}

static chart_change change_fixture(void)
{
    chart_change ch = {0};
    ch.title = "Veränderung";
    ch.desc = "Veränderung gegenüber der Vorausgabe in Punkten.";
    ch.n = NFIELDS;
    ch.labels = fields;
    ch.change = nrw_change;
    ch.index_label = "Index gesamt";
    ch.index_change = 1.24;
    ch.caption = "Veränderung gegenüber 2024 in Punkten";
    return ch;
}

static chart_ranking ranking_fixture(void)
{
    chart_ranking rk = {0};
    rk.title = "Rangfolge der Länder";
    rk.desc = "Rangfolge von 16 Regionen nach Indexwert.";
    rk.n = 16;
    rk.names = laender;
    rk.values = laender_index;
    rk.highlight = 9;
    return rk;
}

static chart_ranking kreise_fixture(void)
{
    chart_ranking rk = {0};
    rk.title = "Rangfolge der Kreise in Bayern";
    rk.desc = "Rangfolge von 14 Regionen nach Indexwert.";
    rk.n = 14;
    rk.names = kreise;
    rk.values = kreise_index;
    rk.highlight = 7;
    rk.caption = "Landkreis Erding: Platz 57 von 400 Kreisen bundesweit";
    return rk;
}

typedef enum { K_RADAR, K_BARS, K_CHANGE, K_RANKING, K_MAP } chart_kind;

typedef struct fixture {
    const char *name;
    chart_kind kind;
    double w, h;        /* HTML size (px) */
    double pw, ph;      /* PDF size (pt) */
    union {
        chart_radar radar;
        chart_bars bars;
        chart_change change;
        chart_ranking ranking;
        chart_map map;
    } u;
} fixture;

static size_t fixtures_get(fixture *out)
{
    size_t n = 0;
    out[n] = (fixture){"radar", K_RADAR, 480, 400, 260, 220, {.radar = radar_fixture()}};
    n++;
    out[n] = (fixture){"bars", K_BARS, 480, 330, 260, 200, {.bars = bars_fixture()}};
    n++;
    out[n] = (fixture){"change", K_CHANGE, 480, 300, 260, 190, {.change = change_fixture()}};
    n++;
    out[n] = (fixture){"ranking", K_RANKING, 480, 420, 260, 250, {.ranking = ranking_fixture()}};
    n++;
    out[n] = (fixture){"ranking_kreise", K_RANKING, 480, 400, 260, 230, {.ranking = kreise_fixture()}};
    n++;
    out[n] = (fixture){"map", K_MAP, 480, 470, 260, 255, {.map = map_fixture()}};
    n++;
    return n;
}

/* The words the product's templates give the charts (templates/partials/
 * chart-words.mustache); the library's own defaults are English
 * (test_words_default). */
static const chart_words de_words = {.no_data = "keine Daten",
                                     .class_below = "bis unter",
                                     .class_to = "bis",
                                     .rank = "Rang",
                                     .of = "von",
                                     .highlighted = "hervorgehoben",
                                     .region = "Region",
                                     .average = "Durchschnitt",
                                     .previous = "Vorausgabe",
                                     .no_comparison = "kein Vergleichswert",
                                     .index_value = "Indexwert"};
static const chart_style de_style = {.words = &de_words};
#define DE (&de_style)

static bool draw_fixture(canvas *c, const fixture *f, diag *d)
{
    switch (f->kind) {
    case K_RADAR: return chart_radar_draw(c, &f->u.radar, DE, d);
    case K_BARS: return chart_bars_draw(c, &f->u.bars, DE, d);
    case K_CHANGE: return chart_change_draw(c, &f->u.change, DE, d);
    case K_RANKING: return chart_ranking_draw(c, &f->u.ranking, DE, d);
    case K_MAP: return chart_map_draw(c, &f->u.map, DE, d);
    }
    return false;
}

/* ---- helpers -------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    buf b = BUF_INIT;
    char tmp[4096];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, fp)) > 0) buf_append(&b, tmp, k);
    fclose(fp);
    *len = b.len;
    return buf_detach(&b);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
    return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static void render_svg(const fixture *f, const char *prefix, buf *out)
{
    canvas *c = canvas_svg_new(fonts, f->w, f->h, prefix, out);
    diag d = DIAG_INIT;
    assert_true(draw_fixture(c, f, &d));
    assert_true(canvas_finish(c, &d));
    canvas_free(c);
    diag_free(&d);
}

static void render_png(const fixture *f, double w, double h, buf *out)
{
    canvas *c = canvas_png_new(fonts, w, h, 2, out);
    diag d = DIAG_INIT;
    assert_true(draw_fixture(c, f, &d));
    assert_true(canvas_finish(c, &d));
    canvas_free(c);
    diag_free(&d);
}

/* Every text box inside the canvas and clear of every other; every shape
 * inside the canvas. */
static void check_layout(canvas *c, const char *what)
{
    const double eps = 0.01;
    double w = canvas_width(c), h = canvas_height(c);
    size_t nt = canvas_rec_text_count(c);
    for (size_t i = 0; i < nt; i++) {
        const canvas_rec_text *t = canvas_rec_text_at(c, i);
        if (t->box.x0 < -eps || t->box.y0 < -eps || t->box.x1 > w + eps || t->box.y1 > h + eps)
            fail_msg("%s: text \"%s\" [%.2f %.2f %.2f %.2f] outside %gx%g", what, t->text,
                     t->box.x0, t->box.y0, t->box.x1, t->box.y1, w, h);
        for (size_t j = i + 1; j < nt; j++) {
            const canvas_rec_text *u = canvas_rec_text_at(c, j);
            bool ov = t->box.x0 < u->box.x1 - eps && u->box.x0 < t->box.x1 - eps &&
                      t->box.y0 < u->box.y1 - eps && u->box.y0 < t->box.y1 - eps;
            if (ov)
                fail_msg("%s: text \"%s\" overlaps \"%s\"", what, t->text, u->text);
        }
    }
    size_t ns = canvas_rec_shape_count(c);
    for (size_t i = 0; i < ns; i++) {
        const canvas_rec_shape *s = canvas_rec_shape_at(c, i);
        if (s->box.x0 < -eps || s->box.y0 < -eps || s->box.x1 > w + eps || s->box.y1 > h + eps)
            fail_msg("%s: shape %zu [%.2f %.2f %.2f %.2f] outside %gx%g", what, i, s->box.x0,
                     s->box.y0, s->box.x1, s->box.y1, w, h);
    }
}

static const canvas_rec_text *find_text(canvas *c, const char *s)
{
    for (size_t i = 0; i < canvas_rec_text_count(c); i++)
        if (strcmp(canvas_rec_text_at(c, i)->text, s) == 0) return canvas_rec_text_at(c, i);
    return NULL;
}

/* Draws with a recording canvas, checks the layout and hands it back. */
static canvas *record(const fixture *f, double w, double h)
{
    canvas *c = canvas_rec_new(fonts, w, h);
    diag d = DIAG_INIT;
    assert_true(draw_fixture(c, f, &d));
    assert_true(canvas_finish(c, &d));
    diag_free(&d);
    char what[128];
    snprintf(what, sizeof what, "%s %gx%g", f->name, w, h);
    check_layout(c, what);
    return c;
}

/* ---- setup ---------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    fonts = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, &d);
    gmap = geo_map_load(MAP_PATH, &d);
    for (size_t i = 0; i < d.count; i++) {
        char *m = diag_format(&d.entries[i]);
        fprintf(stderr, "%s\n", m);
        free(m);
    }
    diag_free(&d);
    return fonts && gmap ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    metrics_fonts_free(fonts);
    geo_map_free(gmap);
    cairo_debug_reset_static_data();
    if (leak_lib) {
        FT_Done_Face(leak_faces[0]);
        FT_Done_Face(leak_faces[1]);
        FT_Done_FreeType(leak_lib);
    }
    return 0;
}

/* ---- metrics -------------------------------------------------------------- */

static void test_fonts_missing(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    metrics_fonts *f = metrics_fonts_load("/nonexistent/LiberationSans-Regular.ttf",
                                          METRICS_FONT_BOLD, &d);
    assert_null(f);
    assert_int_equal(d.errors, 1);
    char *m = diag_format(&d.entries[0]);
    assert_non_null(strstr(m, "/nonexistent/LiberationSans-Regular.ttf"));
    assert_non_null(strstr(m, "fonts-liberation2"));
    free(m);
    diag_free(&d);
    /* Not a font at all. */
    f = metrics_fonts_load("Makefile", METRICS_FONT_BOLD, &d);
    assert_null(f);
    assert_int_equal(d.errors, 1);
    diag_free(&d);
    metrics_fonts_free(NULL);
}

static void test_metrics_widths(void **state)
{
    (void)state;
    double a = metrics_str_width(fonts, METRICS_REGULAR, 10, "A");
    double b = metrics_str_width(fonts, METRICS_REGULAR, 10, "B");
    double ab = metrics_str_width(fonts, METRICS_REGULAR, 10, "AB");
    assert_true(fabs(a + b - ab) < 1e-9);
    /* Liberation Sans (= Arial metrics): "A" is 1366/2048 em. */
    assert_true(fabs(a - 10 * 1366.0 / 2048) < 1e-9);
    assert_true(metrics_str_width(fonts, METRICS_BOLD, 10, "Hamburg") >
                metrics_str_width(fonts, METRICS_REGULAR, 10, "Hamburg"));
    /* Scales linearly with size. */
    assert_true(fabs(metrics_str_width(fonts, METRICS_REGULAR, 20, "Bürger") -
                     2 * metrics_str_width(fonts, METRICS_REGULAR, 10, "Bürger")) < 1e-9);
    assert_true(metrics_str_width(fonts, METRICS_REGULAR, 10, "") == 0);
    /* Invalid UTF-8 still measures (as missing-glyph boxes). */
    assert_true(metrics_str_width(fonts, METRICS_REGULAR, 10, "\xff\xfe") > 0);
    assert_true(metrics_ascent(fonts, METRICS_REGULAR, 10) > 8);
    assert_true(metrics_descent(fonts, METRICS_REGULAR, 10) > 1);
    assert_true(metrics_cap_height(fonts, METRICS_REGULAR, 10) > 6);
    assert_string_equal(metrics_fonts_path(fonts, METRICS_BOLD), METRICS_FONT_BOLD);
}

/* Our advances must be cairo's: that is what makes PNG text land where the
 * layout measured it. */
static void test_metrics_match_cairo(void **state)
{
    (void)state;
    const char *samples[] = {"Wirtschaft & Forschung", "Rang 3 von 16", "−1,4 ±0,0 Ø 57,1",
                             "Mecklenburg-Vorpommern"};
    FT_Library lib;
    FT_Face faces[2];
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    for (int w = 0; w < 2; w++) {
        FT_Face face;
        assert_int_equal(FT_New_Face(lib, w ? METRICS_FONT_BOLD : METRICS_FONT_REGULAR, 0, &face), 0);
        cairo_font_face_t *ff = cairo_ft_font_face_create_for_ft_face(face, 0);
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
        cairo_t *cr = cairo_create(s);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_set_font_options(cr, fo);
        cairo_set_font_face(cr, ff);
        cairo_set_font_size(cr, 13);
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            cairo_text_extents_t ext;
            cairo_text_extents(cr, samples[i], &ext);
            double ours = metrics_str_width(fonts, w ? METRICS_BOLD : METRICS_REGULAR, 13, samples[i]);
            if (fabs(ext.x_advance - ours) > 0.01)
                fail_msg("\"%s\": cairo %.3f, metrics %.3f", samples[i], ext.x_advance, ours);
        }
        cairo_font_options_destroy(fo);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        cairo_font_face_destroy(ff);
        /* cairo may still cache ff; the face must outlive it, so the library
         * and faces are released only when the font face is gone. */
        faces[w] = face;
    }
    /* Flush cairo's caches of ff before the faces go (our fonts object
     * holds its own references and survives this). */
    (void)faces;
    leak_lib = lib;
    leak_faces[0] = faces[0];
    leak_faces[1] = faces[1];
}

static void test_wrap(void **state)
{
    (void)state;
    metrics_wrap w = METRICS_WRAP_INIT;
    const double fs = 10;
    double full = metrics_str_width(fonts, METRICS_REGULAR, fs, "Wirtschaft & Forschung");

    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Wirtschaft & Forschung", full + 1, 3, &w);
    assert_int_equal(w.count, 1);
    assert_false(w.truncated);
    assert_string_equal(metrics_wrap_line(&w, 0), "Wirtschaft & Forschung");
    assert_true(fabs(w.width - full) < 1e-9);

    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Wirtschaft & Forschung", full * 0.7, 3, &w);
    assert_int_equal(w.count, 2);
    assert_string_equal(metrics_wrap_line(&w, 0), "Wirtschaft &");
    assert_string_equal(metrics_wrap_line(&w, 1), "Forschung");
    assert_true(w.width <= full * 0.7);

    /* One line only: ellipsis, still within the width. */
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Wirtschaft & Forschung", full * 0.7, 1, &w);
    assert_int_equal(w.count, 1);
    assert_true(w.truncated);
    const char *l0 = metrics_wrap_line(&w, 0);
    assert_non_null(strstr(l0, "…"));
    assert_true(strncmp(l0, "Wirtschaft &", 12) == 0);
    assert_int_equal(strcmp(l0 + strlen(l0) - 3, "…"), 0);
    assert_true(w.width <= full * 0.7 + 1e-9);

    /* Hyphenated names break after the hyphen. */
    double bw = metrics_str_width(fonts, METRICS_REGULAR, fs, "Mecklenburg-");
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Mecklenburg-Vorpommern", bw + 2, 2, &w);
    assert_int_equal(w.count, 2);
    assert_string_equal(metrics_wrap_line(&w, 0), "Mecklenburg-");
    assert_string_equal(metrics_wrap_line(&w, 1), "Vorpommern");
    assert_false(w.broke_word);

    /* A word wider than the line is split; nothing exceeds the width. */
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Donaudampfschifffahrtsgesellschaft", 40, 8, &w);
    assert_true(w.count > 2);
    assert_true(w.broke_word);
    for (size_t i = 0; i < w.count; i++) assert_true(w.line_width[i] <= 40 + 1e-9);

    /* Forced breaks, empty text, spaces. */
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Bildung\nkeine Daten", 500, 3, &w);
    assert_int_equal(w.count, 2);
    assert_string_equal(metrics_wrap_line(&w, 1), "keine Daten");
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "Bildung\nkeine Daten", 500, 1, &w);
    assert_int_equal(w.count, 1);
    assert_true(w.truncated);
    assert_string_equal(metrics_wrap_line(&w, 0), "Bildung…");
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "", 100, 3, &w);
    assert_int_equal(w.count, 0);
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "   ", 100, 3, &w);
    assert_int_equal(w.count, 0);
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, "  a  b  ", 100, 3, &w);
    assert_int_equal(w.count, 1);
    assert_string_equal(metrics_wrap_line(&w, 0), "a  b");

    /* Three lines of a long name, ellipsised on the third. */
    const char *longname = "Landkreis mit einem außergewöhnlich langen Namen für die Prüfung";
    metrics_text_wrap(fonts, METRICS_REGULAR, fs, longname, 60, 3, &w);
    assert_int_equal(w.count, 3);
    assert_true(w.truncated);
    for (size_t i = 0; i < w.count; i++) assert_true(w.line_width[i] <= 60 + 1e-9);
    metrics_wrap_free(&w);
}

/* ---- palette -------------------------------------------------------------- */

static void test_palette_contrast(void **state)
{
    (void)state;
    assert_true(fabs(palette_contrast(0x000000, 0xFFFFFF) - 21.0) < 1e-9);
    assert_true(fabs(palette_contrast(0xFFFFFF, 0xFFFFFF) - 1.0) < 1e-9);
    for (size_t i = 0; i < palette_checked_count; i++) {
        double r = palette_contrast(palette_checked[i], PALETTE_WHITE);
        if (r < 3.0) fail_msg("colour #%06x: contrast %.2f < 3:1", palette_checked[i], r);
    }
    /* Text colours need 4.5:1; so does text on the highlight band. */
    assert_true(palette_contrast(PALETTE_TEXT, PALETTE_WHITE) >= 4.5);
    assert_true(palette_contrast(PALETTE_MUTED, PALETTE_WHITE) >= 4.5);
    assert_true(palette_contrast(PALETTE_TEXT, PALETTE_BAND) >= 4.5);
    assert_true(palette_contrast(PALETTE_REGION, PALETTE_BAND) >= 3.0);
    /* Values from the header comment. */
    assert_true(fabs(palette_contrast(PALETTE_REGION, PALETTE_WHITE) - 5.19) < 0.01);
    assert_true(fabs(palette_contrast(PALETTE_AVERAGE, PALETTE_WHITE) - 3.87) < 0.01);
    assert_true(fabs(palette_contrast(PALETTE_OTHER, PALETTE_WHITE) - 3.36) < 0.01);
    /* Map: values from the header comment; the two dark classes, the edge,
     * the hatching and the swatch outline keep 3:1 on their own; each class
     * is clearly lighter than the next. */
    const double map_ratio[PALETTE_MAP_CLASSES] = {1.16, 1.69, 2.70, 4.66, 9.02};
    for (int k = 0; k < PALETTE_MAP_CLASSES; k++) {
        double r = palette_contrast(palette_map_classes[k], PALETTE_WHITE);
        if (fabs(r - map_ratio[k]) >= 0.01) fail_msg("map class %d: %.2f:1", k + 1, r);
        if (k > 0 && palette_contrast(palette_map_classes[k], palette_map_classes[k - 1]) < 1.4)
            fail_msg("map classes %d and %d too alike", k, k + 1);
    }
    assert_true(palette_contrast(PALETTE_MAP_4, PALETTE_WHITE) >= 3.0);
    assert_true(palette_contrast(PALETTE_MAP_OUTLINE, PALETTE_WHITE) >= 3.0);
    assert_true(palette_contrast(PALETTE_MAP_HATCH, PALETTE_MAP_NODATA) >= 3.0);
    assert_true(palette_contrast(PALETTE_MUTED, PALETTE_MAP_1) >= 3.0);
    assert_true(palette_contrast(PALETTE_MAP_HIGHLIGHT, PALETTE_WHITE) >= 4.5);
}

/* ---- canvases ------------------------------------------------------------- */

static void test_svg_basics(void **state)
{
    (void)state;
    buf out = BUF_INIT;
    canvas *c = canvas_svg_new(fonts, 200.5, 100, "p 1<", &out);
    canvas_describe(c, "Titel <script>alert(1)</script>", "A \"quoted\" & 'single' desc");
    canvas_group_begin(c, "g\"x");
    canvas_text_style st = {METRICS_BOLD, 12, 0x0072B2, CANVAS_MIDDLE, CANVAS_ALPHABETIC};
    canvas_text(c, 100, 50, "<script>alert('x')</script> & \"Ü\"", &st);
    canvas_text(c, 10, 20, "bad \xff utf8 \x01", &st);
    canvas_paint p = {true, 0xFF0000, 1.5, 0x00FF00, CANVAS_DASHED, false};
    canvas_rect(c, 1, 2, 3, 4);
    canvas_draw(c, &p);
    canvas_circle(c, 10, 10, 5);
    canvas_draw(c, &p);
    canvas_move_to(c, 0, 0);
    canvas_line_to(c, -1.005, 2.675);
    canvas_curve_to(c, 1, 2, 3, 4, 5, 6);
    canvas_close_path(c);
    canvas_rect(c, 5, 5, 1, 1);
    canvas_circle(c, 3, 3, 1);
    canvas_draw(c, &p);
    /* Unbalanced group is closed at finish. */
    assert_true(canvas_finish(c, NULL));
    canvas_free(c);
    const char *s = buf_cstr(&out);
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-labelledby=\"p_1_-title p_1_-desc\""));
    assert_non_null(strstr(s, "<title id=\"p_1_-title\">Titel &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert_non_null(strstr(s, "<desc id=\"p_1_-desc\">A &quot;quoted&quot; &amp; &#39;single&#39; desc</desc>"));
    assert_non_null(strstr(s, "viewBox=\"0 0 200.5 100\""));
    assert_non_null(strstr(s, "width=\"200.5\" height=\"100\""));
    assert_non_null(strstr(s, "font-family=\"Liberation Sans, Arial, Helvetica, sans-serif\""));
    assert_non_null(strstr(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Ü&quot;"));
    assert_null(strstr(s, "<script"));
    assert_non_null(strstr(s, "bad \xEF\xBF\xBD utf8 \xEF\xBF\xBD"));
    assert_non_null(strstr(s, "<g class=\"g&quot;x\">"));
    assert_non_null(strstr(s, "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" fill=\"#ff0000\" stroke=\"#00ff00\" stroke-width=\"1.5\" stroke-dasharray=\"5.25 3.75\"/>"));
    assert_non_null(strstr(s, "<circle cx=\"10\" cy=\"10\" r=\"5\""));
    assert_non_null(strstr(s, "M0 0L-1 2.68C1 2 3 4 5 6ZM5 5h1v1h-1ZM2 3A1 1 0 1 0 4 3A1 1 0 1 0 2 3Z"));
    assert_non_null(strstr(s, "text-anchor=\"middle\""));
    assert_non_null(strstr(s, "font-weight=\"bold\""));
    assert_int_equal(strstr(s, "</g>") != NULL, 1);
    assert_non_null(strstr(s, "</svg>\n"));
    buf_free(&out);

    /* No title, no desc: no aria-labelledby; NULL prefix works. */
    c = canvas_svg_new(fonts, 10, 10, NULL, &out);
    assert_true(canvas_finish(c, NULL));
    canvas_free(c);
    assert_null(strstr(buf_cstr(&out), "aria-labelledby"));
    buf_free(&out);
    canvas_free(NULL);
}

static void test_svg_ids_unique(void **state)
{
    (void)state;
    fixture fx[8];
    fixtures_get(fx);
    buf a = BUF_INIT, b = BUF_INIT;
    render_svg(&fx[0], "radar-nrw", &a);
    render_svg(&fx[0], "radar-by", &b);
    assert_non_null(strstr(buf_cstr(&a), "id=\"radar-nrw-title\""));
    assert_non_null(strstr(buf_cstr(&b), "id=\"radar-by-title\""));
    assert_null(strstr(buf_cstr(&b), "radar-nrw"));
    buf_free(&a);
    buf_free(&b);
}

static void test_svg_deterministic_any_locale(void **state)
{
    (void)state;
    fixture fx[8];
    size_t n = fixtures_get(fx);
    for (size_t i = 0; i < n; i++) {
        buf a = BUF_INIT, b = BUF_INIT;
        render_svg(&fx[i], fx[i].name, &a);
        /* A German locale must not turn "12.5" into "12,5". */
        const char *loc = setlocale(LC_ALL, "de_DE.UTF-8");
        if (!loc) loc = setlocale(LC_ALL, "de_DE");
        render_svg(&fx[i], fx[i].name, &b);
        setlocale(LC_ALL, "C");
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        buf_free(&a);
        buf_free(&b);
    }
}

static void test_golden_svgs(void **state)
{
    (void)state;
    fixture fx[8];
    size_t n = fixtures_get(fx);
    const char *update = getenv("DIGINDEX_GOLDEN_UPDATE");
    bool upd = update && strcmp(update, "1") == 0;
    for (size_t i = 0; i < n; i++) {
        buf out = BUF_INIT;
        render_svg(&fx[i], fx[i].name, &out);
        char path[256];
        snprintf(path, sizeof path, "tests/golden/charts/%s.svg", fx[i].name);
        if (upd) {
            mkdir("tests/golden/charts", 0755);
            write_file(path, out.data, out.len);
        } else {
            size_t len = 0;
            char *want = read_file(path, &len);
            if (!want) fail_msg("missing golden file %s (run with DIGINDEX_GOLDEN_UPDATE=1)", path);
            if (len != out.len || memcmp(want, out.data, len) != 0) {
                char got[300];
                snprintf(got, sizeof got, "%s.got", path);
                write_file(got, out.data, out.len);
                free(want);
                fail_msg("%s differs from the output (written to %s); "
                         "DIGINDEX_GOLDEN_UPDATE=1 accepts it", path, got);
            }
            free(want);
        }
        buf_free(&out);
    }
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct png_reader {
    const unsigned char *p;
    size_t len, pos;
} png_reader;

static cairo_status_t png_read_cb(void *closure, unsigned char *data, unsigned int length)
{
    png_reader *r = closure;
    if (r->len - r->pos < length) return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p + r->pos, length);
    r->pos += length;
    return CAIRO_STATUS_SUCCESS;
}

/* Decodes a PNG with cairo's reader (an independent check of our writer). */
static cairo_surface_t *png_decode(const buf *b)
{
    png_reader r = {(const unsigned char *)b->data, b->len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read_cb, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        fail_msg("PNG does not decode: %s", cairo_status_to_string(cairo_surface_status(s)));
    return s;
}

static uint32_t pixel_at(cairo_surface_t *s, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(s);
    const uint32_t *row =
        (const uint32_t *)(const void *)(d + (size_t)y * (size_t)cairo_image_surface_get_stride(s));
    return row[x] & 0xFFFFFFu;
}

/* The chunk types in order, e.g. "IHDR PLTE IDAT IEND"; checks the lengths. */
static void png_chunks(const buf *b, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)b->data;
    size_t pos = 8, o = 0;
    out[0] = '\0';
    while (pos + 12 <= b->len) {
        uint32_t n = be32(p + pos);
        if (o + 6 < cap) {
            if (o) out[o++] = ' ';
            memcpy(out + o, p + pos + 4, 4);
            o += 4;
            out[o] = '\0';
        }
        pos += 12 + n;
    }
    assert_int_equal(pos, b->len);
}

static void test_png(void **state)
{
    (void)state;
    fixture fx[8];
    size_t n = fixtures_get(fx);
    for (size_t i = 0; i < n; i++) {
        buf a = BUF_INIT, b = BUF_INIT;
        render_png(&fx[i], fx[i].w, fx[i].h, &a);
        render_png(&fx[i], fx[i].w, fx[i].h, &b);
        assert_true(a.len > 1000);
        const unsigned char *p = (const unsigned char *)a.data;
        assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(p + 12, "IHDR", 4);
        assert_int_equal(be32(p + 16), (uint32_t)(2 * fx[i].w));
        assert_int_equal(be32(p + 20), (uint32_t)(2 * fx[i].h));
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        /* Charts become 8-bit palette images: only the essential chunks. */
        assert_int_equal(p[24], 8);
        assert_int_equal(p[25], 3);
        char chunks[200];
        png_chunks(&a, chunks, sizeof chunks);
        if (strncmp(chunks, "IHDR PLTE IDAT", 14) != 0 || !strstr(chunks, "IEND") ||
            strstr(chunks, "tEXt") || strstr(chunks, "tIME") || strstr(chunks, "zTXt"))
            fail_msg("%s: chunks %s", fx[i].name, chunks);
        cairo_surface_t *s = png_decode(&a);
        assert_int_equal(cairo_image_surface_get_width(s), (int)(2 * fx[i].w));
        assert_int_equal(pixel_at(s, 0, 0), PALETTE_WHITE);
        cairo_surface_destroy(s);
        buf_free(&a);
        buf_free(&b);
    }
    /* Fractional sizes round up. */
    buf c = BUF_INIT;
    canvas *cv = canvas_png_new(fonts, 10.25, 5.5, 2, &c);
    assert_true(canvas_finish(cv, NULL));
    canvas_free(cv);
    assert_int_equal(be32((const unsigned char *)c.data + 16), 21);
    assert_int_equal(be32((const unsigned char *)c.data + 20), 11);
    /* One colour: a 1-bit palette. */
    assert_int_equal(((const unsigned char *)c.data)[24], 1);
    cairo_surface_t *s = png_decode(&c);
    assert_int_equal(pixel_at(s, 20, 10), PALETTE_WHITE);
    cairo_surface_destroy(s);
    buf_free(&c);

    /* Few colours: exact. */
    buf e = BUF_INIT;
    cv = canvas_png_new(fonts, 40, 20, 1, &e);
    const canvas_color cols[4] = {PALETTE_MAP_1, PALETTE_MAP_5, PALETTE_AVERAGE, PALETTE_TEXT};
    for (int k = 0; k < 4; k++) {
        canvas_rect(cv, 10 * k, 0, 10, 20);
        canvas_paint pt = {true, cols[k], 0, 0, CANVAS_SOLID, false};
        canvas_draw(cv, &pt);
    }
    assert_true(canvas_finish(cv, NULL));
    canvas_free(cv);
    assert_int_equal(((const unsigned char *)e.data)[25], 3);
    s = png_decode(&e);
    for (int k = 0; k < 4; k++) assert_int_equal(pixel_at(s, 10 * k + 5, 10), cols[k]);
    cairo_surface_destroy(s);
    buf_free(&e);

    /* Thousands of colours in even shares (a photo, say): RGB, lossless. */
    buf g = BUF_INIT;
    cv = canvas_png_new(fonts, 80, 80, 1, &g);
    for (int y = 0; y < 80; y++)
        for (int x = 0; x < 80; x++) {
            canvas_rect(cv, x, y, 1, 1);
            canvas_paint pt = {true, (canvas_color)(x * 3 << 16 | y * 3 << 8 | (x + y)), 0, 0,
                               CANVAS_SOLID, false};
            canvas_draw(cv, &pt);
        }
    assert_true(canvas_finish(cv, NULL));
    canvas_free(cv);
    assert_int_equal(((const unsigned char *)g.data)[25], 2);
    s = png_decode(&g);
    for (int y = 0; y < 80; y++) /* every pixel back as drawn */
        for (int x = 0; x < 80; x++)
            assert_int_equal(pixel_at(s, x, y), (uint32_t)(x * 3 << 16 | y * 3 << 8 | (x + y)));
    cairo_surface_destroy(s);
    buf_free(&g);
}

/* ---- PDF ------------------------------------------------------------------- */

static void hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    (void)user;
    fail_msg("libharu error 0x%04X (detail %u)", (unsigned)e, (unsigned)detail);
}

/* libharu writes strings as ( … ) with \ooo for bytes outside printable
 * ASCII; this mirrors that, so the test can look for the labels. */
static void pdf_literal(buf *out, const char *utf8)
{
    buf cp = BUF_INIT;
    cp1252_from_utf8(&cp, utf8, strlen(utf8));
    buf_putc(out, '(');
    for (size_t i = 0; i < cp.len; i++) {
        unsigned char ch = (unsigned char)cp.data[i];
        if (ch < 0x20 || ch > 0x7E || ch == '(' || ch == ')' || ch == '\\' || ch == '%' ||
            ch == '#' || ch == '/' || ch == '<' || ch == '>' || ch == '[' || ch == ']' ||
            ch == '{' || ch == '}')
            buf_printf(out, "\\%03o", ch);
        else
            buf_putc(out, (char)ch);
    }
    buf_putc(out, ')');
    buf_free(&cp);
}

/* True when the tool is there; otherwise the test is counted as skipped
 * (never passed silently): sh .ci/deps test installs it. */
static bool tool_available(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    if (system(cmd) == 0) return true;
    print_message("SKIP: %s is not installed (sh .ci/deps test)\n", tool);
    skip();
    return false;
}

/* Builds a document with every fixture at PDF size; returns the file bytes. */
static char *make_pdf(size_t *len)
{
    HPDF_Doc pdf = HPDF_New(hpdf_error, NULL);
    assert_non_null(pdf);
    const char *rn = HPDF_LoadTTFontFromFile(pdf, METRICS_FONT_REGULAR, HPDF_TRUE);
    const char *bn = HPDF_LoadTTFontFromFile(pdf, METRICS_FONT_BOLD, HPDF_TRUE);
    HPDF_Font reg = HPDF_GetFont(pdf, rn, "CP1252");
    HPDF_Font bold = HPDF_GetFont(pdf, bn, "CP1252");
    fixture fx[8];
    size_t n = fixtures_get(fx);
    HPDF_Page page = NULL;
    double top = 0; /* of the next chart, from the page bottom */
    for (size_t i = 0; i < n; i++) {
        if (!page || top - fx[i].ph < 40) {
            page = HPDF_AddPage(pdf);
            HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
            top = 842 - 40;
        }
        double y = top - fx[i].ph;
        top = y - 20;
        canvas *c = canvas_pdf_new(fonts, page, 50, y, fx[i].pw, fx[i].ph, reg, bold);
        diag d = DIAG_INIT;
        assert_true(draw_fixture(c, &fx[i], &d));
        /* The same chart in HTML size beside it, scaled by nothing: just
         * to see both sizes on paper. */
        assert_true(canvas_finish(c, &d));
        canvas_free(c);
        diag_free(&d);
        /* Frame, drawn after the chart: checks the state was restored. */
        HPDF_Page_SetLineWidth(page, 0.25);
        HPDF_Page_Rectangle(page, 50, (HPDF_REAL)y, (HPDF_REAL)fx[i].pw, (HPDF_REAL)fx[i].ph);
        HPDF_Page_Stroke(page);
    }
    assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    char *data = xmalloc(size);
    HPDF_UINT32 got = size;
    HPDF_ResetStream(pdf);
    assert_int_equal(HPDF_ReadFromStream(pdf, (HPDF_BYTE *)data, &got), HPDF_OK);
    assert_int_equal(got, size);
    HPDF_Free(pdf);
    *len = size;
    return data;
}

static void test_pdf(void **state)
{
    (void)state;
    size_t len;
    char *data = make_pdf(&len);
    assert_true(len > 1000);
    assert_memory_equal(data, "%PDF-", 5);
    assert_true(contains(data, len, "%%EOF"));
    const char *labels[] = {"Wirtschaft & Forschung", "Nordrhein-Westfalen", "Rang 3 von 16",
                            "57,1", "Ø 54,1", "+2,4", "−1,4", "±0,0", "Thüringen", "Index gesamt",
                            "Landkreis Erding: Platz 57 von 400 Kreisen bundesweit", "80 bis 100",
                            "keine Daten", "Deutschland-Index"};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        buf lit = BUF_INIT;
        pdf_literal(&lit, labels[i]);
        if (!contains(data, len, buf_cstr(&lit)))
            fail_msg("PDF content lacks %s", buf_cstr(&lit));
        buf_free(&lit);
    }
    /* External checks when the tools are installed (Debian: qpdf,
     * poppler-utils). */
    char tmpl[] = "/tmp/digindex-charts-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    close(fd);
    write_file(tmpl, data, len);
    if (tool_available("qpdf")) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", tmpl);
        int rc = system(cmd);
        assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    }
    if (tool_available("pdftotext")) {
        char cmd[512], txt[300];
        snprintf(txt, sizeof txt, "%s.txt", tmpl);
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s %s", tmpl, txt);
        assert_int_equal(system(cmd), 0);
        size_t tl;
        char *t = read_file(txt, &tl);
        assert_non_null(t);
        assert_true(contains(t, tl, "Nordrhein-Westfalen"));
        assert_true(contains(t, tl, "Rang 3 von 16"));
        assert_true(contains(t, tl, "Bürgerservices"));
        assert_true(contains(t, tl, "Thüringen"));
        assert_true(contains(t, tl, "Ø Länder"));
        free(t);
        unlink(txt);
    }
    unlink(tmpl);
    free(data);
}

static void test_pdf_bad_args(void **state)
{
    (void)state;
    canvas *c = canvas_pdf_new(fonts, NULL, 0, 0, 100, 100, NULL, NULL);
    diag d = DIAG_INIT;
    assert_false(canvas_finish(c, &d));
    assert_int_equal(d.errors, 1);
    canvas_free(c);
    diag_free(&d);
}

/* ---- chart layout ---------------------------------------------------------- */

static void test_layout_fixtures(void **state)
{
    (void)state;
    fixture fx[8];
    size_t n = fixtures_get(fx);
    for (size_t i = 0; i < n; i++) {
        canvas_free(record(&fx[i], fx[i].w, fx[i].h));
        canvas_free(record(&fx[i], fx[i].pw, fx[i].ph));
        /* Wide and narrow variants. */
        canvas_free(record(&fx[i], 700, 360));
        canvas_free(record(&fx[i], 300, 420));
    }
}

static void test_radar_content(void **state)
{
    (void)state;
    fixture f = {"radar", K_RADAR, 480, 400, 260, 220, {.radar = radar_fixture()}};
    canvas *c = record(&f, 480, 400);
    assert_string_equal(canvas_rec_title(c), "Nordrhein-Westfalen im Vergleich");
    const char *desc = canvas_rec_desc(c);
    assert_non_null(strstr(desc, "Wirtschaft & Forschung 57,1"));
    assert_non_null(strstr(desc, "Ø Länder: Infrastruktur 60,0"));
    /* Ring labels (those the series do not cross) and legend. */
    int rings = 0;
    for (int k = 20; k <= 100; k += 20) {
        char s[16];
        snprintf(s, sizeof s, "%d", k);
        rings += find_text(c, s) != NULL;
    }
    assert_true(rings >= 3);
    assert_non_null(find_text(c, "100"));
    assert_non_null(find_text(c, "Ø Länder"));
    assert_non_null(find_text(c, "Nordrhein-Westfalen 2024"));
    /* Every axis name appears, possibly wrapped: compare concatenations. */
    buf all = BUF_INIT;
    for (size_t i = 0; i < canvas_rec_text_count(c); i++) {
        buf_puts(&all, canvas_rec_text_at(c, i)->text);
        buf_putc(&all, ' ');
    }
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *first = fields[i];
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)strcspn(first, " "), first);
        assert_non_null(strstr(buf_cstr(&all), word));
    }
    buf_free(&all);
    canvas_free(c);
}

static void radar_with(const double *values, size_t n, const char *const *axes, double w,
                       double h, const char *region_label, canvas **out)
{
    chart_radar r = {0};
    r.n_axes = n;
    r.axes = axes;
    r.region = values;
    r.average = values;
    r.region_label = region_label;
    r.average_label = "Ø Kreise";
    fixture f = {"radar-edge", K_RADAR, w, h, w, h, {.radar = r}};
    canvas *c = record(&f, w, h);
    if (out)
        *out = c;
    else
        canvas_free(c);
}

static void test_radar_edges(void **state)
{
    (void)state;
    static const char *const axes12[12] = {
        "Infrastruktur", "Digitales Leben", "Wirtschaft & Forschung", "Bürgerservices",
        "Bildung & Qualifikation", "Verwaltung digital", "Gesundheit & Pflege",
        "Mobilität", "Energie & Umwelt", "Sicherheit & Resilienz", "Kultur & Medien",
        "Teilhabe & Ehrenamt",
    };
    double v12[12];
    for (int i = 0; i < 12; i++) v12[i] = 30 + 5 * i;
    double eq[12];
    for (int i = 0; i < 12; i++) eq[i] = 50;
    const double sizes[][2] = {{480, 400}, {260, 220}, {200, 180}, {640, 300}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        double w = sizes[s][0], h = sizes[s][1];
        radar_with(v12, 12, axes12, w, h, "Region", NULL);
        radar_with(v12, 3, axes12, w, h, "Region", NULL);
        radar_with(eq, 7, axes12, w, h, "Region", NULL);
        radar_with(eq, 12, axes12, w, h,
                   "Landkreis Neustadt an der Waldnaab und Umgebung (Oberpfalz) X", NULL);
    }
    /* Missing values: a gap and "keine Daten" under the axis name. */
    double gaps[6] = {50, NAN, 60, 70, NAN, NAN};
    canvas *c;
    radar_with(gaps, 6, axes12, 480, 400, "Region", &c);
    assert_non_null(find_text(c, "keine Daten"));
    assert_non_null(strstr(canvas_rec_desc(c), "Digitales Leben keine Daten"));
    canvas_free(c);
    double all_nan[4] = {NAN, NAN, NAN, NAN};
    radar_with(all_nan, 4, axes12, 480, 400, "Region", NULL);
    /* Out-of-range values are clamped: every shape stays in the canvas
     * (checked by record) even for z-scores and > 100. */
    double wild[5] = {-2.5, 130, 1e9, -1e9, 50};
    radar_with(wild, 5, axes12, 300, 250, "Region", NULL);
}

static void test_radar_invalid(void **state)
{
    (void)state;
    canvas *c = canvas_rec_new(fonts, 100, 100);
    diag d = DIAG_INIT;
    chart_radar r = radar_fixture();
    r.n_axes = 2;
    assert_false(chart_radar_draw(c, &r, NULL, &d));
    r.n_axes = 13;
    assert_false(chart_radar_draw(c, &r, NULL, &d));
    r = radar_fixture();
    r.region = NULL;
    assert_false(chart_radar_draw(c, &r, NULL, &d));
    assert_false(chart_radar_draw(c, NULL, NULL, NULL));
    assert_int_equal(d.errors, 3);
    diag_free(&d);
    canvas_free(c);
}

static void test_bars_content(void **state)
{
    (void)state;
    fixture f = {"bars", K_BARS, 480, 330, 260, 200, {.bars = bars_fixture()}};
    canvas *c = record(&f, 480, 330);
    assert_non_null(find_text(c, "57,1"));
    assert_non_null(find_text(c, "Ø 54,1"));
    assert_non_null(find_text(c, "Rang 3 von 16"));
    const canvas_rec_text *t = find_text(c, "Wirtschaft & Forschung");
    assert_non_null(t);
    assert_int_equal(t->style.weight, METRICS_BOLD);
    canvas_free(c);

    /* Missing region and average values, no ranks, all equal, long labels. */
    static const char *const labels[3] = {
        "Ein Themenfeld mit einem wirklich sehr langen Namen, der nicht passt", "B", "C"};
    double reg[3] = {NAN, 50, 50}, avg[3] = {50, NAN, 50};
    chart_bars b = {0};
    b.n = 3;
    b.labels = labels;
    b.region = reg;
    b.average = avg;
    b.region_label = "Landkreis Neustadt an der Waldnaab und Umgebung (Oberpfalz) X";
    fixture g = {"bars-edge", K_BARS, 300, 150, 300, 150, {.bars = b}};
    c = record(&g, 300, 150);
    assert_non_null(find_text(c, "keine Daten"));
    assert_non_null(find_text(c, "–"));
    canvas_free(c);
    canvas_free(record(&g, 200, 400));

    /* A phone's width: a name and its rank do not share a line, so the
     * rank moves under the name (same x, one line lower) and the name stays
     * whole (issue 13: names were cut with "…"). */
    static const char *const topics[2] = {"Wirtschaft & Forschung (Gewicht 20 %)",
                                          "Digitale Kommune (Gewicht 25 %)"};
    static const char *const ranks[2] = {"Rang 9 von 16 (2023: 14)", "Rang 14 von 16 (2023: 14)"};
    double sc[2] = {36.6, 34.6}, av[2] = {42.8, 49.9};
    chart_bars nb = {0};
    nb.n = 2;
    nb.labels = topics;
    nb.rank_labels = ranks;
    nb.region = sc;
    nb.average = av;
    nb.region_label = "Mecklenburg-Vorpommern";
    nb.average_label = "Ø Länder";
    chart_style phone = {.font_size = 13, .words = &de_words}; /* the site's type on a 375 px screen */
    for (int narrow = 0; narrow < 2; narrow++) {
        double w = narrow ? 340 : 700;
        double h = chart_bars_height(fonts, &nb, w, &phone);
        c = canvas_rec_new(fonts, w, h);
        diag dn = DIAG_INIT;
        assert_true(chart_bars_draw(c, &nb, &phone, &dn));
        diag_free(&dn);
        for (int i = 0; i < 2; i++) {
            const canvas_rec_text *name = find_text(c, topics[i]), *rank = find_text(c, ranks[i]);
            assert_non_null(name);
            assert_non_null(rank);
            if (narrow) {
                assert_true(rank->y > name->y);
                assert_true(fabs(rank->x - name->x) < 1e-9);
            } else {
                assert_true(fabs(rank->y - name->y) < 1e-9);
            }
        }
        canvas_free(c);
    }
    /* 20 fields in a small box: the type shrinks. */
    const char *many[20];
    double mv[20];
    for (int i = 0; i < 20; i++) {
        many[i] = fields[i % NFIELDS];
        mv[i] = 5 * i;
    }
    b.n = 20;
    b.labels = many;
    b.region = mv;
    b.average = mv;
    fixture h = {"bars-many", K_BARS, 260, 220, 260, 220, {.bars = b}};
    canvas_free(record(&h, 260, 220));
}

static void test_change_content(void **state)
{
    (void)state;
    fixture f = {"change", K_CHANGE, 480, 300, 260, 190, {.change = change_fixture()}};
    canvas *c = record(&f, 480, 300);
    assert_non_null(find_text(c, "+2,4"));
    assert_non_null(find_text(c, "−1,4"));
    assert_non_null(find_text(c, "±0,0"));
    assert_non_null(find_text(c, "+1,6"));
    assert_non_null(find_text(c, "– kein Vergleichswert"));
    const canvas_rec_text *idx = find_text(c, "+1,2");
    assert_non_null(idx);
    assert_int_equal(idx->style.weight, METRICS_BOLD);
    /* Negative label sits left of the zero line, positive right of it. */
    const canvas_rec_text *neg = find_text(c, "−1,4"), *pos = find_text(c, "+2,4");
    assert_true(neg->box.x1 < pos->box.x0);
    assert_non_null(strstr(canvas_rec_desc(c), "Bürgerservices: −1,4"));
    canvas_free(c);

    /* Everything missing; only the index; big values. */
    double none[2] = {NAN, NAN};
    chart_change ch = {0};
    ch.n = 2;
    ch.labels = fields;
    ch.change = none;
    ch.index_label = "Index";
    ch.index_change = NAN;
    fixture g = {"change-edge", K_CHANGE, 260, 120, 260, 120, {.change = ch}};
    canvas_free(record(&g, 260, 120));
    double big[2] = {-37.25, 12};
    ch.change = big;
    ch.missing_text = "keine Werte";
    canvas_free(record(&g, 260, 120));
    ch.n = 0;
    ch.index_change = 0;
    canvas_free(record(&g, 200, 60));

    canvas *r = canvas_rec_new(fonts, 100, 100);
    ch.index_label = NULL;
    assert_false(chart_change_draw(r, &ch, NULL, NULL));
    canvas_free(r);
}

static void test_ranking_content(void **state)
{
    (void)state;
    fixture f = {"ranking", K_RANKING, 480, 420, 260, 250, {.ranking = ranking_fixture()}};
    canvas *c = record(&f, 480, 420);
    /* Hamburg (66,0) first, Mecklenburg-Vorpommern last. */
    const canvas_rec_text *first = find_text(c, "1.");
    const canvas_rec_text *hh = find_text(c, "Hamburg");
    assert_non_null(first);
    assert_non_null(hh);
    assert_true(fabs(first->box.y0 - hh->box.y0) < 1e-6);
    const canvas_rec_text *nrwt = find_text(c, "Nordrhein-Westfalen");
    assert_non_null(nrwt);
    assert_int_equal(nrwt->style.weight, METRICS_BOLD);
    assert_int_equal(find_text(c, "Bayern")->style.weight, METRICS_REGULAR);
    /* One bar in the region colour. */
    size_t region_bars = 0;
    for (size_t i = 0; i < canvas_rec_shape_count(c); i++) {
        const canvas_rec_shape *s = canvas_rec_shape_at(c, i);
        if (s->paint.fill && s->paint.fill_color == PALETTE_REGION) region_bars++;
    }
    assert_int_equal(region_bars, 2); /* bar and marker */
    canvas_free(c);

    fixture k = {"kreise", K_RANKING, 480, 400, 260, 230, {.ranking = kreise_fixture()}};
    c = record(&k, 480, 400);
    assert_non_null(find_text(c, "Landkreis Erding: Platz 57 von 400 Kreisen bundesweit"));
    assert_non_null(find_text(c, "–")); /* missing value */
    canvas_free(c);

    /* 50 Kreise with ties, given ranks, negative values, a 60-char name. */
    const char *names[50];
    double vals[50];
    int ranks[50];
    char store[50][80];
    for (int i = 0; i < 50; i++) {
        snprintf(store[i], sizeof store[i], i == 3 ? "Landkreis Neustadt an der Waldnaab und Umgebung (Oberpfalz) %d"
                                                  : "Landkreis %d", i);
        names[i] = store[i];
        vals[i] = 40 + (i % 7);
        ranks[i] = i + 1;
    }
    chart_ranking rk = {0};
    rk.n = 50;
    rk.names = names;
    rk.values = vals;
    rk.highlight = 3;
    rk.caption = "Platz 57 von 400 Kreisen bundesweit";
    fixture m = {"kreise50", K_RANKING, 480, 700, 260, 520, {.ranking = rk}};
    canvas_free(record(&m, 480, 700));
    canvas_free(record(&m, 260, 520));
    rk.ranks = ranks;
    canvas_free(record(&m, 260, 300));
    for (int i = 0; i < 50; i++) vals[i] = -3 + 0.2 * i;
    rk.ranks = NULL;
    canvas_free(record(&m, 300, 600));

    /* A selection with gaps: a "…" row for each, text never below 6. */
    bool gaps[50] = {false};
    gaps[3] = gaps[14] = true;
    rk.n = 17;
    rk.ranks = ranks;
    rk.highlight = 8;
    rk.gap_before = gaps;
    for (int i = 0; i < 50; i++) vals[i] = 90 - i;
    fixture gf = {"kreise-gaps", K_RANKING, 480, 0, 480, 0, {.ranking = rk}};
    double gh = chart_ranking_height(fonts, &rk, 480, DE);
    rk.gap_before = NULL;
    assert_true(gh > chart_ranking_height(fonts, &rk, 480, DE)); /* two more rows */
    rk.gap_before = gaps;
    gf.u.ranking = rk;
    c = record(&gf, 480, gh);
    size_t dots = 0;
    for (size_t i = 0; i < canvas_rec_text_count(c); i++) {
        const canvas_rec_text *tx = canvas_rec_text_at(c, i);
        dots += strcmp(tx->text, "…") == 0;
        assert_true(tx->style.size >= 6);
    }
    assert_int_equal(dots, 2);
    /* The row after a gap sits two pitches below the row before it. */
    const canvas_rec_text *r3 = find_text(c, "3."), *r4 = find_text(c, "4.");
    const canvas_rec_text *r2 = find_text(c, "2.");
    assert_true(fabs((r4->box.y0 - r3->box.y0) - 2 * (r3->box.y0 - r2->box.y0)) < 0.01);
    canvas_free(c);
    rk.gap_before = NULL;

    /* Ties share a rank when ranks are computed. */
    double tie[3] = {50, 60, 50};
    chart_ranking t = {0};
    t.n = 3;
    t.names = laender;
    t.values = tie;
    t.highlight = 99;
    fixture tf = {"ties", K_RANKING, 300, 100, 300, 100, {.ranking = t}};
    c = record(&tf, 300, 100);
    size_t twos = 0;
    for (size_t i = 0; i < canvas_rec_text_count(c); i++)
        if (strcmp(canvas_rec_text_at(c, i)->text, "2.") == 0) twos++;
    assert_int_equal(twos, 2);
    assert_null(find_text(c, "3."));
    canvas_free(c);

    /* All equal: everyone shares rank 1. */
    double same[16];
    for (int i = 0; i < 16; i++) same[i] = 55;
    chart_ranking eq = ranking_fixture();
    eq.values = same;
    fixture ef = {"equal", K_RANKING, 480, 420, 260, 250, {.ranking = eq}};
    c = record(&ef, 260, 250);
    size_t ones = 0;
    for (size_t i = 0; i < canvas_rec_text_count(c); i++)
        if (strcmp(canvas_rec_text_at(c, i)->text, "1.") == 0) ones++;
    assert_int_equal(ones, 16);
    canvas_free(c);

    c = canvas_rec_new(fonts, 100, 100);
    t.n = 0;
    assert_false(chart_ranking_draw(c, &t, NULL, NULL));
    canvas_free(c);
}

/* All scores equal and all changes zero. */
static void test_all_equal(void **state)
{
    (void)state;
    double fifty[NFIELDS], zero[NFIELDS];
    int one[NFIELDS];
    for (int i = 0; i < NFIELDS; i++) {
        fifty[i] = 50;
        zero[i] = 0;
        one[i] = 1;
    }
    chart_bars b = bars_fixture();
    b.region = fifty;
    b.average = fifty;
    b.rank = one;
    fixture fb = {"eq-bars", K_BARS, 480, 330, 260, 200, {.bars = b}};
    canvas_free(record(&fb, 480, 330));
    chart_change ch = change_fixture();
    ch.change = zero;
    ch.index_change = 0;
    fixture fc = {"eq-change", K_CHANGE, 480, 300, 260, 190, {.change = ch}};
    canvas *c = record(&fc, 260, 190);
    size_t zeros = 0;
    for (size_t i = 0; i < canvas_rec_text_count(c); i++)
        if (strcmp(canvas_rec_text_at(c, i)->text, "±0,0") == 0) zeros++;
    assert_int_equal(zeros, NFIELDS + 1);
    /* No bars at all: zero is shown by the label, not by a sliver. */
    for (size_t i = 0; i < canvas_rec_shape_count(c); i++) {
        const canvas_rec_shape *s = canvas_rec_shape_at(c, i);
        assert_false(s->paint.fill && (s->paint.fill_color == PALETTE_POSITIVE ||
                                       s->paint.fill_color == PALETTE_NEGATIVE));
    }
    canvas_free(c);
}

/* The natural heights fit what draw needs. */
static void test_heights(void **state)
{
    (void)state;
    chart_bars b = bars_fixture();
    chart_change ch = change_fixture();
    chart_ranking rk = kreise_fixture();
    const double widths[] = {260, 480, 700};
    for (size_t i = 0; i < 3; i++) {
        double w = widths[i];
        double hb = chart_bars_height(fonts, &b, w, DE);
        double hc = chart_change_height(fonts, &ch, w, DE);
        double hr = chart_ranking_height(fonts, &rk, w, DE);
        assert_true(hb > 50 && hc > 50 && hr > 50);
        fixture fb = {"h-bars", K_BARS, w, hb, w, hb, {.bars = b}};
        fixture fc = {"h-change", K_CHANGE, w, hc, w, hc, {.change = ch}};
        fixture fr = {"h-ranking", K_RANKING, w, hr, w, hr, {.ranking = rk}};
        canvas *c = record(&fb, w, hb);
        /* At the natural height nothing shrinks: the labels keep the
         * base size. */
        assert_true(fabs(find_text(c, "Bildung")->style.size - fmax(6, fmin(14, w / 36))) < 1e-9);
        canvas_free(c);
        c = record(&fc, w, hc);
        assert_true(fabs(find_text(c, "Bildung")->style.size - fmax(6, fmin(14, w / 36))) < 1e-9);
        canvas_free(c);
        canvas_free(record(&fr, w, hr));
    }
    b.n = 0;
    assert_true(chart_bars_height(fonts, &b, 100, DE) == 0);
}

/* Fast enough for ~8 ms per region for all outputs: measure SVG + PDF-ish
 * work on the recording canvas as a smoke check (loose bound). */
static void test_speed(void **state)
{
    (void)state;
    fixture fx[8];
    size_t n = fixtures_get(fx);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int reps = 20;
    for (int r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++) {
            buf out = BUF_INIT;
            canvas *c = canvas_svg_new(fonts, fx[i].w, fx[i].h, "s", &out);
            assert_true(draw_fixture(c, &fx[i], NULL));
            canvas_finish(c, NULL);
            canvas_free(c);
            buf_free(&out);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / reps;
    /* Generous: sanitizer builds are ~10× slower. */
    if (ms > 50) fail_msg("5 SVG charts took %.2f ms", ms);
}

/* ---- map ------------------------------------------------------------------- */

static void test_map_classes(void **state)
{
    (void)state;
    assert_int_equal(chart_map_class(NAN), -1);
    assert_int_equal(chart_map_class(-5), 0);
    assert_int_equal(chart_map_class(0), 0);
    assert_int_equal(chart_map_class(19.94), 0);
    assert_int_equal(chart_map_class(19.95), 1); /* printed "20,0" */
    assert_int_equal(chart_map_class(20), 1);
    assert_int_equal(chart_map_class(39.96), 2);
    assert_int_equal(chart_map_class(59.9), 2);
    assert_int_equal(chart_map_class(60), 3);
    assert_int_equal(chart_map_class(79.94), 3);
    assert_int_equal(chart_map_class(80), 4);
    assert_int_equal(chart_map_class(100), 4);
    assert_int_equal(chart_map_class(250), 4);
    assert_int_equal(chart_map_class(INFINITY), 4);
    assert_int_equal(chart_map_class(-INFINITY), 0);
}

/* The fills of the Länder (paths, not legend rectangles), in map order. */
static size_t map_fills(canvas *c, const canvas_rec_shape **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < canvas_rec_shape_count(c); i++) {
        const canvas_rec_shape *sh = canvas_rec_shape_at(c, i);
        if (!(sh->paint.fill && sh->paint.line_width == 0 && sh->points > 4 && n < cap)) continue;
        /* The highlighted Land is filled a second time over its outline. */
        bool again = false;
        for (size_t k = 0; k < n; k++)
            again |= out[k]->points == sh->points && out[k]->box.x0 == sh->box.x0 &&
                     out[k]->box.y0 == sh->box.y0 && out[k]->box.x1 == sh->box.x1;
        if (!again) out[n++] = sh;
    }
    return n;
}

static canvas_box union_box(const canvas_rec_shape *const *sh, size_t n)
{
    canvas_box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < n; i++) {
        b.x0 = fmin(b.x0, sh[i]->box.x0);
        b.y0 = fmin(b.y0, sh[i]->box.y0);
        b.x1 = fmax(b.x1, sh[i]->box.x1);
        b.y1 = fmax(b.y1, sh[i]->box.y1);
    }
    return b;
}

/* Width / height of the map's points. */
static double map_aspect(void)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t r = 0; r < gmap->n_regions; r++)
        for (size_t k = 0; k < gmap->regions[r].n_rings; k++) {
            const geo_ring *g = &gmap->regions[r].rings[k];
            for (size_t i = 0; i < g->n; i++) {
                x0 = fmin(x0, g->xy[2 * i]);
                x1 = fmax(x1, g->xy[2 * i]);
                y0 = fmin(y0, g->xy[2 * i + 1]);
                y1 = fmax(y1, g->xy[2 * i + 1]);
            }
        }
    return (x1 - x0) / (y1 - y0);
}

/* Whether any drawn text or the description holds s. */
static bool says(canvas *c, const char *s)
{
    for (size_t i = 0; i < canvas_rec_text_count(c); i++)
        if (strstr(canvas_rec_text_at(c, i)->text, s)) return true;
    return strstr(canvas_rec_desc(c), s) != NULL;
}

/* The library holds no report language: without words it speaks plain
 * English, and every word it draws or says comes from chart_style.words
 * (here French, to tell them from both). */
static void test_words(void **state)
{
    (void)state;
    static const chart_words fr = {.no_data = "pas de données",
                                   .class_below = "à moins de",
                                   .class_to = "à",
                                   .rank = "Place",
                                   .of = "sur",
                                   .highlighted = "mis en évidence",
                                   .region = "Région",
                                   .average = "Moyenne",
                                   .previous = "Édition précédente",
                                   .no_comparison = "sans comparaison",
                                   .index_value = "Indice"};
    const chart_style fr_style = {.words = &fr};
    static const char *const german[] = {"keine", " bis ", "unter", "Rang", " von ", "Durchschnitt",
                                         "Vorausgabe", "Vergleichswert", "hervorgehoben",
                                         "Indexwert", "Karte", "Netzdiagramm", "Punkte"};
    double gaps[NFIELDS];
    memcpy(gaps, nrw, sizeof gaps);
    gaps[1] = NAN;
    for (int lang = 0; lang < 2; lang++) {
        const chart_style *st = lang ? &fr_style : NULL;
        canvas *cs[4];
        chart_map m = map_fixture(); /* Bremen has no value, Bayern is highlighted */
        m.title = m.desc = m.legend_title = NULL;
        cs[0] = canvas_rec_new(fonts, 480, 470);
        assert_true(chart_map_draw(cs[0], &m, st, NULL));
        assert_non_null(find_text(cs[0], lang ? "pas de données" : "no data"));
        assert_non_null(find_text(cs[0], lang ? "40 à moins de 60" : "40 to under 60"));
        assert_non_null(find_text(cs[0], lang ? "80 à 100" : "80 to 100"));
        assert_non_null(find_text(cs[0], lang ? "Indice" : "Index value"));
        assert_true(says(cs[0], lang ? "Bayern: 73,9 (60 à moins de 80), mis en évidence."
                                     : "Bayern: 73,9 (60 to under 80), highlighted."));

        chart_bars b = bars_fixture();
        b.desc = b.region_label = b.average_label = NULL;
        b.region = gaps;
        cs[1] = canvas_rec_new(fonts, 480, 400);
        assert_true(chart_bars_draw(cs[1], &b, st, NULL));
        assert_non_null(find_text(cs[1], lang ? "Place 3 sur 16" : "Rank 3 of 16"));
        assert_non_null(find_text(cs[1], lang ? "Moyenne" : "Average"));
        assert_true(says(cs[1], lang ? "pas de données" : "no data"));

        chart_radar r = radar_fixture();
        r.desc = r.region_label = r.average_label = r.previous_label = NULL;
        r.region = gaps;
        cs[2] = canvas_rec_new(fonts, 480, 400);
        assert_true(chart_radar_draw(cs[2], &r, st, NULL));
        assert_non_null(find_text(cs[2], lang ? "Édition précédente" : "Previous edition"));
        assert_non_null(find_text(cs[2], lang ? "Région" : "Region"));
        assert_true(says(cs[2], lang ? "pas de données" : "no data"));

        chart_change ch = change_fixture(); /* the last field has no change */
        ch.desc = ch.caption = NULL;
        cs[3] = canvas_rec_new(fonts, 480, 300);
        assert_true(chart_change_draw(cs[3], &ch, st, NULL));
        assert_true(says(cs[3], lang ? "sans comparaison" : "no comparison"));
        for (int k = 0; k < 4; k++) {
            for (size_t g = 0; g < sizeof german / sizeof german[0]; g++) {
                if (says(cs[k], german[g])) fail_msg("chart %d says \"%s\"", k, german[g]);
            }
            canvas_free(cs[k]);
        }
    }
}

static void test_map_content(void **state)
{
    (void)state;
    assert_int_equal(gmap->n_regions, 16);
    fixture f = {"map", K_MAP, 480, 470, 260, 255, {.map = map_fixture()}};
    canvas *c = record(&f, 480, 470);
    const canvas_rec_shape *fills[32];
    size_t nf = map_fills(c, fills, 32);
    assert_int_equal(nf, 16);
    for (size_t r = 0; r < 16; r++) {
        int k = chart_map_class(land_index[r]);
        canvas_color want = k < 0 ? PALETTE_MAP_NODATA : palette_map_classes[k];
        if (fills[r]->paint.fill_color != want)
            fail_msg("%s: fill #%06x, want #%06x", gmap->regions[r].name,
                     fills[r]->paint.fill_color, want);
    }
    assert_int_equal(fills[9]->paint.fill_color, PALETTE_MAP_3); /* Saarland 39,96 */
    assert_int_equal(fills[10]->paint.fill_color, PALETTE_MAP_5); /* Berlin 80 */
    /* The map keeps its aspect ratio. */
    canvas_box mb = union_box(fills, nf);
    double aspect = (mb.x1 - mb.x0) / (mb.y1 - mb.y0);
    if (fabs(aspect / map_aspect() - 1) > 0.002) fail_msg("aspect %.4f, map %.4f", aspect, map_aspect());
    /* Legend: classes, keine Daten, the region in bold, the title. */
    const char *labels[] = {"0 bis unter 20", "20 bis unter 40", "40 bis unter 60",
                            "60 bis unter 80", "80 bis 100", "keine Daten"};
    for (size_t i = 0; i < 6; i++) {
        const canvas_rec_text *t = find_text(c, labels[i]);
        if (!t) fail_msg("legend lacks %s", labels[i]);
        assert_true(t->box.x0 > mb.x1); /* beside the map at this size */
    }
    assert_int_equal(find_text(c, "Bayern")->style.weight, METRICS_BOLD);
    assert_int_equal(find_text(c, "Deutschland-Index")->style.weight, METRICS_BOLD);
    /* The attribution, small and in the bottom right corner. */
    buf attr = BUF_INIT;
    double attr_right = 0, attr_bottom = 0;
    for (size_t i = 0; i < canvas_rec_text_count(c); i++) {
        const canvas_rec_text *t = canvas_rec_text_at(c, i);
        if (t->style.color == PALETTE_MUTED && t->style.size < 13) {
            if (attr.len) buf_putc(&attr, ' ');
            buf_puts(&attr, t->text);
            attr_right = fmax(attr_right, t->box.x1);
            attr_bottom = fmax(attr_bottom, t->box.y1);
        }
    }
    assert_string_equal(buf_cstr(&attr), "© GeoBasis-DE / BKG 2018 (Daten verändert)");
    assert_true(attr_right > 480 - 20 && attr_bottom > 470 - 40);
    buf_free(&attr);
    /* Hatching inside Bremen, the outline around Bayern over a white casing. */
    size_t hatch = 0, outline = 0, casing = 0;
    for (size_t i = 0; i < canvas_rec_shape_count(c); i++) {
        const canvas_rec_shape *sh = canvas_rec_shape_at(c, i);
        if (!sh->paint.fill && sh->paint.stroke_color == PALETTE_MAP_HATCH &&
            sh->box.x0 >= fills[3]->box.x0 - 1 && sh->box.x1 <= fills[3]->box.x1 + 1 &&
            sh->box.y0 >= fills[3]->box.y0 - 1 && sh->box.y1 <= fills[3]->box.y1 + 1)
            hatch++;
        if (!sh->paint.fill && sh->paint.stroke_color == PALETTE_MAP_HIGHLIGHT) {
            outline++;
            assert_true(fabs(sh->box.x0 + sh->paint.line_width / 2 - fills[8]->box.x0) < 0.5);
            const canvas_rec_shape *prev = canvas_rec_shape_at(c, i - 1);
            if (prev->paint.stroke_color == PALETTE_WHITE &&
                prev->paint.line_width > sh->paint.line_width)
                casing++;
            /* The thin edge after the outline follows the refill in the
             * region's own colour: the highlighted Land keeps its fill. */
            if (outline == 2) {
                assert_true(prev->paint.fill && prev->paint.line_width == 0);
                assert_int_equal(prev->paint.fill_color, fills[8]->paint.fill_color);
            }
        }
    }
    assert_int_equal(hatch, 1);
    assert_int_equal(outline, 2);
    assert_int_equal(casing, 1);
    /* The description has every Land with value and class. */
    const char *desc = canvas_rec_desc(c);
    assert_non_null(strstr(desc, "Bayern: 73,9 (60 bis unter 80), hervorgehoben."));
    assert_non_null(strstr(desc, "Bremen: keine Daten."));
    assert_non_null(strstr(desc, "Saarland: 40,0 (40 bis unter 60)."));
    assert_non_null(strstr(desc, "0 bis unter 20"));
    assert_non_null(strstr(desc, "GeoBasis-DE"));
    assert_string_equal(canvas_rec_title(c), "Karte der Länder");
    canvas_free(c);

    /* All values, no highlight (the overview): no "keine Daten", no outline. */
    double full[16];
    for (int i = 0; i < 16; i++) full[i] = 10 + 5.5 * i;
    f.u.map.values = full;
    f.u.map.highlight = NULL;
    f.u.map.legend_title = NULL;
    c = record(&f, 480, 470);
    assert_null(find_text(c, "keine Daten"));
    assert_null(find_text(c, "Bayern"));
    assert_non_null(find_text(c, "Indexwert"));
    for (size_t i = 0; i < canvas_rec_shape_count(c); i++)
        assert_int_not_equal(canvas_rec_shape_at(c, i)->paint.stroke_color, PALETTE_MAP_HIGHLIGHT);
    canvas_free(c);

    /* A value for an AGS that is not on the map is ignored; missing AGS are
     * keine Daten; a long highlighted name wraps. */
    static const char *const some[3] = {"99", "11", "13"};
    double sv[3] = {50, 60, 70};
    chart_map m = map_fixture();
    m.n = 3;
    m.ags = some;
    m.values = sv;
    m.highlight = "13";
    f.u.map = m;
    c = record(&f, 260, 255);
    assert_true(map_fills(c, fills, 32) == 16);
    assert_non_null(find_text(c, "keine Daten"));
    canvas_free(c);
}

/* Any canvas size: inside, no overlaps, legend beside or below. */
static void test_map_sizes(void **state)
{
    (void)state;
    fixture f = {"map", K_MAP, 0, 0, 0, 0, {.map = map_fixture()}};
    const double sizes[][2] = {{480, 470}, {260, 255}, {640, 300}, {260, 600}, {300, 200},
                               {200, 120}, {1000, 400}, {120, 400}, {80, 60}, {960, 940}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        double w = sizes[i][0], h = sizes[i][1];
        canvas *c = record(&f, w, h);
        const canvas_rec_shape *fills[32];
        size_t nf = map_fills(c, fills, 32);
        assert_int_equal(nf, 16);
        canvas_box mb = union_box(fills, nf);
        double aspect = (mb.x1 - mb.x0) / (mb.y1 - mb.y0);
        if (fabs(aspect / map_aspect() - 1) > 0.01)
            fail_msg("%gx%g: aspect %.4f", w, h, aspect);
        const canvas_rec_text *t = find_text(c, "80 bis 100");
        assert_non_null(t);
        bool beside = t->box.x0 >= mb.x1, below = t->box.y0 >= mb.y1;
        if (!beside && !below) fail_msg("%gx%g: legend overlaps the map", w, h);
        if (w == 260 && h == 600) assert_true(below);
        if (w == 640 && h == 300) assert_true(beside);
        canvas_free(c);
    }
}

static void test_map_height(void **state)
{
    (void)state;
    chart_map m = map_fixture();
    const double widths[] = {200, 260, 480, 700};
    for (size_t i = 0; i < 4; i++) {
        double w = widths[i];
        double h = chart_map_height(fonts, &m, w, DE);
        assert_true(h > 0.5 * w && h < 2 * w);
        fixture f = {"h-map", K_MAP, w, h, w, h, {.map = m}};
        canvas *c = record(&f, w, h);
        /* Nothing shrinks at the natural height. */
        assert_true(fabs(find_text(c, "0 bis unter 20")->style.size - fmax(6, fmin(14, w / 36))) < 1e-9);
        canvas_free(c);
    }
    m.map = NULL;
    assert_true(chart_map_height(fonts, &m, 480, DE) == 0);
}

/* PNG canvases sharing a layer cache give the bytes of uncached drawing:
 * maps of the same regions with another region marked (the layer is
 * copied), at another size and with something drawn under the map first
 * (the layer is drawn), and a region marked again after the cache was
 * refilled. */
static void png_map(const char *highlight, double w, double h, bool under,
                    canvas_png_cache *cache, buf *out)
{
    chart_map m = map_fixture();
    m.highlight = highlight;
    canvas *c = canvas_png_new_cached(fonts, w, h, 2, out, cache);
    if (under) {
        canvas_rect(c, 0, 0, w, h);
        canvas_paint p = {true, 0xEEEEEE, 0, 0, CANVAS_SOLID, false};
        canvas_draw(c, &p);
    }
    diag d = DIAG_INIT;
    assert_true(chart_map_draw(c, &m, DE, &d));
    assert_true(canvas_finish(c, &d));
    canvas_free(c);
    diag_free(&d);
}

static void test_png_layer_cache(void **state)
{
    (void)state;
    static const struct {
        const char *hl;
        double w, h;
        bool under;
    } runs[] = {{"09", 480, 470, false}, {"05", 480, 470, false}, {"04", 480, 470, false},
                {"09", 300, 320, false}, {"05", 480, 470, true},  {"11", 480, 470, false},
                {"", 480, 470, false},   {"02", 300, 320, false}, {"09", 480, 470, false},
                /* same width: the reused pixels keep the rows the PNG before
                 * left white, the others are cleared (shorter, taller, grey) */
                {"04", 480, 470, false}, {"09", 480, 300, false}, {"05", 480, 470, false},
                {"04", 480, 470, true},  {"09", 480, 470, false}, {"11", 480, 520, false}};
    canvas_png_cache *cache = canvas_png_cache_new();
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        buf plain = BUF_INIT, cached = BUF_INIT;
        png_map(runs[i].hl, runs[i].w, runs[i].h, runs[i].under, NULL, &plain);
        png_map(runs[i].hl, runs[i].w, runs[i].h, runs[i].under, cache, &cached);
        if (plain.len != cached.len || memcmp(plain.data, cached.data, plain.len) != 0)
            fail_msg("run %zu (%s): cached PNG differs", i, runs[i].hl);
        buf_free(&plain);
        buf_free(&cached);
    }
    canvas_png_cache_free(cache);
    canvas_png_cache_free(NULL);
}

/* The radar's grid is a layer drawn over the region's area, which differs
 * from chart to chart: a cache keeps its coverage and applies it again.
 * Radars with other values (the same grid), at another size (another
 * grid) and with values again give the bytes of uncached drawing. */
static void png_radar(const double *values, double w, double h, canvas_png_cache *cache, buf *out)
{
    chart_radar r = radar_fixture();
    r.region = values;
    canvas *c = canvas_png_new_cached(fonts, w, h, 2, out, cache);
    diag d = DIAG_INIT;
    assert_true(chart_radar_draw(c, &r, DE, &d));
    assert_true(canvas_finish(c, &d));
    canvas_free(c);
    diag_free(&d);
}

static void test_png_radar_cover(void **state)
{
    (void)state;
    static const double low[NFIELDS] = {12.5, 30, 8, 41.2, 22, 17};
    static const double high[NFIELDS] = {95, 88.1, 99, 71, 90, 100};
    static const double gaps[NFIELDS] = {55, NAN, 60, 62, NAN, 48};
    const struct {
        const double *v;
        double w, h;
    } runs[] = {{nrw, 480, 440}, {low, 480, 440}, {high, 480, 440}, {nrw, 300, 330},
                {gaps, 480, 440},   {low, 300, 330}, {nrw, 480, 440}};
    canvas_png_cache *cache = canvas_png_cache_new();
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        buf plain = BUF_INIT, cached = BUF_INIT;
        png_radar(runs[i].v, runs[i].w, runs[i].h, NULL, &plain);
        png_radar(runs[i].v, runs[i].w, runs[i].h, cache, &cached);
        if (plain.len != cached.len || memcmp(plain.data, cached.data, plain.len) != 0)
            fail_msg("run %zu: cached radar PNG differs", i);
        buf_free(&plain);
        buf_free(&cached);
    }
    canvas_png_cache_free(cache);
}

static void test_map_invalid(void **state)
{
    (void)state;
    canvas *c = canvas_rec_new(fonts, 300, 300);
    chart_map m = map_fixture();
    diag d = DIAG_INIT;
    m.map = NULL;
    assert_false(chart_map_draw(c, &m, NULL, &d));
    assert_int_equal(d.errors, 1);
    m = map_fixture();
    m.ags = NULL;
    assert_false(chart_map_draw(c, &m, NULL, &d));
    m = map_fixture();
    m.n = 1001;
    assert_false(chart_map_draw(c, &m, NULL, NULL));
    assert_int_equal(d.errors, 2);
    diag_free(&d);
    /* No values at all: every Land keine Daten. */
    m = map_fixture();
    m.n = 0;
    assert_true(chart_map_draw(c, &m, DE, NULL));
    canvas_free(c);
}

/* The map from the view model (gen/view_charts.c). */
static void test_view_map(void **state)
{
    (void)state;
    /* A Kreis among its Land's Kreise: here the Länder shapes stand in for
     * them (the chart knows no levels), the Kreis outlined. */
    view_map_region mr[16];
    for (int i = 0; i < 16; i++)
        mr[i] = (view_map_region){(char *)land_ags[i], (char *)land_names[i], land_index[i],
                                  (char *)""};
    view_briefing v;
    memset(&v, 0, sizeof v);
    v.level = LEVEL_KREIS;
    v.ags = (char *)"09162";
    v.name = (char *)"München";
    v.land_ags = (char *)"09";
    v.ed.index_name = (char *)"Kreisindex";
    v.map_peers = (view_map){LEVEL_KREIS, mr, 16, (char *)"09", (char *)"Kreise in Bayern",
                             (char *)"Kreisindex"};
    v.map_parts = (view_map){LEVEL_GEMEINDE, NULL, 0, (char *)"", (char *)"", (char *)""};
    /* From the wording templates ("chart_map: Karte der {{{map_peers_de}}}"). */
    v.texts.text[VT_CHART_MAP] = (char *)"Karte der Kreise in Bayern";
    assert_string_equal(briefing_chart_name(CHART_MAP), "karte");
    assert_string_equal(briefing_chart_name(CHART_MAP_PARTS), "karte-gebiete");
    assert_string_equal(briefing_chart_title(&v, CHART_MAP), "Karte der Kreise in Bayern");
    /* Without a map, or without regions, the map charts do not apply. */
    assert_false(briefing_chart_applies(&v, CHART_MAP, NULL));
    assert_true(briefing_chart_applies(&v, CHART_MAP, gmap));
    assert_false(briefing_chart_applies(&v, CHART_MAP_PARTS, gmap));
    double h = briefing_chart_height(fonts, &v, CHART_MAP, 480, gmap, NULL);
    assert_true(h > 100);
    canvas *c = canvas_rec_new(fonts, 480, h);
    diag d = DIAG_INIT;
    assert_true(briefing_chart_draw(c, &v, CHART_MAP, gmap, NULL, &d));
    assert_true(canvas_finish(c, &d));
    check_layout(c, "view map kreis");
    assert_int_equal(find_text(c, "Bayern")->style.weight, METRICS_BOLD); /* outlined */
    assert_non_null(find_text(c, "Kreisindex")); /* the level's index */
    assert_string_equal(canvas_rec_title(c), "Karte der Kreise in Bayern");
    canvas_free(c);
    /* Framed to the listed regions: three northern Länder fill the width. */
    v.map_peers.n = 3;
    v.map_peers.highlight = (char *)"02";
    c = canvas_rec_new(fonts, 480, briefing_chart_height(fonts, &v, CHART_MAP, 480, gmap, NULL));
    assert_true(briefing_chart_draw(c, &v, CHART_MAP, gmap, NULL, &d));
    const canvas_rec_shape *f3[8];
    assert_int_equal(map_fills(c, f3, 8), 3);
    assert_non_null(find_text(c, "Hamburg"));
    canvas_free(c);
    /* Without a map, drawing it fails with an error. */
    c = canvas_rec_new(fonts, 480, h);
    assert_false(briefing_chart_draw(c, &v, CHART_MAP, NULL, NULL, &d));
    assert_int_equal(d.errors, 1);
    canvas_free(c);
    /* No regions: not applicable. */
    v.map_peers.n = 0;
    assert_false(briefing_chart_applies(&v, CHART_MAP, gmap));

    /* The overview: o->laender by AGS, nothing outlined. */
    view_rank_entry le[16];
    memset(le, 0, sizeof le);
    for (int i = 0; i < 16; i++) {
        le[i].ags = (char *)land_ags[15 - i];
        le[i].score = land_index[15 - i];
    }
    view_overview o;
    memset(&o, 0, sizeof o);
    o.laender = le;
    o.n_laender = 16;
    o.ed.index_name = (char *)"Deutschland-Index";
    o.texts.text[VT_CHART_MAP] = (char *)"Karte der Länder";
    double oh = overview_chart_height(fonts, &o, OVERVIEW_MAP, 0, 480, gmap, NULL);
    assert_true(oh > 300);
    c = canvas_rec_new(fonts, 480, oh);
    assert_true(overview_chart_draw(c, &o, OVERVIEW_MAP, 0, gmap, NULL, &d));
    assert_true(canvas_finish(c, &d));
    check_layout(c, "overview map");
    assert_null(find_text(c, "Bayern"));
    const canvas_rec_shape *fills[32];
    assert_int_equal(map_fills(c, fills, 32), 16);
    assert_int_equal(fills[8]->paint.fill_color, PALETTE_MAP_4); /* Bayern 73,9 */
    canvas_free(c);
    c = canvas_rec_new(fonts, 480, oh);
    assert_false(overview_chart_draw(c, &o, OVERVIEW_MAP, 0, NULL, NULL, &d));
    canvas_free(c);
    diag_free(&d);
}

/* ---- dump for eyes --------------------------------------------------------- */

static void dump_all(const char *dir)
{
    mkdir(dir, 0755);
    fixture fx[8];
    size_t n = fixtures_get(fx);
    char path[512];
    for (size_t i = 0; i < n; i++) {
        buf out = BUF_INIT;
        render_svg(&fx[i], fx[i].name, &out);
        snprintf(path, sizeof path, "%s/%s.svg", dir, fx[i].name);
        write_file(path, out.data, out.len);
        buf_clear(&out);
        render_png(&fx[i], fx[i].w, fx[i].h, &out);
        snprintf(path, sizeof path, "%s/%s.png", dir, fx[i].name);
        write_file(path, out.data, out.len);
        buf_clear(&out);
        render_png(&fx[i], fx[i].pw, fx[i].ph, &out);
        snprintf(path, sizeof path, "%s/%s-pdfsize.png", dir, fx[i].name);
        write_file(path, out.data, out.len);
        buf_free(&out);
    }
    size_t len;
    char *pdf = make_pdf(&len);
    snprintf(path, sizeof path, "%s/charts.pdf", dir);
    write_file(path, pdf, len);
    free(pdf);
}

static void dump_png(const char *dir, const fixture *f, double w, double h, const char *name)
{
    buf out = BUF_INIT;
    render_png(f, w, h, &out);
    char path[512];
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    write_file(path, out.data, out.len);
    buf_free(&out);
}

/* Edge cases, for looking at. */
static void dump_edges(const char *dir)
{
    static const char *const axes12[12] = {
        "Infrastruktur", "Digitales Leben", "Wirtschaft & Forschung", "Bürgerservices",
        "Bildung & Qualifikation", "Verwaltung digital", "Gesundheit & Pflege",
        "Mobilität", "Energie & Umwelt", "Sicherheit & Resilienz", "Kultur & Medien",
        "Teilhabe & Ehrenamt",
    };
    double v12[12], a12[12];
    for (int i = 0; i < 12; i++) {
        v12[i] = 30 + 5 * i;
        a12[i] = 50;
    }
    chart_radar r = {0};
    r.n_axes = 12;
    r.axes = axes12;
    r.region = v12;
    r.average = a12;
    r.region_label = "Landkreis Neustadt an der Waldnaab und Umgebung (Oberpfalz) X";
    r.average_label = "Ø Kreise";
    fixture f = {"e", K_RADAR, 0, 0, 0, 0, {.radar = r}};
    dump_png(dir, &f, 480, 400, "edge-radar12");
    dump_png(dir, &f, 260, 220, "edge-radar12-pdfsize");
    r.n_axes = 3;
    f.u.radar = r;
    dump_png(dir, &f, 480, 400, "edge-radar3");
    double gaps[6] = {50, NAN, 60, 70, NAN, NAN};
    double prev[6] = {45, 50, NAN, 65, 40, NAN};
    r.n_axes = 6;
    r.region = gaps;
    r.average = NULL;
    r.previous = prev;
    r.region_label = "Bremen";
    r.previous_label = "Bremen 2024";
    f.u.radar = r;
    dump_png(dir, &f, 480, 400, "edge-radar-gaps");
    dump_png(dir, &f, 640, 300, "edge-radar-wide");

    static const char *const labels[3] = {
        "Ein Themenfeld mit einem wirklich sehr langen Namen, der nicht passt", "B", "C"};
    double reg[3] = {NAN, 50, 50}, avg[3] = {50, NAN, 50};
    chart_bars b = {0};
    b.n = 3;
    b.labels = labels;
    b.region = reg;
    b.average = avg;
    b.region_label = "Landkreis Neustadt an der Waldnaab und Umgebung (Oberpfalz) X";
    fixture g = {"e", K_BARS, 0, 0, 0, 0, {.bars = b}};
    dump_png(dir, &g, 300, 150, "edge-bars");

    double big[3] = {-37.25, 12, NAN};
    chart_change ch = {0};
    ch.n = 3;
    ch.labels = fields;
    ch.change = big;
    ch.index_label = "Index";
    ch.index_change = -0.04;
    fixture hc = {"e", K_CHANGE, 0, 0, 0, 0, {.change = ch}};
    dump_png(dir, &hc, 260, 140, "edge-change");

    const char *names[50];
    double vals[50];
    char store[50][80];
    for (int i = 0; i < 50; i++) {
        snprintf(store[i], sizeof store[i],
                 i == 3 ? "Landkreis Neustadt an der Waldnaab und Umgebung (Oberpfalz) %d"
                        : "Landkreis %d", i);
        names[i] = store[i];
        vals[i] = 40 + (i % 7) + 0.1 * i;
    }
    chart_ranking rk = {0};
    rk.n = 50;
    rk.names = names;
    rk.values = vals;
    rk.highlight = 3;
    rk.caption = "Platz 57 von 400 Kreisen bundesweit";
    fixture m = {"e", K_RANKING, 0, 0, 0, 0, {.ranking = rk}};
    dump_png(dir, &m, 260, chart_ranking_height(fonts, &rk, 260, DE), "edge-kreise50-pdfsize");

    chart_map mp = map_fixture();
    fixture mf = {"e", K_MAP, 0, 0, 0, 0, {.map = mp}};
    dump_png(dir, &mf, 260, 600, "edge-map-tall");
    dump_png(dir, &mf, 640, 300, "edge-map-wide");
    dump_png(dir, &mf, 200, 120, "edge-map-tiny");
    mp.highlight = "04"; /* Bremen: tiny and without data */
    mf.u.map = mp;
    dump_png(dir, &mf, 260, chart_map_height(fonts, &mp, 260, DE), "edge-map-bremen-pdfsize");
    mp.highlight = "13"; /* a long name */
    mf.u.map = mp;
    dump_png(dir, &mf, 260, chart_map_height(fonts, &mp, 260, DE), "edge-map-mv-pdfsize");
    mp.highlight = NULL;
    mp.n = 0;
    mf.u.map = mp;
    dump_png(dir, &mf, 480, chart_map_height(fonts, &mp, 480, DE), "edge-map-nodata");
}

static void test_dump(void **state)
{
    (void)state;
    const char *dir = getenv("DIGINDEX_CHART_DUMP");
    if (dir && *dir) {
        dump_all(dir);
        dump_edges(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_missing),
        cmocka_unit_test(test_metrics_widths),
        cmocka_unit_test(test_metrics_match_cairo),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_palette_contrast),
        cmocka_unit_test(test_svg_basics),
        cmocka_unit_test(test_svg_ids_unique),
        cmocka_unit_test(test_svg_deterministic_any_locale),
        cmocka_unit_test(test_golden_svgs),
        cmocka_unit_test(test_png),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_bad_args),
        cmocka_unit_test(test_layout_fixtures),
        cmocka_unit_test(test_radar_content),
        cmocka_unit_test(test_radar_edges),
        cmocka_unit_test(test_radar_invalid),
        cmocka_unit_test(test_bars_content),
        cmocka_unit_test(test_change_content),
        cmocka_unit_test(test_ranking_content),
        cmocka_unit_test(test_all_equal),
        cmocka_unit_test(test_heights),
        cmocka_unit_test(test_map_classes),
        cmocka_unit_test(test_map_content),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_map_sizes),
        cmocka_unit_test(test_map_height),
        cmocka_unit_test(test_map_invalid),
        cmocka_unit_test(test_png_layer_cache),
        cmocka_unit_test(test_png_radar_cover),
        cmocka_unit_test(test_view_map),
        cmocka_unit_test(test_speed),
        cmocka_unit_test(test_dump),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
