/* view_tv: view model → template context (see view_tv.h). */
#include "view_tv.h"

#include "buf.h"
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number as German text for the sentences ("10.790"). */
static tv *de_int_tv(tv_arena *a, long long n)
{
    buf b = BUF_INIT;
    fmt_de_int(&b, n);
    tv *t = tv_new_string_in(a, buf_cstr(&b));
    buf_free(&b);
    return t;
}

static tv *tv_own(tv_arena *a, char *s)
{
    tv *v = tv_new_string_in(a, s);
    free(s);
    return v;
}

char *view_join_de(const char *const *items, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) buf_puts(&b, i + 1 == n ? " und " : ", ");
        buf_puts(&b, items[i]);
    }
    return buf_detach(&b);
}

static tv *edition_tv(tv_arena *a, const view_edition *e)
{
    tv *m = tv_new_map_in(a);
    tv_map_set(m, "year", tv_new_number_in(a, e->year));
    if (e->previous_year)
        tv_map_set(m, "previous_year", tv_new_number_in(a, e->previous_year));
    else
        tv_map_set(m, "previous_year", tv_new_null_in(a));
    tv_set_str(m, "title", e->title);
    tv_set_str(m, "edition_de", e->edition_de);
    tv_set_str(m, "published_de", e->published_de);
    tv_set_str(m, "generated_de", e->generated_de);
    tv_set_bool(m, "sample", e->sample);
    tv_set_str(m, "sample_notice", e->sample_notice);
    tv_set_str(m, "index_name", e->index_name);
    tv_set_str(m, "series_de", e->series_de);
    tv_set_str(m, "source_de", e->source_de);
    return m;
}

static tv *rank_entry_tv(tv_arena *a, const view_rank_entry *e)
{
    tv *m = tv_new_map_in(a);
    tv_set_str(m, "ags", e->ags);
    tv_set_str(m, "name", e->name);
    tv_set_str(m, "file_stem", e->file_stem);
    tv_set_str(m, "score_de", e->score_de);
    tv_set_str(m, "rank_de", e->rank_de);
    tv_set_str(m, "change_de", e->change_de);
    tv_set_num(m, "score", e->score);
    tv_set_bool(m, "highlight", e->highlight);
    return m;
}

tv *view_edition_tv(const view_edition *e)
{
    return edition_tv(NULL, e);
}

tv *view_rank_entry_tv(const view_rank_entry *e)
{
    return rank_entry_tv(NULL, e);
}

static tv *rank_list_tv(tv_arena *a, const view_rank_entry *list, size_t n)
{
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < n; i++) {
        tv *m = rank_entry_tv(a, &list[i]);
        tv_set_bool(m, "first", i == 0);
        tv_set_bool(m, "last", i + 1 == n);
        tv_list_push(l, m);
    }
    return l;
}

/* Why a change is missing, as flags for the texts: {any, new, previous,
 * current, both}; every key is set, so a template never reads a flag of
 * an outer map. */
static tv *missing_tv(tv_arena *a, view_missing w)
{
    tv *m = tv_new_map_in(a);
    tv_set_bool(m, "any", w != MISSING_NONE);
    tv_set_bool(m, "new", w == MISSING_NEW);
    tv_set_bool(m, "previous", w == MISSING_PREVIOUS);
    tv_set_bool(m, "current", w == MISSING_CURRENT);
    tv_set_bool(m, "both", w == MISSING_BOTH);
    return m;
}

static const char *const norm_names[] = {"minmax", "zscore", "goalposts", "none"};
static const char *const depth_class[] = {"d0", "d1", "d2", "d3"};

static tv *row_tv(tv_arena *a, const view_row *r)
{
    tv *rm = tv_new_map_in(a);
        tv_set_str(rm, "id", r->id);
        tv_set_str(rm, "name", r->name);
        tv_map_set(rm, "depth", tv_new_number_in(a, r->depth));
        tv_set_bool(rm, "indicator", r->indicator);
        tv_set_bool(rm, "index", r->depth == 0);
        tv_set_bool(rm, "topic_field", r->depth == 1 && !r->indicator);
        tv_set_bool(rm, "aspect", r->depth >= 2 && !r->indicator);
        tv_set_str(rm, "raw_de", r->raw_de);
        tv_set_str(rm, "unit", r->unit);
        tv_set_str(rm, "score_de", r->score_de);
        tv_set_str(rm, "rank_de", r->rank_de);
        tv_set_str(rm, "average_de", r->average_de);
        tv_set_str(rm, "change_de", r->change_de);
        tv_set_str(rm, "source", r->source);
        tv_set_str(rm, "url", r->url);
        tv_set_str(rm, "weight_de", r->weight_de);
        tv_set_str(rm, "method_de", r->method_de);
        tv_set_bool(rm, "leading", r->standing == STANDING_LEADING);
        tv_set_bool(rm, "trailing", r->standing == STANDING_TRAILING);
        int depth = r->depth < 0 ? 0 : r->depth > 3 ? 3 : r->depth;
        tv_set_str(rm, "depth_class", depth_class[depth]);
        tv_set_bool(rm, "url_ok", view_url_is_safe(r->url));
        tv_set_bool(rm, "has_source", r->source && *r->source);
        if (r->indicator) {
            tv_set_str(rm, "norm", norm_names[r->norm]);
            tv_set_bool(rm, "pooled", r->pooled);
            tv_set_bool(rm, "lower_is_better", r->direction < 0);
        }
    return rm;
}

