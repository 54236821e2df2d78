/* pdf_font: TrueType subsetting for embedding (see pdf_font.h).
 *
 * The sfnt format: a table directory, then tables (OpenType spec, "TrueType
 * font file"). We read head, maxp, hhea, hmtx, loca, glyf and cmap, keep the
 * glyphs reachable from our code points, and write a font with the tables
 * libharu embeds: OS/2, cmap, cvt, fpgm, glyf, head, hhea, hmtx, loca, maxp,
 * name, post, prep. Glyph programs and the font's hinting tables are copied
 * unchanged; only glyph numbers change. */
#include "pdf_font.h"

#include <stdlib.h>
#include <string.h>

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void wr16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put16(buf *b, uint16_t v)
{
    unsigned char t[2];
    wr16(t, v);
    buf_append(b, (const char *)t, 2);
}

static void put32(buf *b, uint32_t v)
{
    unsigned char t[4];
    wr32(t, v);
    buf_append(b, (const char *)t, 4);
}

typedef struct table {
    const unsigned char *p;
    size_t len;
} table;

/* The table `tag`, bounds-checked; false when absent or out of range. */
static bool find_table(const unsigned char *d, size_t n, const char *tag, table *t)
{
    if (n < 12) return false;
    size_t k = rd16(d + 4);
    if (12 + 16 * k > n) return false;
    for (size_t i = 0; i < k; i++) {
        const unsigned char *e = d + 12 + 16 * i;
        if (memcmp(e, tag, 4) != 0) continue;
        size_t off = rd32(e + 8), len = rd32(e + 12);
        if (off > n || len > n - off) return false;
        *t = (table){d + off, len};
        return true;
    }
    return false;
}

static bool is_truetype(const unsigned char *d, size_t n)
{
    if (n < 12) return false;
    uint32_t v = rd32(d);
    return v == 0x00010000u || v == 0x74727565u /* 'true' */;
}

