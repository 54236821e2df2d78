/* whatif: "what it would take" — the smallest improvement in ONE indicator
 * that lifts a region to the Ø of its level, or to the next rank.
 *
 * Owned by the regeneration work (helper); the briefings call whatif_begin
 * once per edition and level, whatif_ctx_region per region, whatif_end.
 * Pure computation; library code: never prints or exits.
 *
 * For each indicator that takes a value (derived indicators, indicators
 * without scores and the region's missing values are skipped) the region's
 * raw value is moved in its better direction, all other values held fixed,
 * and the level is re-scored exactly as scores_compute does it: the
 * indicator's column is renormalised (min-max may get a new minimum or
 * maximum — pooled min-max keeps the other editions' values in the pool),
 * the region's (or, when the normalisation changed, every region's) index
 * is re-aggregated along the indicator's path, and the target is re-evaluated
 * on the new scores:
 *   WHATIF_AVERAGE    index ≥ Ø of all regions of the level (Ø recomputed)
 *   WHATIF_NEXT_RANK  rank ≤ current rank − 1 (competition ranking; a tie
 *                     with the region above counts)
 * The smallest sufficient change is found by a bracketing root search
 * (regula falsi with Illinois step, safeguarded by bisection) to a relative
 * 1e-13 of the value scale. The search may take two shortcuts — the Ø from
 * the others' fixed sum while only this region's score moves, and each
 * region's index as linear in the indicator's score (arithmetic means) when
 * every region's score moves — and then confirms its bracket with the exact
 * arithmetic: the returned value reaches the target when re-scored, and a
 * value 1e-9 of the scale less does not.
 *
 * A whatif_ctx holds scratch space: use one per thread (the module calls
 * neither scores_compute nor rank_competition, so contexts on several
 * threads are safe). About 50 µs per Kreis, 3 ms per Gemeinde of 10,800.
 *
 * Feasible range (the search never goes beyond): from the current value in
 * the indicator's better direction up to
 *   - the best value observed for the indicator (same id) across the
 *     level's regions in this and every other edition — a target no region
 *     has ever reached is not offered,
 *   - within [0, 100] for units containing "%",
 *   - and for goalposts at most to the goalpost where the score saturates.
 * Among the indicators that reach the target, the result names the one
 * whose change is smallest relative to its normalisation range (goalposts:
 * upper − lower; min-max: max − min of the (pooled) range; else the observed
 * range) — i.e. the fewest index-relevant points; ties keep model order. */
#ifndef DIGINDEX_WHATIF_H
#define DIGINDEX_WHATIF_H

#include "diag.h"
#include "model.h"
#include "scores.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum whatif_target { WHATIF_AVERAGE = 0, WHATIF_NEXT_RANK = 1, WHATIF_TARGETS = 2 } whatif_target;

typedef enum whatif_status {
    WHATIF_FOUND,       /* `node` and the values below say what it takes */
    WHATIF_ALREADY,     /* the region is at or above the Ø already */
    WHATIF_NOT_APPLICABLE, /* no index score, or rank 1 (no next rank) */
    WHATIF_INFEASIBLE   /* no single indicator suffices within its feasible range */
} whatif_status;

typedef struct whatif_result {
    whatif_target target;
    whatif_status status;
    bool feasible;          /* status == WHATIF_FOUND */
    double target_before;   /* the Ø, or the index of the region to draw level with */
    int node;               /* the indicator (node index in the tree); -1 unless found */
    double raw_from;        /* the region's value now (indicator's unit) */
    double raw_to;          /* the value that reaches the target */
    double raw_delta;       /* raw_to − raw_from: signed, in the indicator's unit
                               (negative for direction −1) */
    double relative;        /* |raw_delta| / normalisation range (0.042 = 4.2 % of it) */
    double new_score;       /* the region's index after the change */
    int new_rank;           /* its rank after the change */
    double target_after;    /* the Ø (or the region above's index) after the change */
} whatif_result;

typedef struct whatif_ctx whatif_ctx;

/* Prepares one edition and level (column statistics, pools). NULL after
 * adding an error (edition or level not scored). Borrows sc. */
whatif_ctx *whatif_begin(const scores *sc, int year, level lv, diag *d);
/* Both targets for one region (row in AGS order) into out[WHATIF_TARGETS]. */
void whatif_ctx_region(whatif_ctx *cx, size_t row, whatif_result out[WHATIF_TARGETS]);
void whatif_end(whatif_ctx *cx);

/* One region: whatif_begin + whatif_ctx_region + whatif_end. Returns false
 * after adding an error. */
bool whatif_region(const scores *sc, int year, level lv, size_t row,
                   whatif_result out[WHATIF_TARGETS], diag *d);

/* Re-scores the level with the region's value of one indicator (node index)
 * set to x and returns the region's index; *avg and *rank (when not NULL)
 * receive the new Ø and the region's new rank. The same arithmetic as the
 * search; exposed for tests and for checking a result. */
double whatif_rescore(whatif_ctx *cx, size_t row, int ni, double x, double *avg, int *rank);

#endif
