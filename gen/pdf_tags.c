/* pdf_tags: structure tree and marked content over libharu (see pdf_tags.h).
 *
 * What goes through libharu (hpdf_objects.h, hpdf_pages.h): the catalog's
 * /MarkInfo and /StructTreeRoot (a reference to a placeholder dictionary
 * added to the cross-reference table, so it has an object number), each
 * page's /StructParents and /Tabs, each link annotation's /StructParent and
 * /Contents, and the marked-content operators, written straight into the
 * page's content stream (the stream in HPDF_PageAttr) between the graphics
 * objects libharu writes. Pages and annotations are indirect objects; their
 * numbers are in their object headers (obj_id & 0x00FFFFFF).
 *
 * The elements live in plain arrays here: their children in one shared
 * array chained per element, so an element costs no allocation of its own.
 * pdf_tags_write prints them in the compact syntax pdf_pack stores in the
 * object stream. */
#include "pdf_tags.h"

#include "cp1252.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[PDF_ROLE_COUNT] = {
    "Document", "Sect", "H1",     "H2",      "H3",   "P",   "L",    "LI",  "Lbl", "LBody",
    "Table",    "TR",   "TH",     "TD",      "Figure", "Caption", "Link", "TOC", "TOCI",
};

const char *pdf_role_name(pdf_role r)
{
    return (unsigned)r < PDF_ROLE_COUNT ? role_names[r] : "Span";
}

bool pdf_role_is_leaf(pdf_role r)
{
    switch (r) {
    case PDF_ROLE_DOCUMENT:
    case PDF_ROLE_SECT:
    case PDF_ROLE_L:
    case PDF_ROLE_LI:
    case PDF_ROLE_TABLE:
    case PDF_ROLE_TR:
    case PDF_ROLE_TOC:
    case PDF_ROLE_TOCI: return false;
    default: return true;
    }
}

#define NONE SIZE_MAX

typedef enum kid_kind { KID_MCID, KID_ELEM, KID_OBJR } kid_kind;

typedef struct tag_kid {
    kid_kind kind;
    size_t page;  /* page index (MCID, OBJR) */
    size_t value; /* MCID, element index, or the annotation's object number */
    size_t next;  /* next kid of the same element, NONE = last */
} tag_kid;

typedef enum attr_kind { ATTR_NONE, ATTR_SCOPE_COLUMN, ATTR_SCOPE_ROW, ATTR_BBOX } attr_kind;

typedef struct tag_elem {
    pdf_role role;
    size_t parent;           /* NONE for the Document */
    size_t pg;               /* page of its first marked content, NONE = none */
    size_t first, last;      /* its kids, chained through tag_kid.next */
    size_t n_kids;
    size_t alt;              /* offset of its /Alt (a PDF string) in alts, NONE = none */
    attr_kind attr;
    double bbox[4];
} tag_elem;

typedef struct tag_page {
    HPDF_Page page;
    size_t num;          /* object number */
    int key;             /* /StructParents */
    size_t *parents;     /* MCID → element */
    size_t n_mcids, cap;
} tag_page;

typedef struct tag_num {
    int key;
    size_t page; /* a page's array, or NONE: then elem */
    size_t elem;
} tag_num;

typedef enum mc_state { MC_NONE = 0, MC_ELEM, MC_ARTIFACT } mc_state;

struct pdf_tags {
    HPDF_Doc doc;
    size_t root_num; /* the placeholder the catalog points to */
    tag_elem *el;
    size_t n_el, cap_el;
    tag_kid *kids;
    size_t n_kids, cap_kids;
    size_t *stack; /* open elements; stack[0] is the Document */
    size_t depth, cap_stack;
    tag_page *pages;
    size_t n_pages, cap_pages;
    tag_num *nums; /* the parent tree, in key order */
    size_t n_nums, cap_nums;
    int next_key;
    buf alts; /* the /Alt strings, NUL-separated */
    mc_state mc;
    size_t mc_elem;
    HPDF_Page mc_page;
    int artifact_depth;
    pdf_artifact artifact_kind;
};

