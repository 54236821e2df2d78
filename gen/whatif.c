/* whatif: the smallest single-indicator improvement (see whatif.h). */
#include "whatif.h"

#include "buf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per indicator column of the level. */
typedef struct leaf_info {
    int node;
    bool candidate;         /* takes a value and has scores */
    double d;               /* direction as ±1.0 */
    bool pooled;            /* min-max over all editions */
    double ext_min, ext_max;/* pooled: the other editions' direction-multiplied range */
    scoring_extremes ext;   /* this edition's column, direction-multiplied */
    double mn, mx;          /* the normalisation's range now (min-max) */
    double obs_lo, obs_hi;  /* observed raw range (own unit) */
    double scale;           /* normalisation range for `relative` */
    double bound_lo, bound_hi; /* feasible raw values */
    int *path;              /* ancestors from the parent to the root */
    int n_path;
    int linear;             /* -1 not known yet, 0 no (a geometric mean on the path), 1 yes */
    double *coef;           /* linear: d index / d score per row (for the search only) */
} leaf_info;

struct whatif_ctx {
    const level_scores *ls;
    const tree *t;
    size_t nr, nn, nl;
    leaf_info *leaf;
    double *index;          /* nr: the published index */
    double *col;            /* scratch: raw column */
    double *ncol;           /* scratch: normalised column */
    double *inew;           /* scratch: index column after a change */
    double *sel;            /* scratch for the k-th largest */
    double *row;            /* scratch: one row of node scores */
    double *x, *w;          /* scratch for aggregation */
    double me;              /* the region's index after the last rescore */
    int max_children;
};

static bool percent_unit(const char *unit)
{
    return unit && strchr(unit, '%') != NULL;
}

whatif_ctx *whatif_begin(const scores *sc, int year, level lv, diag *d)
{
    const level_scores *ls = scores_get(sc, year, lv);
    if (!ls) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, NULL,
                 "what-if: edition %d has no scores for level %s", year, level_name(lv));
        return NULL;
    }
    whatif_ctx *cx = xcalloc(1, sizeof *cx);
    cx->ls = ls;
    cx->t = ls->tree;
    cx->nr = ls->n_rows;
    cx->nn = (size_t)ls->n_nodes;
    cx->nl = (size_t)cx->t->n_leaves;
    size_t nr1 = cx->nr ? cx->nr : 1;
    cx->index = xmalloc(nr1 * sizeof(double));
    cx->col = xmalloc(nr1 * sizeof(double));
    cx->ncol = xmalloc(nr1 * sizeof(double));
    cx->inew = xmalloc(nr1 * sizeof(double));
    cx->sel = xmalloc(nr1 * sizeof(double));
    cx->row = xmalloc((cx->nn ? cx->nn : 1) * sizeof(double));
    cx->max_children = scoring_max_children(cx->t);
    cx->x = xmalloc((size_t)cx->max_children * sizeof(double));
    cx->w = xmalloc((size_t)cx->max_children * sizeof(double));
    for (size_t r = 0; r < cx->nr; r++) cx->index[r] = ls_score(ls, r, 0);
    cx->leaf = xcalloc(cx->nl ? cx->nl : 1, sizeof *cx->leaf);
    for (size_t li = 0; li < cx->nl; li++) {
        leaf_info *L = &cx->leaf[li];
        L->node = cx->t->leaves[li];
        const node *n = &cx->t->nodes[L->node];
        L->d = n->direction < 0 ? -1.0 : 1.0;
        L->pooled = n->norm.method == NORM_MINMAX && n->norm.all_editions;
        L->ext_min = INFINITY;
        L->ext_max = -INFINITY;
        if (L->pooled) scores_leaf_range(sc, lv, n->id, ls->edition, true, &L->ext_min, &L->ext_max);
        L->obs_lo = INFINITY;
        L->obs_hi = -INFINITY;
        scoring_range_widen(ls->raw + li, cx->nr, cx->nl, 1.0, &L->obs_lo, &L->obs_hi);
        L->ext = scoring_extremes_of(ls->raw + li, cx->nr, cx->nl, L->d);
        bool any_score = false;
        for (size_t r = 0; r < cx->nr; r++) any_score |= !isnan(ls_score(ls, r, L->node));
        L->mn = fmin(L->ext.min1, L->ext_min);
        L->mx = fmax(L->ext.max1, L->ext_max);
        L->candidate = !n->derived && any_score && L->obs_hi > L->obs_lo;
        double range = L->obs_hi - L->obs_lo;
        switch (n->norm.method) {
        case NORM_GOALPOSTS: L->scale = n->norm.upper - n->norm.lower; break;
        case NORM_MINMAX: L->scale = L->mx - L->mn; break;
        default: L->scale = range; break;
        }
        if (!(L->scale > 0)) L->scale = range;
        /* Feasible values: what some region of the level has reached in
         * some edition — a target nobody has ever reached is no advice. */
        L->bound_lo = L->obs_lo;
        L->bound_hi = L->obs_hi;
        scores_leaf_range(sc, lv, n->id, ls->edition, false, &L->bound_lo, &L->bound_hi);
        if (percent_unit(n->unit)) {
            L->bound_lo = fmax(L->bound_lo, 0);
            L->bound_hi = fmin(L->bound_hi, 100);
        }
        if (n->norm.method == NORM_GOALPOSTS) {
            if (L->d > 0)
                L->bound_hi = fmin(L->bound_hi, n->norm.upper);
            else
                L->bound_lo = fmax(L->bound_lo, n->norm.lower);
        }
        int np = 0;
        for (int a = n->parent; a >= 0; a = cx->t->nodes[a].parent) np++;
        L->linear = -1;
        L->coef = NULL;
        L->path = xmalloc((size_t)(np ? np : 1) * sizeof(int));
        L->n_path = 0;
        for (int a = n->parent; a >= 0; a = cx->t->nodes[a].parent) L->path[L->n_path++] = a;
    }
    return cx;
}

