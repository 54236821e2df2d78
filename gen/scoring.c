/* scoring: the composite-indicator arithmetic (see scoring.h). */
#include "scoring.h"

#include "buf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void scoring_sum_add(scoring_sum *k, double v)
{
    /* Neumaier: the rounding error of s + v, taken from the smaller of the
     * two. Both candidates are computed and one is picked by a bit mask: the
     * comparison follows the data (weights and scores of every size), and a
     * branch on it was mispredicted often enough to dominate the rank
     * intervals' aggregation. The same operations, so the same sums. */
    double t = k->s + v;
    double from_s = (k->s - t) + v, from_v = (v - t) + k->s;
    uint64_t a, b, mask = (uint64_t)0 - (uint64_t)(fabs(k->s) >= fabs(v));
    memcpy(&a, &from_s, sizeof a);
    memcpy(&b, &from_v, sizeof b);
    uint64_t e = (a & mask) | (b & ~mask);
    double err;
    memcpy(&err, &e, sizeof err);
    k->c += err;
    k->s = t;
}

double scoring_sum_value(const scoring_sum *k)
{
    return k->s + k->c;
}

double sum_compensated(const double *x, size_t n)
{
    scoring_sum k = {0, 0};
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) scoring_sum_add(&k, x[i]);
    return scoring_sum_value(&k);
}

int normalise_values(const normalisation *norm, int direction, const double *raw, size_t n,
                     double pool_min, double pool_max, double *out)
{
    double d = direction < 0 ? -1.0 : 1.0;
    switch (norm->method) {
    case NORM_NONE:
        for (size_t i = 0; i < n; i++) out[i] = raw[i] * d;
        return 0;
    case NORM_GOALPOSTS: {
        /* COINr's n_goalposts with the direction passed: goalposts are in the
         * indicator's own unit; direction -1 scores the upper post 0. */
        double lo = norm->lower, hi = norm->upper;
        for (size_t i = 0; i < n; i++) {
            double x = raw[i];
            if (isnan(x)) {
                out[i] = NAN;
                continue;
            }
            double y = d > 0 ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo);
            if (y > 1) y = 1;
            if (y < 0) y = 0;
            out[i] = y * 100.0;
        }
        return 0;
    }
    case NORM_MINMAX: {
        double mn = pool_min, mx = pool_max;
        if (isnan(mn) || isnan(mx)) {
            mn = INFINITY;
            mx = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                double x = raw[i] * d;
                if (isnan(x)) continue;
                if (x < mn) mn = x;
                if (x > mx) mx = x;
            }
        }
        if (!(mx > mn)) {
            for (size_t i = 0; i < n; i++) out[i] = NAN;
            return 1;
        }
        double range = mx - mn;
        for (size_t i = 0; i < n; i++) out[i] = (raw[i] * d - mn) / range * 100.0;
        return 0;
    }
    case NORM_ZSCORE: {
        scoring_sum s = {0, 0};
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(raw[i])) {
                scoring_sum_add(&s, raw[i] * d);
                m++;
            }
        if (m < 2) {
            for (size_t i = 0; i < n; i++) out[i] = NAN;
            return 1;
        }
        double mean = scoring_sum_value(&s) / (double)m;
        scoring_sum ss = {0, 0};
        for (size_t i = 0; i < n; i++)
            if (!isnan(raw[i])) {
                double dv = raw[i] * d - mean;
                scoring_sum_add(&ss, dv * dv);
            }
        double sd = sqrt(scoring_sum_value(&ss) / (double)(m - 1));
        if (!(sd > 0)) {
            for (size_t i = 0; i < n; i++) out[i] = NAN;
            return 1;
        }
        for (size_t i = 0; i < n; i++) out[i] = (raw[i] * d - mean) / sd;
        return 0;
    }
    }
    return 0;
}

void scoring_range_widen(const double *x, size_t n, size_t stride, double d, double *lo,
                         double *hi)
{
    for (size_t r = 0; r < n; r++) {
        double v = x[r * stride] * d;
        if (isnan(v)) continue;
        if (v < *lo) *lo = v;
        if (v > *hi) *hi = v;
    }
}

