/* canvas: the small drawing interface every chart draws through.
 *
 * One chart function, several outputs: SVG (hand-written text into a buf),
 * PNG (cairo raster, written by libpng into a buf), PDF (libharu, onto a
 * caller's page; see canvas_pdf.h) and a recording canvas for tests.
 * Coordinates are in chart units with the origin top left and y pointing
 * down (SVG's convention); the PDF backend flips them. A PDF chart is in
 * points, an SVG chart in CSS px.
 *
 * Paths are collected by canvas_move_to … canvas_circle and painted by
 * canvas_draw, which hands the whole path to the backend at once: the point
 * arrays grow and are reused, so polygons with thousands of points (maps)
 * cost no allocation per point.
 *
 * Text is measured with the canvas's metrics_fonts (metrics.h), the same
 * numbers the charts use for layout, so what is drawn is exactly what was
 * measured. Text is UTF-8.
 *
 * Ownership: a canvas borrows its fonts (which must outlive it) and its
 * output buf; canvas_free frees the canvas only. canvas_free(NULL) is a no-op.
 * A canvas is used by one thread at a time. */
#ifndef DIGINDEX_CANVAS_H
#define DIGINDEX_CANVAS_H

#include "buf.h"
#include "diag.h"
#include "metrics.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t canvas_color; /* 0xRRGGBB, see palette.h */

typedef enum canvas_dash {
    CANVAS_SOLID = 0,
    CANVAS_DASHED, /* dashes 3.5 × line width, gaps 2.5 × line width */
    CANVAS_DOTTED  /* round dots 2.5 × line width apart (implies round caps) */
} canvas_dash;

typedef struct canvas_paint {
    bool fill;                 /* fill with fill_color (non-zero winding) */
    canvas_color fill_color;
    double line_width;         /* > 0: stroke with stroke_color */
    canvas_color stroke_color;
    canvas_dash dash;
    bool round;                /* round caps and joins; else butt/miter */
} canvas_paint;

typedef enum canvas_anchor { CANVAS_START = 0, CANVAS_MIDDLE, CANVAS_END } canvas_anchor;

typedef enum canvas_baseline {
    CANVAS_ALPHABETIC = 0, /* y is the baseline */
    CANVAS_CENTRAL,        /* y is half the cap height above the baseline */
    CANVAS_TOP,            /* y is the top of the line (ascent) */
    CANVAS_BOTTOM          /* y is the bottom of the line (descent) */
} canvas_baseline;

typedef struct canvas_text_style {
    metrics_weight weight;
    double size;
    canvas_color color;
    canvas_anchor anchor;
    canvas_baseline baseline;
} canvas_text_style;

typedef struct canvas_box {
    double x0, y0, x1, y1; /* x0 <= x1, y0 <= y1 */
} canvas_box;

typedef struct canvas canvas;

/* ---- outputs ------------------------------------------------------------ */

/* SVG: appends a complete <svg> element to out at canvas_finish.
 * id_prefix makes the ids of <title>/<desc> unique on an HTML page with
 * several charts; characters other than [A-Za-z0-9_-] are replaced by '_'
 * (NULL or "" → "chart"). */
canvas *canvas_svg_new(const metrics_fonts *fonts, double width, double height,
                       const char *id_prefix, buf *out);
/* The description the chart gave an SVG canvas (its <desc>), NULL if none or
 * not an SVG canvas. Borrowed until canvas_free. */
const char *canvas_svg_desc(const canvas *c);
/* PNG: draws on a white image of (width × scale) × (height × scale) pixels
 * (rounded up) and appends the PNG file to out at canvas_finish: an 8-bit
 * palette image (the 256 most frequent colours; the rare antialiasing
 * shades beyond them take the nearest, invisibly), or RGB when an image has
 * too many colours for that (see canvas_png.c). Deterministic bytes. */
canvas *canvas_png_new(const metrics_fonts *fonts, double width, double height, double scale,
                       buf *out);
/* Rasterised layers a thread's PNG canvases share (canvas_layer_begin):
 * several charts that draw the very same layer on the same white pixels
 * (the map of a Kreis' Gemeinden, each Gemeinde's briefing marking itself
 * on top) rasterise it once; the others copy its pixels. A layer drawn over
 * other paths (the radar's grid) keeps its coverage, which the next chart
 * composites as cairo would instead of stroking again. The bytes of every
 * PNG stay what drawing would give. The cache also lends each canvas its
 * pixel, row and deflate buffers, so one canvas at a time may use it, and
 * it must outlive that canvas. Not thread-safe: one per thread. Owns its
 * copies and buffers (a few MB); canvas_png_cache_free(NULL) is a no-op. */
typedef struct canvas_png_cache canvas_png_cache;
canvas_png_cache *canvas_png_cache_new(void);
void canvas_png_cache_free(canvas_png_cache *cache);
/* The same as canvas_png_new, with layers looked up in and added to cache
 * (borrowed; may be NULL: no cache). */
canvas *canvas_png_new_cached(const metrics_fonts *fonts, double width, double height,
                              double scale, buf *out, canvas_png_cache *cache);
