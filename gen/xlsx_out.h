/* xlsx_out: the score table of one edition and level as an Excel workbook,
 * for journalists (downloads/scores-<level>.xlsx).
 *
 * Written with libxlsxwriter (Debian's libxlsxwriter-dev): the AGS is a
 * text cell (leading zeros stay), every number a number cell (Excel sorts
 * and sums it; no decimal comma to misread), missing values empty. A second
 * sheet "Hinweise" names the source, the licence and, for sample data,
 * "Beispieldaten". The document properties and the creation time are fixed
 * (the edition's publication date), so the same input gives the same bytes.
 * Library code: never prints; errors go to the diag sink. */
#ifndef DIGINDEX_XLSX_OUT_H
#define DIGINDEX_XLSX_OUT_H

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "scores.h"
#include "view.h"

/* Appends the workbook for one edition and level to out, with the title,
 * status and notes of `words` (view_download_build). Borrows all. Returns
 * false after adding an error (temporary file not writable). */
bool scores_write_xlsx(buf *out, const dataset *ds, const level_scores *ls,
                       const view_download *words, diag *d);

#endif
