/* pdf_tags: structure tree and marked content over libharu (see pdf_tags.h).
 *
 * libharu objects used here (hpdf_objects.h): a dictionary added to the
 * cross-reference table (HPDF_Xref_Add) becomes an indirect object, and
 * HPDF_Dict_Add / HPDF_Array_Add of an indirect object store a reference
 * to it. Structure elements are indirect (children, the parent tree and
 * the /P of their children refer to them); their /K arrays, attribute
 * dictionaries and marked-content references are direct. Marked-content
 * operators go straight into the page's content stream (the stream in
 * HPDF_PageAttr), between the graphics objects libharu writes.
 *
 * Size: an element is written without /Type (optional), and a /K with one
 * marked-content id on the element's own page as a plain integer. */
#include "pdf_tags.h"

#include "buf.h"
#include "cp1252.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[PDF_ROLE_COUNT] = {
    "Document", "Sect", "H1", "H2",    "H3",   "P",      "L",       "LI",   "Lbl", "LBody",
    "Table",    "TR",   "TH", "TD",    "Figure", "Caption", "Link", "TOC", "TOCI",
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

typedef struct tag_elem {
    HPDF_Dict dict;
    HPDF_Array kids; /* NULL while /K is absent or a single integer */
    HPDF_Page pg;    /* /Pg, the page of its first marked content */
    int single;      /* the integer in /K, -1 = none */
    pdf_role role;
} tag_elem;

typedef struct tag_page {
    HPDF_Page page;
    HPDF_Array parents; /* MCID → element */
    int next_mcid;
} tag_page;

typedef enum mc_state { MC_NONE = 0, MC_ELEM, MC_ARTIFACT } mc_state;

struct pdf_tags {
    HPDF_Doc doc;
    HPDF_MMgr mmgr;
    HPDF_Dict root;
    HPDF_Array nums; /* the parent tree's /Nums */
    int next_key;
    tag_elem *el;
    size_t n_el, cap_el;
    size_t *stack; /* open elements; stack[0] is the Document */
    size_t depth, cap_stack;
    tag_page *pages;
    size_t n_pages, cap_pages;
    mc_state mc;
    size_t mc_elem;
    HPDF_Page mc_page;
    int artifact_depth;
    pdf_artifact artifact_kind;
};

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

