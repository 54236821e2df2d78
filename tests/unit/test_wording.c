/* The German of page 1 over every bundled region, and golden page-1 texts.
 *
 * test_every_region builds the briefing of each of the 416 Länder and
 * Kreise of data/ in both editions (2025 and 2023) with the full analyses,
 * as `digindex build` does, and checks the page-1 text (title line, key
 * figures, sentences, strengths and weaknesses in numbers, topic fields)
 * against the rules of issue 13: articles and "im Saarland", Stadtstaaten,
 * units, dative plurals, singulars, the year once, the sample label once,
 * no "Vorjahr", U+2212 as the minus sign, one rank term ("Rang").
 * test_checker_catches_breakage renders a few regions with deliberately
 * broken wording templates and requires the same checks to object, so the
 * test can fail.
 *
 * test_golden_texts compares the page-1 text of Mecklenburg-Vorpommern (13),
 * the Wartburgkreis (16063) and the Regionalverband Saarbrücken (10041),
 * edition 2025, byte for byte with tests/golden/texts/<ags>.txt. To accept
 * an intended change: `make golden` (DIGINDEX_GOLDEN_UPDATE=1 rewrites them),
 * then review `git diff tests/golden/texts`. A mismatch writes <ags>.txt.got. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyses.h"
#include "buf.h"
#include "pipeline.h"
#include "view.h"
#include "wording.h"

#define GOLDEN_DIR "tests/golden/texts"
/* No published editions: the text must not depend on what out/ holds. */
#define NO_OUT "tests/fixtures/no-such-output"

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
    return b->p.sc && b->w && b->d.errors == 0 ? 0 : -1;
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

/* ---- page 1 as plain text -------------------------------------------------- */

static void text_lines(buf *out, const view_texts *t, view_text_key k, const char *sep)
{
    for (size_t i = 0; i < view_text_count(t, k); i++) {
        if (i) buf_puts(out, sep);
        buf_puts(out, view_text_line(t, k, i));
    }
}

/* What page 1 of the PDF says, in reading order, one item a line. */
static void page1_text(buf *out, const view_briefing *v)
{
    const view_texts *t = &v->texts;
    buf_printf(out, "%s\n%s\n%s\n\n", view_text(t, VT_KICKER), view_text(t, VT_TITLE),
               view_text(t, VT_SUBTITLE));
    buf_printf(out, "%s: %s | ", v->ed.index_name, v->index_score_de);
    text_lines(out, t, VT_FIG_INDEX_SUB, " | ");
    buf_printf(out, "\n%s: %s | ", view_text(t, VT_FIG_RANK_LABEL), v->index_rank_num_de);
    text_lines(out, t, VT_FIG_RANK_SUB, " | ");
    buf_printf(out, "\n%s: %s | ", view_text(t, VT_FIG_CHANGE_LABEL), view_text(t, VT_FIG_CHANGE_VALUE));
    text_lines(out, t, VT_FIG_CHANGE_SUB, " | ");
    buf_printf(out, "\n%s: %s | ", view_text(t, VT_FIG_AVERAGE_LABEL),
               view_text(t, VT_FIG_AVERAGE_VALUE));
    text_lines(out, t, VT_FIG_AVERAGE_SUB, " | ");
    buf_printf(out, "\n\n%s\n", view_text(t, VT_HEADING_GLANCE));
    for (size_t i = 0; i < v->n_sentences; i++) buf_printf(out, "- %s\n", v->sentences[i]);
    if (view_text_count(t, VT_HIGH) + view_text_count(t, VT_LOW) > 0) {
        buf_printf(out, "\n%s\n", view_text(t, VT_HEADING_HIGHLIGHTS));
        view_text_key heads[2] = {VT_HIGHS_HEAD, VT_LOWS_HEAD}, keys[2] = {VT_HIGH, VT_LOW};
        for (int c = 0; c < 2; c++) {
            if (view_text_count(t, keys[c]) == 0) continue;
            buf_printf(out, "%s\n", view_text(t, heads[c]));
            for (size_t i = 0; i < view_text_count(t, keys[c]); i++)
                buf_printf(out, "- %s\n", view_text_line(t, keys[c], i));
        }
        buf_printf(out, "%s\n", view_text(t, VT_HIGHLIGHTS_NOTE));
    }
    buf_printf(out, "\n%s\n", view_text(t, VT_HEADING_BARS));
    for (size_t i = 0; i < view_text_count(t, VT_TOPIC_LABEL); i++)
        buf_printf(out, "- %s: %s\n", view_text_line(t, VT_TOPIC_LABEL, i),
                   view_text_line(t, VT_TOPIC_RANK, i));
}