bool pdf_font_reduce_post(unsigned char *d, size_t n)
{
    if (!is_truetype(d, n)) return false;
    size_t k = rd16(d + 4);
    if (k == 0 || 12 + 16 * k > n) return false;
    for (size_t i = 0; i < k; i++) {
        unsigned char *e = d + 12 + 16 * i;
        uint32_t off = rd32(e + 8), len = rd32(e + 12);
        if (off > n || len > n - off) return false;
        if (memcmp(e, "post", 4) == 0 && len >= 32) {
            wr32(d + off, 0x00030000u);
            wr32(e + 12, 32);
        }
    }
    return true;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct cmap4 {
    const unsigned char *sub;
    size_t len, segs;
} cmap4;

/* The (3,1) format 4 subtable (Windows Unicode BMP). */
static bool cmap4_open(table cm, cmap4 *c)
{
    if (cm.len < 4) return false;
    size_t k = rd16(cm.p + 2);
    if (4 + 8 * k > cm.len) return false;
    for (size_t i = 0; i < k; i++) {
        const unsigned char *r = cm.p + 4 + 8 * i;
        size_t off = rd32(r + 4);
        if (rd16(r) != 3 || rd16(r + 2) != 1 || off > cm.len || cm.len - off < 14) continue;
        const unsigned char *sub = cm.p + off;
        size_t len = rd16(sub + 2), segs = rd16(sub + 6) / 2;
        if (rd16(sub) != 4 || len > cm.len - off || 16 + 8 * segs > len) continue;
        *c = (cmap4){sub, len, segs};
        return true;
    }
    return false;
}

static uint16_t cmap4_glyph(const cmap4 *c, uint32_t cp)
{
    if (cp > 0xFFFF) return 0;
    const unsigned char *end = c->sub + 14, *start = end + 2 * c->segs + 2,
                        *delta = start + 2 * c->segs, *range = delta + 2 * c->segs;
    for (size_t s = 0; s < c->segs; s++) {
        if (cp > rd16(end + 2 * s)) continue;
        uint16_t first = rd16(start + 2 * s);
        if (cp < first) return 0;
        uint16_t d = rd16(delta + 2 * s), ro = rd16(range + 2 * s);
        if (ro == 0) return (uint16_t)(cp + d);
        size_t at = (size_t)(range - c->sub) + 2 * s + ro + 2 * (cp - first);
        if (at + 2 > c->len) return 0;
        uint16_t g = rd16(c->sub + at);
        return g ? (uint16_t)(g + d) : 0;
    }
    return 0;
}

typedef struct font {
    table head, maxp, hhea, hmtx, loca, glyf;
    size_t n_glyphs, n_hmetrics;
    bool long_loca;
} font;

/* Bytes of glyph g (empty for a blank glyph); false when out of range. */
static bool glyph_bytes(const font *f, size_t g, table *out)
{
    size_t a, b;
    if (f->long_loca) {
        a = rd32(f->loca.p + 4 * g);
        b = rd32(f->loca.p + 4 * g + 4);
    } else {
        a = 2 * (size_t)rd16(f->loca.p + 2 * g);
        b = 2 * (size_t)rd16(f->loca.p + 2 * g + 2);
    }
    if (a > b || b > f->glyf.len) return false;
    *out = (table){f->glyf.p + a, b - a};
    return true;
}

/* Composite glyph flags (glyf table). */
#define ARG_WORDS 0x0001
#define HAVE_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define HAVE_XY_SCALE 0x0040
#define HAVE_2X2 0x0080

/* Offsets of the component glyph indices of a composite glyph, or 0 of
 * them for a simple one. Returns false when the glyph is malformed. */
static bool components(table g, size_t *at, size_t max, size_t *count)
{
    *count = 0;
    if (g.len == 0) return true;
    if (g.len < 10) return false;
    if ((int16_t)rd16(g.p) >= 0) return true;
    size_t p = 10;
    for (;;) {
        if (p + 4 > g.len || *count == max) return false;
        uint16_t flags = rd16(g.p + p);
        at[(*count)++] = p + 2;
        p += 4 + ((flags & ARG_WORDS) ? 4 : 2);
        if (flags & HAVE_SCALE) p += 2;
        else if (flags & HAVE_XY_SCALE) p += 4;
        else if (flags & HAVE_2X2) p += 8;
        if (!(flags & MORE_COMPONENTS)) break;
    }
    return p <= g.len;
}

#define MAX_COMPONENTS 64

static bool font_open(const unsigned char *d, size_t n, font *f)
{
    if (!is_truetype(d, n)) return false;
    if (!find_table(d, n, "head", &f->head) || !find_table(d, n, "maxp", &f->maxp) ||
        !find_table(d, n, "hhea", &f->hhea) || !find_table(d, n, "hmtx", &f->hmtx) ||
        !find_table(d, n, "loca", &f->loca) || !find_table(d, n, "glyf", &f->glyf))
        return false;
    if (f->head.len < 54 || f->maxp.len < 6 || f->hhea.len < 36) return false;
    f->n_glyphs = rd16(f->maxp.p + 4);
    f->n_hmetrics = rd16(f->hhea.p + 34);
    f->long_loca = rd16(f->head.p + 50) == 1;
    if (f->n_glyphs == 0 || f->n_hmetrics == 0 || f->n_hmetrics > f->n_glyphs) return false;
    if (f->loca.len < (f->n_glyphs + 1) * (f->long_loca ? 4 : 2)) return false;
    if (f->hmtx.len < 4 * f->n_hmetrics + 2 * (f->n_glyphs - f->n_hmetrics)) return false;
    return true;
}

/* ---- writing ------------------------------------------------------------ */

typedef struct out_table {
    char tag[4];
    buf data;
} out_table;

static uint32_t checksum(const buf *b)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < b->len; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, b->data + i, b->len - i < 4 ? b->len - i : 4);
        sum += rd32(w);
    }
    return sum;
}

static int tag_cmp(const void *a, const void *b)
{
    return memcmp(((const out_table *)a)->tag, ((const out_table *)b)->tag, 4);
}

static unsigned floor_log2(unsigned v)
{
    unsigned r = 0;
    while (v >>= 1) r++;
    return r;
}

