/* canvas_png: cairo image surface → PNG bytes (see canvas.h).
 *
 * Text uses cairo-ft with the very FreeType faces metrics.c measured, and
 * metric hinting off, so glyph advances are the unhinted ones our layout
 * used. We never touch cairo's toy font API (it would start fontconfig and
 * could pick another font). */
#include "canvas.h"
#include "canvas_impl.h"
#include "metrics_priv.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>

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

static void png_path(canvas *c, const canvas_path *p, const canvas_paint *paint)
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

static void png_text(canvas *c, const canvas_text_item *t)
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

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int length)
{
    buf_append(closure, (const char *)data, length);
    return CAIRO_STATUS_SUCCESS;
}

static void png_finish(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    cairo_status_t st = cairo_status(pc->cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        canvas_fail(c, "cairo: %s", cairo_status_to_string(st));
        return;
    }
    cairo_surface_flush(pc->surface);
    st = cairo_surface_write_to_png_stream(pc->surface, png_write, pc->out);
    if (st != CAIRO_STATUS_SUCCESS) canvas_fail(c, "cairo PNG: %s", cairo_status_to_string(st));
}

static void png_destroy(canvas *c)
{
    png_canvas *pc = (png_canvas *)c;
    if (pc->cr) cairo_destroy(pc->cr);
    if (pc->surface) cairo_surface_destroy(pc->surface);
    if (pc->font_options) cairo_font_options_destroy(pc->font_options);
}

static const canvas_backend png_backend = {
    png_path, png_text, NULL, NULL, NULL, png_finish, png_destroy,
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
