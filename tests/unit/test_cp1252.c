/* Tests for gen/cp1252: UTF-8 → Windows-1252 for libharu. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cp1252.h"

#include <stdio.h>
#include <string.h>

/* Converts s and checks bytes and quality. */
static void expect(const char *s, const char *want, cp1252_quality q)
{
    buf out = BUF_INIT;
    cp1252_quality got = cp1252_from_utf8(&out, s, strlen(s));
    if (out.len != strlen(want) || memcmp(out.data ? out.data : "", want, out.len) != 0) {
        char hex[256] = "";
        for (size_t i = 0; i < out.len && i < 60; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02X ", (unsigned char)out.data[i]);
        fail_msg("\"%s\": got %s", s, hex);
    }
    assert_int_equal(got, q);
    buf_free(&out);
}

static void test_ascii_and_latin1(void **state)
{
    (void)state;
    expect("", "", CP1252_EXACT);
    expect("Rang 3 von 16", "Rang 3 von 16", CP1252_EXACT);
    expect("Thüringen", "Th\xFCringen", CP1252_EXACT);
    expect("Baden-Württemberg", "Baden-W\xFCrttemberg", CP1252_EXACT);
    expect("Äußere Öffnung ß", "\xC4u\xDF" "ere \xD6" "ffnung \xDF", CP1252_EXACT);
    expect("Ø Länder", "\xD8 L\xE4nder", CP1252_EXACT);
    expect("±0,0", "\xB1" "0,0", CP1252_EXACT);
    expect("57,1\xC2\xA0%", "57,1\xA0%", CP1252_EXACT); /* no-break space */
}

static void test_windows_block(void **state)
{
    (void)state;
    expect("€ „Zitat“ ‚x‘ – — … • ™", "\x80 \x84Zitat\x93 \x82x\x91 \x96 \x97 \x85 \x95 \x99",
           CP1252_EXACT);
    expect("Œuvre Šibenik Žilina Ÿ", "\x8Cuvre \x8Aibenik \x8Eilina \x9F", CP1252_EXACT);
    assert_int_equal(cp1252_byte(0x20AC), 0x80);
    assert_int_equal(cp1252_byte(0x2026), 0x85);
    assert_int_equal(cp1252_byte(0x00D8), 0xD8);
    assert_int_equal(cp1252_byte(0x2212), -1);
    assert_int_equal(cp1252_byte(0x0081), -1); /* C1 control, undefined in CP1252 */
    assert_int_equal(cp1252_byte('A'), 'A');
}

static void test_lookalikes(void **state)
{
    (void)state;
    expect("−1,4", "\x96" "1,4", CP1252_APPROX);           /* U+2212 minus */
    expect("57,1\xE2\x80\xAF%", "57,1 %", CP1252_APPROX);   /* narrow no-break space */
    expect("1\xE2\x80\x89" "000", "1 000", CP1252_APPROX);  /* thin space */
    expect("a\xE2\x80\x91" "b", "a-b", CP1252_APPROX);      /* non-breaking hyphen */
    expect("Łódź", "L\xF3" "dz", CP1252_APPROX);            /* ó exists, Ł and ź do not */
    expect("Gdańsk", "Gdansk", CP1252_APPROX);
    expect("zero\xE2\x80\x8Bwidth", "zerowidth", CP1252_APPROX);
    expect("tab\there", "tab here", CP1252_APPROX);
}

static void test_combining(void **state)
{
    (void)state;
    /* Decomposed umlauts (e.g. from macOS file names) become the letter. */
    expect("Thu\xCC\x88ringen", "Th\xFCringen", CP1252_EXACT);
    expect("A\xCC\x88O\xCC\x88U\xCC\x88", "\xC4\xD6\xDC", CP1252_EXACT);
    expect("S\xCC\x8C", "\x8A", CP1252_EXACT);
    /* No such letter in CP1252: the base stays, the accent goes. */
    expect("q\xCC\x88", "q", CP1252_APPROX);
    /* A mark with nothing to sit on. */
    expect("\xCC\x88x", "x", CP1252_APPROX);
    /* A mark after a non-letter does not merge with it. */
    expect("1\xCC\x88", "1", CP1252_APPROX);
}

static void test_lossy(void **state)
{
    (void)state;
    expect("Ω", "?", CP1252_LOSSY);
    expect("日本", "??", CP1252_LOSSY);
    expect("emoji \xF0\x9F\x98\x80!", "emoji ?!", CP1252_LOSSY);
    /* Invalid UTF-8: stray continuation, truncated sequence, overlong,
     * surrogate, beyond U+10FFFF, C0 control. */
    expect("a\x80" "b", "a?b", CP1252_LOSSY);
    expect("ab\xC3", "ab?", CP1252_LOSSY);
    expect("\xC0\xAF", "??", CP1252_LOSSY);
    expect("\xED\xA0\x80", "???", CP1252_LOSSY);
    expect("\xF4\x90\x80\x80", "????", CP1252_LOSSY);
    expect("bell\x07", "bell?", CP1252_LOSSY);
    /* Embedded NUL inside the given length. */
    buf out = BUF_INIT;
    assert_int_equal(cp1252_from_utf8(&out, "a\0b", 3), CP1252_LOSSY);
    assert_memory_equal(out.data, "a?b", 3);
    buf_free(&out);
}

static void test_utf8_next(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(cp1252_utf8_next("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(cp1252_utf8_next("\xC3\xBC", 2, &cp), 2);
    assert_int_equal(cp, 0xFC);
    assert_int_equal(cp1252_utf8_next("\xE2\x88\x92", 3, &cp), 3);
    assert_int_equal(cp, 0x2212);
    assert_int_equal(cp1252_utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(cp1252_utf8_next("\xE2\x88", 2, &cp), 1); /* truncated */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(cp1252_utf8_next("\xE0\x80\x80", 3, &cp), 1); /* overlong */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(cp1252_utf8_next("\xFF", 1, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

static void test_appends(void **state)
{
    (void)state;
    buf out = BUF_INIT;
    buf_puts(&out, "x=");
    assert_int_equal(cp1252_from_utf8(&out, "ä", strlen("ä")), CP1252_EXACT);
    assert_string_equal(buf_cstr(&out), "x=\xE4");
    /* Only the first len bytes count. */
    assert_int_equal(cp1252_from_utf8(&out, "abc", 2), CP1252_EXACT);
    assert_string_equal(buf_cstr(&out), "x=\xE4" "ab");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_and_latin1), cmocka_unit_test(test_windows_block),
        cmocka_unit_test(test_lookalikes),       cmocka_unit_test(test_combining),
        cmocka_unit_test(test_lossy),            cmocka_unit_test(test_utf8_next),
        cmocka_unit_test(test_appends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
