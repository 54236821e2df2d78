/* validate: checks that span files, after loading.
 *
 * The loader checks what one file can tell. This module checks what needs
 * several: unique ids in a tree, derive targets in the lower level's tree,
 * previous editions that exist and form no cycle, populations where a
 * population-weighted derive needs them, regions for every modelled level. */
#ifndef DIGINDEX_VALIDATE_H
#define DIGINDEX_VALIDATE_H

#include "diag.h"
#include "model.h"

/* Adds every problem found to d; borrows ds. */
void dataset_validate(const dataset *ds, diag *d);

#endif
