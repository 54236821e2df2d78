/* bench: timings of the pieces `make bench` reports (never a test).
 *
 *   bench scoring            scoring 16, 400 and 10,800 regions × 30 indicators
 *   bench region DATA AGS    per-format time of one region's outputs, one core
 *   bench kreis DATA KREIS   the charts (view, SVGs, PNGs with one worker's
 *                            cache, PDF) of every Gemeinde of a Kreis: CPU ms
 *                            per Gemeinde, one pass in AGS order
 *   bench png FILE.png...    the rows of chart PNGs (as digindex writes them:
 *                            filter none) deflated by libdeflate level 1 and
 *                            by png_deflate: CPU ms (best of 9) and bytes
 *
 * Prints "name<TAB>milliseconds" lines that bench/run turns into the table.
 * Each figure is the median of repeated runs after one warm-up. */
#include "buf.h"
#include "canvas.h"
#include "charts.h"
#include "diag.h"
#include "metrics.h"
#include "model.h"
#include "geo.h"
#include "pipeline.h"
#include "png_deflate.h"
#include "region_csv.h"
#include "render_html.h"
#include "render_pdf.h"
#include "sample.h"
#include "scores.h"
#include "view.h"
#include "view_charts.h"
#include "wording.h"

#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of the process (the pieces run on one thread): on a machine
 * shared with other jobs it moves far less than wall time, and on a quiet
 * one it is the same. */
