/* Tests for gen/compare: model changes, series breaks, rank moves and the
 * decomposition of a change, worked out by hand on tests/fixtures/three. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compare.h"
#include "pipeline.h"

/* tests/fixtures/three: Länder A (01), B (02), C (03); per-edition min-max.
 *
 *   2023 model: DI = (I1 + I2) / 2          2025 model: DI = (3·I1 + I2) / 4
 *   2023 data:  I1 = 10, 20, 30             2025 data:  I1 = 40, 20, 30
 *               I2 = 50,  0, 100                        I2 = 50, 100, 0
 *
 * S(old, old): I1 → 0, 50, 100; I2 → 50, 0, 100; DI = 25, 25, 100
 * S(new, new): I1 → 100, 0, 50; I2 → 50, 100, 0; DI = (300+50)/4 = 87.5,
 *              (0+100)/4 = 25, (150+0)/4 = 37.5
 * S(new, old): old scores, new weights: DI = (0+50)/4 = 12.5,
 *              (150+0)/4 = 37.5, (300+100)/4 = 100
 * S(new, mix) — old data, only the region's own values new:
 *   A: I1 = 40, 20, 30 → 100, 0, 50; I2 = 50, 0, 100 → 50, 0, 100; DI_A = (300+50)/4 = 87.5
 *   B: I1 = 10, 20, 30 → 0, 50, 100; I2 = 50, 100, 100 → 0, 100, 100; DI_B = (150+100)/4 = 62.5
 *   C: I1 = 10, 20, 30 → 0, 50, 100; I2 = 50, 0, 0 → 100, 0, 0;      DI_C = (300+0)/4 = 75
 *
 *          total           method            own               others = total − method − own
 *   A   87.5−25 = 62.5   12.5−25 = −12.5   87.5−12.5 = 75     62.5+12.5−75 = 0
 *   B   25−25 = 0        37.5−25 = 12.5    62.5−37.5 = 25     0−12.5−25 = −37.5
 *   C   37.5−100 = −62.5 100−100 = 0       75−100 = −25       −62.5−0+25 = −37.5
 * (B's own I2 jump is offset by A's I1 jump, which makes B the I1 minimum.)
 * All numbers are exact in binary, so the test compares with ==. */
static const struct {
    double old_score, new_score, nold, own_new, total, method, own, others;
    int old_rank, new_rank;
} THREE[3] = {
    {25, 87.5, 12.5, 87.5, 62.5, -12.5, 75, 0, 2, 1},
    {25, 25, 37.5, 62.5, 0, 12.5, 25, -37.5, 2, 3},
    {100, 37.5, 100, 75, -62.5, 0, -25, -37.5, 1, 2},
};

typedef struct fx {
    pipeline p, q;
    diag d;
} fx;

static int three_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    pipeline_run(&f->p, "tests/fixtures/three", &f->d);
    pipeline_run(&f->q, "tests/fixtures/three", &f->d);
    *state = f;
    return f->p.sc && f->q.sc ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    pipeline_free(&f->p);
    pipeline_free(&f->q);
    diag_free(&f->d);
    free(f);
    return 0;
}

static void check_three(const decomposition *dc, int r)
{
    assert_true(dc->available && dc->decomposed && dc->has_own && dc->series_break);
    if (dc->old_score != THREE[r].old_score || dc->new_score != THREE[r].new_score ||
        dc->new_model_old_data != THREE[r].nold || dc->new_model_own_new != THREE[r].own_new ||
        dc->total != THREE[r].total || dc->method != THREE[r].method || dc->own != THREE[r].own ||
        dc->others != THREE[r].others)
        fail_msg("row %d: old %g new %g S(new,old) %g S(new,mix) %g total %g method %g own %g "
                 "others %g",
                 r, dc->old_score, dc->new_score, dc->new_model_old_data, dc->new_model_own_new,
                 dc->total, dc->method, dc->own, dc->others);
    assert_int_equal(dc->old_rank, THREE[r].old_rank);
    assert_int_equal(dc->new_rank, THREE[r].new_rank);
    assert_true(dc->data == dc->own + dc->others);
}