void whatif_end(whatif_ctx *cx)
{
    if (!cx) return;
    for (size_t li = 0; li < cx->nl; li++) {
        free(cx->leaf[li].path);
        free(cx->leaf[li].coef);
    }
    free(cx->leaf);
    free(cx->index);
    free(cx->col);
    free(cx->ncol);
    free(cx->inew);
    free(cx->sel);
    free(cx->row);
    free(cx->x);
    free(cx->w);
    free(cx);
}

/* The index of row r with the leaf's score set to s: re-aggregates the
 * leaf's ancestors exactly as scores.c does (same inputs, same order). */
static double path_index(whatif_ctx *cx, const leaf_info *L, size_t r, double s)
{
    const tree *t = cx->t;
    memcpy(cx->row, cx->ls->score + r * cx->nn, cx->nn * sizeof(double));
    cx->row[L->node] = s;
    for (int k = 0; k < L->n_path; k++)
        if (scoring_aggregate_node(t, L->path[k], NULL, cx->row, cx->x, cx->w) >= 0) return NAN;
    return cx->row[0];
}

/* Re-scores after setting row r's raw value of leaf li to x. Sets cx->me
 * (the region's new index). Returns true when only row r's score changed
 * (the normalisation stayed as it was); then cx->inew is filled only when
 * `fill` is set. Otherwise cx->inew holds the whole new index column. */
/* With arithmetic means only on the leaf's path, a region's index moves
 * linearly with the leaf's score: coefficient = product of the weight
 * shares (among the children with a score) along the path. Used to search
 * quickly where every region's score changes; the result is then confirmed
 * with the exact arithmetic. */
