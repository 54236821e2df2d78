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
#include "format.h"
#include "geo.h"
#include "template.h"
#include "tvalue.h"
#include "view_charts.h"
#include "view_tv.h"
#include "wording.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum page {
    PAGE_LAYOUT,
    PAGE_BRIEFING,
    PAGE_INDEX,
    PAGE_KREISE,
    PAGE_METHOD,
    PAGE_SOURCES,
    PAGE_CITATION,
    PAGE_LICENCE,
    PAGE_COUNT
};

static const char *const page_files[PAGE_COUNT] = {
    "layout.mustache",  "briefing.mustache", "index.mustache",           "kreise.mustache",
    "method.mustache",  "sources.mustache",  "zitiervorschlag.mustache", "lizenz.mustache"};

struct html_renderer {
    template *pages[PAGE_COUNT];
    template_partials *partials;
    const metrics_fonts *fonts;
    const geo_map *map;         /* NULL: no map charts */
    char *css;
    size_t css_len;
};

/* ---- small helpers ------------------------------------------------------- */

static void set_str(tv *m, const char *k, const char *s)
{
    tv_map_set(m, k, tv_new_string(s ? s : ""));
}

static void set_bool(tv *m, const char *k, bool b)
{
    tv_map_set(m, k, tv_new_bool(b));
}

static void set_own(tv *m, const char *k, char *s)
{
    tv_map_set(m, k, tv_new_string(s));
    free(s);
}

