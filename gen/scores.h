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
#include "scoring.h"

#include <stdbool.h>
#include <stddef.h>

/* The arithmetic itself (normalise, derive, aggregate, rank) is scoring.h. */

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

/* Widens [*lo, *hi] by the raw values of indicator `id` (a leaf) at level lv
 * in every edition of s except `skip` (NULL: every edition); multiplied by
 * each edition's direction when `directed` (the pool of pooled min-max),
 * else in the indicator's own unit. */
void scores_leaf_range(const scores *s, level lv, const char *id, const edition *skip,
                       bool directed, double *lo, double *hi);

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
