/* Tests for gen/import (CSV → values JSON) and gen/edition (new-edition's
 * rewrite of model.json): round trips through our own scores CSV, every
 * accepted form, and every rejected cell reported with row:column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edition.h"
#include "import.h"
#include "load.h"
#include "pipeline.h"
#include "scores_out.h"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct fx {
    pipeline p;
    diag d;
} fx;

static int mini_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    pipeline_run(&f->p, "tests/fixtures/mini", &f->d);
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

/* Converts csv for mini 2025 at lv; returns the JSON text (caller frees) or
 * NULL, with the diagnostics in *d. */
static char *convert(const fx *f, level lv, const char *csv, size_t len, diag *d)
{
    const edition *ed = dataset_edition(f->p.ds, 2025);
    buf out = BUF_INIT;
    buf_puts(&out, ""); /* out must stay untouched on failure: compare below */
    size_t before = out.len;
    bool ok = import_convert(f->p.ds, ed, lv, "in.csv", csv, len, &out, d);
    if (!ok) {
        assert_int_equal(out.len, before);
        buf_free(&out);
        return NULL;
    }
    return buf_detach(&out);
}

static char *convert_str(const fx *f, level lv, const char *csv, diag *d)
{
    return convert(f, lv, csv, strlen(csv), d);
}

/* The value of region ags, indicator id in a values JSON text; *is_null set
 * for null; fails when absent. */
static double value_of(const char *json, const char *ags, const char *id, bool *is_null)
{
    json_error_t err;
    json_t *j = json_loads(json, 0, &err);
    assert_non_null(j);
    json_t *v = json_object_get(json_object_get(json_object_get(j, "values"), ags), id);
    assert_non_null(v);
    *is_null = json_is_null(v);
    double x = json_is_number(v) ? json_number_value(v) : NAN;
    json_decref(j);
    return x;
}

static void check_value(const char *json, const char *ags, const char *id, double want)
{
    bool is_null;
    double got = value_of(json, ags, id, &is_null);
    if (isnan(want)) {
        assert_true(is_null);
        return;
    }
    assert_false(is_null);
    if (got != want) fail_msg("%s %s: got %.17g, want %.17g", ags, id, got, want);
}

/* True when d holds an error at line:col whose message contains `part`. */
static bool has_error(const diag *d, int line, int col, const char *part)
{
    for (size_t i = 0; i < d->count; i++) {
        const diag_entry *e = &d->entries[i];
        if (e->severity == DIAG_ERROR && e->line == line && e->column == col &&
            strstr(e->message, part))
            return true;
    }
    return false;
}

static void dump(const diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char *s = diag_format(&d->entries[i]);
        print_message("  %s\n", s);
        free(s);
    }
}

/* Compares two values documents after parsing: same regions, same
 * indicators, same numbers (bit for bit) and nulls. */