static void leaf_linear(whatif_ctx *cx, leaf_info *L)
{
    const tree *t = cx->t;
    L->linear = 1;
    for (int k = 0; k < L->n_path; k++)
        if (t->nodes[L->path[k]].aggregation == AGG_GEOMETRIC) L->linear = 0;
    if (!L->linear) return;
    L->coef = xmalloc((cx->nr ? cx->nr : 1) * sizeof(double));
    for (size_t o = 0; o < cx->nr; o++) {
        const double *sc = cx->ls->score + o * cx->nn;
        double c = 1;
        int child = L->node;
        for (int k = 0; k < L->n_path; k++) {
            const node *n = &t->nodes[L->path[k]];
            double sum = 0;
            for (int j = 0; j < n->n_children; j++)
                if (!isnan(sc[n->children[j]]) || n->children[j] == child)
                    sum += t->nodes[n->children[j]].weight;
            c *= t->nodes[child].weight / sum;
            child = L->path[k];
        }
        L->coef[o] = c;
    }
}

static bool rescore_mode(whatif_ctx *cx, size_t li, size_t r, double x, bool fill, bool approx);

static bool rescore(whatif_ctx *cx, size_t li, size_t r, double x, bool fill)
{
    return rescore_mode(cx, li, r, x, fill, false);
}

static bool rescore_mode(whatif_ctx *cx, size_t li, size_t r, double x, bool fill, bool approx)
{
    leaf_info *L = &cx->leaf[li];
    const node *n = &cx->t->nodes[L->node];
    const level_scores *ls = cx->ls;
    double v = x * L->d;
    bool cheap;
    double mn = NAN, mx = NAN;
    switch (n->norm.method) {
    case NORM_MINMAX: {
        scoring_extremes_replace(&L->ext, r, v, &mn, &mx);
        mn = fmin(mn, L->ext_min);
        mx = fmax(mx, L->ext_max);
        cheap = mn == L->mn && mx == L->mx;
        break;
    }
    case NORM_ZSCORE: cheap = false; break;
    default: cheap = true; break;
    }
    if (cheap) {
        double s;
        normalise_values(&n->norm, n->direction, &x, 1, mn, mx, &s);
        cx->me = path_index(cx, L, r, s);
        if (fill) {
            memcpy(cx->inew, cx->index, cx->nr * sizeof(double));
            cx->inew[r] = cx->me;
        }
        return true;
    }
    memcpy(cx->inew, cx->index, cx->nr * sizeof(double));
    for (size_t o = 0; o < cx->nr; o++) cx->col[o] = ls->raw[o * cx->nl + li];
    cx->col[r] = x;
    double pmin = NAN, pmax = NAN;
    if (L->pooled) {
        pmin = mn;
        pmax = mx;
    }
    normalise_values(&n->norm, n->direction, cx->col, cx->nr, pmin, pmax, cx->ncol);
    if (approx && L->linear < 0) leaf_linear(cx, L);
    bool lin = approx && L->linear == 1;
    for (size_t o = 0; o < cx->nr; o++) {
        double old = ls_score(ls, o, L->node), sc = cx->ncol[o];
        if (o != r && (old == sc || (isnan(old) && isnan(sc)))) continue;
        if (lin && !isnan(old) && !isnan(sc) && !isnan(cx->index[o]))
            cx->inew[o] = cx->index[o] + L->coef[o] * (sc - old);
        else
            cx->inew[o] = path_index(cx, L, o, sc);
    }
    cx->me = cx->inew[r];
    return false;
}

static double mean_index(const whatif_ctx *cx, const double *col)
{
    size_t have = 0;
    for (size_t o = 0; o < cx->nr; o++) have += !isnan(col[o]);
    /* As scores.c's averages: compensated sum in row order, then divide. */
    return have ? sum_compensated(col, cx->nr) / (double)have : NAN;
}

static int rank_of(const whatif_ctx *cx, const double *col, size_t r)
{
    if (isnan(col[r])) return 0;
    int above = 0;
    for (size_t o = 0; o < cx->nr; o++) above += !isnan(col[o]) && col[o] > col[r];
    return above + 1;
}

