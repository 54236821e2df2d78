/* chart_radar: Netzdiagramm of the topic fields (see charts.h).
 *
 * Layout: the legend takes the bottom; the rest holds the web and the axis
 * labels around it. The web radius is searched from large to small until
 * every label, wrapped to the room beside the web, fits the canvas without
 * touching the web or another label. Later passes accept fewer lines and
 * ellipsised labels, for canvases too small to fit the full names. */
#include "chart_util.h"
#include "format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RADAR_MIN_AXES 3
#define RADAR_MAX_AXES 12

typedef struct radar_label {
    metrics_wrap wrap;
    canvas_box box;    /* relative to the web's centre */
    canvas_anchor anchor;
} radar_label;

typedef struct radar_layout {
    chart_ctx *x;
    const chart_radar *in;
    size_t n;
    double sx[RADAR_MAX_AXES], sy[RADAR_MAX_AXES]; /* unit direction, y down */
    radar_label lab[RADAR_MAX_AXES];
    char *text[RADAR_MAX_AXES];                    /* label text (owned) */
    double pw, ph;                                 /* plot area size */
    double gap;                                    /* web → label distance */
    double lh, asc, desc;
    canvas_box uni;                                /* union of web and labels */
    double leg_h;                                  /* legend height */
} radar_layout;

