/* fuzz_template: the Mustache engine.
 *
 * The input is split (see fuzz_common.h) into
 *
 *   part 0   the template source
 *   part 1   the context, JSON (any value; unparsable JSON renders against
 *            an empty context)
 *   part 2…  partials, each "NAME\nSOURCE"
 *
 * The template is compiled, then rendered three times: with the in-memory
 * partials, unknown ones as errors, then as empty strings (the Mustache
 * spec's choice); and with partials from a folder (template_partials_new_dir)
 * that holds a.mustache and sub/b.mustache, beside which lies a file that no
 * partial name may reach: its access time (set to 1970, so that a relatime
 * mount updates it on the first read) must stay untouched. On an error the
 * output must be left as it was.
 * Library code must not crash, leak or hit undefined behaviour on any of it. */
#include "template.h"
#include "tvalue.h"

#include "fuzz_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PARTS 10

static char tmpl_root[4096], tmpl_dir[4200], tmpl_outside[4400];
static bool tmpl_atime_works; /* false on a noatime mount: no check then */

static void tmpl_put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) abort();
}

static void tmpl_cleanup(void)
{
    char p[4400];
    unlink(tmpl_outside);
    snprintf(p, sizeof p, "%s/a.mustache", tmpl_dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/sub/b.mustache", tmpl_dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/sub", tmpl_dir);
    rmdir(p);
    rmdir(tmpl_dir);
    rmdir(tmpl_root);
}

static void tmpl_reset_atime(void)
{
    struct timespec ts[2] = {{1, 0}, {0, UTIME_NOW}};
    if (utimensat(AT_FDCWD, tmpl_outside, ts, 0) != 0) abort();
}

static bool tmpl_outside_untouched(void)
{
    struct stat st;
    return stat(tmpl_outside, &st) == 0 && st.st_atim.tv_sec == 1;
}

static void tmpl_make_dir(void)
{
    if (tmpl_root[0]) return;
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (!base || !*base) base = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
    snprintf(tmpl_root, sizeof tmpl_root, "%s/digindex-fuzz-tmpl-XXXXXX", base);
    if (!mkdtemp(tmpl_root)) abort();
    atexit(tmpl_cleanup);
    char p[4400];
    snprintf(tmpl_outside, sizeof tmpl_outside, "%s/outside.mustache", tmpl_root);
    tmpl_put(tmpl_outside, "outside the partials folder");
    /* Does reading update the access time here? */
    tmpl_reset_atime();
    FILE *f = fopen(tmpl_outside, "rb");
    if (!f) abort();
    char c;
    if (fread(&c, 1, 1, f) != 1) abort();
    fclose(f);
    tmpl_atime_works = !tmpl_outside_untouched();
    tmpl_reset_atime();
    snprintf(tmpl_dir, sizeof tmpl_dir, "%s/p", tmpl_root);
    if (mkdir(tmpl_dir, 0700) != 0) abort();
    snprintf(p, sizeof p, "%s/sub", tmpl_dir);
    if (mkdir(p, 0700) != 0) abort();
    snprintf(p, sizeof p, "%s/a.mustache", tmpl_dir);
    tmpl_put(p, "[a {{x}}{{#list}}<{{.}}>{{/list}}]\n");
    snprintf(p, sizeof p, "%s/sub/b.mustache", tmpl_dir);
    tmpl_put(p, "  [b {{>a}}]\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    fuzz_part parts[MAX_PARTS];
    size_t n = fuzz_split(data, size, parts, MAX_PARTS);

    tv *ctx = NULL;
    if (n > 1) {
        json_error_t jerr;
        json_t *j = json_loadb((const char *)parts[1].data, parts[1].len,
                               JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (j) ctx = tv_from_json(j);
        json_decref(j);
    }
    template_partials *p = template_partials_new();
    for (size_t i = 2; i < n; i++) {
        const uint8_t *nl = memchr(parts[i].data, '\n', parts[i].len);
        size_t name_len = nl ? (size_t)(nl - parts[i].data) : parts[i].len;
        if (memchr(parts[i].data, '\0', name_len)) continue; /* names never hold NUL */
        char *name = malloc(name_len + 1);
        if (!name) abort();
        memcpy(name, parts[i].data, name_len);
        name[name_len] = '\0';
        const char *src = nl ? (const char *)nl + 1 : "";
        size_t src_len = nl ? parts[i].len - name_len - 1 : 0;
        template_partials_add(p, name, src, src_len);
        free(name);
    }

    char *err = NULL;
    template *t = template_parse((const char *)parts[0].data, parts[0].len, "fuzz.mustache", &err);
    if (!t) {
        if (!err) abort(); /* a failed parse must say why */
        free(err);
    } else {
        for (int missing_ok = 0; missing_ok < 2; missing_ok++) {
            template_partials_set_missing_ok(p, missing_ok != 0);
            buf out = BUF_INIT;
            buf_puts(&out, "prefix");
            err = NULL;
            if (template_render(t, ctx, p, &out, &err) != 0) {
                if (!err) abort();
                if (out.len != 6 || memcmp(out.data, "prefix", 6) != 0) abort();
                free(err);
            }
            buf_free(&out);
        }
        tmpl_make_dir();
        template_partials *dp = template_partials_new_dir(tmpl_dir);
        buf out = BUF_INIT;
        err = NULL;
        if (template_render(t, ctx, dp, &out, &err) != 0) {
            if (!err || out.len != 0) abort();
            free(err);
        }
        if (tmpl_atime_works && !tmpl_outside_untouched()) abort(); /* a name got outside */
        buf_free(&out);
        template_partials_free(dp);
        template_free(t);
    }
    template_partials_free(p);
    tv_free(ctx);
    return 0;
}
