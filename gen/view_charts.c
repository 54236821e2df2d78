/* view_charts: view model → chart inputs (see view_charts.h). */
#include "view_charts.h"

#include "charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const chart_names[CHART_COUNT] = {
    "netzdiagramm", "themenfelder", "veraenderung", "rangliste", "karte", "karte-gebiete"};
static const view_text_key chart_title_keys[CHART_COUNT] = {
    VT_CHART_RADAR, VT_CHART_BARS, VT_CHART_CHANGE, VT_CHART_RANKING, VT_CHART_MAP,
    VT_CHART_MAP_PARTS};
/* The lead of each chart's text description (the chart adds the data). */
static const view_text_key chart_desc_keys[CHART_COUNT] = {
    VT_CHART_RADAR_DESC,   VT_CHART_BARS_DESC, VT_CHART_CHANGE_DESC,
    VT_CHART_RANKING_DESC, VT_CHART_MAP_DESC,  VT_CHART_MAP_DESC};

/* The view's map behind a map chart; NULL for the other charts. */
static const view_map *chart_view_map(const view_briefing *v, briefing_chart k)
{
    return k == CHART_MAP ? &v->map_peers : k == CHART_MAP_PARTS ? &v->map_parts : NULL;
}

/* Whether the map has a shape for at least one region of m. */
static bool map_covers(const geo_map *map, const view_map *m)
{
    if (!map) return false;
    for (size_t i = 0; i < m->n; i++)
        if (geo_map_find(map, m->regions[i].ags)) return true;
    return false;
}

const char *briefing_chart_name(briefing_chart k)
{
    return chart_names[k];
}

const char *briefing_chart_title(const view_briefing *v, briefing_chart k)
{
    /* A map names what it shows: "Karte der Kreise in Mecklenburg-Vorpommern". */
    return view_text(&v->texts, chart_title_keys[k]);
}

bool briefing_chart_applies(const view_briefing *v, briefing_chart k, const geo_map *map)
{
    switch (k) {
    case CHART_RADAR: return v->n_topics >= 3 && v->n_topics <= 12;
    case CHART_BARS: return v->n_topics >= 1;
    case CHART_CHANGE: return v->has_change;
    case CHART_RANKING: return v->n_ranking >= 1;
    case CHART_MAP:
    case CHART_MAP_PARTS: return map_covers(map, chart_view_map(v, k));
    case CHART_COUNT: break;
    }
    return false;
}

/* One chart's inputs: the chart struct plus the arrays it borrows, owned
 * here (the view keeps rows of structs, the charts want columns). */
typedef struct chart_inputs {
    int kind;
    union {
        chart_radar radar;
        chart_bars bars;
        chart_change change;
        chart_ranking ranking;
        chart_map map;
        chart_intervals intervals;
    } u;
    const char **names;         /* labels; map: AGS */
    const char **labels;        /* map: region names */
    const char **missing;       /* change: why a change is missing */
    const char **rank_labels;   /* bars: "Rang 15 von 16 (2023: 14)" */
    double *a, *b, *c;          /* columns */
    int *ranks;
    bool *gap;                  /* ranking: regions left out before this row */
    chart_words words;          /* the charts' own words, from the view's texts */
} chart_inputs;

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* The charts' own words (templates: chart_no_data, …); an empty text
 * leaves the chart library's default. */
static chart_words words_of(const view_texts *t)
{
    return (chart_words){.no_data = nonempty(view_text(t, VT_CHART_NO_DATA)),
                         .class_below = nonempty(view_text(t, VT_CHART_CLASS_BELOW)),
                         .class_to = nonempty(view_text(t, VT_CHART_CLASS_TO)),
                         .rank = nonempty(view_text(t, VT_CHART_RANK)),
                         .of = nonempty(view_text(t, VT_CHART_OF)),
                         .highlighted = nonempty(view_text(t, VT_CHART_HIGHLIGHTED)),
                         .no_comparison = nonempty(view_text(t, VT_CHART_NO_COMPARISON))};
}

static void columns(chart_inputs *in, size_t n)
{
    size_t m = n ? n : 1;
    in->names = xcalloc(m, sizeof *in->names);
    in->a = xcalloc(m, sizeof *in->a);
    in->b = xcalloc(m, sizeof *in->b);
    in->c = xcalloc(m, sizeof *in->c);
    in->ranks = xcalloc(m, sizeof *in->ranks);
    in->missing = xcalloc(m, sizeof *in->missing);
}