static tv *rows_tv(tv_arena *a, const view_row *rows, size_t n)
{
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < n; i++) tv_list_push(l, row_tv(a, &rows[i]));
    return l;
}

/* The rows in groups: the index alone, then one group per topic field with
 * everything below it (one <tbody> each on the site). row_maps is rows_tv of
 * the same rows, in the same arena a: its maps are shared, not built again. */
static tv *row_groups_tv(tv_arena *a, const tv *row_maps, const view_row *rows, size_t n)
{
    tv *groups = tv_new_list_in(a);
    tv *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cur || rows[i].depth <= 1) {
            tv *g = tv_new_map_in(a);
            cur = tv_new_list_in(a);
            tv_map_set(g, "rows", cur); /* g owns cur; cur stays valid */
            tv_list_push(groups, g);
        }
        tv_list_push(cur, (tv *)tv_list_get(row_maps, i));
    }
    return groups;
}

/* The normalisation in summary (view_method), for the method texts. */
static tv *method_tv(tv_arena *a, const view_method *m, const view_row *rows, size_t n)
{
    tv *mm = tv_new_map_in(a);
    tv_map_set(mm, "n_indicators", tv_new_number_in(a, (double)m->n_indicators));
    tv_set_bool(mm, "all_minmax", m->n_indicators > 0 && m->n_minmax == m->n_indicators);
    tv_set_bool(mm, "all_pooled", m->n_indicators > 0 && m->n_pooled == m->n_indicators);
    tv_set_bool(mm, "mixed", m->n_indicators > 0 && m->n_minmax != m->n_indicators);
    tv_set_bool(mm, "has_lower", m->n_lower > 0 && m->lower_example);
    tv_set_str(mm, "lower_example", m->lower_example);
    tv_map_set(mm, "n_ranked", de_int_tv(a, m->n_ranked));
    tv_map_set(mm, "group_size", de_int_tv(a, m->group_size));
    tv_set_bool(mm, "has_groups", m->group_size > 0);
    tv *ind = tv_new_list_in(a);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].indicator) continue;
        tv *im = tv_new_map_in(a);
        tv_set_str(im, "name", rows[i].name);
        tv_set_str(im, "method_de", rows[i].method_de);
        tv_set_bool(im, "first", k++ == 0);
        tv_list_push(ind, im);
    }
    tv_map_set(mm, "indicators", ind);
    return mm;
}

static tv *standing_tv(tv_arena *a, const view_standing *s, size_t n, int previous_year, char **joined)
{
    tv *l = tv_new_list_in(a);
    const char **names = xcalloc(n ? n : 1, sizeof *names);
    char **parts = xcalloc(n ? n : 1, sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        tv *m = tv_new_map_in(a);
        tv_set_str(m, "id", s[i].id);
        tv_set_str(m, "name", s[i].name);
        tv_set_str(m, "rank_de", s[i].rank_de);
        tv_set_bool(m, "topic_field", s[i].depth == 1);
        tv_list_push(l, m);
        /* "„Infrastruktur“ (Rang 15 von 16; 2023: 14)": the move since the
         * previous edition when the rank changed. */
        if (previous_year && s[i].previous_rank > 0 && s[i].previous_rank != s[i].rank) {
            buf pr = BUF_INIT;
            fmt_de_int(&pr, s[i].previous_rank);
            parts[i] = xasprintf("„%s“ (%s; %d: %s)", s[i].name, s[i].rank_de, previous_year,
                                 buf_cstr(&pr));
            buf_free(&pr);
        } else {
            parts[i] = xasprintf("„%s“ (%s)", s[i].name, s[i].rank_de);
        }
        names[i] = parts[i];
    }
    *joined = view_join_de(names, n);
    for (size_t i = 0; i < n; i++) free(parts[i]);
    free(parts);
    free(names);
    return l;
}

static tv *sentences_tv(tv_arena *a, char *const *s, size_t n)
{
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < n; i++) tv_list_push(l, tv_new_string_in(a, s[i]));
    return l;
}

/* A list for a German enumeration in a template: every item knows whether it
 * is the last or the one before it ("A, B und C"). */
static void set_enum_flags(tv *m, size_t i, size_t n)
{
    tv_set_bool(m, "last", i + 1 == n);
    tv_set_bool(m, "penultimate", i + 2 == n);
    tv_set_bool(m, "first", i == 0);
}

static tv *names_tv(tv_arena *a, char *const *names, size_t n)
{
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < n; i++) {
        tv *m = tv_new_map_in(a);
        tv_set_str(m, "name", names[i]);
        set_enum_flags(m, i, n);
        tv_list_push(l, m);
    }
    return l;
}

