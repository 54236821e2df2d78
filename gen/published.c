/* published: an edition's published scores, read back (see published.h). */
#include "published.h"

#include "buf.h"
#include "json_in.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool published_exists(const char *out_dir, int year)
{
    char *path = xasprintf("%s/%d/manifest.json", out_dir ? out_dir : "out", year);
    struct stat st;
    bool ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return ok;
}

void published_free(published_level *p)
{
    if (!p) return;
    free(p->score);
    free(p->rank);
    free(p->present);
    free(p);
}

published_level *published_load(const char *out_dir, const dataset *ds, const level_scores *ls,
                                diag *d)
{
    char *path = xasprintf("%s/%d/downloads/scores-%s.json", out_dir ? out_dir : "out",
                           ls->edition->year, level_name(ls->level));
    struct stat st;
    if (stat(path, &st) != 0) {
        free(path);
        return NULL;
    }
    json_t *root = json_in_load(path, d);
    json_t *regions = root ? json_object_get(root, "regions") : NULL;
    if (root && !json_is_array(regions)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$.regions",
                 "rebuild the edition with --restate, or restore the file from the manifest",
                 "the published scores cannot be read: no \"regions\" array");
    }
    if (!json_is_array(regions)) {
        json_decref(root);
        free(path);
        return NULL;
    }
    published_level *p = xcalloc(1, sizeof *p);
    p->level = ls->level;
    p->n_rows = ls->n_rows;
    p->n_nodes = ls->n_nodes;
    size_t cells = ls->n_rows * (size_t)ls->n_nodes;
    p->score = xmalloc((cells ? cells : 1) * sizeof *p->score);
    p->rank = xcalloc(cells ? cells : 1, sizeof *p->rank);
    p->present = xcalloc(ls->n_rows ? ls->n_rows : 1, sizeof *p->present);
    for (size_t i = 0; i < cells; i++) p->score[i] = NAN;
    size_t i;
    json_t *rv;
    json_array_foreach(regions, i, rv) {
        const char *ags = json_string_value(json_object_get(rv, "ags"));
        json_t *nodes = json_object_get(rv, "nodes");
        if (!ags || !json_is_object(nodes)) continue;
        size_t ri = dataset_find_region(ds, ags);
        if (ri == SIZE_MAX || ds->regions[ri].level != ls->level) continue;
        size_t row = ds->regions[ri].row;
        p->present[row] = true;
        const char *id;
        json_t *nv;
        json_object_foreach(nodes, id, nv) {
            int ni = tree_find(ls->tree, id);
            if (ni < 0) continue;
            size_t k = row * (size_t)ls->n_nodes + (size_t)ni;
            json_t *s = json_object_get(nv, "score"), *r = json_object_get(nv, "rank");
            if (json_is_number(s)) p->score[k] = json_number_value(s);
            if (json_is_number(r)) p->rank[k] = (int)json_number_value(r);
        }
    }
    json_decref(root);
    free(path);
    return p;
}

bool published_row_agrees(const published_level *p, const level_scores *ls, size_t row)
{
    if (!p->present[row]) return false;
    for (int ni = 0; ni < ls->n_nodes; ni++) {
        size_t k = row * (size_t)ls->n_nodes + (size_t)ni;
        double a = p->score[k], b = ls_score(ls, row, ni);
        if (!(a == b || (isnan(a) && isnan(b)))) return false;
        if (p->rank[k] != ls_rank(ls, row, ni)) return false;
    }
    return true;
}
