/* render_html: the static web site (see render_html.h).
 *
 * Each page is rendered in two steps: the page template (briefing.mustache,
 * index.mustache, …) against the view context plus the keys added here, then
 * layout.mustache with the page body as {{{content}}}. The keys added here
 * are paths, flags and trusted chart SVG; no number is formatted here except
 * where the view has no ready string. */
#include "render_html.h"

#include "fileio.h"

#include "canvas.h"
#include "geo.h"
#include "template.h"
#include "theme.h"
#include "tvalue.h"
#include "view_charts.h"
#include "view_tv.h"
#include "wording.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum page {
    PAGE_LAYOUT,
    PAGE_BRIEFING,
    PAGE_INDEX,
    PAGE_KREISE,
    PAGE_GEMEINDEN,
    PAGE_METHOD,
    PAGE_SOURCES,
    PAGE_CITATION,
    PAGE_LICENCE,
    PAGE_COUNT
};

static const char *const page_files[PAGE_COUNT] = {
    "layout.mustache",  "briefing.mustache",  "index.mustache",
    "kreise.mustache",  "gemeinden.mustache", "method.mustache",
    "sources.mustache", "zitiervorschlag.mustache", "lizenz.mustache"};

struct html_renderer {
    template *pages[PAGE_COUNT];
    template_partials *partials;
    const metrics_fonts *fonts;
    const geo_map *map;         /* NULL: no map charts */
    bool gemeinde_pages;        /* the build writes gemeinden/ and gemeinden.html */
    template *css;              /* site.css: a template of the theme's colours */
    const theme *theme;         /* NULL: the default look */
};

/* ---- small helpers ------------------------------------------------------- */

bool html_url_is_safe(const char *url)
{
    return view_url_is_safe(url);
}

static const char *level_dir(level lv)
{
    switch (lv) {
    case LEVEL_LAND: return "laender";
    case LEVEL_KREIS: return "kreise";
    case LEVEL_GEMEINDE: return "gemeinden";
    case LEVEL_COUNT: break;
    }
    return "regionen";
}

char *html_briefing_path(const view_briefing *v)
{
    return xasprintf("%s/%s.html", level_dir(v->level), v->file_stem);
}

/* ---- loading ------------------------------------------------------------- */


html_renderer *html_renderer_new(const char *templates_dir, const metrics_fonts *fonts, diag *d)
{
    html_renderer *r = xcalloc(1, sizeof *r);
    r->fonts = fonts;
    r->partials = template_partials_new_dir(templates_dir);
    bool ok = true;
    for (int i = 0; i < PAGE_COUNT; i++) {
        r->pages[i] = wording_compile_file(templates_dir, page_files[i], d);
        ok &= r->pages[i] != NULL;
    }
    r->css = wording_compile_file(templates_dir, "site.css", d);
    if (!ok || !r->css) {
        html_renderer_free(r);
        return NULL;
    }
    return r;
}

void html_renderer_set_map(html_renderer *r, const geo_map *map)
{
    r->map = map;
}

void html_renderer_set_gemeinde_pages(html_renderer *r, bool written)
{
    if (r) r->gemeinde_pages = written;
}

void html_renderer_set_theme(html_renderer *r, const theme *t)
{
    r->theme = t;
}

static chart_style chart_colors(const html_renderer *r)
{
    return (chart_style){.colors = r->theme ? &r->theme->colors : NULL};
}

void html_renderer_free(html_renderer *r)
{
    if (!r) return;
    for (int i = 0; i < PAGE_COUNT; i++) template_free(r->pages[i]);
    template_partials_free(r->partials);
    template_free(r->css);
    free(r);
}

/* Renders page `p` into its layout, against the view's context (borrowed,
 * read-only) with the page's own keys (ctx, owned from now on) on top. */
