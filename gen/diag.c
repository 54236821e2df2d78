/* diag: collected diagnostics (see diag.h). */
#include "diag.h"

#include "buf.h"

#include <stdarg.h>
#include <stdlib.h>

void diag_add(diag *d, diag_severity sev, const char *file, int line, int column,
              const char *where, const char *hint, const char *fmt, ...)
{
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->entries = xrealloc(d->entries, d->cap * sizeof *d->entries);
    }
    diag_entry *e = &d->entries[d->count++];
    e->severity = sev;
    e->file = file ? xstrdup(file) : NULL;
    e->line = line;
    e->column = column;
    e->where = where ? xstrdup(where) : NULL;
    e->hint = hint ? xstrdup(hint) : NULL;
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    e->message = buf_detach(&b);
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

char *diag_format(const diag_entry *e)
{
    buf b = BUF_INIT;
    if (e->file) {
        buf_puts(&b, e->file);
        if (e->line > 0) {
            buf_printf(&b, ":%d", e->line);
            if (e->column > 0) buf_printf(&b, ":%d", e->column);
        }
        buf_puts(&b, ": ");
    }
    if (e->where) buf_printf(&b, "%s: ", e->where);
    buf_puts(&b, e->severity == DIAG_ERROR ? "error: " : "warning: ");
    buf_puts(&b, e->message);
    if (e->hint) buf_printf(&b, "\n  hint: %s", e->hint);
    return buf_detach(&b);
}

void diag_move(diag *dst, diag *src)
{
    for (size_t i = 0; i < src->count; i++) {
        if (dst->count == dst->cap) {
            dst->cap = dst->cap ? dst->cap * 2 : 16;
            dst->entries = xrealloc(dst->entries, dst->cap * sizeof *dst->entries);
        }
        dst->entries[dst->count++] = src->entries[i];
    }
    dst->errors += src->errors;
    dst->warnings += src->warnings;
    free(src->entries);
    src->entries = NULL;
    src->count = src->cap = src->errors = src->warnings = 0;
}

void diag_move_errors(diag *dst, diag *src)
{
    for (size_t i = 0; i < src->count; i++) {
        const diag_entry *e = &src->entries[i];
        if (e->severity == DIAG_ERROR)
            diag_add(dst, DIAG_ERROR, e->file, e->line, e->column, e->where, e->hint, "%s",
                     e->message);
    }
    diag_free(src);
}

void diag_free(diag *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->entries[i].file);
        free(d->entries[i].where);
        free(d->entries[i].message);
        free(d->entries[i].hint);
    }
    free(d->entries);
    d->entries = NULL;
    d->count = d->cap = d->errors = d->warnings = 0;
}
