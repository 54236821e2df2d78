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

/* Limits the loader checks (digindex check), each with the data's own path:
 * what the briefings' layout has room for, and magnitudes far beyond any
 * real indicator that keep every sum, range and square in the scorer finite
 * (a weight of 1e308 or 5e-324, a value of 1e308 or a population above 2^63
 * would otherwise give null scores, zeros or undefined behaviour). */
#define LOAD_REGION_NAME_MAX 200        /* characters of a region's name */
#define LOAD_NODE_NAME_MAX 80           /* characters of a topic, aspect or indicator name */
#define LOAD_TOPICS_MAX 12              /* topic fields of a level (the radar has 3 to 12 axes) */
#define LOAD_VALUE_MAX 1e15             /* |value|, |goalpost| */
#define LOAD_WEIGHT_MIN 1e-6
#define LOAD_WEIGHT_MAX 1e6
#define LOAD_POPULATION_MAX 2e9         /* inhabitants of one region */
#define LOAD_AREA_MAX 1e7               /* km² of one region */

/* flags for dataset_load */
enum {
    LOAD_SKIP_VALUES = 1u << 0, /* regions and models only (for `digindex sample`) */
};

/* Opens DATA for one of its writers (import, new-edition): takes the
 * folder's lock (file_lock_dir; writers take turns) and loads regions and
 * models (LOAD_SKIP_VALUES), validated when `validate`. Returns 2 when the
 * folder cannot be locked or read (errors added; nothing held). Otherwise
 * sets *ds (caller frees with dataset_free) and *lock (caller releases with
 * file_unlock) and returns 1 when the folder has errors (moved to d; its
 * warnings are `digindex check`'s business), else 0. */
int dataset_open_writer(const char *dir, bool validate, dataset **ds, int *lock, diag *d);

#endif
