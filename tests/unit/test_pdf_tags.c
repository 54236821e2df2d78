/* Tests of the tagged PDFs (pdf_tags, pdf_pack): briefings of a Land (13),
 * a Kreis (13003), a Gemeinde and its Kreis (a synthetic dataset from
 * `digindex sample --gemeinden`) and the Gesamtbericht are rendered, read
 * back with `qpdf --json` (qpdf is a test dependency, .ci/deps) and checked
 * against the machine-checkable parts of PDF/UA (Matterhorn protocol):
 *
 *  - catalog: /MarkInfo /Marked true, /StructTreeRoot with /ParentTree,
 *    /Lang de-DE, /ViewerPreferences /DisplayDocTitle true, a /Title;
 *    every page /StructParents and /Tabs /S;
 *  - content streams: every BT … ET and text-showing operator inside marked
 *    content (an MCID or an /Artifact), sequences balanced and not nested;
 *    every MCID belongs to exactly one element, and the parent tree says so;
 *  - the tree: headings H1–H3 equal the bookmarks, lists L/LI/LBody, tables
 *    Table/TR/TH(+Scope)/TD with rows of equal width, figures with /Alt and
 *    /BBox, links with an OBJR whose annotation has /Contents and the right
 *    /StructParent, page furniture only in artifacts;
 *  - reading order: the children of every element come top to bottom (a new
 *    column or page may start over), so structure order = visual order.
 *
 * DIGINDEX_TAGS_DUMP=DIR writes each document's structure as text
 * (role, then its text or /Alt) into DIR, as docs/accessibility.md shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pdf_doc.h"
#include "pdf_pack.h"
#include "pdf_tags.h"
#include "pipeline.h"
#include "render_pdf.h"
#include "view.h"
#include "wording.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    pipeline data, gem;
    diag d;
    wording *w;
    metrics_fonts *fonts;
    pdf_renderer *r;
    geo_map *map;
    char dir[64];
} fixture;

static fixture *fx;

static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int setup(void **state)
{
    (void)state;
    fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/digindex-tags-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    pipeline_run(&fx->data, "data", &fx->d);
    /* A small dataset with Gemeinden (the bundled data has none). */
    const char *bin = getenv("DIGINDEX");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' sample --gemeinden 400 --out '%s/gem' >/dev/null 2>&1",
             bin && *bin ? bin : "./digindex", fx->dir);
    if (system(cmd) != 0) return -1;
    snprintf(cmd, sizeof cmd, "%s/gem", fx->dir);
    pipeline_run(&fx->gem, cmd, &fx->d);
    fx->w = wording_load("templates", &fx->d);
    fx->fonts = metrics_fonts_load(METRICS_FONT_REGULAR, METRICS_FONT_BOLD, &fx->d);
    fx->r = fx->fonts ? pdf_renderer_new(fx->fonts, &fx->d) : NULL;
    fx->map = geo_map_load("data/map-laender.json", &fx->d);
    if (fx->r) pdf_renderer_set_map(fx->r, fx->map);
    return fx->data.sc && fx->gem.sc && fx->w && fx->r ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0) return -1;
    pdf_renderer_free(fx->r);
    metrics_fonts_free(fx->fonts);
    geo_map_free(fx->map);
    wording_free(fx->w);
    pipeline_free(&fx->data);
    pipeline_free(&fx->gem);
    diag_free(&fx->d);
    free(fx);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static char *run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_append(&b, chunk, n);
    int rc = pclose(p);
    if (rc != 0) fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
    assert_int_equal(rc, 0);
    return buf_detach(&b);
}

static char *save(const buf *pdf, const char *name)
{
    char *path = xasprintf("%s/%s", fx->dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
    fclose(f);
    return path;
}

static const view_briefing *briefing(pipeline *p, const char *ags)
{
    size_t ri = dataset_find_region(p->ds, ags);
    assert_true(ri != SIZE_MAX);
    const region *rg = &p->ds->regions[ri];
    const view_briefing *v = view_briefing_build(&(view_input){p->ds, p->sc, 2025, -1, fx->w, NULL, {{0}}},
                                                  rg->level, rg->row, &fx->d);
    assert_non_null(v);
    return v;
}

static void flunk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void flunk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fail();
}

/* ---- the document as qpdf reads it --------------------------------------------- */

typedef struct mc {
    buf text;
    double top, x; /* highest baseline and its x; NAN = no text */
    int owners;    /* elements that claim this MCID */
} mc;

typedef struct page {
    const char *ref; /* "9 0 R" */
    int key;         /* /StructParents */
    mc *mcs;
    size_t n_mcs;
} page;

/* One structure element, in tree (pre-)order. */
typedef struct snode {
    const char *ref;
    char role[16];
    int depth;
    size_t parent; /* SIZE_MAX for the Document */
    json_t *dict;
    buf text; /* its own marked content, in /K order */
    int page; /* of its first content (own or a descendant's); -1 = none */
    double top, x;
    size_t n_objr;
} snode;

typedef struct doc {
    json_t *json, *objs;
    page *pages;
    size_t n_pages;
    snode *nodes;
    size_t n_nodes, cap_nodes;
    uint32_t cp_of_byte[256]; /* our single-byte encoding, back to Unicode */
} doc;

static json_t *obj(const doc *d, const char *ref)
{
    char key[48];
    snprintf(key, sizeof key, "obj:%s", ref);
    json_t *o = json_object_get(d->objs, key);
    if (!o) return NULL;
    json_t *v = json_object_get(o, "value");
    return v ? v : json_object_get(o, "stream");
}

static bool is_ref(json_t *v)
{
    const char *s = json_string_value(v);
    size_t n = s ? strlen(s) : 0;
    return n > 4 && strcmp(s + n - 4, " 0 R") == 0 && s[0] >= '0' && s[0] <= '9';
}

/* Follows a reference; other values come back as they are. */
static json_t *deref(const doc *d, json_t *v)
{
    return is_ref(v) ? obj(d, json_string_value(v)) : v;
}

static json_t *get(const doc *d, json_t *dict, const char *key)
{
    return deref(d, json_object_get(dict, key));
}

static const char *name_of(json_t *v)
{
    const char *s = json_string_value(v);
    return s && s[0] == '/' ? s + 1 : "";
}

/* qpdf writes text strings as "u:<utf-8>". */
static const char *text_of(json_t *v)
{
    const char *s = json_string_value(v);
    return s && strncmp(s, "u:", 2) == 0 ? s + 2 : NULL;
}