static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *xs, size_t n)
{
    qsort(xs, n, sizeof *xs, cmp_double);
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/* An in-memory dataset: one edition, n regions of one level, a 5 × 2 × 3
 * tree of 30 min-max indicators, deterministic pseudo-random values. */
static dataset *synthetic(size_t n)
{
    dataset *ds = xcalloc(1, sizeof *ds);
    ds->dir = xstrdup("(memory)");
    ds->regions_file = xstrdup("(memory)");
    ds->regions = xcalloc(n, sizeof *ds->regions);
    ds->n_regions = n;
    ds->level_regions[LEVEL_KREIS] = xmalloc(n * sizeof(size_t));
    ds->n_level_regions[LEVEL_KREIS] = n;
    for (size_t i = 0; i < n; i++) {
        region *r = &ds->regions[i];
        snprintf(r->ags, sizeof r->ags, "%05u", (unsigned)(i % 100000));
        r->name = xasprintf("Region %zu", i);
        r->level = LEVEL_KREIS;
        r->population = 1000 + (double)i;
        r->area_km2 = NAN;
        r->land = r->kreis = SIZE_MAX;
        r->row = i;
        ds->level_regions[LEVEL_KREIS][i] = i;
    }
    ds->editions = xcalloc(1, sizeof *ds->editions);
    ds->n_editions = 1;
    edition *ed = &ds->editions[0];
    ed->year = 2025;
    ed->title = xstrdup("bench");
    ed->published = xstrdup("2025-06-30");
    ed->status = xstrdup("sample");
    ed->dir = xstrdup("(memory)");
    ed->model_file = xstrdup("(memory)");
    level_data *ld = &ed->levels[LEVEL_KREIS];
    ld->present = true;
    tree *t = &ld->tree;
    t->n_nodes = 1 + 5 + 10 + 30;
    t->nodes = xcalloc((size_t)t->n_nodes, sizeof(node));
    t->leaves = xmalloc(30 * sizeof(int));
    int next = 0;
    node *root = &t->nodes[next++];
    root->id = xstrdup("I");
    root->name = xstrdup("Index");
    root->parent = -1;
    root->leaf = -1;
    root->children = xmalloc(5 * sizeof(int));
    for (int tf = 0; tf < 5; tf++) {
        int ti = next++;
        root->children[root->n_children++] = ti;
        node *tn = &t->nodes[ti];
        tn->id = xasprintf("T%d", tf);
        tn->name = xstrdup(tn->id);
        tn->weight = 1 + tf;
        tn->parent = 0;
        tn->depth = 1;
        tn->leaf = -1;
        tn->children = xmalloc(2 * sizeof(int));
        for (int a = 0; a < 2; a++) {
            int ai = next++;
            t->nodes[ti].children[t->nodes[ti].n_children++] = ai;
            node *an = &t->nodes[ai];
            an->id = xasprintf("T%dA%d", tf, a);
            an->name = xstrdup(an->id);
            an->weight = 1;
            an->parent = ti;
            an->depth = 2;
            an->leaf = -1;
            an->children = xmalloc(3 * sizeof(int));
            for (int k = 0; k < 3; k++) {
                int li = next++;
                t->nodes[ai].children[t->nodes[ai].n_children++] = li;
                node *ln = &t->nodes[li];
                ln->id = xasprintf("T%dA%dI%d", tf, a, k);
                ln->name = xstrdup(ln->id);
                ln->weight = 1;
                ln->parent = ai;
                ln->depth = 3;
                ln->direction = k == 2 ? -1 : 1;
                ln->leaf = t->n_leaves;
                t->leaves[t->n_leaves++] = li;
            }
        }
    }
    tree_index_ids(t);
    ld->raw = xmalloc(n * 30 * sizeof(double));
    for (size_t i = 0; i < n * 30; i++)
        ld->raw[i] = i % 97 == 0 ? NAN : 100 * sample_uniform(sample_hash(1, "bench", NULL, NULL) + i * 0x9E3779B97F4A7C15ULL);
    return ds;
}

static void bench_scoring(void)
{
    size_t sizes[] = {16, 400, 10800};
    for (size_t s = 0; s < 3; s++) {
        dataset *ds = synthetic(sizes[s]);
        double t[21];
        for (int rep = 0; rep < 21; rep++) {
            diag d = DIAG_INIT;
            double t0 = now_ms();
            scores *sc = scores_compute(ds, &d);
            t[rep] = now_ms() - t0;
            scores_free(sc);
            diag_free(&d);
        }
        printf("scoring_%zu\t%.3f\n", sizes[s], median(t + 1, 20));
        dataset_free(ds);
    }
}

/* ---- what bench region and bench kreis set up ----------------------------------- */

/* The data loaded and scored, fonts, wording, every level's map and a PDF
 * renderer, as a build sets them up (a Kreis or Gemeinde briefing draws its
 * Land's Kreise, its Kreis' Gemeinden). */
typedef struct bench_env {
    diag d;
    pipeline p;
    metrics_fonts *fonts;
    wording *w;
    geo_map *map;
    pdf_renderer *pdf;
    int year;
} bench_env;

static void bench_env_close(bench_env *e)
{
    pdf_renderer_free(e->pdf);
    geo_map_free(e->map);
    wording_free(e->w);
    metrics_fonts_free(e->fonts);
    pipeline_free(&e->p);
    diag_free(&e->d);
}

/* False (after a message, with everything freed again) when something is
 * missing; otherwise close it with bench_env_close. */
static bool bench_env_open(bench_env *e, const char *data)
{
    memset(e, 0, sizeof *e);
    e->d = (diag)DIAG_INIT;
    pipeline_run(&e->p, data, &e->d);
    e->fonts = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, &e->d);
    e->w = wording_load("templates", &e->d);
    if (!e->p.sc || !e->fonts || !e->w) {
        fprintf(stderr, "bench: cannot set up (%zu errors)\n", e->d.errors);
        bench_env_close(e);
        return false;
    }
    e->year = dataset_newest_edition(e->p.ds)->year;
    char *map_files[3];
    size_t n_map_files = geo_map_data_files(data, map_files);
    e->map = geo_map_load_files((const char *const *)map_files, n_map_files, &e->d);
    for (size_t i = 0; i < n_map_files; i++) free(map_files[i]);
    e->pdf = pdf_renderer_new(e->fonts, &e->d);
    if (!e->map || !e->pdf) {
        fprintf(stderr, "bench: cannot set up the renderers\n");
        bench_env_close(e);
        return false;
    }
    pdf_renderer_set_map(e->pdf, e->map);
    return true;
}

