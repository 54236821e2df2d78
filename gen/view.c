/* view: scores → German view model (see view.h). */
#include "view.h"

#include "buf.h"
#include "compare.h"
#include "format.h"
#include "uncertainty.h"
#include "whatif.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static char *de_rank_of(int rank, int total)
{
    if (rank <= 0) return xstrdup("–");
    return xasprintf("Rang %d von %d", rank, total);
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

static char *de_raw(double x, const char *unit)
{
    if (isnan(x)) return xstrdup("–");
    buf b = BUF_INIT;
    fmt_de_number(&b, x, raw_decimals(x));
    if (unit && *unit) {
        buf_putc(&b, ' ');
        buf_puts(&b, unit);
    }
    return buf_detach(&b);
}

static void whatif_fill(view_whatif *w, const tree *t, const whatif_result *r);

char *view_slug(const char *name)
{
    static const struct {
        const char *utf8, *ascii;
    } tr[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"},
              {"ß", "ss"}, {"é", "e"},  {"è", "e"},  {"ê", "e"},  {"á", "a"},  {"à", "a"},
              {"â", "a"},  {"ó", "o"},  {"ô", "o"},  {"í", "i"},  {"ç", "c"},  {"ñ", "n"}};
    buf b = BUF_INIT;
    bool dash = true; /* suppress leading '-' */
    for (const char *p = name; *p && b.len < 60;) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            buf_putc(&b, (char)c);
            dash = false;
            p++;
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            buf_putc(&b, (char)(c - 'A' + 'a'));
            dash = false;
            p++;
            continue;
        }
        bool done = false;
        for (size_t i = 0; i < sizeof tr / sizeof tr[0]; i++) {
            size_t n = strlen(tr[i].utf8);
            if (strncmp(p, tr[i].utf8, n) == 0) {
                buf_puts(&b, tr[i].ascii);
                dash = false;
                p += n;
                done = true;
                break;
            }
        }
        if (done) continue;
        /* Any other byte (punctuation, other UTF-8 sequences) separates words. */
        if (!dash) {
            buf_putc(&b, '-');
            dash = true;
        }
        p++;
        while (((unsigned char)*p & 0xC0) == 0x80) p++;
    }
    while (b.len > 0 && b.data[b.len - 1] == '-') b.data[--b.len] = '\0';
    if (b.len == 0) buf_puts(&b, "region");
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
    e->sample_notice = xstrdup(
        ed->sample ? "Beispieldaten: Die Indikatorwerte dieser Ausgabe sind überwiegend synthetisch "
                     "erzeugt. Sie zeigen, wie der Bericht aussieht, beschreiben aber nicht die "
                     "tatsächliche Lage."
                   : "");
    e->index_name = xstrdup(t->nodes[0].name);
}

