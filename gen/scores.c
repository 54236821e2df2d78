/* scores: composite-indicator arithmetic (see scores.h and docs/method.md). */
#include "scores.h"

#include "buf.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- per level ---------------------------------------------------------- */

double ls_raw(const level_scores *ls, size_t row, int ni)
{
    int leaf = ls->tree->nodes[ni].leaf;
    if (leaf < 0) return NAN;
    return ls->raw[row * (size_t)ls->tree->n_leaves + (size_t)leaf];
}

double ls_previous_score(const level_scores *ls, size_t row, int ni)
{
    if (!ls->previous || ls->previous_node[ni] < 0) return NAN;
    return ls_score(ls->previous, row, ls->previous_node[ni]);
}

double ls_score_change(const level_scores *ls, size_t row, int ni)
{
    double prev = ls_previous_score(ls, row, ni);
    double now = ls_score(ls, row, ni);
    if (isnan(prev) || isnan(now)) return NAN;
    return now - prev;
}

int ls_rank_change(const level_scores *ls, size_t row, int ni, int *ok)
{
    *ok = 0;
    if (!ls->previous || ls->previous_node[ni] < 0) return 0;
    int prev = ls_rank(ls->previous, row, ls->previous_node[ni]);
    int now = ls_rank(ls, row, ni);
    if (!prev || !now) return 0;
    *ok = 1;
    return prev - now;
}

static level_scores *level_scores_new(const dataset *ds, const edition *ed, level lv)
{
    level_scores *ls = xcalloc(1, sizeof *ls);
    ls->edition = ed;
    ls->level = lv;
    ls->tree = &ed->levels[lv].tree;
    ls->n_rows = ds->n_level_regions[lv];
    ls->n_nodes = ls->tree->n_nodes;
    size_t cells = ls->n_rows * (size_t)ls->n_nodes;
    size_t leaves = ls->n_rows * (size_t)ls->tree->n_leaves;
    ls->raw = xmalloc((leaves ? leaves : 1) * sizeof(double));
    if (leaves) memcpy(ls->raw, ed->levels[lv].raw, leaves * sizeof(double));
    ls->score = xmalloc((cells ? cells : 1) * sizeof(double));
    for (size_t i = 0; i < cells; i++) ls->score[i] = NAN;
    ls->rank = xcalloc(cells ? cells : 1, sizeof(int));
    ls->standing = xcalloc(cells ? cells : 1, 1);
    ls->n_ranked = xcalloc((size_t)(ls->n_nodes ? ls->n_nodes : 1), sizeof(int));
    ls->previous_node = xmalloc((size_t)(ls->n_nodes ? ls->n_nodes : 1) * sizeof(int));
    for (int i = 0; i < ls->n_nodes; i++) ls->previous_node[i] = -1;
    return ls;
}

static void level_scores_free(level_scores *ls)
{
    if (!ls) return;
    free(ls->raw);
    free(ls->score);
    free(ls->rank);
    free(ls->standing);
    free(ls->n_ranked);
    free(ls->previous_node);
    for (size_t g = 0; g < ls->n_groups; g++) {
        free(ls->groups[g].key);
        free(ls->groups[g].label);
        free(ls->groups[g].value);
    }
    free(ls->groups);
    free(ls);
}

/* Fills the derived raw values of ls from the lower level's scores. */
static void derive_raw(const dataset *ds, level_scores *ls, level_scores *const *by_level)
{
    const tree *t = ls->tree;
    size_t nl = (size_t)t->n_leaves;
    for (int li = 0; li < t->n_leaves; li++) {
        const node *n = &t->nodes[t->leaves[li]];
        if (!n->derived) continue;
        const level_scores *src = by_level[n->derive_level];
        int sn = src ? tree_find(src->tree, n->derive_node) : -1;
        scoring_derive(ds, ls->level, n, src ? src->score : NULL, src ? (size_t)src->n_nodes : 0,
                       sn, ls->raw + li, nl);
    }
}

