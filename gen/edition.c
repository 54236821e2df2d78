/* edition: `digindex new-edition` (see edition.h). */
#include "edition.h"

#include "fileio.h"

#include "load.h"
#include "model.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A top-level member of the JSON object: byte offsets into the text. */
typedef struct member {
    size_t key_start, key_end;      /* the key string including quotes */
    size_t value_start, value_end;  /* the value's text */
    size_t comma;                   /* offset of the ',' after the value, or SIZE_MAX */
} member;

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

/* End of the string starting at s[i] == '"', or SIZE_MAX. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '"') return i + 1;
    }
    return SIZE_MAX;
}

/* End of the value starting at s[i], or SIZE_MAX. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n) return SIZE_MAX;
    if (s[i] == '"') return skip_string(s, n, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < n; i++) {
            if (s[i] == '"') {
                i = skip_string(s, n, i);
                if (i == SIZE_MAX) return SIZE_MAX;
                i--;
                continue;
            }
            if (s[i] == '{' || s[i] == '[') depth++;
            if (s[i] == '}' || s[i] == ']') {
                if (--depth == 0) return i + 1;
            }
        }
        return SIZE_MAX;
    }
    while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n' &&
           s[i] != '\r' && s[i] != '\t')
        i++;
    return i;
}

/* Splits the top-level object into members; false when malformed. */
static bool scan_members(const char *s, size_t n, member **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    size_t i = skip_ws(s, n, 0);
    if (i >= n || s[i] != '{') return false;
    i = skip_ws(s, n, i + 1);
    if (i < n && s[i] == '}') return true;
    for (;;) {
        member m;
        if (i >= n || s[i] != '"') return false;
        m.key_start = i;
        m.key_end = skip_string(s, n, i);
        if (m.key_end == SIZE_MAX) return false;
        i = skip_ws(s, n, m.key_end);
        if (i >= n || s[i] != ':') return false;
        i = skip_ws(s, n, i + 1);
        m.value_start = i;
        m.value_end = skip_value(s, n, i);
        if (m.value_end == SIZE_MAX || m.value_end == m.value_start) return false;
        i = skip_ws(s, n, m.value_end);
        m.comma = SIZE_MAX;
        if (i < n && s[i] == ',') m.comma = i;
        *out = xrealloc(*out, (*count + 1) * sizeof **out);
        (*out)[(*count)++] = m;
        if (i < n && s[i] == ',') {
            i = skip_ws(s, n, i + 1);
            continue;
        }
        return i < n && s[i] == '}';
    }
}

static bool key_is(const char *s, const member *m, const char *key)
{
    size_t n = strlen(key);
    return m->key_end - m->key_start == n + 2 && memcmp(s + m->key_start + 1, key, n) == 0;
}

/* The title string with every 4-digit token equal to from_year replaced. */
static void rewrite_title(buf *out, const char *s, size_t n, int from_year, int year, bool *changed)
{
    char old[16];
    snprintf(old, sizeof old, "%d", from_year);
    for (size_t i = 0; i < n;) {
        bool digit_before = i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
        if (!digit_before && i + 4 <= n && memcmp(s + i, old, 4) == 0 &&
            !(i + 4 < n && s[i + 4] >= '0' && s[i + 4] <= '9')) {
            buf_printf(out, "%d", year);
            i += 4;
            *changed = true;
        } else {
            buf_putc(out, s[i++]);
        }
    }
}

bool edition_model_rewrite(const char *file, const char *text, size_t len, int from_year, int year,
                           buf *out, bool *title_changed, diag *d)
{
    member *m;
    size_t nm;
    *title_changed = false;
    if (!scan_members(text, len, &m, &nm)) {
        free(m);
        diag_add(d, DIAG_ERROR, file, 0, 0, NULL, "run digindex check on the data folder",
                 "model.json is not a JSON object");
        return false;
    }
    long ied = -1, iprev = -1;
    for (size_t k = 0; k < nm; k++) {
        if (key_is(text, &m[k], "edition")) ied = (long)k;
        if (key_is(text, &m[k], "previous_edition")) iprev = (long)k;
    }
    if (ied < 0) {
        free(m);
        diag_add(d, DIAG_ERROR, file, 0, 0, "$", "run digindex check on the data folder",
                 "model.json has no \"edition\"");
        return false;
    }
    buf b = BUF_INIT;
    size_t pos = 0;
    for (size_t k = 0; k < nm; k++) {
        const member *x = &m[k];
        buf_append(&b, text + pos, x->value_start - pos);
        pos = x->value_end;
        if ((long)k == ied) {
            buf_printf(&b, "%d", year);
            if (iprev < 0) {
                /* Insert "previous_edition" right after, in the file's layout:
                 * the blank between this member and the next one. */
                const char *sep = " ";
                size_t seplen = 1;
                if (x->comma != SIZE_MAX && k + 1 < nm) {
                    sep = text + x->comma + 1;
                    seplen = m[k + 1].key_start - (x->comma + 1);
                }
                buf_puts(&b, ",");
                buf_append(&b, sep, seplen);
                buf_printf(&b, "\"previous_edition\": %d", from_year);
            }
        } else if ((long)k == iprev) {
            buf_printf(&b, "%d", from_year);
        } else if (key_is(text, x, "published")) {
            buf_printf(&b, "\"" EDITION_PUBLISHED_FMT "\"", year);
        } else if (key_is(text, x, "title") && text[x->value_start] == '"') {
            rewrite_title(&b, text + x->value_start, x->value_end - x->value_start, from_year, year,
                          title_changed);
        } else {
            buf_append(&b, text + x->value_start, x->value_end - x->value_start);
        }
    }
    buf_append(&b, text + pos, len - pos);
    free(m);
    /* The result must still be JSON (the scanner is deliberately small). */
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &err);
    if (!j) {
        diag_add(d, DIAG_ERROR, file, 0, 0, NULL, "run digindex check on the data folder",
                 "cannot rewrite model.json: %s", err.text);
        buf_free(&b);
        return false;
    }
    json_decref(j);
    buf_append(out, b.data, b.len);
    buf_free(&b);
    return true;
}