static int page_index(const doc *d, const char *ref)
{
    for (size_t i = 0; ref && i < d->n_pages; i++)
        if (strcmp(d->pages[i].ref, ref) == 0) return (int)i;
    return -1;
}

static size_t b64_decode(const char *s, unsigned char *out)
{
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (; *s; s++) {
        int v = *s >= 'A' && *s <= 'Z'   ? *s - 'A'
                : *s >= 'a' && *s <= 'z' ? *s - 'a' + 26
                : *s >= '0' && *s <= '9' ? *s - '0' + 52
                : *s == '+'              ? 62
                : *s == '/'              ? 63
                                         : -1;
        if (v < 0) continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    return n;
}

static void put_utf8(buf *b, uint32_t cp)
{
    if (cp < 0x80) {
        buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        buf_putc(b, (char)(0xC0 | cp >> 6));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        buf_putc(b, (char)(0xE0 | cp >> 12));
        buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

/* ---- content streams ------------------------------------------------------------ */

typedef struct lexer {
    const unsigned char *s, *end;
} lexer;

typedef enum tok_kind { T_EOF, T_NUM, T_NAME, T_STR, T_OP, T_OPEN, T_CLOSE } tok_kind;

typedef struct tok {
    tok_kind k;
    buf v; /* name without '/', string bytes, operator */
    double num;
} tok;

static bool delim(unsigned char c)
{
    return strchr("()<>[]{}/%", c) != NULL || c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
           c == '\f' || c == 0;
}

static void lex(lexer *L, tok *t)
{
    buf_clear(&t->v);
    for (;;) {
        while (L->s < L->end && strchr(" \n\r\t\f", *L->s) && *L->s) L->s++;
        if (L->s < L->end && *L->s == '%') {
            while (L->s < L->end && *L->s != '\n') L->s++;
            continue;
        }
        break;
    }
    if (L->s >= L->end) {
        t->k = T_EOF;
        return;
    }
    unsigned char c = *L->s;
    if (c == '(') {
        int depth = 1;
        L->s++;
        while (L->s < L->end && depth > 0) {
            unsigned char ch = *L->s++;
            if (ch == '\\' && L->s < L->end) {
                unsigned char e = *L->s++;
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int k = 0; k < 2 && L->s < L->end && *L->s >= '0' && *L->s <= '7'; k++)
                        v = v * 8 + (*L->s++ - '0');
                    buf_putc(&t->v, (char)v);
                } else {
                    const char *from = "nrtbf", *to = "\n\r\t\b\f";
                    const char *p = strchr(from, e);
                    if (e == '\n' || e == '\r') continue;
                    buf_putc(&t->v, p ? to[p - from] : (char)e);
                }
                continue;
            }
            if (ch == '(') depth++;
            if (ch == ')' && --depth == 0) break;
            buf_putc(&t->v, (char)ch);
        }
        t->k = T_STR;
    } else if (c == '<' && L->s + 1 < L->end && L->s[1] == '<') {
        L->s += 2;
        t->k = T_OPEN;
    } else if (c == '>' && L->s + 1 < L->end && L->s[1] == '>') {
        L->s += 2;
        t->k = T_CLOSE;
    } else if (c == '<') {
        L->s++;
        int hi = -1;
        while (L->s < L->end && *L->s != '>') {
            unsigned char h = *L->s++;
            int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (v < 0) continue;
            if (hi < 0) {
                hi = v;
            } else {
                buf_putc(&t->v, (char)(hi * 16 + v));
                hi = -1;
            }
        }
        if (hi >= 0) buf_putc(&t->v, (char)(hi * 16));
        L->s++;
        t->k = T_STR;
    } else if (c == '[' || c == ']') {
        L->s++;
        t->k = c == '[' ? T_OPEN : T_CLOSE;
    } else if (c == '/') {
        L->s++;
        while (L->s < L->end && !delim(*L->s)) buf_putc(&t->v, (char)*L->s++);
        t->k = T_NAME;
    } else {
        while (L->s < L->end && !delim(*L->s)) buf_putc(&t->v, (char)*L->s++);
        if (t->v.len == 0) {
            L->s++; /* a stray delimiter */
            t->k = T_OP;
            return;
        }
        char *e;
        t->num = strtod(buf_cstr(&t->v), &e);
        t->k = *e == '\0' && (isdigit((unsigned char)t->v.data[0]) || strchr("+-.", t->v.data[0]))
                   ? T_NUM
                   : T_OP;
    }
}

static mc *page_mc(page *p, size_t mcid)
{
    if (mcid >= p->n_mcs) {
        p->mcs = xrealloc(p->mcs, (mcid + 1) * sizeof *p->mcs);
        for (size_t i = p->n_mcs; i <= mcid; i++)
            p->mcs[i] = (mc){BUF_INIT, NAN, NAN, -1};
        p->n_mcs = mcid + 1;
    }
    return &p->mcs[mcid];
}

/* Reads one page's content: where each MCID's text is, and that no text is
 * outside marked content. */
static void parse_content(doc *d, size_t pi, const unsigned char *s, size_t n)
{
    page *p = &d->pages[pi];
    lexer L = {s, s + n};
    tok t = {T_EOF, BUF_INIT, 0};
    double nums[8];
    size_t n_nums = 0;
    char last_name[32] = "";
    long mcid_arg = -1;
    int dict_depth = 0;
    bool want_mcid = false;
    /* Marked-content stack: -2 artifact, -3 other, >= 0 an MCID. */
    long stack[16];
    int depth = 0;
    bool in_text = false;
    double tx = NAN, ty = NAN;
    for (;;) {
        lex(&L, &t);
        if (t.k == T_EOF) break;
        if (t.k == T_NUM) {
            if (want_mcid) mcid_arg = lround(t.num);
            want_mcid = false;
            if (n_nums < 8) nums[n_nums++] = t.num;
            continue;
        }
        if (t.k == T_NAME) {
            if (dict_depth > 0 && strcmp(buf_cstr(&t.v), "MCID") == 0) want_mcid = true;
            if (dict_depth == 0) snprintf(last_name, sizeof last_name, "%s", buf_cstr(&t.v));
            continue;
        }
        if (t.k == T_OPEN || t.k == T_CLOSE) {
            dict_depth += t.k == T_OPEN ? 1 : -1;
            continue;
        }
        if (t.k == T_STR) {
            if (dict_depth == 0 && in_text) {
                /* A text-showing operand: record it for the open MCID. */
                if (depth == 0) flunk("page %zu: text outside marked content", pi + 1);
                long top = depth ? stack[depth - 1] : -3;
                if (top >= 0) {
                    mc *m = page_mc(p, (size_t)top);
                    if (m->text.len && m->text.data[m->text.len - 1] != ' ') buf_putc(&m->text, ' ');
                    for (size_t i = 0; i < t.v.len; i++)
                        put_utf8(&m->text, d->cp_of_byte[(unsigned char)t.v.data[i]]);
                    if (isnan(m->top) || ty > m->top) {
                        m->top = ty;
                        m->x = tx;
                    }
                }
            }
            continue;
        }
        const char *op = buf_cstr(&t.v);
        if (strcmp(op, "BDC") == 0 || strcmp(op, "BMC") == 0) {
            bool artifact = strcmp(last_name, "Artifact") == 0;
            if (depth > 0) flunk("page %zu: nested marked content (%s)", pi + 1, last_name);
            if (in_text) flunk("page %zu: marked content begins inside BT … ET", pi + 1);
            assert_true(depth < 16);
            stack[depth++] = artifact ? -2 : mcid_arg >= 0 ? mcid_arg : -3;
            if (!artifact && mcid_arg < 0) flunk("page %zu: /%s without MCID", pi + 1, last_name);
            if (mcid_arg >= 0) {
                mc *m = page_mc(p, (size_t)mcid_arg);
                if (m->owners != -1) flunk("page %zu: MCID %ld used twice", pi + 1, mcid_arg);
                m->owners = 0;
            }
            mcid_arg = -1;
        } else if (strcmp(op, "EMC") == 0) {
            if (depth == 0) flunk("page %zu: EMC without BDC", pi + 1);
            if (in_text) flunk("page %zu: EMC inside BT … ET", pi + 1);
            depth--;
        } else if (strcmp(op, "BT") == 0) {
            if (depth == 0) flunk("page %zu: BT outside marked content", pi + 1);
            in_text = true;
        } else if (strcmp(op, "ET") == 0) {
            in_text = false;
        } else if (strcmp(op, "Td") == 0 && n_nums >= 2) {
            tx = nums[n_nums - 2];
            ty = nums[n_nums - 1];
        } else if (strcmp(op, "Tm") == 0 && n_nums >= 6) {
            tx = nums[n_nums - 2];
            ty = nums[n_nums - 1];
        }
        n_nums = 0;
        want_mcid = false;
    }
    if (depth != 0) flunk("page %zu: %d marked-content sequences left open", pi + 1, depth);
    buf_free(&t.v);
}

/* ---- the structure tree ---------------------------------------------------------- */

static void add_text(buf *b, const buf *t)
{
    if (!t->len) return;
    if (b->len) buf_putc(b, ' ');
    buf_append(b, t->data, t->len);
}

static void note_pos(doc *d, size_t ni, int pg, double top, double x)
{
    /* The element and its ancestors start at their first content. */
    for (size_t i = ni; i != SIZE_MAX; i = d->nodes[i].parent) {
        snode *n = &d->nodes[i];
        if (n->page >= 0) break;
        n->page = pg;
        n->top = top;
        n->x = x;
    }
}

static void walk(doc *d, const char *ref, size_t parent, int depth);

static void kid(doc *d, size_t ni, json_t *k, const char *pg_ref)
{
    if (json_is_integer(k)) {
        int pg = page_index(d, pg_ref);
        if (pg < 0) flunk("%s: MCID without /Pg", d->nodes[ni].role);
        page *p = &d->pages[pg];
        size_t mcid = (size_t)json_integer_value(k);
        mc *m = page_mc(p, mcid);
        m->owners = m->owners < 0 ? 1 : m->owners + 1;
        add_text(&d->nodes[ni].text, &m->text);
        double top = m->top, x = m->x;
        if (strcmp(d->nodes[ni].role, "Figure") == 0) {
            json_t *bb = json_object_get(json_object_get(d->nodes[ni].dict, "/A"), "/BBox");
            top = json_number_value(json_array_get(bb, 3));
            x = json_number_value(json_array_get(bb, 0));
        }
        if (!isnan(top)) note_pos(d, ni, pg, top, x);
        return;
    }
    if (is_ref(k)) {
        walk(d, json_string_value(k), ni, d->nodes[ni].depth + 1);
        return;
    }
    const char *type = name_of(json_object_get(k, "/Type"));
    if (strcmp(type, "MCR") == 0) {
        kid(d, ni, json_object_get(k, "/MCID"), json_string_value(json_object_get(k, "/Pg")));
    } else if (strcmp(type, "OBJR") == 0) {
        d->nodes[ni].n_objr++;
    } else {
        flunk("%s: unexpected kid", d->nodes[ni].role);
    }
}

static void walk(doc *d, const char *ref, size_t parent, int depth)
{
    json_t *e = obj(d, ref);
    assert_non_null(e);
    if (d->n_nodes == d->cap_nodes) {
        d->cap_nodes = d->cap_nodes ? 2 * d->cap_nodes : 256;
        d->nodes = xrealloc(d->nodes, d->cap_nodes * sizeof *d->nodes);
    }
    size_t ni = d->n_nodes++;
    snode *n = &d->nodes[ni];
    memset(n, 0, sizeof *n);
    n->ref = ref;
    snprintf(n->role, sizeof n->role, "%s", name_of(json_object_get(e, "/S")));
    n->depth = depth;
    n->parent = parent;
    n->dict = e;
    n->page = -1;
    n->top = n->x = NAN;
    if (parent != SIZE_MAX &&
        strcmp(json_string_value(json_object_get(e, "/P")), d->nodes[parent].ref) != 0)
        flunk("%s %s: /P is not its parent", n->role, ref);
    const char *pg = json_string_value(json_object_get(e, "/Pg"));
    json_t *k = json_object_get(e, "/K");
    if (json_is_array(k)) {
        size_t i;
        json_t *v;
        json_array_foreach(k, i, v) kid(d, ni, v, pg);
    } else if (k) {
        kid(d, ni, k, pg);
    }
}

static doc *doc_load(const char *path)
{
    doc *d = xcalloc(1, sizeof *d);
    char *js = run("qpdf --json=2 --json-stream-data=inline --decode-level=generalized '%s'", path);
    json_error_t err;
    d->json = json_loads(js, 0, &err);
    free(js);
    assert_non_null(d->json);
    d->objs = json_array_get(json_object_get(d->json, "qpdf"), 1);
    assert_non_null(d->objs);
    /* Our encoding back to Unicode: what pdf_doc_encode makes of each code point. */
    pdf_doc enc;
    memset(&enc, 0, sizeof enc);
    uint32_t cps[PDF_DOC_MAX_CODE_POINTS];
    size_t ncp = pdf_doc_code_points(cps, PDF_DOC_MAX_CODE_POINTS);
    for (size_t i = 0; i < 256; i++) d->cp_of_byte[i] = i < 0x80 ? (uint32_t)i : 0xFFFD;
    for (size_t i = 0; i < ncp; i++) {
        buf u = BUF_INIT;
        put_utf8(&u, cps[i]);
        const char *e = pdf_doc_encode(&enc, u.data, u.len);
        if (strlen(e) == 1) d->cp_of_byte[(unsigned char)e[0]] = cps[i];
        buf_free(&u);
    }
    buf_free(&enc.text);
    /* Pages and their content. */
    json_t *pages = json_object_get(d->json, "pages");
    d->n_pages = json_array_size(pages);
    d->pages = xcalloc(d->n_pages, sizeof *d->pages);
    for (size_t i = 0; i < d->n_pages; i++) {
        json_t *pj = json_array_get(pages, i);
        page *p = &d->pages[i];
        p->ref = json_string_value(json_object_get(pj, "object"));
        json_t *pd = obj(d, p->ref);
        json_t *sp = json_object_get(pd, "/StructParents");
        if (!json_is_integer(sp)) flunk("page %zu: no /StructParents", i + 1);
        p->key = (int)json_integer_value(sp);
        if (strcmp(name_of(json_object_get(pd, "/Tabs")), "S") != 0)
            flunk("page %zu: /Tabs is not /S", i + 1);
        /* A page's content streams (/Contents may be an array: the charts'
         * layers are streams of their own) count as one stream for marked
         * content (ISO 32000-1, 14.6, note 4): parsed as their concatenation,
         * with white space between. */
        size_t ci;
        json_t *c;
        buf all = BUF_INIT;
        json_array_foreach(json_object_get(pj, "contents"), ci, c)
        {
            json_t *st = obj(d, json_string_value(c));
            const char *data = json_string_value(json_object_get(st, "data"));
            assert_non_null(data);
            unsigned char *raw = xcalloc(strlen(data) + 1, 1);
            size_t n = b64_decode(data, raw);
            buf_append(&all, (const char *)raw, n);
            buf_putc(&all, '\n');
            free(raw);
        }
        parse_content(d, i, (const unsigned char *)all.data, all.len);
        buf_free(&all);
    }
    return d;
}

static void doc_free(doc *d)
{
    for (size_t i = 0; i < d->n_pages; i++) {
        for (size_t k = 0; k < d->pages[i].n_mcs; k++) buf_free(&d->pages[i].mcs[k].text);
        free(d->pages[i].mcs);
    }
    for (size_t i = 0; i < d->n_nodes; i++) buf_free(&d->nodes[i].text);
    free(d->pages);
    free(d->nodes);
    json_decref(d->json);
    free(d);
}

static const char *node_text(const snode *n)
{
    const char *alt = text_of(json_object_get(n->dict, "/Alt"));
    return alt ? alt : buf_cstr(&n->text);
}

/* The whole text under snode i (its own and its descendants'), in order. */
static void subtree_text(const doc *d, size_t i, buf *out)
{
    const snode *n = &d->nodes[i];
    const char *t = node_text(n);
    if (*t) {
        if (out->len) buf_putc(out, ' ');
        buf_puts(out, t);
    }
    for (size_t k = i + 1; k < d->n_nodes && d->nodes[k].depth > n->depth; k++)
        if (d->nodes[k].parent == i) subtree_text(d, k, out);
}

static void dump(const doc *d, const char *name)
{
    const char *dir = getenv("DIGINDEX_TAGS_DUMP");
    if (!dir || !*dir) return;
    char *path = xasprintf("%s/%s.txt", dir, name);
    FILE *f = fopen(path, "w");
    free(path);
    if (!f) return;
    for (size_t i = 0; i < d->n_nodes; i++) {
        const snode *n = &d->nodes[i];
        fprintf(f, "%*s%s", 2 * n->depth, "", n->role);
        const char *t = node_text(n);
        if (*t) fprintf(f, " %s%s", text_of(json_object_get(n->dict, "/Alt")) ? "[Alt] " : "", t);
        fprintf(f, "  (p.%d)\n", n->page + 1);
    }
    fclose(f);
}

/* Squeezes out spaces, so a wrapped heading compares with its bookmark. */
static char *squeeze(const char *s)
{
    buf b = BUF_INIT;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n') buf_putc(&b, *s);
    buf_putc(&b, '\0');
    return buf_detach(&b);
}

static void collect_outlines(json_t *list, buf *out)
{
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o)
    {
        char *t = squeeze(json_string_value(json_object_get(o, "title")));
        buf_puts(out, t);
        buf_putc(out, '|');
        free(t);
        collect_outlines(json_object_get(o, "kids"), out);
    }
}

