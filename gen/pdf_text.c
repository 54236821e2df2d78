/* pdf_text: fitting text with the chart metrics (see pdf_text.h). */
#include "pdf_text.h"

#include <string.h>

double pdf_text_fit_size(const metrics_fonts *f, metrics_weight w, double size, double min_size,
                         const char *s, double max_width)
{
    double width = metrics_str_width(f, w, size, s);
    if (width <= max_width) return size;
    /* Width is proportional to size: start at the exact fit and round down. */
    double fit = size * max_width / width;
    fit = (double)(long)(fit * 4) / 4;
    while (fit > min_size && metrics_str_width(f, w, fit, s) > max_width) fit -= 0.25;
    return fit < min_size ? min_size : fit;
}

bool pdf_text_ellipsize(const metrics_fonts *f, metrics_weight w, double size, const char *s,
                        double max_width, buf *out)
{
    buf_clear(out);
    size_t n = strlen(s);
    if (metrics_text_width(f, w, size, s, n) <= max_width) {
        buf_append(out, s, n);
        return false;
    }
    static const char ell[] = "\xE2\x80\xA6"; /* … */
    double room = max_width - metrics_str_width(f, w, size, ell);
    size_t keep = metrics_text_prefix(f, w, size, s, n, room);
    while (keep > 0 && s[keep - 1] == ' ') keep--;
    buf_append(out, s, keep);
    buf_puts(out, ell);
    return true;
}
