/* Tests for gen/sha256: the FIPS 180-2 / 180-4 example vectors (and the
 * NIST CAVS "long message" 1,000,000 × 'a'), fed whole and in pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "manifest.h"
#include "pipeline.h"
#include "sha256.h"
#include "version.h"

#include <jansson.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

static void hex_of(const unsigned char d[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

static void expect(const char *msg, const char *want)
{
    char hex[65];
    sha256_hex(msg, strlen(msg), hex);
    assert_string_equal(hex, want);
    /* Byte by byte and in odd pieces gives the same digest. */
    for (size_t step = 1; step <= 65; step += 7) {
        sha256_ctx c;
        sha256_init(&c);
        size_t n = strlen(msg);
        for (size_t i = 0; i < n; i += step) sha256_update(&c, msg + i, n - i < step ? n - i : step);
        unsigned char d[32];
        sha256_final(&c, d);
        hex_of(d, hex);
        assert_string_equal(hex, want);
    }
}

static void test_abc(void **state)
{
    (void)state;
    expect("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_empty(void **state)
{
    (void)state;
    expect("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_two_blocks(void **state)
{
    (void)state;
    /* 448 bits: padding needs a second block. */
    expect("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
           "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* 896 bits (the SHA-512 example message, used for SHA-256 in FIPS 180-4's
     * additional examples). */
    expect("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
           "klmnopqrlmnopqrsmnopqrstnopqrstu",
           "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *m = malloc(n);
    assert_non_null(m);
    memset(m, 'a', n);
    char hex[65];
    sha256_hex(m, n, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

static void test_block_boundaries(void **state)
{
    (void)state;
    /* 55, 56, 63, 64 and 65 bytes: every padding case. Expectations from
     * coreutils sha256sum. */
    static const struct {
        size_t n;
        const char *hex;
    } v[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    };
    char msg[65];
    memset(msg, 'a', sizeof msg);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char hex[65];
        sha256_hex(msg, v[i].n, hex);
        assert_string_equal(hex, v[i].hex);
    }
}

/* ---- manifest.json ---------------------------------------------------------- */

static void hex_of_file(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    sha256_hex(b.data ? b.data : "", b.len, hex);
    buf_free(&b);
}

static void test_manifest(void **state)
{
    (void)state;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, "tests/fixtures/mini", &d);
    assert_non_null(p.sc);
    manifest_output outs[] = {
        {"downloads/scores.csv", "a;b\r\n", 5, NULL},
        {"index.html", "<html>", 6, NULL},
        {"charts/01.svg", "", 0, NULL},
    };
    buf a = BUF_INIT, b = BUF_INIT;
    assert_true(manifest_write(&a, p.ds, 2025, NULL, 0, outs, 3, &d));
    /* Deterministic: the outputs in another order give the same bytes. */
    manifest_output rev[] = {outs[2], outs[1], outs[0]};
    assert_true(manifest_write(&b, p.ds, 2025, NULL, 0, rev, 3, &d));
    assert_string_equal(buf_cstr(&a), buf_cstr(&b));

    json_error_t err;
    json_t *j = json_loads(buf_cstr(&a), 0, &err);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "program"), "version")),
                        DIGINDEX_VERSION);
    assert_int_equal(json_integer_value(json_object_get(j, "edition")), 2025);
    json_t *in = json_object_get(j, "inputs");
    /* regions.json, two models, four values files (the mini folder has no map). */
    assert_int_equal(json_array_size(in), 7);
    const char *prev = "";
    char hex[65];
    for (size_t i = 0; i < json_array_size(in); i++) {
        json_t *e = json_array_get(in, i);
        const char *path = json_string_value(json_object_get(e, "path"));
        assert_true(strcmp(prev, path) < 0);
        prev = path;
        char *full = xasprintf("tests/fixtures/mini/%s", path);
        hex_of_file(full, hex);
        assert_string_equal(json_string_value(json_object_get(e, "sha256")), hex);
        free(full);
    }
    assert_string_equal(json_string_value(json_object_get(json_array_get(in, 0), "path")),
                        "2023/model.json");
    json_t *out = json_object_get(j, "outputs");
    assert_int_equal(json_array_size(out), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "path")),
                        "charts/01.svg");
    assert_string_equal(json_string_value(json_object_get(json_array_get(out, 0), "sha256")),
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    json_t *land = json_object_get(json_object_get(json_object_get(j, "settings"), "levels"), "land");
    json_t *nodes = json_object_get(land, "nodes");
    assert_int_equal(json_array_size(nodes), 8); /* DI A I1 I2 B I3 K IK */
    json_t *a_node = json_array_get(nodes, 1); /* A: weight 2 of 4 */
    assert_string_equal(json_string_value(json_object_get(a_node, "id")), "A");
    assert_true(json_number_value(json_object_get(a_node, "effective_weight")) == 0.5);
    json_decref(j);

    /* Two outputs with one path are an error, and out stays as it was. */
    manifest_output dup[] = {outs[0], outs[0]};
    buf c = BUF_INIT;
    assert_false(manifest_write(&c, p.ds, 2025, NULL, 0, dup, 2, &d));
    assert_int_equal(c.len, 0);
    assert_int_equal(d.errors, 1);
    buf_free(&a);
    buf_free(&b);
    buf_free(&c);
    pipeline_free(&p);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abc),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_two_blocks),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_block_boundaries),
    };
    const struct CMUnitTest manifest[] = {
        cmocka_unit_test(test_manifest),
    };
    int failed = cmocka_run_group_tests_name("sha256 (FIPS 180 vectors)", tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("manifest", manifest, NULL, NULL);
    return failed ? 1 : 0;
}