/* ---- the rules --------------------------------------------------------------- */

typedef struct problems {
    size_t n;
    buf first; /* the first few, for the failure message */
} problems;

static void problem(problems *p, const char *ags, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(problems *p, const char *ags, const char *fmt, ...)
{
    if (p->n++ < 40) {
        buf_printf(&p->first, "%s: ", ags);
        va_list ap;
        va_start(ap, fmt);
        buf_vprintf(&p->first, fmt, ap);
        va_end(ap);
        buf_putc(&p->first, '\n');
    }
}

/* Strings that must never appear on page 1, with the reason. */
static const struct {
    const char *s, *why;
} forbidden[] = {
    {"in Saarland", "im Saarland"},
    {"Anzahl", "a count names what it counts (238 Leistungen)"},
    {"Vorjahr", "the editions are two years apart: gegenüber 2023"},
    {"Beispieldaten: Beispieldaten:", "the label once"},
    {"2025, Ausgabe 2025", "the year once"},
    {"2023, Ausgabe 2023", "the year once"},
    {"von 1 Regionen", "singular"},
    {"unter 1 Ländern", "singular"},
    {"unter 1 Kreisen", "singular"},
    {"von 1 Ländern", "singular"},
    {"von 1 Kreisen", "singular"},
    {" 1 Plätze", "singular"},
    {"kreisfreie Stadt in Hamburg", "Hamburg is a Stadtstaat"},
    {"kreisfreie Stadt in Berlin", "Berlin is a Stadtstaat"},
    {"Ranking", "one term for rank: Rang"},
    {"Platzierung", "one term for rank: Rang"},
    {"Position ", "one term for rank: Rang"},
    {"Gewichtsprobe", "jargon: Bei anderen plausiblen Gewichten"},
    {"  ", "double space"},
    {" ,", "space before a comma"},
    {" .", "space before a full stop"},
    {"..", "double full stop"},
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Checks one line of page 1. */
static void check_line(problems *p, const char *ags, const char *s)
{
    for (size_t k = 0; k < sizeof forbidden / sizeof forbidden[0]; k++)
        if (strstr(s, forbidden[k].s)) problem(p, ags, "\"%s\" in \"%s\"", forbidden[k].s, s);
    for (const char *q = s; *q; q++) {
        bool start = q == s || q[-1] == ' ' || q[-1] == '(';
        /* The minus sign is U+2212, never a hyphen-minus or an en dash. */
        if (start && *q == '-' && is_digit(q[1])) problem(p, ags, "hyphen-minus as minus in \"%s\"", s);
        if (start && strncmp(q, "–", 3) == 0 && is_digit(q[3]))
            problem(p, ags, "en dash as minus in \"%s\"", s);
        /* Dative plural after "mit": "mit 11 Prozentpunkten", "mit 3 Punkten". */
        if (strncmp(q, "mit ", 4) == 0 && (is_digit(q[4]) || strncmp(q + 4, "−", 3) == 0 || q[4] == '+')) {
            const char *e = q + 4;
            while (*e && *e != ' ') e++;
            if (strncmp(e, " Prozentpunkte", 14) == 0 && e[14] != 'n')
                problem(p, ags, "dative plural: \"Prozentpunkten\" in \"%s\"", s);
            if (strncmp(e, " Punkte", 7) == 0 && e[7] != 'n')
                problem(p, ags, "dative plural: \"Punkten\" in \"%s\"", s);
        }
        /* A number is followed by a unit, never by "Anzahl" (above) nor by
         * "Rang" words other than "Rang": "Platz 3", "Rangplatz". */
        if (strncmp(q, "Platz ", 6) == 0 && is_digit(q[6]))
            problem(p, ags, "\"Platz\" as the rank term in \"%s\"", s);
        if (strncmp(q, "Rangplatz", 9) == 0) problem(p, ags, "\"Rangplatz\" in \"%s\"", s);
        /* Numbers of four digits and more carry the thousands point
         * ("10.790"); a year does not ("2023"). */
        if (is_digit(*q) && (q == s || (!is_digit(q[-1]) && q[-1] != '.' && q[-1] != ','))) {
            size_t n = 0;
            while (is_digit(q[n])) n++;
            bool year = n == 4 && (strncmp(q, "19", 2) == 0 || strncmp(q, "20", 2) == 0);
            bool code = q - s >= 4 && strncmp(q - 4, "AGS ", 4) == 0; /* a key, not a number */
            if (n >= 4 && !year && !code && q[n] != ',')
                problem(p, ags, "%zu digits without a thousands point in \"%s\"", n, s);
        }
    }
}

/* Checks page 1 of v (region rg); returns the problems in p. */
static void check_briefing(problems *p, const view_briefing *v, const region *rg, const level_scores *ls)
{
    const char *ags = rg->ags;
    buf text = BUF_INIT;
    page1_text(&text, v);
    /* Every line of page 1 against the rules. */
    char *all = buf_detach(&text);
    for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) check_line(p, ags, line);
    free(all);
    /* The method lines too ("die schwächsten 2.697 der 10.790"). */
    for (size_t i = 0; i < view_text_count(&v->texts, VT_METHOD); i++)
        check_line(p, ags, view_text_line(&v->texts, VT_METHOD, i));
    /* A disambiguated name stays in the title: a sentence says "der
     * Landkreis München". */
    for (size_t i = 0; i < v->n_sentences; i++)
        if (strstr(v->sentences[i], "(Landkreis)") || strstr(v->sentences[i], "(Kreis)"))
            problem(p, ags, "disambiguated name in \"%s\"", v->sentences[i]);
    if (v->n_sentences < 2) problem(p, ags, "only %zu sentences", v->n_sentences);
    /* The first sentence opens with the subject, article included
     * ("Der Wartburgkreis", "Das Saarland", "Der Landkreis München"). */
    if (v->n_sentences &&
        strncmp(v->sentences[0], v->gram.subject_start, strlen(v->gram.subject_start)) != 0)
        problem(p, ags, "\"%s\" does not open with \"%s\"", v->sentences[0], v->gram.subject_start);
    if (*v->gram.article && v->n_sentences) {
        char bare[300];
        snprintf(bare, sizeof bare, "%s erreicht", rg->name);
        if (strncmp(v->sentences[0], bare, strlen(bare)) == 0)
            problem(p, ags, "article missing in \"%s\"", v->sentences[0]);
    }
    /* The Saarland and its Kreise: "im Saarland". */
    if (strncmp(ags, "10", 2) == 0 && v->level == LEVEL_KREIS && !strstr(v->kind_line_de, " im Saarland"))
        problem(p, ags, "\"%s\" lacks \"im Saarland\"", v->kind_line_de);
    /* Stadtstaaten: the Länder and the one-Kreis Länder Berlin and Hamburg. */
    bool city = (v->level == LEVEL_LAND && (!strcmp(ags, "02") || !strcmp(ags, "04") || !strcmp(ags, "11"))) ||
                (v->level == LEVEL_KREIS && (!strcmp(ags, "02000") || !strcmp(ags, "11000")));
    if (city && strcmp(v->kind_line_de, "Stadtstaat") != 0)
        problem(p, ags, "kind line \"%s\", want \"Stadtstaat\"", v->kind_line_de);
    if (v->level == LEVEL_LAND && !isnan(v->group_average)) {
        /* "Ø" and its group stay on one line: a no-break space. */
        const char *want = city ? "Ø\u00a0Stadtstaaten" : "Ø\u00a0Flächenländer";
        if (strcmp(v->group_label_de, want) != 0)
            problem(p, ags, "comparison group \"%s\", want \"%s\"", v->group_label_de, want);
    }
    if (v->level == LEVEL_KREIS && isnan(v->group_average) && strncmp(ags, "02", 2) &&
        strncmp(ags, "11", 2) && strncmp(ags, "04", 2))
        problem(p, ags, "no Ø of the Land's Kreise");
    /* The change beside the Ø change of the level. */
    if (!isnan(v->index_change) && v->has_change) {
        const char *sub = view_text(&v->texts, VT_FIG_CHANGE_SUB);
        if (!*v->average_change_de || !strstr(sub, v->average_change_de))
            problem(p, ags, "the change box lacks the Ø change: \"%s\"", sub);
    }
    /* Strengths and weaknesses in numbers: the unit after the value, the Ø
     * as a percentage when the unit is one. */
    const view_highlight *lists[2] = {v->highs, v->lows};
    size_t counts[2] = {v->n_highs, v->n_lows};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < counts[k]; i++) {
            const view_highlight *h = &lists[k][i];
            int ni = tree_find(ls->tree, h->id);
            const char *unit = ni >= 0 ? ls->tree->nodes[ni].unit : "";
            size_t rl = strlen(h->raw_de), ul = strlen(unit);
            if (ul && (rl < ul || strcmp(h->raw_de + rl - ul, unit) != 0))
                problem(p, ags, "\"%s\" lacks its unit \"%s\"", h->raw_de, unit);
            if (unit[0] == '%' && !strstr(h->average_de, "\u00a0%"))
                problem(p, ags, "Ø \"%s\" of a percentage without %%", h->average_de);
            if ((k == 0) != ((h->score - h->score_average) > 0))
                problem(p, ags, "\"%s\" listed on the wrong side", h->name);
        }
    /* A Reihenbruch names what changed. */
    for (size_t i = 0; v->series_break && i < v->method_change.n_added; i++) {
        bool named = false;
        for (size_t s = 0; s < v->n_sentences; s++) named |= strstr(v->sentences[s], v->method_change.added[i]) != NULL;
        if (!named) problem(p, ags, "the Reihenbruch does not name \"%s\"", v->method_change.added[i]);
    }
}