static bool render_page(const html_renderer *r, enum page p, const tv *view, tv *ctx, buf *out,
                        diag *d)
{
    buf body = BUF_INIT;
    char *err = NULL;
    const tv *layers[2] = {view, ctx};
    bool ok = template_render_layers(r->pages[p], layers, 2, r->partials, &body, &err) == 0;
    if (ok) {
        tv_map_set(ctx, "content",
                   tv_new_stringn_in(tv_arena_of(ctx), body.data ? body.data : "", body.len));
        ok = template_render_layers(r->pages[PAGE_LAYOUT], layers, 2, r->partials, out, &err) == 0;
    }
    if (!ok) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", err);
        free(err);
    }
    buf_free(&body);
    tv_free(ctx);
    return ok;
}

/* A plain-text file from a template: the template must use {{{x}}} for data. */
static bool render_text(const html_renderer *r, enum page p, const tv *view, tv *ctx, buf *out,
                        diag *d)
{
    char *err = NULL;
    const tv *layers[2] = {view, ctx};
    bool ok = template_render_layers(r->pages[p], layers, 2, r->partials, out, &err) == 0;
    if (!ok) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", err);
        free(err);
    }
    tv_free(ctx);
    return ok;
}

/* Keys every page has: where the site root is, which nav entry is current. */
static void page_common(tv *ctx, const char *root, const char *nav, const char *title)
{
    tv_set_str(ctx, "root", root);
    tv_set_str(ctx, "page_title", title);
    static const char *const navs[] = {"index", "kreise", "method", "sources"};
    for (size_t i = 0; i < sizeof navs / sizeof navs[0]; i++) {
        char *k = xasprintf("nav_%s", navs[i]);
        tv_set_bool(ctx, k, nav && strcmp(nav, navs[i]) == 0);
        free(k);
    }
}

/* ---- charts -------------------------------------------------------------- */

/* The chart's inline SVG and its description (the text of its <desc>). */
static void chart_into(tv *m, const chart_svg *c)
{
    tv_set_str(m, "desc", c->desc);
    tv_map_set(m, "svg", tv_new_stringn_in(tv_arena_of(m), c->svg.data ? c->svg.data : "",
                                           c->svg.len));
}

/* The small-screen variant of a chart (view_charts.h VIEW_CHART_NARROW_*):
 * the page shows one of the two by CSS, so a phone gets text it can read
 * instead of the wide chart scaled down. */
static void chart_narrow_into(tv *m, const chart_svg *c)
{
    if (c && c->present)
        tv_map_set(m, "svg_narrow", tv_new_stringn_in(tv_arena_of(m),
                                                      c->svg.data ? c->svg.data : "", c->svg.len));
}

static chart_style chart_narrow_style(const html_renderer *r)
{
    chart_style st = chart_colors(r);
    st.font_size = VIEW_CHART_NARROW_FONT;
    return st;
}

/* ---- briefing ------------------------------------------------------------ */

/* The map's data: every region's index score, the briefing's region marked.
 * A new list in arena a (NULL: on the heap). */
static tv *map_rows_tv(tv_arena *a, const view_map *m)
{
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < m->n; i++) {
        const view_map_region *e = &m->regions[i];
        tv *row = tv_new_map_in(a);
        tv_set_str(row, "ags", e->ags);
        tv_set_str(row, "name", e->name);
        tv_set_str(row, "score_de", e->score_de);
        tv_set_bool(row, "highlight", m->highlight && strcmp(m->highlight, e->ags) == 0);
        tv_list_push(l, row);
    }
    return l;
}

