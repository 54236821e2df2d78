/* canvas_svg: SVG text written by hand (see canvas.h).
 *
 * Output is byte-for-byte deterministic: numbers are printed by svg_num
 * (integer arithmetic, no locale), one element per line. Text stays <text>
 * so it can be searched, selected, translated and read aloud. */
#include "canvas.h"
#include "canvas_impl.h"

#include "cp1252.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct svg_canvas {
    canvas base;
    buf *out;      /* borrowed */
    buf body;
    char *prefix;  /* sanitised id prefix */
    char *title, *desc;
    int depth;     /* open groups */
} svg_canvas;

/* Coordinates with at most two decimals, trailing zeros dropped: 12.5, 3,
 * -0.25. Integer arithmetic keeps it independent of LC_NUMERIC. Writes at
 * most SVG_NUM_MAX bytes at p and returns their end. */
#define SVG_NUM_MAX 24
static char *svg_num_put(char *p, double v)
{
    if (!isfinite(v)) v = 0;
    long long q = llround(v * 100.0);
    /* Digits by hand, right to left: a map has thousands of numbers and
     * printf was most of the SVG time. */
    char tmp[32];
    char *e = tmp + sizeof tmp, *t = e;
    bool neg = q < 0;
    unsigned long long u = neg ? 0ull - (unsigned long long)q : (unsigned long long)q;
    unsigned frac = (unsigned)(u % 100);
    u /= 100;
    if (frac != 0) {
        if (frac % 10 != 0) *--t = (char)('0' + frac % 10);
        *--t = (char)('0' + frac / 10);
        *--t = '.';
    }
    do {
        *--t = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg) *--t = '-';
    size_t n = (size_t)(e - t);
    memcpy(p, t, n);
    return p + n;
}

static void svg_num(buf *b, double v)
{
    buf_reserve(b, SVG_NUM_MAX);
    b->len = (size_t)(svg_num_put(b->data + b->len, v) - b->data);
    b->data[b->len] = '\0';
}

static void svg_color(buf *b, canvas_color c)
{
    buf_printf(b, "#%06x", (unsigned)(c & 0xFFFFFFu));
}

/* Bytes svg_escape copies as they are: printable ASCII but & < > " '. */
static inline bool svg_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

/* Escapes UTF-8 for XML text and attribute values. Invalid UTF-8 and
 * characters XML forbids become U+FFFD, so the file always parses. */
