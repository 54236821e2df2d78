/* metrics: font loading and text measurement (see metrics.h). */
#include "metrics.h"
#include "metrics_priv.h"

#include "cp1252.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H

#include <cairo-ft.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BMP_SIZE 0x10000

/* FreeType library and faces, shared with cairo. cairo may keep a font face
 * in its caches after we are done with it, so the FreeType objects live until
 * the last of (our fonts object, each cairo face) lets go. */
typedef struct ft_owner {
    FT_Library lib;
    FT_Face face[2];
    atomic_int refs;
} ft_owner;

typedef struct metrics_face {
    char *path;
    double upem;             /* font units per em */
    double ascent, descent;  /* em fractions, positive */
    double cap_height;       /* em fraction */
    uint16_t notdef_adv;     /* font units */
    uint16_t *adv;           /* BMP_SIZE advances in font units */
    cairo_font_face_t *cairo;
} metrics_face;

struct metrics_fonts {
    ft_owner *owner;
    metrics_face face[2];
};

static const cairo_user_data_key_t owner_key;

static void owner_release(void *p)
{
    ft_owner *o = p;
    if (atomic_fetch_sub(&o->refs, 1) != 1) return;
    for (int i = 0; i < 2; i++)
        if (o->face[i]) FT_Done_Face(o->face[i]);
    FT_Done_FreeType(o->lib);
    free(o);
}

static void missing_font(diag *d, const char *path, const char *why)
{
    char *hint = xasprintf("install the Debian package %s (apt-get install %s) "
                           "or pass the path of a TrueType font",
                           METRICS_FONT_PACKAGE, METRICS_FONT_PACKAGE);
    if (d) diag_system(d, path, hint, "cannot load font: %s", why);
    free(hint);
}

static bool face_load(metrics_fonts *f, int i, const char *path, diag *d)
{
    metrics_face *mf = &f->face[i];
    /* FreeType's own error for a missing file says less than errno. */
    if (access(path, R_OK) != 0) {
        missing_font(d, path, strerror(errno));
        return false;
    }
    FT_Face face;
    FT_Error err = FT_New_Face(f->owner->lib, path, 0, &face);
    if (err) {
        char why[96];
        snprintf(why, sizeof why, "FreeType error %d (not a usable font file?)", (int)err);
        missing_font(d, path, why);
        return false;
    }
    f->owner->face[i] = face;
    if (!FT_IS_SCALABLE(face) || face->units_per_EM == 0 || !face->charmap) {
        missing_font(d, path, "not a scalable font with a Unicode character map");
        return false;
    }
    mf->path = xstrdup(path);
    mf->upem = face->units_per_EM;
    mf->ascent = face->ascender / mf->upem;
    mf->descent = -face->descender / mf->upem;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    mf->cap_height = (os2 && os2->version >= 2 && os2->sCapHeight > 0)
                         ? os2->sCapHeight / mf->upem
                         : 0.7;
    FT_Fixed a = 0;
    FT_Get_Advance(face, 0, FT_LOAD_NO_SCALE, &a);
    mf->notdef_adv = (uint16_t)a;
    mf->adv = xmalloc(BMP_SIZE * sizeof *mf->adv);
    for (size_t k = 0; k < BMP_SIZE; k++) mf->adv[k] = mf->notdef_adv;
    FT_UInt gi;
    FT_ULong cp = FT_Get_First_Char(face, &gi);
    while (gi != 0) {
        if (cp < BMP_SIZE && FT_Get_Advance(face, gi, FT_LOAD_NO_SCALE, &a) == 0)
            mf->adv[cp] = (uint16_t)a;
        cp = FT_Get_Next_Char(face, cp, &gi);
    }
    mf->cairo = cairo_ft_font_face_create_for_ft_face(face, 0);
    if (cairo_font_face_status(mf->cairo) != CAIRO_STATUS_SUCCESS) {
        missing_font(d, path, "cairo cannot use this font");
        cairo_font_face_destroy(mf->cairo);
        mf->cairo = NULL;
        return false;
    }
    atomic_fetch_add(&f->owner->refs, 1);
    if (cairo_font_face_set_user_data(mf->cairo, &owner_key, f->owner, owner_release) !=
        CAIRO_STATUS_SUCCESS) {
        atomic_fetch_sub(&f->owner->refs, 1);
        missing_font(d, path, "cairo font face setup failed");
        return false;
    }
    return true;
}