/* A (3,1) format 4 cmap for the sorted, distinct (cp, glyph) pairs. */
static void cmap_write(buf *b, const uint32_t *cp, const uint16_t *gid, size_t n)
{
    /* Segments: runs of consecutive code points with consecutive glyphs. */
    uint16_t *s_start = xcalloc(n + 1, sizeof *s_start), *s_end = xcalloc(n + 1, sizeof *s_end);
    uint16_t *s_delta = xcalloc(n + 1, sizeof *s_delta);
    size_t segs = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t delta = (uint16_t)(gid[i] - cp[i]);
        if (segs && s_end[segs - 1] + 1u == cp[i] && s_delta[segs - 1] == delta) {
            s_end[segs - 1] = (uint16_t)cp[i];
            continue;
        }
        s_start[segs] = s_end[segs] = (uint16_t)cp[i];
        s_delta[segs++] = delta;
    }
    s_start[segs] = s_end[segs] = 0xFFFF; /* the required last segment */
    s_delta[segs++] = 1;
    unsigned search = 2u << floor_log2((unsigned)segs);
    put16(b, 0); /* cmap version */
    put16(b, 1); /* one subtable */
    put16(b, 3);
    put16(b, 1);
    put32(b, 12);
    put16(b, 4);
    put16(b, (uint16_t)(16 + 8 * segs));
    put16(b, 0);
    put16(b, (uint16_t)(2 * segs));
    put16(b, (uint16_t)search);
    put16(b, (uint16_t)floor_log2(search / 2));
    put16(b, (uint16_t)(2 * segs - search));
    for (size_t i = 0; i < segs; i++) put16(b, s_end[i]);
    put16(b, 0);
    for (size_t i = 0; i < segs; i++) put16(b, s_start[i]);
    for (size_t i = 0; i < segs; i++) put16(b, s_delta[i]);
    for (size_t i = 0; i < segs; i++) put16(b, 0);
    free(s_start);
    free(s_end);
    free(s_delta);
}

typedef struct pair {
    uint32_t cp;
    uint16_t gid;
} pair;

static int pair_cmp(const void *a, const void *b)
{
    uint32_t x = ((const pair *)a)->cp, y = ((const pair *)b)->cp;
    return x < y ? -1 : x > y;
}