static void same_values(const char *a_text, const char *b_text)
{
    json_error_t err;
    json_t *a = json_loads(a_text, 0, &err), *b = json_loads(b_text, 0, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(json_integer_value(json_object_get(a, "edition")),
                     json_integer_value(json_object_get(b, "edition")));
    json_t *va = json_object_get(a, "values"), *vb = json_object_get(b, "values");
    assert_int_equal(json_object_size(va), json_object_size(vb));
    const char *ags;
    json_t *ra;
    json_object_foreach(va, ags, ra) {
        json_t *rb = json_object_get(vb, ags);
        assert_non_null(rb);
        assert_int_equal(json_object_size(ra), json_object_size(rb));
        const char *id;
        json_t *x;
        json_object_foreach(ra, id, x) {
            json_t *y = json_object_get(rb, id);
            assert_non_null(y);
            if (json_is_null(x)) {
                assert_true(json_is_null(y));
            } else {
                assert_true(json_is_number(y));
                if (json_number_value(x) != json_number_value(y))
                    fail_msg("%s %s: %.17g != %.17g", ags, id, json_number_value(x),
                             json_number_value(y));
            }
        }
    }
    json_decref(a);
    json_decref(b);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    return buf_detach(&b);
}

/* ---- round trips through `digindex scores` CSV ------------------------------ */

/* The level's values as one document: its file, or its parts by Land
 * (values-gemeinde-<LL>.json) merged. */
static char *slurp_level(const level_data *ld)
{
    if (ld->n_values_parts == 0) return slurp(ld->values_file);
    json_t *all = json_object();
    json_t *values = json_object();
    for (size_t i = 0; i < ld->n_values_parts; i++) {
        json_error_t err;
        json_t *part = json_load_file(ld->values_parts[i], 0, &err);
        assert_non_null(part);
        json_object_update(values, json_object_get(part, "values"));
        json_decref(part);
    }
    json_t *first = json_load_file(ld->values_parts[0], 0, NULL);
    json_object_set(all, "edition", json_object_get(first, "edition"));
    json_decref(first);
    json_object_set_new(all, "values", values);
    char *text = json_dumps(all, JSON_REAL_PRECISION(17));
    json_decref(all);
    return text;
}

static void round_trip(const char *dir)
{
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, dir, &d);
    assert_non_null(p.sc);
    for (size_t e = 0; e < p.ds->n_editions; e++) {
        const edition *ed = &p.ds->editions[e];
        for (int l = 0; l < LEVEL_COUNT; l++) {
            const level_scores *ls = scores_get(p.sc, ed->year, (level)l);
            if (!ls) continue;
            buf csv = BUF_INIT, json = BUF_INIT;
            scores_write_csv(&csv, p.ds, ls);
            diag id = DIAG_INIT;
            bool ok = import_convert(p.ds, ed, (level)l, "scores.csv", csv.data, csv.len, &json, &id);
            if (!ok) dump(&id);
            assert_true(ok);
            assert_int_equal(id.warnings, 0); /* our own CSV needs no comment */
            char *orig = slurp_level(&ed->levels[l]);
            same_values(orig, buf_cstr(&json));
            free(orig);
            buf_free(&csv);
            buf_free(&json);
            diag_free(&id);
        }
    }
    pipeline_free(&p);
    diag_free(&d);
}

static void test_round_trip_mini(void **state)
{
    (void)state;
    round_trip("tests/fixtures/mini");
}

static void test_round_trip_bundled(void **state)
{
    (void)state;
    round_trip("data");
}

/* ---- accepted forms ------------------------------------------------------------ */

static void test_long_english(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    char *j = convert_str(f, LEVEL_LAND,
                          "ags,indicator,value\n"
                          "01,I1,80.5\n01,I2,5\n01,I3,100\n"
                          "02,I1,100\n02,I2,1\n02,I3,150\n"
                          "03,I1,60\n03,I2,9\n03,I3,50\n"
                          "04,I1,90\n04,I2,2\n04,I3,\n",
                          &d);
    assert_non_null(j);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 0);
    check_value(j, "01", "I1", 80.5);
    check_value(j, "04", "I3", NAN);
    /* The derived indicator takes no value and is not written. */
    assert_null(strstr(j, "IK"));
    assert_non_null(strstr(j, "\"01\":{\"I1\":80.5,\"I2\":5,\"I3\":100}"));
    free(j);
    diag_free(&d);
}

static void test_long_german(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    /* German headers, ';', decimal comma, CRLF, extra Name column, a BOM,
     * quoted cells, a minus sign and thousands dots. */
    char *j = convert_str(f, LEVEL_LAND,
                          "\xEF\xBB\xBF" "AGS;Name;Indikator;Wert\r\n"
                          "\"01\";Nordland;I1;\"80,25\"\r\n"
                          "01;Nordland;I2;−0,5\r\n"
                          "01;Nordland;I3;1.234,5\r\n"
                          "\"02\";\"Freie Stadt \"\"Elbhafen\"\"\";I1;100\r\n",
                          &d);
    if (!j) dump(&d);
    assert_non_null(j);
    check_value(j, "01", "I1", 80.25);
    check_value(j, "01", "I2", -0.5);
    check_value(j, "01", "I3", 1234.5);
    check_value(j, "02", "I1", 100);
    check_value(j, "02", "I2", NAN);
    /* Regions 03 and 04 are absent: a warning, written as null. */
    assert_int_equal(d.warnings, 1);
    check_value(j, "03", "I1", NAN);
    free(j);
    diag_free(&d);
}

