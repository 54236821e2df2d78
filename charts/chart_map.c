/* chart_map: the Länder choropleth (see charts.h).
 *
 * Drawing order: (1) each Land filled in its class colour, "keine Daten"
 * hatched; (2) every border edge stroked once: the edges two Länder share
 * in white, the map's outer edge (coast, national border) in grey; (3) the
 * highlighted region's white casing and dark outline. Which edges are
 * shared is found by matching the grid edges of all rings (the committed
 * map shares the vertices of common borders exactly). Stroking each edge
 * once rather than every Land's outline halves the stroking, which is most
 * of the raster time of a PNG. Strokes use round joins, so nothing reaches
 * further than half a line width beyond the points (the layout reserves
 * that margin).
 *
 * Hatching is computed here rather than clipped by a backend: each hatch
 * line is cut against the rings with the non-zero winding rule, so the same
 * segments reach SVG, PNG and PDF. */
#include "chart_util.h"
#include "format.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_MAX_VALUES 1000
#define CLASS_STEP 20           /* class width on the 0–100 scale */
#define MAP_MIN_FONT 3.0        /* the type never shrinks below this */

enum { LEG_NODATA = PALETTE_MAP_CLASSES, LEG_HIGHLIGHT };
#define LEG_MAX (PALETTE_MAP_CLASSES + 2)

int chart_map_class(double value)
{
    if (isnan(value)) return -1;
    if (!(value > 0)) return 0;
    if (value >= 100) return PALETTE_MAP_CLASSES - 1;
    /* As printed: rounded half away from zero to tenths (format.h). */
    long tenths = lround(value * 10.0);
    long k = tenths / (CLASS_STEP * 10);
    return k >= PALETTE_MAP_CLASSES ? PALETTE_MAP_CLASSES - 1 : (int)k;
}

static bool map_valid(const chart_map *in)
{
    if (!in || !in->map || !(in->map->width > 0) || !(in->map->height > 0) ||
        in->map->n_regions == 0 || in->n > MAP_MAX_VALUES)
        return false;
    if (in->n > 0 && (!in->ags || !in->values)) return false;
    if (in->frame_listed) {
        /* At least one listed region with a shape of some extent. */
        for (size_t i = 0; i < in->n; i++) {
            const geo_region *g = in->ags[i] ? geo_map_find(in->map, in->ags[i]) : NULL;
            if (g && g->n_rings > 0 && g->rings[0].n >= 3) return true;
        }
        return false;
    }
    return true;
}

/* ---- inputs resolved per map region --------------------------------------- */

typedef struct map_data {
    size_t n;               /* regions drawn */
    const geo_region **reg; /* per drawn region */
    const char **name;      /* per drawn region */
    double *value;          /* per drawn region; NAN = keine Daten */
    int *cls;               /* per drawn region; -1 = keine Daten */
    double *box;            /* per drawn region: x0, y0, x1, y1 in grid units */
    size_t highlight;       /* index into the drawn regions; >= n = none */
    bool any_missing;
    double fx0, fy0, fw, fh;/* the frame in grid units */
    char labels[PALETTE_MAP_CLASSES][32];
    const char *leg_label[LEG_MAX];
    int leg_kind[LEG_MAX];
    size_t n_leg;
    const char *attribution;
    const char *legend_title;
} map_data;

static void data_add(map_data *md, const geo_region *g, const char *name, double v)
{
    size_t i = md->n++;
    md->reg[i] = g;
    md->name[i] = name && *name ? name : g->name ? g->name : g->ags;
    md->value[i] = v;
    md->cls[i] = chart_map_class(v);
    if (md->cls[i] < 0) md->any_missing = true;
    double *b = md->box + 4 * i;
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    for (size_t k = 0; k < g->n_rings; k++)
        for (size_t p = 0; p < g->rings[k].n; p++) {
            b[0] = fmin(b[0], g->rings[k].xy[2 * p]);
            b[1] = fmin(b[1], g->rings[k].xy[2 * p + 1]);
            b[2] = fmax(b[2], g->rings[k].xy[2 * p]);
            b[3] = fmax(b[3], g->rings[k].xy[2 * p + 1]);
        }
}

