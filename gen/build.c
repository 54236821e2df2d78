/* build: staged outputs per edition, regions in parallel (see build.h). */
#include "build.h"

#include "analyses.h"
#include "buf.h"
#include "canvas.h"
#include "compare.h"
#include "manifest.h"
#include "uncertainty.h"
#include "whatif.h"
#include "geo.h"
#include "metrics.h"
#include "publish.h"
#include "published.h"
#include "region_csv.h"
#include "render_html.h"
#include "render_pdf.h"
#include "scores_out.h"
#include "theme.h"
#include "xlsx_out.h"
#include "view.h"
#include "view_charts.h"
#include "wording.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What every worker of one edition shares (read-only while workers run). */
typedef struct build_ctx {
    const dataset *ds;
    const scores *sc;
    const build_options *opt;
    const edition *ed;
    staging *st;
    const metrics_fonts *fonts;
    const wording *words;
    const geo_map *map;         /* may be NULL */
    char **map_files;           /* the files it was loaded from */
    size_t n_map_files;
    const pdf_renderer *pdf;
    const html_renderer *html;
    chart_style style;          /* chart files: the theme's colours */
    view_input vin;             /* what every view is built from */
    analyses an;                /* computed before the workers start */
    /* The regions to render: (level, row) pairs. */
    level *job_level;
    size_t *job_row;
    size_t n_jobs;
    atomic_size_t next;
    atomic_size_t done;
    atomic_bool failed;
} build_ctx;

/* ---- one region ----------------------------------------------------------- */

/* Writes chart k: the SVG drawn once (the page inlines the same bytes) and
 * the PNG. */
static bool write_chart(build_ctx *b, const view_briefing *v, briefing_chart k,
                        const chart_svg *svg, canvas_png_cache *cache, diag *d)
{
    buf png = BUF_INIT;
    /* Every map is the region's own (it is outlined): no PNG is shared, but
     * the layer under the outline is rasterised once per worker (cache). */
    canvas *c = canvas_png_new_cached(b->fonts, svg->width, svg->height, 2.0, &png, cache);
    buf title = BUF_INIT;
    chart_frame fr;
    briefing_chart_frame(v, k, &title, &fr);
    chart_frame_begin(c, &fr, NULL); /* the same frame as the SVG */
    /* … and the frame's words as the file's own texts (PNG iTXt). */
    canvas_png_set_text(c, "Title", fr.title ? fr.title : "");
    canvas_png_set_text(c, "Source", fr.source ? fr.source : "");
    if (fr.flag && *fr.flag) canvas_png_set_text(c, "Disclaimer", fr.flag);
    bool ok = briefing_chart_draw(c, v, k, b->map, &b->style, d) && canvas_finish(c, d);
    buf_free(&title);
    canvas_free(c);
    if (ok) {
        const char *name = briefing_chart_name(k);
        char *p1 = xasprintf("charts/%s-%s.svg", v->ags, name);
        char *p2 = xasprintf("charts/%s-%s.png", v->ags, name);
        ok = staging_write(b->st, p1, svg->svg.data, svg->svg.len, d) &&
             staging_write(b->st, p2, png.data, png.len, d);
        free(p1);
        free(p2);
    }
    buf_free(&png);
    return ok;
}

/* Renders into `out` with `render`, then writes it to `path` (owned: freed here). */
static bool write_rendered(build_ctx *b, char *path, buf *out, bool rendered, diag *d)
{
    bool ok = rendered && staging_write(b->st, path, out->data, out->len, d);
    free(path);
    buf_free(out);
    return ok;
}

/* One region: the view built once, then every output read from it; each
 * chart drawn once per format (SVG for the file and the page, PNG, PDF). */