/* Builds every region of edition `year` (Länder and Kreise) with wording w
 * and checks it; only the regions whose AGS is in `only` (NULL = all).
 * Returns how many were checked. */
static size_t check_edition(bundled *b, int year, const wording *w, const char *const *only,
                            problems *p)
{
    const dataset *ds = b->p.ds;
    const scores *sc = b->p.sc;
    const edition *ed = dataset_edition(ds, year);
    assert_non_null(ed);
    diag d = DIAG_INIT;
    analyses an;
    unsigned levels = (1u << LEVEL_LAND) | (1u << LEVEL_KREIS);
    assert_true(analyses_compute(&an, ds, sc, ed, levels, NO_OUT, &d));
    view_input in = {ds, sc, year, -1, w, NULL, {{0}}};
    analyses_for_view(&an, in.analyses);
    size_t checked = 0;
    for (int l = LEVEL_LAND; l <= LEVEL_KREIS; l++) {
        const level_scores *ls = scores_get(sc, year, (level)l);
        assert_non_null(ls);
        for (size_t r = 0; r < ls->n_rows; r++) {
            const region *rg = &ds->regions[ds->level_regions[l][r]];
            bool want = !only;
            for (size_t k = 0; only && only[k]; k++) want |= strcmp(only[k], rg->ags) == 0;
            if (!want) continue;
            const view_briefing *v = view_briefing_build(&in, (level)l, r, &d);
            if (!v) fail_msg("%s: no view (%zu errors)", rg->ags, d.errors);
            check_briefing(p, v, rg, ls);
            view_briefing_free(v);
            checked++;
        }
    }
    analyses_free(&an);
    diag_free(&d);
    return checked;
}