static void data_build(chart_ctx *x, const chart_map *in, map_data *md)
{
    const geo_map *m = in->map;
    size_t cap = (in->frame_listed ? in->n : m->n_regions) + 1;
    md->n = 0;
    md->reg = xmalloc(cap * sizeof *md->reg);
    md->name = xmalloc(cap * sizeof *md->name);
    md->value = xmalloc(cap * sizeof *md->value);
    md->cls = xmalloc(cap * sizeof *md->cls);
    md->box = xmalloc(4 * cap * sizeof *md->box);
    md->highlight = SIZE_MAX;
    md->any_missing = false;
    const char *hl = in->highlight && *in->highlight ? in->highlight : NULL;
    if (in->frame_listed) {
        for (size_t i = 0; i < in->n; i++) {
            const geo_region *g = in->ags[i] ? geo_map_find(m, in->ags[i]) : NULL;
            if (!g) continue;
            if (hl && strcmp(hl, g->ags) == 0) md->highlight = md->n;
            data_add(md, g, in->names ? in->names[i] : NULL, in->values[i]);
        }
    } else {
        for (size_t r = 0; r < m->n_regions; r++) {
            double v = NAN;
            const char *name = NULL;
            for (size_t i = 0; i < in->n; i++)
                if (in->ags[i] && strcmp(in->ags[i], m->regions[r].ags) == 0) {
                    v = in->values[i];
                    name = in->names ? in->names[i] : NULL;
                    break;
                }
            if (hl && strcmp(hl, m->regions[r].ags) == 0) md->highlight = md->n;
            data_add(md, &m->regions[r], name, v);
        }
    }
    /* The frame: the whole map, or the box around the listed regions. */
    if (in->frame_listed) {
        double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
        for (size_t i = 0; i < md->n; i++) {
            x0 = fmin(x0, md->box[4 * i]);
            y0 = fmin(y0, md->box[4 * i + 1]);
            x1 = fmax(x1, md->box[4 * i + 2]);
            y1 = fmax(y1, md->box[4 * i + 3]);
        }
        md->fx0 = md->n ? x0 : 0;
        md->fy0 = md->n ? y0 : 0;
        md->fw = md->n ? x1 - x0 : 0;
        md->fh = md->n ? y1 - y0 : 0;
    } else {
        md->fx0 = md->fy0 = 0;
        md->fw = m->width;
        md->fh = m->height;
    }
    md->n_leg = 0;
    for (int k = 0; k < PALETTE_MAP_CLASSES; k++) {
        buf_clear(&x->text);
        /* "40 bis unter 60": the class boundaries said as they are meant;
         * the last class includes 100. */
        fmt_de_number(&x->text, k * CLASS_STEP, 0);
        buf_printf(&x->text, " %s ", k + 1 < PALETTE_MAP_CLASSES ? x->words.class_below : x->words.class_to);
        fmt_de_number(&x->text, (k + 1) * CLASS_STEP, 0);
        snprintf(md->labels[k], sizeof md->labels[k], "%s", buf_cstr(&x->text));
        md->leg_label[md->n_leg] = md->labels[k];
        md->leg_kind[md->n_leg++] = k;
    }
    if (md->any_missing) {
        md->leg_label[md->n_leg] = x->words.no_data;
        md->leg_kind[md->n_leg++] = LEG_NODATA;
    }
    if (md->highlight < md->n) {
        md->leg_label[md->n_leg] = md->name[md->highlight];
        md->leg_kind[md->n_leg++] = LEG_HIGHLIGHT;
    }
    const char *credit = md->n && md->reg[0]->attribution ? md->reg[0]->attribution : NULL;
    md->attribution = in->attribution ? in->attribution
                      : credit        ? credit
                      : m->attribution ? m->attribution
                                       : "";
    md->legend_title = cu_or(in->legend_title, x->words.index_value);
}

static void data_free(map_data *md)
{
    free(md->reg);
    free(md->name);
    free(md->value);
    free(md->cls);
    free(md->box);
}

/* Each drawn region's title, "Rostock: 57,1 (40 bis unter 60)" /
 * "Rostock: keine Daten", composed once for the description and the
 * groups: title i is text.data + off[i], NUL-terminated. */
typedef struct map_titles {
    buf text;
    size_t *off;
} map_titles;

static void titles_build(chart_ctx *x, const map_data *md, map_titles *t)
{
    t->text = (buf)BUF_INIT;
    t->off = xmalloc((md->n ? md->n : 1) * sizeof *t->off);
    for (size_t i = 0; i < md->n; i++) {
        t->off[i] = t->text.len;
        buf_puts(&t->text, md->name[i]);
        buf_append(&t->text, ": ", 2);
        if (md->cls[i] < 0) {
            buf_puts(&t->text, x->words.no_data);
        } else {
            buf_puts(&t->text, cu_num(x, md->value[i], 1));
            buf_append(&t->text, " (", 2);
            buf_puts(&t->text, md->labels[md->cls[i]]);
            buf_putc(&t->text, ')');
        }
        buf_putc(&t->text, '\0');
    }
}

static const char *title_of(const map_titles *t, size_t i)
{
    return t->text.data + t->off[i];
}

static void titles_free(map_titles *t)
{
    buf_free(&t->text);
    free(t->off);
}

static void map_desc(chart_ctx *x, const chart_map *in, const map_data *md, const map_titles *t,
                     buf *out)
{
    if (in->desc)
        buf_printf(out, "%s ", in->desc);
    else
        buf_printf(out, "%s, shaded by %s in five classes (the darker, the higher): ",
                   cu_or(in->title, "Map"), md->legend_title);
    for (int k = 0; k < PALETTE_MAP_CLASSES; k++) buf_printf(out, "%s%s", k ? ", " : "", md->labels[k]);
    buf_putc(out, '.');
    for (size_t r = 0; r < md->n; r++) {
        buf_putc(out, ' ');
        buf_puts(out, title_of(t, r));
        if (r == md->highlight) buf_printf(out, ", %s", x->words.highlighted);
        buf_putc(out, '.');
    }
    if (*md->attribution) buf_printf(out, " %s.", md->attribution);
}

/* ---- layout ----------------------------------------------------------------- */

typedef struct map_layout {
    double fs, pad, gap;
    double bw;              /* white border between Länder */
    double ow;              /* grey outer edge */
    double hw;              /* highlight outline */
    double margin;          /* strokes reach this far beyond the shapes */
    double sw, sh, sgap;    /* legend swatch size, swatch–label gap */
    double as;              /* attribution type size */
    bool beside;
    double s, ox, oy;       /* grid → chart: X = ox + s (x - fx0) */
    double fx0, fy0;        /* the frame's origin in grid units */
    double mw, mh;          /* map extent in chart units (without margin) */
    double lx, ly;          /* legend block top left */
    double col_w, col_gap;
    size_t cols;
    double legend_w, legend_h;
    double ax, ay;          /* attribution: right edge, top */
    double attr_w;          /* wrap width of the attribution */
    size_t attr_lines;
    double attr_h;
    double h_need;          /* the height this layout needs at its scale */
    bool ok;                /* everything fits */
} map_layout;

