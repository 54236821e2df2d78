/* Tests for gen/uncertainty: quantiles (R type 7), the seeded weight
 * perturbation, re-aggregation, bit-for-bit reproducibility and the
 * degenerate interval of regions that are far apart. */
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
#include "uncertainty.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_quantile_type7(void **state)
{
    (void)state;
    /* R: quantile(1:10, c(0.05, 0.5, 0.95)) = 1.45 5.50 9.55 */
    double x[10];
    for (int i = 0; i < 10; i++) x[i] = i + 1;
    assert_true(fabs(uncertainty_quantile(x, 10, 0.05) - 1.45) < 1e-12);
    assert_true(uncertainty_quantile(x, 10, 0.5) == 5.5);
    assert_true(fabs(uncertainty_quantile(x, 10, 0.95) - 9.55) < 1e-12);
    assert_true(uncertainty_quantile(x, 10, 0) == 1 && uncertainty_quantile(x, 10, 1) == 10);
    /* R: quantile(c(3, 3, 3, 4, 7), c(0.05, 0.95)) = 3.0 6.4 */
    double y[] = {3, 3, 3, 4, 7};
    assert_true(uncertainty_quantile(y, 5, 0.05) == 3);
    assert_true(fabs(uncertainty_quantile(y, 5, 0.95) - 6.4) < 1e-12);
    double one = 7;
    assert_true(uncertainty_quantile(&one, 1, 0.95) == 7);
}

static void test_label(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    rank_interval ri = {true, 3, 3, 2, 5, 1, 6};
    uncertainty_label_de(&b, &ri);
    assert_string_equal(buf_cstr(&b), "Rang 3 (2–5)");
    buf_clear(&b);
    /* Median 3.5 rounds half up; the bounds round outwards. */
    rank_interval r2 = {true, 4, 3.5, 2.45, 6.4, 2, 7};
    uncertainty_label_de(&b, &r2);
    assert_string_equal(buf_cstr(&b), "Rang 4 (2–7)");
    buf_clear(&b);
    rank_interval r3 = {false, 0, NAN, NAN, NAN, 0, 0};
    uncertainty_label_de(&b, &r3);
    assert_string_equal(buf_cstr(&b), "Rang –");
    buf_free(&b);
}

typedef struct fx {
    pipeline p;
    diag d;
} fx;

static int bundled_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    pipeline_run(&f->p, "data", &f->d);
    *state = f;
    return f->p.sc ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    pipeline_free(&f->p);
    diag_free(&f->d);
    free(f);
    return 0;
}

static void test_weights(void **state)
{
    fx *f = *state;
    const level_scores *ls = scores_get(f->p.sc, 2025, LEVEL_KREIS);
    const tree *t = ls->tree;
    size_t nn = (size_t)t->n_nodes;
    double *w = malloc(nn * sizeof *w), *w2 = malloc(nn * sizeof *w2);
    /* Spread 0: the model's weights. */
    uncertainty_weights(t, LEVEL_KREIS, 1, 0, 0, w);
    for (size_t i = 0; i < nn; i++) assert_true(w[i] == t->nodes[i].weight);
    /* ±25 %: within the band, the root untouched, reproducible, and a new
     * draw in every replication. */
    uncertainty_weights(t, LEVEL_KREIS, UNCERTAINTY_SEED, 7, 0.25, w);
    uncertainty_weights(t, LEVEL_KREIS, UNCERTAINTY_SEED, 7, 0.25, w2);
    assert_memory_equal(w, w2, nn * sizeof *w);
    assert_true(w[0] == t->nodes[0].weight);
    for (size_t i = 1; i < nn; i++) {
        double rel = w[i] / t->nodes[i].weight;
        assert_true(rel >= 0.75 && rel <= 1.25);
    }
    uncertainty_weights(t, LEVEL_KREIS, UNCERTAINTY_SEED, 8, 0.25, w2);
    assert_memory_not_equal(w, w2, nn * sizeof *w);
    free(w);
    free(w2);
}

static void test_aggregate_reproduces_scores(void **state)
{
    fx *f = *state;
    /* With the model's weights the re-aggregation gives the published
     * scores bit for bit. */
    for (int l = LEVEL_LAND; l <= LEVEL_KREIS; l++) {
        const level_scores *ls = scores_get(f->p.sc, 2025, (level)l);
        size_t nn = (size_t)ls->n_nodes;
        double *w = malloc(nn * sizeof *w), *row = malloc(nn * sizeof *row);
        uncertainty_weights(ls->tree, (level)l, 0, 0, 0, w);
        for (size_t r = 0; r < ls->n_rows; r++) {
            memcpy(row, ls->score + r * nn, nn * sizeof *row);
            for (size_t i = 0; i < nn; i++)
                if (ls->tree->nodes[i].n_children) row[i] = NAN;
            assert_true(uncertainty_aggregate_row(ls->tree, w, row));
            assert_memory_equal(row, ls->score + r * nn, nn * sizeof *row);
        }
        free(w);
        free(row);
    }
}

