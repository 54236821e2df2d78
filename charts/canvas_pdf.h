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
 * libharu 2.3 limit). Layers (canvas_layer_begin) are content streams of
 * their own (canvas_pdf_layers). The PDF canvas writes no marked content
 * itself: the caller tags the chart as one figure around it
 * (pdf_doc_chart_begin). */
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

/* The content streams of the layers drawn (canvas_layer_begin), in drawing
 * order; *n of them. A layer is a content stream of its own in the page's
 * /Contents array, drawn in the chart's coordinates under a translation
 * (q … cm before it, Q after it, in the neighbouring streams) and setting
 * every graphics state it uses itself: its bytes depend only on what the
 * layer draws, not on where the chart stands or what came before, so the
 * caller can compress it once for every document that shows it (pdf_doc).
 * Borrowed: the array lives until canvas_free, the streams with the
 * document. */
const HPDF_Dict *canvas_pdf_layers(const canvas *c, size_t *n);

/* Text encoder for fonts in an encoding of the caller's (gen/pdf_doc maps
 * U+2212 and ≥ to codes of their own): returns the bytes to show for utf8
 * (borrowed until the next call). Without one, gen/cp1252 is used. */
typedef const char *(*canvas_pdf_encoder)(void *ctx, const char *utf8, size_t len);
void canvas_pdf_set_encoder(canvas *c, canvas_pdf_encoder enc, void *ctx);

/* Shows `text` (NUL-terminated bytes in the current font's encoding) with its
 * origin at (x, y) in a text object of its own: byte for byte what
 * HPDF_Page_BeginText, HPDF_Page_TextOut and HPDF_Page_EndText write, with
 * the page left in the same state, but as one write. `width` is
 * HPDF_Page_TextWidth(page, text), which the caller needs anyway (it also
 * marks the characters the font must carry); TextOut skips text of width 0
 * as libharu does. libharu clears a 512-byte buffer byte by byte for every
 * Td and checks the state four times, which made text a sixth of a
 * briefing's PDF. Outside page-description mode, without a font or with a
 * two-byte font it calls libharu, which reports the error. `scratch` is the
 * caller's buffer (cleared and reused). Returns libharu's status. */
HPDF_STATUS canvas_pdf_text_out(HPDF_Page page, HPDF_REAL x, HPDF_REAL y, const char *text,
                                HPDF_REAL width, buf *scratch);

/* Sets the fill (rg) or, with `stroke`, the stroke colour (RG) to 0xRRGGBB:
 * the bytes and state of HPDF_Page_SetRGBFill / _SetRGBStroke with each
 * channel / 255, without libharu's 512-byte clearing (a briefing sets a
 * colour several hundred times). Outside page-description and text mode it
 * calls libharu, which reports the error. */
HPDF_STATUS canvas_pdf_set_rgb(HPDF_Page page, bool stroke, uint32_t rgb, buf *scratch);

#endif
