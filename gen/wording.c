/* wording: sentences from templates (see wording.h). */
#include "wording.h"

#include "buf.h"
#include "fileio.h"
#include "template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const files[WORDING_COUNT] = {
    "wording/briefing.mustache", "wording/overview.mustache", "wording/briefing-texts.mustache",
    "wording/overview-texts.mustache", "wording/download-texts.mustache"};

struct wording {
    template *t[WORDING_COUNT];
    template_partials *partials;
};

const char *wording_file(wording_kind k)
{
    return k < WORDING_COUNT ? files[k] : "";
}


template *wording_compile_file(const char *dir, const char *name, diag *d)
{
    char *path = xasprintf("%s/%s", dir, name);
    size_t len = 0;
    char *src = file_read_all(path, &len, "pass --templates DIR (the templates folder of digindex)", d);
    template *t = NULL;
    if (src) {
        char *err = NULL;
        t = template_parse(src, len, path, &err);
        if (!t) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", err);
            free(err);
        }
    }
    free(src);
    free(path);
    return t;
}

wording *wording_load(const char *templates_dir, diag *d)
{
    wording *w = xcalloc(1, sizeof *w);
    w->partials = template_partials_new_dir(templates_dir);
    bool ok = true;
    for (int k = 0; k < WORDING_COUNT; k++) {
        w->t[k] = wording_compile_file(templates_dir, files[k], d);
        ok &= w->t[k] != NULL;
    }
    if (!ok) {
        wording_free(w);
        return NULL;
    }
    return w;
}

void wording_free(wording *w)
{
    if (!w) return;
    for (int k = 0; k < WORDING_COUNT; k++) template_free(w->t[k]);
    template_partials_free(w->partials);
    free(w);
}

/* Splits rendered text into trimmed, non-empty lines; multiple spaces fold. */
static void split_sentences(const char *text, char ***out, size_t *n)
{
    for (size_t i = 0; i < *n; i++) free((*out)[i]);
    free(*out);
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        if (!e) e = p + strlen(p);
        while (p < e && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
        if (p == e) { /* blank */
            p = *e ? e + 1 : e;
            continue;
        }
        /* Straight into a string of the line's length: folding only
         * shortens it. (Was one buf_putc per byte.) */
        char *line = xmalloc((size_t)(e - p) + 1);
        size_t len = 0;
        bool space = false;
        for (const char *q = p; q < e; q++) {
            if (*q == ' ' || *q == '\t' || *q == '\r') {
                space = len > 0;
                continue;
            }
            if (space) line[len++] = ' ';
            space = false;
            line[len++] = *q;
        }
        line[len] = '\0';
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = line;
        p = *e ? e + 1 : e;
    }
}

bool wording_lines(const wording *w, wording_kind k, const tv *ctx, char ***lines, size_t *n,
                   diag *d)
{
    *lines = NULL;
    *n = 0;
    buf text = BUF_INIT;
    char *err = NULL;
    bool ok = template_render(w->t[k], ctx, w->partials, &text, &err) == 0;
    if (ok)
        split_sentences(buf_cstr(&text), lines, n);
    else {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", err);
        free(err);
    }
    buf_free(&text);
    return ok;
}
