/* Unit tests for the scoring arithmetic, with expectations computed by hand
 * (see the comments next to each number). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "pipeline.h"
#include "scores.h"

#define EPS 1e-12

static void assert_near(double got, double want)
{
    if (isnan(want)) {
        assert_true(isnan(got));
        return;
    }
    if (fabs(got - want) > EPS * fmax(1.0, fabs(want))) {
        print_error("got %.17g, want %.17g\n", got, want);
        fail();
    }
}

static const normalisation MINMAX = {NORM_MINMAX, false, 0, 0};
static const normalisation ZSCORE = {NORM_ZSCORE, false, 0, 0};
static const normalisation NONE = {NORM_NONE, false, 0, 0};

static void test_minmax(void **state)
{
    (void)state;
    double x[] = {1, 2, 3, NAN}, out[4];
    assert_int_equal(normalise_values(&MINMAX, 1, x, 4, NAN, NAN, out), 0);
    assert_near(out[0], 0);
    assert_near(out[1], 50);
    assert_near(out[2], 100);
    assert_true(isnan(out[3]));
}

static void test_minmax_direction(void **state)
{
    (void)state;
    /* (max − x)/(max − min)·100 with max 3, min 1. */
    double x[] = {1, 2, 3}, out[3];
    normalise_values(&MINMAX, -1, x, 3, NAN, NAN, out);
    assert_near(out[0], 100);
    assert_near(out[1], 50);
    assert_near(out[2], 0);
}

static void test_minmax_pooled(void **state)
{
    (void)state;
    /* Pooled range 0..200 (from other editions): 50 → 25, 100 → 50. */
    double x[] = {50, 100}, out[2];
    normalise_values(&MINMAX, 1, x, 2, 0, 200, out);
    assert_near(out[0], 25);
    assert_near(out[1], 50);
}

static void test_constant_indicator(void **state)
{
    (void)state;
    double x[] = {4, 4, NAN, 4}, out[4];
    assert_int_equal(normalise_values(&MINMAX, 1, x, 4, NAN, NAN, out), 1);
    for (int i = 0; i < 4; i++) assert_true(isnan(out[i]));
    assert_int_equal(normalise_values(&ZSCORE, 1, x, 4, NAN, NAN, out), 1);
    for (int i = 0; i < 4; i++) assert_true(isnan(out[i]));
}

static void test_zscore(void **state)
{
    (void)state;
    /* mean 4, sample sd sqrt(((−2)²+0+2²)/2) = 2 → −1, 0, 1. */
    double x[] = {2, 4, 6, NAN}, out[4];
    normalise_values(&ZSCORE, 1, x, 4, NAN, NAN, out);
    assert_near(out[0], -1);
    assert_near(out[1], 0);
    assert_near(out[2], 1);
    assert_true(isnan(out[3]));
    normalise_values(&ZSCORE, -1, x, 4, NAN, NAN, out);
    assert_near(out[0], 1);
    assert_near(out[2], -1);
}

static void test_goalposts(void **state)
{
    (void)state;
    normalisation gp = {NORM_GOALPOSTS, false, 0, 50};
    double x[] = {25, 75, -5, NAN}, out[4];
    normalise_values(&gp, 1, x, 4, NAN, NAN, out);
    assert_near(out[0], 50);
    assert_near(out[1], 100); /* clipped */
    assert_near(out[2], 0);   /* clipped */
    assert_true(isnan(out[3]));
    /* Direction −1 flips the posts: (50 − x)/50·100. */
    normalise_values(&gp, -1, x, 4, NAN, NAN, out);
    assert_near(out[0], 50);
    assert_near(out[1], 0);
    assert_near(out[2], 100);
}

static void test_none(void **state)
{
    (void)state;
    double x[] = {57.1, NAN}, out[2];
    normalise_values(&NONE, 1, x, 2, NAN, NAN, out);
    assert_near(out[0], 57.1);
    assert_true(isnan(out[1]));
}

