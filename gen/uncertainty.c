/* uncertainty: rank intervals under perturbed weights (see uncertainty.h). */
#include "uncertainty.h"

#include "sample.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double uncertainty_quantile(const double *sorted, size_t n, double p)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1) return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

void uncertainty_weights(const tree *t, level lv, uint64_t seed, unsigned k, double spread,
                         double *w)
{
    char rep[16];
    snprintf(rep, sizeof rep, "%u", k);
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        if (n->parent < 0) {
            w[i] = n->weight;
            continue;
        }
        double u = sample_uniform(sample_hash(seed, level_name(lv), n->id, rep));
        w[i] = n->weight * (1.0 + spread * (2.0 * u - 1.0));
    }
}

bool uncertainty_aggregate_row(const tree *t, const double *w, double *score)
{
    int m = scoring_max_children(t);
    double *x = xmalloc((size_t)m * sizeof *x), *cw = xmalloc((size_t)m * sizeof *cw);
    bool ok = scoring_aggregate_row(t, w, score, x, cw);
    free(x);
    free(cw);
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

bool uncertainty_ranks(const scores *sc, int year, level lv, unsigned replications, uint64_t seed,
                       double spread, rank_interval *out, diag *d)
{
    const level_scores *ls = scores_get(sc, year, lv);
    if (!ls) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, NULL,
                 "uncertainty: edition %d has no scores for level %s", year, level_name(lv));
        return false;
    }
    if (replications == 0 || !(spread >= 0 && spread < 1)) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, NULL,
                 "uncertainty: needs at least one replication and a spread in [0, 1)");
        return false;
    }
    const tree *t = ls->tree;
    size_t nr = ls->n_rows, nn = (size_t)t->n_nodes;
    double *w = xmalloc(nn * sizeof *w);
    double *work = xmalloc((nr ? nr : 1) * nn * sizeof *work);
    double *root = xmalloc((nr ? nr : 1) * sizeof *root);
    int *rk = xmalloc((nr ? nr : 1) * sizeof *rk);
    size_t *order = xmalloc((nr ? nr : 1) * sizeof *order);
    /* ranks[row * replications + k] */
    double *ranks = xmalloc((nr ? nr : 1) * replications * sizeof *ranks);
    int m = scoring_max_children(t);
    double *x = xmalloc((size_t)m * sizeof *x), *cw = xmalloc((size_t)m * sizeof *cw);
    bool ok = true;
    for (unsigned k = 0; k < replications && ok; k++) {
        uncertainty_weights(t, lv, seed, k, spread, w);
        memcpy(work, ls->score, nr * nn * sizeof *work);
        for (size_t r = 0; r < nr && ok; r++) {
            ok = scoring_aggregate_row(t, w, work + r * nn, x, cw);
            root[r] = work[r * nn];
        }
        if (!ok) {
            diag_add(d, DIAG_ERROR, ls->edition->model_file, 0, 0, NULL, NULL,
                     "uncertainty: a geometric mean is undefined in replication %u", k);
            break;
        }
        rank_competition(root, nr, rk, order);
        for (size_t r = 0; r < nr; r++) ranks[r * replications + k] = rk[r];
    }
    for (size_t r = 0; r < nr && ok; r++) {
        rank_interval *ri = &out[r];
        memset(ri, 0, sizeof *ri);
        ri->nominal = ls_rank(ls, r, 0);
        ri->available = ri->nominal > 0;
        if (!ri->available) {
            ri->median = ri->lo = ri->hi = NAN;
            continue;
        }
        double *v = ranks + r * replications;
        qsort(v, replications, sizeof *v, cmp_double);
        ri->median = uncertainty_quantile(v, replications, 0.5);
        ri->lo = uncertainty_quantile(v, replications, 0.05);
        ri->hi = uncertainty_quantile(v, replications, 0.95);
        ri->min = (int)v[0];
        ri->max = (int)v[replications - 1];
    }
    free(w);
    free(work);
    free(root);
    free(rk);
    free(order);
    free(ranks);
    free(x);
    free(cw);
    return ok;
}

void uncertainty_label_de(buf *out, const rank_interval *ri)
{
    if (!ri->available) {
        buf_puts(out, "Rang –");
        return;
    }
    long med = (long)floor(ri->median + 0.5);
    long lo = (long)floor(ri->lo + 1e-9);
    long hi = (long)ceil(ri->hi - 1e-9);
    buf_printf(out, "Rang %ld (%ld–%ld)", med, lo, hi);
}
