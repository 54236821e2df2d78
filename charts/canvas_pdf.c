/* canvas_pdf: libharu page backend (see canvas_pdf.h). */
#include "canvas_pdf.h"
#include "canvas_impl.h"

#include "cp1252.h"

#include <hpdf_font.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pdf_canvas {
    canvas base;
    HPDF_Page page;
    HPDF_Font font[2];
    double ox, oy;     /* lower-left corner of the chart box */
    buf tmp;           /* CP1252 text, reused */
    buf ops;           /* a path's operators, reused (pdf_path_direct) */
    char *title, *desc; /* from canvas_describe, for the figure's /Alt */
    canvas_pdf_encoder enc; /* NULL = cp1252_from_utf8 */
    void *enc_ctx;
    bool saved;        /* q was written */
    /* Graphics state we last set, to keep the content stream short. */
    struct pdf_track {
        bool have_fill, have_stroke, have_width, have_dash, have_cap, have_font;
        canvas_color fill, stroke;
        double width;
        HPDF_UINT16 dash[2];
        HPDF_UINT ndash;
        bool round;
        int font_w;
        double font_size;
    } tr;
    /* A layer (canvas_layer_begin) is a content stream of its own, drawn in
     * the chart's coordinates under a translation and with no state taken
     * from before it: the same layer gives the same bytes wherever the chart
     * stands on the page, so pdf_doc compresses it once for all the
     * briefings that show it (canvas_pdf_layers). */
    bool in_layer;
    struct pdf_track outer_tr; /* the state outside the layer, back after its Q */
    double outer_ox, outer_oy;
    HPDF_Dict *layers; /* the layers' streams, in drawing order (owned array) */
    size_t n_layers, cap_layers;
} pdf_canvas;

#define PDF_CALL(pc, expr)                                                         \
    do {                                                                           \
        HPDF_STATUS st_ = (expr);                                                  \
        if (st_ != HPDF_OK)                                                        \
            canvas_fail(&(pc)->base, "libharu error 0x%04X in %s", (unsigned)st_, #expr); \
    } while (0)

static double px(const pdf_canvas *pc, double x) { return pc->ox + x; }
static double py(const pdf_canvas *pc, double y) { return pc->oy + pc->base.height - y; }

static void set_fill(pdf_canvas *pc, canvas_color c)
{
    if (pc->tr.have_fill && pc->tr.fill == c) return;
    PDF_CALL(pc, canvas_pdf_set_rgb(pc->page, false, c, &pc->ops));
    pc->tr.have_fill = true;
    pc->tr.fill = c;
}

static void set_stroke(pdf_canvas *pc, const canvas_paint *p)
{
    canvas_color c = p->stroke_color;
    if (!pc->tr.have_stroke || pc->tr.stroke != c) {
        PDF_CALL(pc, canvas_pdf_set_rgb(pc->page, true, c, &pc->ops));
        pc->tr.have_stroke = true;
        pc->tr.stroke = c;
    }
    if (!pc->tr.have_width || pc->tr.width != p->line_width) {
        PDF_CALL(pc, HPDF_Page_SetLineWidth(pc->page, (HPDF_REAL)p->line_width));
        pc->tr.have_width = true;
        pc->tr.width = p->line_width;
    }
    double d[2];
    HPDF_UINT16 ptn[2] = {0, 0};
    HPDF_UINT n = (HPDF_UINT)canvas_dash_pattern(p, d);
    if (n == 2) {
        /* libharu 2.3 takes whole, non-zero points. A dot becomes a 1 pt
         * dash; with round caps it still reads as a dot. */
        long a = lround(d[0]), b = lround(d[1]);
        if (a < 1) {
            b -= 1;
            a = 1;
        }
        if (b < 1) b = 1;
        ptn[0] = (HPDF_UINT16)a;
        ptn[1] = (HPDF_UINT16)b;
    }
    if (!pc->tr.have_dash || pc->tr.ndash != n || pc->tr.dash[0] != ptn[0] || pc->tr.dash[1] != ptn[1]) {
        PDF_CALL(pc, HPDF_Page_SetDash(pc->page, n ? ptn : NULL, n, 0));
        pc->tr.have_dash = true;
        pc->tr.ndash = n;
        pc->tr.dash[0] = ptn[0];
        pc->tr.dash[1] = ptn[1];
    }
    bool round = p->round || p->dash == CANVAS_DOTTED;
    if (!pc->tr.have_cap || pc->tr.round != round) {
        PDF_CALL(pc, HPDF_Page_SetLineCap(pc->page, round ? HPDF_ROUND_END : HPDF_BUTT_END));
        PDF_CALL(pc, HPDF_Page_SetLineJoin(pc->page, round ? HPDF_ROUND_JOIN : HPDF_MITER_JOIN));
        pc->tr.have_cap = true;
        pc->tr.round = round;
    }
}

/* A number as libharu's operators write it (HPDF_FToA). */
static void put_real(buf *b, double v)
{
    char t[64];
    char *e = HPDF_FToA(t, (HPDF_REAL)v, t + sizeof t - 1);
    buf_append(b, t, (size_t)(e - t));
}

static void put_reals(buf *b, const double *v, int n, const char *op)
{
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(b, ' ');
        put_real(b, v[i]);
    }
    buf_puts(b, op);
}

