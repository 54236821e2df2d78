/* format: German number and date formatting (see format.h). */
#include "format.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember"};

/* Groups the decimal digits of an integer string with dots. */
static void append_grouped(buf *out, const char *digits)
{
    size_t n = strlen(digits);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) buf_putc(out, '.');
        buf_putc(out, digits[i]);
    }
}

/* Formats |x| rounded half away from zero to `decimals` places into integer
 * and fraction digit strings, as a German reader expects (6,25 → 6,3; printf
 * alone would round the exact tie to even, 6,2). The scaling also absorbs
 * binary representation error: 57.05 (stored as 57.04999…) prints 57,1.
 * Returns true when the rounded value is zero. */
static int split_number(double ax, int decimals, char *ip, size_t ipn, char *fp, size_t fpn)
{
    static const double pow10[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double scale = pow10[decimals];
    double scaled = round(ax * scale);
    if (isfinite(scaled) && scaled < 9007199254740992.0) {
        /* Integer digits: exact below 2^53 and far cheaper than printf's %f,
         * which dominated the formatting of thousands of table cells. */
        unsigned long long v = (unsigned long long)scaled;
        unsigned long long unit = (unsigned long long)scale;
        snprintf(ip, ipn, "%llu", v / unit);
        unsigned long long frac = v % unit;
        for (int i = decimals - 1; i >= 0 && (size_t)i < fpn - 1; i--) {
            fp[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        fp[decimals < (int)fpn ? decimals : (int)fpn - 1] = '\0';
        return v == 0;
    }
    char tmp[400];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, ax);
    char *dot = strchr(tmp, '.');
    if (dot) {
        *dot = '\0';
        snprintf(fp, fpn, "%s", dot + 1);
    } else {
        fp[0] = '\0';
    }
    snprintf(ip, ipn, "%s", tmp);
    for (const char *p = tmp; *p; p++)
        if (*p != '0') return 0;
    for (const char *p = fp; *p; p++)
        if (*p != '0') return 0;
    return 1;
}

static void append_magnitude(buf *out, double ax, int decimals, int *is_zero)
{
    char ip[400], fp[64];
    if (decimals < 0) decimals = 0;
    if (decimals > 15) decimals = 15;
    *is_zero = split_number(ax, decimals, ip, sizeof ip, fp, sizeof fp);
    append_grouped(out, ip);
    if (decimals > 0) {
        buf_putc(out, ',');
        buf_puts(out, fp);
    }
}

/* The number with `minus`, `plus` or (when it rounds to 0) `zero_sign`
 * before it. */
static void signed_impl(buf *out, double x, int decimals, const char *minus, const char *plus,
                        const char *zero_sign)
{
    if (isnan(x)) {
        buf_puts(out, "–");
        return;
    }
    buf tmp = BUF_INIT;
    int zero;
    append_magnitude(&tmp, fabs(x), decimals, &zero);
    buf_puts(out, zero ? zero_sign : (x < 0 ? minus : plus));
    buf_append(out, buf_cstr(&tmp), tmp.len);
    buf_free(&tmp);
}

void fmt_de_number(buf *out, double x, int decimals)
{
    signed_impl(out, x, decimals, "−", "", "");
}

void fmt_de_signed(buf *out, double x, int decimals)
{
    signed_impl(out, x, decimals, "−", "+", "±");
}

void fmt_de_signed_ascii(buf *out, double x, int decimals)
{
    signed_impl(out, x, decimals, "-", "+", "");
}

void fmt_de_int(buf *out, long long n)
{
    char digits[32];
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    snprintf(digits, sizeof digits, "%llu", u);
    if (n < 0) buf_puts(out, "−");
    append_grouped(out, digits);
}

bool fmt_parse_iso_date(const char *iso, int *year, int *month, int *day)
{
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9')) return false;
    int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int d = (iso[8] - '0') * 10 + (iso[9] - '0');
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = mdays[m - 1] + (m == 2 && leap);
    if (d > max) return false;
    *year = y;
    *month = m;
    *day = d;
    return true;
}

bool fmt_de_date(buf *out, const char *iso)
{
    int y, m, d;
    if (!fmt_parse_iso_date(iso, &y, &m, &d)) return false;
    buf_printf(out, "%d. %s %d", d, month_names[m - 1], y);
    return true;
}

void fmt_de_date_epoch(buf *out, int64_t epoch)
{
    /* Civil-from-days (H. Hinnant's algorithm), UTC, no locale or TZ. */
    int64_t days = epoch / 86400;
    if (epoch % 86400 < 0) days--;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    buf_printf(out, "%d. %s %lld", (int)d, month_names[m - 1], (long long)y);
}

void fmt_json_string(buf *out, const char *s, size_t n)
{
    buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': buf_puts(out, "\\\""); break;
        case '\\': buf_puts(out, "\\\\"); break;
        case '\n': buf_puts(out, "\\n"); break;
        case '\r': buf_puts(out, "\\r"); break;
        case '\t': buf_puts(out, "\\t"); break;
        default:
            if (c < 0x20)
                buf_printf(out, "\\u%04x", c);
            else
                buf_putc(out, (char)c);
        }
    }
    buf_putc(out, '"');
}

