/* scores: the composite-indicator arithmetic (COINr semantics).
 *
 * Pure computation, no I/O. For every edition and level: raw values (with
 * indicators derived from lower levels filled in), normalised indicator
 * scores, aggregated scores up the tree, competition ranks, averages (Ø) over
 * groups of regions, change against the previous edition and membership in
 * the leading ("Spitzengruppe") or trailing ("Verfolgergruppe") group.
 * See docs/method.md for the rules. */
#ifndef DIGINDEX_SCORES_H
#define DIGINDEX_SCORES_H

#include "diag.h"
#include "model.h"

#include <stddef.h>

/* ---- the arithmetic, exposed for unit tests ---------------------------- */

/* Neumaier-compensated sum of the non-NaN entries. */
double sum_compensated(const double *x, size_t n);

/* Normalises n raw values in place of `out` (NAN stays NAN). The direction
 * multiplies the values first. `pool_min`/`pool_max` are used instead of the
 * values' own range for pooled min-max (pass NAN otherwise; they are already
 * direction-multiplied). Returns 0, or 1 when the values are constant (all
 * outputs NAN then). */
int normalise_values(const normalisation *norm, int direction, const double *raw, size_t n,
                     double pool_min, double pool_max, double *out);

/* Weighted arithmetic mean over the non-NaN x; NAN when all are NaN. */
double aggregate_arithmetic(const double *x, const double *w, size_t n);
/* Weighted geometric mean over the non-NaN x into *out (NAN when all NaN).
 * Returns the index of the first x ≤ 0 (the mean is undefined), else -1. */
long aggregate_geometric(const double *x, const double *w, size_t n, double *out);

/* Competition ranks ("1, 2, 2, 4"), 1 = highest; NaN gets rank 0.
 * `order` is scratch space of n entries. */
void rank_competition(const double *x, size_t n, int *ranks, size_t *order);

/* ---- results ------------------------------------------------------------ */

/* Ø of every node over one group of regions. */
typedef struct average_group {
    char *key;      /* "all", "flaechenland", "stadtstaat", or a Land's AGS */
    char *label;    /* German: "alle Länder", "Flächenländer", "Bayern", … */
    double *value;  /* n_nodes; NAN when no region of the group has a score */
    size_t n_regions;
} average_group;

typedef enum standing { STANDING_NONE = 0, STANDING_LEADING = 1, STANDING_TRAILING = -1 } standing;

typedef struct level_scores {
    const edition *edition; /* borrowed */
    level level;
    const tree *tree;       /* borrowed from the edition */
    size_t n_rows;          /* regions of the level, AGS order (dataset rows) */
    int n_nodes;
    double *raw;            /* n_rows × n_leaves: input plus derived raw values */
    double *score;          /* n_rows × n_nodes; NAN = no score */
    int *rank;              /* n_rows × n_nodes; 0 = no rank */
    int *n_ranked;          /* n_nodes: how many regions have a score */
    signed char *standing;  /* n_rows × n_nodes, enum standing */
    average_group *groups;  /* groups[0] is "all" */
    size_t n_groups;
    const struct level_scores *previous; /* same level in the previous edition; may be NULL */
    int *previous_node;     /* n_nodes: node index in previous->tree, or -1 */
} level_scores;

typedef struct scores {
    const dataset *ds;      /* borrowed */
    level_scores **by;      /* n_editions × LEVEL_COUNT; NULL where not modelled */
} scores;

/* Computes every edition and level. Returns a new scores (caller frees with
 * scores_free), or NULL after adding errors to d (e.g. a geometric mean over a
 * value ≤ 0). Warnings (constant indicators) are added to d too.
 * Borrows ds, which must outlive the result and have loaded without errors. */
scores *scores_compute(const dataset *ds, diag *d);
void scores_free(scores *s);

/* Pooled min and max (direction-multiplied) of each leaf of tree t over every
 * edition in s that has level lv and the same indicator id: 2 × n_leaves
 * values (min, max) in a new array the caller frees. The range minmax with
 * scope all_editions uses. */
double *scores_pool_ranges(const scores *s, const tree *t, level lv);

/* Borrowed; NULL when that edition does not model the level. */
const level_scores *scores_get(const scores *s, int year, level lv);

static inline double ls_score(const level_scores *ls, size_t row, int ni)
{
    return ls->score[row * (size_t)ls->n_nodes + (size_t)ni];
}
static inline int ls_rank(const level_scores *ls, size_t row, int ni)
{
    return ls->rank[row * (size_t)ls->n_nodes + (size_t)ni];
}
double ls_raw(const level_scores *ls, size_t row, int ni);
/* Score change against the previous edition; NAN when either is missing. */
double ls_score_change(const level_scores *ls, size_t row, int ni);
/* Rank change (previous rank − rank: positive = moved up); 0 with *ok false
 * when either rank is missing. */
int ls_rank_change(const level_scores *ls, size_t row, int ni, int *ok);
/* Previous edition's score; NAN when absent. */
double ls_previous_score(const level_scores *ls, size_t row, int ni);

#endif