static size_t kids_of(const doc *d, size_t i, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t k = i + 1; k < d->n_nodes && d->nodes[k].depth > d->nodes[i].depth; k++)
        if (d->nodes[k].parent == i && n < max) out[n++] = k;
    return n;
}

static bool role_is(const snode *n, const char *r)
{
    return strcmp(n->role, r) == 0;
}

/* ---- the checks -------------------------------------------------------------------- */

static void check_catalog(doc *d)
{
    json_t *trailer = json_object_get(json_object_get(d->objs, "trailer"), "value");
    json_t *cat = get(d, trailer, "/Root");
    json_t *info = get(d, trailer, "/Info");
    assert_non_null(cat);
    assert_true(json_is_true(json_object_get(get(d, cat, "/MarkInfo"), "/Marked")));
    assert_string_equal(text_of(json_object_get(cat, "/Lang")), "de-DE");
    assert_true(json_is_true(json_object_get(get(d, cat, "/ViewerPreferences"), "/DisplayDocTitle")));
    const char *title = text_of(json_object_get(info, "/Title"));
    assert_non_null(title);
    assert_true(strlen(title) > 5);
    /* XMP: the PDF/UA identifier and the same title. */
    json_t *md = get(d, cat, "/Metadata");
    assert_string_equal(name_of(json_object_get(json_object_get(md, "dict"), "/Subtype")), "XML");
    const char *b64 = json_string_value(json_object_get(md, "data"));
    assert_non_null(b64);
    char *xmp = xcalloc(strlen(b64) + 1, 1);
    b64_decode(b64, (unsigned char *)xmp);
    assert_non_null(strstr(xmp, "<pdfuaid:part>1</pdfuaid:part>"));
    char *want = xasprintf("<rdf:li xml:lang=\"x-default\">%s</rdf:li>", title);
    if (!strchr(title, '&') && !strchr(title, '<')) assert_non_null(strstr(xmp, want));
    free(want);
    free(xmp);
    json_t *root = get(d, cat, "/StructTreeRoot");
    assert_non_null(root);
    assert_string_equal(name_of(json_object_get(root, "/Type")), "StructTreeRoot");
    json_t *ptree = get(d, root, "/ParentTree");
    json_t *nums = get(d, ptree, "/Nums");
    assert_true(json_is_array(nums));
    assert_true(json_is_integer(json_object_get(root, "/ParentTreeNextKey")));
    /* The Document element. */
    json_t *k = json_object_get(root, "/K");
    assert_true(is_ref(k));
    walk(d, json_string_value(k), SIZE_MAX, 0);
    assert_string_equal(d->nodes[0].role, "Document");

    /* Every MCID in the content belongs to exactly one element ... */
    for (size_t i = 0; i < d->n_pages; i++)
        for (size_t m = 0; m < d->pages[i].n_mcs; m++)
            if (d->pages[i].mcs[m].owners != 1)
                flunk("page %zu MCID %zu: %d owning elements", i + 1, m,
                         d->pages[i].mcs[m].owners);
    /* ... and the parent tree agrees: page key → [MCID → element]. */
    for (size_t i = 0; i < d->n_pages; i++) {
        json_t *arr = NULL;
        for (size_t j = 0; j + 1 < json_array_size(nums); j += 2)
            if (json_integer_value(json_array_get(nums, j)) == d->pages[i].key)
                arr = deref(d, json_array_get(nums, j + 1));
        assert_non_null(arr);
        assert_int_equal(json_array_size(arr), d->pages[i].n_mcs);
        for (size_t m = 0; m < d->pages[i].n_mcs; m++) {
            const char *el = json_string_value(json_array_get(arr, m));
            bool found = false;
            for (size_t n = 0; n < d->n_nodes && !found; n++) {
                if (strcmp(d->nodes[n].ref, el) != 0) continue;
                /* The element's /K holds this MCID on this page. */
                json_t *kk = json_object_get(d->nodes[n].dict, "/K");
                const char *pg = json_string_value(json_object_get(d->nodes[n].dict, "/Pg"));
                json_t *one = json_array(); /* normalise to an array */
                if (json_is_array(kk))
                    json_array_extend(one, kk);
                else
                    json_array_append(one, kk);
                size_t q;
                json_t *v;
                json_array_foreach(one, q, v)
                {
                    if (json_is_integer(v) && json_integer_value(v) == (json_int_t)m && pg &&
                        strcmp(pg, d->pages[i].ref) == 0)
                        found = true;
                    if (json_is_object(v) && json_integer_value(json_object_get(v, "/MCID")) ==
                                                 (json_int_t)m &&
                        strcmp(json_string_value(json_object_get(v, "/Pg")), d->pages[i].ref) == 0)
                        found = true;
                }
                json_decref(one);
            }
            if (!found) flunk("page %zu MCID %zu: parent tree points elsewhere", i + 1, m);
        }
    }
    /* Every annotation has a /StructParent leading to a Link holding it, and
     * /Contents. */
    for (size_t i = 0; i < d->n_pages; i++) {
        json_t *annots = get(d, obj(d, d->pages[i].ref), "/Annots");
        size_t a;
        json_t *ar;
        json_array_foreach(annots, a, ar)
        {
            json_t *an = deref(d, ar);
            assert_non_null(text_of(json_object_get(an, "/Contents")));
            json_t *sp = json_object_get(an, "/StructParent");
            assert_true(json_is_integer(sp));
            const char *el = NULL;
            for (size_t j = 0; j + 1 < json_array_size(nums); j += 2)
                if (json_integer_value(json_array_get(nums, j)) == json_integer_value(sp))
                    el = json_string_value(json_array_get(nums, j + 1));
            assert_non_null(el);
            bool ok = false;
            for (size_t n = 0; n < d->n_nodes; n++)
                if (strcmp(d->nodes[n].ref, el) == 0 && role_is(&d->nodes[n], "Link") &&
                    d->nodes[n].n_objr > 0)
                    ok = true;
            if (!ok) flunk("page %zu: annotation %zu not in a Link", i + 1, a);
        }
    }
}

