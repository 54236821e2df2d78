/* json_in: JSON input with precise diagnostics (see json_in.h). */
#include "json_in.h"

#include "fileio.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Reads a data file whole; a missing one is bad data (exit 1), not usage. */
static char *read_whole_file(const char *path, size_t *len, diag *d)
{
    char *data;
    int err;
    switch (file_read_bytes(path, FILE_READ_MAX_BYTES, &data, len, &err)) {
    case FILE_OK: return data;
    case FILE_CANNOT_OPEN:
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL,
                 err == ENOENT ? "create it, or point --data at the folder that has it" : NULL,
                 "cannot open: %s", strerror(err));
        return NULL;
    case FILE_CANNOT_READ:
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, NULL, "cannot read: %s", strerror(err));
        return NULL;
    case FILE_TOO_LARGE:
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, NULL, "file is larger than 512 MB");
        return NULL;
    }
    return NULL;
}

/* Jansson's messages end in "near 'x'"; keep them, they show the spot. */
static const char *syntax_hint(const char *text)
{
    if (strstr(text, "duplicate object key"))
        return "each key may appear once per object; remove or rename the second one";
    if (strstr(text, "unable to decode byte") || strstr(text, "invalid UTF-8") ||
        strstr(text, "UTF-8"))
        return "save the file as UTF-8 (German Excel often writes Windows-1252)";
    if (strstr(text, "real number overflow") || strstr(text, "too big"))
        return "the number does not fit a double (about 1.8e308); check the value";
    if (strstr(text, "maximum parsing depth"))
        return "the file nests objects or arrays too deeply; check for a generated loop";
    if (strstr(text, "NaN") || strstr(text, "invalid token"))
        return "JSON has no NaN, Infinity or comments; write null for a missing value";
    if (strstr(text, "end of file") || strstr(text, "premature end"))
        return "the file is empty or cut short; restore it from the previous version";
    if (strstr(text, "\\u0000"))
        return "remove the NUL character (\\u0000) from the string";
    return "fix the JSON syntax at this position (a JSON linter shows the context)";
}

json_t *json_in_load(const char *path, diag *d)
{
    size_t len = 0;
    char *text = read_whole_file(path, &len, d);
    if (!text) return NULL;
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF) {
        diag_add(d, DIAG_ERROR, path, 1, 1, NULL, "save the file as UTF-8 without BOM",
                 "the file starts with a byte order mark (BOM), which JSON does not allow");
        free(text);
        return NULL;
    }
    /* A raw NUL byte is never valid JSON, but Jansson silently drops one that
     * directly follows a number or literal (it loads {"a":1<NUL>}) and reports
     * "end of file" at others. Refuse it here, where it is. */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1, col = 1;
        for (const char *p = text; p < nul; p++) {
            if (*p == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)*p & 0xC0) != 0x80) {
                col++;
            }
        }
        bool utf16 = (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                                   ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF))) ||
                     nul - text < 2;
        diag_add(d, DIAG_ERROR, path, line, col, NULL,
                 utf16 ? "the file looks like UTF-16 (Excel's \"Unicode text\"); save it as UTF-8"
                       : "remove the NUL byte; a JSON file is text",
                 "the file contains a NUL byte");
        free(text);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &err);
    free(text);
    if (!root) {
        /* Jansson names its own flag here; say what is wrong instead. */
        const char *msg = strstr(err.text, "JSON_ALLOW_NUL")
                              ? "a string contains a NUL character (\\u0000)"
                              : err.text;
        diag_add(d, DIAG_ERROR, path, err.line > 0 ? err.line : 1,
                 err.column > 0 ? err.column : 1, NULL, syntax_hint(err.text), "%s", msg);
        return NULL;
    }
    if (!json_is_object(root)) {
        buf what = BUF_INIT;
        json_in_describe(&what, root);
        diag_add(d, DIAG_ERROR, path, 0, 0, "$", "the file must hold one JSON object { … }",
                 "expected an object, got %s", buf_cstr(&what));
        buf_free(&what);
        json_decref(root);
        return NULL;
    }
    return root;
}

