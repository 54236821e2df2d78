/* scoring: the composite-indicator arithmetic, in one place.
 *
 * scores_compute, compare's re-scorer, whatif's search and the uncertainty
 * replications all normalise, derive and aggregate with these functions, so
 * a score computed anywhere is bit for bit the score scores_compute gives
 * (same operations, same order, Neumaier-compensated sums). Pure functions
 * on caller-owned arrays: no allocation except where stated, no I/O, no
 * global state, safe on several threads. See docs/method.md for the rules. */
#ifndef DIGINDEX_SCORING_H
#define DIGINDEX_SCORING_H

#include "model.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- sums ---------------------------------------------------------------- */

/* Neumaier-compensated sum of the non-NaN entries. */
double sum_compensated(const double *x, size_t n);

/* Neumaier accumulator for sums whose terms are computed on the fly;
 * start with {0, 0}. */
typedef struct scoring_sum {
    double s, c;
} scoring_sum;
void scoring_sum_add(scoring_sum *k, double v);
double scoring_sum_value(const scoring_sum *k);

/* ---- normalisation ------------------------------------------------------- */

/* Normalises n raw values in place of `out` (NAN stays NAN). The direction
 * multiplies the values first. `pool_min`/`pool_max` are used instead of the
 * values' own range for pooled min-max (pass NAN otherwise; they are already
 * direction-multiplied). Returns 0, or 1 when the values are constant (all
 * outputs NAN then). */
int normalise_values(const normalisation *norm, int direction, const double *raw, size_t n,
                     double pool_min, double pool_max, double *out);

/* Widens [*lo, *hi] by the non-NaN values x[0], x[stride], … (n of them),
 * each multiplied by d (±1: the direction, or 1 for the raw range). */
void scoring_range_widen(const double *x, size_t n, size_t stride, double d, double *lo,
                         double *hi);

/* The two smallest and two largest of a column (direction-multiplied) and
 * the rows of the extremes: the column's min-max range without any one row,
 * without a second pass. ±INFINITY and SIZE_MAX where there are too few
 * values. */
typedef struct scoring_extremes {
    double min1, min2, max1, max2;
    size_t argmin, argmax;
} scoring_extremes;
scoring_extremes scoring_extremes_of(const double *x, size_t n, size_t stride, double d);
/* The range of the column with row `row`'s value replaced by v
 * (direction-multiplied; NAN leaves the row out) into *lo, *hi. */
void scoring_extremes_replace(const scoring_extremes *e, size_t row, double v, double *lo,
                              double *hi);

/* ---- derived indicators -------------------------------------------------- */

/* Fills the raw values of leaf n (derived from node `src_node` of the level
 * below, n->derive_level) for every region of level lv: the mean of the
 * lower regions' scores per parent region, weighted by population when
 * n->derive_population. src holds the lower level's node scores, one row of
 * src_stride per region in dataset row order (may be NULL, or src_node < 0:
 * every value NAN). Writes raw[r * raw_stride] for each row r of lv. */
void scoring_derive(const dataset *ds, level lv, const node *n, const double *src,
                    size_t src_stride, int src_node, double *raw, size_t raw_stride);

/* ---- aggregation --------------------------------------------------------- */

/* Weighted arithmetic mean over the non-NaN x; NAN when all are NaN. */
double aggregate_arithmetic(const double *x, const double *w, size_t n);
/* Weighted geometric mean over the non-NaN x into *out (NAN when all NaN).
 * Returns the index of the first x ≤ 0 (the mean is undefined), else -1. */
long aggregate_geometric(const double *x, const double *w, size_t n, double *out);

/* The largest number of children of a node of t (at least 1): the size of
 * the scratch arrays scoring_aggregate_node needs. */
int scoring_max_children(const tree *t);

/* Aggregates inner node i of one region: row holds the region's node scores
 * (n_nodes, indexed like t->nodes); row[i] becomes the node's mean over its
 * children (missing children left out, weights renormalised over the rest).
 * Weights per node index come from w, or from the tree when w is NULL. x and
 * cw are scratch of scoring_max_children(t) entries. Returns the child
 * position of a score ≤ 0 that leaves a geometric mean undefined (row[i] is
 * NAN then), else -1. */
long scoring_aggregate_node(const tree *t, int i, const double *w, double *row, double *x,
                            double *cw);

/* Aggregates every inner node of one row bottom-up (pre-order storage: the
 * nodes backwards). False, at the first undefined geometric mean. */
bool scoring_aggregate_row(const tree *t, const double *w, double *row, double *x, double *cw);

/* ---- one level ------------------------------------------------------------ */

/* Where scoring a level stopped: inner node `node` of row `row`, whose child
 * at position `child` has a score ≤ 0 (value) under a geometric mean. */
typedef struct scoring_failure {
    int node;
    size_t row;
    long child;
    double value;
} scoring_failure;

/* Scores one level of one edition (scores_compute, and compare's re-scorer
 * of a synthetic edition): normalises every leaf column of raw (nr rows of
 * t->n_leaves) into the leaf cells of score (nr rows of t->n_nodes), then
 * aggregates the inner nodes node by node from the last (children before
 * parents), each over all rows in order. pool: per leaf the min and max
 * (direction-multiplied) of a pooled min-max leaf over the editions, or
 * NULL when none pools; pool_widen: the pool lacks this very column (a
 * synthetic edition), so it is widened by it first. constant (NULL = not
 * wanted): per leaf, true when its values are constant or all missing (no
 * score). Scratch: col and out of nr entries, x and cw of
 * scoring_max_children(t). Returns true, or false at the first undefined
 * geometric mean with *fail set (fail may be NULL); later nodes are then
 * left as they were. */
bool scoring_level(const tree *t, const double *raw, size_t nr, const double *pool,
                   bool pool_widen, double *score, bool *constant, double *col, double *out,
                   double *x, double *cw, scoring_failure *fail);

/* ---- ranks --------------------------------------------------------------- */

/* Competition ranks ("1, 2, 2, 4"), 1 = highest; NaN gets rank 0.
 * `order` is scratch space of n entries. */
void rank_competition(const double *x, size_t n, int *ranks, size_t *order);

#endif
