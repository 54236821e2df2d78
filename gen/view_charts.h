/* view_charts: the charts of a briefing, drawn from its view model.
 *
 * The one place where a view_briefing / view_overview becomes chart inputs
 * (charts/charts.h), so the chart in the PDF, the SVG on the page and the PNG
 * download show the same data with the same labels. Callers choose the
 * canvas (SVG, PNG, PDF) and its size. */
#ifndef DIGINDEX_VIEW_CHARTS_H
#define DIGINDEX_VIEW_CHARTS_H

#include "canvas.h"
#include "diag.h"
#include "geo.h"
#include "view.h"

typedef enum briefing_chart {
    CHART_RADAR,    /* Netzdiagramm: topic fields, region vs Ø vs previous edition */
    CHART_BARS,     /* topic-field bars with Ø and "Rang 3 von 16" */
    CHART_CHANGE,   /* change against the previous edition */
    CHART_RANKING,  /* the ranking list with the region highlighted */
    CHART_MAP,      /* Karte der Länder: index score per Land, the region's Land outlined */
    CHART_COUNT
} briefing_chart;

/* File-name part of each chart: "netzdiagramm", "themenfelder",
 * "veraenderung", "rangliste", "karte" (out/<edition>/charts/<ags>-<name>.svg). */
const char *briefing_chart_name(briefing_chart k);
/* German caption, e.g. "Netzdiagramm der Themenfelder". */
const char *briefing_chart_title(briefing_chart k);
/* Whether the chart exists for this briefing (the change chart needs a
 * previous edition). These three know no map: for them CHART_MAP never
 * applies, so a caller that passes no map leaves the map out. */
bool briefing_chart_applies(const view_briefing *v, briefing_chart k);
/* The height chart k needs at `width` (points or CSS px) so that nothing
 * has to shrink: the bars, change and ranking charts grow with their rows. */
double briefing_chart_height(const metrics_fonts *f, const view_briefing *v, briefing_chart k,
                             double width);
/* Draws chart k onto c (whose size the caller chose). Returns false after
 * adding an error. Borrows everything. */
bool briefing_chart_draw(canvas *c, const view_briefing *v, briefing_chart k, diag *d);

/* The same with the Länder boundaries (geo_map_load, once per build; borrowed,
 * read-only, so one map serves every thread). With map == NULL they behave as
 * the functions above. CHART_MAP applies when the briefing has Länder scores
 * (v->laender_scores): all Länder coloured by index score, the region (a
 * Land) or its Land (a Kreis or Gemeinde) outlined. Its natural height
 * follows the map's aspect ratio (about 0.98 × width at 480 px). */
bool briefing_chart_applies_geo(const view_briefing *v, briefing_chart k, const geo_map *map);
double briefing_chart_height_geo(const metrics_fonts *f, const view_briefing *v, briefing_chart k,
                                 double width, const geo_map *map);
bool briefing_chart_draw_geo(canvas *c, const view_briefing *v, briefing_chart k,
                             const geo_map *map, diag *d);

/* Overview charts: the index ranking of all Länder, and the ranking of one
 * topic field (topic < o->n_topics). */
/* The height of an overview ranking (index or one topic field) at `width`. */
double overview_chart_height(const metrics_fonts *f, const view_overview *o, double width);
bool overview_chart_draw_index(canvas *c, const view_overview *o, diag *d);
bool overview_chart_draw_topic(canvas *c, const view_overview *o, size_t topic, diag *d);
/* The map of all Länder by index score, none outlined (o->laender). Title
 * "Karte der Länder"; false with an error when map is NULL. */
double overview_chart_map_height(const metrics_fonts *f, const view_overview *o, double width,
                                 const geo_map *map);
bool overview_chart_draw_map(canvas *c, const view_overview *o, const geo_map *map, diag *d);

#endif
