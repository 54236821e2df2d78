/* uncertainty: rank intervals under perturbed weights (see uncertainty.h). */
#include "uncertainty.h"

#include "sample.h"

#include <math.h>
#include <stdint.h>
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

/* ---- four rows at a time ------------------------------------------------- */

/* scoring_aggregate_row for four rows at once, in two pairs of lanes of
 * SSE2's two-double vectors (GCC's vector extension): the same operations
 * in the same order on every lane (arithmetic means with Neumaier sums,
 * children skipped where NaN, the sums' values divided), so each lane's
 * scores are bit for bit the scalar ones. One row's sums form a chain of
 * dependent additions; four independent chains keep the processor busy,
 * which made the rank intervals' aggregation (the scores of 10,790
 * Gemeinden re-weighted 500 times) much faster. Geometric nodes take the
 * scalar path per lane. soa[node * 4 + lane] holds the rows (leaves filled
 * in, inner nodes written here). Returns false when a geometric mean is
 * undefined in some lane. */
typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2i __attribute__((vector_size(16)));

static inline v2d v2_abs(v2d a)
{
    return (v2d)((v2i)a & (v2i){INT64_MAX, INT64_MAX});
}

static inline v2d v2_select(v2i mask, v2d a, v2d b)
{
    return (v2d)(((v2i)a & mask) | ((v2i)b & ~mask));
}

/* scoring_sum_add on every lane where `take` is set. */
static inline void v2_sum_add(v2d *s, v2d *c, v2d v, v2i take)
{
    v2d t = *s + v;
    v2d from_s = (*s - t) + v, from_v = (v - t) + *s;
    v2d err = v2_select(v2_abs(*s) >= v2_abs(v), from_s, from_v);
    *c = v2_select(take, *c + err, *c);
    *s = v2_select(take, t, *s);
}

static bool aggregate_rows4(const tree *t, const double *w, double *soa, double *x, double *cw)
{
    for (int i = t->n_nodes - 1; i >= 0; i--) {
        const node *n = &t->nodes[i];
        if (n->n_children == 0) continue;
        if (n->aggregation == AGG_GEOMETRIC) {
            for (int lane = 0; lane < 4; lane++) {
                for (int k = 0; k < n->n_children; k++) {
                    int c = n->children[k];
                    x[k] = soa[(size_t)c * 4 + (size_t)lane];
                    cw[k] = w[c];
                }
                double v;
                if (aggregate_geometric(x, cw, (size_t)n->n_children, &v) >= 0) return false;
                soa[(size_t)i * 4 + (size_t)lane] = v;
            }
            continue;
        }
        v2d zero = {0, 0};
        v2d ns[2] = {zero, zero}, nc[2] = {zero, zero}, ds[2] = {zero, zero}, dc[2] = {zero, zero};
        v2i present[2] = {{0, 0}, {0, 0}};
        for (int k = 0; k < n->n_children; k++) {
            int c = n->children[k];
            v2d wv = {w[c], w[c]};
            for (int h = 0; h < 2; h++) {
                v2d xv;
                memcpy(&xv, soa + (size_t)c * 4 + 2 * (size_t)h, sizeof xv);
                v2i take = xv == xv; /* not NaN */
                v2_sum_add(&ns[h], &nc[h], wv * xv, take);
                v2_sum_add(&ds[h], &dc[h], wv, take);
                present[h] |= take;
            }
        }
        for (int h = 0; h < 2; h++) {
            v2d mean = (ns[h] + nc[h]) / (ds[h] + dc[h]);
            mean = v2_select(present[h], mean, (v2d){NAN, NAN});
            memcpy(soa + (size_t)i * 4 + 2 * (size_t)h, &mean, sizeof mean);
        }
    }
    return true;
}

bool uncertainty_aggregate_roots(const tree *t, const double *w, const double *score, size_t nr,
                                 double *root)
{
    size_t nn = (size_t)t->n_nodes;
    int m = scoring_max_children(t);
    double *x = xmalloc((size_t)m * sizeof *x), *cw = xmalloc((size_t)m * sizeof *cw);
    double *soa = xmalloc(4 * nn * sizeof *soa); /* four rows, node-major */
    bool ok = true;
    size_t row = 0;
    for (; row + 4 <= nr && ok; row += 4) {
        for (size_t j = 0; j < nn; j++)
            for (size_t lane = 0; lane < 4; lane++)
                soa[j * 4 + lane] = score[(row + lane) * nn + j];
        ok = aggregate_rows4(t, w, soa, x, cw);
        for (size_t lane = 0; lane < 4; lane++) root[row + lane] = soa[lane];
    }
    for (; row < nr && ok; row++) { /* the rows left over, one by one */
        memcpy(soa, score + row * nn, nn * sizeof *soa);
        ok = scoring_aggregate_row(t, w, soa, x, cw);
        root[row] = soa[0];
    }
    free(x);
    free(cw);
    free(soa);
    return ok;
}

/* Sorts n ranks ascending: an LSD radix sort, 8 bits a pass, passes where
 * every key has the same byte skipped (ranks of 10,790 Gemeinden need two).
 * tmp holds n. qsort's call per comparison was a sixth of the analysis. */
static void sort_ranks(uint32_t *a, uint32_t *tmp, size_t n)
{
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++) count[(a[i] >> shift) & 0xFF]++;
        if (n == 0 || count[(a[0] >> shift) & 0xFF] == n) continue;
        size_t pos = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++) tmp[count[(a[i] >> shift) & 0xFF]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
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
    double *root = xmalloc((nr ? nr : 1) * sizeof *root);
    int *rk = xmalloc((nr ? nr : 1) * sizeof *rk);
    size_t *order = xmalloc((nr ? nr : 1) * sizeof *order);
    /* ranks[row * replications + k]: 4 bytes each, 22 MB for the Gemeinden */
    uint32_t *ranks = xmalloc((nr ? nr : 1) * replications * sizeof *ranks);
    uint32_t *sort_tmp = xmalloc(replications * sizeof *sort_tmp);
    double *sorted = xmalloc(replications * sizeof *sorted);
    bool ok = true;
    for (unsigned k = 0; k < replications && ok; k++) {
        uncertainty_weights(t, lv, seed, k, spread, w);
        ok = uncertainty_aggregate_roots(t, w, ls->score, nr, root);
        if (!ok) {
            diag_add(d, DIAG_ERROR, ls->edition->model_file, 0, 0, NULL, NULL,
                     "uncertainty: a geometric mean is undefined in replication %u", k);
            break;
        }
        rank_competition(root, nr, rk, order);
        for (size_t r = 0; r < nr; r++) ranks[r * replications + k] = (uint32_t)rk[r];
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
        uint32_t *row = ranks + r * replications;
        sort_ranks(row, sort_tmp, replications);
        double *v = sorted;
        for (unsigned k = 0; k < replications; k++) v[k] = row[k];
        ri->median = uncertainty_quantile(v, replications, 0.5);
        ri->lo = uncertainty_quantile(v, replications, 0.05);
        ri->hi = uncertainty_quantile(v, replications, 0.95);
        ri->min = (int)v[0];
        ri->max = (int)v[replications - 1];
    }
    free(w);
    free(root);
    free(rk);
    free(order);
    free(ranks);
    free(sort_tmp);
    free(sorted);
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