scoring_extremes scoring_extremes_of(const double *x, size_t n, size_t stride, double d)
{
    scoring_extremes e = {INFINITY, INFINITY, -INFINITY, -INFINITY, SIZE_MAX, SIZE_MAX};
    for (size_t r = 0; r < n; r++) {
        double v = x[r * stride] * d;
        if (isnan(v)) continue;
        if (v < e.min1) {
            e.min2 = e.min1;
            e.min1 = v;
            e.argmin = r;
        } else if (v < e.min2) {
            e.min2 = v;
        }
        if (v > e.max1) {
            e.max2 = e.max1;
            e.max1 = v;
            e.argmax = r;
        } else if (v > e.max2) {
            e.max2 = v;
        }
    }
    return e;
}

void scoring_extremes_replace(const scoring_extremes *e, size_t row, double v, double *lo,
                              double *hi)
{
    *lo = fmin(row == e->argmin ? e->min2 : e->min1, v);
    *hi = fmax(row == e->argmax ? e->max2 : e->max1, v);
}

void scoring_derive(const dataset *ds, level lv, const node *n, const double *src,
                    size_t src_stride, int src_node, double *raw, size_t raw_stride)
{
    size_t nrows = ds->n_level_regions[lv];
    scoring_sum *num = xcalloc(nrows ? nrows : 1, sizeof *num);
    scoring_sum *den = xcalloc(nrows ? nrows : 1, sizeof *den);
    if (src && src_node >= 0) {
        level sl = n->derive_level;
        for (size_t r = 0; r < ds->n_level_regions[sl]; r++) {
            double v = src[r * src_stride + (size_t)src_node];
            if (isnan(v)) continue;
            const region *rg = &ds->regions[ds->level_regions[sl][r]];
            size_t parent = lv == LEVEL_LAND ? rg->land : rg->kreis;
            if (parent == SIZE_MAX) continue;
            size_t prow = ds->regions[parent].row;
            double w = n->derive_population ? rg->population : 1.0;
            if (isnan(w) || w <= 0) continue;
            scoring_sum_add(&num[prow], w * v);
            scoring_sum_add(&den[prow], w);
        }
    }
    for (size_t r = 0; r < nrows; r++) {
        double dsum = scoring_sum_value(&den[r]);
        raw[r * raw_stride] = dsum > 0 ? scoring_sum_value(&num[r]) / dsum : NAN;
    }
    free(num);
    free(den);
}

double aggregate_arithmetic(const double *x, const double *w, size_t n)
{
    scoring_sum num = {0, 0}, den = {0, 0};
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        scoring_sum_add(&num, w[i] * x[i]);
        scoring_sum_add(&den, w[i]);
        m++;
    }
    if (m == 0) return NAN;
    return scoring_sum_value(&num) / scoring_sum_value(&den);
}

long aggregate_geometric(const double *x, const double *w, size_t n, double *out)
{
    scoring_sum num = {0, 0}, den = {0, 0};
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        if (!(x[i] > 0)) {
            *out = NAN;
            return (long)i;
        }
        scoring_sum_add(&num, w[i] * log(x[i]));
        scoring_sum_add(&den, w[i]);
        m++;
    }
    *out = m ? exp(scoring_sum_value(&num) / scoring_sum_value(&den)) : NAN;
    return -1;
}


int scoring_max_children(const tree *t)
{
    int m = 1;
    for (int i = 0; i < t->n_nodes; i++)
        if (t->nodes[i].n_children > m) m = t->nodes[i].n_children;
    return m;
}

long scoring_aggregate_node(const tree *t, int i, const double *w, double *row, double *x,
                            double *cw)
{
    const node *n = &t->nodes[i];
    for (int k = 0; k < n->n_children; k++) {
        int c = n->children[k];
        x[k] = row[c];
        cw[k] = w ? w[c] : t->nodes[c].weight;
    }
    if (n->aggregation == AGG_GEOMETRIC) {
        double v;
        long bad = aggregate_geometric(x, cw, (size_t)n->n_children, &v);
        row[i] = v;
        return bad;
    }
    row[i] = aggregate_arithmetic(x, cw, (size_t)n->n_children);
    return -1;
}

