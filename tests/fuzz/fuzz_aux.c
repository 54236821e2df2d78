/* fuzz_aux: the data folder's other input files.
 *
 * The input is split (see fuzz_common.h) into
 *
 *   part 0   sample-spec.json: sample_spec_load, then sample_write_values
 *            for every edition and level of the bundled data/ (regions and
 *            models, loaded once)
 *   part 1   map-laender.json, the compact map: geo_map_load, geo_map_find
 *   part 2   a GeoJSON FeatureCollection: geo_import_geojson
 *
 * each written to a temporary file when present. Library code must not
 * crash, leak or hit undefined behaviour on any of it. Run from the
 * repository root (it reads data/). */
#include "diag.h"
#include "geo.h"
#include "load.h"
#include "sample.h"

#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char aux_dir[4096];
static dataset *aux_ds;

static void aux_cleanup(void)
{
    static const char *const names[] = {"sample-spec.json", "map.json", "map.geojson"};
    char p[4200];
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", aux_dir, names[i]);
        unlink(p);
    }
    rmdir(aux_dir);
    dataset_free(aux_ds);
    aux_ds = NULL;
}

static void aux_init(void)
{
    if (aux_dir[0]) return;
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (!base || !*base) base = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
    snprintf(aux_dir, sizeof aux_dir, "%s/digindex-fuzz-aux-XXXXXX", base);
    if (!mkdtemp(aux_dir)) abort();
    diag d = DIAG_INIT;
    aux_ds = dataset_load("data", LOAD_SKIP_VALUES, &d);
    if (!aux_ds || d.errors) {
        fprintf(stderr, "fuzz_aux: cannot load data/ (run from the repository root)\n");
        abort();
    }
    diag_free(&d);
    atexit(aux_cleanup);
}

static char *aux_write(const char *name, const fuzz_part *part)
{
    char *p = malloc(4200);
    if (!p) abort();
    snprintf(p, 4200, "%s/%s", aux_dir, name);
    FILE *f = fopen(p, "wb");
    if (!f) abort();
    if (part->len && fwrite(part->data, 1, part->len, f) != part->len) abort();
    if (fclose(f) != 0) abort();
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024) return 0;
    aux_init();
    fuzz_part parts[3];
    size_t n = fuzz_split(data, size, parts, 3);
    diag d = DIAG_INIT;

    char *path = aux_write("sample-spec.json", &parts[0]);
    sample_spec *spec = sample_spec_load(path, &d);
    free(path);
    if (spec) {
        for (size_t e = 0; e < aux_ds->n_editions; e++)
            for (int l = 0; l < LEVEL_COUNT; l++) {
                const edition *ed = &aux_ds->editions[e];
                if (!ed->levels[l].present) continue;
                buf out = BUF_INIT;
                sample_write_values(&out, spec, aux_ds, ed, (level)l, &d);
                buf_free(&out);
            }
        sample_spec_free(spec);
    }
    if (n > 1) {
        path = aux_write("map.json", &parts[1]);
        geo_map *m = geo_map_load(path, &d);
        free(path);
        if (m) {
            geo_map_find(m, "09");
            geo_map_find(m, "");
            geo_map_free(m);
        }
    }
    if (n > 2) {
        path = aux_write("map.geojson", &parts[2]);
        buf out = BUF_INIT;
        geo_import_geojson(path, 500, &out, &d);
        buf_free(&out);
        free(path);
    }
    for (size_t i = 0; i < d.count; i++) free(diag_format(&d.entries[i]));
    diag_free(&d);
    return 0;
}