static void test_arithmetic(void **state)
{
    (void)state;
    double x[] = {10, 20}, w[] = {1, 3};
    assert_near(aggregate_arithmetic(x, w, 2), 17.5); /* (10 + 60)/4 */
    double y[] = {10, NAN}; /* missing child drops out, weights renormalise */
    assert_near(aggregate_arithmetic(y, w, 2), 10);
    double z[] = {NAN, NAN};
    assert_true(isnan(aggregate_arithmetic(z, w, 2)));
}

static void test_geometric(void **state)
{
    (void)state;
    double x[] = {4, 16}, w[] = {1, 1}, out;
    assert_int_equal(aggregate_geometric(x, w, 2, &out), -1);
    assert_near(out, 8);
    double w2[] = {1, 3}; /* exp((ln 4 + 3 ln 16)/4) = 4^(1/4)·16^(3/4) = 2^(1/2+3) */
    aggregate_geometric(x, w2, 2, &out);
    assert_near(out, pow(2, 3.5));
    double y[] = {NAN, 9};
    aggregate_geometric(y, w, 2, &out);
    assert_near(out, 9);
}

static void test_geometric_nonpositive(void **state)
{
    (void)state;
    double x[] = {4, 0, 9}, w[] = {1, 1, 1}, out = 1;
    assert_int_equal(aggregate_geometric(x, w, 3, &out), 1);
    assert_true(isnan(out));
    double y[] = {4, -2};
    assert_int_equal(aggregate_geometric(y, w, 2, &out), 1);
}

static void test_ranks_ties(void **state)
{
    (void)state;
    double x[] = {10, 20, 20, 5, NAN, 1};
    int r[6];
    size_t order[6];
    rank_competition(x, 6, r, order);
    assert_int_equal(r[0], 3);
    assert_int_equal(r[1], 1);
    assert_int_equal(r[2], 1);
    assert_int_equal(r[3], 4);
    assert_int_equal(r[4], 0);
    assert_int_equal(r[5], 5);
}

static void test_ranks_exact_equality(void **state)
{
    (void)state;
    /* 0.1 + 0.2 != 0.3 in doubles: no tie. */
    double x[] = {0.1 + 0.2, 0.3};
    int r[2];
    size_t order[2];
    rank_competition(x, 2, r, order);
    assert_int_equal(r[0], 1);
    assert_int_equal(r[1], 2);
}

/* The ranks are those of a plain count ("1 + how many are higher"), on many
 * values with ties, both zeros, infinities, negatives and NaN (the sort
 * behind rank_competition is a radix sort of the doubles' bits). */
static void test_ranks_against_count(void **state)
{
    (void)state;
    enum { N = 3000 };
    double *x = malloc(N * sizeof *x);
    int *r = malloc(N * sizeof *r);
    size_t *order = malloc(N * sizeof *order);
    assert_true(x && r && order);
    uint64_t s = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < N; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        unsigned pick = (unsigned)(s >> 59);
        double v = (double)(int64_t)(s >> 40) / 1024.0 - 4000.0;
        if (pick == 0) v = NAN;
        if (pick == 1) v = 0.0;
        if (pick == 2) v = -0.0;
        if (pick == 3) v = INFINITY;
        if (pick == 4) v = -INFINITY;
        if (pick == 5) v = 57.1;
        if (pick == 6) v = 1e-300;
        if (pick == 7) v = -1e-300;
        x[i] = v;
    }
    for (size_t n = 0; n <= N; n = n ? n * 3 : 1) {
        rank_competition(x, n, r, order);
        for (size_t i = 0; i < n; i++) {
            int want = 0;
            if (!isnan(x[i])) {
                want = 1;
                for (size_t j = 0; j < n; j++) want += !isnan(x[j]) && x[j] > x[i];
            }
            assert_int_equal(r[i], want);
        }
    }
    free(x);
    free(r);
    free(order);
}

static void test_compensated_sum(void **state)
{
    (void)state;
    double x[] = {1e16, 1, -1e16, NAN, 1};
    assert_near(sum_compensated(x, 5), 2);
}

/* ---- the fixture dataset (tests/fixtures/mini), computed by hand ------ */

typedef struct fixture {
    pipeline p;
    diag d;
} fixture;

static int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    pipeline_run(&f->p, "tests/fixtures/mini", &f->d);
    *state = f;
    return f->p.sc ? 0 : -1;
}

