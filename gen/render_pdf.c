/* render_pdf: briefing and Gesamtbericht layout (see render_pdf.h).
 *
 * Layout is a simple flow down the page (pdf_doc): blocks measure themselves
 * first and move to a new page when they do not fit, so nothing is cut off
 * and a heading never ends a page. Footers and the table of contents are
 * drawn after the flow, when the page count is known.
 *
 * Tagging (pdf_tags.h): the primitives tag what they draw; this file only
 * names the roles (headings, lists, the contents list, artifacts) in the
 * order a reader should meet them, which is the order they are drawn.
 *
 * Layout only: every word printed comes from the view (view.h: its texts,
 * sentences and *_de strings), every chart input from view_charts.h. */
#include "render_pdf.h"

#include "canvas_pdf.h"
#include "charts.h"
#include "fileio.h"
#include "palette.h"
#include "pdf_doc.h"
#include "pdf_flate.h"
#include "pdf_font.h"
#include "pdf_table.h"
#include "theme.h"
#include "view_charts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X0 PDF_MARGIN_X
#define W PDF_CONTENT_W

/* Type sizes (pt). */
#define SZ_BODY 10.0
#define SZ_SMALL 8.5
#define SZ_TABLE 7.5
#define SZ_HEAD 13.0
#define SZ_CHART 8.0

static const char *S(const char *s)
{
    return s ? s : "";
}

/* The layout text k of a view (view.h): every word printed comes from there. */
#define T(texts, k) view_text((texts), (k))

/* c at `amount` (0–1) on white: a tint that carries no data. */
static uint32_t tint(uint32_t c, double amount)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double ch = (double)((c >> sh) & 0xFF);
        out |= (uint32_t)lround(ch * amount + 255.0 * (1 - amount)) << sh;
    }
    return out;
}

/* ---- renderer ------------------------------------------------------------ */

pdf_renderer *pdf_renderer_new(const metrics_fonts *fonts, diag *d)
{
    if (!fonts) {
        diag_error(d, NULL, NULL, NULL, "PDF renderer: no fonts loaded");
        return NULL;
    }
    pdf_renderer *r = xcalloc(1, sizeof *r);
    r->fonts = fonts;
    /* The 22,412 font files of a full build (11,206 PDFs) are 1,169
     * distinct ones; 256 entries (≈ 10 MB) find 92 % of them in the cache,
     * 64 entries 83 %, 512 entries 94 %. */
    r->font_flate = pdf_flate_cache_new(256);
    /* Layers come in runs (the Gemeinden of a Kreis render one after the
     * other): a few entries suffice, and each holds a map's paths. */
    r->layer_flate = pdf_flate_cache_new(8);
    for (int w = 0; w < 2; w++) {
        const char *path = metrics_fonts_path(fonts, (metrics_weight)w);
        r->ttf[w] = path ? (unsigned char *)file_read_all(path, &r->ttf_len[w],
                                                          "install the Debian package "
                                                          METRICS_FONT_PACKAGE, d)
                         : NULL;
        if (!r->ttf[w] || r->ttf_len[w] == 0) {
            if (!path || r->ttf[w])
                diag_system(d, path, "install the Debian package " METRICS_FONT_PACKAGE,
                            "PDF: cannot read the font file");
            pdf_renderer_free(r);
            return NULL;
        }
        /* Only the glyphs our encoding reaches (pdf_font.h); the whole font
         * when the subsetter does not understand the file. */
        uint32_t cps[PDF_DOC_MAX_CODE_POINTS];
        size_t n = pdf_doc_code_points(cps, PDF_DOC_MAX_CODE_POINTS);
        buf sub = BUF_INIT;
        if (pdf_font_subset(r->ttf[w], r->ttf_len[w], cps, n, &sub)) {
            free(r->ttf[w]);
            r->ttf_len[w] = sub.len;
            r->ttf[w] = (unsigned char *)buf_detach(&sub);
        } else if (!pdf_font_reduce_post(r->ttf[w], r->ttf_len[w])) {
            diag_system(d, path, "reinstall the Debian package " METRICS_FONT_PACKAGE,
                        "PDF: not a TrueType font file");
            buf_free(&sub);
            pdf_renderer_free(r);
            return NULL;
        }
        buf_free(&sub);
    }
    /* Let libharu parse both faces once now, so a bad file fails here and
     * not in the middle of a build. */
    pdf_doc pd;
    bool ok = pdf_doc_begin(&pd, r, d);
    pdf_doc_end(&pd);
    if (!ok) {
        pdf_renderer_free(r);
        return NULL;
    }
    return r;
}

void pdf_renderer_set_map(pdf_renderer *r, const geo_map *map)
{
    if (r) r->map = map;
}

void pdf_renderer_set_tagged(pdf_renderer *r, bool tagged)
{
    if (r) r->untagged = !tagged;
}

void pdf_renderer_set_theme(pdf_renderer *r, const theme *t)
{
    if (r) r->theme = t;
}

void pdf_renderer_free(pdf_renderer *r)
{
    if (!r) return;
    free(r->ttf[0]);
    free(r->ttf[1]);
    pdf_flate_cache_free(r->font_flate);
    pdf_flate_cache_free(r->layer_flate);
    free(r);
}

/* ---- shared page furniture ------------------------------------------------ */

typedef struct page_text {
    const char *running_left; /* running header, pages 2+ */
    const char *running_right;
    const view_edition *ed;
    const view_texts *t;
} page_text;

static void running_header(pdf_doc *pd, void *ctx)
{
    const page_text *pt = ctx;
    pdf_font l = {METRICS_BOLD, SZ_SMALL, PALETTE_TEXT};
    pdf_font r = {METRICS_REGULAR, SZ_SMALL, PALETTE_MUTED};
    double rw = fmin(pdf_width(pd, &r, pt->running_right), W * 0.45);
    pdf_label(pd, X0 + W, 38, PDF_RIGHT, &r, 7, rw, pt->running_right);
    pdf_label(pd, X0, 38, PDF_LEFT, &l, 7, W - rw - 16, pt->running_left);
    pdf_rule(pd, X0, 45, X0 + W, 45, 0.5, PALETTE_GRID);
}

static void footers(pdf_doc *pd, const page_text *pt)
{
    const view_edition *ed = pt->ed;
    pdf_font mut = {METRICS_REGULAR, 7.5, PALETTE_MUTED};
    pdf_font txt = {METRICS_REGULAR, 7.5, PALETTE_TEXT};
    pdf_font warn = {METRICS_BOLD, 7.5, PALETTE_TEXT};
    const char *left = T(pt->t, VT_FOOTER);
    const double base = PDF_PAGE_H - 32, rule = PDF_PAGE_H - 44;
    pdf_doc_artifact_begin(pd, PDF_ARTIFACT_FOOTER);
    for (size_t i = 0; i < pd->n_pages; i++) {
        pdf_doc_use_page(pd, i);
        pdf_rule(pd, X0, rule, X0 + W, rule, 0.5, PALETTE_GRID);
        char page[160];
        snprintf(page, sizeof page, "%s %zu %s %zu", T(pt->t, VT_PAGE), i + 1, T(pt->t, VT_PAGE_OF),
                 pd->n_pages);
        double right = X0 + W;
        pdf_text(pd, right, base, PDF_RIGHT, &txt, page, strlen(page));
        right -= pdf_width(pd, &txt, page) + 14;
        if (ed->sample) {
            /* A vermillion tag: colour marks it, the word says it. */
            const char *tag = T(pt->t, VT_SAMPLE_TAG);
            double tw = pdf_width(pd, &warn, tag);
            pdf_fill_rect(pd, right - tw - 8, base - 8.5, tw + 8, 12, tint(PALETTE_AVERAGE, 0.18));
            pdf_fill_rect(pd, right - tw - 8, base - 8.5, 2, 12, PALETTE_AVERAGE);
            pdf_text(pd, right - 3, base, PDF_RIGHT, &warn, tag, strlen(tag));
            right -= tw + 8 + 14;
        }
        pdf_label(pd, X0, base, PDF_LEFT, &mut, 6, right - X0, left);
    }
    pdf_doc_artifact_end(pd);
}

static bool at_page_top(const pdf_doc *pd)
{
    return pd->y <= (pd->n_pages == 1 ? PDF_TOP : PDF_TOP_RUNNING) + 0.5;
}

/* The lowest a map beside a ranking may shrink to. */
#define MAP_MIN_H 230.0
/* … and a map across the page (its legend beside it). */
#define MAP_ALONE_MIN_H 170.0
#define HEADING_SPACE 16.0

/* Height of a heading at the cursor: the space above it and its lines. */
static double heading_height(pdf_doc *pd, const char *title)
{
    pdf_font hf = {METRICS_BOLD, SZ_HEAD, PALETTE_TEXT};
    double h = pdf_text_box(pd, X0, 0, W, PDF_LEFT, &hf, SZ_HEAD * 1.2, title, false);
    return h + 7 + (at_page_top(pd) ? 0 : HEADING_SPACE);
}

/* A section heading with a bookmark, kept together with `keep` points of
 * what follows. */
static void heading(pdf_doc *pd, const char *title, double keep)
{
    pdf_font hf = {METRICS_BOLD, SZ_HEAD, PALETTE_TEXT};
    const double lead = SZ_HEAD * 1.2;
    /* Long titles wrap (rare: a topic field with a long name). */
    double h = pdf_text_box(pd, X0, 0, W, PDF_LEFT, &hf, lead, title, false) + 7;
    if (!at_page_top(pd)) pd->y += HEADING_SPACE;
    pdf_doc_need(pd, h + keep);
    pdf_doc_heading(pd, 2, X0, pd->y, W, &hf, lead, title);
    pd->y += h;
}

/* A paragraph at the cursor, moving to a new page first if it does not fit. */
static void paragraph(pdf_doc *pd, double x, double w, const pdf_font *ft, double leading,
                      const char *s, double gap_after)
{
    double h = pdf_text_box(pd, x, pd->y, w, PDF_LEFT, ft, leading, s, false);
    pdf_doc_need(pd, h);
    pdf_text_box(pd, x, pd->y, w, PDF_LEFT, ft, leading, s, true);
    pd->y += h + gap_after;
}

/* A bulleted paragraph: a small square in region blue, then the text; a
 * list item (the square an artifact) of the list the caller opened. */