static void test_wide_forms(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    /* Bare ids, tab separated, values with exponent and point. */
    char *j = convert_str(f, LEVEL_KREIS,
                          "AGS\tName\tK1\tK2\n"
                          "01001\tHafenstadt\t50\t7e1\n"
                          "01002\tLandkreis Geest\t70.5\t30\n"
                          "02000\tElbhafen\t90\t90\n"
                          "03001\tBergstadt\t30\t10\n"
                          "03002\tLandkreis Weißtal\t\t50\n"
                          "04011\tWeserstadt\t80\t60\n",
                          &d);
    if (!j) dump(&d);
    assert_non_null(j);
    assert_int_equal(d.warnings, 0);
    check_value(j, "01001", "K2", 70);
    check_value(j, "01002", "K1", 70.5);
    check_value(j, "03002", "K1", NAN);
    free(j);
    diag_free(&d);

    /* "ID name" headers and score columns to skip; AGS that lost its
     * leading zero (Excel) are restored with one warning. */
    d = (diag)DIAG_INIT;
    j = convert_str(f, LEVEL_LAND,
                    "AGS;I1 Gigabit – Rohwert (%);I1 Gigabit – Punkte;I2 Funklöcher;DI Testindex – Punkte;I3\n"
                    "1;80;50;5;43;100\n"
                    "2;100;100;1;93;150\n"
                    "3;60;0;9;0;50\n"
                    "4;90;75;2;70;\n",
                    &d);
    if (!j) dump(&d);
    assert_non_null(j);
    assert_int_equal(d.warnings, 1);
    check_value(j, "01", "I1", 80);
    check_value(j, "03", "I2", 9);
    free(j);
    diag_free(&d);
}

static void test_cp1252(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    /* German Excel "CSV (Trennzeichen-getrennt)": Windows-1252, ';', decimal
     * comma; 0x96 is the en dash of our header, 0xFC 'ü', 0xDF 'ß'. */
    const char csv[] = "AGS;Name;K1 Breitband \x96 Rohwert (% der Haushalte);K2 Verwaltung online \x96 Rohwert (% der Leistungen)\r\n"
                       "01001;Hafenstadt;50,5;70\r\n"
                       "01002;Landkreis Geest;70;30\r\n"
                       "02000;Elbhafen;90;90\r\n"
                       "03001;Bergstadt;30;10\r\n"
                       "03002;Landkreis Wei\xDFtal;;50\r\n"
                       "04011;Weserstadt;80;60,25\r\n";
    char *j = convert(f, LEVEL_KREIS, csv, sizeof csv - 1, &d);
    if (!j) dump(&d);
    assert_non_null(j);
    assert_int_equal(d.warnings, 0);
    check_value(j, "01001", "K1", 50.5);
    check_value(j, "04011", "K2", 60.25);
    free(j);
    diag_free(&d);
}

static void test_number_writer(void **state)
{
    (void)state;
    static const struct {
        double x;
        const char *want;
    } v[] = {{0, "0"},        {-0.0, "0"},       {100, "100"},   {71.2, "71.2"},
             {0.1, "0.1"},    {-2.5, "-2.5"},    {1e-7, "1e-07"}, {1234567, "1234567"},
             {93.0, "93"},    {0.0001, "0.0001"}, {1e20, "1e+20"}, {NAN, "null"}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        buf b = BUF_INIT;
        import_number_write(&b, v[i].x);
        assert_string_equal(buf_cstr(&b), v[i].want);
        buf_free(&b);
    }
    /* Every double reads back as itself. */
    double xs[] = {1.0 / 3, 2.0 / 3 * 100, 43.402777777777779, 5e-324, 1.7976931348623157e308,
                   0.30000000000000004};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        buf b = BUF_INIT;
        import_number_write(&b, xs[i]);
        assert_true(strtod(buf_cstr(&b), NULL) == xs[i]);
        buf_free(&b);
    }
}

/* ---- rejected input -------------------------------------------------------------- */

