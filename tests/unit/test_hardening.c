/* Hardening unit tests: names that become file names (view_slug) and the
 * staging writer's refusal to write outside its folder (publish.c). The
 * end-to-end side (a build with hostile names) is tests/suites/hardening.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "diag.h"
#include "publish.h"
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void expect_safe_slug(const char *name)
{
    char *s = view_slug(name);
    assert_non_null(s);
    size_t n = strlen(s);
    if (n == 0 || n > 61) fail_msg("slug of \"%s\" has length %zu", name, n);
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            fail_msg("slug of \"%s\" is \"%s\"", name, s);
    if (s[0] == '-' || s[n - 1] == '-' || strstr(s, "--")) fail_msg("slug \"%s\"", s);
    free(s);
}

static void test_slugs_of_hostile_names(void **state)
{
    (void)state;
    static const char *const names[] = {
        "../../x", "a/b", "/etc/passwd", "..", ".", "", "-", "---", "C:\\Windows\\x",
        "\"quoted\" 'single' <b>&amp;</b>", "مدينة الميناء الحرة", "עיר הנמל \u202eevil\u202c",
        "Bergstadt 🚀🇩🇪", "\xff\xfe broken UTF-8 \xc3", "\xc3", "Ä", "ßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßß",
        "%s%n%x", "a\tb\nc\rd", " leading and trailing ",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) expect_safe_slug(names[i]);
    char long_name[1001];
    memset(long_name, 'x', 1000);
    long_name[1000] = '\0';
    expect_safe_slug(long_name);
    for (int i = 0; i < 500; i += 2) memcpy(long_name + i, "ä", 2);
    expect_safe_slug(long_name);

    char *s = view_slug("../../x");
    assert_string_equal(s, "x");
    free(s);
    s = view_slug("..");
    assert_string_equal(s, "region");
    free(s);
    s = view_slug("Landkreis Weißtal");
    assert_string_equal(s, "landkreis-weisstal");
    free(s);
}

static void test_staging_refuses_paths_outside(void **state)
{
    (void)state;
    char dir[] = "/tmp/digindex-hardening-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *target = NULL;
    assert_true(asprintf(&target, "%s/out/2025", dir) > 0);
    diag d = DIAG_INIT;
    staging st;
    assert_true(staging_begin(&st, target, &d));
    static const char *const bad[] = {"../x",      "../../x", "/tmp/x", "a/../../x", "a/./b",
                                      "a//b",      "",        ".",      "..",        "a/",
                                      "pdf/../..", "./x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t before = d.errors;
        if (staging_write(&st, bad[i], "x", 1, &d)) fail_msg("wrote \"%s\"", bad[i]);
        assert_int_equal(d.errors, before + 1);
    }
    assert_true(staging_write(&st, "pdf/01-x.pdf", "x", 1, &d));
    assert_true(staging_write(&st, "a..b/.hidden", "x", 1, &d));
    assert_true(staging_commit(&st, &d));
    staging_end(&st);
    char *p = NULL;
    assert_true(asprintf(&p, "%s/out/x", dir) > 0);
    assert_int_not_equal(access(p, F_OK), 0);
    free(p);
    assert_true(asprintf(&p, "%s/out/2025/pdf/01-x.pdf", dir) > 0);
    assert_int_equal(access(p, F_OK), 0);
    free(p);
    diag_free(&d);
    free(target);
    assert_true(remove_tree(dir));
}

/* staging_begin removes staging folders of killed runs, never those of a
 * build that still runs (into the same folder at the same time). */
static void test_staging_keeps_live_builds(void **state)
{
    (void)state;
    char dir[] = "/tmp/digindex-hardening-XXXXXX";
    assert_non_null(mkdtemp(dir));
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);
    char *live = NULL, *dead = NULL, *old = NULL, *other = NULL, *target = NULL;
    assert_true(asprintf(&live, "%s/.2025.tmp-%ld-abcdef", dir, (long)getppid()) > 0);
    assert_true(asprintf(&dead, "%s/.2025.tmp-%ld-abcdef", dir, (long)child) > 0);
    assert_true(asprintf(&old, "%s/.2025.tmp-ABCDEF", dir) > 0);
    assert_true(asprintf(&other, "%s/.2023.tmp-%ld-abcdef", dir, (long)child) > 0);
    assert_true(asprintf(&target, "%s/2025", dir) > 0);
    assert_int_equal(mkdir(live, 0755), 0);
    assert_int_equal(mkdir(dead, 0755), 0);
    assert_int_equal(mkdir(old, 0755), 0);
    assert_int_equal(mkdir(other, 0755), 0);
    diag d = DIAG_INIT;
    staging st;
    assert_true(staging_begin(&st, target, &d));
    assert_int_equal(access(live, F_OK), 0);  /* its process runs: kept */
    assert_int_not_equal(access(dead, F_OK), 0);
    assert_int_not_equal(access(old, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0); /* another edition: not ours to clean */
    /* Our own staging folder removed behind our back is not silently recreated. */
    assert_true(remove_tree(st.tmp));
    assert_false(staging_write(&st, "pdf/x.pdf", "x", 1, &d));
    staging_end(&st);
    diag_free(&d);
    free(live);
    free(dead);
    free(old);
    free(other);
    free(target);
    assert_true(remove_tree(dir));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slugs_of_hostile_names),
        cmocka_unit_test(test_staging_refuses_paths_outside),
        cmocka_unit_test(test_staging_keeps_live_builds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
