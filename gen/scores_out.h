/* scores_out: the machine-readable score tables (scores.json, scores.csv).
 *
 * `digindex scores` prints these and `digindex build` writes the same bytes
 * to out/<edition>/downloads/. JSON numbers use %.17g (exact round trip);
 * the CSV is for German Excel: UTF-8 with BOM, ';', decimal comma. */
#ifndef DIGINDEX_SCORES_OUT_H
#define DIGINDEX_SCORES_OUT_H

#include "buf.h"
#include "model.h"
#include "scores.h"

/* Appends the JSON document for one edition and level to out. Borrows all. */
void scores_write_json(buf *out, const dataset *ds, const level_scores *ls);
/* Appends the CSV table for one edition and level to out. Borrows all. */
void scores_write_csv(buf *out, const dataset *ds, const level_scores *ls);

/* The same, written in parts: after a row, once out holds a megabyte or
 * more, flush(out, ctx) is called, which writes the bytes on and clears out
 * (the Gemeinde tables are tens of MB; a build need not hold one whole).
 * The caller writes what is left in out at the end. Returns false when
 * flush did (the rest is not written). */
typedef bool (*scores_flush)(buf *out, void *ctx);
bool scores_write_json_parts(buf *out, const dataset *ds, const level_scores *ls,
                             scores_flush flush, void *ctx);
bool scores_write_csv_parts(buf *out, const dataset *ds, const level_scores *ls,
                            scores_flush flush, void *ctx);

/* CSV helpers shared with other CSV writers. */
/* Appends one text cell: quoted when needed, and neutralised with a leading
 * apostrophe when it begins with '=', '+', '-' or '@' (formula injection). */
void csv_text_cell(buf *out, const char *s);
/* Appends a number cell with decimal comma and full precision; empty for NAN. */
void csv_number_cell(buf *out, double x);
/* The same in the shortest form that reads back as x (raw values: "71,2"). */
void csv_raw_cell(buf *out, double x);

/* JSON string literal with escapes. */
void json_write_string(buf *out, const char *s);

#endif
