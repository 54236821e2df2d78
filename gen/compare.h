/* compare: what changed between two editions, and why.
 *
 * Owned by the regeneration work (helper); `digindex diff` prints
 * compare_report_write, and the briefings may call compare_region /
 * compare_decompose_all and compare_node_breaks. Pure computation on loaded
 * and scored data; library code: never prints or exits.
 *
 * Thread safety: compare_begin (and compare_region on its slow path) runs
 * scores_compute, whose ranking is not thread-safe: call from one thread.
 *
 * Three parts:
 *   1. Model changes: indicators and aggregates added, removed or moved,
 *      reweighted (effective weight = weight / sum of the siblings' weights),
 *      and changed normalisation, direction, aggregation, derivation or unit.
 *      Any of them is a series break for the nodes above it.
 *   2. Rank moves of the index per level.
 *   3. The decomposition of a region's change in the index. With S(m, d) the
 *      index score computed with model m on data d:
 *        total  = S(new, new) − S(old, old)
 *        method = S(new, old) − S(old, old)   old data scored with the new model
 *        own    = S(new, mix) − S(new, old)   mix: old data, except this region's
 *                                             own values (and those of its Kreise
 *                                             or Gemeinden) which are new
 *        others = total − method − own        everyone else's new data (min-max is
 *                                             relative) — the remainder, so the
 *                                             three parts sum to the total (to the
 *                                             last bit or two of a double)
 *      S(new, ·) is computed by scores_compute on an in-memory dataset: the
 *      NEW side's editions plus one synthetic edition with the new trees and
 *      the chosen raw values (indicator ids mapped between the trees, regions
 *      by AGS). "Old data" for an indicator the old model lacks are its new
 *      values: adding an indicator, like removing one or changing a weight
 *      or a normalisation, is part of the method, not of anyone's data.
 *      Pooled min-max ("all_editions") therefore pools over the same editions
 *      as the real scores, and S(new, new) computed that way equals the
 *      published score bit for bit.
 *   OLD and NEW may come from two data folders (two `scores`): then regions
 *   are matched by AGS and S(old, old) is scored in the old folder. */
#ifndef DIGINDEX_COMPARE_H
#define DIGINDEX_COMPARE_H

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "scores.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- 1. model changes ------------------------------------------------- */

typedef enum compare_change_kind {
    COMPARE_ADDED,          /* node only in the new tree */
    COMPARE_REMOVED,        /* node only in the old tree */
    COMPARE_MOVED,          /* parent changed */
    COMPARE_REWEIGHTED,     /* effective weight within the parent changed */
    COMPARE_NORMALISATION,  /* method, scope or goalposts changed */
    COMPARE_DIRECTION,
    COMPARE_AGGREGATION,
    COMPARE_DERIVE,         /* derived from another level/node/weighting, or no longer */
    COMPARE_UNIT
} compare_change_kind;

typedef struct model_change {
    compare_change_kind kind;
    level level;
    const node *old_node;   /* borrowed from the old tree; NULL when added */
    const node *new_node;   /* borrowed from the new tree; NULL when removed */
    const node *old_parent; /* borrowed; NULL for a root or when absent */
    const node *new_parent;
    double old_weight;      /* effective weight within the parent (0..1); NAN when absent */
    double new_weight;
} model_change;

typedef struct model_diff {
    model_change *changes;  /* owned; by level, then new-tree order, removed nodes last */
    size_t n;
    bool level_break[LEVEL_COUNT]; /* the level's index is not comparable (any
                                      change at the level or in a level it derives from) */
} model_diff;

/* Compares the trees of every level modelled by both editions (a level in
 * only one of them is reported as its root added or removed). Borrows the
 * editions, which must outlive the result. */
void compare_models(const edition *old_ed, const edition *new_ed, model_diff *out);
void compare_model_diff_free(model_diff *md);
/* One English line, names as in the data: "reweighted A Infrastruktur in DI:
 * 66.7 % → 50 %". */
void compare_change_describe(buf *out, const model_change *c);

/* Per node of the new edition's tree at lv (n_nodes entries, caller frees):
 * true when the node's score series breaks between the editions — the node is
 * new, or something below it changed (added, removed, moved, reweighted,
 * another method), or a lower-level node it derives from breaks. NULL when the
 * new edition does not model lv. */