/* Normalises and aggregates one level of one edition (scoring_level), with
 * a warning for every leaf without a score and an error at an undefined
 * geometric mean. Pool ranges come from `pool` (per leaf: min, max) when the
 * leaf pools over editions. */
static int score_level(const dataset *ds, level_scores *ls, const double *pool, diag *d)
{
    const tree *t = ls->tree;
    size_t nr = ls->n_rows, nl = (size_t)t->n_leaves;
    double *col = xmalloc((nr ? nr : 1) * sizeof(double));
    double *out = xmalloc((nr ? nr : 1) * sizeof(double));
    bool *constant = xcalloc(nl ? nl : 1, sizeof *constant);
    int maxc = scoring_max_children(t);
    double *x = xmalloc((size_t)maxc * sizeof *x), *w = xmalloc((size_t)maxc * sizeof *w);
    scoring_failure fail;
    bool ok = scoring_level(t, ls->raw, nr, pool, false, ls->score, constant, col, out, x, w, &fail);
    for (size_t li = 0; li < nl; li++) {
        if (!constant[li]) continue;
        const node *n = &t->nodes[t->leaves[li]];
        size_t have = 0;
        for (size_t r = 0; r < nr; r++) have += !isnan(ls->raw[r * nl + li]);
        diag_add(d, DIAG_WARNING, ls->edition->model_file, 0, 0, n->path,
                 "check the values; the indicator counts as missing for every region",
                 have == 0 ? "indicator %s (%s, level %s) has no values in edition %d"
                           : "indicator %s (%s, level %s) is constant in edition %d; it "
                             "has no score",
                 n->id, n->name, level_name(ls->level), ls->edition->year);
    }
    if (!ok) {
        /* The first in node order, then row order: the same on every run. */
        const node *n = &t->nodes[fail.node];
        const node *c = &t->nodes[n->children[fail.child]];
        const region *rg = &ds->regions[ds->level_regions[ls->level][fail.row]];
        diag_add(d, DIAG_ERROR, ls->edition->model_file, 0, 0, n->path,
                 "the geometric mean needs scores > 0: use goalposts that keep "
                 "scores above 0, or \"arithmetic\" for this node",
                 "edition %d: geometric mean of %s (%s) for %s (%s) is undefined: "
                 "child %s has score %.17g",
                 ls->edition->year, n->id, n->name, rg->ags, rg->name, c->id, fail.value);
    }
    free(col);
    free(out);
    free(constant);
    free(x);
    free(w);
    return ok;
}

static void rank_level(level_scores *ls)
{
    size_t nr = ls->n_rows, nn = (size_t)ls->n_nodes;
    double *col = xmalloc((nr ? nr : 1) * sizeof(double));
    int *rk = xmalloc((nr ? nr : 1) * sizeof(int));
    size_t *order = xmalloc((nr ? nr : 1) * sizeof(size_t));
    for (size_t i = 0; i < nn; i++) {
        for (size_t r = 0; r < nr; r++) col[r] = ls->score[r * nn + i];
        rank_competition(col, nr, rk, order);
        int ranked = 0;
        for (size_t r = 0; r < nr; r++) {
            ls->rank[r * nn + i] = rk[r];
            ranked += rk[r] > 0;
        }
        ls->n_ranked[i] = ranked;
        /* Quartile rule: leading = rank ≤ n/4, trailing = rank > n − n/4. */
        int k = ranked / 4;
        for (size_t r = 0; r < nr; r++) {
            int rv = rk[r];
            signed char s = STANDING_NONE;
            if (k >= 1 && rv > 0) {
                if (rv <= k)
                    s = STANDING_LEADING;
                else if (rv > ranked - k)
                    s = STANDING_TRAILING;
            }
            ls->standing[r * nn + i] = s;
        }
    }
    free(col);
    free(rk);
    free(order);
}

static average_group *add_group(level_scores *ls, const char *key, const char *label)
{
    ls->groups = xrealloc(ls->groups, (ls->n_groups + 1) * sizeof *ls->groups);
    average_group *g = &ls->groups[ls->n_groups++];
    g->key = xstrdup(key);
    g->label = xstrdup(label);
    g->value = xmalloc((size_t)(ls->n_nodes ? ls->n_nodes : 1) * sizeof(double));
    g->n_regions = 0;
    return g;
}