static tv *method_change_tv(tv_arena *a, const view_method_change *mc)
{
    tv *m = tv_new_map_in(a);
    tv_map_set(m, "added", names_tv(a, mc->added, mc->n_added));
    tv_map_set(m, "removed", names_tv(a, mc->removed, mc->n_removed));
    tv_map_set(m, "recomputed", names_tv(a, mc->recomputed, mc->n_recomputed));
    tv *rw = tv_new_list_in(a);
    for (size_t i = 0; i < mc->n_reweighted; i++) {
        tv *e = tv_new_map_in(a);
        tv_set_str(e, "name", mc->reweighted[i].name);
        tv_set_str(e, "from_de", mc->reweighted[i].from_de);
        tv_set_str(e, "to_de", mc->reweighted[i].to_de);
        tv_set_str(e, "parent", mc->reweighted[i].parent);
        set_enum_flags(e, i, mc->n_reweighted);
        tv_list_push(rw, e);
    }
    tv_map_set(m, "reweighted", rw);
    tv_set_bool(m, "has_added", mc->n_added > 0);
    tv_set_bool(m, "many_added", mc->n_added > 1);
    tv_set_bool(m, "has_removed", mc->n_removed > 0);
    tv_set_bool(m, "many_removed", mc->n_removed > 1);
    tv_set_bool(m, "has_reweighted", mc->n_reweighted > 0);
    tv_set_bool(m, "many_reweighted", mc->n_reweighted > 1);
    tv_set_bool(m, "many_recomputed", mc->n_recomputed > 1);
    tv_set_bool(m, "has_recomputed", mc->n_recomputed > 0);
    /* "; " before a part that follows another. */
    tv_set_bool(m, "removed_after", mc->n_removed > 0 && mc->n_added > 0);
    tv_set_bool(m, "reweighted_after", mc->n_reweighted > 0 && mc->n_added + mc->n_removed > 0);
    tv_set_bool(m, "recomputed_after",
             mc->n_recomputed > 0 && mc->n_added + mc->n_removed + mc->n_reweighted > 0);
    size_t parts = (mc->n_added > 0) + (mc->n_removed > 0) + (mc->n_reweighted > 0) +
                   (mc->n_recomputed > 0);
    tv_set_bool(m, "any", parts > 0);
    return m;
}

static tv *highlights_tv(tv_arena *a, const view_highlight *h, size_t n)
{
    tv *l = tv_new_list_in(a);
    for (size_t i = 0; i < n; i++) {
        tv *m = tv_new_map_in(a);
        tv_set_str(m, "id", h[i].id);
        tv_set_str(m, "name", h[i].name);
        tv_set_str(m, "raw_de", h[i].raw_de);
        tv_set_str(m, "average_de", h[i].average_de);
        tv_set_bool(m, "lower_is_better", h[i].lower_is_better);
        tv_set_num(m, "raw", h[i].raw);
        tv_set_num(m, "average", h[i].average);
        set_enum_flags(m, i, n);
        tv_list_push(l, m);
    }
    return l;
}