static void check_tree(doc *d)
{
    static const char *const roles[] = {"Document", "Sect", "H1",    "H2",    "H3",   "P",
                                        "L",        "LI",   "Lbl",   "LBody", "Table", "TR",
                                        "TH",       "TD",   "Figure", "Caption", "Link", "TOC",
                                        "TOCI"};
    size_t kids[4096];
    buf heads = BUF_INIT;
    int hlevel = 0, h1 = 0;
    for (size_t i = 0; i < d->n_nodes; i++) {
        snode *n = &d->nodes[i];
        bool known = false;
        for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
            if (role_is(n, roles[r])) known = true;
        if (!known) flunk("unknown role /%s", n->role);
        if (i > 0 && role_is(n, "Document")) flunk("a second Document");
        size_t nk = kids_of(d, i, kids, 4096);
        if (n->role[0] == 'H' && n->role[1] >= '1' && n->role[1] <= '3') {
            int l = n->role[1] - '0';
            if (l > hlevel + 1) flunk("heading %s after H%d: %s", n->role, hlevel, buf_cstr(&n->text));
            hlevel = l;
            h1 += l == 1;
            if (!n->text.len) flunk("empty heading");
            char *t = squeeze(buf_cstr(&n->text));
            buf_puts(&heads, t);
            buf_putc(&heads, '|');
            free(t);
        }
        if (role_is(n, "P") && !n->text.len && nk == 0) flunk("empty P");
        if (role_is(n, "L")) {
            if (nk == 0) flunk("empty list");
            for (size_t k = 0; k < nk; k++)
                if (!role_is(&d->nodes[kids[k]], "LI")) flunk("L holds /%s", d->nodes[kids[k]].role);
        }
        if (role_is(n, "LI")) {
            int bodies = 0;
            for (size_t k = 0; k < nk; k++) {
                const snode *c = &d->nodes[kids[k]];
                if (role_is(c, "LBody")) bodies++;
                else if (!role_is(c, "Lbl") || k != 0) flunk("LI holds /%s", c->role);
            }
            if (bodies != 1 || n->text.len) flunk("LI without exactly one LBody");
        }
        if (role_is(n, "LBody") || role_is(n, "Lbl")) {
            buf t = BUF_INIT;
            subtree_text(d, i, &t);
            if (!t.len) flunk("empty /%s", n->role);
            buf_free(&t);
        }
        if (role_is(n, "Table")) {
            size_t width = 0;
            if (nk < 2) flunk("table with %zu rows", nk);
            for (size_t k = 0; k < nk; k++) {
                const snode *tr = &d->nodes[kids[k]];
                if (!role_is(tr, "TR")) flunk("Table holds /%s", tr->role);
                size_t cells[64];
                size_t nc = kids_of(d, kids[k], cells, 64);
                if (k == 0) width = nc;
                if (nc != width || nc == 0) flunk("row %zu has %zu cells, the header %zu", k, nc, width);
                size_t row_heads = 0;
                for (size_t c = 0; c < nc; c++) {
                    const snode *cell = &d->nodes[cells[c]];
                    const char *scope =
                        name_of(json_object_get(json_object_get(cell->dict, "/A"), "/Scope"));
                    if (k == 0 || role_is(cell, "TH")) {
                        /* The header row: column headers; below: row headers. */
                        if (!role_is(cell, "TH")) flunk("header row: /%s, not /TH", cell->role);
                        if (strcmp(scope, k == 0 ? "Column" : "Row") != 0)
                            flunk("row %zu: TH with /Scope /%s", k, scope);
                        if (!cell->text.len) flunk("empty TH in row %zu", k);
                        row_heads += k > 0;
                    } else if (!role_is(cell, "TD")) {
                        flunk("row %zu: /%s, not /TD", k, cell->role);
                    }
                }
                if (row_heads > 1) flunk("row %zu with %zu row headers", k, row_heads);
            }
        }
        if (role_is(n, "Figure")) {
            const char *alt = text_of(json_object_get(n->dict, "/Alt"));
            if (!alt || strlen(alt) < 20) flunk("figure without /Alt");
            json_t *bb = json_object_get(json_object_get(n->dict, "/A"), "/BBox");
            if (json_array_size(bb) != 4) flunk("figure without /BBox");
            double x0 = json_number_value(json_array_get(bb, 0)),
                   y0 = json_number_value(json_array_get(bb, 1)),
                   x1 = json_number_value(json_array_get(bb, 2)),
                   y1 = json_number_value(json_array_get(bb, 3));
            if (!(x0 < x1 && y0 < y1 && x0 >= 0 && x1 <= PDF_PAGE_W && y1 <= PDF_PAGE_H))
                flunk("figure /BBox [%g %g %g %g]", x0, y0, x1, y1);
            if (n->page < 0) flunk("figure without content");
        }
        if (role_is(n, "Link")) {
            if (n->n_objr == 0) flunk("Link without OBJR");
            if (!n->text.len) flunk("Link without text");
        }
        /* Page furniture is never content. */
        if (strstr(buf_cstr(&n->text), "Seite 1 von") || strstr(buf_cstr(&n->text), "Stand: "))
            flunk("/%s holds page furniture: %s", n->role, buf_cstr(&n->text));
        /* Reading order: the children come top to bottom; a later page, or
         * a column to the right, may start over at the top. */
        for (size_t k = 1; k < nk; k++) {
            const snode *a = &d->nodes[kids[k - 1]], *b = &d->nodes[kids[k]];
            if (a->page < 0 || b->page < 0) continue;
            bool ok = b->page > a->page ||
                      (b->page == a->page && (b->top <= a->top + 1.0 || b->x >= a->x + 100));
            if (!ok)
                flunk("reading order: /%s \"%.40s\" (p.%d, y %.1f) before /%s \"%.40s\" "
                         "(p.%d, y %.1f)",
                         a->role, node_text(a), a->page + 1, a->top, b->role, node_text(b),
                         b->page + 1, b->top);
        }
    }
    assert_int_equal(h1, 1);
    assert_true(d->n_nodes > 0 && d->nodes[1].page == 0);
    /* The bookmarks are the headings, in the same order. */
    buf marks = BUF_INIT;
    collect_outlines(json_object_get(d->json, "outlines"), &marks);
    assert_string_equal(buf_cstr(&marks), buf_cstr(&heads));
    buf_free(&marks);
    buf_free(&heads);
}

