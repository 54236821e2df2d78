/* compare: model changes, rank moves and the decomposition of changes
 * (see compare.h and docs/regeneration.md). */
#include "compare.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- model changes ------------------------------------------------------- */

/* Weight / sum of the siblings' weights; NAN for a root. */
static double effective_weight(const tree *t, int ni)
{
    const node *n = &t->nodes[ni];
    if (n->parent < 0) return NAN;
    const node *p = &t->nodes[n->parent];
    double sum = 0;
    for (int k = 0; k < p->n_children; k++) sum += t->nodes[p->children[k]].weight;
    return n->weight / sum;
}

static bool same_weight(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static bool same_norm(const normalisation *a, const normalisation *b)
{
    if (a->method != b->method) return false;
    if (a->method == NORM_MINMAX) return a->all_editions == b->all_editions;
    if (a->method == NORM_GOALPOSTS) return a->lower == b->lower && a->upper == b->upper;
    return true;
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool same_derive(const node *a, const node *b)
{
    if (a->derived != b->derived) return false;
    if (!a->derived) return true;
    return a->derive_level == b->derive_level && same_str(a->derive_node, b->derive_node) &&
           a->derive_population == b->derive_population;
}

static const node *parent_of(const tree *t, const node *n)
{
    return n->parent >= 0 ? &t->nodes[n->parent] : NULL;
}

static void add_change(model_diff *md, compare_change_kind kind, level lv, const tree *ot, int on,
                       const tree *nt, int nn)
{
    md->changes = xrealloc(md->changes, (md->n + 1) * sizeof *md->changes);
    model_change *c = &md->changes[md->n++];
    c->kind = kind;
    c->level = lv;
    c->old_node = on >= 0 ? &ot->nodes[on] : NULL;
    c->new_node = nn >= 0 ? &nt->nodes[nn] : NULL;
    c->old_parent = on >= 0 ? parent_of(ot, &ot->nodes[on]) : NULL;
    c->new_parent = nn >= 0 ? parent_of(nt, &nt->nodes[nn]) : NULL;
    c->old_weight = on >= 0 ? effective_weight(ot, on) : NAN;
    c->new_weight = nn >= 0 ? effective_weight(nt, nn) : NAN;
}

/* Changes of one level whose tree both editions have. */
static void diff_level(const tree *ot, const tree *nt, level lv, model_diff *md)
{
    for (int i = 0; i < nt->n_nodes; i++) {
        const node *n = &nt->nodes[i];
        int o = tree_find(ot, n->id);
        if (o < 0) {
            add_change(md, COMPARE_ADDED, lv, ot, -1, nt, i);
            continue;
        }
        const node *on = &ot->nodes[o];
        const node *np = parent_of(nt, n), *op = parent_of(ot, on);
        bool moved = (np == NULL) != (op == NULL) || (np && strcmp(np->id, op->id) != 0);
        if (moved)
            add_change(md, COMPARE_MOVED, lv, ot, o, nt, i);
        else if (!same_weight(effective_weight(ot, o), effective_weight(nt, i)))
            add_change(md, COMPARE_REWEIGHTED, lv, ot, o, nt, i);
        bool leaf_old = on->n_children == 0, leaf_new = n->n_children == 0;
        if (leaf_old != leaf_new || (!leaf_new && on->aggregation != n->aggregation)) {
            add_change(md, COMPARE_AGGREGATION, lv, ot, o, nt, i);
            continue;
        }
        if (!leaf_new) continue;
        if (!same_derive(on, n)) add_change(md, COMPARE_DERIVE, lv, ot, o, nt, i);
        if (!n->derived && !on->derived) {
            if (!same_norm(&on->norm, &n->norm)) add_change(md, COMPARE_NORMALISATION, lv, ot, o, nt, i);
            if (on->direction != n->direction) add_change(md, COMPARE_DIRECTION, lv, ot, o, nt, i);
        }
        if (!same_str(on->unit, n->unit)) add_change(md, COMPARE_UNIT, lv, ot, o, nt, i);
    }
    for (int o = 0; o < ot->n_nodes; o++)
        if (tree_find(nt, ot->nodes[o].id) < 0) add_change(md, COMPARE_REMOVED, lv, ot, o, nt, -1);
}

static void mark_chain(const tree *t, int ni, bool *marks)
{
    while (ni >= 0) {
        marks[ni] = true;
        ni = t->nodes[ni].parent;
    }
}

/* The new-tree index of the nearest ancestor of old node o (itself
 * excluded) that the new tree has; -1 when none. */
static int surviving_ancestor(const tree *ot, int o, const tree *nt)
{
    for (int a = ot->nodes[o].parent; a >= 0; a = ot->nodes[a].parent) {
        int n = tree_find(nt, ot->nodes[a].id);
        if (n >= 0) return n;
    }
    return -1;
}

static bool *node_breaks_depth(const edition *oe, const edition *ne, level lv, int depth)
{
    const level_data *nl = &ne->levels[lv];
    if (!nl->present) return NULL;
    const tree *nt = &nl->tree;
    bool *marks = xcalloc((size_t)(nt->n_nodes ? nt->n_nodes : 1), sizeof(bool));
    const level_data *ol = &oe->levels[lv];
    if (!ol->present) {
        for (int i = 0; i < nt->n_nodes; i++) marks[i] = true;
        return marks;
    }
    const tree *ot = &ol->tree;
    model_diff md = {NULL, 0, {false}};
    diff_level(ot, nt, lv, &md);
    for (size_t k = 0; k < md.n; k++) {
        const model_change *c = &md.changes[k];
        int ni = c->new_node ? (int)(c->new_node - nt->nodes) : -1;
        int oi = c->old_node ? (int)(c->old_node - ot->nodes) : -1;
        switch (c->kind) {
        case COMPARE_ADDED: mark_chain(nt, ni, marks); break;
        case COMPARE_REMOVED: mark_chain(nt, surviving_ancestor(ot, oi, nt), marks); break;
        case COMPARE_MOVED:
            mark_chain(nt, nt->nodes[ni].parent, marks);
            mark_chain(nt, surviving_ancestor(ot, oi, nt), marks);
            break;
        case COMPARE_REWEIGHTED: mark_chain(nt, nt->nodes[ni].parent, marks); break;
        default: mark_chain(nt, ni, marks); break;
        }
    }
    compare_model_diff_free(&md);
    /* A derived indicator breaks with the lower-level node it comes from. */
    for (int i = 0; i < nt->n_nodes && depth < LEVEL_COUNT; i++) {
        const node *n = &nt->nodes[i];
        if (!n->derived || marks[i]) continue;
        bool *lower = node_breaks_depth(oe, ne, n->derive_level, depth + 1);
        int src = lower ? tree_find(&ne->levels[n->derive_level].tree, n->derive_node) : -1;
        if (!lower || src < 0 || lower[src]) mark_chain(nt, i, marks);
        free(lower);
    }
    return marks;
}

bool *compare_node_breaks(const edition *old_ed, const edition *new_ed, level lv)
{
    return node_breaks_depth(old_ed, new_ed, lv, 0);
}

void compare_models(const edition *old_ed, const edition *new_ed, model_diff *out)
{
    out->changes = NULL;
    out->n = 0;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        const level_data *ol = &old_ed->levels[l], *nl = &new_ed->levels[l];
        out->level_break[l] = false;
        if (!ol->present && !nl->present) continue;
        if (ol->present && nl->present) {
            diff_level(&ol->tree, &nl->tree, (level)l, out);
            bool *marks = compare_node_breaks(old_ed, new_ed, (level)l);
            out->level_break[l] = marks && marks[0];
            free(marks);
        } else if (nl->present) {
            add_change(out, COMPARE_ADDED, (level)l, NULL, -1, &nl->tree, 0);
            out->level_break[l] = true;
        } else {
            add_change(out, COMPARE_REMOVED, (level)l, &ol->tree, 0, NULL, -1);
            out->level_break[l] = true;
        }
    }
}

void compare_model_diff_free(model_diff *md)
{
    free(md->changes);
    md->changes = NULL;
    md->n = 0;
}

static void put_percent(buf *out, double w)
{
    if (isnan(w)) {
        buf_puts(out, "–");
        return;
    }
    double p = w * 100;
    if (fabs(p - round(p)) < 1e-9)
        buf_printf(out, "%.0f %%", p);
    else
        buf_printf(out, "%.1f %%", p);
}

static const char *norm_label(const normalisation *n, buf *tmp)
{
    buf_clear(tmp);
    switch (n->method) {
    case NORM_MINMAX: buf_puts(tmp, n->all_editions ? "min-max over all editions" : "min-max"); break;
    case NORM_ZSCORE: buf_puts(tmp, "z-score"); break;
    case NORM_GOALPOSTS: buf_printf(tmp, "goalposts %g–%g", n->lower, n->upper); break;
    case NORM_NONE: buf_puts(tmp, "none"); break;
    }
    return buf_cstr(tmp);
}

static void put_node(buf *out, const node *n)
{
    buf_printf(out, "%s %s", n->id, n->name);
}

void compare_change_describe(buf *out, const model_change *c)
{
    const node *n = c->new_node ? c->new_node : c->old_node;
    buf a = BUF_INIT, b = BUF_INIT;
    switch (c->kind) {
    case COMPARE_ADDED:
        buf_puts(out, "added          ");
        put_node(out, n);
        if (c->new_parent) {
            buf_printf(out, " (under %s, weight ", c->new_parent->id);
            put_percent(out, c->new_weight);
            buf_putc(out, ')');
        } else {
            buf_printf(out, " (the whole %s level)", level_name(c->level));
        }
        break;
    case COMPARE_REMOVED:
        buf_puts(out, "removed        ");
        put_node(out, n);
        if (c->old_parent) {
            buf_printf(out, " (was under %s, weight ", c->old_parent->id);
            put_percent(out, c->old_weight);
            buf_putc(out, ')');
        } else {
            buf_printf(out, " (the whole %s level)", level_name(c->level));
        }
        break;
    case COMPARE_MOVED:
        buf_puts(out, "moved          ");
        put_node(out, n);
        buf_printf(out, ": from %s (", c->old_parent ? c->old_parent->id : "the root");
        put_percent(out, c->old_weight);
        buf_printf(out, ") to %s (", c->new_parent ? c->new_parent->id : "the root");
        put_percent(out, c->new_weight);
        buf_putc(out, ')');
        break;
    case COMPARE_REWEIGHTED:
        buf_puts(out, "reweighted     ");
        put_node(out, n);
        buf_printf(out, " in %s: ", c->new_parent ? c->new_parent->id : "?");
        put_percent(out, c->old_weight);
        buf_puts(out, " → ");
        put_percent(out, c->new_weight);
        break;
    case COMPARE_NORMALISATION:
        buf_puts(out, "normalisation  ");
        put_node(out, n);
        buf_printf(out, ": %s → %s", norm_label(&c->old_node->norm, &a),
                   norm_label(&c->new_node->norm, &b));
        break;
    case COMPARE_DIRECTION:
        buf_puts(out, "direction      ");
        put_node(out, n);
        buf_printf(out, ": %s → %s",
                   c->old_node->direction > 0 ? "higher is better" : "lower is better",
                   c->new_node->direction > 0 ? "higher is better" : "lower is better");
        break;
    case COMPARE_AGGREGATION: {
        bool ol = c->old_node->n_children == 0, nl = c->new_node->n_children == 0;
        buf_puts(out, "aggregation    ");
        put_node(out, n);
        if (ol != nl)
            buf_puts(out, nl ? ": was an aggregate, now an indicator"
                             : ": was an indicator, now an aggregate");
        else
            buf_printf(out, ": %s → %s",
                       c->old_node->aggregation == AGG_GEOMETRIC ? "geometric" : "arithmetic",
                       c->new_node->aggregation == AGG_GEOMETRIC ? "geometric" : "arithmetic");
        break;
    }
    case COMPARE_DERIVE:
        buf_puts(out, "derivation     ");
        put_node(out, n);
        if (c->old_node->derived)
            buf_printf(out, ": from %s %s (%s)", level_name(c->old_node->derive_level),
                       c->old_node->derive_node,
                       c->old_node->derive_population ? "population" : "equal");
        else
            buf_puts(out, ": from values");
        if (c->new_node->derived)
            buf_printf(out, " → from %s %s (%s)", level_name(c->new_node->derive_level),
                       c->new_node->derive_node,
                       c->new_node->derive_population ? "population" : "equal");
        else
            buf_puts(out, " → from values");
        break;
    case COMPARE_UNIT:
        buf_puts(out, "unit           ");
        put_node(out, n);
        buf_printf(out, ": \"%s\" → \"%s\"", c->old_node->unit ? c->old_node->unit : "",
                   c->new_node->unit ? c->new_node->unit : "");
        break;
    }
    buf_free(&a);
    buf_free(&b);
}

/* ---- rows across datasets ------------------------------------------------ */

/* Row in `to` (same level) of the region at `row` of `from`; SIZE_MAX when absent. */
static size_t map_row(const dataset *from, level lv, size_t row, const dataset *to)
{
    if (from == to) return row;
    const region *rg = &from->regions[from->level_regions[lv][row]];
    size_t ri = dataset_find_region(to, rg->ags);
    if (ri == SIZE_MAX || to->regions[ri].level != lv) return SIZE_MAX;
    return to->regions[ri].row;
}

/* ---- rank moves ---------------------------------------------------------------- */

static int cmp_move(const void *a, const void *b)
{
    const rank_move *x = a, *y = b;
    int ax = abs(x->move), ay = abs(y->move);
    if (ax != ay) return ay - ax;
    if (x->new_rank != y->new_rank) return x->new_rank - y->new_rank;
    return (x->row > y->row) - (x->row < y->row);
}

size_t compare_rank_moves(const scores *old_sc, int old_year, const scores *new_sc, int new_year,
                          level lv, size_t max, rank_move *out)
{
    const level_scores *ol = scores_get(old_sc, old_year, lv);
    const level_scores *nl = scores_get(new_sc, new_year, lv);
    if (!ol || !nl || max == 0) return 0;
    rank_move *all = xmalloc((nl->n_rows ? nl->n_rows : 1) * sizeof *all);
    size_t n = 0;
    for (size_t r = 0; r < nl->n_rows; r++) {
        size_t orow = map_row(new_sc->ds, lv, r, old_sc->ds);
        if (orow == SIZE_MAX) continue;
        int orank = ls_rank(ol, orow, 0), nrank = ls_rank(nl, r, 0);
        if (!orank || !nrank) continue;
        all[n++] = (rank_move){r, orank, nrank, orank - nrank, ls_score(ol, orow, 0),
                               ls_score(nl, r, 0)};
    }
    qsort(all, n, sizeof *all, cmp_move);
    if (n > max) n = max;
    memcpy(out, all, n * sizeof *out);
    free(all);
    return n;
}

/* ---- decomposition ---------------------------------------------------------- */

struct compare_ctx {
    const scores *old_sc, *new_sc;
    int old_year, new_year;
    level lv;
    const level_scores *old_ls, *new_ls;
    const edition *new_ed;
    dataset xds;                    /* shallow copy of the new dataset */
    edition *xeds;                  /* owned: its editions + the synthetic one */
    double *xraw[LEVEL_COUNT];      /* owned: synthetic raw values (old data) */
    double *save;                   /* scratch for swapped rows */
    size_t save_cap;
    const level_scores *x_old;      /* S(new, old), in x_sc */
    scores *x_sc;
    bool series_break;
    /* The lean re-scorer for the own term (see lean_score). */
    bool lean_ok;                   /* it reproduced S(new, old) bit for bit */
    bool row_only;                  /* lv derives from no other level: score one row */
    scoring_extremes *top;          /* row_only: per leaf the extremes of the old-data
                                       column (direction-multiplied) */
    double *rowsc;                  /* scratch: one row's node scores */
    double *xs, *ws;                /* scratch for scoring_aggregate_node (row_only) */
    double *ext[LEVEL_COUNT];       /* per leaf: min, max of the real editions (pool) */
    double *lraw[LEVEL_COUNT];      /* scratch: raw incl. derived */
    double *lscore[LEVEL_COUNT];    /* scratch: node scores */
    double *col, *ncol;             /* scratch columns */
};

enum { SYNTHETIC_YEAR = 0 };

/* Scores the synthetic dataset; NULL after moving its errors to d. */
static scores *score_synthetic(compare_ctx *cx, diag *d)
{
    diag sd = DIAG_INIT;
    scores *sc = scores_compute(&cx->xds, &sd);
    if (!sc) {
        diag keep = DIAG_INIT;
        for (size_t i = 0; i < sd.count; i++) {
            const diag_entry *e = &sd.entries[i];
            if (e->severity == DIAG_ERROR)
                diag_add(&keep, DIAG_ERROR, e->file, e->line, e->column, e->where, e->hint,
                         "comparing editions %d and %d: %s", cx->old_year, cx->new_year,
                         e->message);
        }
        diag_move(d, &keep);
    }
    diag_free(&sd);
    return sc;
}

/* The pool of every leaf of level l over the new side's real editions, as
 * scores_pool_ranges collects it (the synthetic edition's own column is
 * added per scoring). */
static double *real_pool(const compare_ctx *cx, level l)
{
    return scores_pool_ranges(cx->new_sc, &cx->new_ed->levels[l].tree, l);
}

/* Scores the synthetic edition's levels lv and below from cx->xraw into
 * cx->lscore, with exactly the arithmetic of scores_compute (derive,
 * normalise with the pool, aggregate) but without ranks and averages: the
 * own term needs only the region's index. False when a geometric mean is
 * undefined. */
static bool lean_score(compare_ctx *cx)
{
    const dataset *ds = cx->new_sc->ds;
    for (int l = LEVEL_COUNT - 1; l >= (int)cx->lv; l--) {
        if (!cx->xraw[l]) continue;
        const tree *t = &cx->new_ed->levels[l].tree;
        size_t nr = ds->n_level_regions[l], nl = (size_t)t->n_leaves;
        double *raw = cx->lraw[l], *sc = cx->lscore[l];
        memcpy(raw, cx->xraw[l], nr * nl * sizeof *raw);
        for (size_t li = 0; li < nl; li++) {
            const node *n = &t->nodes[t->leaves[li]];
            if (!n->derived) continue;
            const double *src = cx->lscore[n->derive_level];
            const tree *st = &cx->new_ed->levels[n->derive_level].tree;
            int sn = src ? tree_find(st, n->derive_node) : -1;
            scoring_derive(ds, (level)l, n, src, (size_t)st->n_nodes, sn, raw + li, nl);
        }
        /* The real editions' pool lacks the synthetic column: widened by it. */
        int maxc = scoring_max_children(t);
        double *xs = xmalloc((size_t)maxc * sizeof *xs), *ws = xmalloc((size_t)maxc * sizeof *ws);
        bool ok = scoring_level(t, raw, nr, cx->ext[l], true, sc, NULL, cx->col, cx->ncol, xs, ws,
                                NULL);
        free(xs);
        free(ws);
        if (!ok) return false;
    }
    return true;
}

/* The index of `row` alone, when lv derives from no other level: a row's
 * scores depend on the other rows only through each column's normalisation
 * (min and max from the precomputed extremes of the others; z-scores from
 * the whole column), so one row is scored without the rest. Same
 * arithmetic as scores_compute. NAN also when a geometric mean is undefined. */
static double row_score(compare_ctx *cx, size_t row)
{
    const tree *t = &cx->new_ed->levels[cx->lv].tree;
    size_t nl = (size_t)t->n_leaves, nr = cx->new_sc->ds->n_level_regions[cx->lv];
    const double *raw = cx->xraw[cx->lv];
    double *sc = cx->rowsc;
    for (size_t li = 0; li < nl; li++) {
        const node *n = &t->nodes[t->leaves[li]];
        double x = raw[row * nl + li], s;
        if (n->norm.method == NORM_MINMAX) {
            double v = x * (n->direction < 0 ? -1.0 : 1.0), lo, hi;
            scoring_extremes_replace(&cx->top[li], row, v, &lo, &hi);
            if (n->norm.all_editions) {
                lo = fmin(lo, cx->ext[cx->lv][2 * li]);
                hi = fmax(hi, cx->ext[cx->lv][2 * li + 1]);
            }
            if (!(hi > lo))
                s = NAN;
            else
                normalise_values(&n->norm, n->direction, &x, 1, lo, hi, &s);
        } else if (n->norm.method == NORM_ZSCORE) {
            for (size_t r = 0; r < nr; r++) cx->col[r] = raw[r * nl + li];
            normalise_values(&n->norm, n->direction, cx->col, nr, NAN, NAN, cx->ncol);
            s = cx->ncol[row];
        } else {
            normalise_values(&n->norm, n->direction, &x, 1, NAN, NAN, &s);
        }
        sc[t->leaves[li]] = s;
    }
    /* An undefined geometric mean leaves NAN and goes on. */
    for (int i = t->n_nodes - 1; i >= 0; i--)
        if (t->nodes[i].n_children > 0) scoring_aggregate_node(t, i, NULL, sc, cx->xs, cx->ws);
    return sc[0];
}

/* The extremes of every leaf column of the old data, for row_score. */
static void row_only_setup(compare_ctx *cx)
{
    const tree *t = &cx->new_ed->levels[cx->lv].tree;
    size_t nl = (size_t)t->n_leaves, nr = cx->new_sc->ds->n_level_regions[cx->lv];
    cx->top = xmalloc((nl ? nl : 1) * sizeof *cx->top);
    cx->rowsc = xmalloc((size_t)(t->n_nodes ? t->n_nodes : 1) * sizeof(double));
    int maxc = scoring_max_children(t);
    cx->xs = xmalloc((size_t)maxc * sizeof *cx->xs);
    cx->ws = xmalloc((size_t)maxc * sizeof *cx->ws);
    for (size_t li = 0; li < nl; li++) {
        const node *n = &t->nodes[t->leaves[li]];
        double d = n->direction < 0 ? -1.0 : 1.0;
        cx->top[li] = scoring_extremes_of(cx->xraw[cx->lv] + li, nr, nl, d);
    }
}

/* Sets up the lean re-scorer and checks that it reproduces S(new, old) bit
 * for bit; when it does not (it should), the own term falls back to
 * scores_compute. */
static void lean_setup(compare_ctx *cx)
{
    const dataset *ds = cx->new_sc->ds;
    size_t maxr = 1;
    for (int l = (int)cx->lv; l < LEVEL_COUNT; l++) {
        if (!cx->xraw[l]) continue;
        const tree *t = &cx->new_ed->levels[l].tree;
        size_t nr = ds->n_level_regions[l];
        if (nr > maxr) maxr = nr;
        cx->ext[l] = real_pool(cx, (level)l);
        size_t cells_raw = nr * (size_t)t->n_leaves, cells_score = nr * (size_t)t->n_nodes;
        cx->lraw[l] = xmalloc((cells_raw ? cells_raw : 1) * sizeof(double));
        cx->lscore[l] = xmalloc((cells_score ? cells_score : 1) * sizeof(double));
    }
    cx->col = xmalloc(maxr * sizeof(double));
    cx->ncol = xmalloc(maxr * sizeof(double));
    cx->lean_ok = lean_score(cx);
    size_t nn = (size_t)cx->x_old->n_nodes;
    for (size_t r = 0; cx->lean_ok && r < cx->x_old->n_rows; r++) {
        double a = cx->lscore[cx->lv][r * nn], b = ls_score(cx->x_old, r, 0);
        if (!(a == b || (isnan(a) && isnan(b)))) cx->lean_ok = false;
    }
    cx->row_only = cx->lean_ok;
    for (int l = (int)cx->lv + 1; l < LEVEL_COUNT; l++)
        if (cx->xraw[l]) cx->row_only = false;
    if (cx->row_only) {
        row_only_setup(cx);
        for (size_t r = 0; cx->row_only && r < cx->x_old->n_rows; r++) {
            double a = row_score(cx, r), b = ls_score(cx->x_old, r, 0);
            if (!(a == b || (isnan(a) && isnan(b)))) cx->row_only = false;
        }
    }
}

compare_ctx *compare_begin(const scores *old_sc, int old_year, const scores *new_sc, int new_year,
                           level lv, diag *d)
{
    const level_scores *ol = scores_get(old_sc, old_year, lv);
    const level_scores *nl = scores_get(new_sc, new_year, lv);
    if (!ol || !nl) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, NULL,
                 "cannot compare level %s: edition %d %s", level_name(lv), !ol ? old_year : new_year,
                 dataset_edition(!ol ? old_sc->ds : new_sc->ds, !ol ? old_year : new_year)
                     ? "does not model it"
                     : "is not in the data");
        return NULL;
    }
    compare_ctx *cx = xcalloc(1, sizeof *cx);
    cx->old_sc = old_sc;
    cx->new_sc = new_sc;
    cx->old_year = old_year;
    cx->new_year = new_year;
    cx->lv = lv;
    cx->old_ls = ol;
    cx->new_ls = nl;
    const dataset *nds = new_sc->ds, *ods = old_sc->ds;
    cx->new_ed = nl->edition;
    const edition *old_ed = ol->edition;

    bool *marks = compare_node_breaks(old_ed, cx->new_ed, lv);
    cx->series_break = marks && marks[0];
    free(marks);

    /* The new side's editions plus a synthetic edition (new trees, old
     * data), each with only lv and the lower levels that some edition's lv
     * derives from (directly or through another level). */
    size_t ne = nds->n_editions;
    bool needed[LEVEL_COUNT] = {false};
    needed[lv] = true;
    for (int l = (int)lv; l < LEVEL_COUNT; l++) {
        if (!needed[l]) continue;
        for (size_t e = 0; e < ne; e++) {
            const level_data *ld = &nds->editions[e].levels[l];
            if (!ld->present) continue;
            for (int i = 0; i < ld->tree.n_nodes; i++)
                if (ld->tree.nodes[i].derived) needed[ld->tree.nodes[i].derive_level] = true;
        }
    }
    cx->xds = *nds;
    cx->xeds = xcalloc(ne + 1, sizeof *cx->xeds);
    for (size_t e = 0; e < ne; e++) {
        cx->xeds[e] = nds->editions[e];
        for (int l = 0; l < LEVEL_COUNT; l++)
            if (!needed[l]) cx->xeds[e].levels[l].present = false;
    }
    edition *syn = &cx->xeds[ne];
    *syn = *cx->new_ed;
    syn->year = SYNTHETIC_YEAR;
    syn->previous_year = 0;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        level_data *xl = &syn->levels[l];
        if (!needed[l]) xl->present = false;
        if (!xl->present) {
            xl->raw = NULL;
            continue;
        }
        const tree *t = &xl->tree;
        size_t nr = nds->n_level_regions[l], nleaf = (size_t)t->n_leaves;
        size_t cells = nr * nleaf;
        double *raw = xmalloc((cells ? cells : 1) * sizeof(double));
        for (size_t i = 0; i < nr * nleaf; i++) raw[i] = NAN;
        const level_scores *src = scores_get(old_sc, old_year, (level)l);
        const level_scores *cur = scores_get(new_sc, new_year, (level)l);
        size_t snl = src ? (size_t)src->tree->n_leaves : 0;
        for (size_t li = 0; li < nleaf; li++) {
            const node *n = &t->nodes[t->leaves[li]];
            int on = src ? tree_find(src->tree, n->id) : -1;
            if (on >= 0 && src->tree->nodes[on].leaf >= 0) {
                size_t oleaf = (size_t)src->tree->nodes[on].leaf;
                for (size_t r = 0; r < nr; r++) {
                    size_t orow = map_row(nds, (level)l, r, ods);
                    if (orow != SIZE_MAX) raw[r * nleaf + li] = src->raw[orow * snl + oleaf];
                }
            } else if (cur && cur->tree->nodes == t->nodes) {
                /* An indicator the old model lacks is part of the method
                 * change: it enters S(new, old) with its new values, so
                 * adding it moves the method part, not the data part. */
                for (size_t r = 0; r < nr; r++) raw[r * nleaf + li] = cur->raw[r * nleaf + li];
            }
        }
        cx->xraw[l] = raw;
        xl->raw = raw;
    }
    cx->xds.editions = cx->xeds;
    cx->xds.n_editions = ne + 1;
    cx->x_sc = score_synthetic(cx, d);
    if (!cx->x_sc) {
        compare_end(cx);
        return NULL;
    }
    cx->x_old = scores_get(cx->x_sc, SYNTHETIC_YEAR, lv);
    lean_setup(cx);
    return cx;
}