static bool render_region(build_ctx *b, level lv, size_t row, canvas_png_cache *cache, diag *d)
{
    size_t errors = d->errors;
    const view_briefing *v = view_briefing_build(&b->vin, lv, row, d);
    if (!v) return d->errors == errors;
    chart_svg svgs[CHART_COUNT];
    bool ok = briefing_charts_svg(b->fonts, v, b->map, &b->style, svgs, d);
    for (int k = 0; ok && k < CHART_COUNT; k++)
        if (svgs[k].present) ok = write_chart(b, v, (briefing_chart)k, &svgs[k], cache, d);
    buf out = BUF_INIT;
    if (ok)
        ok = write_rendered(b, xasprintf("pdf/%s.pdf", v->file_stem), &out,
                            pdf_render_briefing(b->pdf, v, &out, d), d);
    if (ok)
        ok = write_rendered(b, html_briefing_path(v), &out,
                            html_render_briefing(b->html, v, svgs, &out, d), d);
    if (ok) ok = write_rendered(b, region_csv_path(v), &out, region_csv_write(&out, v), d);
    chart_svgs_free(svgs, CHART_COUNT);
    view_briefing_free(v);
    return ok;
}

/* The levels whose briefings this build renders (build_options.levels). */
static bool level_built(const build_options *opt, level lv)
{
    unsigned mask = opt->levels ? opt->levels : (1u << LEVEL_LAND) | (1u << LEVEL_KREIS);
    if (opt->only) {
        for (size_t i = 0; i < opt->n_only; i++)
            if (strlen(opt->only[i]) == level_ags_len(lv)) return true;
        return false;
    }
    return (mask >> lv) & 1u;
}

/* The edition's overview: Gesamtbericht, index, Kreise list, method and
 * sources pages, site assets. */
static bool render_overview(build_ctx *b, diag *d)
{
    size_t errors = d->errors;
    const view_overview *o = view_overview_build(&b->vin, d);
    if (!o) return d->errors == errors; /* no Land level in this edition: no overview */
    bool ok = true;
    buf out = BUF_INIT;
    if (ok)
        ok = write_rendered(b, xstrdup("gesamtbericht.pdf"), &out,
                            pdf_render_overview(b->pdf, o, &out, d), d);
    static const struct {
        const char *path;
        bool (*render)(const html_renderer *, const view_overview *, buf *, diag *);
    } pages[] = {{HTML_INDEX_PATH, html_render_index},
                 {HTML_KREISE_PATH, html_render_kreise},
                 {HTML_METHOD_PATH, html_render_method},
                 {HTML_SOURCES_PATH, html_render_sources}};
    for (size_t i = 0; ok && i < sizeof pages / sizeof pages[0]; i++)
        ok = write_rendered(b, xstrdup(pages[i].path), &out, pages[i].render(b->html, o, &out, d),
                            d);
    /* gemeinden.html comes with the Gemeinde pages it links. */
    if (ok && b->ed->levels[LEVEL_GEMEINDE].present && level_built(b->opt, LEVEL_GEMEINDE)) {
        size_t n = 0;
        view_rank_entry *list = view_gemeinden_build(&b->vin, &n);
        ok = write_rendered(b, xstrdup(HTML_GEMEINDEN_PATH), &out,
                            html_render_gemeinden(b->html, o, list, n, &out, d), d);
        view_rank_list_free(list, n);
    }
    html_extra *extras = NULL;
    size_t n_extras = 0;
    if (ok) ok = html_render_extras(b->html, o, &extras, &n_extras, d);
    for (size_t i = 0; ok && i < n_extras; i++)
        ok = staging_write(b->st, extras[i].path, extras[i].data.data, extras[i].data.len, d);
    html_extras_free(extras, n_extras);
    view_overview_free(o);
    return ok;
}

static void progress(build_ctx *b, struct timespec start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
    size_t done = atomic_load(&b->done);
    double rate = secs > 0 ? (double)done / secs : 0;
    double eta = rate > 0 ? (double)(b->n_jobs - done) / rate : 0;
    fprintf(stderr, "\rdigindex: %d: %zu/%zu Regionen, %.0f/s, noch %.0f s   ", b->ed->year, done,
            b->n_jobs, rate, eta);
    fflush(stderr);
}