tv *view_briefing_to_tv(const view_briefing *v)
{
    /* Built once, freed as a whole: in an arena (tvalue.h). */
    tv *m = tv_new_arena_map();
    tv_arena *a = tv_arena_of(m);
    tv_map_set(m, "ed", edition_tv(a, &v->ed));
    tv_set_str(m, "level", level_name(v->level));
    tv_set_str(m, "level_de", v->level_de);
    tv_set_str(m, "level_plural_de", v->level_plural_de);
    tv_set_str(m, "level_plural_dat_de", v->level_plural_dat_de);
    tv_set_bool(m, "is_land", v->level == LEVEL_LAND);
    tv_set_bool(m, "is_kreis", v->level == LEVEL_KREIS);
    tv_set_bool(m, "is_gemeinde", v->level == LEVEL_GEMEINDE);
    tv_set_str(m, "ags", v->ags);
    tv_set_str(m, "name", v->name);
    tv_set_str(m, "slug", v->slug);
    tv_set_str(m, "file_stem", v->file_stem);
    tv_set_str(m, "kind_de", v->kind_de);
    tv_set_str(m, "population_de", v->population_de);
    tv_set_str(m, "land_ags", v->land_ags);
    tv_set_str(m, "land_name", v->land_name);
    tv_set_str(m, "kreis_name", v->kreis_name);
    tv_set_str(m, "land_file_stem", v->land_file_stem);
    tv_set_str(m, "subject_de", v->gram.subject);
    tv_set_str(m, "subject_start_de", v->gram.subject_start);
    tv_set_str(m, "dative_de", v->gram.dative);
    tv_set_str(m, "in_de", v->gram.in);
    tv_set_str(m, "article", v->gram.article);
    tv_set_bool(m, "masculine", v->gram.gender == GENDER_MASCULINE);
    tv_set_bool(m, "feminine", v->gram.gender == GENDER_FEMININE);
    tv_set_bool(m, "neuter", v->gram.gender == GENDER_NEUTER);
    tv_set_str(m, "kind_line_de", v->kind_line_de);
    tv_set_str(m, "land_in_de", v->land_in_de);

    tv_set_num(m, "index_score", v->index_score);
    tv_set_str(m, "index_score_de", v->index_score_de);
    tv_set_str(m, "index_rank_de", v->index_rank_de);
    tv_set_str(m, "index_rank_num_de", v->index_rank_num_de);
    tv_set_str(m, "index_n_ranked_de", v->index_n_ranked_de);
    tv_set_str(m, "index_change_num_de", v->index_change_num_de);
    tv_set_bool(m, "has_previous", v->has_change && v->ed.previous_year);
    /* Ranks go into sentences: German digits ("3.005 unter 10.790"). */
    tv_map_set(m, "index_rank", v->index_rank ? de_int_tv(a, v->index_rank) : tv_new_null_in(a));
    tv_map_set(m, "index_n_ranked", de_int_tv(a, v->index_n_ranked));
    tv_set_str(m, "index_average_de", v->index_average_de);
    tv_set_str(m, "average_label_de", v->average_label_de);
    tv_set_str(m, "index_change_de", v->index_change_de);
    tv_set_str(m, "index_change_abs_de", v->index_change_abs_de);
    tv_map_set(m, "index_missing", missing_tv(a, v->index_change_missing));
    tv_set_str(m, "average_change_de", v->average_change_de);
    bool avg_change = v->has_change && !isnan(v->index_change) && *v->average_change_de;
    tv_set_bool(m, "has_average_change", avg_change);
    tv_set_bool(m, "average_rose", avg_change && v->average_change >= 0.05);
    tv_set_bool(m, "average_fell", avg_change && v->average_change <= -0.05);
    tv_set_bool(m, "change_like_average", avg_change && v->change_vs_average == 0);
    tv_set_bool(m, "change_above_average", avg_change && v->change_vs_average > 0);
    tv_set_bool(m, "change_below_average", avg_change && v->change_vs_average < 0);
    bool group = !isnan(v->group_average) && !isnan(v->index_score);
    tv_set_bool(m, "has_group", group);
    tv_set_str(m, "group_average_de", v->group_average_de);
    tv_set_str(m, "group_name_de", v->group_name_de);
    tv_set_str(m, "group_label_de", v->group_label_de);
    tv_set_bool(m, "above_group", group && v->index_score > v->group_average);
    tv_set_bool(m, "below_group", group && v->index_score < v->group_average);
    tv_map_set(m, "highs", highlights_tv(a, v->highs, v->n_highs));
    tv_map_set(m, "lows", highlights_tv(a, v->lows, v->n_lows));
    tv_set_bool(m, "has_highs", v->n_highs > 0);
    tv_set_bool(m, "has_lows", v->n_lows > 0);
    tv_set_bool(m, "has_highlights", v->n_highs + v->n_lows > 0);
    tv_map_set(m, "method_change", method_change_tv(a, &v->method_change));
    bool has_score = !isnan(v->index_score);
    tv_set_bool(m, "has_score", has_score);
    tv_set_bool(m, "above_average", has_score && v->index_score > v->index_average);
    tv_set_bool(m, "below_average", has_score && v->index_score < v->index_average);
    bool change = v->has_change && !isnan(v->index_change);
    tv_set_bool(m, "has_change", change);
    tv_set_bool(m, "improved", change && v->index_change > 0);
    tv_set_bool(m, "declined", change && v->index_change < 0);
    tv_set_bool(m, "rank_improved", change && v->index_rank_change > 0);
    tv_set_bool(m, "rank_declined", change && v->index_rank_change < 0);
    tv_set_bool(m, "rank_unchanged", change && v->index_rank_change == 0);
    tv_set_bool(m, "first_place", v->index_rank == 1);
    tv_set_bool(m, "many_ranked", v->index_n_ranked > 1);
    if (v->index_rank > 1) tv_map_set(m, "next_rank", de_int_tv(a, v->index_rank - 1));
    if (change && v->index_previous_rank > 0 && v->index_rank_change != 0)
        tv_map_set(m, "previous_rank", de_int_tv(a, v->index_previous_rank));
    if (change && v->index_previous_rank > 0)
        tv_map_set(m, "index_previous_rank", de_int_tv(a, v->index_previous_rank));

    tv *topics = tv_new_list_in(a);
    for (size_t i = 0; i < v->n_topics; i++) {
        const view_topic *t = &v->topics[i];
        tv *tm = tv_new_map_in(a);
        tv_set_str(tm, "id", t->id);
        tv_set_str(tm, "name", t->name);
        tv_set_str(tm, "score_de", t->score_de);
        tv_set_str(tm, "average_de", t->average_de);
        tv_set_str(tm, "change_de", t->change_de);
        tv_set_str(tm, "rank_de", t->rank_de);
        tv_set_str(tm, "previous_de", t->previous_de);
        tv_set_str(tm, "weight_de", t->weight_de);
        tv_set_str(tm, "previous_rank_de", t->previous_rank_de);
        tv_map_set(tm, "missing", missing_tv(a, t->change_missing));
        tv_set_bool(tm, "has_previous_rank", t->previous_rank > 0);
        tv_set_bool(tm, "rank_up", t->previous_rank > 0 && t->rank_change > 0);
        tv_set_bool(tm, "rank_down", t->previous_rank > 0 && t->rank_change < 0);
        tv_set_bool(tm, "last", i + 1 == v->n_topics);
        tv_set_num(tm, "score", t->score);
        tv_set_bool(tm, "leading", t->standing == STANDING_LEADING);
        tv_set_bool(tm, "trailing", t->standing == STANDING_TRAILING);
        tv_list_push(topics, tm);
    }
    tv_map_set(m, "topics", topics);
    bool any_previous = false;
    for (size_t i = 0; i < v->n_topics; i++) any_previous |= !isnan(v->topics[i].previous);
    tv_set_bool(m, "has_previous_topics", any_previous);

    tv *rows = rows_tv(a, v->rows, v->n_rows);
    tv_map_set(m, "rows", rows);
    tv_map_set(m, "row_groups", row_groups_tv(a, rows, v->rows, v->n_rows));
    tv_map_set(m, "method", method_tv(a, &v->method, v->rows, v->n_rows));

    char *joined = NULL;
    tv_map_set(m, "strengths", standing_tv(a, v->strengths, v->n_strengths, v->ed.previous_year, &joined));
    tv_set_str(m, "strengths_de", joined);
    free(joined);
    tv_map_set(m, "weaknesses", standing_tv(a, v->weaknesses, v->n_weaknesses, v->ed.previous_year, &joined));
    tv_set_str(m, "weaknesses_de", joined);
    free(joined);
    tv_set_bool(m, "has_strengths", v->n_strengths > 0);
    tv_set_bool(m, "has_weaknesses", v->n_weaknesses > 0);
    tv_set_bool(m, "many_strengths", v->n_strengths > 1);
    tv_set_bool(m, "many_weaknesses", v->n_weaknesses > 1);

    tv_map_set(m, "ranking", rank_list_tv(a, v->ranking, v->n_ranking));
    tv_set_str(m, "ranking_title_de", v->ranking_title_de);
    tv_set_str(m, "map_peers_de", v->map_peers.title_de);
    tv_set_str(m, "map_parts_de", v->map_parts.title_de);
    tv_set_str(m, "ranking_caption_de", v->ranking_caption_de);
    tv_map_set(m, "children", rank_list_tv(a, v->children, v->n_children));
    tv_set_bool(m, "has_children", v->n_children > 0);
    buf nb = BUF_INIT;
    fmt_de_int(&nb, (long long)v->n_children);
    tv_set_str(m, "n_children_de", buf_cstr(&nb));
    buf_free(&nb);

    tv *sources = tv_new_list_in(a);
    for (size_t i = 0; i < v->n_sources; i++) {
        tv *sm = tv_new_map_in(a);
        tv_set_str(sm, "text", v->sources[i].text);
        tv_set_str(sm, "url", v->sources[i].url);
        tv_set_bool(sm, "url_ok", view_url_is_safe(v->sources[i].url));
        tv_set_str(sm, "indicators", v->sources[i].indicators);
        tv_list_push(sources, sm);
    }
    tv_map_set(m, "sources", sources);
    tv_set_str(m, "rank_interval_de", v->rank_interval_de);
    tv_set_bool(m, "has_decomposition", v->has_decomposition);
    tv_set_bool(m, "series_break", v->series_break);
    tv_set_str(m, "change_method_de", v->change_method_de);
    tv_set_str(m, "change_own_de", v->change_own_de);
    tv_set_str(m, "change_others_de", v->change_others_de);
    /* A part that rounds to ±0,0 is left out of the sentence. */
    tv_set_bool(m, "others_zero", v->has_decomposition && fabs(v->change_others) < 0.05);
    tv_set_bool(m, "method_zero", v->has_decomposition && fabs(v->change_method) < 0.05);
    static const char *const whatif_keys[2] = {"whatif_average", "whatif_next_rank"};
    for (int k = 0; k < 2; k++) {
        const view_whatif *w = &v->whatif[k];
        tv *wm = tv_new_map_in(a);
        tv_set_bool(wm, "found", w->found);
        tv_set_bool(wm, "infeasible", w->infeasible);
        tv_set_bool(wm, "already", w->already);
        tv_set_bool(wm, "rises", w->rises);
        tv_set_str(wm, "indicator", w->indicator);
        tv_set_str(wm, "from_de", w->from_de);
        tv_set_str(wm, "to_de", w->to_de);
        tv_map_set(m, whatif_keys[k], wm);
    }
    tv_set_bool(m, "restated", v->restated);
    tv_set_str(m, "previous_restated_de", v->previous_restated_de);
    tv_set_str(m, "previous_published_de", v->previous_published_de);
    tv_map_set(m, "sentences", sentences_tv(a, v->sentences, v->n_sentences));
    return m;
}