static void test_decompose_by_hand(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    decomposition all[3];
    assert_true(compare_decompose_all(f->p.sc, 2023, f->p.sc, 2025, LEVEL_LAND, true, all, &d));
    for (int r = 0; r < 3; r++) check_three(&all[r], r);
    /* The single-region form agrees. */
    for (int r = 0; r < 3; r++) {
        decomposition one;
        assert_true(compare_decompose(f->p.sc, 2023, 2025, LEVEL_LAND, (size_t)r, &one, &d));
        check_three(&one, r);
    }
    compare_ctx *cx = compare_begin(f->p.sc, 2023, f->p.sc, 2025, LEVEL_LAND, &d);
    assert_true(compare_ctx_fast(cx));
    compare_end(cx);
    /* Without the own term: method and data only. */
    assert_true(compare_decompose_all(f->p.sc, 2023, f->p.sc, 2025, LEVEL_LAND, false, all, &d));
    assert_false(all[1].has_own);
    assert_true(isnan(all[1].own) && isnan(all[1].others));
    assert_true(all[1].method == 12.5 && all[1].data == -12.5);
    assert_int_equal(d.errors, 0);
    diag_free(&d);
}

static void test_two_folders(void **state)
{
    fx *f = *state;
    /* The same numbers when OLD and NEW come from two loaded folders. */
    diag d = DIAG_INIT;
    decomposition all[3];
    assert_true(compare_decompose_all(f->p.sc, 2023, f->q.sc, 2025, LEVEL_LAND, true, all, &d));
    for (int r = 0; r < 3; r++) check_three(&all[r], r);
    diag_free(&d);
}

static void test_same_edition_is_zero(void **state)
{
    fx *f = *state;
    /* Comparing an edition with itself: S(new, new) rebuilt in memory equals
     * the published score bit for bit, so every part is exactly 0. */
    diag d = DIAG_INIT;
    decomposition all[3];
    assert_true(compare_decompose_all(f->p.sc, 2025, f->p.sc, 2025, LEVEL_LAND, true, all, &d));
    for (int r = 0; r < 3; r++) {
        assert_false(all[r].series_break);
        assert_true(all[r].total == 0 && all[r].method == 0 && all[r].own == 0 &&
                    all[r].others == 0);
    }
    diag_free(&d);
}

static void test_rank_moves(void **state)
{
    fx *f = *state;
    rank_move m[3];
    size_t n = compare_rank_moves(f->p.sc, 2023, f->p.sc, 2025, LEVEL_LAND, 10, m);
    assert_int_equal(n, 3);
    /* All move by one: better new rank first. A 2 → 1, C 1 → 2, B 2 → 3. */
    assert_int_equal(m[0].row, 0);
    assert_int_equal(m[0].move, 1);
    assert_int_equal(m[1].row, 2);
    assert_int_equal(m[1].move, -1);
    assert_int_equal(m[2].row, 1);
    assert_int_equal(m[2].old_rank, 2);
    assert_int_equal(m[2].new_rank, 3);
    assert_int_equal(compare_rank_moves(f->p.sc, 2023, f->p.sc, 2025, LEVEL_LAND, 1, m), 1);
}

static void test_model_changes_three(void **state)
{
    fx *f = *state;
    model_diff md;
    compare_models(dataset_edition(f->p.ds, 2023), dataset_edition(f->p.ds, 2025), &md);
    assert_int_equal(md.n, 2);
    assert_int_equal(md.changes[0].kind, COMPARE_REWEIGHTED);
    assert_string_equal(md.changes[0].new_node->id, "I1");
    assert_true(md.changes[0].old_weight == 0.5 && md.changes[0].new_weight == 0.75);
    assert_true(md.level_break[LEVEL_LAND]);
    buf b = BUF_INIT;
    compare_change_describe(&b, &md.changes[1]);
    assert_string_equal(buf_cstr(&b), "reweighted     I2 Online-Dienste in DI: 50 % → 25 %");
    buf_free(&b);
    compare_model_diff_free(&md);
}

/* tests/fixtures/method: a model change and nothing else. The data of I1 and
 * I2 are the same in both editions; 2025 removes I4 (weight 2), adds I3
 * (weight 2) and normalises I1 with goalposts 0–200 instead of min-max.
 *
 *   2023: I1 = 0, 50, 100 → 0, 50, 100; I2 = 100, 50, 0 → 100, 50, 0;
 *         I4 = 10, 30, 20 → 0, 100, 50;  DI = (I1 + I2 + 2·I4) / 4 = 25, 75, 50
 *   2025: I1 → 0, 25, 50 (goalposts); I2 as before; I3 = 40, 20, 30 → 100, 0, 50;
 *         DI = (I1 + I2 + 2·I3) / 4 = 75, 18.75, 37.5
 *
 * Every change is the method's: total = method = +50, −56.25, −12.5 and own =
 * others = 0. (I3 has no old data: it enters S(new, old) with its new values,
 * so adding it is counted as method, not as the regions' own data.) */
