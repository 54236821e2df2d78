/* view: scores → German view model (see view.h). */
#include "view.h"

#include "analyses.h"
#include "buf.h"
#include "compare.h"
#include "format.h"
#include "published.h"
#include "theme.h"
#include "uncertainty.h"
#include "view_tv.h"
#include "whatif.h"
#include "wording.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers ------------------------------------------------------ */

static char *de_number(double x, int decimals)
{
    buf b = BUF_INIT;
    fmt_de_number(&b, x, decimals);
    return buf_detach(&b);
}

static char *de_signed(double x, int decimals)
{
    buf b = BUF_INIT;
    fmt_de_signed(&b, x, decimals);
    return buf_detach(&b);
}

/* "10.790". */
static char *de_int(long long n)
{
    buf b = BUF_INIT;
    fmt_de_int(&b, n);
    return buf_detach(&b);
}

/* "Rang 3.005 von 10.790": the Gemeinden need the thousands point. */
static char *de_rank_of(int rank, int total)
{
    if (rank <= 0) return xstrdup("–");
    buf b = BUF_INIT;
    buf_puts(&b, "Rang ");
    fmt_de_int(&b, rank);
    buf_puts(&b, " von ");
    fmt_de_int(&b, total);
    return buf_detach(&b);
}

/* Decimals a raw value needs to show as given in the data (at most 2):
 * 221 → 0, 95.3 → 1, 3.14159 → 2. */
static int raw_decimals(double x)
{
    for (int d = 0; d < 2; d++) {
        double s = pow(10, d);
        if (fabs(round(x * s) - x * s) < 1e-9 * fmax(1, fabs(x * s))) return d;
    }
    return 2;
}

/* A unit after its number, joined by a no-break space (U+00A0), so that a
 * line never breaks between "90,9" and "%". */
static void unit_append(buf *b, const char *unit)
{
    if (!unit || !*unit) return;
    buf_puts(b, "\u00a0");
    buf_puts(b, unit);
}

static char *de_raw(double x, const char *unit)
{
    if (isnan(x)) return xstrdup("–");
    buf b = BUF_INIT;
    fmt_de_number(&b, x, raw_decimals(x));
    unit_append(&b, unit);
    return buf_detach(&b);
}

static void whatif_fill(view_whatif *w, const tree *t, const whatif_result *r);

/* Appends the slug of name to b (see view_slug). */
static void slug_append(buf *b, const char *name)
{
    static const struct {
        const char *utf8, *ascii;
    } tr[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"},
              {"ß", "ss"}, {"é", "e"},  {"è", "e"},  {"ê", "e"},  {"á", "a"},  {"à", "a"},
              {"â", "a"},  {"ó", "o"},  {"ô", "o"},  {"í", "i"},  {"ç", "c"},  {"ñ", "n"}};
    size_t start = b->len;
    bool dash = true; /* suppress leading '-' */
    for (const char *p = name; *p && b->len - start < 60;) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            buf_putc(b, (char)c);
            dash = false;
            p++;
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            buf_putc(b, (char)(c - 'A' + 'a'));
            dash = false;
            p++;
            continue;
        }
        bool done = false;
        for (size_t i = 0; i < sizeof tr / sizeof tr[0]; i++) {
            size_t n = strlen(tr[i].utf8);
            if (strncmp(p, tr[i].utf8, n) == 0) {
                buf_puts(b, tr[i].ascii);
                dash = false;
                p += n;
                done = true;
                break;
            }
        }
        if (done) continue;
        /* Any other byte (punctuation, other UTF-8 sequences) separates words. */
        if (!dash) {
            buf_putc(b, '-');
            dash = true;
        }
        p++;
        while (((unsigned char)*p & 0xC0) == 0x80) p++;
    }
    while (b->len > start && b->data[b->len - 1] == '-') b->data[--b->len] = '\0';
    if (b->len == start) buf_puts(b, "region");
}

char *view_slug(const char *name)
{
    buf b = BUF_INIT;
    slug_append(&b, name);
    return buf_detach(&b);
}

static char *file_stem(const region *rg)
{
    char *slug = view_slug(rg->name);
    char *s = xasprintf("%s-%s", rg->ags, slug);
    free(slug);
    return s;
}

static void edition_build(view_edition *e, const edition *ed, const tree *t, int64_t epoch)
{
    e->year = ed->year;
    e->previous_year = ed->previous_year;
    e->title = xstrdup(ed->title);
    e->edition_de = xasprintf("Ausgabe %d", ed->year);
    buf b = BUF_INIT;
    if (!fmt_de_date(&b, ed->published)) buf_puts(&b, ed->published);
    e->published_de = buf_detach(&b);
    if (epoch >= 0) {
        fmt_de_date_epoch(&b, epoch);
        e->generated_de = buf_detach(&b);
    } else {
        e->generated_de = xstrdup(e->published_de);
    }
    e->sample = ed->sample;
    e->sample_notice = NULL; /* from the texts (sample_heading, sample_body) */
    e->index_name = xstrdup(t->nodes[0].name);
    /* "Digitalindex Deutschland 2025" → "Digitalindex Deutschland". */
    char year[16];
    snprintf(year, sizeof year, " %d", ed->year);
    size_t tl = strlen(e->title), yl = strlen(year);
    if (tl > yl && strcmp(e->title + tl - yl, year) == 0)
        e->series_de = xasprintf("%.*s", (int)(tl - yl), e->title);
    else
        e->series_de = xstrdup(e->title);
    e->source_de = xasprintf("Quelle: %s, %s", e->series_de, e->edition_de);
}

static void edition_free(view_edition *e)
{
    free(e->title);
    free(e->edition_de);
    free(e->published_de);
    free(e->generated_de);
    free(e->sample_notice);
    free(e->index_name);
    free(e->series_de);
    free(e->source_de);
}

/* Number of regions of level lv in Land `land` (an index into ds->regions). */
static size_t count_in_land(const dataset *ds, level lv, size_t land)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->n_level_regions[lv]; i++)
        n += ds->regions[ds->level_regions[lv][i]].land == land;
    return n;
}

/* Hamburg and Berlin are one Kreis each: that Kreis is the Stadtstaat. */
static const char *kind_de(const dataset *ds, const region *rg)
{
    if (rg->level == LEVEL_LAND)
        return rg->group == GROUP_STADTSTAAT ? "Stadtstaat" : "Flächenland";
    if (rg->level == LEVEL_KREIS && rg->land != SIZE_MAX &&
        ds->regions[rg->land].group == GROUP_STADTSTAAT &&
        count_in_land(ds, LEVEL_KREIS, rg->land) == 1)
        return "Stadtstaat";
    return rg->kind ? rg->kind : "";
}

static char *method_de(const node *n)
{
    const char *dir = n->direction < 0 ? "; niedriger ist besser" : "";
    switch (n->norm.method) {
    case NORM_MINMAX:
        return xasprintf("Min-Max%s%s", n->norm.all_editions ? " über alle Ausgaben" : "", dir);
    case NORM_ZSCORE: return xasprintf("z-Wert%s", dir);
    case NORM_GOALPOSTS: {
        buf b = BUF_INIT;
        buf_puts(&b, "Zielwerte ");
        fmt_de_number(&b, n->norm.lower, raw_decimals(n->norm.lower));
        buf_puts(&b, "–");
        fmt_de_number(&b, n->norm.upper, raw_decimals(n->norm.upper));
        buf_puts(&b, dir);
        return buf_detach(&b);
    }
    case NORM_NONE: return xasprintf("ohne Normierung%s", dir);
    }
    return xstrdup("");
}

static char *weight_de(const tree *t, int i)
{
    const node *n = &t->nodes[i];
    if (n->parent < 0) return xstrdup("");
    const node *p = &t->nodes[n->parent];
    double sum = 0;
    for (int k = 0; k < p->n_children; k++) sum += t->nodes[p->children[k]].weight;
    double share = n->weight / sum * 100;
    buf b = BUF_INIT;
    fmt_de_number(&b, share, fabs(share - round(share)) < 0.05 ? 0 : 1);
    buf_puts(&b, " %");
    return buf_detach(&b);
}

/* ---- rankings ---------------------------------------------------------- */

static int cmp_rank_entry(const void *a, const void *b)
{
    const view_rank_entry *x = a, *y = b;
    int rx = x->rank > 0 ? x->rank : 1 << 30, ry = y->rank > 0 ? y->rank : 1 << 30;
    if (rx != ry) return rx < ry ? -1 : 1;
    return strcmp(x->ags, y->ags);
}

/* The rows a ranking lists: those whose Kreis (by_kreis) or Land is
 * `parent`, an index into ds->regions. */
typedef struct rank_filter {
    bool by_kreis;
    size_t parent;
} rank_filter;

static bool rank_member(const rank_filter *f, const region *rg)
{
    return !f || (f->by_kreis ? rg->kreis : rg->land) == f->parent;
}

/* First row in [lo, hi) whose AGS, cut to the length of `prefix`, compares
 * above (after: at or above) it. */