#define BULLET_INDENT 13.0
static void bullet(pdf_doc *pd, const pdf_font *ft, double leading, const char *s, double gap)
{
    const double indent = BULLET_INDENT;
    double h = pdf_text_box(pd, X0 + indent, pd->y, W - indent, PDF_LEFT, ft, leading, s, false);
    pdf_doc_need(pd, h);
    double cap = metrics_cap_height(pd->mf, ft->w, ft->size);
    double base = pd->y + pdf_ascent(pd, ft);
    double sq = 0.36 * ft->size;
    pdf_doc_tag_begin(pd, PDF_ROLE_LI);
    pdf_fill_rect(pd, X0 + 1, base - cap / 2 - sq / 2, sq, sq, pd->colors.region);
    pdf_doc_tag_begin(pd, PDF_ROLE_LBODY);
    pdf_text_box(pd, X0 + indent, pd->y, W - indent, PDF_LEFT, ft, leading, s, true);
    pdf_doc_tag_end(pd);
    pdf_doc_tag_end(pd);
    pd->y += h + gap;
}

/* The notice on sample editions: a vermillion bar, a light tint, a heading. */
static void sample_box(pdf_doc *pd, const view_texts *t)
{
    const double pad = 9, bar = 3.5;
    pdf_font hf = {METRICS_BOLD, 10, PALETTE_TEXT};
    pdf_font bf = {METRICS_REGULAR, 9, PALETTE_TEXT};
    const char *body = T(t, VT_SAMPLE_BODY), *head = T(t, VT_SAMPLE_HEADING);
    double inner = W - bar - 2 * pad;
    double hh = SZ_BODY * 1.25;
    double bh = pdf_text_box(pd, 0, 0, inner, PDF_LEFT, &bf, 11.8, body, false);
    double h = pad + hh + bh + pad;
    pdf_doc_need(pd, h);
    pdf_fill_rect(pd, X0, pd->y, W, h, tint(PALETTE_AVERAGE, 0.10));
    pdf_fill_rect(pd, X0, pd->y, bar, h, PALETTE_AVERAGE);
    double x = X0 + bar + pad;
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pdf_text(pd, x, pd->y + pad + pdf_ascent(pd, &hf), PDF_LEFT, &hf, head, strlen(head));
    pdf_text_box(pd, x, pd->y + pad + hh, inner, PDF_LEFT, &bf, 11.8, body, true);
    pdf_doc_tag_end(pd);
    pd->y += h;
}

/* ---- charts on the page ----------------------------------------------------- */

/* Which chart of which view: the inputs come from view_charts, as for the
 * chart files and the site. */
typedef struct chart_ref {
    const view_briefing *v;     /* a briefing chart (bk), or */
    briefing_chart bk;
    const view_overview *o;     /* an overview chart (ok, topic) */
    overview_chart ok;
    size_t topic;
    const geo_map *map;
} chart_ref;

static double chart_height(const pdf_doc *pd, const chart_ref *c, double w, double fs)
{
    chart_style st = {.font_size = fs, .colors = &pd->colors};
    return c->v ? briefing_chart_height(pd->mf, c->v, c->bk, w, c->map, &st)
                : overview_chart_height(pd->mf, c->o, c->ok, c->topic, w, c->map, &st);
}

/* Draws a chart into the box (x, y, w, h) of the current page. */
static bool chart_at(pdf_doc *pd, const chart_ref *c, double x, double y, double w, double h,
                     double fs, diag *d)
{
    canvas *cv = pdf_doc_chart_begin(pd, x, y, w, h);
    chart_style st = {.font_size = fs, .colors = &pd->colors};
    bool ok = c->v ? briefing_chart_draw(cv, c->v, c->bk, c->map, &st, d)
                   : overview_chart_draw(cv, c->o, c->ok, c->topic, c->map, &st, d);
    return pdf_doc_chart_end(pd, cv, d) && ok;
}

/* A heading, then the ranking (n entries), and beside it the Länder map
 * (map may be NULL) when the list is short enough to share the width.
 * Always one column, even for the 96 Kreise of Bayern (about 6 pt type on a
 * full page): split into columns, each chart would scale its bars to its
 * own maximum. */
static bool ranking_section(pdf_doc *pd, const char *head, const chart_ref *rank, size_t n,
                            const chart_ref *map, diag *d)
{
    if (n == 0 || n > 500) return true;
    bool with_map = map && n <= 40;
    const double gap = 18;
    double wl = with_map ? floor(W * 0.56) : W, wr = W - wl - gap;
    double hl = fmin(chart_height(pd, rank, wl, SZ_CHART), PDF_BOTTOM - PDF_TOP_RUNNING - 40);
    double hr = 0;
    if (with_map) {
        /* At least as tall as the ranking: with room the map grows and its
         * legend moves below it. */
        hr = chart_height(pd, map, wr, SZ_CHART);
        if (hr > 0) hr = fmin(fmax(fmax(hr, hl), 300), 360);
        /* On a page with less room the map gives way rather than moving
         * the section on and leaving a half-empty page behind. */
        double room = pdf_doc_room(pd) - (head ? heading_height(pd, head) : 0);
        if (hr > room && room >= fmax(hl, MAP_MIN_H)) hr = room;
    }
    double h = fmax(hl, hr);
    if (head) heading(pd, head, h);
    pdf_doc_need(pd, h);
    hl = fmin(hl, pdf_doc_room(pd));
    bool ok = chart_at(pd, rank, X0, pd->y, wl, hl, SZ_CHART, d);
    if (with_map && ok && hr > 0)
        ok = chart_at(pd, map, X0 + wl + gap, pd->y, wr, fmin(hr, pdf_doc_room(pd)), SZ_CHART, d);
    pd->y += fmin(h, pdf_doc_room(pd));
    return ok;
}

/* ---- briefing ------------------------------------------------------------ */

/* The layout's give: a briefing is laid out with `tight` false, and once
 * more with it true when that leaves its last page nearly empty (a few
 * lines of the method alone on a page). */
typedef struct brief {
    pdf_doc pd;
    const pdf_renderer *r;
    const view_briefing *v;
    page_text pt;
    diag *d;
    buf s;
    bool tight; /* smaller maps across the page, the method set closer */
} brief;

/* The publisher's logo in the top margin of page 1, right-aligned: a PNG
 * as it is; an SVG logo (the site's) cannot be embedded by libharu, so the
 * short name stands in its place. */
static void logo_block(pdf_doc *pd, const theme *th)
{
    if (!th) return;
    const double top = 16, max_h = 26, max_w = 150;
    if (th->logo_kind == THEME_LOGO_PNG && th->logo_width > 0 && th->logo_height > 0) {
        double h = max_h, w = h * th->logo_width / th->logo_height;
        if (w > max_w) {
            w = max_w;
            h = w * th->logo_height / th->logo_width;
        }
        pdf_doc_png(pd, th->logo.data, th->logo.len, X0 + W - w, top + (max_h - h) / 2, w, h);
    } else if (th->logo_kind == THEME_LOGO_SVG && *th->short_name) {
        pdf_font f = {METRICS_BOLD, 11, pd->accent};
        pdf_doc_artifact_begin(pd, PDF_ARTIFACT_LAYOUT);
        pdf_text(pd, X0 + W, top + max_h / 2 + 4, PDF_RIGHT, &f, th->short_name,
                 strlen(th->short_name));
        pdf_doc_artifact_end(pd);
    }
}

/* The kicker line, the name and the subtitle of page 1. */
static void title_block(pdf_doc *pd, const view_edition *ed, const view_texts *t)
{
    pdf_font kick = {METRICS_BOLD, 9, pd->accent};
    pdf_font kick_r = {METRICS_REGULAR, 9, PALETTE_MUTED};
    const char *right = T(t, VT_KICKER), *name = T(t, VT_TITLE);
    double rw = pdf_width(pd, &kick_r, right);
    double base = pd->y + pdf_ascent(pd, &kick);
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pdf_label(pd, X0, base, PDF_LEFT, &kick, 7, W - rw - 16, S(ed->title));
    pdf_text(pd, X0 + W, base, PDF_RIGHT, &kick_r, right, strlen(right));
    pdf_doc_tag_end(pd);
    pd->y += 22;

    /* The name: one line, shrunk from 24 down to 17 pt; else wrapped. */
    pdf_font nf = {METRICS_BOLD, 24, PALETTE_TEXT};
    nf.size = pdf_text_fit_size(pd->mf, nf.w, 24, 17, name, W);
    pd->y += pdf_doc_heading(pd, 1, X0, pd->y, W, &nf, nf.size * 1.15, name) + 7;

    pdf_font sub = {METRICS_REGULAR, 10.5, PALETTE_MUTED};
    pd->y += pdf_text_box(pd, X0, pd->y, W, PDF_LEFT, &sub, 13, T(t, VT_SUBTITLE), true) + 9;
    pdf_rule(pd, X0, pd->y, X0 + W, pd->y, 1.5, pd->accent);
    pd->y += 14;
}

/* The theme's colours and publisher for a new document. */
static void doc_theme(pdf_doc *pd, const pdf_renderer *r)
{
    const theme *th = r->theme;
    pd->colors = th ? th->colors : palette_default;
    pd->accent = th ? th->header : PALETTE_REGION;
    pd->author = th ? th->publisher : NULL;
}

/* A new briefing or overview document: the theme, the running header and
 * footer texts (pt, which must outlive the document) and the document info. */
static void doc_open(pdf_doc *pd, const pdf_renderer *r, page_text *pt, const view_edition *ed,
                     const view_texts *t)
{
    doc_theme(pd, r);
    pt->running_left = T(t, VT_RUNNING);
    pt->running_right = S(ed->title);
    pt->ed = ed;
    pt->t = t;
    pd->on_page = running_header;
    pd->hook_ctx = pt;
    pdf_doc_info(pd, T(t, VT_DOC_TITLE), T(t, VT_DOC_SUBJECT), T(t, VT_DOC_KEYWORDS));
}

/* Publisher, contact and licence of the publication, small, at the end. */
#define IMPRINT_GAP 10.0
static const pdf_font imprint_font = {METRICS_REGULAR, SZ_SMALL, PALETTE_MUTED};

