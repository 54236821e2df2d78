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

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* uncertainty_aggregate_roots (four rows at a time in vector lanes) gives
 * bit for bit the root of uncertainty_aggregate_row, row by row: every
 * level of the bundled data under perturbed weights, all rows and all but
 * the last (rows left over after the groups of four), and once more with
 * every seventh leaf value missing (NaN lanes skip their child). */
static void test_roots_match_rows(void **state)
{
    fx *f = *state;
    for (int l = LEVEL_LAND; l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(f->p.sc, 2025, (level)l);
        if (!ls) continue;
        const tree *t = ls->tree;
        size_t nr = ls->n_rows, nn = (size_t)ls->n_nodes;
        double *w = malloc(nn * sizeof *w), *row = malloc(nn * sizeof *row);
        double *score = malloc(nr * nn * sizeof *score);
        double *got = malloc(nr * sizeof *got);
        for (int holes = 0; holes < 2; holes++) {
            memcpy(score, ls->score, nr * nn * sizeof *score);
            if (holes)
                for (size_t r = 0; r < nr; r++)
                    for (int li = 0; li < t->n_leaves; li++)
                        if ((r * 3 + (size_t)li) % 7 == 0) score[r * nn + (size_t)t->leaves[li]] = NAN;
            for (unsigned k = 0; k < 3; k++) {
                uncertainty_weights(t, (level)l, UNCERTAINTY_SEED, k, UNCERTAINTY_SPREAD, w);
                for (size_t n = nr - 1; n <= nr; n++) {
                    assert_true(uncertainty_aggregate_roots(t, w, score, n, got));
                    for (size_t r = 0; r < n; r++) {
                        memcpy(row, score + r * nn, nn * sizeof *row);
                        assert_true(uncertainty_aggregate_row(t, w, row));
                        if (memcmp(&row[0], &got[r], sizeof got[r]) != 0)
                            fail_msg("level %d row %zu: %a, not %a", l, r, got[r], row[0]);
                    }
                }
            }
        }
        free(w);
        free(row);
        free(score);
        free(got);
    }
}

/* uncertainty_ranks (ranks sorted by a radix sort) against the plain way:
 * roots ranked by rank_competition, each row's ranks sorted by qsort, the
 * quantiles taken. */
static void test_ranks_match_plain(void **state)
{
    fx *f = *state;
    enum { REPS = 12 };
    for (int l = LEVEL_LAND; l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(f->p.sc, 2025, (level)l);
        if (!ls) continue;
        size_t nr = ls->n_rows, nn = (size_t)ls->n_nodes;
        rank_interval *got = calloc(nr, sizeof *got);
        diag d = DIAG_INIT;
        assert_true(uncertainty_ranks(f->p.sc, 2025, (level)l, REPS, UNCERTAINTY_SEED,
                                      UNCERTAINTY_SPREAD, got, &d));
        double *w = malloc(nn * sizeof *w), *row = malloc(nn * sizeof *row);
        double *root = malloc(nr * sizeof *root), *ranks = malloc(nr * REPS * sizeof *ranks);
        int *rk = malloc(nr * sizeof *rk);
        size_t *order = malloc(nr * sizeof *order);
        for (unsigned k = 0; k < REPS; k++) {
            uncertainty_weights(ls->tree, (level)l, UNCERTAINTY_SEED, k, UNCERTAINTY_SPREAD, w);
            for (size_t r = 0; r < nr; r++) {
                memcpy(row, ls->score + r * nn, nn * sizeof *row);
                assert_true(uncertainty_aggregate_row(ls->tree, w, row));
                root[r] = row[0];
            }
            rank_competition(root, nr, rk, order);
            for (size_t r = 0; r < nr; r++) ranks[r * REPS + k] = rk[r];
        }
        for (size_t r = 0; r < nr; r++) {
            assert_true(got[r].available);
            double *v = ranks + r * REPS;
            qsort(v, REPS, sizeof *v, cmp_double);
            assert_true(got[r].median == uncertainty_quantile(v, REPS, 0.5));
            assert_true(got[r].lo == uncertainty_quantile(v, REPS, 0.05));
            assert_true(got[r].hi == uncertainty_quantile(v, REPS, 0.95));
            assert_int_equal(got[r].min, (int)v[0]);
            assert_int_equal(got[r].max, (int)v[REPS - 1]);
        }
        free(got);
        free(w);
        free(row);
        free(root);
        free(ranks);
        free(rk);
        free(order);
        diag_free(&d);
    }
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
        cmocka_unit_test(test_roots_match_rows),
        cmocka_unit_test(test_ranks_match_plain),
    };
    int failed = cmocka_run_group_tests_name("uncertainty", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("uncertainty on the bundled data", bundled, bundled_setup,
                                          teardown);
    return failed ? 1 : 0;
}