static void test_every_region(void **state)
{
    bundled *b = *state;
    problems p = {0, BUF_INIT};
    size_t n2025 = check_edition(b, 2025, b->w, NULL, &p);
    size_t n2023 = check_edition(b, 2023, b->w, NULL, &p);
    if (p.n) {
        print_message("%s", buf_cstr(&p.first));
        fail_msg("%zu problems on page 1 (the first above)", p.n);
    }
    buf_free(&p.first);
    assert_int_equal(n2025, 416);
    assert_int_equal(n2023, 416);
}

/* The unit follows the number ("238 Leistungen"): no indicator of any level
 * and edition of the bundled data names none ("Anzahl"). */
static void test_units_name_what_is_counted(void **state)
{
    bundled *b = *state;
    const dataset *ds = b->p.ds;
    size_t n = 0;
    for (size_t e = 0; e < ds->n_editions; e++)
        for (int l = 0; l < LEVEL_COUNT; l++) {
            const level_data *ld = &ds->editions[e].levels[l];
            if (!ld->present) continue;
            for (int i = 0; i < ld->tree.n_nodes; i++) {
                const node *nd = &ld->tree.nodes[i];
                if (nd->leaf < 0) continue;
                n++;
                if (!*nd->unit || strcmp(nd->unit, "Anzahl") == 0)
                    fail_msg("%d %s %s: unit \"%s\" does not say what is counted",
                             ds->editions[e].year, level_name((level)l), nd->id, nd->unit);
            }
        }
    assert_true(n > 100);
}