static bool is_identifier(const char *key)
{
    if (!*key) return false;
    if (!((*key >= 'A' && *key <= 'Z') || (*key >= 'a' && *key <= 'z') || *key == '_'))
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return false;
    return true;
}

static void append_json_string(buf *out, const char *s)
{
    buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            buf_putc(out, '\\');
            buf_putc(out, (char)*p);
        } else if (*p < 0x20) {
            buf_printf(out, "\\u%04x", *p);
        } else {
            buf_putc(out, (char)*p);
        }
    }
    buf_putc(out, '"');
}

void json_in_path_key(buf *path, const char *key)
{
    if (is_identifier(key)) {
        buf_putc(path, '.');
        buf_puts(path, key);
    } else {
        buf_putc(path, '[');
        append_json_string(path, key);
        buf_putc(path, ']');
    }
}

void json_in_path_index(buf *path, size_t i)
{
    buf_printf(path, "[%zu]", i);
}

char *json_in_path_join(const char *base, const char *key)
{
    buf b = BUF_INIT;
    buf_puts(&b, base);
    json_in_path_key(&b, key);
    return buf_detach(&b);
}

char *json_in_path_join_index(const char *base, size_t i)
{
    buf b = BUF_INIT;
    buf_puts(&b, base);
    json_in_path_index(&b, i);
    return buf_detach(&b);
}

void json_in_describe(buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: buf_puts(out, json_object_size(v) ? "an object" : "an empty object"); break;
    case JSON_ARRAY: buf_puts(out, json_array_size(v) ? "an array" : "an empty array"); break;
    case JSON_TRUE: buf_puts(out, "true"); break;
    case JSON_FALSE: buf_puts(out, "false"); break;
    case JSON_NULL: buf_puts(out, "null"); break;
    case JSON_INTEGER:
        buf_printf(out, "the number %lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL: buf_printf(out, "the number %.17g", json_real_value(v)); break;
    case JSON_STRING: {
        const char *s = json_string_value(v);
        buf_puts(out, "the string ");
        if (strlen(s) > 60) {
            char *cut = xstrndup(s, 57);
            /* Do not cut inside a UTF-8 sequence. */
            size_t n = strlen(cut);
            while (n > 0 && ((unsigned char)cut[n - 1] & 0xC0) == 0x80) cut[--n] = '\0';
            if (n > 0 && (unsigned char)cut[n - 1] >= 0xC0) cut[--n] = '\0';
            append_json_string(out, cut);
            buf_puts(out, "…");
            free(cut);
        } else {
            append_json_string(out, s);
        }
        break;
    }
    }
}

static void type_error(diag *d, const char *file, const char *base, const char *key,
                       const char *expected, const json_t *got, const char *hint)
{
    char *where = json_in_path_join(base, key);
    buf what = BUF_INIT;
    json_in_describe(&what, got);
    diag_add(d, DIAG_ERROR, file, 0, 0, where, hint, "expected %s, got %s", expected,
             buf_cstr(&what));
    buf_free(&what);
    free(where);
}

static void missing_error(diag *d, const char *file, const char *base, const char *key,
                          const char *expected)
{
    buf hint = BUF_INIT;
    buf_printf(&hint, "add \"%s\": <%s> to this object", key, expected);
    diag_add(d, DIAG_ERROR, file, 0, 0, base, buf_cstr(&hint), "missing key \"%s\"", key);
    buf_free(&hint);
}