/* The room the imprint takes below the block before it (0 when there is none). */
static double imprint_height(pdf_doc *pd, const view_texts *t)
{
    const char *s = T(t, VT_IMPRINT);
    if (!*s) return 0;
    return IMPRINT_GAP + pdf_text_box(pd, X0, 0, W, PDF_LEFT, &imprint_font, 11.4, s, false);
}

static void imprint(pdf_doc *pd, const view_texts *t)
{
    const char *s = T(t, VT_IMPRINT);
    if (!*s) return;
    pd->y += IMPRINT_GAP;
    paragraph(pd, X0, W, &imprint_font, 11.4, s, 0);
}

/* Key figures: four boxes in a row. */
typedef struct figure {
    const char *label, *value, *sub;
    uint32_t value_color, fill;
} figure;

static void figures_row(pdf_doc *pd, const figure *f, size_t n)
{
    const double gap = 8, pad = 8;
    double bw = (W - gap * (double)(n - 1)) / (double)n, inner = bw - 2 * pad;
    pdf_font lf = {METRICS_REGULAR, 8, PALETTE_MUTED};
    pdf_font vf = {METRICS_BOLD, 21, PALETTE_TEXT};
    pdf_font sf = {METRICS_REGULAR, 8, PALETTE_MUTED};
    double lh = 0, sh = 0;
    for (size_t i = 0; i < n; i++) {
        lh = fmax(lh, pdf_text_box(pd, 0, 0, inner, PDF_LEFT, &lf, 9.6, f[i].label, false));
        sh = fmax(sh, pdf_text_box(pd, 0, 0, inner, PDF_LEFT, &sf, 9.6, f[i].sub, false));
    }
    double vh = pdf_ascent(pd, &vf) + metrics_descent(pd->mf, vf.w, vf.size);
    double h = pad + lh + 3 + vh + 2 + sh + pad;
    pdf_doc_need(pd, h);
    /* A list of four items: label, value and note read as one. */
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    for (size_t i = 0; i < n; i++) {
        double x = X0 + (double)i * (bw + gap), y = pd->y;
        pdf_doc_tag_begin(pd, PDF_ROLE_LI);
        pdf_fill_rect(pd, x, y, bw, h, f[i].fill);
        pdf_doc_tag_begin(pd, PDF_ROLE_LBODY);
        pdf_text_box(pd, x + pad, y + pad, inner, PDF_LEFT, &lf, 9.6, f[i].label, true);
        pdf_font v = vf;
        v.color = f[i].value_color;
        pdf_label(pd, x + pad, y + pad + lh + 3 + pdf_ascent(pd, &vf), PDF_LEFT, &v, 11, inner,
                  f[i].value);
        pdf_text_box(pd, x + pad, y + pad + lh + 3 + vh + 2, inner, PDF_LEFT, &sf, 9.6, f[i].sub,
                     true);
        pdf_doc_tag_end(pd);
        pdf_doc_tag_end(pd);
    }
    pdf_doc_tag_end(pd);
    pd->y += h;
}

static void brief_figures(brief *b)
{
    const view_briefing *v = b->v;
    const view_texts *t = &v->texts;
    pdf_doc *pd = &b->pd;
    uint32_t cc = PALETTE_TEXT;
    if (!isnan(v->index_change) && v->index_change >= 0.05) cc = pd->colors.region;
    if (!isnan(v->index_change) && v->index_change <= -0.05) cc = pd->colors.average;
    uint32_t grey = tint(PALETTE_MUTED, 0.08);
    figure f[4] = {
        {S(v->ed.index_name), S(v->index_score_de), T(t, VT_FIG_INDEX_SUB), PALETTE_TEXT,
         pd->colors.region_tint},
        {T(t, VT_FIG_RANK_LABEL), S(v->index_rank_num_de), T(t, VT_FIG_RANK_SUB), PALETTE_TEXT,
         grey},
        {T(t, VT_FIG_CHANGE_LABEL), T(t, VT_FIG_CHANGE_VALUE), T(t, VT_FIG_CHANGE_SUB), cc, grey},
        {T(t, VT_FIG_AVERAGE_LABEL), T(t, VT_FIG_AVERAGE_VALUE), T(t, VT_FIG_AVERAGE_SUB),
         PALETTE_TEXT, grey},
    };
    figures_row(pd, f, 4);
}

static void sentences_block(pdf_doc *pd, char *const *sent, size_t n, const view_texts *t)
{
    if (n == 0) return;
    pdf_font body = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    double first = pdf_text_box(pd, 0, 0, W - 13, PDF_LEFT, &body, 13.6, S(sent[0]), false);
    heading(pd, T(t, VT_HEADING_GLANCE), first);
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    for (size_t i = 0; i < n; i++) bullet(pd, &body, 13.6, S(sent[i]), 5);
    pdf_doc_tag_end(pd);
}

/* Strengths and weaknesses in raw values: two columns under a small
 * heading, one line per indicator (view_highlight), the rule in a note. */
static void highlights_block(pdf_doc *pd, const view_texts *t)
{
    size_t nh = view_text_count(t, VT_HIGH), nl = view_text_count(t, VT_LOW);
    if (nh + nl == 0) return;
    /* Two columns side by side; one list alone takes the whole width. */
    const double gap = 16, lead = 10.6, cw = nh && nl ? (W - gap) / 2 : W;
    pdf_font hf = {METRICS_BOLD, SZ_BODY, PALETTE_TEXT};
    pdf_font cf = {METRICS_BOLD, SZ_SMALL, PALETTE_TEXT};
    pdf_font f = {METRICS_REGULAR, SZ_SMALL, PALETTE_TEXT};
    pdf_font nf = {METRICS_REGULAR, SZ_TABLE, PALETTE_MUTED};
    view_text_key heads[2] = {VT_HIGHS_HEAD, VT_LOWS_HEAD}, keys[2] = {VT_HIGH, VT_LOW};
    double col_h[2] = {0, 0};
    for (int c = 0; c < 2; c++) {
        if (view_text_count(t, keys[c]) == 0) continue;
        col_h[c] = pdf_text_box(pd, 0, 0, cw, PDF_LEFT, &cf, lead, T(t, heads[c]), false) + 2;
        for (size_t i = 0; i < view_text_count(t, keys[c]); i++)
            col_h[c] += pdf_text_box(pd, 0, 0, cw - 8, PDF_LEFT, &f, lead,
                                     view_text_line(t, keys[c], i), false) + 2;
    }
    double head_h = pdf_text_box(pd, 0, 0, W, PDF_LEFT, &hf, 12, T(t, VT_HEADING_HIGHLIGHTS), false);
    double note_h = pdf_text_box(pd, 0, 0, W, PDF_LEFT, &nf, 9, T(t, VT_HIGHLIGHTS_NOTE), false);
    pd->y += 10;
    pdf_doc_need(pd, head_h + 4 + fmax(col_h[0], col_h[1]) + 3 + note_h);
    pdf_doc_heading(pd, 3, X0, pd->y, W, &hf, 12, T(t, VT_HEADING_HIGHLIGHTS));
    pd->y += head_h + 4;
    double top = pd->y;
    for (int c = 0, col = 0; c < 2; c++) {
        size_t n = view_text_count(t, keys[c]);
        if (n == 0) continue;
        double x = X0 + (double)col++ * (cw + gap), y = top;
        pdf_doc_tag_begin(pd, PDF_ROLE_P);
        y += pdf_text_box(pd, x, y, cw, PDF_LEFT, &cf, lead, T(t, heads[c]), true) + 2;
        pdf_doc_tag_end(pd);
        pdf_doc_tag_begin(pd, PDF_ROLE_L);
        for (size_t i = 0; i < n; i++) {
            const char *line = view_text_line(t, keys[c], i);
            double cap = metrics_cap_height(pd->mf, f.w, f.size);
            double sq = 0.36 * f.size;
            pdf_doc_tag_begin(pd, PDF_ROLE_LI);
            pdf_fill_rect(pd, x + 1, y + pdf_ascent(pd, &f) - cap / 2 - sq / 2, sq, sq,
                          c == 0 ? pd->colors.region : pd->colors.average);
            pdf_doc_tag_begin(pd, PDF_ROLE_LBODY);
            y += pdf_text_box(pd, x + 8, y, cw - 8, PDF_LEFT, &f, lead, line, true) + 2;
            pdf_doc_tag_end(pd);
            pdf_doc_tag_end(pd);
        }
        pdf_doc_tag_end(pd);
    }
    pd->y = top + fmax(col_h[0], col_h[1]) + 1;
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pd->y += pdf_text_box(pd, X0, pd->y, W, PDF_LEFT, &nf, 9, T(t, VT_HIGHLIGHTS_NOTE), true);
    pdf_doc_tag_end(pd);
}

/* The topic fields with weight, points, Ø and rank (with the previous
 * edition's) as a compact table, when page 1 has room left for it: at the
 * size of the small text, or else at the size of the data tables. The bars
 * on page 2 show the same. */
static void topics_block(pdf_doc *pd, const view_briefing *v)
{
    const view_texts *t = &v->texts;
    size_t n = v->n_topics;
    if (n == 0 || n > 12 || view_text_count(t, VT_TOPIC_RANK) != n) return;
    const double sizes[2] = {SZ_SMALL, SZ_TABLE};
    for (int k = 0; k < 2; k++) {
        /* The Ø column as wide as its head ("Ø Gemeinden"), the rank
         * column takes the rest. */
        pdf_font bf = {METRICS_BOLD, sizes[k], PALETTE_TEXT};
        double avg_w = fmax(52, pdf_width(pd, &bf, S(v->average_label_de)) + 14);
        double rest = W - 150 - 2 * 52 - avg_w;
        pdf_col cols[5] = {{T(t, VT_COL_TOPIC), 150, PDF_LEFT},
                           {T(t, VT_COL_WEIGHT), 52, PDF_RIGHT},
                           {T(t, VT_COL_SCORE), 52, PDF_RIGHT},
                           {S(v->average_label_de), avg_w, PDF_RIGHT},
                           {T(t, VT_COL_RANK), rest, PDF_RIGHT}};
        pdf_table tb;
        pdf_table_begin(&tb, pd, X0, cols, 5, sizes[k]);
        tb.row_header = 0;
        /* The header as pdf_table_row draws it (its rule adds a point). */
        double need = pdf_table_header_height(&tb) + heading_height(pd, T(t, VT_HEADING_TOPICS));
        pdf_cell *rows = xcalloc(n * 5, sizeof *rows);
        for (size_t i = 0; i < n; i++) {
            const view_topic *tp = &v->topics[i];
            pdf_cell *r = &rows[i * 5];
            r[0] = (pdf_cell){S(tp->name), METRICS_REGULAR, 0, 0};
            r[1] = (pdf_cell){S(tp->weight_de), METRICS_REGULAR, 0, 0};
            r[2] = (pdf_cell){S(tp->score_de), METRICS_BOLD, 0, 0};
            r[3] = (pdf_cell){S(tp->average_de), METRICS_REGULAR, 0, 0};
            r[4] = (pdf_cell){view_text_line(t, VT_TOPIC_RANK, i), METRICS_REGULAR, 0, 0};
            need += pdf_table_row_height(&tb, r);
        }
        bool fits = need <= pdf_doc_room(pd);
        if (fits) {
            heading(pd, T(t, VT_HEADING_TOPICS), 0);
            for (size_t i = 0; i < n; i++) pdf_table_row(&tb, &rows[i * 5], 0, 0);
        }
        pdf_table_end(&tb);
        free(rows);
        if (fits) return;
    }
}