static void layout_sizes(map_layout *L, double fs)
{
    L->fs = fs;
    L->pad = 0.3 * fs;
    L->gap = 0.8 * fs;
    L->bw = fmax(0.35, 0.06 * fs);
    L->ow = 1.2 * L->bw;
    L->hw = 2.2 * L->bw;
    /* The highlight casing (hw + 2 bw wide) reaches furthest. */
    L->margin = fmax(L->ow / 2, L->hw / 2 + L->bw);
    L->sw = 1.5 * fs;
    L->sh = 0.9 * fs;
    L->sgap = 0.4 * fs;
    L->as = fmax(0.72 * fs, fmin(fs, 4.5));
    L->col_gap = 1.0 * fs;
}

static double line_pitch(const map_layout *L) { return CU_LINE * L->fs; }

/* Height of one legend entry whose label wraps into `lines` lines. */
static double entry_height(chart_ctx *x, const map_layout *L, size_t lines)
{
    double one = fmax(L->sh, cu_text_h(x, L->fs)) + 0.35 * L->fs;
    return (double)(lines > 1 ? lines - 1 : 0) * line_pitch(L) + one;
}

static size_t wrap_label(chart_ctx *x, const map_layout *L, const char *s, double width,
                         metrics_weight w, size_t max_lines)
{
    metrics_text_wrap(x->f, w, L->fs, s, fmax(width, L->fs), max_lines, &x->wrap);
    return x->wrap.count ? x->wrap.count : 1;
}

/* Natural (one-line) widths: the widest entry, the widest entry that must
 * not wrap (the classes and "keine Daten"; the region's name and the title
 * may take two lines), and the title. */
static void legend_natural(chart_ctx *x, const map_layout *L, const map_data *md, double *entry_w,
                           double *fixed_w, double *title_w)
{
    double w = 0, fw = 0;
    for (size_t i = 0; i < md->n_leg; i++) {
        bool hl = md->leg_kind[i] == LEG_HIGHLIGHT;
        double iw = L->sw + L->sgap +
                    metrics_str_width(x->f, hl ? METRICS_BOLD : METRICS_REGULAR, L->fs, md->leg_label[i]);
        w = fmax(w, iw);
        if (!hl) fw = fmax(fw, iw);
    }
    *entry_w = w;
    *fixed_w = fw;
    *title_w = metrics_str_width(x->f, METRICS_BOLD, L->fs, md->legend_title);
}

/* The legend column beside the map takes at most this share of the width. */
#define BESIDE_SHARE 0.4

/* Height of the legend in L->cols columns of L->col_w; sets legend_w/h. */
static void legend_measure(chart_ctx *x, map_layout *L, const map_data *md)
{
    L->legend_w = (double)L->cols * L->col_w + (double)(L->cols - 1) * L->col_gap;
    size_t tl = wrap_label(x, L, md->legend_title, L->legend_w, METRICS_BOLD, 2);
    double h = (double)(tl - 1) * line_pitch(L) + cu_text_h(x, L->fs) + 0.4 * L->fs;
    double label_w = L->col_w - L->sw - L->sgap;
    for (size_t i = 0; i < md->n_leg; i += L->cols) {
        double row = 0;
        for (size_t j = i; j < md->n_leg && j < i + L->cols; j++) {
            metrics_weight wt = md->leg_kind[j] == LEG_HIGHLIGHT ? METRICS_BOLD : METRICS_REGULAR;
            row = fmax(row, entry_height(x, L, wrap_label(x, L, md->leg_label[j], label_w, wt, 2)));
        }
        h += row;
    }
    L->legend_h = h;
}

/* Wraps the attribution to `width`; false when it would need more than
 * max_lines lines or a split word. */
static bool attr_fit(chart_ctx *x, map_layout *L, const map_data *md, double width,
                     size_t max_lines)
{
    if (!*md->attribution) {
        L->attr_lines = 0;
        L->attr_h = 0;
        L->attr_w = width;
        return true;
    }
    metrics_text_wrap(x->f, METRICS_REGULAR, L->as, md->attribution, width, max_lines, &x->wrap);
    size_t lines = x->wrap.count;
    bool ok = !x->wrap.truncated && !x->wrap.broke_word;
    /* Balance the lines: the narrowest width that needs no more of them
     * ("© GeoBasis-DE / BKG" / "2018 (Daten verändert)"). */
    double lo = 0, hi = width;
    for (int i = 0; ok && lines > 1 && i < 12; i++) {
        double mid = (lo + hi) / 2;
        metrics_text_wrap(x->f, METRICS_REGULAR, L->as, md->attribution, mid, max_lines, &x->wrap);
        if (x->wrap.count == lines && !x->wrap.truncated && !x->wrap.broke_word)
            hi = mid;
        else
            lo = mid;
    }
    L->attr_lines = lines;
    L->attr_w = hi;
    L->attr_h = lines ? (double)(lines - 1) * CU_LINE * L->as + cu_text_h(x, L->as) : 0;
    return ok;
}

