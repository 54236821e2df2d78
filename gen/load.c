/* load: data folder → dataset (see load.h). */
#include "load.h"

#include "buf.h"
#include "fileio.h"
#include "format.h"
#include "json_in.h"
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper trees are almost certainly a generated mistake; the DI has four levels. */
#define MAX_TREE_DEPTH 16
#define MAX_ID_LEN 64

/* ---- small helpers ------------------------------------------------------ */

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static bool valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_ID_LEN) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

static int cmp_region_ags(const void *a, const void *b)
{
    return strcmp(((const region *)a)->ags, ((const region *)b)->ags);
}

/* ---- regions.json ------------------------------------------------------- */

/* Characters (code points) of a UTF-8 string. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static const char *const region_keys[] = {"ags", "name", "level", "group", "kind", "population",
                                          "population_date", "area_km2", "name_official", NULL};

/* An ISO date YYYY-MM-DD (for population_date). */
static bool iso_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), dd = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

static const char *date_field(diag *d, const char *file, const char *base, const json_t *obj)
{
    const char *s = NULL;
    if (!json_in_string(d, file, base, obj, "population_date", false, &s)) return NULL;
    if (iso_date(s)) return s;
    char *where = json_in_path_join(base, "population_date");
    diag_add(d, DIAG_ERROR, file, 0, 0, where, "write the date as YYYY-MM-DD, e.g. 2019-12-31",
             "not a date: \"%s\"", s);
    free(where);
    return NULL;
}

/* Appends the regions of one file (regions.json or a part); file_index
 * names the file in ds->region_files for the duplicate message. */
static void load_regions_file(dataset *ds, const char *file, size_t file_index, diag *d)
{
    json_t *root = json_in_load(file, d);
    if (!root) return;
    json_t *arr = json_object_get(root, "regions");
    if (!json_is_array(arr)) {
        if (!arr)
            diag_add(d, DIAG_ERROR, file, 0, 0, "$", "the file is {\"regions\":[ … ]}",
                     "missing key \"regions\"");
        else {
            buf what = BUF_INIT;
            json_in_describe(&what, arr);
            diag_add(d, DIAG_ERROR, file, 0, 0, "$.regions", NULL, "expected an array, got %s",
                     buf_cstr(&what));
            buf_free(&what);
        }
        json_decref(root);
        return;
    }
    static const char *const root_keys[] = {"regions", "description", "source",
                                            "population_date", NULL};
    json_in_unknown_keys(d, file, "$", root, root_keys);
    const char *file_date = date_field(d, file, "$", root);

    size_t n = json_array_size(arr);
    ds->regions = xrealloc(ds->regions, (ds->n_regions + n + 1) * sizeof *ds->regions);
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(arr, i);
        char *base = json_in_path_join_index("$.regions", i);
        if (!json_is_object(r)) {
            buf what = BUF_INIT;
            json_in_describe(&what, r);
            diag_add(d, DIAG_ERROR, file, 0, 0, base, NULL, "expected an object, got %s",
                     buf_cstr(&what));
            buf_free(&what);
            free(base);
            continue;
        }
        json_in_unknown_keys(d, file, base, r, region_keys);
        const char *ags = NULL, *name = NULL, *lvname = NULL, *kind = NULL;
        bool ok = json_in_string(d, file, base, r, "ags", true, &ags);
        ok &= json_in_string(d, file, base, r, "name", true, &name);
        ok &= json_in_string(d, file, base, r, "level", true, &lvname);
        level lv = LEVEL_LAND;
        if (lvname && !level_parse(lvname, &lv)) {
            char *where = json_in_path_join(base, "level");
            diag_add(d, DIAG_ERROR, file, 0, 0, where, "use \"land\", \"kreis\" or \"gemeinde\"",
                     "unknown level \"%s\"", lvname);
            free(where);
            ok = false;
        }
        if (ags && lvname && ok) {
            if (!all_digits(ags) || strlen(ags) != level_ags_len(lv)) {
                char *where = json_in_path_join(base, "ags");
                diag_add(d, DIAG_ERROR, file, 0, 0, where,
                         "a Land has 2 digits, a Kreis 5, a Gemeinde 8; keep leading zeros and "
                         "write the AGS as a string",
                         "AGS \"%s\" is not %zu digits as level \"%s\" needs", ags,
                         level_ags_len(lv), lvname);
                free(where);
                ok = false;
            }
        }
        if (name && !*name) {
            char *where = json_in_path_join(base, "name");
            diag_add(d, DIAG_ERROR, file, 0, 0, where, NULL, "the name is empty");
            free(where);
            ok = false;
        } else if (name && utf8_chars(name) > LOAD_REGION_NAME_MAX) {
            char *where = json_in_path_join(base, "name");
            diag_add(d, DIAG_ERROR, file, 0, 0, where,
                     "shorten the name (the official short form fits the briefings' titles)",
                     "the name has %zu characters; at most %d fit the layout", utf8_chars(name),
                     LOAD_REGION_NAME_MAX);
            free(where);
            ok = false;
        }
        land_group grp = GROUP_NONE;
        static const char *const groups[] = {"flaechenland", "stadtstaat", NULL};
        int gi, has_group = json_in_choice(d, file, base, r, "group", false, "group", groups, &gi);
        if (has_group == 1) {
            grp = gi == 0 ? GROUP_FLAECHENLAND : GROUP_STADTSTAAT;
        } else if (has_group < 0) {
            ok = false;
        } else if (ok && lv == LEVEL_LAND && !json_object_get(r, "group")) {
            diag_add(d, DIAG_ERROR, file, 0, 0, base,
                     "add \"group\": \"flaechenland\" or \"stadtstaat\"",
                     "Land %s has no \"group\"", ags);
            ok = false;
        }
        json_in_string(d, file, base, r, "kind", false, &kind);
        double pop = NAN, area = NAN;
        if (json_in_number(d, file, base, r, "population", false, &pop) &&
            (pop < 0 || pop != floor(pop) || pop > LOAD_POPULATION_MAX)) {
            char *where = json_in_path_join(base, "population");
            diag_add(d, DIAG_ERROR, file, 0, 0, where, NULL,
                     "population must be a whole number from 0 to %.0f, got %.17g",
                     LOAD_POPULATION_MAX, pop);
            free(where);
            ok = false;
        }
        if (json_in_number(d, file, base, r, "area_km2", false, &area) &&
            !(area > 0 && area <= LOAD_AREA_MAX)) {
            char *where = json_in_path_join(base, "area_km2");
            diag_add(d, DIAG_ERROR, file, 0, 0, where, NULL,
                     "area_km2 must be > 0 and at most %.0f, got %.17g", LOAD_AREA_MAX, area);
            free(where);
            ok = false;
        }
        const char *date = date_field(d, file, base, r);
        if (!date && json_object_get(r, "population_date")) ok = false;
        free(base);
        if (!ok) continue;
        region *rg = &ds->regions[ds->n_regions++];
        memset(rg, 0, sizeof *rg);
        if (!date) date = file_date;
        rg->population_date = date && !isnan(pop) ? xstrdup(date) : NULL;
        snprintf(rg->ags, sizeof rg->ags, "%s", ags);
        rg->name = xstrdup(name);
        rg->level = lv;
        rg->group = grp;
        rg->kind = kind ? xstrdup(kind) : NULL;
        rg->population = pop;
        rg->area_km2 = area;
        /* Until finish_regions: where the region came from, for the
         * duplicate message (file, position in the file). */
        rg->land = file_index;
        rg->row = i;
    }
    json_decref(root);
}