static chart_ref brief_chart(const brief *b, briefing_chart k)
{
    bool map = k == CHART_MAP || k == CHART_MAP_PARTS;
    return (chart_ref){b->v, k, NULL, 0, 0, map ? b->r->map : NULL};
}

static double brief_causes(brief *b, bool draw);

/* The height of the topic bars and the change section (headings, charts,
 * causes) below the cursor, as brief_bars and brief_change draw them. */
static double brief_after_radar_height(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    double h = 0;
    if (briefing_chart_applies(v, CHART_BARS, NULL) && v->n_topics <= 20) {
        chart_ref c = brief_chart(b, CHART_BARS);
        h += heading_height(pd, T(&v->texts, VT_HEADING_BARS)) +
             chart_height(pd, &c, W, SZ_CHART + 0.5);
    }
    double causes = brief_causes(b, false);
    if (briefing_chart_applies(v, CHART_CHANGE, NULL) && v->ed.previous_year && v->n_topics <= 20) {
        chart_ref c = brief_chart(b, CHART_CHANGE);
        h += heading_height(pd, T(&v->texts, VT_HEADING_CHANGE)) +
             chart_height(pd, &c, W, SZ_CHART + 0.5) + causes;
    } else if (causes > 0) {
        h += heading_height(pd, T(&v->texts, VT_HEADING_CHANGE)) + causes;
    }
    return h;
}

/* The smallest radar: the axis labels and five rings stay legible. */
#define RADAR_MIN_H 250.0
#define RADAR_MAX_H 330.0

static bool brief_radar(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    /* Without a radar the bars carry the same numbers. */
    if (!briefing_chart_applies(v, CHART_RADAR, NULL)) return true;
    /* The radar shrinks to the room left on page 1 rather than moving on. */
    heading(pd, T(&v->texts, VT_HEADING_PROFILE), 170);
    double h = fmin(pdf_doc_room(pd), RADAR_MAX_H);
    /* On a page of its own it gives up some height when the topic bars and
     * the change section then fit under it, rather than leaving a quarter
     * of the page empty for the change section to open the next one. */
    if (pd->n_pages > 1) {
        double rest = pdf_doc_room(pd) - brief_after_radar_height(b);
        if (rest < h && rest >= RADAR_MIN_H) h = rest;
    }
    chart_ref c = brief_chart(b, CHART_RADAR);
    bool ok = chart_at(pd, &c, X0, pd->y, W, h, SZ_CHART + 0.5, b->d);
    pd->y += h;
    return ok;
}

/* A chart of the whole width and its natural height under a heading, which
 * also keeps `keep` points of what follows the chart with it. */
static bool brief_full_chart(brief *b, briefing_chart k, view_text_key head, double keep)
{
    pdf_doc *pd = &b->pd;
    chart_ref c = brief_chart(b, k);
    double h = chart_height(pd, &c, W, SZ_CHART + 0.5);
    heading(pd, T(&b->v->texts, head), h + keep);
    bool ok = chart_at(pd, &c, X0, pd->y, W, h, SZ_CHART + 0.5, b->d);
    pd->y += h;
    return ok;
}

static bool brief_bars(brief *b)
{
    const view_briefing *v = b->v;
    if (!briefing_chart_applies(v, CHART_BARS, NULL) || v->n_topics > 20) return true;
    return brief_full_chart(b, CHART_BARS, VT_HEADING_BARS, 0);
}

/* The change split into its causes (gen/compare.h): one compact table row
 * under the change chart. Measures only (returns the height) unless draw. */
static double brief_causes(brief *b, bool draw)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    if (!v->has_decomposition || !v->ed.previous_year) return 0;
    const double gap = 6;
    const view_texts *tx = &v->texts;
    double cw = (W - 130) / 4;
    pdf_col cols[5] = {{T(tx, VT_CAUSES_LEAD), 130, PDF_LEFT},
                       {T(tx, VT_CAUSES_OWN), cw, PDF_RIGHT},
                       {T(tx, VT_CAUSES_OTHERS), cw, PDF_RIGHT},
                       {T(tx, VT_CAUSES_METHOD), cw, PDF_RIGHT},
                       {T(tx, VT_CAUSES_TOTAL), cw, PDF_RIGHT}};
    pdf_table t;
    pdf_table_begin(&t, pd, X0, cols, 5, SZ_TABLE);
    t.row_header = 0;
    pdf_cell cells[5] = {{T(tx, VT_CAUSES_ROW), METRICS_REGULAR, 0, 0},
                         {S(v->change_own_de), METRICS_REGULAR, 0, 0},
                         {S(v->change_others_de), METRICS_REGULAR, 0, 0},
                         {S(v->change_method_de), METRICS_REGULAR, 0, 0},
                         {S(v->index_change_de), METRICS_BOLD, 0, 0}};
    double h = pdf_table_row_height(&t, cells);
    if (!draw) return gap + pdf_table_start_height(&t, &h, NULL, 1);
    pd->y += gap;
    pdf_table_row(&t, cells, 0, 0);
    pdf_table_end(&t);
    return 0;
}

/* The change chart and, under it on the same page, its causes. */
static bool brief_change(brief *b)
{
    const view_briefing *v = b->v;
    if (!briefing_chart_applies(v, CHART_CHANGE, NULL) || !v->ed.previous_year ||
        v->n_topics > 20) {
        /* No chart: the causes still sit under the change heading. */
        double keep = brief_causes(b, false);
        if (keep > 0) {
            heading(&b->pd, T(&v->texts, VT_HEADING_CHANGE), keep);
            brief_causes(b, true);
        }
        return true;
    }
    bool ok = brief_full_chart(b, CHART_CHANGE, VT_HEADING_CHANGE, brief_causes(b, false));
    brief_causes(b, true);
    return ok;
}

/* The tallest a map across the page may be. */
static double brief_map_max_h(const brief *b)
{
    return b->tight ? 230 : 300;
}

/* A map of the briefing (CHART_MAP: among its peers; CHART_MAP_PARTS: its
 * Kreise or Gemeinden) across the page under its title; nothing when the
 * renderer has no shapes for its regions. */
static bool brief_map(brief *b, briefing_chart k)
{
    chart_ref map = brief_chart(b, k);
    if (!briefing_chart_applies(b->v, k, map.map)) return true;
    pdf_doc *pd = &b->pd;
    double h = fmin(chart_height(pd, &map, W, SZ_CHART), brief_map_max_h(b));
    if (!(h > 0)) return true;
    /* A map a little taller than the room left shrinks into it rather than
     * leaving the rest of the page empty. */
    const char *title = briefing_chart_title(b->v, k);
    double room = pdf_doc_room(pd) - heading_height(pd, title);
    if (h > room && room >= MAP_ALONE_MIN_H) h = room;
    heading(pd, title, h);
    pdf_doc_need(pd, h);
    bool ok = chart_at(pd, &map, X0, pd->y, W, fmin(h, pdf_doc_room(pd)), SZ_CHART, b->d);
    pd->y += fmin(h, pdf_doc_room(pd)) + 8;
    return ok;
}

/* Whether map k fits the rest of the page (shrunk as brief_map may). */
static bool brief_map_fits(brief *b, briefing_chart k)
{
    chart_ref map = brief_chart(b, k);
    if (!briefing_chart_applies(b->v, k, map.map)) return true;
    pdf_doc *pd = &b->pd;
    double h = fmin(chart_height(pd, &map, W, SZ_CHART), brief_map_max_h(b));
    double room = pdf_doc_room(pd) - heading_height(pd, briefing_chart_title(b->v, k));
    return h <= room || room >= MAP_ALONE_MIN_H;
}

static bool brief_ranking(brief *b)
{
    const view_briefing *v = b->v;
    if (v->n_ranking == 0) return true;
    chart_ref rank = brief_chart(b, CHART_RANKING), map = brief_chart(b, CHART_MAP);
    /* Beside the ranking: the region among its peers on the map (all
     * Länder, its Land's Kreise, its Kreis' Gemeinden), when the list is
     * short enough to share the width; else the map follows it. */
    bool with_map = briefing_chart_applies(v, CHART_MAP, map.map);
    bool beside = with_map && v->n_ranking <= 40;
    bool ok = ranking_section(&b->pd, T(&v->texts, VT_HEADING_RANKING), &rank, v->n_ranking,
                              beside ? &map : NULL, b->d);
    if (ok && with_map && !beside) ok = brief_map(b, CHART_MAP);
    return ok;
}

/* Whether the ranking section fits the rest of the current page. */
static bool brief_ranking_fits(brief *b)
{
    const view_briefing *v = b->v;
    if (v->n_ranking == 0 || v->n_ranking > 500) return true;
    chart_ref rank = brief_chart(b, CHART_RANKING);
    double h = chart_height(&b->pd, &rank, W, SZ_CHART);
    return h + 60 <= pdf_doc_room(&b->pd) || h < 300;
}

