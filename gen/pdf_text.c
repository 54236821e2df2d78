/* pdf_text: line breaking with the chart metrics (see pdf_text.h). */
#include "pdf_text.h"

#include "cp1252.h"

#include <stdlib.h>
#include <string.h>

static void lines_push(pdf_lines *l, const metrics_fonts *f, metrics_weight w, double size,
                       const char *s, size_t off, size_t end)
{
    while (end > off && s[end - 1] == ' ') end--; /* spaces at a break take no room */
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (pdf_line){off, end - off, metrics_text_width(f, w, size, s + off, end - off)};
}

static bool is_word_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

void pdf_text_break(const metrics_fonts *f, metrics_weight w, double size, const char *s,
                    double max_width, pdf_lines *out)
{
    out->n = 0;
    out->broke_word = false;
    if (!s) return;
    size_t n = strlen(s), pos = 0;
    while (pos < n) {
        while (pos < n && s[pos] == ' ') pos++;
        if (pos >= n) break;
        size_t start = pos, i = pos;
        size_t brk_end = 0, brk_next = 0; /* last break opportunity, 0 = none */
        double width = 0;
        for (;;) {
            if (i >= n) {
                lines_push(out, f, w, size, s, start, n);
                pos = n;
                break;
            }
            if (s[i] == '\n') {
                lines_push(out, f, w, size, s, start, i);
                pos = i + 1;
                /* An empty line stays: skip only the spaces before real text. */
                break;
            }
            uint32_t cp;
            size_t clen = cp1252_utf8_next(s + i, n - i, &cp);
            double cw = metrics_text_width(f, w, size, s + i, clen);
            if (s[i] == ' ') {
                brk_end = i;
                brk_next = i + 1;
                width += cw;
                i += clen;
                continue;
            }
            if (width + cw > max_width) {
                if (brk_next > start) {
                    lines_push(out, f, w, size, s, start, brk_end);
                    pos = brk_next;
                } else if (i > start) {
                    lines_push(out, f, w, size, s, start, i);
                    out->broke_word = true;
                    pos = i;
                } else {
                    lines_push(out, f, w, size, s, start, i + clen);
                    out->broke_word = true;
                    pos = i + clen;
                }
                break;
            }
            width += cw;
            i += clen;
            /* "Baden-Württemberg", "FTTB/H", URLs: a break after the mark. */
            if ((cp == '-' || cp == '/') && i - clen > start &&
                is_word_char((unsigned char)s[i - clen - 1]) && i < n && s[i] != ' ' &&
                s[i] != '\n') {
                brk_end = i;
                brk_next = i;
            }
        }
    }
}

void pdf_lines_free(pdf_lines *l)
{
    free(l->v);
    *l = (pdf_lines)PDF_LINES_INIT;
}

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
    size_t i = 0, keep = 0;
    double width = 0;
    while (i < n) {
        uint32_t cp;
        size_t clen = cp1252_utf8_next(s + i, n - i, &cp);
        width += metrics_text_width(f, w, size, s + i, clen);
        if (width > room) break;
        i += clen;
        keep = i;
    }
    while (keep > 0 && s[keep - 1] == ' ') keep--;
    buf_append(out, s, keep);
    buf_puts(out, ell);
    return true;
}
