/* sample: seeded synthetic values (see sample.h). */
#include "sample.h"

#include "fileio.h"
#include "json_in.h"
#include "load.h"
#include "publish.h"
#include "scores_out.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
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
    return sample_write_values_within(out, spec, ds, ed, lv, NULL, d);
}

bool sample_write_values_within(buf *out, const sample_spec *spec, const dataset *ds,
                                const edition *ed, level lv, const char *prefix, diag *d)
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
    size_t nrows = ds->n_level_regions[lv], plen = prefix ? strlen(prefix) : 0;
    bool first_row = true;
    for (size_t r = 0; r < nrows; r++) {
        const region *rg = &ds->regions[ds->level_regions[lv][r]];
        if (plen && strncmp(rg->ags, prefix, plen) != 0) continue;
        if (!first_row) buf_puts(out, ",\n");
        first_row = false;
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
        buf_putc(out, '}');
    }
    buf_puts(out, first_row ? "}}\n" : "\n}}\n");
    return true;
}

/* ---- a synthetic Gemeinde level ------------------------------------------ */

static bool make_dirs_for_sample(const char *dir, diag *d)
{
    if (make_dirs(dir)) return true;
    int e = errno;
    diag_system(d, dir, file_errno_hint(e), "cannot create the folder: %s", strerror(e));
    return false;
}

/* True when `dir` is a folder with nothing in it. */
static bool dir_is_empty(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh) return false;
    struct dirent *de;
    bool empty = true;
    while (empty && (de = readdir(dh)))
        empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
    closedir(dh);
    return empty;
}

bool sample_check_out_dir(const char *data_dir, const char *out_dir, diag *d)
{
    char *a = realpath(data_dir, NULL), *b = realpath(out_dir, NULL);
    bool same = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    if (same) {
        diag_usage(d, out_dir, "give a new or empty folder with --out",
                   "--out is the data folder: the synthetic dataset would overwrite its input");
        return false;
    }
    if (b && !dir_is_empty(out_dir)) {
        diag_usage(d, out_dir, "give a new or empty folder with --out",
                   "--out is not empty; refusing to write into it");
        return false;
    }
    return true;
}

/* The 30 indicators of the synthetic Gemeinde model: 5 topic fields × 2
 * aspects × 3 indicators, with generator parameters. Plausible, not real. */
typedef struct gemeinde_indicator {
    const char *id, *name, *unit;
    int direction;
    double mean, sd, min, max, factor, urban, trend;
} gemeinde_indicator;

static const struct {
    const char *id, *name;
    double weight;
} gemeinde_topics[5] = {{"G_INF", "Infrastruktur", 25},
                        {"G_VER", "Digitale Verwaltung", 25},
                        {"G_LEB", "Digitales Leben", 20},
                        {"G_WIR", "Wirtschaft", 15},
                        {"G_MOB", "Mobilität & Energie", 15}};
static const char *const gemeinde_aspects[10][2] = {
    {"G_INF_BB", "Breitband"},         {"G_INF_MF", "Mobilfunk"},
    {"G_VER_ONL", "Online-Dienste"},   {"G_VER_WEB", "Webauftritt"},
    {"G_LEB_NET", "Vernetzter Alltag"}, {"G_LEB_BIL", "Digitale Bildung"},
    {"G_WIR_GEW", "Gewerbe"},          {"G_WIR_GRU", "Gründungen"},
    {"G_MOB_MOB", "Mobilität"},        {"G_MOB_ENE", "Energie"}};