static double clamp100(double v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* Distance from the origin to the nearest point of box b. */
static double box_distance(canvas_box b)
{
    double dx = b.x0 > 0 ? b.x0 : b.x1 < 0 ? -b.x1 : 0;
    double dy = b.y0 > 0 ? b.y0 : b.y1 < 0 ? -b.y1 : 0;
    return hypot(dx, dy);
}

/* Tries web radius R with labels of at most max_lines; strict forbids
 * ellipsised and split words. Fills L->lab and L->uni on success. */
static bool radar_try(radar_layout *L, double R, size_t max_lines, bool strict)
{
    chart_ctx *x = L->x;
    const double fs = x->fs;
    const double min_avail = 3.0 * fs;
    for (size_t i = 0; i < L->n; i++) {
        radar_label *lb = &L->lab[i];
        double sx = L->sx[i], sy = L->sy[i];
        double avail;
        if (fabs(sx) < 0.2) {
            lb->anchor = CANVAS_MIDDLE;
            avail = 0.7 * L->pw;
        } else {
            lb->anchor = sx > 0 ? CANVAS_START : CANVAS_END;
            avail = L->pw / 2 - (R + L->gap) * fabs(sx) - 0.1 * fs;
        }
        if (avail < min_avail) {
            if (strict) return false;
            avail = min_avail;
        }
        metrics_text_wrap(x->f, METRICS_REGULAR, fs, L->text[i], avail, max_lines, &lb->wrap);
        if (strict && (lb->wrap.truncated || lb->wrap.broke_word)) return false;
        double bw = lb->wrap.width;
        double bh = (double)(lb->wrap.count - 1) * L->lh + L->asc + L->desc;
        /* Place the box just outside the web along the axis, pushed out
         * until its nearest point clears the web. */
        double t = R + L->gap;
        for (int it = 0; it < 8; it++) {
            double cx = t * sx + sx * bw / 2, cy = t * sy + sy * bh / 2;
            if (lb->anchor == CANVAS_START) cx = t * sx + bw / 2;
            if (lb->anchor == CANVAS_END) cx = t * sx - bw / 2;
            lb->box = (canvas_box){cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2};
            double dist = box_distance(lb->box);
            if (dist >= R + L->gap - 1e-6) break;
            t += R + L->gap - dist;
        }
    }
    /* The web's own extent (a triangle is shorter than its circle). */
    canvas_box u = {0, 0, 0, 0};
    for (size_t i = 0; i < L->n; i++) {
        u.x0 = fmin(u.x0, R * L->sx[i]);
        u.x1 = fmax(u.x1, R * L->sx[i]);
        u.y0 = fmin(u.y0, R * L->sy[i]);
        u.y1 = fmax(u.y1, R * L->sy[i]);
    }
    for (size_t i = 0; i < L->n; i++) {
        canvas_box b = L->lab[i].box;
        u.x0 = fmin(u.x0, b.x0);
        u.y0 = fmin(u.y0, b.y0);
        u.x1 = fmax(u.x1, b.x1);
        u.y1 = fmax(u.y1, b.y1);
    }
    if (u.x1 - u.x0 > L->pw + 1e-6 || u.y1 - u.y0 > L->ph + 1e-6) return false;
    for (size_t i = 0; i < L->n; i++)
        for (size_t j = i + 1; j < L->n; j++)
            if (cu_boxes_overlap(L->lab[i].box, L->lab[j].box, 0.25 * fs)) return false;
    L->uni = u;
    return true;
}

static size_t radar_legend(const canvas *c, const chart_radar *in, const chart_words *w, double lw,
                           cu_legend_item *items)
{
    size_t ni = 0;
    items[ni++] = (cu_legend_item){cu_or(in->region_label, w->region), CU_SWATCH_AREA,
                                   {true, canvas_colors(c)->region_tint, 2 * lw, canvas_colors(c)->region, CANVAS_SOLID, true}};
    if (in->average)
        items[ni++] = (cu_legend_item){cu_or(in->average_label, w->average), CU_SWATCH_LINE,
                                       {false, 0, 1.5 * lw, canvas_colors(c)->average, CANVAS_DASHED, false}};
    if (in->previous)
        items[ni++] = (cu_legend_item){cu_or(in->previous_label, w->previous), CU_SWATCH_LINE,
                                       {false, 0, 1.5 * lw, PALETTE_PREVIOUS, CANVAS_DOTTED, true}};
    return ni;
}

/* The note under the legend: muted, 0.85 of the base size (never below
 * 6), at most three lines. */
static double note_size(const chart_ctx *x) { return fmax(6, 0.85 * x->fs); }

static double note_height(chart_ctx *x, const chart_radar *in)
{
    if (!in->note || !*in->note) return 0;
    double ns = note_size(x);
    metrics_text_wrap(x->f, METRICS_REGULAR, ns, in->note, x->w - 2 * x->pad, 3, &x->wrap);
    return 0.4 * x->fs + (double)x->wrap.count * 1.25 * ns;
}

static void note_draw(chart_ctx *x, const chart_radar *in, double y)
{
    if (!in->note || !*in->note) return;
    double ns = note_size(x);
    metrics_text_wrap(x->f, METRICS_REGULAR, ns, in->note, x->w - 2 * x->pad, 3, &x->wrap);
    canvas_text_style st = cu_style(METRICS_REGULAR, ns, PALETTE_MUTED, CANVAS_MIDDLE, CANVAS_TOP);
    for (size_t k = 0; k < x->wrap.count; k++)
        canvas_text(x->c, x->w / 2, y + 0.4 * x->fs + (double)k * 1.25 * ns,
                    metrics_wrap_line(&x->wrap, k), &st);
}

/* Sets everything that depends on the font size, then searches the largest
 * web radius that fits. With force, takes the smallest radius regardless. */
static bool radar_fit(radar_layout *L, double fs, size_t lines, bool strict, bool force, double *R)
{
    chart_ctx *x = L->x;
    x->fs = fs;
    x->pad = 0.3 * fs;
    cu_legend_item items[3];
    size_t ni = radar_legend(x->c, L->in, &x->words, fmax(0.75, fs / 8), items);
    L->leg_h = cu_legend_height(x, items, ni, x->pad, x->w - x->pad) + note_height(x, L->in);
    L->pw = x->w - 2 * x->pad;
    L->ph = x->h - 2 * x->pad - L->leg_h - 0.8 * fs;
    L->gap = 0.5 * fs;
    L->lh = CU_LINE * fs;
    L->asc = metrics_ascent(x->f, METRICS_REGULAR, fs);
    L->desc = metrics_descent(x->f, METRICS_REGULAR, fs);
    double Rmax = fmin(L->pw, L->ph) / 2;
    double Rmin = fmax(0.2 * fmin(L->pw, L->ph), 2 * fs);
    if (Rmax <= 0) return false;
    if (Rmin > Rmax) Rmin = Rmax;
    if (force) {
        *R = Rmin;
        radar_try(L, Rmin, lines, false);
        return true;
    }
    double step = fmax(0.5, Rmax / 100);
    for (double r = Rmax; r >= Rmin - 1e-9; r -= step) {
        if (radar_try(L, r, lines, strict)) {
            *R = r;
            return true;
        }
    }
    return false;
}

static bool present(const double *v, size_t i)
{
    return v && !isnan(v[i]);
}

/* Outline of one series: straight segments between neighbouring present
 * values; closed when all are present. */
static void series_path(canvas *c, const double *v, size_t n, double cx, double cy, double R,
                        const double *sx, const double *sy)
{
    bool all = true;
    for (size_t i = 0; i < n; i++) all = all && present(v, i);
    bool pen = false;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        if (!present(v, i) || !present(v, j)) {
            pen = false;
            continue;
        }
        if (!pen) {
            double r = R * clamp100(v[i]) / 100;
            canvas_move_to(c, cx + r * sx[i], cy + r * sy[i]);
            pen = true;
        }
        if (all && j == 0) {
            canvas_close_path(c);
        } else {
            double r = R * clamp100(v[j]) / 100;
            canvas_line_to(c, cx + r * sx[j], cy + r * sy[j]);
        }
    }
}

