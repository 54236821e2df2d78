/* view_charts: view model → chart inputs (see view_charts.h). */
#include "view_charts.h"

#include "charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const chart_names[CHART_COUNT] = {"netzdiagramm", "themenfelder",
                                                     "veraenderung", "rangliste", "karte"};
static const char *const chart_titles[CHART_COUNT] = {
    "Netzdiagramm der Themenfelder", "Themenfelder im Vergleich zum Durchschnitt",
    "Veränderung gegenüber der Vorausgabe", "Rangliste", "Karte der Länder"};

const char *briefing_chart_name(briefing_chart k)
{
    return chart_names[k];
}

const char *briefing_chart_title(briefing_chart k)
{
    return chart_titles[k];
}

bool briefing_chart_applies_geo(const view_briefing *v, briefing_chart k, const geo_map *map)
{
    switch (k) {
    case CHART_RADAR: return v->n_topics >= 3 && v->n_topics <= 12;
    case CHART_BARS: return v->n_topics >= 1;
    case CHART_CHANGE: return v->has_change;
    case CHART_RANKING: return v->n_ranking >= 1;
    case CHART_MAP: return map != NULL && v->n_laender_scores >= 1;
    case CHART_COUNT: break;
    }
    return false;
}

bool briefing_chart_applies(const view_briefing *v, briefing_chart k)
{
    return briefing_chart_applies_geo(v, k, NULL);
}

/* Topic-field columns of a briefing as parallel arrays (freed by the caller). */
typedef struct topic_arrays {
    const char **names;
    const char **missing;   /* why a change is missing (change chart) */
    double *score, *average, *previous, *change;
    int *rank;
} topic_arrays;

static topic_arrays topic_arrays_new(const view_briefing *v)
{
    size_t n = v->n_topics ? v->n_topics : 1;
    topic_arrays a = {xcalloc(n, sizeof(char *)), xcalloc(n, sizeof(char *)),
                      xcalloc(n, sizeof(double)),
                      xcalloc(n, sizeof(double)), xcalloc(n, sizeof(double)),
                      xcalloc(n, sizeof(double)), xcalloc(n, sizeof(int))};
    for (size_t i = 0; i < v->n_topics; i++) {
        a.names[i] = v->topics[i].name;
        a.missing[i] = v->topics[i].change_missing_de;
        a.score[i] = v->topics[i].score;
        a.average[i] = v->topics[i].average;
        a.previous[i] = v->topics[i].previous;
        a.change[i] = v->topics[i].change;
        a.rank[i] = v->topics[i].rank;
    }
    return a;
}

static void topic_arrays_free(topic_arrays *a)
{
    free(a->names);
    free(a->missing);
    free(a->score);
    free(a->average);
    free(a->previous);
    free(a->change);
    free(a->rank);
}

/* Chart inputs built from a view: arrays borrowed from the view or owned here. */
typedef struct chart_inputs {
    briefing_chart kind;
    topic_arrays topics;
    chart_radar radar;
    chart_bars bars;
    chart_change change;
    chart_ranking ranking;
    chart_map map;
    const char **names;     /* ranking; map: AGS */
    double *values;
    int *ranks;
    char *prev_label, *caption;
} chart_inputs;

static void ranking_inputs(chart_inputs *in, const view_rank_entry *list, size_t n,
                           size_t highlight, const char *title, const char *caption)
{
    in->names = xcalloc(n ? n : 1, sizeof *in->names);
    in->values = xcalloc(n ? n : 1, sizeof *in->values);
    in->ranks = xcalloc(n ? n : 1, sizeof *in->ranks);
    for (size_t i = 0; i < n; i++) {
        in->names[i] = list[i].name;
        in->values[i] = list[i].score;
        in->ranks[i] = list[i].rank;
    }
    in->ranking = (chart_ranking){title,      NULL,      n, in->names, in->values,
                                  in->ranks,  highlight, caption && *caption ? caption : NULL};
}

/* The map: values by AGS (names[] holds the AGS), `highlight` outlined. */
static void map_inputs(chart_inputs *in, const geo_map *map, size_t n, const char *highlight,
                       const char *legend_title)
{
    in->map = (chart_map){briefing_chart_title(CHART_MAP), NULL, map, n, in->names, in->values,
                          highlight && *highlight ? highlight : NULL, legend_title, NULL};
}

static void map_arrays(chart_inputs *in, size_t n)
{
    in->names = xcalloc(n ? n : 1, sizeof *in->names);
    in->values = xcalloc(n ? n : 1, sizeof *in->values);
}

static void inputs_build(chart_inputs *in, const view_briefing *v, briefing_chart k,
                         const geo_map *map)
{
    memset(in, 0, sizeof *in);
    in->kind = k;
    in->topics = topic_arrays_new(v);
    topic_arrays *a = &in->topics;
    switch (k) {
    case CHART_RADAR: {
        bool has_prev = false;
        for (size_t i = 0; i < v->n_topics; i++) has_prev |= !isnan(a->previous[i]);
        if (has_prev) in->prev_label = xasprintf("%s %d", v->name, v->ed.previous_year);
        in->radar = (chart_radar){chart_titles[k], NULL,      v->n_topics, a->names,
                                  a->score,        a->average, has_prev ? a->previous : NULL,
                                  v->name,         v->average_label_de, in->prev_label};
        break;
    }
    case CHART_BARS:
        in->bars = (chart_bars){chart_titles[k], NULL,      v->n_topics, a->names,
                                a->score,        a->average, a->rank,    v->index_n_ranked,
                                v->name,         v->average_label_de};
        break;
    case CHART_CHANGE:
        in->caption = xasprintf("Veränderung gegenüber %d in Punkten", v->ed.previous_year);
        in->change = (chart_change){chart_titles[k], NULL,           v->n_topics, a->names,
                                    a->change,       v->ed.index_name, v->index_change, NULL,
                                    (const char *const *)a->missing,
                                    v->index_change_missing_de, in->caption};
        break;
    case CHART_RANKING:
        ranking_inputs(in, v->ranking, v->n_ranking, v->ranking_highlight, v->ranking_title_de,
                       v->ranking_caption_de);
        break;
    case CHART_MAP:
        map_arrays(in, v->n_laender_scores);
        for (size_t i = 0; i < v->n_laender_scores; i++) {
            in->names[i] = v->laender_scores[i].ags;
            in->values[i] = v->laender_scores[i].score;
        }
        /* A Land outlines itself; a Kreis or Gemeinde its Land. */
        map_inputs(in, map, v->n_laender_scores, v->level == LEVEL_LAND ? v->ags : v->land_ags,
                   v->laender_index_name);
        break;
    case CHART_COUNT: break;
    }
}

