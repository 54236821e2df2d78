/* Tests for charts/png_deflate: every stream inflates (with libdeflate's
 * decompressor, an independent implementation) to exactly its input, for
 * chart-like rows, random bytes, tiny and empty inputs, inputs spanning
 * several blocks and frequencies that force the Huffman length limit; the
 * same input gives the same bytes; a too small buffer is refused. Banded
 * streams (png_deflate_bands) inflate to their input too and are the same
 * bytes whether a compressor copied bands from the image before or a new
 * one coded every band. sort_u64 sorts as qsort does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "png_deflate.h"
#include "sort_u64.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state;

static uint32_t rng(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

/* Compresses in and checks the stream: zlib header, inflates to in, twice
 * the same bytes. Returns the stream's length. */
static size_t round_trip(const unsigned char *in, size_t n, size_t stride, size_t bpp)
{
    png_deflate *z = png_deflate_new();
    size_t cap = png_deflate_bound(n);
    unsigned char *out = malloc(cap), *again = malloc(cap), *back = malloc(n ? n : 1);
    size_t len = png_deflate_zlib(z, in, n, stride, bpp, out, cap);
    assert_true(len > 0);
    assert_true(len <= cap);
    assert_int_equal(out[0], 0x78);
    assert_int_equal((out[0] * 256 + out[1]) % 31, 0);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    size_t got = 0;
    assert_int_equal(libdeflate_zlib_decompress(d, out, len, back, n, &got), LIBDEFLATE_SUCCESS);
    assert_int_equal(got, n);
    if (n) assert_memory_equal(back, in, n);
    assert_int_equal(png_deflate_zlib(z, in, n, stride, bpp, again, cap), len);
    assert_memory_equal(again, out, len);
    libdeflate_free_decompressor(d);
    png_deflate_free(z);
    free(out);
    free(again);
    free(back);
    return len;
}

/* PNG rows (filter byte 0) of w pixels of bpp bytes: bands of flat colour,
 * bars, a few noisy "antialiased" spots and repeated glyph-like motifs. */
static unsigned char *chart_rows(size_t w, size_t h, size_t bpp, size_t *n)
{
    size_t stride = w * bpp + 1;
    unsigned char *p = malloc(stride * h);
    unsigned char motif[24];
    for (size_t i = 0; i < sizeof motif; i++) motif[i] = (unsigned char)rng();
    for (size_t y = 0; y < h; y++) {
        unsigned char *row = p + y * stride;
        row[0] = 0;
        for (size_t x = 0; x < w; x++) {
            unsigned char v = y % 97 < 60 && x % 200 < 120 ? (unsigned char)(40 + y / 97) : 255;
            if (y % 31 == 7 && x % 50 < 30) v = motif[(x % 50) % sizeof motif];
            if (rng() % 53 == 0) v = (unsigned char)rng();
            for (size_t b = 0; b < bpp; b++) row[1 + x * bpp + b] = (unsigned char)(v + 17 * b);
        }
    }
    *n = stride * h;
    return p;
}

static void test_chart_like(void **state)
{
    (void)state;
    rng_state = 1;
    const size_t bpps[] = {1, 3, 4};
    for (size_t k = 0; k < 3; k++) {
        size_t n;
        unsigned char *p = chart_rows(480, 300, bpps[k], &n);
        size_t len = round_trip(p, n, 480 * bpps[k] + 1, bpps[k]);
        /* Runs and rows found: far smaller than the input. */
        assert_true(len < n / 5);
        /* Without row matches (stride 0 or beyond the window) still exact. */
        round_trip(p, n, 0, bpps[k]);
        round_trip(p, n, 40000, bpps[k]);
        free(p);
    }
}

static void test_flat(void **state)
{
    (void)state;
    size_t w = 960, h = 700, stride = w * 3 + 1, n = stride * h;
    unsigned char *p = malloc(n);
    for (size_t y = 0; y < h; y++) {
        p[y * stride] = 0;
        memset(p + y * stride + 1, 0xFF, stride - 1);
    }
    size_t len = round_trip(p, n, stride, 3);
    assert_true(len < n / 200);
    free(p);
}

static void test_random_and_small(void **state)
{
    (void)state;
    rng_state = 7;
    size_t n = 300000; /* more symbols than one block holds */
    unsigned char *p = malloc(n);
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)rng();
    size_t len = round_trip(p, n, 1001, 1);
    /* Incompressible: stored blocks, a few bytes over the input. */
    assert_true(len <= n + 5 * (n / 65535 + 8) + 6);
    for (size_t m = 0; m < 40; m++) round_trip(p, m, 5, 1 + m % 8);
    round_trip(NULL, 0, 0, 1);
    /* Long runs of one byte: each a single match of up to 258. */
    memset(p, 'a', n);
    assert_true(round_trip(p, n, 0, 1) < 1000);
    free(p);
}

/* Byte i occurs as often as the i-th Fibonacci number: a Huffman code
 * without a limit would need codes far longer than deflate's 15 bits. */