static int fixture_teardown(void **state)
{
    fixture *f = *state;
    pipeline_free(&f->p);
    diag_free(&f->d);
    free(f);
    return 0;
}

static double score_of(const fixture *f, level lv, const char *ags, const char *id)
{
    const level_scores *ls = scores_get(f->p.sc, 2025, lv);
    size_t ri = dataset_find_region(f->p.ds, ags);
    int ni = tree_find(ls->tree, id);
    assert_true(ri != SIZE_MAX && ni >= 0);
    return ls_score(ls, f->p.ds->regions[ri].row, ni);
}

static int rank_of(const fixture *f, level lv, const char *ags, const char *id)
{
    const level_scores *ls = scores_get(f->p.sc, 2025, lv);
    size_t ri = dataset_find_region(f->p.ds, ags);
    return ls_rank(ls, f->p.ds->regions[ri].row, tree_find(ls->tree, id));
}

static void test_fixture_kreis(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->d.errors, 0);
    /* K1: 50 70 90 30 – 80 → min 30, range 60; K2: 70 30 90 10 50 60 → min 10, range 80. */
    assert_near(score_of(f, LEVEL_KREIS, "01001", "K1"), 20.0 / 60 * 100);
    assert_near(score_of(f, LEVEL_KREIS, "01001", "K2"), 75);
    /* KI = (1·K1 + 3·K2)/4; 03002 has no K1, so KI = K2 (renormalised). */
    assert_near(score_of(f, LEVEL_KREIS, "01001", "KI"), (100.0 / 3 + 3 * 75) / 4);
    assert_near(score_of(f, LEVEL_KREIS, "03002", "KI"), 50);
    assert_near(score_of(f, LEVEL_KREIS, "03001", "KI"), 0);
    assert_int_equal(rank_of(f, LEVEL_KREIS, "02000", "KI"), 1);
}

/* scoring_level, the one level scorer of scores_compute and compare: on the
 * fixture's Kreis tree (KI = (1·K1 + 3·K2) / 4) with values by hand, and on
 * the fixture's own raw values, where it must give scores_compute's bits. */
static void test_scoring_level(void **state)
{
    fixture *f = *state;
    const level_scores *ls = scores_get(f->p.sc, 2025, LEVEL_KREIS);
    const tree *t = ls->tree;
    assert_int_equal(t->n_leaves, 2);
    int k1 = tree_find(t, "K1"), k2 = tree_find(t, "K2"), ki = tree_find(t, "KI");
    size_t l1 = t->leaves[0] == k1 ? 0 : 1, l2 = 1 - l1;
    size_t nn = (size_t)t->n_nodes, nl = 2;
    /* K1: 10, 20, 40 → 0, 33.3…, 100; K2 constant (5, 5, 5) → no score, so
     * KI is K1 alone (its weight renormalised). */
    double raw[3 * 2], score[3 * 8], col[3], out[3], x[4], cw[4];
    assert_true(nn <= 8 && scoring_max_children(t) <= 4);
    const double v1[3] = {10, 20, 40};
    for (size_t r = 0; r < 3; r++) {
        raw[r * nl + l1] = v1[r];
        raw[r * nl + l2] = 5;
    }
    bool constant[2] = {true, true};
    scoring_failure fail = {-1, 0, -1, 0};
    assert_true(scoring_level(t, raw, 3, NULL, false, score, constant, col, out, x, cw, &fail));
    assert_false(constant[l1]);
    assert_true(constant[l2]);
    assert_int_equal(fail.node, -1);
    const double want[3] = {0, 100.0 / 3, 100};
    for (size_t r = 0; r < 3; r++) {
        assert_near(score[r * nn + (size_t)k1], want[r]);
        assert_true(isnan(score[r * nn + (size_t)k2]));
        assert_near(score[r * nn + (size_t)ki], want[r]);
    }
    /* K2 30, 70, 50 too: KI = (K1 + 3·K2) / 4 with K2 → 0, 100, 50. */
    const double v2[3] = {30, 70, 50}, k2want[3] = {0, 100, 50};
    for (size_t r = 0; r < 3; r++) raw[r * nl + l2] = v2[r];
    assert_true(scoring_level(t, raw, 3, NULL, false, score, constant, col, out, x, cw, NULL));
    assert_false(constant[l2]);
    for (size_t r = 0; r < 3; r++)
        assert_near(score[r * nn + (size_t)ki], (want[r] + 3 * k2want[r]) / 4);
    /* The fixture's Kreise: the bits of scores_compute. */
    size_t nr = ls->n_rows;
    double *sc = calloc(nr * nn, sizeof *sc), *c2 = calloc(nr, sizeof *c2), *o2 = calloc(nr, sizeof *o2);
    assert_true(scoring_level(t, ls->raw, nr, NULL, false, sc, NULL, c2, o2, x, cw, NULL));
    for (size_t i = 0; i < nr * nn; i++)
        assert_true(sc[i] == ls->score[i] || (isnan(sc[i]) && isnan(ls->score[i])));
    free(sc);
    free(c2);
    free(o2);
}