typedef struct worker {
    build_ctx *b;
    diag d;
    canvas_png_cache *cache;    /* the worker's own */
    pthread_t thread;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    build_ctx *b = w->b;
    for (;;) {
        if (atomic_load(&b->failed)) break;
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->n_jobs) break;
        if (!render_region(b, b->job_level[i], b->job_row[i], w->cache, &w->d)) {
            atomic_store(&b->failed, true);
            break;
        }
        atomic_fetch_add(&b->done, 1);
    }
    return NULL;
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static bool selected(const build_options *opt, const char *ags)
{
    if (!opt->only) return true;
    for (size_t i = 0; i < opt->n_only; i++)
        if (strcmp(opt->only[i], ags) == 0) return true;
    return false;
}

static bool run_regions(build_ctx *b, diag *d)
{
    int jobs = b->opt->jobs > 0 ? b->opt->jobs : cpu_count();
    if ((size_t)jobs > b->n_jobs) jobs = b->n_jobs ? (int)b->n_jobs : 1;
    worker *ws = xcalloc((size_t)jobs, sizeof *ws);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        ws[i].b = b;
        ws[i].cache = canvas_png_cache_new();
        if (i == 0) continue; /* the calling thread is worker 0 */
        if (pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]) != 0) break;
        started = i;
    }
    if (b->opt->progress) {
        /* Worker 0 runs here in slices so the progress line can update. */
        worker *w0 = &ws[0];
        struct timespec last = start;
        for (;;) {
            if (atomic_load(&b->failed)) break;
            size_t i = atomic_fetch_add(&b->next, 1);
            if (i >= b->n_jobs) break;
            if (!render_region(b, b->job_level[i], b->job_row[i], w0->cache, &w0->d)) {
                atomic_store(&b->failed, true);
                break;
            }
            atomic_fetch_add(&b->done, 1);
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if ((now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 > 200) {
                progress(b, start);
                last = now;
            }
        }
    } else {
        worker_main(&ws[0]);
    }
    for (int i = 1; i <= started; i++) pthread_join(ws[i].thread, NULL);
    if (b->opt->progress) {
        progress(b, start);
        fputc('\n', stderr);
    }
    for (int i = 0; i < jobs; i++) {
        diag_move(d, &ws[i].d);
        diag_free(&ws[i].d);
        canvas_png_cache_free(ws[i].cache);
    }
    free(ws);
    return !atomic_load(&b->failed);
}

/* ---- one edition ----------------------------------------------------------- */

/* A staged file written in parts (the score tables, the manifest): with the
 * Gemeinden they are tens of MB, and holding one whole was the build's peak
 * memory. staged_flush is their writers' flush callback. */
typedef struct staged_sink {
    staging_stream *file, *copy; /* copy: the Länder table's second name, or NULL */
    diag *d;
} staged_sink;

static bool staged_flush(buf *out, void *ctx)
{
    staged_sink *k = ctx;
    bool ok = staging_stream_write(k->file, out->data, out->len, k->d);
    if (k->copy) ok &= staging_stream_write(k->copy, out->data, out->len, k->d);
    buf_clear(out);
    return ok;
}

typedef bool (*table_writer)(buf *out, const dataset *ds, const level_scores *ls,
                             scores_flush flush, void *ctx);

/* downloads/scores-<level>.<ext>, and for the Länder also downloads/scores.<ext>. */
static bool write_table(staging *st, const level_scores *ls, const char *ext, table_writer write,
                        const view_input *vin, diag *d)
{
    char *name = xasprintf("downloads/scores-%s.%s", level_name(ls->level), ext);
    char *copy_name = ls->level == LEVEL_LAND ? xasprintf("downloads/scores.%s", ext) : NULL;
    staged_sink k = {staging_stream_open(st, name, d), NULL, d};
    if (k.file && copy_name) k.copy = staging_stream_open(st, copy_name, d);
    bool ok = k.file && (!copy_name || k.copy);
    buf b = BUF_INIT;
    ok = ok && write(&b, vin->ds, ls, staged_flush, &k) && staged_flush(&b, &k);
    buf_free(&b);
    if (k.file) ok &= staging_stream_close(k.file, d);
    if (k.copy) ok &= staging_stream_close(k.copy, d);
    free(name);
    free(copy_name);
    return ok;
}