/* Rank, name, score, change of a ranking list (Gemeinden, Länder), under
 * the heading head (NULL = none), which keeps the table's start with it.
 * A list longer than 2 * shown + 2 (shown > 0) shows its first and last
 * `shown` entries with a row `gap` between them. */
static void ranking_table(pdf_doc *pd, const char *head, const view_rank_entry *e, size_t n,
                          const view_texts *tx, view_text_key what, bool with_change,
                          size_t shown, const char *gap)
{
    pdf_col cols[4] = {{T(tx, VT_COL_RANK), 44, PDF_RIGHT},
                       {T(tx, what), 0, PDF_LEFT},
                       {T(tx, VT_COL_SCORE), 70, PDF_RIGHT},
                       {T(tx, VT_COL_CHANGE_SINCE), 100, PDF_RIGHT}};
    size_t nc = with_change ? 4 : 3;
    cols[1].width = W - 44 - 70 - (with_change ? 100 : 0);
    pdf_table t;
    pdf_table_begin(&t, pd, X0, cols, nc, SZ_TABLE + 0.5);
    t.row_header = 1; /* the name heads its row */
    bool cut = shown > 0 && n > 2 * shown + 2;
    size_t rows = cut ? 2 * shown + 1 : n;
    pdf_cell(*cells)[4] = xcalloc(rows ? rows : 1, sizeof *cells);
    double *h = xcalloc(rows ? rows : 1, sizeof *h);
    bool *glued = xcalloc(rows ? rows : 1, sizeof *glued);
    uint32_t *band = xcalloc(rows ? rows : 1, sizeof *band);
    for (size_t i = 0; i < rows; i++) {
        if (cut && i == shown) {
            cells[i][1] = (pdf_cell){S(gap), METRICS_REGULAR, PALETTE_MUTED, 0};
        } else {
            const view_rank_entry *r = &e[cut && i > shown ? n - rows + i : i];
            metrics_weight w = r->highlight ? METRICS_BOLD : METRICS_REGULAR;
            cells[i][0] = (pdf_cell){S(r->rank_de), w, 0, 0};
            cells[i][1] = (pdf_cell){S(r->name), w, 0, 0};
            cells[i][2] = (pdf_cell){S(r->score_de), w, 0, 0};
            cells[i][3] = (pdf_cell){S(r->change_de), w, 0, 0};
            band[i] = r->highlight ? pd->colors.band : 0;
        }
        /* The gap row neither ends nor starts a page. */
        glued[i] = cut && (i == shown || i == shown + 1);
        h[i] = pdf_table_row_height(&t, cells[i]);
    }
    if (head) heading(pd, head, pdf_table_start_height(&t, h, glued, rows));
    for (size_t i = 0; i < rows; i++)
        pdf_table_row(&t, cells[i], band[i], pdf_table_keep(h, glued, rows, i));
    pdf_table_end(&t);
    free(cells);
    free(h);
    free(glued);
    free(band);
}

/* A Land's Kreise or a Kreis' Gemeinden: the map, then (Gemeinden) the
 * list. A long list shows its first and last twelve; the page has all. */
static bool brief_children(brief *b)
{
    const view_briefing *v = b->v;
    if (!brief_map(b, CHART_MAP_PARTS)) return false;
    if (v->n_children == 0) return true;
    bool chg = v->has_change && v->ed.previous_year;
    ranking_table(&b->pd, T(&v->texts, VT_HEADING_CHILDREN), v->children, v->n_children,
                  &v->texts, VT_COL_CHILD, chg, 12, T(&v->texts, VT_CHILDREN_GAP));
    return true;
}

/* One row of the data table: topic fields bold, deeper rows indented. */
static void row_cells(const view_row *r, pdf_cell c[7])
{
    metrics_weight w = r->depth <= 1 ? METRICS_BOLD : METRICS_REGULAR;
    double indent = r->depth >= 2 ? 8.0 * (r->depth - 1) : 0;
    c[0] = (pdf_cell){r->indicator ? S(r->id) : "", METRICS_REGULAR, PALETTE_MUTED, 0};
    c[1] = (pdf_cell){S(r->name), w, 0, indent};
    c[2] = (pdf_cell){S(r->raw_de), METRICS_REGULAR, 0, 0};
    c[3] = (pdf_cell){S(r->score_de), w, 0, 0};
    c[4] = (pdf_cell){S(r->rank_de), w, 0, 0};
    c[5] = (pdf_cell){S(r->average_de), METRICS_REGULAR, 0, 0};
    c[6] = (pdf_cell){S(r->change_de), w, 0, 0};
}

static void brief_table(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    if (v->n_rows == 0) return;
    bool chg = v->has_change && v->ed.previous_year;
    const view_texts *tx = &v->texts;
    pdf_col cols[7] = {{T(tx, VT_COL_ID), 0, PDF_LEFT},       {T(tx, VT_COL_NAME), 0, PDF_LEFT},
                       {T(tx, VT_COL_VALUE), 138, PDF_LEFT},  {T(tx, VT_COL_SCORE), 38, PDF_RIGHT},
                       {T(tx, VT_COL_RANK), 30, PDF_RIGHT},   {S(v->average_label_de), 44, PDF_RIGHT},
                       {T(tx, VT_COL_CHANGE), 40, PDF_RIGHT}};
    size_t nc = chg ? 7 : 6;
    /* The ID column (indicators only: the sources refer to them) as wide as
     * the widest ID. */
    pdf_font idf = {METRICS_REGULAR, SZ_TABLE, PALETTE_MUTED};
    double idw = 0;
    for (size_t i = 0; i < v->n_rows; i++)
        if (v->rows[i].indicator) idw = fmax(idw, pdf_width(pd, &idf, S(v->rows[i].id)));
    cols[0].width = fmin(60, fmax(22, ceil(idw) + 8));
    /* "Ø Gemeinden" and five-digit ranks ("10.003") keep to one line. */
    pdf_font hf = {METRICS_BOLD, SZ_TABLE, PALETTE_TEXT};
    cols[5].width = fmax(cols[5].width, ceil(pdf_width(pd, &hf, S(v->average_label_de))) + 8);
    cols[4].width = fmax(cols[4].width, ceil(pdf_width(pd, &idf, "10.000")) + 6);
    double used = 0;
    for (size_t i = 0; i < nc; i++) used += cols[i].width;
    cols[1].width = W - used;
    pdf_table t;
    pdf_table_begin(&t, pd, X0, cols, nc, SZ_TABLE);
    t.row_header = 1; /* Bezeichnung heads its row */
    /* Group rows (index, topic fields, aspects) stay with their first child. */
    double *h = xcalloc(v->n_rows, sizeof *h);
    bool *glued = xcalloc(v->n_rows, sizeof *glued);
    for (size_t i = 0; i < v->n_rows; i++) {
        pdf_cell c[7];
        row_cells(&v->rows[i], c);
        h[i] = pdf_table_row_height(&t, c);
        glued[i] = i > 0 && !v->rows[i - 1].indicator;
    }
    heading(pd, T(tx, VT_HEADING_TABLE), pdf_table_start_height(&t, h, glued, v->n_rows));
    for (size_t i = 0; i < v->n_rows; i++) {
        const view_row *r = &v->rows[i];
        pdf_cell cur[7];
        row_cells(r, cur);
        uint32_t band = r->depth == 0   ? pd->colors.region_tint
                        : r->depth == 1 ? tint(PALETTE_MUTED, 0.09)
                                        : 0;
        pdf_table_row(&t, cur, band, pdf_table_keep(h, glued, v->n_rows, i));
    }
    free(h);
    free(glued);
    pdf_table_end(&t);
    pd->y += 5;
    pdf_font small = {METRICS_REGULAR, 7.5, PALETTE_MUTED};
    paragraph(pd, X0, W, &small, 9.5, T(tx, VT_TABLE_NOTE), 0);
}

/* Sources: numbered entries in two balanced columns, never split; URLs
 * are links. */
typedef struct source_geom {
    double h1, h2, h3, iw, sep; /* text, indicators, URL heights; widths on line 2 */
    bool one_line;              /* indicators and URL share line 2 */
} source_geom;

#define SRC_LEAD 9.6
#define SRC_SMALL_LEAD 9.0

static source_geom source_measure(pdf_doc *pd, const view_source *src, const char *label,
                                  double w, buf *s)
{
    pdf_font tf = {METRICS_REGULAR, 7.8, PALETTE_TEXT};
    pdf_font mf = {METRICS_REGULAR, 7, PALETTE_MUTED};
    pdf_font uf = {METRICS_REGULAR, 7, pd->colors.region};
    source_geom g = {0};
    const char *url = S(src->url);
    buf_clear(s);
    if (*S(src->indicators)) buf_printf(s, "%s %s", label, src->indicators);
    g.h1 = pdf_text_box(pd, 0, 0, w, PDF_LEFT, &tf, SRC_LEAD, S(src->text), false);
    g.iw = s->len ? pdf_width(pd, &mf, buf_cstr(s)) : 0;
    g.sep = s->len && *url ? pdf_width(pd, &mf, " · ") : 0;
    g.one_line = !*url || !s->len || g.iw + g.sep + pdf_width(pd, &uf, url) <= w;
    g.h2 =
        s->len ? pdf_text_box(pd, 0, 0, w, PDF_LEFT, &mf, SRC_SMALL_LEAD, buf_cstr(s), false) : 0;
    g.h3 = *url ? pdf_text_box(pd, 0, 0, g.one_line ? w - g.iw - g.sep : w, PDF_LEFT, &uf,
                               SRC_SMALL_LEAD, url, false)
                : 0;
    return g;
}

static double source_height(const source_geom *g)
{
    double h = g->h1;
    if (g->one_line)
        h += g->h2 || g->h3 ? 1.5 + fmax(g->h2, g->h3) : 0;
    else
        h += (g->h2 ? 1.5 + g->h2 : 0) + (g->h3 ? 1.5 + g->h3 : 0);
    return h;
}

