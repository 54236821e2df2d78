/* Tests of gen/grammar (articles, gender, "in"/"im") by hand, and the
 * wording of every bundled region (16 Länder, 400 Kreise) read as a whole:
 * the sentence subject with its article, the right preposition, units,
 * plurals, one minus sign, and none of the strings a reader stumbles on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "grammar.h"
#include "pipeline.h"
#include "view.h"
#include "whatif.h"
#include "wording.h"

static void expect(const char *name, level lv, const char *kind, const char *land, const char *subject,
                   const char *start, const char *in, const char *dative)
{
    region_grammar g;
    region_grammar_derive(&g, name, lv, kind, land);
    assert_string_equal(g.subject, subject);
    assert_string_equal(g.subject_start, start);
    assert_string_equal(g.in, in);
    assert_string_equal(g.dative, dative);
    region_grammar_free(&g);
}

static void test_rules_by_hand(void **state)
{
    (void)state;
    expect("Bayern", LEVEL_LAND, NULL, "", "Bayern", "Bayern", "in Bayern", "Bayern");
    expect("Saarland", LEVEL_LAND, NULL, "", "das Saarland", "Das Saarland", "im Saarland",
           "dem Saarland");
    expect("Rheinland-Pfalz", LEVEL_LAND, NULL, "", "Rheinland-Pfalz", "Rheinland-Pfalz",
           "in Rheinland-Pfalz", "Rheinland-Pfalz");
    expect("Wartburgkreis", LEVEL_KREIS, "Landkreis", "16", "der Wartburgkreis", "Der Wartburgkreis",
           "im Wartburgkreis", "dem Wartburgkreis");
    expect("Heidekreis", LEVEL_KREIS, "Landkreis", "03", "der Heidekreis", "Der Heidekreis",
           "im Heidekreis", "dem Heidekreis");
    expect("München (Landkreis)", LEVEL_KREIS, "Landkreis", "09", "der Landkreis München",
           "Der Landkreis München", "im Landkreis München", "dem Landkreis München");
    expect("Region Hannover", LEVEL_KREIS, "Landkreis", "03", "die Region Hannover",
           "Die Region Hannover", "in der Region Hannover", "der Region Hannover");
    expect("Städteregion Aachen", LEVEL_KREIS, "Landkreis", "05", "die Städteregion Aachen",
           "Die Städteregion Aachen", "in der Städteregion Aachen", "der Städteregion Aachen");
    expect("Regionalverband Saarbrücken", LEVEL_KREIS, "Landkreis", "10",
           "der Regionalverband Saarbrücken", "Der Regionalverband Saarbrücken",
           "im Regionalverband Saarbrücken", "dem Regionalverband Saarbrücken");
    expect("Oberbergischer Kreis", LEVEL_KREIS, "Landkreis", "05", "der Oberbergische Kreis",
           "Der Oberbergische Kreis", "im Oberbergischen Kreis", "dem Oberbergischen Kreis");
    expect("Eifelkreis Bitburg-Prüm", LEVEL_KREIS, "Landkreis", "07", "der Eifelkreis Bitburg-Prüm",
           "Der Eifelkreis Bitburg-Prüm", "im Eifelkreis Bitburg-Prüm", "dem Eifelkreis Bitburg-Prüm");
    expect("Emsland", LEVEL_KREIS, "Landkreis", "03", "der Landkreis Emsland", "Der Landkreis Emsland",
           "im Landkreis Emsland", "dem Landkreis Emsland");
    expect("Dithmarschen", LEVEL_KREIS, "Landkreis", "01", "der Kreis Dithmarschen",
           "Der Kreis Dithmarschen", "im Kreis Dithmarschen", "dem Kreis Dithmarschen");
    expect("Halle (Saale)", LEVEL_KREIS, "kreisfreie Stadt", "15", "Halle (Saale)", "Halle (Saale)",
           "in Halle (Saale)", "Halle (Saale)");
    expect("Musterdorf", LEVEL_GEMEINDE, NULL, "09", "Musterdorf", "Musterdorf", "in Musterdorf",
           "Musterdorf");
}

/* ---- every bundled region --------------------------------------------------- */

typedef struct bundled {
    pipeline p;
    diag d;
    wording *w;
} bundled;

static int setup(void **state)
{
    bundled *b = calloc(1, sizeof *b);
    pipeline_run(&b->p, "data", &b->d);
    b->w = wording_load("templates", &b->d);
    *state = b;
    return b->p.sc && b->w ? 0 : -1;
}

static int teardown(void **state)
{
    bundled *b = *state;
    wording_free(b->w);
    pipeline_free(&b->p);
    diag_free(&b->d);
    free(b);
    return 0;
}

/* Strings that must never appear in a sentence, with the reason. */
static const struct {
    const char *s, *why;
} forbidden[] = {
    {"in Saarland", "im Saarland"},
    {"Anzahl", "a count names what it counts (238 Leistungen)"},
    {"Vorjahr", "the editions are two years apart: gegenüber 2023"},
    {"Beispieldaten: Beispieldaten:", "the label once"},
    {", Ausgabe 20", "the year once"},
    {" 1 Ländern", "singular"},
    {" 1 Kreisen", "singular"},
    {" 1 Regionen", "singular"},
    {" 1 Plätze", "singular"},
    {"Ranking", "one term for rank: Rang"},
    {"Prozentpunkte bei", "the target value with its unit, not a delta"},
    {"  ", "double space"},
    {" ,", "space before comma"},
    {" .", "space before full stop"},
};

/* A hyphen-minus or an en dash directly before a digit at a word start is
 * a minus sign that should be U+2212. */
