/* chart_change: change against the previous edition, as diverging bars
 * (see charts.h).
 *
 * The scale is symmetric around zero (a gain and a loss of the same size look
 * the same size) and rounded to a nice number of points. Every value label
 * carries its sign, so the reading never depends on the bar colour. */
#include "chart_util.h"
#include "format.h"

#include <math.h>
#include <string.h>

#define CHANGE_MAX 20
#define ROWS_MAX (CHANGE_MAX + 1)

typedef struct change_row {
    const char *label;
    double v;
    bool bold;
    metrics_wrap wrap;
    const char *missing;    /* what a missing value says; NULL = the chart's text */
} change_row;

/* The text of a missing change in field i (-1 = the index row). */
static const char *missing_of(const chart_change *in, long i, const char *fallback)
{
    const char *t = i < 0 ? in->index_missing_text
                          : in->missing_texts ? in->missing_texts[i] : NULL;
    return t && *t ? t : fallback;
}

/* Smallest of 1, 2, 3, 4, 5, 6, 8 × 10^k not below v (at least 1 point):
 * half of each is a round tick value (0,5; 1; 1,5; 2; 2,5; 3; 4). */
static double nice_ceil(double v)
{
    if (!(v > 1)) return 1;
    double p = pow(10, floor(log10(v)));
    static const double steps[] = {1, 2, 3, 4, 5, 6, 8, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= v - 1e-9) return steps[i] * p;
    return 10 * p;
}

static void change_desc(chart_ctx *x, const chart_change *in, const char *missing, buf *out)
{
    buf_puts(out, in->desc ? in->desc : "Change against the previous edition in points.");
    if (in->index_label) {
        buf_printf(out, " %s: ", in->index_label);
        buf_puts(out, isnan(in->index_change) ? missing_of(in, -1, missing)
                                              : cu_signed(x, in->index_change, 1));
        buf_putc(out, '.');
    }
    for (size_t i = 0; i < in->n; i++) {
        buf_printf(out, " %s: ", in->labels[i] ? in->labels[i] : "");
        buf_puts(out, isnan(in->change[i]) ? missing_of(in, (long)i, missing)
                                           : cu_signed(x, in->change[i], 1));
        buf_putc(out, '.');
    }
}

typedef struct change_geom {
    double lab_w;      /* label column */
    double vlw;        /* value label room on each side of the bars */
    double xa, xb;     /* bar area */
    double lh, pitch_gap, sep;
    double total;      /* rows, including the index separator */
    double tick_h, cap_h;
    metrics_wrap capw; /* caption lines */
} change_geom;

static double row_height(const change_row *r, double lh, double fs)
{
    return fmax((double)r->wrap.count * lh, 1.0 * fs);
}

/* Lays the chart out at font size fs (sets x->fs, x->pad, wraps the row
 * labels) and returns the height it needs. */
static double change_measure(chart_ctx *x, const chart_change *in, change_row *rows, size_t nr,
                             double fs, change_geom *g)
{
    x->fs = fs;
    x->pad = 0.3 * fs;
    g->lh = CU_LINE * fs;
    g->pitch_gap = 0.55 * fs;
    g->sep = in->index_label && in->n > 0 ? 0.5 * fs : 0;
    double inner = x->w - 2 * x->pad;
    double vlw = 0, widest = 0;
    for (size_t r = 0; r < nr; r++) {
        metrics_weight wt = rows[r].bold ? METRICS_BOLD : METRICS_REGULAR;
        if (!isnan(rows[r].v)) vlw = fmax(vlw, cu_width(x, wt, fs, cu_signed(x, rows[r].v, 1)));
        widest = fmax(widest, cu_width(x, wt, fs, rows[r].label));
    }
    g->vlw = vlw = fmax(vlw, cu_width(x, METRICS_BOLD, fs, "+0,0")) + 0.3 * fs;
    double lab_w = fmin(widest, 0.36 * inner);
    if (inner - lab_w - 0.8 * fs - 2 * vlw < 6 * fs)
        lab_w = fmax(3 * fs, inner - 0.8 * fs - 2 * vlw - 6 * fs);
    g->lab_w = lab_w;
    g->xa = x->pad + lab_w + 0.8 * fs + vlw;
    g->xb = x->w - x->pad - vlw;
    g->total = 0;
    for (size_t r = 0; r < nr; r++) {
        metrics_weight wt = rows[r].bold ? METRICS_BOLD : METRICS_REGULAR;
        metrics_text_wrap(x->f, wt, fs, rows[r].label, lab_w, 2, &rows[r].wrap);
        g->total += row_height(&rows[r], g->lh, fs) + g->pitch_gap;
    }
    g->total += g->sep;
    g->tick_h = 0.3 * fs + cu_text_h(x, 0.85 * fs);
    g->cap_h = 0;
    g->capw.count = 0;
    if (in->caption) {
        metrics_text_wrap(x->f, METRICS_REGULAR, 0.9 * fs, in->caption, inner, 2, &g->capw);
        if (g->capw.count > 0)
            g->cap_h = 0.5 * fs + (double)(g->capw.count - 1) * CU_LINE * 0.9 * fs +
                       cu_text_h(x, 0.9 * fs);
    }
    return g->total - g->pitch_gap + g->tick_h + g->cap_h + 2 * x->pad;
}