bool html_url_is_safe(const char *url)
{
    if (!url) return false;
    size_t skip;
    if (strncasecmp(url, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        skip = 7;
    else
        return false;
    const unsigned char *host = (const unsigned char *)url + skip;
    if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == '@') return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
            *p == '`')
            return false;
    return true;
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

/* "<ags>-<slug>" from the name: the same rule as view.c's file stems, so the
 * links do not depend on what a rank entry's slug field holds. */
static char *stem_of(const char *ags, const char *name)
{
    char *slug = view_slug(name);
    char *s = xasprintf("%s-%s", ags, slug);
    free(slug);
    return s;
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
    char *css_path = xasprintf("%s/site.css", templates_dir);
    r->css = file_read_all(css_path, &r->css_len, "pass --templates DIR", d);
    free(css_path);
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

void html_renderer_free(html_renderer *r)
{
    if (!r) return;
    for (int i = 0; i < PAGE_COUNT; i++) template_free(r->pages[i]);
    template_partials_free(r->partials);
    free(r->css);
    free(r);
}

/* Renders page `p` into its layout. Takes ownership of ctx. */
static bool render_page(const html_renderer *r, enum page p, tv *ctx, buf *out, diag *d)
{
    buf body = BUF_INIT;
    char *err = NULL;
    bool ok = template_render(r->pages[p], ctx, r->partials, &body, &err) == 0;
    if (ok) {
        tv_map_set(ctx, "content", tv_new_stringn(body.data ? body.data : "", body.len));
        ok = template_render(r->pages[PAGE_LAYOUT], ctx, r->partials, out, &err) == 0;
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
static bool render_text(const html_renderer *r, enum page p, tv *ctx, buf *out, diag *d)
{
    char *err = NULL;
    bool ok = template_render(r->pages[p], ctx, r->partials, out, &err) == 0;
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
    set_str(ctx, "root", root);
    set_str(ctx, "page_title", title);
    static const char *const navs[] = {"index", "kreise", "method", "sources"};
    for (size_t i = 0; i < sizeof navs / sizeof navs[0]; i++) {
        char *k = xasprintf("nav_%s", navs[i]);
        set_bool(ctx, k, nav && strcmp(nav, navs[i]) == 0);
        free(k);
    }
}

/* ---- charts -------------------------------------------------------------- */

typedef bool (*chart_draw_fn)(canvas *c, const html_renderer *r, const void *view, int which,
                              diag *d);

static bool draw_briefing_chart(canvas *c, const html_renderer *r, const void *view, int which,
                                diag *d)
{
    return briefing_chart_draw_geo(c, view, (briefing_chart)which, r->map, d);
}

enum { OVERVIEW_INDEX, OVERVIEW_MAP };

static bool draw_overview_chart(canvas *c, const html_renderer *r, const void *view, int which,
                                diag *d)
{
    if (which == OVERVIEW_MAP) return overview_chart_draw_map(c, view, r->map, d);
    return overview_chart_draw_index(c, view, d);
}

/* Draws a chart as inline SVG into the map m ("svg") and its generated text
 * description ("desc", the same text the SVG's <desc> carries). */
static bool chart_into(const html_renderer *r, tv *m, double w, double h, const char *id,
                       chart_draw_fn draw, const void *view, int which, diag *d)
{
    buf svg = BUF_INIT;
    canvas *c = canvas_svg_new(r->fonts, w, h, id, &svg);
    bool ok = draw(c, r, view, which, d) && canvas_finish(c, d);
    canvas_free(c);
    if (ok) {
        c = canvas_rec_new(r->fonts, w, h);
        ok = draw(c, r, view, which, d) && canvas_finish(c, d);
        if (ok) {
            const char *desc = canvas_rec_desc(c);
            set_str(m, "desc", desc ? desc : "");
        }
        canvas_free(c);
    }
    if (ok) tv_map_set(m, "svg", tv_new_stringn(svg.data ? svg.data : "", svg.len));
    buf_free(&svg);
    return ok;
}

/* ---- briefing ------------------------------------------------------------ */

/* The chart files the build writes are 480 px wide: the same size inline. */
#define HTML_CHART_WIDTH 480.0

static const char *const depth_class[] = {"d0", "d1", "d2", "d3"};

static tv *row_tv(const view_row *rw)
{
    tv *m = tv_new_map();
    set_str(m, "id", rw->id);
    set_str(m, "name", rw->name);
    set_bool(m, "indicator", rw->indicator);
    set_bool(m, "index", rw->depth == 0);
    set_bool(m, "topic_field", rw->depth == 1 && !rw->indicator);
    set_bool(m, "aspect", rw->depth >= 2 && !rw->indicator);
    set_str(m, "depth_class", depth_class[rw->depth < 0 ? 0 : rw->depth > 3 ? 3 : rw->depth]);
    set_str(m, "raw_de", rw->raw_de);
    set_str(m, "unit", rw->unit);
    set_str(m, "score_de", rw->score_de);
    set_str(m, "rank_de", rw->rank_de);
    set_str(m, "average_de", rw->average_de);
    set_str(m, "change_de", rw->change_de);
    set_str(m, "weight_de", rw->weight_de);
    set_str(m, "method_de", rw->method_de);
    set_str(m, "source", rw->source);
    set_str(m, "url", rw->url);
    set_bool(m, "url_ok", html_url_is_safe(rw->url));
    set_bool(m, "has_source", rw->source && *rw->source);
    set_bool(m, "leading", rw->standing == STANDING_LEADING);
    set_bool(m, "trailing", rw->standing == STANDING_TRAILING);
    return m;
}

/* The rows in groups: the index alone, then one group per topic field with
 * everything below it (one <tbody> each). */
static tv *row_groups_tv(const view_row *rows, size_t n)
{
    tv *groups = tv_new_list();
    tv *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cur || rows[i].depth <= 1) {
            tv *g = tv_new_map();
            cur = tv_new_list();
            tv_map_set(g, "rows", cur); /* g owns cur; cur stays valid */
            tv_list_push(groups, g);
        }
        tv_list_push(cur, row_tv(&rows[i]));
    }
    return groups;
}

static tv *rank_list_tv(const view_rank_entry *list, size_t n, const char *prefix)
{
    tv *l = tv_new_list();
    for (size_t i = 0; i < n; i++) {
        const view_rank_entry *e = &list[i];
        tv *m = tv_new_map();
        set_str(m, "ags", e->ags);
        set_str(m, "name", e->name);
        set_str(m, "score_de", e->score_de);
        set_str(m, "rank_de", e->rank_de);
        set_str(m, "change_de", e->change_de);
        set_bool(m, "highlight", e->highlight);
        char *stem = stem_of(e->ags, e->name);
        set_own(m, "href", xasprintf("%s%s.html", prefix, stem));
        free(stem);
        tv_list_push(l, m);
    }
    return l;
}

static tv *sources_tv(const view_source *s, size_t n)
{
    tv *l = tv_new_list();
    for (size_t i = 0; i < n; i++) {
        tv *m = tv_new_map();
        set_str(m, "text", s[i].text);
        set_str(m, "url", s[i].url);
        set_bool(m, "url_ok", html_url_is_safe(s[i].url));
        set_str(m, "indicators", s[i].indicators);
        tv_list_push(l, m);
    }
    return l;
}

static char *citation_de(const view_edition *ed, const char *region_name)
{
    if (region_name)
        return xasprintf("%s: Regionalprofil. In: %s, %s, veröffentlicht am %s.", region_name, ed->title,
                         ed->edition_de, ed->published_de);
    return xasprintf("%s, %s, veröffentlicht am %s.", ed->title, ed->edition_de, ed->published_de);
}

/* The map's data: every Land's index score, names from the map, the
 * region's Land marked. */
static tv *map_rows_tv(const geo_map *map, const view_briefing *v)
{
    tv *l = tv_new_list();
    const char *mine = v->level == LEVEL_LAND ? v->ags : v->land_ags;
    for (size_t i = 0; i < v->n_laender_scores; i++) {
        const view_land_score *ls = &v->laender_scores[i];
        const geo_region *g = geo_map_find(map, ls->ags);
        tv *m = tv_new_map();
        set_str(m, "ags", ls->ags);
        set_str(m, "name", g && g->name ? g->name : ls->ags);
        buf b = BUF_INIT;
        fmt_de_number(&b, ls->score, 1);
        set_own(m, "score_de", buf_detach(&b));
        set_bool(m, "highlight", mine && strcmp(mine, ls->ags) == 0);
        tv_list_push(l, m);
    }
    return l;
}

static bool briefing_charts(const html_renderer *r, const view_briefing *v, tv *ctx, diag *d)
{
    tv *charts = tv_new_list();
    tv_map_set(ctx, "charts", charts);
    for (int k = 0; k < CHART_COUNT; k++) {
        briefing_chart bk = (briefing_chart)k;
        if (!briefing_chart_applies_geo(v, bk, r->map)) continue;
        tv *m = tv_new_map();
        tv_list_push(charts, m);
        const char *name = briefing_chart_name(bk);
        set_str(m, "chart_key", name);
        set_str(m, "chart_title", briefing_chart_title(bk));
        set_own(m, "heading_id", xasprintf("grafik-%s", name));
        set_own(m, "table_id", xasprintf("tabelle-%s", name));
        set_own(m, "svg_href", xasprintf("../charts/%s-%s.svg", v->ags, name));
        set_own(m, "png_href", xasprintf("../charts/%s-%s.png", v->ags, name));
        set_bool(m, "is_radar", bk == CHART_RADAR);
        set_bool(m, "is_bars", bk == CHART_BARS);
        set_bool(m, "is_change", bk == CHART_CHANGE);
        set_bool(m, "is_ranking", bk == CHART_RANKING);
        set_bool(m, "is_map", bk == CHART_MAP);
        set_bool(m, "has_table", bk != CHART_MAP || v->n_laender_scores > 0);
        if (bk == CHART_MAP) {
            tv_map_set(m, "map_rows", map_rows_tv(r->map, v));
        }
        double w = HTML_CHART_WIDTH, h = briefing_chart_height_geo(r->fonts, v, bk, w, r->map);
        char *id = xasprintf("svg-%s", name);
        bool ok = chart_into(r, m, w, h, id, draw_briefing_chart, v, k, d);
        free(id);
        if (!ok) return false;
    }
    return true;
}

bool html_render_briefing(const html_renderer *r, const view_briefing *v, buf *out, diag *d)
{
    tv *ctx = view_briefing_to_tv(v);
    char *title = xasprintf("%s – %s", v->name, v->ed.title);
    page_common(ctx, "../", NULL, title);
    free(title);

    tv_map_set(ctx, "row_groups", row_groups_tv(v->rows, v->n_rows));
    tv_map_set(ctx, "sources", sources_tv(v->sources, v->n_sources));
    char *prefix = xasprintf("../%s/", level_dir(v->level));
    tv_map_set(ctx, "ranking", rank_list_tv(v->ranking, v->n_ranking, prefix));
    free(prefix);
    tv_map_set(ctx, "children", rank_list_tv(v->children, v->n_children, "../gemeinden/"));

    set_own(ctx, "pdf_href", xasprintf("../pdf/%s.pdf", v->file_stem));
    set_own(ctx, "csv_href", xasprintf("../downloads/%s.csv", v->file_stem));
    if (v->land_file_stem && *v->land_file_stem)
        set_own(ctx, "land_href", xasprintf("../laender/%s.html", v->land_file_stem));
    else
        set_str(ctx, "land_href", "");
    const char *land_ags = v->level == LEVEL_LAND ? v->ags : v->land_ags;
    if (land_ags && *land_ags)
        set_own(ctx, "kreise_href", xasprintf("../%s#land-%s", HTML_KREISE_PATH, land_ags));
    else
        set_own(ctx, "kreise_href", xasprintf("../%s", HTML_KREISE_PATH));
    set_own(ctx, "citation", citation_de(&v->ed, v->name));

    if (!briefing_charts(r, v, ctx, d)) {
        tv_free(ctx);
        return false;
    }
    return render_page(r, PAGE_BRIEFING, ctx, out, d);
}

/* ---- overview pages ------------------------------------------------------- */

/* The overview's context with the keys of every overview page. */
static tv *overview_ctx(const view_overview *o, const char *nav, const char *title)
{
    tv *ctx = view_overview_to_tv(o);
    char *t = title ? xasprintf("%s – %s", title, o->ed.title) : xstrdup(o->ed.title);
    page_common(ctx, "", nav, t);
    free(t);
    tv_map_set(ctx, "laender", rank_list_tv(o->laender, o->n_laender, "laender/"));
    set_own(ctx, "citation", citation_de(&o->ed, NULL));
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
        set_str(m, "name", land->name);
        set_str(m, "score_de", land->score_de);
        char *stem = stem_of(land->ags, land->name);
        set_own(m, "href", xasprintf("laender/%s.html", stem));
        free(stem);
        tv *cells = tv_new_list();
        for (size_t k = 0; k < o->n_topics; k++) {
            const view_overview_topic *t = &o->topics[k];
            const char *s = "–";
            for (size_t j = 0; j < t->n_ranking; j++)
                if (strcmp(t->ranking[j].ags, land->ags) == 0) s = t->ranking[j].score_de;
            tv *c = tv_new_map();
            set_str(c, "score_de", s);
            tv_list_push(cells, c);
        }
        tv_map_set(m, "cells", cells);
        tv_list_push(rows, m);
    }
    return rows;
}

bool html_render_index(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "index", NULL);
    tv_map_set(ctx, "topic_matrix", topic_matrix_tv(o));
    set_bool(ctx, "has_change", o->ed.previous_year != 0);
    tv *chart = tv_new_map();
    tv_map_set(ctx, "index_chart", chart);
    set_str(chart, "chart_title", "Rangliste der Länder");
    if (o->n_laender > 0) {
        double w = HTML_CHART_WIDTH, h = overview_chart_height(r->fonts, o, w);
        if (!chart_into(r, chart, w, h, "svg-index", draw_overview_chart, o, OVERVIEW_INDEX, d)) {
            tv_free(ctx);
            return false;
        }
    }
    if (o->n_laender > 0 && r->map) {
        tv *mc = tv_new_map();
        tv_map_set(ctx, "map_chart", mc);
        set_str(mc, "chart_title", "Karte der Länder");
        double w = HTML_CHART_WIDTH, h = overview_chart_map_height(r->fonts, o, w, r->map);
        if (!chart_into(r, mc, w, h, "svg-karte", draw_overview_chart, o, OVERVIEW_MAP, d)) {
            tv_free(ctx);
            return false;
        }
    }
    return render_page(r, PAGE_INDEX, ctx, out, d);
}

