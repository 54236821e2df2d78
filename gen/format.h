/* format: German (de-DE) number and date formatting, locale-independent.
 *
 * The report text is German: 57,1 Punkte; 1.234.567 Einwohner; 22. November 2026.
 * We never let the C locale decide a separator: every function here formats
 * digits itself, so output is identical under any LC_NUMERIC. Machine-readable
 * output (JSON, CSV) uses fmt_double_shortest (raw values: the shortest text
 * that reads back as the same double, 71,2 and not 71,200000000000003) or
 * fmt_double_exact (computed scores: all 17 digits). Both are the one number
 * writer of the program and ignore the locale too. */
#ifndef DIGINDEX_FORMAT_H
#define DIGINDEX_FORMAT_H

#include "buf.h"

#include <stdbool.h>
#include <stdint.h>

/* Appends x rounded half away from zero to `decimals` places with a decimal
 * comma and thousands dots: 1234.56 → "1.234,6" (decimals = 1). -0.0 and
 * values that round to zero print without a sign. NaN appends "–". */
void fmt_de_number(buf *out, double x, int decimals);
/* Like fmt_de_number but always with a sign for non-zero values: "+1,5",
 * "−0,3" (U+2212 MINUS SIGN, typographically correct in German text) and
 * "±0,0" for zero. */
void fmt_de_signed(buf *out, double x, int decimals);
/* Same with an ASCII hyphen-minus, for places that need plain ASCII (CSV). */
void fmt_de_signed_ascii(buf *out, double x, int decimals);
/* Integer with thousands dots: 1234567 → "1.234.567". */
void fmt_de_int(buf *out, long long n);
/* ISO date "2026-11-22" → "22. November 2026". Returns false (and appends
 * nothing) when iso is not a valid YYYY-MM-DD date. */
bool fmt_de_date(buf *out, const char *iso);
/* The same from a Unix time (UTC). */
void fmt_de_date_epoch(buf *out, int64_t epoch);
/* Appends x with 17 significant digits ("%.17g"), exact round trip, with '.'
 * replaced by `decimal_sep`; NaN and infinities append `missing`. */
void fmt_double_exact(buf *out, double x, char decimal_sep, const char *missing);
/* The same in the shortest form that reads back as x: %.15g, %.16g or %.17g,
 * the first that strtod returns equal (85 -> "85", 71.2 -> "71.2",
 * 0.1 -> "0.1", 1e21 -> "1e+21"). */
void fmt_double_shortest(buf *out, double x, char decimal_sep, const char *missing);
/* printf's "%.*g" of x (1 <= prec <= 17) into s[0, n) in the C locale, byte
 * for byte, whatever the process locale; the usual values without printf
 * (fmt_double_exact's 17 digits of every score). */
void fmt_double_g(char *s, size_t n, double x, int prec);
/* Appends s[0..n) as a JSON string: quotes, backslash escapes, control
 * characters as \u00XX; UTF-8 passes through. The one JSON string writer. */
void fmt_json_string(buf *out, const char *s, size_t n);
/* Checks "YYYY-MM-DD" and fills the parts; false when malformed or impossible. */
bool fmt_parse_iso_date(const char *iso, int *year, int *month, int *day);

#endif