bool compare_ctx_fast(const compare_ctx *cx)
{
    return cx->lean_ok;
}

void compare_ctx_force_slow(compare_ctx *cx)
{
    cx->lean_ok = false;
    cx->row_only = false;
}

void compare_end(compare_ctx *cx)
{
    if (!cx) return;
    scores_free(cx->x_sc);
    for (int l = 0; l < LEVEL_COUNT; l++) {
        free(cx->xraw[l]);
        free(cx->ext[l]);
        free(cx->lraw[l]);
        free(cx->lscore[l]);
    }
    free(cx->col);
    free(cx->ncol);
    free(cx->top);
    free(cx->xs);
    free(cx->ws);
    free(cx->rowsc);
    free(cx->xeds);
    free(cx->save);
    free(cx);
}

/* Does the region at dataset index `ri` (level `lv`) own the region `rg`? */
static bool owns(const region *rg, level lv, size_t ri)
{
    return lv == LEVEL_LAND ? rg->land == ri : lv == LEVEL_KREIS ? rg->kreis == ri : false;
}

/* Swaps the new values of the region's own rows into the synthetic edition
 * (swap = true saves the old ones into cx->save), or puts the saved old
 * values back (swap = false). */
static void swap_own_rows(compare_ctx *cx, size_t row, bool swap)
{
    const dataset *ds = cx->new_sc->ds;
    size_t ri = ds->level_regions[cx->lv][row];
    size_t k = 0;
    for (int l = (int)cx->lv; l < LEVEL_COUNT; l++) {
        if (!cx->xraw[l]) continue;
        size_t nleaf = (size_t)cx->new_ed->levels[l].tree.n_leaves;
        const double *newraw = cx->new_ed->levels[l].raw;
        for (size_t r = 0; r < ds->n_level_regions[l]; r++) {
            const region *rg = &ds->regions[ds->level_regions[l][r]];
            bool mine = l == (int)cx->lv ? r == row : owns(rg, cx->lv, ri);
            if (!mine) continue;
            double *dst = cx->xraw[l] + r * nleaf;
            if (swap) {
                if (k + nleaf > cx->save_cap) {
                    cx->save_cap = (k + nleaf) * 2;
                    cx->save = xrealloc(cx->save, cx->save_cap * sizeof *cx->save);
                }
                memcpy(cx->save + k, dst, nleaf * sizeof *dst);
                memcpy(dst, newraw + r * nleaf, nleaf * sizeof *dst);
            } else {
                memcpy(dst, cx->save + k, nleaf * sizeof *dst);
            }
            k += nleaf;
        }
    }
}

