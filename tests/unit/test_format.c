/* Unit tests for German number and date formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <locale.h>
#include <math.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),  cmocka_unit_test(test_signed),
        cmocka_unit_test(test_integers), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_exact),    cmocka_unit_test(test_locale_independent),
    };
    return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
