/* build: `digindex build` — every output of every edition into OUT/<edition>/.
 *
 * Each edition is written into a staging folder and published atomically
 * (publish.h), so a failed or interrupted build leaves the previous output
 * intact. Outputs so far: downloads/scores.{json,csv} (Länder, identical to
 * `digindex scores`) and downloads/scores-<level>.{json,csv} for every level. */
#ifndef DIGINDEX_BUILD_H
#define DIGINDEX_BUILD_H

#include "diag.h"
#include "model.h"
#include "scores.h"

typedef struct build_options {
    const char *out_dir;    /* default "out" */
    int edition;            /* 0 = every edition */
} build_options;

/* Writes the outputs. Returns 0, or 2 after adding a (system) error to d.
 * Borrows everything. */
int build_run(const dataset *ds, const scores *sc, const build_options *opt, diag *d);

#endif
