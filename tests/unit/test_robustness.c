/* Robustness unit tests (round 2): the diagnostic sink's causes, exit status,
 * caps and escaping (diag.c), and the atomic writer and locks (fileio.c).
 * The end-to-end side is tests/errors/ (exact messages) and
 * tests/suites/hardening.sh (writers at the same time, full disk). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "fileio.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_exit_status_follows_the_causes(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    assert_int_equal(diag_exit_status(&d), 0);
    diag_warning(&d, "f", NULL, NULL, "only a warning");
    assert_int_equal(diag_exit_status(&d), 0);
    diag_error(&d, "f", "$.x", NULL, "bad data");
    assert_int_equal(diag_exit_status(&d), 1);
    diag_system(&d, "f", NULL, "disk full");
    assert_int_equal(diag_exit_status(&d), 2);
    diag_free(&d);
    diag_usage(&d, "f", NULL, "no such edition");
    assert_int_equal(diag_exit_status(&d), 2);
    /* Moving keeps the cause; moving errors only drops the warnings. */
    diag e = DIAG_INIT;
    diag_warning(&e, "f", NULL, NULL, "w");
    diag_move_errors(&e, &d);
    assert_int_equal(e.errors, 1);
    assert_int_equal(e.warnings, 1);
    assert_int_equal(diag_exit_status(&e), 2);
    assert_int_equal(d.count, 0);
    diag_free(&d);
    diag_free(&e);
}

static void test_repeats_are_capped_and_counted(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    for (int i = 0; i < 5000; i++)
        diag_add(&d, DIAG_ERROR, "in.csv", i + 2, 3, NULL, NULL, "cannot read \"x%d\"", i);
    diag_error(&d, "in.csv", NULL, NULL, "another kind");
    /* Every one counts; 20 of the first kind are kept, the last carries the rest. */
    assert_int_equal(d.errors, 5001);
    assert_int_equal(d.count, DIAG_KIND_CAP + 1);
    assert_int_equal(d.entries[DIAG_KIND_CAP - 1].more, 5000 - DIAG_KIND_CAP);
    char *s = diag_format(&d.entries[DIAG_KIND_CAP - 1]);
    assert_string_equal(s, "in.csv:21:3: error: cannot read \"x19\"\n  … and 4,980 more like this");
    free(s);
    assert_string_equal(d.entries[DIAG_KIND_CAP].message, "another kind");
    /* Merging two sinks (build workers) keeps the cap and the count. */
    diag w = DIAG_INIT;
    for (int i = 0; i < 30; i++)
        diag_add(&w, DIAG_ERROR, "in.csv", 9000 + i, 3, NULL, NULL, "cannot read \"x%d\"", i);
    diag_move(&d, &w);
    assert_int_equal(d.errors, 5031);
    assert_int_equal(d.count, DIAG_KIND_CAP + 1);
    assert_int_equal(d.entries[DIAG_KIND_CAP - 1].more, 5030 - DIAG_KIND_CAP);
    diag_free(&d);
}

static void test_duplicates_are_shown_once(void **state)
{
    (void)state;
    diag a = DIAG_INIT, b = DIAG_INIT, all = DIAG_INIT;
    diag_add(&a, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", "t:1:1: unclosed");
    diag_add(&b, DIAG_ERROR, NULL, 0, 0, NULL, "fix the template", "%s", "t:1:1: unclosed");
    diag_move(&all, &a);
    diag_move(&all, &b);
    assert_int_equal(all.count, 1);
    assert_int_equal(all.errors, 1);
    assert_int_equal(all.entries[0].more, 0);
    /* A bare "%s" is no kind: different messages are never lumped together. */
    for (int i = 0; i < 30; i++) diag_add(&all, DIAG_ERROR, NULL, 0, 0, NULL, NULL, "%s", i % 2 ? "a" : "b");
    assert_int_equal(all.count, 3);
    for (int i = 0; i < 30; i++) {
        char m[16];
        snprintf(m, sizeof m, "m%d", i);
        diag_add(&all, DIAG_ERROR, NULL, 0, 0, NULL, NULL, "%s", m);
    }
    assert_int_equal(all.count, 33);
    diag_free(&all);
}

static void test_control_characters_are_escaped(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    diag_error(&d, "a\x1b[31m.csv", "$.name", "bell\a", "name \"Nord\x1b]0;x\x07\" \xc2\x9b!");
    char *s = diag_format(&d.entries[0]);
    assert_string_equal(s, "a\\x1b[31m.csv: $.name: error: name \"Nord\\x1b]0;x\\x07\" \\u009b!\n"
                           "  hint: bell\\x07");
    free(s);
    diag_free(&d);
}

/* Names of the entries of dir, sorted, joined by spaces. */
static char *listing(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    buf b = BUF_INIT;
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
            buf_printf(&b, "%s ", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    return buf_detach(&b);
}

static void test_atomic_write_replaces_and_leaves_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/digindex-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/values.json", dir);
    diag d = DIAG_INIT;
    assert_true(file_write_atomic(path, "old\n", 4, &d));
    assert_true(file_write_atomic(path, "new content\n", 12, &d));
    size_t len = 0;
    char *got = file_read_all(path, &len, NULL, &d);
    assert_string_equal(got, "new content\n");
    free(got);
    char *ls = listing(dir);
    assert_string_equal(ls, "values.json ");
    free(ls);
    /* mode 0666 minus the umask, not mkstemp's 0600 */
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0666 & ~file_umask());
    /* A leftover of another (killed) writer is neither used nor removed. */
    char *foreign = xasprintf("%s.tmp-abcdef", path);
    FILE *f = fopen(foreign, "w");
    fputs("half", f);
    fclose(f);
    assert_true(file_write_atomic(path, "third\n", 6, &d));
    assert_int_equal(access(foreign, F_OK), 0);
    assert_int_equal(d.errors, 0);
    /* A failed write keeps the file, removes its own temporary file and
     * names the system as the cause. */
    char *sub = xasprintf("%s/missing/values.json", dir);
    assert_false(file_write_atomic(sub, "x", 1, &d));
    assert_int_equal(diag_exit_status(&d), 2);
    assert_non_null(strstr(d.entries[0].message, "cannot write the file"));
    assert_string_equal(d.entries[0].hint, "check that the folder exists");
    remove(foreign);
    remove(path);
    rmdir(dir);
    free(sub);
    free(foreign);
    free(path);
    diag_free(&d);
}