static size_t rows_bound(const dataset *ds, const size_t *rows, size_t lo, size_t hi,
                         const char *prefix, bool after)
{
    size_t n = strlen(prefix);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(ds->regions[rows[mid]].ags, prefix, n);
        if (c < 0 || (after && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Entries for the rows selected by `f` (NULL = all), sorted by rank of node ni. */
static view_rank_entry *ranking_build(const dataset *ds, const level_scores *ls, int ni,
                                      const rank_filter *f, size_t highlight_row,
                                      size_t *n_out, size_t *highlight_out)
{
    /* Only the members: a Gemeinde's ranking is its Kreis' few dozen of the
     * 10,790 rows. A region's Kreis (Land) is the one its AGS starts with
     * (load.c), and the rows are in AGS order (dataset.level_regions), so
     * the members are one run of rows, found by binary search instead of
     * looking at all 10,790. */
    const size_t *rows = ds->level_regions[ls->level];
    size_t lo = 0, hi = ls->n_rows;
    if (f && f->parent != SIZE_MAX) {
        const char *pags = ds->regions[f->parent].ags;
        lo = rows_bound(ds, rows, 0, ls->n_rows, pags, false);
        hi = rows_bound(ds, rows, lo, ls->n_rows, pags, true);
    }
    size_t n_members = hi - lo;
    if (f) {
        n_members = 0;
        for (size_t r = lo; r < hi; r++) n_members += rank_member(f, &ds->regions[rows[r]]);
    }
    view_rank_entry *list = xcalloc(n_members ? n_members : 1, sizeof *list);
    size_t n = 0;
    for (size_t r = lo; r < hi; r++) {
        const region *rg = &ds->regions[rows[r]];
        if (!rank_member(f, rg)) continue;
        view_rank_entry *e = &list[n++];
        e->score = ls_score(ls, r, ni);
        e->rank = ls_rank(ls, r, ni);
        e->change = ls_score_change(ls, r, ni);
        e->highlight = r == highlight_row;
        /* The entry's six strings in one allocation, each NUL-terminated,
         * ags first (view.h): a ranking of a Kreis' Gemeinden was six small
         * mallocs and frees per Gemeinde, for every view of the Kreis. */
        buf b = BUF_INIT;
        buf_reserve(&b, 96);
        size_t off[6];
        off[0] = b.len;
        buf_puts(&b, rg->ags);
        buf_putc(&b, '\0');
        off[1] = b.len;
        buf_puts(&b, rg->name);
        buf_putc(&b, '\0');
        off[2] = b.len;
        buf_puts(&b, rg->ags); /* as file_stem() */
        buf_putc(&b, '-');
        slug_append(&b, rg->name);
        buf_putc(&b, '\0');
        off[3] = b.len;
        fmt_de_number(&b, e->score, 1);
        buf_putc(&b, '\0');
        off[4] = b.len;
        if (e->rank)
            fmt_de_int(&b, e->rank);
        else
            buf_puts(&b, "–");
        buf_putc(&b, '\0');
        off[5] = b.len;
        fmt_de_signed(&b, e->change, 1);
        char *block = buf_detach(&b);
        e->ags = block + off[0];
        e->name = block + off[1];
        e->file_stem = block + off[2];
        e->score_de = block + off[3];
        e->rank_de = block + off[4];
        e->change_de = block + off[5];
    }
    qsort(list, n, sizeof *list, cmp_rank_entry);
    if (highlight_out) {
        *highlight_out = n;
        for (size_t i = 0; i < n; i++)
            if (list[i].highlight) *highlight_out = i;
    }
    *n_out = n;
    return list;
}

static void ranking_free(view_rank_entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++) free(list[i].ags); /* and the other five with it */
    free(list);
}

/* One row per node in pre-order. row == SIZE_MAX gives the model only
 * (no region values: "–"). */
static view_row *rows_build(const level_scores *ls, size_t row, size_t *n_out)
{
    const tree *t = ls->tree;
    const average_group *all = &ls->groups[0];
    bool has_region = row != SIZE_MAX;
    view_row *rows = xcalloc((size_t)t->n_nodes, sizeof *rows);
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        view_row *r = &rows[i];
        r->id = xstrdup(n->id);
        r->name = xstrdup(n->name);
        r->depth = n->depth;
        r->indicator = n->leaf >= 0;
        r->score = has_region ? ls_score(ls, row, i) : NAN;
        r->average = all->value[i];
        r->change = has_region ? ls_score_change(ls, row, i) : NAN;
        r->rank = has_region ? ls_rank(ls, row, i) : 0;
        r->standing = has_region ? ls->standing[row * (size_t)ls->n_nodes + (size_t)i] : 0;
        r->score_de = de_number(r->score, 1);
        r->average_de = de_number(r->average, 1);
        r->change_de = de_signed(r->change, 1);
        r->rank_de = r->rank ? de_int(r->rank) : xstrdup("–");
        r->weight_de = weight_de(t, i);
        if (r->indicator) {
            r->raw = has_region ? ls_raw(ls, row, i) : NAN;
            r->raw_de = has_region ? de_raw(r->raw, n->unit) : xstrdup("–");
            r->unit = xstrdup(n->unit);
            r->source = xstrdup(n->source);
            r->url = xstrdup(n->url ? n->url : "");
            r->method_de = method_de(n);
            r->norm = n->norm.method;
            r->pooled = n->norm.method == NORM_MINMAX && n->norm.all_editions;
            r->direction = n->direction < 0 ? -1 : 1;
            r->goal_lower = n->norm.method == NORM_GOALPOSTS ? n->norm.lower : NAN;
            r->goal_upper = n->norm.method == NORM_GOALPOSTS ? n->norm.upper : NAN;
        } else {
            r->norm = NORM_NONE;
            r->raw = r->goal_lower = r->goal_upper = NAN;
            r->raw_de = xstrdup("");
            r->unit = xstrdup("");
            r->source = xstrdup("");
            r->url = xstrdup("");
            r->method_de = xstrdup("");
        }
    }
    *n_out = (size_t)t->n_nodes;
    return rows;
}

/* The normalisation in summary, from the rows' typed facts. */
static view_method method_summary(const view_row *rows, size_t n, int n_ranked)
{
    view_method m = {0};
    for (size_t i = 0; i < n; i++) {
        const view_row *r = &rows[i];
        if (!r->indicator) continue;
        m.n_indicators++;
        m.n_minmax += r->norm == NORM_MINMAX;
        m.n_pooled += r->pooled;
        if (r->direction < 0) {
            if (!m.lower_example) m.lower_example = r->name;
            m.n_lower++;
        }
    }
    m.n_ranked = n_ranked;
    m.group_size = n_ranked / 4;
    return m;
}

static void rows_free(view_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        view_row *r = &rows[i];
        free(r->id);
        free(r->name);
        free(r->raw_de);
        free(r->unit);
        free(r->score_de);
        free(r->rank_de);
        free(r->average_de);
        free(r->change_de);
        free(r->source);
        free(r->url);
        free(r->weight_de);
        free(r->method_de);
    }
    free(rows);
}

/* ---- texts ----------------------------------------------------------------- */

static const char *const text_names[VT_COUNT] = {
    [VT_KICKER] = "kicker", [VT_TITLE] = "title", [VT_SUBTITLE] = "subtitle",
    [VT_RUNNING] = "running", [VT_DOC_TITLE] = "doc_title", [VT_DOC_SUBJECT] = "doc_subject",
    [VT_DOC_KEYWORDS] = "doc_keywords", [VT_FOOTER] = "footer", [VT_PAGE] = "page",
    [VT_PAGE_OF] = "page_of", [VT_SAMPLE_TAG] = "sample_tag",
    [VT_SAMPLE_HEADING] = "sample_heading", [VT_SAMPLE_BODY] = "sample_body",
    [VT_FIG_INDEX_SUB] = "fig_index_sub", [VT_FIG_RANK_LABEL] = "fig_rank_label",
    [VT_FIG_RANK_SUB] = "fig_rank_sub", [VT_FIG_CHANGE_LABEL] = "fig_change_label",
    [VT_FIG_CHANGE_VALUE] = "fig_change_value", [VT_FIG_CHANGE_SUB] = "fig_change_sub",
    [VT_FIG_AVERAGE_SUB] = "fig_average_sub", [VT_FIG_AVERAGE_LABEL] = "fig_average_label",
    [VT_FIG_AVERAGE_VALUE] = "fig_average_value", [VT_HEADING_HIGHLIGHTS] = "heading_highlights",
    [VT_HIGHS_HEAD] = "highs_head", [VT_LOWS_HEAD] = "lows_head", [VT_HIGH] = "high",
    [VT_LOW] = "low", [VT_HIGHLIGHTS_NOTE] = "highlights_note", [VT_TOPIC_LABEL] = "topic_label",
    [VT_TOPIC_RANK] = "topic_rank", [VT_HEADING_TOPICS] = "heading_topics",
    [VT_COL_TOPIC] = "col_topic", [VT_COL_WEIGHT] = "col_weight", [VT_HEADING_GLANCE] = "heading_glance",
    [VT_HEADING_PROFILE] = "heading_profile", [VT_HEADING_BARS] = "heading_bars",
    [VT_HEADING_CHANGE] = "heading_change", [VT_HEADING_RANKING] = "heading_ranking",
    [VT_HEADING_CHILDREN] = "heading_children", [VT_HEADING_TABLE] = "heading_table",
    [VT_HEADING_SOURCES] = "heading_sources", [VT_HEADING_METHOD] = "heading_method",
    [VT_HEADING_CONTENTS] = "heading_contents", [VT_HEADING_LAENDER] = "heading_laender",
    [VT_HEADING_INTERVALS] = "heading_intervals", [VT_CHART_RADAR] = "chart_radar",
    [VT_CHART_BARS] = "chart_bars", [VT_CHART_CHANGE] = "chart_change",
    [VT_CHART_RANKING] = "chart_ranking", [VT_CHART_MAP] = "chart_map",
    [VT_CHART_RADAR_PREVIOUS] = "chart_radar_previous",
    [VT_CHART_CHANGE_CAPTION] = "chart_change_caption",
    [VT_CHART_RADAR_NOTE] = "chart_radar_note", [VT_CHART_SOURCE] = "chart_source",
    [VT_CHART_INTERVALS] = "chart_intervals",
    [VT_CHART_INTERVALS_CAPTION] = "chart_intervals_caption", [VT_CAUSES_LEAD] = "causes_lead",
    [VT_CAUSES_ROW] = "causes_row", [VT_CAUSES_OWN] = "causes_own",
    [VT_CAUSES_OTHERS] = "causes_others", [VT_CAUSES_METHOD] = "causes_method",
    [VT_CAUSES_TOTAL] = "causes_total", [VT_COL_ID] = "col_id", [VT_COL_NAME] = "col_name",
    [VT_COL_VALUE] = "col_value", [VT_COL_SCORE] = "col_score", [VT_COL_RANK] = "col_rank",
    [VT_COL_CHANGE] = "col_change", [VT_COL_CHANGE_SINCE] = "col_change_since",
    [VT_COL_REGION] = "col_region", [VT_COL_CHILD] = "col_child", [VT_TABLE_NOTE] = "table_note",
    [VT_CHILDREN_GAP] = "children_gap",
    [VT_HEADING_GROUPS] = "heading_groups", [VT_INTRO_GROUPS] = "intro_groups",
    [VT_COL_GROUP] = "col_group", [VT_COL_COUNT] = "col_count", [VT_COL_AVERAGE] = "col_average",
    [VT_COL_AVG_CHANGE] = "col_avg_change", [VT_COL_BEST] = "col_best",
    [VT_GROUP_FLAECHEN] = "group_flaechen", [VT_GROUP_STADT] = "group_stadt",
    [VT_GROUP_ALL] = "group_all", [VT_INTRO_TOPICS] = "intro_topics",
    [VT_COL_INDICATORS] = "col_indicators", [VT_HEADING_KREISE] = "heading_kreise",
    [VT_INTRO_KREISE] = "intro_kreise", [VT_COL_KREIS] = "col_kreis", [VT_COL_LAND] = "col_land",
    [VT_CHART_MAP_KREISE] = "chart_map_kreise", [VT_KREISE_GAP] = "kreise_gap",
    [VT_SOURCES_INDICATORS] = "sources_indicators", [VT_METHOD] = "method",
    [VT_INTRO_LAENDER] = "intro_laender", [VT_INTRO_INTERVALS] = "intro_intervals",
    [VT_TOPIC_HEADING] = "topic_heading", [VT_TOPIC_INTRO] = "topic_intro",
    [VT_CITATION] = "citation", [VT_PAGE_KREISE] = "page_kreise",
    [VT_PAGE_GEMEINDEN] = "page_gemeinden",
    [VT_PAGE_METHOD] = "page_method", [VT_PAGE_SOURCES] = "page_sources",
    [VT_IMPRINT] = "imprint", [VT_CHART_NO_DATA] = "chart_no_data",
    [VT_CHART_CLASS_BELOW] = "chart_class_below", [VT_CHART_CLASS_TO] = "chart_class_to",
    [VT_CHART_RANK] = "chart_rank", [VT_CHART_OF] = "chart_of",
    [VT_CHART_HIGHLIGHTED] = "chart_highlighted", [VT_CHART_NO_COMPARISON] = "chart_no_comparison",
    [VT_CHART_RADAR_DESC] = "chart_radar_desc", [VT_CHART_BARS_DESC] = "chart_bars_desc",
    [VT_CHART_CHANGE_DESC] = "chart_change_desc", [VT_CHART_RANKING_DESC] = "chart_ranking_desc",
    [VT_CHART_MAP_DESC] = "chart_map_desc", [VT_CHART_INTERVALS_DESC] = "chart_intervals_desc",
    [VT_CHART_MAP_PARTS] = "chart_map_parts", [VT_INDEX_CHANGE_MISSING] = "index_change_missing",
    [VT_TOPIC_CHANGE_MISSING] = "topic_change_missing"};