static void inputs_free(chart_inputs *in)
{
    free(in->names);
    free(in->labels);
    free(in->a);
    free(in->b);
    free(in->c);
    free(in->ranks);
    free(in->missing);
    free(in->rank_labels);
    free(in->gap);
}

/* A long list (the 96 Kreise of Bayern) is cut to what a reader needs: the
 * first three, the region with five neighbours on each side, the last
 * three; the rows left out are marked as gaps. Lists up to RANKING_FULL
 * rows stay whole. */
#define RANKING_FULL 19
#define RANKING_ENDS 3
#define RANKING_NEIGHBOURS 5

static void ranking_inputs(chart_inputs *in, const view_rank_entry *list, size_t n,
                           size_t highlight, const char *title, const char *desc,
                           const char *caption)
{
    columns(in, n);
    in->gap = xcalloc(n ? n : 1, sizeof *in->gap);
    bool cut = n > RANKING_FULL && highlight < n;
    size_t m = 0, hl = n, last = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t dist = i > highlight ? i - highlight : highlight - i;
        if (cut && i >= RANKING_ENDS && i + RANKING_ENDS < n && dist > RANKING_NEIGHBOURS) continue;
        in->gap[m] = last != SIZE_MAX ? last + 1 != i : i > 0;
        if (i == highlight) hl = m;
        in->names[m] = list[i].name;
        in->a[m] = list[i].score;
        in->ranks[m] = list[i].rank;
        m++;
        last = i;
    }
    in->gap[0] = false;
    in->u.ranking = (chart_ranking){title,     nonempty(desc), m, in->names, in->a,
                                    in->ranks, hl,   nonempty(caption), cut ? in->gap : NULL};
}

/* The map: values by AGS (names[] holds the AGS), `highlight` outlined,
 * framed to the listed regions (the map holds every level). */
static void map_inputs(chart_inputs *in, const geo_map *map, size_t n, const char *title,
                       const char *desc, const char *highlight, const char *legend_title)
{
    in->u.map = (chart_map){title,        nonempty(desc), map,        n,   in->names, in->a,
                            nonempty(highlight), legend_title, NULL, in->labels, true};
}

static void briefing_inputs(chart_inputs *in, const view_briefing *v, briefing_chart k,
                            const geo_map *map)
{
    memset(in, 0, sizeof *in);
    in->kind = (int)k;
    in->words = words_of(&v->texts);
    const char *title = briefing_chart_title(v, k);
    const char *desc = nonempty(view_text(&v->texts, chart_desc_keys[k]));
    if (k == CHART_RANKING) {
        ranking_inputs(in, v->ranking, v->n_ranking, v->ranking_highlight, v->ranking_title_de,
                       desc, v->ranking_caption_de);
        return;
    }
    if (k == CHART_MAP || k == CHART_MAP_PARTS) {
        /* The region among its peers (outlined), or its own parts. */
        const view_map *m = chart_view_map(v, k);
        columns(in, m->n);
        in->labels = xcalloc(m->n ? m->n : 1, sizeof *in->labels);
        for (size_t i = 0; i < m->n; i++) {
            in->names[i] = m->regions[i].ags;
            in->labels[i] = m->regions[i].name;
            in->a[i] = m->regions[i].score;
        }
        map_inputs(in, map, m->n, title, desc, m->highlight, m->index_name);
        return;
    }
    size_t n = v->n_topics;
    columns(in, n);
    bool has_prev = false;
    for (size_t i = 0; i < n; i++) {
        in->names[i] = v->topics[i].name;
        in->a[i] = k == CHART_CHANGE ? v->topics[i].change : v->topics[i].score;
        in->b[i] = v->topics[i].average;
        in->c[i] = v->topics[i].previous;
        in->ranks[i] = v->topics[i].rank;
        in->missing[i] = nonempty(view_text_line(&v->texts, VT_TOPIC_CHANGE_MISSING, i));
        has_prev |= !isnan(in->c[i]);
    }
    switch (k) {
    case CHART_RADAR:
        in->u.radar = (chart_radar){title, desc, n, in->names, in->a, in->b,
                                    has_prev ? in->c : NULL, v->name, v->average_label_de,
                                    has_prev ? view_text(&v->texts, VT_CHART_RADAR_PREVIOUS) : NULL,
                                    nonempty(view_text(&v->texts, VT_CHART_RADAR_NOTE))};
        break;
    case CHART_BARS: {
        /* Each field with its weight ("Infrastruktur (Gewicht 25 %)") and
         * its rank with the previous edition's (texts topic_label,
         * topic_rank: one line per topic field). */
        const char *const *labels = in->names;
        if (view_text_count(&v->texts, VT_TOPIC_LABEL) == n) {
            in->labels = xcalloc(n ? n : 1, sizeof *in->labels);
            for (size_t i = 0; i < n; i++) in->labels[i] = view_text_line(&v->texts, VT_TOPIC_LABEL, i);
            labels = in->labels;
        }
        if (view_text_count(&v->texts, VT_TOPIC_RANK) == n) {
            in->rank_labels = xcalloc(n ? n : 1, sizeof *in->rank_labels);
            for (size_t i = 0; i < n; i++)
                in->rank_labels[i] = view_text_line(&v->texts, VT_TOPIC_RANK, i);
        }
        in->u.bars = (chart_bars){title, desc, n, labels, in->a, in->b, in->ranks,
                                  v->index_n_ranked, v->name, v->average_label_de,
                                  in->rank_labels};
        break;
    }
    case CHART_CHANGE:
        in->u.change = (chart_change){title, desc, n, in->names, in->a, v->ed.index_name,
                                      v->index_change, NULL, in->missing,
                                      nonempty(view_text(&v->texts, VT_INDEX_CHANGE_MISSING)),
                                      view_text(&v->texts, VT_CHART_CHANGE_CAPTION)};
        break;
    default: break;
    }
}