static HPDF_REAL channel(canvas_color c, int shift)
{
    return (HPDF_REAL)(((c >> shift) & 0xFF) / 255.0);
}

HPDF_STATUS canvas_pdf_set_rgb(HPDF_Page page, bool stroke, uint32_t rgb, buf *scratch)
{
    HPDF_REAL ch[3] = {channel(rgb, 16), channel(rgb, 8), channel(rgb, 0)};
    HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
    if (!attr || !(attr->gmode & (HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_TEXT_OBJECT)))
        return stroke ? HPDF_Page_SetRGBStroke(page, ch[0], ch[1], ch[2])
                      : HPDF_Page_SetRGBFill(page, ch[0], ch[1], ch[2]);
    double v[3] = {ch[0], ch[1], ch[2]};
    buf_clear(scratch);
    put_reals(scratch, v, 3, stroke ? " RG\n" : " rg\n");
    HPDF_STATUS st =
        HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)scratch->data, (HPDF_UINT)scratch->len);
    if (st != HPDF_OK) return st;
    HPDF_RGBColor *c = stroke ? &attr->gstate->rgb_stroke : &attr->gstate->rgb_fill;
    *c = (HPDF_RGBColor){ch[0], ch[1], ch[2]};
    if (stroke)
        attr->gstate->cs_stroke = HPDF_CS_DEVICE_RGB;
    else
        attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
    return HPDF_OK;
}

/* Writes the path and its painting operator into the page's content stream
 * at once, byte for byte what HPDF_Page_MoveTo, _LineTo, _CurveTo,
 * _ClosePath, _Rectangle and _Fill/_Stroke/_FillStroke would write. Those
 * clear a 512-byte buffer byte by byte for every point, which made a
 * Gemeinde's PDF map (≈ 150 shapes, thousands of points) a tenth of its
 * PDF. The page stays in libharu's page-description mode, as after a
 * painting operator. False (nothing written) for a path with a circle,
 * whose curves libharu computes, one that does not begin with a move or a
 * rectangle (libharu reports those), or outside page-description mode. */
