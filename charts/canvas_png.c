/* canvas_png: cairo image surface → PNG bytes (see canvas.h).
 *
 * Text uses cairo-ft with the very FreeType faces metrics.c measured, and
 * metric hinting off, so glyph advances are the unhinted ones our layout
 * used. We never touch cairo's toy font API (it would start fontconfig and
 * could pick another font).
 *
 * The PNG file is written here (chunks by hand, deflate by libdeflate)
 * rather than by cairo, whose
 * writer compresses at zlib's default level (6) and tries every filter on
 * every row: about 19 ms for a 960 × 800 chart. Charts are large flat
 * areas, thin lines and grey-antialiased text. Measured on the five chart
 * fixtures at 960 px (zlib levels 1–6, strategies default, filtered and
 * RLE, filters none, sub, up, Paeth and adaptive, RGB and palette):
 *   - an 8-bit palette image is the fastest and the smallest: a third of
 *     the bytes reach zlib, and the files are half the RGB size;
 *   - with flat areas, filter "none" beats every filter on speed and size
 *     (zlib finds the repeats of the row above by itself), and the default
 *     strategy beats Z_RLE and Z_FILTERED;
 *   - level 2 costs the same as level 1 and is 2 % smaller; 3 and up cost
 *     more for little.
 * So: palette (see pal_build: the 256 most frequent colours, any other
 * edge shade mapped to the nearest; RGB when that would touch more than
 * 2 % of the pixels), filter none. The deflate step was then moved from
 * zlib (via libpng) to libdeflate, which compresses the same rows about
 * twice as fast at equal or smaller size; and then (session 20) from
 * libdeflate to png_deflate, which looks only for runs, copies of the row
 * above and repeats of four bytes at literal positions: 3.6 times as fast
 * as libdeflate level 1, files 1.3 % smaller on 17 real charts (`bench png`,
 * docs/performance.md). With these matches, filter "none" stays best.
 * Rows equal to the row above (margins, bars, flat areas) are recognised
 * with one memcmp and not scanned again.
 * An RGB image (in practice a map) is compressed in bands of PNG_BAND_ROWS
 * rows (png_deflate_bands): a worker's next map (the next Gemeinde of the
 * same Kreis) repeats about 60 % of the bands, whose stream is copied
 * (session 21: 2.7 → 2.2 ms per Gemeinde map, files 0.5 % larger).
 *
 * Output is deterministic: only IHDR, PLTE, IDAT and IEND chunks (no time,
 * text or gamma), the palette ordered by frequency, then colour. */
#include "canvas.h"
#include "canvas_impl.h"
#include "metrics_priv.h"
#include "png_deflate.h"
#include "sort_u64.h"

#include <cairo.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <math.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct png_canvas {
    canvas base;
    buf *out; /* borrowed */
    buf text; /* iTXt chunks to write (canvas_png_set_text), serialised */
    cairo_surface_t *surface;
    cairo_t *cr;
    cairo_font_options_t *font_options;
    double scale;
    /* A layer being recorded (canvas_layer_begin), with its cache. */
    canvas_png_cache *cache;   /* borrowed; NULL = layers are drawn at once */
    bool layer;                /* recording */
    buf rec;                   /* the layer's paths, serialised */
    canvas_box bounds;         /* what they cover, stroke included (chart units) */
    canvas_path scratch;       /* a path read back from rec */
} png_canvas;

static void set_rgb(cairo_t *cr, canvas_color c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0,
                         (c & 0xFF) / 255.0);
}

/* What path_draw paints of a path: its fill, its stroke, or both. */
enum { PART_FILL = 1, PART_STROKE = 2, PART_BOTH = 3 };

/* Draws path p on cr with paint, the parts asked for; black: in opaque
 * black whatever the paint's colours (a coverage mask, see layer_cover). */