static void inputs_free(chart_inputs *in)
{
    topic_arrays_free(&in->topics);
    free(in->names);
    free(in->values);
    free(in->ranks);
    free(in->prev_label);
    free(in->caption);
}

double briefing_chart_height_geo(const metrics_fonts *f, const view_briefing *v, briefing_chart k,
                                 double width, const geo_map *map)
{
    chart_inputs in;
    inputs_build(&in, v, k, map);
    double h = 0;
    switch (k) {
    case CHART_RADAR: h = width * 0.82; break;
    case CHART_BARS: h = chart_bars_height(f, &in.bars, width, NULL); break;
    case CHART_CHANGE: h = chart_change_height(f, &in.change, width, NULL); break;
    case CHART_RANKING: h = chart_ranking_height(f, &in.ranking, width, NULL); break;
    case CHART_MAP: h = chart_map_height(f, &in.map, width, NULL); break;
    case CHART_COUNT: break;
    }
    inputs_free(&in);
    return h;
}

double briefing_chart_height(const metrics_fonts *f, const view_briefing *v, briefing_chart k,
                             double width)
{
    return briefing_chart_height_geo(f, v, k, width, NULL);
}

bool briefing_chart_draw_geo(canvas *c, const view_briefing *v, briefing_chart k,
                             const geo_map *map, diag *d)
{
    chart_inputs in;
    inputs_build(&in, v, k, map);
    bool ok = false;
    switch (k) {
    case CHART_RADAR: ok = chart_radar_draw(c, &in.radar, NULL, d); break;
    case CHART_BARS: ok = chart_bars_draw(c, &in.bars, NULL, d); break;
    case CHART_CHANGE: ok = chart_change_draw(c, &in.change, NULL, d); break;
    case CHART_RANKING: ok = chart_ranking_draw(c, &in.ranking, NULL, d); break;
    case CHART_MAP: ok = chart_map_draw(c, &in.map, NULL, d); break;
    case CHART_COUNT: break;
    }
    inputs_free(&in);
    return ok;
}

bool briefing_chart_draw(canvas *c, const view_briefing *v, briefing_chart k, diag *d)
{
    return briefing_chart_draw_geo(c, v, k, NULL, d);
}

double overview_chart_height(const metrics_fonts *f, const view_overview *o, double width)
{
    chart_inputs in;
    memset(&in, 0, sizeof in);
    ranking_inputs(&in, o->laender, o->n_laender, SIZE_MAX, o->ed.index_name, NULL);
    double h = chart_ranking_height(f, &in.ranking, width, NULL);
    inputs_free(&in);
    return h;
}

bool overview_chart_draw_index(canvas *c, const view_overview *o, diag *d)
{
    chart_inputs in;
    memset(&in, 0, sizeof in);
    ranking_inputs(&in, o->laender, o->n_laender, SIZE_MAX, o->ed.index_name, NULL);
    bool ok = chart_ranking_draw(c, &in.ranking, NULL, d);
    inputs_free(&in);
    return ok;
}

bool overview_chart_draw_topic(canvas *c, const view_overview *o, size_t topic, diag *d)
{
    if (topic >= o->n_topics) return false;
    const view_overview_topic *t = &o->topics[topic];
    chart_inputs in;
    memset(&in, 0, sizeof in);
    ranking_inputs(&in, t->ranking, t->n_ranking, SIZE_MAX, t->name, NULL);
    bool ok = chart_ranking_draw(c, &in.ranking, NULL, d);
    inputs_free(&in);
    return ok;
}

/* The overview map: o->laender by AGS, none outlined. */
static void overview_map_inputs(chart_inputs *in, const view_overview *o, const geo_map *map)
{
    memset(in, 0, sizeof *in);
    map_arrays(in, o->n_laender);
    for (size_t i = 0; i < o->n_laender; i++) {
        in->names[i] = o->laender[i].ags;
        in->values[i] = o->laender[i].score;
    }
    map_inputs(in, map, o->n_laender, NULL, o->ed.index_name);
}

double overview_chart_map_height(const metrics_fonts *f, const view_overview *o, double width,
                                 const geo_map *map)
{
    chart_inputs in;
    overview_map_inputs(&in, o, map);
    double h = chart_map_height(f, &in.map, width, NULL);
    inputs_free(&in);
    return h;
}

bool overview_chart_draw_map(canvas *c, const view_overview *o, const geo_map *map, diag *d)
{
    chart_inputs in;
    overview_map_inputs(&in, o, map);
    bool ok = chart_map_draw(c, &in.map, NULL, d);
    inputs_free(&in);
    return ok;
}
