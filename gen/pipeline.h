/* pipeline: load → validate → score, the first half every command shares. */
#ifndef DIGINDEX_PIPELINE_H
#define DIGINDEX_PIPELINE_H

#include "diag.h"
#include "model.h"
#include "scores.h"

typedef struct pipeline {
    dataset *ds;    /* owned; NULL when the folder could not be read */
    scores *sc;     /* owned; NULL when loading or scoring failed */
} pipeline;

/* Loads, validates and scores DATA. Problems go to d. On success p->sc is
 * set; when d->errors > 0 afterwards the data are bad (exit status 1).
 * Free with pipeline_free in every case. */
void pipeline_run(pipeline *p, const char *data_dir, diag *d);
void pipeline_free(pipeline *p);

#endif