bool pdf_font_subset(const unsigned char *ttf, size_t len, const uint32_t *cps, size_t n_cps,
                     buf *out)
{
    buf_clear(out);
    font f;
    table cm;
    cmap4 c;
    if (!font_open(ttf, len, &f) || !find_table(ttf, len, "cmap", &cm) || !cmap4_open(cm, &c))
        return false;

    /* Which glyphs: .notdef, the code points' glyphs, their components. */
    size_t ng = f.n_glyphs;
    unsigned char *keep = xcalloc(ng, 1);
    size_t *stack = xcalloc(ng, sizeof *stack), top = 0;
    pair *pairs = xcalloc(n_cps ? n_cps : 1, sizeof *pairs);
    size_t n_pairs = 0;
    bool ok = true;
    keep[0] = 1;
    stack[top++] = 0;
    for (size_t i = 0; i < n_cps; i++) {
        uint16_t g = cmap4_glyph(&c, cps[i]);
        if (g == 0 || g >= ng) continue;
        pairs[n_pairs++] = (pair){cps[i], g};
        if (!keep[g]) {
            keep[g] = 1;
            stack[top++] = g;
        }
    }
    while (ok && top > 0) {
        size_t g = stack[--top], at[MAX_COMPONENTS], k;
        table gb;
        ok = glyph_bytes(&f, g, &gb) && components(gb, at, MAX_COMPONENTS, &k);
        for (size_t i = 0; ok && i < k; i++) {
            size_t cg = rd16(gb.p + at[i]);
            if (cg >= ng) ok = false;
            else if (!keep[cg]) {
                keep[cg] = 1;
                stack[top++] = cg;
            }
        }
    }
    uint16_t *new_id = xcalloc(ng, sizeof *new_id);
    size_t n_new = 0;
    for (size_t g = 0; g < ng; g++)
        if (keep[g]) new_id[g] = (uint16_t)n_new++;

    out_table t[13];
    size_t nt = 0;
    memset(t, 0, sizeof t);
    buf *glyf = NULL, *loca = NULL;
    if (ok) {
        /* glyf and loca (long offsets), components renumbered. */
        memcpy(t[nt].tag, "glyf", 4);
        glyf = &t[nt++].data;
        memcpy(t[nt].tag, "loca", 4);
        loca = &t[nt++].data;
        for (size_t g = 0; ok && g < ng; g++) {
            if (!keep[g]) continue;
            put32(loca, (uint32_t)glyf->len);
            table gb;
            size_t at[MAX_COMPONENTS], k;
            ok = glyph_bytes(&f, g, &gb) && components(gb, at, MAX_COMPONENTS, &k);
            if (!ok) break;
            size_t base = glyf->len;
            buf_append(glyf, (const char *)gb.p, gb.len);
            for (size_t i = 0; i < k; i++) {
                unsigned char *p = (unsigned char *)glyf->data + base + at[i];
                wr16(p, new_id[rd16(p)]);
            }
            while (glyf->len % 4) buf_putc(glyf, 0);
        }
        put32(loca, (uint32_t)glyf->len);
    }
    if (ok) {
        /* hmtx: a full metric per kept glyph. */
        memcpy(t[nt].tag, "hmtx", 4);
        buf *hm = &t[nt++].data;
        for (size_t g = 0; g < ng; g++) {
            if (!keep[g]) continue;
            size_t last = f.n_hmetrics - 1;
            uint16_t adv = rd16(f.hmtx.p + 4 * (g < f.n_hmetrics ? g : last));
            uint16_t lsb = g < f.n_hmetrics ? rd16(f.hmtx.p + 4 * g + 2)
                                            : rd16(f.hmtx.p + 4 * f.n_hmetrics + 2 * (g - f.n_hmetrics));
            put16(hm, adv);
            put16(hm, lsb);
        }
        /* head, hhea, maxp with the new counts and long loca. */
        memcpy(t[nt].tag, "head", 4);
        buf_append(&t[nt].data, (const char *)f.head.p, f.head.len);
        wr32((unsigned char *)t[nt].data.data + 8, 0); /* checkSumAdjustment: libharu sets it */
        wr16((unsigned char *)t[nt].data.data + 50, 1);
        nt++;
        memcpy(t[nt].tag, "hhea", 4);
        buf_append(&t[nt].data, (const char *)f.hhea.p, f.hhea.len);
        wr16((unsigned char *)t[nt].data.data + 34, (uint16_t)n_new);
        nt++;
        memcpy(t[nt].tag, "maxp", 4);
        buf_append(&t[nt].data, (const char *)f.maxp.p, f.maxp.len);
        wr16((unsigned char *)t[nt].data.data + 4, (uint16_t)n_new);
        nt++;
        /* post: format 3, no glyph names. */
        table post;
        memcpy(t[nt].tag, "post", 4);
        unsigned char p3[32] = {0};
        if (find_table(ttf, len, "post", &post) && post.len >= 32) memcpy(p3, post.p, 32);
        wr32(p3, 0x00030000u);
        buf_append(&t[nt++].data, (const char *)p3, 32);
        /* cmap: our code points only. */
        for (size_t i = 0; i < n_pairs; i++) pairs[i].gid = new_id[pairs[i].gid];
        qsort(pairs, n_pairs, sizeof *pairs, pair_cmp);
        uint32_t *pc = xcalloc(n_pairs + 1, sizeof *pc);
        uint16_t *pg = xcalloc(n_pairs + 1, sizeof *pg);
        size_t np = 0;
        for (size_t i = 0; i < n_pairs; i++) {
            if (np && pc[np - 1] == pairs[i].cp) continue;
            pc[np] = pairs[i].cp;
            pg[np++] = pairs[i].gid;
        }
        memcpy(t[nt].tag, "cmap", 4);
        cmap_write(&t[nt++].data, pc, pg, np);
        free(pc);
        free(pg);
        /* Copied unchanged when present. */
        static const char *const copy[] = {"OS/2", "name", "cvt ", "fpgm", "prep"};
        for (size_t i = 0; i < sizeof copy / sizeof copy[0]; i++) {
            table tb;
            if (!find_table(ttf, len, copy[i], &tb)) continue;
            memcpy(t[nt].tag, copy[i], 4);
            buf_append(&t[nt++].data, (const char *)tb.p, tb.len);
        }
    }
    if (ok) {
        qsort(t, nt, sizeof *t, tag_cmp);
        unsigned search = 16u << floor_log2((unsigned)nt);
        put32(out, 0x00010000u);
        put16(out, (uint16_t)nt);
        put16(out, (uint16_t)search);
        put16(out, (uint16_t)floor_log2(search / 16));
        put16(out, (uint16_t)(16 * nt - search));
        size_t off = 12 + 16 * nt;
        for (size_t i = 0; i < nt; i++) {
            buf_append(out, t[i].tag, 4);
            put32(out, checksum(&t[i].data));
            put32(out, (uint32_t)off);
            put32(out, (uint32_t)t[i].data.len);
            off += (t[i].data.len + 3) & ~(size_t)3;
        }
        for (size_t i = 0; i < nt; i++) {
            buf_append(out, t[i].data.data ? t[i].data.data : "", t[i].data.len);
            while (out->len % 4) buf_putc(out, 0);
        }
    }
    for (size_t i = 0; i < nt; i++) buf_free(&t[i].data);
    free(keep);
    free(stack);
    free(pairs);
    free(new_id);
    if (!ok) buf_clear(out);
    return ok;
}