const char *view_text_name(view_text_key k)
{
    return k < VT_COUNT ? text_names[k] : "";
}

const char *view_text(const view_texts *t, view_text_key k)
{
    return t && k < VT_COUNT && t->text[k] ? t->text[k] : "";
}

const char *view_text_line(const view_texts *t, view_text_key k, size_t i)
{
    return t && k < VT_COUNT && i < t->n_lines[k] ? t->lines[k][i] : "";
}

size_t view_text_count(const view_texts *t, view_text_key k)
{
    return t && k < VT_COUNT ? t->n_lines[k] : 0;
}

static void texts_free(view_texts *t)
{
    for (int k = 0; k < VT_COUNT; k++) {
        free(t->text[k]);
        for (size_t i = 0; i < t->n_lines[k]; i++) free(t->lines[k][i]);
        free(t->lines[k]);
    }
}

/* Parses "key: text" lines into t. An unknown key or a line without one is
 * an error naming the template, so a typo does not silently drop a text. */
static bool texts_parse(view_texts *t, char **lines, size_t n, const char *template_name, diag *d)
{
    for (size_t i = 0; i < n; i++) {
        const char *colon = strchr(lines[i], ':');
        int k = VT_COUNT;
        if (colon) {
            size_t kl = (size_t)(colon - lines[i]);
            for (k = 0; k < VT_COUNT; k++)
                if (text_names[k][0] == lines[i][0] && strncmp(lines[i], text_names[k], kl) == 0 &&
                    text_names[k][kl] == '\0')
                    break;
        }
        if (k == VT_COUNT) {
            diag_error(d, template_name, NULL,
                       "start every line with a known key and a colon, e.g. \"heading_table: …\"",
                       "template output line %zu has no known key: %s", i + 1, lines[i]);
            return false;
        }
        const char *text = colon + 1;
        while (*text == ' ') text++;
        t->lines[k] = xrealloc(t->lines[k], (t->n_lines[k] + 1) * sizeof *t->lines[k]);
        t->lines[k][t->n_lines[k]++] = xstrdup(text);
        if (t->text[k]) {
            size_t ol = strlen(t->text[k]), nl = strlen(text);
            t->text[k] = xrealloc(t->text[k], ol + 1 + nl + 1);
            t->text[k][ol] = '\n';
            memcpy(t->text[k] + ol + 1, text, nl + 1);
        } else {
            t->text[k] = xstrdup(text);
        }
    }
    return true;
}

static void tv_set_lines(tv *m, const char *key, char *const *lines, size_t n)
{
    tv_arena *a = tv_arena_of(m);
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < n; i++) tv_list_push(l, tv_new_string_in(a, lines[i]));
    tv_map_set(m, key, l);
}

/* Renders the sentences and the texts of a view against ctx and adds both
 * to it ("sentences", "texts"); the edition's sample notice comes from the
 * texts too. */
static bool words_add(const wording *w, wording_kind sentences, wording_kind texts, tv *ctx,
                      char ***sent, size_t *n_sent, view_texts *vt, view_edition *ed, diag *d)
{
    char **lines = NULL;
    size_t n = 0;
    if (!w) {
        diag_error(d, NULL, NULL, NULL, "view: no wording templates");
        return false;
    }
    if (!wording_lines(w, texts, ctx, &lines, &n, d)) return false;
    bool ok = texts_parse(vt, lines, n, wording_file(texts), d);
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    if (!ok) return false;
    tv *tm = tv_new_map_in(tv_arena_of(ctx));
    for (int k = 0; k < VT_COUNT; k++) tv_set_str(tm, text_names[k], view_text(vt, (view_text_key)k));
    tv_map_set(ctx, "texts", tm);
    /* The notice "Beispieldaten: …" for templates that print it in one piece. */
    if (ed->sample)
        ed->sample_notice = xasprintf("%s: %s", view_text(vt, VT_SAMPLE_HEADING),
                                      view_text(vt, VT_SAMPLE_BODY));
    else
        ed->sample_notice = xstrdup("");
    tv *edm = (tv *)tv_map_get(ctx, "ed");
    tv_set_str(edm, "sample_notice", ed->sample_notice);
    if (!wording_lines(w, sentences, ctx, sent, n_sent, d)) return false;
    tv_set_lines(ctx, "sentences", *sent, *n_sent);
    return true;
}

bool view_url_is_safe(const char *url)
{
    if (!url) return false;
    size_t skip;
    if (strncasecmp(url, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        skip = 7;
    else
        return false;
    const unsigned char *host = (const unsigned char *)url + skip;
    if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == '@') return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
            *p == '`')
            return false;
    return true;
}

const tv *view_briefing_context(const view_briefing *v)
{
    return v ? v->context : NULL;
}

const tv *view_overview_context(const view_overview *v)
{
    return v ? v->context : NULL;
}

/* ---- briefing ------------------------------------------------------------ */

static void add_source(view_briefing *v, const node *n)
{
    const char *url = n->url ? n->url : "";
    for (size_t i = 0; i < v->n_sources; i++) {
        view_source *s = &v->sources[i];
        if (strcmp(s->text, n->source) == 0 && strcmp(s->url, url) == 0) {
            char *more = xasprintf("%s, %s", s->indicators, n->id);
            free(s->indicators);
            s->indicators = more;
            return;
        }
    }
    v->sources = xrealloc(v->sources, (v->n_sources + 1) * sizeof *v->sources);
    v->sources[v->n_sources++] = (view_source){xstrdup(n->source), xstrdup(url), xstrdup(n->id)};
}

static void add_standing(view_standing **list, size_t *n, const node *nd, const level_scores *ls,
                         size_t row, int ni)
{
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    view_standing *s = &(*list)[(*n)++];
    s->id = xstrdup(nd->id);
    s->name = xstrdup(nd->name);
    s->depth = nd->depth;
    s->rank = ls_rank(ls, row, ni);
    s->n_ranked = ls->n_ranked[ni];
    s->rank_de = de_rank_of(s->rank, s->n_ranked);
    int ok = 0;
    int change = ls_rank_change(ls, row, ni, &ok);
    s->previous_rank = ok ? s->rank + change : 0;
}

/* Why node ni of `row` has no change: a field new in this edition, or the
 * edition(s) without values. MISSING_NONE when the change exists or there
 * is no previous edition. */
