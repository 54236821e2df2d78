/* published: what an edition's output says was published.
 *
 * Owned by the regeneration work (helper). An edition counts as published
 * once its output folder holds a manifest: OUT/<year>/manifest.json is
 * written last, inside the staging folder that is swapped in atomically, so
 * it exists exactly when a build of the edition completed. A published
 * edition is frozen: `digindex build` leaves it alone unless asked
 * (--restate, or --only for single regions).
 *
 * The published numbers are the edition's own download, read back:
 * OUT/<year>/downloads/scores-<level>.json carries every node's score and
 * rank of every region to 17 significant digits (scores_write_json), the
 * file the public got and the manifest lists with its SHA-256. No second
 * record is kept, so nothing can disagree with what was published.
 *
 * Used by the build for (1) the change figures of the next edition, which
 * use the previous edition as scored today ("restated") and say so where it
 * differs from the published value, and (2) the --only check that no page
 * outside the selection would contradict the new ones. Library code: never
 * prints or exits. */
#ifndef DIGINDEX_PUBLISHED_H
#define DIGINDEX_PUBLISHED_H

#include "diag.h"
#include "model.h"
#include "scores.h"

#include <stdbool.h>
#include <stddef.h>

/* True when OUT/<year>/manifest.json exists. */
bool published_exists(const char *out_dir, int year);

/* The published scores of one level, aligned with the current dataset:
 * score[row * n_nodes + node] and rank[...] for the rows and nodes of
 * `ls` (the level as scored today); NAN / 0 where the published file has no
 * such region or node. */
typedef struct published_level {
    level level;
    size_t n_rows;
    int n_nodes;
    double *score;      /* owned */
    int *rank;          /* owned */
    bool *present;      /* owned, per row: the region was in the published file */
} published_level;

/* Reads OUT/<year>/downloads/scores-<level>.json for the level of `ls`.
 * Returns NULL without a diagnostic when the file does not exist, NULL
 * after adding an error when it cannot be read. Regions are matched by AGS
 * in ds, nodes by id in ls's tree. Borrows all. */
published_level *published_load(const char *out_dir, const dataset *ds, const level_scores *ls,
                                diag *d);
void published_free(published_level *p);

/* True when every node's published score and rank of `row` agree with
 * `ls` (both missing counts as agreeing); false for a region the published
 * file does not have. Scores compare bit for bit: the file holds them in
 * the shortest form that reads back to the same double. */
bool published_row_agrees(const published_level *p, const level_scores *ls, size_t row);

#endif
