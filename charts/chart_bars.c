/* chart_bars: topic-field bars, region against average (see charts.h).
 *
 * Each field takes two lines: its name (with "Rang 3 von 16" on the right,
 * or on a line of its own below when a name and its rank do not share the
 * width), then a 0–100 track with the region's bar, the average's tick and, in a
 * column of their own, the two values. Values never sit on the track, so
 * they cannot collide with the bar or the tick. */
#include "chart_util.h"
#include "format.h"

#include <math.h>

#define BARS_MAX 20

/* Row geometry in font sizes. */
#define ROW_LABEL CU_LINE     /* name line */
#define ROW_SEP 0.2           /* name → bar */
#define ROW_BAR 0.9           /* bar thickness */
#define ROW_GAP 0.75          /* between fields */
#define ROW_TOTAL (ROW_LABEL + ROW_SEP + ROW_BAR + ROW_GAP)
#define ROW_RANK (ROW_LABEL + 0.2) /* the rank's own line, when stacked */

static double clamp100(double v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* The rank text of field i ("Rang 3 von 16 (2023: 5)"), or NULL; may
 * live in x->text until the next use. */
static const char *bars_rank(chart_ctx *x, const chart_bars *in, size_t i)
{
    if (in->rank_labels && in->rank_labels[i] && in->rank_labels[i][0]) return in->rank_labels[i];
    if (!in->rank || in->rank_total <= 0 || in->rank[i] <= 0) return NULL;
    buf_clear(&x->text);
    buf_printf(&x->text, "%s ", x->words.rank);
    fmt_de_int(&x->text, in->rank[i]);
    buf_printf(&x->text, " %s ", x->words.of);
    fmt_de_int(&x->text, in->rank_total);
    return buf_cstr(&x->text);
}

/* The lead, then per field: "Bildung: Bayern 57,1, Ø Länder 54,2, Rang 3 von 16." */
static void bars_desc(chart_ctx *x, const chart_bars *in, buf *out)
{
    if (in->desc)
        buf_puts(out, in->desc);
    else
        buf_printf(out, "Bar chart of %zu fields on a scale of 0 to 100.", in->n);
    for (size_t i = 0; i < in->n; i++) {
        buf_printf(out, " %s: %s ", in->labels[i] ? in->labels[i] : "",
                   cu_or(in->region_label, x->words.region));
        buf_puts(out, isnan(in->region[i]) ? x->words.no_data : cu_num(x, in->region[i], 1));
        if (in->average) {
            buf_printf(out, ", %s ", cu_or(in->average_label, x->words.average));
            buf_puts(out, isnan(in->average[i]) ? x->words.no_data : cu_num(x, in->average[i], 1));
        }
        const char *rank = bars_rank(x, in, i);
        if (rank) buf_printf(out, ", %s", rank);
        buf_putc(out, '.');
    }
}

/* Whether some field's name and rank do not share one line at font size
 * fs (a phone's width): then every rank takes a line of its own under its
 * name, rather than the name being cut. */
static bool bars_stacked(chart_ctx *x, const chart_bars *in, double fs)
{
    double room = x->w - 2 * 0.3 * fs;
    for (size_t i = 0; i < in->n; i++) {
        const char *r = bars_rank(x, in, i);
        if (!r) continue;
        double need = cu_width(x, METRICS_REGULAR, fs, r) + 0.8 * fs +
                      cu_width(x, METRICS_BOLD, fs, in->labels[i] ? in->labels[i] : "");
        if (need > room) return true;
    }
    return false;
}

/* Height the chart needs at font size fs (sets x->fs and x->pad). */
static double bars_need(chart_ctx *x, const chart_bars *in, double fs)
{
    x->fs = fs;
    x->pad = 0.3 * fs;
    cu_legend_item probe[2] = {{cu_or(in->region_label, x->words.region), CU_SWATCH_BAR, {0}},
                               {cu_or(in->average_label, x->words.average), CU_SWATCH_TICK, {0}}};
    double leg = cu_legend_height(x, probe, in->average ? 2 : 1, x->pad, x->w - x->pad);
    double row = ROW_TOTAL + (bars_stacked(x, in, fs) ? ROW_RANK : 0);
    return (double)in->n * row * fs - ROW_GAP * fs + 0.8 * fs + leg + 2 * x->pad;
}

static bool bars_valid(const chart_bars *in)
{
    return in && in->n >= 1 && in->n <= BARS_MAX && in->labels && in->region;
}

double chart_bars_height(const metrics_fonts *f, const chart_bars *in, double width,
                         const chart_style *style)
{
    if (!bars_valid(in)) return 0;
    chart_ctx x;
    cu_setup(&x, f, width, 0, style);
    double h = bars_need(&x, in, x.fs);
    cu_free(&x);
    return ceil(h);
}

bool chart_bars_draw(canvas *c, const chart_bars *in, const chart_style *style, diag *d)
{
    if (!bars_valid(in)) {
        if (d)
            diag_error(d, NULL, NULL, "pass 1 to 20 topic fields with labels and values",
                       "topic-field bars: %zu fields", in ? in->n : (size_t)0);
        return false;
    }
    chart_ctx x;
    cu_init(&x, c, style);

    if (canvas_keeps_description(c)) {
        buf desc = BUF_INIT;
        bars_desc(&x, in, &desc);
        canvas_describe(c, cu_or(in->title, "Bar chart"), buf_cstr(&desc));
        buf_free(&desc);
    }

    /* Shrink the type when the rows do not fit the height. */
    double fs = x.fs;
    for (int guard = 0; guard < 60 && bars_need(&x, in, fs) > x.h && fs > 1; guard++) fs *= 0.95;
    x.fs = fs;
    x.pad = 0.3 * fs;
    const double lw = fmax(0.75, fs / 8);

    cu_legend_item items[2];
    size_t ni = 0;
    items[ni++] = (cu_legend_item){cu_or(in->region_label, x.words.region), CU_SWATCH_BAR,
                                   {true, canvas_colors(c)->region, 0, 0, CANVAS_SOLID, false}};
    if (in->average)
        items[ni++] = (cu_legend_item){cu_or(in->average_label, x.words.average), CU_SWATCH_TICK,
                                       {false, 0, 2 * lw, canvas_colors(c)->average, CANVAS_SOLID, false}};
    double leg_h = cu_legend_height(&x, items, ni, x.pad, x.w - x.pad);

    /* Columns: track | region value | average value. */
    const double vfs = fs;
    double val_w = cu_width(&x, METRICS_BOLD, vfs, "100,0");
    double avg_w = 0;
    if (in->average) {
        avg_w = cu_width(&x, METRICS_REGULAR, vfs, "Ø 100,0");
        for (size_t i = 0; i < in->n; i++) {
            if (isnan(in->average[i])) continue;
            buf_clear(&x.text);
            buf_puts(&x.text, "Ø ");
            fmt_de_number(&x.text, in->average[i], 1);
            avg_w = fmax(avg_w, cu_width(&x, METRICS_REGULAR, vfs, buf_cstr(&x.text)));
        }
    }
    for (size_t i = 0; i < in->n; i++)
        val_w = fmax(val_w, cu_width(&x, METRICS_BOLD, vfs, cu_num(&x, in->region[i], 1)));
    double x_right = x.w - x.pad;
    double avg_x = x_right;                           /* right edge, end anchor */
    double val_x = x_right - (in->average ? avg_w + 0.6 * fs : 0);
    double track0 = x.pad, track1 = val_x - val_w - 0.6 * fs;
    if (track1 - track0 < 4 * fs) track1 = track0 + 4 * fs; /* degenerate width */
    double tw = track1 - track0;

    const double asc = metrics_ascent(x.f, METRICS_REGULAR, fs);
    const double cap = metrics_cap_height(x.f, METRICS_REGULAR, fs);
    const bool stacked = bars_stacked(&x, in, fs);
    const double label_h = ROW_LABEL + (stacked ? ROW_RANK : 0);
    double y = x.pad;
    for (size_t i = 0; i < in->n; i++) {
        canvas_group_begin(c, "field");
        /* Name line with the rank on the right, or (stacked) under it. */
        double base = y + asc;
        double rank_w = 0;
        const char *rank = bars_rank(&x, in, i);
        if (rank) {
            canvas_text_style rs = cu_style(METRICS_REGULAR, fs, PALETTE_MUTED,
                                            stacked ? CANVAS_START : CANVAS_END, CANVAS_ALPHABETIC);
            canvas_box rb = canvas_text(c, stacked ? x.pad : x_right,
                                        stacked ? base + ROW_LABEL * fs : base, rank, &rs);
            if (!stacked) rank_w = rb.x1 - rb.x0 + 0.8 * fs;
        }
        canvas_text_style ls = cu_style(METRICS_BOLD, fs, PALETTE_TEXT, CANVAS_START, CANVAS_ALPHABETIC);
        cu_text_fit(&x, x.pad, base, in->labels[i] ? in->labels[i] : "", x_right - x.pad - rank_w, &ls);

        /* Track, bar, average tick. */
        double by = y + (label_h + ROW_SEP) * fs;
        double bh = ROW_BAR * fs;
        canvas_paint track = {true, PALETTE_TRACK, 0, 0, CANVAS_SOLID, false};
        canvas_rect(c, track0, by, tw, bh);
        canvas_draw(c, &track);
        double v = in->region[i];
        if (!isnan(v)) {
            double bw = tw * clamp100(v) / 100;
            if (bw > 0) {
                canvas_paint bar = {true, canvas_colors(c)->region, 0, 0, CANVAS_SOLID, false};
                canvas_rect(c, track0, by, bw, bh);
                canvas_draw(c, &bar);
            }
        } else {
            canvas_text_style ms = cu_style(METRICS_REGULAR, 0.85 * fs, PALETTE_MUTED, CANVAS_START, CANVAS_CENTRAL);
            cu_text_fit(&x, track0 + 0.3 * fs, by + bh / 2, x.words.no_data, tw - 0.6 * fs, &ms);
        }
        if (in->average && !isnan(in->average[i])) {
            double ax = track0 + tw * clamp100(in->average[i]) / 100;
            canvas_paint tick = {false, 0, 2 * lw, canvas_colors(c)->average, CANVAS_SOLID, false};
            canvas_line(c, ax, by - 0.25 * fs, ax, by + bh + 0.25 * fs, &tick);
        }
        /* Values, on the bar's centre line. */
        double vb = by + bh / 2 + cap / 2;
        canvas_text_style vs = cu_style(METRICS_BOLD, vfs, PALETTE_TEXT, CANVAS_END, CANVAS_ALPHABETIC);
        canvas_text(c, val_x, vb, cu_num(&x, v, 1), &vs);
        if (in->average) {
            buf_clear(&x.text);
            buf_puts(&x.text, "Ø ");
            fmt_de_number(&x.text, in->average[i], 1);
            canvas_text_style as = cu_style(METRICS_REGULAR, vfs, PALETTE_MUTED, CANVAS_END, CANVAS_ALPHABETIC);
            canvas_text(c, avg_x, vb, buf_cstr(&x.text), &as);
        }
        canvas_group_end(c);
        y += (ROW_TOTAL + label_h - ROW_LABEL) * fs;
    }

    /* The legend follows the rows; a taller canvas leaves room below. */
    double leg_top = fmin(y - ROW_GAP * fs + 0.8 * fs, x.h - x.pad - leg_h);
    cu_legend_draw(&x, items, ni, x.pad, x.w - x.pad, leg_top);
    cu_free(&x);
    return true;
}
