/* The rank-interval chart: every label inside the canvas, none overlapping,
 * the German labels "9 (9–11)". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "canvas.h"
#include "charts.h"
#include "metrics.h"

static void check_layout(double width, double height_factor)
{
    metrics_fonts *f = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, NULL);
    assert_non_null(f);
    const char *names[] = {"Hamburg", "Bremen", "Bayern", "Mecklenburg-Vorpommern",
                           "Regionalverband Saarbrücken mit einem sehr langen Namen"};
    double median[] = {1, 2, 9, 13, NAN}, lo[] = {1, 2, 9, 12, NAN}, hi[] = {1, 3, 11, 15, NAN};
    const char *labels[] = {"1 (1–1)", "2 (2–3)", "9 (9–11)", "13 (12–15)", "–"};
    chart_intervals in = {NULL, NULL, 5, names, median, lo, hi, labels, 16,
                          "Median und 5–95-%-Spanne"};
    double h = chart_intervals_height(f, &in, width, NULL) * height_factor;
    canvas *c = canvas_rec_new(f, width, h);
    assert_true(chart_intervals_draw(c, &in, NULL, NULL));
    size_t n = canvas_rec_text_count(c);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        const canvas_rec_text *t = canvas_rec_text_at(c, i);
        assert_true(t->box.x0 >= -0.01 && t->box.x1 <= width + 0.01);
        assert_true(t->box.y0 >= -0.01 && t->box.y1 <= h + 0.01);
        if (strcmp(t->text, "9 (9–11)") == 0) found = true;
        for (size_t k = i + 1; k < n; k++) {
            const canvas_rec_text *u = canvas_rec_text_at(c, k);
            bool overlap = t->box.x0 < u->box.x1 && u->box.x0 < t->box.x1 &&
                           t->box.y0 < u->box.y1 && u->box.y0 < t->box.y1;
            if (overlap) print_error("overlap: '%s' and '%s'\n", t->text, u->text);
            assert_false(overlap);
        }
    }
    assert_true(found);
    assert_true(canvas_finish(c, NULL));
    canvas_free(c);
    metrics_fonts_free(f);
}

static void test_layout_wide(void **state)
{
    (void)state;
    check_layout(480, 1.0);
}

static void test_layout_narrow_and_short(void **state)
{
    (void)state;
    check_layout(240, 0.7);
}

static void test_rejects_empty(void **state)
{
    (void)state;
    chart_intervals in = {0};
    assert_false(chart_intervals_draw(NULL, &in, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_layout_wide),
                                       cmocka_unit_test(test_layout_narrow_and_short),
                                       cmocka_unit_test(test_rejects_empty)};
    return cmocka_run_group_tests_name("interval chart", tests, NULL, NULL);
}