static void path_draw(cairo_t *cr, const canvas_path *p, const canvas_paint *paint, int parts,
                      bool black)
{
    const double *v = p->pts;
    size_t k = 0;
    cairo_new_path(cr);
    for (size_t i = 0; i < p->nops; i++) {
        const double *a = v + k;
        switch ((canvas_op)p->ops[i]) {
        case CANVAS_OP_MOVE: cairo_move_to(cr, a[0], a[1]); break;
        case CANVAS_OP_LINE: cairo_line_to(cr, a[0], a[1]); break;
        case CANVAS_OP_CURVE: cairo_curve_to(cr, a[0], a[1], a[2], a[3], a[4], a[5]); break;
        case CANVAS_OP_CLOSE: cairo_close_path(cr); break;
        case CANVAS_OP_RECT: cairo_rectangle(cr, a[0], a[1], a[2], a[3]); break;
        case CANVAS_OP_CIRCLE:
            cairo_new_sub_path(cr);
            cairo_arc(cr, a[0], a[1], a[2], 0, 2 * M_PI);
            cairo_close_path(cr);
            break;
        }
        k += canvas_op_arity[p->ops[i]];
    }
    bool stroke = (parts & PART_STROKE) && paint->line_width > 0;
    if ((parts & PART_FILL) && paint->fill) {
        set_rgb(cr, black ? 0 : paint->fill_color);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
        if (stroke)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (stroke) {
        set_rgb(cr, black ? 0 : paint->stroke_color);
        cairo_set_line_width(cr, paint->line_width);
        double dash[2];
        size_t nd = canvas_dash_pattern(paint, dash);
        cairo_set_dash(cr, dash, (int)nd, 0);
        bool round = paint->round || paint->dash == CANVAS_DOTTED;
        cairo_set_line_cap(cr, round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
        cairo_set_line_join(cr, round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

static void pc_path_draw(png_canvas *pc, const canvas_path *p, const canvas_paint *paint)
{
    path_draw(pc->cr, p, paint, PART_BOTH, false);
}

/* ---- layers (canvas_layer_begin) --------------------------------------------- */

/* A thread's rasterised layers. An entry is the recording of a layer (every
 * path with its paint, byte for byte), where it was drawn (surface size,
 * scale, the pixel rectangle its paths can touch), and either
 * - (a pixel entry) the one colour every pixel of that rectangle had
 *   before, and the rectangle's pixels after: rasterising is a function of
 *   exactly these, so copying the pixels gives what drawing would; or
 * - (a coverage entry, for a layer drawn over pixels of several colours,
 *   such as the radar's grid over the region's area) what cairo composites
 *   for each fill and stroke: its colour and, as runs, the coverage of
 *   every pixel it touches. cairo paints an opaque colour over an RGB24
 *   image span by span, each pixel becoming lerp8x4(colour, coverage,
 *   pixel) (cairo-image-compositor.c, _fill_xrgb32_lerp_opaque_spans);
 *   layer_cover applies the same to whatever lies underneath. The
 *   coverage is read from an A8 image the path is drawn on in black
 *   (mul8_8(a, 255) == a, so the A8 value is the coverage). An entry is
 *   used only if, when it was made, applying it to the pixels before gave
 *   exactly what cairo drew (usable); otherwise such a layer is drawn. */
enum { LAYER_SLOTS = 4 };

typedef struct cover_run {
    int32_t y, x0, x1;         /* pixels [x0, x1) of row y */
    uint32_t a;                /* coverage 1 … 255 */
} cover_run;

typedef struct cover_op {
    uint32_t pixel;            /* the colour as cairo writes it: 0xFFRRGGBB */
    size_t end;                /* its runs end here (runs of op k - 1 before) */
} cover_op;

typedef struct layer_entry {
    char *rec;
    size_t len;
    int w, h, x0, y0, x1, y1;
    double scale;
    uint32_t before;
    uint32_t *pixels;          /* pixel entry: (x1 - x0) × (y1 - y0); else NULL */
    bool cover, usable;        /* a coverage entry; it reproduced cairo exactly */
    cover_run *runs;
    size_t n_runs;
    cover_op *ops;
    size_t n_ops;
    uint64_t used;             /* for replacing the least recently used */
} layer_entry;

static void entry_clear(layer_entry *e)
{
    free(e->rec);
    free(e->pixels);
    free(e->runs);
    free(e->ops);
    *e = (layer_entry){0};
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Whether the SIMD paths may run: always, unless DIGINDEX_PORTABLE is set in
 * the environment, which makes every chart take the portable code (the
 * tests compare both; the bytes must be the same). Read once. */
static bool simd_off;
static pthread_once_t simd_once = PTHREAD_ONCE_INIT;

static void simd_read_env(void)
{
    const char *e = getenv("DIGINDEX_PORTABLE");
    simd_off = e && *e;
}

static bool simd_allowed(void)
{
    pthread_once(&simd_once, simd_read_env);
    return !simd_off;
}
#endif

struct canvas_png_cache {
    layer_entry e[LAYER_SLOTS];
    uint64_t clock;
    /* Buffers the next canvas reuses: its pixels, the PNG rows before and
     * after deflate, the compressor (each a few MB or hundreds of KB, and
     * allocated afresh they cost page faults and clearing every chart). */
    unsigned char *surface;
    size_t surface_cap;
    unsigned char *raw, *z;
    size_t raw_cap, z_cap;
    png_deflate *comp;
    struct png_palette *pal; /* the colour table and runs of pal_build */
    /* pal->white holds for the first clean_rows rows of surface (at
     * clean_stride bytes a row) whether they are white; 0: nothing known. */
    int clean_rows, clean_stride;
};

canvas_png_cache *canvas_png_cache_new(void)
{
    return xcalloc(1, sizeof(canvas_png_cache));
}

static void pal_free(struct png_palette *p);

void canvas_png_cache_free(canvas_png_cache *cache)
{
    if (!cache) return;
    for (int i = 0; i < LAYER_SLOTS; i++) entry_clear(&cache->e[i]);
    free(cache->surface);
    free(cache->raw);
    free(cache->z);
    png_deflate_free(cache->comp);
    pal_free(cache->pal);
    free(cache);
}

static void rec_put(buf *b, const void *v, size_t n)
{
    buf_append(b, (const char *)v, n);
}

/* Appends a path and its paint to the layer's recording, field by field
 * (no padding bytes), and widens the bounds by what the paint covers. */
static void layer_record(png_canvas *pc, const canvas_path *p, const canvas_paint *paint)
{
    buf *b = &pc->rec;
    unsigned char flags = (unsigned char)((paint->fill ? 1 : 0) | (paint->round ? 2 : 0));
    unsigned char dash = (unsigned char)paint->dash;
    uint64_t nops = p->nops, npts = p->npts;
    rec_put(b, &flags, 1);
    rec_put(b, &dash, 1);
    rec_put(b, &paint->fill_color, sizeof paint->fill_color);
    rec_put(b, &paint->stroke_color, sizeof paint->stroke_color);
    rec_put(b, &paint->line_width, sizeof paint->line_width);
    rec_put(b, &nops, sizeof nops);
    rec_put(b, &npts, sizeof npts);
    rec_put(b, p->ops, p->nops);
    rec_put(b, p->pts, p->npts * sizeof *p->pts);
    canvas_box bx = canvas_path_bounds(p);
    /* A stroke reaches half its width beyond the path, a miter join at most
     * cairo's miter limit (10) times that. */
    double e = paint->line_width > 0 ? 5 * paint->line_width : 0;
    pc->bounds.x0 = fmin(pc->bounds.x0, bx.x0 - e);
    pc->bounds.y0 = fmin(pc->bounds.y0, bx.y0 - e);
    pc->bounds.x1 = fmax(pc->bounds.x1, bx.x1 + e);
    pc->bounds.y1 = fmax(pc->bounds.y1, bx.y1 + e);
}

static void rec_get(const char **q, void *v, size_t n)
{
    memcpy(v, *q, n);
    *q += n;
}

/* Reads the next path of a recording at *q into p (its buffers grown as
 * needed) and its paint; false at the end. */
static bool rec_next(const char **q, const char *end, canvas_path *p, canvas_paint *paint)
{
    if (!*q || *q >= end) return false;
    unsigned char flags, dash;
    uint64_t nops, npts;
    rec_get(q, &flags, 1);
    rec_get(q, &dash, 1);
    rec_get(q, &paint->fill_color, sizeof paint->fill_color);
    rec_get(q, &paint->stroke_color, sizeof paint->stroke_color);
    rec_get(q, &paint->line_width, sizeof paint->line_width);
    rec_get(q, &nops, sizeof nops);
    rec_get(q, &npts, sizeof npts);
    paint->fill = flags & 1;
    paint->round = flags & 2;
    paint->dash = (canvas_dash)dash;
    if (nops > p->cap_ops) {
        p->cap_ops = nops;
        p->ops = xrealloc(p->ops, nops);
    }
    if (npts > p->cap_pts) {
        p->cap_pts = npts;
        p->pts = xrealloc(p->pts, npts * sizeof *p->pts);
    }
    p->nops = nops;
    p->npts = npts;
    rec_get(q, p->ops, nops);
    rec_get(q, p->pts, npts * sizeof *p->pts);
    return true;
}

/* Draws the recorded paths, in order, as pc_path would have. */
static void layer_replay(png_canvas *pc)
{
    const char *q = pc->rec.data, *end = pc->rec.data + pc->rec.len;
    canvas_paint paint;
    while (rec_next(&q, end, &pc->scratch, &paint)) pc_path_draw(pc, &pc->scratch, &paint);
}

/* ---- coverage entries --------------------------------------------------------- */

/* cairo's lerp of an opaque colour over a pixel by coverage a, to the bit
 * (cairo-image-compositor.c: mul8x2_8, add8x2_8x2, lerp8x4). */
static inline uint32_t mul8x2_8(uint32_t a, uint32_t b)
{
    uint32_t t = (a & 0x00ff00ffu) * b + 0x007f007fu;
    return ((t + ((t >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
}

static inline uint32_t add8x2_8x2(uint32_t a, uint32_t b)
{
    uint32_t t = a + b;
    t |= 0x01000100u - ((t >> 8) & 0x00ff00ffu);
    return t & 0x00ff00ffu;
}

static inline uint32_t lerp8x4(uint32_t src, uint32_t a, uint32_t dst)
{
    uint32_t ia = 255 - a;
    return add8x2_8x2(mul8x2_8(src, a), mul8x2_8(dst, ia)) |
           add8x2_8x2(mul8x2_8(src >> 8, a), mul8x2_8(dst >> 8, ia)) << 8;
}

/* Composites a coverage entry onto the pixels at data: rows of stride
 * bytes, the surface's pixel (ox, oy) first (runs lie at or past it). */
static void cover_apply(const layer_entry *e, unsigned char *data, size_t stride, int ox, int oy)
{
    size_t r = 0;
    for (size_t k = 0; k < e->n_ops; k++) {
        uint32_t px = e->ops[k].pixel;
        for (; r < e->ops[k].end; r++) {
            const cover_run *u = &e->runs[r];
            uint32_t *d = (uint32_t *)(void *)(data + (size_t)(u->y - oy) * stride) - ox;
            if (u->a == 255)
                for (int x = u->x0; x < u->x1; x++) d[x] = px;
            else
                for (int x = u->x0; x < u->x1; x++) d[x] = lerp8x4(px, u->a, d[x]);
        }
    }
}

/* The runs of non-zero coverage of an A8 image (w × h, stride bytes),
 * appended to e; false if any lies outside e's rectangle. */
static bool cover_runs(layer_entry *e, size_t *cap, const unsigned char *a8, int w, int h,
                       int stride)
{
    bool inside = true;
    for (int y = 0; y < h; y++) {
        const unsigned char *row = a8 + (size_t)y * (size_t)stride;
        for (int x = 0; x < w;) {
            /* Most of the image is empty: skip zeros eight at a time. */
            uint64_t word;
            if (x + 8 <= w && (memcpy(&word, row + x, 8), word == 0)) {
                x += 8;
                continue;
            }
            unsigned char a = row[x];
            int x0 = x;
            while (x < w && row[x] == a) x++;
            if (!a) continue;
            if (y < e->y0 || y >= e->y1 || x0 < e->x0 || x > e->x1) inside = false;
            if (e->n_runs == *cap) {
                *cap = *cap ? 2 * *cap : 1024;
                e->runs = xrealloc(e->runs, *cap * sizeof *e->runs);
            }
            e->runs[e->n_runs++] = (cover_run){y, x0, x, a};
        }
    }
    return inside;
}

/* Makes e a coverage entry of the layer pc just recorded, and draws the
 * layer: the paths drawn as usual, then each fill and stroke again in
 * black on an A8 image for its coverage. e->usable tells whether applying
 * the entry to the pixels from before reproduces what cairo drew. */
static void layer_cover(png_canvas *pc, layer_entry *e)
{
    int w = e->w, h = e->h;
    unsigned char *data = cairo_image_surface_get_data(pc->surface);
    size_t stride = (size_t)cairo_image_surface_get_stride(pc->surface);
    size_t rw = (size_t)(e->x1 - e->x0), rh = (size_t)(e->y1 - e->y0);
    uint32_t *before = xmalloc(rw * rh * 4);
    for (size_t y = 0; y < rh; y++)
        memcpy(before + y * rw, data + (e->y0 + y) * stride + (size_t)e->x0 * 4, rw * 4);
    layer_replay(pc);
    cairo_surface_flush(pc->surface);
    bool ok = cairo_status(pc->cr) == CAIRO_STATUS_SUCCESS;
    cairo_surface_t *mask = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    cairo_t *mc = cairo_create(mask);
    cairo_scale(mc, e->scale, e->scale);
    unsigned char *md = cairo_image_surface_get_data(mask);
    int ms = cairo_image_surface_get_stride(mask);
    const char *q = pc->rec.data, *end = pc->rec.data + pc->rec.len;
    canvas_paint paint;
    size_t cap_runs = 0, cap_ops = 0;
    while (ok && rec_next(&q, end, &pc->scratch, &paint)) {
        for (int part = PART_FILL; part <= PART_STROKE; part++) {
            if (part == PART_FILL ? !paint.fill : !(paint.line_width > 0)) continue;
            cairo_surface_flush(mask);
            memset(md, 0, (size_t)ms * (size_t)h);
            cairo_surface_mark_dirty(mask);
            path_draw(mc, &pc->scratch, &paint, part, true);
            cairo_surface_flush(mask);
            if (cairo_status(mc) != CAIRO_STATUS_SUCCESS || !cover_runs(e, &cap_runs, md, w, h, ms)) {
                ok = false;
                break;
            }
            if (e->n_ops == cap_ops) {
                cap_ops = cap_ops ? 2 * cap_ops : 8;
                e->ops = xrealloc(e->ops, cap_ops * sizeof *e->ops);
            }
            canvas_color c = part == PART_FILL ? paint.fill_color : paint.stroke_color;
            e->ops[e->n_ops++] = (cover_op){0xFF000000u | (c & 0xFFFFFFu), e->n_runs};
        }
    }
    cairo_destroy(mc);
    cairo_surface_destroy(mask);
    if (ok) { /* the check: the entry on the pixels from before, against cairo's */
        cover_apply(e, (unsigned char *)before, rw * 4, e->x0, e->y0);
        for (size_t y = 0; ok && y < rh; y++)
            ok = memcmp(before + y * rw, data + (e->y0 + y) * stride + (size_t)e->x0 * 4, rw * 4) == 0;
    }
    free(before);
    e->usable = ok;
}

static void pc_layer_begin(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    if (!pc->cache) return;
    pc->layer = true;
    pc->rec.len = 0;
    pc->bounds = (canvas_box){INFINITY, INFINITY, -INFINITY, -INFINITY};
}

static void pc_layer_end(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    if (!pc->layer) return;
    pc->layer = false;
    canvas_png_cache *cache = pc->cache;
    int w = cairo_image_surface_get_width(pc->surface);
    int h = cairo_image_surface_get_height(pc->surface);
    double x0 = pc->bounds.x0, y0 = pc->bounds.y0, x1 = pc->bounds.x1, y1 = pc->bounds.y1;
    cairo_user_to_device(pc->cr, &x0, &y0);
    cairo_user_to_device(pc->cr, &x1, &y1);
    /* Two pixels more for antialiasing. */
    double fx0 = floor(fmin(x0, x1)) - 2, fy0 = floor(fmin(y0, y1)) - 2;
    double fx1 = ceil(fmax(x0, x1)) + 2, fy1 = ceil(fmax(y0, y1)) + 2;
    if (pc->rec.len == 0 || cairo_status(pc->cr) != CAIRO_STATUS_SUCCESS || !(fx0 < fx1) ||
        !(fy0 < fy1)) {
        layer_replay(pc);
        pc->rec.len = 0;
        return;
    }
    int rx0 = fx0 < 0 ? 0 : fx0 > w ? w : (int)fx0, rx1 = fx1 < 0 ? 0 : fx1 > w ? w : (int)fx1;
    int ry0 = fy0 < 0 ? 0 : fy0 > h ? h : (int)fy0, ry1 = fy1 < 0 ? 0 : fy1 > h ? h : (int)fy1;
    if (rx0 >= rx1 || ry0 >= ry1) {
        layer_replay(pc);
        pc->rec.len = 0;
        return;
    }
    cairo_surface_flush(pc->surface);
    unsigned char *data = cairo_image_surface_get_data(pc->surface);
    int stride = cairo_image_surface_get_stride(pc->surface);
    /* The rectangle must be of one colour before, as when the entry was made:
     * each row compared with a row of that colour (memcmp, not a loop over
     * the pixels). */
    uint32_t before = ((const uint32_t *)(const void *)(data + (size_t)ry0 * (size_t)stride))[rx0];
    size_t rw = (size_t)(rx1 - rx0);
    uint32_t *ref = xmalloc(rw * sizeof *ref);
    for (size_t x = 0; x < rw; x++) ref[x] = before;
    bool uniform = true;
    for (int y = ry0; y < ry1 && uniform; y++)
        uniform = memcmp(data + (size_t)y * (size_t)stride + (size_t)rx0 * 4, ref, rw * 4) == 0;
    free(ref);
    if (!uniform) { /* a coverage entry, or a new one */
        layer_entry *e = NULL;
        for (int i = 0; i < LAYER_SLOTS && !e; i++) {
            layer_entry *f = &cache->e[i];
            if (f->cover && f->len == pc->rec.len && f->w == w && f->h == h &&
                f->scale == pc->scale && memcmp(f->rec, pc->rec.data, f->len) == 0)
                e = f;
        }
        if (e) {
            if (e->usable) {
                cover_apply(e, data, (size_t)stride, 0, 0);
                cairo_surface_mark_dirty_rectangle(pc->surface, rx0, ry0, rx1 - rx0, ry1 - ry0);
            } else {
                layer_replay(pc);
            }
            e->used = ++cache->clock;
            pc->rec.len = 0;
            return;
        }
        e = &cache->e[0];
        for (int i = 1; i < LAYER_SLOTS; i++)
            if (cache->e[i].used < e->used) e = &cache->e[i];
        entry_clear(e);
        e->rec = xmalloc(pc->rec.len);
        memcpy(e->rec, pc->rec.data, pc->rec.len);
        e->len = pc->rec.len;
        e->w = w;
        e->h = h;
        e->x0 = rx0;
        e->y0 = ry0;
        e->x1 = rx1;
        e->y1 = ry1;
        e->scale = pc->scale;
        e->cover = true;
        e->used = ++cache->clock;
        layer_cover(pc, e); /* draws the layer */
        pc->rec.len = 0;
        return;
    }
    /* Drawn on one colour: a pixel entry. */
    for (int i = 0; i < LAYER_SLOTS; i++) {
        layer_entry *e = &cache->e[i];
        if (!e->pixels || e->len != pc->rec.len || e->w != w || e->h != h || e->x0 != rx0 ||
            e->y0 != ry0 || e->x1 != rx1 || e->y1 != ry1 || e->scale != pc->scale ||
            e->before != before || memcmp(e->rec, pc->rec.data, e->len) != 0)
            continue;
        for (int y = ry0; y < ry1; y++)
            memcpy(data + (size_t)y * (size_t)stride + (size_t)rx0 * 4,
                   e->pixels + (size_t)(y - ry0) * rw, rw * 4);
        cairo_surface_mark_dirty_rectangle(pc->surface, rx0, ry0, rx1 - rx0, ry1 - ry0);
        e->used = ++cache->clock;
        pc->rec.len = 0;
        return;
    }
    layer_replay(pc);
    if (cairo_status(pc->cr) != CAIRO_STATUS_SUCCESS) {
        pc->rec.len = 0;
        return;
    }
    /* Keep it, in place of the least recently used entry. */
    layer_entry *e = &cache->e[0];
    for (int i = 1; i < LAYER_SLOTS; i++)
        if (cache->e[i].used < e->used) e = &cache->e[i];
    entry_clear(e);
    cairo_surface_flush(pc->surface);
    *e = (layer_entry){.rec = xmalloc(pc->rec.len), .len = pc->rec.len, .w = w, .h = h,
                       .x0 = rx0, .y0 = ry0, .x1 = rx1, .y1 = ry1, .scale = pc->scale,
                       .before = before, .used = ++cache->clock};
    memcpy(e->rec, pc->rec.data, pc->rec.len);
    pc->rec.len = 0;
    e->pixels = xmalloc(rw * (size_t)(ry1 - ry0) * 4);
    for (int y = ry0; y < ry1; y++)
        memcpy(e->pixels + (size_t)(y - ry0) * rw, data + (size_t)y * (size_t)stride + (size_t)rx0 * 4,
               rw * 4);
}

static void pc_path(canvas *c, const canvas_path *p, const canvas_paint *paint)
{
    png_canvas *pc = (png_canvas *)c;
    if (pc->layer)
        layer_record(pc, p, paint);
    else
        pc_path_draw(pc, p, paint);
}

static void pc_text(canvas *c, const canvas_text_item *t)
{
    png_canvas *pc = (png_canvas *)c;
    if (pc->layer) { /* a layer is paths only: draw what it has, then go on */
        pc->layer = false;
        layer_replay(pc);
        pc->rec.len = 0;
    }
    cairo_t *cr = pc->cr;
    cairo_set_font_face(cr, metrics_fonts_cairo_face(c->fonts, t->style->weight));
    cairo_set_font_size(cr, t->style->size);
    set_rgb(cr, t->style->color);
    cairo_move_to(cr, t->left, t->baseline);
    cairo_show_text(cr, t->text);
    cairo_new_path(cr);
}

/* ---- PNG encoding ------------------------------------------------------------ */

typedef struct png_opts {
    bool palette;       /* palette image when at most 256 colours */
} png_opts;

static const png_opts png_chosen = {true};

/* ---- palette ------------------------------------------------------------------ */

/* Charts have a few hundred to a few thousand colours, nearly all of them in
 * antialiased edges. The palette holds the 256 most frequent colours; a
 * pixel of any other colour (under 2 % of the pixels in every chart, seen
 * at most 1.7 %) takes the nearest palette colour, an edge shade a few
 * levels off. An image with more distinct colours than PAL_MAX_COLOURS, or
 * more pixels to remap than PAL_MAX_REMAPPED, is written as RGB instead. */
#define PAL_SLOTS 8192
#define PAL_MAX_COLOURS 4096
#define PAL_MAX_REMAPPED 0.02

typedef struct png_palette {
    uint32_t key[PAL_SLOTS];    /* colour + 1; 0 = empty slot */
    uint32_t count[PAL_SLOTS];
    unsigned char index[PAL_SLOTS];
    uint32_t colour[256];
    int n;                      /* palette entries */
    size_t distinct;
    size_t remapped;            /* pixels whose colour is not in the palette */
    /* The image as runs of one colour, recorded while counting, so the
     * encoder fills the rows from them instead of hashing every pixel
     * again: run k is slot << 16 | length; row y starts at run row_run[y],
     * or repeats the row above when row_run[y] == PAL_ROW_REPEAT. */
    uint32_t *runs;
    size_t n_runs, cap_runs;
    uint32_t *row_run;          /* h + 1 entries */
    size_t cap_rows;
    uint64_t *starts;           /* a row's bit map of colour changes (run_starts) */
    /* white[y]: row y is all 0xFFFFFFFF (white as a new surface is), for
     * rows_seen rows; the next canvas of the worker clears only the other
     * rows of the pixels it reuses. */
    unsigned char *white;
    size_t cap_white;
    int rows_seen;
    uint64_t order[PAL_MAX_COLOURS]; /* the colours in palette order (pal_order) */
    size_t cap_starts;
} png_palette;

/* A palette with no buffers yet; pal_build grows them, pal_free frees it. */
static png_palette *pal_new(void)
{
    return xcalloc(1, sizeof(png_palette));
}

#define PAL_ROW_REPEAT UINT32_MAX

/* The slot of colour px; inserts it when insert is set. PAL_SLOTS when
 * absent (or the table is full). */
static size_t pal_slot(png_palette *p, uint32_t px, bool insert)
{
    uint32_t k = (px & 0xFFFFFFu) + 1;
    size_t h = (size_t)((k * 2654435761u) >> 19) & (PAL_SLOTS - 1);
    for (;; h = (h + 1) & (PAL_SLOTS - 1)) {
        if (p->key[h] == k) return h;
        if (p->key[h] == 0) {
            if (!insert || p->distinct == PAL_MAX_COLOURS) return PAL_SLOTS;
            p->key[h] = k;
            p->distinct++;
            return h;
        }
    }
}

/* The order of the palette: most frequent first, equal counts by colour, so
 * the order is fixed; as one integer, count inverted above the colour. */
static inline uint64_t pal_order(uint32_t count, uint32_t colour)
{
    return (uint64_t)(UINT32_MAX - count) << 24 | colour;
}

/* Nearest palette colour, weighted roughly by the eye's sensitivity (green
 * most, blue least). The palette is searched outwards from c's green value
 * in green order (byg), stopping where the green difference alone is worse
 * than the best match: a few dozen candidates instead of 256. */
static int pal_nearest(const png_palette *p, const unsigned char *byg, uint32_t c)
{
    int r = (int)(c >> 16 & 0xFF), g = (int)(c >> 8 & 0xFF), b = (int)(c & 0xFF);
    int lo = 0, hi = p->n;
    while (lo < hi) { /* first entry with green >= g */
        int mid = (lo + hi) / 2;
        if ((int)(p->colour[byg[mid]] >> 8 & 0xFF) < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    int best = -1, bi = 0;
    int down = lo - 1, up = lo;
    while (down >= 0 || up < p->n) {
        for (int side = 0; side < 2; side++) {
            int k = side ? up : down;
            if (k < 0 || k >= p->n) continue;
            uint32_t q = p->colour[byg[k]];
            int dg = g - (int)(q >> 8 & 0xFF);
            if (best >= 0 && 4 * dg * dg >= best) {
                if (side) up = p->n;
                else down = -1;
                continue;
            }
            int dr = r - (int)(q >> 16 & 0xFF), db = b - (int)(q & 0xFF);
            int d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
            if (best < 0 || d < best || (d == best && byg[k] < bi)) {
                best = d;
                bi = byg[k];
            }
            if (side)
                up++;
            else
                down--;
        }
    }
    return bi;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* pal_nearest with AVX2 (checked at run time): the distance to all palette
 * colours, eight at a time, without branches. pal_nearest's search finds
 * the smallest distance (it prunes only colours that cannot be nearer); when
 * exactly one colour has it, that is its answer too, and when several do,
 * the search itself decides (which of them it visits first), so the result
 * is always pal_nearest's. comp holds the palette as R, G, B rows of 256
 * (entries past p->n far away). */
__attribute__((target("avx2"))) static int pal_nearest_avx2(const png_palette *p,
                                                             const unsigned char *byg,
                                                             const int32_t comp[3][256],
                                                             uint32_t c)
{
    const __m256i vr = _mm256_set1_epi32((int)(c >> 16 & 0xFF));
    const __m256i vg = _mm256_set1_epi32((int)(c >> 8 & 0xFF));
    const __m256i vb = _mm256_set1_epi32((int)(c & 0xFF));
    int n8 = (p->n + 7) & ~7;
    int32_t dist[256];
    __m256i lo = _mm256_set1_epi32(INT32_MAX);
    for (int i = 0; i < n8; i += 8) {
        __m256i dr = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(const void *)&comp[0][i]), vr);
        __m256i dg = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(const void *)&comp[1][i]), vg);
        __m256i db = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(const void *)&comp[2][i]), vb);
        __m256i r2 = _mm256_mullo_epi32(dr, dr), g2 = _mm256_mullo_epi32(dg, dg);
        __m256i b2 = _mm256_mullo_epi32(db, db);
        /* 3 r² + 4 g² + 2 b² */
        __m256i d = _mm256_add_epi32(_mm256_add_epi32(r2, _mm256_add_epi32(r2, r2)),
                                     _mm256_add_epi32(_mm256_slli_epi32(g2, 2), _mm256_slli_epi32(b2, 1)));
        _mm256_storeu_si256((__m256i *)(void *)&dist[i], d);
        lo = _mm256_min_epi32(lo, d);
    }
    int32_t m[8];
    _mm256_storeu_si256((__m256i *)(void *)m, lo);
    int32_t best = m[0];
    for (int i = 1; i < 8; i++) best = m[i] < best ? m[i] : best;
    const __m256i vbest = _mm256_set1_epi32(best);
    int found = -1, count = 0;
    for (int i = 0; i < n8; i += 8) {
        unsigned eq = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(
            _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(const void *)&dist[i]), vbest)));
        if (eq) {
            count += __builtin_popcount(eq);
            if (found < 0) found = i + __builtin_ctz(eq);
        }
    }
    return count == 1 ? found : pal_nearest(p, byg, c);
}
#endif

/* Bit x of the map (64 pixels a word) is set where row[x] differs from
 * row[x - 1]; bit 0 always. Word k of it, four pixels at a time with SSE2
 * (every x86-64 has it). */
static void run_starts_word(const uint32_t *row, int w, int k, uint64_t *map)
{
    int x = k * 64, end = x + 64 < w ? x + 64 : w;
    uint64_t m = 0;
    if (x == 0)
        for (m = 1, x = 1; x < 4 && x < end; x++) m |= (uint64_t)(row[x] != row[x - 1]) << x;
#if defined(__SSE2__)
    for (; x + 4 <= end; x += 4) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(row + x));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(row + x - 1));
        unsigned eq = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a, b)));
        m |= (uint64_t)(~eq & 0xFu) << (x - k * 64);
    }
