/* charts: the briefing's charts, drawn onto any canvas (canvas.h).
 *
 * Each chart takes a plain input struct (no knowledge of the data model),
 * draws into the whole canvas (its size is the chart size) and returns false
 * with an error in d (may be NULL) when the input is unusable. Inputs are
 * borrowed for the call only. Strings are UTF-8; numbers are doubles with
 * NAN meaning "missing"; every number drawn is German-formatted (57,1).
 *
 * The library holds no words of a report language: every word it draws or
 * says besides the caller's labels comes from chart_style.words (the
 * caller's templates); a word left NULL falls back to a plain English
 * default ("no data"), so the library stays usable on its own.
 *
 * Each chart calls canvas_describe with `title` and a text description:
 * the caller's lead sentence (`desc`, e.g. "Netzdiagramm mit 5
 * Themenfeldern auf einer Skala von 0 bis 100.") followed by the data the
 * picture shows, item by item, in the style's words ("Bildung: Bayern 57,1,
 * Ø Länder 54,2."), so a screen reader gets the numbers the picture shows.
 *
 * Layout uses the canvas's font metrics: labels are wrapped or ellipsised
 * so that no text leaves the canvas or overlaps other text. */
#ifndef DIGINDEX_CHARTS_H
#define DIGINDEX_CHARTS_H

#include "canvas.h"
#include "diag.h"
#include "geo.h"

#include <stdbool.h>
#include <stddef.h>

/* The words a chart draws or says besides the caller's labels; NULL = the
 * English default given with each. Borrowed for the call. */
typedef struct chart_words {
    const char *no_data;          /* a missing value: "no data" ("keine Daten") */
    const char *class_below;      /* map class "40 to under 60": "to under" ("bis unter") */
    const char *class_to;         /* the last class, "80 to 100": "to" ("bis") */
    const char *rank;             /* bars without rank_labels, "Rank 3 of 16": "Rank" ("Rang") */
    const char *of;               /* "of" ("von") */
    const char *highlighted;      /* the highlighted region in a description: "highlighted"
                                     ("hervorgehoben") */
    const char *region;           /* series label when the input has none: "Region" */
    const char *average;          /* "Average" ("Durchschnitt") */
    const char *previous;         /* radar's previous series: "Previous edition" ("Vorausgabe") */
    const char *no_comparison;    /* change chart, missing change: "no comparison"
                                     ("kein Vergleichswert") */
    const char *index_value;      /* map legend title when the input has none: "Index value" */
} chart_words;

typedef struct chart_style {
    /* Base text size in canvas units; 0 = from the width (width / 36,
     * clamped to 6 … 14: 7.2 pt at 260 pt, 13.3 px at 480 px). Bars and
     * change charts shrink it when the canvas is too low. */
    double font_size;
    /* The data colours (a theme's, palette.h); NULL = palette_default. */
    const struct palette_colors *colors;
    /* The words of the report's language; NULL = English defaults. */
    const chart_words *words;
} chart_style;

/* Radar chart (Netzdiagramm), scale 0–100 with rings at 20, 40, … 100,
 * each ring labelled (20 … 100) on every chart, on a white ground where a
 * series crosses the label.
 * Values outside 0–100 are clamped for drawing; a missing value leaves a gap
 * in that series (and "keine Daten" under the axis label if it is the
 * region's). */
typedef struct chart_radar {
    const char *title;            /* accessible name; NULL = "Radar chart" */
    const char *desc;             /* lead of the description; NULL = an English one */
    size_t n_axes;                /* 3 … 12 */
    const char *const *axes;      /* n_axes topic-field names */
    const double *region;         /* n_axes values: filled, emphasised */
    const double *average;        /* n_axes values or NULL: dashed */
    const double *previous;       /* n_axes values or NULL: dotted */
    const char *region_label;     /* legend, e.g. "Bayern" */
    const char *average_label;    /* e.g. "Ø Länder" */
    const char *previous_label;   /* e.g. "Bayern 2024" */
    const char *note;             /* NULL or a line under the legend, e.g. how the axes
                                     are weighted */
} chart_radar;

