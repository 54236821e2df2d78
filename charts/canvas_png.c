/* canvas_png: cairo image surface → PNG bytes (see canvas.h).
 *
 * Text uses cairo-ft with the very FreeType faces metrics.c measured, and
 * metric hinting off, so glyph advances are the unhinted ones our layout
 * used. We never touch cairo's toy font API (it would start fontconfig and
 * could pick another font).
 *
 * The PNG file is written here with libpng rather than by cairo, whose
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
 * 2 % of the pixels), filter none, zlib level 2, default strategy: about
 * 3 ms per 960 px chart, 6–7× faster than cairo's writer, at 46 % of its
 * size. Rows equal to the row above (margins, bars, flat areas) are
 * recognised with one memcmp and not scanned again.
 *
 * Output is deterministic: only IHDR, PLTE, IDAT and IEND chunks (no time,
 * text or gamma), the palette ordered by frequency, then colour. */
#include "canvas.h"
#include "canvas_impl.h"
#include "metrics_priv.h"

#include <cairo.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct png_canvas {
    canvas base;
    buf *out; /* borrowed */
    cairo_surface_t *surface;
    cairo_t *cr;
    cairo_font_options_t *font_options;
} png_canvas;

static void set_rgb(cairo_t *cr, canvas_color c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0,
                         (c & 0xFF) / 255.0);
}

