/* Tests for gen/whatif: a hand-checked case, and every result verified by
 * writing the new value into the data and scoring again with
 * scores_compute: the target is reached, and a slightly smaller improvement
 * does not reach it. */
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

#include "pipeline.h"
#include "whatif.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Scores ds with one raw value replaced; returns the region's index and
 * fills the Ø and its rank. The value is restored afterwards. */
static double rescored(dataset *ds, int year, level lv, size_t row, int leaf, double x, double *avg,
                       int *rank)
{
    edition *ed = (edition *)dataset_edition(ds, year);
    size_t nl = (size_t)ed->levels[lv].tree.n_leaves;
    double *cell = &ed->levels[lv].raw[row * nl + (size_t)leaf];
    double keep = *cell;
    *cell = x;
    diag d = DIAG_INIT;
    scores *sc = scores_compute(ds, &d);
    *cell = keep;
    assert_non_null(sc);
    const level_scores *ls = scores_get(sc, year, lv);
    double me = ls_score(ls, row, 0);
    *avg = ls->groups[0].value[0];
    *rank = ls_rank(ls, row, 0);
    scores_free(sc);
    diag_free(&d);
    return me;
}

/* Checks every found result of every listed row against scores_compute. */
static size_t verify_level(pipeline *p, int year, level lv, size_t step)
{
    const level_scores *ls = scores_get(p->sc, year, lv);
    diag d = DIAG_INIT;
    whatif_ctx *cx = whatif_begin(p->sc, year, lv, &d);
    assert_non_null(cx);
    size_t checked = 0;
    for (size_t r = 0; r < ls->n_rows; r += step) {
        whatif_result res[WHATIF_TARGETS];
        whatif_ctx_region(cx, r, res);
        int rank0 = ls_rank(ls, r, 0);
        for (int tg = 0; tg < WHATIF_TARGETS; tg++) {
            const whatif_result *o = &res[tg];
            if (o->status != WHATIF_FOUND) continue;
            const node *n = &ls->tree->nodes[o->node];
            assert_true(n->leaf >= 0 && !n->derived);
            assert_true(o->raw_delta * n->direction > 0);
            double avg;
            int rank;
            double me = rescored(p->ds, year, lv, r, n->leaf, o->raw_to, &avg, &rank);
            /* The search's own arithmetic is scores_compute's. */
            assert_true(me == o->new_score);
            assert_int_equal(rank, o->new_rank);
            double scale = fmax(1.0, fabs(o->raw_to));
            double less = o->raw_to - n->direction * 1e-9 * scale;
            double avg2;
            int rank2;
            double me2 = rescored(p->ds, year, lv, r, n->leaf, less, &avg2, &rank2);
            if (tg == WHATIF_AVERAGE) {
                assert_true(avg == o->target_after);
                if (!(me >= avg - 1e-9) || !(me2 < avg2))
                    fail_msg("row %zu %s: %.17g → index %.17g, Ø %.17g; less: %.17g, Ø %.17g", r,
                             n->id, o->raw_to, me, avg, me2, avg2);
            } else {
                if (!(rank <= rank0 - 1) || !(rank2 >= rank0))
                    fail_msg("row %zu %s: rank %d → %d, with less %d", r, n->id, rank0, rank, rank2);
            }
            checked++;
        }
    }
    whatif_end(cx);
    diag_free(&d);
    return checked;
}

static void test_three_by_hand(void **state)
{
    (void)state;
    /* tests/fixtures/three, 2025: DI = (3·I1 + I2)/4, per-edition min-max.
     * I1 = 40, 20, 30 → 100, 0, 50; I2 = 50, 100, 0 → 50, 100, 0;
     * DI = 87.5, 25, 37.5; Ø = 50. Beland (B, row 1) is last.
     *
     * To the Ø with I1 (B is the I1 minimum): up to x = 30, B stays at score
     * 0 and C's score (30 − x)/(40 − x)·100 falls; from 30 on C is the
     * minimum (score 0) and B scores (x − 30)/10·100, so B = (30(x − 30) +
     * 100)/4 and Ø = (87.5 + B + 0)/3. B ≥ Ø ⇔ B ≥ 43.75 ⇔ x ≥ 32.5:
     * +12.5 percentage points. With I2 B is already the maximum: raising it
     * only lowers A's I2 score, and A stays far above: infeasible.
     *
     * To the next rank (C, 37.5): for x ≤ 30, C = 75(30 − x)/(40 − x) and
     * B = 25; B ≥ C ⇔ 25(40 − x) ≥ 75(30 − x) ⇔ x ≥ 25: +5 points, where
     * both have 25 and share rank 2. */
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/three", &d);
    assert_non_null(p.sc);
    whatif_result res[WHATIF_TARGETS];
    assert_true(whatif_region(p.sc, 2025, LEVEL_LAND, 1, res, &d));
    const tree *t = &dataset_edition(p.ds, 2025)->levels[LEVEL_LAND].tree;
    assert_int_equal(res[WHATIF_AVERAGE].status, WHATIF_FOUND);
    assert_int_equal(res[WHATIF_AVERAGE].node, tree_find(t, "I1"));
    assert_true(res[WHATIF_AVERAGE].raw_from == 20);
    assert_true(fabs(res[WHATIF_AVERAGE].raw_to - 32.5) < 1e-9);
    assert_true(fabs(res[WHATIF_AVERAGE].raw_delta - 12.5) < 1e-9);
    assert_true(res[WHATIF_AVERAGE].target_before == 50);
    assert_true(fabs(res[WHATIF_AVERAGE].relative - 12.5 / 20) < 1e-9);
    assert_int_equal(res[WHATIF_NEXT_RANK].status, WHATIF_FOUND);
    assert_int_equal(res[WHATIF_NEXT_RANK].node, tree_find(t, "I1"));
    assert_true(fabs(res[WHATIF_NEXT_RANK].raw_to - 25) < 1e-9);
    assert_int_equal(res[WHATIF_NEXT_RANK].new_rank, 2);
    assert_true(res[WHATIF_NEXT_RANK].target_before == 37.5);
    /* Aland leads: above the Ø already, and no next rank. */
    assert_true(whatif_region(p.sc, 2025, LEVEL_LAND, 0, res, &d));
    assert_int_equal(res[WHATIF_AVERAGE].status, WHATIF_ALREADY);
    assert_int_equal(res[WHATIF_NEXT_RANK].status, WHATIF_NOT_APPLICABLE);
    assert_true(verify_level(&p, 2025, LEVEL_LAND, 1) >= 3);
    pipeline_free(&p);
    diag_free(&d);
}