static const gemeinde_indicator gemeinde_indicators[30] = {
    {"G01", "Gigabit-fähige Anschlüsse", "% der Haushalte", 1, 70, 22, 0, 100, 0.6, 0.6, 10},
    {"G02", "Glasfaseranschlüsse (FTTB/H)", "% der Haushalte", 1, 35, 20, 0, 100, 0.5, 0.3, 12},
    {"G03", "Schulen mit Gigabit", "% der Schulen", 1, 60, 25, 0, 100, 0.5, 0.3, 12},
    {"G04", "4G-Flächenabdeckung", "% der Fläche", 1, 96, 4, 50, 100, 0.3, 0.4, 1},
    {"G05", "5G-Flächenabdeckung", "% der Fläche", 1, 85, 12, 0, 100, 0.4, 0.5, 8},
    {"G06", "Funklöcher", "% der Fläche", -1, 3, 2.5, 0, 40, 0.3, -0.4, -0.8},
    {"G07", "OZG-Leistungen online", "Leistungen", 1, 120, 45, 0, 575, 0.6, 0.4, 40},
    {"G08", "Online-Terminvergabe", "% der Leistungen", 1, 45, 25, 0, 100, 0.5, 0.4, 10},
    {"G09", "E-Payment", "% der Leistungen", 1, 40, 25, 0, 100, 0.5, 0.3, 10},
    {"G10", "Barrierefreiheit der Website", "Punkte", 1, 62, 15, 0, 100, 0.4, 0.2, 3},
    {"G11", "Mobile Nutzbarkeit der Website", "Punkte", 1, 70, 15, 0, 100, 0.4, 0.2, 4},
    {"G12", "Ladezeit der Website", "Sekunden", -1, 2.8, 1.1, 0.3, 15, 0.3, -0.2, -0.3},
    {"G13", "Öffentliche WLAN-Hotspots", "je 10.000 Einwohner", 1, 6, 4, 0, 60, 0.4, 0.5, 1.5},
    {"G14", "Bibliotheken mit Onlineausleihe", "% der Bibliotheken", 1, 65, 25, 0, 100, 0.4, 0.3, 6},
    {"G15", "Digitale Bürgerbeteiligung", "Verfahren je Jahr", 1, 2, 2, 0, 30, 0.4, 0.4, 0.6},
    {"G16", "Schulen mit flächendeckendem WLAN", "% der Schulen", 1, 70, 20, 0, 100, 0.5, 0.3, 10},
    {"G17", "Tablets je 100 Schülerinnen und Schüler", "Tablets je 100 Schüler", 1, 35, 15, 0, 120, 0.4, 0.2, 8},
    {"G18", "Digitalkurse der Volkshochschule", "je 10.000 Einwohner", 1, 4, 3, 0, 40, 0.4, 0.3, 1},
    {"G19", "Gewerbegebiete mit Gigabit", "% der Gewerbegebiete", 1, 65, 22, 0, 100, 0.6, 0.5, 10},
    {"G20", "ITK-Betriebe", "je 1.000 Betriebe", 1, 25, 12, 0, 150, 0.5, 0.6, 2},
    {"G21", "Coworking-Plätze", "je 10.000 Einwohner", 1, 3, 3, 0, 50, 0.4, 0.6, 1},
    {"G22", "Gründungen", "je 10.000 Einwohner", 1, 40, 12, 0, 150, 0.4, 0.5, 2},
    {"G23", "Digitale Gewerbeanmeldung", "% der Anmeldungen", 1, 45, 25, 0, 100, 0.5, 0.3, 12},
    {"G24", "Abgerufene Breitbandförderung", "Euro je Einwohner", 1, 120, 70, 0, 900, 0.2, -0.4, 30},
    {"G25", "Öffentliche Ladepunkte", "je 10.000 Einwohner", 1, 12, 7, 0, 120, 0.4, 0.4, 5},
    {"G26", "Carsharing-Stellplätze", "je 10.000 Einwohner", 1, 2, 2.5, 0, 40, 0.3, 0.7, 0.6},
    {"G27", "ÖPNV-Echtzeitdaten", "% der Haltestellen", 1, 55, 28, 0, 100, 0.4, 0.6, 10},
    {"G28", "Intelligente Messsysteme", "% der Zählpunkte", 1, 4, 3, 0, 60, 0.3, 0.2, 2},
    {"G29", "Vernetzte Straßenbeleuchtung", "% der Leuchten", 1, 15, 12, 0, 100, 0.4, 0.2, 5},
    {"G30", "Kommunales Energiemonitoring", "% der Liegenschaften", 1, 35, 25, 0, 100, 0.5, 0.2, 8}};