static void pc_path(canvas *c, const canvas_path *p, const canvas_paint *paint)
{
    png_canvas *pc = (png_canvas *)c;
    cairo_t *cr = pc->cr;
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
    if (paint->fill) {
        set_rgb(cr, paint->fill_color);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
        if (paint->line_width > 0)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (paint->line_width > 0) {
        set_rgb(cr, paint->stroke_color);
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

static void pc_text(canvas *c, const canvas_text_item *t)
{
    png_canvas *pc = (png_canvas *)c;
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
    int level;          /* zlib level 0 … 9 */
    int strategy;       /* Z_DEFAULT_STRATEGY, Z_FILTERED, Z_RLE, … */
    int rgb_filters;    /* PNG_FILTER_* mask for RGB images */
    int pal_filters;    /* PNG_FILTER_* mask for palette images */
    bool palette;       /* palette image when at most 256 colours */
} png_opts;

static const png_opts png_chosen = {2, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE, PNG_FILTER_NONE, true};

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
} png_palette;

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

typedef struct pal_entry {
    uint32_t count, colour;
    size_t slot;
} pal_entry;

/* Most frequent first; equal counts by colour, so the order is fixed. */
static int pal_entry_cmp(const void *pa, const void *pb)
{
    const pal_entry *a = pa, *b = pb;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return a->colour < b->colour ? -1 : a->colour > b->colour;
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

static int green_cmp(const void *pa, const void *pb, void *ctx)
{
    const png_palette *p = ctx;
    uint32_t a = p->colour[*(const unsigned char *)pa], b = p->colour[*(const unsigned char *)pb];
    int ga = (int)(a >> 8 & 0xFF), gb = (int)(b >> 8 & 0xFF);
    if (ga != gb) return ga - gb;
    return (int)*(const unsigned char *)pa - (int)*(const unsigned char *)pb;
}

/* Counts the colours and chooses the palette; false when the image should
 * stay RGB. */
static bool pal_build(png_palette *p, const unsigned char *data, int w, int h, int stride)
{
    memset(p->key, 0, sizeof p->key);
    memset(p->count, 0, sizeof p->count);
    p->n = 0;
    p->distinct = 0;
    p->remapped = 0;
    /* The runs of the last row, to count a repeated row without a scan
     * (charts repeat rows a lot: margins, bars, flat areas). */
    size_t *run_slot = xmalloc((size_t)w * sizeof *run_slot);
    uint32_t *run_len = xmalloc((size_t)w * sizeof *run_len);
    size_t runs = 0;
    const uint32_t *prev = NULL;
    bool full = false;
    for (int y = 0; y < h && !full; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        if (prev && memcmp(row, prev, (size_t)w * sizeof *row) == 0) {
            for (size_t r = 0; r < runs; r++) p->count[run_slot[r]] += run_len[r];
            continue;
        }
        prev = row;
        runs = 0;
        int x = 0;
        while (x < w) {
            uint32_t c = row[x];
            int e = x + 1;
            while (e < w && row[e] == c) e++;
            size_t sl = pal_slot(p, c, true);
            if (sl == PAL_SLOTS) {
                full = true;
                break;
            }
            p->count[sl] += (uint32_t)(e - x);
            run_slot[runs] = sl;
            run_len[runs++] = (uint32_t)(e - x);
            x = e;
        }
    }
    free(run_slot);
    free(run_len);
    if (full) return false;
    pal_entry *ent = xmalloc(p->distinct * sizeof *ent);
    size_t n = 0;
    for (size_t i = 0; i < PAL_SLOTS; i++)
        if (p->key[i]) ent[n++] = (pal_entry){p->count[i], p->key[i] - 1, i};
    qsort(ent, n, sizeof *ent, pal_entry_cmp);
    p->n = n < 256 ? (int)n : 256;
    for (int i = 0; i < p->n; i++) {
        p->colour[i] = ent[i].colour;
        p->index[ent[i].slot] = (unsigned char)i;
    }
    for (size_t i = (size_t)p->n; i < n; i++) p->remapped += ent[i].count;
    bool ok = (double)p->remapped <= PAL_MAX_REMAPPED * (double)w * (double)h;
    if (ok && n > (size_t)p->n) {
        unsigned char byg[256];
        for (int i = 0; i < p->n; i++) byg[i] = (unsigned char)i;
        qsort_r(byg, (size_t)p->n, 1, green_cmp, p);
        for (size_t i = (size_t)p->n; i < n; i++)
            p->index[ent[i].slot] = (unsigned char)pal_nearest(p, byg, ent[i].colour);
    }
    free(ent);
    return ok;
}

typedef struct png_job {
    buf *out;
    char err[160];
} png_job;

static void png_write_cb(png_structp png, png_bytep data, size_t length)
{
    png_job *j = png_get_io_ptr(png);
    buf_append(j->out, (const char *)data, length);
}

static void png_flush_cb(png_structp png)
{
    (void)png;
}

static void png_error_cb(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    snprintf(j->err, sizeof j->err, "%s", msg ? msg : "error");
    png_longjmp(png, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Writes the whole file; libpng errors longjmp out of here. */
static void png_write_all(png_structp png, png_infop info, const unsigned char *data, int w, int h,
                          int stride, const png_opts *o, png_palette *pal, unsigned char *row)
{
    png_set_compression_level(png, o->level);
    png_set_compression_strategy(png, o->strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, pal ? o->pal_filters : o->rgb_filters);
    if (pal) {
        int depth = pal->n <= 2 ? 1 : pal->n <= 4 ? 2 : pal->n <= 16 ? 4 : 8;
        png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, PNG_COLOR_TYPE_PALETTE,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
        png_color entries[256];
        for (int i = 0; i < pal->n; i++) {
            entries[i].red = (png_byte)(pal->colour[i] >> 16);
            entries[i].green = (png_byte)(pal->colour[i] >> 8);
            entries[i].blue = (png_byte)pal->colour[i];
        }
        png_set_PLTE(png, info, entries, pal->n);
        png_write_info(png, info);
        if (depth < 8) png_set_packing(png);
    } else {
        png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
        png_write_info(png, info);
    }
    const uint32_t *prev = NULL;
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        /* A repeated row keeps the bytes still in `row` (libpng copies them). */
        bool same = prev && memcmp(px, prev, (size_t)w * sizeof *px) == 0;
        prev = px;
        if (!same && pal) {
            uint32_t last = ~0u;
            unsigned char idx = 0;
            for (int x = 0; x < w; x++) {
                if (px[x] != last) {
                    last = px[x];
                    idx = pal->index[pal_slot(pal, last, false)];
                }
                row[x] = idx;
            }
        } else if (!same) {
            unsigned char *q = row;
            for (int x = 0; x < w; x++) {
                uint32_t v = px[x];
                q[0] = (unsigned char)(v >> 16);
                q[1] = (unsigned char)(v >> 8);
                q[2] = (unsigned char)v;
                q += 3;
            }
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
}

/* Sets up libpng and catches its errors (nothing here changes after setjmp). */
static bool png_run(png_job *job, const unsigned char *data, int w, int h, int stride,
                    const png_opts *o, png_palette *pal, unsigned char *row)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, job, png_error_cb,
                                              png_warning_cb);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_set_write_fn(png, job, png_write_cb, png_flush_cb);
    png_write_all(png, info, data, w, h, stride, o, pal, row);
    png_destroy_write_struct(&png, &info);
    return true;
}

/* Encodes a cairo RGB24 image (native-endian 0x00RRGGBB words) as PNG,
 * appended to out. Returns false with a message in err (out unchanged). */
static bool png_encode(const unsigned char *data, int w, int h, int stride, const png_opts *o,
                       buf *out, char *err, size_t errlen)
{
    png_job job = {out, ""};
    png_palette *pal = NULL;
    if (o->palette) {
        pal = xmalloc(sizeof *pal);
        if (!pal_build(pal, data, w, h, stride)) {
            free(pal);
            pal = NULL;
        }
    }
    unsigned char *row = xmalloc((size_t)w * 3);
    size_t start = out->len;
    bool ok = png_run(&job, data, w, h, stride, o, pal, row);
    free(row);
    free(pal);
    if (!ok) {
        out->len = start;
        if (out->data) out->data[start] = '\0';
        snprintf(err, errlen, "%s", job.err[0] ? job.err : "libpng failed");
    }
    return ok;
}

static void pc_finish(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
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
                    cairo_image_surface_get_stride(pc->surface), &png_chosen, pc->out, err,
                    sizeof err))
        canvas_fail(c, "PNG: %s", err);
}

static void pc_destroy(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    if (pc->cr) cairo_destroy(pc->cr);
    if (pc->surface) cairo_surface_destroy(pc->surface);
    if (pc->font_options) cairo_font_options_destroy(pc->font_options);
}

static const canvas_backend png_backend = {
    pc_path, pc_text, NULL, NULL, NULL, pc_finish, pc_destroy,
};

canvas *canvas_png_new(const metrics_fonts *fonts, double width, double height, double scale,
                       buf *out)
{
    png_canvas *pc = xcalloc(1, sizeof *pc);
    canvas_init(&pc->base, &png_backend, fonts, width, height);
    pc->out = out;
    if (!(scale > 0) || !isfinite(scale)) scale = 1;
    double pw = ceil(width * scale - 1e-9), ph = ceil(height * scale - 1e-9);
    if (!(pw >= 1 && ph >= 1 && pw <= 32767 && ph <= 32767)) {
        canvas_fail(&pc->base, "PNG size %gx%g out of range", pw, ph);
        pw = ph = 1;
    }
    pc->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)pw, (int)ph);
    pc->cr = cairo_create(pc->surface);
    pc->font_options = cairo_font_options_create();
    cairo_font_options_set_antialias(pc->font_options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(pc->font_options, CAIRO_HINT_STYLE_SLIGHT);
    cairo_font_options_set_hint_metrics(pc->font_options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(pc->cr, pc->font_options);
    cairo_set_source_rgb(pc->cr, 1, 1, 1);
    cairo_paint(pc->cr);
    cairo_scale(pc->cr, scale, scale);
    return &pc->base;
}