bool *compare_node_breaks(const edition *old_ed, const edition *new_ed, level lv);

/* ---- 2. rank moves ------------------------------------------------------ */

typedef struct rank_move {
    size_t row;             /* row in the NEW dataset's level */
    int old_rank, new_rank; /* index ranks */
    int move;               /* old_rank − new_rank: positive = moved up */
    double old_score, new_score;
} rank_move;

/* The regions ranked in both editions with the largest |move| (ties: better
 * new rank first, then AGS order), at most max of them into out. Returns
 * how many. Borrows all. */
size_t compare_rank_moves(const scores *old_sc, int old_year, const scores *new_sc, int new_year,
                          level lv, size_t max, rank_move *out);

/* ---- 3. decomposition ----------------------------------------------------- */

typedef struct decomposition {
    bool available;         /* the region has an index in both editions */
    bool decomposed;        /* method/data split available (S(new, old) exists) */
    bool has_own;           /* own/others split computed */
    bool series_break;      /* the level's model changed: say so rather than
                               presenting `total` as a like-for-like change */
    double old_score;       /* S(old, old) */
    double new_score;       /* S(new, new) */
    double new_model_old_data; /* S(new, old) */
    double new_model_own_new;  /* S(new, mix) */
    double total;           /* new_score − old_score */
    double method;          /* S(new, old) − S(old, old) */
    double data;            /* total − method = own + others */
    double own;             /* S(new, mix) − S(new, old); NAN without has_own */
    double others;          /* total − method − own; NAN without has_own */
    int old_rank, new_rank; /* 0 = none */
} decomposition;

/* A prepared comparison of one level: the S(new, old) scores are computed
 * once here; each compare_region then costs one scoring for the own term. */
typedef struct compare_ctx compare_ctx;

/* NULL after adding an error (an edition or level missing, or a geometric
 * mean undefined on the mixed data). old_sc may equal new_sc. Borrows both,
 * which must outlive the context. */
compare_ctx *compare_begin(const scores *old_sc, int old_year, const scores *new_sc, int new_year,
                           level lv, diag *d);
/* Decomposes the change of `row` (a row of the NEW dataset's level). With
 * with_own false the own/others split is skipped (fast: no scoring at all).
 * Returns false after adding an error. */
bool compare_region(compare_ctx *cx, size_t row, bool with_own, decomposition *out, diag *d);
void compare_end(compare_ctx *cx);
/* True when the own term uses a fast path — one row alone, or the lean
 * re-scorer (scores_compute's arithmetic without ranks and averages); each
 * is switched on only after reproducing S(new, old) bit for bit, else every
 * own term runs scores_compute. Exposed for tests. */
bool compare_ctx_fast(const compare_ctx *cx);
/* Switches the fast paths off: every own term then runs scores_compute on
 * the synthetic dataset. Exposed for tests (fast and slow must agree bit for
 * bit). */
void compare_ctx_force_slow(compare_ctx *cx);

/* One region of one dataset: compare_begin + compare_region + compare_end. */
bool compare_decompose(const scores *sc, int old_year, int new_year, level lv, size_t row,
                       decomposition *out, diag *d);
/* Every row of the new dataset's level into out (n_level_regions entries).
 * with_own: the own/others split needs a re-scoring per region — of the
 * region's row alone where the level derives nothing from a lower level
 * (microseconds; 0.55 s for 10,800 Gemeinden), else of the level and the
 * levels below (about 0.25 ms per Land). Returns false after adding an error. */
bool compare_decompose_all(const scores *old_sc, int old_year, const scores *new_sc, int new_year,
                           level lv, bool with_own, decomposition *out, diag *d);

/* ---- the `digindex diff` report ---------------------------------------------- */

/* Appends the plain-text report (English; names as in the data): model changes
 * per level, series breaks, and per level the `top` largest rank moves with
 * their decomposition. `old_label`/`new_label` name the sides ("2023",
 * "old-data/2025"). Returns false after adding an error. */
bool compare_report_write(buf *out, const scores *old_sc, int old_year, const char *old_label,
                          const scores *new_sc, int new_year, const char *new_label, size_t top,
                          diag *d);

#endif