static void source_draw(pdf_doc *pd, const view_source *src, const char *label, size_t num,
                        double x, double y, double w, buf *s)
{
    pdf_font tf = {METRICS_REGULAR, 7.8, PALETTE_TEXT};
    pdf_font mf = {METRICS_REGULAR, 7, PALETTE_MUTED};
    pdf_font uf = {METRICS_REGULAR, 7, pd->colors.region};
    const double ind = 14;
    source_geom g = source_measure(pd, src, label, w - ind, s); /* leaves the indicators in s */
    const char *url = S(src->url);
    char n[24];
    snprintf(n, sizeof n, "%zu", num);
    /* A list item: the number its label, the rest its body, the URL a link. */
    pdf_doc_tag_begin(pd, PDF_ROLE_LI);
    pdf_doc_tag_begin(pd, PDF_ROLE_LBL);
    pdf_text(pd, x, y + pdf_ascent(pd, &tf), PDF_LEFT, &tf, n, strlen(n));
    pdf_doc_tag_end(pd);
    pdf_doc_tag_begin(pd, PDF_ROLE_LBODY);
    x += ind;
    w -= ind;
    pdf_text_box(pd, x, y, w, PDF_LEFT, &tf, SRC_LEAD, S(src->text), true);
    y += g.h1 + 1.5;
    double ux = x, uw = w;
    if (g.h2) pdf_text_box(pd, x, y, w, PDF_LEFT, &mf, SRC_SMALL_LEAD, buf_cstr(s), true);
    if (g.one_line) {
        ux += g.iw + g.sep;
        uw -= g.iw + g.sep;
        if (g.sep)
            pdf_text(pd, x + g.iw, y + pdf_ascent(pd, &mf), PDF_LEFT, &mf, " · ", strlen(" · "));
    } else if (g.h2) {
        y += g.h2 + 1.5;
    }
    if (g.h3) {
        pdf_doc_tag_begin(pd, PDF_ROLE_LINK);
        pdf_text_box(pd, ux, y, uw, PDF_LEFT, &uf, SRC_SMALL_LEAD, url, true);
        /* One link rectangle per drawn line of the URL. */
        metrics_text_break(pd->mf, uf.w, uf.size, url, strlen(url), uw, 0, &pd->lines);
        for (size_t k = 0; k < pd->lines.n; k++)
            pdf_doc_link_uri(pd, ux, y + (double)k * SRC_SMALL_LEAD - 1, pd->lines.v[k].width,
                             SRC_SMALL_LEAD, url);
        pdf_doc_tag_end(pd);
    }
    pdf_doc_tag_end(pd);
    pdf_doc_tag_end(pd);
}

static void sources_block(pdf_doc *pd, const view_source *src, size_t n, const view_texts *t,
                          buf *s, bool with_heading, bool tight)
{
    const char *label = T(t, VT_SOURCES_INDICATORS);
    if (n == 0) return;
    const double gap = 18, cw = (W - gap) / 2, sp = tight ? 3 : 5;
    double *h = xcalloc(n, sizeof *h);
    for (size_t i = 0; i < n; i++) {
        source_geom g = source_measure(pd, &src[i], label, cw - 14, s);
        h[i] = source_height(&g) + sp;
    }
    if (with_heading) heading(pd, T(t, VT_HEADING_SOURCES), h[0]);
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    size_t pos = 0;
    while (pos < n) {
        double room = pdf_doc_room(pd);
        if (room < h[pos]) {
            pdf_doc_add_page(pd);
            room = pdf_doc_room(pd);
        }
        /* How many fit in two columns here. */
        size_t end = pos;
        double c1 = 0, c2 = 0;
        while (end < n && c1 + h[end] <= room) c1 += h[end++];
        size_t split = end;
        while (end < n && c2 + h[end] <= room) c2 += h[end++];
        if (end == pos) end = split = pos + 1; /* taller than a page: draw it anyway */
        if (end == n) {
            /* The rest fits: balance the two columns. */
            /* The left column is never empty (one source stands left). */
            double total = 0, best = INFINITY, left = h[pos];
            for (size_t i = pos; i < n; i++) total += h[i];
            for (size_t j = pos + 1; j <= n; j++) {
                double m = fmax(left, total - left);
                if (m < best && left <= room && total - left <= room) {
                    best = m;
                    split = j;
                }
                if (j < n) left += h[j];
            }
        }
        double y1 = pd->y, y2 = pd->y;
        for (size_t i = pos; i < end; i++) {
            bool second = i >= split;
            source_draw(pd, &src[i], label, i + 1, second ? X0 + cw + gap : X0, second ? y2 : y1, cw,
                        s);
            *(second ? &y2 : &y1) += h[i];
        }
        pd->y = fmax(y1, y2) - sp;
        pos = end;
        if (pos < n) pdf_doc_add_page(pd);
    }
    pdf_doc_tag_end(pd);
    free(h);
}

/* The method in short (docs/method.md): the bullets of the view's texts,
 * under `head` (VT_COUNT = no heading). */
/* The method bullets; the last one keeps `keep_after` points of what follows
 * on its page (the imprint), so that never stands alone on a last page. */
static void method_block(pdf_doc *pd, const view_texts *t, view_text_key head, double keep_after,
                         bool tight)
{
    pdf_font f = {METRICS_REGULAR, tight ? SZ_SMALL - 0.5 : SZ_SMALL, PALETTE_TEXT};
    const double lead = tight ? 9.8 : 10.6, indent = BULLET_INDENT, gap = tight ? 2 : 3;
    if (head != VT_COUNT) heading(pd, T(t, head), 40);
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    size_t n = view_text_count(t, VT_METHOD);
    for (size_t i = 0; i < n; i++) {
        const char *s = view_text_line(t, VT_METHOD, i);
        if (i + 1 == n && keep_after > 0)
            pdf_doc_need(pd, pdf_text_box(pd, X0 + indent, pd->y, W - indent, PDF_LEFT, &f,
                                          lead, s, false) +
                                 gap + keep_after);
        bullet(pd, &f, lead, s, gap);
    }
    pdf_doc_tag_end(pd);
}

/* One layout of the briefing into out; *pages and *last_fill (the share of
 * the last page's body in use) describe it. */
static bool briefing_layout(const pdf_renderer *r, const view_briefing *v, bool tight, buf *out,
                            size_t *pages, double *last_fill, diag *d)
{
    brief b;
    memset(&b, 0, sizeof b);
    b.r = r;
    b.v = v;
    b.d = d;
    b.tight = tight;
    bool ok = pdf_doc_begin(&b.pd, r, d);
    pdf_doc *pd = &b.pd;
    if (ok) {
        const view_texts *t = &v->texts;
        doc_open(pd, r, &b.pt, &v->ed, t);

        pdf_doc_add_page(pd);
        logo_block(pd, r->theme);
        title_block(pd, &v->ed, t);
        if (v->ed.sample) {
            sample_box(pd, t);
            pd->y += 12;
        }
        brief_figures(&b);
        sentences_block(pd, v->sentences, v->n_sentences, t);
        highlights_block(pd, t);
        /* The radar when it fits on page 1; else the topic fields as a
         * table fill page 1 (when they fit) and the radar opens page 2. */
        if (pdf_doc_room(pd) < 16 + SZ_HEAD * 1.2 + 7 + 170) topics_block(pd, v);
        ok = brief_radar(&b);
        /* Page 1 is the summary; the charts begin on page 2 (with the radar
         * when page 1 had no room left for it). */
        if (pd->n_pages == 1) pdf_doc_add_page(pd);
        ok = ok && brief_bars(&b);
        ok = ok && brief_change(&b);
        /* A long ranking (the 96 Kreise of Bayern) that needs a page of its
         * own follows the table, which can fill the rest of this page. */
        bool ranking_now = brief_ranking_fits(&b);
        if (ranking_now) ok = ok && brief_ranking(&b);
        if (ok) {
            /* A map of the parts that would leave the rest of this page
             * empty follows the table, which can fill it. */
            if (brief_map_fits(&b, CHART_MAP_PARTS)) {
                ok = brief_children(&b);
                brief_table(&b);
            } else {
                brief_table(&b);
                ok = brief_children(&b);
            }
            if (!ranking_now) ok = brief_ranking(&b);
        }
        if (ok) {
            sources_block(pd, v->sources, v->n_sources, t, &b.s, true, b.tight);
            method_block(pd, t, VT_HEADING_METHOD, imprint_height(pd, t), b.tight);
            imprint(pd, t);
            footers(pd, &b.pt);
        }
        double top = pd->n_pages == 1 ? PDF_TOP : PDF_TOP_RUNNING;
        *pages = pd->n_pages;
        *last_fill = (pd->y - top) / (PDF_BOTTOM - top);
        char *what = xasprintf("briefing %s", S(v->file_stem));
        ok = ok && pdf_doc_save(pd, out, what, d);
        free(what);
    }
    pdf_doc_end(pd);
    buf_free(&b.s);
    return ok;
}

/* A last page filled less than this is worth a tighter layout. */
#define LAST_PAGE_MIN_FILL 0.2

bool pdf_render_briefing(const pdf_renderer *r, const view_briefing *v, buf *out, diag *d)
{
    if (!r || !v) {
        diag_error(d, NULL, NULL, NULL, "PDF briefing: no renderer or view");
        return false;
    }
    size_t pages = 0;
    double fill = 1;
    size_t start = out->len;
    if (!briefing_layout(r, v, false, out, &pages, &fill, d)) return false;
    if (pages < 2 || fill >= LAST_PAGE_MIN_FILL) return true;
    /* Smaller maps and a closer method: kept only when a page goes. */
    buf tight = BUF_INIT;
    size_t tight_pages = 0;
    double tight_fill = 1;
    bool ok = briefing_layout(r, v, true, &tight, &tight_pages, &tight_fill, d);
    if (ok && tight_pages < pages) {
        out->len = start;
        buf_append(out, tight.data, tight.len);
    }
    buf_free(&tight);
    return ok;
}

/* ---- overview (Gesamtbericht) ------------------------------------------------ */

typedef struct toc_entry {
    char *title;
    size_t page;
    double y;
} toc_entry;

typedef struct overview {
    pdf_doc pd;
    const pdf_renderer *r;
    const view_overview *o;
    page_text pt;
    diag *d;
    buf s;
    toc_entry *toc;
    size_t n_toc;
    double toc_y;  /* where the contents list goes on page 1 */
    size_t toc_el; /* its TOC element, filled by ov_toc_draw */
} overview;

#define TOC_PITCH 17.0

/* A section heading, remembered for the contents: on a new page, or
 * flowing on with `keep` points of what follows. */