/* ---- machine-readable numbers -------------------------------------------- */

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* "%.*g" of x for 1 <= prec <= 17 written into s (at least 32 bytes), as
 * glibc writes it in the C locale, without printf: the score tables hold
 * hundreds of thousands of numbers, and glibc's exact conversion (multiple
 * precision arithmetic for every digit) was most of their time. Handles
 * the fixed notation %g uses (decimal exponent -4 <= E < prec), which covers
 * every score; returns false for other values (exponent notation, zero,
 * not finite), which the caller leaves to snprintf.
 *
 * x = m * 2^e exactly; the prec digits are x * 10^(prec-1-E) rounded to an
 * integer, ties to even (glibc's rounding). With -4 <= E < prec <= 17 the
 * scale 10^s has 0 <= s <= 20, so m * 5^s < 2^53 * 5^20 < 2^100 and the
 * product times 2^(s+e) is computed exactly in 128 bits. */
static bool g_fixed(char *s, double x, int prec)
{
#ifndef __SIZEOF_INT128__
    (void)s, (void)x, (void)prec;
    return false;
#else
    if (!isfinite(x) || x == 0 || prec < 1 || prec > 17) return false;
    bool neg = x < 0;
    double ax = fabs(x);
    int bexp;
    double frac = frexp(ax, &bexp); /* ax = frac * 2^bexp, 0.5 <= frac < 1 */
    uint64_t m = (uint64_t)ldexp(frac, 53);
    int e = bexp - 53;
    int E = (int)floor(log10(ax));
    static const uint64_t pow10u[18] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull,
                                        1000000ull, 10000000ull, 100000000ull, 1000000000ull,
                                        10000000000ull, 100000000000ull, 1000000000000ull,
                                        10000000000000ull, 100000000000000ull,
                                        1000000000000000ull, 10000000000000000ull,
                                        100000000000000000ull};
    uint64_t digits = 0;
    for (int attempt = 0;; attempt++) {
        if (attempt == 3 || E < -4 || E >= prec) return false;
        int sc = prec - 1 - E; /* 0 <= sc <= 20 */
        unsigned __int128 a = m;
        for (int i = 0; i < sc; i++) a *= 5;
        int sh = sc + e;
        /* q = floor(x * 10^sc), then rounded by the remainder. E is right
         * when the floor has prec digits. */
        unsigned __int128 q, r = 0, half = 0;
        if (sh >= 0) {
            if (sh > 20) return false;
            q = a << sh;
        } else if (-sh >= 127) {
            return false;
        } else {
            int k = -sh;
            q = a >> k;
            r = a & (((unsigned __int128)1 << k) - 1);
            half = (unsigned __int128)1 << (k - 1);
        }
        if (q >= pow10u[prec]) { E++; continue; }
        if (q < pow10u[prec - 1]) { E--; continue; }
        if (r > half || (r == half && r != 0 && (q & 1))) q++;
        if (q == pow10u[prec]) { /* rounded up to the next power of ten */
            q = pow10u[prec - 1];
            if (++E >= prec) return false;
        }
        digits = (uint64_t)q;
        break;
    }
    char d[18];
    for (int i = prec - 1; i >= 0; i--) {
        d[i] = (char)('0' + digits % 10);
        digits /= 10;
    }
    int nd = prec;
    while (nd > 1 && d[nd - 1] == '0') nd--; /* %g drops trailing zeros */
    char *p = s;
    if (neg) *p++ = '-';
    if (E >= 0) {
        for (int i = 0; i <= E; i++) *p++ = i < nd ? d[i] : '0';
        if (nd > E + 1) {
            *p++ = '.';
            for (int i = E + 1; i < nd; i++) *p++ = d[i];
        }
    } else {
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -E - 1; i++) *p++ = '0';
        for (int i = 0; i < nd; i++) *p++ = d[i];
    }
    *p = '\0';
    return true;
#endif
}

void fmt_double_g(char *s, size_t n, double x, int prec)
{
    if (n >= 32 && g_fixed(s, x, prec)) return;
    pthread_once(&c_locale_once, c_locale_init);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    snprintf(s, n, "%.*g", prec, x);
    if (old) uselocale(old);
}

/* The C-locale digits of x with `min_prec`..17 significant digits: the
 * first precision whose text strtod reads back as x (min_prec 17: always
 * 17). strtod runs under the C locale of this thread only. */
static void double_digits(char *s, size_t n, double x, int min_prec)
{
    pthread_once(&c_locale_once, c_locale_init);
    for (int prec = min_prec; prec <= 17; prec++) {
        fmt_double_g(s, n, x, prec);
        if (prec == 17) break;
        locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
        bool same = strtod(s, NULL) == x;
        if (old) uselocale(old);
        if (same) break;
    }
}

static void double_out(buf *out, double x, char decimal_sep, const char *missing, int min_prec)
{
    if (isnan(x) || isinf(x)) {
        buf_puts(out, missing);
        return;
    }
    char tmp[40];
    double_digits(tmp, sizeof tmp, x == 0 ? 0.0 : x, min_prec); /* -0 prints 0 */
    for (char *p = tmp; *p; p++)
        if (*p == '.') *p = decimal_sep;
    buf_puts(out, tmp);
}

void fmt_double_exact(buf *out, double x, char decimal_sep, const char *missing)
{
    double_out(out, x, decimal_sep, missing, 17);
}

void fmt_double_shortest(buf *out, double x, char decimal_sep, const char *missing)
{
    /* Up to 15 significant digits a decimal survives the trip through a
     * double, so %.15g is already the shortest form whenever one that short
     * exists; otherwise 16 or, at most, 17 digits. */
    double_out(out, x, decimal_sep, missing, 15);
}
