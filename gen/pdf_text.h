/* pdf_text: fitting text to a width for the PDF renderer.
 *
 * Owner: the PDF renderer (render_pdf.c, pdf_*.c). Internal to it; exposed
 * in a header only for the unit tests.
 *
 * Widths come from charts/metrics (the TTF advances the PDF viewer uses), so
 * a line measured here is the line drawn. Line breaking is metrics_text_break
 * (the charts' breaker: one rule set for charts and PDF); libharu's own
 * HPDF_Page_TextRect is not used: it silently drops words that do not fit. */
#ifndef DIGINDEX_PDF_TEXT_H
#define DIGINDEX_PDF_TEXT_H

#include "buf.h"
#include "metrics.h"

#include <stdbool.h>
#include <stddef.h>

/* The largest size between min_size and size (in steps of 0.25) at which s
 * fits on one line of max_width; min_size when even that does not fit. */
double pdf_text_fit_size(const metrics_fonts *f, metrics_weight w, double size, double min_size,
                         const char *s, double max_width);

/* Writes s to out, cut at a character boundary and ended with "…" when it is
 * wider than max_width (out is cleared first). Returns true when cut. */
bool pdf_text_ellipsize(const metrics_fonts *f, metrics_weight w, double size, const char *s,
                        double max_width, buf *out);

#endif