static int bench_region(const char *data, const char *ags)
{
    bench_env e;
    if (!bench_env_open(&e, data)) return 2;
    diag d = DIAG_INIT; /* the measured calls' messages */
    size_t ri = dataset_find_region(e.p.ds, ags);
    html_renderer *html = html_renderer_new("templates", e.fonts, &e.d);
    if (ri == SIZE_MAX || !html) {
        fprintf(stderr, "bench: no region %s, or no HTML renderer\n", ags);
        html_renderer_free(html);
        bench_env_close(&e);
        return 2;
    }
    html_renderer_set_map(html, e.map);
    const pipeline *pl = &e.p;
    const metrics_fonts *fonts = e.fonts;
    const wording *w = e.w;
    const geo_map *map = e.map;
    pdf_renderer *pdf = e.pdf;
    const region *rg = &pl->ds->regions[ri];
    int year = e.year;
    enum { N = 31 };
    double view_t[N], free_t[N], svg_t[N], png_t[N], pdf_t[N], pdfu_t[N], html_t[N], csv_t[N];
    double png_chart_t[CHART_COUNT][N], png_draw_t[CHART_COUNT][N];
    size_t png_chart_bytes[CHART_COUNT] = {0};
    size_t svg_bytes = 0, png_bytes = 0, pdf_bytes = 0, pdfu_bytes = 0, html_bytes = 0,
           csv_bytes = 0;
    for (int rep = 0; rep < N; rep++) {
        double t0 = now_ms();
        const view_briefing *v = view_briefing_build(
            &(view_input){pl->ds, pl->sc, year, -1, w, NULL, {{0}}}, rg->level, rg->row, &d);
        view_t[rep] = now_ms() - t0;
        /* Each chart once per format, as the build draws them: SVG (file and
         * page), PNG (every chart, the maps too: each is the region's own).
         * A fresh PNG cache per run, so its buffers serve the region's
         * charts but no map layer comes from the run before (in a build the
         * next region of the same Kreis or Land would reuse it). */
        t0 = now_ms();
        chart_svg svgs[CHART_COUNT];
        briefing_charts_svg(fonts, v, map, NULL, svgs, &d);
        svg_t[rep] = now_ms() - t0;
        svg_bytes = 0;
        for (int k = 0; k < CHART_COUNT; k++) svg_bytes += svgs[k].svg.len;
        t0 = now_ms();
        png_bytes = 0;
        canvas_png_cache *cache = canvas_png_cache_new();
        for (int k = 0; k < CHART_COUNT; k++) {
            png_chart_t[k][rep] = png_draw_t[k][rep] = 0;
            if (!svgs[k].present) continue;
            double tc = now_ms();
            buf out = BUF_INIT;
            canvas *c = canvas_png_new_cached(fonts, svgs[k].width, svgs[k].height, 2.0, &out,
                                              cache);
            briefing_chart_draw(c, v, (briefing_chart)k, map, NULL, &d);
            png_draw_t[k][rep] = now_ms() - tc;
            canvas_finish(c, &d);
            canvas_free(c);
            png_bytes += out.len;
            png_chart_bytes[k] = out.len;
            buf_free(&out);
            png_chart_t[k][rep] = now_ms() - tc;
        }
        canvas_png_cache_free(cache);
        png_t[rep] = now_ms() - t0;
        buf out = BUF_INIT;
        t0 = now_ms();
        pdf_render_briefing(pdf, v, &out, &d);
        pdf_t[rep] = now_ms() - t0;
        pdf_bytes = out.len;
        buf_clear(&out);
        /* The same without tagging (no structure tree, no object streams):
         * what tagging costs. */
        pdf_renderer_set_tagged(pdf, false);
        t0 = now_ms();
        pdf_render_briefing(pdf, v, &out, &d);
        pdfu_t[rep] = now_ms() - t0;
        pdfu_bytes = out.len;
        pdf_renderer_set_tagged(pdf, true);
        buf_clear(&out);
        t0 = now_ms();
        html_render_briefing(html, v, svgs, &out, &d);
        html_t[rep] = now_ms() - t0;
        html_bytes = out.len;
        buf_clear(&out);
        t0 = now_ms();
        region_csv_write(&out, v);
        csv_t[rep] = now_ms() - t0;
        csv_bytes = out.len;
        buf_free(&out);
        chart_svgs_free(svgs, CHART_COUNT);
        t0 = now_ms();
        view_briefing_free(v);
        free_t[rep] = now_ms() - t0;
    }
    printf("view_%s\t%.3f\n", ags, median(view_t + 1, N - 1));
    printf("viewfree_%s\t%.3f\n", ags, median(free_t + 1, N - 1));
    printf("pdf_%s\t%.3f\t%zu\n", ags, median(pdf_t + 1, N - 1), pdf_bytes);
    printf("pdfu_%s\t%.3f\t%zu\n", ags, median(pdfu_t + 1, N - 1), pdfu_bytes);
    printf("html_%s\t%.3f\t%zu\n", ags, median(html_t + 1, N - 1), html_bytes);
    printf("csv_%s\t%.3f\t%zu\n", ags, median(csv_t + 1, N - 1), csv_bytes);
    printf("svg_%s\t%.3f\t%zu\n", ags, median(svg_t + 1, N - 1), svg_bytes);
    printf("png_%s\t%.3f\t%zu\n", ags, median(png_t + 1, N - 1), png_bytes);
    /* Each chart's PNG alone (drawn, palette, deflate). */
    for (int k = 0; k < CHART_COUNT; k++)
        if (png_chart_bytes[k])
            printf("png_%s_%s\t%.3f\t%zu\t%.3f\n", ags, briefing_chart_name((briefing_chart)k),
                   median(png_chart_t[k] + 1, N - 1), png_chart_bytes[k],
                   median(png_draw_t[k] + 1, N - 1));
    html_renderer_free(html);
    diag_free(&d);
    bench_env_close(&e);
    return 0;
}