#endif
    for (; x < end; x++) m |= (uint64_t)(row[x] != row[x - 1]) << (x - k * 64);
    map[k] = m;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* The same, every whole word but the first eight pixels at a time (AVX2,
 * checked at run time): the rows of every chart pass here once. */
__attribute__((target("avx2"))) static void run_starts_avx2(const uint32_t *row, int w,
                                                            uint64_t *map)
{
    for (int k = 0; k * 64 < w; k++) {
        int x0 = k * 64;
        if (x0 == 0 || x0 + 64 > w) {
            run_starts_word(row, w, k, map);
            continue;
        }
        uint64_t m = 0;
        for (int j = 0; j < 8; j++) {
            __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(row + x0 + 8 * j));
            __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(row + x0 + 8 * j - 1));
            unsigned eq =
                (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(a, b)));
            m |= (uint64_t)(~eq & 0xFFu) << (8 * j);
        }
        map[k] = m;
    }
}
#endif

static void run_starts(const uint32_t *row, int w, uint64_t *map)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if ((simd_allowed() && __builtin_cpu_supports("avx2"))) {
        run_starts_avx2(row, w, map);
        return;
    }
#endif
    for (int k = 0; k * 64 < w; k++) run_starts_word(row, w, k, map);
}

/* Counts the colours and chooses the palette; false when the image should
 * stay RGB. Fills p->runs and p->row_run (grown as needed, kept for the next
 * image, freed by pal_free). */
