/* pdf_text: line breaking and fitting for the PDF renderer.
 *
 * Owner: the PDF renderer (render_pdf.c, pdf_*.c). Internal to it; exposed
 * in a header only for the unit tests.
 *
 * Widths come from charts/metrics (the TTF advances the PDF viewer uses), so
 * a line measured here is the line drawn. libharu's own HPDF_Page_TextRect is
 * not used: it silently drops words that do not fit.
 *
 * Breaking: at spaces (which are dropped at the break), after '-' and '/'
 * inside a word, and at '\n'. A word wider than the line is split between
 * characters, so nothing ever overflows. No hyphenation. */
#ifndef DIGINDEX_PDF_TEXT_H
#define DIGINDEX_PDF_TEXT_H

#include "buf.h"
#include "metrics.h"

#include <stdbool.h>
#include <stddef.h>

/* One line: bytes [off, off + len) of the text, without the spaces at the break. */
typedef struct pdf_line {
    size_t off, len;
    double width;
} pdf_line;

/* Reuse one across calls: the array keeps its capacity. */
typedef struct pdf_lines {
    pdf_line *v;
    size_t n, cap;
    bool broke_word; /* a word was split between characters */
} pdf_lines;

#define PDF_LINES_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0, false                                                                          \
    }

/* Breaks the NUL-terminated UTF-8 text s into lines no wider than max_width
 * (a single character wider than the line gets a line of its own). Empty
 * text gives 0 lines; "\n" gives empty lines where they are. */
void pdf_text_break(const metrics_fonts *f, metrics_weight w, double size, const char *s,
                    double max_width, pdf_lines *out);
void pdf_lines_free(pdf_lines *l);

/* The largest size between min_size and size (in steps of 0.25) at which s
 * fits on one line of max_width; min_size when even that does not fit. */
double pdf_text_fit_size(const metrics_fonts *f, metrics_weight w, double size, double min_size,
                         const char *s, double max_width);

/* Writes s to out, cut at a character boundary and ended with "…" when it is
 * wider than max_width (out is cleared first). Returns true when cut. */
bool pdf_text_ellipsize(const metrics_fonts *f, metrics_weight w, double size, const char *s,
                        double max_width, buf *out);

#endif