/* The regions of every file: sorted, checked for duplicates, rows per level
 * and parents. */
static void finish_regions(dataset *ds, size_t errors_before, diag *d)
{
    const char *file = ds->regions_file;
    if (ds->n_regions > 1) qsort(ds->regions, ds->n_regions, sizeof *ds->regions, cmp_region_ags);
    for (size_t i = 1; i < ds->n_regions; i++) {
        const region *a = &ds->regions[i - 1], *b = &ds->regions[i];
        if (strcmp(a->ags, b->ags) == 0) {
            char *where = json_in_path_join_index("$.regions", b->row);
            if (a->land == b->land)
                diag_add(d, DIAG_ERROR, ds->region_files[b->land], 0, 0, where,
                         "each AGS may appear once", "duplicate AGS \"%s\" (also at $.regions[%zu])",
                         b->ags, a->row);
            else
                diag_add(d, DIAG_ERROR, ds->region_files[b->land], 0, 0, where,
                         "each AGS may appear once, in one file",
                         "duplicate AGS \"%s\" (also in %s at $.regions[%zu])", b->ags,
                         ds->region_files[a->land], a->row);
            free(where);
        }
    }
    for (size_t i = 0; i < ds->n_regions; i++) ds->regions[i].land = ds->regions[i].kreis = SIZE_MAX;
    /* Rows per level and parents. */
    for (size_t i = 0; i < ds->n_regions; i++) {
        region *rg = &ds->regions[i];
        level lv = rg->level;
        ds->level_regions[lv] = xrealloc(ds->level_regions[lv],
                                         (ds->n_level_regions[lv] + 1) * sizeof(size_t));
        rg->row = ds->n_level_regions[lv];
        ds->level_regions[lv][ds->n_level_regions[lv]++] = i;
    }
    for (size_t i = 0; i < ds->n_regions; i++) {
        region *rg = &ds->regions[i];
        if (rg->level == LEVEL_LAND) continue;
        char prefix[9];
        snprintf(prefix, sizeof prefix, "%.2s", rg->ags);
        rg->land = dataset_find_region(ds, prefix);
        if (rg->land == SIZE_MAX)
            diag_add(d, DIAG_ERROR, file, 0, 0, NULL,
                     "add the Land to regions.json or correct the AGS",
                     "%s \"%s\" (%s) belongs to Land %s, which is not in the file",
                     rg->level == LEVEL_KREIS ? "Kreis" : "Gemeinde", rg->ags, rg->name, prefix);
        if (rg->level == LEVEL_GEMEINDE) {
            snprintf(prefix, sizeof prefix, "%.5s", rg->ags);
            rg->kreis = dataset_find_region(ds, prefix);
            if (rg->kreis == SIZE_MAX)
                diag_add(d, DIAG_ERROR, file, 0, 0, NULL,
                         "add the Kreis to regions.json or correct the AGS",
                         "Gemeinde \"%s\" (%s) belongs to Kreis %s, which is not in the file",
                         rg->ags, rg->name, prefix);
        }
    }
    ds->regions_complete = d->errors == errors_before;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Files in dir named <prefix>*.json (not <prefix>.json itself), sorted by
 * name; returns a new array of new paths. */
static char **list_parts(const char *dir, const char *prefix, size_t *n)
{
    *n = 0;
    char **out = NULL;
    DIR *dh = opendir(dir);
    if (!dh) return NULL;
    size_t lp = strlen(prefix);
    struct dirent *de;
    while ((de = readdir(dh))) {
        const char *name = de->d_name;
        size_t ln = strlen(name);
        if (ln <= lp + 5 || strncmp(name, prefix, lp) != 0 || strcmp(name + ln - 5, ".json") != 0)
            continue;
        out = xrealloc(out, (*n + 1) * sizeof *out);
        out[(*n)++] = xstrdup(name);
    }
    closedir(dh);
    if (*n > 1) qsort(out, *n, sizeof *out, cmp_str);
    for (size_t i = 0; i < *n; i++) {
        char *p = xasprintf("%s/%s", dir, out[i]);
        free(out[i]);
        out[i] = p;
    }
    return out;
}

/* regions.json, then every regions-*.json beside it. */
static void load_regions(dataset *ds, diag *d)
{
    size_t errors_before = d->errors;
    size_t n_parts = 0;
    char **parts = list_parts(ds->dir, "regions-", &n_parts);
    ds->region_files = xcalloc(n_parts + 1, sizeof *ds->region_files);
    ds->region_files[0] = xstrdup(ds->regions_file);
    for (size_t i = 0; i < n_parts; i++) ds->region_files[i + 1] = parts[i];
    free(parts);
    ds->n_region_files = n_parts + 1;
    for (size_t i = 0; i < ds->n_region_files; i++) load_regions_file(ds, ds->region_files[i], i, d);
    finish_regions(ds, errors_before, d);
}

/* ---- model.json --------------------------------------------------------- */

typedef struct tree_builder {
    const char *file;
    level level;
    tree *t;
    diag *d;
    int cap;
} tree_builder;

static bool parse_normalisation(tree_builder *b, const char *base, const json_t *v,
                                normalisation *out)
{
    const char *file = b->file;
    char *where = json_in_path_join(base, "normalisation");
    bool ok = false;
    if (!json_is_object(v)) {
        buf what = BUF_INIT;
        json_in_describe(&what, v);
        diag_add(b->d, DIAG_ERROR, file, 0, 0, where, NULL, "expected an object, got %s",
                 buf_cstr(&what));
        buf_free(&what);
        goto done;
    }
    static const char *const keys[] = {"method", "scope", "lower", "upper", NULL};
    json_in_unknown_keys(b->d, file, where, v, keys);
    static const char *const methods[] = {"minmax", "zscore", "goalposts", "none", NULL};
    static const norm_method method_of[] = {NORM_MINMAX, NORM_ZSCORE, NORM_GOALPOSTS, NORM_NONE};
    int mi;
    if (json_in_choice(b->d, file, where, v, "method", true, "normalisation method", methods,
                       &mi) != 1)
        goto done;
    normalisation n = {method_of[mi], false, 0, 0};
    const char *scope = NULL;
    if (json_in_string(b->d, file, where, v, "scope", false, &scope)) {
        if (n.method != NORM_MINMAX) {
            char *w = json_in_path_join(where, "scope");
            diag_add(b->d, DIAG_ERROR, file, 0, 0, w, "remove \"scope\" or use \"minmax\"",
                     "\"scope\" applies to the minmax method only");
            free(w);
            goto done;
        }
        static const char *const scopes[] = {"edition", "all_editions", NULL};
        int si;
        if (json_in_choice(b->d, file, where, v, "scope", false, "scope", scopes, &si) != 1)
            goto done;
        n.all_editions = si == 1;
    }
    if (n.method == NORM_GOALPOSTS) {
        bool gp = json_in_number(b->d, file, where, v, "lower", true, &n.lower);
        gp &= json_in_number(b->d, file, where, v, "upper", true, &n.upper);
        if (gp && !(fabs(n.lower) <= LOAD_VALUE_MAX && fabs(n.upper) <= LOAD_VALUE_MAX)) {
            diag_add(b->d, DIAG_ERROR, file, 0, 0, where,
                     "give the goalposts in the indicator's unit, within ±1e15",
                     "goalposts beyond ±1e15: lower %.17g, upper %.17g", n.lower, n.upper);
            gp = false;
        }
        if (!gp) goto done;
        if (!(n.lower < n.upper)) {
            diag_add(b->d, DIAG_ERROR, file, 0, 0, where,
                     "give the goalposts in the indicator's unit with lower < upper; "
                     "direction -1 flips them",
                     "goalposts need lower < upper, got lower %.17g and upper %.17g", n.lower,
                     n.upper);
            goto done;
        }
    } else if (json_object_get(v, "lower") || json_object_get(v, "upper")) {
        diag_add(b->d, DIAG_ERROR, file, 0, 0, where, "remove them or use \"goalposts\"",
                 "\"lower\" and \"upper\" apply to the goalposts method only");
        goto done;
    }
    *out = n;
    ok = true;
done:
    free(where);
    return ok;
}

static const char *const node_keys[] = {"id", "name", "description", "weight", "aggregation",
                                        "normalisation", "children", "unit", "direction",
                                        "source", "url", "derive", NULL};

/* Parses one node and its subtree; returns its index or -1. */
static int parse_node(tree_builder *b, const json_t *v, const char *base, int parent, int depth,
                      const normalisation *inherited)
{
    diag *d = b->d;
    const char *file = b->file;
    if (!json_is_object(v)) {
        buf what = BUF_INIT;
        json_in_describe(&what, v);
        diag_add(d, DIAG_ERROR, file, 0, 0, base, NULL, "expected a node object, got %s",
                 buf_cstr(&what));
        buf_free(&what);
        return -1;
    }
    if (depth > MAX_TREE_DEPTH) {
        diag_add(d, DIAG_ERROR, file, 0, 0, base, "flatten the hierarchy",
                 "the tree is deeper than %d levels", MAX_TREE_DEPTH);
        return -1;
    }
    json_in_unknown_keys(d, file, base, v, node_keys);
    const char *id = NULL, *name = NULL, *desc = NULL;
    bool ok = json_in_string(d, file, base, v, "id", true, &id);
    if (id && !valid_id(id)) {
        char *w = json_in_path_join(base, "id");
        diag_add(d, DIAG_ERROR, file, 0, 0, w,
                 "use 1–64 letters, digits, '_', '-' or '.' (ids become column names)",
                 "invalid id \"%s\"", id);
        free(w);
        ok = false;
    }
    ok &= json_in_string(d, file, base, v, "name", true, &name);
    if (name && utf8_chars(name) > LOAD_NODE_NAME_MAX) {
        char *w = json_in_path_join(base, "name");
        diag_add(d, DIAG_ERROR, file, 0, 0, w,
                 "shorten the name; say more in \"description\"",
                 "the name has %zu characters; at most %d fit the charts and tables",
                 utf8_chars(name), LOAD_NODE_NAME_MAX);
        free(w);
        ok = false;
    }
    json_in_string(d, file, base, v, "description", false, &desc);
    double weight = 1;
    if (parent >= 0) {
        if (json_in_number(d, file, base, v, "weight", true, &weight) &&
            !(weight > 0 && isfinite(weight))) {
            char *w = json_in_path_join(base, "weight");
            diag_add(d, DIAG_ERROR, file, 0, 0, w,
                     "weights are relative within the parent and must be > 0; remove the node "
                     "to leave it out",
                     "weight must be > 0, got %.17g", weight);
            free(w);
            ok = false;
        } else if (json_object_get(v, "weight") &&
                   !(weight >= LOAD_WEIGHT_MIN && weight <= LOAD_WEIGHT_MAX)) {
            char *w = json_in_path_join(base, "weight");
            diag_add(d, DIAG_ERROR, file, 0, 0, w,
                     "weights are relative within the parent: scale them, e.g. 1, 2, 0.5",
                     "weight must be from 0.000001 to 1000000, got %.17g", weight);
            free(w);
            ok = false;
        } else if (!json_object_get(v, "weight")) {
            ok = false;
        }
    }
    aggregation aggr = AGG_ARITHMETIC;
    static const char *const aggregations[] = {"arithmetic", "geometric", NULL};
    int ai;
    switch (json_in_choice(d, file, base, v, "aggregation", false, "aggregation", aggregations,
                           &ai)) {
    case 1: aggr = ai == 1 ? AGG_GEOMETRIC : AGG_ARITHMETIC; break;
    case -1: ok = false; break;
    default: break;
    }
    normalisation norm = *inherited;
    json_t *nv = json_object_get(v, "normalisation");
    if (nv && !parse_normalisation(b, base, nv, &norm)) ok = false;

    /* Reserve the slot before the children: pre-order. */
    tree *t = b->t;
    if (t->n_nodes == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 32;
        t->nodes = xrealloc(t->nodes, (size_t)b->cap * sizeof *t->nodes);
    }
    int me = t->n_nodes++;
    node *nd = &t->nodes[me];
    memset(nd, 0, sizeof *nd);
    nd->id = xstrdup(id ? id : "");
    nd->name = xstrdup(name ? name : "");
    nd->description = desc ? xstrdup(desc) : NULL;
    nd->path = xstrdup(base);
    nd->weight = weight;
    nd->aggregation = aggr;
    nd->norm = norm;
    nd->parent = parent;
    nd->depth = depth;
    nd->leaf = -1;
    nd->direction = 1;

    json_t *children = json_object_get(v, "children");
    if (children) {
        char *cw = json_in_path_join(base, "children");
        if (!json_is_array(children) || json_array_size(children) == 0) {
            buf what = BUF_INIT;
            json_in_describe(&what, children);
            diag_add(d, DIAG_ERROR, file, 0, 0, cw,
                     "give the node children, or remove \"children\" and make it an indicator "
                     "with unit, direction and source",
                     "expected a non-empty array of nodes, got %s", buf_cstr(&what));
            buf_free(&what);
            free(cw);
            return -1;
        }
        static const char *const leaf_only[] = {"unit", "direction", "source", "url", "derive",
                                                NULL};
        for (const char *const *k = leaf_only; *k; k++)
            if (json_object_get(v, *k)) {
                char *w = json_in_path_join(base, *k);
                diag_add(d, DIAG_ERROR, file, 0, 0, w,
                         "only indicators (nodes without children) have it; remove it",
                         "a node with children cannot have \"%s\"", *k);
                free(w);
                ok = false;
            }
        size_t nc = json_array_size(children);
        if (parent < 0 && nc > LOAD_TOPICS_MAX) {
            diag_add(d, DIAG_ERROR, file, 0, 0, cw,
                     "group the topic fields under fewer ones (the radar chart has 3 to 12 axes)",
                     "the level has %zu topic fields; at most %d fit the briefings", nc,
                     LOAD_TOPICS_MAX);
            free(cw);
            return -1;
        }
        int *kids = xmalloc(nc * sizeof *kids);
        int nk = 0;
        for (size_t i = 0; i < nc; i++) {
            char *kw = json_in_path_join_index(cw, i);
            int k = parse_node(b, json_array_get(children, i), kw, me, depth + 1, &norm);
            free(kw);
            if (k >= 0) kids[nk++] = k;
            else ok = false;
        }
        free(cw);
        nd = &t->nodes[me]; /* the array may have moved */
        nd->children = kids;
        nd->n_children = nk;
        return ok ? me : -1;
    }

    /* An indicator. */
    const char *unit = NULL, *source = NULL, *url = NULL;
    long long dir = 1;
    bool leaf_ok = json_in_string(d, file, base, v, "unit", true, &unit);
    /* The unit follows the number in every sentence: "238 Anzahl" is not
     * German. A count names what it counts. */
    if (unit && (strcmp(unit, "Anzahl") == 0 || strcmp(unit, "Zahl") == 0 ||
                 strcmp(unit, "Stück") == 0)) {
        char *w = json_in_path_join(base, "unit");
        diag_add(d, DIAG_WARNING, file, 0, 0, w,
                 "name what is counted, in the plural: \"Leistungen\", \"Datensätze\"",
                 "the unit \"%s\" follows every value in the briefings (\"238 %s\")", unit, unit);
        free(w);
    }
    double dirv = 1;
    if (json_in_number(d, file, base, v, "direction", true, &dirv)) {
        if (dirv != 1 && dirv != -1) {
            char *w = json_in_path_join(base, "direction");
            diag_add(d, DIAG_ERROR, file, 0, 0, w,
                     "1 when higher values are better, -1 when lower values are better",
                     "direction must be 1 or -1, got %.17g", dirv);
            free(w);
            leaf_ok = false;
        }
        dir = dirv < 0 ? -1 : 1;
    } else {
        leaf_ok = false;
    }
    leaf_ok &= json_in_string(d, file, base, v, "source", true, &source);
    if (json_in_string(d, file, base, v, "url", false, &url) && strncmp(url, "https://", 8) != 0 &&
        strncmp(url, "http://", 7) != 0) {
        char *w = json_in_path_join(base, "url");
        diag_add(d, DIAG_ERROR, file, 0, 0, w, "give a full http:// or https:// address",
                 "the url must start with http:// or https://");
        free(w);
        leaf_ok = false;
    }
    nd = &t->nodes[me];
    nd->unit = xstrdup(unit ? unit : "");
    nd->direction = (int)dir;
    nd->source = xstrdup(source ? source : "");
    nd->url = url ? xstrdup(url) : NULL;
    json_t *dv = json_object_get(v, "derive");
    if (dv) {
        char *dw = json_in_path_join(base, "derive");
        if (!json_is_object(dv)) {
            buf what = BUF_INIT;
            json_in_describe(&what, dv);
            diag_add(d, DIAG_ERROR, file, 0, 0, dw, NULL, "expected an object, got %s",
                     buf_cstr(&what));
            buf_free(&what);
            leaf_ok = false;
        } else {
            static const char *const dkeys[] = {"level", "node", "weighting", NULL};
            json_in_unknown_keys(d, file, dw, dv, dkeys);
            const char *dl = NULL, *dn = NULL;
            bool dok = json_in_string(d, file, dw, dv, "level", true, &dl);
            dok &= json_in_string(d, file, dw, dv, "node", true, &dn);
            level dlev = LEVEL_KREIS;
            if (dl && !level_parse(dl, &dlev)) {
                char *w = json_in_path_join(dw, "level");
                diag_add(d, DIAG_ERROR, file, 0, 0, w, "use \"kreis\" or \"gemeinde\"",
                         "unknown level \"%s\"", dl);
                free(w);
                dok = false;
            } else if (dl && dlev <= b->level) {
                char *w = json_in_path_join(dw, "level");
                diag_add(d, DIAG_ERROR, file, 0, 0, w,
                         "an indicator can only be derived from a lower level (land ← kreis ← "
                         "gemeinde)",
                         "level \"%s\" is not below \"%s\"", dl, level_name(b->level));
                free(w);
                dok = false;
            }
            bool pop = true;
            static const char *const weightings[] = {"population", "equal", NULL};
            int wi;
            switch (json_in_choice(d, file, dw, dv, "weighting", false, "weighting", weightings,
                                   &wi)) {
            case 1: pop = wi == 0; break;
            case -1: dok = false; break;
            default: break;
            }
            if (dok) {
                nd->derived = true;
                nd->derive_level = dlev;
                nd->derive_node = xstrdup(dn);
                nd->derive_population = pop;
            }
            leaf_ok &= dok;
        }
        free(dw);
    }
    nd->leaf = t->n_leaves++;
    return ok && leaf_ok ? me : -1;
}

static void tree_index_leaves(tree *t)
{
    t->leaves = xmalloc((size_t)(t->n_leaves ? t->n_leaves : 1) * sizeof(int));
    for (int i = 0; i < t->n_nodes; i++)
        if (t->nodes[i].leaf >= 0) t->leaves[t->nodes[i].leaf] = i;
}

static void load_model(dataset *ds, edition *ed, diag *d)
{
    const char *file = ed->model_file;
    json_t *root = json_in_load(file, d);
    if (!root) return;
    static const char *const keys[] = {"edition", "title", "previous_edition", "published",
                                       "status", "levels", "description", NULL};
    json_in_unknown_keys(d, file, "$", root, keys);
    long long year = 0, prev = 0;
    if (json_in_int(d, file, "$", root, "edition", true, 1900, 2999, &year) && year != ed->year)
        diag_add(d, DIAG_ERROR, file, 0, 0, "$.edition",
                 "the folder name and \"edition\" must agree; rename one of them",
                 "edition %lld does not match its folder %d", year, ed->year);
    const char *title = NULL, *published = NULL, *status = NULL;
    json_in_string(d, file, "$", root, "title", true, &title);
    if (json_object_get(root, "previous_edition"))
        json_in_int(d, file, "$", root, "previous_edition", true, 1900, 2999, &prev);
    if (json_in_string(d, file, "$", root, "published", true, &published)) {
        int y, m, dd;
        if (!fmt_parse_iso_date(published, &y, &m, &dd))
            diag_add(d, DIAG_ERROR, file, 0, 0, "$.published", "write the date as YYYY-MM-DD",
                     "\"%s\" is not a valid date", published);
    }
    if (json_in_string(d, file, "$", root, "status", true, &status) &&
        strcmp(status, "sample") != 0 && strcmp(status, "official") != 0)
        diag_add(d, DIAG_ERROR, file, 0, 0, "$.status",
                 "use \"sample\" for synthetic data, \"official\" for published figures",
                 "unknown status \"%s\"", status);
    ed->title = xstrdup(title ? title : "");
    ed->published = xstrdup(published ? published : "");
    ed->status = xstrdup(status ? status : "sample");
    ed->sample = !status || strcmp(status, "official") != 0;
    ed->previous_year = (int)prev;

    json_t *levels = json_object_get(root, "levels");
    if (!json_is_object(levels) || json_object_size(levels) == 0) {
        if (!levels)
            diag_add(d, DIAG_ERROR, file, 0, 0, "$", "add \"levels\": {\"land\": { … }}",
                     "missing key \"levels\"");
        else
            diag_add(d, DIAG_ERROR, file, 0, 0, "$.levels",
                     "give at least one of \"land\", \"kreis\", \"gemeinde\"",
                     "expected a non-empty object of level trees");
        json_decref(root);
        return;
    }
    const char *lkey;
    json_t *lv;
    json_object_foreach(levels, lkey, lv) {
        level l;
        char *base = json_in_path_join("$.levels", lkey);
        if (!level_parse(lkey, &l)) {
            diag_add(d, DIAG_ERROR, file, 0, 0, base, "use \"land\", \"kreis\" or \"gemeinde\"",
                     "unknown level \"%s\"", lkey);
            free(base);
            continue;
        }
        level_data *ld = &ed->levels[l];
        tree_builder b = {file, l, &ld->tree, d, 0};
        normalisation def = {NORM_MINMAX, false, 0, 0};
        int r = parse_node(&b, lv, base, -1, 0, &def);
        tree_index_leaves(&ld->tree);
        tree_index_ids(&ld->tree);
        ld->present = r == 0;
        free(base);
    }
    (void)ds;
    json_decref(root);
}

/* ---- values-<level>.json ------------------------------------------------ */

/* One values file (the level's or one part of it); seen_row[row] is the
 * 1-based number of the part that listed the row, 0 = none yet. */
static bool load_values_file(dataset *ds, edition *ed, level l, const char *file, size_t part,
                             unsigned *seen_row, diag *d)
{
    level_data *ld = &ed->levels[l];
    size_t ncols = (size_t)ld->tree.n_leaves;
    json_t *root = json_in_load(file, d);
    if (!root) return false;
    static const char *const keys[] = {"edition", "level", "values", "description", NULL};
    json_in_unknown_keys(d, file, "$", root, keys);
    long long year = 0;
    if (json_in_int(d, file, "$", root, "edition", true, 1900, 2999, &year) && year != ed->year)
        diag_add(d, DIAG_ERROR, file, 0, 0, "$.edition",
                 "the file belongs in the folder of its edition",
                 "edition %lld does not match its folder %d", year, ed->year);
    const char *lname = NULL;
    if (json_in_string(d, file, "$", root, "level", true, &lname) &&
        strcmp(lname, level_name(l)) != 0)
        diag_add(d, DIAG_ERROR, file, 0, 0, "$.level", "the file name and \"level\" must agree",
                 "level \"%s\" does not match the file name (values-%s.json)", lname,
                 level_name(l));
    json_t *values = json_object_get(root, "values");
    if (!json_is_object(values)) {
        if (!values)
            diag_add(d, DIAG_ERROR, file, 0, 0, "$",
                     "add \"values\": {\"<ags>\": {\"<indicator>\": <number or null>}}",
                     "missing key \"values\"");
        else {
            buf what = BUF_INIT;
            json_in_describe(&what, values);
            diag_add(d, DIAG_ERROR, file, 0, 0, "$.values", NULL,
                     "expected an object keyed by AGS, got %s", buf_cstr(&what));
            buf_free(&what);
        }
        json_decref(root);
        return false;
    }
    const char *ags;
    json_t *rv;
    json_object_foreach(values, ags, rv) {
        char *base = json_in_path_join("$.values", ags);
        size_t ri = dataset_find_region(ds, ags);
        if (!all_digits(ags) || strlen(ags) != level_ags_len(l)) {
            diag_add(d, DIAG_ERROR, file, 0, 0, base,
                     "a Land has 2 digits, a Kreis 5, a Gemeinde 8, with leading zeros",
                     "AGS \"%s\" is not a %zu-digit AGS as level \"%s\" needs", ags,
                     level_ags_len(l), level_name(l));
            free(base);
            continue;
        }
        if (ri == SIZE_MAX || ds->regions[ri].level != l) {
            /* After an error in regions.json this follows from it: say it once there. */
            if (ds->regions_complete)
                diag_add(d, DIAG_ERROR, file, 0, 0, base,
                     "add the region to regions.json or correct the AGS",
                     "AGS \"%s\" is not in regions.json", ags);
            free(base);
            continue;
        }
        size_t row = ds->regions[ri].row;
        if (seen_row[row] && seen_row[row] != part) {
            diag_add(d, DIAG_ERROR, file, 0, 0, base, "list each region in one part only",
                     "AGS \"%s\" is also listed in %s", ags, ld->values_parts[seen_row[row] - 1]);
            free(base);
            continue;
        }
        seen_row[row] = (unsigned)part;
        if (!json_is_object(rv)) {
            buf what = BUF_INIT;
            json_in_describe(&what, rv);
            diag_add(d, DIAG_ERROR, file, 0, 0, base, NULL,
                     "expected an object of indicator values, got %s", buf_cstr(&what));
            buf_free(&what);
            free(base);
            continue;
        }
        bool *seen_col = xcalloc(ncols ? ncols : 1, sizeof(bool));
        const char *iid;
        json_t *x;
        json_object_foreach(rv, iid, x) {
            char *where = json_in_path_join(base, iid);
            int ni = tree_find(&ld->tree, iid);
            if (ni < 0 || ld->tree.nodes[ni].leaf < 0) {
                diag_add(d, DIAG_ERROR, file, 0, 0, where,
                         ni < 0 ? "check the spelling against the indicator ids in model.json"
                                : "values belong to indicators (nodes without children)",
                         ni < 0 ? "unknown indicator id \"%s\""
                                : "\"%s\" is not an indicator but an aggregate",
                         iid);
                free(where);
                continue;
            }
            const node *nd = &ld->tree.nodes[ni];
            seen_col[nd->leaf] = true;
            if (nd->derived) {
                diag_add(d, DIAG_ERROR, file, 0, 0, where,
                         "remove the value: it is computed from the lower level",
                         "indicator \"%s\" is derived from level \"%s\" and takes no value",
                         iid, level_name(nd->derive_level));
            } else if (json_is_number(x)) {
                double val = json_number_value(x);
                if (!isfinite(val))
                    diag_add(d, DIAG_ERROR, file, 0, 0, where, NULL, "the number is not finite");
                else if (fabs(val) > LOAD_VALUE_MAX)
                    diag_add(d, DIAG_ERROR, file, 0, 0, where,
                             "give the indicator in a larger unit (e.g. Mio. € instead of €)",
                             "the value %.17g is beyond ±1e15", val);
                else
                    ld->raw[row * ncols + (size_t)nd->leaf] = val;
            } else if (!json_is_null(x)) {
                buf what = BUF_INIT;
                json_in_describe(&what, x);
                const char *hint = "write a number (95.3) or null for a missing value";
                if (json_is_string(x) && strchr(json_string_value(x), ','))
                    hint = "write numbers without quotes and with a decimal point: 95.3";
                diag_add(d, DIAG_ERROR, file, 0, 0, where, hint,
                         "expected a number or null, got %s", buf_cstr(&what));
                buf_free(&what);
            }
            free(where);
        }
        buf missing = BUF_INIT;
        size_t nmiss = 0;
        for (size_t c = 0; c < ncols; c++) {
            const node *nd = &ld->tree.nodes[ld->tree.leaves[c]];
            if (seen_col[c] || nd->derived) continue;
            if (nmiss++ < 8) buf_printf(&missing, "%s%s", nmiss > 1 ? ", " : "", nd->id);
        }
        if (nmiss > 8) buf_printf(&missing, " and %zu more", nmiss - 8);
        if (nmiss)
            diag_add(d, DIAG_WARNING, file, 0, 0, base,
                     "write null to mark a value as missing on purpose",
                     "%s (%s) lists no value for %s; treated as missing", ags,
                     ds->regions[ri].name, buf_cstr(&missing));
        buf_free(&missing);
        free(seen_col);
        free(base);
    }
    json_decref(root);
    return true;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* values-<level>.json, or when it is absent its parts values-<level>-*.json
 * (the bundled Gemeinden: one part per Land, so no file grows large). */
static void load_values(dataset *ds, edition *ed, level l, diag *d)
{
    level_data *ld = &ed->levels[l];
    size_t nrows = ds->n_level_regions[l];
    size_t ncols = (size_t)ld->tree.n_leaves;
    size_t cells = nrows * ncols;
    ld->raw = xmalloc((cells ? cells : 1) * sizeof(double));
    for (size_t i = 0; i < cells; i++) ld->raw[i] = NAN;
    unsigned *seen_row = xcalloc(nrows ? nrows : 1, sizeof *seen_row);
    if (!file_exists(ld->values_file)) {
        char *prefix = xasprintf("values-%s-", level_name(l));
        ld->values_parts = list_parts(ed->dir, prefix, &ld->n_values_parts);
        free(prefix);
    }
    /* Whether every file could be read: only then is a region missing from
     * them worth a warning. */
    bool all_read = true;
    if (ld->n_values_parts == 0) {
        all_read = load_values_file(ds, ed, l, ld->values_file, 1, seen_row, d);
    } else {
        for (size_t i = 0; i < ld->n_values_parts; i++)
            all_read &= load_values_file(ds, ed, l, ld->values_parts[i], i + 1, seen_row, d);
    }
    const char *file = ld->n_values_parts ? ld->values_parts[0] : ld->values_file;
    for (size_t r = 0; all_read && r < nrows; r++) {
        if (seen_row[r]) continue;
        const region *rg = &ds->regions[ds->level_regions[l][r]];
        diag_add(d, DIAG_WARNING, file, 0, 0, "$.values",
                 "add the region with its values, or null for each missing value",
                 "region %s (%s) is not listed; all its values are missing", rg->ags, rg->name);
    }
    free(seen_row);
}

/* ---- editions ----------------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

dataset *dataset_load(const char *dir, unsigned flags, diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_usage(d, dir, "pass the data folder with --data DIR",
                   "cannot open the data folder: %s", strerror(errno));
        return NULL;
    }
    int *years = NULL;
    size_t ny = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        const char *n = de->d_name;
        if (strlen(n) == 4 && all_digits(n)) {
            char *p = xasprintf("%s/%s", dir, n);
            if (is_dir(p) && (atoi(n) < 1900 || atoi(n) > 2999)) {
                /* "0999" would be read as 999 and reported as .../999/. */
                diag_add(d, DIAG_ERROR, p, 0, 0, NULL,
                         "edition folders are named by their year, 1900 to 2999; rename or "
                         "remove it",
                         "the folder name is not an edition year");
            } else if (is_dir(p)) {
                years = xrealloc(years, (ny + 1) * sizeof *years);
                years[ny++] = atoi(n);
            }
            free(p);
        }
    }
    closedir(dh);
    if (ny > 1) qsort(years, ny, sizeof *years, cmp_int);

    dataset *ds = xcalloc(1, sizeof *ds);
    ds->dir = xstrdup(dir);
    ds->regions_file = xasprintf("%s/regions.json", dir);
    load_regions(ds, d);
    if (ny == 0)
        diag_add(d, DIAG_ERROR, dir, 0, 0, NULL,
                 "each edition lives in a folder named by its year, e.g. 2025/model.json",
                 "no edition folder found");
    ds->editions = xcalloc(ny ? ny : 1, sizeof *ds->editions);
    ds->n_editions = ny;
    for (size_t i = 0; i < ny; i++) {
        edition *ed = &ds->editions[i];
        ed->year = years[i];
        ed->dir = xasprintf("%s/%d", dir, years[i]);
        ed->model_file = xasprintf("%s/model.json", ed->dir);
        load_model(ds, ed, d);
        for (int l = 0; l < LEVEL_COUNT; l++) {
            level_data *ld = &ed->levels[l];
            ld->values_file = xasprintf("%s/values-%s.json", ed->dir, level_name((level)l));
            if (ld->present && !(flags & LOAD_SKIP_VALUES)) load_values(ds, ed, (level)l, d);
        }
    }
    free(years);
    return ds;
}

int dataset_open_writer(const char *dir, bool validate, dataset **ds, int *lock, diag *d)
{
    *ds = NULL;
    *lock = file_lock_dir(dir, d);
    if (*lock < 0) return 2;
    diag ld = DIAG_INIT;
    *ds = dataset_load(dir, LOAD_SKIP_VALUES, &ld);
    if (!*ds) {
        diag_move(d, &ld);
        file_unlock(*lock);
        *lock = -1;
        return 2;
    }
    if (validate && !ld.errors) dataset_validate(*ds, &ld);
    int rc = ld.errors ? 1 : 0;
    /* Only errors matter here; warnings are `digindex check`'s business. */
    if (rc) diag_move_errors(d, &ld);
    diag_free(&ld);
    return rc;
}
