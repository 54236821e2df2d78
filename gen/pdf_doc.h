/* pdf_doc: one libharu document with our fonts, page flow and drawing
 * primitives. Owner: the PDF renderer (render_pdf.c); internal to it.
 *
 * Coordinates are in points from the TOP left of the page (y down), like the
 * charts; pdf_doc converts to PDF's bottom-up space. Text is UTF-8 and is
 * converted to our single-byte encoding (CP1252 plus ≥ ≤ − ≈ → in CP1252's
 * unused slots, see pdf_doc.c) right before drawing.
 *
 * libharu errors are caught by an error handler and remembered; every call
 * after the first error is harmless, and pdf_doc_save reports it.
 *
 * Tagged PDF (pdf_tags.h): the document has a structure tree, and the
 * primitives here tag what they draw. Text belongs to the innermost element
 * the caller opened with pdf_doc_tag_begin (a paragraph of its own when
 * only grouping elements such as the Document or a list are open); rules
 * and filled rectangles are artifacts (decoration); whatever the page hook
 * draws is a header artifact, and between pdf_doc_artifact_begin/end
 * everything is. Headings, charts and links have their own calls. */
#ifndef DIGINDEX_PDF_DOC_H
#define DIGINDEX_PDF_DOC_H

#include "buf.h"
#include "canvas.h"
#include "palette.h"
#include "diag.h"
#include "geo.h"
#include "metrics.h"
#include "pdf_tags.h"
#include "pdf_text.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A4 in points, and the type area. */
#define PDF_PAGE_W 595.276
#define PDF_PAGE_H 841.89
#define PDF_MARGIN_X 56.0
#define PDF_CONTENT_W (PDF_PAGE_W - 2 * PDF_MARGIN_X)
#define PDF_TOP 50.0                   /* first content line on page 1 */
#define PDF_TOP_RUNNING 78.0           /* below the running header, pages 2+ */
#define PDF_BOTTOM (PDF_PAGE_H - 64.0) /* content ends here; the footer is below */

/* The renderer: font files read once, shared read-only by all threads. */
struct pdf_renderer {
    const metrics_fonts *fonts;
    unsigned char *ttf[2]; /* METRICS_REGULAR, METRICS_BOLD, prepared by pdf_font */
    size_t ttf_len[2];
    const geo_map *map; /* borrowed; NULL = no map pages */
    bool untagged;      /* measurements only: no structure tree, no object streams */
    const struct theme *theme; /* borrowed (theme.h); NULL = the default look */
    struct pdf_flate_cache *font_flate; /* owned; the embedded font files compressed
                                           once (pdf_flate.h; shared read-write, it
                                           locks itself) */
    struct pdf_flate_cache *layer_flate; /* owned; the charts' layers (a Kreis'
                                            Gemeinden on the map) compressed once */
};

/* Reads a font file from the renderer's memory (one per document and face). */
typedef struct pdf_font_reader {
    const unsigned char *data;
    size_t len, pos;
} pdf_font_reader;

typedef struct pdf_doc pdf_doc;
/* Called on every new page after the first (running header); may move pd->y. */
typedef void (*pdf_page_hook)(pdf_doc *pd, void *ctx);

struct pdf_doc {
    const metrics_fonts *mf;
    HPDF_Doc pdf;
    HPDF_Encoder enc;
    HPDF_Font font[2];
    pdf_font_reader rd[2];
    struct pdf_flate_cache *font_flate; /* the renderer's (borrowed) */
    struct pdf_flate_cache *layer_flate; /* the renderer's (borrowed) */
    HPDF_Dict *layers; /* the content streams of the charts' layers (owned array) */
    size_t n_layers, cap_layers;
    HPDF_Dict_BeforeWriteFunc font_before_write; /* libharu's, which our hook calls */
    HPDF_STATUS err, err_detail; /* first libharu error, 0 = none */
    HPDF_Page *pages;
    size_t n_pages, cap_pages;
    HPDF_Page page; /* the page being drawn on */
    double y;       /* flow cursor (from the top) */
    pdf_page_hook on_page;
    void *hook_ctx;
    buf text;        /* encoded text, reused */
    buf tmp;         /* scratch UTF-8, reused */
    buf ops;         /* content-stream bytes, reused (canvas_pdf_text_out) */
    metrics_lines lines; /* scratch line breaks, reused */
    pdf_tags *tags;  /* the structure tree (NULL only after a libharu error) */
    const char *author; /* the publisher (theme.h), for the document information */
    palette_colors colors; /* the theme's data colours; render_pdf sets them */
    uint32_t accent;       /* the theme's header colour (title rule, kicker) */
    /* Graphics state last set on `page`, to keep content streams short. */
    int cur_font; /* -1 = unknown */
    double cur_size, cur_lw;
    uint32_t cur_fill, cur_stroke;
    bool have_fill, have_stroke, have_lw;
};

/* Text style. */
typedef struct pdf_font {
    metrics_weight w;
    double size;
    uint32_t color;
} pdf_font;

typedef enum pdf_align { PDF_LEFT = 0, PDF_RIGHT, PDF_CENTER } pdf_align;

/* Starts a document: libharu, encoder, both fonts, compression, /Lang.
 * Returns false after adding an error to d (then call pdf_doc_end anyway). */
