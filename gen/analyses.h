/* analyses: what every briefing of an edition shows beyond the scores.
 *
 * Rank uncertainty (uncertainty.h), the change split into method and data
 * (compare.h), what it would take (whatif.h) and the previous edition as
 * published (published.h), computed once per edition and level before any
 * view is built, then handed to the view builder (view_input.analyses). The
 * build and `digindex context` use the same computation, so the context a
 * template author previews is the one the build renders.
 *
 * Ownership: an `analyses` owns its arrays; analyses_free releases them.
 * The view_analyses it fills borrow from it. */
#ifndef DIGINDEX_ANALYSES_H
#define DIGINDEX_ANALYSES_H

#include "compare.h"
#include "diag.h"
#include "published.h"
#include "uncertainty.h"
#include "view.h"
#include "whatif.h"

/* What a briefing compares its own numbers with, per node of a level's
 * tree: the Ø change of the score over the regions scored in both editions
 * (NAN without), and for indicators the Ø raw value over the regions with a
 * value and the decimals those values carry (at most 2; NAN / 0 for inner
 * nodes). */
typedef struct level_means {
    int n_nodes;
    double *change;     /* n_nodes */
    double *raw;        /* n_nodes */
    int *raw_decimals;  /* n_nodes */
} level_means;

typedef struct analyses {
    rank_interval *intervals[LEVEL_COUNT];      /* per row; NULL for an absent level */
    decomposition *decomp[LEVEL_COUNT];         /* per row; NULL without a previous edition */
    whatif_result *whatif[LEVEL_COUNT];         /* two per row; NULL for Gemeinden */
    published_level *published[LEVEL_COUNT];    /* previous edition as published, or NULL */
    level_means *means[LEVEL_COUNT];            /* Ø change and Ø raw values; NULL for an absent level */
    model_diff model;                           /* previous edition → this one (compare.h) */
    bool has_model;                             /* model is set: there is a previous edition */
} analyses;

/* Computes the analyses of edition ed for the levels whose bit is set in
 * `levels` (1 << LEVEL_LAND, …; ~0u = all); out_dir is where published
 * editions lie (their downloads/scores-<level>.json). Returns false after
 * adding an error (a is then partly filled: free it anyway). Borrows
 * everything. */
bool analyses_compute(analyses *a, const dataset *ds, const scores *sc, const edition *ed,
                      unsigned levels, const char *out_dir, diag *d);
void analyses_free(analyses *a);
/* The per-level view of a for the view builder (borrowing from a). */
void analyses_for_view(const analyses *a, view_analyses out[LEVEL_COUNT]);

#endif
