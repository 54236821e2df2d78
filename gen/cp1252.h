/* cp1252: UTF-8 ↔ Windows-1252: libharu text, and imported CSV files.
 *
 * libharu draws text in a single-byte encoding ("CP1252" is far cheaper than
 * its UTF-8 mode). Everything German text needs is in CP1252 (ä ö ü ß € „ “ –
 * … Ø ±); a few other characters are mapped to their nearest relative:
 *   U+2212 MINUS SIGN → 0x96 (en dash: the glyph a reader expects for −1,4)
 *   U+2009, U+202F and the other Unicode spaces → ' '
 *   U+2010/U+2011 hyphens → '-', U+2012 figure dash → 0x96, U+2015 → 0x97
 *   decomposed umlauts (a + U+0308) → composed (ä)
 *   Latin Extended-A letters (ł, ő, č …) → base letter (l, o, c)
 * Anything else becomes '?'. The return value says how faithful the result is.
 * No allocation besides growing `out`; thread-safe. */
#ifndef DIGINDEX_CP1252_H
#define DIGINDEX_CP1252_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum cp1252_quality {
    CP1252_EXACT = 0,  /* lossless: every character has its own CP1252 byte */
    CP1252_APPROX = 1, /* only typographic look-alikes used (− → –, thin space → space) */
    CP1252_LOSSY = 2   /* at least one '?' (unmappable character or invalid UTF-8) */
} cp1252_quality;

/* Appends the CP1252 bytes for the first `len` bytes of `utf8` to `out`.
 * Invalid UTF-8 sequences become '?'. Returns the worst quality met. */
cp1252_quality cp1252_from_utf8(buf *out, const char *utf8, size_t len);

/* The other direction, for imported files: appends the UTF-8 text of n
 * Windows-1252 bytes (the unassigned 0x81, 0x8D, 0x8F, 0x90, 0x9D become the
 * C1 control of the same number, as Windows does). The same table as above:
 * one codec. */
void cp1252_to_utf8(buf *out, const char *s, size_t n);

/* The CP1252 byte for one code point, or -1 when there is none (no
 * look-alike mapping here). Exposed for tests and for width checks. */
int cp1252_byte(uint32_t cp);

/* Decodes one UTF-8 sequence at s (n > 0 bytes available) into *cp and
 * returns its length. Overlong forms, surrogates, values above U+10FFFF and
 * truncated sequences yield U+FFFD and a length of 1, so callers always make
 * progress. Shared by the chart text code. */
size_t cp1252_utf8_next(const char *s, size_t n, uint32_t *cp);

#endif
