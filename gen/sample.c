/* sample: seeded synthetic values (see sample.h). */
#include "sample.h"

#include "json_in.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct indicator_spec {
    char *id;
    double mean, sd, min, max, factor, urban, trend;
    int decimals;
} indicator_spec;

typedef struct real_value {
    int edition;
    level level;
    char *ags;
    char *indicator;
    double value;
} real_value;

struct sample_spec {
    uint64_t seed;
    indicator_spec *ind[LEVEL_COUNT];
    size_t n_ind[LEVEL_COUNT];
    real_value *real;
    size_t n_real;
};

/* ---- deterministic randomness ------------------------------------------ */

static uint64_t splitmix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    /* FNV-1a over the bytes, then mixed; a 0xFF separator keeps ("ab","c")
     * and ("a","bc") apart. */
    uint64_t f = 0xCBF29CE484222325ULL ^ h;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        f ^= *p;
        f *= 0x100000001B3ULL;
    }
    f ^= 0xFF;
    f *= 0x100000001B3ULL;
    return splitmix(f);
}

uint64_t sample_hash(uint64_t seed, const char *a, const char *b, const char *c)
{
    uint64_t h = splitmix(seed);
    h = hash_str(h, a ? a : "");
    h = hash_str(h, b ? b : "");
    h = hash_str(h, c ? c : "");
    return h;
}

double sample_uniform(uint64_t h)
{
    /* 53 random bits, shifted into (0, 1). */
    return ((double)(h >> 11) + 0.5) / 9007199254740992.0;
}

double sample_normal(uint64_t h)
{
    double u1 = sample_uniform(h);
    double u2 = sample_uniform(splitmix(h ^ 0x5DEECE66DULL));
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ---- the parameter file ------------------------------------------------- */

void sample_spec_free(sample_spec *spec)
{
    if (!spec) return;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        for (size_t i = 0; i < spec->n_ind[l]; i++) free(spec->ind[l][i].id);
        free(spec->ind[l]);
    }
    for (size_t i = 0; i < spec->n_real; i++) {
        free(spec->real[i].ags);
        free(spec->real[i].indicator);
    }
    free(spec->real);
    free(spec);
}

sample_spec *sample_spec_load(const char *path, diag *d)
{
    json_t *root = json_in_load(path, d);
    if (!root) return NULL;
    size_t errors = d->errors;
    sample_spec *spec = xcalloc(1, sizeof *spec);
    long long seed = 0;
    json_in_int(d, path, "$", root, "seed", true, 0, 9007199254740991LL, &seed);
    spec->seed = (uint64_t)seed;
    json_t *inds = json_object_get(root, "indicators");
    const char *lkey;
    json_t *lv;
    json_object_foreach(inds, lkey, lv) {
        level l;
        if (!level_parse(lkey, &l)) {
            diag_add(d, DIAG_ERROR, path, 0, 0, "$.indicators", NULL, "unknown level \"%s\"", lkey);
            continue;
        }
        char *lbase = json_in_path_join("$.indicators", lkey);
        const char *id;
        json_t *p;
        json_object_foreach(lv, id, p) {
            char *base = json_in_path_join(lbase, id);
            indicator_spec s = {0};
            long long dec = 1;
            bool ok = json_in_number(d, path, base, p, "mean", true, &s.mean);
            ok &= json_in_number(d, path, base, p, "sd", true, &s.sd);
            ok &= json_in_number(d, path, base, p, "min", true, &s.min);
            ok &= json_in_number(d, path, base, p, "max", true, &s.max);
            ok &= json_in_int(d, path, base, p, "decimals", true, 0, 6, &dec);
            ok &= json_in_number(d, path, base, p, "factor", true, &s.factor);
            ok &= json_in_number(d, path, base, p, "urban", true, &s.urban);
            ok &= json_in_number(d, path, base, p, "trend", true, &s.trend);
            free(base);
            if (!ok) continue;
            s.decimals = (int)dec;
            s.id = xstrdup(id);
            spec->ind[l] = xrealloc(spec->ind[l], (spec->n_ind[l] + 1) * sizeof(indicator_spec));
            spec->ind[l][spec->n_ind[l]++] = s;
        }
        free(lbase);
    }
    json_t *real = json_object_get(root, "real");
    for (size_t i = 0; i < json_array_size(real); i++) {
        json_t *r = json_array_get(real, i);
        char *base = json_in_path_join_index("$.real", i);
        long long ed = 0;
        const char *lname = NULL, *ags = NULL, *ind = NULL;
        double v = 0;
        bool ok = json_in_int(d, path, base, r, "edition", true, 1900, 2999, &ed);
        ok &= json_in_string(d, path, base, r, "level", true, &lname);
        ok &= json_in_string(d, path, base, r, "ags", true, &ags);
        ok &= json_in_string(d, path, base, r, "indicator", true, &ind);
        ok &= json_in_number(d, path, base, r, "value", true, &v);
        level l = LEVEL_LAND;
        if (ok && !level_parse(lname, &l)) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base, NULL, "unknown level \"%s\"", lname);
            ok = false;
        }
        free(base);
        if (!ok) continue;
        spec->real = xrealloc(spec->real, (spec->n_real + 1) * sizeof *spec->real);
        spec->real[spec->n_real++] = (real_value){(int)ed, l, xstrdup(ags), xstrdup(ind), v};
    }
    json_decref(root);
    if (d->errors > errors) {
        sample_spec_free(spec);
        return NULL;
    }
    return spec;
}

