/* cp1252: UTF-8 → Windows-1252 (see cp1252.h). */
#include "cp1252.h"

#include <string.h>

/* Code points of CP1252 bytes 0x80..0x9F; 0 where the byte is undefined. */
static const uint16_t high_block[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void cp1252_to_utf8(buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* The five unassigned bytes map to the C1 control of the same
         * number, as Windows itself does. */
        uint32_t cp = c >= 0x80 && c < 0xA0 && high_block[c - 0x80] ? high_block[c - 0x80] : c;
        char u[3];
        if (cp < 0x80) {
            buf_putc(out, (char)cp);
        } else if (cp < 0x800) {
            u[0] = (char)(0xC0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3F));
            buf_append(out, u, 2);
        } else {
            u[0] = (char)(0xE0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            buf_append(out, u, 3);
        }
    }
}

/* Base letters of U+0100..U+017F, for names with letters CP1252 lacks. */
static const char latin_ext_a[129] =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGg"
    "GgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL"
    "lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSs"
    "SsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/* Precomposed forms of ASCII letter + combining mark that CP1252 holds. */
typedef struct compose_rule {
    uint16_t mark;
    const char *bases;
    uint16_t result[12];
} compose_rule;

static const compose_rule compose_rules[] = {
    {0x0300, "aeiouAEIOU", {0xE0, 0xE8, 0xEC, 0xF2, 0xF9, 0xC0, 0xC8, 0xCC, 0xD2, 0xD9}},
    {0x0301, "aeiouyAEIOUY",
     {0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xFD, 0xC1, 0xC9, 0xCD, 0xD3, 0xDA, 0xDD}},
    {0x0302, "aeiouAEIOU", {0xE2, 0xEA, 0xEE, 0xF4, 0xFB, 0xC2, 0xCA, 0xCE, 0xD4, 0xDB}},
    {0x0303, "anoANO", {0xE3, 0xF1, 0xF5, 0xC3, 0xD1, 0xD5}},
    {0x0308, "aeiouyAEIOUY",
     {0xE4, 0xEB, 0xEF, 0xF6, 0xFC, 0xFF, 0xC4, 0xCB, 0xCF, 0xD6, 0xDC, 0x178}},
    {0x030A, "aA", {0xE5, 0xC5}},
    {0x0327, "cC", {0xE7, 0xC7}},
    {0x030C, "szSZ", {0x161, 0x17E, 0x160, 0x17D}},
};

int cp1252_byte(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return (int)cp;
    for (int i = 0; i < 32; i++)
        if (high_block[i] != 0 && high_block[i] == cp) return 0x80 + i;
    return -1;
}

size_t cp1252_utf8_next(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

/* Look-alike for a code point without its own byte; -1 when there is none,
 * -2 for characters that are dropped (zero-width). */
static int approximate(uint32_t cp)
{
    switch (cp) {
    case 0x2212: return 0x96;         /* minus sign → en dash */
    case 0x2012: return 0x96;         /* figure dash */
    case 0x2015: return 0x97;         /* horizontal bar → em dash */
    case 0x2010: case 0x2011: return '-';
    case 0x2032: return '\'';
    case 0x2033: return '"';
    case 0x2044: return '/';          /* fraction slash */
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: return -2;
    case '\t': case '\n': case '\r': return ' ';
    default: break;
    }
    if ((cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return ' ';
    if (cp >= 0x0100 && cp <= 0x017F) return (unsigned char)latin_ext_a[cp - 0x100];
    return -1;
}

/* Combines the ASCII letter `base` with combining mark `mark`; -1 if CP1252
 * has no such letter. */
static int compose(unsigned char base, uint32_t mark)
{
    for (size_t i = 0; i < sizeof compose_rules / sizeof compose_rules[0]; i++) {
        const compose_rule *r = &compose_rules[i];
        if (r->mark != mark) continue;
        const char *p = strchr(r->bases, base);
        if (!p || base == '\0') return -1;
        return cp1252_byte(r->result[p - r->bases]);
    }
    return -1;
}

cp1252_quality cp1252_from_utf8(buf *out, const char *utf8, size_t len)
{
    cp1252_quality q = CP1252_EXACT;
    /* Length of `out` right after the last byte that came from an ASCII
     * letter, so a following combining mark can merge with it. */
    size_t letter_end = (size_t)-1;
    size_t i = 0;
    buf_reserve(out, len);
    while (i < len) {
        uint32_t cp;
        size_t n = cp1252_utf8_next(utf8 + i, len - i, &cp);
        int invalid = cp == 0xFFFD;
        i += n;
        if (cp >= 0x0300 && cp <= 0x036F) {
            if (letter_end == out->len) {
                int b = compose((unsigned char)out->data[out->len - 1], cp);
                if (b >= 0) {
                    out->data[out->len - 1] = (char)b;
                    letter_end = (size_t)-1;
                    continue;
                }
            }
            /* An accent we cannot place: the letter stays, the accent goes. */
            if (q < CP1252_APPROX) q = CP1252_APPROX;
            continue;
        }
        int b = -1;
        if (!invalid && cp >= 0x20 && cp != 0x7F) b = cp1252_byte(cp);
        if (b < 0) {
            int a = invalid ? -1 : approximate(cp);
            if (a == -2) {
                if (q < CP1252_APPROX) q = CP1252_APPROX;
                continue;
            }
            if (a >= 0) {
                b = a;
                if (q < CP1252_APPROX) q = CP1252_APPROX;
            } else {
                b = '?';
                q = CP1252_LOSSY;
            }
        }
        buf_putc(out, (char)b);
        letter_end = ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')) ? out->len : (size_t)-1;
    }
    return q;
}