static void briefing_charts(const view_briefing *v, const chart_svg svgs[CHART_COUNT],
                            const chart_svg narrow[CHART_COUNT], tv *ctx)
{
    tv_arena *a = tv_arena_of(ctx);
    tv *charts = tv_new_list_in(a);
    tv_map_set(ctx, "charts", charts);
    for (int k = 0; k < CHART_COUNT; k++) {
        briefing_chart bk = (briefing_chart)k;
        if (!svgs[k].present) continue;
        tv *m = tv_new_map_in(a);
        tv_list_push(charts, m);
        const char *name = briefing_chart_name(bk);
        tv_set_str(m, "chart_key", name);
        tv_set_str(m, "chart_title", briefing_chart_title(v, bk));
        tv_set_own(m, "heading_id", xasprintf("grafik-%s", name));
        tv_set_own(m, "table_id", xasprintf("tabelle-%s", name));
        tv_set_own(m, "svg_href", xasprintf("../charts/%s-%s.svg", v->ags, name));
        tv_set_own(m, "png_href", xasprintf("../charts/%s-%s.png", v->ags, name));
        tv_set_bool(m, "is_radar", bk == CHART_RADAR);
        tv_set_bool(m, "is_bars", bk == CHART_BARS);
        tv_set_bool(m, "is_change", bk == CHART_CHANGE);
        tv_set_bool(m, "is_ranking", bk == CHART_RANKING);
        bool is_map = bk == CHART_MAP || bk == CHART_MAP_PARTS;
        tv_set_bool(m, "is_map", is_map);
        tv_set_bool(m, "has_table", true);
        if (is_map)
            tv_map_set(m, "map_rows",
                       map_rows_tv(a, bk == CHART_MAP ? &v->map_peers : &v->map_parts));
        chart_into(m, &svgs[k]);
        chart_narrow_into(m, &narrow[k]);
    }
}

bool html_render_briefing(const html_renderer *r, const view_briefing *v,
                          const chart_svg charts[CHART_COUNT], buf *out, diag *d)
{
    chart_svg own[CHART_COUNT];
    if (!charts) {
        chart_style st = chart_colors(r);
        if (!briefing_charts_svg(r->fonts, v, r->map, &st, own, d)) {
            chart_svgs_free(own, CHART_COUNT);
            return false;
        }
        charts = own;
    }
    /* The page's own keys, in an arena like the view's context (tvalue.h). */
    tv *ctx = tv_new_arena_map();
    char *title = xasprintf("%s – %s", v->name, v->ed.title);
    page_common(ctx, "../", NULL, title);
    free(title);
    tv_set_str(ctx, "level_dir", level_dir(v->level));
    tv_set_own(ctx, "pdf_href", xasprintf("../pdf/%s.pdf", v->file_stem));
    tv_set_own(ctx, "csv_href", xasprintf("../downloads/%s.csv", v->file_stem));
    if (v->land_file_stem && *v->land_file_stem)
        tv_set_own(ctx, "land_href", xasprintf("../laender/%s.html", v->land_file_stem));
    else
        tv_set_str(ctx, "land_href", "");
    if (*v->kreis_file_stem)
        tv_set_own(ctx, "kreis_href",
                   xasprintf("../%s/%s.html", level_dir(LEVEL_KREIS), v->kreis_file_stem));
    else
        tv_set_str(ctx, "kreis_href", "");
    const char *land_ags = v->level == LEVEL_LAND ? v->ags : v->land_ags;
    if (land_ags && *land_ags)
        tv_set_own(ctx, "kreise_href", xasprintf("../%s#land-%s", HTML_KREISE_PATH, land_ags));
    else
        tv_set_own(ctx, "kreise_href", xasprintf("../%s", HTML_KREISE_PATH));
    /* Gemeinde pages exist only in builds that render them (--levels). */
    tv_set_bool(ctx, "gemeinde_pages", r->gemeinde_pages);
    chart_svg narrow[CHART_COUNT];
    chart_style nst = chart_narrow_style(r);
    bool ok = briefing_charts_svg_at(r->fonts, v, r->map, &nst, VIEW_CHART_NARROW_WIDTH, "-schmal",
                                     narrow, d);
    briefing_charts(v, charts, narrow, ctx);
    chart_svgs_free(narrow, CHART_COUNT);
    if (charts == own) chart_svgs_free(own, CHART_COUNT);
    if (!ok) {
        tv_free(ctx);
        return false;
    }
    return render_page(r, PAGE_BRIEFING, view_briefing_context(v), ctx, out, d);
}

