/* view_tv: view model → template context (see view_tv.h). */
#include "view_tv.h"

#include "buf.h"

#include <math.h>
#include <stdlib.h>

static void set_str(tv *m, const char *k, const char *s)
{
    tv_map_set(m, k, tv_new_string(s ? s : ""));
}

static void set_bool(tv *m, const char *k, bool b)
{
    tv_map_set(m, k, tv_new_bool(b));
}

static void set_num(tv *m, const char *k, double x)
{
    tv_map_set(m, k, isnan(x) ? tv_new_null() : tv_new_number(x));
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

static tv *edition_tv(const view_edition *e)
{
    tv *m = tv_new_map();
    tv_map_set(m, "year", tv_new_number(e->year));
    if (e->previous_year)
        tv_map_set(m, "previous_year", tv_new_number(e->previous_year));
    else
        tv_map_set(m, "previous_year", tv_new_null());
    set_str(m, "title", e->title);
    set_str(m, "edition_de", e->edition_de);
    set_str(m, "published_de", e->published_de);
    set_str(m, "generated_de", e->generated_de);
    set_bool(m, "sample", e->sample);
    set_str(m, "sample_notice", e->sample_notice);
    set_str(m, "index_name", e->index_name);
    return m;
}

static tv *rank_list_tv(const view_rank_entry *list, size_t n)
{
    tv *l = tv_new_list();
    for (size_t i = 0; i < n; i++) {
        const view_rank_entry *e = &list[i];
        tv *m = tv_new_map();
        set_str(m, "ags", e->ags);
        set_str(m, "name", e->name);
        set_str(m, "slug", e->slug);
        set_str(m, "score_de", e->score_de);
        set_str(m, "rank_de", e->rank_de);
        set_str(m, "change_de", e->change_de);
        set_num(m, "score", e->score);
        set_bool(m, "highlight", e->highlight);
        set_bool(m, "first", i == 0);
        set_bool(m, "last", i + 1 == n);
        tv_list_push(l, m);
    }
    return l;
}

static tv *rows_tv(const view_row *rows, size_t n)
{
    tv *l = tv_new_list();
    for (size_t i = 0; i < n; i++) {
        const view_row *r = &rows[i];
        tv *rm = tv_new_map();
        set_str(rm, "id", r->id);
        set_str(rm, "name", r->name);
        tv_map_set(rm, "depth", tv_new_number(r->depth));
        set_bool(rm, "indicator", r->indicator);
        set_bool(rm, "index", r->depth == 0);
        set_bool(rm, "topic_field", r->depth == 1 && !r->indicator);
        set_bool(rm, "aspect", r->depth >= 2 && !r->indicator);
        set_str(rm, "raw_de", r->raw_de);
        set_str(rm, "unit", r->unit);
        set_str(rm, "score_de", r->score_de);
        set_str(rm, "rank_de", r->rank_de);
        set_str(rm, "average_de", r->average_de);
        set_str(rm, "change_de", r->change_de);
        set_str(rm, "source", r->source);
        set_str(rm, "url", r->url);
        set_str(rm, "weight_de", r->weight_de);
        set_str(rm, "method_de", r->method_de);
        set_bool(rm, "leading", r->standing == STANDING_LEADING);
        set_bool(rm, "trailing", r->standing == STANDING_TRAILING);
        tv_list_push(l, rm);
    }
    return l;
}

static tv *standing_tv(const view_standing *s, size_t n, char **joined)
{
    tv *l = tv_new_list();
    const char **names = xcalloc(n ? n : 1, sizeof *names);
    char **parts = xcalloc(n ? n : 1, sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        tv *m = tv_new_map();
        set_str(m, "id", s[i].id);
        set_str(m, "name", s[i].name);
        set_str(m, "rank_de", s[i].rank_de);
        set_bool(m, "topic_field", s[i].depth == 1);
        tv_list_push(l, m);
        parts[i] = xasprintf("„%s“ (%s)", s[i].name, s[i].rank_de);
        names[i] = parts[i];
    }
    *joined = view_join_de(names, n);
    for (size_t i = 0; i < n; i++) free(parts[i]);
    free(parts);
    free(names);
    return l;
}

static tv *sentences_tv(char *const *s, size_t n)
{
    tv *l = tv_new_list();
    for (size_t i = 0; i < n; i++) tv_list_push(l, tv_new_string(s[i]));
    return l;
}

tv *view_briefing_to_tv(const view_briefing *v)
{
    tv *m = tv_new_map();
    tv_map_set(m, "ed", edition_tv(&v->ed));
    set_str(m, "level", level_name(v->level));
    set_str(m, "level_de", v->level_de);
    set_str(m, "level_plural_de", v->level_plural_de);
    set_str(m, "level_plural_dat_de", v->level_plural_dat_de);
    set_bool(m, "is_land", v->level == LEVEL_LAND);
    set_bool(m, "is_kreis", v->level == LEVEL_KREIS);
    set_bool(m, "is_gemeinde", v->level == LEVEL_GEMEINDE);
    set_str(m, "ags", v->ags);
    set_str(m, "name", v->name);
    set_str(m, "slug", v->slug);
    set_str(m, "file_stem", v->file_stem);
    set_str(m, "kind_de", v->kind_de);
    set_str(m, "population_de", v->population_de);
    set_str(m, "land_ags", v->land_ags);
    set_str(m, "land_name", v->land_name);
    set_str(m, "land_file_stem", v->land_file_stem);
    set_str(m, "subject_de", v->gram.subject);
    set_str(m, "subject_start_de", v->gram.subject_start);
    set_str(m, "dative_de", v->gram.dative);
    set_str(m, "in_de", v->gram.in);
    set_str(m, "article", v->gram.article);
    set_bool(m, "masculine", v->gram.gender == GENDER_MASCULINE);
    set_bool(m, "feminine", v->gram.gender == GENDER_FEMININE);
    set_bool(m, "neuter", v->gram.gender == GENDER_NEUTER);
    set_str(m, "kind_line_de", v->kind_line_de);
    set_str(m, "land_in_de", v->land_in_de);

    set_num(m, "index_score", v->index_score);
    set_str(m, "index_score_de", v->index_score_de);
    set_str(m, "index_rank_de", v->index_rank_de);
    tv_map_set(m, "index_rank", v->index_rank ? tv_new_number(v->index_rank) : tv_new_null());
    tv_map_set(m, "index_n_ranked", tv_new_number(v->index_n_ranked));
    set_str(m, "index_average_de", v->index_average_de);
    set_str(m, "average_label_de", v->average_label_de);
    set_str(m, "index_change_de", v->index_change_de);
    set_str(m, "rank_change_de", v->rank_change_de);
    set_str(m, "index_change_abs_de", v->index_change_abs_de);
    set_str(m, "rank_change_abs_de", v->rank_change_abs_de);
    bool has_score = !isnan(v->index_score);
    set_bool(m, "has_score", has_score);
    set_bool(m, "above_average", has_score && v->index_score > v->index_average);
    set_bool(m, "below_average", has_score && v->index_score < v->index_average);
    bool change = v->has_change && !isnan(v->index_change);
    set_bool(m, "has_change", change);
    set_bool(m, "improved", change && v->index_change > 0);
    set_bool(m, "declined", change && v->index_change < 0);
    set_bool(m, "rank_improved", change && v->index_rank_change > 0);
    set_bool(m, "rank_declined", change && v->index_rank_change < 0);
    set_bool(m, "rank_unchanged", change && v->index_rank_change == 0);
    set_bool(m, "first_place", v->index_rank == 1);
    set_bool(m, "many_ranked", v->index_n_ranked > 1);
    if (v->index_rank > 1) tv_map_set(m, "next_rank", tv_new_number(v->index_rank - 1));
    if (change && v->index_rank > 0 && v->index_rank_change != 0)
        tv_map_set(m, "previous_rank", tv_new_number(v->index_rank + v->index_rank_change));

    tv *topics = tv_new_list();
    for (size_t i = 0; i < v->n_topics; i++) {
        const view_topic *t = &v->topics[i];
        tv *tm = tv_new_map();
        set_str(tm, "id", t->id);
        set_str(tm, "name", t->name);
        set_str(tm, "score_de", t->score_de);
        set_str(tm, "average_de", t->average_de);
        set_str(tm, "change_de", t->change_de);
        set_str(tm, "rank_de", t->rank_de);
        set_str(tm, "previous_de", t->previous_de);
        set_num(tm, "score", t->score);
        set_bool(tm, "leading", t->standing == STANDING_LEADING);
        set_bool(tm, "trailing", t->standing == STANDING_TRAILING);
        tv_list_push(topics, tm);
    }
    tv_map_set(m, "topics", topics);
    bool any_previous = false;
    for (size_t i = 0; i < v->n_topics; i++) any_previous |= !isnan(v->topics[i].previous);
    set_bool(m, "has_previous_topics", any_previous);

    tv_map_set(m, "rows", rows_tv(v->rows, v->n_rows));

    char *joined = NULL;
    tv_map_set(m, "strengths", standing_tv(v->strengths, v->n_strengths, &joined));
    set_str(m, "strengths_de", joined);
    free(joined);
    tv_map_set(m, "weaknesses", standing_tv(v->weaknesses, v->n_weaknesses, &joined));
    set_str(m, "weaknesses_de", joined);
    free(joined);
    set_bool(m, "has_strengths", v->n_strengths > 0);
    set_bool(m, "has_weaknesses", v->n_weaknesses > 0);
    set_bool(m, "many_strengths", v->n_strengths > 1);
    set_bool(m, "many_weaknesses", v->n_weaknesses > 1);

    tv_map_set(m, "ranking", rank_list_tv(v->ranking, v->n_ranking));
    set_str(m, "ranking_title_de", v->ranking_title_de);
    set_str(m, "ranking_caption_de", v->ranking_caption_de);
    tv_map_set(m, "children", rank_list_tv(v->children, v->n_children));
    set_bool(m, "has_children", v->n_children > 0);

    tv *sources = tv_new_list();
    for (size_t i = 0; i < v->n_sources; i++) {
        tv *sm = tv_new_map();
        set_str(sm, "text", v->sources[i].text);
        set_str(sm, "url", v->sources[i].url);
        set_str(sm, "indicators", v->sources[i].indicators);
        tv_list_push(sources, sm);
    }
    tv_map_set(m, "sources", sources);
    set_str(m, "rank_interval_de", v->rank_interval_de);
    set_bool(m, "has_decomposition", v->has_decomposition);
    set_bool(m, "series_break", v->series_break);
    set_str(m, "change_method_de", v->change_method_de);
    set_str(m, "change_own_de", v->change_own_de);
    set_str(m, "change_others_de", v->change_others_de);
    static const char *const whatif_keys[2] = {"whatif_average", "whatif_next_rank"};
    for (int k = 0; k < 2; k++) {
        const view_whatif *w = &v->whatif[k];
        tv *wm = tv_new_map();
        set_bool(wm, "found", w->found);
        set_bool(wm, "infeasible", w->infeasible);
        set_bool(wm, "already", w->already);
        set_bool(wm, "rises", w->rises);
        set_str(wm, "indicator", w->indicator);
        set_str(wm, "from_de", w->from_de);
        set_str(wm, "to_de", w->to_de);
        tv_map_set(m, whatif_keys[k], wm);
    }
    set_bool(m, "restated", v->restated);
    set_str(m, "previous_restated_de", v->previous_restated_de);
    set_str(m, "previous_published_de", v->previous_published_de);
    tv_map_set(m, "sentences", sentences_tv(v->sentences, v->n_sentences));
    return m;
}

tv *view_overview_to_tv(const view_overview *v)
{
    tv *m = tv_new_map();
    tv_map_set(m, "ed", edition_tv(&v->ed));
    tv_map_set(m, "laender", rank_list_tv(v->laender, v->n_laender));
    tv_map_set(m, "n_laender", tv_new_number((double)v->n_laender));
    set_str(m, "average_de", v->average_de);
    tv *topics = tv_new_list();
    for (size_t k = 0; k < v->n_topics; k++) {
        tv *tm = tv_new_map();
        set_str(tm, "id", v->topics[k].id);
        set_str(tm, "name", v->topics[k].name);
        set_str(tm, "average_de", v->topics[k].average_de);
        tv_map_set(tm, "ranking", rank_list_tv(v->topics[k].ranking, v->topics[k].n_ranking));
        tv_list_push(topics, tm);
    }
    tv_map_set(m, "topics", topics);
    static const char *const small[] = {"null", "ein", "zwei", "drei", "vier", "fünf", "sechs",
                                        "sieben", "acht", "neun", "zehn", "elf", "zwölf"};
    if (v->n_topics < sizeof small / sizeof small[0])
        set_str(m, "topics_count_de", small[v->n_topics]);
    else
        tv_map_set(m, "topics_count_de", tv_new_number((double)v->n_topics));
    const char **names = xcalloc(v->n_topics ? v->n_topics : 1, sizeof *names);
    for (size_t k = 0; k < v->n_topics; k++) names[k] = v->topics[k].name;
    char *joined = view_join_de(names, v->n_topics);
    set_str(m, "topic_names_de", joined);
    free(joined);
    free(names);
    tv_map_set(m, "kreise", rank_list_tv(v->kreise, v->n_kreise));
    tv *models = tv_new_map();
    for (int l = 0; l < LEVEL_COUNT; l++)
        if (v->model_rows[l]) tv_map_set(models, level_name((level)l), rows_tv(v->model_rows[l], v->n_model_rows[l]));
    tv_map_set(m, "model", models);
    set_bool(m, "has_kreise", v->n_kreise > 0);
    if (v->n_laender > 0) {
        set_str(m, "leader_name", v->laender[0].name);
        set_str(m, "leader_score_de", v->laender[0].score_de);
        set_str(m, "last_name", v->laender[v->n_laender - 1].name);
        set_str(m, "last_score_de", v->laender[v->n_laender - 1].score_de);
    }
    tv_map_set(m, "sentences", sentences_tv(v->sentences, v->n_sentences));
    return m;
}