/* Means of every node for a partition of the rows: group_of[row] is the
 * index (from `first`) of the row's group in ls->groups, or SIZE_MAX. One
 * pass over the rows, so per-Kreis averages of 10,800 Gemeinden stay cheap. */
static void fill_groups(level_scores *ls, size_t first, size_t count, const size_t *group_of)
{
    size_t nn = (size_t)ls->n_nodes;
    size_t cells = count * nn;
    scoring_sum *sum = xcalloc(cells ? cells : 1, sizeof *sum);
    size_t *have = xcalloc(cells ? cells : 1, sizeof *have);
    for (size_t r = 0; r < ls->n_rows; r++) {
        size_t g = group_of[r];
        if (g == SIZE_MAX) continue;
        ls->groups[first + g].n_regions++;
        for (size_t i = 0; i < nn; i++) {
            double v = ls->score[r * nn + i];
            if (isnan(v)) continue;
            scoring_sum_add(&sum[g * nn + i], v);
            have[g * nn + i]++;
        }
    }
    for (size_t g = 0; g < count; g++)
        for (size_t i = 0; i < nn; i++)
            ls->groups[first + g].value[i] =
                have[g * nn + i] ? scoring_sum_value(&sum[g * nn + i]) / (double)have[g * nn + i] : NAN;
    free(sum);
    free(have);
}

static void average_level(const dataset *ds, level_scores *ls)
{
    size_t nr = ls->n_rows;
    size_t *group_of = xmalloc((nr ? nr : 1) * sizeof *group_of);
    const size_t *rows = ds->level_regions[ls->level];
    char label[160];
    snprintf(label, sizeof label, "alle %s", level_plural_de(ls->level));
    add_group(ls, "all", label);
    for (size_t r = 0; r < nr; r++) group_of[r] = 0;
    fill_groups(ls, 0, 1, group_of);
    if (ls->level == LEVEL_LAND) {
        size_t first = ls->n_groups;
        add_group(ls, "flaechenland", "Flächenländer");
        add_group(ls, "stadtstaat", "Stadtstaaten");
        for (size_t r = 0; r < nr; r++) {
            land_group g = ds->regions[rows[r]].group;
            group_of[r] = g == GROUP_FLAECHENLAND ? 0 : g == GROUP_STADTSTAAT ? 1 : SIZE_MAX;
        }
        fill_groups(ls, first, 2, group_of);
        free(group_of);
        return;
    }
    /* One group per Land (and for Gemeinden per Kreis) that has regions of
     * this level, in AGS order. */
    level parents[2] = {LEVEL_LAND, LEVEL_KREIS};
    int n_parents = ls->level == LEVEL_GEMEINDE ? 2 : 1;
    for (int p = 0; p < n_parents; p++) {
        level pl = parents[p];
        size_t np = ds->n_level_regions[pl];
        size_t *slot = xmalloc((np ? np : 1) * sizeof *slot);
        for (size_t i = 0; i < np; i++) slot[i] = SIZE_MAX;
        size_t first = ls->n_groups, count = 0;
        for (size_t r = 0; r < nr; r++) {
            size_t parent = pl == LEVEL_LAND ? ds->regions[rows[r]].land : ds->regions[rows[r]].kreis;
            if (parent != SIZE_MAX) slot[ds->regions[parent].row] = 0;
        }
        for (size_t i = 0; i < np; i++) {
            if (slot[i] == SIZE_MAX) continue;
            const region *pr = &ds->regions[ds->level_regions[pl][i]];
            slot[i] = count++;
            add_group(ls, pr->ags, pr->name);
        }
        for (size_t r = 0; r < nr; r++) {
            size_t parent = pl == LEVEL_LAND ? ds->regions[rows[r]].land : ds->regions[rows[r]].kreis;
            group_of[r] = parent == SIZE_MAX ? SIZE_MAX : slot[ds->regions[parent].row];
        }
        fill_groups(ls, first, count, group_of);
        free(slot);
    }
    free(group_of);
}