/* ---- overview pages ------------------------------------------------------- */

/* The keys of every overview page. Returns a new map. */
static tv *overview_ctx(const view_overview *o, const char *nav, view_text_key title)
{
    tv *ctx = tv_new_map();
    const char *tt = title == VT_COUNT ? "" : view_text(&o->texts, title);
    char *t = *tt ? xasprintf("%s – %s", tt, o->ed.title) : xstrdup(o->ed.title);
    page_common(ctx, "", nav, t);
    free(t);
    return ctx;
}

/* Länder × topic fields: one row per Land (in index order), the score of
 * each topic field looked up by AGS in the topic's ranking. */
static tv *topic_matrix_tv(const view_overview *o)
{
    tv *rows = tv_new_list();
    for (size_t i = 0; i < o->n_laender; i++) {
        const view_rank_entry *land = &o->laender[i];
        tv *m = tv_new_map();
        tv_set_str(m, "name", land->name);
        tv_set_str(m, "score_de", land->score_de);
        tv_set_str(m, "file_stem", land->file_stem);
        tv *cells = tv_new_list();
        for (size_t k = 0; k < o->n_topics; k++) {
            const view_overview_topic *t = &o->topics[k];
            const char *s = "–";
            for (size_t j = 0; j < t->n_ranking; j++)
                if (strcmp(t->ranking[j].ags, land->ags) == 0) s = t->ranking[j].score_de;
            tv *c = tv_new_map();
            tv_set_str(c, "score_de", s);
            tv_list_push(cells, c);
        }
        tv_map_set(m, "cells", cells);
        tv_list_push(rows, m);
    }
    return rows;
}

bool html_render_index(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "index", VT_COUNT);
    tv_map_set(ctx, "topic_matrix", topic_matrix_tv(o));
    tv_set_bool(ctx, "has_change", o->ed.previous_year != 0);
    static const struct {
        const char *key, *id;
        overview_chart k;
        view_text_key title;
    } charts[] = {{"index_chart", "svg-index", OVERVIEW_INDEX, VT_CHART_RANKING},
                  {"map_chart", "svg-karte", OVERVIEW_MAP, VT_CHART_MAP}};
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        if (charts[i].k == OVERVIEW_MAP && !overview_chart_applies(o, OVERVIEW_MAP, r->map))
            continue;
        tv *chart = tv_new_map();
        tv_map_set(ctx, charts[i].key, chart);
        tv_set_str(chart, "chart_title", view_text(&o->texts, charts[i].title));
        chart_svg svg;
        chart_style st = chart_colors(r);
        bool ok = overview_chart_svg(r->fonts, o, charts[i].k, r->map, &st, charts[i].id, &svg, d);
        if (ok && svg.present) chart_into(chart, &svg);
        chart_svgs_free(&svg, 1);
        if (ok) {
            chart_style nst = chart_narrow_style(r);
            char *id = xasprintf("%s-schmal", charts[i].id);
            ok = overview_chart_svg_at(r->fonts, o, charts[i].k, r->map, &nst,
                                       VIEW_CHART_NARROW_WIDTH, id, &svg, d);
            free(id);
            if (ok) chart_narrow_into(chart, &svg);
            chart_svgs_free(&svg, 1);
        }
        if (!ok) {
            tv_free(ctx);
            return false;
        }
    }
    return render_page(r, PAGE_INDEX, view_overview_context(o), ctx, out, d);
}

bool html_render_kreise(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "kreise", VT_PAGE_KREISE);
    tv_set_bool(ctx, "gemeinde_pages", r->gemeinde_pages);
    return render_page(r, PAGE_KREISE, view_overview_context(o), ctx, out, d);
}