/* Renders, saves, loads and checks one document. */
static doc *check_pdf(const buf *pdf, const char *name)
{
    char *file = xasprintf("%s.pdf", name);
    char *path = save(pdf, file);
    char *out = run("qpdf --check '%s' 2>&1", path);
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
    assert_null(strstr(out, "WARNING"));
    free(out);
    doc *d = doc_load(path);
    check_catalog(d);
    check_tree(d);
    dump(d, name);
    free(path);
    free(file);
    return d;
}

static size_t count_role(const doc *d, const char *role)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_nodes; i++) n += role_is(&d->nodes[i], role);
    return n;
}

/* The top-level elements of page 1, as "role: text" lines. */
static char *page1_order(const doc *d)
{
    buf b = BUF_INIT;
    size_t kids[512];
    size_t nk = kids_of(d, 0, kids, 512);
    for (size_t k = 0; k < nk; k++) {
        const snode *n = &d->nodes[kids[k]];
        if (n->page != 0) continue;
        buf t = BUF_INIT;
        subtree_text(d, kids[k], &t);
        buf_printf(&b, "%s: %s\n", n->role, buf_cstr(&t));
        buf_free(&t);
    }
    return buf_detach(&b);
}

/* ---- tests ------------------------------------------------------------------------ */

/* Mecklenburg-Vorpommern, page 1 as a screen reader meets it: title, key
 * figures, summary sentences, the chart's description; then the tables
 * with their headers. */