/* ---- bench kreis ------------------------------------------------------------- */

/* The charts of every Gemeinde of a Kreis as a build's worker makes them, in
 * AGS order: the view, the SVGs (the page's and the narrow set of the HTML),
 * each PNG with its frame through one canvas_png_cache (so layers drawn for
 * the Gemeinde before are reused, as in a build) and the PDF. CPU ms per
 * Gemeinde for each, and for each chart its PNG drawn and drawn + encoded.
 * One pass: the numbers depend on the order, as in a build. */
static int bench_kreis(const char *data, const char *kreis)
{
    bench_env e;
    if (!bench_env_open(&e, data)) return 2;
    diag d = DIAG_INIT; /* the measured calls' messages */
    const pipeline *pl = &e.p;
    const metrics_fonts *fonts = e.fonts;
    const wording *w = e.w;
    const geo_map *map = e.map;
    pdf_renderer *pdf = e.pdf;
    int year = e.year;
    canvas_png_cache *cache = canvas_png_cache_new();
    const chart_style wide = {0}, narrow = {.font_size = VIEW_CHART_NARROW_FONT};
    double view_t = 0, svg_t = 0, narrow_t = 0, png_t = 0, pdf_t = 0;
    double draw_t[CHART_COUNT] = {0}, chart_t[CHART_COUNT] = {0};
    size_t n = 0, klen = strlen(kreis);
    for (size_t i = 0; i < pl->ds->n_regions; i++) {
        const region *rg = &pl->ds->regions[i];
        if (rg->level != LEVEL_GEMEINDE || strncmp(rg->ags, kreis, klen) != 0) continue;
        n++;
        double t0 = now_ms();
        const view_briefing *v = view_briefing_build(
            &(view_input){pl->ds, pl->sc, year, -1, w, NULL, {{0}}}, rg->level, rg->row, &d);
        double t1 = now_ms();
        view_t += t1 - t0;
        chart_svg svgs[CHART_COUNT], small[CHART_COUNT];
        briefing_charts_svg(fonts, v, map, &wide, svgs, &d);
        double t2 = now_ms();
        svg_t += t2 - t1;
        briefing_charts_svg_at(fonts, v, map, &narrow, VIEW_CHART_NARROW_WIDTH, "-schmal", small, &d);
        chart_svgs_free(small, CHART_COUNT);
        double t3 = now_ms();
        narrow_t += t3 - t2;
        for (int k = 0; k < CHART_COUNT; k++) {
            if (!svgs[k].present) continue;
            double tc = now_ms();
            buf out = BUF_INIT, title = BUF_INIT;
            canvas *c = canvas_png_new_cached(fonts, svgs[k].width, svgs[k].height, 2.0, &out, cache);
            chart_frame fr;
            briefing_chart_frame(v, (briefing_chart)k, &title, &fr);
            chart_frame_begin(c, &fr, NULL);
            canvas_png_set_text(c, "Title", fr.title ? fr.title : "");
            briefing_chart_draw(c, v, (briefing_chart)k, map, &wide, &d);
            draw_t[k] += now_ms() - tc;
            canvas_finish(c, &d);
            canvas_free(c);
            buf_free(&title);
            buf_free(&out);
            chart_t[k] += now_ms() - tc;
        }
        double t4 = now_ms();
        png_t += t4 - t3;
        buf out = BUF_INIT;
        pdf_render_briefing(pdf, v, &out, &d);
        buf_free(&out);
        pdf_t += now_ms() - t4;
        chart_svgs_free(svgs, CHART_COUNT);
        view_briefing_free(v);
    }
    if (n == 0) {
        fprintf(stderr, "bench: no Gemeinde in %s\n", kreis);
        return 2;
    }
    double per = 1.0 / (double)n;
    printf("kreis_%s_gemeinden\t%zu\n", kreis, n);
    printf("kreis_%s_view\t%.3f\n", kreis, view_t * per);
    printf("kreis_%s_svg\t%.3f\n", kreis, svg_t * per);
    printf("kreis_%s_svg_narrow\t%.3f\n", kreis, narrow_t * per);
    printf("kreis_%s_png\t%.3f\n", kreis, png_t * per);
    for (int k = 0; k < CHART_COUNT; k++)
        if (chart_t[k] > 0)
            printf("kreis_%s_png_%s\t%.3f\t%.3f\n", kreis, briefing_chart_name((briefing_chart)k),
                   chart_t[k] * per, draw_t[k] * per);
    printf("kreis_%s_pdf\t%.3f\n", kreis, pdf_t * per);
    canvas_png_cache_free(cache);
    diag_free(&d);
    bench_env_close(&e);
    return 0;
}