bool html_render_gemeinden(const html_renderer *r, const view_overview *o,
                           const view_rank_entry *gemeinden, size_t n, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "kreise", VT_PAGE_GEMEINDEN);
    tv_map_set(ctx, "groups", view_gemeinden_groups_tv(o, gemeinden, n));
    tv_set_bool(ctx, "has_gemeinden", n > 0);
    tv_map_set(ctx, "n_gemeinden_de", view_count_tv(n));
    return render_page(r, PAGE_GEMEINDEN, view_overview_context(o), ctx, out, d);
}

bool html_render_method(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "method", VT_PAGE_METHOD);
    return render_page(r, PAGE_METHOD, view_overview_context(o), ctx, out, d);
}

/* Every distinct (source, url) over the models of all levels, with the
 * indicator ids that use it, in model order. */
static tv *all_sources_tv(const view_overview *o)
{
    tv *l = tv_new_list();
    tv **found = NULL;
    const view_row **first = NULL;
    size_t n = 0;
    for (int lv = 0; lv < LEVEL_COUNT; lv++) {
        for (size_t i = 0; i < o->n_model_rows[lv]; i++) {
            const view_row *rw = &o->model_rows[lv][i];
            if (!rw->indicator || !rw->source || !*rw->source) continue;
            size_t j = 0;
            while (j < n && !(strcmp(first[j]->source, rw->source) == 0 &&
                              strcmp(first[j]->url, rw->url) == 0))
                j++;
            if (j < n) {
                const char *ids = tv_string(tv_map_get(found[j], "indicators"), NULL);
                tv_set_own(found[j], "indicators", xasprintf("%s, %s", ids, rw->id));
                continue;
            }
            found = xrealloc(found, (n + 1) * sizeof *found);
            first = xrealloc(first, (n + 1) * sizeof *first);
            tv *m = tv_new_map();
            tv_set_str(m, "text", rw->source);
            tv_set_str(m, "url", rw->url);
            tv_set_bool(m, "url_ok", view_url_is_safe(rw->url));
            tv_set_str(m, "indicators", rw->id);
            tv_list_push(l, m);
            found[n] = m;
            first[n++] = rw;
        }
    }
    free(found);
    free(first);
    return l;
}

bool html_render_sources(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "sources", VT_PAGE_SOURCES);
    tv_map_set(ctx, "sources", all_sources_tv(o));
    return render_page(r, PAGE_SOURCES, view_overview_context(o), ctx, out, d);
}

/* ---- extra files ----------------------------------------------------------- */

bool html_render_extras(const html_renderer *r, const view_overview *o, html_extra **files,
                        size_t *n, diag *d)
{
    bool logo = r->theme && r->theme->logo_kind != THEME_LOGO_NONE;
    size_t nf = logo ? 4 : 3;
    html_extra *f = xcalloc(nf, sizeof *f);
    f[0].path = xstrdup("assets/site.css");
    f[1].path = xstrdup("downloads/zitiervorschlag.txt");
    f[2].path = xstrdup("downloads/LIZENZ.txt");
    const tv *view = view_overview_context(o);
    char *err = NULL;
    bool ok = template_render(r->css, view, NULL, &f[0].data, &err) == 0;
    if (!ok) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", err);
        free(err);
    }
    ok = ok && render_text(r, PAGE_CITATION, view, overview_ctx(o, NULL, VT_COUNT), &f[1].data, d) &&
         render_text(r, PAGE_LICENCE, view, overview_ctx(o, NULL, VT_COUNT), &f[2].data, d);
    if (logo) {
        /* The theme's logo beside the stylesheet (theme.h: "assets/<name>"). */
        f[3].path = xasprintf("assets/%s", r->theme->logo_name);
        buf_append(&f[3].data, r->theme->logo.data, r->theme->logo.len);
    }
    if (!ok) {
        html_extras_free(f, nf);
        *files = NULL;
        *n = 0;
        return false;
    }
    *files = f;
    *n = nf;
    return true;
}

void html_extras_free(html_extra *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(files[i].path);
        buf_free(&files[i].data);
    }
    free(files);
}