static void svg_escape(buf *b, const char *s)
{
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n) {
        /* A run of printable ASCII that needs no escaping, appended at once. */
        size_t j = i;
        while (j < n && svg_plain((unsigned char)s[j])) j++;
        if (j > i) {
            buf_append(b, s + i, j - i);
            i = j;
            if (i == n) break;
        }
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': buf_puts(b, "&amp;"); i++; continue;
        case '<': buf_puts(b, "&lt;"); i++; continue;
        case '>': buf_puts(b, "&gt;"); i++; continue;
        case '"': buf_puts(b, "&quot;"); i++; continue;
        case '\'': buf_puts(b, "&#39;"); i++; continue;
        case '\n': buf_puts(b, "&#10;"); i++; continue;
        case '\t': buf_puts(b, "&#9;"); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            buf_puts(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        if (c < 0x80) {
            buf_putc(b, (char)c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = cp1252_utf8_next(s + i, n - i, &cp);
        if (cp == 0xFFFD || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0x80 && cp <= 0x9F))
            buf_puts(b, "\xEF\xBF\xBD");
        else
            buf_append(b, s + i, k);
        i += k;
    }
}

static void svg_paint(buf *b, const canvas_paint *p)
{
    buf_puts(b, " fill=\"");
    if (p->fill)
        svg_color(b, p->fill_color);
    else
        buf_puts(b, "none");
    buf_putc(b, '"');
    if (p->line_width > 0) {
        buf_puts(b, " stroke=\"");
        svg_color(b, p->stroke_color);
        buf_puts(b, "\" stroke-width=\"");
        svg_num(b, p->line_width);
        buf_putc(b, '"');
        double dash[2];
        if (canvas_dash_pattern(p, dash) == 2) {
            buf_puts(b, " stroke-dasharray=\"");
            svg_num(b, dash[0]);
            buf_putc(b, ' ');
            svg_num(b, dash[1]);
            buf_putc(b, '"');
        }
        if (p->round || p->dash == CANVAS_DOTTED)
            buf_puts(b, " stroke-linecap=\"round\" stroke-linejoin=\"round\"");
    }
}

static void svg_path(canvas *c, const canvas_path *p, const canvas_paint *paint)
{
    svg_canvas *s = (svg_canvas *)c;
    buf *b = &s->body;
    const double *v = p->pts;
    if (p->nops == 1 && p->ops[0] == CANVAS_OP_RECT) {
        buf_puts(b, "<rect x=\"");
        svg_num(b, v[0]);
        buf_puts(b, "\" y=\"");
        svg_num(b, v[1]);
        buf_puts(b, "\" width=\"");
        svg_num(b, v[2]);
        buf_puts(b, "\" height=\"");
        svg_num(b, v[3]);
        buf_putc(b, '"');
    } else if (p->nops == 1 && p->ops[0] == CANVAS_OP_CIRCLE) {
        buf_puts(b, "<circle cx=\"");
        svg_num(b, v[0]);
        buf_puts(b, "\" cy=\"");
        svg_num(b, v[1]);
        buf_puts(b, "\" r=\"");
        svg_num(b, v[2]);
        buf_putc(b, '"');
    } else {
        buf_puts(b, "<path d=\"");
        /* Written straight into reserved room: the most bytes an op can
         * take (a circle: nine numbers and 22 other bytes). */
        buf_reserve(b, p->nops * (9 * SVG_NUM_MAX + 22));
        char *q = b->data + b->len;
        size_t k = 0;
        for (size_t i = 0; i < p->nops; i++) {
            const double *a = v + k;
            switch ((canvas_op)p->ops[i]) {
            case CANVAS_OP_MOVE:
            case CANVAS_OP_LINE:
                *q++ = p->ops[i] == CANVAS_OP_MOVE ? 'M' : 'L';
                q = svg_num_put(q, a[0]);
                *q++ = ' ';
                q = svg_num_put(q, a[1]);
                break;
            case CANVAS_OP_CURVE:
                *q++ = 'C';
                for (int j = 0; j < 6; j++) {
                    if (j) *q++ = ' ';
                    q = svg_num_put(q, a[j]);
                }
                break;
            case CANVAS_OP_CLOSE: *q++ = 'Z'; break;
            case CANVAS_OP_RECT:
                *q++ = 'M';
                q = svg_num_put(q, a[0]);
                *q++ = ' ';
                q = svg_num_put(q, a[1]);
                *q++ = 'h';
                q = svg_num_put(q, a[2]);
                *q++ = 'v';
                q = svg_num_put(q, a[3]);
                *q++ = 'h';
                q = svg_num_put(q, -a[2]);
                *q++ = 'Z';
                break;
            case CANVAS_OP_CIRCLE:
                /* Two half arcs; SVG has no circle path command. */
                *q++ = 'M';
                q = svg_num_put(q, a[0] - a[2]);
                *q++ = ' ';
                q = svg_num_put(q, a[1]);
                for (int j = 0; j < 2; j++) {
                    *q++ = 'A';
                    q = svg_num_put(q, a[2]);
                    *q++ = ' ';
                    q = svg_num_put(q, a[2]);
                    memcpy(q, " 0 1 0 ", 7);
                    q += 7;
                    q = svg_num_put(q, j == 0 ? a[0] + a[2] : a[0] - a[2]);
                    *q++ = ' ';
                    q = svg_num_put(q, a[1]);
                }
                *q++ = 'Z';
                break;
            }
            k += canvas_op_arity[p->ops[i]];
        }
        b->len = (size_t)(q - b->data);
        b->data[b->len] = '\0';
        buf_putc(b, '"');
    }
    svg_paint(b, paint);
    buf_puts(b, "/>\n");
}

static void svg_text(canvas *c, const canvas_text_item *t)
{
    svg_canvas *s = (svg_canvas *)c;
    buf *b = &s->body;
    const canvas_text_style *st = t->style;
    /* Keep the anchor in the SVG (rather than our computed left edge) so a
     * browser that substitutes Arial or Helvetica still aligns correctly. */
    buf_puts(b, "<text x=\"");
    svg_num(b, t->x);
    buf_puts(b, "\" y=\"");
    svg_num(b, t->baseline);
    buf_puts(b, "\" font-size=\"");
    svg_num(b, st->size);
    buf_putc(b, '"');
    if (st->weight == METRICS_BOLD) buf_puts(b, " font-weight=\"bold\"");
    if (st->anchor == CANVAS_MIDDLE) buf_puts(b, " text-anchor=\"middle\"");
    if (st->anchor == CANVAS_END) buf_puts(b, " text-anchor=\"end\"");
    buf_puts(b, " fill=\"");
    svg_color(b, st->color);
    buf_puts(b, "\">");
    svg_escape(b, t->text);
    buf_puts(b, "</text>\n");
}

static void svg_describe(canvas *c, const char *title, const char *desc)
{
    svg_canvas *s = (svg_canvas *)c;
    free(s->title);
    free(s->desc);
    s->title = title ? xstrdup(title) : NULL;
    s->desc = desc ? xstrdup(desc) : NULL;
}

static void svg_group_begin(canvas *c, const char *cls)
{
    svg_canvas *s = (svg_canvas *)c;
    if (cls) {
        buf_puts(&s->body, "<g class=\"");
        svg_escape(&s->body, cls);
        buf_puts(&s->body, "\">\n");
    } else {
        buf_puts(&s->body, "<g>\n");
    }
    s->depth++;
}

static void svg_group_title(canvas *c, const char *title)
{
    svg_canvas *s = (svg_canvas *)c;
    buf_puts(&s->body, "<title>");
    svg_escape(&s->body, title);
    buf_puts(&s->body, "</title>\n");
}

static void svg_group_end(canvas *c)
{
    svg_canvas *s = (svg_canvas *)c;
    if (s->depth == 0) {
        canvas_fail(c, "canvas_group_end without canvas_group_begin");
        return;
    }
    s->depth--;
    buf_puts(&s->body, "</g>\n");
}

static void svg_finish(canvas *c)
{
    svg_canvas *s = (svg_canvas *)c;
    buf *b = s->out;
    while (s->depth > 0) svg_group_end(c);
    buf_puts(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    svg_num(b, c->width);
    buf_puts(b, "\" height=\"");
    svg_num(b, c->height);
    buf_puts(b, "\" viewBox=\"0 0 ");
    svg_num(b, c->width);
    buf_putc(b, ' ');
    svg_num(b, c->height);
    buf_puts(b, "\" role=\"img\"");
    if (s->title || s->desc) {
        buf_puts(b, " aria-labelledby=\"");
        if (s->title) buf_printf(b, "%s-title", s->prefix);
        if (s->title && s->desc) buf_putc(b, ' ');
        if (s->desc) buf_printf(b, "%s-desc", s->prefix);
        buf_putc(b, '"');
    }
    buf_puts(b, " font-family=\"Liberation Sans, Arial, Helvetica, sans-serif\">\n");
    if (s->title) {
        buf_printf(b, "<title id=\"%s-title\">", s->prefix);
        svg_escape(b, s->title);
        buf_puts(b, "</title>\n");
    }
    if (s->desc) {
        buf_printf(b, "<desc id=\"%s-desc\">", s->prefix);
        svg_escape(b, s->desc);
        buf_puts(b, "</desc>\n");
    }
    /* Our colours are chosen for white; don't inherit a page's dark mode. */
    buf_puts(b, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    buf_append(b, buf_cstr(&s->body), s->body.len);
    buf_puts(b, "</svg>\n");
}

static void svg_destroy(canvas *c)
{
    svg_canvas *s = (svg_canvas *)c;
    buf_free(&s->body);
    free(s->prefix);
    free(s->title);
    free(s->desc);
}

static const canvas_backend svg_backend = {
    svg_path, svg_text, svg_describe, svg_group_begin, svg_group_end, svg_finish, svg_destroy,
    svg_group_title, NULL, NULL,
};

canvas *canvas_svg_new(const metrics_fonts *fonts, double width, double height,
                       const char *id_prefix, buf *out)
{
    svg_canvas *s = xcalloc(1, sizeof *s);
    canvas_init(&s->base, &svg_backend, fonts, width, height);
    s->out = out;
    if (!id_prefix || !*id_prefix) id_prefix = "chart";
    s->prefix = xstrdup(id_prefix);
    for (char *p = s->prefix; *p; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
        if (!ok) *p = '_';
    }
    return &s->base;
}

const char *canvas_svg_desc(const canvas *c)
{
    if (!c || c->be != &svg_backend) return NULL;
    return ((const svg_canvas *)c)->desc;
}