/* Sort key for names, DIN 5007-1 style: case-folded, umlauts as their base
 * letter, ß as ss; other bytes kept. */
static char *collation_key(const char *s)
{
    static const struct {
        const char *utf8, *ascii;
    } fold[] = {{"ä", "a"}, {"ö", "o"}, {"ü", "u"}, {"Ä", "a"}, {"Ö", "o"}, {"Ü", "u"},
                {"ß", "ss"}, {"é", "e"}, {"è", "e"}, {"á", "a"}, {"à", "a"}, {"ó", "o"}};
    buf b = BUF_INIT;
    for (const char *p = s; *p;) {
        bool done = false;
        for (size_t i = 0; i < sizeof fold / sizeof fold[0] && !done; i++) {
            size_t n = strlen(fold[i].utf8);
            if (strncmp(p, fold[i].utf8, n) == 0) {
                buf_puts(&b, fold[i].ascii);
                p += n;
                done = true;
            }
        }
        if (done) continue;
        char c = *p++;
        buf_putc(&b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
    }
    return buf_detach(&b);
}

typedef struct kreis_ref {
    const view_rank_entry *e;
    char *key;
} kreis_ref;

static int cmp_kreis_ref(const void *a, const void *b)
{
    const kreis_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->e->ags, y->e->ags);
}