static void test_fixture_derive(void **state)
{
    fixture *f = *state;
    const level_scores *ls = scores_get(f->p.sc, 2025, LEVEL_LAND);
    int ik = tree_find(ls->tree, "IK");
    double ki_01001 = (100.0 / 3 + 3 * 75) / 4, ki_01002 = (200.0 / 3 + 3 * 25) / 4;
    /* Population-weighted: (100·KI(01001) + 300·KI(01002)) / 400. */
    double raw01 = (100 * ki_01001 + 300 * ki_01002) / 400;
    assert_near(ls_raw(ls, 0, ik), raw01);
    assert_near(ls_raw(ls, 2, ik), 25); /* (200·0 + 200·50)/400 */
    /* Then min-max over 01..04 (min 25 for 03, max 100 for 02). */
    assert_near(score_of(f, LEVEL_LAND, "01", "IK"), (raw01 - 25) / 75 * 100);
}

static void test_fixture_index(void **state)
{
    fixture *f = *state;
    double ki_01001 = (100.0 / 3 + 3 * 75) / 4, ki_01002 = (200.0 / 3 + 3 * 25) / 4;
    double ik01 = ((100 * ki_01001 + 300 * ki_01002) / 400 - 25) / 75 * 100;
    /* DI(01) = (2·A + B + K)/4 with A = (50 + 50)/2, B = 100/200·100 = 50. */
    assert_near(score_of(f, LEVEL_LAND, "01", "DI"), (2 * 50 + 50 + ik01) / 4);
    assert_near(score_of(f, LEVEL_LAND, "02", "DI"), 93.75); /* (200 + 75 + 100)/4 */
    /* 04 has no I3: B missing, DI renormalises over A (2) and K (1). */
    assert_true(isnan(score_of(f, LEVEL_LAND, "04", "B")));
    assert_int_equal(rank_of(f, LEVEL_LAND, "04", "B"), 0);
    double ik04 = ((1000.0 / 12 + 3 * 62.5) / 4 - 25) / 75 * 100;
    assert_near(score_of(f, LEVEL_LAND, "04", "DI"), (2 * 81.25 + ik04) / 3);
    assert_int_equal(rank_of(f, LEVEL_LAND, "02", "DI"), 1);
    assert_int_equal(rank_of(f, LEVEL_LAND, "04", "DI"), 2);
    assert_int_equal(rank_of(f, LEVEL_LAND, "01", "DI"), 3);
    assert_int_equal(rank_of(f, LEVEL_LAND, "03", "DI"), 4);
}