/* Sort key for names, DIN 5007-1 style: case-folded, umlauts as their base
 * letter, ß as ss; other bytes kept. */
static char *collation_key(const char *s)
{
    static const struct {
        const char *utf8, *ascii;
    } fold[] = {{"ä", "a"}, {"ö", "o"}, {"ü", "u"}, {"Ä", "a"}, {"Ö", "o"}, {"Ü", "u"},
                {"ß", "ss"}, {"é", "e"}, {"è", "e"}, {"á", "a"}, {"à", "a"}, {"ó", "o"}};
    buf b = BUF_INIT;
    for (const char *p = s; *p;) {
        bool done = false;
        for (size_t i = 0; i < sizeof fold / sizeof fold[0] && !done; i++) {
            size_t n = strlen(fold[i].utf8);
            if (strncmp(p, fold[i].utf8, n) == 0) {
                buf_puts(&b, fold[i].ascii);
                p += n;
                done = true;
            }
        }
        if (done) continue;
        char c = *p++;
        buf_putc(&b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
    }
    return buf_detach(&b);
}

typedef struct kreis_ref {
    const view_rank_entry *e;
    char *key;
} kreis_ref;

static int cmp_kreis_ref(const void *a, const void *b)
{
    const kreis_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->e->ags, y->e->ags);
}

