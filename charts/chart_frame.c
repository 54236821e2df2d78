/* chart_frame: title and source line around a chart file (see charts.h). */
#include "charts.h"

#include "chart_util.h"
#include "palette.h"

#include <math.h>

typedef struct frame_layout {
    double fs, title_fs, src_fs, pad;
    size_t title_lines, src_lines;
    double top, bottom;           /* heights of the two bands */
} frame_layout;

static void frame_measure(chart_ctx *x, const chart_frame *fr, frame_layout *L)
{
    L->fs = x->fs;
    L->title_fs = 1.1 * x->fs;
    L->src_fs = fmax(6, 0.8 * x->fs);
    L->pad = 0.5 * x->fs;
    double w = x->w - 2 * L->pad;
    metrics_text_wrap(x->f, METRICS_BOLD, L->title_fs, cu_or(fr->title, ""), w, 2, &x->wrap);
    L->title_lines = x->wrap.count;
    buf_clear(&x->text);
    buf_puts(&x->text, cu_or(fr->source, ""));
    if (fr->flag && *fr->flag) buf_printf(&x->text, " · %s", fr->flag);
    metrics_text_wrap(x->f, METRICS_REGULAR, L->src_fs, buf_cstr(&x->text), w, 2, &x->wrap);
    L->src_lines = x->wrap.count;
    L->top = L->title_lines ? L->pad + (double)L->title_lines * 1.25 * L->title_fs + 0.3 * L->fs : 0;
    L->bottom = L->src_lines ? 0.4 * L->fs + (double)L->src_lines * 1.25 * L->src_fs + L->pad : 0;
}

double chart_frame_extra(const metrics_fonts *f, const chart_frame *fr, double width,
                         const chart_style *style)
{
    chart_ctx x;
    cu_setup(&x, f, width, 0, style);
    frame_layout L;
    frame_measure(&x, fr, &L);
    cu_free(&x);
    return L.top + L.bottom;
}

void chart_frame_begin(canvas *c, const chart_frame *fr, const chart_style *style)
{
    chart_ctx x;
    cu_init(&x, c, style);
    frame_layout L;
    frame_measure(&x, fr, &L);
    canvas_group_begin(c, "frame");
    canvas_text_style ts = cu_style(METRICS_BOLD, L.title_fs, PALETTE_TEXT, CANVAS_START, CANVAS_TOP);
    metrics_text_wrap(x.f, METRICS_BOLD, L.title_fs, cu_or(fr->title, ""), x.w - 2 * L.pad, 2, &x.wrap);
    for (size_t k = 0; k < x.wrap.count; k++)
        canvas_text(c, L.pad, L.pad + (double)k * 1.25 * L.title_fs, metrics_wrap_line(&x.wrap, k), &ts);
    /* Source line, the flag in bold: it must not be missed. */
    double y = x.h - L.pad - (double)L.src_lines * 1.25 * L.src_fs;
    canvas_text_style ss = cu_style(METRICS_REGULAR, L.src_fs, PALETTE_MUTED, CANVAS_START, CANVAS_TOP);
    const char *src = cu_or(fr->source, "");
    metrics_text_wrap(x.f, METRICS_REGULAR, L.src_fs, src, x.w - 2 * L.pad, 2, &x.wrap);
    canvas_box last = {L.pad, y, L.pad, y};
    for (size_t k = 0; k < x.wrap.count; k++)
        last = canvas_text(c, L.pad, y + (double)k * 1.25 * L.src_fs, metrics_wrap_line(&x.wrap, k), &ss);
    if (fr->flag && *fr->flag) {
        canvas_text_style fs = cu_style(METRICS_BOLD, L.src_fs, PALETTE_TEXT, CANVAS_START, CANVAS_TOP);
        double fw = cu_width(&x, METRICS_BOLD, L.src_fs, fr->flag);
        double sep = cu_width(&x, METRICS_REGULAR, L.src_fs, " · ");
        if (last.x1 + sep + fw <= x.w - L.pad) {
            canvas_text(c, last.x1, last.y0, " · ", &ss);
            canvas_text(c, last.x1 + sep, last.y0, fr->flag, &fs);
        } else {
            canvas_text(c, L.pad, last.y0 + 1.25 * L.src_fs, fr->flag, &fs);
        }
    }
    canvas_group_end(c);
    canvas_viewport(c, 0, L.top, x.w, fmax(1, x.h - L.top - L.bottom));
    cu_free(&x);
}
