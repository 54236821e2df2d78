/* pdf_table: page-flowing tables (see pdf_table.h). */
#include "pdf_table.h"

#include "palette.h"

void pdf_table_begin(pdf_table *t, pdf_doc *pd, double x, const pdf_col *cols, size_t n,
                     double size)
{
    t->pd = pd;
    t->cols = cols;
    t->n = n;
    t->x = x;
    t->width = 0;
    for (size_t i = 0; i < n; i++) t->width += cols[i].width;
    t->size = size;
    t->leading = 1.22 * size;
    t->pad_x = 3.5;
    t->pad_y = 0.25 * size + 0.4;
    t->need_header = true;
    t->header_page = NULL;
    t->row_header = -1;
    t->tagged = false;
    t->header_tagged = false;
}

static double cell_height(pdf_table *t, size_t i, const char *text, metrics_weight w, double indent,
                          bool draw, double x, double y, uint32_t color)
{
    if (!text || !*text) return 0;
    const pdf_col *c = &t->cols[i];
    pdf_font ft = {w, t->size, color ? color : PALETTE_TEXT};
    double inner = c->width - 2 * t->pad_x - (c->align == PDF_LEFT ? indent : 0);
    if (inner < t->size) inner = t->size; /* degenerate columns still make progress */
    double left = x + t->pad_x + (c->align == PDF_LEFT ? indent : 0);
    return pdf_text_box(t->pd, left, y, inner, c->align, &ft, t->leading, text, draw);
}

double pdf_table_header_height(pdf_table *t)
{
    double h = 0;
    for (size_t i = 0; i < t->n; i++) {
        double ch = cell_height(t, i, t->cols[i].head, METRICS_BOLD, 0, false, 0, 0, 0);
        if (ch > h) h = ch;
    }
    return h + 2 * t->pad_y + 1;
}

static void header_draw(pdf_table *t)
{
    pdf_doc *pd = t->pd;
    double h = pdf_table_header_height(t);
    double x = t->x;
    /* The header's first appearance is the table's header row; repeats on
     * later pages are page furniture. */
    bool real = !t->header_tagged;
    if (real)
        pdf_doc_tag_begin(pd, PDF_ROLE_TR);
    else
        pdf_doc_artifact_begin(pd, PDF_ARTIFACT_LAYOUT);
    for (size_t i = 0; i < t->n; i++) {
        if (real) {
            size_t th = pdf_doc_tag_begin(pd, PDF_ROLE_TH);
            if (pd->tags) pdf_tags_set_scope(pd->tags, th, true);
        }
        cell_height(t, i, t->cols[i].head, METRICS_BOLD, 0, true, x, pd->y + t->pad_y,
                    PALETTE_MUTED);
        if (real) pdf_doc_tag_end(pd);
        x += t->cols[i].width;
    }
    if (real)
        pdf_doc_tag_end(pd);
    else
        pdf_doc_artifact_end(pd);
    t->header_tagged = true;
    pdf_rule(pd, t->x, pd->y + h - 0.5, t->x + t->width, pd->y + h - 0.5, 0.8, PALETTE_TEXT);
    pd->y += h;
    t->header_page = pd->page;
    t->need_header = false;
}

double pdf_table_row_height(pdf_table *t, const pdf_cell *cells)
{
    double h = 0;
    for (size_t i = 0; i < t->n; i++) {
        double ch = cell_height(t, i, cells[i].text, cells[i].w, cells[i].indent, false, 0, 0, 0);
        if (ch > h) h = ch;
    }
    if (h == 0) h = t->size;
    return h + 2 * t->pad_y;
}

/* Whether a page break may come before row j of n. A short table stays
 * whole: split, it would leave a fragment of two or three rows. */
static bool break_before(const bool *glued, size_t n, size_t j)
{
    return n > PDF_TABLE_WHOLE_ROWS && j >= PDF_TABLE_MIN_ROWS && n - j >= PDF_TABLE_MIN_ROWS &&
           !(glued && glued[j]);
}

double pdf_table_keep(const double *heights, const bool *glued, size_t n, size_t i)
{
    double keep = 0;
    for (size_t j = i + 1; j < n && !break_before(glued, n, j); j++) keep += heights[j];
    return keep;
}

double pdf_table_start_height(pdf_table *t, const double *heights, const bool *glued, size_t n)
{
    if (n == 0) return pdf_table_header_height(t);
    return pdf_table_header_height(t) + heights[0] + pdf_table_keep(heights, glued, n, 0);
}

void pdf_table_row(pdf_table *t, const pdf_cell *cells, uint32_t band, double keep_next)
{
    pdf_doc *pd = t->pd;
    double h = pdf_table_row_height(t, cells);
    if (t->header_page != pd->page) t->need_header = true;
    double hh = t->need_header ? pdf_table_header_height(t) : 0;
    if (pdf_doc_need(pd, hh + h + keep_next)) t->need_header = true;
    if (!t->tagged) {
        pdf_doc_tag_begin(pd, PDF_ROLE_TABLE);
        t->tagged = true;
    }
    if (t->need_header) header_draw(t);
    if (band) pdf_fill_rect(pd, t->x, pd->y, t->width, h, band);
    double x = t->x;
    pdf_doc_tag_begin(pd, PDF_ROLE_TR);
    for (size_t i = 0; i < t->n; i++) {
        if ((int)i == t->row_header) {
            size_t th = pdf_doc_tag_begin(pd, PDF_ROLE_TH);
            if (pd->tags) pdf_tags_set_scope(pd->tags, th, false);
        } else {
            pdf_doc_tag_begin(pd, PDF_ROLE_TD);
        }
        cell_height(t, i, cells[i].text, cells[i].w, cells[i].indent, true, x, pd->y + t->pad_y,
                    cells[i].color);
        pdf_doc_tag_end(pd);
        x += t->cols[i].width;
    }
    pdf_doc_tag_end(pd);
    pdf_rule(pd, t->x, pd->y + h, t->x + t->width, pd->y + h, 0.4, PALETTE_GRID);
    pd->y += h;
}

void pdf_table_end(pdf_table *t)
{
    if (!t->tagged) return;
    pdf_doc_tag_end(t->pd);
    t->tagged = false;
}