static void test_mini(void **state)
{
    (void)state;
    /* Goalposts, direction −1, a missing value, an indicator derived from
     * the Kreise (never proposed). */
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/mini", &d);
    assert_non_null(p.sc);
    size_t n = verify_level(&p, 2025, LEVEL_LAND, 1) + verify_level(&p, 2025, LEVEL_KREIS, 1) +
               verify_level(&p, 2023, LEVEL_KREIS, 1);
    assert_true(n >= 8);
    pipeline_free(&p);
    diag_free(&d);
}

/* Loads dir with every non-derived indicator of level lv normalised by
 * `method` instead, scores it and verifies the results of every step-th row. */
static size_t verify_with_method(const char *dir, level lv, norm_method method, size_t step)
{
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, dir, &d);
    assert_non_null(p.sc);
    for (size_t e = 0; e < p.ds->n_editions; e++) {
        tree *t = &p.ds->editions[e].levels[lv].tree;
        for (int i = 0; i < t->n_nodes; i++)
            if (t->nodes[i].leaf >= 0 && !t->nodes[i].derived) {
                t->nodes[i].norm.method = method;
                t->nodes[i].norm.all_editions = false;
            }
    }
    scores_free(p.sc);
    p.sc = scores_compute(p.ds, &d);
    assert_non_null(p.sc);
    size_t n = verify_level(&p, 2025, lv, step);
    pipeline_free(&p);
    diag_free(&d);
    return n;
}

static void test_zscore_and_none(void **state)
{
    (void)state;
    /* z-scores: the mean and sd move with the region's value, so every
     * evaluation renormalises the whole column. (The mini Länder are no
     * use here: four z-scores stay within ±1.5 and cannot outweigh the
     * derived Kreis index, so nothing is feasible.) */
    assert_true(verify_with_method("tests/fixtures/three", LEVEL_LAND, NORM_ZSCORE, 1) >= 2);
    assert_true(verify_with_method("data", LEVEL_KREIS, NORM_ZSCORE, 40) >= 10);
    /* "none": only the region's own score moves. */
    assert_true(verify_with_method("tests/fixtures/mini", LEVEL_LAND, NORM_NONE, 1) >= 3);
}

static void test_bundled(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "data", &d);
    assert_non_null(p.sc);
    /* Timing: every region of both levels. */
    double t0 = seconds();
    size_t regions = 0, found = 0, infeasible = 0;
    for (int l = LEVEL_LAND; l <= LEVEL_KREIS; l++) {
        whatif_ctx *cx = whatif_begin(p.sc, 2025, (level)l, &d);
        for (size_t r = 0; r < p.ds->n_level_regions[l]; r++) {
            whatif_result res[WHATIF_TARGETS];
            whatif_ctx_region(cx, r, res);
            for (int tg = 0; tg < WHATIF_TARGETS; tg++) {
                found += res[tg].status == WHATIF_FOUND;
                infeasible += res[tg].status == WHATIF_INFEASIBLE;
            }
            regions++;
        }
        whatif_end(cx);
    }
    print_message("what it would take, %zu regions (Länder + Kreise): %.3f s; %zu found, %zu "
                  "infeasible\n",
                  regions, seconds() - t0, found, infeasible);
    /* Verified by re-scoring: every Land, every 25th Kreis. */
    size_t n = verify_level(&p, 2025, LEVEL_LAND, 1) + verify_level(&p, 2025, LEVEL_KREIS, 25);
    assert_true(n >= 20);
    pipeline_free(&p);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_by_hand),
        cmocka_unit_test(test_mini),
        cmocka_unit_test(test_zscore_and_none),
        cmocka_unit_test(test_bundled),
    };
    return cmocka_run_group_tests_name("what it would take", tests, NULL, NULL);
}