/* The k-th largest of a[0..m) (1 ≤ k ≤ m), by quickselect with a
 * three-way partition (larger | equal | smaller); reorders a. */
static double kth_largest(double *a, size_t m, size_t k)
{
    size_t lo = 0, hi = m, want = k - 1;
    while (hi - lo > 1) {
        double pivot = a[lo + (hi - lo) / 2];
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            double v = a[i];
            if (v > pivot) {
                a[i++] = a[lt];
                a[lt++] = v;
            } else if (v < pivot) {
                a[i] = a[--gt];
                a[gt] = v;
            } else {
                i++;
            }
        }
        if (want < lt)
            hi = lt;
        else if (want >= gt)
            lo = gt;
        else
            return pivot;
    }
    return a[lo];
}

/* The k-th largest index among the other regions (k ≥ 1); NAN when fewer. */
static double kth_other(whatif_ctx *cx, const double *col, size_t r, int k)
{
    size_t m = 0;
    for (size_t o = 0; o < cx->nr; o++)
        if (o != r && !isnan(col[o])) cx->sel[m++] = col[o];
    if (k < 1 || (size_t)k > m) return NAN;
    return kth_largest(cx->sel, m, (size_t)k);
}

double whatif_rescore(whatif_ctx *cx, size_t row, int ni, double x, double *avg, int *rank)
{
    int leaf = cx->t->nodes[ni].leaf;
    if (leaf < 0) return NAN;
    rescore(cx, (size_t)leaf, row, x, true);
    if (avg) *avg = mean_index(cx, cx->inew);
    if (rank) *rank = rank_of(cx, cx->inew, row);
    return cx->me;
}

/* One region's fixed quantities. */
typedef struct region_state {
    size_t r;
    int k;                  /* next-rank target: the k-th largest other index */
    double sum_others;      /* compensated sum of the other regions' index */
    double n_have;          /* regions with an index, this one included */
    double t_rank;          /* the k-th largest other index now */
} region_state;

/* The target function after a change: ≥ 0 when the target is met. With
 * exact false, the Ø of a change that moves only this region's score is
 * taken from the others' fixed sum (a rounding away from the exact row-order
 * sum); the search then confirms its result with exact = true. */
static double gap(whatif_ctx *cx, size_t li, const region_state *rs, double x, whatif_target tg,
                  bool exact)
{
    bool cheap = rescore_mode(cx, li, rs->r, x, exact && tg == WHATIF_AVERAGE, !exact);
    double me = cx->me;
    if (isnan(me)) return NAN;
    double target;
    if (tg == WHATIF_AVERAGE)
        target = cheap && !exact ? (rs->sum_others + me) / rs->n_have : mean_index(cx, cx->inew);
    else
        target = cheap ? rs->t_rank : kth_other(cx, cx->inew, rs->r, rs->k);
    return me - target;
}

/* Smallest Δ in (da, db] with gap(x0 + dir·Δ) ≥ 0, given that the search
 * function is < 0 at da and ≥ 0 at db; NAN when the exact check finds no
 * such Δ up to dmax. */