static view_missing change_missing(const level_scores *ls, size_t row, int ni)
{
    if (!ls->previous || !isnan(ls_score_change(ls, row, ni))) return MISSING_NONE;
    if (!ls->previous_node || ls->previous_node[ni] < 0) return MISSING_NEW;
    bool now = !isnan(ls_score(ls, row, ni)), before = !isnan(ls_previous_score(ls, row, ni));
    return !now && !before ? MISSING_BOTH : now ? MISSING_PREVIOUS : MISSING_CURRENT;
}

/* The rows of level lv whose AGS starts with prefix (all rows for ""):
 * regions are in AGS order, so they are one run, found by binary search. */
static void level_range(const dataset *ds, level lv, const char *prefix, size_t *from, size_t *to)
{
    size_t n = ds->n_level_regions[lv], plen = strlen(prefix);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(ds->regions[ds->level_regions[lv][mid]].ags, prefix, plen) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n && strncmp(ds->regions[ds->level_regions[lv][end]].ags, prefix, plen) == 0) end++;
    *from = lo;
    *to = end;
}

/* A map of the regions of level lv under `prefix`, `highlight` outlined. */
static void map_build(view_map *m, const dataset *ds, const scores *sc, int year, level lv,
                      const char *prefix, const char *highlight, char *title)
{
    m->level = lv;
    m->highlight = xstrdup(highlight);
    m->title_de = title;
    const level_scores *ls = scores_get(sc, year, lv);
    m->index_name = xstrdup(ls ? ls->tree->nodes[0].name : "");
    if (!ls) return;
    size_t from, to;
    level_range(ds, lv, prefix, &from, &to);
    m->regions = xcalloc(to > from ? to - from : 1, sizeof *m->regions);
    for (size_t r = from; r < to; r++) {
        const region *rg = &ds->regions[ds->level_regions[lv][r]];
        view_map_region *e = &m->regions[m->n++];
        e->ags = xstrdup(rg->ags);
        e->name = xstrdup(rg->name);
        e->score = ls_score(ls, r, 0);
        e->score_de = de_number(e->score, 1);
    }
}

static void map_free(view_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->regions[i].ags);
        free(m->regions[i].name);
        free(m->regions[i].score_de);
    }
    free(m->regions);
    free(m->highlight);
    free(m->title_de);
    free(m->index_name);
}

/* "Kreise in Bayern", "Gemeinden im Landkreis Mecklenburgische Seenplatte":
 * the regions of `what` in region `at` (grammar.h). Returns a new string. */
static char *regions_in(const dataset *ds, const char *what, size_t at)
{
    if (at == SIZE_MAX) return xstrdup(what);
    const region *pr = &ds->regions[at];
    region_grammar pg;
    region_grammar_derive(&pg, pr->name, pr->level, pr->kind,
                          pr->land != SIZE_MAX ? ds->regions[pr->land].ags : "");
    char *s = xasprintf("%s %s", what, pg.in);
    region_grammar_free(&pg);
    return s;
}

/* The peers map and the parts map of a briefing (view_briefing.map_*). */
static void maps_build(view_briefing *v, const dataset *ds, const scores *sc, int year,
                       const region *rg)
{
    char prefix[9];
    size_t self = (size_t)(rg - ds->regions);
    switch (rg->level) {
    case LEVEL_LAND:
        map_build(&v->map_peers, ds, sc, year, LEVEL_LAND, "", rg->ags,
                  xstrdup("Länder in Deutschland"));
        map_build(&v->map_parts, ds, sc, year, LEVEL_KREIS, rg->ags, "",
                  regions_in(ds, "Kreise", self));
        break;
    case LEVEL_KREIS:
        snprintf(prefix, sizeof prefix, "%.2s", rg->ags);
        map_build(&v->map_peers, ds, sc, year, LEVEL_KREIS, prefix, rg->ags,
                  regions_in(ds, "Kreise", rg->land));
        map_build(&v->map_parts, ds, sc, year, LEVEL_GEMEINDE, rg->ags, "",
                  regions_in(ds, "Gemeinden", self));
        break;
    case LEVEL_GEMEINDE:
    case LEVEL_COUNT:
        snprintf(prefix, sizeof prefix, "%.5s", rg->ags);
        map_build(&v->map_peers, ds, sc, year, LEVEL_GEMEINDE, prefix, rg->ags,
                  regions_in(ds, "Gemeinden", rg->kreis));
        v->map_parts.highlight = xstrdup("");
        v->map_parts.title_de = xstrdup("");
        v->map_parts.index_name = xstrdup("");
        break;
    }
}

/* ---- context of the key figures --------------------------------------------- */

/* Share of node i in the weight of the index (product of the shares down
 * the tree), 0–1. */
static double index_share(const tree *t, int i)
{
    double share = 1;
    while (i >= 0 && t->nodes[i].parent >= 0) {
        const node *p = &t->nodes[t->nodes[i].parent];
        double sum = 0;
        for (int k = 0; k < p->n_children; k++) sum += t->nodes[p->children[k]].weight;
        share *= sum > 0 ? t->nodes[i].weight / sum : 0;
        i = t->nodes[i].parent;
    }
    return share;
}

/* "38,9 % der Haushalte" and its Ø in short: "52,5 %" (a percentage), the
 * number alone for a rate ("je 10.000 Einwohner"), else with the unit
 * ("250 Leistungen"). */
static void raw_pair_de(double x, double avg, int dec, const char *unit, char **x_de, char **avg_de)
{
    if (unit[0] == '%' && dec < 1) dec = 1;
    buf b = BUF_INIT;
    fmt_de_number(&b, x, dec);
    unit_append(&b, unit);
    *x_de = buf_detach(&b);
    fmt_de_number(&b, avg, dec);
    if (unit[0] == '%')
        unit_append(&b, "%");
    else if (strncmp(unit, "je ", 3) != 0)
        unit_append(&b, unit);
    *avg_de = buf_detach(&b);
}

typedef struct highlight_pick {
    int node;
    double key; /* weighted score distance from the Ø */
} highlight_pick;

static int cmp_pick_desc(const void *a, const void *b)
{
    const highlight_pick *x = a, *y = b;
    if (x->key != y->key) return x->key > y->key ? -1 : 1;
    return x->node - y->node;
}

#define HIGHLIGHT_MAX 3
#define HIGHLIGHT_MIN_GAP 5.0 /* points of score apart from the Ø */

/* Strengths (sign +1) or weaknesses (−1) in raw values (view_highlight). */
static view_highlight *highlights_build(const level_scores *ls, size_t row,
                                        const level_means *means, int sign, size_t *n_out)
{
    *n_out = 0;
    const tree *t = ls->tree;
    if (!means) return NULL;
    highlight_pick *p = xcalloc((size_t)t->n_nodes, sizeof *p);
    size_t n = 0;
    for (int i = 0; i < t->n_nodes; i++) {
        if (t->nodes[i].leaf < 0) continue;
        double sc = ls_score(ls, row, i), avg = ls->groups[0].value[i];
        double raw = ls_raw(ls, row, i);
        if (isnan(sc) || isnan(avg) || isnan(raw) || isnan(means->raw[i])) continue;
        double gap = (sc - avg) * sign;
        if (gap < HIGHLIGHT_MIN_GAP) continue;
        p[n++] = (highlight_pick){i, gap * index_share(t, i)};
    }
    qsort(p, n, sizeof *p, cmp_pick_desc);
    if (n > HIGHLIGHT_MAX) n = HIGHLIGHT_MAX;
    view_highlight *h = xcalloc(n ? n : 1, sizeof *h);
    for (size_t k = 0; k < n; k++) {
        int i = p[k].node;
        const node *nd = &t->nodes[i];
        view_highlight *e = &h[k];
        e->id = xstrdup(nd->id);
        e->name = xstrdup(nd->name);
        e->raw = ls_raw(ls, row, i);
        e->average = means->raw[i];
        e->score = ls_score(ls, row, i);
        e->score_average = ls->groups[0].value[i];
        e->weight = index_share(t, i);
        e->lower_is_better = nd->direction < 0;
        raw_pair_de(e->raw, e->average, means->raw_decimals[i], nd->unit, &e->raw_de,
                    &e->average_de);
    }
    free(p);
    *n_out = n;
    return h;
}

static void highlights_free(view_highlight *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].id);
        free(h[i].name);
        free(h[i].raw_de);
        free(h[i].average_de);
    }
    free(h);
}

/* The Ø of the comparison group of region rg (view_briefing.group_*). */
static void group_average_add(view_briefing *v, const dataset *ds, const level_scores *ls,
                              const region *rg)
{
    const char *key = NULL;
    char *name = NULL;
    if (rg->level == LEVEL_LAND) {
        key = rg->group == GROUP_STADTSTAAT     ? "stadtstaat"
              : rg->group == GROUP_FLAECHENLAND ? "flaechenland"
                                                : NULL;
    } else if (rg->level == LEVEL_KREIS && rg->land != SIZE_MAX) {
        key = ds->regions[rg->land].ags;
    } else if (rg->level == LEVEL_GEMEINDE && rg->kreis != SIZE_MAX) {
        key = ds->regions[rg->kreis].ags;
    }
    const average_group *g = NULL;
    for (size_t i = 1; key && i < ls->n_groups; i++)
        if (strcmp(ls->groups[i].key, key) == 0) g = &ls->groups[i];
    v->group_average = NAN;
    if (g && g->n_regions >= 3 && !isnan(g->value[0])) {
        v->group_average = g->value[0];
        if (rg->level == LEVEL_LAND)
            name = xstrdup(g->label);
        else
            name = regions_in(ds, rg->level == LEVEL_KREIS ? "Kreise" : "Gemeinden",
                              rg->level == LEVEL_KREIS ? rg->land : rg->kreis);
    }
    v->group_average_de = name ? de_number(v->group_average, 1) : xstrdup("");
    v->group_name_de = name ? name : xstrdup("");
    v->group_label_de = name ? xasprintf("Ø\u00a0%s", name) : xstrdup("");
}