static int cmp_land_ags(const void *a, const void *b)
{
    const view_rank_entry *const *x = a, *const *y = b;
    return strcmp((*x)->ags, (*y)->ags);
}

/* The Kreise grouped by Land (Länder in AGS order, Kreise by name). A Kreis
 * belongs to the Land whose AGS begins its own. */
static tv *kreise_groups_tv(const view_overview *o)
{
    tv *groups = tv_new_list();
    const view_rank_entry **laender = xcalloc(o->n_laender ? o->n_laender : 1, sizeof *laender);
    for (size_t i = 0; i < o->n_laender; i++) laender[i] = &o->laender[i];
    qsort(laender, o->n_laender, sizeof *laender, cmp_land_ags);
    kreis_ref *refs = xcalloc(o->n_kreise ? o->n_kreise : 1, sizeof *refs);
    for (size_t li = 0; li < o->n_laender; li++) {
        const view_rank_entry *land = laender[li];
        size_t alen = strlen(land->ags);
        size_t n = 0;
        for (size_t k = 0; k < o->n_kreise; k++)
            if (strncmp(o->kreise[k].ags, land->ags, alen) == 0)
                refs[n++] = (kreis_ref){&o->kreise[k], collation_key(o->kreise[k].name)};
        if (n == 0) continue;
        qsort(refs, n, sizeof *refs, cmp_kreis_ref);
        tv *g = tv_new_map();
        set_str(g, "ags", land->ags);
        set_str(g, "name", land->name);
        char *stem = stem_of(land->ags, land->name);
        set_own(g, "href", xasprintf("laender/%s.html", stem));
        free(stem);
        set_own(g, "anchor", xasprintf("land-%s", land->ags));
        set_own(g, "heading_id", xasprintf("land-%s-h", land->ags));
        region_grammar lg;
        region_grammar_derive(&lg, land->name, LEVEL_LAND, NULL, "");
        set_str(g, "in_de", lg.in);
        region_grammar_free(&lg);
        buf cnt = BUF_INIT;
        fmt_de_int(&cnt, (long long)n);
        buf_puts(&cnt, n == 1 ? " Kreis" : " Kreise");
        set_own(g, "count_de", buf_detach(&cnt));
        tv *list = tv_new_list();
        for (size_t k = 0; k < n; k++) {
            const view_rank_entry *e = refs[k].e;
            tv *m = tv_new_map();
            set_str(m, "ags", e->ags);
            set_str(m, "name", e->name);
            set_str(m, "score_de", e->score_de);
            set_str(m, "rank_de", e->rank_de);
            set_str(m, "land_name", land->name);
            char *ks = stem_of(e->ags, e->name);
            set_own(m, "href", xasprintf("kreise/%s.html", ks));
            free(ks);
            tv_list_push(list, m);
            free(refs[k].key);
        }
        tv_map_set(g, "kreise", list);
        tv_list_push(groups, g);
    }
    free(refs);
    free(laender);
    return groups;
}