static void test_fixture_averages_and_change(void **state)
{
    fixture *f = *state;
    const level_scores *ls = scores_get(f->p.sc, 2025, LEVEL_LAND);
    int a = tree_find(ls->tree, "A");
    assert_string_equal(ls->groups[0].key, "all");
    assert_near(ls->groups[0].value[a], (50 + 100 + 0 + 81.25) / 4);
    assert_string_equal(ls->groups[1].key, "flaechenland");
    assert_near(ls->groups[1].value[a], (50 + 0) / 2.0);
    assert_string_equal(ls->groups[2].key, "stadtstaat");
    assert_near(ls->groups[2].value[a], (100 + 81.25) / 2);
    /* 2023: I1 70 95 50 85 → 01: 20/45·100; I2 6 2 10 4 → 01: (10−6)/8·100 = 50. */
    int i1 = tree_find(ls->tree, "I1");
    assert_near(ls_score_change(ls, 0, i1), 50 - 20.0 / 45 * 100);
    /* B did not exist in 2023: no change. */
    int b = tree_find(ls->tree, "B");
    assert_true(isnan(ls_score_change(ls, 0, b)));
    int ok;
    assert_int_equal(ls_rank_change(ls, 0, i1, &ok), 0);
    assert_true(ok);
    /* Kreise: one Ø per Land. */
    const level_scores *ks = scores_get(f->p.sc, 2025, LEVEL_KREIS);
    assert_int_equal(ks->n_groups, 5);
    assert_string_equal(ks->groups[1].key, "01");
}

static void test_fixture_standing(void **state)
{
    fixture *f = *state;
    const level_scores *ls = scores_get(f->p.sc, 2025, LEVEL_LAND);
    int di = tree_find(ls->tree, "DI");
    /* 4 ranked: quartile k = 1 → rank 1 leads, rank 4 trails. */
    assert_int_equal(ls->standing[1 * (size_t)ls->n_nodes + (size_t)di], STANDING_LEADING);
    assert_int_equal(ls->standing[2 * (size_t)ls->n_nodes + (size_t)di], STANDING_TRAILING);
    assert_int_equal(ls->standing[0 * (size_t)ls->n_nodes + (size_t)di], STANDING_NONE);
}


/* ---- an independent long-double reference over the bundled data -------- */

/* Recomputes every score of one level from the raw values with long double
 * arithmetic and the textbook formulas, and compares with the engine. */
static void compare_with_reference(const scores *sc, const dataset *ds, int year, level lv)
{
    const level_scores *ls = scores_get(sc, year, lv);
    assert_non_null(ls);
    const tree *t = ls->tree;
    size_t nr = ls->n_rows, nn = (size_t)t->n_nodes, nl = (size_t)t->n_leaves;
    long double *ref = calloc(nr * nn, sizeof(long double));
    unsigned char *has = calloc(nr * nn, 1);
    for (size_t li = 0; li < nl; li++) {
        const node *n = &t->nodes[t->leaves[li]];
        assert_int_equal(n->norm.method, NORM_MINMAX);
        long double mn = INFINITY, mx = -INFINITY;
        /* Pooled over every edition with this level and id. */
        for (size_t e = 0; e < ds->n_editions; e++) {
            const level_scores *o = scores_get(sc, ds->editions[e].year, lv);
            if (!o || (!n->norm.all_editions && o != ls)) continue;
            int on = tree_find(o->tree, n->id);
            if (on < 0) continue;
            for (size_t r = 0; r < o->n_rows; r++) {
                long double v = (long double)ls_raw(o, r, on) * o->tree->nodes[on].direction;
                if (isnan((double)v)) continue;
                if (v < mn) mn = v;
                if (v > mx) mx = v;
            }
        }
        for (size_t r = 0; r < nr; r++) {
            long double v = (long double)ls->raw[r * nl + li];
            if (isnan((double)v)) continue;
            ref[r * nn + (size_t)t->leaves[li]] = ((v * n->direction) - mn) / (mx - mn) * 100.0L;
            has[r * nn + (size_t)t->leaves[li]] = 1;
        }
    }
    for (int i = t->n_nodes - 1; i >= 0; i--) {
        const node *n = &t->nodes[i];
        if (!n->n_children) continue;
        for (size_t r = 0; r < nr; r++) {
            long double num = 0, den = 0;
            for (int k = 0; k < n->n_children; k++) {
                size_t c = r * nn + (size_t)n->children[k];
                if (!has[c]) continue;
                num += (long double)t->nodes[n->children[k]].weight * ref[c];
                den += (long double)t->nodes[n->children[k]].weight;
            }
            if (den > 0) {
                ref[r * nn + (size_t)i] = num / den;
                has[r * nn + (size_t)i] = 1;
            }
        }
    }
    size_t compared = 0;
    for (size_t r = 0; r < nr; r++)
        for (size_t i = 0; i < nn; i++) {
            double got = ls_score(ls, r, (int)i);
            if (!has[r * nn + i]) {
                assert_true(isnan(got));
                continue;
            }
            long double diff = fabsl((long double)got - ref[r * nn + i]);
            if (diff > 1e-9L) {
                print_error("%s %zu: got %.17g, reference %.20Lg\n", t->nodes[i].id, r, got,
                            ref[r * nn + i]);
                fail();
            }
            compared++;
        }
    assert_true(compared > nr);
    free(ref);
    free(has);
}