static bool pal_build(png_palette *p, const unsigned char *data, int w, int h, int stride)
{
    memset(p->key, 0, sizeof p->key);
    memset(p->count, 0, sizeof p->count);
    p->n = 0;
    p->distinct = 0;
    p->remapped = 0;
    p->n_runs = 0;
    if (p->cap_runs < (size_t)w * 4) {
        free(p->runs);
        p->cap_runs = (size_t)w * 4;
        p->runs = xmalloc(p->cap_runs * sizeof *p->runs);
    }
    if (p->cap_rows < (size_t)h + 1) {
        free(p->row_run);
        p->cap_rows = (size_t)h + 1;
        p->row_run = xmalloc(p->cap_rows * sizeof *p->row_run);
    }
    if (p->cap_white < (size_t)h) {
        free(p->white);
        p->cap_white = (size_t)h;
        p->white = xmalloc(p->cap_white);
    }
    p->rows_seen = 0;
    bool last_white = false;
    size_t words = ((size_t)w + 63) / 64;
    if (p->cap_starts < words) {
        free(p->starts);
        p->cap_starts = words;
        p->starts = xmalloc(words * sizeof *p->starts);
    }
    /* The runs of the last row are counted again for a repeated row without
     * a scan (charts repeat rows a lot: margins, bars, flat areas). */
    size_t last_start = 0, last_end = 0;
    const uint32_t *prev = NULL;
    bool full = false;
    uint64_t *starts = p->starts;
    for (int y = 0; y < h && !full; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        if (prev && memcmp(row, prev, (size_t)w * sizeof *row) == 0) {
            for (size_t r = last_start; r < last_end; r++)
                p->count[p->runs[r] >> 16] += p->runs[r] & 0xFFFFu;
            p->row_run[y] = PAL_ROW_REPEAT;
            p->white[y] = last_white;
            p->rows_seen = y + 1;
            continue;
        }
        prev = row;
        if (p->cap_runs - p->n_runs < (size_t)w) {
            p->cap_runs *= 2;
            p->runs = xrealloc(p->runs, p->cap_runs * sizeof *p->runs);
        }
        last_start = p->n_runs;
        p->row_run[y] = (uint32_t)p->n_runs;
        /* The runs from the row's bit map of colour changes: no branch per
         * pixel, one loop step per run. */
        run_starts(row, w, starts);
        uint32_t *runs = p->runs;
        size_t nr = p->n_runs;
        int x = 0;
        for (int k = 0; k * 64 < w && !full; k++) {
            uint64_t m = starts[k];
            if (k == 0) m &= ~(uint64_t)1; /* the row's first run starts at 0 */
            while (m || (k + 1) * 64 >= w) {
                int e;
                if (m) {
                    e = k * 64 + __builtin_ctzll(m);
                    m &= m - 1;
                } else {
                    e = w; /* the last run ends with the row */
                }
                size_t sl = pal_slot(p, row[x], true);
                if (sl == PAL_SLOTS) {
                    full = true;
                    break;
                }
                p->count[sl] += (uint32_t)(e - x);
                runs[nr++] = (uint32_t)sl << 16 | (uint32_t)(e - x);
                x = e;
                if (e == w) break;
            }
        }
        if (full) break;
        last_white = nr - p->n_runs == 1 && row[0] == 0xFFFFFFFFu;
        p->white[y] = last_white;
        p->rows_seen = y + 1;
        p->n_runs = nr;
        last_end = p->n_runs;
    }
    if (full) return false;
    uint64_t *ent = p->order;
    size_t n = 0;
    for (size_t i = 0; i < PAL_SLOTS; i++)
        if (p->key[i]) ent[n++] = pal_order(p->count[i], p->key[i] - 1);
    sort_u64(ent, n);
    p->n = n < 256 ? (int)n : 256;
    for (int i = 0; i < p->n; i++) {
        p->colour[i] = (uint32_t)(ent[i] & 0xFFFFFFu);
        p->index[pal_slot(p, p->colour[i], false)] = (unsigned char)i;
    }
    for (size_t i = (size_t)p->n; i < n; i++) p->remapped += UINT32_MAX - (uint32_t)(ent[i] >> 24);
    bool ok = (double)p->remapped <= PAL_MAX_REMAPPED * (double)w * (double)h;
    if (ok && n > (size_t)p->n) {
        /* The palette in green order, equal greens by index. */
        unsigned char byg[256];
        uint64_t gk[256];
        for (int i = 0; i < p->n; i++) gk[i] = (uint64_t)(p->colour[i] >> 8 & 0xFF) << 8 | (uint64_t)i;
        sort_u64(gk, (size_t)p->n);
        for (int i = 0; i < p->n; i++) byg[i] = (unsigned char)gk[i];
#if defined(__x86_64__) && defined(__GNUC__)
        if ((simd_allowed() && __builtin_cpu_supports("avx2"))) {
            int32_t comp[3][256];
            for (int i = 0; i < 256; i++)
                for (int ch = 0; ch < 3; ch++) /* far away: 9 · 4095² < 2³¹ */
                    comp[ch][i] = i < p->n ? (int32_t)(p->colour[i] >> (16 - 8 * ch) & 0xFF) : 4095;
            for (size_t i = (size_t)p->n; i < n; i++) {
                uint32_t c = (uint32_t)(ent[i] & 0xFFFFFFu);
                p->index[pal_slot(p, c, false)] =
                    (unsigned char)pal_nearest_avx2(p, byg, (const int32_t(*)[256])comp, c);
            }
            return ok;
        }
#endif
        for (size_t i = (size_t)p->n; i < n; i++) {
            uint32_t c = (uint32_t)(ent[i] & 0xFFFFFFu);
            p->index[pal_slot(p, c, false)] = (unsigned char)pal_nearest(p, byg, c);
        }
    }
    return ok;
}

