/* fileio: reading a whole input file, with a diagnostic when that fails. */
#ifndef DIGINDEX_FILEIO_H
#define DIGINDEX_FILEIO_H

#include "diag.h"

#include <stddef.h>

/* Returns the file's bytes as a new NUL-terminated string (caller frees) and
 * its length in *len, or NULL after adding "cannot open: …" / "cannot
 * read: …" for `path` to d, with `hint` (may be NULL). */
char *file_read_all(const char *path, size_t *len, const char *hint, diag *d);

#endif