static bool change_valid(const chart_change *in)
{
    return in && in->n <= CHANGE_MAX && !(in->n > 0 && (!in->labels || !in->change)) &&
           !(in->n == 0 && !in->index_label);
}

static size_t change_rows(const chart_change *in, change_row *rows)
{
    size_t nr = 0;
    if (in->index_label)
        rows[nr++] = (change_row){in->index_label, in->index_change, true, METRICS_WRAP_INIT,
                                  missing_of(in, -1, NULL)};
    for (size_t i = 0; i < in->n; i++)
        rows[nr++] = (change_row){in->labels[i] ? in->labels[i] : "", in->change[i], false,
                                  METRICS_WRAP_INIT, missing_of(in, (long)i, NULL)};
    return nr;
}

double chart_change_height(const metrics_fonts *f, const chart_change *in, double width,
                           const chart_style *style)
{
    if (!change_valid(in)) return 0;
    chart_ctx x;
    cu_setup(&x, f, width, 0, style);
    change_row rows[ROWS_MAX];
    size_t nr = change_rows(in, rows);
    change_geom g;
    g.capw = (metrics_wrap)METRICS_WRAP_INIT;
    double h = change_measure(&x, in, rows, nr, x.fs, &g);
    for (size_t r = 0; r < nr; r++) metrics_wrap_free(&rows[r].wrap);
    metrics_wrap_free(&g.capw);
    cu_free(&x);
    return ceil(h);
}

