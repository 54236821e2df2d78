/* xlsx_out: the score table as an Excel workbook (see xlsx_out.h). */
#include "xlsx_out.h"

#include "fileio.h"
#include "format.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), for a fixed time_t
 * without the local time zone (timegm is not C17). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void write_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double x)
{
    if (!isnan(x) && isfinite(x)) worksheet_write_number(ws, r, c, x, NULL);
}

static void header(lxw_worksheet *ws, lxw_col_t *col, const node *n, const char *what,
                   const char *unit, lxw_format *bold)
{
    buf h = BUF_INIT;
    buf_printf(&h, "%s %s – %s", n->id, n->name, what);
    if (unit && *unit) buf_printf(&h, " (%s)", unit);
    worksheet_write_string(ws, 0, (*col)++, buf_cstr(&h), bold);
    buf_free(&h);
}

bool scores_write_xlsx(buf *out, const dataset *ds, const level_scores *ls,
                       const view_download *words, diag *d)
{
    const char *dir = getenv("TMPDIR");
    char *path = xasprintf("%s/digindex-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        diag_error(d, path, NULL, "set TMPDIR to a writable folder",
                   "cannot create a temporary file for the XLSX download: %s", strerror(errno));
        free(path);
        return false;
    }
    close(fd);

    const edition *ed = ls->edition;
    const tree *t = ls->tree;
    bool prev = ls->previous != NULL;
    int y = ed->year, m = 6, dd = 30;
    fmt_parse_iso_date(ed->published, &y, &m, &dd);
    lxw_workbook_options opt = {0, NULL, 0};
    opt.tmpdir = dir && *dir ? (char *)dir : NULL;
    /* The 10,790 Gemeinden: rows go to the temporary file as they are
     * written (inline strings) instead of ~200 MB of cells in memory. The
     * rows are written in order, which this mode needs. */
    opt.constant_memory = ls->n_rows > 2000 ? LXW_TRUE : LXW_FALSE;
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        diag_error(d, path, NULL, NULL, "cannot start the XLSX download");
        unlink(path);
        free(path);
        return false;
    }
    /* Fixed properties and time: the same input, the same bytes. */
    lxw_doc_properties props = {0};
    props.title = words->title;
    props.author = "digindex";
    props.comments = words->comments ? words->comments : "";
    props.status = words->status ? words->status : "";
    props.created = (time_t)(days_from_civil(y, m, dd) * 86400L);
    workbook_set_properties(wb, &props);

    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_text_wrap(bold);
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format(text, "@");

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Werte");
    lxw_col_t col = 0;
    worksheet_write_string(ws, 0, col++, "AGS", bold);
    worksheet_write_string(ws, 0, col++, "Name", bold);
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        if (n->leaf >= 0) header(ws, &col, n, "Rohwert", n->unit, bold);
        header(ws, &col, n, "Punkte", NULL, bold);
        header(ws, &col, n, "Rang", NULL, bold);
        if (prev) {
            header(ws, &col, n, "Veränderung Punkte", NULL, bold);
            header(ws, &col, n, "Veränderung Rang", NULL, bold);
        }
    }
    worksheet_write_string(ws, 0, col, "Ausgabe", bold);
    const lxw_col_t last = col;
    const size_t *rows = ds->level_regions[ls->level];
    for (size_t r = 0; r < ls->n_rows; r++) {
        const region *rg = &ds->regions[rows[r]];
        lxw_row_t row = (lxw_row_t)(r + 1);
        col = 0;
        worksheet_write_string(ws, row, col++, rg->ags, text); /* text: leading zeros stay */
        worksheet_write_string(ws, row, col++, rg->name, NULL);
        for (int i = 0; i < t->n_nodes; i++) {
            const node *n = &t->nodes[i];
            if (n->leaf >= 0) write_num(ws, row, col++, ls_raw(ls, r, i));
            write_num(ws, row, col++, ls_score(ls, r, i));
            int rk = ls_rank(ls, r, i);
            if (rk) worksheet_write_number(ws, row, col, rk, NULL);
            col++;
            if (prev) {
                write_num(ws, row, col++, ls_score_change(ls, r, i));
                int ok;
                int rc = ls_rank_change(ls, r, i, &ok);
                if (ok) worksheet_write_number(ws, row, col, rc, NULL);
                col++;
            }
        }
        char label[32];
        snprintf(label, sizeof label, "%d%s", ed->year, ed->sample ? " Beispieldaten" : "");
        worksheet_write_string(ws, row, last, label, NULL);
    }
    worksheet_set_column(ws, 0, 0, 8, text);
    worksheet_set_column(ws, 1, 1, 28, NULL);
    worksheet_set_column(ws, 2, last, 14, NULL);
    worksheet_set_row(ws, 0, 60, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)ls->n_rows, last);

    /* Notes: source, licence, and what "Beispieldaten" means (the
     * templates' download texts). */
    lxw_worksheet *hs = workbook_add_worksheet(wb, "Hinweise");
    worksheet_set_column(hs, 0, 0, 22, bold);
    worksheet_set_column(hs, 1, 1, 100, NULL);
    for (size_t i = 0; i < words->n_notes; i++) {
        worksheet_write_string(hs, (lxw_row_t)i, 0, words->note_label[i], bold);
        worksheet_write_string(hs, (lxw_row_t)i, 1, words->note_text[i], NULL);
    }

    lxw_error err = workbook_close(wb);
    bool ok = err == LXW_NO_ERROR;
    if (!ok) {
        diag_error(d, path, NULL, NULL, "cannot write the XLSX download: %s", lxw_strerror(err));
    } else {
        size_t len = 0;
        char *data = file_read_all(path, &len, NULL, d);
        ok = data != NULL;
        if (ok) buf_append(out, data, len);
        free(data);
    }
    unlink(path);
    free(path);
    return ok;
}
