/* chart_util: helpers shared by the chart modules. Private to charts/. */
#ifndef DIGINDEX_CHART_UTIL_H
#define DIGINDEX_CHART_UTIL_H

#include "canvas.h"
#include "charts.h"
#include "palette.h"

/* Line pitch of multi-line text, in font sizes. Larger than ascent +
 * descent (1.117 for Liberation Sans) so line boxes never overlap. */
#define CU_LINE 1.2

typedef struct chart_ctx {
    canvas *c;
    const metrics_fonts *f;
    double w, h;
    double fs;          /* base font size */
    double pad;         /* outer margin */
    buf num;            /* scratch for one formatted number */
    buf text;           /* scratch for composed strings */
    metrics_wrap wrap;  /* scratch wrap result */
    chart_words words;  /* the style's words, every field set (English defaults) */
} chart_ctx;

void cu_init(chart_ctx *x, canvas *c, const chart_style *style);
/* For measuring without a canvas (chart_*_height): x->c stays NULL. */
void cu_setup(chart_ctx *x, const metrics_fonts *f, double w, double h, const chart_style *style);
/* The base font size for a chart of this width. */
double cu_font_size(double width, const chart_style *style);
void cu_free(chart_ctx *x);

canvas_text_style cu_style(metrics_weight w, double size, canvas_color color,
                           canvas_anchor anchor, canvas_baseline baseline);
/* Height of one text line's box (ascent + descent). */
double cu_text_h(const chart_ctx *x, double size);
double cu_width(const chart_ctx *x, metrics_weight w, double size, const char *s);

/* Formatting into x->num (overwritten by the next call). */
const char *cu_num(chart_ctx *x, double v, int decimals);
const char *cu_signed(chart_ctx *x, double v, int decimals);

/* Draws s on one line, ellipsised to max_width. Returns the box. */
canvas_box cu_text_fit(chart_ctx *x, double px, double py, const char *s, double max_width,
                       const canvas_text_style *st);

/* Legend: a row-wrapped list of swatch + label, centred. */
typedef enum cu_swatch { CU_SWATCH_AREA, CU_SWATCH_LINE, CU_SWATCH_BAR, CU_SWATCH_TICK } cu_swatch;

typedef struct cu_legend_item {
    const char *label;
    cu_swatch kind;
    canvas_paint paint;
} cu_legend_item;

/* Height the legend needs between x0 and x1 (0 for no items). */
double cu_legend_height(chart_ctx *x, const cu_legend_item *items, size_t n, double x0, double x1);
void cu_legend_draw(chart_ctx *x, const cu_legend_item *items, size_t n, double x0, double x1,
                    double top);

static inline bool cu_boxes_overlap(canvas_box a, canvas_box b, double gap)
{
    return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

/* s, or the fallback when s is NULL or empty (a default title or label). */
const char *cu_or(const char *s, const char *fallback);

#endif