static json_t *gemeinde_model_json(void)
{
    json_t *root = json_object();
    json_object_set_new(root, "id", json_string("GI"));
    json_object_set_new(root, "name", json_string("Gemeindeindex Digitalisierung"));
    json_object_set_new(root, "aggregation", json_string("arithmetic"));
    json_t *norm = json_object();
    json_object_set_new(norm, "method", json_string("minmax"));
    json_object_set_new(root, "normalisation", norm);
    json_t *topics = json_array();
    for (int t = 0; t < 5; t++) {
        json_t *tn = json_object();
        json_object_set_new(tn, "id", json_string(gemeinde_topics[t].id));
        json_object_set_new(tn, "name", json_string(gemeinde_topics[t].name));
        json_object_set_new(tn, "weight", json_real(gemeinde_topics[t].weight));
        json_t *aspects = json_array();
        for (int a = 0; a < 2; a++) {
            json_t *an = json_object();
            json_object_set_new(an, "id", json_string(gemeinde_aspects[2 * t + a][0]));
            json_object_set_new(an, "name", json_string(gemeinde_aspects[2 * t + a][1]));
            json_object_set_new(an, "weight", json_real(1));
            json_t *leaves = json_array();
            for (int i = 0; i < 3; i++) {
                const gemeinde_indicator *g = &gemeinde_indicators[6 * t + 3 * a + i];
                json_t *ln = json_object();
                json_object_set_new(ln, "id", json_string(g->id));
                json_object_set_new(ln, "name", json_string(g->name));
                json_object_set_new(ln, "weight", json_real(1));
                json_object_set_new(ln, "unit", json_string(g->unit));
                json_object_set_new(ln, "direction", json_integer(g->direction));
                json_object_set_new(ln, "source",
                                    json_string("synthetisch (digindex sample --gemeinden)"));
                json_array_append_new(leaves, ln);
            }
            json_object_set_new(an, "children", leaves);
            json_array_append_new(aspects, an);
        }
        json_object_set_new(tn, "children", aspects);
        json_array_append_new(topics, tn);
    }
    json_object_set_new(root, "children", topics);
    return root;
}

/* Plausible German place names from a few syllables, picked by hash. */
static void place_name(buf *out, uint64_t h)
{
    static const char *const pre[] = {"", "", "", "Ober", "Unter", "Neu", "Alt", "Groß", "Klein",
                                      "Hohen", "Nieder", "Bad "};
    static const char *const root[] = {"Linden", "Eichen", "Buchen", "Wald", "Berg", "Tann",
                                       "Rosen", "Mühl", "Kirch", "Stein", "Wiesen", "Birken",
                                       "Hasel", "Erlen", "Weiden", "Sonnen", "Heide", "Moos"};
    static const char *const suf[] = {"bach", "dorf", "feld", "hausen", "heim", "ingen", "stadt",
                                      "berg", "au", "furt", "brück", "hofen", "rode", "tal"};
    const char *p = pre[h % (sizeof pre / sizeof pre[0])];
    const char *r = root[(h >> 8) % (sizeof root / sizeof root[0])];
    const char *s = suf[(h >> 16) % (sizeof suf / sizeof suf[0])];
    buf_puts(out, p);
    /* After a prefix the root is written in lower case: "Oberlindenbach". */
    if (*p && p[strlen(p) - 1] != ' ') {
        buf_putc(out, (char)(r[0] - 'A' + 'a'));
        buf_puts(out, r + 1);
    } else {
        buf_puts(out, r);
    }
    buf_puts(out, s);
}