/* The model changes of level lv (view_method_change). */
static char **names_push(char **list, size_t *n, const char *name)
{
    list = xrealloc(list, (*n + 1) * sizeof *list);
    list[(*n)++] = xstrdup(name);
    return list;
}

static char *share_de(double share)
{
    double pct = share * 100;
    buf b = BUF_INIT;
    fmt_de_number(&b, pct, fabs(pct - round(pct)) < 0.05 ? 0 : 1);
    buf_puts(&b, " %");
    return buf_detach(&b);
}

static void method_change_build(view_method_change *mc, const model_diff *md, level lv)
{
    memset(mc, 0, sizeof *mc);
    if (!md) return;
    for (size_t i = 0; i < md->n; i++) {
        const model_change *c = &md->changes[i];
        if (c->level != lv) continue;
        const node *n = c->new_node ? c->new_node : c->old_node;
        if (!n || n->parent < 0) continue; /* a whole level added or removed */
        switch (c->kind) {
        case COMPARE_ADDED: mc->added = names_push(mc->added, &mc->n_added, n->name); break;
        case COMPARE_REMOVED: mc->removed = names_push(mc->removed, &mc->n_removed, n->name); break;
        case COMPARE_REWEIGHTED:
            /* A share that only follows from a sibling added, removed or
             * reweighted is no change of this node's own. */
            if (!c->old_node || !c->new_node || c->old_node->weight == c->new_node->weight) break;
            mc->reweighted = xrealloc(mc->reweighted, (mc->n_reweighted + 1) * sizeof *mc->reweighted);
            mc->reweighted[mc->n_reweighted++] =
                (view_reweight){xstrdup(n->name),
                                xstrdup(c->new_parent ? c->new_parent->name : ""),
                                share_de(c->old_weight), share_de(c->new_weight)};
            break;
        default: {
            bool seen = false;
            for (size_t k = 0; k < mc->n_recomputed; k++) seen |= strcmp(mc->recomputed[k], n->name) == 0;
            if (!seen) mc->recomputed = names_push(mc->recomputed, &mc->n_recomputed, n->name);
            break;
        }
        }
    }
}

static void method_change_free(view_method_change *mc)
{
    for (size_t i = 0; i < mc->n_added; i++) free(mc->added[i]);
    for (size_t i = 0; i < mc->n_removed; i++) free(mc->removed[i]);
    for (size_t i = 0; i < mc->n_recomputed; i++) free(mc->recomputed[i]);
    for (size_t i = 0; i < mc->n_reweighted; i++) {
        free(mc->reweighted[i].name);
        free(mc->reweighted[i].parent);
        free(mc->reweighted[i].from_de);
        free(mc->reweighted[i].to_de);
    }
    free(mc->added);
    free(mc->removed);
    free(mc->recomputed);
    free(mc->reweighted);
}


static void analyses_add(view_briefing *v, const level_scores *ls, const view_analyses *an,
                         size_t row);
static bool words_add(const wording *w, wording_kind sentences, wording_kind texts, tv *ctx,
                      char ***sent, size_t *n_sent, view_texts *vt, view_edition *ed, diag *d);

const view_briefing *view_briefing_build(const view_input *in, level lv, size_t row, diag *d)
{
    const dataset *ds = in->ds;
    const scores *sc = in->sc;
    int year = in->year;
    const level_scores *ls = scores_get(sc, year, lv);
    if (!ls || row >= ls->n_rows) return NULL;
    const tree *t = ls->tree;
    const region *rg = &ds->regions[ds->level_regions[lv][row]];
    view_briefing *v = xcalloc(1, sizeof *v);
    edition_build(&v->ed, ls->edition, t, in->generated_epoch);
    v->level = lv;
    static const char *const level_de[LEVEL_COUNT] = {"Land", "Kreis", "Gemeinde"};
    v->level_de = xstrdup(level_de[lv]);
    v->level_plural_de = xstrdup(level_plural_de(lv));
    static const char *const dative[LEVEL_COUNT] = {"Ländern", "Kreisen", "Gemeinden"};
    v->level_plural_dat_de = xstrdup(dative[lv]);
    v->ags = xstrdup(rg->ags);
    v->name = xstrdup(rg->name);
    v->slug = view_slug(rg->name);
    v->file_stem = file_stem(rg);
    v->kind_de = xstrdup(kind_de(ds, rg));
    region_grammar_derive(&v->gram, rg->name, lv, rg->kind,
                          rg->land != SIZE_MAX ? ds->regions[rg->land].ags : "");
    if (!isnan(rg->population)) {
        buf b = BUF_INIT;
        fmt_de_int(&b, (long long)rg->population);
        buf_puts(&b, " Einwohner");
        /* Levels have figures of different dates: say which (ISO → 31.12.2019). */
        const char *dt = rg->population_date;
        if (dt && strlen(dt) == 10)
            buf_printf(&b, " (%.2s.%.2s.%.4s)", dt + 8, dt + 5, dt);
        v->population_de = buf_detach(&b);
    } else {
        v->population_de = xstrdup("");
    }
    bool of_kreis = rg->level == LEVEL_GEMEINDE && rg->kreis != SIZE_MAX;
    v->kreis_name = xstrdup(of_kreis ? ds->regions[rg->kreis].name : "");
    v->kreis_file_stem = of_kreis ? file_stem(&ds->regions[rg->kreis]) : xstrdup("");
    if (rg->land != SIZE_MAX) {
        v->land_ags = xstrdup(ds->regions[rg->land].ags);
        v->land_name = xstrdup(ds->regions[rg->land].name);
        v->land_file_stem = file_stem(&ds->regions[rg->land]);
        const region *land = &ds->regions[rg->land];
        region_grammar lg;
        region_grammar_derive(&lg, land->name, LEVEL_LAND, land->kind, "");
        bool city_state = land->group == GROUP_STADTSTAAT;
        v->land_in_de = grammar_in_land(&lg, land->name,
                                        city_state && count_in_land(ds, LEVEL_KREIS, rg->land) > 1);
        region_grammar_free(&lg);
        if (strcmp(v->kind_de, "Stadtstaat") == 0) {
            v->kind_line_de = xstrdup(v->kind_de);
        } else if (rg->level == LEVEL_GEMEINDE && rg->kreis != SIZE_MAX &&
                   strcmp(ds->regions[rg->kreis].kind ? ds->regions[rg->kreis].kind : "",
                          "kreisfreie Stadt") != 0) {
            /* A Gemeinde of a Landkreis: "Stadt im Landkreis Mecklenburgische
             * Seenplatte, Mecklenburg-Vorpommern". */
            char *in_kreis = regions_in(ds, *v->kind_de ? v->kind_de : v->level_de, rg->kreis);
            v->kind_line_de = xasprintf("%s, %s", in_kreis, land->name);
            free(in_kreis);
        } else {
            v->kind_line_de = xasprintf("%s %s", *v->kind_de ? v->kind_de : v->level_de, v->land_in_de);
        }
    } else {
        v->land_in_de = xstrdup("");
        v->kind_line_de = xstrdup(*v->kind_de ? v->kind_de : v->level_de);
        v->land_ags = xstrdup("");
        v->land_name = xstrdup("");
        v->land_file_stem = xstrdup("");
    }

    /* Key figures: the root. */
    const average_group *all = &ls->groups[0];
    v->index_score = ls_score(ls, row, 0);
    v->index_average = all->value[0];
    v->index_change = ls_score_change(ls, row, 0);
    v->index_rank = ls_rank(ls, row, 0);
    v->index_n_ranked = ls->n_ranked[0];
    int ok = 0;
    v->index_rank_change = ls_rank_change(ls, row, 0, &ok);
    v->has_change = ls->previous != NULL;
    v->index_score_de = de_number(v->index_score, 1);
    v->index_rank_de = de_rank_of(v->index_rank, v->index_n_ranked);
    {
        buf b = BUF_INIT;
        if (v->index_rank > 0)
            fmt_de_int(&b, v->index_rank);
        else
            buf_puts(&b, "–");
        v->index_rank_num_de = buf_detach(&b);
        fmt_de_int(&b, v->index_n_ranked);
        v->index_n_ranked_de = buf_detach(&b);
    }
    v->index_change_num_de = de_signed(v->index_change, 1);
    v->index_average_de = de_number(v->index_average, 1);
    v->average_label_de = xasprintf("Ø\u00a0%s", level_plural_de(lv));
    if (isnan(v->index_change)) {
        v->index_change_de = xstrdup("–");
        v->index_change_abs_de = xstrdup("");
    } else {
        buf b = BUF_INIT;
        fmt_de_signed(&b, v->index_change, 1);
        buf_puts(&b, " Punkte");
        v->index_change_de = buf_detach(&b);
        fmt_de_number(&b, fabs(v->index_change), 1);
        buf_puts(&b, " Punkte");
        v->index_change_abs_de = buf_detach(&b);
    }
    v->index_change_missing = change_missing(ls, row, 0);
    v->index_previous_rank = ok && v->index_rank > 0 ? v->index_rank + v->index_rank_change : 0;

    /* What the key figures are set against. */
    const view_analyses *an = &in->analyses[lv];
    v->average_change = an->means ? an->means->change[0] : NAN;
    v->average_change_de = isnan(v->average_change) || !v->has_change
                               ? xstrdup("")
                               : de_signed(v->average_change, 1);
    if (!isnan(v->index_change) && !isnan(v->average_change) && v->has_change)
        v->change_vs_average = v->index_change - v->average_change >= 1.0    ? 1
                               : v->index_change - v->average_change <= -1.0 ? -1
                                                                              : 0;
    group_average_add(v, ds, ls, rg);
    method_change_build(&v->method_change, an->model, lv);

    /* Topic fields. */
    const node *root = &t->nodes[0];
    v->n_topics = (size_t)root->n_children;
    v->topics = xcalloc(v->n_topics ? v->n_topics : 1, sizeof *v->topics);
    for (size_t k = 0; k < v->n_topics; k++) {
        int ni = root->children[k];
        view_topic *tp = &v->topics[k];
        tp->id = xstrdup(t->nodes[ni].id);
        tp->name = xstrdup(t->nodes[ni].name);
        tp->score = ls_score(ls, row, ni);
        tp->average = all->value[ni];
        tp->previous = ls_previous_score(ls, row, ni);
        tp->change = ls_score_change(ls, row, ni);
        tp->rank = ls_rank(ls, row, ni);
        tp->n_ranked = ls->n_ranked[ni];
        tp->standing = ls->standing[row * (size_t)ls->n_nodes + (size_t)ni];
        tp->score_de = de_number(tp->score, 1);
        tp->average_de = de_number(tp->average, 1);
        tp->change_de = de_signed(tp->change, 1);
        tp->rank_de = de_rank_of(tp->rank, tp->n_ranked);
        int rok = 0;
        tp->rank_change = ls_rank_change(ls, row, ni, &rok);
        tp->previous_rank = rok ? tp->rank + tp->rank_change : 0;
        tp->previous_rank_de = tp->previous_rank ? de_int(tp->previous_rank) : xstrdup("");
        tp->previous_de = de_number(tp->previous, 1);
        tp->weight_de = weight_de(t, ni);
        tp->change_missing = change_missing(ls, row, ni);
    }

    /* Every node as a table row; strengths, weaknesses and sources on the way. */
    v->rows = rows_build(ls, row, &v->n_rows);
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        if (n->leaf >= 0) add_source(v, n);
        /* An aspect is named only when its topic field is not named for
         * the same group already (the list stays short). */
        bool covered = n->depth == 2 && n->parent >= 0 &&
                       v->rows[n->parent].standing == v->rows[i].standing;
        if (n->depth >= 1 && n->depth <= 2 && n->leaf < 0 && !covered) {
            if (v->rows[i].standing == STANDING_LEADING)
                add_standing(&v->strengths, &v->n_strengths, n, ls, row, i);
            else if (v->rows[i].standing == STANDING_TRAILING)
                add_standing(&v->weaknesses, &v->n_weaknesses, n, ls, row, i);
        }
    }

    v->highs = highlights_build(ls, row, an->means, 1, &v->n_highs);
    v->lows = highlights_build(ls, row, an->means, -1, &v->n_lows);

    /* Ranking: all Länder, or the Kreise (Gemeinden) of the same Land (Kreis). */
    rank_filter peers = {lv == LEVEL_GEMEINDE, lv == LEVEL_GEMEINDE ? rg->kreis : rg->land};
    if (lv != LEVEL_LAND) {
        size_t parent = peers.parent;
        if (parent != SIZE_MAX) {
            const region *pr = &ds->regions[parent];
            region_grammar pg;
            region_grammar_derive(&pg, pr->name, pr->level, pr->kind,
                                  pr->land != SIZE_MAX ? ds->regions[pr->land].ags : "");
            v->ranking_title_de = xasprintf("%s %s", level_plural_de(lv), pg.in);
            region_grammar_free(&pg);
        } else {
            v->ranking_title_de = xstrdup(level_plural_de(lv));
        }
        if (v->index_rank > 0)
        {
            char *r = de_rank_of(v->index_rank, v->index_n_ranked);
            v->ranking_caption_de = xasprintf("%s %s bundesweit", r,
                                              lv == LEVEL_KREIS ? "Kreisen" : "Gemeinden");
            free(r);
        }
        else
            v->ranking_caption_de = xstrdup("");
    } else {
        v->ranking_title_de = xstrdup("Alle Länder");
        v->ranking_caption_de = xstrdup("");
    }
    v->ranking = ranking_build(ds, ls, 0, lv != LEVEL_LAND ? &peers : NULL, row, &v->n_ranking,
                               &v->ranking_highlight);

    v->change_method = v->change_own = v->change_others = NAN;
    analyses_add(v, ls, &in->analyses[lv], row);
    v->method = method_summary(v->rows, v->n_rows, v->index_n_ranked);

    /* A Kreis lists its Gemeinden when the edition models them. */
    const level_scores *gs = lv == LEVEL_KREIS ? scores_get(sc, year, LEVEL_GEMEINDE) : NULL;
    if (gs) {
        rank_filter mine = {true, ds->level_regions[lv][row]};
        v->children = ranking_build(ds, gs, 0, &mine, SIZE_MAX, &v->n_children, NULL);
    }

    /* Map of the Länder: every Land's index score. */
    const level_scores *lands = scores_get(sc, year, LEVEL_LAND);
    v->laender_index_name = xstrdup(lands ? lands->tree->nodes[0].name : "");
    if (lands && lands->n_rows > 0) {
        v->n_laender_scores = lands->n_rows;
        v->laender_scores = xcalloc(lands->n_rows, sizeof *v->laender_scores);
        for (size_t r = 0; r < lands->n_rows; r++) {
            v->laender_scores[r].ags = xstrdup(ds->regions[ds->level_regions[LEVEL_LAND][r]].ags);
            v->laender_scores[r].score = ls_score(lands, r, 0);
            v->laender_scores[r].score_de = de_number(v->laender_scores[r].score, 1);
        }
    }
    maps_build(v, in->ds, in->sc, in->year, rg);

    /* Last, the words: sentences and texts from the templates, rendered
     * against the context of everything above, then kept in it. */
    v->context = view_briefing_to_tv(v);
    tv_map_set(v->context, "theme", theme_tv(in->theme));
    if (!words_add(in->words, WORDING_BRIEFING, WORDING_BRIEFING_TEXTS, v->context, &v->sentences,
                   &v->n_sentences, &v->texts, &v->ed, d)) {
        view_briefing_free(v);
        return NULL;
    }
    return v;
}