static void edition_free(view_edition *e)
{
    free(e->title);
    free(e->edition_de);
    free(e->published_de);
    free(e->generated_de);
    free(e->sample_notice);
    free(e->index_name);
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

/* Entries for the rows selected by `member` (NULL = all), sorted by rank of node ni. */
static view_rank_entry *ranking_build(const dataset *ds, const level_scores *ls, int ni,
                                      const unsigned char *member, size_t highlight_row,
                                      size_t *n_out, size_t *highlight_out)
{
    view_rank_entry *list = xcalloc(ls->n_rows ? ls->n_rows : 1, sizeof *list);
    size_t n = 0;
    for (size_t r = 0; r < ls->n_rows; r++) {
        if (member && !member[r]) continue;
        const region *rg = &ds->regions[ds->level_regions[ls->level][r]];
        view_rank_entry *e = &list[n++];
        e->ags = xstrdup(rg->ags);
        e->name = xstrdup(rg->name);
        e->slug = file_stem(rg);
        e->score = ls_score(ls, r, ni);
        e->rank = ls_rank(ls, r, ni);
        e->change = ls_score_change(ls, r, ni);
        e->score_de = de_number(e->score, 1);
        e->rank_de = e->rank ? xasprintf("%d", e->rank) : xstrdup("–");
        e->change_de = de_signed(e->change, 1);
        e->highlight = r == highlight_row;
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
    for (size_t i = 0; i < n; i++) {
        free(list[i].ags);
        free(list[i].name);
        free(list[i].slug);
        free(list[i].score_de);
        free(list[i].rank_de);
        free(list[i].change_de);
    }
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
        r->rank_de = r->rank ? xasprintf("%d", r->rank) : xstrdup("–");
        r->weight_de = weight_de(t, i);
        if (r->indicator) {
            r->raw_de = has_region ? de_raw(ls_raw(ls, row, i), n->unit) : xstrdup("–");
            r->unit = xstrdup(n->unit);
            r->source = xstrdup(n->source);
            r->url = xstrdup(n->url ? n->url : "");
            r->method_de = method_de(n);
        } else {
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
}

/* Why node ni of `row` has no change: the edition that lacks the values
 * ("keine Werte 2023"), a field new in this edition ("neu in 2025"), or both
 * editions without values. "" when the change exists or there is no
 * previous edition. */
static char *change_missing_de(const level_scores *ls, size_t row, int ni)
{
    if (!ls->previous || !isnan(ls_score_change(ls, row, ni))) return xstrdup("");
    int year = ls->edition->year, prev = ls->previous->edition->year;
    if (!ls->previous_node || ls->previous_node[ni] < 0)
        return xasprintf("neu in %d", year);
    bool now = !isnan(ls_score(ls, row, ni)), before = !isnan(ls_previous_score(ls, row, ni));
    if (!now && !before) return xasprintf("keine Werte %d und %d", prev, year);
    return xasprintf("keine Werte %d", now ? prev : year);
}

static char *rank_change_de(int change, bool ok)
{
    if (!ok) return xstrdup("");
    if (change == 0) return xstrdup("unverändert");
    int a = change < 0 ? -change : change;
    return xasprintf("%d %s %s", a, a == 1 ? "Platz" : "Plätze", change > 0 ? "besser" : "schlechter");
}

view_briefing *view_briefing_build(const dataset *ds, const scores *sc, int year, level lv,
                                   size_t row, int64_t generated_epoch)
{
    const level_scores *ls = scores_get(sc, year, lv);
    if (!ls || row >= ls->n_rows) return NULL;
    const tree *t = ls->tree;
    const region *rg = &ds->regions[ds->level_regions[lv][row]];
    view_briefing *v = xcalloc(1, sizeof *v);
    edition_build(&v->ed, ls->edition, t, generated_epoch);
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
        v->population_de = buf_detach(&b);
    } else {
        v->population_de = xstrdup("");
    }
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
        if (strcmp(v->kind_de, "Stadtstaat") == 0)
            v->kind_line_de = xstrdup(v->kind_de);
        else
            v->kind_line_de = xasprintf("%s %s", *v->kind_de ? v->kind_de : v->level_de, v->land_in_de);
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
    v->index_average_de = de_number(v->index_average, 1);
    v->average_label_de = xasprintf("Ø %s", level_plural_de(lv));
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
    v->rank_change_de = rank_change_de(v->index_rank_change, ok);
    v->index_change_missing_de = change_missing_de(ls, row, 0);
    int arc = v->index_rank_change < 0 ? -v->index_rank_change : v->index_rank_change;
    v->rank_change_abs_de = ok && arc ? xasprintf("%d %s", arc, arc == 1 ? "Platz" : "Plätze")
                                      : xstrdup("");

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
        tp->previous_de = de_number(tp->previous, 1);
        tp->change_missing_de = change_missing_de(ls, row, ni);
    }

    /* Every node as a table row; strengths, weaknesses and sources on the way. */
    v->rows = rows_build(ls, row, &v->n_rows);
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        if (n->leaf >= 0) add_source(v, n);
        if (n->depth >= 1 && n->depth <= 2 && n->leaf < 0) {
            if (v->rows[i].standing == STANDING_LEADING)
                add_standing(&v->strengths, &v->n_strengths, n, ls, row, i);
            else if (v->rows[i].standing == STANDING_TRAILING)
                add_standing(&v->weaknesses, &v->n_weaknesses, n, ls, row, i);
        }
    }

    /* Ranking: all Länder, or the Kreise (Gemeinden) of the same Land (Kreis). */
    unsigned char *member = NULL;
    if (lv != LEVEL_LAND) {
        member = xcalloc(ls->n_rows, 1);
        size_t parent = lv == LEVEL_GEMEINDE ? rg->kreis : rg->land;
        for (size_t r = 0; r < ls->n_rows; r++) {
            const region *o = &ds->regions[ds->level_regions[lv][r]];
            member[r] = (lv == LEVEL_GEMEINDE ? o->kreis : o->land) == parent;
        }
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
            v->ranking_caption_de = xasprintf("Platz %d von %d %s bundesweit", v->index_rank,
                                              v->index_n_ranked,
                                              lv == LEVEL_KREIS ? "Kreisen" : "Gemeinden");
        else
            v->ranking_caption_de = xstrdup("");
    } else {
        v->ranking_title_de = xstrdup("Alle Länder");
        v->ranking_caption_de = xstrdup("");
    }
    v->ranking = ranking_build(ds, ls, 0, member, row, &v->n_ranking, &v->ranking_highlight);
    free(member);

    v->rank_interval_de = xstrdup("");
    v->previous_restated_de = xstrdup("");
    v->previous_published_de = xstrdup("");
    v->change_method_de = xstrdup("");
    v->change_own_de = xstrdup("");
    v->change_others_de = xstrdup("");
    whatif_fill(&v->whatif[0], t, NULL);
    whatif_fill(&v->whatif[1], t, NULL);
    v->change_method = v->change_own = v->change_others = NAN;

    /* A Kreis lists its Gemeinden when the edition models them. */
    const level_scores *gs = lv == LEVEL_KREIS ? scores_get(sc, year, LEVEL_GEMEINDE) : NULL;
    if (gs) {
        size_t me = ds->level_regions[lv][row];
        unsigned char *m = xcalloc(gs->n_rows ? gs->n_rows : 1, 1);
        for (size_t r = 0; r < gs->n_rows; r++)
            m[r] = ds->regions[ds->level_regions[LEVEL_GEMEINDE][r]].kreis == me;
        v->children = ranking_build(ds, gs, 0, m, SIZE_MAX, &v->n_children, NULL);
        free(m);
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
        }
    }
    return v;
}