static void test_method_change_by_hand(void **state)
{
    (void)state;
    static const double OLD[3] = {25, 75, 50}, NEW[3] = {75, 18.75, 37.5};
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/method", &d);
    assert_non_null(p.sc);
    decomposition all[3];
    assert_true(compare_decompose_all(p.sc, 2023, p.sc, 2025, LEVEL_LAND, true, all, &d));
    for (int r = 0; r < 3; r++) {
        const decomposition *dc = &all[r];
        assert_true(dc->available && dc->decomposed && dc->has_own && dc->series_break);
        if (dc->old_score != OLD[r] || dc->new_score != NEW[r] ||
            dc->method != NEW[r] - OLD[r] || dc->own != 0 || dc->others != 0)
            fail_msg("row %d: old %g new %g method %g own %g others %g", r, dc->old_score,
                     dc->new_score, dc->method, dc->own, dc->others);
    }
    assert_int_equal(d.errors, 0);
    pipeline_free(&p);
    diag_free(&d);
}

static void test_model_changes_mini(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/mini", &d);
    assert_non_null(p.sc);
    const edition *o = dataset_edition(p.ds, 2023), *n = dataset_edition(p.ds, 2025);
    model_diff md;
    compare_models(o, n, &md);
    /* Topic field B (with I3) is new; A (2 of 3 → 2 of 4) and K (1 of 3 →
     * 1 of 4) are reweighted by it. The Kreis tree is unchanged. */
    int added = 0, reweighted = 0;
    for (size_t i = 0; i < md.n; i++) {
        assert_int_equal(md.changes[i].level, LEVEL_LAND);
        if (md.changes[i].kind == COMPARE_ADDED) added++;
        if (md.changes[i].kind == COMPARE_REWEIGHTED) reweighted++;
    }
    assert_int_equal(added, 2);
    assert_int_equal(reweighted, 2);
    assert_true(md.level_break[LEVEL_LAND]);
    assert_false(md.level_break[LEVEL_KREIS]);
    compare_model_diff_free(&md);

    /* Node breaks: DI (its children changed) and the new B, I3; not A (its
     * subtree is the same, only its weight in DI changed) nor K, IK (the
     * Kreis index they derive from is unchanged). */
    bool *br = compare_node_breaks(o, n, LEVEL_LAND);
    const tree *t = &n->levels[LEVEL_LAND].tree;
    assert_true(br[tree_find(t, "DI")] && br[tree_find(t, "B")] && br[tree_find(t, "I3")]);
    assert_false(br[tree_find(t, "A")] || br[tree_find(t, "I1")] || br[tree_find(t, "K")] ||
                 br[tree_find(t, "IK")]);
    free(br);

    /* The new topic field B has no old values: it enters S(new, old) with
     * its new ones, so adding it is a method effect (A:K keep their 2:1
     * ratio, so without B the method part would be 0). */
    decomposition all[4];
    compare_ctx *cx = compare_begin(p.sc, 2023, p.sc, 2025, LEVEL_LAND, &d);
    assert_true(compare_ctx_fast(cx)); /* also with an indicator derived from the Kreise */
    compare_end(cx);
    assert_true(compare_decompose_all(p.sc, 2023, p.sc, 2025, LEVEL_LAND, true, all, &d));
    bool any_method = false;
    for (int r = 0; r < 4; r++) {
        assert_true(all[r].decomposed);
        any_method |= fabs(all[r].method) > 1e-9;
        assert_true(fabs(all[r].method + all[r].own + all[r].others - all[r].total) < 1e-12);
    }
    assert_true(any_method);
    pipeline_free(&p);
    diag_free(&d);
}

/* The fast own term (one row, or the lean re-scorer) and the slow one
 * (scores_compute on the synthetic dataset) agree bit for bit. */
static void fast_equals_slow(const scores *sc, int old_year, int new_year, level lv, size_t step)
{
    diag d = DIAG_INIT;
    compare_ctx *fast = compare_begin(sc, old_year, sc, new_year, lv, &d);
    compare_ctx *slow = compare_begin(sc, old_year, sc, new_year, lv, &d);
    assert_true(fast && slow && compare_ctx_fast(fast));
    compare_ctx_force_slow(slow);
    for (size_t r = 0; r < sc->ds->n_level_regions[lv]; r += step) {
        decomposition a, b;
        assert_true(compare_region(fast, r, true, &a, &d));
        assert_true(compare_region(slow, r, true, &b, &d));
        double x = a.new_model_own_new, y = b.new_model_own_new;
        if (!(x == y || (isnan(x) && isnan(y))))
            fail_msg("level %d row %zu: fast %.17g, slow %.17g", lv, r, x, y);
    }
    compare_end(fast);
    compare_end(slow);
    assert_int_equal(d.errors, 0);
    diag_free(&d);
}

