/* chart_intervals: how firm are the ranks? (see charts.h).
 *
 * One row per region: its name, a line over the ranks it takes in 90 % of
 * the weight variations, a dot at the median rank and the label
 * "9 (9–11)". The axis runs from rank 1 (best, left) to the last rank. */
#include "chart_util.h"
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define INTERVALS_MAX 500

static bool intervals_valid(const chart_intervals *in)
{
    return in && in->n >= 1 && in->n <= INTERVALS_MAX && in->names && in->median && in->lo &&
           in->hi && in->labels && in->n_ranks >= 1;
}

typedef struct iv_geom {
    double fs, lh, name_w, label_w, xa, xb, axis_h, cap_h, total;
} iv_geom;

static const char *iv_label(const chart_intervals *in, size_t i)
{
    return in->labels[i] ? in->labels[i] : "";
}

static double iv_measure(chart_ctx *x, const chart_intervals *in, double fs, iv_geom *g)
{
    g->fs = fs;
    g->lh = fs * 1.7;
    g->name_w = 0;
    g->label_w = 0;
    for (size_t i = 0; i < in->n; i++) {
        g->name_w = fmax(g->name_w, cu_width(x, METRICS_REGULAR, fs, in->names[i] ? in->names[i] : ""));
        g->label_w = fmax(g->label_w, cu_width(x, METRICS_REGULAR, fs, iv_label(in, i)));
    }
    g->name_w = fmin(g->name_w, (x->w - 2 * x->pad) * 0.38);
    g->xa = x->pad + g->name_w + fs;
    g->xb = x->w - x->pad - g->label_w - fs;
    g->axis_h = g->lh;
    g->cap_h = in->caption ? g->lh : 0;
    g->total = 2 * x->pad + g->axis_h + (double)in->n * g->lh + g->cap_h;
    return g->total;
}

double chart_intervals_height(const metrics_fonts *f, const chart_intervals *in, double width,
                              const chart_style *style)
{
    if (!intervals_valid(in)) return 0;
    chart_ctx x;
    cu_setup(&x, f, width, 1e9, style);
    iv_geom g;
    double h = iv_measure(&x, in, x.fs, &g);
    cu_free(&x);
    return h;
}

bool chart_intervals_draw(canvas *c, const chart_intervals *in, const chart_style *style, diag *d)
{
    if (!intervals_valid(in)) {
        if (d)
            diag_error(d, NULL, NULL, "pass 1 to 500 regions with their rank intervals",
                       "interval chart: %zu regions", in ? in->n : (size_t)0);
        return false;
    }
    chart_ctx x;
    cu_init(&x, c, style);
    if (canvas_keeps_description(c)) {
        buf desc = BUF_INIT;
        buf_puts(&desc, in->desc ? in->desc : "Median rank and the range of 90 % of the weightings.");
        for (size_t i = 0; i < in->n; i++)
            buf_printf(&desc, " %s: %s.", in->names[i] ? in->names[i] : "", iv_label(in, i));
        canvas_describe(c, cu_or(in->title, "Rank intervals"), buf_cstr(&desc));
        buf_free(&desc);
    }

    iv_geom g;
    double fs = x.fs;
    for (int guard = 0; guard < 60 && iv_measure(&x, in, fs, &g) > x.h && fs > 1; guard++) fs *= 0.95;
    iv_measure(&x, in, fs, &g);
    const double span = in->n_ranks > 1 ? (double)(in->n_ranks - 1) : 1;
#define XR(r) (g.xa + ((r) - 1) / span * (g.xb - g.xa))
    double top = x.pad;
    /* Axis: rank ticks along the top, light vertical grid lines. */
    canvas_text_style tick = cu_style(METRICS_REGULAR, fs * 0.9, PALETTE_MUTED, CANVAS_MIDDLE,
                                      CANVAS_CENTRAL);
    canvas_paint grid = {false, 0, fmax(0.5, fs / 16), PALETTE_GRID, CANVAS_SOLID, false};
    double rows_top = top + g.axis_h, rows_bottom = rows_top + (double)in->n * g.lh;
    int step = in->n_ranks <= 20 ? 1 : in->n_ranks <= 60 ? 5 : in->n_ranks <= 200 ? 20 : 50;
    double last_x1 = -1e9;
    canvas_group_begin(c, "axis");
    for (int r = 1; r <= in->n_ranks; r += (r == 1 && step > 1) ? step - 1 : step) {
        double gx = XR(r);
        canvas_move_to(c, gx, rows_top);
        canvas_line_to(c, gx, rows_bottom);
        const char *lab = cu_num(&x, r, 0);
        double tw = cu_width(&x, METRICS_REGULAR, fs * 0.9, lab);
        if (gx - tw / 2 > last_x1 + fs * 0.4) {
            canvas_text(c, gx, top + g.axis_h / 2, lab, &tick);
            last_x1 = gx + tw / 2;
        }
    }
    canvas_draw(c, &grid);
    canvas_group_end(c);

    canvas_text_style name = cu_style(METRICS_REGULAR, fs, PALETTE_TEXT, CANVAS_START, CANVAS_CENTRAL);
    canvas_text_style label = cu_style(METRICS_REGULAR, fs, PALETTE_TEXT, CANVAS_START, CANVAS_CENTRAL);
    canvas_paint line = {false, 0, fmax(1.2, fs / 3.5), canvas_colors(c)->region, CANVAS_SOLID, true};
    canvas_paint dot = {true, canvas_colors(c)->region, fmax(0.75, fs / 10), 0xFFFFFFu, CANVAS_SOLID,
                        false};
    for (size_t i = 0; i < in->n; i++) {
        double cy = rows_top + ((double)i + 0.5) * g.lh;
        cu_text_fit(&x, x.pad, cy, in->names[i] ? in->names[i] : "", g.name_w, &name);
        canvas_text(c, g.xb + fs, cy, iv_label(in, i), &label);
        if (isnan(in->median[i])) continue;
        double lo = isnan(in->lo[i]) ? in->median[i] : in->lo[i];
        double hi = isnan(in->hi[i]) ? in->median[i] : in->hi[i];
        if (hi > lo) canvas_line(c, XR(lo), cy, XR(hi), cy, &line);
        canvas_circle(c, XR(in->median[i]), cy, fmax(1.5, fs * 0.32));
        canvas_draw(c, &dot);
    }
    if (in->caption) {
        canvas_text_style cs = cu_style(METRICS_REGULAR, fs * 0.9, PALETTE_MUTED, CANVAS_START,
                                        CANVAS_CENTRAL);
        cu_text_fit(&x, x.pad, rows_bottom + g.cap_h / 2, in->caption, x.w - 2 * x.pad, &cs);
    }
#undef XR
    cu_free(&x);
    return true;
}
