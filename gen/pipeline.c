/* pipeline: load → validate → score (see pipeline.h). */
#include "pipeline.h"

#include "load.h"
#include "validate.h"

void pipeline_run(pipeline *p, const char *data_dir, diag *d)
{
    p->ds = NULL;
    p->sc = NULL;
    size_t before = d->errors;
    p->ds = dataset_load(data_dir, 0, d);
    if (!p->ds) return;
    dataset_validate(p->ds, d);
    if (d->errors > before) return;
    p->sc = scores_compute(p->ds, d);
}

void pipeline_free(pipeline *p)
{
    scores_free(p->sc);
    dataset_free(p->ds);
    p->sc = NULL;
    p->ds = NULL;
}
