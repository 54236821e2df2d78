/* pdf_font: prepares the TrueType files once per renderer so that each
 * document embeds less. Owner: the PDF renderer; internal to it.
 *
 * libharu embeds a TrueType font with every table it needs at full size
 * (hmtx and loca for all 2,600 glyphs of Liberation Sans, the 27 KB 'post'
 * table of glyph names) and only drops unused glyph outlines. Our text uses
 * about 230 code points (CP1252 and a few extra characters), so the renderer
 * reduces the font to those glyphs first: the same outlines, hints and
 * advance widths, renumbered. Documents get smaller and faster to write and
 * look exactly the same (tests/unit/test_render_pdf.c compares the pixels).
 *
 * Everything is bounds-checked: a font this code does not understand is
 * embedded whole instead (pdf_font_reduce_post), never replaced. */
#ifndef DIGINDEX_PDF_FONT_H
#define DIGINDEX_PDF_FONT_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes to out (cleared first) a TrueType font with glyph 0 and the glyphs
 * of the given code points (and their components). Returns false, leaving
 * out empty, when the input is not a glyf-based TrueType font with a
 * (3,1) format 4 cmap that this code can read. */
bool pdf_font_subset(const unsigned char *ttf, size_t len, const uint32_t *cps, size_t n_cps,
                     buf *out);

/* In place: makes 'post' a 32-byte format 3 table (no glyph names; viewers
 * use the cmap). Returns false when d is no TrueType file. */
bool pdf_font_reduce_post(unsigned char *d, size_t n);

#endif
