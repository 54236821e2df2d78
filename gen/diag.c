/* diag: collected diagnostics (see diag.h). */
#include "diag.h"

#include "buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cause_status(diag_cause c)
{
    return c == DIAG_INPUT ? 1 : 2;
}

static void free_entry(diag_entry *e)
{
    free(e->file);
    free(e->where);
    free(e->message);
    free(e->hint);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_entry(const diag_entry *a, const diag_entry *b)
{
    return a->severity == b->severity && a->cause == b->cause && a->line == b->line &&
           a->column == b->column && same_str(a->file, b->file) &&
           same_str(a->where, b->where) && same_str(a->message, b->message) &&
           same_str(a->hint, b->hint);
}

/* Takes ownership of *e's strings: keeps the entry, or counts it on the last
 * kept entry of its kind once DIAG_KIND_CAP are kept. */
static void push(diag *d, diag_entry *e)
{
    /* The same problem reported twice (say by two build workers rendering
     * with the same broken template) is shown once. Only recent entries are
     * compared, so that adding stays cheap for long lists. */
    for (size_t i = d->count > 256 ? d->count - 256 : 0; i < d->count; i++)
        if (same_entry(&d->entries[i], e)) {
            free_entry(e);
            return;
        }
    if (e->severity == DIAG_ERROR) {
        d->errors += 1 + e->more;
        int st = cause_status(e->cause);
        if (st > d->worst) d->worst = (unsigned char)st;
    } else {
        d->warnings += 1 + e->more;
    }
    diag_kind_count *k = NULL;
    for (size_t i = 0; e->kind && i < d->n_kinds; i++)
        if (d->kinds[i].kind == e->kind && d->kinds[i].severity == e->severity) {
            k = &d->kinds[i];
            break;
        }
    if (k && k->kept >= DIAG_KIND_CAP) {
        d->entries[k->last].more += 1 + e->more;
        free_entry(e);
        return;
    }
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->entries = xrealloc(d->entries, d->cap * sizeof *d->entries);
    }
    if (e->kind && !k) {
        if (d->n_kinds == d->cap_kinds) {
            d->cap_kinds = d->cap_kinds ? d->cap_kinds * 2 : 16;
            d->kinds = xrealloc(d->kinds, d->cap_kinds * sizeof *d->kinds);
        }
        k = &d->kinds[d->n_kinds++];
        *k = (diag_kind_count){e->kind, e->severity, 0, 0};
    }
    if (k) {
        k->kept++;
        k->last = d->count;
    }
    d->entries[d->count++] = *e;
}

static void vadd(diag *d, diag_cause cause, diag_severity sev, const char *file, int line,
                 int column, const char *where, const char *hint, const char *fmt, va_list ap)
{
    /* A bare "%s" is shared by unrelated call sites: no kind, no cap. */
    const char *kind = strcmp(fmt, "%s") == 0 ? NULL : fmt;
    diag_entry e = {sev, cause, file ? xstrdup(file) : NULL, line, column,
                    where ? xstrdup(where) : NULL, NULL, hint ? xstrdup(hint) : NULL, kind, 0};
    buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    e.message = buf_detach(&b);
    push(d, &e);
}

void diag_add(diag *d, diag_severity sev, const char *file, int line, int column,
              const char *where, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(d, DIAG_INPUT, sev, file, line, column, where, hint, fmt, ap);
    va_end(ap);
}

void diag_add_cause(diag *d, diag_cause cause, diag_severity sev, const char *file, int line,
                    int column, const char *where, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(d, cause, sev, file, line, column, where, hint, fmt, ap);
    va_end(ap);
}

int diag_exit_status(const diag *d)
{
    return d->errors ? (d->worst ? d->worst : 1) : 0;
}

/* Appends s with C0 controls, DEL and C1 controls (U+0080–U+009F) shown as
 * \xNN: text from the input never reaches the terminal raw. */
static void put_safe(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            buf_printf(b, "\\x%02x", *p);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            buf_printf(b, "\\u%04x", (unsigned)*++p);
        else
            buf_putc(b, (char)*p);
    }
}

/* 5812304 → "5,812,304" (messages are English). */
static void put_count(buf *b, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf_putc(b, ',');
        buf_putc(b, digits[i]);
    }
}

char *diag_format(const diag_entry *e)
{
    buf b = BUF_INIT;
    if (e->file) {
        put_safe(&b, e->file);
        if (e->line > 0) {
            buf_printf(&b, ":%d", e->line);
            if (e->column > 0) buf_printf(&b, ":%d", e->column);
        }
        buf_puts(&b, ": ");
    }
    if (e->where) {
        put_safe(&b, e->where);
        buf_puts(&b, ": ");
    }
    buf_puts(&b, e->severity == DIAG_ERROR ? "error: " : "warning: ");
    put_safe(&b, e->message);
    if (e->hint) {
        buf_puts(&b, "\n  hint: ");
        put_safe(&b, e->hint);
    }
    if (e->more) {
        buf_puts(&b, "\n  … and ");
        put_count(&b, e->more);
        buf_printf(&b, " more like this");
    }
    return buf_detach(&b);
}

static void reset(diag *d)
{
    free(d->entries);
    free(d->kinds);
    *d = (diag)DIAG_INIT;
}

void diag_move(diag *dst, diag *src)
{
    for (size_t i = 0; i < src->count; i++) push(dst, &src->entries[i]);
    reset(src);
}

void diag_move_errors(diag *dst, diag *src)
{
    for (size_t i = 0; i < src->count; i++) {
        diag_entry *e = &src->entries[i];
        if (e->severity == DIAG_ERROR) {
            push(dst, e);
        } else {
            free(e->file);
            free(e->where);
            free(e->message);
            free(e->hint);
        }
    }
    reset(src);
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
    reset(d);
}