static void ov_section(overview *ov, const char *title, double keep, bool new_page)
{
    pdf_doc *pd = &ov->pd;
    if (new_page) pdf_doc_add_page(pd);
    heading(pd, title, keep);
    pdf_font hf = {METRICS_BOLD, SZ_HEAD, PALETTE_TEXT};
    double h = pdf_text_box(pd, X0, 0, W, PDF_LEFT, &hf, SZ_HEAD * 1.2, title, false) + 7;
    ov->toc = xrealloc(ov->toc, (ov->n_toc + 1) * sizeof *ov->toc);
    ov->toc[ov->n_toc++] = (toc_entry){xstrdup(title), pd->n_pages - 1, pd->y - h};
}

static void ov_toc_draw(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    pdf_doc_use_page(pd, 0);
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    pdf_font dots = {METRICS_REGULAR, SZ_BODY, PALETTE_GRID};
    double y = ov->toc_y;
    /* Each entry a TOCI holding a link: title and page number as text, the
     * dot leaders an artifact. */
    if (pd->tags) pdf_tags_enter(pd->tags, ov->toc_el);
    for (size_t i = 0; i < ov->n_toc; i++) {
        const toc_entry *e = &ov->toc[i];
        char num[24];
        snprintf(num, sizeof num, "%zu", e->page + 1);
        double base = y + pdf_ascent(pd, &f);
        double nw = pdf_width(pd, &f, num);
        double room = W - nw - 30;
        pdf_doc_tag_begin(pd, PDF_ROLE_TOCI);
        pdf_doc_tag_begin(pd, PDF_ROLE_LINK);
        pdf_label(pd, X0, base, PDF_LEFT, &f, 8, room, e->title);
        pdf_text(pd, X0 + W, base, PDF_RIGHT, &f, num, strlen(num));
        /* Dot leaders between the title and the page number. */
        double tw = fmin(pdf_width(pd, &f, e->title), room);
        double x = X0 + tw + 8, end = X0 + W - nw - 8;
        double step = 4.5;
        x = ceil(x / step) * step; /* dots line up from row to row */
        size_t count = x < end ? (size_t)((end - x) / step) : 0;
        pdf_doc_artifact_begin(pd, PDF_ARTIFACT_LAYOUT);
        for (size_t k = 0; k < count; k++) {
            char dot[] = ".";
            pdf_text(pd, x + (double)k * step, base, PDF_LEFT, &dots, dot, 1);
        }
        pdf_doc_artifact_end(pd);
        char *what = xasprintf("%s, %s %s", e->title, T(&ov->o->texts, VT_PAGE), num);
        pdf_doc_link_page(pd, X0, y - 2, W, TOC_PITCH, e->page, e->y, what);
        free(what);
        pdf_doc_tag_end(pd);
        pdf_doc_tag_end(pd);
        y += TOC_PITCH;
    }
    if (pd->tags) pdf_tags_end(pd->tags);
}

static size_t ov_sections(const overview *ov);

static bool ov_front(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    const view_texts *t = &o->texts;
    pdf_doc_add_page(pd);
    logo_block(pd, ov->r->theme);
    title_block(pd, &o->ed, t);
    if (o->ed.sample) {
        sample_box(pd, t);
        pd->y += 12;
    }
    sentences_block(pd, o->sentences, o->n_sentences, t);
    /* The contents, filled in at the end: one line per section. */
    size_t entries = ov_sections(ov);
    heading(pd, T(t, VT_HEADING_CONTENTS), (double)entries * TOC_PITCH);
    ov->toc_el = pdf_doc_tag_begin(pd, PDF_ROLE_TOC);
    pdf_doc_tag_end(pd);
    ov->toc_y = pd->y;
    pd->y += (double)entries * TOC_PITCH;
    /* The contents must stay on page 1 for ov_toc_draw. */
    return pd->n_pages == 1;
}

static chart_ref ov_chart(const overview *ov, overview_chart k, size_t topic)
{
    bool map = k == OVERVIEW_MAP || k == OVERVIEW_KREIS_MAP;
    return (chart_ref){NULL, 0, ov->o, k, topic, map ? ov->r->map : NULL};
}

static bool ov_laender(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    const view_texts *t = &o->texts;
    ov_section(ov, T(t, VT_HEADING_LAENDER), 60, true);
    bool chg = o->ed.previous_year != 0;
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    paragraph(pd, X0, W, &f, 13.6, T(t, VT_INTRO_LAENDER), 8);
    ranking_table(pd, NULL, o->laender, o->n_laender, t, VT_COL_REGION, chg, 0, NULL);
    if (o->n_laender == 0) return true;
    pd->y += 18;
    chart_ref rank = ov_chart(ov, OVERVIEW_INDEX, 0), map = ov_chart(ov, OVERVIEW_MAP, 0);
    return ranking_section(pd, NULL, &rank, o->n_laender,
                           overview_chart_applies(o, OVERVIEW_MAP, map.map) ? &map : NULL, ov->d);
}

/* A table of n rows of nc cells (rows[i * nc + j]), rows kept together as
 * pdf_table_keep says; the heading, when given, keeps the table's start. */
/* A table; under a section heading head (NULL = none) and its intro
 * paragraph (NULL = none), which keep the table's start with them. */
static void ov_table(overview *ov, const char *head, const char *intro, const pdf_col *cols,
                     size_t nc, const pdf_cell *rows, size_t n, const bool *glued, int row_header)
{
    pdf_doc *pd = &ov->pd;
    pdf_table t;
    pdf_table_begin(&t, pd, X0, cols, nc, SZ_TABLE + 0.5);
    t.row_header = row_header;
    double *h = xcalloc(n ? n : 1, sizeof *h);
    for (size_t i = 0; i < n; i++) h[i] = pdf_table_row_height(&t, rows + i * nc);
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    const double lead = 13.6, intro_gap = 8;
    double ih = intro ? pdf_text_box(pd, X0, 0, W, PDF_LEFT, &f, lead, intro, false) + intro_gap : 0;
    if (head) ov_section(ov, head, ih + pdf_table_start_height(&t, h, glued, n), false);
    if (intro) paragraph(pd, X0, W, &f, lead, intro, intro_gap);
    for (size_t i = 0; i < n; i++)
        pdf_table_row(&t, rows + i * nc, 0, pdf_table_keep(h, glued, n, i));
    pdf_table_end(&t);
    free(h);
}

/* Flächenländer and Stadtstaaten compared: the index, then each topic field. */
static void ov_groups(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    const view_texts *t = &o->texts;
    static const view_text_key names[VIEW_GROUP_COUNT] = {VT_GROUP_FLAECHEN, VT_GROUP_STADT,
                                                           VT_GROUP_ALL};
    bool chg = o->ed.previous_year != 0;
    pdf_col cols[5] = {{T(t, VT_COL_GROUP), 130, PDF_LEFT},
                       {T(t, VT_COL_COUNT), 50, PDF_RIGHT},
                       {T(t, VT_COL_AVERAGE), 60, PDF_RIGHT},
                       {T(t, VT_COL_AVG_CHANGE), 100, PDF_RIGHT},
                       {T(t, VT_COL_BEST), 0, PDF_LEFT}};
    cols[4].width = W - 130 - 50 - 60 - 100;
    if (!chg) {
        cols[3] = cols[4];
        cols[3].width += 100;
    }
    size_t nc = chg ? 5 : 4;
    pdf_cell rows[VIEW_GROUP_COUNT * 5];
    char counts[VIEW_GROUP_COUNT][24];
    for (int g = 0; g < VIEW_GROUP_COUNT; g++) {
        const view_land_group *lg = &o->groups[g];
        snprintf(counts[g], sizeof counts[g], "%zu", lg->n);
        metrics_weight w = g == VIEW_GROUP_ALL ? METRICS_BOLD : METRICS_REGULAR;
        pdf_cell *r = rows + (size_t)g * nc;
        r[0] = (pdf_cell){T(t, names[g]), w, 0, 0};
        r[1] = (pdf_cell){counts[g], w, 0, 0};
        r[2] = (pdf_cell){S(lg->average_de), w, 0, 0};
        if (chg) r[3] = (pdf_cell){S(lg->change_de), w, 0, 0};
        r[nc - 1] = (pdf_cell){S(lg->best), w, 0, 0};
    }
    ov_table(ov, T(t, VT_HEADING_GROUPS), T(t, VT_INTRO_GROUPS), cols, nc, rows, VIEW_GROUP_COUNT,
             NULL, 0);
    /* The topic fields by group. */
    pd->y += 12;
    pdf_col tc[4] = {{T(t, VT_COL_TOPIC), 0, PDF_LEFT},
                     {T(t, VT_GROUP_FLAECHEN), 90, PDF_RIGHT},
                     {T(t, VT_GROUP_STADT), 90, PDF_RIGHT},
                     {T(t, VT_GROUP_ALL), 90, PDF_RIGHT}};
    tc[0].width = W - 270;
    pdf_cell *tr = xcalloc(o->n_topics ? o->n_topics * 4 : 1, sizeof *tr);
    for (size_t k = 0; k < o->n_topics; k++) {
        tr[k * 4] = (pdf_cell){S(o->topics[k].name), METRICS_REGULAR, 0, 0};
        for (int g = 0; g < VIEW_GROUP_COUNT; g++)
            tr[k * 4 + 1 + (size_t)g] =
                (pdf_cell){S(o->groups[g].topic_average_de[k]),
                           g == VIEW_GROUP_ALL ? METRICS_BOLD : METRICS_REGULAR, 0, 0};
    }
    ov_table(ov, NULL, NULL, tc, 4, tr, o->n_topics, NULL, 0);
    free(tr);
}

/* How firm the ranks are: the interval chart of the uncertainty analysis. */
static bool ov_intervals(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    if (!overview_chart_applies(o, OVERVIEW_INTERVALS, NULL)) return true;
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    const char *intro = T(&o->texts, VT_INTRO_INTERVALS);
    chart_ref c = ov_chart(ov, OVERVIEW_INTERVALS, 0);
    double h = chart_height(pd, &c, W, SZ_CHART);
    double ih = pdf_text_box(pd, X0, 0, W, PDF_LEFT, &f, 13.6, intro, false) + 10;
    ov_section(ov, T(&o->texts, VT_HEADING_INTERVALS), ih + h, false);
    paragraph(pd, X0, W, &f, 13.6, intro, 10);
    pdf_doc_need(pd, h);
    h = fmin(h, pdf_doc_room(pd));
    bool ok = chart_at(pd, &c, X0, pd->y, W, h, SZ_CHART, ov->d);
    pd->y += h;
    return ok;
}

