/* diag: the sink every library function reports problems to.
 *
 * Library code never prints and never exits. It appends diagnostics here
 * (file, line/column or JSON path, message, hint, and the cause: something
 * the user's data can fix, a wrong command line, or the system); main decides
 * what goes to stderr and derives the exit code from the causes
 * (diag_exit_status). Modelled on compiler output so that editors can jump to
 * `file:line:col`.
 *
 * Repeated diagnostics are capped: after DIAG_KIND_CAP entries from the same
 * call site (the same format string) further ones are only counted, on the
 * last one kept ("… and 5,812,304 more like this"), so a broken million-row
 * file neither floods the terminal nor exhausts memory. */
#ifndef DIGINDEX_DIAG_H
#define DIGINDEX_DIAG_H

#include <stddef.h>

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING } diag_severity;

/* Who can fix it. Exit status 1 for DIAG_INPUT (data, templates, input files),
 * 2 for DIAG_USAGE (the command line) and DIAG_SYSTEM (file system, disk,
 * permissions, fonts). */
typedef enum diag_cause { DIAG_INPUT, DIAG_USAGE, DIAG_SYSTEM } diag_cause;

enum { DIAG_KIND_CAP = 20 };

typedef struct diag_entry {
    diag_severity severity;
    diag_cause cause;
    char *file;   /* owned; may be NULL */
    int line;     /* 1-based; 0 = none */
    int column;   /* 1-based; 0 = none */
    char *where;  /* owned JSON path such as $.values["09"].I01; may be NULL */
    char *message;/* owned */
    char *hint;   /* owned; may be NULL: one line that says what to do */
    const char *kind; /* borrowed static format string: entries alike */
    size_t more;  /* further entries of this kind that were only counted */
} diag_entry;

typedef struct diag_kind_count {
    const char *kind;
    diag_severity severity;
    size_t kept;  /* entries of this kind in the list */
    size_t last;  /* index of the last one kept */
} diag_kind_count;

typedef struct diag {
    diag_entry *entries; /* owned */
    size_t count, cap;
    size_t errors, warnings; /* every one added, counted ones included */
    diag_kind_count *kinds;  /* owned */
    size_t n_kinds, cap_kinds;
    unsigned char worst;     /* highest exit status of the errors: 0, 1 or 2 */
} diag;

#define DIAG_INIT {NULL, 0, 0, 0, 0, NULL, 0, 0, 0}

/* Appends one diagnostic caused by the input (exit status 1). file/where/hint
 * may be NULL; all strings are copied. */
void diag_add(diag *d, diag_severity sev, const char *file, int line, int column,
              const char *where, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* The same with an explicit cause. */
void diag_add_cause(diag *d, diag_cause cause, diag_severity sev, const char *file, int line,
                    int column, const char *where, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
#define diag_error(d, file, where, hint, ...) \
    diag_add((d), DIAG_ERROR, (file), 0, 0, (where), (hint), __VA_ARGS__)
#define diag_warning(d, file, where, hint, ...) \
    diag_add((d), DIAG_WARNING, (file), 0, 0, (where), (hint), __VA_ARGS__)
/* An error of the system (disk, permissions, fonts): exit status 2. */
#define diag_system(d, file, hint, ...) \
    diag_add_cause((d), DIAG_SYSTEM, DIAG_ERROR, (file), 0, 0, NULL, (hint), __VA_ARGS__)
/* An error of the command line (a folder or year that is not there): exit status 2. */
#define diag_usage(d, file, hint, ...) \
    diag_add_cause((d), DIAG_USAGE, DIAG_ERROR, (file), 0, 0, NULL, (hint), __VA_ARGS__)

/* 0 without errors; 2 when any error is a usage or system error; else 1. */
int diag_exit_status(const diag *d);

/* Formats one entry as `file:line:col: error: message` or
 * `file: $.path: warning: message`, plus an indented hint line and, for a
 * capped kind, "  … and N more like this". Control characters from the input
 * are shown escaped (\x1b), so a message never drives the terminal.
 * Returns a new string; the caller frees it. */
char *diag_format(const diag_entry *e);
/* Moves all entries of src to the end of dst; src is left empty. */
void diag_move(diag *dst, diag *src);
/* Moves only the errors of src to dst (warnings are check's business) and
 * empties src. */
void diag_move_errors(diag *dst, diag *src);
void diag_free(diag *d);

#endif