bool compare_region(compare_ctx *cx, size_t row, bool with_own, decomposition *out, diag *d)
{
    memset(out, 0, sizeof *out);
    out->series_break = cx->series_break;
    size_t orow = map_row(cx->new_sc->ds, cx->lv, row, cx->old_sc->ds);
    out->old_score = orow != SIZE_MAX ? ls_score(cx->old_ls, orow, 0) : NAN;
    out->old_rank = orow != SIZE_MAX ? ls_rank(cx->old_ls, orow, 0) : 0;
    out->new_score = ls_score(cx->new_ls, row, 0);
    out->new_rank = ls_rank(cx->new_ls, row, 0);
    out->new_model_old_data = ls_score(cx->x_old, row, 0);
    out->new_model_own_new = NAN;
    out->total = out->method = out->data = out->own = out->others = NAN;
    out->available = !isnan(out->old_score) && !isnan(out->new_score);
    if (!out->available) return true;
    out->total = out->new_score - out->old_score;
    out->decomposed = !isnan(out->new_model_old_data);
    if (!out->decomposed) return true;
    out->method = out->new_model_old_data - out->old_score;
    out->data = out->total - out->method;
    if (!with_own) return true;
    swap_own_rows(cx, row, true);
    if (cx->row_only) {
        out->new_model_own_new = row_score(cx, row);
    } else if (cx->lean_ok && lean_score(cx)) {
        out->new_model_own_new = cx->lscore[cx->lv][row * (size_t)cx->x_old->n_nodes];
    } else {
        scores *sc = score_synthetic(cx, d);
        if (!sc) {
            swap_own_rows(cx, row, false);
            return false;
        }
        out->new_model_own_new = ls_score(scores_get(sc, SYNTHETIC_YEAR, cx->lv), row, 0);
        scores_free(sc);
    }
    swap_own_rows(cx, row, false);
    if (isnan(out->new_model_own_new)) return true;
    out->has_own = true;
    out->own = out->new_model_own_new - out->new_model_old_data;
    out->others = out->total - out->method - out->own;
    return true;
}