static void test_bad_cells_reported(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    char *j = convert_str(f, LEVEL_LAND,
                          "AGS;Indikator;Wert\n"          /* line 1 */
                          "01;I1;80\n"                    /* 2: fine */
                          "01;I2;9x,5\n"                  /* 3: col 3 unreadable */
                          "99;I1;5\n"                     /* 4: col 1 unknown AGS */
                          "01001;I1;5\n"                  /* 5: col 1 a Kreis */
                          "02;I9;5\n"                     /* 6: col 2 unknown indicator */
                          "01;I1;81\n"                    /* 7: col 3 second value */
                          "02;A;5\n"                      /* 8: col 2 an aggregate */
                          "03;I1;1.234\n"                 /* 9: col 3 ambiguous (decimal commas) */
                          "04;I1;95,3 %\n"                /* 10: col 3 unreadable */
                          "04;I2;1,5\n04;I3;2,5\n"        /* 11, 12: fine, set the file's style */
                          "0x;I1;1\n",                    /* 13: col 1 not an AGS */
                          &d);
    assert_null(j);
    if (d.errors != 9) dump(&d);
    assert_int_equal(d.errors, 9);
    assert_true(has_error(&d, 3, 3, "cannot read \"9x,5\" as a number"));
    assert_true(has_error(&d, 4, 1, "not in regions.json"));
    assert_true(has_error(&d, 5, 1, "is a Kreis (Hafenstadt), not a Land"));
    assert_true(has_error(&d, 6, 2, "unknown indicator id \"I9\""));
    assert_true(has_error(&d, 7, 3, "a second value for 01"));
    assert_true(has_error(&d, 8, 2, "not an indicator but an aggregate"));
    assert_true(has_error(&d, 9, 3, "ambiguous"));
    assert_true(has_error(&d, 10, 3, "cannot read \"95,3 %\""));
    assert_true(has_error(&d, 13, 1, "cannot read \"0x\" as an AGS"));
    /* The message names file:line:col. */
    char *s = diag_format(&d.entries[0]);
    assert_non_null(strstr(s, "in.csv:3:3: error:"));
    free(s);
    diag_free(&d);
}

static void test_bad_wide(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    char *j = convert_str(f, LEVEL_LAND,
                          "Name;AGS;I1;I7;I2;B\n"         /* col 4: unknown id, col 6: aggregate */
                          "Nordland;01;80;1;x\n"          /* 2:5 unreadable */
                          "Nordland;01;80;1;5\n"          /* 3:2 second row for 01 */
                          "Südland;03;60;;9;;7\n"         /* 4:7 beyond the header */
                          "Weserstadt;04;abc;;2\n",       /* 5:3 unreadable */
                          &d);
    assert_null(j);
    if (d.errors != 6) dump(&d);
    assert_int_equal(d.errors, 6);
    assert_true(has_error(&d, 1, 4, "unknown indicator id \"I7\""));
    assert_true(has_error(&d, 1, 6, "\"B\" is not an indicator but an aggregate"));
    assert_true(has_error(&d, 2, 5, "cannot read \"x\""));
    assert_true(has_error(&d, 3, 2, "a second row for 01"));
    assert_true(has_error(&d, 4, 7, "beyond the last column"));
    assert_true(has_error(&d, 5, 3, "cannot read \"abc\""));
    diag_free(&d);
}

static void test_bad_files(void **state)
{
    fx *f = *state;
    diag d = DIAG_INIT;
    assert_null(convert_str(f, LEVEL_LAND, "", &d));
    assert_true(d.errors == 1 && strstr(d.entries[0].message, "empty"));
    diag_free(&d);
    assert_null(convert_str(f, LEVEL_LAND, "Name;I1\nNordland;5\n", &d));
    assert_true(has_error(&d, 1, 1, "no AGS column"));
    diag_free(&d);
    assert_null(convert_str(f, LEVEL_LAND, "AGS;I1\n01;\"5\n02;6\n", &d));
    assert_true(has_error(&d, 2, 2, "not closed"));
    diag_free(&d);
    assert_null(convert(f, LEVEL_LAND, "\xFF\xFE" "A\0G\0S\0", 8, &d));
    assert_true(d.errors == 1 && strstr(d.entries[0].message, "UTF-16"));
    diag_free(&d);
    /* A Land file imported as Kreise: every AGS is the wrong level. */
    assert_null(convert_str(f, LEVEL_KREIS, "AGS;K1\n01;5\n02;6\n", &d));
    assert_true(has_error(&d, 2, 1, "is a Land (Nordland), not a Kreis"));
    assert_true(has_error(&d, 3, 1, "is a Land"));
    diag_free(&d);
}

/* Merge: the file's cells replace the base's, everything else is kept;
 * the counts say so. The base is 1000 + cell index, so each kept value
 * is known. */