static void test_reproducible_and_timed(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    size_t nl = f->p.ds->n_level_regions[LEVEL_LAND], nk = f->p.ds->n_level_regions[LEVEL_KREIS];
    rank_interval *a = calloc(nl + nk, sizeof *a), *b = calloc(nl + nk, sizeof *b);
    double t0 = seconds();
    assert_true(uncertainty_ranks(f->p.sc, 2025, LEVEL_LAND, UNCERTAINTY_REPLICATIONS,
                                  UNCERTAINTY_SEED, UNCERTAINTY_SPREAD, a, &d));
    assert_true(uncertainty_ranks(f->p.sc, 2025, LEVEL_KREIS, UNCERTAINTY_REPLICATIONS,
                                  UNCERTAINTY_SEED, UNCERTAINTY_SPREAD, a + nl, &d));
    double t = seconds() - t0;
    print_message("uncertainty, %u replications, %zu regions (Länder + Kreise): %.3f s\n",
                  UNCERTAINTY_REPLICATIONS, nl + nk, t);
    /* The same seed gives the same bytes. */
    assert_true(uncertainty_ranks(f->p.sc, 2025, LEVEL_LAND, UNCERTAINTY_REPLICATIONS,
                                  UNCERTAINTY_SEED, UNCERTAINTY_SPREAD, b, &d));
    assert_true(uncertainty_ranks(f->p.sc, 2025, LEVEL_KREIS, UNCERTAINTY_REPLICATIONS,
                                  UNCERTAINTY_SEED, UNCERTAINTY_SPREAD, b + nl, &d));
    assert_memory_equal(a, b, (nl + nk) * sizeof *a);
    /* Sensible intervals: min ≤ 5 % ≤ median ≤ 95 % ≤ max; some Kreise move. */
    size_t moving = 0;
    for (size_t i = 0; i < nl + nk; i++) {
        assert_true(a[i].available);
        assert_true(a[i].min <= a[i].lo && a[i].lo <= a[i].median && a[i].median <= a[i].hi &&
                    a[i].hi <= a[i].max);
        moving += a[i].hi > a[i].lo;
    }
    assert_true(moving > nk / 2);
    /* Another seed draws other weights. */
    assert_true(uncertainty_ranks(f->p.sc, 2025, LEVEL_KREIS, UNCERTAINTY_REPLICATIONS, 99,
                                  UNCERTAINTY_SPREAD, b + nl, &d));
    assert_memory_not_equal(a + nl, b + nl, nk * sizeof *a);
    /* No perturbation: every replication is the published ranking. */
    assert_true(uncertainty_ranks(f->p.sc, 2025, LEVEL_KREIS, 20, 1, 0, b + nl, &d));
    for (size_t i = 0; i < nk; i++)
        assert_true(b[nl + i].lo == b[nl + i].nominal && b[nl + i].hi == b[nl + i].nominal);
    assert_int_equal(d.errors, 0);
    assert_false(uncertainty_ranks(f->p.sc, 2025, LEVEL_KREIS, 0, 1, 0.25, b, &d));
    assert_false(uncertainty_ranks(f->p.sc, 2031, LEVEL_KREIS, 10, 1, 0.25, b, &d));
    assert_int_equal(d.errors, 2);
    diag_free(&d);
    free(a);
    free(b);
}

static void test_far_apart_is_degenerate(void **state)
{
    (void)state;
    /* tests/fixtures/far: every region is better than the next on every
     * indicator (with a geometric topic field), so no positive weights can
     * change the order: each interval is the single nominal rank. */
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/far", &d);
    assert_non_null(p.sc);
    rank_interval ri[5];
    assert_true(uncertainty_ranks(p.sc, 2025, LEVEL_LAND, UNCERTAINTY_REPLICATIONS, UNCERTAINTY_SEED,
                                  UNCERTAINTY_SPREAD, ri, &d));
    for (int r = 0; r < 5; r++) {
        assert_int_equal(ri[r].nominal, r + 1);
        assert_true(ri[r].median == r + 1 && ri[r].lo == r + 1 && ri[r].hi == r + 1);
        assert_true(ri[r].min == r + 1 && ri[r].max == r + 1);
    }
    buf b = BUF_INIT;
    uncertainty_label_de(&b, &ri[1]);
    assert_string_equal(buf_cstr(&b), "Rang 2 (2–2)");
    buf_free(&b);
    pipeline_free(&p);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_quantile_type7),
        cmocka_unit_test(test_label),
        cmocka_unit_test(test_far_apart_is_degenerate),
    };
    const struct CMUnitTest bundled[] = {
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_aggregate_reproduces_scores),
        cmocka_unit_test(test_reproducible_and_timed),
    };
    int failed = cmocka_run_group_tests_name("uncertainty", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("uncertainty on the bundled data", bundled, bundled_setup,
                                          teardown);
    return failed ? 1 : 0;
}