static void test_land_mv(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->data, "13");
    buf a = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    doc *d = check_pdf(&a, "13-mecklenburg-vorpommern");
    char *order = page1_order(d);
    /* Line by line, in this order. */
    char *want0 = xasprintf("P: %s Kurzbericht", v->ed.title);
    char *want1 = xasprintf("H1: %s\n", v->name);
    char *want3 = xasprintf("L: %s %s von 100 Punkten Rang ", v->ed.index_name, v->index_score_de);
    const char *want[] = {want0,
                          want1,
                          "P: Flächenland",
                          "P: Beispieldaten",
                          want3,
                          "H2: Auf einen Blick\n",
                          "L: ",
                          "H2: Profil nach Themenfeldern\n",
                          "Figure: Netzdiagramm"};
    const char *p = order;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *hit = strstr(p, want[i]);
        if (!hit || (hit != p && hit[-1] != '\n'))
            flunk("page 1 order: \"%s\" missing after:\n%.*s\nin:\n%s", want[i],
                     (int)(p - order), order, order);
        p = strchr(hit, '\n') ? strchr(hit, '\n') + 1 : hit + strlen(hit);
    }
    assert_string_equal(p, ""); /* nothing else on page 1 */
    /* The summary sentences are the list, word for word. */
    const char *l = strstr(order, "\nL: ");
    l = strstr(l + 1, "\nL: ");
    assert_non_null(l);
    for (size_t i = 0; i < v->n_sentences; i++) assert_non_null(strstr(l, v->sentences[i]));
    /* The radar's description carries the numbers. */
    assert_non_null(strstr(order, v->topics[0].name));
    free(order);
    /* The rest: the value table with its headers, the ranking, sources. */
    assert_true(count_role(d, "Table") >= 1);
    assert_int_equal(count_role(d, "Figure"), 5); /* radar, bars, change, ranking, map */
    assert_true(count_role(d, "Link") >= 1);
    assert_true(count_role(d, "TH") >= 7);
    /* Each value row is headed by its name (TH, row scope). */
    size_t row_th = 0;
    for (size_t i = 0; i < d->n_nodes; i++)
        if (role_is(&d->nodes[i], "TH") &&
            strcmp(name_of(json_object_get(json_object_get(d->nodes[i].dict, "/A"), "/Scope")),
                   "Row") == 0)
            row_th++;
    assert_true(row_th >= 20);
    bool detail = false;
    for (size_t i = 0; i < d->n_nodes; i++)
        if (role_is(&d->nodes[i], "TH") && strcmp(buf_cstr(&d->nodes[i].text), "Bezeichnung") == 0)
            detail = true;
    assert_true(detail);
    free(want0);
    free(want1);
    free(want3);
    doc_free(d);
    buf_free(&a);
    view_briefing_free(v);
}