bool chart_change_draw(canvas *c, const chart_change *in, const chart_style *style, diag *d)
{
    if (!change_valid(in)) {
        if (d)
            diag_error(d, NULL, NULL, "pass up to 20 topic fields and/or an index row",
                       "change chart: %zu fields", in ? in->n : (size_t)0);
        return false;
    }
    chart_ctx x;
    cu_init(&x, c, style);
    const char *missing = cu_or(in->missing_text, x.words.no_comparison);

    if (canvas_keeps_description(c)) {
        buf desc = BUF_INIT;
        change_desc(&x, in, missing, &desc);
        canvas_describe(c, cu_or(in->title, "Change"), buf_cstr(&desc));
        buf_free(&desc);
    }

    change_row rows[ROWS_MAX];
    size_t nr = change_rows(in, rows);

    double max_abs = 0;
    for (size_t r = 0; r < nr; r++)
        if (!isnan(rows[r].v)) max_abs = fmax(max_abs, fabs(rows[r].v));
    const double D = nice_ceil(max_abs);
    const int tick_dec = fabs(D / 2 - round(D / 2)) < 1e-9 ? 0 : 1;

    /* Fit: shrink the type until rows, ticks and caption fit the height. */
    change_geom g;
    g.capw = (metrics_wrap)METRICS_WRAP_INIT;
    double fs = x.fs;
    for (int guard = 0; guard < 60 && change_measure(&x, in, rows, nr, fs, &g) > x.h && fs > 1; guard++)
        fs *= 0.95;
    change_measure(&x, in, rows, nr, fs, &g);
    const double xa = g.xa, xb = g.xb, total = g.total, lh = g.lh;
    const double pitch_gap = g.pitch_gap, sep = g.sep, tick_h = g.tick_h;
    const double lw = fmax(0.75, fs / 8);
    const double zero = (xa + xb) / 2, half = (xb - xa) / 2;
    const double asc = metrics_ascent(x.f, METRICS_REGULAR, fs);
    const double cap = metrics_cap_height(x.f, METRICS_REGULAR, fs);
#define XV(v) (zero + (v) / D * half)

    double top = x.pad, y = top;
    double rows_bottom = top + total - pitch_gap;

    /* Light grid at ±D/2 and ±D, zero line on top of the bars later. */
    canvas_group_begin(c, "grid");
    canvas_paint grid = {false, 0, fmax(0.5, lw * 0.6), PALETTE_GRID, CANVAS_SOLID, false};
    for (int k = -2; k <= 2; k++) {
        if (k == 0) continue;
        double gx = XV(D * k / 2.0);
        canvas_move_to(c, gx, top);
        canvas_line_to(c, gx, rows_bottom);
    }
    canvas_draw(c, &grid);
    canvas_group_end(c);

    for (size_t r = 0; r < nr; r++) {
        change_row *row = &rows[r];
        metrics_weight wt = row->bold ? METRICS_BOLD : METRICS_REGULAR;
        double rh = row_height(row, lh, fs);
        double mid = y + rh / 2;
        canvas_group_begin(c, row->bold ? "index" : "field");
        /* Label lines, centred on the row. */
        canvas_text_style ls = cu_style(wt, fs, PALETTE_TEXT, CANVAS_START, CANVAS_ALPHABETIC);
        double ltop = mid - ((double)(row->wrap.count - 1) * lh + cu_text_h(&x, fs)) / 2;
        for (size_t k = 0; k < row->wrap.count; k++)
            canvas_text(c, x.pad, ltop + asc + (double)k * lh, metrics_wrap_line(&row->wrap, k), &ls);
        double vb = mid + cap / 2; /* baseline centring the value on the bar */
        if (isnan(row->v)) {
            canvas_text_style ms = cu_style(METRICS_REGULAR, fs, PALETTE_MUTED, CANVAS_START, CANVAS_ALPHABETIC);
            buf_clear(&x.text);
            buf_puts(&x.text, "– ");
            buf_puts(&x.text, row->missing ? row->missing : missing);
            cu_text_fit(&x, zero + 0.3 * fs, vb, buf_cstr(&x.text), x.w - x.pad - zero - 0.3 * fs, &ms);
        } else {
            double v = fmax(-D, fmin(D, row->v));
            double x1 = XV(v);
            const char *lab = cu_signed(&x, row->v, 1);
            bool zero_label = strcmp(lab, "±0,0") == 0;
            if (!zero_label && fabs(x1 - zero) > 0) {
                canvas_paint bar = {true, row->v > 0 ? canvas_colors(c)->region : canvas_colors(c)->average, 0, 0,
                                    CANVAS_SOLID, false};
                canvas_rect(c, fmin(zero, x1), mid - 0.45 * fs, fabs(x1 - zero), 0.9 * fs);
                canvas_draw(c, &bar);
            }
            canvas_text_style vs = cu_style(wt, fs, PALETTE_TEXT, CANVAS_START, CANVAS_ALPHABETIC);
            double tx = fmax(x1, zero) + 0.3 * fs;
            if (row->v < 0 && !zero_label) {
                vs.anchor = CANVAS_END;
                tx = fmin(x1, zero) - 0.3 * fs;
            }
            canvas_text(c, tx, vb, lab, &vs);
        }
        canvas_group_end(c);
        y += rh + pitch_gap;
        if (row->bold && sep > 0) {
            canvas_paint rule = {false, 0, fmax(0.5, lw * 0.6), PALETTE_GRID, CANVAS_SOLID, false};
            double ry = y - pitch_gap / 2 + sep / 2;
            canvas_line(c, x.pad, ry, x.w - x.pad, ry, &rule);
            y += sep;
        }
    }

    canvas_paint axis = {false, 0, lw, PALETTE_AXIS, CANVAS_SOLID, false};
    canvas_line(c, zero, top - 0.2 * fs, zero, rows_bottom + 0.2 * fs, &axis);

    /* Scale: −D, −D/2, 0, +D/2, +D. */
    canvas_group_begin(c, "scale");
    canvas_text_style ts = cu_style(METRICS_REGULAR, 0.85 * fs, PALETTE_MUTED, CANVAS_MIDDLE, CANVAS_TOP);
    double ty = rows_bottom + 0.3 * fs;
    double tick_w = cu_width(&x, METRICS_REGULAR, 0.85 * fs, cu_signed(&x, -D, tick_dec));
    int kstep = half / 2 >= tick_w + 0.5 * fs ? 1 : 2;
    for (int k = -2; k <= 2; k += kstep) {
        double v = D * k / 2.0;
        const char *t = k == 0 ? "0" : cu_signed(&x, v, tick_dec);
        canvas_text(c, XV(v), ty, t, &ts);
    }
    canvas_group_end(c);
#undef XV

    if (in->caption) {
        canvas_text_style cs = cu_style(METRICS_REGULAR, 0.9 * fs, PALETTE_MUTED, CANVAS_START, CANVAS_TOP);
        double cy = ty + tick_h - 0.3 * fs + 0.5 * fs;
        for (size_t k = 0; k < g.capw.count; k++)
            canvas_text(c, x.pad, cy + (double)k * CU_LINE * 0.9 * fs, metrics_wrap_line(&g.capw, k), &cs);
    }

    for (size_t r = 0; r < nr; r++) metrics_wrap_free(&rows[r].wrap);
    metrics_wrap_free(&g.capw);
    cu_free(&x);
    return true;
}