bool chart_radar_draw(canvas *c, const chart_radar *in, const chart_style *style, diag *d);

/* Topic-field bars: per field a 0–100 bar for the region, a marker for the
 * average, the values ("57,1", "Ø 54,2") and "Rang 3 von 16". */
typedef struct chart_bars {
    const char *title, *desc;
    size_t n;                     /* 1 … 20 fields */
    const char *const *labels;
    const double *region;         /* n values */
    const double *average;        /* n values or NULL */
    const int *rank;              /* n ranks or NULL; <= 0 = unknown */
    int rank_total;               /* "of 16"; <= 0 = no rank labels */
    const char *region_label;     /* legend */
    const char *average_label;    /* legend, e.g. "Ø Länder" */
    const char *const *rank_labels; /* NULL, or n texts shown instead of "Rang 3 von 16"
                                       ("Rang 15 von 16 (2023: 14)"); NULL entry = none */
} chart_bars;

bool chart_bars_draw(canvas *c, const chart_bars *in, const chart_style *style, diag *d);
/* The height the chart fills at this width (0 for invalid input); a taller
 * canvas leaves space below, a shorter one shrinks the type. */
double chart_bars_height(const metrics_fonts *f, const chart_bars *in, double width,
                         const chart_style *style);

/* Change chart: diverging bars of the change against the previous edition,
 * in points, with signed labels ("+2,3", "−1,4", "±0,0"). The index row comes
 * first and is set bold. A missing change reads "– kein Vergleichswert", or
 * the field's own text that says which edition lacks the values. */
typedef struct chart_change {
    const char *title, *desc;
    size_t n;                     /* 0 … 20 fields */
    const char *const *labels;
    const double *change;         /* n values */
    const char *index_label;      /* NULL = no index row */
    double index_change;
    const char *missing_text;     /* NULL = words.no_comparison */
    const char *const *missing_texts; /* NULL, or n per-field texts that say which
                                         edition lacks the values (NULL entry =
                                         missing_text) */
    const char *index_missing_text;   /* NULL = missing_text */
    const char *caption;          /* NULL or e.g. "Veränderung gegenüber 2024 in Punkten" */
} chart_change;

bool chart_change_draw(canvas *c, const chart_change *in, const chart_style *style, diag *d);
double chart_change_height(const metrics_fonts *f, const chart_change *in, double width,
                           const chart_style *style);

/* Ranking: all regions of a level as bars sorted by value (missing last),
 * the region highlighted by colour, bold label, marker and a row band. */
typedef struct chart_ranking {
    const char *title, *desc;
    size_t n;                     /* 1 … 500 regions */
    const char *const *names;
    const double *values;
    const int *ranks;             /* NULL = computed (ties share a rank) */
    size_t highlight;             /* index into names; >= n = none */
    const char *caption;          /* NULL or e.g. "Platz 57 von 400 Kreisen bundesweit" */
    const bool *gap_before;       /* NULL or n flags: regions left out before this one
                                     (a selection: top, neighbours, bottom) — drawn as a
                                     row "…" */
} chart_ranking;

bool chart_ranking_draw(canvas *c, const chart_ranking *in, const chart_style *style, diag *d);
/* Height for a comfortable row pitch (1.5 × font size); any height works,
 * rows and type shrink to fit. */
double chart_ranking_height(const metrics_fonts *f, const chart_ranking *in, double width,
                            const chart_style *style);