void view_briefing_free(const view_briefing *cv)
{
    view_briefing *v = (view_briefing *)cv;
    if (!v) return;
    tv_free(v->context);
    texts_free(&v->texts);
    edition_free(&v->ed);
    free(v->level_de);
    free(v->level_plural_de);
    free(v->level_plural_dat_de);
    free(v->ags);
    free(v->name);
    free(v->slug);
    free(v->file_stem);
    free(v->kind_de);
    free(v->population_de);
    free(v->land_ags);
    free(v->land_name);
    free(v->land_file_stem);
    free(v->kreis_name);
    free(v->kreis_file_stem);
    region_grammar_free(&v->gram);
    free(v->kind_line_de);
    free(v->land_in_de);
    free(v->index_score_de);
    free(v->index_rank_de);
    free(v->index_rank_num_de);
    free(v->index_n_ranked_de);
    free(v->index_change_num_de);
    free(v->index_average_de);
    free(v->average_label_de);
    free(v->index_change_de);
    free(v->index_change_abs_de);
    free(v->average_change_de);
    free(v->group_average_de);
    free(v->group_name_de);
    free(v->group_label_de);
    highlights_free(v->highs, v->n_highs);
    highlights_free(v->lows, v->n_lows);
    method_change_free(&v->method_change);
    for (size_t i = 0; i < v->n_topics; i++) {
        view_topic *t = &v->topics[i];
        free(t->id);
        free(t->name);
        free(t->score_de);
        free(t->average_de);
        free(t->change_de);
        free(t->rank_de);
        free(t->previous_de);
        free(t->previous_rank_de);
        free(t->weight_de);
    }
    free(v->topics);
    rows_free(v->rows, v->n_rows);
    view_standing *lists[2] = {v->strengths, v->weaknesses};
    size_t counts[2] = {v->n_strengths, v->n_weaknesses};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < counts[k]; i++) {
            free(lists[k][i].id);
            free(lists[k][i].name);
            free(lists[k][i].rank_de);
        }
        free(lists[k]);
    }
    ranking_free(v->ranking, v->n_ranking);
    free(v->ranking_title_de);
    free(v->ranking_caption_de);
    ranking_free(v->children, v->n_children);
    for (size_t i = 0; i < v->n_sources; i++) {
        free(v->sources[i].text);
        free(v->sources[i].url);
        free(v->sources[i].indicators);
    }
    free(v->sources);
    for (size_t i = 0; i < v->n_sentences; i++) free(v->sentences[i]);
    free(v->sentences);
    for (size_t i = 0; i < v->n_laender_scores; i++) {
        free(v->laender_scores[i].ags);
        free(v->laender_scores[i].score_de);
    }
    free(v->laender_scores);
    map_free(&v->map_peers);
    map_free(&v->map_parts);
    free(v->laender_index_name);
    free(v->rank_interval_de);
    free(v->previous_restated_de);
    free(v->previous_published_de);
    free(v->change_method_de);
    free(v->change_own_de);
    free(v->change_others_de);
    for (int k = 0; k < 2; k++) {
        free(v->whatif[k].indicator);
        free(v->whatif[k].from_de);
        free(v->whatif[k].to_de);
    }
    free(v);
}

/* Rounds x to `decimals` places towards the better direction (dir > 0:
 * up), so that the printed target still reaches the goal. */
static double round_toward(double x, int decimals, int dir)
{
    double s = pow(10, decimals);
    double y = x * s;
    double r = round(y);
    if (fabs(r - y) < 1e-9 * fmax(1, fabs(y))) return r / s;
    return (dir > 0 ? ceil(y) : floor(y)) / s;
}