static void pal_free(struct png_palette *p)
{
    if (!p) return;
    free(p->runs);
    free(p->row_run);
    free(p->starts);
    free(p->white);
    free(p);
}

/* ---- PNG file ---------------------------------------------------------------- */

static void put_u32(buf *out, uint32_t v)
{
    unsigned char q[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    buf_append(out, (const char *)q, 4);
}

/* One chunk: length, type, data, CRC-32 over type and data. */
static void put_chunk(buf *out, const char *type, const unsigned char *data, size_t len)
{
    put_u32(out, (uint32_t)len);
    size_t start = out->len;
    buf_append(out, type, 4);
    if (len) buf_append(out, (const char *)data, len);
    put_u32(out, (uint32_t)libdeflate_crc32(0, out->data + start, len + 4));
}

/* Encodes a cairo RGB24 image (native-endian 0x00RRGGBB words) as PNG,
 * appended to out: IHDR, PLTE (palette images), the text chunks given
 * (`text`: whole chunks, canvas_png_set_text), one IDAT, IEND; no other
 * chunk, so the bytes depend on the pixels and the texts only. Rows use filter type 0
 * (none), which measured fastest and smallest on charts. The zlib stream
 * comes from png_deflate (runs and row copies, see png_deflate.h).
 * Returns false with a message in err (out unchanged). */
/* A buffer of at least n bytes: the cache's (grown as needed) or, without
 * a cache, a new one the caller frees (*owned set). */
static unsigned char *scratch_buf(unsigned char **slot, size_t *cap, size_t n, bool *owned)
{
    if (!slot) {
        *owned = true;
        return xmalloc(n ? n : 1);
    }
    *owned = false;
    if (*cap < n) {
        free(*slot);
        *slot = xmalloc(n);
        *cap = n;
    }
    return *slot;
}

/* A row of cairo pixels (0x00RRGGBB words) as R, G, B bytes; writes up to
 * 4 bytes past the row (the next row overwrites them, the buffers have 8
 * bytes of slack). */
static void rgb_row_portable(const uint32_t *px, int w, unsigned char *q)
{
    for (int x = 0; x < w; x++) {
        uint32_t v = px[x];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint32_t rgb = (v >> 16 & 0xFF) | (v & 0xFF00) | (v & 0xFF) << 16;
        memcpy(q, &rgb, 4); /* R, G, B and a byte the next pixel overwrites */
#else
        q[0] = (unsigned char)(v >> 16);
        q[1] = (unsigned char)(v >> 8);
        q[2] = (unsigned char)v;
#endif
        q += 3;
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Four pixels per byte shuffle (SSSE3, checked at run time): the maps are
 * RGB, 0.6 million pixels each. */
__attribute__((target("ssse3"))) static void rgb_row_ssse3(const uint32_t *px, int w,
                                                           unsigned char *q)
{
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    int x = 0;
    for (; x + 4 <= w; x += 4, q += 12)
        _mm_storeu_si128((__m128i *)(void *)q,
                         _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(px + x)),
                                          order));
    rgb_row_portable(px + x, w - x, q);
}

static void rgb_row(const uint32_t *px, int w, unsigned char *q)
{
    if ((simd_allowed() && __builtin_cpu_supports("ssse3")))
        rgb_row_ssse3(px, w, q);
    else
        rgb_row_portable(px, w, q);
}
#else
static void rgb_row(const uint32_t *px, int w, unsigned char *q)
{
    rgb_row_portable(px, w, q);
}
#endif

/* Rows per band of an RGB image's stream (png_deflate_bands): the maps of
 * a Kreis' Gemeinden repeat about 60 % of their rows from one to the next,
 * in bands of this size; a band's stream is copied from the map before. */
#ifndef PNG_BAND_ROWS
#define PNG_BAND_ROWS 32
#endif

static bool png_encode(const unsigned char *data, int w, int h, int stride, const png_opts *o,
                       canvas_png_cache *cache, const buf *text, buf *out, char *err,
                       size_t errlen)
{
    png_palette *pal = NULL;
    if (o->palette) {
        pal = cache ? cache->pal : pal_new();
        if (cache && !pal) pal = cache->pal = pal_new();
        bool ok = pal_build(pal, data, w, h, stride);
        if (cache && data == cache->surface) {
            cache->clean_rows = pal->rows_seen;
            cache->clean_stride = stride;
        }
        if (!ok) {
            if (!cache) pal_free(pal);
            pal = NULL;
        }
    }
    int depth = !pal ? 8 : pal->n <= 2 ? 1 : pal->n <= 4 ? 2 : pal->n <= 16 ? 4 : 8;
    size_t rowbytes = pal ? ((size_t)w * (size_t)depth + 7) / 8 : (size_t)w * 3;
    size_t rawlen = (size_t)h * (rowbytes + 1);
    bool raw_owned = false, z_owned = true;
    png_deflate *comp = cache && cache->comp ? cache->comp : png_deflate_new();
    if (cache) cache->comp = comp;
    /* 8 bytes of slack: short runs and RGB pixels are stored a word at a
     * time, the bytes past a row's end overwritten by the next row. An RGB
     * image goes into the compressor's own buffer, for banded streams. */
    unsigned char *raw = pal ? scratch_buf(cache ? &cache->raw : NULL,
                                           cache ? &cache->raw_cap : NULL, rawlen + 8, &raw_owned)
                             : png_deflate_input(comp, rawlen);
    unsigned char *scratch = xmalloc((size_t)(w > 0 ? w : 1) + 8);
    const uint32_t *prev = NULL;
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *row = raw + (size_t)y * (rowbytes + 1) + 1;
        row[-1] = 0; /* filter type: none */
        /* A repeated row is copied
         * (pal_build found the palette image's repeats already). */
        if (pal ? pal->row_run[y] == PAL_ROW_REPEAT
                : prev && memcmp(px, prev, (size_t)w * sizeof *px) == 0) {
            memcpy(row, row - (rowbytes + 1), rowbytes);
            continue;
        }
        prev = px;
        if (pal) {
            unsigned char *dst = depth == 8 ? row : scratch;
            const uint32_t *run = pal->runs + pal->row_run[y];
            for (int x = 0; x < w; run++) {
                int len = (int)(*run & 0xFFFFu);
                unsigned char v = pal->index[*run >> 16];
                if (len <= 8) {
                    uint64_t word = 0x0101010101010101u * v;
                    memcpy(dst + x, &word, 8);
                } else {
                    memset(dst + x, v, (size_t)len);
                }
                x += len;
            }
            if (depth < 8) { /* pack, most significant bits first */
                int per = 8 / depth;
                memset(row, 0, rowbytes);
                for (int x = 0; x < w; x++)
                    row[x / per] |= (unsigned char)(scratch[x] << (8 - depth * (x % per + 1)));
            }
        } else {
            rgb_row(px, w, row);
        }
    }
    size_t band = (size_t)PNG_BAND_ROWS * (rowbytes + 1);
    size_t bound = pal ? png_deflate_bound(rawlen) : png_deflate_bands_bound(rawlen, band);
    unsigned char *z = scratch_buf(cache ? &cache->z : NULL, cache ? &cache->z_cap : NULL, bound,
                                   &z_owned);
    size_t zlen = pal ? png_deflate_zlib(comp, raw, rawlen, rowbytes + 1, 1, z, bound)
                      : png_deflate_bands(comp, rawlen, rowbytes + 1, 3, band, z, bound);
    if (!cache) png_deflate_free(comp);
    if (raw_owned) free(raw);
    free(scratch);
    if (!zlen) {
        if (z_owned) free(z);
        if (!cache) pal_free(pal);
        snprintf(err, errlen, "%s", "compression failed (out of memory?)");
        return false;
    }
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    buf_append(out, (const char *)signature, sizeof signature);
    unsigned char ihdr[13] = {(unsigned char)(w >> 24), (unsigned char)(w >> 16),
                              (unsigned char)(w >> 8),  (unsigned char)w,
                              (unsigned char)(h >> 24), (unsigned char)(h >> 16),
                              (unsigned char)(h >> 8),  (unsigned char)h,
                              (unsigned char)depth,     (unsigned char)(pal ? 3 : 2),
                              0,                        0,
                              0};
    put_chunk(out, "IHDR", ihdr, sizeof ihdr);
    if (pal) {
        unsigned char plte[768];
        for (int i = 0; i < pal->n; i++) {
            plte[3 * i] = (unsigned char)(pal->colour[i] >> 16);
            plte[3 * i + 1] = (unsigned char)(pal->colour[i] >> 8);
            plte[3 * i + 2] = (unsigned char)pal->colour[i];
        }
        put_chunk(out, "PLTE", plte, (size_t)pal->n * 3);
    }
    if (text && text->len) buf_append(out, text->data, text->len);
    put_chunk(out, "IDAT", z, zlen);
    put_chunk(out, "IEND", NULL, 0);
    if (z_owned) free(z);
    if (!cache) pal_free(pal);
    return true;
}

