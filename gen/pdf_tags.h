/* pdf_tags: the logical structure of a tagged PDF (PDF/UA) over libharu.
 *
 * Owner: pdf_doc (one pdf_tags per document); internal to the PDF renderer.
 *
 * libharu 2.3 has no tagging API. This module writes (through the object
 * and stream headers Debian's libhpdf-dev installs, and pdf_pack):
 *  - the catalog's /MarkInfo << /Marked true >> and /StructTreeRoot,
 *  - a structure element per heading, paragraph, list item, table cell,
 *    figure and link, in the order they are begun (= the reading order),
 *  - marked content in the page streams: "/P <</MCID 3>> BDC … EMC" for
 *    real content, "/Artifact BMC … EMC" for decoration and page furniture,
 *  - /StructParents on every page and the /ParentTree that maps each page's
 *    marked content (and each link annotation) back to its element.
 *
 * Use: pdf_tags_begin/end bracket an element; before drawing, the drawing
 * primitive calls pdf_tags_mark (real content of the innermost element) or
 * pdf_tags_decoration (an artifact, unless inside a figure). Consecutive
 * draws of one element on one page share one marked-content sequence, so a
 * wrapped paragraph is one MCID.
 *
 * The tree itself is kept here, not as libharu objects: a briefing has
 * some 550 elements, and building and writing them through libharu's object
 * layer costs more time than the 2 ms tagging may take. pdf_tags_write
 * serialises them as extra objects for pdf_pack, which stores them in the
 * file's object stream; libharu holds only a placeholder for the root that
 * the catalog refers to, and the entries on pages and annotations.
 *
 * Errors: every libharu failure goes to the document's error handler (and
 * from there to pdf_doc_save); after one, the calls here do nothing useful
 * but stay harmless. */
#ifndef DIGINDEX_PDF_TAGS_H
#define DIGINDEX_PDF_TAGS_H

#include "buf.h"
#include "pdf_pack.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum pdf_role {
    PDF_ROLE_DOCUMENT = 0,
    PDF_ROLE_SECT,
    PDF_ROLE_H1,
    PDF_ROLE_H2,
    PDF_ROLE_H3,
    PDF_ROLE_P,
    PDF_ROLE_L,
    PDF_ROLE_LI,
    PDF_ROLE_LBL,
    PDF_ROLE_LBODY,
    PDF_ROLE_TABLE,
    PDF_ROLE_TR,
    PDF_ROLE_TH,
    PDF_ROLE_TD,
    PDF_ROLE_FIGURE,
    PDF_ROLE_CAPTION,
    PDF_ROLE_LINK,
    PDF_ROLE_TOC,
    PDF_ROLE_TOCI,
    PDF_ROLE_COUNT
} pdf_role;

/* The standard structure type of a role ("H1", "TD", ...). */
const char *pdf_role_name(pdf_role r);
/* Whether a role holds content itself (P, H1, TD, ...) rather than only
 * other elements (Document, L, Table, TR, ...). */
bool pdf_role_is_leaf(pdf_role r);

typedef enum pdf_artifact {
    PDF_ARTIFACT_LAYOUT = 0, /* rules, backgrounds, bullets, repeated table headers */
    PDF_ARTIFACT_HEADER,     /* running header */
    PDF_ARTIFACT_FOOTER      /* footer line, page numbers */
} pdf_artifact;

typedef struct pdf_tags pdf_tags;

/* Starts the structure tree of doc (catalog entries, root, Document
 * element). Returns a new pdf_tags (pdf_tags_free), or NULL when libharu
 * failed (the error is in the document). Borrows doc. */
pdf_tags *pdf_tags_new(HPDF_Doc doc);
void pdf_tags_free(pdf_tags *t);

/* Registers a new page (/StructParents, its parent-tree slot, /Tabs /S).
 * Call once for every page, in page order. */
void pdf_tags_add_page(pdf_tags *t, HPDF_Page page);

/* Begins an element as the last child of the innermost open element and
 * makes it the innermost; returns its handle. */
size_t pdf_tags_begin(pdf_tags *t, pdf_role role);
/* Ends the innermost element (the Document is never ended). */
void pdf_tags_end(pdf_tags *t);
/* Makes an element begun earlier the innermost again, for content drawn
 * after the flow (the contents list); end it with pdf_tags_end. */
void pdf_tags_enter(pdf_tags *t, size_t el);
/* The innermost open element and its role. */
size_t pdf_tags_current(const pdf_tags *t);
pdf_role pdf_tags_current_role(const pdf_tags *t);

/* Whether text drawn now needs an element of its own: not in an artifact,
 * and the innermost element only groups others (pdf_role_is_leaf). */
bool pdf_tags_wants_leaf(const pdf_tags *t);

/* Real content of the innermost element follows on page. */
void pdf_tags_mark(pdf_tags *t, HPDF_Page page);
/* Decoration follows on page: an artifact, except inside a figure, where it
 * is part of the picture. */
void pdf_tags_decoration(pdf_tags *t, HPDF_Page page);
/* Between begin and end everything drawn is an artifact of kind k. They
 * nest; the outermost kind counts. */
void pdf_tags_artifact_begin(pdf_tags *t, pdf_artifact k);
void pdf_tags_artifact_end(pdf_tags *t);
/* Closes the open marked-content sequence (EMC), e.g. before another page
 * is drawn on. */
void pdf_tags_close(pdf_tags *t);

/* Element attributes. Text is UTF-8; it is written in PDFDocEncoding when
 * it fits, else as UTF-16BE. */
void pdf_tags_set_alt(pdf_tags *t, size_t el, const char *utf8);
/* /A << /O /Table /Scope /Column >> (or /Row) on a TH. */
void pdf_tags_set_scope(pdf_tags *t, size_t el, bool column);
/* /A << /O /Layout /Placement /Block /BBox [...] >>, in PDF points (y up). */
void pdf_tags_set_bbox(pdf_tags *t, size_t el, double x0, double y0, double x1, double y1);

/* A link annotation on page belonging to the innermost element (a Link):
 * an OBJR in the element, /StructParent and /Contents (UTF-8) on the
 * annotation. */
void pdf_tags_annot(pdf_tags *t, HPDF_Page page, HPDF_Annotation annot, const char *contents);

/* The XMP metadata stream of the catalog: the title (UTF-8) as dc:title,
 * the language, and the PDF/UA identifier (pdfuaid:part 1). No dates, so
 * the bytes stay the same. */
void pdf_tags_metadata(pdf_tags *t, const char *title);

/* Closes what is open; call before libharu saves the document. */
void pdf_tags_finish(pdf_tags *t);
/* The structure tree as objects for pdf_pack: the root (replacing its
 * placeholder) and, numbered from first_num (the first number libharu did
 * not use), the parent tree and one object per element. Object bodies go
 * to body; *objs (caller frees) gets n entries pointing into it. */
size_t pdf_tags_write(const pdf_tags *t, size_t first_num, buf *body, pdf_pack_obj **objs);

/* Writes UTF-8 as a PDF text string: a literal in PDFDocEncoding when every
 * character has a code there, else <FEFF…> UTF-16BE. */
void pdf_tags_put_text(buf *out, const char *utf8);

#endif