static void test_merge_into_base(void **state)
{
    fx *f = *state;
    const edition *ed = dataset_edition(f->p.ds, 2025);
    const tree *t = &ed->levels[LEVEL_LAND].tree;
    size_t nr = f->p.ds->n_level_regions[LEVEL_LAND], nl = (size_t)t->n_leaves;
    double *base = malloc(nr * nl * sizeof *base);
    for (size_t i = 0; i < nr * nl; i++) base[i] = 1000 + (double)i;
    int i1 = t->nodes[tree_find(t, "I1")].leaf, i2 = t->nodes[tree_find(t, "I2")].leaf;
    const char csv[] = "AGS;I2\n03;7,5\n04;\n";
    import_options opt = {false, IMPORT_DECIMAL_AUTO, NULL, 0};
    import_summary sum;
    buf out = BUF_INIT;
    diag d = DIAG_INIT;
    assert_true(import_convert_opts(f->p.ds, ed, LEVEL_LAND, "in.csv", csv, sizeof csv - 1, &opt,
                                    base, &out, &sum, &d));
    const char *j = buf_cstr(&out);
    check_value(j, "03", "I2", 7.5);
    check_value(j, "04", "I2", NAN);                       /* an empty cell: null */
    check_value(j, "01", "I1", 1000 + 0 * (double)nl + i1); /* kept */
    check_value(j, "03", "I1", 1000 + 2 * (double)nl + i1);
    check_value(j, "02", "I2", 1000 + 1 * (double)nl + i2);
    assert_int_equal(sum.values, 2);
    assert_int_equal(sum.regions, 2);
    assert_int_equal(sum.indicators, 1);
    /* 4 regions × 3 input indicators (IK is derived), minus the 2 given. */
    assert_int_equal(sum.kept, 10);
    assert_int_equal(d.warnings, 0);
    buf_free(&out);
    diag_free(&d);
    free(base);
}

/* "1.012": a dot before three digits is read only when --decimal or the
 * file says what it is. */
static void test_thousands_dot(void **state)
{
    fx *f = *state;
    const edition *ed = dataset_edition(f->p.ds, 2025);
    const char csv[] = "AGS;I3\n01;1.012\n02;987\n";
    import_options opt = {true, IMPORT_DECIMAL_AUTO, NULL, 0};
    buf out = BUF_INIT;
    diag d = DIAG_INIT;
    assert_false(import_convert_opts(f->p.ds, ed, LEVEL_LAND, "in.csv", csv, sizeof csv - 1, &opt,
                                     NULL, &out, NULL, &d));
    assert_true(has_error(&d, 2, 2, "\"1.012\" is ambiguous"));
    assert_int_equal(out.len, 0);
    diag_free(&d);
    opt.decimal = IMPORT_DECIMAL_COMMA;
    assert_true(import_convert_opts(f->p.ds, ed, LEVEL_LAND, "in.csv", csv, sizeof csv - 1, &opt,
                                    NULL, &out, NULL, &d));
    check_value(buf_cstr(&out), "01", "I3", 1012);
    buf_clear(&out);
    diag_free(&d);
    opt.decimal = IMPORT_DECIMAL_POINT;
    assert_true(import_convert_opts(f->p.ds, ed, LEVEL_LAND, "in.csv", csv, sizeof csv - 1, &opt,
                                    NULL, &out, NULL, &d));
    check_value(buf_cstr(&out), "01", "I3", 1.012);
    buf_clear(&out);
    diag_free(&d);
    /* Decimal points elsewhere in the column: the dot is a decimal point. */
    const char pts[] = "AGS;I3\n01;1.012\n02;0.5\n";
    opt.decimal = IMPORT_DECIMAL_AUTO;
    assert_true(import_convert_opts(f->p.ds, ed, LEVEL_LAND, "in.csv", pts, sizeof pts - 1, &opt,
                                    NULL, &out, NULL, &d));
    check_value(buf_cstr(&out), "01", "I3", 1.012);
    buf_free(&out);
    diag_free(&d);
}

