/* json_in: reading JSON input files with messages people can act on.
 *
 * Wraps Jansson: rejects duplicate keys, reads the file ourselves so that a
 * missing or unreadable file gets its errno text, and turns Jansson's syntax
 * errors into `file:line:col: error: …` diagnostics. Also builds the JSON
 * paths ($.values["09"].I01) that content errors name. */
#ifndef DIGINDEX_JSON_IN_H
#define DIGINDEX_JSON_IN_H

#include "buf.h"
#include "diag.h"

#include <jansson.h>
#include <stdbool.h>

/* Parses the file at `path`. Returns a new reference (caller json_decref's)
 * or NULL after adding an error to d. `what` names the file's role in the
 * hint ("the regions file"). */
json_t *json_in_load(const char *path, diag *d);

/* Appends `.key` when key is an identifier, else `["key"]` (JSON-escaped). */
void json_in_path_key(buf *path, const char *key);
/* Appends `[i]`. */
void json_in_path_index(buf *path, size_t i);
/* Returns a new string "<base>.key" / "<base>[\"key\"]"; caller frees. */
char *json_in_path_join(const char *base, const char *key);
char *json_in_path_join_index(const char *base, size_t i);

/* Describes a value for messages: `the string "95,3"`, `the number 7`,
 * `true`, `null`, `an object`, `an array`. Appends to out. */
void json_in_describe(buf *out, const json_t *v);

/* Typed getters that report a precise error (file + path) when the key is
 * present with the wrong type, and (when `required`) when it is absent.
 * They return false on any error; *out is untouched then. Strings are
 * borrowed from the json_t. */
bool json_in_string(diag *d, const char *file, const char *base, const json_t *obj,
                    const char *key, bool required, const char **out);
bool json_in_number(diag *d, const char *file, const char *base, const json_t *obj,
                    const char *key, bool required, double *out);

/* A string that must be one of names[0..] (NULL-terminated): 1 with its
 * index in *out; 0 when absent (an error when `required`) or not a string
 * (error added); -1 for another string, after adding
 * `unknown <what> "<s>"` with the hint `use "a", "b" or "c"`. */
int json_in_choice(diag *d, const char *file, const char *base, const json_t *obj,
                   const char *key, bool required, const char *what,
                   const char *const *names, int *out);
/* Integral number within [lo, hi]. */
bool json_in_int(diag *d, const char *file, const char *base, const json_t *obj,
                 const char *key, bool required, long long lo, long long hi, long long *out);

/* Warns about every key of obj that is not in the NULL-terminated list. */
void json_in_unknown_keys(diag *d, const char *file, const char *base, const json_t *obj,
                          const char *const *known);

#endif
