/* chart_ranking: all regions of a level as sorted bars (see charts.h).
 *
 * Rows share the height evenly; the type shrinks with the row pitch so that
 * 50 Kreise fit a page column. The region's row gets a tinted band, a
 * marker, a bold name and value, and the region colour. */
#include "chart_util.h"
#include "format.h"

#include <math.h>
#include <stdlib.h>

#define RANKING_MAX 500

typedef struct rank_entry {
    size_t idx;
    double v;
} rank_entry;

/* Highest value first; missing values last; ties keep the input order. */
static int entry_cmp(const void *pa, const void *pb)
{
    const rank_entry *a = pa, *b = pb;
    bool na = isnan(a->v), nb = isnan(b->v);
    if (na != nb) return na ? 1 : -1;
    if (!na && a->v != b->v) return a->v > b->v ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void ranking_desc(chart_ctx *x, const chart_ranking *in, const rank_entry *e,
                         const int *rank, buf *out)
{
    if (in->desc)
        buf_puts(out, in->desc);
    else
        buf_printf(out, "Ranking of %zu regions by value.", in->n);
    if (in->caption) buf_printf(out, " %s.", in->caption);
    for (size_t k = 0; k < in->n; k++) {
        size_t i = e[k].idx;
        if (in->gap_before && in->gap_before[i]) buf_puts(out, " …");
        buf_putc(out, ' ');
        if (rank[k] > 0) buf_printf(out, "%d. ", rank[k]);
        buf_printf(out, "%s: %s", in->names[i] ? in->names[i] : "",
                   isnan(e[k].v) ? x->words.no_data : cu_num(x, e[k].v, 1));
        if (i == in->highlight) buf_printf(out, " (%s)", x->words.highlighted);
        buf_putc(out, '.');
    }
}

/* Natural row pitch, in font sizes, for chart_ranking_height. */
#define RANK_PITCH 1.5

static bool ranking_valid(const chart_ranking *in)
{
    return in && in->n >= 1 && in->n <= RANKING_MAX && in->names && in->values;
}

/* Height of the caption block including the gap below it (0 without). */
static double caption_height(chart_ctx *x, const char *caption)
{
    if (!caption || !*caption) return 0;
    metrics_text_wrap(x->f, METRICS_REGULAR, x->fs, caption, x->w - 2 * x->pad, 2, &x->wrap);
    if (x->wrap.count == 0) return 0;
    return (double)(x->wrap.count - 1) * CU_LINE * x->fs + cu_text_h(x, x->fs) + 0.6 * x->fs;
}

double chart_ranking_height(const metrics_fonts *f, const chart_ranking *in, double width,
                            const chart_style *style)
{
    if (!ranking_valid(in)) return 0;
    chart_ctx x;
    cu_setup(&x, f, width, 0, style);
    size_t rows = in->n;
    for (size_t i = 0; in->gap_before && i < in->n; i++) rows += in->gap_before[i];
    double h = 2 * x.pad + caption_height(&x, in->caption) + (double)rows * RANK_PITCH * x.fs;
    cu_free(&x);
    return ceil(h);
}

bool chart_ranking_draw(canvas *c, const chart_ranking *in, const chart_style *style, diag *d)
{
    if (!ranking_valid(in)) {
        if (d)
            diag_error(d, NULL, NULL, "pass 1 to 500 regions with names and values",
                       "ranking chart: %zu regions", in ? in->n : (size_t)0);
        return false;
    }
    chart_ctx x;
    cu_init(&x, c, style);
    const size_t n = in->n;

    rank_entry *e = xmalloc(n * sizeof *e);
    int *rank = xmalloc(n * sizeof *rank);
    for (size_t i = 0; i < n; i++) e[i] = (rank_entry){i, in->values[i]};
    qsort(e, n, sizeof *e, entry_cmp);
    for (size_t k = 0; k < n; k++) {
        if (in->ranks)
            rank[k] = in->ranks[e[k].idx];
        else if (isnan(e[k].v))
            rank[k] = 0;
        else
            rank[k] = k > 0 && e[k].v == e[k - 1].v ? rank[k - 1] : (int)k + 1;
    }

    if (canvas_keeps_description(c)) {
        buf desc = BUF_INIT;
        ranking_desc(&x, in, e, rank, &desc);
        canvas_describe(c, cu_or(in->title, "Ranking"), buf_cstr(&desc));
        buf_free(&desc);
    }

    const double fs = x.fs;
    const double inner = x.w - 2 * x.pad;
    double top = x.pad;

    /* Caption line(s) above the list. */
    double cap_block = caption_height(&x, in->caption);
    if (cap_block > 0) {
        canvas_text_style cs = cu_style(METRICS_REGULAR, fs, PALETTE_TEXT, CANVAS_START, CANVAS_TOP);
        canvas_group_begin(c, "caption");
        for (size_t k = 0; k < x.wrap.count; k++)
            canvas_text(c, x.pad, top + (double)k * CU_LINE * fs, metrics_wrap_line(&x.wrap, k), &cs);
        canvas_group_end(c);
        top += cap_block;
    }

    /* Rows (with a "…" row for each gap): pitch from the height, type no
     * larger than the pitch allows. */
    size_t rows = n;
    for (size_t i = 0; in->gap_before && i < n; i++) rows += in->gap_before[i];
    double pitch = (x.h - x.pad - top) / (double)rows;
    double rfs = fmin(fs, pitch / 1.2);
    if (rfs < 1) rfs = 1;

    /* Columns: marker | rank | name | bar | value. */
    double rank_w = 0, name_w = 0, val_w = 0;
    double lo = 0, hi = 0;
    for (size_t k = 0; k < n; k++) {
        if (rank[k] > 0) {
            buf_clear(&x.text);
            fmt_de_int(&x.text, rank[k]);
            buf_putc(&x.text, '.');
            rank_w = fmax(rank_w, cu_width(&x, METRICS_BOLD, rfs, buf_cstr(&x.text)));
        }
        const char *nm = in->names[e[k].idx] ? in->names[e[k].idx] : "";
        name_w = fmax(name_w, cu_width(&x, METRICS_BOLD, rfs, nm));
        val_w = fmax(val_w, cu_width(&x, METRICS_BOLD, rfs, cu_num(&x, e[k].v, 1)));
        if (!isnan(e[k].v)) {
            lo = fmin(lo, e[k].v);
            hi = fmax(hi, e[k].v);
        }
    }
    if (hi - lo <= 0) hi = lo + 1;
    double marker_w = 0.9 * rfs;
    double x_rank = x.pad + marker_w + rank_w;               /* end anchor */
    double x_name = x_rank + 0.4 * rfs;
    name_w = fmin(name_w, 0.5 * inner);
    double x_bar0 = x_name + name_w + 0.6 * rfs;
    double x_bar1 = x.w - x.pad - val_w - 0.4 * rfs;
    if (lo < 0) x_bar0 += val_w + 0.4 * rfs;                /* labels left of negative bars */
    if (x_bar1 - x_bar0 < 4 * rfs) {
        /* Narrow canvas: shorten names to keep some bar. */
        double lack = 4 * rfs - (x_bar1 - x_bar0);
        name_w = fmax(2 * rfs, name_w - lack);
        x_bar0 = x_name + name_w + 0.6 * rfs + (lo < 0 ? val_w + 0.4 * rfs : 0);
    }
    double span = x_bar1 - x_bar0;
    double x_zero = x_bar0 + span * (0 - lo) / (hi - lo);

    const double cap = metrics_cap_height(x.f, METRICS_REGULAR, rfs);
    size_t row = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = e[k].idx;
        bool hl = i == in->highlight;
        if (in->gap_before && in->gap_before[i]) {
            /* Regions left out: a muted "…" in the rank column. */
            canvas_text_style gs = cu_style(METRICS_REGULAR, rfs, PALETTE_MUTED, CANVAS_END,
                                            CANVAS_ALPHABETIC);
            canvas_text(c, x_rank, top + (double)row * pitch + pitch / 2 + cap / 2, "…", &gs);
            row++;
        }
        double y = top + (double)row++ * pitch;
        double mid = y + pitch / 2;
        double base = mid + cap / 2;
        metrics_weight wt = hl ? METRICS_BOLD : METRICS_REGULAR;
        canvas_group_begin(c, hl ? "region highlight" : "region");
        if (hl) {
            canvas_paint band = {true, canvas_colors(c)->band, 0, 0, CANVAS_SOLID, false};
            canvas_rect(c, x.pad * 0.5, y, x.w - x.pad, pitch);
            canvas_draw(c, &band);
            /* Marker: a small triangle pointing at the name. */
            double mh = 0.7 * rfs;
            canvas_move_to(c, x.pad, mid - mh / 2);
            canvas_line_to(c, x.pad + 0.6 * rfs, mid);
            canvas_line_to(c, x.pad, mid + mh / 2);
            canvas_close_path(c);
            canvas_paint mk = {true, canvas_colors(c)->region, 0, 0, CANVAS_SOLID, false};
            canvas_draw(c, &mk);
        }
        if (rank[k] > 0) {
            buf_clear(&x.text);
            fmt_de_int(&x.text, rank[k]);
            buf_putc(&x.text, '.');
            canvas_text_style rs = cu_style(wt, rfs, hl ? PALETTE_TEXT : PALETTE_MUTED, CANVAS_END, CANVAS_ALPHABETIC);
            canvas_text(c, x_rank, base, buf_cstr(&x.text), &rs);
        }
        canvas_text_style ns = cu_style(wt, rfs, PALETTE_TEXT, CANVAS_START, CANVAS_ALPHABETIC);
        cu_text_fit(&x, x_name, base, in->names[i] ? in->names[i] : "", name_w, &ns);
        double v = e[k].v;
        canvas_text_style vs = cu_style(wt, rfs, PALETTE_TEXT, CANVAS_START, CANVAS_ALPHABETIC);
        double tx = x_zero + 0.3 * rfs;
        if (!isnan(v)) {
            double xv = x_bar0 + span * (v - lo) / (hi - lo);
            double bh = fmin(0.75 * pitch, 0.9 * rfs);
            if (fabs(xv - x_zero) > 0) {
                canvas_paint bar = {true, hl ? canvas_colors(c)->region : PALETTE_OTHER, 0, 0, CANVAS_SOLID, false};
                canvas_rect(c, fmin(xv, x_zero), mid - bh / 2, fabs(xv - x_zero), bh);
                canvas_draw(c, &bar);
            }
            tx = fmax(xv, x_zero) + 0.3 * rfs;
            if (v < 0) {
                tx = xv - 0.3 * rfs;
                vs.anchor = CANVAS_END;
            }
        }
        canvas_text(c, tx, base, cu_num(&x, v, 1), &vs);
        canvas_group_end(c);
    }
    if (lo < 0) {
        canvas_paint axis = {false, 0, fmax(0.5, rfs / 10), PALETTE_AXIS, CANVAS_SOLID, false};
        canvas_line(c, x_zero, top, x_zero, top + (double)rows * pitch, &axis);
    }

    free(e);
    free(rank);
    cu_free(&x);
    return true;
}