static int cmp_entry_ags(const void *a, const void *b)
{
    const view_rank_entry *const *x = a, *const *y = b;
    return strcmp((*x)->ags, (*y)->ags);
}

/* The Kreise grouped by Land (Länder in AGS order, Kreise by name). A Kreis
 * belongs to the Land whose AGS begins its own. */
static tv *kreise_groups_tv(tv_arena *a, const view_overview *o)
{
    tv *groups = tv_new_list_in(a);
    const view_rank_entry **laender = xcalloc(o->n_laender ? o->n_laender : 1, sizeof *laender);
    for (size_t i = 0; i < o->n_laender; i++) laender[i] = &o->laender[i];
    qsort(laender, o->n_laender, sizeof *laender, cmp_entry_ags);
    kreis_ref *refs = xcalloc(o->n_kreise ? o->n_kreise : 1, sizeof *refs);
    for (size_t li = 0; li < o->n_laender; li++) {
        const view_rank_entry *land = laender[li];
        size_t alen = strlen(land->ags);
        size_t n = 0;
        for (size_t k = 0; k < o->n_kreise; k++)
            if (strncmp(o->kreise[k].ags, land->ags, alen) == 0)
                refs[n++] = (kreis_ref){&o->kreise[k], collation_key(o->kreise[k].name)};
        if (n == 0) continue;
        qsort(refs, n, sizeof *refs, cmp_kreis_ref);
        tv *g = tv_new_map_in(a);
        tv_set_str(g, "ags", land->ags);
        tv_set_str(g, "name", land->name);
        tv_set_str(g, "file_stem", land->file_stem);
        tv_map_set(g, "anchor", tv_own(a, xasprintf("land-%s", land->ags)));
        tv_map_set(g, "heading_id", tv_own(a, xasprintf("land-%s-h", land->ags)));
        region_grammar lg;
        region_grammar_derive(&lg, land->name, LEVEL_LAND, NULL, "");
        tv_set_str(g, "in_de", lg.in);
        region_grammar_free(&lg);
        buf cnt = BUF_INIT;
        fmt_de_int(&cnt, (long long)n);
        tv_set_str(g, "count_de", buf_cstr(&cnt));
        buf_free(&cnt);
        tv_set_bool(g, "one", n == 1);
        tv *list = tv_new_list_in(a);
        for (size_t k = 0; k < n; k++) {
            tv *m = rank_entry_tv(a, refs[k].e);
            tv_set_str(m, "land_name", land->name);
            tv_list_push(list, m);
            free(refs[k].key);
        }
        tv_map_set(g, "kreise", list);
        tv_list_push(groups, g);
    }
    free(refs);
    free(laender);
    return groups;
}

/* The head of a group in the site's lists: its name, the anchor
 * "<kind>-<ags>" and the heading id "<kind>-<ags>-h". Returns a new map. */
static tv *group_head_tv(tv_arena *a, const char *kind, const char *ags, const char *name)
{
    tv *g = tv_new_map_in(a);
    tv_set_str(g, "name", name);
    tv_map_set(g, "anchor", tv_own(a, xasprintf("%s-%s", kind, ags)));
    tv_map_set(g, "heading_id", tv_own(a, xasprintf("%s-%s-h", kind, ags)));
    return g;
}

/* The entry with this AGS in a short list (Länder, Kreise), or NULL. */
static const view_rank_entry *entry_by_ags(const view_rank_entry *list, size_t n, const char *ags)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].ags, ags) == 0) return &list[i];
    return NULL;
}

tv *view_count_tv(size_t n)
{
    return de_int_tv(NULL, (long long)n);
}