/* Legend beside the map. h <= 0: natural height for the width. */
static void layout_beside(chart_ctx *x, map_layout *L, const map_data *md, double w, double h)
{
    double innerW = w - 2 * L->pad;
    double ew, fw, tw;
    legend_natural(x, L, md, &ew, &fw, &tw);
    L->beside = true;
    L->cols = 1;
    L->col_w = fmin(fmax(ew, tw), fmax(fw, BESIDE_SHARE * innerW - L->gap));
    legend_measure(x, L, md);
    double map_box_w = innerW - L->col_w - L->gap - 2 * L->margin;
    /* Attribution in the legend column (bottom right) if it fits there in
     * up to three lines, else in a strip along the bottom. */
    bool in_col = attr_fit(x, L, md, L->col_w, 3);
    double strip = 0;
    if (!in_col) {
        attr_fit(x, L, md, innerW, 2);
        strip = L->attr_h + 0.4 * L->fs;
    }
    double s = map_box_w / md->fw;
    if (h > 0) s = fmin(s, (h - 2 * L->pad - strip - 2 * L->margin) / md->fh);
    L->s = s;
    L->mw = s * md->fw;
    L->mh = s * md->fh;
    double col_need = L->legend_h + (in_col ? L->gap + L->attr_h : 0);
    double content_h = fmax(L->mh + 2 * L->margin, col_need);
    L->h_need = 2 * L->pad + content_h + strip;
    if (h <= 0) h = ceil(L->h_need);
    double total_w = L->mw + 2 * L->margin + L->gap + L->col_w;
    double left = L->pad + fmax(0, (innerW - total_w) / 2);
    L->ox = left + L->margin;
    L->oy = L->pad + L->margin;
    L->lx = left + L->mw + 2 * L->margin + L->gap;
    L->ly = L->pad;
    /* In the column: its right edge; in the strip: the canvas's. */
    L->ax = in_col ? L->lx + L->col_w : w - L->pad;
    if (in_col)
        L->ay = fmax(L->ly + L->legend_h + L->gap, L->pad + content_h - L->attr_h);
    else
        L->ay = h - L->pad - L->attr_h;
    L->ok = s > 0 && map_box_w > 0 && L->pad + content_h + strip <= h - L->pad + 1e-9 &&
            L->mh >= 3 * L->fs;
}

/* Legend (and attribution) below the map. */
static void layout_below(chart_ctx *x, map_layout *L, const map_data *md, double w, double h)
{
    double innerW = w - 2 * L->pad;
    double ew, fw, tw;
    legend_natural(x, L, md, &ew, &fw, &tw);
    (void)fw;
    (void)tw;
    L->beside = false;
    L->col_w = fmin(ew, innerW);
    size_t cols = (size_t)fmax(1, floor((innerW + L->col_gap) / (L->col_w + L->col_gap)));
    if (cols > md->n_leg) cols = md->n_leg;
    /* Balance the rows: as few columns as give the same number of rows. */
    size_t rows = (md->n_leg + cols - 1) / cols;
    while (cols > 1 && (md->n_leg + cols - 2) / (cols - 1) == rows) cols--;
    L->cols = cols;
    legend_measure(x, L, md);
    attr_fit(x, L, md, innerW, 2);
    double below = L->gap + L->legend_h + (L->attr_h > 0 ? 0.4 * L->fs + L->attr_h : 0);
    double s = (innerW - 2 * L->margin) / md->fw;
    if (h > 0) s = fmin(s, (h - 2 * L->pad - below - 2 * L->margin) / md->fh);
    L->s = s;
    L->mw = s * md->fw;
    L->mh = s * md->fh;
    L->h_need = 2 * L->pad + L->mh + 2 * L->margin + below;
    if (h <= 0) h = ceil(L->h_need);
    L->ox = L->pad + (innerW - L->mw) / 2;
    L->oy = L->pad + L->margin;
    double block_w = fmax(L->legend_w, L->mw + 2 * L->margin);
    double left = L->pad + (innerW - block_w) / 2;
    L->lx = left;
    L->ly = L->oy + L->mh + L->margin + L->gap;
    L->ax = fmax(left + block_w, L->lx + L->legend_w);
    if (L->ax > w - L->pad) L->ax = w - L->pad;
    L->ay = L->ly + L->legend_h + 0.4 * L->fs;
    L->ok = s > 0 && L->legend_w <= innerW + 1e-9 && L->ay + L->attr_h <= h - L->pad + 1e-9 &&
            L->mh >= 3 * L->fs;
}

/* Chooses the layout for a w × h canvas: the larger map wins, the type
 * shrinks until something fits. */
static void layout_choose(chart_ctx *x, map_layout *L, const map_data *md, double w, double h)
{
    double fs = x->fs;
    for (int iter = 0; iter < 40; iter++) {
        map_layout a, b;
        layout_sizes(&a, fs);
        layout_sizes(&b, fs);
        layout_beside(x, &a, md, w, h);
        layout_below(x, &b, md, w, h);
        if (a.ok || b.ok) {
            *L = (a.ok && (!b.ok || a.s >= b.s)) ? a : b;
            return;
        }
        if (fs <= MAP_MIN_FONT) {
            *L = a.s >= b.s ? a : b;
            return;
        }
        fs = fmax(MAP_MIN_FONT, fs * 0.9);
    }
}

double chart_map_height(const metrics_fonts *f, const chart_map *in, double width,
                        const chart_style *style)
{
    if (!map_valid(in) || !(width > 0)) return 0;
    chart_ctx x;
    cu_setup(&x, f, width, 0, style);
    map_data md;
    data_build(&x, in, &md);
    map_layout L;
    layout_sizes(&L, x.fs);
    layout_beside(&x, &L, &md, width, 0);
    if (L.col_w + L.gap > BESIDE_SHARE * (width - 2 * L.pad) + 1e-9) {
        layout_sizes(&L, x.fs);
        layout_below(&x, &L, &md, width, 0);
    }
    data_free(&md);
    cu_free(&x);
    return ceil(L.h_need);
}

/* ---- drawing ---------------------------------------------------------------- */

/* One region's rings in chart coordinates (reused scratch). */
typedef struct ring_set {
    double *xy;
    size_t n_pts, cap;
    size_t *start;          /* ring k is points start[k] … start[k+1]-1 */
    size_t n_rings, cap_rings;
} ring_set;