static size_t obj_num(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* "N 0 R" */
static void put_ref(buf *b, size_t num)
{
    buf_put_uint(b, num);
    buf_append(b, " 0 R", 4);
}

/* ---- text strings ----------------------------------------------------------- */

/* PDFDocEncoding codes 0x80–0xA0 (PDF 32000-1, Annex D). */
static const uint32_t pdfdoc_high[33] = {
    0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212,
    0x2030, 0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141,
    0x0152, 0x0160, 0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0,      0x20AC,
};

static int pdfdoc_code(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F) return (int)cp;
    if (cp >= 0xA1 && cp <= 0xFF && cp != 0xAD) return (int)cp;
    for (int i = 0; i < 33; i++)
        if (pdfdoc_high[i] && pdfdoc_high[i] == cp) return 0x80 + i;
    return -1;
}

/* A PDF text string's bytes (PDF 32000-1, 7.9.2.2): PDFDocEncoding when
 * every character has a code there, else UTF-16BE with its byte order mark
 * (surrogate pairs above U+FFFF). Control characters become spaces. Returns
 * true for PDFDocEncoding. Not CP1252: PDFDocEncoding orders 0x80–0xA0
 * differently, so cp1252.c cannot serve here. */
static bool text_bytes(buf *out, const char *utf8)
{
    size_t len = strlen(utf8);
    bool doc = true;
    for (size_t i = 0; i < len && doc;) {
        uint32_t cp;
        i += cp1252_utf8_next(utf8 + i, len - i, &cp);
        doc = cp < 0x20 || pdfdoc_code(cp) >= 0;
    }
    if (!doc) buf_append(out, "\xFE\xFF", 2);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += cp1252_utf8_next(utf8 + i, len - i, &cp);
        if (cp < 0x20) cp = ' ';
        if (doc) {
            buf_putc(out, (char)pdfdoc_code(cp));
            continue;
        }
        uint32_t units[2] = {cp, 0};
        int nu = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            nu = 2;
        }
        for (int u = 0; u < nu; u++) {
            buf_putc(out, (char)(units[u] >> 8));
            buf_putc(out, (char)(units[u] & 0xFF));
        }
    }
    return doc;
}

void pdf_tags_put_text(buf *out, const char *utf8)
{
    buf b = BUF_INIT;
    if (text_bytes(&b, utf8)) {
        buf_putc(out, '(');
        for (size_t i = 0; i < b.len; i++) {
            unsigned char c = (unsigned char)b.data[i];
            if (c == '(' || c == ')' || c == '\\')
                buf_printf(out, "\\%c", c);
            else if (c >= 0x80)
                buf_printf(out, "\\%03o", (unsigned)c);
            else
                buf_putc(out, (char)c);
        }
        buf_putc(out, ')');
    } else {
        static const char hex[] = "0123456789ABCDEF";
        buf_putc(out, '<');
        for (size_t i = 0; i < b.len; i++) {
            unsigned char c = (unsigned char)b.data[i];
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 0xF]);
        }
        buf_putc(out, '>');
    }
    buf_free(&b);
}