/* Dots for present values whose neighbours are both missing: no segment
 * would show them otherwise. */
static void isolated_points(canvas *c, const double *v, size_t n, double cx, double cy, double R,
                            const double *sx, const double *sy, double rad, const canvas_paint *p)
{
    for (size_t i = 0; i < n; i++) {
        if (!present(v, i) || present(v, (i + 1) % n) || present(v, (i + n - 1) % n)) continue;
        double r = R * clamp100(v[i]) / 100;
        canvas_circle(c, cx + r * sx[i], cy + r * sy[i], rad);
    }
    canvas_draw(c, p);
}

/* Box of the value label of the ring at radius r beside the spoke (sx, sy):
 * inside the ring, on the spoke's clockwise side. */
static canvas_box ring_label_box(chart_ctx *x, double cx, double cy, double r, double sx, double sy,
                                 const char *text, double size)
{
    double w = metrics_str_width(x->f, METRICS_REGULAR, size, text);
    double h = metrics_ascent(x->f, METRICS_REGULAR, size) + metrics_descent(x->f, METRICS_REGULAR, size);
    double px = -sy, py = sx; /* clockwise perpendicular (y down) */
    double inset = fabs(sx) * w / 2 + fabs(sy) * h / 2 + 0.1 * size;
    double side = fabs(px) * w / 2 + fabs(py) * h / 2 + 0.3 * size;
    double mx = cx + (r - inset) * sx + side * px, my = cy + (r - inset) * sy + side * py;
    return (canvas_box){mx - w / 2, my - h / 2, mx + w / 2, my + h / 2};
}

/* Farthest corner of b from (cx, cy). */
static double box_far_distance(canvas_box b, double cx, double cy)
{
    double dx = fmax(fabs(b.x0 - cx), fabs(b.x1 - cx));
    double dy = fmax(fabs(b.y0 - cy), fabs(b.y1 - cy));
    return hypot(dx, dy);
}

/* Whether segment (x0,y0)–(x1,y1) meets box b (Liang–Barsky clipping). */
static bool segment_hits_box(double x0, double y0, double x1, double y1, canvas_box b)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {x0 - b.x0, b.x1 - x0, y0 - b.y0, b.y1 - y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1) return false;
            if (t > t0) t0 = t;
        } else {
            if (t < t0) return false;
            if (t < t1) t1 = t;
        }
    }
    return true;
}

/* How many series segments and points a ring label box (grown by margin)
 * would sit on. */
static int ring_label_hits(canvas_box b, const chart_radar *in, size_t n, double cx, double cy,
                           double R, const double *sx, const double *sy, double margin)
{
    b.x0 -= margin;
    b.y0 -= margin;
    b.x1 += margin;
    b.y1 += margin;
    const double *series[3] = {in->region, in->average, in->previous};
    int hits = 0;
    for (int s = 0; s < 3; s++) {
        const double *v = series[s];
        if (!v) continue;
        for (size_t i = 0; i < n; i++) {
            if (!present(v, i)) continue;
            double ri = R * clamp100(v[i]) / 100;
            double xi = cx + ri * sx[i], yi = cy + ri * sy[i];
            size_t j = (i + 1) % n;
            if (present(v, j)) {
                double rj = R * clamp100(v[j]) / 100;
                if (segment_hits_box(xi, yi, cx + rj * sx[j], cy + rj * sy[j], b)) hits++;
            } else if (segment_hits_box(xi, yi, xi, yi, b)) {
                hits++;
            }
        }
    }
    return hits;
}