/* The topic fields: their weights, then the Länder in each, two charts a row. */
static bool ov_topics(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    const view_texts *t = &o->texts;
    if (o->n_topics == 0) return true;
    pdf_col cols[5] = {{T(t, VT_COL_TOPIC), 0, PDF_LEFT},
                       {T(t, VT_COL_WEIGHT), 60, PDF_RIGHT},
                       {T(t, VT_COL_INDICATORS), 70, PDF_RIGHT},
                       {T(t, VT_COL_AVERAGE), 60, PDF_RIGHT},
                       {T(t, VT_COL_BEST), 130, PDF_LEFT}};
    cols[0].width = W - 60 - 70 - 60 - 130;
    pdf_cell *rows = xcalloc(o->n_topics * 5, sizeof *rows);
    char(*counts)[24] = xcalloc(o->n_topics, sizeof *counts);
    for (size_t k = 0; k < o->n_topics; k++) {
        const view_overview_topic *tp = &o->topics[k];
        snprintf(counts[k], sizeof counts[k], "%zu", tp->n_indicators);
        pdf_cell *r = rows + k * 5;
        r[0] = (pdf_cell){S(tp->name), METRICS_REGULAR, 0, 0};
        r[1] = (pdf_cell){S(tp->weight_de), METRICS_BOLD, 0, 0};
        r[2] = (pdf_cell){counts[k], METRICS_REGULAR, 0, 0};
        r[3] = (pdf_cell){S(tp->average_de), METRICS_REGULAR, 0, 0};
        r[4] = (pdf_cell){tp->n_ranking ? S(tp->ranking[0].name) : "", METRICS_REGULAR, 0, 0};
    }
    ov_table(ov, T(t, VT_HEADING_TOPICS), T(t, VT_INTRO_TOPICS), cols, 5, rows, o->n_topics, NULL,
             0);
    free(rows);
    free(counts);
    /* The rankings of the topic fields, two a row. */
    const double gap = 18, cw = (W - gap) / 2;
    bool ok = true;
    pd->y += 12;
    for (size_t k = 0; ok && k < o->n_topics; k += 2) {
        chart_ref a = ov_chart(ov, OVERVIEW_TOPIC, k), b = ov_chart(ov, OVERVIEW_TOPIC, k + 1);
        double ha = chart_height(pd, &a, cw, SZ_CHART);
        double hb = k + 1 < o->n_topics ? chart_height(pd, &b, cw, SZ_CHART) : 0;
        const double th = 16; /* the topic field's name above its chart */
        double h = fmin(fmax(ha, hb), PDF_BOTTOM - PDF_TOP_RUNNING - th);
        pdf_doc_need(pd, th + h);
        pdf_font lf = {METRICS_BOLD, SZ_SMALL + 0.5, PALETTE_TEXT};
        for (size_t j = k; j < k + 2 && j < o->n_topics; j++) {
            const char *name = view_text_line(t, VT_TOPIC_HEADING, j);
            pdf_doc_tag_begin(pd, PDF_ROLE_P);
            pdf_label(pd, X0 + (double)(j - k) * (cw + gap), pd->y + pdf_ascent(pd, &lf), PDF_LEFT,
                      &lf, 7, cw, name);
            pdf_doc_tag_end(pd);
        }
        pd->y += th;
        ok = chart_at(pd, &a, X0, pd->y, cw, fmin(ha, h), SZ_CHART, ov->d);
        if (ok && k + 1 < o->n_topics)
            ok = chart_at(pd, &b, X0 + cw + gap, pd->y, cw, fmin(hb, h), SZ_CHART, ov->d);
        pd->y += h + 12;
    }
    return ok;
}

/* The Kreise: the best and the worst ten, then the map of all. */
static bool ov_kreise(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    const view_texts *t = &o->texts;
    size_t n = o->n_kreise;
    while (n > 0 && isnan(o->kreise[n - 1].score)) n--; /* unranked Kreise last */
    if (n == 0) return true;
    enum { SHOWN = VIEW_KREISE_SHOWN };
    bool chg = o->ed.previous_year != 0;
    pdf_col cols[5] = {{T(t, VT_COL_RANK), 40, PDF_RIGHT},
                       {T(t, VT_COL_KREIS), 0, PDF_LEFT},
                       {T(t, VT_COL_LAND), 130, PDF_LEFT},
                       {T(t, VT_COL_SCORE), 55, PDF_RIGHT},
                       {T(t, VT_COL_CHANGE_SINCE), 95, PDF_RIGHT}};
    cols[1].width = W - 40 - 130 - 55 - (chg ? 95 : 0);
    size_t nc = chg ? 5 : 4;
    bool cut = n > 2 * SHOWN + 2;
    size_t rows_n = cut ? 2 * SHOWN + 1 : n;
    pdf_cell *rows = xcalloc(rows_n * nc, sizeof *rows);
    bool *glued = xcalloc(rows_n, sizeof *glued);
    for (size_t i = 0; i < rows_n; i++) {
        pdf_cell *r = rows + i * nc;
        if (cut && i == SHOWN) {
            r[1] = (pdf_cell){T(t, VT_KREISE_GAP), METRICS_REGULAR, PALETTE_MUTED, 0};
        } else {
            size_t e = cut && i > SHOWN ? n - rows_n + i : i;
            r[0] = (pdf_cell){S(o->kreise[e].rank_de), METRICS_REGULAR, 0, 0};
            r[1] = (pdf_cell){S(o->kreise[e].name), METRICS_REGULAR, 0, 0};
            r[2] = (pdf_cell){S(o->kreise_land[e]), METRICS_REGULAR, 0, 0};
            r[3] = (pdf_cell){S(o->kreise[e].score_de), METRICS_REGULAR, 0, 0};
            if (chg) r[4] = (pdf_cell){S(o->kreise[e].change_de), METRICS_REGULAR, 0, 0};
        }
        glued[i] = cut && (i == SHOWN || i == SHOWN + 1);
    }
    ov_table(ov, T(t, VT_HEADING_KREISE), T(t, VT_INTRO_KREISE), cols, nc, rows, rows_n, glued, 1);
    free(rows);
    free(glued);
    chart_ref map = ov_chart(ov, OVERVIEW_KREIS_MAP, 0);
    if (!overview_chart_applies(o, OVERVIEW_KREIS_MAP, map.map)) return true;
    pd->y += 12;
    /* The map under its title, as the topic fields' charts: on a page of
     * its own it must still say what it shows. */
    const double th = 16;
    double h = fmin(chart_height(pd, &map, W, SZ_CHART), 420);
    if (h > pdf_doc_room(pd) - th && pdf_doc_room(pd) - th >= 300) h = pdf_doc_room(pd) - th;
    pdf_doc_need(pd, th + h);
    pdf_font lf = {METRICS_BOLD, SZ_SMALL + 0.5, PALETTE_TEXT};
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pdf_label(pd, X0, pd->y + pdf_ascent(pd, &lf), PDF_LEFT, &lf, 7, W,
              T(t, VT_CHART_MAP_KREISE));
    pdf_doc_tag_end(pd);
    pd->y += th;
    bool ok = chart_at(pd, &map, X0, pd->y, W, fmin(h, pdf_doc_room(pd)), SZ_CHART, ov->d);
    pd->y += fmin(h, pdf_doc_room(pd));
    return ok;
}

static void ov_method(overview *ov)
{
    const view_overview *o = ov->o;
    ov_section(ov, T(&o->texts, VT_HEADING_METHOD), 60, false);
    method_block(&ov->pd, &o->texts, VT_COUNT, 0, false);
    if (o->n_sources > 0) {
        ov_section(ov, T(&o->texts, VT_HEADING_SOURCES), 40, false);
        sources_block(&ov->pd, o->sources, o->n_sources, &o->texts, &ov->s, false, false);
    }
    imprint(&ov->pd, &o->texts);
}

/* The sections of the report, in order (for the contents' size on page 1). */
static size_t ov_sections(const overview *ov)
{
    const view_overview *o = ov->o;
    size_t n = 1; /* Länder */
    n += o->groups[VIEW_GROUP_FLAECHEN].n > 0 && o->groups[VIEW_GROUP_STADT].n > 0;
    n += overview_chart_applies(o, OVERVIEW_INTERVALS, NULL);
    n += o->n_topics > 0;
    n += o->n_kreise > 0 && !isnan(o->kreise[0].score);
    return n + 1 + (o->n_sources > 0); /* method, sources */
}

bool pdf_render_overview(const pdf_renderer *r, const view_overview *o, buf *out, diag *d)
{
    if (!r || !o) {
        diag_error(d, NULL, NULL, NULL, "PDF overview: no renderer or view");
        return false;
    }
    overview ov;
    memset(&ov, 0, sizeof ov);
    ov.r = r;
    ov.o = o;
    ov.d = d;
    bool ok = pdf_doc_begin(&ov.pd, r, d);
    pdf_doc *pd = &ov.pd;
    if (ok) {
        const view_texts *t = &o->texts;
        HPDF_SetPageMode(pd->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
        doc_open(pd, r, &ov.pt, &o->ed, t);
        if (!ov_front(&ov)) {
            diag_error(d, NULL, NULL, "shorten the overview sentences",
                       "PDF overview: the contents do not fit on page 1");
            ok = false;
        }
        ok = ok && ov_laender(&ov);
        if (ok && o->groups[VIEW_GROUP_FLAECHEN].n > 0 && o->groups[VIEW_GROUP_STADT].n > 0)
            ov_groups(&ov);
        ok = ok && ov_intervals(&ov) && ov_topics(&ov) && ov_kreise(&ov);
        if (ok) {
            ov_method(&ov);
            ov_toc_draw(&ov);
            footers(pd, &ov.pt);
        }
        ok = ok && pdf_doc_save(pd, out, "overview", d);
    }
    pdf_doc_end(pd);
    for (size_t i = 0; i < ov.n_toc; i++) free(ov.toc[i].title);
    free(ov.toc);
    buf_free(&ov.s);
    return ok;
}