bool scoring_aggregate_row(const tree *t, const double *w, double *row, double *x, double *cw)
{
    for (int i = t->n_nodes - 1; i >= 0; i--)
        if (t->nodes[i].n_children > 0 && scoring_aggregate_node(t, i, w, row, x, cw) >= 0)
            return false;
    return true;
}

bool scoring_level(const tree *t, const double *raw, size_t nr, const double *pool,
                   bool pool_widen, double *score, bool *constant, double *col, double *out,
                   double *x, double *cw, scoring_failure *fail)
{
    size_t nl = (size_t)t->n_leaves, nn = (size_t)t->n_nodes;
    for (size_t li = 0; li < nl; li++) {
        const node *n = &t->nodes[t->leaves[li]];
        for (size_t r = 0; r < nr; r++) col[r] = raw[r * nl + li];
        double pmin = NAN, pmax = NAN;
        if (pool && n->norm.method == NORM_MINMAX && n->norm.all_editions) {
            pmin = pool[2 * li];
            pmax = pool[2 * li + 1];
            if (pool_widen) scoring_range_widen(col, nr, 1, n->direction < 0 ? -1.0 : 1.0, &pmin, &pmax);
        }
        int flat = normalise_values(&n->norm, n->direction, col, nr, pmin, pmax, out);
        if (constant) constant[li] = flat != 0;
        for (size_t r = 0; r < nr; r++) score[r * nn + (size_t)t->leaves[li]] = out[r];
    }
    for (int i = t->n_nodes - 1; i >= 0; i--) {
        if (t->nodes[i].n_children == 0) continue;
        for (size_t r = 0; r < nr; r++) {
            long bad = scoring_aggregate_node(t, i, NULL, score + r * nn, x, cw);
            if (bad >= 0) {
                if (fail) *fail = (scoring_failure){i, r, bad, x[bad]};
                return false;
            }
        }
    }
    return true;
}

/* A key whose ascending order is the descending order of the doubles
 * (NaN excluded); -0 and +0, equal as doubles, get the same key. */
static uint64_t desc_key(double v)
{
    if (v == 0) v = 0.0;
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u = (u >> 63) ? ~u : u | 0x8000000000000000u; /* ascending */
    return ~u;
}

/* Sorts order[0, m) by x descending, ties by position ascending: an LSD
 * radix sort (stable, 8 bits a pass, passes where all keys share the byte
 * skipped) of indices that come in ascending. The uncertainty analysis
 * ranks all 10,790 Gemeinden once per replication, where qsort's call per
 * comparison was most of its time. */
static void sort_desc(const double *x, size_t *order, size_t m)
{
    uint64_t *key = xmalloc(2 * (m ? m : 1) * sizeof *key), *key2 = key + m;
    size_t *order2 = xmalloc((m ? m : 1) * sizeof *order2);
    size_t count[8][256] = {{0}};
    for (size_t k = 0; k < m; k++) {
        key[k] = desc_key(x[order[k]]);
        for (int b = 0; b < 8; b++) count[b][(key[k] >> (8 * b)) & 0xff]++;
    }
    for (int b = 0; b < 8; b++) {
        if (m == 0 || count[b][(key[0] >> (8 * b)) & 0xff] == m) continue; /* one bucket */
        size_t pos[256], at = 0;
        for (int v = 0; v < 256; v++) {
            pos[v] = at;
            at += count[b][v];
        }
        for (size_t k = 0; k < m; k++) {
            size_t to = pos[(key[k] >> (8 * b)) & 0xff]++;
            key2[to] = key[k];
            order2[to] = order[k];
        }
        memcpy(key, key2, m * sizeof *key);
        memcpy(order, order2, m * sizeof *order);
    }
    free(key);
    free(order2);
}

void rank_competition(const double *x, size_t n, int *ranks, size_t *order)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        ranks[i] = 0;
        if (!isnan(x[i])) order[m++] = i;
    }
    sort_desc(x, order, m);
    for (size_t k = 0; k < m; k++) {
        if (k > 0 && x[order[k]] == x[order[k - 1]])
            ranks[order[k]] = ranks[order[k - 1]];
        else
            ranks[order[k]] = (int)k + 1;
    }
}