static void radar_desc(chart_ctx *x, const chart_radar *in, buf *out)
{
    if (in->desc)
        buf_puts(out, in->desc);
    else
        buf_printf(out, "Radar chart of %zu axes on a scale of 0 to 100.", in->n_axes);
    struct {
        const char *label;
        const double *v;
    } series[3] = {{cu_or(in->region_label, x->words.region), in->region},
                   {cu_or(in->average_label, x->words.average), in->average},
                   {cu_or(in->previous_label, x->words.previous), in->previous}};
    for (int s = 0; s < 3; s++) {
        if (!series[s].v) continue;
        buf_printf(out, " %s: ", series[s].label);
        for (size_t i = 0; i < in->n_axes; i++) {
            if (i) buf_puts(out, "; ");
            buf_printf(out, "%s ", in->axes[i] ? in->axes[i] : "");
            buf_puts(out, isnan(series[s].v[i]) ? x->words.no_data : cu_num(x, series[s].v[i], 1));
        }
        buf_putc(out, '.');
    }
}

bool chart_radar_draw(canvas *c, const chart_radar *in, const chart_style *style, diag *d)
{
    if (!in || in->n_axes < RADAR_MIN_AXES || in->n_axes > RADAR_MAX_AXES) {
        if (d)
            diag_error(d, NULL, NULL, "pass between 3 and 12 topic fields",
                       "radar chart: %zu axes", in ? in->n_axes : (size_t)0);
        return false;
    }
    if (!in->axes || !in->region) {
        if (d) diag_error(d, NULL, NULL, NULL, "radar chart: axes and region values are required");
        return false;
    }
    chart_ctx x;
    cu_init(&x, c, style);

    if (canvas_keeps_description(c)) {
        buf desc = BUF_INIT;
        radar_desc(&x, in, &desc);
        canvas_describe(c, cu_or(in->title, "Radar chart"), buf_cstr(&desc));
        buf_free(&desc);
    }

    radar_layout L;
    memset(&L, 0, sizeof L);
    L.x = &x;
    L.in = in;
    L.n = in->n_axes;
    for (size_t i = 0; i < L.n; i++) {
        double a = 2 * M_PI * (double)i / (double)L.n;
        L.sx[i] = sin(a);
        L.sy[i] = -cos(a);
        if (fabs(L.sx[i]) < 1e-12) L.sx[i] = 0;
        if (fabs(L.sy[i]) < 1e-12) L.sy[i] = 0;
        L.lab[i].wrap = (metrics_wrap)METRICS_WRAP_INIT;
        const char *name = in->axes[i] ? in->axes[i] : "";
        L.text[i] = isnan(in->region[i]) ? xasprintf("%s\n%s", name, x.words.no_data) : xstrdup(name);
    }

    /* Full labels first, then slightly smaller type, then shortened labels
     * at ever smaller type: the first layout that fits wins. */
    static const struct {
        double scale;
        size_t lines;
        bool strict;
    } tries[] = {
        {1.0, 3, true},  {0.9, 3, true},  {0.81, 3, true}, {1.0, 3, false}, {1.0, 2, false},
        {0.9, 2, false}, {0.81, 2, false}, {0.81, 1, false}, {0.7, 1, false}, {0.6, 1, false},
        {0.5, 1, false}, {0.4, 1, false},
    };
    const double fs0 = x.fs;
    double R = 0;
    bool ok = false;
    for (size_t t = 0; t < sizeof tries / sizeof tries[0] && !ok; t++)
        ok = radar_fit(&L, fs0 * tries[t].scale, tries[t].lines, tries[t].strict, false, &R);
    if (!ok) radar_fit(&L, fs0 * 0.4, 1, false, true, &R); /* absurdly small: draw anyway */
    const double fs = x.fs;
    const double lw = fmax(0.75, fs / 8);
    cu_legend_item items[3];
    size_t ni = radar_legend(c, in, &x.words, lw, items);
    /* Centre web, labels and legend as one block; the legend sits right
     * below the labels. */
    double block = (L.uni.y1 - L.uni.y0) + 0.8 * fs + L.leg_h;
    double cx = x.pad + (L.pw - (L.uni.x1 - L.uni.x0)) / 2 - L.uni.x0;
    double cy = x.pad + fmax(0, (x.h - 2 * x.pad - block) / 2) - L.uni.y0;
    double leg_top = cy + L.uni.y1 + 0.8 * fs;
    if (!ok) {
        cx = x.w / 2;
        cy = x.pad + L.ph / 2;
        leg_top = x.h - x.pad - L.leg_h;
    }
    const size_t n = L.n;

    /* Region area underneath the grid, so the grid stays visible. */
    canvas_group_begin(c, "region-area");
    {
        bool all = true;
        for (size_t i = 0; i < n; i++) all = all && present(in->region, i);
        if (all) {
            series_path(c, in->region, n, cx, cy, R, L.sx, L.sy);
        } else {
            for (size_t i = 0; i < n; i++) {
                size_t j = (i + 1) % n;
                if (!present(in->region, i) || !present(in->region, j)) continue;
                double ri = R * clamp100(in->region[i]) / 100, rj = R * clamp100(in->region[j]) / 100;
                canvas_move_to(c, cx, cy);
                canvas_line_to(c, cx + ri * L.sx[i], cy + ri * L.sy[i]);
                canvas_line_to(c, cx + rj * L.sx[j], cy + rj * L.sy[j]);
                canvas_close_path(c);
            }
        }
        canvas_paint tint = {true, canvas_colors(c)->region_tint, 0, 0, CANVAS_SOLID, false};
        canvas_draw(c, &tint);
    }
    canvas_group_end(c);

    /* Grid: rings at 20 … 100 and spokes. The same for every region whose
     * labels take the same room: a layer (a PNG canvas with a cache applies
     * the grid's coverage from an earlier chart instead of stroking it). */
    canvas_group_begin(c, "grid");
    canvas_layer_begin(c);
    canvas_paint grid = {false, 0, fmax(0.5, lw * 0.6), PALETTE_GRID, CANVAS_SOLID, false};
    for (int k = 1; k <= 5; k++) {
        double r = R * k / 5.0;
        for (size_t i = 0; i < n; i++) {
            if (i == 0)
                canvas_move_to(c, cx + r * L.sx[i], cy + r * L.sy[i]);
            else
                canvas_line_to(c, cx + r * L.sx[i], cy + r * L.sy[i]);
        }
        canvas_close_path(c);
    }
    for (size_t i = 0; i < n; i++) {
        canvas_move_to(c, cx, cy);
        canvas_line_to(c, cx + R * L.sx[i], cy + R * L.sy[i]);
    }
    canvas_draw(c, &grid);
    canvas_layer_end(c);
    /* Ring values beside the upward spoke, just inside each ring. A label
     * the series would run through is left out; another spoke is used only
     * when it keeps clearly more labels free. */
    double rfs = 0.8 * fs;
    double ring_h = metrics_ascent(x.f, METRICS_REGULAR, rfs) + metrics_descent(x.f, METRICS_REGULAR, rfs);
    /* Every ring is labelled on every chart (the same ticks for every
     * region); only an absurdly small web drops every second label. */
    int every = R / 5 >= ring_h ? 1 : 2;
    canvas_box ring_box[5];
    bool ring_free[5] = {false};
    int best_score = -1;
    for (size_t a = 0; a < n; a++) {
        int score = a == 0 ? 0 : 2;
        canvas_box boxes[5];
        bool free_[5] = {false};
        for (int k = 5; k >= 1; k -= every) {
            boxes[k - 1] = ring_label_box(&x, cx, cy, R * k / 5.0, L.sx[a], L.sy[a],
                                          cu_num(&x, 20.0 * k, 0), rfs);
            int hits = ring_label_hits(boxes[k - 1], in, n, cx, cy, R, L.sx, L.sy, 0.1 * fs + 1.8 * lw);
            /* Keep clear of the axis labels outside the web. */
            if (box_far_distance(boxes[k - 1], cx, cy) > R + 0.2 * fs) hits += 100;
            free_[k - 1] = hits == 0;
            score += hits > 0 ? 1 + (hits >= 100 ? 100 : 0) : 0;
        }
        if (best_score < 0 || score < best_score) {
            best_score = score;
            memcpy(ring_box, boxes, sizeof boxes);
            memcpy(ring_free, free_, sizeof free_);
        }
        if (score == 0) break;
    }
    canvas_text_style ring_st = cu_style(METRICS_REGULAR, rfs, PALETTE_MUTED, CANVAS_MIDDLE, CANVAS_ALPHABETIC);
    canvas_group_end(c);

    /* Series: previous edition (dotted), average (dashed), region on top. */
    if (in->previous) {
        canvas_group_begin(c, "previous");
        canvas_paint p = {false, 0, 1.5 * lw, PALETTE_PREVIOUS, CANVAS_DOTTED, true};
        series_path(c, in->previous, n, cx, cy, R, L.sx, L.sy);
        canvas_draw(c, &p);
        canvas_paint dot = {true, PALETTE_PREVIOUS, 0, 0, CANVAS_SOLID, false};
        isolated_points(c, in->previous, n, cx, cy, R, L.sx, L.sy, 1.2 * lw, &dot);
        canvas_group_end(c);
    }
    if (in->average) {
        canvas_group_begin(c, "average");
        canvas_paint p = {false, 0, 1.5 * lw, canvas_colors(c)->average, CANVAS_DASHED, false};
        series_path(c, in->average, n, cx, cy, R, L.sx, L.sy);
        canvas_draw(c, &p);
        canvas_paint dot = {true, canvas_colors(c)->average, 0, 0, CANVAS_SOLID, false};
        isolated_points(c, in->average, n, cx, cy, R, L.sx, L.sy, 1.2 * lw, &dot);
        canvas_group_end(c);
    }
    canvas_group_begin(c, "region");
    {
        canvas_paint p = {false, 0, 2 * lw, canvas_colors(c)->region, CANVAS_SOLID, true};
        series_path(c, in->region, n, cx, cy, R, L.sx, L.sy);
        canvas_draw(c, &p);
        for (size_t i = 0; i < n; i++) {
            if (!present(in->region, i)) continue;
            double r = R * clamp100(in->region[i]) / 100;
            canvas_circle(c, cx + r * L.sx[i], cy + r * L.sy[i], 1.8 * lw);
        }
        canvas_paint dot = {true, canvas_colors(c)->region, 0, 0, CANVAS_SOLID, false};
        canvas_draw(c, &dot);
    }
    canvas_group_end(c);

    /* Ring values on top of the series: a label a series crosses gets a
     * white ground, so 20 … 100 read on every chart. */
    canvas_group_begin(c, "ring-labels");
    for (int k = 5; k >= 1; k -= every) {
        canvas_box b = ring_box[k - 1];
        if (!ring_free[k - 1]) {
            double m = 0.12 * rfs;
            canvas_rect(c, b.x0 - m, b.y0 - m, b.x1 - b.x0 + 2 * m, b.y1 - b.y0 + 2 * m);
            canvas_paint ground = {true, PALETTE_WHITE, 0, 0, CANVAS_SOLID, false};
            canvas_draw(c, &ground);
        }
        canvas_text(c, (b.x0 + b.x1) / 2, b.y0 + metrics_ascent(x.f, METRICS_REGULAR, rfs),
                    cu_num(&x, 20.0 * k, 0), &ring_st);
    }
    canvas_group_end(c);

    /* Axis labels. */
    canvas_group_begin(c, "axis-labels");
    for (size_t i = 0; i < n; i++) {
        radar_label *lb = &L.lab[i];
        canvas_box b = lb->box;
        canvas_text_style st = cu_style(METRICS_REGULAR, fs, PALETTE_TEXT, lb->anchor, CANVAS_ALPHABETIC);
        double tx = lb->anchor == CANVAS_START ? b.x0 : lb->anchor == CANVAS_END ? b.x1 : (b.x0 + b.x1) / 2;
        for (size_t k = 0; k < lb->wrap.count; k++) {
            double base = cy + b.y0 + L.asc + (double)k * L.lh;
            const char *line = metrics_wrap_line(&lb->wrap, k);
            /* The no-data note under a missing axis (the lines after the
             * name's) is secondary. */
            if (k > 0 && !present(in->region, i) && strstr(x.words.no_data, line)) st.color = PALETTE_MUTED;
            canvas_text(c, cx + tx, base, line, &st);
        }
    }
    canvas_group_end(c);

    cu_legend_draw(&x, items, ni, x.pad, x.w - x.pad, leg_top);
    note_draw(&x, in, leg_top + cu_legend_height(&x, items, ni, x.pad, x.w - x.pad));

    for (size_t i = 0; i < L.n; i++) {
        metrics_wrap_free(&L.lab[i].wrap);
        free(L.text[i]);
    }
    cu_free(&x);
    return true;
}
