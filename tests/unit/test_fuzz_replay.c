/* Replays the fuzz targets' inputs without libFuzzer: every file of
 * tests/fuzz/regressions/<target>/ (inputs that once found a bug) and
 * tests/fuzz/corpus/<target>/ (the seeds) goes through the target's entry
 * function once. Run from the repository root, as tests/run does. Under `make check` ASan and UBSan watch each run, so a bug
 * that comes back fails here; in `make test` a crash does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The targets, each under its own name. */
#define LLVMFuzzerTestOneInput fuzz_load_one
#include "../fuzz/fuzz_load.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_template_one
#include "../fuzz/fuzz_template.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_aux_one
#include "../fuzz/fuzz_aux.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs fn on every file of folder (sorted, hidden files skipped); returns how
 * many; a missing folder counts 0. */
static size_t replay_dir(const char *folder, fuzz_fn fn)
{
    DIR *dh = opendir(folder);
    if (!dh) return 0;
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.') continue;
        names = realloc(names, (n + 1) * sizeof *names);
        assert_non_null(names);
        names[n++] = strdup(de->d_name);
    }
    closedir(dh);
    if (n > 1) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *data = malloc(len > 0 ? (size_t)len : 1);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
        fclose(f);
        fn(data, (size_t)len);
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

static void test_fuzz_load_inputs(void **state)
{
    (void)state;
    size_t n = replay_dir("tests/fuzz/regressions/fuzz_load", fuzz_load_one);
    size_t seeds = replay_dir("tests/fuzz/corpus/fuzz_load", fuzz_load_one);
    assert_true(seeds > 0); /* run from the repository root */
    printf("fuzz_load: %zu regression inputs, %zu seeds\n", n, seeds);
}

static void test_fuzz_template_inputs(void **state)
{
    (void)state;
    size_t n = replay_dir("tests/fuzz/regressions/fuzz_template", fuzz_template_one);
    size_t seeds = replay_dir("tests/fuzz/corpus/fuzz_template", fuzz_template_one);
    assert_true(seeds > 0);
    printf("fuzz_template: %zu regression inputs, %zu seeds\n", n, seeds);
}

static void test_fuzz_aux_inputs(void **state)
{
    (void)state;
    size_t n = replay_dir("tests/fuzz/regressions/fuzz_aux", fuzz_aux_one);
    size_t seeds = replay_dir("tests/fuzz/corpus/fuzz_aux", fuzz_aux_one);
    assert_true(seeds > 0);
    printf("fuzz_aux: %zu regression inputs, %zu seeds\n", n, seeds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_load_inputs),
        cmocka_unit_test(test_fuzz_template_inputs),
        cmocka_unit_test(test_fuzz_aux_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