static void check_minus(const char *s, const char *ags)
{
    for (const char *p = s; *p; p++) {
        bool start = p == s || p[-1] == ' ' || p[-1] == '(';
        if (!start) continue;
        if (*p == '-' && p[1] >= '0' && p[1] <= '9')
            fail_msg("%s: hyphen-minus as a minus sign in \"%s\"", ags, s);
        if (strncmp(p, "–", strlen("–")) == 0 && p[3] >= '0' && p[3] <= '9')
            fail_msg("%s: en dash as a minus sign in \"%s\"", ags, s);
    }
}

static size_t check_level(bundled *b, level lv)
{
    const scores *sc = b->p.sc;
    const dataset *ds = b->p.ds;
    const edition *ed = dataset_newest_edition(ds);
    const level_scores *ls = scores_get(sc, ed->year, lv);
    assert_non_null(ls);
    diag d = DIAG_INIT;
    decomposition *dc = calloc(ls->n_rows, sizeof *dc);
    assert_true(compare_decompose_all(sc, ed->previous_year, sc, ed->year, lv, true, dc, &d));
    whatif_ctx *wx = whatif_begin(sc, ed->year, lv, &d);
    assert_non_null(wx);
    whatif_result *wall = calloc(2 * ls->n_rows, sizeof *wall);
    for (size_t r = 0; r < ls->n_rows; r++) whatif_ctx_region(wx, r, &wall[2 * r]);
    view_input in = {ds, sc, ed->year, -1, b->w, NULL, {{0}}};
    in.analyses[lv] = (view_analyses){NULL, dc, wall, NULL, NULL, NULL};
    size_t checked = 0;
    for (size_t r = 0; r < ls->n_rows; r++) {
        const region *rg = &ds->regions[ds->level_regions[lv][r]];
        const view_briefing *v = view_briefing_build(&in, lv, r, &d);
        assert_non_null(v);
        const whatif_result *wr = &wall[2 * r];
        assert_true(v->n_sentences >= 3);
        /* The first sentence opens with the subject and its article. */
        if (strncmp(v->sentences[0], v->gram.subject_start, strlen(v->gram.subject_start)) != 0)
            fail_msg("%s: \"%s\" does not open with \"%s\"", rg->ags, v->sentences[0],
                     v->gram.subject_start);
        /* A name with an article never stands bare as a subject. */
        char bare[256];
        snprintf(bare, sizeof bare, "%s erreicht", rg->name);
        if (*v->gram.article && strstr(v->sentences[0], bare) == v->sentences[0])
            fail_msg("%s: article missing in \"%s\"", rg->ags, v->sentences[0]);
        for (size_t i = 0; i < v->n_sentences; i++) {
            const char *s = v->sentences[i];
            for (size_t k = 0; k < sizeof forbidden / sizeof forbidden[0]; k++)
                if (strstr(s, forbidden[k].s))
                    fail_msg("%s: \"%s\" in \"%s\" (%s)", rg->ags, forbidden[k].s, s, forbidden[k].why);
            if (strstr(s, "(Landkreis)")) fail_msg("%s: disambiguated name in \"%s\"", rg->ags, s);
            check_minus(s, rg->ags);
        }
        /* The line under the title: Stadtstaat, or kind with "in"/"im". */
        if (lv == LEVEL_KREIS) {
            if (strcmp(rg->ags, "02000") == 0 || strcmp(rg->ags, "11000") == 0)
                assert_string_equal(v->kind_line_de, "Stadtstaat");
            else if (strncmp(rg->ags, "10", 2) == 0)
                assert_non_null(strstr(v->kind_line_de, " im Saarland"));
            else if (strncmp(rg->ags, "04", 2) == 0)
                assert_non_null(strstr(v->kind_line_de, " im Land Bremen"));
            else
                assert_non_null(strstr(v->kind_line_de, " in "));
        }
        /* What it would take: a target inside the observed values, with its unit. */
        for (int k = 0; k < 2; k++) {
            const view_whatif *w = &v->whatif[k];
            if (!w->found) continue;
            assert_true(*w->to_de && *w->from_de && *w->indicator);
            int ni = tree_find(ls->tree, wr[k].node == -1 ? "" : ls->tree->nodes[wr[k].node].id);
            const node *n = &ls->tree->nodes[ni];
            if (*n->unit) assert_non_null(strstr(w->to_de, n->unit));
            double lo = INFINITY, hi = -INFINITY;
            for (size_t e = 0; e < ds->n_editions; e++) {
                const level_scores *o = scores_get(sc, ds->editions[e].year, lv);
                int on = o ? tree_find(o->tree, n->id) : -1;
                if (on < 0 || o->tree->nodes[on].leaf < 0) continue;
                for (size_t q = 0; q < o->n_rows; q++) {
                    double x = o->raw[q * (size_t)o->tree->n_leaves + (size_t)o->tree->nodes[on].leaf];
                    if (isnan(x)) continue;
                    lo = fmin(lo, x);
                    hi = fmax(hi, x);
                }
            }
            if (!(w->to >= lo - 1e-9 && w->to <= hi + 1e-9))
                fail_msg("%s: target %s outside the observed %g..%g", rg->ags, w->to_de, lo, hi);
        }
        view_briefing_free(v);
        checked++;
    }
    whatif_end(wx);
    free(dc);
    free(wall);
    diag_free(&d);
    return checked;
}

static void test_every_bundled_region(void **state)
{
    bundled *b = *state;
    size_t n = check_level(b, LEVEL_LAND) + check_level(b, LEVEL_KREIS);
    assert_int_equal(n, 416);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_by_hand),
        cmocka_unit_test_setup_teardown(test_every_bundled_region, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