/* The same as a libharu object (for annotations). NULL on failure. */
static void *text_object(HPDF_MMgr mmgr, const char *utf8)
{
    buf b = BUF_INIT;
    void *obj;
    if (text_bytes(&b, utf8))
        obj = HPDF_String_New(mmgr, buf_cstr(&b), NULL);
    else
        obj = HPDF_Binary_New(mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    buf_free(&b);
    return obj;
}

/* ---- elements ------------------------------------------------------------------ */

static void add_kid(pdf_tags *t, size_t e, kid_kind kind, size_t page, size_t value)
{
    if (t->n_kids == t->cap_kids) {
        t->cap_kids = t->cap_kids ? 2 * t->cap_kids : 512;
        t->kids = xrealloc(t->kids, t->cap_kids * sizeof *t->kids);
    }
    size_t k = t->n_kids++;
    t->kids[k] = (tag_kid){kind, page, value, NONE};
    tag_elem *el = &t->el[e];
    if (el->last == NONE)
        el->first = k;
    else
        t->kids[el->last].next = k;
    el->last = k;
    el->n_kids++;
}

static size_t elem_new(pdf_tags *t, pdf_role role, size_t parent)
{
    if (t->n_el == t->cap_el) {
        t->cap_el = t->cap_el ? 2 * t->cap_el : 256;
        t->el = xrealloc(t->el, t->cap_el * sizeof *t->el);
    }
    size_t i = t->n_el++;
    t->el[i] = (tag_elem){role, parent, NONE, NONE, NONE, 0, NONE, ATTR_NONE, {0, 0, 0, 0}};
    if (parent != NONE) add_kid(t, parent, KID_ELEM, NONE, i);
    return i;
}

static void push(pdf_tags *t, size_t e)
{
    if (t->depth == t->cap_stack) {
        t->cap_stack = t->cap_stack ? 2 * t->cap_stack : 16;
        t->stack = xrealloc(t->stack, t->cap_stack * sizeof *t->stack);
    }
    t->stack[t->depth++] = e;
}

pdf_tags *pdf_tags_new(HPDF_Doc doc)
{
    HPDF_Dict root = HPDF_Dict_New(doc->mmgr);
    if (!root) return NULL;
    if (HPDF_Xref_Add(doc->xref, root) != HPDF_OK) return NULL; /* frees root */
    HPDF_Dict mark = HPDF_Dict_New(doc->mmgr);
    if (!mark) return NULL;
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    if (HPDF_Dict_Add(doc->catalog, "MarkInfo", mark) != HPDF_OK ||
        HPDF_Dict_Add(doc->catalog, "StructTreeRoot", root) != HPDF_OK)
        return NULL;
    pdf_tags *t = xcalloc(1, sizeof *t);
    t->doc = doc;
    t->root_num = obj_num(root);
    push(t, elem_new(t, PDF_ROLE_DOCUMENT, NONE));
    return t;
}

void pdf_tags_free(pdf_tags *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n_pages; i++) free(t->pages[i].parents);
    free(t->el);
    free(t->kids);
    free(t->stack);
    free(t->pages);
    free(t->nums);
    buf_free(&t->alts);
    free(t);
}

static void add_num(pdf_tags *t, tag_num n)
{
    if (t->n_nums == t->cap_nums) {
        t->cap_nums = t->cap_nums ? 2 * t->cap_nums : 16;
        t->nums = xrealloc(t->nums, t->cap_nums * sizeof *t->nums);
    }
    t->nums[t->n_nums++] = n;
}

void pdf_tags_add_page(pdf_tags *t, HPDF_Page page)
{
    if (!t || !page) return;
    int key = t->next_key++;
    HPDF_Dict_AddNumber(page, "StructParents", key);
    HPDF_Dict_AddName(page, "Tabs", "S");
    if (t->n_pages == t->cap_pages) {
        t->cap_pages = t->cap_pages ? 2 * t->cap_pages : 8;
        t->pages = xrealloc(t->pages, t->cap_pages * sizeof *t->pages);
    }
    t->pages[t->n_pages] = (tag_page){page, obj_num(page), key, NULL, 0, 0};
    add_num(t, (tag_num){key, t->n_pages, NONE});
    t->n_pages++;
}

static size_t page_index(const pdf_tags *t, HPDF_Page page)
{
    for (size_t i = t->n_pages; i-- > 0;)
        if (t->pages[i].page == page) return i;
    return NONE;
}

size_t pdf_tags_current(const pdf_tags *t)
{
    return t->stack[t->depth - 1];
}

pdf_role pdf_tags_current_role(const pdf_tags *t)
{
    return t->el[pdf_tags_current(t)].role;
}

