/* canvas: path collection, text measurement and dispatch (see canvas.h). */
#include "canvas.h"
#include "canvas_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const unsigned char canvas_op_arity[6] = {2, 2, 6, 0, 4, 3};

void canvas_init(canvas *c, const canvas_backend *be, const metrics_fonts *fonts, double width,
                 double height)
{
    memset(c, 0, sizeof *c);
    c->be = be;
    c->fonts = fonts;
    c->width = width;
    c->height = height;
    c->vw = c->vh = -1;
    c->colors = palette_default;
}

void canvas_viewport(canvas *c, double x, double y, double w, double h)
{
    c->vx = x;
    c->vy = y;
    c->vw = w;
    c->vh = h;
}

void canvas_viewport_reset(canvas *c)
{
    c->vx = c->vy = 0;
    c->vw = c->vh = -1;
}

void canvas_set_colors(canvas *c, const palette_colors *colors)
{
    c->colors = colors ? *colors : palette_default;
}

const palette_colors *canvas_colors(const canvas *c)
{
    return &c->colors;
}

void canvas_fail(canvas *c, const char *fmt, ...)
{
    if (c->error) return;
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    c->error = buf_detach(&b);
}

bool canvas_finish(canvas *c, diag *d)
{
    if (!c->finished) {
        c->finished = true;
        if (c->be->finish) c->be->finish(c);
    }
    if (c->error) {
        if (d) diag_error(d, NULL, NULL, NULL, "chart output failed: %s", c->error);
        return false;
    }
    return true;
}

void canvas_free(canvas *c)
{
    if (!c) return;
    c->be->destroy(c);
    free(c->path.ops);
    free(c->path.pts);
    free(c->error);
    free(c);
}

double canvas_width(const canvas *c) { return c->vw >= 0 ? c->vw : c->width; }
double canvas_height(const canvas *c) { return c->vh >= 0 ? c->vh : c->height; }
const metrics_fonts *canvas_fonts(const canvas *c) { return c->fonts; }

void canvas_describe(canvas *c, const char *title, const char *desc)
{
    if (c->be->describe) c->be->describe(c, title, desc);
}

bool canvas_keeps_description(const canvas *c) { return c->be->describe != NULL; }
bool canvas_keeps_group_titles(const canvas *c) { return c->be->group_title != NULL; }

void canvas_group_begin(canvas *c, const char *cls)
{
    if (c->be->group_begin) c->be->group_begin(c, cls);
}

void canvas_group_begin_titled(canvas *c, const char *cls, const char *title)
{
    canvas_group_begin(c, cls);
    if (title && c->be->group_title) c->be->group_title(c, title);
}

void canvas_layer_begin(canvas *c)
{
    if (c->be->layer_begin) c->be->layer_begin(c);
}

void canvas_layer_end(canvas *c)
{
    if (c->be->layer_end) c->be->layer_end(c);
}

void canvas_group_end(canvas *c)
{
    if (c->be->group_end) c->be->group_end(c);
}

/* ---- paths ---------------------------------------------------------------- */

static void path_push(canvas *c, canvas_op op, const double *v)
{
    canvas_path *p = &c->path;
    size_t n = canvas_op_arity[op];
    if (p->nops == p->cap_ops) {
        p->cap_ops = p->cap_ops ? p->cap_ops * 2 : 64;
        p->ops = xrealloc(p->ops, p->cap_ops);
    }
    if (p->npts + n > p->cap_pts) {
        while (p->npts + n > p->cap_pts) p->cap_pts = p->cap_pts ? p->cap_pts * 2 : 256;
        p->pts = xrealloc(p->pts, p->cap_pts * sizeof *p->pts);
    }
    p->ops[p->nops++] = (unsigned char)op;
    /* Points are (x, y) pairs, except a rect's size and a circle's radius. */
    size_t shifted = op == CANVAS_OP_RECT || op == CANVAS_OP_CIRCLE ? 2 : n;
    for (size_t i = 0; i < n; i++) {
        /* A NaN coordinate would poison every backend; draw it at 0 and
         * report it, rather than emit "nan" into an SVG. */
        double x = v[i];
        if (!isfinite(x)) {
            canvas_fail(c, "non-finite coordinate in a path");
            x = 0;
        }
        if (i < shifted) x += i % 2 ? c->vy : c->vx;
        p->pts[p->npts++] = x;
    }
}

void canvas_move_to(canvas *c, double x, double y)
{
    double v[2] = {x, y};
    path_push(c, CANVAS_OP_MOVE, v);
}

void canvas_line_to(canvas *c, double x, double y)
{
    double v[2] = {x, y};
    path_push(c, CANVAS_OP_LINE, v);
}

void canvas_curve_to(canvas *c, double x1, double y1, double x2, double y2, double x, double y)
{
    double v[6] = {x1, y1, x2, y2, x, y};
    path_push(c, CANVAS_OP_CURVE, v);
}

void canvas_close_path(canvas *c)
{
    path_push(c, CANVAS_OP_CLOSE, NULL);
}

