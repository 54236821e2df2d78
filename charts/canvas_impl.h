/* canvas_impl: the interface between canvas.c and its backends. Private to
 * charts/. A backend embeds `canvas` as its first member and fills in a
 * canvas_backend table. */
#ifndef DIGINDEX_CANVAS_IMPL_H
#define DIGINDEX_CANVAS_IMPL_H

#include "canvas.h"
#include "palette.h"

typedef enum canvas_op {
    CANVAS_OP_MOVE,   /* x y */
    CANVAS_OP_LINE,   /* x y */
    CANVAS_OP_CURVE,  /* x1 y1 x2 y2 x y */
    CANVAS_OP_CLOSE,  /* – */
    CANVAS_OP_RECT,   /* x y w h: a closed sub-path of its own */
    CANVAS_OP_CIRCLE  /* cx cy r: a closed sub-path of its own */
} canvas_op;

typedef struct canvas_path {
    unsigned char *ops;
    size_t nops, cap_ops;
    double *pts;          /* the numbers of all ops, in order */
    size_t npts, cap_pts;
} canvas_path;

/* Numbers each op takes from pts. */
extern const unsigned char canvas_op_arity[6];

typedef struct canvas_text_item {
    const char *text;          /* NUL-terminated UTF-8 */
    const canvas_text_style *style;
    double x, y;               /* anchor point as passed to canvas_text */
    double left, baseline;     /* where the text starts, by our metrics */
    double width;
    canvas_box box;
} canvas_text_item;

typedef struct canvas_backend {
    void (*path)(canvas *c, const canvas_path *p, const canvas_paint *paint);
    void (*text)(canvas *c, const canvas_text_item *t);
    void (*describe)(canvas *c, const char *title, const char *desc); /* may be NULL */
    void (*group_begin)(canvas *c, const char *cls);                 /* may be NULL */
    void (*group_end)(canvas *c);                                    /* may be NULL */
    void (*finish)(canvas *c);                                       /* may be NULL */
    void (*destroy)(canvas *c);      /* frees backend state, not c itself */
    void (*group_title)(canvas *c, const char *title);               /* may be NULL */
    void (*layer_begin)(canvas *c);                                  /* may be NULL */
    void (*layer_end)(canvas *c);                                    /* may be NULL */
} canvas_backend;

struct canvas {
    const canvas_backend *be;
    const metrics_fonts *fonts;
    double width, height;
    canvas_path path;
    char *error;                     /* first error, owned */
    bool finished;
    double vx, vy, vw, vh;           /* viewport (canvas_viewport); vw < 0 = whole canvas */
    palette_colors colors;           /* the theme's data colours */
};

void canvas_init(canvas *c, const canvas_backend *be, const metrics_fonts *fonts, double width,
                 double height);
/* Keeps the first error only. */
void canvas_fail(canvas *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Dash lengths for paint (0 or 2 numbers, in chart units). */
size_t canvas_dash_pattern(const canvas_paint *paint, double out[2]);
/* Bounds of a path's control points. */
canvas_box canvas_path_bounds(const canvas_path *p);

#endif