static void test_kreis(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->data, "13003");
    buf a = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    doc *d = check_pdf(&a, "13003-rostock");
    assert_true(count_role(d, "Table") >= 1);
    assert_true(count_role(d, "Figure") >= 3);
    doc_free(d);
    buf_free(&a);
    view_briefing_free(v);
}

/* A Gemeinde, and a Kreis whose briefing lists its Gemeinden in a table. */
static void test_gemeinde(void **state)
{
    (void)state;
    const dataset *ds = fx->gem.ds;
    assert_true(ds->n_level_regions[LEVEL_GEMEINDE] > 0);
    const region *g = &ds->regions[ds->level_regions[LEVEL_GEMEINDE][0]];
    const view_briefing *v = briefing(&fx->gem, g->ags);
    buf a = BUF_INIT;
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    doc *d = check_pdf(&a, "gemeinde");
    assert_true(count_role(d, "Table") >= 1);
    doc_free(d);
    buf_free(&a);
    view_briefing_free(v);

    char kreis[6];
    memcpy(kreis, g->ags, 5);
    kreis[5] = '\0';
    v = briefing(&fx->gem, kreis);
    assert_true(v->n_children > 0);
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    d = check_pdf(&a, "kreis-mit-gemeinden");
    assert_true(count_role(d, "Table") >= 2); /* Gemeinden, values */
    doc_free(d);
    buf_free(&a);
    view_briefing_free(v);
}

static void test_overview(void **state)
{
    (void)state;
    const view_overview *o =
        view_overview_build(&(view_input){fx->data.ds, fx->data.sc, 2025, -1, fx->w, NULL, {{0}}}, &fx->d);
    assert_non_null(o);
    buf a = BUF_INIT;
    assert_true(pdf_render_overview(fx->r, o, &a, &fx->d));
    doc *d = check_pdf(&a, "gesamtbericht");
    /* The contents: one TOCI per section, each a Link to its page. */
    assert_int_equal(count_role(d, "TOC"), 1);
    size_t sections = 0;
    for (size_t i = 0; i < d->n_nodes; i++)
        sections += role_is(&d->nodes[i], "H2") && d->nodes[i].page > 0;
    assert_true(sections >= 5); /* Länder, groups, topic fields, Kreise, method */
    assert_int_equal(count_role(d, "TOCI"), sections);
    assert_true(count_role(d, "Link") >= sections);
    assert_true(count_role(d, "Figure") >= o->n_topics + 2);
    assert_true(count_role(d, "Table") >= 4); /* Länder, groups (2), weights, Kreise */
    doc_free(d);
    buf_free(&a);
    view_overview_free(o);
}

/* Tagging changes neither what is seen nor the extracted text: the same
 * briefing untagged (as before tagging) and tagged gives the same pdftotext
 * output and the same pixels. */
static void test_same_text_and_pixels(void **state)
{
    (void)state;
    const view_briefing *v = briefing(&fx->data, "13");
    buf a = BUF_INIT, b = BUF_INIT;
    pdf_renderer_set_tagged(fx->r, false);
    assert_true(pdf_render_briefing(fx->r, v, &a, &fx->d));
    pdf_renderer_set_tagged(fx->r, true);
    assert_true(pdf_render_briefing(fx->r, v, &b, &fx->d));
    assert_memory_equal(a.data, "%PDF-1.4\n", 9); /* libharu's file as it is */
    assert_null(memmem(a.data, a.len, "StructTreeRoot", 14));
    char *pa = save(&a, "untagged.pdf"), *pb = save(&b, "tagged.pdf");
    for (int layout = 0; layout < 2; layout++) {
        char *ta = run("pdftotext %s '%s' -", layout ? "-layout" : "", pa);
        char *tb = run("pdftotext %s '%s' -", layout ? "-layout" : "", pb);
        assert_true(strlen(ta) > 1000);
        assert_string_equal(ta, tb);
        free(ta);
        free(tb);
    }
    char *pix = run("pdftoppm -r 40 -gray '%s' %s/u && pdftoppm -r 40 -gray '%s' %s/t && "
                    "for f in %s/u-*.pgm; do cmp \"$f\" \"%s/t-${f##*/u-}\" || echo differ; done",
                    pa, fx->dir, pb, fx->dir, fx->dir, fx->dir);
    assert_string_equal(pix, "");
    free(pix);
    free(pa);
    free(pb);
    buf_free(&a);
    buf_free(&b);
    view_briefing_free(v);
}