static bool write_scores(staging *st, const view_input *vin, const level_scores *ls, diag *d)
{
    /* One table at a time: the Gemeinde tables are tens of MB each (peak RSS). */
    const dataset *ds = vin->ds;
    const char *lv = level_name(ls->level);
    buf b = BUF_INIT;
    view_download words;
    bool ok = view_download_build(vin, ls->level, &words, d);
    ok = ok && scores_write_xlsx(&b, ds, ls, &words, d);
    view_download_free(&words);
    char *name = xasprintf("downloads/scores-%s.xlsx", lv);
    if (ok) ok &= staging_write(st, name, b.data, b.len, d);
    free(name);
    buf_free(&b);
    ok &= write_table(st, ls, "json", scores_write_json_parts, vin, d);
    ok &= write_table(st, ls, "csv", scores_write_csv_parts, vin, d);
    return ok;
}

typedef struct staged_ref {
    const staged_file *f;
    size_t order;
} staged_ref;

static int cmp_staged(const void *a, const void *b)
{
    const staged_ref *x = a, *y = b;
    int c = strcmp(x->f->path, y->f->path);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* out/<edition>/manifest.json from every file written; when a path was
 * written twice (--only replaces files of the previous build) the last
 * write counts. */
static bool write_manifest(build_ctx *b, diag *d)
{
    staging *st = b->st;
    staged_ref *refs = xmalloc((st->n_files ? st->n_files : 1) * sizeof *refs);
    for (size_t i = 0; i < st->n_files; i++) refs[i] = (staged_ref){&st->files[i], i};
    qsort(refs, st->n_files, sizeof *refs, cmp_staged);
    manifest_output *outs = xcalloc(st->n_files ? st->n_files : 1, sizeof *outs);
    size_t m = 0;
    for (size_t i = 0; i < st->n_files; i++) {
        const staged_file *f = refs[i].f;
        if (strcmp(f->path, "manifest.json") == 0) continue;
        if (i + 1 < st->n_files && strcmp(refs[i + 1].f->path, f->path) == 0) continue;
        outs[m++] = (manifest_output){f->path, NULL, f->len, f->sha256};
    }
    buf json = BUF_INIT;
    staged_sink k = {staging_stream_open(st, "manifest.json", d), NULL, d};
    bool ok = k.file &&
              manifest_write_parts(&json, b->ds, b->ed->year, (const char *const *)b->map_files,
                                   b->n_map_files, outs, m, staged_flush, &k, d) &&
              staged_flush(&json, &k);
    if (k.file) ok &= staging_stream_close(k.file, d);
    buf_free(&json);
    free(outs);
    free(refs);
    return ok;
}

/* Shared, read-only resources of a build. */
typedef struct build_resources {
    const metrics_fonts *fonts;
    const wording *words;
    const geo_map *map;
    char **map_files;
    size_t n_map_files;
    const pdf_renderer *pdf;
    const html_renderer *html;
    const theme *theme;
} build_resources;

/* The score tables of every level of one edition (downloads/scores-*). */
typedef struct scores_job {
    staging *st;
    const scores *sc;
    const edition *ed;
    const build_options *opt;
    view_input vin;             /* the download texts (wording, theme) */
    diag d;
    bool ok;
    pthread_t thread;
} scores_job;

static void *scores_job_run(void *arg)
{
    scores_job *j = arg;
    j->ok = true;
    for (int l = 0; j->ok && l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(j->sc, j->ed->year, (level)l);
        /* The Gemeinde tables (tens of MB) come with the Gemeinde briefings. */
        if (l == LEVEL_GEMEINDE && !level_built(j->opt, (level)l)) continue;
        if (ls && !write_scores(j->st, &j->vin, ls, &j->d)) j->ok = false;
    }
    return NULL;
}

static int build_edition(const dataset *ds, const scores *sc, const edition *ed,
                         const build_options *opt, const build_resources *res, diag *d)
{
    staging st;
    char *target = xasprintf("%s/%d", opt->out_dir ? opt->out_dir : "out", ed->year);
    bool ok = staging_begin(&st, target, d);
    free(target);
    /* --only renders a few regions: keep every other output of the last build. */
    if (ok && opt->only) ok = staging_keep_previous(&st, d);
    int rc = ok ? 0 : 2;
    /* The score tables depend on nothing the briefings need: with more than
     * one job they are written by a thread of their own while the analyses
     * are computed and the regions rendered (with the Gemeinden they take
     * seconds, which would otherwise keep every other core idle). */
    scores_job sj = {.st = &st, .sc = sc, .ed = ed, .opt = opt, .d = DIAG_INIT,
                     .vin = {ds, sc, ed->year, opt->generated_epoch, res->words, res->theme, {{0}}}};
    bool sj_thread = false;
    if (!rc) {
        int jobs = opt->jobs > 0 ? opt->jobs : cpu_count();
        sj_thread = jobs > 1 && pthread_create(&sj.thread, NULL, scores_job_run, &sj) == 0;
        if (!sj_thread) {
            scores_job_run(&sj);
            diag_move(d, &sj.d);
            if (!sj.ok) rc = 2;
        }
    }
    build_ctx b = {.ds = ds, .sc = sc, .opt = opt, .ed = ed, .st = &st, .fonts = res->fonts,
                   .words = res->words, .map = res->map, .map_files = res->map_files,
                   .n_map_files = res->n_map_files, .pdf = res->pdf, .html = res->html};
    size_t cap = ds->n_regions ? ds->n_regions : 1;
    b.job_level = xmalloc(cap * sizeof *b.job_level);
    b.job_row = xmalloc(cap * sizeof *b.job_row);
    for (int l = 0; l < LEVEL_COUNT; l++) {
        if (!ed->levels[l].present || !level_built(opt, (level)l)) continue;
        for (size_t r = 0; r < ds->n_level_regions[l]; r++) {
            if (!selected(opt, ds->regions[ds->level_regions[l][r]].ags)) continue;
            b.job_level[b.n_jobs] = (level)l;
            b.job_row[b.n_jobs++] = r;
        }
    }
    const char *out_dir = opt->out_dir ? opt->out_dir : "out";
    unsigned levels = 0;
    for (int l = 0; l < LEVEL_COUNT; l++) levels |= (unsigned)level_built(opt, (level)l) << l;
    if (!rc && !analyses_compute(&b.an, ds, sc, ed, levels, out_dir, d)) rc = 1;
    b.vin = (view_input){ds, sc, ed->year, opt->generated_epoch, res->words, res->theme, {{0}}};
    b.style = (chart_style){.colors = res->theme ? &res->theme->colors : NULL};
    analyses_for_view(&b.an, b.vin.analyses);
    if (!rc && !render_overview(&b, d)) rc = 2;
    if (!rc && !run_regions(&b, d)) rc = 2;
    if (sj_thread) {
        pthread_join(sj.thread, NULL);
        diag_move(d, &sj.d);
        if (!sj.ok && !rc) rc = 2;
    }
    diag_free(&sj.d);
    if (!rc && !write_manifest(&b, d)) rc = 2;
    analyses_free(&b.an);
    free(b.job_level);
    free(b.job_row);
    if (!rc && !staging_commit(&st, d)) rc = 2;
    staging_end(&st);
    return rc;
}

/* ---- published editions ------------------------------------------------------ */

/* How many regions of a published edition score differently today (any
 * node's score or rank); SIZE_MAX when its published scores cannot be read
 * (the edition is kept all the same: nothing of it is written). */
static size_t count_restated(const dataset *ds, const scores *sc, const edition *ed,
                             const char *out_dir)
{
    size_t differ = 0;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(sc, ed->year, (level)l);
        if (!ls) continue;
        diag pd = DIAG_INIT;
        published_level *p = published_load(out_dir, ds, ls, &pd);
        bool bad = pd.errors > 0;
        diag_free(&pd);
        if (bad) return SIZE_MAX;
        if (!p) continue;
        for (size_t r = 0; r < ls->n_rows; r++) differ += !published_row_agrees(p, ls, r);
        published_free(p);
    }
    return differ;
}