static void pc_finish(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    if (pc->layer) pc_layer_end(c); /* a layer left open is drawn all the same */
    cairo_status_t st = cairo_status(pc->cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        canvas_fail(c, "cairo: %s", cairo_status_to_string(st));
        return;
    }
    cairo_surface_flush(pc->surface);
    char err[160];
    if (!png_encode(cairo_image_surface_get_data(pc->surface),
                    cairo_image_surface_get_width(pc->surface),
                    cairo_image_surface_get_height(pc->surface),
                    cairo_image_surface_get_stride(pc->surface), &png_chosen, pc->cache,
                    &pc->text, pc->out, err, sizeof err))
        canvas_fail(c, "PNG: %s", err);
}

static void pc_destroy(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    buf_free(&pc->rec);
    free(pc->scratch.ops);
    free(pc->scratch.pts);
    buf_free(&pc->text);
    if (pc->cr) cairo_destroy(pc->cr);
    if (pc->surface) cairo_surface_destroy(pc->surface);
    if (pc->font_options) cairo_font_options_destroy(pc->font_options);
}

static const canvas_backend png_backend = {
    pc_path, pc_text, NULL, NULL, NULL, pc_finish, pc_destroy, NULL, pc_layer_begin, pc_layer_end,
};

canvas *canvas_png_new(const metrics_fonts *fonts, double width, double height, double scale,
                       buf *out)
{
    return canvas_png_new_cached(fonts, width, height, scale, out, NULL);
}