void *pdf_tags_text_string(HPDF_MMgr mmgr, const char *utf8)
{
    size_t len = strlen(utf8);
    buf b = BUF_INIT;
    bool doc = true;
    for (size_t i = 0; i < len && doc;) {
        uint32_t cp;
        i += cp1252_utf8_next(utf8 + i, len - i, &cp);
        if (cp < 0x20) cp = ' ';
        int c = pdfdoc_code(cp);
        if (c < 0)
            doc = false;
        else
            buf_putc(&b, (char)c);
    }
    void *obj = NULL;
    if (doc && b.len < 65535) {
        obj = HPDF_String_New(mmgr, buf_cstr(&b), NULL);
    } else {
        buf_clear(&b);
        buf_putc(&b, (char)0xFE);
        buf_putc(&b, (char)0xFF);
        for (size_t i = 0; i < len;) {
            uint32_t cp;
            i += cp1252_utf8_next(utf8 + i, len - i, &cp);
            if (cp < 0x20) cp = ' ';
            if (cp >= 0x10000) {
                uint32_t v = cp - 0x10000;
                uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
                buf_putc(&b, (char)(hi >> 8));
                buf_putc(&b, (char)(hi & 0xFF));
                buf_putc(&b, (char)(lo >> 8));
                buf_putc(&b, (char)(lo & 0xFF));
            } else {
                buf_putc(&b, (char)(cp >> 8));
                buf_putc(&b, (char)(cp & 0xFF));
            }
        }
        obj = HPDF_Binary_New(mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    }
    buf_free(&b);
    return obj;
}

/* ---- elements ------------------------------------------------------------------ */

static tag_elem *elem(pdf_tags *t, size_t i)
{
    return &t->el[i];
}

/* A new indirect dictionary, or NULL (error in the document). */
static HPDF_Dict indirect_dict(pdf_tags *t)
{
    HPDF_Dict d = HPDF_Dict_New(t->mmgr);
    if (!d) return NULL;
    if (HPDF_Xref_Add(t->doc->xref, d) != HPDF_OK) return NULL; /* frees d */
    return d;
}

/* Turns /K into an array (keeping a single integer) and returns it. */
static HPDF_Array kids_array(pdf_tags *t, tag_elem *e)
{
    if (e->kids) return e->kids;
    HPDF_Array a = HPDF_Array_New(t->mmgr);
    if (!a) return NULL;
    if (e->single >= 0) HPDF_Array_AddNumber(a, e->single);
    if (HPDF_Dict_Add(e->dict, "K", a) != HPDF_OK) return NULL;
    e->single = -1;
    e->kids = a;
    return a;
}

static size_t elem_new(pdf_tags *t, pdf_role role, HPDF_Dict parent)
{
    if (t->n_el == t->cap_el) {
        t->cap_el = t->cap_el ? 2 * t->cap_el : 64;
        t->el = xrealloc(t->el, t->cap_el * sizeof *t->el);
    }
    size_t i = t->n_el++;
    tag_elem *e = elem(t, i);
    *e = (tag_elem){indirect_dict(t), NULL, NULL, -1, role};
    if (e->dict) {
        HPDF_Dict_AddName(e->dict, "S", pdf_role_name(role));
        HPDF_Dict_Add(e->dict, "P", parent);
    }
    return i;
}

pdf_tags *pdf_tags_new(HPDF_Doc doc)
{
    pdf_tags *t = xcalloc(1, sizeof *t);
    t->doc = doc;
    t->mmgr = doc->mmgr;
    t->root = indirect_dict(t);
    HPDF_Dict tree = indirect_dict(t);
    HPDF_Dict mark = HPDF_Dict_New(t->mmgr);
    t->nums = HPDF_Array_New(t->mmgr);
    if (!t->root || !tree || !mark || !t->nums) {
        pdf_tags_free(t);
        return NULL;
    }
    HPDF_Dict_AddName(t->root, "Type", "StructTreeRoot");
    HPDF_Dict_Add(tree, "Nums", t->nums);
    HPDF_Dict_Add(t->root, "ParentTree", tree);
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(doc->catalog, "MarkInfo", mark);
    HPDF_Dict_Add(doc->catalog, "StructTreeRoot", t->root);
    size_t d = elem_new(t, PDF_ROLE_DOCUMENT, t->root);
    if (!elem(t, d)->dict) {
        pdf_tags_free(t);
        return NULL;
    }
    HPDF_Dict_Add(t->root, "K", elem(t, d)->dict);
    t->cap_stack = 16;
    t->stack = xcalloc(t->cap_stack, sizeof *t->stack);
    t->stack[0] = d;
    t->depth = 1;
    return t;
}

void pdf_tags_free(pdf_tags *t)
{
    if (!t) return;
    free(t->el);
    free(t->stack);
    free(t->pages);
    free(t);
}

void pdf_tags_add_page(pdf_tags *t, HPDF_Page page)
{
    if (!t || !page) return;
    HPDF_Array parents = HPDF_Array_New(t->mmgr);
    if (!parents) return;
    int key = t->next_key++;
    HPDF_Dict_AddNumber(page, "StructParents", key);
    HPDF_Dict_AddName(page, "Tabs", "S");
    HPDF_Array_AddNumber(t->nums, key);
    HPDF_Array_Add(t->nums, parents);
    if (t->n_pages == t->cap_pages) {
        t->cap_pages = t->cap_pages ? 2 * t->cap_pages : 8;
        t->pages = xrealloc(t->pages, t->cap_pages * sizeof *t->pages);
    }
    t->pages[t->n_pages++] = (tag_page){page, parents, 0};
}

static tag_page *page_of(pdf_tags *t, HPDF_Page page)
{
    for (size_t i = t->n_pages; i-- > 0;)
        if (t->pages[i].page == page) return &t->pages[i];
    return NULL;
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
    tag_elem *parent = elem(t, pdf_tags_current(t));
    HPDF_Dict pd = parent->dict;
    size_t i = elem_new(t, role, pd);
    parent = elem(t, pdf_tags_current(t)); /* elem_new may move the array */
    HPDF_Array kids = pd ? kids_array(t, parent) : NULL;
    if (kids && elem(t, i)->dict) HPDF_Array_Add(kids, elem(t, i)->dict);
    if (t->depth == t->cap_stack) {
        t->cap_stack *= 2;
        t->stack = xrealloc(t->stack, t->cap_stack * sizeof *t->stack);
    }
    t->stack[t->depth++] = i;
    return i;
}

void pdf_tags_end(pdf_tags *t)
{
    if (t->depth <= 1) return;
    size_t e = t->stack[--t->depth];
    if (t->mc == MC_ELEM && t->mc_elem == e) pdf_tags_close(t);
}

void pdf_tags_enter(pdf_tags *t, size_t el)
{
    if (el >= t->n_el) return;
    if (t->depth == t->cap_stack) {
        t->cap_stack *= 2;
        t->stack = xrealloc(t->stack, t->cap_stack * sizeof *t->stack);
    }
    t->stack[t->depth++] = el;
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

/* Adds marked-content id mcid on page to element e's /K. */
static void add_mcid(pdf_tags *t, tag_elem *e, HPDF_Page page, int mcid)
{
    if (!e->pg) {
        e->pg = page;
        HPDF_Dict_Add(e->dict, "Pg", page);
    }
    if (e->pg == page && !e->kids && e->single < 0) {
        e->single = mcid;
        HPDF_Dict_AddNumber(e->dict, "K", mcid);
        return;
    }
    HPDF_Array kids = kids_array(t, e);
    if (!kids) return;
    if (e->pg == page) {
        HPDF_Array_AddNumber(kids, mcid);
        return;
    }
    HPDF_Dict mcr = HPDF_Dict_New(t->mmgr);
    if (!mcr) return;
    HPDF_Dict_AddName(mcr, "Type", "MCR");
    HPDF_Dict_Add(mcr, "Pg", page);
    HPDF_Dict_AddNumber(mcr, "MCID", mcid);
    HPDF_Array_Add(kids, mcr);
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
    tag_page *tp = page_of(t, page);
    tag_elem *e = elem(t, cur);
    if (!tp || !e->dict) return;
    pdf_tags_close(t);
    int mcid = tp->next_mcid++;
    char op[96];
    snprintf(op, sizeof op, "/%s <</MCID %d>> BDC\n", pdf_role_name(e->role), mcid);
    emit(page, op);
    HPDF_Array_Add(tp->parents, e->dict);
    add_mcid(t, e, page, mcid);
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
    if (!t || el >= t->n_el || !t->el[el].dict || !utf8) return;
    void *s = pdf_tags_text_string(t->mmgr, utf8);
    if (s) HPDF_Dict_Add(t->el[el].dict, "Alt", s);
}

void pdf_tags_set_scope(pdf_tags *t, size_t el, bool column)
{
    if (!t || el >= t->n_el || !t->el[el].dict) return;
    HPDF_Dict a = HPDF_Dict_New(t->mmgr);
    if (!a) return;
    HPDF_Dict_AddName(a, "O", "Table");
    HPDF_Dict_AddName(a, "Scope", column ? "Column" : "Row");
    HPDF_Dict_Add(t->el[el].dict, "A", a);
}

void pdf_tags_set_bbox(pdf_tags *t, size_t el, double x0, double y0, double x1, double y1)
{
    if (!t || el >= t->n_el || !t->el[el].dict) return;
    HPDF_Dict a = HPDF_Dict_New(t->mmgr);
    HPDF_Array box = HPDF_Array_New(t->mmgr);
    if (!a || !box) return;
    HPDF_Array_AddReal(box, (HPDF_REAL)x0);
    HPDF_Array_AddReal(box, (HPDF_REAL)y0);
    HPDF_Array_AddReal(box, (HPDF_REAL)x1);
    HPDF_Array_AddReal(box, (HPDF_REAL)y1);
    HPDF_Dict_AddName(a, "O", "Layout");
    HPDF_Dict_AddName(a, "Placement", "Block");
    HPDF_Dict_Add(a, "BBox", box);
    HPDF_Dict_Add(t->el[el].dict, "A", a);
}

void pdf_tags_annot(pdf_tags *t, HPDF_Page page, HPDF_Annotation annot, const char *contents)
{
    if (!t || !page || !annot) return;
    tag_elem *e = elem(t, pdf_tags_current(t));
    if (!e->dict) return;
    void *s = contents ? pdf_tags_text_string(t->mmgr, contents) : NULL;
    if (s) HPDF_Dict_Add(annot, "Contents", s);
    int key = t->next_key++;
    HPDF_Dict_AddNumber(annot, "StructParent", key);
    HPDF_Array_AddNumber(t->nums, key);
    HPDF_Array_Add(t->nums, e->dict);
    HPDF_Dict objr = HPDF_Dict_New(t->mmgr);
    HPDF_Array kids = kids_array(t, e);
    if (!objr || !kids) return;
    HPDF_Dict_AddName(objr, "Type", "OBJR");
    HPDF_Dict_Add(objr, "Pg", page);
    HPDF_Dict_Add(objr, "Obj", annot);
    HPDF_Array_Add(kids, objr);
}

void pdf_tags_finish(pdf_tags *t)
{
    if (!t) return;
    pdf_tags_close(t);
    HPDF_Dict_AddNumber(t->root, "ParentTreeNextKey", t->next_key);
}