bool pdf_tags_wants_leaf(const pdf_tags *t)
{
    return t && t->artifact_depth == 0 && !pdf_role_is_leaf(pdf_tags_current_role(t));
}

size_t pdf_tags_begin(pdf_tags *t, pdf_role role)
{
    size_t e = elem_new(t, role, pdf_tags_current(t));
    push(t, e);
    return e;
}

void pdf_tags_end(pdf_tags *t)
{
    if (t->depth <= 1) return;
    size_t e = t->stack[--t->depth];
    if (t->mc == MC_ELEM && t->mc_elem == e) pdf_tags_close(t);
}

void pdf_tags_enter(pdf_tags *t, size_t el)
{
    if (el < t->n_el) push(t, el);
}

/* ---- marked content ------------------------------------------------------------ */

static void emit(HPDF_Page page, const char *s)
{
    HPDF_PageAttr attr = page->attr;
    HPDF_Stream_WriteStr(attr->stream, s);
}

void pdf_tags_close(pdf_tags *t)
{
    if (!t || t->mc == MC_NONE) return;
    emit(t->mc_page, "EMC\n");
    t->mc = MC_NONE;
    t->mc_page = NULL;
}

static bool in_figure(const pdf_tags *t)
{
    for (size_t i = t->depth; i-- > 1;)
        if (t->el[t->stack[i]].role == PDF_ROLE_FIGURE) return true;
    return false;
}

static void open_artifact(pdf_tags *t, HPDF_Page page, pdf_artifact k)
{
    if (t->mc == MC_ARTIFACT && t->mc_page == page) return;
    pdf_tags_close(t);
    emit(page, k == PDF_ARTIFACT_HEADER   ? "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"
               : k == PDF_ARTIFACT_FOOTER ? "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"
                                          : "/Artifact BMC\n");
    t->mc = MC_ARTIFACT;
    t->mc_page = page;
}