static void rings_load(ring_set *rs, const geo_region *g, const map_layout *L)
{
    size_t total = 0;
    for (size_t k = 0; k < g->n_rings; k++) total += g->rings[k].n;
    if (total > rs->cap) {
        rs->cap = total;
        rs->xy = xrealloc(rs->xy, 2 * total * sizeof *rs->xy);
    }
    if (g->n_rings + 1 > rs->cap_rings) {
        rs->cap_rings = g->n_rings + 1;
        rs->start = xrealloc(rs->start, rs->cap_rings * sizeof *rs->start);
    }
    size_t p = 0;
    rs->n_rings = 0;
    for (size_t k = 0; k < g->n_rings; k++) {
        const geo_ring *r = &g->rings[k];
        if (r->n < 3) continue;
        rs->start[rs->n_rings++] = p;
        for (size_t i = 0; i < r->n; i++) {
            /* A tenth of a unit is finer than any output shows, and keeps
             * the SVG a tenth smaller than two decimals would. */
            rs->xy[2 * p] = round(10 * (L->ox + L->s * (r->xy[2 * i] - L->fx0))) / 10;
            rs->xy[2 * p + 1] = round(10 * (L->oy + L->s * (r->xy[2 * i + 1] - L->fy0))) / 10;
            p++;
        }
    }
    rs->start[rs->n_rings] = p;
    rs->n_pts = p;
}

static void rings_path(canvas *c, const ring_set *rs)
{
    for (size_t k = 0; k < rs->n_rings; k++) {
        const double *v = rs->xy + 2 * rs->start[k];
        size_t n = rs->start[k + 1] - rs->start[k];
        canvas_move_to(c, v[0], v[1]);
        for (size_t i = 1; i < n; i++) canvas_line_to(c, v[2 * i], v[2 * i + 1]);
        canvas_close_path(c);
    }
}

typedef struct cut {
    double t;
    int dir;
} cut;

static int cut_cmp(const void *pa, const void *pb)
{
    const cut *a = pa, *b = pb;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    return a->dir - b->dir;
}

/* Hatches the area of rs (non-zero winding) with lines x + y = const every
 * `spacing` units, anchored at 0 so neighbouring hatches line up; adds them
 * to the current path as separate segments. */
enum { MAP_MAX_HATCH_LINES = 20000 };

static void hatch_path(canvas *c, const ring_set *rs, double spacing, cut **scratch, size_t *cap)
{
    if (rs->n_pts == 0) return;
    double umin = INFINITY, umax = -INFINITY;
    for (size_t i = 0; i < rs->n_pts; i++) {
        double u = rs->xy[2 * i] + rs->xy[2 * i + 1];
        umin = fmin(umin, u);
        umax = fmax(umax, u);
    }
    if (*cap < rs->n_pts) {
        *cap = rs->n_pts;
        *scratch = xrealloc(*scratch, *cap * sizeof **scratch);
    }
    cut *cuts = *scratch;
    /* An integer count of lines, bounded: a double counter stops advancing
     * past 2^53, and a degenerate scale would ask for billions of lines. */
    double k0 = ceil(umin / spacing), lines = floor(umax / spacing) - k0 + 1;
    if (!(lines >= 1 && lines <= MAP_MAX_HATCH_LINES)) return;
    for (long j = 0; j < (long)lines; j++) {
        double u0 = (k0 + (double)j) * spacing;
        size_t nc = 0;
        for (size_t r = 0; r < rs->n_rings; r++) {
            size_t a = rs->start[r], n = rs->start[r + 1] - a;
            for (size_t i = 0; i < n; i++) {
                const double *p = rs->xy + 2 * (a + i);
                const double *q = rs->xy + 2 * (a + (i + 1) % n);
                double fp = p[0] + p[1] - u0, fq = q[0] + q[1] - u0;
                if ((fp > 0) == (fq > 0)) continue;
                double al = fp / (fp - fq);
                double tp = p[0] - p[1], tq = q[0] - q[1];
                cuts[nc].t = tp + al * (tq - tp);
                cuts[nc].dir = fq > fp ? 1 : -1;
                nc++;
            }
        }
        qsort(cuts, nc, sizeof *cuts, cut_cmp);
        int wind = 0;
        double t0 = 0;
        for (size_t i = 0; i < nc; i++) {
            int before = wind;
            wind += cuts[i].dir;
            if (before == 0 && wind != 0) t0 = cuts[i].t;
            if (before != 0 && wind == 0 && cuts[i].t > t0) {
                /* Back from (u, t) to (x, y): x = (u + t) / 2, y = (u - t) / 2. */
                canvas_move_to(c, (u0 + t0) / 2, (u0 - t0) / 2);
                canvas_line_to(c, (u0 + cuts[i].t) / 2, (u0 - cuts[i].t) / 2);
            }
        }
    }
}

/* ---- the map's outer edge ------------------------------------------------ */

/* Edges of the grid shapes, undirected, counted: an edge used by one ring
 * only lies on the outer edge of the map (coast, national border, a lake);
 * one used twice is a border between two Länder. The committed map shares
 * the vertices of common borders exactly, so about four fifths of all edges
 * are shared and the grey edge needs only the rest. */
typedef struct edge_key {
    long x0, y0, x1, y1;
    int count;              /* rings using the edge; 0 = empty slot */
    size_t owner;           /* the first region that used it: draws it */
} edge_key;