bool html_render_kreise(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "kreise", "Alle Kreise");
    tv_map_set(ctx, "groups", kreise_groups_tv(o));
    buf cnt = BUF_INIT;
    fmt_de_int(&cnt, (long long)o->n_kreise);
    set_own(ctx, "n_kreise_de", buf_detach(&cnt));
    return render_page(r, PAGE_KREISE, ctx, out, d);
}

static const char *const level_plural[LEVEL_COUNT] = {"Länder", "Kreise", "Gemeinden"};

bool html_render_method(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "method", "Methode");
    tv *levels = tv_new_list();
    for (int l = 0; l < LEVEL_COUNT; l++) {
        if (!o->model_rows[l] || o->n_model_rows[l] == 0) continue;
        tv *m = tv_new_map();
        set_str(m, "level", level_name((level)l));
        set_str(m, "level_plural_de", level_plural[l]);
        set_str(m, "index_name", o->model_rows[l][0].name);
        set_own(m, "table_id", xasprintf("modell-%s", level_name((level)l)));
        tv_map_set(m, "row_groups", row_groups_tv(o->model_rows[l], o->n_model_rows[l]));
        tv_list_push(levels, m);
    }
    tv_map_set(ctx, "levels", levels);
    return render_page(r, PAGE_METHOD, ctx, out, d);
}

