/* fuzz_load: the data contract end to end in library code.
 *
 * The input is split into the files of a small data folder (see
 * fuzz_common.h for the framing), in this order:
 *
 *   regions.json  2025/model.json  2025/values-land.json
 *   2025/values-kreis.json  2023/model.json  2023/values-land.json
 *   2023/values-kreis.json  2025/values-gemeinde.json
 *
 * A part that is absent leaves its file absent (and a missing edition's
 * folder too, for the first). The folder is loaded, validated and, when that
 * found no error, scored and written as CSV and JSON, as `digindex scores`
 * does; every diagnostic is formatted. Library code must not crash, leak or
 * hit undefined behaviour on any of it, and a load without errors must not
 * have accepted a raw NUL byte in regions.json or model.json. */
#include "diag.h"
#include "load.h"
#include "scores.h"
#include "scores_out.h"
#include "validate.h"

#include "fuzz_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const files[] = {
    "regions.json",          "2025/model.json",       "2025/values-land.json",
    "2025/values-kreis.json", "2023/model.json",       "2023/values-land.json",
    "2023/values-kreis.json", "2025/values-gemeinde.json",
};
#define N_FILES (sizeof files / sizeof files[0])

static char dir[4096];

static void cleanup(void)
{
    char p[4200];
    for (size_t i = 0; i < N_FILES; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/2025", dir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/2023", dir);
    rmdir(p);
    rmdir(dir);
}

static void make_dir(void)
{
    if (dir[0]) return;
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (!base || !*base) base = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/digindex-fuzz-XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror("fuzz_load: mkdtemp");
        abort();
    }
    atexit(cleanup);
}

static void write_file(const char *rel, const uint8_t *data, size_t len)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    FILE *f = fopen(p, "wb");
    if (!f) {
        perror(p);
        abort();
    }
    if (len && fwrite(data, 1, len, f) != len) abort();
    if (fclose(f) != 0) abort();
}

static void format_all(const diag *d)
{
    for (size_t i = 0; i < d->count; i++) free(diag_format(&d->entries[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Inputs far larger than any seed only slow the fuzzer down. */
    if (size > 256 * 1024) return 0;
    make_dir();
    fuzz_part parts[N_FILES];
    size_t n = fuzz_split(data, size, parts, N_FILES);

    char p[4200];
    for (size_t i = 0; i < N_FILES; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        unlink(p);
    }
    /* The 2025 folder exists whenever a 2025 file does; 2023 likewise. */
    snprintf(p, sizeof p, "%s/2025", dir);
    if (n > 1) mkdir(p, 0700); else rmdir(p);
    snprintf(p, sizeof p, "%s/2023", dir);
    if (n > 4) mkdir(p, 0700); else rmdir(p);
    for (size_t i = 0; i < n; i++) write_file(files[i], parts[i].data, parts[i].len);

    diag d = DIAG_INIT;
    dataset *ds = dataset_load(dir, 0, &d);
    if (ds) {
        dataset_validate(ds, &d);
        if (!d.errors) {
            scores *sc = scores_compute(ds, &d);
            if (sc) {
                for (size_t e = 0; e < ds->n_editions; e++)
                    for (int l = 0; l < LEVEL_COUNT; l++) {
                        const level_scores *ls = scores_get(sc, ds->editions[e].year, (level)l);
                        if (!ls) continue;
                        buf out = BUF_INIT;
                        scores_write_json(&out, ds, ls);
                        scores_write_csv(&out, ds, ls);
                        buf_free(&out);
                    }
                scores_free(sc);
            }
        }
        dataset_free(ds);
    }
    /* regions.json and 2025/model.json are always read: a raw NUL byte in
     * either is never valid JSON, so a clean load means there was none.
     * (Jansson alone drops a NUL right after a number or literal.) */
    if (!d.errors)
        for (size_t i = 0; i < n && i < 2; i++)
            if (memchr(parts[i].data, '\0', parts[i].len)) abort();
    format_all(&d);
    diag_free(&d);
    return 0;
}