static void whatif_fill(view_whatif *w, const tree *t, const whatif_result *r)
{
    free(w->indicator);
    free(w->from_de);
    free(w->to_de);
    memset(w, 0, sizeof *w);
    w->from = w->to = NAN;
    if (r) {
        w->already = r->status == WHATIF_ALREADY;
        w->infeasible = r->status == WHATIF_INFEASIBLE;
    }
    if (!r || r->status != WHATIF_FOUND || r->node < 0) {
        w->indicator = xstrdup("");
        w->from_de = xstrdup("");
        w->to_de = xstrdup("");
        return;
    }
    const node *n = &t->nodes[r->node];
    int dir = n->direction < 0 ? -1 : 1;
    /* As many decimals as the value has (a count stays whole), percentages
     * at least one; more when the rounded values would look the same. */
    int dec = raw_decimals(r->raw_from);
    if (strchr(n->unit, '%') && dec < 1) dec = 1;
    double to = round_toward(r->raw_to, dec, dir);
    while (dec < 3 && fabs(to - r->raw_from) < 0.5 * pow(10, -dec)) {
        dec++;
        to = round_toward(r->raw_to, dec, dir);
    }
    buf b = BUF_INIT;
    fmt_de_number(&b, r->raw_from, dec);
    if (n->unit[0] == '%') buf_puts(&b, " %"); /* "von 0,9 % auf 3,1 % der Beschäftigten" */
    w->from_de = buf_detach(&b);
    fmt_de_number(&b, to, dec);
    if (n->unit[0]) buf_printf(&b, " %s", n->unit);
    w->to_de = buf_detach(&b);
    w->indicator = xstrdup(n->name);
    w->found = true;
    w->rises = to > r->raw_from;
    w->from = r->raw_from;
    w->to = to;
}

/* The previous edition's index of this region as scored today (`restated`,
 * what the change figures use) and as published; the briefing says "2025
 * nach heutiger Methode neu berechnet: 44,1; veröffentlicht: 44,3" when
 * they differ to one decimal. */
static void published_add(view_briefing *v, double restated, double published)
{
    char *a = de_number(restated, 1), *b = de_number(published, 1);
    if (strcmp(a, b) == 0) {
        free(a);
        free(b);
        v->previous_restated_de = xstrdup("");
        v->previous_published_de = xstrdup("");
        return;
    }
    v->restated = true;
    v->previous_restated_de = a;
    v->previous_published_de = b;
}

/* The analyses of row `row` (gen/uncertainty.h, compare.h, whatif.h,
 * published.h). */
static void analyses_add(view_briefing *v, const level_scores *ls, const view_analyses *an,
                         size_t row)
{
    const tree *t = ls->tree;
    const published_level *pp = an->published;
    if (pp && ls->previous && pp->present[row])
        published_add(v, ls_previous_score(ls, row, 0), pp->score[row * (size_t)pp->n_nodes]);
    else
        published_add(v, NAN, NAN);
    const rank_interval *ri = an->intervals ? &an->intervals[row] : NULL;
    const decomposition *dc = an->decomp ? &an->decomp[row] : NULL;
    const whatif_result *whatif = an->whatif ? &an->whatif[2 * row] : NULL;
    buf b = BUF_INIT;
    if (ri && ri->available) {
        /* "Rang 12 bis 14" (5 % to 95 % of the weight variants); "Rang 13"
         * when every variant gives the same rank. */
        long lo = (long)floor(ri->lo + 1e-9), hi = (long)ceil(ri->hi - 1e-9);
        buf_puts(&b, "Rang ");
        fmt_de_int(&b, lo);
        if (lo != hi) {
            buf_puts(&b, " bis ");
            fmt_de_int(&b, hi);
        }
    }
    v->rank_interval_de = buf_detach(&b);
    if (dc && dc->available && dc->decomposed && dc->has_own) {
        v->has_decomposition = true;
        v->series_break = dc->series_break;
        v->change_method = dc->method;
        v->change_own = dc->own;
        v->change_others = dc->others;
        v->change_method_de = de_signed(dc->method, 1);
        v->change_own_de = de_signed(dc->own, 1);
        v->change_others_de = de_signed(dc->others, 1);
    } else {
        v->change_method_de = xstrdup("");
        v->change_own_de = xstrdup("");
        v->change_others_de = xstrdup("");
    }
    whatif_fill(&v->whatif[0], t, whatif ? &whatif[WHATIF_AVERAGE] : NULL);
    whatif_fill(&v->whatif[1], t, whatif ? &whatif[WHATIF_NEXT_RANK] : NULL);
}

/* ---- overview ----------------------------------------------------------- */

static void overview_intervals(view_overview *v, const dataset *ds, const rank_interval *ri);

/* The Ø of `score` over the Länder of group g (VIEW_GROUP_ALL: all) in a
 * ranking list; NAN when none has a value. */
static double group_mean(const dataset *ds, const view_rank_entry *e, size_t n, int g, bool change,
                         size_t *count)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = dataset_find_region(ds, e[i].ags);
        if (r == SIZE_MAX) continue;
        land_group lg = ds->regions[r].group;
        if (g == VIEW_GROUP_FLAECHEN && lg != GROUP_FLAECHENLAND) continue;
        if (g == VIEW_GROUP_STADT && lg != GROUP_STADTSTAAT) continue;
        double x = change ? e[i].change : e[i].score;
        if (isnan(x)) continue;
        sum += x;
        k++;
    }
    if (count) *count = k;
    return k ? sum / (double)k : NAN;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static char *de_or_dash(double x, bool sign)
{
    return isnan(x) ? xstrdup("–") : sign ? de_signed(x, 1) : de_number(x, 1);
}

/* The findings of the Gesamtbericht (view_overview: groups, movers,
 * Kreise's Länder, sources, topic weights). */
static void overview_findings(view_overview *v, const dataset *ds)
{
    for (int g = 0; g < VIEW_GROUP_COUNT; g++) {
        view_land_group *lg = &v->groups[g];
        lg->average = group_mean(ds, v->laender, v->n_laender, g, false, &lg->n);
        lg->change = group_mean(ds, v->laender, v->n_laender, g, true, NULL);
        lg->average_de = de_or_dash(lg->average, false);
        lg->change_de = de_or_dash(lg->change, true);
        lg->change_size_de = de_or_dash(fabs(lg->change), false);
        lg->best = xstrdup("");
        lg->best_score_de = xstrdup("");
        /* laender is in rank order: the first of the group is its best. */
        for (size_t i = 0; i < v->n_laender; i++) {
            size_t r = dataset_find_region(ds, v->laender[i].ags);
            if (r == SIZE_MAX || isnan(v->laender[i].score)) continue;
            land_group rg = ds->regions[r].group;
            if ((g == VIEW_GROUP_FLAECHEN && rg != GROUP_FLAECHENLAND) ||
                (g == VIEW_GROUP_STADT && rg != GROUP_STADTSTAAT))
                continue;
            free(lg->best);
            free(lg->best_score_de);
            lg->best = xstrdup(v->laender[i].name);
            lg->best_score_de = xstrdup(v->laender[i].score_de);
            break;
        }
        lg->topic_average_de = xcalloc(v->n_topics ? v->n_topics : 1, sizeof(char *));
        for (size_t k = 0; k < v->n_topics; k++)
            lg->topic_average_de[k] = de_or_dash(
                group_mean(ds, v->topics[k].ranking, v->topics[k].n_ranking, g, false, NULL), false);
    }
    v->mover_up = v->mover_down = SIZE_MAX;
    for (size_t i = 0; i < v->n_laender; i++) {
        double c = v->laender[i].change;
        if (isnan(c)) continue;
        if (v->mover_up == SIZE_MAX || c > v->laender[v->mover_up].change) v->mover_up = i;
        if (v->mover_down == SIZE_MAX || c < v->laender[v->mover_down].change) v->mover_down = i;
    }
    v->kreise_land = xcalloc(v->n_kreise ? v->n_kreise : 1, sizeof(char *));
    v->kreise_subject = xcalloc(v->n_kreise ? v->n_kreise : 1, sizeof(char *));
    for (size_t i = 0; i < v->n_kreise; i++) {
        const char *land = "";
        for (size_t j = 0; j < v->n_laender; j++)
            if (strncmp(v->laender[j].ags, v->kreise[i].ags, strlen(v->laender[j].ags)) == 0)
                land = v->laender[j].name;
        v->kreise_land[i] = xstrdup(land);
        size_t ri = dataset_find_region(ds, v->kreise[i].ags);
        if (ri == SIZE_MAX) {
            v->kreise_subject[i] = xstrdup(v->kreise[i].name);
            continue;
        }
        const region *kr = &ds->regions[ri];
        region_grammar kg;
        region_grammar_derive(&kg, kr->name, kr->level, kr->kind,
                              kr->land != SIZE_MAX ? ds->regions[kr->land].ags : "");
        v->kreise_subject[i] = kg.subject;
        kg.subject = NULL;
        region_grammar_free(&kg);
    }
    /* Topic weights and indicator counts, and the sources, from the Land
     * level's model rows (in tree order). */
    const view_row *rows = v->model_rows[LEVEL_LAND];
    size_t nr = v->n_model_rows[LEVEL_LAND], topic = SIZE_MAX;
    for (size_t i = 0; i < nr; i++) {
        const view_row *r = &rows[i];
        if (r->depth == 1) {
            topic = SIZE_MAX;
            for (size_t k = 0; k < v->n_topics; k++)
                if (strcmp(v->topics[k].id, r->id) == 0) topic = k;
            if (topic != SIZE_MAX) v->topics[topic].weight_de = xstrdup(or_empty(r->weight_de));
        }
        if (!r->indicator) continue;
        if (topic != SIZE_MAX) v->topics[topic].n_indicators++;
        if (!*or_empty(r->source)) continue;
        size_t j = 0;
        while (j < v->n_sources &&
               !(strcmp(v->sources[j].text, r->source) == 0 && strcmp(v->sources[j].url, or_empty(r->url)) == 0))
            j++;
        if (j < v->n_sources) {
            char *more = xasprintf("%s, %s", v->sources[j].indicators, r->id);
            free(v->sources[j].indicators);
            v->sources[j].indicators = more;
        } else {
            v->sources = xrealloc(v->sources, (v->n_sources + 1) * sizeof *v->sources);
            v->sources[v->n_sources++] =
                (view_source){xstrdup(r->source), xstrdup(or_empty(r->url)), xstrdup(r->id)};
        }
    }
    for (size_t k = 0; k < v->n_topics; k++)
        if (!v->topics[k].weight_de) v->topics[k].weight_de = xstrdup("");
}

