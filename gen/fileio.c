/* fileio: whole-file reading (see fileio.h). */
#include "fileio.h"

#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

char *file_read_all(const char *path, size_t *len, const char *hint, diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, hint, "cannot open: %s", strerror(errno));
        return NULL;
    }
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, hint, "cannot read: %s", strerror(err));
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return buf_detach(&b);
}