/* ---- the checks can fail ------------------------------------------------------ */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    return buf_detach(&b);
}

static void spit(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

/* Replaces the first `from` in s by `to`; fails when absent. */
static char *replace(char *s, const char *from, const char *to)
{
    char *at = strstr(s, from);
    if (!at) fail_msg("the template has no \"%s\" to break", from);
    char *r = xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
    free(s);
    return r;
}

static void test_checker_catches_breakage(void **state)
{
    bundled *b = *state;
    /* Each breakage, the regions it shows in. */
    static const struct {
        const char *file, *from, *to;
    } breaks[] = {
        {"wording/briefing.mustache", "{{{subject_start_de}}} erreicht", "{{{name}}} erreicht"},
        {"wording/briefing.mustache", "Gegenüber {{{ed.previous_year}}} hat",
         "Gegenüber dem Vorjahr hat"},
        {"wording/briefing.mustache", "unter {{{index_n_ranked}}} {{{level_plural_dat_de}}}",
         "unter {{{index_n_ranked}}} {{{level_plural_de}}} mit {{{index_score_de}}} Punkte"},
        {"wording/briefing-texts.mustache", "fig_change_sub: {{{average_label_de}}}: {{{average_change_de}}}",
         "fig_change_sub: Vorjahresvergleich"},
    };
    static const char *const only[] = {"10", "16063", "09184", "13", NULL};
    char dir[] = "/tmp/digindex-wording-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t k = 0; k < sizeof breaks / sizeof breaks[0]; k++) {
        /* A fresh copy of templates/ (wording, partials, pages) with one
         * breakage in it. */
        char *cmd = xasprintf("rm -rf '%s/t' && cp -R templates '%s/t'", dir, dir);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        char *tdir = xasprintf("%s/t", dir), *path = xasprintf("%s/%s", tdir, breaks[k].file);
        char *s = slurp(path);
        assert_non_null(s);
        s = replace(s, breaks[k].from, breaks[k].to);
        spit(path, s);
        free(s);
        free(path);
        diag d = DIAG_INIT;
        wording *w = wording_load(tdir, &d);
        assert_non_null(w);
        problems p = {0, BUF_INIT};
        assert_int_equal(check_edition(b, 2025, w, only, &p), 4);
        if (p.n == 0) fail_msg("breakage %zu (\"%s\") went unnoticed", k, breaks[k].to);
        buf_free(&p.first);
        wording_free(w);
        diag_free(&d);
        free(tdir);
    }
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* ---- download texts ------------------------------------------------------- */

/* The notes sheet of the score downloads comes from download-texts: the
 * rows in template order, the labels split off at the first ": ". */
static void test_download_texts(void **state)
{
    bundled *b = *state;
    view_input in = {b->p.ds, b->p.sc, 2025, -1, b->w, NULL, {{0}}};
    view_download dl;
    diag d = DIAG_INIT;
    assert_true(view_download_build(&in, LEVEL_KREIS, &dl, &d));
    assert_string_equal(dl.title, "Digitalindex Deutschland 2025 – Kreise");
    assert_string_equal(dl.status, "Beispieldaten");
    static const char *const labels[] = {"Bericht", "Ebene",  "Daten",  "Quellen",
                                         "Vorbild", "Lizenz", "Spalten"};
    assert_int_equal(dl.n_notes, sizeof labels / sizeof labels[0]); /* no theme: no publisher */
    for (size_t i = 0; i < dl.n_notes; i++) assert_string_equal(dl.note_label[i], labels[i]);
    assert_string_equal(dl.note_text[1], "Kreise");
    assert_non_null(strstr(dl.note_text[0], "Ausgabe 2025, veröffentlicht am "));
    assert_true(strncmp(dl.note_text[2], "Beispieldaten: ", 15) == 0); /* only the first ": " splits */
    view_download_free(&dl);
    diag_free(&d);
}

/* ---- golden texts ---------------------------------------------------------------- */

static void test_golden_texts(void **state)
{
    bundled *b = *state;
    const dataset *ds = b->p.ds;
    const edition *ed = dataset_edition(ds, 2025);
    assert_non_null(ed);
    diag d = DIAG_INIT;
    analyses an;
    assert_true(analyses_compute(&an, ds, b->p.sc, ed, (1u << LEVEL_LAND) | (1u << LEVEL_KREIS),
                                 NO_OUT, &d));
    view_input in = {ds, b->p.sc, 2025, -1, b->w, NULL, {{0}}};
    analyses_for_view(&an, in.analyses);
    bool update = getenv("DIGINDEX_GOLDEN_UPDATE") && strcmp(getenv("DIGINDEX_GOLDEN_UPDATE"), "1") == 0;
    static const char *const regions[] = {"13", "16063", "10041"};
    for (size_t k = 0; k < sizeof regions / sizeof regions[0]; k++) {
        size_t ri = dataset_find_region(ds, regions[k]);
        assert_true(ri != SIZE_MAX);
        const view_briefing *v = view_briefing_build(&in, ds->regions[ri].level, ds->regions[ri].row, &d);
        assert_non_null(v);
        buf out = BUF_INIT;
        page1_text(&out, v);
        view_briefing_free(v);
        char *path = xasprintf("%s/%s.txt", GOLDEN_DIR, regions[k]);
        if (update) {
            mkdir(GOLDEN_DIR, 0755);
            spit(path, buf_cstr(&out));
        } else {
            char *want = slurp(path);
            if (!want) fail_msg("missing %s (make golden writes it)", path);
            if (strcmp(want, buf_cstr(&out)) != 0) {
                char *got = xasprintf("%s.got", path);
                spit(got, buf_cstr(&out));
                fail_msg("%s differs from the page-1 text (written to %s); `make golden` accepts "
                         "an intended change, review it with git diff",
                         path, got);
            }
            free(want);
        }
        free(path);
        buf_free(&out);
    }
    analyses_free(&an);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_region),
        cmocka_unit_test(test_units_name_what_is_counted),
        cmocka_unit_test(test_checker_catches_breakage),
        cmocka_unit_test(test_golden_texts),
        cmocka_unit_test(test_download_texts),
    };
    return cmocka_run_group_tests_name("page 1 wording", tests, setup, teardown);
}