static bool pdf_path_direct(pdf_canvas *pc, const canvas_path *p, const canvas_paint *paint)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)pc->page->attr;
    if (!attr || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION || p->nops == 0 ||
        ((canvas_op)p->ops[0] != CANVAS_OP_MOVE && (canvas_op)p->ops[0] != CANVAS_OP_RECT))
        return false;
    for (size_t i = 0; i < p->nops; i++)
        if ((canvas_op)p->ops[i] == CANVAS_OP_CIRCLE) return false;
    buf *b = &pc->ops;
    buf_clear(b);
    const double *v = p->pts;
    size_t k = 0;
    for (size_t i = 0; i < p->nops; i++) {
        const double *a = v + k;
        double q[6];
        switch ((canvas_op)p->ops[i]) {
        case CANVAS_OP_MOVE:
        case CANVAS_OP_LINE:
            q[0] = px(pc, a[0]), q[1] = py(pc, a[1]);
            put_reals(b, q, 2, (canvas_op)p->ops[i] == CANVAS_OP_MOVE ? " m\n" : " l\n");
            break;
        case CANVAS_OP_CURVE:
            for (int j = 0; j < 6; j += 2) q[j] = px(pc, a[j]), q[j + 1] = py(pc, a[j + 1]);
            put_reals(b, q, 6, " c\n");
            break;
        case CANVAS_OP_CLOSE: buf_puts(b, "h\n"); break;
        case CANVAS_OP_RECT:
            q[0] = px(pc, a[0]), q[1] = py(pc, a[1] + a[3]), q[2] = a[2], q[3] = a[3];
            put_reals(b, q, 4, " re\n");
            break;
        case CANVAS_OP_CIRCLE: break;
        }
        k += canvas_op_arity[p->ops[i]];
    }
    buf_puts(b, paint->fill && paint->line_width > 0 ? "B\n" : paint->fill ? "f\n" : "S\n");
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len) != HPDF_OK)
        canvas_fail(&pc->base, "libharu error writing a path");
    attr->cur_pos = (HPDF_Point){0, 0};
    return true;
}

static void pdf_path(canvas *c, const canvas_path *p, const canvas_paint *paint)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    if (c->error) return; /* libharu refuses everything after an error */
    HPDF_Page pg = pc->page;
    /* Colours and line state must be set before the path begins. */
    if (paint->fill) set_fill(pc, paint->fill_color);
    if (paint->line_width > 0) set_stroke(pc, paint);
    if (pdf_path_direct(pc, p, paint)) return;
    const double *v = p->pts;
    size_t k = 0;
    for (size_t i = 0; i < p->nops; i++) {
        const double *a = v + k;
        switch ((canvas_op)p->ops[i]) {
        case CANVAS_OP_MOVE:
            PDF_CALL(pc, HPDF_Page_MoveTo(pg, (HPDF_REAL)px(pc, a[0]), (HPDF_REAL)py(pc, a[1])));
            break;
        case CANVAS_OP_LINE:
            PDF_CALL(pc, HPDF_Page_LineTo(pg, (HPDF_REAL)px(pc, a[0]), (HPDF_REAL)py(pc, a[1])));
            break;
        case CANVAS_OP_CURVE:
            PDF_CALL(pc, HPDF_Page_CurveTo(pg, (HPDF_REAL)px(pc, a[0]), (HPDF_REAL)py(pc, a[1]),
                                           (HPDF_REAL)px(pc, a[2]), (HPDF_REAL)py(pc, a[3]),
                                           (HPDF_REAL)px(pc, a[4]), (HPDF_REAL)py(pc, a[5])));
            break;
        case CANVAS_OP_CLOSE: PDF_CALL(pc, HPDF_Page_ClosePath(pg)); break;
        case CANVAS_OP_RECT:
            PDF_CALL(pc, HPDF_Page_Rectangle(pg, (HPDF_REAL)px(pc, a[0]),
                                             (HPDF_REAL)py(pc, a[1] + a[3]), (HPDF_REAL)a[2],
                                             (HPDF_REAL)a[3]));
            break;
        case CANVAS_OP_CIRCLE:
            PDF_CALL(pc, HPDF_Page_Circle(pg, (HPDF_REAL)px(pc, a[0]), (HPDF_REAL)py(pc, a[1]),
                                          (HPDF_REAL)a[2]));
            PDF_CALL(pc, HPDF_Page_ClosePath(pg));
            break;
        }
        k += canvas_op_arity[p->ops[i]];
    }
    if (paint->fill && paint->line_width > 0)
        PDF_CALL(pc, HPDF_Page_FillStroke(pg));
    else if (paint->fill)
        PDF_CALL(pc, HPDF_Page_Fill(pg));
    else
        PDF_CALL(pc, HPDF_Page_Stroke(pg));
}

