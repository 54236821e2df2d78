/* region_csv: one region's full table as CSV for German Excel
 * (out/<edition>/downloads/<ags>-<slug>.csv).
 *
 * UTF-8 with BOM, ';' as separator, CRLF line ends, decimal comma, no
 * thousands separators, '-' as minus. Text cells are quoted when needed and
 * neutralised against formula injection (csv_text_cell). One header row,
 * then one row per node of the model in pre-order (index, topic fields,
 * aspects, indicators), each repeating the region's AGS, name and edition so
 * that several regions' files can be concatenated.
 *
 * Numbers are the ones the page and the PDF show: scores, averages and
 * changes rounded to one decimal, raw values as the view formats them. The
 * unrounded scores are in downloads/scores-<level>.csv. */
#ifndef DIGINDEX_REGION_CSV_H
#define DIGINDEX_REGION_CSV_H

#include "buf.h"
#include "view.h"

#include <stdbool.h>

/* Appends the CSV file to out. Returns false (appending nothing) when v has
 * no rows. */
bool region_csv_write(buf *out, const view_briefing *v);

/* The relative output path "downloads/<ags>-<slug>.csv" (a new string). */
char *region_csv_path(const view_briefing *v);

#endif