void scores_leaf_range(const scores *s, level lv, const char *id, const edition *skip,
                       bool directed, double *lo, double *hi)
{
    const dataset *ds = s->ds;
    for (size_t f = 0; f < ds->n_editions; f++) {
        const level_scores *o = s->by[f * LEVEL_COUNT + lv];
        if (!o || o->edition == skip) continue;
        int on = tree_find(o->tree, id);
        if (on < 0 || o->tree->nodes[on].leaf < 0) continue;
        const node *onode = &o->tree->nodes[on];
        double dir = directed && onode->direction < 0 ? -1.0 : 1.0;
        scoring_range_widen(o->raw + onode->leaf, o->n_rows, (size_t)o->tree->n_leaves, dir, lo,
                            hi);
    }
}

double *scores_pool_ranges(const scores *s, const tree *t, level lv)
{
    double *pool = xmalloc((size_t)(t->n_leaves ? t->n_leaves : 1) * 2 * sizeof(double));
    for (int li = 0; li < t->n_leaves; li++) {
        pool[2 * li] = INFINITY;
        pool[2 * li + 1] = -INFINITY;
        scores_leaf_range(s, lv, t->nodes[t->leaves[li]].id, NULL, true, &pool[2 * li],
                          &pool[2 * li + 1]);
    }
    return pool;
}

scores *scores_compute(const dataset *ds, diag *d)
{
    scores *s = xcalloc(1, sizeof *s);
    s->ds = ds;
    size_t ne = ds->n_editions;
    size_t slots = ne * LEVEL_COUNT;
    s->by = xcalloc(slots ? slots : 1, sizeof *s->by);
    int ok = 1;
    /* Lowest level first: a higher level may derive indicators from it, and
     * pooled min-max needs every edition's raw values of a level at once. */
    for (int l = LEVEL_COUNT - 1; l >= 0 && ok; l--) {
        for (size_t e = 0; e < ne; e++) {
            const edition *ed = &ds->editions[e];
            if (!ed->levels[l].present) continue;
            level_scores *ls = level_scores_new(ds, ed, (level)l);
            s->by[e * LEVEL_COUNT + (size_t)l] = ls;
            derive_raw(ds, ls, &s->by[e * LEVEL_COUNT]);
        }
        for (size_t e = 0; e < ne && ok; e++) {
            level_scores *ls = s->by[e * LEVEL_COUNT + (size_t)l];
            if (!ls) continue;
            double *pool = scores_pool_ranges(s, ls->tree, (level)l);
            ok = score_level(ds, ls, pool, d);
            free(pool);
            if (!ok) break;
            rank_level(ls);
            average_level(ds, ls);
        }
    }
    if (!ok) {
        scores_free(s);
        return NULL;
    }
    /* Change against the previous edition, matched by node id. */
    for (size_t e = 0; e < ne; e++) {
        const edition *ed = &ds->editions[e];
        if (!ed->previous_year) continue;
        const edition *prev = dataset_edition(ds, ed->previous_year);
        if (!prev) continue;
        size_t pe = (size_t)(prev - ds->editions);
        for (int l = 0; l < LEVEL_COUNT; l++) {
            level_scores *ls = s->by[e * LEVEL_COUNT + (size_t)l];
            const level_scores *ps = s->by[pe * LEVEL_COUNT + (size_t)l];
            if (!ls || !ps) continue;
            ls->previous = ps;
            for (int i = 0; i < ls->n_nodes; i++)
                ls->previous_node[i] = tree_find(ps->tree, ls->tree->nodes[i].id);
        }
    }
    return s;
}

void scores_free(scores *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->ds->n_editions * LEVEL_COUNT; i++) level_scores_free(s->by[i]);
    free(s->by);
    free(s);
}

const level_scores *scores_get(const scores *s, int year, level lv)
{
    const edition *ed = dataset_edition(s->ds, year);
    if (!ed) return NULL;
    return s->by[(size_t)(ed - s->ds->editions) * LEVEL_COUNT + lv];
}