/* --only on a published edition: the pages outside the selection stay as
 * published, so every region outside it must score as published (scores
 * and ranks of every node), or those pages would contradict the new ones.
 * Returns false after adding an error that lists them. */
static bool only_consistent(const dataset *ds, const scores *sc, const edition *ed,
                            const build_options *opt, const char *out_dir, diag *d)
{
    buf list = BUF_INIT;
    size_t n = 0;
    bool ok = true;
    for (int l = 0; l < LEVEL_COUNT && ok; l++) {
        const level_scores *ls = scores_get(sc, ed->year, (level)l);
        if (!ls) continue;
        size_t before = d->errors;
        published_level *p = published_load(out_dir, ds, ls, d);
        if (d->errors > before) ok = false;
        if (!p) continue;
        for (size_t r = 0; r < ls->n_rows; r++) {
            const region *rg = &ds->regions[ds->level_regions[l][r]];
            if (selected(opt, rg->ags) || published_row_agrees(p, ls, r)) continue;
            if (n++ >= 12) continue;
            int was = p->present[r] ? p->rank[r * (size_t)p->n_nodes] : 0;
            int now = ls_rank(ls, r, 0);
            buf_printf(&list, "%s%s %s", n > 1 ? ", " : "", rg->ags, rg->name);
            if (!p->present[r])
                buf_puts(&list, " (not published)");
            else if (was != now)
                buf_printf(&list, " (rank %d → %d)", was, now);
            else
                buf_puts(&list, " (scores changed)");
        }
        published_free(p);
    }
    if (n > 12) buf_printf(&list, " and %zu more", n - 12);
    if (ok && n) {
        char *hint = xasprintf("add them to --only, or rebuild the whole edition with "
                               "--edition %d --restate",
                               ed->year);
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, hint,
                 "--only: edition %d is published and %zu region%s outside the selection now "
                 "score%s differently, so their pages would contradict the rebuilt ones: %s",
                 ed->year, n, n == 1 ? "" : "s", n == 1 ? "s" : "", buf_cstr(&list));
        free(hint);
        ok = false;
    }
    buf_free(&list);
    return ok;
}