static void test_length_limit(void **state)
{
    (void)state;
    size_t f[26], n = 0;
    f[0] = f[1] = 1;
    for (int i = 2; i < 26; i++) f[i] = f[i - 1] + f[i - 2];
    for (int i = 0; i < 26; i++) n += f[i];
    unsigned char *p = malloc(n);
    size_t k = 0;
    for (int i = 0; i < 26; i++)
        for (size_t j = 0; j < f[i]; j++) p[k++] = (unsigned char)(i * 7);
    rng_state = 3;
    for (size_t i = n - 1; i > 0; i--) { /* shuffle */
        size_t j = rng() % (i + 1);
        unsigned char t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    round_trip(p, n, 0, 1);
    free(p);
}

/* in[0..n) as a banded stream by z (which remembers what came before) and
 * by a new compressor: the same bytes, and they inflate to in. */
static void banded(png_deflate *z, const unsigned char *in, size_t n, size_t stride, size_t bpp,
                   size_t band)
{
    size_t cap = png_deflate_bands_bound(n, band);
    unsigned char *a = malloc(cap), *b = malloc(cap), *back = malloc(n ? n : 1);
    memcpy(png_deflate_input(z, n), in, n);
    size_t la = png_deflate_bands(z, n, stride, bpp, band, a, cap);
    png_deflate *fresh = png_deflate_new();
    memcpy(png_deflate_input(fresh, n), in, n);
    size_t lb = png_deflate_bands(fresh, n, stride, bpp, band, b, cap);
    png_deflate_free(fresh);
    assert_true(la > 0);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_int_equal((a[0] * 256 + a[1]) % 31, 0);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    size_t got = 0;
    assert_int_equal(libdeflate_zlib_decompress(d, a, la, back, n, &got), LIBDEFLATE_SUCCESS);
    assert_int_equal(got, n);
    if (n) assert_memory_equal(back, in, n);
    libdeflate_free_decompressor(d);
    free(a);
    free(b);
    free(back);
}

static void test_bands(void **state)
{
    (void)state;
    rng_state = 11;
    size_t w = 300, h = 200, bpp = 3, stride = w * bpp + 1, n;
    unsigned char *p = chart_rows(w, h, bpp, &n);
    png_deflate *z = png_deflate_new();
    for (size_t band = stride * 16; band >= stride * 4; band /= 2) {
        banded(z, p, n, stride, bpp, band);
        banded(z, p, n, stride, bpp, band); /* every band copied */
        /* A few rows changed: the bands over them and below them coded
         * again, the rest copied. */
        for (size_t x = 1; x < stride; x += 7) p[100 * stride + x] ^= 0x5A;
        banded(z, p, n, stride, bpp, band);
        /* A band of noise (stored, so never copied) and a changed first row. */
        for (size_t i = 150 * stride; i < 170 * stride; i++) p[i] = (unsigned char)rng();
        banded(z, p, n, stride, bpp, band);
        p[5] ^= 1;
        banded(z, p, n, stride, bpp, band);
        banded(z, p, n, stride, bpp, band);
        /* Shorter input, another band size or another stride: nothing copied. */
        banded(z, p, n - stride, stride, bpp, band);
        banded(z, p, n - stride, stride, bpp, band + 1);
        banded(z, p, n - stride, 0, bpp, band + 1);
        banded(z, p, n - stride, 0, bpp, band + 1);
    }
    /* A band larger than the input, tiny and empty inputs. */
    banded(z, p, n, stride, bpp, n + 1);
    for (size_t m = 0; m < 40; m++) banded(z, p, m, 5, 1 + m % 8, 1 + m % 7);
    /* Refused: no band, an input larger than the buffer handed out. */
    unsigned char out[256]; /* more than png_deflate_bands_bound(10, 1) */
    assert_true(png_deflate_bands_bound(10, 1) <= sizeof out);
    png_deflate_input(z, 10);
    assert_int_equal(png_deflate_bands(z, 10, 0, 1, 0, out, sizeof out), 0);
    assert_int_equal(png_deflate_bands(z, 10, 0, 1, 1, out, png_deflate_bands_bound(10, 1) - 1), 0);
    assert_true(png_deflate_bands(z, 10, 0, 1, 1, out, png_deflate_bands_bound(10, 1)) > 0);
    assert_int_equal(png_deflate_bands(z, 1 << 20, 0, 1, 4, out, sizeof out), 0);
    assert_null(png_deflate_input(NULL, 10));
    png_deflate_free(z);
    free(p);
}

static int u64_cmp(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return (a > b) - (a < b);
}

/* sort_u64 (the palette order and the Huffman lengths) against qsort:
 * random keys, few distinct keys, sorted and reversed input, all sizes up
 * to 300 and a few large ones. */
static void test_sort_u64(void **state)
{
    (void)state;
    rng_state = 5;
    uint64_t *a = malloc(5000 * sizeof *a), *b = malloc(5000 * sizeof *b);
    const size_t sizes[] = {4096, 5000, 1000};
    for (size_t kind = 0; kind < 4; kind++)
        for (size_t n = 0; n < 300 + 3; n++) {
            size_t m = n < 300 ? n : sizes[n - 300];
            for (size_t i = 0; i < m; i++) {
                uint64_t r = (uint64_t)rng() << 32 | rng();
                a[i] = kind == 0 ? r : kind == 1 ? r % 3 : kind == 2 ? i : m - i;
            }
            memcpy(b, a, m * sizeof *a);
            sort_u64(a, m);
            if (m) qsort(b, m, sizeof *b, u64_cmp);
            if (m) assert_memory_equal(a, b, m * sizeof *a);
        }
    free(a);
    free(b);
}

static void test_refused(void **state)
{
    (void)state;
    png_deflate *z = png_deflate_new();
    unsigned char in[100] = {0}, out[200];
    assert_int_equal(png_deflate_zlib(z, in, sizeof in, 0, 1, out, png_deflate_bound(100) - 1), 0);
    assert_int_equal(png_deflate_zlib(z, in, sizeof in, 0, 0, out, sizeof out), 0);
    assert_int_equal(png_deflate_zlib(z, in, sizeof in, 0, 9, out, sizeof out), 0);
    assert_int_equal(png_deflate_zlib(NULL, in, sizeof in, 0, 1, out, sizeof out), 0);
    png_deflate_free(z);
    png_deflate_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chart_like),
        cmocka_unit_test(test_flat),
        cmocka_unit_test(test_random_and_small),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_sort_u64),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
