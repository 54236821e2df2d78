/* pdf_table: tables that flow over pages. Owner: the PDF renderer; internal.
 *
 * Cells wrap inside their column (pdf_text); a row is never split: when it
 * does not fit, the table continues on a new page, and the header row is
 * repeated at the top of every page the table is on.
 *
 * Tagged as a Table of TR rows: the first header row holds TH cells (column
 * scope), every data row TD cells, except in the row_header column (set it
 * after pdf_table_begin), whose cells are TH with row scope. A header
 * repeated on a later page, the row bands and the rules are artifacts. */
#ifndef DIGINDEX_PDF_TABLE_H
#define DIGINDEX_PDF_TABLE_H

#include "pdf_doc.h"

typedef struct pdf_col {
    const char *head; /* header text (wrapped like cells) */
    double width;
    pdf_align align;
} pdf_col;

typedef struct pdf_cell {
    const char *text; /* UTF-8; NULL = empty */
    metrics_weight w;
    uint32_t color; /* 0 = PALETTE_TEXT */
    double indent;  /* extra left indent (left-aligned cells) */
} pdf_cell;

typedef struct pdf_table {
    pdf_doc *pd;
    const pdf_col *cols;
    size_t n;
    double x, width;
    double size;    /* cell font size */
    double leading; /* line pitch inside a cell */
    double pad_x, pad_y;
    bool need_header;
    HPDF_Page header_page; /* page the header was last drawn on */
    int row_header;        /* column whose cells head their rows (TH, row scope); -1 = none */
    bool tagged;           /* the Table element is open (after the first row) */
    bool header_tagged;    /* the TH row is in the structure */
} pdf_table;

/* Starts a table at the cursor, left edge x, with font size `size`. The
 * header is drawn with the first row, so it never ends a page alone. */
void pdf_table_begin(pdf_table *t, pdf_doc *pd, double x, const pdf_col *cols, size_t n,
                     double size);
/* Height a row of n cells would take. */
double pdf_table_row_height(pdf_table *t, const pdf_cell *cells);
/* Height of the header row. */
double pdf_table_header_height(pdf_table *t);

/* Page breaks inside a table: none in a table of up to
 * PDF_TABLE_WHOLE_ROWS rows; never before the second or the last row
 * (no row alone on a page, above or below a break), and never before a row
 * glued to the one above it (a group heading's first child). heights[j] is
 * row j's height (pdf_table_row_height), glued[j] true when row j must stay
 * with row j-1 (glued may be NULL). Returns the height of the rows after
 * row i that must share its page: pass it as keep_next for row i. */
#define PDF_TABLE_MIN_ROWS 2
/* A table of at most this many rows never breaks. */
#define PDF_TABLE_WHOLE_ROWS 6
double pdf_table_keep(const double *heights, const bool *glued, size_t n, size_t i);
/* The height a table's start needs: its header and the rows up to the
 * first allowed break (for a heading's keep-with-next). */
double pdf_table_start_height(pdf_table *t, const double *heights, const bool *glued, size_t n);
/* Draws one row below the previous one, on a new page (with the header) when
 * it does not fit. keep_next: height of the following row, kept on the same
 * page as this one (group headings); 0 = none. band: background, 0 = none. */
void pdf_table_row(pdf_table *t, const pdf_cell *cells, uint32_t band, double keep_next);
/* Ends the table (its structure element); call after the last row. */
void pdf_table_end(pdf_table *t);

#endif