void pdf_tags_mark(pdf_tags *t, HPDF_Page page)
{
    if (!t || !page) return;
    if (t->artifact_depth > 0) {
        open_artifact(t, page, t->artifact_kind);
        return;
    }
    size_t cur = pdf_tags_current(t);
    if (t->mc == MC_ELEM && t->mc_elem == cur && t->mc_page == page) return;
    size_t pi = page_index(t, page);
    if (pi == NONE) return;
    pdf_tags_close(t);
    tag_page *tp = &t->pages[pi];
    if (tp->n_mcids == tp->cap) {
        tp->cap = tp->cap ? 2 * tp->cap : 64;
        tp->parents = xrealloc(tp->parents, tp->cap * sizeof *tp->parents);
    }
    size_t mcid = tp->n_mcids++;
    tp->parents[mcid] = cur;
    char op[64], *o = op + sizeof op;
    static const char tail[] = ">> BDC\n";
    o -= sizeof tail;
    memcpy(o, tail, sizeof tail);
    size_t v = mcid;
    do {
        *--o = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    const char *role = pdf_role_name(t->el[cur].role);
    static const char mid[] = " <</MCID ";
    o -= sizeof mid - 1;
    memcpy(o, mid, sizeof mid - 1);
    size_t rl = strlen(role);
    o -= rl;
    memcpy(o, role, rl);
    *--o = '/';
    emit(page, o);
    if (t->el[cur].pg == NONE) t->el[cur].pg = pi;
    add_kid(t, cur, KID_MCID, pi, mcid);
    t->mc = MC_ELEM;
    t->mc_elem = cur;
    t->mc_page = page;
}

void pdf_tags_decoration(pdf_tags *t, HPDF_Page page)
{
    if (!t || !page) return;
    if (t->artifact_depth == 0 && in_figure(t)) {
        pdf_tags_mark(t, page);
        return;
    }
    open_artifact(t, page, t->artifact_depth > 0 ? t->artifact_kind : PDF_ARTIFACT_LAYOUT);
}

void pdf_tags_artifact_begin(pdf_tags *t, pdf_artifact k)
{
    if (!t) return;
    if (t->artifact_depth++ == 0) {
        pdf_tags_close(t);
        t->artifact_kind = k;
    }
}

void pdf_tags_artifact_end(pdf_tags *t)
{
    if (!t || t->artifact_depth == 0) return;
    if (--t->artifact_depth == 0) pdf_tags_close(t);
}

/* ---- attributes and annotations -------------------------------------------------- */

void pdf_tags_set_alt(pdf_tags *t, size_t el, const char *utf8)
{
    if (!t || el >= t->n_el || !utf8) return;
    t->el[el].alt = t->alts.len;
    pdf_tags_put_text(&t->alts, utf8);
    buf_putc(&t->alts, '\0');
}

void pdf_tags_set_scope(pdf_tags *t, size_t el, bool column)
{
    if (t && el < t->n_el) t->el[el].attr = column ? ATTR_SCOPE_COLUMN : ATTR_SCOPE_ROW;
}

void pdf_tags_set_bbox(pdf_tags *t, size_t el, double x0, double y0, double x1, double y1)
{
    if (!t || el >= t->n_el) return;
    t->el[el].attr = ATTR_BBOX;
    t->el[el].bbox[0] = x0;
    t->el[el].bbox[1] = y0;
    t->el[el].bbox[2] = x1;
    t->el[el].bbox[3] = y1;
}

void pdf_tags_annot(pdf_tags *t, HPDF_Page page, HPDF_Annotation annot, const char *contents)
{
    if (!t || !page || !annot) return;
    size_t pi = page_index(t, page);
    if (pi == NONE) return;
    size_t e = pdf_tags_current(t);
    void *s = contents ? text_object(t->doc->mmgr, contents) : NULL;
    if (s) HPDF_Dict_Add(annot, "Contents", s);
    int key = t->next_key++;
    HPDF_Dict_AddNumber(annot, "StructParent", key);
    add_num(t, (tag_num){key, NONE, e});
    add_kid(t, e, KID_OBJR, pi, obj_num(annot));
}

static void put_xml(buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t') buf_putc(b, *s);
        }
    }
}