/* ---- bench png ---------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The inflated IDAT of a PNG with filter none on every row (what digindex
 * writes), its row length (filter byte included) and bytes per pixel. */
static unsigned char *png_rows(const char *path, size_t *len, size_t *stride, size_t *bpp)
{
    size_t n = 0;
    char *file = NULL;
    FILE *f = fopen(path, "rb");
    if (f) {
        buf b = BUF_INIT;
        char chunk[65536];
        size_t k;
        while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
        fclose(f);
        n = b.len;
        file = buf_detach(&b);
    }
    const unsigned char *p = (const unsigned char *)file;
    if (!p || n < 33 || memcmp(p, "\x89PNG\r\n\x1a\n", 8) != 0) {
        free(file);
        return NULL;
    }
    uint32_t w = be32(p + 16), h = be32(p + 20);
    unsigned depth = p[24], type = p[25];
    *bpp = type == 2 ? 3 : 1;
    *stride = ((size_t)w * (type == 2 ? 24 : depth) + 7) / 8 + 1;
    buf z = BUF_INIT;
    for (size_t pos = 8; pos + 12 <= n;) {
        uint32_t l = be32(p + pos);
        if (l > n - pos - 12) break;
        if (memcmp(p + pos + 4, "IDAT", 4) == 0) buf_append(&z, (const char *)p + pos + 8, l);
        pos += 12 + l;
    }
    *len = *stride * h;
    unsigned char *raw = xmalloc(*len ? *len : 1);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    size_t got = 0;
    bool ok = d && libdeflate_zlib_decompress(d, z.data, z.len, raw, *len, &got) ==
                       LIBDEFLATE_SUCCESS && got == *len;
    for (size_t y = 0; ok && y < h; y++) ok = raw[y * *stride] == 0;
    libdeflate_free_decompressor(d);
    buf_free(&z);
    free(file);
    if (!ok) {
        free(raw);
        return NULL;
    }
    return raw;
}

static int bench_png(int n, char **files)
{
    struct libdeflate_compressor *ld = libdeflate_alloc_compressor(1);
    png_deflate *pd = png_deflate_new();
    double t_ld = 0, t_pd = 0;
    size_t s_ld = 0, s_pd = 0, s_raw = 0;
    for (int i = 0; i < n; i++) {
        size_t len, stride, bpp;
        unsigned char *raw = png_rows(files[i], &len, &stride, &bpp);
        if (!raw) {
            fprintf(stderr, "bench: %s: not a PNG with unfiltered rows\n", files[i]);
            return 2;
        }
        size_t cap = png_deflate_bound(len) + libdeflate_zlib_compress_bound(ld, len);
        unsigned char *out = xmalloc(cap);
        double best_ld = INFINITY, best_pd = INFINITY;
        size_t z_ld = 0, z_pd = 0;
        for (int rep = 0; rep < 9; rep++) {
            double t0 = now_ms();
            z_ld = libdeflate_zlib_compress(ld, raw, len, out, cap);
            double t1 = now_ms();
            z_pd = png_deflate_zlib(pd, raw, len, stride, bpp, out, cap);
            double t2 = now_ms();
            best_ld = fmin(best_ld, t1 - t0);
            best_pd = fmin(best_pd, t2 - t1);
        }
        printf("png\t%s\t%zu\t%.3f\t%zu\t%.3f\t%zu\n", files[i], len, best_ld, z_ld, best_pd,
               z_pd);
        t_ld += best_ld, t_pd += best_pd, s_ld += z_ld, s_pd += z_pd, s_raw += len;
        free(out);
        free(raw);
    }
    printf("png_total\t%d files\t%zu\t%.3f\t%zu\t%.3f\t%zu\n", n, s_raw, t_ld, s_ld, t_pd,
           s_pd);
    libdeflate_free_compressor(ld);
    png_deflate_free(pd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "scoring") == 0) {
        bench_scoring();
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "region") == 0) return bench_region(argv[2], argv[3]);
    if (argc == 4 && strcmp(argv[1], "kreis") == 0) return bench_kreis(argv[2], argv[3]);
    if (argc >= 3 && strcmp(argv[1], "png") == 0) return bench_png(argc - 2, argv + 2);
    fprintf(stderr, "usage: bench scoring | bench region DATA AGS | bench kreis DATA KREIS | "
                    "bench png FILE.png...\n");
    return 2;
}