/* Every distinct (source, url) over the models of all levels, with the
 * indicator ids that use it, in model order. */
static tv *all_sources_tv(const view_overview *o)
{
    view_source *s = NULL;
    size_t n = 0;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        for (size_t i = 0; i < o->n_model_rows[l]; i++) {
            const view_row *rw = &o->model_rows[l][i];
            if (!rw->indicator || !rw->source || !*rw->source) continue;
            size_t j = 0;
            while (j < n && !(strcmp(s[j].text, rw->source) == 0 && strcmp(s[j].url, rw->url) == 0))
                j++;
            if (j < n) {
                char *more = xasprintf("%s, %s", s[j].indicators, rw->id);
                free(s[j].indicators);
                s[j].indicators = more;
                continue;
            }
            s = xrealloc(s, (n + 1) * sizeof *s);
            s[n++] = (view_source){(char *)rw->source, (char *)rw->url, xstrdup(rw->id)};
        }
    }
    tv *l = sources_tv(s, n);
    for (size_t i = 0; i < n; i++) free(s[i].indicators);
    free(s);
    return l;
}

bool html_render_sources(const html_renderer *r, const view_overview *o, buf *out, diag *d)
{
    tv *ctx = overview_ctx(o, "sources", "Quellen und Lizenzen");
    tv_map_set(ctx, "sources", all_sources_tv(o));
    return render_page(r, PAGE_SOURCES, ctx, out, d);
}

/* ---- extra files ----------------------------------------------------------- */

bool html_render_extras(const html_renderer *r, const view_overview *o, html_extra **files,
                        size_t *n, diag *d)
{
    html_extra *f = xcalloc(3, sizeof *f);
    f[0].path = xstrdup("assets/site.css");
    buf_append(&f[0].data, r->css, r->css_len);
    f[1].path = xstrdup("downloads/zitiervorschlag.txt");
    f[2].path = xstrdup("downloads/LIZENZ.txt");
    bool ok = render_text(r, PAGE_CITATION, overview_ctx(o, NULL, NULL), &f[1].data, d) &&
              render_text(r, PAGE_LICENCE, overview_ctx(o, NULL, NULL), &f[2].data, d);
    if (!ok) {
        html_extras_free(f, 3);
        *files = NULL;
        *n = 0;
        return false;
    }
    *files = f;
    *n = 3;
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