/* Länder → Kreise → Gemeinden, in AGS order (list: every Gemeinde). */
tv *view_gemeinden_groups_tv(const view_overview *o, const view_rank_entry *list, size_t n)
{
    tv_arena *a = NULL; /* a heap tree: the caller puts it into a page's context */
    const view_rank_entry **refs = xcalloc(n ? n : 1, sizeof *refs);
    for (size_t i = 0; i < n; i++) refs[i] = &list[i];
    qsort(refs, n, sizeof *refs, cmp_entry_ags);
    tv *groups = tv_new_list_in(a);
    tv *land = NULL, *kreise = NULL, *kreis = NULL, *rows = NULL;
    size_t n_land = 0, n_kreis = 0;
    char land_ags[3] = "", kreis_ags[6] = "";
    for (size_t i = 0; i <= n; i++) {
        const view_rank_entry *e = i < n ? refs[i] : NULL;
        bool new_kreis = !e || strncmp(e->ags, kreis_ags, 5) != 0;
        bool new_land = !e || strncmp(e->ags, land_ags, 2) != 0;
        if (new_kreis && kreis) {
            tv_map_set(kreis, "count_de", view_count_tv(n_kreis));
            tv_set_bool(kreis, "one", n_kreis == 1);
        }
        if (new_land && land) {
            tv_map_set(land, "count_de", view_count_tv(n_land));
            tv_set_bool(land, "one", n_land == 1);
        }
        if (!e) break;
        if (new_land) {
            snprintf(land_ags, sizeof land_ags, "%.2s", e->ags);
            const view_rank_entry *le = entry_by_ags(o->laender, o->n_laender, land_ags);
            land = group_head_tv(a, "land", land_ags, le ? le->name : land_ags);
            kreise = tv_new_list_in(a);
            tv_map_set(land, "kreise", kreise);
            tv_list_push(groups, land);
            n_land = 0;
        }
        if (new_kreis) {
            snprintf(kreis_ags, sizeof kreis_ags, "%.5s", e->ags);
            const view_rank_entry *ke = entry_by_ags(o->kreise, o->n_kreise, kreis_ags);
            kreis = group_head_tv(a, "kreis", kreis_ags, ke ? ke->name : kreis_ags);
            tv_set_str(kreis, "file_stem", ke ? ke->file_stem : kreis_ags);
            rows = tv_new_list_in(a);
            tv_map_set(kreis, "gemeinden", rows);
            tv_list_push(kreise, kreis);
            n_kreis = 0;
        }
        tv_list_push(rows, rank_entry_tv(a, e));
        n_land++;
        n_kreis++;
    }
    free(refs);
    return groups;
}

