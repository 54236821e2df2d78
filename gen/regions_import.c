/* regions_import: Gemeinde register → regions-gemeinden-<LL>.json (see regions_import.h). */
#include "regions_import.h"

#include "buf.h"
#include "fileio.h"
#include "json_in.h"
#include "scores_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool digits(const char *s, size_t n)
{
    if (strlen(s) != n) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool regions_import_gemeinden(const char *path, const char *data_dir, const char *population_date,
                              size_t *n_written, diag *d)
{
    *n_written = 0;
    json_t *root = json_in_load(path, d);
    if (!root) return false;
    json_t *list = json_object_get(root, "gemeinden");
    if (!json_is_array(list)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$", "give the Gemeinde register {\"gemeinden\": [ … ]}",
                 "missing array \"gemeinden\"");
        json_decref(root);
        return false;
    }
    /* One buffer per Land (AGS 01 … 16, index by number). */
    enum { LAENDER = 17 };
    buf out[LAENDER];
    size_t count[LAENDER] = {0};
    for (int i = 0; i < LAENDER; i++) out[i] = (buf)BUF_INIT;
    size_t errors = d->errors;
    char prev[9] = "";
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *g = json_array_get(list, i);
        char *base = json_in_path_join_index("$.gemeinden", i);
        const char *ags = NULL, *name = NULL, *official = NULL, *type = NULL;
        double pop = NAN, area = NAN;
        bool ok = json_in_string(d, path, base, g, "ags", true, &ags);
        ok &= json_in_string(d, path, base, g, "name", true, &name);
        ok &= json_in_string(d, path, base, g, "type", true, &type);
        ok &= json_in_number(d, path, base, g, "population", true, &pop);
        json_in_string(d, path, base, g, "name_official", false, &official);
        json_in_number(d, path, base, g, "area_km2", false, &area);
        if (ok && !digits(ags, 8)) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base, "a Gemeinde's AGS has 8 digits",
                     "AGS \"%s\" is not 8 digits", ags);
            ok = false;
        }
        if (ok && strcmp(ags, prev) <= 0) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base, "sort the register by AGS, each AGS once",
                     "AGS \"%s\" is not after \"%s\"", ags, prev);
            ok = false;
        }
        if (ok && !(pop >= 0 && pop == floor(pop))) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base, NULL,
                     "population must be a whole number >= 0");
            ok = false;
        }
        int land = ok ? (ags[0] - '0') * 10 + (ags[1] - '0') : 0;
        if (ok && (land < 1 || land >= LAENDER)) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base, "AGS start with the Land, 01 to 16",
                     "AGS \"%s\" names no Land", ags);
            ok = false;
        }
        free(base);
        if (!ok) continue;
        snprintf(prev, sizeof prev, "%s", ags);
        buf *b = &out[land];
        buf_puts(b, count[land] ? ",\n" : "");
        buf_printf(b, "{\"ags\":\"%s\",\"name\":", ags);
        json_write_string(b, name);
        buf_puts(b, ",\"level\":\"gemeinde\",\"kind\":");
        json_write_string(b, type);
        buf_printf(b, ",\"population\":%.0f", pop);
        if (isfinite(area) && area > 0) buf_printf(b, ",\"area_km2\":%.2f", area);
        if (official && strcmp(official, name) != 0) {
            buf_puts(b, ",\"name_official\":");
            json_write_string(b, official);
        }
        buf_putc(b, '}');
        count[land]++;
        (*n_written)++;
    }
    bool ok = d->errors == errors;
    for (int l = 1; ok && l < LAENDER; l++) {
        if (!count[l]) continue;
        buf file = BUF_INIT;
        buf_printf(&file,
                   "{\"description\":\"Gemeinden des Landes %02d (Gebietsstand 01.01.2021), "
                   "umgewandelt mit digindex regions-import; Quellen: docs/data-sources.md\",\n"
                   "\"population_date\":\"%s\",\n\"regions\":[\n",
                   l, population_date);
        buf_append(&file, out[l].data, out[l].len);
        buf_puts(&file, "\n]}\n");
        char *p = xasprintf("%s/regions-gemeinden-%02d.json", data_dir, l);
        ok = file_write_atomic(p, file.data, file.len, d);
        free(p);
        buf_free(&file);
    }
    for (int i = 0; i < LAENDER; i++) buf_free(&out[i]);
    json_decref(root);
    if (!ok) *n_written = 0;
    return ok;
}