static const indicator_spec *find_spec(const sample_spec *spec, level l, const char *id)
{
    for (size_t i = 0; i < spec->n_ind[l]; i++)
        if (strcmp(spec->ind[l][i].id, id) == 0) return &spec->ind[l][i];
    return NULL;
}

static const real_value *find_real(const sample_spec *spec, int year, level l, const char *ags,
                                   const char *id)
{
    for (size_t i = 0; i < spec->n_real; i++) {
        const real_value *r = &spec->real[i];
        if (r->edition == year && r->level == l && strcmp(r->ags, ags) == 0 &&
            strcmp(r->indicator, id) == 0)
            return r;
    }
    return NULL;
}

/* ---- region traits ------------------------------------------------------ */

/* Latent digital strength: persistent over editions; a Kreis inherits part of
 * its Land's, a Gemeinde part of its Kreis's, so levels correlate. */
static double strength(const sample_spec *spec, const dataset *ds, const region *rg)
{
    double own = sample_normal(sample_hash(spec->seed, "strength", rg->ags, NULL));
    if (rg->level == LEVEL_LAND) return own;
    size_t parent = rg->level == LEVEL_GEMEINDE && rg->kreis != SIZE_MAX ? rg->kreis : rg->land;
    if (parent == SIZE_MAX) return own;
    return 0.6 * strength(spec, ds, &ds->regions[parent]) + 0.8 * own;
}

/* Urbanity: standardised log population density within the level, clamped.
 * Regions without area or population count as average. */
static double urbanity(const dataset *ds, const region *rg, double mean_log, double sd_log)
{
    if (isnan(rg->population) || isnan(rg->area_km2) || rg->population <= 0 || sd_log <= 0)
        return 0;
    double z = (log(rg->population / rg->area_km2) - mean_log) / sd_log;
    (void)ds;
    return z > 2.5 ? 2.5 : z < -2.5 ? -2.5 : z;
}

static void density_stats(const dataset *ds, level lv, double *mean, double *sd)
{
    double s = 0, ss = 0;
    size_t n = 0;
    for (size_t r = 0; r < ds->n_level_regions[lv]; r++) {
        const region *rg = &ds->regions[ds->level_regions[lv][r]];
        if (isnan(rg->population) || isnan(rg->area_km2) || rg->population <= 0) continue;
        double x = log(rg->population / rg->area_km2);
        s += x;
        ss += x * x;
        n++;
    }
    *mean = n ? s / (double)n : 0;
    *sd = n > 1 ? sqrt(fmax(0, (ss - s * s / (double)n) / (double)(n - 1))) : 0;
}

bool sample_write_values(buf *out, const sample_spec *spec, const dataset *ds, const edition *ed,
                         level lv, diag *d)
{
    const tree *t = &ed->levels[lv].tree;
    for (int li = 0; li < t->n_leaves; li++) {
        const node *n = &t->nodes[t->leaves[li]];
        if (!n->derived && !find_spec(spec, lv, n->id)) {
            diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, n->path,
                     "add its parameters to the sample spec under \"indicators\"",
                     "indicator %s (level %s) has no sample parameters", n->id, level_name(lv));
            return false;
        }
    }
    double mean_log, sd_log;
    density_stats(ds, lv, &mean_log, &sd_log);
    char year[16];
    snprintf(year, sizeof year, "%d", ed->year);
    buf_printf(out, "{\"edition\":%d,\"level\":\"%s\",\"values\":{\n", ed->year, level_name(lv));
    size_t nrows = ds->n_level_regions[lv];
    for (size_t r = 0; r < nrows; r++) {
        const region *rg = &ds->regions[ds->level_regions[lv][r]];
        double z = strength(spec, ds, rg);
        double u = urbanity(ds, rg, mean_log, sd_log);
        buf_printf(out, "\"%s\":{", rg->ags);
        bool first = true;
        for (int li = 0; li < t->n_leaves; li++) {
            const node *n = &t->nodes[t->leaves[li]];
            if (n->derived) continue;
            const indicator_spec *s = find_spec(spec, lv, n->id);
            const real_value *rv = find_real(spec, ed->year, lv, rg->ags, n->id);
            double v;
            if (rv) {
                v = rv->value;
            } else {
                double eps = sample_normal(sample_hash(spec->seed, year, rg->ags, n->id));
                double load = s->factor * (n->direction < 0 ? -1.0 : 1.0);
                double noise = sqrt(fmax(0.05, 1.0 - s->factor * s->factor - s->urban * s->urban));
                /* trend = change of the mean from 2023 to 2025 (two years). */
                double mean = s->mean + s->trend * (double)(ed->year - 2025) / 2.0;
                v = mean + s->sd * (load * z + s->urban * u + noise * eps);
                if (v < s->min) v = s->min;
                if (v > s->max) v = s->max;
                double scale = pow(10.0, s->decimals);
                v = round(v * scale) / scale;
                if (v == 0) v = 0; /* no "-0.0" */
            }
            buf_printf(out, "%s\"%s\":%.*f", first ? "" : ",", n->id, s->decimals, v);
            first = false;
        }
        buf_puts(out, r + 1 < nrows ? "},\n" : "}\n");
    }
    buf_puts(out, "}}\n");
    return true;
}