void pdf_tags_metadata(pdf_tags *t, const char *title)
{
    if (!t || !title) return;
    HPDF_Dict md = HPDF_DictStream_New(t->doc->mmgr, t->doc->xref);
    if (!md) return;
    HPDF_Dict_AddName(md, "Type", "Metadata");
    HPDF_Dict_AddName(md, "Subtype", "XML");
    buf x = BUF_INIT;
    buf_puts(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                 "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                 "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                 "<rdf:Description rdf:about=\"\"\n"
                 " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                 " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                 "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    put_xml(&x, title);
    buf_puts(&x, "</rdf:li></rdf:Alt></dc:title>\n"
                 "<dc:creator><rdf:Seq><rdf:li>digindex</rdf:li></rdf:Seq></dc:creator>\n"
                 "<dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>\n"
                 "<pdfuaid:part>1</pdfuaid:part>\n"
                 "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n");
    HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
    buf_free(&x);
    HPDF_Dict_Add(t->doc->catalog, "Metadata", md);
}

void pdf_tags_finish(pdf_tags *t)
{
    pdf_tags_close(t);
}

/* ---- writing ------------------------------------------------------------------------ */

/* A number with two decimals, whatever the locale. */
static void put_real(buf *b, double v)
{
    long long c = llround(v * 100);
    if (c < 0) {
        buf_putc(b, '-');
        c = -c;
    }
    buf_put_uint(b, (size_t)(c / 100));
    if (c % 100) {
        buf_putc(b, '.');
        buf_putc(b, (char)('0' + c % 100 / 10));
        if (c % 10) buf_putc(b, (char)('0' + c % 10));
    }
}

size_t pdf_tags_write(const pdf_tags *t, size_t first_num, buf *body, pdf_pack_obj **objs)
{
    size_t n = t->n_el + 2, k = 0;
    pdf_pack_obj *o = xcalloc(n, sizeof *o);
    const size_t tree_num = first_num, el0 = first_num + 1;
#define BEGIN(num) (o[k] = (pdf_pack_obj){(num), body->len, 0})
#define END() (o[k].len = body->len - o[k].off, k++)
    BEGIN(t->root_num);
    buf_printf(body, "<</Type/StructTreeRoot/K %zu 0 R/ParentTree %zu 0 R/ParentTreeNextKey %d>>",
               el0, tree_num, t->next_key);
    END();
    BEGIN(tree_num);
    buf_puts(body, "<</Nums[");
    for (size_t i = 0; i < t->n_nums; i++) {
        const tag_num *nm = &t->nums[i];
        if (i) buf_putc(body, ' ');
        buf_put_uint(body, (size_t)nm->key);
        buf_putc(body, ' ');
        if (nm->page == NONE) {
            put_ref(body, el0 + nm->elem);
            continue;
        }
        const tag_page *p = &t->pages[nm->page];
        buf_putc(body, '[');
        for (size_t m = 0; m < p->n_mcids; m++) {
            if (m) buf_putc(body, ' ');
            put_ref(body, el0 + p->parents[m]);
        }
        buf_putc(body, ']');
    }
    buf_puts(body, "]>>");
    END();
    for (size_t i = 0; i < t->n_el; i++) {
        const tag_elem *e = &t->el[i];
        BEGIN(el0 + i);
        buf_puts(body, "<</S/");
        buf_puts(body, pdf_role_name(e->role));
        buf_puts(body, "/P ");
        put_ref(body, e->parent == NONE ? t->root_num : el0 + e->parent);
        if (e->pg != NONE) {
            buf_puts(body, "/Pg ");
            put_ref(body, t->pages[e->pg].num);
        }
        if (e->n_kids) {
            buf_puts(body, e->n_kids > 1 ? "/K[" : "/K ");
            for (size_t c = e->first; c != NONE; c = t->kids[c].next) {
                const tag_kid *kd = &t->kids[c];
                if (c != e->first) buf_putc(body, ' ');
                if (kd->kind == KID_ELEM) {
                    put_ref(body, el0 + kd->value);
                } else if (kd->kind == KID_OBJR) {
                    buf_puts(body, "<</Type/OBJR/Pg ");
                    put_ref(body, t->pages[kd->page].num);
                    buf_puts(body, "/Obj ");
                    put_ref(body, kd->value);
                    buf_puts(body, ">>");
                } else if (kd->page == e->pg) {
                    buf_put_uint(body, kd->value);
                } else {
                    buf_puts(body, "<</Type/MCR/Pg ");
                    put_ref(body, t->pages[kd->page].num);
                    buf_puts(body, "/MCID ");
                    buf_put_uint(body, kd->value);
                    buf_puts(body, ">>");
                }
            }
            if (e->n_kids > 1) buf_putc(body, ']');
        }
        if (e->alt != NONE) {
            buf_puts(body, "/Alt");
            buf_puts(body, t->alts.data + e->alt);
        }
        if (e->attr == ATTR_SCOPE_COLUMN || e->attr == ATTR_SCOPE_ROW)
            buf_puts(body, e->attr == ATTR_SCOPE_COLUMN ? "/A<</O/Table/Scope/Column>>"
                                                        : "/A<</O/Table/Scope/Row>>");
        if (e->attr == ATTR_BBOX) {
            buf_puts(body, "/A<</O/Layout/Placement/Block/BBox[");
            for (int b = 0; b < 4; b++) {
                if (b) buf_putc(body, ' ');
                put_real(body, e->bbox[b]);
            }
            buf_puts(body, "]>>");
        }
        buf_puts(body, ">>");
        END();
    }
#undef BEGIN
#undef END
    *objs = o;
    return k;
}