canvas *canvas_png_new_cached(const metrics_fonts *fonts, double width, double height,
                              double scale, buf *out, canvas_png_cache *cache)
{
    png_canvas *pc = xcalloc(1, sizeof *pc);
    canvas_init(&pc->base, &png_backend, fonts, width, height);
    pc->out = out;
    pc->cache = cache;
    pc->rec = (buf)BUF_INIT;
    if (!(scale > 0) || !isfinite(scale)) scale = 1;
    pc->scale = scale;
    double pw = ceil(width * scale - 1e-9), ph = ceil(height * scale - 1e-9);
    if (!(pw >= 1 && ph >= 1 && pw <= 32767 && ph <= 32767)) {
        canvas_fail(&pc->base, "PNG size %gx%g out of range", pw, ph);
        pw = ph = 1;
    }
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)pw);
    bool white = false;
    if (cache && stride > 0) {
        /* The cache's pixels, painted white as cairo_paint would. */
        size_t n = (size_t)stride * (size_t)ph;
        bool owned;
        bool kept = cache->surface && cache->surface_cap >= n; /* else a new buffer */
        unsigned char *px = scratch_buf(&cache->surface, &cache->surface_cap, n, &owned);
        /* White, as cairo_paint would make it; rows the worker's last PNG
         * left white (pal_build saw them) stay as they are. */
        int known = kept && stride == cache->clean_stride && cache->pal
                        ? (cache->clean_rows < (int)ph ? cache->clean_rows : (int)ph)
                        : 0;
        cache->clean_rows = 0; /* drawn on from here */
        size_t row_bytes = (size_t)stride, y0 = 0;
        for (size_t y = 0; y < (size_t)known; y++) {
            if (!cache->pal->white[y]) continue;
            if (y > y0) memset(px + y0 * row_bytes, 0xFF, (y - y0) * row_bytes);
            y0 = y + 1;
        }
        memset(px + y0 * row_bytes, 0xFF, n - y0 * row_bytes);
        pc->surface = cairo_image_surface_create_for_data(px, CAIRO_FORMAT_RGB24, (int)pw, (int)ph,
                                                          stride);
        white = true;
    } else {
        pc->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)pw, (int)ph);
    }
    pc->cr = cairo_create(pc->surface);
    pc->font_options = cairo_font_options_create();
    cairo_font_options_set_antialias(pc->font_options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(pc->font_options, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(pc->font_options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(pc->cr, pc->font_options);
    if (!white) {
        cairo_set_source_rgb(pc->cr, 1, 1, 1);
        cairo_paint(pc->cr);
    }
    cairo_scale(pc->cr, scale, scale);
    return &pc->base;
}

void canvas_png_set_text(canvas *c, const char *key, const char *text)
{
    if (!c || c->be != &png_backend || !key || !text) return;
    png_canvas *pc = (png_canvas *)c;
    /* iTXt: keyword, NUL, no compression (0, 0), language "de", NUL, no
     * translated keyword, NUL, the UTF-8 text. */
    buf data = BUF_INIT;
    size_t klen = strlen(key);
    if (klen < 1 || klen > 79) return;
    buf_append(&data, key, klen);
    buf_append(&data, "\0\0\0de\0\0", 7);
    buf_puts(&data, text);
    put_chunk(&pc->text, "iTXt", (const unsigned char *)data.data, data.len);
    buf_free(&data);
}
