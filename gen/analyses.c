/* analyses: the per-edition analyses of every level (see analyses.h). */
#include "analyses.h"

#include <stdlib.h>
#include <string.h>

bool analyses_compute(analyses *a, const dataset *ds, const scores *sc, const edition *ed,
                      unsigned levels, const char *out_dir, diag *d)
{
    memset(a, 0, sizeof *a);
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
    }
    memset(a, 0, sizeof *a);
}

void analyses_for_view(const analyses *a, view_analyses out[LEVEL_COUNT])
{
    for (int l = 0; l < LEVEL_COUNT; l++)
        out[l] = (view_analyses){a->intervals[l], a->decomp[l], a->whatif[l], a->published[l]};
}
