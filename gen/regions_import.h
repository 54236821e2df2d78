/* regions_import: the Gemeinde register → per-Land region files.
 *
 * Converts a Gemeinde register (shared/facts/gemeinden.json: AGS, name,
 * official name, type, population with its reference date, area) into the
 * data contract's region files DATA/regions-gemeinden-<LL>.json, one per
 * Land, so that no committed file grows past a few hundred KB. Only the
 * contract's fields are kept: coordinates and urbanisation are dropped, the
 * type becomes `kind` ("Stadt" / "Gemeinde"), and the population's date goes
 * into the file's `population_date`. `digindex regions-import` runs it. */
#ifndef DIGINDEX_REGIONS_IMPORT_H
#define DIGINDEX_REGIONS_IMPORT_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/* Reads `register_path` and writes DATA/regions-gemeinden-<LL>.json for
 * every Land that has Gemeinden (each file written atomically; files of
 * Länder without Gemeinden are left alone). population_date is the ISO date
 * of the register's population figures. *n_written receives the number of
 * Gemeinden written. Returns false after adding errors (a register with
 * any bad entry writes nothing). Borrows everything. */
bool regions_import_gemeinden(const char *register_path, const char *data_dir,
                              const char *population_date, size_t *n_written, diag *d);

#endif
