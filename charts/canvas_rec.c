/* canvas_rec: a canvas that only remembers what was drawn, for tests that
 * check layout (text inside the canvas, no overlaps) without parsing output. */
#include "canvas.h"
#include "canvas_impl.h"

#include <stdlib.h>

typedef struct rec_canvas {
    canvas base;
    canvas_rec_text *texts;
    size_t ntexts, cap_texts;
    canvas_rec_shape *shapes;
    size_t nshapes, cap_shapes;
    char *title, *desc;
} rec_canvas;

static void rec_path(canvas *c, const canvas_path *p, const canvas_paint *paint)
{
    rec_canvas *r = (rec_canvas *)c;
    if (r->nshapes == r->cap_shapes) {
        r->cap_shapes = r->cap_shapes ? 2 * r->cap_shapes : 64;
        r->shapes = xrealloc(r->shapes, r->cap_shapes * sizeof *r->shapes);
    }
    canvas_rec_shape *s = &r->shapes[r->nshapes++];
    s->paint = *paint;
    s->box = canvas_path_bounds(p);
    double hw = paint->line_width > 0 ? paint->line_width / 2 : 0;
    s->box.x0 -= hw;
    s->box.y0 -= hw;
    s->box.x1 += hw;
    s->box.y1 += hw;
    s->points = p->npts / 2;
}

static void rec_text(canvas *c, const canvas_text_item *t)
{
    rec_canvas *r = (rec_canvas *)c;
    if (r->ntexts == r->cap_texts) {
        r->cap_texts = r->cap_texts ? 2 * r->cap_texts : 64;
        r->texts = xrealloc(r->texts, r->cap_texts * sizeof *r->texts);
    }
    canvas_rec_text *x = &r->texts[r->ntexts++];
    x->text = xstrdup(t->text);
    x->style = *t->style;
    x->x = t->x;
    x->y = t->y;
    x->box = t->box;
}

static void rec_describe(canvas *c, const char *title, const char *desc)
{
    rec_canvas *r = (rec_canvas *)c;
    free(r->title);
    free(r->desc);
    r->title = title ? xstrdup(title) : NULL;
    r->desc = desc ? xstrdup(desc) : NULL;
}

static void rec_destroy(canvas *c)
{
    rec_canvas *r = (rec_canvas *)c;
    for (size_t i = 0; i < r->ntexts; i++) free(r->texts[i].text);
    free(r->texts);
    free(r->shapes);
    free(r->title);
    free(r->desc);
}

static const canvas_backend rec_backend = {
    rec_path, rec_text, rec_describe, NULL, NULL, NULL, rec_destroy, NULL, NULL, NULL,
};

canvas *canvas_rec_new(const metrics_fonts *fonts, double width, double height)
{
    rec_canvas *r = xcalloc(1, sizeof *r);
    canvas_init(&r->base, &rec_backend, fonts, width, height);
    return &r->base;
}

/* The accessors trust the caller to pass a recording canvas; anything else
 * reads as empty. */
static const rec_canvas *as_rec(const canvas *c)
{
    return c->be == &rec_backend ? (const rec_canvas *)c : NULL;
}

size_t canvas_rec_text_count(const canvas *c)
{
    const rec_canvas *r = as_rec(c);
    return r ? r->ntexts : 0;
}

const canvas_rec_text *canvas_rec_text_at(const canvas *c, size_t i)
{
    const rec_canvas *r = as_rec(c);
    return r && i < r->ntexts ? &r->texts[i] : NULL;
}

size_t canvas_rec_shape_count(const canvas *c)
{
    const rec_canvas *r = as_rec(c);
    return r ? r->nshapes : 0;
}

const canvas_rec_shape *canvas_rec_shape_at(const canvas *c, size_t i)
{
    const rec_canvas *r = as_rec(c);
    return r && i < r->nshapes ? &r->shapes[i] : NULL;
}

const char *canvas_rec_title(const canvas *c)
{
    const rec_canvas *r = as_rec(c);
    return r ? r->title : NULL;
}

const char *canvas_rec_desc(const canvas *c)
{
    const rec_canvas *r = as_rec(c);
    return r ? r->desc : NULL;
}
