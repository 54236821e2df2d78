/* diag: the sink every library function reports problems to.
 *
 * Library code never prints and never exits. It appends diagnostics here
 * (file, line/column or JSON path, message, hint); main decides what goes to
 * stderr and which exit code follows. Modelled on compiler output so that
 * editors can jump to `file:line:col`. */
#ifndef DIGINDEX_DIAG_H
#define DIGINDEX_DIAG_H

#include <stddef.h>

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct diag_entry {
    diag_severity severity;
    char *file;   /* owned; may be NULL */
    int line;     /* 1-based; 0 = none */
    int column;   /* 1-based; 0 = none */
    char *where;  /* owned JSON path such as $.values["09"].I01; may be NULL */
    char *message;/* owned */
    char *hint;   /* owned; may be NULL: one line that says what to do */
} diag_entry;

typedef struct diag {
    diag_entry *entries; /* owned */
    size_t count, cap;
    size_t errors, warnings;
} diag;

#define DIAG_INIT {NULL, 0, 0, 0, 0}

/* Appends one diagnostic. file/where/hint may be NULL; all strings are copied. */
void diag_add(diag *d, diag_severity sev, const char *file, int line, int column,
              const char *where, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
#define diag_error(d, file, where, hint, ...) \
    diag_add((d), DIAG_ERROR, (file), 0, 0, (where), (hint), __VA_ARGS__)
#define diag_warning(d, file, where, hint, ...) \
    diag_add((d), DIAG_WARNING, (file), 0, 0, (where), (hint), __VA_ARGS__)

/* Formats one entry as `file:line:col: error: message` or
 * `file: $.path: warning: message`, plus an indented hint line.
 * Returns a new string; the caller frees it. */
char *diag_format(const diag_entry *e);
/* Moves all entries of src to the end of dst; src is left empty. */
void diag_move(diag *dst, diag *src);
/* Copies only the errors of src to dst (warnings are check's business) and
 * empties src. */
void diag_move_errors(diag *dst, diag *src);
void diag_free(diag *d);

#endif
