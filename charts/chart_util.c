/* chart_util: helpers shared by the chart modules (see chart_util.h). */
#include "chart_util.h"

#include "format.h"

#include <math.h>

void cu_init(chart_ctx *x, canvas *c, const chart_style *style)
{
    cu_setup(x, canvas_fonts(c), canvas_width(c), canvas_height(c), style);
    x->c = c;
}

double cu_font_size(double width, const chart_style *style)
{
    if (style && style->font_size > 0) return style->font_size;
    /* From the width alone, so chart_*_height can predict the layout:
     * ~7.2 pt for a 260 pt wide PDF chart, ~13.3 px for 480 px. */
    return fmax(6.0, fmin(14.0, width / 36.0));
}

/* The style's words over the English defaults. */
static chart_words words_resolve(const chart_words *w)
{
    chart_words r = {"no data", "to under", "to", "Rank", "of", "highlighted", "Region", "Average",
                     "Previous edition", "no comparison", "Index value"};
    if (!w) return r;
#define WORD(field) r.field = cu_or(w->field, r.field)
    WORD(no_data);
    WORD(class_below);
    WORD(class_to);
    WORD(rank);
    WORD(of);
    WORD(highlighted);
    WORD(region);
    WORD(average);
    WORD(previous);
    WORD(no_comparison);
    WORD(index_value);
#undef WORD
    return r;
}

void cu_setup(chart_ctx *x, const metrics_fonts *f, double w, double h, const chart_style *style)
{
    x->c = NULL;
    x->f = f;
    x->w = w;
    x->h = h;
    double fs = cu_font_size(w, style);
    x->fs = fs;
    x->pad = 0.3 * fs;
    x->num = (buf)BUF_INIT;
    x->text = (buf)BUF_INIT;
    x->wrap = (metrics_wrap)METRICS_WRAP_INIT;
    x->words = words_resolve(style ? style->words : NULL);
}

void cu_free(chart_ctx *x)
{
    buf_free(&x->num);
    buf_free(&x->text);
    metrics_wrap_free(&x->wrap);
}

canvas_text_style cu_style(metrics_weight w, double size, canvas_color color,
                           canvas_anchor anchor, canvas_baseline baseline)
{
    canvas_text_style st = {w, size, color, anchor, baseline};
    return st;
}

double cu_text_h(const chart_ctx *x, double size)
{
    return metrics_ascent(x->f, METRICS_REGULAR, size) + metrics_descent(x->f, METRICS_REGULAR, size);
}

double cu_width(const chart_ctx *x, metrics_weight w, double size, const char *s)
{
    return metrics_str_width(x->f, w, size, s);
}

const char *cu_num(chart_ctx *x, double v, int decimals)
{
    buf_clear(&x->num);
    fmt_de_number(&x->num, v, decimals);
    return buf_cstr(&x->num);
}

const char *cu_signed(chart_ctx *x, double v, int decimals)
{
    buf_clear(&x->num);
    fmt_de_signed(&x->num, v, decimals);
    return buf_cstr(&x->num);
}

const char *cu_or(const char *s, const char *fallback)
{
    return s && *s ? s : fallback;
}

canvas_box cu_text_fit(chart_ctx *x, double px, double py, const char *s, double max_width,
                       const canvas_text_style *st)
{
    metrics_text_wrap(x->f, st->weight, st->size, s, max_width, 1, &x->wrap);
    const char *line = x->wrap.count ? metrics_wrap_line(&x->wrap, 0) : "";
    return canvas_text(x->c, px, py, line, st);
}

/* ---- legend --------------------------------------------------------------- */

typedef struct legend_geom {
    double sw, gap, spacing, row_h;
} legend_geom;

static legend_geom legend_geometry(const chart_ctx *x)
{
    legend_geom g = {1.6 * x->fs, 0.35 * x->fs, 1.1 * x->fs, CU_LINE * x->fs};
    return g;
}