int edition_new(const char *data_dir, int year, int *from_year, char **model_path, diag *d)
{
    *from_year = 0;
    if (model_path) *model_path = NULL;
    dataset *ds;
    int lock;
    int rc = dataset_open_writer(data_dir, false, &ds, &lock, d);
    if (rc == 2) return 2;
    const edition *newest = rc ? NULL : dataset_newest_edition(ds);
    char *dir = xasprintf("%s/%d", data_dir, year);
    struct stat st;
    if (!rc && !newest) {
        diag_add(d, DIAG_ERROR, data_dir, 0, 0, NULL, NULL, "no edition to start from");
        rc = 1;
    } else if (!rc && (dataset_edition(ds, year) || stat(dir, &st) == 0)) {
        diag_usage(d, dir, "choose a year that does not exist yet", "edition %d exists already",
                   year);
        rc = 2;
    } else if (!rc && year <= newest->year) {
        diag_usage(d, data_dir, "a new edition follows the newest one; give a later year",
                 "%d is not newer than the newest edition %d", year, newest->year);
        rc = 2;
    }
    size_t len = 0;
    char *text = rc ? NULL : file_read_all(newest->model_file, &len, NULL, d);
    if (!rc && !text) rc = 2;
    buf out = BUF_INIT;
    bool title_changed = false;
    if (!rc && !edition_model_rewrite(newest->model_file, text, len, newest->year, year, &out,
                                      &title_changed, d))
        rc = 1;
    if (!rc) {
        /* A folder of our own (unique name), then one rename: a run killed
         * half-way leaves no edition folder, and a leftover from such a run
         * never blocks the next one. rename() refuses a target that has
         * appeared meanwhile (ENOTEMPTY/EEXIST); we then remove only our own
         * folder. */
        char *tmpdir = xasprintf("%s/.%d.tmp-XXXXXX", data_dir, year);
        char *tmpfile = NULL;
        char *final = xasprintf("%s/model.json", dir);
        int err = 0;
        if (!mkdtemp(tmpdir)) {
            err = errno;
        } else {
            chmod(tmpdir, (mode_t)(0777 & ~file_umask()));
            tmpfile = xasprintf("%s/model.json", tmpdir);
            diag wd = DIAG_INIT;
            if (!file_write_atomic(tmpfile, out.data, out.len, &wd)) err = EIO;
            diag_move(d, &wd);
            if (!err && rename(tmpdir, dir) != 0) {
                err = errno;
                if (err == ENOTEMPTY || err == EEXIST) {
                    diag_usage(d, dir, "choose a year that does not exist yet",
                               "edition %d exists already", year);
                    err = -1;
                }
            }
            if (err) {
                unlink(tmpfile);
                rmdir(tmpdir);
            }
        }
        if (err > 0 && err != EIO)
            diag_system(d, dir, file_errno_hint(err), "cannot create the edition folder: %s",
                        strerror(err));
        if (err) {
            rc = 2;
        } else {
            *from_year = newest->year;
            if (model_path) *model_path = xstrdup(final);
            if (!title_changed)
                diag_add(d, DIAG_WARNING, final, 0, 0, "$.title", "edit the title by hand",
                         "the title does not contain %d; it was kept as it is", newest->year);
        }
        free(tmpdir);
        free(tmpfile);
        free(final);
    }
    buf_free(&out);
    free(text);
    free(dir);
    dataset_free(ds);
    file_unlock(lock);
    return rc;
}