/* Text strings: PDFDocEncoding where it reaches, UTF-16 beyond. */
static void test_text_string(void **state)
{
    (void)state;
    buf out = BUF_INIT;
    /* Through a tiny document: the string lands in an element's /Alt. */
    pdf_doc pd;
    assert_true(pdf_doc_begin(&pd, fx->r, &fx->d));
    pdf_doc_info(&pd, "Ein Titel", "Thema", "Wort");
    pdf_doc_add_page(&pd);
    canvas *c = pdf_doc_chart_begin(&pd, 100, 100, 50, 50);
    canvas_describe(c, "Größe „x“ – 5 €", "≥ 50 Mbit/s");
    assert_true(pdf_doc_chart_end(&pd, c, &fx->d));
    pdf_text(&pd, 100, 200, PDF_LEFT, &(pdf_font){METRICS_REGULAR, 10, 0}, "Text", 4);
    assert_true(pdf_doc_save(&pd, &out, "test", &fx->d));
    pdf_doc_end(&pd);
    char *path = save(&out, "alt.pdf");
    doc *d = doc_load(path);
    check_catalog(d);
    assert_int_equal(count_role(d, "Figure"), 1);
    assert_int_equal(count_role(d, "P"), 1); /* text outside any element: a P of its own */
    for (size_t i = 0; i < d->n_nodes; i++)
        if (role_is(&d->nodes[i], "Figure"))
            assert_string_equal(text_of(json_object_get(d->nodes[i].dict, "/Alt")),
                                "Größe „x“ – 5 €. ≥ 50 Mbit/s");
    doc_free(d);
    free(path);
    buf_free(&out);
}

/* pdf_pack refuses what it does not understand and keeps the objects. */
static void test_pack(void **state)
{
    (void)state;
    buf out = BUF_INIT;
    assert_false(pdf_pack("not a pdf at all, not even close", 33, NULL, &out));
    assert_int_equal(out.len, 0);
    const char *tiny = "%PDF-1.4\n1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n"
                       "2 0 obj\n<<\n/Type /Pages\n/Kids [ ]\n/Count 0\n>>\nendobj\n";
    buf in = BUF_INIT;
    buf_puts(&in, tiny);
    size_t xref = in.len;
    buf_printf(&in, "xref\n0 3\n0000000000 65535 f\r\n%010zu 00000 n\r\n%010zu 00000 n\r\n", (size_t)9,
               (size_t)(strstr(tiny, "2 0 obj") - tiny));
    buf_printf(&in, "trailer\n<<\n/Root 1 0 R\n/Size 3\n>>\nstartxref\n%zu\n%%%%EOF\n", xref);
    assert_true(pdf_pack(in.data, in.len, NULL, &out));
    assert_memory_equal(out.data, "%PDF-1.7\n", 9);
    char *path = save(&out, "tiny.pdf");
    char *js = run("qpdf --json=2 '%s'", path);
    assert_non_null(strstr(js, "\"/Type\": \"/Catalog\""));
    assert_non_null(strstr(js, "\"/Type\": \"/ObjStm\"") ? js : strstr(js, "\"/Count\": 0"));
    free(js);
    free(path);
    /* More objects than a 2-byte index reaches: the xref stream widens. */
    buf big = BUF_INIT;
    enum { BIG = 70000 };
    size_t *offs = xcalloc(BIG + 1, sizeof *offs);
    buf_puts(&big, "%PDF-1.4\n");
    offs[1] = big.len;
    buf_puts(&big, "1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n");
    offs[2] = big.len;
    buf_puts(&big, "2 0 obj\n<<\n/Type /Pages\n/Kids [ ]\n/Count 0\n/X 3 0 R\n>>\nendobj\n");
    for (size_t i = 3; i <= BIG; i++) {
        offs[i] = big.len;
        buf_printf(&big, "%zu 0 obj\n[ %zu 0 R ]\nendobj\n", i, i < BIG ? i + 1 : (size_t)1);
    }
    size_t bx = big.len;
    buf_printf(&big, "xref\n0 %d\n0000000000 65535 f\r\n", BIG + 1);
    for (size_t i = 1; i <= BIG; i++) buf_printf(&big, "%010zu 00000 n\r\n", offs[i]);
    buf_printf(&big, "trailer\n<<\n/Root 1 0 R\n/Size %d\n>>\nstartxref\n%zu\n%%%%EOF\n", BIG + 1, bx);
    buf_clear(&out);
    assert_true(pdf_pack(big.data, big.len, NULL, &out));
    assert_true(out.len < big.len / 4);
    char *bigpath = save(&out, "big.pdf");
    char *chk = run("qpdf --check '%s' 2>&1", bigpath);
    assert_non_null(strstr(chk, "No syntax or stream encoding errors"));
    free(chk);
    chk = run("qpdf --show-object=%d '%s'", BIG - 1, bigpath);
    assert_string_equal(chk, "[ 70000 0 R ]\n");
    free(chk);
    free(bigpath);
    free(offs);
    buf_free(&big);
    /* A damaged xref offset is refused. */
    buf bad = BUF_INIT;
    buf_append(&bad, in.data, in.len);
    char *sx = strstr(bad.data, "startxref\n");
    for (char *q = sx + 10; *q >= '0' && *q <= '9'; q++) *q = '0'; /* points at %PDF */
    buf_clear(&out);
    assert_false(pdf_pack(bad.data, bad.len, NULL, &out));
    buf_free(&bad);
    buf_free(&in);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_land_mv),  cmocka_unit_test(test_kreis),
        cmocka_unit_test(test_gemeinde), cmocka_unit_test(test_overview),
        cmocka_unit_test(test_same_text_and_pixels),
        cmocka_unit_test(test_text_string), cmocka_unit_test(test_pack),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
