/* edition: starting a new edition (`digindex new-edition YEAR`).
 *
 * Owned by the regeneration work (helper). A new edition begins as a copy of
 * the newest edition's model.json with three top-level members changed:
 *   "edition": YEAR, "previous_edition": <the newest year> (added after
 *   "edition" when absent), "published": "YEAR-06-30" (a fixed, deterministic
 *   date: edit it when the edition is published),
 * and the old year in "title" replaced by YEAR ("Digitalindex Deutschland
 * 2025" → "… 2026"). Everything else — the trees, weights, methods, "status"
 * — is kept byte for byte, including the file's layout. No values files are
 * written: `digindex import` fills them. Library code: never prints. */
#ifndef DIGINDEX_EDITION_H
#define DIGINDEX_EDITION_H

#include "buf.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/* The date a new edition's model says it was published: "YEAR-06-30". */
#define EDITION_PUBLISHED_FMT "%04d-06-30"

/* Rewrites the text of model.json (len bytes, named `file` in messages) for
 * edition `year` following edition `from_year`, appended to out. Returns
 * false after adding an error (the text is not a JSON object); out is then
 * unchanged. *title_changed tells whether the title held from_year. */
bool edition_model_rewrite(const char *file, const char *text, size_t len, int from_year, int year,
                           buf *out, bool *title_changed, diag *d);

/* Creates DATA/<year>/model.json from the newest edition. Refuses (error,
 * nothing written) when the data folder's regions or models have errors,
 * when YEAR exists or is not newer than the newest edition. The folder
 * appears atomically (written as DATA/.<year>.tmp, then renamed).
 * On success *from_year is the edition copied and *model_path (when not NULL)
 * the new file's path (caller frees); a warning says when the title did not
 * contain the old year. Returns 0 ok, 1 bad data, 2 usage or system error. */
int edition_new(const char *data_dir, int year, int *from_year, char **model_path, diag *d);

#endif