bool json_in_string(diag *d, const char *file, const char *base, const json_t *obj,
                    const char *key, bool required, const char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required) missing_error(d, file, base, key, "text");
        return false;
    }
    if (!json_is_string(v)) {
        type_error(d, file, base, key, "a string", v,
                   json_is_number(v) ? "write it in quotes as text (an AGS keeps its leading zeros)"
                                     : NULL);
        return false;
    }
    /* Texts become names in PDFs, HTML and terminal messages: no control
     * characters (ESC would drive the terminal, BEL ring it). */
    const unsigned char *t = (const unsigned char *)json_string_value(v);
    size_t chars = 0;
    for (const unsigned char *p = t; *p; p++) {
        unsigned cp = 0;
        if (*p < 0x20 || *p == 0x7f)
            cp = *p;
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            cp = p[1];          /* C1 controls U+0080–U+009F */
        if (cp) {
            char *w = json_in_path_join(base, key);
            diag_add(d, DIAG_ERROR, file, 0, 0, w,
                     "remove control characters (escape sequences, tabs, line breaks) from "
                     "the text",
                     "the text contains the control character U+%04X at character %zu", cp,
                     chars + 1);
            free(w);
            return false;
        }
        chars += (*p & 0xc0) != 0x80;
    }
    *out = (const char *)t;
    return true;
}

int json_in_choice(diag *d, const char *file, const char *base, const json_t *obj,
                   const char *key, bool required, const char *what,
                   const char *const *names, int *out)
{
    const char *v;
    if (!json_in_string(d, file, base, obj, key, required, &v)) return 0;
    int n = 0;
    for (; names[n]; n++)
        if (strcmp(v, names[n]) == 0) {
            *out = n;
            return 1;
        }
    buf hint = BUF_INIT;
    buf_puts(&hint, "use ");
    for (int i = 0; i < n; i++)
        buf_printf(&hint, "%s\"%s\"", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
    char *w = json_in_path_join(base, key);
    diag_add(d, DIAG_ERROR, file, 0, 0, w, buf_cstr(&hint), "unknown %s \"%s\"", what, v);
    free(w);
    buf_free(&hint);
    return -1;
}

bool json_in_number(diag *d, const char *file, const char *base, const json_t *obj,
                    const char *key, bool required, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required) missing_error(d, file, base, key, "number");
        return false;
    }
    if (!json_is_number(v)) {
        const char *hint = NULL;
        if (json_is_string(v) && strchr(json_string_value(v), ','))
            hint = "write numbers without quotes and with a decimal point: 95.3";
        else if (json_is_string(v))
            hint = "write the number without quotes";
        type_error(d, file, base, key, "a number", v, hint);
        return false;
    }
    *out = json_number_value(v);
    return true;
}

bool json_in_int(diag *d, const char *file, const char *base, const json_t *obj,
                 const char *key, bool required, long long lo, long long hi, long long *out)
{
    double x;
    if (!json_in_number(d, file, base, obj, key, required, &x)) return false;
    if (x != floor(x) || x < (double)lo || x > (double)hi) {
        char *where = json_in_path_join(base, key);
        diag_add(d, DIAG_ERROR, file, 0, 0, where, NULL,
                 "expected a whole number from %lld to %lld, got %.17g", lo, hi, x);
        free(where);
        return false;
    }
    *out = (long long)x;
    return true;
}

void json_in_unknown_keys(diag *d, const char *file, const char *base, const json_t *obj,
                          const char *const *known)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        bool ok = false;
        for (const char *const *k = known; *k; k++)
            if (strcmp(*k, key) == 0) ok = true;
        if (ok) continue;
        buf hint = BUF_INIT;
        buf_puts(&hint, "known keys here: ");
        for (const char *const *k = known; *k; k++) {
            if (k != known) buf_puts(&hint, ", ");
            buf_puts(&hint, *k);
        }
        char *where = json_in_path_join(base, key);
        diag_add(d, DIAG_WARNING, file, 0, 0, where, buf_cstr(&hint),
                 "unknown key \"%s\" is ignored", key);
        free(where);
        buf_free(&hint);
    }
}
