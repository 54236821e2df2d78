/* Tests of the view model and the German wording on the mini fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "view.h"
#include "wording.h"

typedef struct fixture {
    pipeline p;
    diag d;
    wording *w;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    pipeline_run(&f->p, "tests/fixtures/mini", &f->d);
    f->w = wording_load("templates", &f->d);
    *state = f;
    return f->p.sc && f->w ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    wording_free(f->w);
    pipeline_free(&f->p);
    diag_free(&f->d);
    free(f);
    return 0;
}

static const view_briefing *briefing(fixture *f, level lv, const char *ags)
{
    size_t ri = dataset_find_region(f->p.ds, ags);
    assert_true(ri != SIZE_MAX);
    const view_briefing *v = view_briefing_build(&(view_input){f->p.ds, f->p.sc, 2025, -1, f->w, NULL, {{0}}}, lv,
                                                  f->p.ds->regions[ri].row, &f->d);
    assert_non_null(v);
    return v;
}

static void test_key_figures(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_LAND, "01");
    assert_string_equal(v->file_stem, "01-nordland");
    assert_string_equal(v->index_score_de, "43,4");
    assert_string_equal(v->index_rank_de, "Rang 3 von 4");
    assert_string_equal(v->average_label_de, "Ø\u00a0Länder");
    assert_string_equal(v->kind_de, "Flächenland");
    assert_string_equal(v->population_de, "400 Einwohner");
    assert_int_equal(v->n_topics, 3);
    assert_string_equal(v->topics[1].name, "Bürgerservices");
    assert_string_equal(v->topics[1].change_de, "–"); /* B is new in 2025 */
    assert_string_equal(v->rows[0].id, "DI");
    assert_string_equal(v->rows[2].raw_de, "80\u00a0% der Haushalte");
    assert_string_equal(v->rows[2].weight_de, "50 %");
    assert_string_equal(v->rows[1].weight_de, "50 %"); /* A: 2 of 4 */
    assert_string_equal(v->ranking_title_de, "Alle Länder");
    assert_int_equal(v->n_ranking, 4);
    assert_string_equal(v->ranking[0].name, "Freie Stadt Elbhafen");
    assert_int_equal(v->ranking_highlight, 2);
    view_briefing_free(v);
}

static void test_sentences(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_LAND, "03");
    assert_true(v->n_sentences >= 3);
    assert_string_equal(v->sentences[0], "Das Südland erreicht im Testindex 2025 6,3 von 100 Punkten und "
                                         "belegt damit Rang 4 unter 4 Ländern.");
    assert_string_equal(v->sentences[1], "Der Wert liegt unter dem Durchschnitt aller Länder "
                                         "(54,1 Punkte).");
    assert_non_null(strstr(v->sentences[2], "In der Verfolgergruppe liegt das Südland in den Bereichen „Infrastruktur“ (Rang 4 von 4)"));
    view_briefing_free(v);
}

static void test_kreis(void **state)
{
    fixture *f = *state;
    const view_briefing *v = briefing(f, LEVEL_KREIS, "03002");
    assert_string_equal(v->file_stem, "03002-landkreis-weisstal");
    assert_string_equal(v->land_name, "Südland");
    assert_string_equal(v->ranking_title_de, "Kreise im Südland");
    assert_int_equal(v->n_ranking, 2);
    assert_string_equal(v->ranking_caption_de, "Rang 4 von 6 Kreisen bundesweit");
    view_briefing_free(v);
}

static void test_overview(void **state)
{
    fixture *f = *state;
    const view_overview *o = view_overview_build(&(view_input){f->p.ds, f->p.sc, 2025, -1, f->w, NULL, {{0}}}, &f->d);
    assert_non_null(o);
    assert_int_equal(o->n_laender, 4);
    assert_int_equal(o->n_kreise, 6);
    assert_string_equal(o->sentences[0], "Der Testindex 2025 vergleicht den Stand der Digitalisierung "
                                         "in den 4 Ländern in drei Themenfeldern: Infrastruktur, "
                                         "Bürgerservices und Digitale Kommune.");
    view_overview_free(o);
}

static void test_slug(void **state)
{
    (void)state;
    const char *cases[][2] = {{"Baden-Württemberg", "baden-wuerttemberg"},
                              {"Landkreis Dillingen a.d. Donau", "landkreis-dillingen-a-d-donau"},
                              {"Halle (Saale)", "halle-saale"},
                              {"Straßburg ß", "strassburg-ss"},
                              {"../../etc/passwd", "etc-passwd"},
                              {"<script>", "script"},
                              {"", "region"},
                              {"שלום", "region"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = view_slug(cases[i][0]);
        assert_string_equal(s, cases[i][1]);
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_figures), cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_kreis),       cmocka_unit_test(test_overview),
        cmocka_unit_test(test_slug),
    };
    return cmocka_run_group_tests_name("view and wording", tests, setup, teardown);
}