static void test_read_limit(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    size_t len = 0;
    assert_null(file_read_max("/dev/zero", 100000, "a test", &len, NULL, &d));
    assert_int_equal(d.errors, 1);
    assert_int_equal(diag_exit_status(&d), 1);
    assert_string_equal(d.entries[0].message, "the file is larger than 100000 bytes, the limit for a test");
    diag_free(&d);
    assert_null(file_read_all("/nonexistent/x.csv", &len, NULL, &d));
    assert_int_equal(diag_exit_status(&d), 2);
    diag_free(&d);
    /* The quiet reader and the streamed hash say what happened instead. */
    char *data = NULL;
    int err = 0;
    assert_int_equal(file_read_bytes("/nonexistent/x.csv", 100, &data, &len, &err),
                     FILE_CANNOT_OPEN);
    assert_int_equal(err, ENOENT);
    assert_null(data);
    assert_int_equal(file_read_bytes("/dev/zero", 100000, &data, &len, &err), FILE_TOO_LARGE);
    assert_null(data);
    char hex[65];
    assert_int_equal(file_sha256("/nonexistent/x.csv", hex, &len, &err), FILE_CANNOT_OPEN);
}

static void test_streamed_hash_equals_whole_hash(void **state)
{
    (void)state;
    char dir[] = "/tmp/digindex-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/big.bin", dir);
    /* Several 64 KiB chunks and a partial one. */
    size_t n = 3 * 65536 + 1234;
    char *bytes = xmalloc(n);
    for (size_t i = 0; i < n; i++) bytes[i] = (char)(i * 131 % 251);
    diag d = DIAG_INIT;
    assert_true(file_write_atomic(path, bytes, n, &d));
    char want[65], got[65];
    sha256_hex(bytes, n, want);
    size_t len = 0;
    int err = 0;
    assert_int_equal(file_sha256(path, got, &len, &err), FILE_OK);
    assert_string_equal(got, want);
    assert_int_equal(len, n);
    char *data = NULL;
    assert_int_equal(file_read_bytes(path, n, &data, &len, &err), FILE_OK);
    assert_int_equal(len, n);
    assert_memory_equal(data, bytes, n);
    free(data);
    assert_int_equal(file_read_bytes(path, n - 1, &data, &len, &err), FILE_TOO_LARGE);
    remove(path);
    rmdir(dir);
    free(path);
    free(bytes);
    diag_free(&d);
}

static void test_folder_lock_excludes_a_second_holder(void **state)
{
    (void)state;
    char dir[] = "/tmp/digindex-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    diag d = DIAG_INIT;
    int fd = file_lock_dir(dir, &d);
    assert_true(fd >= 0);
    /* Another open file description cannot take it while we hold it. */
    int other = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(other >= 0);
    assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
    file_unlock(fd);
    assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
    close(other);
    /* No lock file is left in the folder. */
    char *ls = listing(dir);
    assert_string_equal(ls, "");
    free(ls);
    assert_int_equal(file_lock_dir("/nonexistent-folder", &d), -1);
    assert_int_equal(diag_exit_status(&d), 2);
    diag_free(&d);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_status_follows_the_causes),
        cmocka_unit_test(test_repeats_are_capped_and_counted),
        cmocka_unit_test(test_duplicates_are_shown_once),
        cmocka_unit_test(test_control_characters_are_escaped),
        cmocka_unit_test(test_atomic_write_replaces_and_leaves_nothing),
        cmocka_unit_test(test_read_limit),
        cmocka_unit_test(test_streamed_hash_equals_whole_hash),
        cmocka_unit_test(test_folder_lock_excludes_a_second_holder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