typedef struct edge_set {
    edge_key *slot;
    size_t mask;
    /* Each ring edge's slot, so the border passes look none up again: edge
     * i of ring k of region r is ref[first[r] + (points of rings before k)
     * + i]. The table is never resized, so the pointers stay valid. */
    const edge_key **ref;
    size_t *first;          /* md->n + 1 */
} edge_set;

static edge_key edge_make(const double *p, const double *q)
{
    long ax = lround(p[0]), ay = lround(p[1]), bx = lround(q[0]), by = lround(q[1]);
    if (ax > bx || (ax == bx && ay > by)) {
        long t = ax;
        ax = bx;
        bx = t;
        t = ay;
        ay = by;
        by = t;
    }
    edge_key k = {ax, ay, bx, by, 0, 0};
    return k;
}

static edge_key *edge_slot(const edge_set *es, edge_key k)
{
    uint64_t h = (uint64_t)k.x0 * 0x9E3779B97F4A7C15u ^ (uint64_t)k.y0 * 0xC2B2AE3D27D4EB4Fu ^
                 (uint64_t)k.x1 * 0x165667B19E3779F9u ^ (uint64_t)k.y1 * 0x27D4EB2F165667C5u;
    h ^= h >> 29;
    for (size_t i = (size_t)h & es->mask;; i = (i + 1) & es->mask) {
        edge_key *e = &es->slot[i];
        if (e->count == 0 || (e->x0 == k.x0 && e->y0 == k.y0 && e->x1 == k.x1 && e->y1 == k.y1))
            return e;
    }
}

static void edges_build(edge_set *es, const map_data *md)
{
    size_t n = 0;
    for (size_t r = 0; r < md->n; r++)
        for (size_t k = 0; k < md->reg[r]->n_rings; k++) n += md->reg[r]->rings[k].n;
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    es->slot = xcalloc(cap, sizeof *es->slot);
    es->mask = cap - 1;
    es->ref = xmalloc((n ? n : 1) * sizeof *es->ref);
    es->first = xmalloc((md->n + 1) * sizeof *es->first);
    size_t at = 0;
    for (size_t r = 0; r < md->n; r++) {
        es->first[r] = at;
        for (size_t k = 0; k < md->reg[r]->n_rings; k++) {
            const geo_ring *g = &md->reg[r]->rings[k];
            if (g->n < 3) {
                at += g->n;
                continue;
            }
            for (size_t i = 0; i < g->n; i++) {
                edge_key key = edge_make(g->xy + 2 * i, g->xy + 2 * ((i + 1) % g->n));
                edge_key *e = edge_slot(es, key);
                if (e->count == 0) {
                    *e = key;
                    e->owner = r;
                }
                e->count++;
                es->ref[at++] = e;
            }
        }
    }
    es->first[md->n] = at;
}

static void edges_free(edge_set *es)
{
    free(es->slot);
    free(es->ref);
    free(es->first);
}

/* Which edges of region r a border pass draws: the outer ones (used by one
 * ring), or the shared ones that region r owns, so each is drawn once. */
static bool edge_drawn(const edge_key *const *ref, size_t i, size_t r, bool outer)
{
    const edge_key *e = ref[i];
    return outer ? e->count == 1 : e->count >= 2 && e->owner == r;
}

/* Adds region r's outer or owned shared edges to the path, as polylines. */
static void edges_path(canvas *c, const edge_set *es, size_t r, const geo_region *reg,
                       const ring_set *rs, bool outer)
{
    size_t kk = 0;
    const edge_key *const *ref = es->ref + es->first[r];
    for (size_t k = 0; k < reg->n_rings; ref += reg->rings[k++].n) {
        const geo_ring *g = &reg->rings[k];
        if (g->n < 3) continue;
        const double *v = rs->xy + 2 * rs->start[kk++];
        size_t n = g->n;
        /* Start after an edge not drawn, so no chain is cut at the ring's start. */
        size_t first = n;
        for (size_t i = 0; i < n; i++)
            if (!edge_drawn(ref, (i + n - 1) % n, r, outer)) {
                first = i;
                break;
            }
        if (first == n) { /* every edge: the whole ring */
            canvas_move_to(c, v[0], v[1]);
            for (size_t i = 1; i < n; i++) canvas_line_to(c, v[2 * i], v[2 * i + 1]);
            canvas_close_path(c);
            continue;
        }
        bool open = false;
        for (size_t j = 0; j < n; j++) {
            size_t i = (first + j) % n, i1 = (i + 1) % n;
            if (edge_drawn(ref, i, r, outer)) {
                if (!open) canvas_move_to(c, v[2 * i], v[2 * i + 1]);
                canvas_line_to(c, v[2 * i1], v[2 * i1 + 1]);
                open = true;
            } else {
                open = false;
            }
        }
    }
}

/* Whether region i is too small to see at the map's scale: it gets a dot. */
static bool region_small(const map_layout *L, const map_data *md, size_t i)
{
    const double *b = md->box + 4 * i;
    return fmax(b[2] - b[0], b[3] - b[1]) * L->s < 0.6 * L->fs;
}

static void region_dot(canvas *c, const map_layout *L, const map_data *md, size_t i, double r)
{
    const double *b = md->box + 4 * i;
    canvas_circle(c, L->ox + L->s * ((b[0] + b[2]) / 2 - L->fx0),
                  L->oy + L->s * ((b[1] + b[3]) / 2 - L->fy0), r);
}