bool sample_write_gemeinden(const sample_spec *spec_in, const dataset *ds, size_t n_gemeinden,
                            const char *out_dir, diag *d)
{
    size_t nk = ds->n_level_regions[LEVEL_KREIS];
    if (nk == 0) {
        diag_add(d, DIAG_ERROR, ds->regions_file, 0, 0, NULL, NULL,
                 "the data have no Kreise to place Gemeinden in");
        return false;
    }
    /* Gemeinden per Kreis: a kreisfreie Stadt is one Gemeinde; Landkreise
     * share the rest by population (largest remainder), at least one each. */
    size_t *count = xcalloc(nk, sizeof *count);
    double pop_lk = 0;
    size_t n_lk = 0;
    for (size_t k = 0; k < nk; k++) {
        const region *rg = &ds->regions[ds->level_regions[LEVEL_KREIS][k]];
        bool city = rg->kind && strcmp(rg->kind, "kreisfreie Stadt") == 0;
        count[k] = 1;
        if (!city) {
            pop_lk += isnan(rg->population) ? 0 : rg->population;
            n_lk++;
        }
    }
    size_t rest = n_gemeinden > nk ? n_gemeinden - nk : 0;
    double *frac = xcalloc(nk, sizeof *frac);
    size_t given = 0;
    for (size_t k = 0; k < nk && pop_lk > 0; k++) {
        const region *rg = &ds->regions[ds->level_regions[LEVEL_KREIS][k]];
        if (rg->kind && strcmp(rg->kind, "kreisfreie Stadt") == 0) continue;
        double share = (double)rest * (isnan(rg->population) ? 0 : rg->population) / pop_lk;
        size_t whole = (size_t)floor(share);
        if (count[k] + whole > 999) whole = 999 - count[k];
        count[k] += whole;
        given += whole;
        frac[k] = share - floor(share);
    }
    while (given < rest && n_lk > 0) { /* largest remainders first, ties by AGS order */
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < nk; k++)
            if (frac[k] > 0 && count[k] < 999 && (best == SIZE_MAX || frac[k] > frac[best])) best = k;
        if (best == SIZE_MAX) break;
        count[best]++;
        frac[best] = 0;
        given++;
    }
    free(frac);

    if (!make_dirs_for_sample(out_dir, d)) {
        free(count);
        return false;
    }
    int lock = file_lock_dir(out_dir, d);
    bool ok = lock >= 0 && sample_check_out_dir(ds->dir, out_dir, d);
    /* regions.json: every region of ds, each Kreis followed by its Gemeinden. */
    buf regions = BUF_INIT;
    buf_puts(&regions, "{\"regions\":[\n");
    for (size_t i = 0; ok && i < ds->n_regions; i++) {
        const region *rg = &ds->regions[i];
        if (rg->level == LEVEL_GEMEINDE) continue;
        buf_printf(&regions, "%s{\"ags\":\"%s\",\"name\":", i ? ",\n" : "", rg->ags);
        json_write_string(&regions, rg->name);
        buf_printf(&regions, ",\"level\":\"%s\"", level_name(rg->level));
        if (rg->level == LEVEL_LAND)
            buf_printf(&regions, ",\"group\":\"%s\"",
                       rg->group == GROUP_STADTSTAAT ? "stadtstaat" : "flaechenland");
        if (rg->kind) {
            buf_puts(&regions, ",\"kind\":");
            json_write_string(&regions, rg->kind);
        }
        if (!isnan(rg->population)) buf_printf(&regions, ",\"population\":%.0f", rg->population);
        if (!isnan(rg->area_km2)) buf_printf(&regions, ",\"area_km2\":%.2f", rg->area_km2);
        buf_putc(&regions, '}');
        if (rg->level != LEVEL_KREIS) continue;
        size_t k = rg->row;
        bool city = rg->kind && strcmp(rg->kind, "kreisfreie Stadt") == 0;
        double total = isnan(rg->population) ? 10000 : rg->population;
        double area = isnan(rg->area_km2) ? 100 : rg->area_km2;
        /* Population shares: log-normal weights, normalised. */
        double *w = xcalloc(count[k], sizeof *w);
        double wsum = 0;
        for (size_t g = 0; g < count[k]; g++) {
            char num[24];
            snprintf(num, sizeof num, "%zu", g);
            w[g] = exp(1.1 * sample_normal(sample_hash(spec_in->seed, "gemeinde-pop", rg->ags, num)));
            wsum += w[g];
        }
        for (size_t g = 0; g < count[k]; g++) {
            char ags[32], num[24];
            snprintf(ags, sizeof ags, "%s%03zu", rg->ags, city ? (size_t)0 : g + 1);
            snprintf(num, sizeof num, "%zu", g);
            buf name = BUF_INIT;
            if (city)
                buf_puts(&name, rg->name);
            else
                place_name(&name, sample_hash(spec_in->seed, "gemeinde-name", rg->ags, num));
            buf_printf(&regions, ",\n{\"ags\":\"%s\",\"name\":", ags);
            json_write_string(&regions, buf_cstr(&name));
            buf_printf(&regions,
                       ",\"level\":\"gemeinde\",\"kind\":\"%s\",\"population\":%.0f,"
                       "\"area_km2\":%.2f}",
                       city ? "kreisfreie Stadt" : "Gemeinde", fmax(1, round(total * w[g] / wsum)),
                       fmax(0.01, area / (double)count[k]));
            buf_free(&name);
        }
        free(w);
    }
    buf_puts(&regions, "\n]}\n");
    free(count);
    char *path = xasprintf("%s/regions.json", out_dir);
    ok = ok && file_write_atomic(path, regions.data, regions.len, d);
    free(path);
    buf_free(&regions);

    /* Models: each edition's model plus the Gemeinde level. */
    for (size_t e = 0; ok && e < ds->n_editions; e++) {
        const edition *ed = &ds->editions[e];
        json_error_t jerr;
        json_t *model = json_load_file(ed->model_file, JSON_DECODE_INT_AS_REAL, &jerr);
        if (!model) {
            diag_add(d, DIAG_ERROR, ed->model_file, jerr.line, jerr.column, NULL, NULL, "%s",
                     jerr.text);
            ok = false;
            break;
        }
        json_object_set_new(json_object_get(model, "levels"), "gemeinde", gemeinde_model_json());
        char *dir = xasprintf("%s/%d", out_dir, ed->year);
        char *mpath = xasprintf("%s/model.json", dir);
        ok = make_dirs_for_sample(dir, d);
        char *text = json_dumps(model, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
        ok = ok && text && file_write_atomic(mpath, text, strlen(text), d);
        free(text);
        free(mpath);
        free(dir);
        json_decref(model);
    }
    if (!ok) {
        file_unlock(lock);
        return false;
    }

    /* Values: load the new folder's regions and models and generate. */
    dataset *out = dataset_load(out_dir, LOAD_SKIP_VALUES, d);
    if (!out || d->errors) {
        dataset_free(out);
        file_unlock(lock);
        return false;
    }
    sample_spec spec = *spec_in;
    indicator_spec *gi = xcalloc(30, sizeof *gi);
    for (int i = 0; i < 30; i++) {
        const gemeinde_indicator *g = &gemeinde_indicators[i];
        gi[i] = (indicator_spec){(char *)g->id, g->mean, g->sd, g->min, g->max,
                                 g->factor, g->urban, g->trend, 1};
    }
    spec.ind[LEVEL_GEMEINDE] = gi;
    spec.n_ind[LEVEL_GEMEINDE] = 30;
    for (size_t e = 0; ok && e < out->n_editions; e++) {
        const edition *ed = &out->editions[e];
        for (int l = 0; ok && l < LEVEL_COUNT; l++) {
            if (!ed->levels[l].present) continue;
            buf values = BUF_INIT;
            ok = sample_write_values(&values, &spec, out, ed, (level)l, d) &&
                 file_write_atomic(ed->levels[l].values_file, values.data, values.len, d);
            buf_free(&values);
        }
    }
    free(gi);
    dataset_free(out);
    file_unlock(lock);
    return ok;
}