const view_overview *view_overview_build(const view_input *in, diag *d)
{
    const dataset *ds = in->ds;
    const scores *sc = in->sc;
    int year = in->year;
    const level_scores *ls = scores_get(sc, year, LEVEL_LAND);
    if (!ls) return NULL;
    view_overview *v = xcalloc(1, sizeof *v);
    edition_build(&v->ed, ls->edition, ls->tree, in->generated_epoch);
    v->laender = ranking_build(ds, ls, 0, NULL, SIZE_MAX, &v->n_laender, NULL);
    v->average_de = de_number(ls->groups[0].value[0], 1);
    const node *root = &ls->tree->nodes[0];
    v->n_topics = (size_t)root->n_children;
    v->topics = xcalloc(v->n_topics ? v->n_topics : 1, sizeof *v->topics);
    for (size_t k = 0; k < v->n_topics; k++) {
        int ni = root->children[k];
        view_overview_topic *tp = &v->topics[k];
        tp->id = xstrdup(ls->tree->nodes[ni].id);
        tp->name = xstrdup(ls->tree->nodes[ni].name);
        tp->ranking = ranking_build(ds, ls, ni, NULL, SIZE_MAX, &tp->n_ranking, NULL);
        tp->average_de = de_number(ls->groups[0].value[ni], 1);
    }
    const level_scores *ks = scores_get(sc, year, LEVEL_KREIS);
    if (ks) v->kreise = ranking_build(ds, ks, 0, NULL, SIZE_MAX, &v->n_kreise, NULL);
    for (int l = 0; l < LEVEL_COUNT; l++) {
        const level_scores *m = scores_get(sc, year, (level)l);
        if (m) v->model_rows[l] = rows_build(m, SIZE_MAX, &v->n_model_rows[l]);
    }
    if (in->analyses[LEVEL_LAND].intervals)
        overview_intervals(v, ds, in->analyses[LEVEL_LAND].intervals);
    overview_findings(v, ds);
    method_change_build(&v->method_change, in->analyses[LEVEL_LAND].model, LEVEL_LAND);
    v->series_break = v->method_change.n_added + v->method_change.n_removed +
                          v->method_change.n_reweighted + v->method_change.n_recomputed >
                      0;
    int n_ranked = 0;
    for (size_t i = 0; i < v->n_laender; i++) n_ranked += v->laender[i].rank > 0;
    v->method = method_summary(v->model_rows[LEVEL_LAND], v->n_model_rows[LEVEL_LAND], n_ranked);
    v->context = view_overview_to_tv(v);
    tv_map_set(v->context, "theme", theme_tv(in->theme));
    if (!words_add(in->words, WORDING_OVERVIEW, WORDING_OVERVIEW_TEXTS, v->context, &v->sentences,
                   &v->n_sentences, &v->texts, &v->ed, d)) {
        view_overview_free(v);
        return NULL;
    }
    return v;
}

void view_overview_free(const view_overview *cv)
{
    view_overview *v = (view_overview *)cv;
    if (!v) return;
    tv_free(v->context);
    texts_free(&v->texts);
    edition_free(&v->ed);
    ranking_free(v->laender, v->n_laender);
    for (size_t k = 0; k < v->n_topics; k++) {
        free(v->topics[k].id);
        free(v->topics[k].name);
        free(v->topics[k].average_de);
        free(v->topics[k].weight_de);
        ranking_free(v->topics[k].ranking, v->topics[k].n_ranking);
    }
    for (int g = 0; g < VIEW_GROUP_COUNT; g++) {
        view_land_group *lg = &v->groups[g];
        free(lg->average_de);
        free(lg->change_de);
        free(lg->change_size_de);
        free(lg->best);
        free(lg->best_score_de);
        for (size_t k = 0; lg->topic_average_de && k < v->n_topics; k++)
            free(lg->topic_average_de[k]);
        free(lg->topic_average_de);
    }
    for (size_t i = 0; v->kreise_land && i < v->n_kreise; i++) free(v->kreise_land[i]);
    free(v->kreise_land);
    for (size_t i = 0; v->kreise_subject && i < v->n_kreise; i++) free(v->kreise_subject[i]);
    free(v->kreise_subject);
    for (size_t i = 0; i < v->n_sources; i++) {
        free(v->sources[i].text);
        free(v->sources[i].url);
        free(v->sources[i].indicators);
    }
    free(v->sources);
    method_change_free(&v->method_change);
    free(v->topics);
    ranking_free(v->kreise, v->n_kreise);
    for (int l = 0; l < LEVEL_COUNT; l++) rows_free(v->model_rows[l], v->n_model_rows[l]);
    free(v->interval_median);
    free(v->interval_lo);
    free(v->interval_hi);
    for (size_t i = 0; v->interval_de && i < v->n_laender; i++) free(v->interval_de[i]);
    free(v->interval_de);
    free(v->average_de);
    for (size_t i = 0; i < v->n_sentences; i++) free(v->sentences[i]);
    free(v->sentences);
    free(v);
}

view_rank_entry *view_gemeinden_build(const view_input *in, size_t *n)
{
    *n = 0;
    const level_scores *gs = scores_get(in->sc, in->year, LEVEL_GEMEINDE);
    return gs ? ranking_build(in->ds, gs, 0, NULL, SIZE_MAX, n, NULL) : NULL;
}

void view_rank_list_free(view_rank_entry *list, size_t n)
{
    ranking_free(list, n);
}

static void overview_intervals(view_overview *v, const dataset *ds, const rank_interval *ri)
{
    size_t n = v->n_laender ? v->n_laender : 1;
    v->interval_median = xmalloc(n * sizeof(double));
    v->interval_lo = xmalloc(n * sizeof(double));
    v->interval_hi = xmalloc(n * sizeof(double));
    v->interval_de = xcalloc(n, sizeof(char *));
    for (size_t i = 0; i < v->n_laender; i++) {
        size_t r = dataset_find_region(ds, v->laender[i].ags);
        const rank_interval *x = r != SIZE_MAX ? &ri[ds->regions[r].row] : NULL;
        bool ok = x && x->available;
        v->interval_median[i] = ok ? floor(x->median + 0.5) : NAN;
        v->interval_lo[i] = ok ? floor(x->lo) : NAN;
        v->interval_hi[i] = ok ? ceil(x->hi) : NAN;
        v->interval_de[i] = ok ? xasprintf("%.0f (%.0f–%.0f)", v->interval_median[i],
                                           v->interval_lo[i], v->interval_hi[i])
                               : xstrdup("–");
    }
}

/* ---- score downloads ------------------------------------------------------- */

void view_download_free(view_download *dl)
{
    free(dl->title);
    free(dl->status);
    free(dl->comments);
    for (size_t i = 0; i < dl->n_notes; i++) {
        free(dl->note_label[i]);
        free(dl->note_text[i]);
    }
    free(dl->note_label);
    free(dl->note_text);
    *dl = (view_download){0};
}

/* One "key: text" line of download-texts into dl; false for an unknown key
 * or a note without "Label: ". */
static bool download_line(view_download *dl, const char *line)
{
    const char *colon = strstr(line, ": ");
    if (!colon) return false;
    size_t kl = (size_t)(colon - line);
    const char *text = colon + 2;
    char **single = kl == 5 && strncmp(line, "title", 5) == 0      ? &dl->title
                    : kl == 6 && strncmp(line, "status", 6) == 0   ? &dl->status
                    : kl == 8 && strncmp(line, "comments", 8) == 0 ? &dl->comments
                                                                   : NULL;
    if (single) {
        free(*single);
        *single = xstrdup(text);
        return true;
    }
    if (kl != 4 || strncmp(line, "note", 4) != 0) return false;
    const char *sep = strstr(text, ": ");
    if (!sep || sep == text) return false;
    dl->note_label = xrealloc(dl->note_label, (dl->n_notes + 1) * sizeof *dl->note_label);
    dl->note_text = xrealloc(dl->note_text, (dl->n_notes + 1) * sizeof *dl->note_text);
    dl->note_label[dl->n_notes] = xasprintf("%.*s", (int)(sep - text), text);
    dl->note_text[dl->n_notes++] = xstrdup(sep + 2);
    return true;
}

bool view_download_build(const view_input *in, level lv, view_download *out, diag *d)
{
    *out = (view_download){0};
    const level_scores *ls = scores_get(in->sc, in->year, lv);
    if (!ls || !in->words) {
        diag_error(d, NULL, NULL, NULL, "download notes: no scores of edition %d or no wording",
                   in->year);
        return false;
    }
    view_edition ed = {0};
    edition_build(&ed, ls->edition, ls->tree, in->generated_epoch);
    tv *ctx = tv_new_map();
    tv_map_set(ctx, "ed", view_edition_tv(&ed));
    tv_set_str(ctx, "level_plural_de", level_plural_de(lv));
    tv_map_set(ctx, "theme", theme_tv(in->theme));
    char **lines = NULL;
    size_t n = 0;
    bool ok = wording_lines(in->words, WORDING_DOWNLOAD_TEXTS, ctx, &lines, &n, d);
    for (size_t i = 0; ok && i < n; i++) {
        if (download_line(out, lines[i])) continue;
        diag_error(d, wording_file(WORDING_DOWNLOAD_TEXTS), NULL,
                   "start every line with title, status, comments or note and \": \"; a note "
                   "reads \"note: Label: text\"",
                   "template output line %zu is not a download text: %s", i + 1, lines[i]);
        ok = false;
    }
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
    tv_free(ctx);
    edition_free(&ed);
    if (ok && !out->title) out->title = xasprintf("%s", ls->edition->title);
    if (!ok) view_download_free(out);
    return ok;
}