/* Map: a choropleth of an index score per region (the Länder, a Land's
 * Kreise, a Kreis' Gemeinden).
 *
 * Classes: five equal intervals over the whole 0–100 scale, 0 bis unter 20,
 * 20 bis unter 40, … 80 bis 100 (the legend says so), the value
 * classed as it is printed (rounded to one decimal, so "40,0" is in 40–60).
 * Fixed classes rather than quantiles: the same colour means the same score
 * range on every map, in every edition and on the Land and Kreis pages, and
 * the legend reads as round numbers. Values outside 0–100 go to the end
 * classes. Colours: palette.h (light → dark blue, darker = higher).
 *
 * Regions of the map without a value, or with NAN, are "keine Daten": a
 * hatched pale grey, with its own legend entry (only when one occurs).
 * Länder are separated by white borders; the map has a grey outer edge.
 * The highlighted region gets a thick dark outline and a legend entry with
 * its name. The attribution is printed small in the bottom right corner.
 * Every region is a group with a <title> ("Rostock: 57,1 (40 bis unter
 * 60)") in SVG. A region too small to see at the map's scale (a kreisfreie
 * Stadt among Landkreise) gets a dot of its class colour with an outline
 * at its centre, so it stays visible and findable.
 *
 * The map keeps the grid's aspect ratio and fits any canvas: the legend goes
 * beside the map when that gives the larger map, otherwise below it; the
 * type shrinks when the canvas is too small for legend and map. */
typedef struct chart_map {
    const char *title;            /* accessible name; NULL = "Map" */
    const char *desc;             /* lead of the description (the classes and every
                                     region with value and class follow); NULL = English */
    const geo_map *map;           /* borrowed: shapes, grid extent, names, attribution */
    size_t n;                     /* 0 … 1000 values */
    const char *const *ags;       /* n AGS keys, matched against map->regions[].ags */
    const double *values;         /* n scores on the 0–100 scale; NAN = keine Daten */
    const char *highlight;        /* AGS to outline; NULL or "" = none */
    const char *legend_title;     /* NULL = words.index_value */
    const char *attribution;      /* NULL = the credit of the regions' map file (licence) */
    const char *const *names;     /* n names for the titles and desc; NULL = the map's */
    /* Draw only the listed regions, framed to them (a Land's Kreise, a
     * Kreis' Gemeinden); false = the whole map, unlisted regions "keine
     * Daten". */
    bool frame_listed;
} chart_map;

bool chart_map_draw(canvas *c, const chart_map *in, const chart_style *style, diag *d);
/* The height at which the map fills `width` (legend beside the map when it
 * takes at most 40 % of the width, else below); 0 for invalid input. */
double chart_map_height(const metrics_fonts *f, const chart_map *in, double width,
                        const chart_style *style);
/* The class (0 … 4) of a value, as the map colours it; -1 for NAN. */
int chart_map_class(double value);


/* Rank intervals (uncertainty analysis): per region a line from the 5 % to
 * the 95 % rank with a dot at the median, on a rank axis 1 … n_ranks (best
 * left), with the labels "9 (9–11)". Rows in the given order. */
typedef struct chart_intervals {
    const char *title, *desc;     /* desc: lead of the description, NULL = English */
    size_t n;                     /* 1 … 500 regions */
    const char *const *names;
    const double *median, *lo, *hi; /* ranks; NAN = no interval */
    const char *const *labels;    /* per region, as written: "9 (9–11)", "–" */
    int n_ranks;                  /* axis end, e.g. 16 */
    const char *caption;          /* NULL or a line under the chart */
} chart_intervals;

bool chart_intervals_draw(canvas *c, const chart_intervals *in, const chart_style *style, diag *d);
double chart_intervals_height(const metrics_fonts *f, const chart_intervals *in, double width,
                              const chart_style *style);

/* Frame of a chart file (SVG, PNG) that travels alone: a title on top and
 * a source line at the bottom ("Quelle: …, Ausgabe 2025"), with the word
 * "Beispieldaten" in bold when the data are samples. chart_frame_begin
 * draws both onto the whole canvas and sets the canvas viewport to the room
 * between them, so the chart drawn next fills it; chart_frame_extra gives
 * the height the frame adds to a chart of `width`. */
typedef struct chart_frame {
    const char *title;            /* e.g. "Mecklenburg-Vorpommern: Profil nach Themenfeldern" */
    const char *source;           /* e.g. "Quelle: Digitalindex Deutschland, Ausgabe 2025" */
    const char *flag;             /* NULL or "Beispieldaten" */
} chart_frame;

double chart_frame_extra(const metrics_fonts *f, const chart_frame *fr, double width,
                         const chart_style *style);
void chart_frame_begin(canvas *c, const chart_frame *fr, const chart_style *style);

#endif