static void draw_map(chart_ctx *x, const map_layout *L, const chart_map *in, const map_data *md,
                     const map_titles *titles)
{
    (void)in;
    canvas *c = x->c;
    ring_set rs = {0};
    cut *cuts = NULL;
    size_t cap_cuts = 0;
    const double hatch_gap = fmax(1.5, 0.35 * L->fs);
    const double hatch_w = fmax(0.3, 0.045 * L->fs);
    const double dot_r = 0.3 * L->fs;
    edge_set es;
    edges_build(&es, md);
    /* Each region's title, for a canvas that keeps it. */
    const bool titled = canvas_keeps_group_titles(c);

    canvas_group_begin(c, "map");
    /* Steps 1 to 3 do not depend on which region is marked: the briefings
     * of a Kreis' Gemeinden (a Land's Kreise) share them, and a PNG canvas
     * with a cache rasterises them once (canvas_layer_begin). */
    canvas_layer_begin(c);
    /* (1) Each region in its class colour; "keine Daten" hatched; a region
     * too small to see also gets a dot (drawn last, over the borders). */
    for (size_t r = 0; r < md->n; r++) {
        int k = md->cls[r];
        canvas_group_begin_titled(c, k < 0 ? "land nodata" : "land",
                                  titled ? title_of(titles, r) : NULL);
        rings_load(&rs, md->reg[r], L);
        rings_path(c, &rs);
        canvas_paint p = {true, k < 0 ? PALETTE_MAP_NODATA : palette_map_classes[k], 0, 0,
                          CANVAS_SOLID, false};
        canvas_draw(c, &p);
        if (k < 0) {
            hatch_path(c, &rs, hatch_gap, &cuts, &cap_cuts);
            canvas_paint hp = {false, 0, hatch_w, PALETTE_MAP_HATCH, CANVAS_SOLID, false};
            canvas_draw(c, &hp);
        }
        canvas_group_end(c);
    }

    /* (2) Borders, each edge once: white between regions, grey outside. */
    for (int pass = 0; pass < 2; pass++) {
        bool outer = pass == 1;
        for (size_t r = 0; r < md->n; r++) {
            rings_load(&rs, md->reg[r], L);
            edges_path(c, &es, r, md->reg[r], &rs, outer);
        }
        canvas_paint bp = {false, 0, outer ? L->ow : L->bw,
                           outer ? PALETTE_MAP_OUTLINE : PALETTE_MAP_BORDER, CANVAS_SOLID, true};
        canvas_group_begin(c, outer ? "edge" : "borders");
        canvas_draw(c, &bp);
        canvas_group_end(c);
    }

    /* (3) Dots for the regions too small to see. */
    for (size_t r = 0; r < md->n; r++) {
        if (!region_small(L, md, r) || r == md->highlight) continue;
        int k = md->cls[r];
        canvas_group_begin_titled(c, "small", titled ? title_of(titles, r) : NULL);
        region_dot(c, L, md, r, dot_r);
        canvas_paint p = {true, k < 0 ? PALETTE_MAP_NODATA : palette_map_classes[k], L->ow,
                          PALETTE_MAP_OUTLINE, CANVAS_SOLID, false};
        canvas_draw(c, &p);
        canvas_group_end(c);
    }

    canvas_layer_end(c);

    /* (4) The region, outlined over a white casing (a dot when small). */
    if (md->highlight < md->n) {
        size_t r = md->highlight;
        canvas_group_begin(c, "land highlight");
        bool small = region_small(L, md, r);
        if (small) {
            int k = md->cls[r];
            region_dot(c, L, md, r, dot_r + L->hw / 2);
            canvas_paint casing = {true, k < 0 ? PALETTE_MAP_NODATA : palette_map_classes[k],
                                   L->hw + 2 * L->bw, PALETTE_WHITE, CANVAS_SOLID, false};
            canvas_draw(c, &casing);
            region_dot(c, L, md, r, dot_r + L->hw / 2);
        } else {
            rings_load(&rs, md->reg[r], L);
            rings_path(c, &rs);
            canvas_paint casing = {false, 0, L->hw + 2 * L->bw, PALETTE_WHITE, CANVAS_SOLID, true};
            canvas_draw(c, &casing);
            rings_path(c, &rs);
        }
        canvas_paint line = {false, 0, L->hw, PALETTE_MAP_HIGHLIGHT, CANVAS_SOLID, true};
        canvas_draw(c, &line);
        /* The region keeps its fill: the inner half of casing and outline
         * is painted over again, so a small Land (Bremen) stays coloured. */
        int k = md->cls[md->highlight];
        rings_path(c, &rs);
        canvas_paint fill = {true, k < 0 ? PALETTE_MAP_NODATA : palette_map_classes[k], 0, 0,
                             CANVAS_SOLID, false};
        canvas_draw(c, &fill);
        rings_path(c, &rs);
        canvas_paint edge = {false, 0, L->bw, PALETTE_MAP_HIGHLIGHT, CANVAS_SOLID, true};
        canvas_draw(c, &edge);
        canvas_group_end(c);
    }
    canvas_group_end(c);
    edges_free(&es);
    free(rs.xy);
    free(rs.start);
    free(cuts);
}