int build_run(const dataset *ds, const scores *sc, const build_options *opt, diag *d)
{
    const char *templates = opt->templates_dir ? opt->templates_dir : "templates";
    build_resources res = {0};
    metrics_fonts *fonts = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, d);
    wording *words = fonts ? wording_load(templates, d) : NULL;
    theme *th = words ? theme_load(templates, d) : NULL;
    /* The maps are optional: a data folder without map-laender.json,
     * map-kreise.json or map-gemeinden.json builds every output except the
     * maps of that level. All present ones load into one map. */
    geo_map *map = NULL;
    char *map_files[3];
    size_t n_map_files = geo_map_data_files(opt->data_dir ? opt->data_dir : "data", map_files);
    if (words && n_map_files)
        map = geo_map_load_files((const char *const *)map_files, n_map_files, d);
    pdf_renderer *pdf = fonts ? pdf_renderer_new(fonts, d) : NULL;
    html_renderer *html = fonts ? html_renderer_new(templates, fonts, d) : NULL;
    int rc = 0;
    if (!fonts || !pdf)
        rc = 2;
    else if (!words || !th || !html || d->errors)
        rc = 1;
    if (!rc) {
        if (map) {
            pdf_renderer_set_map(pdf, map);
            html_renderer_set_map(html, map);
        }
        html_renderer_set_gemeinde_pages(html, level_built(opt, LEVEL_GEMEINDE));
        res = (build_resources){fonts, words, map, map_files, n_map_files, pdf, html, th};
        pdf_renderer_set_theme(pdf, th);
        html_renderer_set_theme(html, th);
    }
    const char *out_dir = opt->out_dir ? opt->out_dir : "out";
    for (size_t e = 0; !rc && e < ds->n_editions; e++) {
        const edition *ed = &ds->editions[e];
        if (opt->edition && ed->year != opt->edition) continue;
        bool published = published_exists(out_dir, ed->year);
        if (published && !opt->restate && !opt->only) {
            /* Frozen: not a byte changes. Count what today's scores would
             * restate, so that the caller can say so. */
            size_t differ = count_restated(ds, sc, ed, out_dir);
            if (opt->summary && opt->summary->n_kept < BUILD_MAX_EDITIONS) {
                opt->summary->kept[opt->summary->n_kept] = ed->year;
                opt->summary->kept_differ[opt->summary->n_kept++] = differ;
            }
            continue;
        }
        if (published && !opt->restate && !only_consistent(ds, sc, ed, opt, out_dir, d)) {
            rc = 1;
            break;
        }
        rc = build_edition(ds, sc, ed, opt, &res, d);
        if (!rc && opt->summary && opt->summary->n_built < BUILD_MAX_EDITIONS)
            opt->summary->built[opt->summary->n_built++] = ed->year;
    }
    html_renderer_free(html);
    pdf_renderer_free(pdf);
    geo_map_free(map);
    for (size_t i = 0; i < n_map_files; i++) free(map_files[i]);
    wording_free(words);
    theme_free(th);
    metrics_fonts_free(fonts);
    return rc;
}