void view_briefing_free(view_briefing *v)
{
    if (!v) return;
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
    region_grammar_free(&v->gram);
    free(v->kind_line_de);
    free(v->land_in_de);
    free(v->index_score_de);
    free(v->index_rank_de);
    free(v->index_average_de);
    free(v->average_label_de);
    free(v->index_change_de);
    free(v->rank_change_de);
    free(v->index_change_abs_de);
    free(v->rank_change_abs_de);
    free(v->index_change_missing_de);
    for (size_t i = 0; i < v->n_topics; i++) {
        view_topic *t = &v->topics[i];
        free(t->id);
        free(t->name);
        free(t->score_de);
        free(t->average_de);
        free(t->change_de);
        free(t->rank_de);
        free(t->previous_de);
        free(t->change_missing_de);
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
    for (size_t i = 0; i < v->n_laender_scores; i++) free(v->laender_scores[i].ags);
    free(v->laender_scores);
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

void view_briefing_add_published(view_briefing *v, double restated, double published)
{
    char *a = de_number(restated, 1), *b = de_number(published, 1);
    if (strcmp(a, b) == 0) {
        free(a);
        free(b);
        return;
    }
    free(v->previous_restated_de);
    free(v->previous_published_de);
    v->restated = true;
    v->previous_restated_de = a;
    v->previous_published_de = b;
}

void view_briefing_add_analysis(view_briefing *v, const tree *t, const rank_interval *ri,
                                const decomposition *dc, const whatif_result *whatif)
{
    if (ri && ri->available) {
        buf b = BUF_INIT;
        uncertainty_label_de(&b, ri);
        free(v->rank_interval_de);
        v->rank_interval_de = buf_detach(&b);
    }
    if (dc && dc->available && dc->decomposed && dc->has_own) {
        v->has_decomposition = true;
        v->series_break = dc->series_break;
        v->change_method = dc->method;
        v->change_own = dc->own;
        v->change_others = dc->others;
        free(v->change_method_de);
        free(v->change_own_de);
        free(v->change_others_de);
        v->change_method_de = de_signed(dc->method, 1);
        v->change_own_de = de_signed(dc->own, 1);
        v->change_others_de = de_signed(dc->others, 1);
    }
    if (whatif) {
        whatif_fill(&v->whatif[0], t, &whatif[WHATIF_AVERAGE]);
        whatif_fill(&v->whatif[1], t, &whatif[WHATIF_NEXT_RANK]);
    }
}

/* ---- overview ----------------------------------------------------------- */

view_overview *view_overview_build(const dataset *ds, const scores *sc, int year,
                                   int64_t generated_epoch)
{
    const level_scores *ls = scores_get(sc, year, LEVEL_LAND);
    if (!ls) return NULL;
    view_overview *v = xcalloc(1, sizeof *v);
    edition_build(&v->ed, ls->edition, ls->tree, generated_epoch);
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
    return v;
}

void view_overview_free(view_overview *v)
{
    if (!v) return;
    edition_free(&v->ed);
    ranking_free(v->laender, v->n_laender);
    for (size_t k = 0; k < v->n_topics; k++) {
        free(v->topics[k].id);
        free(v->topics[k].name);
        free(v->topics[k].average_de);
        ranking_free(v->topics[k].ranking, v->topics[k].n_ranking);
    }
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

void view_overview_add_intervals(view_overview *v, const dataset *ds, const rank_interval *ri)
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
