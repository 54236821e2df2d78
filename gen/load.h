/* load: reads a data folder (the data contract, docs/data-format.md) into a
 * dataset.
 *
 *   DATA/regions.json
 *   DATA/<edition>/model.json
 *   DATA/<edition>/values-<level>.json
 *
 * Every file is read and every problem reported to `d`, not just the first.
 * The loader checks syntax, types and what a single file can tell (ids,
 * weights, methods, AGS format); validate.c checks what spans files. */
#ifndef DIGINDEX_LOAD_H
#define DIGINDEX_LOAD_H

#include "diag.h"
#include "model.h"

/* Loads DATA. Always returns a new dataset (caller frees with dataset_free),
 * possibly incomplete: when d->errors grew, the dataset must not be scored.
 * Returns NULL only when `dir` itself cannot be read (error added). */
dataset *dataset_load(const char *dir, unsigned flags, diag *d);

/* flags for dataset_load */
enum {
    LOAD_SKIP_VALUES = 1u << 0, /* regions and models only (for `digindex sample`) */
};

#endif
