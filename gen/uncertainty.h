/* uncertainty: how firm is a rank? (COINr-style uncertainty analysis of the
 * weights).
 *
 * Owned by the regeneration work (helper); the briefings call
 * uncertainty_ranks once per edition and level and uncertainty_label_de per
 * region. Pure computation; library code: never prints or exits.
 *
 * Method (docs/regeneration.md): in each of N replications (default 500)
 * every weight of the level's tree below the root is multiplied by a factor
 * drawn uniformly from [1 − s, 1 + s] (default s = 0.25, i.e. ±25 %), the same
 * factors for every region; the normalised indicator scores do not depend on
 * the weights and stay as published, so each replication only re-aggregates
 * the tree (scoring_aggregate_row of scoring.h) and ranks
 * the index (competition ranking). Indicators derived from a lower level keep
 * their published raw values (the lower level's weights are not perturbed).
 * Per region the ranks over the replications give the median and the 5 % and
 * 95 % quantiles, R's default quantile (type 7, as COINr's get_sensitivity
 * uses): with the ranks sorted, x[0..N−1], h = (N − 1)·p, the quantile is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * Random numbers: factor of node `id` in replication `k` = 1 + s·(2u − 1) with
 * u = sample_uniform(sample_hash(seed, level name, id, decimal k)) — no state,
 * so the result does not depend on order or threads and is bit-for-bit the
 * same for the same seed on every machine. */
#ifndef DIGINDEX_UNCERTAINTY_H
#define DIGINDEX_UNCERTAINTY_H

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "scores.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNCERTAINTY_REPLICATIONS 500u
#define UNCERTAINTY_SEED UINT64_C(20250630)
#define UNCERTAINTY_SPREAD 0.25

typedef struct rank_interval {
    bool available;     /* the region has an index score */
    int nominal;        /* the published rank */
    double median;      /* of the replications' ranks (type 7 quantile 0.5) */
    double lo, hi;      /* 5 % and 95 % quantiles (type 7) */
    int min, max;       /* best and worst rank met */
} rank_interval;

/* Rank intervals of every region of one edition and level into out
 * (n_level_regions entries, rows in AGS order). spread is the relative
 * perturbation (0.25 = ±25 %). Returns false after adding an error (edition
 * or level not scored, replications 0, spread outside [0, 1)). Borrows sc. */
bool uncertainty_ranks(const scores *sc, int year, level lv, unsigned replications, uint64_t seed,
                       double spread, rank_interval *out, diag *d);

/* German display: "Rang 3 (2–5)": the median rounded half up, the 5 % bound
 * rounded down and the 95 % bound rounded up (so the shown range covers the
 * quantiles), en dash. "Rang –" when not available. */
void uncertainty_label_de(buf *out, const rank_interval *ri);

/* ---- exposed for tests ------------------------------------------------------ */

/* R type 7 quantile of n ascending values, 0 ≤ p ≤ 1. */
double uncertainty_quantile(const double *sorted, size_t n, double p);
/* The perturbed weights of replication k for every node of t (w[0], the
 * root, stays as it is). */
void uncertainty_weights(const tree *t, level lv, uint64_t seed, unsigned k, double spread,
                         double *w);
/* Re-aggregates one region: score holds the node scores of one row (n_nodes;
 * leaves as given), inner nodes are recomputed bottom-up with weights w.
 * Returns false when a geometric mean is undefined (a child score ≤ 0). */
bool uncertainty_aggregate_row(const tree *t, const double *w, double *score);
/* The same for nr rows at once (score: nr × n_nodes, row-major, read only):
 * root[r] gets row r's re-aggregated root score, bit for bit what
 * uncertainty_aggregate_row gives (four rows at a time in vector lanes).
 * Returns false when a geometric mean is undefined in some row. */
bool uncertainty_aggregate_roots(const tree *t, const double *w, const double *score, size_t nr,
                                 double *root);

#endif