/* ---- one context ------------------------------------------------------------ */

bool build_context(const dataset *ds, const scores *sc, const build_options *opt, const char *ags,
                   buf *out, diag *d)
{
    const edition *ed = opt->edition ? dataset_edition(ds, opt->edition) : dataset_newest_edition(ds);
    if (!ed) {
        diag_usage(d, ds->dir, NULL, "edition %d is not in the data folder", opt->edition);
        return false;
    }
    size_t ri = ags ? dataset_find_region(ds, ags) : SIZE_MAX;
    if (ags && ri == SIZE_MAX) {
        diag_usage(d, ds->regions_file, "give an AGS from regions.json", "AGS %s is not in the data",
                   ags);
        return false;
    }
    if (ags && !scores_get(sc, ed->year, ds->regions[ri].level)) {
        diag_usage(d, ds->dir, NULL, "edition %d does not model the level of AGS %s", ed->year,
                   ags);
        return false;
    }
    const char *templates = opt->templates_dir ? opt->templates_dir : "templates";
    wording *words = wording_load(templates, d);
    theme *th = words ? theme_load(templates, d) : NULL;
    analyses an;
    bool ok = th && analyses_compute(&an, ds, sc, ed, ~0u, opt->out_dir ? opt->out_dir : "out", d);
    if (ok) {
        view_input in = {ds, sc, ed->year, opt->generated_epoch, words, th, {{0}}};
        analyses_for_view(&an, in.analyses);
        if (ags) {
            const view_briefing *v = view_briefing_build(&in, ds->regions[ri].level,
                                                         ds->regions[ri].row, d);
            ok = v != NULL;
            if (ok) tv_write_json(out, view_briefing_context(v), true);
            view_briefing_free(v);
        } else {
            const view_overview *o = view_overview_build(&in, d);
            if (!o && !d->errors)
                diag_usage(d, ds->dir, "give an AGS", "edition %d models no Länder: no overview",
                           ed->year);
            ok = o != NULL;
            if (ok) tv_write_json(out, view_overview_context(o), true);
            view_overview_free(o);
        }
    }
    if (th) analyses_free(&an);
    wording_free(words);
    theme_free(th);
    return ok;
}