static double item_width(chart_ctx *x, const cu_legend_item *it, double avail, const legend_geom *g)
{
    double max_text = avail - g->sw - g->gap;
    if (max_text < x->fs) max_text = x->fs;
    metrics_text_wrap(x->f, METRICS_REGULAR, x->fs, cu_or(it->label, ""), max_text, 1, &x->wrap);
    return g->sw + g->gap + x->wrap.width;
}

/* Packs items into rows; calls back per row with [first, last). */
static size_t legend_rows(chart_ctx *x, const cu_legend_item *items, size_t n, double x0, double x1,
                          size_t *row_start, double *row_width)
{
    legend_geom g = legend_geometry(x);
    double avail = x1 - x0;
    size_t rows = 0;
    double cur = 0;
    for (size_t i = 0; i < n; i++) {
        double iw = item_width(x, &items[i], avail, &g);
        if (rows == 0 || cur + g.spacing + iw > avail) {
            row_start[rows] = i;
            row_width[rows] = iw;
            rows++;
            cur = iw;
        } else {
            cur += g.spacing + iw;
            row_width[rows - 1] = cur;
        }
    }
    row_start[rows] = n;
    return rows;
}

#define LEGEND_MAX 8

double cu_legend_height(chart_ctx *x, const cu_legend_item *items, size_t n, double x0, double x1)
{
    if (n == 0) return 0;
    if (n > LEGEND_MAX) n = LEGEND_MAX;
    size_t starts[LEGEND_MAX + 1];
    double widths[LEGEND_MAX];
    size_t rows = legend_rows(x, items, n, x0, x1, starts, widths);
    legend_geom g = legend_geometry(x);
    return (double)(rows - 1) * g.row_h + cu_text_h(x, x->fs);
}

void cu_legend_draw(chart_ctx *x, const cu_legend_item *items, size_t n, double x0, double x1,
                    double top)
{
    if (n == 0) return;
    if (n > LEGEND_MAX) n = LEGEND_MAX;
    size_t starts[LEGEND_MAX + 1];
    double widths[LEGEND_MAX];
    size_t rows = legend_rows(x, items, n, x0, x1, starts, widths);
    legend_geom g = legend_geometry(x);
    const double asc = metrics_ascent(x->f, METRICS_REGULAR, x->fs);
    const double cap = metrics_cap_height(x->f, METRICS_REGULAR, x->fs);
    canvas_text_style st = cu_style(METRICS_REGULAR, x->fs, PALETTE_TEXT, CANVAS_START,
                                    CANVAS_ALPHABETIC);
    canvas_group_begin(x->c, "legend");
    for (size_t r = 0; r < rows; r++) {
        double baseline = top + (double)r * g.row_h + asc;
        double mid = baseline - cap / 2;
        double cx = x0 + (x1 - x0 - widths[r]) / 2;
        for (size_t i = starts[r]; i < starts[r + 1]; i++) {
            const cu_legend_item *it = &items[i];
            canvas_paint p = it->paint;
            switch (it->kind) {
            case CU_SWATCH_AREA:
                canvas_rect(x->c, cx + p.line_width / 2, mid - 0.35 * x->fs,
                            g.sw - p.line_width, 0.7 * x->fs);
                canvas_draw(x->c, &p);
                break;
            case CU_SWATCH_BAR:
                canvas_rect(x->c, cx, mid - 0.35 * x->fs, g.sw, 0.7 * x->fs);
                canvas_draw(x->c, &p);
                break;
            case CU_SWATCH_LINE:
                canvas_line(x->c, cx + p.line_width / 2, mid, cx + g.sw - p.line_width / 2, mid, &p);
                break;
            case CU_SWATCH_TICK:
                canvas_line(x->c, cx + g.sw / 2, mid - 0.5 * x->fs, cx + g.sw / 2, mid + 0.5 * x->fs, &p);
                break;
            }
            double iw = item_width(x, it, x1 - x0, &g);
            const char *label = x->wrap.count ? metrics_wrap_line(&x->wrap, 0) : "";
            canvas_text(x->c, cx + g.sw + g.gap, baseline, label, &st);
            cx += iw + g.spacing;
        }
    }
    canvas_group_end(x->c);
}