static void test_bundled_long_double_reference(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "data", &d);
    assert_non_null(p.sc);
    assert_int_equal(d.errors, 0);
    for (size_t e = 0; e < p.ds->n_editions; e++) {
        compare_with_reference(p.sc, p.ds, p.ds->editions[e].year, LEVEL_KREIS);
        compare_with_reference(p.sc, p.ds, p.ds->editions[e].year, LEVEL_LAND);
    }
    pipeline_free(&p);
    diag_free(&d);
}

static void test_bundled_pooled_range(void **state)
{
    (void)state;
    /* I01 pools over 2023 and 2025: the lowest raw value of both editions
     * scores 0 and the highest 100, whichever edition they are in. */
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "data", &d);
    assert_non_null(p.sc);
    const level_scores *a = scores_get(p.sc, 2023, LEVEL_LAND), *b = scores_get(p.sc, 2025, LEVEL_LAND);
    int ia = tree_find(a->tree, "I01"), ib = tree_find(b->tree, "I01");
    double mn = INFINITY, mx = -INFINITY, smin = INFINITY, smax = -INFINITY;
    for (size_t r = 0; r < a->n_rows; r++) {
        mn = fmin(mn, fmin(ls_raw(a, r, ia), ls_raw(b, r, ib)));
        mx = fmax(mx, fmax(ls_raw(a, r, ia), ls_raw(b, r, ib)));
        smin = fmin(smin, fmin(ls_score(a, r, ia), ls_score(b, r, ib)));
        smax = fmax(smax, fmax(ls_score(a, r, ia), ls_score(b, r, ib)));
    }
    assert_near(smin, 0);
    assert_near(smax, 100);
    /* And within 2025 alone the range is narrower than 0..100. */
    double lo = INFINITY;
    for (size_t r = 0; r < b->n_rows; r++) lo = fmin(lo, ls_score(b, r, ib));
    assert_true(lo > 0);
    assert_near(ls_score(b, 0, ib), (ls_raw(b, 0, ib) - mn) / (mx - mn) * 100);
    pipeline_free(&p);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest arithmetic[] = {
        cmocka_unit_test(test_minmax),
        cmocka_unit_test(test_minmax_direction),
        cmocka_unit_test(test_minmax_pooled),
        cmocka_unit_test(test_constant_indicator),
        cmocka_unit_test(test_zscore),
        cmocka_unit_test(test_goalposts),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_geometric),
        cmocka_unit_test(test_geometric_nonpositive),
        cmocka_unit_test(test_ranks_ties),
        cmocka_unit_test(test_ranks_exact_equality),
        cmocka_unit_test(test_compensated_sum),
    };
    const struct CMUnitTest fixture_tests[] = {
        cmocka_unit_test(test_fixture_kreis),
        cmocka_unit_test(test_fixture_derive),
        cmocka_unit_test(test_fixture_index),
        cmocka_unit_test(test_scoring_level),
        cmocka_unit_test(test_fixture_averages_and_change),
        cmocka_unit_test(test_fixture_standing),
    };
    const struct CMUnitTest bundled[] = {
        cmocka_unit_test(test_bundled_long_double_reference),
        cmocka_unit_test(test_bundled_pooled_range),
        cmocka_unit_test(test_ranks_against_count),
    };
    int failed = cmocka_run_group_tests_name("scores arithmetic", arithmetic, NULL, NULL);
    failed += cmocka_run_group_tests_name("scores on the bundled data", bundled, NULL, NULL);
    failed += cmocka_run_group_tests_name("scores on tests/fixtures/mini", fixture_tests,
                                          fixture_setup, fixture_teardown);
    return failed ? 1 : 0;
}