bool pdf_doc_begin(pdf_doc *pd, const struct pdf_renderer *r, diag *d);
/* Title, subject and keywords (UTF-8); author is "digindex". */
void pdf_doc_info(pdf_doc *pd, const char *title, const char *subject, const char *keywords);
/* Draws a PNG file (its bytes) into the box (x, y from the top, w, h) of
 * the current page as an artifact (decoration such as a logo). False when
 * libharu cannot read it (the error is kept for pdf_doc_save). */
bool pdf_doc_png(pdf_doc *pd, const void *png, size_t len, double x, double y, double w, double h);
/* Saves the document and appends it to out; false after adding an error. */
bool pdf_doc_save(pdf_doc *pd, buf *out, const char *what, diag *d);
void pdf_doc_end(pdf_doc *pd);

/* ---- pages and flow ------------------------------------------------------ */

/* Adds an A4 page, makes it current and runs the page hook (not for page 1).
 * The cursor starts at PDF_TOP (page 1) or PDF_TOP_RUNNING. */
void pdf_doc_add_page(pdf_doc *pd);
/* Starts a new page unless h points fit above PDF_BOTTOM. True on a break. */
bool pdf_doc_need(pdf_doc *pd, double h);
/* Room left on the current page. */
double pdf_doc_room(const pdf_doc *pd);
/* Makes page i (0-based) current, e.g. for footers after the flow. */
void pdf_doc_use_page(pdf_doc *pd, size_t i);

/* ---- structure (tagged PDF) ---------------------------------------------- */

/* Begins an element inside the innermost open one (pdf_tags_begin) and
 * returns its handle; pdf_doc_tag_end ends the innermost. */
size_t pdf_doc_tag_begin(pdf_doc *pd, pdf_role role);
void pdf_doc_tag_end(pdf_doc *pd);
/* Everything drawn until the matching end is an artifact of kind k (page
 * furniture drawn after the flow: footers, page numbers). */
void pdf_doc_artifact_begin(pdf_doc *pd, pdf_artifact k);
void pdf_doc_artifact_end(pdf_doc *pd);
/* A heading of level 1–3 (H1–H3) wrapped in a box of width w at the cursor's
 * page, first line's top at y, with a bookmark of the same text, so the
 * bookmarks are the headings. Returns the height used. */
double pdf_doc_heading(pdf_doc *pd, int level, double x, double y, double w, const pdf_font *ft,
                       double leading, const char *title);
/* A chart in the box (x, y, w, h) (top-left coordinates) of the current
 * page: a Figure element with that bounding box around a PDF canvas. End
 * with pdf_doc_chart_end, which finishes and frees the canvas and gives the
 * figure the chart's description as /Alt. */
canvas *pdf_doc_chart_begin(pdf_doc *pd, double x, double y, double w, double h);
bool pdf_doc_chart_end(pdf_doc *pd, canvas *c, diag *d);

/* Bookmark at the cursor of the current page; parent NULL = top level. */
HPDF_Outline pdf_doc_outline(pdf_doc *pd, HPDF_Outline parent, const char *title);
/* Clickable areas (top-left x, y, size). Each belongs to the innermost Link
 * element (the text drawn for it), or to a Link of its own; `contents`
 * (UTF-8) describes it to assistive technology (/Contents). */
void pdf_doc_link_uri(pdf_doc *pd, double x, double y, double w, double h, const char *url);
void pdf_doc_link_page(pdf_doc *pd, double x, double y, double w, double h, size_t page,
                       double top, const char *contents);

/* ---- drawing ---------------------------------------------------------- */

void pdf_fill_rect(pdf_doc *pd, double x, double y, double w, double h, uint32_t color);
void pdf_rule(pdf_doc *pd, double x0, double y0, double x1, double y1, double width,
              uint32_t color);
/* Width of s in a style (metrics). */
double pdf_width(const pdf_doc *pd, const pdf_font *ft, const char *s);
double pdf_ascent(const pdf_doc *pd, const pdf_font *ft);
/* One line, baseline at y; x is the left, right or centre edge. No wrapping:
 * callers measure first (pdf_text_box, pdf_label). */
void pdf_text(pdf_doc *pd, double x, double baseline, pdf_align a, const pdf_font *ft,
              const char *s, size_t len);
/* One line fitted into max_width: shrunk down to min_size, then cut with "…". */
void pdf_label(pdf_doc *pd, double x, double baseline, pdf_align a, const pdf_font *ft,
               double min_size, double max_width, const char *s);
/* A wrapped paragraph in a box of width w, first line's top at y, lines
 * `leading` apart. Draws when draw is true; returns the height used. */
double pdf_text_box(pdf_doc *pd, double x, double y, double w, pdf_align a, const pdf_font *ft,
                    double leading, const char *s, bool draw);

/* The Unicode code points our encoding can show (CP1252 from 0x20 and the
 * extra characters), for subsetting the fonts. Returns the count. */
#define PDF_DOC_MAX_CODE_POINTS 256
size_t pdf_doc_code_points(uint32_t *cps, size_t max);

/* Encodes UTF-8 for our fonts into pd->text (exposed for the tests). */
const char *pdf_doc_encode(pdf_doc *pd, const char *s, size_t len);

#endif