static void pdf_text(canvas *c, const canvas_text_item *t)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    if (c->error) return;
    HPDF_Page pg = pc->page;
    const canvas_text_style *st = t->style;
    buf_clear(&pc->tmp);
    if (pc->enc)
        buf_puts(&pc->tmp, pc->enc(pc->enc_ctx, t->text, strlen(t->text)));
    else
        cp1252_from_utf8(&pc->tmp, t->text, strlen(t->text));
    const char *s = buf_cstr(&pc->tmp);
    set_fill(pc, st->color);
    int w = st->weight == METRICS_BOLD ? 1 : 0;
    if (!pc->tr.have_font || pc->tr.font_w != w || pc->tr.font_size != st->size) {
        PDF_CALL(pc, HPDF_Page_SetFontAndSize(pg, pc->font[w], (HPDF_REAL)st->size));
        pc->tr.have_font = true;
        pc->tr.font_w = w;
        pc->tr.font_size = st->size;
    }
    /* Align by libharu's own widths: the PDF viewer places glyphs with
     * them, and CP1252 look-alikes (– for −) differ slightly from ours. */
    double width = HPDF_Page_TextWidth(pg, s);
    double left = t->x;
    if (st->anchor == CANVAS_MIDDLE) left -= width / 2;
    if (st->anchor == CANVAS_END) left -= width;
    PDF_CALL(pc, canvas_pdf_text_out(pg, (HPDF_REAL)px(pc, left), (HPDF_REAL)py(pc, t->baseline),
                                     s, (HPDF_REAL)width, &pc->ops));
}

HPDF_STATUS canvas_pdf_text_out(HPDF_Page page, HPDF_REAL x, HPDF_REAL y, const char *text,
                                HPDF_REAL width, buf *scratch)
{
    HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
    HPDF_FontAttr font = attr && attr->gstate && attr->gstate->font
                             ? (HPDF_FontAttr)attr->gstate->font->attr
                             : NULL;
    if (!font || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
        font->type == HPDF_FONT_TYPE0_TT || font->type == HPDF_FONT_TYPE0_CID) {
        HPDF_STATUS st = HPDF_Page_BeginText(page);
        if (st == HPDF_OK) st = HPDF_Page_TextOut(page, x, y, text);
        if (st == HPDF_OK) st = HPDF_Page_EndText(page);
        return st;
    }
    /* BT; TextOut from the identity text matrix is "x y Td" with x and y
     * unchanged, then (text) Tj unless the text has no width; ET. */
    buf *b = scratch;
    buf_clear(b);
    buf_puts(b, "BT\n");
    double pos[2] = {x, y};
    put_reals(b, pos, 2, " Td\n");
    if (*text && width != 0) {
        /* HPDF_Stream_WriteEscapeText: octal escapes as libharu writes them. */
        buf_putc(b, '(');
        for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
            if (HPDF_NEEDS_ESCAPE(*c)) {
                char esc[4] = {'\\', (char)('0' + (*c >> 6)), (char)('0' + ((*c >> 3) & 7)),
                               (char)('0' + (*c & 7))};
                buf_append(b, esc, 4);
            } else {
                buf_putc(b, (char)*c);
            }
        }
        buf_puts(b, ") Tj\n");
    }
    buf_puts(b, "ET\n");
    HPDF_STATUS st = HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
    if (st != HPDF_OK) return st;
    /* The state HPDF_Page_EndText leaves: the text matrix TextOut set, the
     * text position reset. */
    attr->text_matrix = (HPDF_TransMatrix){1, 0, 0, 1, 0, 0};
    attr->text_matrix.x += x * attr->text_matrix.a + y * attr->text_matrix.c;
    attr->text_matrix.y += y * attr->text_matrix.d + x * attr->text_matrix.b;
    attr->text_pos = (HPDF_Point){0, 0};
    return HPDF_OK;
}

static void pdf_describe(canvas *c, const char *title, const char *desc)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    free(pc->title);
    free(pc->desc);
    pc->title = title ? xstrdup(title) : NULL;
    pc->desc = desc ? xstrdup(desc) : NULL;
}