enum { K_RADAR, K_BARS, K_CHANGE, K_RANKING, K_MAP, K_INTERVALS };

static int kind_of_briefing(briefing_chart k)
{
    static const int kinds[CHART_COUNT] = {K_RADAR, K_BARS, K_CHANGE, K_RANKING, K_MAP, K_MAP};
    return kinds[k];
}

/* Height and drawing of any prepared input: the one switch over chart kinds. */
/* The caller's style with the inputs' words. */
static chart_style style_with_words(const chart_style *st, const chart_inputs *in)
{
    chart_style s = st ? *st : (chart_style){0};
    s.words = &in->words;
    return s;
}

static double inputs_height(const metrics_fonts *f, const chart_inputs *in, double width,
                            const chart_style *style)
{
    chart_style s = style_with_words(style, in);
    const chart_style *st = &s;
    switch (in->kind) {
    case K_RADAR: return width * 0.82;
    case K_BARS: return chart_bars_height(f, &in->u.bars, width, st);
    case K_CHANGE: return chart_change_height(f, &in->u.change, width, st);
    case K_RANKING: return chart_ranking_height(f, &in->u.ranking, width, st);
    case K_MAP: return chart_map_height(f, &in->u.map, width, st);
    case K_INTERVALS: return chart_intervals_height(f, &in->u.intervals, width, st);
    }
    return 0;
}

static bool inputs_draw(canvas *c, const chart_inputs *in, const chart_style *style, diag *d)
{
    chart_style s = style_with_words(style, in);
    const chart_style *st = &s;
    canvas_set_colors(c, st->colors);
    switch (in->kind) {
    case K_RADAR: return chart_radar_draw(c, &in->u.radar, st, d);
    case K_BARS: return chart_bars_draw(c, &in->u.bars, st, d);
    case K_CHANGE: return chart_change_draw(c, &in->u.change, st, d);
    case K_RANKING: return chart_ranking_draw(c, &in->u.ranking, st, d);
    case K_MAP: return chart_map_draw(c, &in->u.map, st, d);
    case K_INTERVALS: return chart_intervals_draw(c, &in->u.intervals, st, d);
    }
    return false;
}

double briefing_chart_height(const metrics_fonts *f, const view_briefing *v, briefing_chart k,
                             double width, const geo_map *map, const chart_style *style)
{
    chart_inputs in;
    briefing_inputs(&in, v, k, map);
    in.kind = kind_of_briefing(k);
    double h = inputs_height(f, &in, width, style);
    inputs_free(&in);
    return h;
}