/* import_run: nothing is written unless the file is clean. */
static void test_run_writes_nothing_on_error(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/digindex-import-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    char *cmd = xasprintf("cp -R tests/fixtures/mini %s/m", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *data = xasprintf("%s/m", dir);
    char *values = xasprintf("%s/2025/values-land.json", data);
    char *csv = xasprintf("%s/in.csv", dir);
    char *before = slurp(values);

    FILE *fp = fopen(csv, "wb");
    fputs("AGS;I1;I2;I3\n01;1;2;3\n02;x;2;3\n", fp);
    fclose(fp);
    diag d = DIAG_INIT;
    char *written = NULL;
    assert_int_equal(import_run(data, 2025, LEVEL_LAND, csv, &written, &d), 1);
    assert_null(written);
    assert_true(has_error(&d, 3, 2, "cannot read \"x\""));
    char *after = slurp(values);
    assert_string_equal(before, after);
    free(after);
    diag_free(&d);
    char *tmp = xasprintf("%s.tmp", values);
    struct stat st;
    assert_true(stat(tmp, &st) != 0);
    free(tmp);

    /* A missing edition is a usage error; so is a missing file. */
    assert_int_equal(import_run(data, 2031, LEVEL_LAND, csv, &written, &d), 2);
    diag_free(&d);
    assert_int_equal(import_run(data, 2025, LEVEL_LAND, "/nonexistent.csv", &written, &d), 2);
    diag_free(&d);

    /* A clean file replaces the values. */
    fp = fopen(csv, "wb");
    fputs("AGS;I1;I2;I3\n01;1;2;3\n02;4;5;6\n03;7;8;9\n04;10;11;\n", fp);
    fclose(fp);
    assert_int_equal(import_run(data, 2025, LEVEL_LAND, csv, &written, &d), 0);
    assert_string_equal(written, values);
    after = slurp(values);
    check_value(after, "04", "I2", 11);
    free(after);
    free(written);
    diag_free(&d);

    cmd = xasprintf("rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(before);
    free(data);
    free(values);
    free(csv);
}

/* ---- new-edition's rewrite ---------------------------------------------------- */

static void test_edition_rewrite(void **state)
{
    (void)state;
    const char *src = "{\n  \"edition\": 2025,\n  \"title\": \"Testindex 2025\",\n"
                      "  \"previous_edition\": 2023,\n  \"published\": \"2025-06-30\",\n"
                      "  \"status\": \"sample\",\n  \"levels\": {\"land\": {\"id\": \"DI\", "
                      "\"name\": \"2025 \\\" x\"}}\n}\n";
    buf out = BUF_INIT;
    diag d = DIAG_INIT;
    bool title;
    assert_true(edition_model_rewrite("m.json", src, strlen(src), 2025, 2027, &out, &title, &d));
    assert_true(title);
    assert_string_equal(buf_cstr(&out),
                        "{\n  \"edition\": 2027,\n  \"title\": \"Testindex 2027\",\n"
                        "  \"previous_edition\": 2025,\n  \"published\": \"2027-06-30\",\n"
                        "  \"status\": \"sample\",\n  \"levels\": {\"land\": {\"id\": \"DI\", "
                        "\"name\": \"2025 \\\" x\"}}\n}\n");
    buf_free(&out);

    /* Without previous_edition: inserted after "edition" in the same layout. */
    const char *src2 = "{\n  \"edition\": 2023,\n  \"title\": \"Index\",\n  \"levels\": {}\n}";
    assert_true(edition_model_rewrite("m.json", src2, strlen(src2), 2023, 2025, &out, &title, &d));
    assert_false(title);
    assert_string_equal(buf_cstr(&out), "{\n  \"edition\": 2025,\n  \"previous_edition\": 2023,\n"
                                        "  \"title\": \"Index\",\n  \"levels\": {}\n}");
    buf_free(&out);
    assert_int_equal(d.errors, 0);
    assert_false(edition_model_rewrite("m.json", "[1]", 3, 2023, 2025, &out, &title, &d));
    assert_int_equal(d.errors, 1);
    assert_int_equal(out.len, 0);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest mini[] = {
        cmocka_unit_test(test_long_english),
        cmocka_unit_test(test_long_german),
        cmocka_unit_test(test_wide_forms),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_bad_cells_reported),
        cmocka_unit_test(test_bad_wide),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_merge_into_base),
        cmocka_unit_test(test_thousands_dot),
    };
    const struct CMUnitTest other[] = {
        cmocka_unit_test(test_round_trip_mini),
        cmocka_unit_test(test_round_trip_bundled),
        cmocka_unit_test(test_number_writer),
        cmocka_unit_test(test_run_writes_nothing_on_error),
        cmocka_unit_test(test_edition_rewrite),
    };
    int failed = cmocka_run_group_tests_name("import on tests/fixtures/mini", mini, mini_setup, teardown);
    failed += cmocka_run_group_tests_name("import round trips, import_run, new-edition", other, NULL, NULL);
    return failed ? 1 : 0;
}