static double find_root(whatif_ctx *cx, size_t li, const region_state *rs, double x0, double dir,
                        whatif_target tg, double da, double fa, double db, double fb, double dmax,
                        double tol)
{
    int side = 0, stale = 0;
    for (int it = 0; it < 300 && db - da > tol; it++) {
        double c;
        if (stale >= 3 || isnan(fa) || isnan(fb) || !(fb > fa)) {
            c = da + (db - da) / 2;
            stale = 0;
        } else {
            c = db - fb * (db - da) / (fb - fa);
            /* Probe just inside the bracket so that it shrinks from both sides. */
            double m = tol / 2;
            if (c < da + m) c = da + m;
            if (c > db - m) c = db - m;
        }
        if (!(c > da && c < db)) break; /* adjacent doubles */
        double fc = gap(cx, li, rs, x0 + dir * c, tg, false);
        double width = db - da;
        if (!isnan(fc) && fc >= 0) {
            db = c;
            fb = fc;
            if (side == 1) fa /= 2;
            side = 1;
        } else {
            da = c;
            fa = isnan(fc) ? -INFINITY : fc;
            if (side == -1) fb /= 2;
            side = -1;
        }
        stale = db - da > width / 2 ? stale + 1 : 0;
    }
    /* Confirm with the exact arithmetic: widen the bracket where the
     * approximation was off by a rounding, then bisect exactly. */
    double step = tol;
    double eb = gap(cx, li, rs, x0 + dir * db, tg, true);
    while (!(eb >= 0)) {
        if (db >= dmax) return NAN;
        da = db;
        db = fmin(db + step, dmax);
        step *= 2;
        eb = gap(cx, li, rs, x0 + dir * db, tg, true);
    }
    step = tol;
    while (da > 0) {
        double ea = gap(cx, li, rs, x0 + dir * da, tg, true);
        if (isnan(ea) || ea < 0) break;
        db = da;
        da = fmax(0, da - step);
        step *= 2;
    }
    while (db - da > tol) {
        double c = da + (db - da) / 2;
        if (!(c > da && c < db)) break;
        double ec = gap(cx, li, rs, x0 + dir * c, tg, true);
        if (!isnan(ec) && ec >= 0)
            db = c;
        else
            da = c;
    }
    return db;
}

/* A leaf whose target lies beyond the cheap range, for the second pass. */
typedef struct pending {
    size_t li;
    double lower;           /* lower bound of `relative` */
    double x0, dir, dedge, dmax, fedge, tol;
} pending;

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->lower != y->lower) return x->lower < y->lower ? -1 : 1;
    return (x->li > y->li) - (x->li < y->li);
}

static void consider(whatif_result *o, double *best, const leaf_info *L, double x0, double dir,
                     double delta)
{
    double rel = delta / L->scale;
    if (isnan(delta) || !(rel < *best)) return;
    *best = rel;
    o->status = WHATIF_FOUND;
    o->node = L->node;
    o->raw_from = x0;
    o->raw_to = x0 + dir * delta;
    o->raw_delta = o->raw_to - x0;
    o->relative = rel;
}