bool briefing_chart_draw(canvas *c, const view_briefing *v, briefing_chart k, const geo_map *map,
                         const chart_style *style, diag *d)
{
    chart_inputs in;
    briefing_inputs(&in, v, k, map);
    in.kind = kind_of_briefing(k);
    bool ok = inputs_draw(c, &in, style, d);
    inputs_free(&in);
    return ok;
}

/* ---- overview ---------------------------------------------------------------- */

bool overview_chart_applies(const view_overview *o, overview_chart k, const geo_map *map)
{
    switch (k) {
    case OVERVIEW_INDEX: return o->n_laender > 0;
    case OVERVIEW_TOPIC: return o->n_topics > 0;
    case OVERVIEW_MAP: return map != NULL && o->n_laender > 0;
    case OVERVIEW_INTERVALS: return o->interval_median != NULL && o->n_laender > 0;
    case OVERVIEW_KREIS_MAP: {
        if (!map) return false;
        for (size_t i = 0; i < o->n_kreise; i++)
            if (geo_map_find(map, o->kreise[i].ags)) return true;
        return false;
    }
    }
    return false;
}

static void overview_inputs(chart_inputs *in, const view_overview *o, overview_chart k,
                            size_t topic, const geo_map *map)
{
    memset(in, 0, sizeof *in);
    in->words = words_of(&o->texts);
    const char *ranking_desc = view_text(&o->texts, VT_CHART_RANKING_DESC);
    switch (k) {
    case OVERVIEW_INDEX:
        in->kind = K_RANKING;
        ranking_inputs(in, o->laender, o->n_laender, SIZE_MAX, o->ed.index_name, ranking_desc, NULL);
        break;
    case OVERVIEW_TOPIC: {
        in->kind = K_RANKING;
        const view_overview_topic *t = &o->topics[topic < o->n_topics ? topic : 0];
        ranking_inputs(in, t->ranking, t->n_ranking, SIZE_MAX, t->name, ranking_desc, NULL);
        break;
    }
    case OVERVIEW_MAP:
        in->kind = K_MAP;
        columns(in, o->n_laender);
        for (size_t i = 0; i < o->n_laender; i++) {
            in->names[i] = o->laender[i].ags;
            in->a[i] = o->laender[i].score;
        }
        map_inputs(in, map, o->n_laender, view_text(&o->texts, VT_CHART_MAP),
                   view_text(&o->texts, VT_CHART_MAP_DESC), NULL, o->ed.index_name);
        break;
    case OVERVIEW_KREIS_MAP: {
        in->kind = K_MAP;
        columns(in, o->n_kreise);
        for (size_t i = 0; i < o->n_kreise; i++) {
            in->names[i] = o->kreise[i].ags;
            in->a[i] = o->kreise[i].score;
        }
        const char *index_name = o->n_model_rows[LEVEL_KREIS] ? o->model_rows[LEVEL_KREIS][0].name
                                                              : o->ed.index_name;
        map_inputs(in, map, o->n_kreise, view_text(&o->texts, VT_CHART_MAP_KREISE),
                   view_text(&o->texts, VT_CHART_MAP_DESC), NULL, index_name);
        break;
    }
    case OVERVIEW_INTERVALS:
        in->kind = K_INTERVALS;
        columns(in, o->n_laender);
        for (size_t i = 0; i < o->n_laender; i++) in->names[i] = o->laender[i].name;
        in->u.intervals = (chart_intervals){
            view_text(&o->texts, VT_CHART_INTERVALS),
            nonempty(view_text(&o->texts, VT_CHART_INTERVALS_DESC)), o->n_laender, in->names,
            o->interval_median, o->interval_lo, o->interval_hi,
            (const char *const *)o->interval_de, (int)o->n_laender,
            nonempty(view_text(&o->texts, VT_CHART_INTERVALS_CAPTION))};
        break;
    }
}

double overview_chart_height(const metrics_fonts *f, const view_overview *o, overview_chart k,
                             size_t topic, double width, const geo_map *map,
                             const chart_style *style)
{
    if (!overview_chart_applies(o, k, map)) return 0;
    chart_inputs in;
    overview_inputs(&in, o, k, topic, map);
    double h = inputs_height(f, &in, width, style);
    inputs_free(&in);
    return h;
}

