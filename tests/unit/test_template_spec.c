/* Runs the official Mustache spec (the JSON files in ../shared/specs/mustache, relative
 * to the repository root) against the template engine: one cmocka test per
 * spec example. Lambdas and inheritance are optional modules we do not
 * implement, so only the six core files are read. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "buf.h"
#include "template.h"
#include "tvalue.h"

#define SPEC_DIR "../shared/specs/mustache"

static const char *const spec_files[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials", "sections",
};

typedef struct spec_case {
    char *title;          /* "file: name", the cmocka test name */
    const json_t *test;   /* borrowed from the loaded spec file */
} spec_case;

/* Shows control characters so that whitespace differences are visible. */
static void print_visible(const char *label, const char *s, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            buf_puts(&b, "\\n");
        else if (c == '\r')
            buf_puts(&b, "\\r");
        else if (c == '\t')
            buf_puts(&b, "\\t");
        else if (c < 0x20)
            buf_printf(&b, "\\x%02x", c);
        else
            buf_putc(&b, (char)c);
    }
    print_message("  %-9s \"%s\"\n", label, buf_cstr(&b));
    buf_free(&b);
}

static void run_spec_case(void **state)
{
    const spec_case *sc = *state;
    const json_t *test = sc->test;
    const json_t *jtemplate = json_object_get(test, "template");
    const json_t *jexpected = json_object_get(test, "expected");
    assert_non_null(jtemplate);
    assert_non_null(jexpected);

    /* The spec wants a missing partial to render as "". */
    template_partials *partials = template_partials_new();
    template_partials_set_missing_ok(partials, true);
    const json_t *jpartials = json_object_get(test, "partials");
    const char *pname;
    const json_t *psrc;
    json_object_foreach((json_t *)jpartials, pname, psrc)
        template_partials_add(partials, pname, json_string_value(psrc), json_string_length(psrc));

    tv *data = tv_from_json(json_object_get(test, "data"));
    char *err = NULL;
    template *t = template_parse(json_string_value(jtemplate), json_string_length(jtemplate),
                                 "spec", &err);
    if (!t) fail_msg("parse failed: %s", err);

    buf out = BUF_INIT;
    if (template_render(t, data, partials, &out, &err) != 0) fail_msg("render failed: %s", err);

    const char *want = json_string_value(jexpected);
    size_t want_len = json_string_length(jexpected);
    if (out.len != want_len || memcmp(buf_cstr(&out), want, want_len) != 0) {
        print_visible("template", json_string_value(jtemplate), json_string_length(jtemplate));
        print_visible("expected", want, want_len);
        print_visible("got", buf_cstr(&out), out.len);
        fail_msg("%s", sc->title);
    }
    buf_free(&out);
    template_free(t);
    tv_free(data);
    template_partials_free(partials);
}

static void spec_missing(void **state)
{
    (void)state;
    skip();
}

int main(void)
{
    /* Number formatting must not follow the locale; prove it where a German
     * locale is installed. */
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) setlocale(LC_ALL, "de_DE.utf8");

    FILE *probe = fopen(SPEC_DIR "/sections.json", "rb");
    if (!probe) {
        printf("test_template_spec: %s not found; skipping the Mustache spec\n", SPEC_DIR);
        const struct CMUnitTest skipped[] = {
            cmocka_unit_test(spec_missing),
        };
        return cmocka_run_group_tests_name("template_spec", skipped, NULL, NULL);
    }
    fclose(probe);

    json_t *docs[sizeof spec_files / sizeof spec_files[0]] = {0};
    size_t ndocs = sizeof spec_files / sizeof spec_files[0];
    spec_case *cases = NULL;
    size_t ncases = 0, cap = 0;
    int load_failures = 0;
    for (size_t f = 0; f < ndocs; f++) {
        char *path = xasprintf("%s/%s.json", SPEC_DIR, spec_files[f]);
        json_error_t jerr;
        docs[f] = json_load_file(path, 0, &jerr);
        if (!docs[f]) {
            fprintf(stderr, "%s:%d:%d: %s\n", path, jerr.line, jerr.column, jerr.text);
            load_failures++;
            free(path);
            continue;
        }
        free(path);
        const json_t *tests = json_object_get(docs[f], "tests");
        size_t i;
        const json_t *test;
        json_array_foreach(tests, i, test) {
            if (ncases == cap) {
                cap = cap ? cap * 2 : 64;
                cases = xrealloc(cases, cap * sizeof *cases);
            }
            const char *name = json_string_value(json_object_get(test, "name"));
            cases[ncases].title = xasprintf("%s: %s", spec_files[f], name ? name : "?");
            cases[ncases].test = test;
            ncases++;
        }
    }

    /* cmocka_run_group_tests_name() takes the array size with sizeof, so a
     * run-time array goes to the function behind that macro. */
    struct CMUnitTest *tests = xcalloc(ncases ? ncases : 1, sizeof *tests);
    for (size_t i = 0; i < ncases; i++) {
        tests[i].name = cases[i].title;
        tests[i].test_func = run_spec_case;
        tests[i].initial_state = &cases[i];
    }
    int failed = _cmocka_run_group_tests("template_spec", tests, ncases, NULL, NULL);

    free(tests);
    for (size_t i = 0; i < ncases; i++) free(cases[i].title);
    free(cases);
    for (size_t f = 0; f < ndocs; f++) json_decref(docs[f]);
    return failed + load_failures;
}
