/* view_charts: the charts of a briefing, drawn from its view model.
 *
 * The one place where a view_briefing / view_overview becomes chart inputs
 * (charts/charts.h), so the chart in the PDF, the SVG on the page and the PNG
 * download show the same data with the same labels. Callers choose the
 * canvas (SVG, PNG, PDF) and its size. */
#ifndef DIGINDEX_VIEW_CHARTS_H
#define DIGINDEX_VIEW_CHARTS_H

#include "canvas.h"
#include "charts.h"
#include "diag.h"
#include "geo.h"
#include "view.h"

typedef enum briefing_chart {
    CHART_RADAR,    /* Netzdiagramm: topic fields, region vs Ø vs previous edition */
    CHART_BARS,     /* topic-field bars with Ø and "Rang 3 von 16" */
    CHART_CHANGE,   /* change against the previous edition */
    CHART_RANKING,  /* the ranking list with the region highlighted */
    CHART_MAP,      /* the region among its peers (view_briefing.map_peers), outlined */
    CHART_MAP_PARTS,/* the region's Kreise or Gemeinden (view_briefing.map_parts) */
    CHART_COUNT
} briefing_chart;

/* File-name part of each chart: "netzdiagramm", "themenfelder",
 * "veraenderung", "rangliste", "karte" (out/<edition>/charts/<ags>-<name>.svg). */
const char *briefing_chart_name(briefing_chart k);
/* The chart's German title, from the view's texts (chart_radar, …). */
const char *briefing_chart_title(const view_briefing *v, briefing_chart k);

/* Every function below borrows everything. map: the boundaries of every
 * level (geo_map_load_files, once per build; read-only, so one map serves
 * every thread); NULL = no map: the map charts never apply. Each map is
 * framed to its regions. style: NULL = the charts' default
 * (type size from the width). */

/* Whether the chart exists for this briefing: the change chart needs a
 * previous edition; CHART_MAP shapes for the region's peers
 * (view_briefing.map_peers: all Länder, its Land's Kreise, its Kreis'
 * Gemeinden), CHART_MAP_PARTS for its parts (a Land's Kreise, a Kreis'
 * Gemeinden). */
bool briefing_chart_applies(const view_briefing *v, briefing_chart k, const geo_map *map);
/* The height chart k needs at `width` (points or CSS px) so that nothing
 * has to shrink: the bars, change and ranking charts grow with their rows;
 * the map follows its aspect ratio (about 0.98 × width at 480 px). */
double briefing_chart_height(const metrics_fonts *f, const view_briefing *v, briefing_chart k,
                             double width, const geo_map *map, const chart_style *style);
/* Draws chart k onto c (whose size the caller chose). The map shows all
 * Länder coloured by index score, the region (a Land) or its Land (a Kreis
 * or Gemeinde) outlined. Returns false after adding an error. */
bool briefing_chart_draw(canvas *c, const view_briefing *v, briefing_chart k, const geo_map *map,
                         const chart_style *style, diag *d);

/* The charts of the overview. */
typedef enum overview_chart {
    OVERVIEW_INDEX,     /* ranking of all Länder by index */
    OVERVIEW_TOPIC,     /* ranking by one topic field (`topic` < o->n_topics) */
    OVERVIEW_MAP,       /* all Länder by index score, none outlined; needs a map */
    OVERVIEW_INTERVALS, /* rank intervals of the Länder; needs o->interval_median */
    OVERVIEW_KREIS_MAP  /* all Kreise by index score; needs Kreise and a map */
} overview_chart;

bool overview_chart_applies(const view_overview *o, overview_chart k, const geo_map *map);
double overview_chart_height(const metrics_fonts *f, const view_overview *o, overview_chart k,
                             size_t topic, double width, const geo_map *map,
                             const chart_style *style);
bool overview_chart_draw(canvas *c, const view_overview *o, overview_chart k, size_t topic,
                         const geo_map *map, const chart_style *style, diag *d);

/* ---- each chart drawn once per format ------------------------------------- */

/* Width of the chart files and of the charts on the site (CSS px). */
#define VIEW_CHART_WIDTH 480.0

/* One chart drawn as SVG (framed: title, source, "Beispieldaten"; height
 * includes the frame): the same bytes are the chart file
 * (charts/<ags>-<name>.svg) and the inline SVG of the page; desc is the text
 * of its <desc>, which the page repeats for screen readers. */
typedef struct chart_svg {
    bool present;               /* false: the chart does not apply */
    double width, height;
    buf svg;                    /* owned */
    char *desc;                 /* owned; "" when none */
} chart_svg;

/* Draws every applicable chart of v as SVG at VIEW_CHART_WIDTH (ids
 * "svg-<name>"). out[k] is filled for every k; free with chart_svgs_free.
 * Returns false after adding an error. */
bool briefing_charts_svg(const metrics_fonts *f, const view_briefing *v, const geo_map *map,
                         const chart_style *style, chart_svg out[CHART_COUNT], diag *d);
/* The same at another width, ids "svg-<name><id_suffix>": the site's
 * variant for small screens (VIEW_CHART_NARROW_*), drawn at the width it is
 * shown at with a type size that keeps its text at 12 px or more. */
#define VIEW_CHART_NARROW_WIDTH 343.0
#define VIEW_CHART_NARROW_FONT 15.0
bool briefing_charts_svg_at(const metrics_fonts *f, const view_briefing *v, const geo_map *map,
                            const chart_style *style, double width, const char *id_suffix,
                            chart_svg out[CHART_COUNT], diag *d);
/* One overview chart as SVG with the given id prefix (at VIEW_CHART_WIDTH,
 * or at `width`). */
bool overview_chart_svg(const metrics_fonts *f, const view_overview *o, overview_chart k,
                        const geo_map *map, const chart_style *style, const char *id,
                        chart_svg *out, diag *d);
bool overview_chart_svg_at(const metrics_fonts *f, const view_overview *o, overview_chart k,
                           const geo_map *map, const chart_style *style, double width,
                           const char *id, chart_svg *out, diag *d);
void chart_svgs_free(chart_svg *s, size_t n);

/* The frame of chart file k (charts.h, chart_frame): "<name>: <chart
 * title>" written into `title`, the source line and "Beispieldaten" for
 * sample data, borrowed from v. The SVG of briefing_charts_svg carries it;
 * a PNG calls chart_frame_begin with it before briefing_chart_draw. */
void briefing_chart_frame(const view_briefing *v, briefing_chart k, buf *title, chart_frame *out);

#endif