void canvas_rect(canvas *c, double x, double y, double w, double h)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    double v[4] = {x, y, w, h};
    path_push(c, CANVAS_OP_RECT, v);
}

void canvas_circle(canvas *c, double cx, double cy, double r)
{
    double v[3] = {cx, cy, fabs(r)};
    path_push(c, CANVAS_OP_CIRCLE, v);
}

void canvas_draw(canvas *c, const canvas_paint *paint)
{
    if (c->path.nops > 0 && (paint->fill || paint->line_width > 0))
        c->be->path(c, &c->path, paint);
    c->path.nops = 0;
    c->path.npts = 0;
}

void canvas_line(canvas *c, double x0, double y0, double x1, double y1, const canvas_paint *paint)
{
    canvas_move_to(c, x0, y0);
    canvas_line_to(c, x1, y1);
    canvas_draw(c, paint);
}

size_t canvas_dash_pattern(const canvas_paint *paint, double out[2])
{
    double w = paint->line_width;
    switch (paint->dash) {
    case CANVAS_DASHED:
        out[0] = 3.5 * w;
        out[1] = 2.5 * w;
        return 2;
    case CANVAS_DOTTED:
        out[0] = 0;
        out[1] = 2.5 * w;
        return 2;
    case CANVAS_SOLID:
    default:
        return 0;
    }
}

canvas_box canvas_path_bounds(const canvas_path *p)
{
    canvas_box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    size_t k = 0;
    for (size_t i = 0; i < p->nops; i++) {
        const double *v = p->pts + k;
        switch ((canvas_op)p->ops[i]) {
        case CANVAS_OP_MOVE:
        case CANVAS_OP_LINE:
        case CANVAS_OP_CURVE:
            for (size_t j = 0; j < canvas_op_arity[p->ops[i]]; j += 2) {
                b.x0 = fmin(b.x0, v[j]);
                b.x1 = fmax(b.x1, v[j]);
                b.y0 = fmin(b.y0, v[j + 1]);
                b.y1 = fmax(b.y1, v[j + 1]);
            }
            break;
        case CANVAS_OP_RECT:
            b.x0 = fmin(b.x0, v[0]);
            b.y0 = fmin(b.y0, v[1]);
            b.x1 = fmax(b.x1, v[0] + v[2]);
            b.y1 = fmax(b.y1, v[1] + v[3]);
            break;
        case CANVAS_OP_CIRCLE:
            b.x0 = fmin(b.x0, v[0] - v[2]);
            b.y0 = fmin(b.y0, v[1] - v[2]);
            b.x1 = fmax(b.x1, v[0] + v[2]);
            b.y1 = fmax(b.y1, v[1] + v[2]);
            break;
        case CANVAS_OP_CLOSE:
            break;
        }
        k += canvas_op_arity[p->ops[i]];
    }
    return b;
}

/* ---- text ----------------------------------------------------------------- */

static canvas_text_item text_layout(const canvas *c, double x, double y, const char *utf8,
                                    const canvas_text_style *st)
{
    canvas_text_item t;
    t.text = utf8;
    t.style = st;
    t.x = x;
    t.y = y;
    t.width = metrics_str_width(c->fonts, st->weight, st->size, utf8);
    double asc = metrics_ascent(c->fonts, st->weight, st->size);
    double desc = metrics_descent(c->fonts, st->weight, st->size);
    switch (st->anchor) {
    case CANVAS_MIDDLE: t.left = x - t.width / 2; break;
    case CANVAS_END: t.left = x - t.width; break;
    case CANVAS_START:
    default: t.left = x; break;
    }
    switch (st->baseline) {
    case CANVAS_CENTRAL:
        t.baseline = y + metrics_cap_height(c->fonts, st->weight, st->size) / 2;
        break;
    case CANVAS_TOP: t.baseline = y + asc; break;
    case CANVAS_BOTTOM: t.baseline = y - desc; break;
    case CANVAS_ALPHABETIC:
    default: t.baseline = y; break;
    }
    t.box.x0 = t.left;
    t.box.x1 = t.left + t.width;
    t.box.y0 = t.baseline - asc;
    t.box.y1 = t.baseline + desc;
    return t;
}

canvas_box canvas_text_box(const canvas *c, double x, double y, const char *utf8,
                           const canvas_text_style *st)
{
    return text_layout(c, x, y, utf8, st).box;
}

canvas_box canvas_text(canvas *c, double x, double y, const char *utf8,
                       const canvas_text_style *st)
{
    canvas_text_item t = text_layout(c, x, y, utf8, st);
    if (!isfinite(t.left) || !isfinite(t.baseline)) {
        canvas_fail(c, "non-finite text position");
        return t.box;
    }
    canvas_text_item g = t; /* in canvas coordinates: moved by the viewport */
    g.x += c->vx;
    g.left += c->vx;
    g.box.x0 += c->vx;
    g.box.x1 += c->vx;
    g.y += c->vy;
    g.baseline += c->vy;
    g.box.y0 += c->vy;
    g.box.y1 += c->vy;
    if (utf8[0] != '\0') c->be->text(c, &g);
    return t.box;
}