static void draw_swatch(chart_ctx *x, const map_layout *L, int kind, int hl_class, double sx,
                        double sy)
{
    canvas *c = x->c;
    double ow = fmax(0.4, 0.07 * L->fs);
    if (kind == LEG_HIGHLIGHT) {
        /* The region's own class colour inside the outline, as on the map. */
        canvas_rect(c, sx + L->hw / 2, sy + L->hw / 2, L->sw - L->hw, L->sh - L->hw);
        canvas_paint p = {true, hl_class < 0 ? PALETTE_MAP_NODATA : palette_map_classes[hl_class],
                          L->hw, PALETTE_MAP_HIGHLIGHT, CANVAS_SOLID, false};
        canvas_draw(c, &p);
        return;
    }
    bool nodata = kind == LEG_NODATA;
    canvas_rect(c, sx, sy, L->sw, L->sh);
    canvas_paint fill = {true, nodata ? PALETTE_MAP_NODATA : palette_map_classes[kind], 0, 0,
                         CANVAS_SOLID, false};
    canvas_draw(c, &fill);
    if (nodata) {
        double pts[8] = {sx, sy, sx + L->sw, sy, sx + L->sw, sy + L->sh, sx, sy + L->sh};
        size_t start[2] = {0, 4};
        ring_set rs = {pts, 4, 4, start, 1, 2};
        cut *cuts = NULL;
        size_t cap = 0;
        hatch_path(c, &rs, fmax(1.5, 0.35 * L->fs), &cuts, &cap);
        free(cuts);
        canvas_paint hp = {false, 0, fmax(0.3, 0.045 * L->fs), PALETTE_MAP_HATCH, CANVAS_SOLID,
                           false};
        canvas_draw(c, &hp);
    }
    canvas_rect(c, sx + ow / 2, sy + ow / 2, L->sw - ow, L->sh - ow);
    canvas_paint outline = {false, 0, ow, PALETTE_MUTED, CANVAS_SOLID, false};
    canvas_draw(c, &outline);
}

static void draw_legend(chart_ctx *x, const map_layout *L, const map_data *md)
{
    canvas *c = x->c;
    const double fs = L->fs;
    const double cap = metrics_cap_height(x->f, METRICS_REGULAR, fs);
    canvas_group_begin(c, "legend");
    canvas_text_style ts = cu_style(METRICS_BOLD, fs, PALETTE_TEXT, CANVAS_START, CANVAS_TOP);
    size_t tl = wrap_label(x, L, md->legend_title, L->legend_w, METRICS_BOLD, 2);
    for (size_t k = 0; k < tl && k < x->wrap.count; k++)
        canvas_text(c, L->lx, L->ly + (double)k * line_pitch(L), metrics_wrap_line(&x->wrap, k), &ts);
    double y = L->ly + (double)(tl - 1) * line_pitch(L) + cu_text_h(x, fs) + 0.4 * fs;
    double label_w = L->col_w - L->sw - L->sgap;
    for (size_t i = 0; i < md->n_leg; i += L->cols) {
        double row = 0;
        for (size_t j = i; j < md->n_leg && j < i + L->cols; j++) {
            int kind = md->leg_kind[j];
            metrics_weight wt = kind == LEG_HIGHLIGHT ? METRICS_BOLD : METRICS_REGULAR;
            size_t lines = wrap_label(x, L, md->leg_label[j], label_w, wt, 2);
            double eh = entry_height(x, L, lines);
            row = fmax(row, eh);
            double cx = L->lx + (double)(j - i) * (L->col_w + L->col_gap);
            /* Swatch centred on the first line. */
            double first_mid = y + (fmax(L->sh, cu_text_h(x, fs)) + 0.35 * fs) / 2;
            draw_swatch(x, L, kind, md->highlight != SIZE_MAX ? md->cls[md->highlight] : -1,
                        cx, first_mid - L->sh / 2);
            canvas_text_style st = cu_style(wt, fs, PALETTE_TEXT, CANVAS_START, CANVAS_ALPHABETIC);
            for (size_t k = 0; k < x->wrap.count; k++)
                canvas_text(c, cx + L->sw + L->sgap, first_mid + cap / 2 + (double)k * line_pitch(L),
                            metrics_wrap_line(&x->wrap, k), &st);
        }
        y += row;
    }
    canvas_group_end(c);
}

static void draw_attribution(chart_ctx *x, const map_layout *L, const map_data *md)
{
    if (!*md->attribution) return;
    canvas *c = x->c;
    metrics_text_wrap(x->f, METRICS_REGULAR, L->as, md->attribution, L->attr_w, 3, &x->wrap);
    canvas_text_style st = cu_style(METRICS_REGULAR, L->as, PALETTE_MUTED, CANVAS_END, CANVAS_TOP);
    canvas_group_begin(c, "attribution");
    for (size_t k = 0; k < x->wrap.count; k++)
        canvas_text(c, L->ax, L->ay + (double)k * CU_LINE * L->as, metrics_wrap_line(&x->wrap, k), &st);
    canvas_group_end(c);
}

bool chart_map_draw(canvas *c, const chart_map *in, const chart_style *style, diag *d)
{
    if (!map_valid(in)) {
        if (d)
            diag_error(d, NULL, NULL, "pass the Länder map (geo_map_load) and up to 1000 values",
                       "map chart: %s", in && in->map ? "unusable input" : "no map");
        return false;
    }
    chart_ctx x;
    cu_init(&x, c, style);
    map_data md;
    data_build(&x, in, &md);

    map_titles titles = {BUF_INIT, NULL};
    bool want_titles = canvas_keeps_description(c) || canvas_keeps_group_titles(c);
    if (want_titles) titles_build(&x, &md, &titles);
    if (canvas_keeps_description(c)) {
        buf desc = BUF_INIT;
        map_desc(&x, in, &md, &titles, &desc);
        canvas_describe(c, cu_or(in->title, "Map"), buf_cstr(&desc));
        buf_free(&desc);
    }

    map_layout L;
    layout_choose(&x, &L, &md, x.w, x.h);
    L.fx0 = md.fx0;
    L.fy0 = md.fy0;
    draw_map(&x, &L, in, &md, want_titles ? &titles : NULL);
    draw_legend(&x, &L, &md);
    draw_attribution(&x, &L, &md);

    if (want_titles) titles_free(&titles);
    data_free(&md);
    cu_free(&x);
    return true;
}