bool compare_decompose(const scores *sc, int old_year, int new_year, level lv, size_t row,
                       decomposition *out, diag *d)
{
    compare_ctx *cx = compare_begin(sc, old_year, sc, new_year, lv, d);
    if (!cx) return false;
    bool ok = compare_region(cx, row, true, out, d);
    compare_end(cx);
    return ok;
}

bool compare_decompose_all(const scores *old_sc, int old_year, const scores *new_sc, int new_year,
                           level lv, bool with_own, decomposition *out, diag *d)
{
    compare_ctx *cx = compare_begin(old_sc, old_year, new_sc, new_year, lv, d);
    if (!cx) return false;
    bool ok = true;
    for (size_t r = 0; r < new_sc->ds->n_level_regions[lv] && ok; r++)
        ok = compare_region(cx, r, with_own, &out[r], d);
    compare_end(cx);
    return ok;
}

/* ---- the report ---------------------------------------------------------------- */

static void put_signed(buf *out, double x)
{
    if (isnan(x))
        buf_printf(out, "%9s", "–");
    else
        buf_printf(out, "%+9.2f", x == 0 ? 0.0 : x);
}

bool compare_report_write(buf *out, const scores *old_sc, int old_year, const char *old_label,
                          const scores *new_sc, int new_year, const char *new_label, size_t top,
                          diag *d)
{
    const edition *oe = dataset_edition(old_sc->ds, old_year);
    const edition *ne = dataset_edition(new_sc->ds, new_year);
    if (!oe || !ne) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, NULL, "edition %d is not in the data",
                 !oe ? old_year : new_year);
        return false;
    }
    buf_printf(out, "digindex diff: %s → %s\n", old_label, new_label);
    buf_printf(out, "old: %s (%d)\nnew: %s (%d)\n", oe->title, oe->year, ne->title, ne->year);
    model_diff md;
    compare_models(oe, ne, &md);
    bool ok = true;
    for (int l = 0; l < LEVEL_COUNT && ok; l++) {
        if (!oe->levels[l].present && !ne->levels[l].present) continue;
        const dataset *nds = new_sc->ds;
        buf_printf(out, "\n== %s (level %s) ==\n", level_plural_de((level)l), level_name((level)l));
        buf_puts(out, "\nModel changes:\n");
        size_t shown = 0;
        for (size_t k = 0; k < md.n; k++) {
            if (md.changes[k].level != (level)l) continue;
            buf_puts(out, "  ");
            compare_change_describe(out, &md.changes[k]);
            buf_putc(out, '\n');
            shown++;
        }
        if (!shown) buf_puts(out, "  none\n");
        if (!oe->levels[l].present || !ne->levels[l].present) continue;
        if (md.level_break[l])
            buf_puts(out, "\nSeries break: the model of this level (or of a level it derives from)\n"
                          "changed, so a change in the index is not like for like. The method\n"
                          "column shows what the model change alone did to each region.\n");
        const tree *nt = &ne->levels[l].tree;
        size_t nrows = nds->n_level_regions[l];
        size_t want = top < nrows ? top : nrows;
        rank_move *moves = xmalloc((want ? want : 1) * sizeof *moves);
        size_t nm = compare_rank_moves(old_sc, old_year, new_sc, new_year, (level)l, want, moves);
        buf_printf(out, "\nLargest rank moves (index %s %s), score change = method + own data + "
                        "others' data:\n",
                   nt->nodes[0].id, nt->nodes[0].name);
        if (!nm) buf_puts(out, "  none\n");
        compare_ctx *cx = nm ? compare_begin(old_sc, old_year, new_sc, new_year, (level)l, d) : NULL;
        if (nm && !cx) ok = false;
        if (nm && cx)
            buf_printf(out, "  %5s  %-9s  %-17s  %9s  %9s  %9s  %9s  %s\n", "move", "rank", "score",
                       "change", "method", "own data", "others'", "region");
        for (size_t i = 0; i < nm && ok; i++) {
            decomposition dc;
            ok = compare_region(cx, moves[i].row, true, &dc, d);
            if (!ok) break;
            const region *rg = &nds->regions[nds->level_regions[l][moves[i].row]];
            char rank[32], score[48];
            snprintf(rank, sizeof rank, "%d → %d", moves[i].old_rank, moves[i].new_rank);
            snprintf(score, sizeof score, "%.2f → %.2f", moves[i].old_score, moves[i].new_score);
            /* The arrow is 3 bytes wide in UTF-8 but one column on screen. */
            buf_printf(out, "  %+5d  %-11s  %-19s  ", moves[i].move, rank, score);
            put_signed(out, dc.total);
            buf_puts(out, "  ");
            put_signed(out, dc.method);
            buf_puts(out, "  ");
            put_signed(out, dc.own);
            buf_puts(out, "  ");
            put_signed(out, dc.others);
            buf_printf(out, "  %s %s\n", rg->ags, rg->name);
        }
        compare_end(cx);
        free(moves);
    }
    compare_model_diff_free(&md);
    return ok;
}