static void test_fast_equals_slow(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/mini", &d);
    fast_equals_slow(p.sc, 2023, 2025, LEVEL_LAND, 1);  /* derived from the Kreise: lean */
    fast_equals_slow(p.sc, 2023, 2025, LEVEL_KREIS, 1); /* one row */
    /* z-scores, goalposts and "none" in the one-row path. */
    static const norm_method methods[] = {NORM_ZSCORE, NORM_NONE, NORM_GOALPOSTS};
    for (size_t m = 0; m < 3; m++) {
        for (size_t e = 0; e < p.ds->n_editions; e++) {
            tree *t = &p.ds->editions[e].levels[LEVEL_KREIS].tree;
            for (int i = 0; i < t->n_nodes; i++) {
                t->nodes[i].norm.method = methods[m];
                t->nodes[i].norm.lower = 20;
                t->nodes[i].norm.upper = 80;
            }
        }
        scores_free(p.sc);
        p.sc = scores_compute(p.ds, &d);
        assert_non_null(p.sc);
        fast_equals_slow(p.sc, 2023, 2025, LEVEL_KREIS, 1);
        fast_equals_slow(p.sc, 2023, 2025, LEVEL_LAND, 1);
    }
    pipeline_free(&p);
    pipeline_run(&p, "data", &d);
    fast_equals_slow(p.sc, 2023, 2025, LEVEL_LAND, 1);
    fast_equals_slow(p.sc, 2023, 2025, LEVEL_KREIS, 20);
    pipeline_free(&p);
    diag_free(&d);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_bundled(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "data", &d);
    assert_non_null(p.sc);
    size_t total_regions = 0;
    double t0 = seconds();
    for (int l = LEVEL_LAND; l <= LEVEL_KREIS; l++) {
        size_t n = p.ds->n_level_regions[l];
        compare_ctx *cx = compare_begin(p.sc, 2023, p.sc, 2025, (level)l, &d);
        assert_true(compare_ctx_fast(cx));
        compare_end(cx);
        decomposition *all = calloc(n, sizeof *all);
        assert_true(compare_decompose_all(p.sc, 2023, p.sc, 2025, (level)l, true, all, &d));
        for (size_t r = 0; r < n; r++) {
            if (!all[r].available) continue;
            assert_true(all[r].series_break);
            assert_true(all[r].has_own);
            double sum = all[r].method + all[r].own + all[r].others;
            if (fabs(sum - all[r].total) > 1e-12)
                fail_msg("level %d row %zu: %.17g + %.17g + %.17g != %.17g", l, r, all[r].method,
                         all[r].own, all[r].others, all[r].total);
        }
        total_regions += n;
        free(all);
    }
    double t = seconds() - t0;
    print_message("decomposition with own/others for %zu regions (Länder + Kreise): %.3f s\n",
                  total_regions, t);
    assert_int_equal(d.errors, 0);
    pipeline_free(&p);
    diag_free(&d);
}

static void test_report(void **state)
{
    fx *f = *state;
    buf out = BUF_INIT;
    diag d = DIAG_INIT;
    assert_true(compare_report_write(&out, f->p.sc, 2023, "2023", f->p.sc, 2025, "2025", 10, &d));
    const char *s = buf_cstr(&out);
    assert_non_null(strstr(s, "digindex diff: 2023 → 2025"));
    assert_non_null(strstr(s, "Series break"));
    assert_non_null(strstr(s, "-62.50"));
    assert_non_null(strstr(s, "01 Aland"));
    buf_free(&out);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest three[] = {
        cmocka_unit_test(test_decompose_by_hand),
        cmocka_unit_test(test_two_folders),
        cmocka_unit_test(test_same_edition_is_zero),
        cmocka_unit_test(test_rank_moves),
        cmocka_unit_test(test_model_changes_three),
        cmocka_unit_test(test_report),
    };
    const struct CMUnitTest other[] = {
        cmocka_unit_test(test_model_changes_mini),
        cmocka_unit_test(test_method_change_by_hand),
        cmocka_unit_test(test_fast_equals_slow),
        cmocka_unit_test(test_bundled),
    };
    int failed = cmocka_run_group_tests_name("compare on tests/fixtures/three", three, three_setup,
                                             teardown);
    failed += cmocka_run_group_tests_name("compare on mini and the bundled data", other, NULL, NULL);
    return failed ? 1 : 0;
}
