/* analyses: the per-edition analyses of every level (see analyses.h). */
#include "analyses.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Decimals x shows as given in the data (at most 2): 221 → 0, 95.3 → 1. */
static int decimals_of(double x)
{
    for (int d = 0; d < 2; d++) {
        double s = pow(10, d);
        if (fabs(round(x * s) - x * s) < 1e-9 * fmax(1, fabs(x * s))) return d;
    }
    return 2;
}

static level_means *means_compute(const level_scores *ls)
{
    level_means *m = xcalloc(1, sizeof *m);
    int nn = ls->n_nodes;
    m->n_nodes = nn;
    m->change = xmalloc((size_t)(nn ? nn : 1) * sizeof *m->change);
    m->raw = xmalloc((size_t)(nn ? nn : 1) * sizeof *m->raw);
    m->raw_decimals = xcalloc((size_t)(nn ? nn : 1), sizeof *m->raw_decimals);
    for (int i = 0; i < nn; i++) {
        double sc = 0, sr = 0;
        size_t nc = 0, nr = 0;
        bool leaf = ls->tree->nodes[i].leaf >= 0;
        for (size_t r = 0; r < ls->n_rows; r++) {
            double c = ls_score_change(ls, r, i);
            if (!isnan(c)) {
                sc += c;
                nc++;
            }
            double x = leaf ? ls_raw(ls, r, i) : NAN;
            if (!isnan(x)) {
                sr += x;
                nr++;
                int d = decimals_of(x);
                if (d > m->raw_decimals[i]) m->raw_decimals[i] = d;
            }
        }
        /* A value derived from a lower level's scores carries every digit
         * of a double: one decimal reads as its points do. */
        if (leaf && ls->tree->nodes[i].derived) m->raw_decimals[i] = 1;
        m->change[i] = nc ? sc / (double)nc : NAN;
        m->raw[i] = nr ? sr / (double)nr : NAN;
    }
    return m;
}

static void means_free(level_means *m)
{
    if (!m) return;
    free(m->change);
    free(m->raw);
    free(m->raw_decimals);
    free(m);
}

bool analyses_compute(analyses *a, const dataset *ds, const scores *sc, const edition *ed,
                      unsigned levels, const char *out_dir, diag *d)
{
    memset(a, 0, sizeof *a);
    const edition *prev = ed->previous_year ? dataset_edition(ds, ed->previous_year) : NULL;
    if (prev) {
        compare_models(prev, ed, &a->model);
        a->has_model = true;
    }
    /* The previous edition's published index scores, when it is published. */
    for (int l = 0; ed->previous_year && l < LEVEL_COUNT; l++) {
        const level_scores *pl = scores_get(sc, ed->previous_year, (level)l);
        if (pl && published_exists(out_dir, ed->previous_year)) {
            size_t before = d->errors;
            a->published[l] = published_load(out_dir, ds, pl, d);
            if (d->errors > before) return false;
        }
    }
    /* Whatif re-scores per indicator and region (about 3 ms a region): for
     * Gemeinden it is left out. */
    for (int l = 0; l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(sc, ed->year, (level)l);
        if (!ls || !((levels >> l) & 1u)) continue;
        a->means[l] = means_compute(ls);
        size_t n = ls->n_rows ? ls->n_rows : 1;
        a->intervals[l] = xcalloc(n, sizeof(rank_interval));
        if (!uncertainty_ranks(sc, ed->year, (level)l, UNCERTAINTY_REPLICATIONS, UNCERTAINTY_SEED,
                               UNCERTAINTY_SPREAD, a->intervals[l], d))
            return false;
        if (ls->previous) {
            a->decomp[l] = xcalloc(n, sizeof(decomposition));
            if (!compare_decompose_all(sc, ed->previous_year, sc, ed->year, (level)l, true,
                                       a->decomp[l], d))
                return false;
        }
        if (l != LEVEL_GEMEINDE) {
            whatif_ctx *cx = whatif_begin(sc, ed->year, (level)l, d);
            if (!cx) return false;
            a->whatif[l] = xcalloc(2 * n, sizeof(whatif_result));
            for (size_t r = 0; r < ls->n_rows; r++) whatif_ctx_region(cx, r, &a->whatif[l][2 * r]);
            whatif_end(cx);
        }
    }
    return true;
}

void analyses_free(analyses *a)
{
    for (int l = 0; l < LEVEL_COUNT; l++) {
        free(a->intervals[l]);
        free(a->decomp[l]);
        free(a->whatif[l]);
        published_free(a->published[l]);
        means_free(a->means[l]);
    }
    if (a->has_model) compare_model_diff_free(&a->model);
    memset(a, 0, sizeof *a);
}

void analyses_for_view(const analyses *a, view_analyses out[LEVEL_COUNT])
{
    for (int l = 0; l < LEVEL_COUNT; l++)
        out[l] = (view_analyses){a->intervals[l], a->decomp[l], a->whatif[l], a->published[l],
                                 a->means[l], a->has_model ? &a->model : NULL};
}