metrics_fonts *metrics_fonts_load(const char *regular_path, const char *bold_path, diag *d)
{
    metrics_fonts *f = xcalloc(1, sizeof *f);
    f->owner = xcalloc(1, sizeof *f->owner);
    atomic_init(&f->owner->refs, 1);
    if (FT_Init_FreeType(&f->owner->lib)) {
        if (d) diag_system(d, NULL, NULL, "cannot initialise FreeType");
        free(f->owner);
        free(f);
        return NULL;
    }
    if (!face_load(f, METRICS_REGULAR, regular_path, d) ||
        !face_load(f, METRICS_BOLD, bold_path, d)) {
        metrics_fonts_free(f);
        return NULL;
    }
    return f;
}

void metrics_fonts_free(metrics_fonts *f)
{
    if (!f) return;
    for (int i = 0; i < 2; i++) {
        free(f->face[i].path);
        free(f->face[i].adv);
        /* May run owner_release right away or later, from cairo's cache. */
        if (f->face[i].cairo) cairo_font_face_destroy(f->face[i].cairo);
    }
    owner_release(f->owner);
    free(f);
}

const char *metrics_fonts_path(const metrics_fonts *f, metrics_weight w)
{
    return f->face[w].path;
}

cairo_font_face_t *metrics_fonts_cairo_face(const metrics_fonts *f, metrics_weight w)
{
    return f->face[w].cairo;
}

/* The character at s (n bytes left): its length in bytes, its code point
 * in *cp and its advance in font units, as metrics_text_width counts them. */
static inline size_t char_units(const metrics_face *mf, const char *s, size_t n, uint32_t *cp,
                                unsigned *units)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        *units = mf->adv[c];
        return 1;
    }
    size_t k = cp1252_utf8_next(s, n, cp);
    *units = *cp < BMP_SIZE ? mf->adv[*cp] : mf->notdef_adv;
    return k;
}

double metrics_text_width(const metrics_fonts *f, metrics_weight w, double size,
                          const char *utf8, size_t len)
{
    const metrics_face *mf = &f->face[w];
    uint64_t units = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)utf8[i];
        if (c < 0x80) {
            units += mf->adv[c];
            i++;
            continue;
        }
        uint32_t cp;
        i += cp1252_utf8_next(utf8 + i, len - i, &cp);
        units += cp < BMP_SIZE ? mf->adv[cp] : mf->notdef_adv;
    }
    return (double)units * size / mf->upem;
}

double metrics_str_width(const metrics_fonts *f, metrics_weight w, double size, const char *utf8)
{
    return metrics_text_width(f, w, size, utf8, strlen(utf8));
}

double metrics_ascent(const metrics_fonts *f, metrics_weight w, double size)
{
    return f->face[w].ascent * size;
}

double metrics_descent(const metrics_fonts *f, metrics_weight w, double size)
{
    return f->face[w].descent * size;
}

double metrics_cap_height(const metrics_fonts *f, metrics_weight w, double size)
{
    return f->face[w].cap_height * size;
}

/* ---- line breaking ------------------------------------------------------ */

#define FITS(width, max_width) ((width) <= (max_width) + 1e-9)

static void lines_push(metrics_lines *l, const metrics_fonts *f, metrics_weight w, double size,
                       const char *s, size_t off, size_t end, bool split)
{
    while (end > off && s[end - 1] == ' ') end--; /* spaces at a break take no room */
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (metrics_line){off, end - off, metrics_text_width(f, w, size, s + off, end - off),
                                  split};
    l->broke_word |= split;
}

static bool is_word_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

