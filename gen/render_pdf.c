/* render_pdf: briefing and Gesamtbericht layout (see render_pdf.h).
 *
 * Layout is a simple flow down the page (pdf_doc): blocks measure themselves
 * first and move to a new page when they do not fit, so nothing is cut off
 * and a heading never ends a page. Footers and the table of contents are
 * drawn after the flow, when the page count is known.
 *
 * Tagging (pdf_tags.h): the primitives tag what they draw; this file only
 * names the roles (headings, lists, the contents list, artifacts) in the
 * order a reader should meet them, which is the order they are drawn. */
#include "render_pdf.h"

#include "canvas_pdf.h"
#include "charts.h"
#include "format.h"
#include "palette.h"
#include "pdf_doc.h"
#include "pdf_font.h"
#include "pdf_table.h"
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

static unsigned char *read_font(const char *path, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    *err = ferror(f) ? EIO : 0;
    fclose(f);
    if (*err || b.len == 0) {
        if (!*err) *err = EINVAL;
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return (unsigned char *)buf_detach(&b);
}

pdf_renderer *pdf_renderer_new(const metrics_fonts *fonts, diag *d)
{
    if (!fonts) {
        diag_error(d, NULL, NULL, NULL, "PDF renderer: no fonts loaded");
        return NULL;
    }
    pdf_renderer *r = xcalloc(1, sizeof *r);
    r->fonts = fonts;
    for (int w = 0; w < 2; w++) {
        const char *path = metrics_fonts_path(fonts, (metrics_weight)w);
        int err = 0;
        r->ttf[w] = path ? read_font(path, &r->ttf_len[w], &err) : NULL;
        if (!r->ttf[w]) {
            diag_system(d, path, "install the Debian package " METRICS_FONT_PACKAGE,
                        "PDF: cannot read the font file: %s", strerror(err ? err : ENOENT));
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

void pdf_renderer_free(pdf_renderer *r)
{
    if (!r) return;
    free(r->ttf[0]);
    free(r->ttf[1]);
    free(r);
}

/* ---- shared page furniture ------------------------------------------------ */

typedef struct page_text {
    const char *running_left; /* running header, pages 2+ */
    const char *running_right;
    const view_edition *ed;
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
    char *left =
        xasprintf("%s · %s · Stand: %s", S(ed->title), S(ed->edition_de), S(ed->generated_de));
    const double base = PDF_PAGE_H - 32, rule = PDF_PAGE_H - 44;
    pdf_doc_artifact_begin(pd, PDF_ARTIFACT_FOOTER);
    for (size_t i = 0; i < pd->n_pages; i++) {
        pdf_doc_use_page(pd, i);
        pdf_rule(pd, X0, rule, X0 + W, rule, 0.5, PALETTE_GRID);
        char page[64];
        snprintf(page, sizeof page, "Seite %zu von %zu", i + 1, pd->n_pages);
        double right = X0 + W;
        pdf_text(pd, right, base, PDF_RIGHT, &txt, page, strlen(page));
        right -= pdf_width(pd, &txt, page) + 14;
        if (ed->sample) {
            /* A vermillion tag: colour marks it, the word says it. */
            const char *tag = "Beispieldaten";
            double tw = pdf_width(pd, &warn, tag);
            pdf_fill_rect(pd, right - tw - 8, base - 8.5, tw + 8, 12, tint(PALETTE_AVERAGE, 0.18));
            pdf_fill_rect(pd, right - tw - 8, base - 8.5, 2, 12, PALETTE_AVERAGE);
            pdf_text(pd, right - 3, base, PDF_RIGHT, &warn, tag, strlen(tag));
            right -= tw + 8 + 14;
        }
        pdf_label(pd, X0, base, PDF_LEFT, &mut, 6, right - X0, left);
    }
    pdf_doc_artifact_end(pd);
    free(left);
}

static bool at_page_top(const pdf_doc *pd)
{
    return pd->y <= (pd->n_pages == 1 ? PDF_TOP : PDF_TOP_RUNNING) + 0.5;
}

/* A section heading with a bookmark, kept together with `keep` points of
 * what follows. */
static void heading(pdf_doc *pd, const char *title, double keep)
{
    pdf_font hf = {METRICS_BOLD, SZ_HEAD, PALETTE_TEXT};
    const double lead = SZ_HEAD * 1.2;
    /* Long titles wrap (rare: a topic field with a long name). */
    double h = pdf_text_box(pd, X0, 0, W, PDF_LEFT, &hf, lead, title, false) + 7;
    if (!at_page_top(pd)) pd->y += 16;
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
static void bullet(pdf_doc *pd, const pdf_font *ft, double leading, const char *s, double gap)
{
    const double indent = 13;
    double h = pdf_text_box(pd, X0 + indent, pd->y, W - indent, PDF_LEFT, ft, leading, s, false);
    pdf_doc_need(pd, h);
    double cap = metrics_cap_height(pd->mf, ft->w, ft->size);
    double base = pd->y + pdf_ascent(pd, ft);
    double sq = 0.36 * ft->size;
    pdf_doc_tag_begin(pd, PDF_ROLE_LI);
    pdf_fill_rect(pd, X0 + 1, base - cap / 2 - sq / 2, sq, sq, PALETTE_REGION);
    pdf_doc_tag_begin(pd, PDF_ROLE_LBODY);
    pdf_text_box(pd, X0 + indent, pd->y, W - indent, PDF_LEFT, ft, leading, s, true);
    pdf_doc_tag_end(pd);
    pdf_doc_tag_end(pd);
    pd->y += h + gap;
}

/* The notice on sample editions: a vermillion bar, a light tint, a heading. */
static void sample_box(pdf_doc *pd, const char *notice)
{
    const double pad = 9, bar = 3.5;
    pdf_font hf = {METRICS_BOLD, 10, PALETTE_TEXT};
    pdf_font bf = {METRICS_REGULAR, 9, PALETTE_TEXT};
    const char *body = notice;
    /* The view's notice starts with the word we set as the heading. */
    if (strncmp(body, "Beispieldaten:", 14) == 0) body += 14;
    while (*body == ' ') body++;
    double inner = W - bar - 2 * pad;
    double hh = SZ_BODY * 1.25;
    double bh = pdf_text_box(pd, 0, 0, inner, PDF_LEFT, &bf, 11.8, body, false);
    double h = pad + hh + bh + pad;
    pdf_doc_need(pd, h);
    pdf_fill_rect(pd, X0, pd->y, W, h, tint(PALETTE_AVERAGE, 0.10));
    pdf_fill_rect(pd, X0, pd->y, bar, h, PALETTE_AVERAGE);
    double x = X0 + bar + pad;
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pdf_text(pd, x, pd->y + pad + pdf_ascent(pd, &hf), PDF_LEFT, &hf, "Beispieldaten", 13);
    pdf_text_box(pd, x, pd->y + pad + hh, inner, PDF_LEFT, &bf, 11.8, body, true);
    pdf_doc_tag_end(pd);
    pd->y += h;
}

/* ---- charts on the page ----------------------------------------------------- */

typedef enum chart_kind { CH_RADAR, CH_BARS, CH_CHANGE, CH_RANKING, CH_MAP, CH_INTERVALS } chart_kind;

/* Draws a chart into the box (x, y, w, h) of the current page. */
static bool chart_at(pdf_doc *pd, chart_kind k, const void *in, double x, double y, double w,
                     double h, double fs, diag *d)
{
    canvas *c = pdf_doc_chart_begin(pd, x, y, w, h);
    chart_style st = {fs};
    bool ok = false;
    switch (k) {
    case CH_RADAR: ok = chart_radar_draw(c, in, &st, d); break;
    case CH_BARS: ok = chart_bars_draw(c, in, &st, d); break;
    case CH_CHANGE: ok = chart_change_draw(c, in, &st, d); break;
    case CH_RANKING: ok = chart_ranking_draw(c, in, &st, d); break;
    case CH_MAP: ok = chart_map_draw(c, in, &st, d); break;
    case CH_INTERVALS: ok = chart_intervals_draw(c, in, &st, d); break;
    }
    return pdf_doc_chart_end(pd, c, d) && ok;
}

/* Ranking chart input from a view list. Always one column, even for the 96
 * Kreise of Bayern (about 6 pt type on a full page): split into columns,
 * each chart would scale its bars to its own maximum. */
typedef struct ranking_in {
    chart_ranking in;
    const char **names;
    double *values;
    int *ranks;
} ranking_in;

static void ranking_in_build(ranking_in *r, const view_rank_entry *e, size_t n, size_t highlight,
                             const char *caption, const char *title)
{
    r->names = xcalloc(n ? n : 1, sizeof *r->names);
    r->values = xcalloc(n ? n : 1, sizeof *r->values);
    r->ranks = xcalloc(n ? n : 1, sizeof *r->ranks);
    for (size_t i = 0; i < n; i++) {
        r->names[i] = S(e[i].name);
        r->values[i] = e[i].score;
        r->ranks[i] = e[i].rank;
    }
    r->in = (chart_ranking){title,     NULL,     n,         r->names,
                            r->values, r->ranks, highlight, caption && *caption ? caption : NULL};
}

static void ranking_in_free(ranking_in *r)
{
    free(r->names);
    free(r->values);
    free(r->ranks);
}

/* The map of one score per Land (entries carry the AGS). */
typedef struct map_in {
    chart_map in;
    const char **ags;
    double *values;
} map_in;

static void map_in_build(map_in *m, const geo_map *map, const view_rank_entry *e, size_t n,
                         const char *highlight, const char *legend, const char *title)
{
    m->ags = xcalloc(n ? n : 1, sizeof *m->ags);
    m->values = xcalloc(n ? n : 1, sizeof *m->values);
    for (size_t i = 0; i < n; i++) {
        m->ags[i] = S(e[i].ags);
        m->values[i] = e[i].score;
    }
    memset(&m->in, 0, sizeof m->in);
    m->in.title = title;
    m->in.map = map;
    m->in.n = n;
    m->in.ags = m->ags;
    m->in.values = m->values;
    m->in.highlight = highlight;
    m->in.legend_title = legend;
}

/* A heading, then the ranking, and beside it the Länder map when the
 * renderer has one and the list is short enough to share the width. */
typedef struct ranking_spec {
    const char *head; /* NULL = no heading */
    const view_rank_entry *e;
    size_t n, highlight;
    const char *caption, *title;
    const geo_map *map;        /* NULL = no map */
    const char *map_highlight; /* AGS to outline or NULL */
    const char *map_legend, *map_title;
} ranking_spec;

static bool ranking_section(pdf_doc *pd, const ranking_spec *sp, diag *d)
{
    if (sp->n == 0 || sp->n > 500) return true;
    ranking_in r;
    ranking_in_build(&r, sp->e, sp->n, sp->highlight, sp->caption, sp->title);
    bool with_map = sp->map && sp->n <= 40;
    const double gap = 18;
    double wl = with_map ? floor(W * 0.56) : W, wr = W - wl - gap;
    chart_style st = {SZ_CHART};
    double hl =
        fmin(chart_ranking_height(pd->mf, &r.in, wl, &st), PDF_BOTTOM - PDF_TOP_RUNNING - 40);
    map_in m;
    double hr = 0;
    if (with_map) {
        map_in_build(&m, sp->map, sp->e, sp->n, sp->map_highlight, sp->map_legend, sp->map_title);
        /* At least as tall as the ranking: with room the map grows and its
         * legend moves below it. */
        hr = chart_map_height(pd->mf, &m.in, wr, &st);
        if (hr > 0) hr = fmin(fmax(fmax(hr, hl), 300), 360);
    }
    double h = fmax(hl, hr);
    if (sp->head) heading(pd, sp->head, h);
    pdf_doc_need(pd, h);
    hl = fmin(hl, pdf_doc_room(pd));
    bool ok = chart_at(pd, CH_RANKING, &r.in, X0, pd->y, wl, hl, st.font_size, d);
    if (with_map) {
        if (ok && hr > 0)
            ok = chart_at(pd, CH_MAP, &m.in, X0 + wl + gap, pd->y, wr, fmin(hr, pdf_doc_room(pd)),
                          st.font_size, d);
        free(m.ags);
        free(m.values);
    }
    pd->y += fmin(h, pdf_doc_room(pd));
    ranking_in_free(&r);
    return ok;
}

/* ---- briefing ------------------------------------------------------------ */

typedef struct brief {
    pdf_doc pd;
    const pdf_renderer *r;
    const view_briefing *v;
    page_text pt;
    diag *d;
    buf s;
} brief;

static void brief_title(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    pdf_font kick = {METRICS_BOLD, 9, PALETTE_REGION};
    pdf_font kick_r = {METRICS_REGULAR, 9, PALETTE_MUTED};
    char *right = xasprintf("Kurzbericht · %s", S(v->ed.edition_de));
    double rw = pdf_width(pd, &kick_r, right);
    double base = pd->y + pdf_ascent(pd, &kick);
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pdf_label(pd, X0, base, PDF_LEFT, &kick, 7, W - rw - 16, S(v->ed.title));
    pdf_text(pd, X0 + W, base, PDF_RIGHT, &kick_r, right, strlen(right));
    pdf_doc_tag_end(pd);
    free(right);
    pd->y += 22;

    /* The name: one line, shrunk from 24 down to 17 pt; else wrapped. */
    pdf_font name = {METRICS_BOLD, 24, PALETTE_TEXT};
    name.size = pdf_text_fit_size(pd->mf, name.w, 24, 17, S(v->name), W);
    double nh = pdf_doc_heading(pd, 1, X0, pd->y, W, &name, name.size * 1.15, S(v->name));
    pd->y += nh + 7;

    /* "Landkreis in Bayern · 93.125 Einwohner · AGS 09773" */
    buf *s = &b->s;
    buf_clear(s);
    buf_puts(s, S(v->kind_line_de));
    if (*S(v->population_de)) buf_printf(s, " · %s", v->population_de);
    if (*S(v->ags)) buf_printf(s, " · AGS %s", v->ags);
    pdf_font sub = {METRICS_REGULAR, 10.5, PALETTE_MUTED};
    pd->y += pdf_text_box(pd, X0, pd->y, W, PDF_LEFT, &sub, 13, buf_cstr(s), true) + 9;
    pdf_rule(pd, X0, pd->y, X0 + W, pd->y, 1.5, PALETTE_REGION);
    pd->y += 14;
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
    buf rank = BUF_INIT, of = BUF_INIT, chg = BUF_INIT, sub = BUF_INIT, lab = BUF_INIT;
    if (v->index_rank > 0)
        fmt_de_int(&rank, v->index_rank);
    else
        buf_puts(&rank, "–");
    buf_puts(&of, "von ");
    fmt_de_int(&of, v->index_n_ranked);
    buf_printf(&of, " %s", S(v->level_plural_dat_de));
    /* How firm the rank is under ±25 % weights (gen/uncertainty.h). */
    if (*S(v->rank_interval_de)) buf_printf(&of, "\nGewichtsprobe: %s", v->rank_interval_de);

    /* "+2,3 Punkte": the number large, the unit below. */
    const char *c = S(v->index_change_de), *sp = strchr(c, ' ');
    buf_append(&chg, c, sp ? (size_t)(sp - c) : strlen(c));
    if (chg.len == 0) buf_puts(&chg, "–");
    if (sp) buf_puts(&sub, sp + 1);
    if (*S(v->rank_change_de))
        buf_printf(&sub, "%sRang: %s", sub.len ? "\n" : "", v->rank_change_de);
    if (sub.len == 0)
        buf_puts(&sub, !v->ed.previous_year             ? "kein Vorjahresvergleich"
                       : *S(v->index_change_missing_de) ? v->index_change_missing_de
                                                        : "keine Vorjahreswerte");
    if (v->ed.previous_year)
        buf_printf(&lab, "Veränderung seit %d", v->ed.previous_year);
    else
        buf_puts(&lab, "Veränderung");
    uint32_t cc = PALETTE_TEXT;
    if (!isnan(v->index_change) && v->index_change >= 0.05) cc = PALETTE_POSITIVE;
    if (!isnan(v->index_change) && v->index_change <= -0.05) cc = PALETTE_NEGATIVE;

    uint32_t grey = tint(PALETTE_MUTED, 0.08);
    figure f[4] = {
        {S(v->ed.index_name), S(v->index_score_de), "von 100 Punkten", PALETTE_TEXT,
         PALETTE_REGION_TINT},
        {"Rang", buf_cstr(&rank), buf_cstr(&of), PALETTE_TEXT, grey},
        {buf_cstr(&lab), buf_cstr(&chg), buf_cstr(&sub), cc, grey},
        {S(v->average_label_de), S(v->index_average_de), "Punkte im Durchschnitt", PALETTE_TEXT,
         grey},
    };
    figures_row(&b->pd, f, 4);
    buf_free(&rank);
    buf_free(&of);
    buf_free(&chg);
    buf_free(&sub);
    buf_free(&lab);
}

static void sentences_block(pdf_doc *pd, char *const *sent, size_t n)
{
    if (n == 0) return;
    pdf_font body = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    double first = pdf_text_box(pd, 0, 0, W - 13, PDF_LEFT, &body, 13.6, S(sent[0]), false);
    heading(pd, "Auf einen Blick", first);
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    for (size_t i = 0; i < n; i++) bullet(pd, &body, 13.6, S(sent[i]), 5);
    pdf_doc_tag_end(pd);
}

static bool brief_radar(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    size_t n = v->n_topics;
    if (n < 3 || n > 12) return true; /* the bars carry the same numbers */
    const char **axes = xcalloc(n, sizeof *axes);
    double *reg = xcalloc(n, sizeof *reg), *avg = xcalloc(n, sizeof *avg),
           *prev = xcalloc(n, sizeof *prev);
    bool has_prev = false;
    for (size_t i = 0; i < n; i++) {
        axes[i] = S(v->topics[i].name);
        reg[i] = v->topics[i].score;
        avg[i] = v->topics[i].average;
        prev[i] = v->topics[i].previous;
        if (!isnan(prev[i])) has_prev = true;
    }
    char *prev_label = xasprintf("%s %d", S(v->name), v->ed.previous_year);
    chart_radar in = {0};
    in.title = briefing_chart_title(CHART_RADAR);
    in.n_axes = n;
    in.axes = axes;
    in.region = reg;
    in.average = avg;
    in.previous = has_prev && v->ed.previous_year ? prev : NULL;
    in.region_label = S(v->name);
    in.average_label = S(v->average_label_de);
    in.previous_label = prev_label;
    /* The radar shrinks to the room left on page 1 rather than moving on. */
    heading(pd, "Profil nach Themenfeldern", 170);
    double h = fmin(pdf_doc_room(pd), 330);
    bool ok = chart_at(pd, CH_RADAR, &in, X0, pd->y, W, h, SZ_CHART + 0.5, b->d);
    pd->y += h;
    free(prev_label);
    free(axes);
    free(reg);
    free(avg);
    free(prev);
    return ok;
}

static bool brief_bars(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    size_t n = v->n_topics;
    if (n < 1 || n > 20) return true;
    const char **labels = xcalloc(n, sizeof *labels);
    double *reg = xcalloc(n, sizeof *reg), *avg = xcalloc(n, sizeof *avg);
    int *rank = xcalloc(n, sizeof *rank);
    for (size_t i = 0; i < n; i++) {
        labels[i] = S(v->topics[i].name);
        reg[i] = v->topics[i].score;
        avg[i] = v->topics[i].average;
        rank[i] = v->topics[i].rank;
    }
    chart_bars in = {0};
    in.title = briefing_chart_title(CHART_BARS);
    in.n = n;
    in.labels = labels;
    in.region = reg;
    in.average = avg;
    in.rank = rank;
    in.rank_total = v->index_n_ranked;
    in.region_label = S(v->name);
    in.average_label = S(v->average_label_de);
    chart_style st = {SZ_CHART + 0.5};
    double h = chart_bars_height(pd->mf, &in, W, &st);
    heading(pd, "Themenfelder im Vergleich", h);
    bool ok = chart_at(pd, CH_BARS, &in, X0, pd->y, W, h, st.font_size, b->d);
    pd->y += h;
    free(labels);
    free(reg);
    free(avg);
    free(rank);
    return ok;
}

static bool brief_change(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    size_t n = v->n_topics;
    if (!v->has_change || !v->ed.previous_year || n > 20) return true;
    const char **labels = xcalloc(n ? n : 1, sizeof *labels);
    double *chg = xcalloc(n ? n : 1, sizeof *chg);
    const char **missing = xcalloc(n ? n : 1, sizeof *missing);
    for (size_t i = 0; i < n; i++) {
        labels[i] = S(v->topics[i].name);
        chg[i] = v->topics[i].change;
        missing[i] = S(v->topics[i].change_missing_de);
    }
    char *caption = xasprintf("Veränderung gegenüber %d in Punkten", v->ed.previous_year);
    chart_change in = {0};
    in.title = briefing_chart_title(CHART_CHANGE);
    in.n = n;
    in.labels = labels;
    in.change = chg;
    in.index_label = S(v->ed.index_name);
    in.index_change = v->index_change;
    in.missing_texts = missing;
    in.index_missing_text = S(v->index_change_missing_de);
    in.caption = caption;
    chart_style st = {SZ_CHART + 0.5};
    double h = chart_change_height(pd->mf, &in, W, &st);
    char *title = xasprintf("Veränderung seit %d", v->ed.previous_year);
    heading(pd, title, h);
    bool ok = chart_at(pd, CH_CHANGE, &in, X0, pd->y, W, h, st.font_size, b->d);
    pd->y += h;
    free(title);
    free(caption);
    free(labels);
    free(missing);
    free(chg);
    return ok;
}

/* The change split into its causes (gen/compare.h): one compact table row,
 * after the ranking so that the ranking keeps its place on page 2. */
static void brief_causes(brief *b)
{
    pdf_doc *pd = &b->pd;
    const view_briefing *v = b->v;
    if (v->has_decomposition && v->ed.previous_year) {
        /* The change split into its causes (gen/compare.h): one compact
         * table row under the chart, so the page keeps room for the ranking. */
        pd->y += 6;
        char others[96], lead[96];
        snprintf(others, sizeof others, "Daten der anderen %s", S(v->level_plural_de));
        snprintf(lead, sizeof lead, "Ursachen (Punkte)%s", v->series_break ? ", Reihenbruch" : "");
        double cw = (W - 130) / 4;
        pdf_col cols[5] = {{lead, 130, PDF_LEFT},
                           {"eigene Daten", cw, PDF_RIGHT},
                           {others, cw, PDF_RIGHT},
                           {"Methode", cw, PDF_RIGHT},
                           {"zusammen", cw, PDF_RIGHT}};
        pdf_table t;
        pdf_table_begin(&t, pd, X0, cols, 5, SZ_TABLE);
        pdf_cell cells[5] = {{"Veränderung des Indexwerts", METRICS_REGULAR, 0, 0},
                             {S(v->change_own_de), METRICS_REGULAR, 0, 0},
                             {S(v->change_others_de), METRICS_REGULAR, 0, 0},
                             {S(v->change_method_de), METRICS_REGULAR, 0, 0},
                             {S(v->index_change_de), METRICS_BOLD, 0, 0}};
        pdf_table_row(&t, cells, 0, 0);
        pdf_table_end(&t);
    }
}

static bool brief_ranking(brief *b)
{
    const view_briefing *v = b->v;
    if (v->n_ranking == 0) return true;
    char *title = xasprintf("Rangfolge: %s", S(v->ranking_title_de));
    char *map_title = xasprintf("Karte: %s %d", S(v->ed.index_name), v->ed.year);
    /* The map holds the Länder: Land briefings only. */
    ranking_spec sp = {title,
                       v->ranking,
                       v->n_ranking,
                       v->ranking_highlight,
                       v->ranking_caption_de,
                       title,
                       v->level == LEVEL_LAND ? b->r->map : NULL,
                       v->ags,
                       S(v->ed.index_name),
                       map_title};
    bool ok = ranking_section(&b->pd, &sp, b->d);
    free(map_title);
    free(title);
    return ok;
}

/* Whether the ranking section fits the rest of the current page. */
static bool brief_ranking_fits(brief *b)
{
    const view_briefing *v = b->v;
    if (v->n_ranking == 0 || v->n_ranking > 500) return true;
    ranking_in r;
    ranking_in_build(&r, v->ranking, v->n_ranking, v->ranking_highlight, v->ranking_caption_de, "");
    double h = chart_ranking_height(b->pd.mf, &r.in, W, &(chart_style){SZ_CHART});
    ranking_in_free(&r);
    return h + 60 <= pdf_doc_room(&b->pd) || h < 300;
}

/* Rank, name, score, change of a ranking list (Gemeinden, Länder). */
static void ranking_table(pdf_doc *pd, const view_rank_entry *e, size_t n, const char *what,
                          bool with_change, int prev_year)
{
    char chg_head[48];
    snprintf(chg_head, sizeof chg_head, "Veränderung seit %d", prev_year);
    pdf_col cols[4] = {{"Rang", 44, PDF_RIGHT},
                       {what, 0, PDF_LEFT},
                       {"Punkte", 70, PDF_RIGHT},
                       {chg_head, 100, PDF_RIGHT}};
    size_t nc = with_change ? 4 : 3;
    cols[1].width = W - 44 - 70 - (with_change ? 100 : 0);
    pdf_table t;
    pdf_table_begin(&t, pd, X0, cols, nc, SZ_TABLE + 0.5);
    for (size_t i = 0; i < n; i++) {
        metrics_weight w = e[i].highlight ? METRICS_BOLD : METRICS_REGULAR;
        pdf_cell cells[4] = {{S(e[i].rank_de), w, 0, 0},
                             {S(e[i].name), w, 0, 0},
                             {S(e[i].score_de), w, 0, 0},
                             {S(e[i].change_de), w, 0, 0}};
        pdf_table_row(&t, cells, e[i].highlight ? PALETTE_BAND : 0, 0);
    }
    pdf_table_end(&t);
}

static void brief_children(brief *b)
{
    const view_briefing *v = b->v;
    if (v->n_children == 0) return;
    char *title = xasprintf("Gemeinden %s", S(v->gram.in));
    heading(&b->pd, title, 40);
    ranking_table(&b->pd, v->children, v->n_children, "Gemeinde",
                  v->has_change && v->ed.previous_year, v->ed.previous_year);
    free(title);
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
    pdf_col cols[7] = {{"ID", 0, PDF_LEFT},       {"Bezeichnung", 0, PDF_LEFT},
                       {"Wert", 138, PDF_LEFT},   {"Punkte", 38, PDF_RIGHT},
                       {"Rang", 30, PDF_RIGHT},   {S(v->average_label_de), 44, PDF_RIGHT},
                       {"Veränd.", 40, PDF_RIGHT}};
    size_t nc = chg ? 7 : 6;
    /* The ID column (indicators only: the sources refer to them) as wide as
     * the widest ID. */
    pdf_font idf = {METRICS_REGULAR, SZ_TABLE, PALETTE_MUTED};
    double idw = 0;
    for (size_t i = 0; i < v->n_rows; i++)
        if (v->rows[i].indicator) idw = fmax(idw, pdf_width(pd, &idf, S(v->rows[i].id)));
    cols[0].width = fmin(60, fmax(22, ceil(idw) + 8));
    double used = 0;
    for (size_t i = 0; i < nc; i++) used += cols[i].width;
    cols[1].width = W - used;
    heading(pd, "Alle Werte im Detail", 50);
    pdf_table t;
    pdf_table_begin(&t, pd, X0, cols, nc, SZ_TABLE);
    for (size_t i = 0; i < v->n_rows; i++) {
        const view_row *r = &v->rows[i];
        pdf_cell cur[7];
        row_cells(r, cur);
        /* Group rows (index, topic fields, aspects) stay with their first child. */
        double keep = 0;
        if (!r->indicator && i + 1 < v->n_rows) {
            pdf_cell next[7];
            row_cells(&v->rows[i + 1], next);
            keep = pdf_table_row_height(&t, next);
        }
        uint32_t band = r->depth == 0   ? PALETTE_REGION_TINT
                        : r->depth == 1 ? tint(PALETTE_MUTED, 0.09)
                                        : 0;
        pdf_table_row(&t, cur, band, keep);
    }
    pdf_table_end(&t);
    pd->y += 5;
    pdf_font small = {METRICS_REGULAR, 7.5, PALETTE_MUTED};
    buf *s = &b->s;
    buf_clear(s);
    buf_printf(s,
               "Wert: Rohwert mit Einheit. Punkte: 0 bis 100 (siehe Methode). Rang: unter allen %s "
               "mit Wert (1 = bester). %s: Durchschnitt aller %s.",
               S(v->level_plural_dat_de), S(v->average_label_de), S(v->level_plural_de));
    if (chg) buf_printf(s, " Veränd.: Punkte gegenüber %d.", v->ed.previous_year);
    paragraph(pd, X0, W, &small, 9.5, buf_cstr(s), 0);
}

/* Sources: numbered entries in two balanced columns, never split; URLs
 * are links. */
typedef struct source_geom {
    double h1, h2, h3, iw, sep; /* text, indicators, URL heights; widths on line 2 */
    bool one_line;              /* indicators and URL share line 2 */
} source_geom;

#define SRC_LEAD 9.6
#define SRC_SMALL_LEAD 9.0

static source_geom source_measure(pdf_doc *pd, const view_source *src, double w, buf *s)
{
    pdf_font tf = {METRICS_REGULAR, 7.8, PALETTE_TEXT};
    pdf_font mf = {METRICS_REGULAR, 7, PALETTE_MUTED};
    pdf_font uf = {METRICS_REGULAR, 7, PALETTE_REGION};
    source_geom g = {0};
    const char *url = S(src->url);
    buf_clear(s);
    if (*S(src->indicators)) buf_printf(s, "Indikatoren: %s", src->indicators);
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

static void source_draw(pdf_doc *pd, const view_source *src, size_t num, double x, double y,
                        double w, buf *s)
{
    pdf_font tf = {METRICS_REGULAR, 7.8, PALETTE_TEXT};
    pdf_font mf = {METRICS_REGULAR, 7, PALETTE_MUTED};
    pdf_font uf = {METRICS_REGULAR, 7, PALETTE_REGION};
    const double ind = 14;
    source_geom g = source_measure(pd, src, w - ind, s); /* leaves the indicators in s */
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
        pdf_text_break(pd->mf, uf.w, uf.size, url, uw, &pd->lines);
        for (size_t k = 0; k < pd->lines.n; k++)
            pdf_doc_link_uri(pd, ux, y + (double)k * SRC_SMALL_LEAD - 1, pd->lines.v[k].width,
                             SRC_SMALL_LEAD, url);
        pdf_doc_tag_end(pd);
    }
    pdf_doc_tag_end(pd);
    pdf_doc_tag_end(pd);
}

static void sources_block(pdf_doc *pd, const view_source *src, size_t n, buf *s)
{
    if (n == 0) return;
    const double gap = 18, cw = (W - gap) / 2, sp = 5;
    double *h = xcalloc(n, sizeof *h);
    for (size_t i = 0; i < n; i++) {
        source_geom g = source_measure(pd, &src[i], cw - 14, s);
        h[i] = source_height(&g) + sp;
    }
    heading(pd, "Quellen", h[0]);
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
            double total = 0, best = INFINITY, left = 0;
            for (size_t i = pos; i < n; i++) total += h[i];
            for (size_t j = pos; j <= n; j++) {
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
            source_draw(pd, &src[i], i + 1, second ? X0 + cw + gap : X0, second ? y2 : y1, cw, s);
            *(second ? &y2 : &y1) += h[i];
        }
        pd->y = fmax(y1, y2) - sp;
        pos = end;
        if (pos < n) pdf_doc_add_page(pd);
    }
    pdf_doc_tag_end(pd);
    free(h);
}

/* The method in short (docs/method.md), for a level with n ranked regions. */
typedef struct method_text {
    const char *plural, *plural_dat; /* "Länder", "Ländern" */
    int n_ranked;
    int previous_year;    /* 0 = no change column */
    const view_row *rows; /* for the normalisation; may be NULL */
    size_t n_rows;
} method_text;

static void method_block(pdf_doc *pd, const method_text *m, bool with_heading, buf *s)
{
    pdf_font f = {METRICS_REGULAR, SZ_SMALL, PALETTE_TEXT};
    const double lead = 11.4;
    /* Normalisation: the common method of the indicators, exceptions named. */
    size_t n_ind = 0, n_minmax = 0, n_all = 0, n_lower = 0;
    const char *lower_example = NULL;
    for (size_t i = 0; i < m->n_rows; i++) {
        const view_row *r = &m->rows[i];
        if (!r->indicator) continue;
        n_ind++;
        const char *md = S(r->method_de);
        if (strncmp(md, "Min-Max", 7) == 0) n_minmax++;
        if (strstr(md, "über alle Ausgaben")) n_all++;
        if (strstr(md, "niedriger ist besser")) {
            n_lower++;
            if (!lower_example) lower_example = S(r->name);
        }
    }
    buf_clear(s);
    buf_puts(s, "Punkte: Jeder Indikator wird auf eine Skala von 0 bis 100 umgerechnet.");
    if (n_ind > 0 && n_minmax == n_ind) {
        buf_printf(
            s, " Min-Max-Verfahren: Der niedrigste Wert der %s erhält 0, der höchste 100 Punkte",
            m->plural);
        if (n_all == n_ind)
            buf_puts(s, "; Minimum und Maximum gelten über alle Ausgaben, damit Punkte über die "
                        "Jahre vergleichbar bleiben");
        buf_putc(s, '.');
    } else if (n_ind > 0) {
        buf_puts(s, " Verfahren je Indikator:");
        bool first = true;
        for (size_t i = 0; i < m->n_rows; i++) {
            const view_row *r = &m->rows[i];
            if (!r->indicator) continue;
            buf_printf(s, "%s %s (%s)", first ? "" : ";", S(r->name), S(r->method_de));
            first = false;
        }
        buf_putc(s, '.');
    }
    if (n_lower && lower_example)
        buf_printf(s, " Wo ein niedriger Wert besser ist (etwa bei „%s“), ist die Skala umgekehrt.",
                   lower_example);
    if (with_heading) heading(pd, "Methode", 40);
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    bullet(pd, &f, lead, buf_cstr(s), 4);
    bullet(pd, &f, lead,
           "Zusammenfassung: Aspekte, Themenfelder und Index sind gewichtete Mittelwerte ihrer "
           "Bestandteile. Fehlt ein Wert, zählen die übrigen Bestandteile mit entsprechend höherem "
           "Gewicht.",
           4);
    buf_clear(s);
    buf_printf(s,
               "Rang: 1 ist der beste Wert unter den %d %s mit Wert; gleiche Punktzahlen teilen "
               "sich einen Rang. Ø ist der einfache Mittelwert dieser %s.",
               m->n_ranked, m->plural_dat, m->plural);
    bullet(pd, &f, lead, buf_cstr(s), 4);
    int k = m->n_ranked / 4;
    if (k > 0) {
        buf_clear(s);
        buf_printf(s,
                   "Spitzengruppe sind die besten, Verfolgergruppe die schwächsten %d der %d %s "
                   "(je ein Viertel, abgerundet). Themenfelder und Aspekte in diesen Gruppen "
                   "gelten als Stärken und Schwächen.",
                   k, m->n_ranked, m->plural);
        bullet(pd, &f, lead, buf_cstr(s), 4);
    }
    if (m->previous_year) {
        buf_clear(s);
        buf_printf(s,
                   "Veränderung: Punkte dieser Ausgabe minus Punkte der Ausgabe %d. Für "
                   "Indikatoren ohne Vorjahreswert entfällt sie.",
                   m->previous_year);
        bullet(pd, &f, lead, buf_cstr(s), 4);
    }
    pdf_doc_tag_end(pd);
}

static char *briefing_keywords(const view_briefing *v)
{
    return xasprintf("Digitalisierung, %s, %s, %s, %s, %d", S(v->ed.index_name), S(v->name),
                     S(v->level_de), S(v->land_name[0] ? v->land_name : v->kind_de), v->ed.year);
}

bool pdf_render_briefing(const pdf_renderer *r, const view_briefing *v, buf *out, diag *d)
{
    if (!r || !v) {
        diag_error(d, NULL, NULL, NULL, "PDF briefing: no renderer or view");
        return false;
    }
    brief b;
    memset(&b, 0, sizeof b);
    b.r = r;
    b.v = v;
    b.d = d;
    bool ok = pdf_doc_begin(&b.pd, r, d);
    pdf_doc *pd = &b.pd;
    if (ok) {
        b.pt.running_left = S(v->name);
        b.pt.running_right = S(v->ed.title);
        b.pt.ed = &v->ed;
        pd->on_page = running_header;
        pd->hook_ctx = &b.pt;
        char *title = xasprintf("%s – %s", S(v->name), S(v->ed.title));
        char *subject = xasprintf("Kurzbericht zur Digitalisierung: %s (%s), %s", S(v->name),
                                  S(v->level_de), S(v->ed.edition_de));
        char *kw = briefing_keywords(v);
        pdf_doc_info(pd, title, subject, kw);
        free(title);
        free(subject);
        free(kw);

        pdf_doc_add_page(pd);
        brief_title(&b);
        if (v->ed.sample) {
            sample_box(pd, S(v->ed.sample_notice));
            pd->y += 12;
        }
        brief_figures(&b);
        sentences_block(pd, v->sentences, v->n_sentences);
        ok = brief_radar(&b);
        pdf_doc_add_page(pd);
        ok = ok && brief_bars(&b);
        ok = ok && brief_change(&b);
        /* A long ranking (the 96 Kreise of Bayern) that needs a page of its
         * own follows the table, which can fill the rest of this page. */
        bool ranking_now = brief_ranking_fits(&b);
        if (ranking_now) ok = ok && brief_ranking(&b);
        if (ok) {
            brief_causes(&b);
            brief_children(&b);
            brief_table(&b);
            if (!ranking_now) ok = brief_ranking(&b);
        }
        if (ok) {
            sources_block(pd, v->sources, v->n_sources, &b.s);
            method_text m = {S(v->level_plural_de),
                             S(v->level_plural_dat_de),
                             v->index_n_ranked,
                             v->has_change ? v->ed.previous_year : 0,
                             v->rows,
                             v->n_rows};
            method_block(pd, &m, true, &b.s);
            footers(pd, &b.pt);
        }
        char *what = xasprintf("briefing %s", S(v->file_stem));
        ok = ok && pdf_doc_save(pd, out, what, d);
        free(what);
    }
    pdf_doc_end(pd);
    buf_free(&b.s);
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

/* A section on a new page, remembered for the contents. */
static void ov_section(overview *ov, const char *title, double keep)
{
    pdf_doc *pd = &ov->pd;
    pdf_doc_add_page(pd);
    ov->toc = xrealloc(ov->toc, (ov->n_toc + 1) * sizeof *ov->toc);
    ov->toc[ov->n_toc++] = (toc_entry){xstrdup(title), pd->n_pages - 1, pd->y};
    heading(pd, title, keep);
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
        char *what = xasprintf("%s, Seite %s", e->title, num);
        pdf_doc_link_page(pd, X0, y - 2, W, TOC_PITCH, e->page, e->y, what);
        free(what);
        pdf_doc_tag_end(pd);
        pdf_doc_tag_end(pd);
        y += TOC_PITCH;
    }
    if (pd->tags) pdf_tags_end(pd->tags);
}

static bool ov_front(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    pdf_doc_add_page(pd);
    pdf_font kick = {METRICS_BOLD, 9, PALETTE_REGION};
    pdf_font kick_r = {METRICS_REGULAR, 9, PALETTE_MUTED};
    char *right = xasprintf("Gesamtbericht · %s", S(o->ed.edition_de));
    double rw = pdf_width(pd, &kick_r, right);
    double base = pd->y + pdf_ascent(pd, &kick);
    pdf_doc_tag_begin(pd, PDF_ROLE_P);
    pdf_label(pd, X0, base, PDF_LEFT, &kick, 7, W - rw - 16, S(o->ed.title));
    pdf_text(pd, X0 + W, base, PDF_RIGHT, &kick_r, right, strlen(right));
    pdf_doc_tag_end(pd);
    free(right);
    pd->y += 22;
    pdf_font name = {METRICS_BOLD, 24, PALETTE_TEXT};
    pd->y += pdf_doc_heading(pd, 1, X0, pd->y, W, &name, 27, "Gesamtbericht") + 7;
    buf *s = &ov->s;
    buf_clear(s);
    buf_printf(s, "%zu Länder im Vergleich · %s · Ø Länder: %s Punkte", o->n_laender,
               S(o->ed.index_name), S(o->average_de));
    pdf_font sub = {METRICS_REGULAR, 10.5, PALETTE_MUTED};
    pd->y += pdf_text_box(pd, X0, pd->y, W, PDF_LEFT, &sub, 13, buf_cstr(s), true) + 9;
    pdf_rule(pd, X0, pd->y, X0 + W, pd->y, 1.5, PALETTE_REGION);
    pd->y += 14;
    if (o->ed.sample) {
        sample_box(pd, S(o->ed.sample_notice));
        pd->y += 12;
    }
    sentences_block(pd, o->sentences, o->n_sentences);
    /* The contents: 1 + topic fields + method, filled in at the end. */
    size_t entries = 2 + o->n_topics;
    heading(pd, "Inhalt", (double)entries * TOC_PITCH);
    ov->toc_el = pdf_doc_tag_begin(pd, PDF_ROLE_TOC);
    pdf_doc_tag_end(pd);
    ov->toc_y = pd->y;
    pd->y += (double)entries * TOC_PITCH;
    /* The contents must stay on page 1 for ov_toc_draw. */
    return pd->n_pages == 1;
}

static bool ov_laender(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    ov_section(ov, "Rangfolge der Länder", 60);
    bool chg = o->ed.previous_year != 0;
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    buf_clear(&ov->s);
    buf_printf(&ov->s, "%s %d: Punkte von 0 bis 100, Rang 1 = bester Wert. Ø Länder: %s Punkte.",
               S(o->ed.index_name), o->ed.year, S(o->average_de));
    paragraph(pd, X0, W, &f, 13.6, buf_cstr(&ov->s), 8);
    ranking_table(pd, o->laender, o->n_laender, "Land", chg, o->ed.previous_year);
    if (o->n_laender == 0) return true;
    pd->y += 18;
    char *title = xasprintf("%s %d: Rangfolge der Länder", S(o->ed.index_name), o->ed.year);
    char *mt = xasprintf("Karte: %s %d", S(o->ed.index_name), o->ed.year);
    ranking_spec sp = {NULL,       o->laender, o->n_laender,        SIZE_MAX, NULL, title,
                       ov->r->map, NULL,       S(o->ed.index_name), mt};
    bool ok = ranking_section(pd, &sp, ov->d);
    free(mt);
    free(title);
    return ok;
}

/* How firm the ranks are: the interval chart of the uncertainty analysis. */
static bool ov_intervals(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    if (!o->interval_median || o->n_laender == 0) return true;
    ov_section(ov, "Wie sicher sind die Ränge?", 60);
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    paragraph(pd, X0, W, &f, 13.6,
              "Die Gewichte der Themenfelder, Aspekte und Indikatoren sind Setzungen. Um zu "
              "zeigen, wie stark die Rangfolge von ihnen abhängt, wurde der Index 500-mal mit "
              "zufällig um bis zu ±25 % veränderten Gewichten neu berechnet. Der Punkt zeigt den "
              "mittleren Rang (Median), die Linie die Ränge von 90 % der Varianten.",
              10);
    const char **names = xcalloc(o->n_laender, sizeof *names);
    for (size_t i = 0; i < o->n_laender; i++) names[i] = S(o->laender[i].name);
    chart_intervals in = {"Rangspannen der Länder", NULL, o->n_laender, names,
                          o->interval_median, o->interval_lo, o->interval_hi,
                          (int)o->n_laender,
                          "Rang 1 = bester Wert; Median und 5–95-%-Spanne aus 500 Gewichtsvarianten"};
    double h = fmin(chart_intervals_height(pd->mf, &in, W, &(chart_style){SZ_CHART}), pdf_doc_room(pd));
    bool ok = chart_at(pd, CH_INTERVALS, &in, X0, pd->y, W, h, SZ_CHART, ov->d);
    pd->y += h;
    free(names);
    return ok;
}

static bool ov_topic(overview *ov, const view_overview_topic *t)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    char *title = xasprintf("Themenfeld %s", S(t->name));
    ov_section(ov, title, 60);
    pdf_font f = {METRICS_REGULAR, SZ_BODY, PALETTE_TEXT};
    buf_clear(&ov->s);
    buf_printf(&ov->s, "Punkte der Länder im Themenfeld %s, %d. Ø Länder: %s Punkte.", S(t->name),
               o->ed.year, S(t->average_de));
    paragraph(pd, X0, W, &f, 13.6, buf_cstr(&ov->s), 10);
    /* The map only for the index (page 2): one per topic field would double
     * the file and the time for little gain. */
    ranking_spec sp = {NULL, t->ranking, t->n_ranking, SIZE_MAX, NULL, title, NULL, NULL, NULL, NULL};
    bool ok = ranking_section(pd, &sp, ov->d);
    pd->y += 14;
    ranking_table(pd, t->ranking, t->n_ranking, "Land", o->ed.previous_year != 0,
                  o->ed.previous_year);
    free(title);
    return ok;
}

static void ov_method(overview *ov)
{
    pdf_doc *pd = &ov->pd;
    const view_overview *o = ov->o;
    ov_section(ov, "Methode und Quellen", 40);
    int n = 0;
    for (size_t i = 0; i < o->n_laender; i++)
        if (o->laender[i].rank > 0) n++;
    method_text m = {"Länder", "Ländern", n, o->ed.previous_year, NULL, 0};
    method_block(pd, &m, false, &ov->s);
    pdf_font f = {METRICS_REGULAR, SZ_SMALL, PALETTE_TEXT};
    buf_clear(&ov->s);
    buf_puts(&ov->s, "Quellen: Quelle, Einheit und Rohwert jedes Indikators stehen in den "
                     "Kurzberichten der Länder und Kreise (Abschnitte „Alle Werte im Detail“ und "
                     "„Quellen“).");
    pdf_doc_tag_begin(pd, PDF_ROLE_L);
    bullet(pd, &f, 11.4, buf_cstr(&ov->s), 4);
    pdf_doc_tag_end(pd);
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
        ov.pt.running_left = "Gesamtbericht";
        ov.pt.running_right = S(o->ed.title);
        ov.pt.ed = &o->ed;
        pd->on_page = running_header;
        pd->hook_ctx = &ov.pt;
        HPDF_SetPageMode(pd->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
        char *title = xasprintf("Gesamtbericht – %s", S(o->ed.title));
        char *subject =
            xasprintf("Digitalisierung der Länder im Vergleich, %s", S(o->ed.edition_de));
        char *kw = xasprintf("Digitalisierung, %s, Länder, Gesamtbericht, %d", S(o->ed.index_name),
                             o->ed.year);
        pdf_doc_info(pd, title, subject, kw);
        free(title);
        free(subject);
        free(kw);
        if (!ov_front(&ov)) {
            diag_error(d, NULL, NULL, "shorten the overview sentences",
                       "PDF overview: the contents do not fit on page 1");
            ok = false;
        }
        ok = ok && ov_laender(&ov) && ov_intervals(&ov);
        for (size_t i = 0; ok && i < o->n_topics; i++) ok = ov_topic(&ov, &o->topics[i]);
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