void whatif_ctx_region(whatif_ctx *cx, size_t r, whatif_result out[WHATIF_TARGETS])
{
    const level_scores *ls = cx->ls;
    double me = cx->index[r];
    int my_rank = ls_rank(ls, r, 0);
    double avg = ls->groups[0].value[0];
    region_state rs = {r, my_rank - 1, 0, 0, NAN};
    if (!isnan(me)) {
        memcpy(cx->inew, cx->index, cx->nr * sizeof(double));
        cx->inew[r] = NAN;
        rs.sum_others = sum_compensated(cx->inew, cx->nr);
        for (size_t o = 0; o < cx->nr; o++) rs.n_have += !isnan(cx->index[o]);
        rs.t_rank = my_rank > 1 ? kth_other(cx, cx->index, r, rs.k) : NAN;
    }
    pending *pend = xmalloc((cx->nl ? cx->nl : 1) * sizeof *pend);
    for (int tg = 0; tg < WHATIF_TARGETS; tg++) {
        whatif_result *o = &out[tg];
        memset(o, 0, sizeof *o);
        o->target = (whatif_target)tg;
        o->node = -1;
        o->raw_from = o->raw_to = o->raw_delta = o->relative = NAN;
        o->new_score = NAN;
        o->target_after = NAN;
        if (isnan(me) || (tg == WHATIF_NEXT_RANK && my_rank <= 1)) {
            o->status = WHATIF_NOT_APPLICABLE;
            o->target_before = NAN;
            continue;
        }
        o->target_before = tg == WHATIF_AVERAGE ? avg : rs.t_rank;
        if (me >= o->target_before) {
            o->status = WHATIF_ALREADY;
            continue;
        }
        o->status = WHATIF_INFEASIBLE;
        double best = INFINITY;
        size_t n_pend = 0;
        double f0 = me - o->target_before; /* < 0 */
        /* Pass 1: indicators whose target lies where only this region's
         * score moves (cheap to evaluate). */
        for (size_t li = 0; li < cx->nl; li++) {
            const leaf_info *L = &cx->leaf[li];
            if (!L->candidate) continue;
            const node *n = &cx->t->nodes[L->node];
            double x0 = ls->raw[r * cx->nl + li];
            if (isnan(x0)) continue;
            double dir = L->d; /* better direction in raw units */
            double xb = dir > 0 ? L->bound_hi : L->bound_lo;
            double dmax = (xb - x0) * dir;
            if (!(dmax > 0)) continue;
            /* Where the normalisation would start to change (min-max). */
            double dedge = dmax;
            if (n->norm.method == NORM_MINMAX) {
                double v0 = x0 * dir;
                double lo, hi;
                scoring_extremes_replace(&L->ext, r, NAN, &lo, &hi);
                lo = fmin(lo, L->ext_min);
                hi = fmax(hi, L->ext_max);
                dedge = v0 <= lo ? 0 : fmin(dmax, fmax(0, hi - v0));
            } else if (n->norm.method == NORM_ZSCORE) {
                dedge = 0;
            }
            double tol = 1e-13 * fmax(1.0, fmax(fabs(x0), fabs(xb)));
            double fe = NAN;
            if (dedge > 0) {
                fe = gap(cx, li, &rs, x0 + dir * dedge, (whatif_target)tg, false);
                if (!isnan(fe) && fe >= 0) {
                    consider(o, &best, L, x0, dir,
                             find_root(cx, li, &rs, x0, dir, (whatif_target)tg, 0, f0, dedge, fe,
                                       dmax, tol));
                    continue;
                }
            }
            if (dedge >= dmax) continue;
            pend[n_pend++] = (pending){li, dedge / L->scale, x0, dir, dedge, dmax,
                                       isnan(fe) ? -INFINITY : (dedge > 0 ? fe : f0), tol};
        }
        /* Pass 2: beyond it, where every region's score moves; the most
         * promising first, and none that cannot beat the best. */
        qsort(pend, n_pend, sizeof *pend, cmp_pending);
        for (size_t i = 0; i < n_pend && pend[i].lower < best; i++) {
            const pending *p = &pend[i];
            const leaf_info *L = &cx->leaf[p->li];
            double fb = gap(cx, p->li, &rs, p->x0 + p->dir * p->dmax, (whatif_target)tg, false);
            if (isnan(fb) || fb < 0) continue;
            consider(o, &best, L, p->x0, p->dir,
                     find_root(cx, p->li, &rs, p->x0, p->dir, (whatif_target)tg, p->dedge, p->fedge,
                               p->dmax, fb, p->dmax, p->tol));
        }
        if (o->status == WHATIF_FOUND) {
            o->feasible = true;
            size_t li = (size_t)cx->t->nodes[o->node].leaf;
            rescore(cx, li, r, o->raw_to, true);
            o->new_score = cx->me;
            o->new_rank = rank_of(cx, cx->inew, r);
            o->target_after = tg == WHATIF_AVERAGE ? mean_index(cx, cx->inew)
                                                   : kth_other(cx, cx->inew, r, rs.k);
        }
    }
    free(pend);
}

bool whatif_region(const scores *sc, int year, level lv, size_t row,
                   whatif_result out[WHATIF_TARGETS], diag *d)
{
    whatif_ctx *cx = whatif_begin(sc, year, lv, d);
    if (!cx) return false;
    whatif_ctx_region(cx, row, out);
    whatif_end(cx);
    return true;
}