size_t metrics_text_break(const metrics_fonts *f, metrics_weight w, double size,
                          const char *s, size_t n, double max_width, size_t max_lines,
                          metrics_lines *out)
{
    const metrics_face *mf = &f->face[w];
    out->n = 0;
    out->broke_word = false;
    size_t pos = 0;
    while (pos < n && (max_lines == 0 || out->n < max_lines)) {
        while (pos < n && s[pos] == ' ') pos++;
        if (pos >= n) break;
        size_t start = pos, i = pos;
        size_t brk_end = 0, brk_next = 0; /* last break opportunity, 0 = none */
        double width = 0;
        for (;;) {
            if (i >= n) {
                lines_push(out, f, w, size, s, start, n, false);
                pos = n;
                break;
            }
            if (s[i] == '\n') {
                lines_push(out, f, w, size, s, start, i, false);
                pos = i + 1;
                break;
            }
            uint32_t cp;
            unsigned units;
            size_t clen = char_units(mf, s + i, n - i, &cp, &units);
            /* The same number metrics_text_width gives for the character. */
            double cw = (double)units * size / mf->upem;
            if (s[i] == ' ') {
                brk_end = i;
                brk_next = i + 1;
                width += cw;
                i += clen;
                continue;
            }
            if (!FITS(width + cw, max_width)) {
                if (brk_next > start) {
                    lines_push(out, f, w, size, s, start, brk_end, false);
                    pos = brk_next;
                } else {
                    /* One word wider than the line; at least one character. */
                    size_t end = i > start ? i : i + clen;
                    lines_push(out, f, w, size, s, start, end, true);
                    pos = end;
                }
                break;
            }
            width += cw;
            i += clen;
            if ((cp == '-' || cp == '/' || cp == 0x2013) && i - clen > start &&
                is_word_char((unsigned char)s[i - clen - 1]) && i < n && s[i] != ' ' &&
                s[i] != '\n') {
                brk_end = i;
                brk_next = i;
            }
        }
    }
    return pos;
}

void metrics_lines_free(metrics_lines *l)
{
    free(l->v);
    *l = (metrics_lines)METRICS_LINES_INIT;
}

/* ---- wrapping ---------------------------------------------------------- */

static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */

static void wrap_emit(metrics_wrap *out, const char *s, size_t n, bool add_ellipsis)
{
    while (n > 0 && s[n - 1] == ' ') n--; /* lines never end in spaces */
    out->line_off[out->count] = out->text.len;
    buf_append(&out->text, s, n);
    if (add_ellipsis) buf_append(&out->text, ellipsis, sizeof ellipsis - 1);
    buf_putc(&out->text, '\0');
    out->count++;
}

size_t metrics_text_prefix(const metrics_fonts *f, metrics_weight w, double size, const char *s,
                           size_t n, double max_width)
{
    const metrics_face *mf = &f->face[w];
    double acc = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        unsigned units;
        size_t k = char_units(mf, s + i, n - i, &cp, &units);
        acc += (double)units * size / mf->upem;
        if (!FITS(acc, max_width)) break;
        i += k;
    }
    return i;
}

static bool only_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n') return false;
    return true;
}

void metrics_text_wrap(const metrics_fonts *f, metrics_weight w, double size,
                       const char *utf8, double max_width, size_t max_lines,
                       metrics_wrap *out)
{
    buf_clear(&out->text);
    out->count = 0;
    out->truncated = false;
    out->broke_word = false;
    out->width = 0;
    if (max_lines < 1) max_lines = 1;
    if (max_lines > METRICS_WRAP_MAX_LINES) max_lines = METRICS_WRAP_MAX_LINES;
    const size_t len = strlen(utf8);
    metrics_lines *l = &out->lines;
    size_t rest = metrics_text_break(f, w, size, utf8, len, max_width, max_lines, l);
    bool more = !only_blank(utf8 + rest, len - rest);
    for (size_t k = 0; k < l->n; k++) {
        const metrics_line *ln = &l->v[k];
        if (k + 1 == l->n && more) {
            /* More text than lines: the last line runs on to its paragraph's
             * end, cut at a character, and ends with the ellipsis. */
            const char *s = utf8 + ln->off, *nl = memchr(s, '\n', len - ln->off);
            size_t stop = nl ? (size_t)(nl - s) : len - ln->off;
            double ell_w = metrics_text_width(f, w, size, ellipsis, sizeof ellipsis - 1);
            wrap_emit(out, s, metrics_text_prefix(f, w, size, s, stop, max_width - ell_w), true);
            out->truncated = true;
            break;
        }
        /* The line as measured (lines_push: the same bytes, trailing
         * spaces excluded). */
        out->line_width[out->count] = ln->width;
        wrap_emit(out, utf8 + ln->off, ln->len, false);
        out->broke_word |= ln->split;
    }
    if (out->truncated) {
        const char *line = out->text.data + out->line_off[out->count - 1];
        out->line_width[out->count - 1] = metrics_text_width(f, w, size, line, strlen(line));
    }
    for (size_t k = 0; k < out->count; k++)
        if (out->line_width[k] > out->width) out->width = out->line_width[k];
}

const char *metrics_wrap_line(const metrics_wrap *wr, size_t i)
{
    return wr->text.data + wr->line_off[i];
}

void metrics_wrap_free(metrics_wrap *wr)
{
    buf_free(&wr->text);
    metrics_lines_free(&wr->lines);
    wr->count = 0;
}
