/* Unit tests for German number and date formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

static void expect_number(double x, int dec, const char *want)
{
    buf b = BUF_INIT;
    fmt_de_number(&b, x, dec);
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}

static void test_numbers(void **state)
{
    (void)state;
    expect_number(57.06, 1, "57,1");
    expect_number(57.1, 1, "57,1");
    expect_number(6.25, 1, "6,3");   /* half away from zero, not to even */
    expect_number(57.05, 1, "57,1"); /* stored as 57.04999…: still what a reader expects */
    expect_number(-2.5, 0, "−3");
    expect_number(0, 1, "0,0");
    expect_number(-0.04, 1, "0,0"); /* rounds to zero: no sign */
    expect_number(-3.25, 2, "−3,25");
    expect_number(1234567.891, 2, "1.234.567,89");
    expect_number(999.96, 1, "1.000,0");
    expect_number(100, 0, "100");
    expect_number(NAN, 1, "–");
}

static void test_signed(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    fmt_de_signed(&b, 2.345, 1);
    buf_puts(&b, " ");
    fmt_de_signed(&b, -1.44, 1);
    buf_puts(&b, " ");
    fmt_de_signed(&b, 0.01, 1);
    buf_puts(&b, " ");
    fmt_de_signed_ascii(&b, -1.5, 1);
    assert_string_equal(buf_cstr(&b), "+2,3 −1,4 ±0,0 -1,5");
    buf_free(&b);
}

static void test_integers(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    fmt_de_int(&b, 1234567);
    buf_puts(&b, " ");
    fmt_de_int(&b, 999);
    buf_puts(&b, " ");
    fmt_de_int(&b, -84358845);
    assert_string_equal(buf_cstr(&b), "1.234.567 999 −84.358.845");
    buf_free(&b);
}

static void test_dates(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_true(fmt_de_date(&b, "2026-11-22"));
    assert_string_equal(buf_cstr(&b), "22. November 2026");
    buf_clear(&b);
    assert_true(fmt_de_date(&b, "2024-03-01"));
    assert_string_equal(buf_cstr(&b), "1. März 2024");
    assert_false(fmt_de_date(&b, "2025-02-29"));
    assert_true(fmt_de_date(&b, "2024-02-29"));
    assert_false(fmt_de_date(&b, "2025-13-01"));
    assert_false(fmt_de_date(&b, "25-1-1"));
    buf_clear(&b);
    fmt_de_date_epoch(&b, 1795305600); /* 2026-11-22T00:00:00Z */
    assert_string_equal(buf_cstr(&b), "22. November 2026");
    buf_free(&b);
}

static void test_exact(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    fmt_double_exact(&b, 0.1, ',', "");
    assert_string_equal(buf_cstr(&b), "0,10000000000000001");
    buf_clear(&b);
    fmt_double_exact(&b, NAN, '.', "null");
    assert_string_equal(buf_cstr(&b), "null");
    buf_free(&b);
}

static void test_locale_independent(void **state)
{
    (void)state;
    /* Under a German locale printf would write "57,1"; the result must be the same anyway. */
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8")) skip();
    expect_number(1234.56, 1, "1.234,6");
    buf b = BUF_INIT;
    fmt_double_exact(&b, 0.5, '.', "");
    assert_string_equal(buf_cstr(&b), "0.5");
    buf_free(&b);
    setlocale(LC_NUMERIC, "C");
}

/* fmt_double_g against printf's "%.*g" (the process is in the C locale
 * here): every precision 1..17 on hand-picked values (ties, values that
 * round up to the next power of ten, the ends of the fixed notation,
 * negative values, integers) and on a million pseudo-random doubles:
 * scores with few decimals, sums of tenths, and raw bit patterns of every
 * exponent (most leave the fixed notation, where snprintf answers). */
static void expect_g(double x, int prec)
{
    char want[64], got[64];
    snprintf(want, sizeof want, "%.*g", prec, x);
    fmt_double_g(got, sizeof got, x, prec);
    if (strcmp(want, got) != 0) fail_msg("%%.%dg of %a: printf %s, fmt_double_g %s", prec, x, want, got);
}

static void test_double_g(void **state)
{
    (void)state;
    static const double picked[] = {
        0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 57.1, 57.05, 6.25, 0.5, 1.5, 2.5, 0.125, 100, 99.99999999999999,
        9.999999999999999e16, 99999999999999999.0, 1e16, 1e17, 123456789012345678.0, 0.0001,
        0.00009999999999999999, 0.000099999, 0.00012345678901234567, 1e-5, 4.35, 0.15, 1e15 + 0.5,
        4503599627370495.5, 9007199254740993.0, 0x1.fffffffffffffp-1, 0x1p-1022, 0x1p-1074, 1e300,
        -57.1, -0.001, -1e-5, 0, -0.0, 42, 1234567, 50, 33.333333333333336, 66.66666666666667};
    for (size_t i = 0; i < sizeof picked / sizeof *picked; i++)
        for (int prec = 1; prec <= 17; prec++) expect_g(picked[i], prec);
    uint64_t r = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 1000000; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        double x;
        switch (i % 4) {
        case 0: x = (double)(r % 1000001) / 10000; break;           /* 0 .. 100, 4 decimals */
        case 1: x = (double)(r % 100000) * 0.1 + (double)(r >> 40) * 1e-9; break;
        case 2: x = ldexp((double)(r >> 11), -(int)(r % 70)) ; break; /* 53 bits, scaled */
        default: memcpy(&x, &r, sizeof x); break;                    /* any bits */
        }
        expect_g(x, 15 + i % 3);
        if (i % 16 == 0) expect_g(x, 1 + (int)((r >> 8) % 17));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),  cmocka_unit_test(test_signed),
        cmocka_unit_test(test_integers), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_exact),    cmocka_unit_test(test_locale_independent),
        cmocka_unit_test(test_double_g),
    };
    return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