tv *view_overview_to_tv(const view_overview *v)
{
    tv *m = tv_new_arena_map();
    tv_arena *a = tv_arena_of(m);
    tv_map_set(m, "ed", edition_tv(a, &v->ed));
    tv_map_set(m, "laender", rank_list_tv(a, v->laender, v->n_laender));
    tv_map_set(m, "n_laender", tv_new_number_in(a, (double)v->n_laender));
    tv_set_str(m, "average_de", v->average_de);
    tv *topics = tv_new_list_in(a);
    for (size_t k = 0; k < v->n_topics; k++) {
        tv *tm = tv_new_map_in(a);
        tv_set_str(tm, "id", v->topics[k].id);
        tv_set_str(tm, "name", v->topics[k].name);
        tv_set_str(tm, "average_de", v->topics[k].average_de);
        tv_map_set(tm, "ranking", rank_list_tv(a, v->topics[k].ranking, v->topics[k].n_ranking));
        tv_list_push(topics, tm);
    }
    tv_map_set(m, "topics", topics);
    static const char *const small[] = {"null", "ein", "zwei", "drei", "vier", "fünf", "sechs",
                                        "sieben", "acht", "neun", "zehn", "elf", "zwölf"};
    if (v->n_topics < sizeof small / sizeof small[0])
        tv_set_str(m, "topics_count_de", small[v->n_topics]);
    else
        tv_map_set(m, "topics_count_de", tv_new_number_in(a, (double)v->n_topics));
    const char **names = xcalloc(v->n_topics ? v->n_topics : 1, sizeof *names);
    for (size_t k = 0; k < v->n_topics; k++) names[k] = v->topics[k].name;
    char *joined = view_join_de(names, v->n_topics);
    tv_set_str(m, "topic_names_de", joined);
    free(joined);
    free(names);
    tv_map_set(m, "kreise", rank_list_tv(a, v->kreise, v->n_kreise));
    tv *models = tv_new_map_in(a);
    for (int l = 0; l < LEVEL_COUNT; l++)
        if (v->model_rows[l]) tv_map_set(models, level_name((level)l), rows_tv(a, v->model_rows[l], v->n_model_rows[l]));
    tv_map_set(m, "model", models);
    /* The model of every level in table groups (the method page). */
    tv *levels = tv_new_list_in(a);
    for (int l = 0; l < LEVEL_COUNT; l++) {
        if (!v->model_rows[l] || v->n_model_rows[l] == 0) continue;
        tv *lm = tv_new_map_in(a);
        tv_set_str(lm, "level", level_name((level)l));
        tv_set_str(lm, "level_plural_de", level_plural_de((level)l));
        tv_set_str(lm, "index_name", v->model_rows[l][0].name);
        const tv *rows = tv_map_get(models, level_name((level)l));
        tv_map_set(lm, "row_groups", row_groups_tv(a, rows, v->model_rows[l], v->n_model_rows[l]));
        tv_list_push(levels, lm);
    }
    tv_map_set(m, "levels", levels);
    tv_map_set(m, "method", method_tv(a, &v->method, v->model_rows[LEVEL_LAND],
                                      v->n_model_rows[LEVEL_LAND]));
    tv_set_bool(m, "has_kreise", v->n_kreise > 0);
    tv_map_set(m, "groups", kreise_groups_tv(a, v));
    buf cnt = BUF_INIT;
    fmt_de_int(&cnt, (long long)v->n_kreise);
    tv_set_str(m, "n_kreise_de", buf_cstr(&cnt));
    buf_free(&cnt);
    /* The findings of the Gesamtbericht. */
    static const char *const group_keys[VIEW_GROUP_COUNT] = {"flaechen", "stadt", "all"};
    tv *lgs = tv_new_map_in(a);
    for (int g = 0; g < VIEW_GROUP_COUNT; g++) {
        const view_land_group *lg = &v->groups[g];
        tv *gm = tv_new_map_in(a);
        buf nb = BUF_INIT;
        fmt_de_int(&nb, (long long)lg->n);
        tv_set_str(gm, "n_de", buf_cstr(&nb));
        buf_free(&nb);
        tv_set_bool(gm, "many", lg->n > 1);
        tv_set_str(gm, "average_de", lg->average_de);
        tv_set_str(gm, "change_de", lg->change_de);
        tv_set_bool(gm, "has_change", !isnan(lg->change));
        tv_set_str(gm, "best", lg->best);
        tv_set_str(gm, "best_score_de", lg->best_score_de);
        tv_map_set(lgs, group_keys[g], gm);
    }
    tv_map_set(m, "land_groups", lgs);
    tv_set_bool(m, "has_land_groups",
             v->groups[VIEW_GROUP_FLAECHEN].n > 0 && v->groups[VIEW_GROUP_STADT].n > 0);
    tv_set_str(m, "average_change_de", v->groups[VIEW_GROUP_ALL].change_de);
    tv_set_str(m, "average_change_size_de", v->groups[VIEW_GROUP_ALL].change_size_de);
    tv_set_bool(m, "average_change_up", v->groups[VIEW_GROUP_ALL].change > 0);
    tv_set_bool(m, "average_change_down", v->groups[VIEW_GROUP_ALL].change < 0);
    tv_set_bool(m, "has_movers", v->mover_up != SIZE_MAX && v->mover_down != SIZE_MAX &&
                                  v->mover_up != v->mover_down);
    if (v->mover_up != SIZE_MAX && v->mover_down != SIZE_MAX) {
        tv_set_str(m, "mover_up_name", v->laender[v->mover_up].name);
        tv_set_str(m, "mover_up_change_de", v->laender[v->mover_up].change_de);
        tv_set_str(m, "mover_down_name", v->laender[v->mover_down].name);
        tv_set_str(m, "mover_down_change_de", v->laender[v->mover_down].change_de);
    }
    size_t last_kreis = v->n_kreise;
    while (last_kreis > 0 && isnan(v->kreise[last_kreis - 1].score)) last_kreis--;
    tv_set_bool(m, "has_kreis_ends", last_kreis > 1);
    if (last_kreis > 2 * VIEW_KREISE_SHOWN + 2) {
        buf more = BUF_INIT;
        fmt_de_int(&more, (long long)(last_kreis - 2 * VIEW_KREISE_SHOWN));
        tv_set_str(m, "kreise_more_de", buf_cstr(&more));
        buf_free(&more);
    }
    if (last_kreis > 1) {
        tv_set_str(m, "kreis_best_name", v->kreise[0].name);
        tv_set_str(m, "kreis_best_subject", v->kreise_subject[0]);
        tv_set_str(m, "kreis_best_land", v->kreise_land[0]);
        tv_set_str(m, "kreis_best_score_de", v->kreise[0].score_de);
        tv_set_str(m, "kreis_last_name", v->kreise[last_kreis - 1].name);
        tv_set_str(m, "kreis_last_subject", v->kreise_subject[last_kreis - 1]);
        tv_set_str(m, "kreis_last_land", v->kreise_land[last_kreis - 1]);
        tv_set_str(m, "kreis_last_score_de", v->kreise[last_kreis - 1].score_de);
    }
    tv_map_set(m, "method_change", method_change_tv(a, &v->method_change));
    tv_set_bool(m, "series_break", v->series_break);
    if (v->n_laender > 0) {
        tv_set_str(m, "leader_name", v->laender[0].name);
        tv_set_str(m, "leader_score_de", v->laender[0].score_de);
        tv_set_str(m, "last_name", v->laender[v->n_laender - 1].name);
        tv_set_str(m, "last_score_de", v->laender[v->n_laender - 1].score_de);
    }
    tv_map_set(m, "sentences", sentences_tv(a, v->sentences, v->n_sentences));
    return m;
}