const char *canvas_pdf_title(const canvas *c)
{
    return ((const pdf_canvas *)c)->title;
}

const char *canvas_pdf_desc(const canvas *c)
{
    return ((const pdf_canvas *)c)->desc;
}

static void pdf_layer_end(canvas *c);

static void pdf_finish(canvas *c)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    pdf_layer_end(c); /* a layer left open ends with the chart */
    if (pc->saved) {
        HPDF_STATUS st = HPDF_Page_GRestore(pc->page);
        if (st != HPDF_OK) canvas_fail(c, "libharu error 0x%04X in HPDF_Page_GRestore", (unsigned)st);
        pc->saved = false;
    }
}

static void pdf_layer_begin(canvas *c)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    if (c->error || pc->in_layer) return;
    HPDF_Page pg = pc->page;
    PDF_CALL(pc, HPDF_Page_GSave(pg));
    PDF_CALL(pc, HPDF_Page_Concat(pg, 1, 0, 0, 1, (HPDF_REAL)pc->ox, (HPDF_REAL)pc->oy));
    HPDF_Dict layer = NULL;
    PDF_CALL(pc, HPDF_Page_New_Content_Stream(pg, &layer));
    if (c->error || !layer) return;
    if (pc->n_layers == pc->cap_layers) {
        pc->cap_layers = pc->cap_layers ? 2 * pc->cap_layers : 2;
        pc->layers = xrealloc(pc->layers, pc->cap_layers * sizeof *pc->layers);
    }
    pc->layers[pc->n_layers++] = layer;
    pc->outer_tr = pc->tr;
    memset(&pc->tr, 0, sizeof pc->tr);
    pc->outer_ox = pc->ox;
    pc->outer_oy = pc->oy;
    pc->ox = pc->oy = 0;
    pc->in_layer = true;
}

static void pdf_layer_end(canvas *c)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    if (!pc->in_layer) return;
    pc->in_layer = false;
    pc->ox = pc->outer_ox;
    pc->oy = pc->outer_oy;
    pc->tr = pc->outer_tr;
    if (c->error) return;
    PDF_CALL(pc, HPDF_Page_New_Content_Stream(pc->page, NULL));
    PDF_CALL(pc, HPDF_Page_GRestore(pc->page));
}

const HPDF_Dict *canvas_pdf_layers(const canvas *c, size_t *n)
{
    const pdf_canvas *pc = (const pdf_canvas *)c;
    *n = pc->n_layers;
    return pc->layers;
}

static void pdf_destroy(canvas *c)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    free(pc->layers);
    buf_free(&pc->tmp);
    buf_free(&pc->ops);
    free(pc->title);
    free(pc->desc);
}

static const canvas_backend pdf_backend = {
    pdf_path,    pdf_text, pdf_describe,    NULL, NULL, pdf_finish, pdf_destroy, NULL,
    pdf_layer_begin, pdf_layer_end,
};

canvas *canvas_pdf_new(const metrics_fonts *fonts, HPDF_Page page, double x, double y,
                       double width, double height, HPDF_Font regular, HPDF_Font bold)
{
    pdf_canvas *pc = xcalloc(1, sizeof *pc);
    canvas_init(&pc->base, &pdf_backend, fonts, width, height);
    pc->page = page;
    pc->font[0] = regular;
    pc->font[1] = bold;
    pc->ox = x;
    pc->oy = y;
    if (!page || !regular || !bold) {
        canvas_fail(&pc->base, "PDF canvas needs a page and both fonts");
        return &pc->base;
    }
    HPDF_STATUS st = HPDF_Page_GSave(page);
    if (st != HPDF_OK)
        canvas_fail(&pc->base, "libharu error 0x%04X in HPDF_Page_GSave", (unsigned)st);
    else
        pc->saved = true;
    return &pc->base;
}

void canvas_pdf_set_encoder(canvas *c, canvas_pdf_encoder enc, void *ctx)
{
    pdf_canvas *pc = (pdf_canvas *)c;
    pc->enc = enc;
    pc->enc_ctx = ctx;
}
