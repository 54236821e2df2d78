/* canvas_pdf: draw a chart onto a libharu page with PDF path and text
 * operators, so lines stay vectors and text stays selectable text.
 *
 * The caller owns the document, the page and the fonts. Load the same TTF
 * files as the metrics_fonts, once per document, in a single-byte encoding:
 *
 *     const char *r = HPDF_LoadTTFontFromFile(pdf, METRICS_FONT_REGULAR, HPDF_TRUE);
 *     const char *b = HPDF_LoadTTFontFromFile(pdf, METRICS_FONT_BOLD, HPDF_TRUE);
 *     HPDF_Font regular = HPDF_GetFont(pdf, r, "CP1252");
 *     HPDF_Font bold = HPDF_GetFont(pdf, b, "CP1252");
 *
 * Text is converted from UTF-8 with gen/cp1252 (U+2212 minus → en dash, etc.)
 * unless the caller sets its own encoder (canvas_pdf_set_encoder).
 * The canvas wraps everything it draws in q … Q, so the page's graphics state
 * is unchanged afterwards. Dash lengths are rounded to whole points (a
 * libharu 2.3 limit). The PDF canvas writes no marked content itself: the
 * caller tags the chart as one figure around it (pdf_doc_chart_begin). */
#ifndef DIGINDEX_CANVAS_PDF_H
#define DIGINDEX_CANVAS_PDF_H

#include "canvas.h"

#include <hpdf.h>

/* The chart's box on the page: lower-left corner (x, y) in PDF points with y
 * up, size width × height points. Chart coordinate (0, 0) is the box's top
 * left corner. */
canvas *canvas_pdf_new(const metrics_fonts *fonts, HPDF_Page page, double x, double y,
                       double width, double height, HPDF_Font regular, HPDF_Font bold);

/* The chart's accessible name and description (canvas_describe), for the
 * /Alt of the figure it is tagged as; NULL if the chart gave none. Only for
 * canvases made by canvas_pdf_new; valid until canvas_free. */
const char *canvas_pdf_title(const canvas *c);
const char *canvas_pdf_desc(const canvas *c);

/* Text encoder for fonts in an encoding of the caller's (gen/pdf_doc maps
 * U+2212 and ≥ to codes of their own): returns the bytes to show for utf8
 * (borrowed until the next call). Without one, gen/cp1252 is used. */
typedef const char *(*canvas_pdf_encoder)(void *ctx, const char *utf8, size_t len);
void canvas_pdf_set_encoder(canvas *c, canvas_pdf_encoder enc, void *ctx);

#endif