/* PNG: a text the file carries beside its pixels (an iTXt chunk, UTF-8,
 * language de), e.g. "Title", "Source", "Disclaimer": what the chart's frame
 * shows, readable by tools and search. Keys of 1–79 Latin letters; does
 * nothing on other canvases. */
void canvas_png_set_text(canvas *c, const char *key, const char *text);
/* Recording canvas for tests: keeps every text item and shape with its
 * bounding box. */
canvas *canvas_rec_new(const metrics_fonts *fonts, double width, double height);

/* Completes the output (writes the buf, restores the PDF graphics state).
 * Returns false and adds an error to d (may be NULL) when anything failed
 * along the way; the output is then incomplete. Call once, before free. */
bool canvas_finish(canvas *c, diag *d);
void canvas_free(canvas *c);

/* ---- queries ------------------------------------------------------------ */

/* Draws what follows into the rectangle (x, y, w, h) of the canvas: every
 * coordinate is offset by (x, y) and canvas_width/height report w and h, so
 * a chart drawn next fills the rectangle (a frame with title and source line
 * around a chart). canvas_viewport_reset returns to the whole canvas. */
void canvas_viewport(canvas *c, double x, double y, double w, double h);
void canvas_viewport_reset(canvas *c);
double canvas_width(const canvas *c);
/* The data colours charts draw with (palette.h): palette_default unless
 * set; a theme sets its own before drawing. NULL = the defaults. */
struct palette_colors;
void canvas_set_colors(canvas *c, const struct palette_colors *colors);
const struct palette_colors *canvas_colors(const canvas *c);
double canvas_height(const canvas *c);
const metrics_fonts *canvas_fonts(const canvas *c);

/* ---- structure (SVG; PDF keeps title and desc for the figure's /Alt) ---- */

/* Accessible name and description of the whole chart: SVG <title>/<desc>,
 * referenced by aria-labelledby. Call before drawing; either may be NULL. */
void canvas_describe(canvas *c, const char *title, const char *desc);
/* Whether the canvas keeps the description (SVG's <desc>, PDF's /Alt, the
 * recording canvas) and the group titles (SVG) it is given. A chart skips
 * composing what the canvas would drop (a PNG keeps neither). */
bool canvas_keeps_description(const canvas *c);
bool canvas_keeps_group_titles(const canvas *c);
/* <g class="cls"> … </g>; cls may be NULL. Groups nest. */
void canvas_group_begin(canvas *c, const char *cls);
/* The same with a <title> child, so a screen reader and a search find the
 * part by name ("Rostock: 57,1 Punkte"). */
void canvas_group_begin_titled(canvas *c, const char *cls, const char *title);
void canvas_group_end(canvas *c);
/* What is drawn between these two calls is a layer: paths only (text ends
 * it early), which a PNG canvas with a cache may copy from an earlier chart
 * that drew the same layer at the same place (on pixels of one colour), or
 * whose coverage it may apply again (over anything: the radar's grid over
 * each region's area); the pixels are what drawing would give. No effect
 * on other outputs; layers do not nest. */
void canvas_layer_begin(canvas *c);
void canvas_layer_end(canvas *c);

/* ---- paths ---------------------------------------------------------------- */

void canvas_move_to(canvas *c, double x, double y);
void canvas_line_to(canvas *c, double x, double y);
void canvas_curve_to(canvas *c, double x1, double y1, double x2, double y2, double x, double y);
void canvas_close_path(canvas *c);
/* Whole closed sub-paths. */
void canvas_rect(canvas *c, double x, double y, double w, double h);
void canvas_circle(canvas *c, double cx, double cy, double r);
/* Paints the collected path with paint and starts a new, empty one. */
void canvas_draw(canvas *c, const canvas_paint *paint);

/* Convenience: one straight line. */
void canvas_line(canvas *c, double x0, double y0, double x1, double y1, const canvas_paint *paint);

/* ---- text ----------------------------------------------------------------- */

/* Draws one line of text; returns its box (advance width × ascent+descent). */
canvas_box canvas_text(canvas *c, double x, double y, const char *utf8,
                       const canvas_text_style *st);
/* The box canvas_text would return, without drawing. */
canvas_box canvas_text_box(const canvas *c, double x, double y, const char *utf8,
                           const canvas_text_style *st);

/* ---- recording canvas ------------------------------------------------------ */

typedef struct canvas_rec_text {
    char *text;            /* owned by the canvas */
    canvas_text_style style;
    double x, y;           /* as passed to canvas_text */
    canvas_box box;
} canvas_rec_text;

typedef struct canvas_rec_shape {
    canvas_paint paint;
    canvas_box box;        /* control-point bounds, widened by half the line width */
    size_t points;
} canvas_rec_shape;

/* Only for canvases made by canvas_rec_new; items stay valid until free. */
size_t canvas_rec_text_count(const canvas *c);
const canvas_rec_text *canvas_rec_text_at(const canvas *c, size_t i);
size_t canvas_rec_shape_count(const canvas *c);
const canvas_rec_shape *canvas_rec_shape_at(const canvas *c, size_t i);
/* The title and desc passed to canvas_describe (NULL if none). */
const char *canvas_rec_title(const canvas *c);
const char *canvas_rec_desc(const canvas *c);

#endif