bool overview_chart_draw(canvas *c, const view_overview *o, overview_chart k, size_t topic,
                         const geo_map *map, const chart_style *style, diag *d)
{
    if (!overview_chart_applies(o, k, map) || (k == OVERVIEW_TOPIC && topic >= o->n_topics)) {
        diag_error(d, NULL, NULL, NULL, "overview chart %d: no data or no map", (int)k);
        return false;
    }
    chart_inputs in;
    overview_inputs(&in, o, k, topic, map);
    bool ok = inputs_draw(c, &in, style, d);
    inputs_free(&in);
    return ok;
}

/* ---- SVG once ------------------------------------------------------------------ */

void briefing_chart_frame(const view_briefing *v, briefing_chart k, buf *title, chart_frame *out)
{
    buf_clear(title);
    buf_printf(title, "%s: %s", v->name, briefing_chart_title(v, k));
    *out = (chart_frame){buf_cstr(title), view_text(&v->texts, VT_CHART_SOURCE),
                         v->ed.sample ? nonempty(view_text(&v->texts, VT_SAMPLE_TAG)) : NULL};
}

static bool svg_draw(chart_svg *out, const metrics_fonts *f, double w, double h, const char *id,
                     const chart_inputs *in, const chart_frame *fr, const chart_style *st,
                     diag *d)
{
    /* The frame takes the chart's type size when the style sets one. */
    const chart_style *fst = st && st->font_size > 0 ? st : NULL;
    if (fr) h += chart_frame_extra(f, fr, w, fst);
    out->present = true;
    out->width = w;
    out->height = h;
    canvas *c = canvas_svg_new(f, w, h, id, &out->svg);
    if (fr) chart_frame_begin(c, fr, fst);
    bool ok = inputs_draw(c, in, st, d);
    const char *desc = canvas_svg_desc(c);
    out->desc = xstrdup(desc ? desc : "");
    ok = canvas_finish(c, d) && ok;
    canvas_free(c);
    return ok;
}

bool briefing_charts_svg(const metrics_fonts *f, const view_briefing *v, const geo_map *map,
                         const chart_style *style, chart_svg out[CHART_COUNT], diag *d)
{
    return briefing_charts_svg_at(f, v, map, style, VIEW_CHART_WIDTH, "", out, d);
}

bool briefing_charts_svg_at(const metrics_fonts *f, const view_briefing *v, const geo_map *map,
                            const chart_style *style, double width, const char *id_suffix,
                            chart_svg out[CHART_COUNT], diag *d)
{
    bool ok = true;
    for (int k = 0; k < CHART_COUNT; k++) {
        out[k] = (chart_svg){false, 0, 0, BUF_INIT, NULL};
        if (!ok || !briefing_chart_applies(v, (briefing_chart)k, map)) continue;
        chart_inputs in;
        briefing_inputs(&in, v, (briefing_chart)k, map);
        in.kind = kind_of_briefing((briefing_chart)k);
        double w = width, h = inputs_height(f, &in, w, style);
        char *id = xasprintf("svg-%s%s", chart_names[k], id_suffix);
        buf title = BUF_INIT;
        chart_frame fr;
        briefing_chart_frame(v, (briefing_chart)k, &title, &fr);
        ok = svg_draw(&out[k], f, w, h, id, &in, &fr, style, d);
        buf_free(&title);
        free(id);
        inputs_free(&in);
    }
    return ok;
}

bool overview_chart_svg(const metrics_fonts *f, const view_overview *o, overview_chart k,
                        const geo_map *map, const chart_style *style, const char *id,
                        chart_svg *out, diag *d)
{
    return overview_chart_svg_at(f, o, k, map, style, VIEW_CHART_WIDTH, id, out, d);
}

bool overview_chart_svg_at(const metrics_fonts *f, const view_overview *o, overview_chart k,
                           const geo_map *map, const chart_style *style, double width,
                           const char *id, chart_svg *out, diag *d)
{
    *out = (chart_svg){false, 0, 0, BUF_INIT, NULL};
    if (!overview_chart_applies(o, k, map)) return true;
    chart_inputs in;
    overview_inputs(&in, o, k, 0, map);
    double w = width, h = inputs_height(f, &in, w, style);
    bool ok = svg_draw(out, f, w, h, id, &in, NULL, style, d);
    inputs_free(&in);
    return ok;
}

void chart_svgs_free(chart_svg *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        buf_free(&s[i].svg);
        free(s[i].desc);
    }
}
