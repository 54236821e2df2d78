/* view: one plain data structure per briefing, read by every renderer.
 *
 * The view model is the one source of what a briefing says. It is built in
 * one call per region (and one for the overview) from the scores and the
 * analyses, with its sentences and texts rendered from the wording templates
 * (templates/wording/), and it is never changed afterwards: the builders
 * return const pointers. The PDF, HTML, CSV and chart renderers only read
 * it, so a number is computed and formatted once and every output agrees.
 *
 * Beside every display string the view keeps the typed fact it shows
 * (scores as doubles, the normalisation method as an enum, direction, pooled
 * or not), so no renderer ever parses German. German words come from the
 * templates (view_texts) or, for formatted numbers, from the view builder.
 *
 * Ownership: everything reachable from a view_briefing / view_overview is
 * owned by it and freed by view_briefing_free / view_overview_free. The
 * numeric fields (double, NAN = missing) are for charts; the *_de strings are
 * ready to print ("57,1", "Rang 3 von 16", "+2,3", "–" when missing). */
#ifndef DIGINDEX_VIEW_H
#define DIGINDEX_VIEW_H

#include "diag.h"
#include "grammar.h"
#include "model.h"
#include "scores.h"
#include "tvalue.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What every page of an edition shares. */
typedef struct view_edition {
    int year;
    int previous_year;          /* 0 = none */
    char *title;                /* "Digitalindex Deutschland 2025" */
    char *edition_de;           /* "Ausgabe 2025" */
    char *published_de;         /* "30. Juni 2025" */
    char *generated_de;         /* date of the build: SOURCE_DATE_EPOCH, else the published date */
    bool sample;                /* status "sample": show the Beispieldaten notice */
    char *sample_notice;        /* German notice text, "" when official */
    char *index_name;           /* root node name of the level, e.g. "Deutschland-Index" */
    char *series_de;            /* the title without its year: "Digitalindex Deutschland",
                                   so "…, Ausgabe 2025" never repeats the year */
    char *source_de;            /* "Quelle: Digitalindex Deutschland, Ausgabe 2025" */
} view_edition;

/* A topic field (child of the root): the radar, bars and change charts. */
/* Why a node has no change against the previous edition (the texts say it:
 * "neu in 2025", "keine Werte 2023", …). */
typedef enum view_missing {
    MISSING_NONE,      /* there is a change, or no previous edition */
    MISSING_NEW,       /* the node is new in this edition */
    MISSING_PREVIOUS,  /* no value in the previous edition */
    MISSING_CURRENT,   /* no value in this edition */
    MISSING_BOTH       /* no value in either */
} view_missing;

typedef struct view_topic {
    char *id;
    char *name;
    double score, average, previous, change; /* NAN = missing */
    int rank, n_ranked;                      /* 0 = none */
    int standing;                            /* enum standing */
    char *score_de, *average_de, *change_de, *rank_de; /* "57,1" "54,2" "+2,3" "Rang 3 von 16" */
    char *previous_de;                       /* previous edition's score, "–" when none */
    char *weight_de;                         /* share of the index weight: "25 %" */
    int previous_rank;                       /* rank in the previous edition; 0 = none */
    int rank_change;                         /* previous − current: + = up; 0 also when unknown */
    char *previous_rank_de;                  /* "14", "" when none */
    view_missing change_missing;             /* why there is no change (texts
                                                topic_change_missing) */
} view_topic;

/* One row of the full data table: the index, topic fields, aspects, indicators. */
typedef struct view_row {
    char *id;
    char *name;
    int depth;                  /* 0 index, 1 topic field, 2 aspect, 3+ indicator or deeper */
    bool indicator;
    char *raw_de;               /* indicators: "95,3 % der Haushalte"; else "" */
    double raw;                 /* indicators: the raw value; NAN otherwise or missing */
    char *unit;                 /* indicators: unit; else "" */
    char *score_de, *rank_de, *average_de, *change_de; /* rank_de: "3" or "–" */
    double score, average, change;
    int rank;
    int standing;
    char *source;               /* indicators: source text; else "" */
    char *url;                  /* indicators: http(s) URL or "" */
    char *weight_de;            /* share of the parent's weight: "25 %" ; root "" */
    char *method_de;            /* indicators: normalisation in words; else "" */
    /* Indicators: the typed facts behind method_de. */
    norm_method norm;           /* NORM_NONE for inner rows */
    bool pooled;                /* min-max over all editions */
    int direction;              /* 1 = higher is better, -1 = lower is better; 0 inner rows */
    double goal_lower, goal_upper; /* goalposts; NAN otherwise */
} view_row;

/* The normalisation of a level's indicators in summary, for the method text. */
typedef struct view_method {
    size_t n_indicators, n_minmax, n_pooled, n_lower;
    const char *lower_example;  /* name of the first lower-is-better indicator; borrowed; NULL */
    int n_ranked;               /* regions of the level with an index score */
    int group_size;             /* leading / trailing group: n_ranked / 4 */
} view_method;

/* German texts of the layouts (headings, labels, captions, method text),
 * rendered once per view from templates/wording/<view>-texts.mustache. Each
 * output line is "key: text"; a key given twice holds both lines, joined by
 * '\n' (bullets, per topic field texts). */
typedef enum view_text_key {
    VT_KICKER,            /* "Kurzbericht · Ausgabe 2025" */
    VT_TITLE,             /* name on page 1 */
    VT_SUBTITLE,          /* "Landkreis in Bayern · 93.125 Einwohner · AGS 09773" */
    VT_RUNNING,           /* running header, left */
    VT_DOC_TITLE, VT_DOC_SUBJECT, VT_DOC_KEYWORDS, /* PDF document information */
    VT_FOOTER,            /* "Digitalindex 2025 · Ausgabe 2025 · Stand: 30. Juni 2025" */
    VT_PAGE, VT_PAGE_OF,  /* "Seite", "von": "Seite 1 von 3" */
    VT_SAMPLE_TAG, VT_SAMPLE_HEADING, VT_SAMPLE_BODY,
    VT_FIG_INDEX_SUB, VT_FIG_RANK_LABEL, VT_FIG_RANK_SUB, VT_FIG_CHANGE_LABEL,
    VT_FIG_CHANGE_VALUE, VT_FIG_CHANGE_SUB, VT_FIG_AVERAGE_SUB,
    VT_FIG_AVERAGE_LABEL, VT_FIG_AVERAGE_VALUE, /* the Ø box: the comparison group's Ø
                                                   when there is one, else the level's */
    VT_HEADING_HIGHLIGHTS, VT_HIGHS_HEAD, VT_LOWS_HEAD, /* strengths and weaknesses in numbers */
    VT_HIGH, VT_LOW,      /* one line per view_highlight: "Glasfaser: 38,9 % … (Ø Länder 52,5 %)" */
    VT_HIGHLIGHTS_NOTE,   /* how they are chosen */
    VT_TOPIC_LABEL,       /* one line per topic field: name and weight (bars chart) */
    VT_TOPIC_RANK,        /* one line per topic field: "Rang 15 von 16 (2023: 14)" */
    VT_HEADING_TOPICS, VT_COL_TOPIC, VT_COL_WEIGHT, /* the topic fields on page 1 */
    VT_HEADING_GLANCE, VT_HEADING_PROFILE, VT_HEADING_BARS, VT_HEADING_CHANGE,
    VT_HEADING_RANKING, VT_HEADING_CHILDREN, VT_HEADING_TABLE, VT_HEADING_SOURCES,
    VT_HEADING_METHOD, VT_HEADING_CONTENTS, VT_HEADING_LAENDER, VT_HEADING_INTERVALS,
    VT_CHART_RADAR, VT_CHART_BARS, VT_CHART_CHANGE, VT_CHART_RANKING, VT_CHART_MAP,
    VT_CHART_RADAR_PREVIOUS, VT_CHART_CHANGE_CAPTION,
    VT_CHART_RADAR_NOTE,  /* under the radar: how the axes are weighted */
    VT_CHART_SOURCE,      /* chart files: "Quelle: Digitalindex Deutschland, Ausgabe 2025" */
    VT_CHART_INTERVALS, VT_CHART_INTERVALS_CAPTION,
    VT_CAUSES_LEAD, VT_CAUSES_ROW, VT_CAUSES_OWN, VT_CAUSES_OTHERS, VT_CAUSES_METHOD,
    VT_CAUSES_TOTAL,
    VT_COL_ID, VT_COL_NAME, VT_COL_VALUE, VT_COL_SCORE, VT_COL_RANK, VT_COL_CHANGE,
    VT_COL_CHANGE_SINCE, VT_COL_REGION, VT_COL_CHILD, VT_TABLE_NOTE,
    VT_CHILDREN_GAP,      /* the row between the first and last Gemeinden of a long list */
    /* Gesamtbericht: groups of Länder, topic fields and weights (with
     * VT_HEADING_TOPICS, VT_COL_TOPIC, VT_COL_WEIGHT above), Kreise. */
    VT_HEADING_GROUPS, VT_INTRO_GROUPS, VT_COL_GROUP, VT_COL_COUNT, VT_COL_AVERAGE,
    VT_COL_AVG_CHANGE, VT_COL_BEST, VT_GROUP_FLAECHEN, VT_GROUP_STADT, VT_GROUP_ALL,
    VT_INTRO_TOPICS, VT_COL_INDICATORS, VT_HEADING_KREISE, VT_INTRO_KREISE, VT_COL_KREIS,
    VT_COL_LAND, VT_CHART_MAP_KREISE, VT_KREISE_GAP,
    VT_SOURCES_INDICATORS, /* "Indikatoren:" */
    VT_METHOD,            /* bullets, one per line */
    VT_INTRO_LAENDER, VT_INTRO_INTERVALS,
    VT_TOPIC_HEADING, VT_TOPIC_INTRO, /* overview: one line per topic field */
    VT_CITATION,          /* the suggested citation (site, zitiervorschlag.txt) */
    VT_PAGE_KREISE, VT_PAGE_GEMEINDEN, VT_PAGE_METHOD, VT_PAGE_SOURCES, /* site page titles */
    VT_IMPRINT,           /* publisher, contact, licence (theme): the last line */
    /* The charts' own words (chart_words) and the lead sentence of each
     * chart's text description (its data follow, item by item). */
    VT_CHART_NO_DATA, VT_CHART_CLASS_BELOW, VT_CHART_CLASS_TO, VT_CHART_RANK, VT_CHART_OF,
    VT_CHART_HIGHLIGHTED, VT_CHART_NO_COMPARISON,
    VT_CHART_RADAR_DESC, VT_CHART_BARS_DESC, VT_CHART_CHANGE_DESC, VT_CHART_RANKING_DESC,
    VT_CHART_MAP_DESC, VT_CHART_INTERVALS_DESC,
    VT_CHART_MAP_PARTS,   /* the briefing's second map: its Kreise or Gemeinden */
    VT_INDEX_CHANGE_MISSING, /* why the index has no change ("keine Werte 2023"); "" */
    VT_TOPIC_CHANGE_MISSING, /* one line per topic field: why it has no change; "" */
    VT_COUNT
} view_text_key;

typedef struct view_texts {
    char *text[VT_COUNT];       /* owned; lines joined by '\n'; NULL = not given */
    char **lines[VT_COUNT];     /* owned; the same, one entry per line */
    size_t n_lines[VT_COUNT];
} view_texts;

/* The text for key k ("" when the template gave none); t may be NULL. */
const char *view_text(const view_texts *t, view_text_key k);
/* Line i of a text that holds several (bullets, per topic field); "" past
 * the end. Borrowed. */
const char *view_text_line(const view_texts *t, view_text_key k, size_t i);
size_t view_text_count(const view_texts *t, view_text_key k);
/* Template name of a key ("kicker", "heading_profile", ...). */
const char *view_text_name(view_text_key k);

/* One entry of a ranking list (sorted by rank, missing last). Its six
 * strings share one allocation that starts at `ags`; the list's owner frees
 * them with it (view_rank_list_free, or the view's own free). */
typedef struct view_rank_entry {
    char *ags;
    char *name;
    char *file_stem;            /* "<ags>-<slug>", as view_briefing.file_stem */
    double score;
    int rank;
    char *score_de, *rank_de, *change_de;
    double change;
    bool highlight;
} view_rank_entry;

/* A strength or weakness: a topic field or aspect in the leading or trailing group. */
typedef struct view_standing {
    char *id, *name;
    int depth;
    int rank, n_ranked;
    char *rank_de;              /* "Rang 2 von 16" */
    int previous_rank;          /* rank in the previous edition; 0 = none */
} view_standing;

typedef struct view_source {
    char *text;
    char *url;                  /* "" when none */
    char *indicators;           /* "I01, I02" */
} view_source;

/* One Land's index score, for the map of the Länder (CHART_MAP). */
typedef struct view_land_score {
    char *ags;
    double score;               /* NAN = none */
    char *score_de;             /* "57,1" */
} view_land_score;

/* "What it would take": one indicator's value that would lift the region
 * to the Ø (or the next rank), all else equal; only values some region has
 * reached (gen/whatif.h): "von 0,9 % auf 3,1 % der Beschäftigten"; to_de
 * is rounded in the better direction, so the printed value suffices. */
typedef struct view_whatif {
    bool found;                 /* one indicator suffices: the fields below are set */
    bool infeasible;            /* no single indicator suffices */
    bool already;               /* the target is reached already */
    bool rises;                 /* the value has to rise (higher is better) */
    char *indicator;            /* "ITK-Beschäftigte"; "" unless found */
    char *from_de, *to_de;      /* "0,9 %", "3,1 % der Beschäftigten" (to_de with
                                   the unit, from_de with "%" only); "" unless found */
    double from, to;            /* raw values; NAN unless found */
} view_whatif;
/* A strength or weakness in raw values, as EU country reports give them:
 * "Glasfaser: 38,9 % der Haushalte, Ø Länder 52,5 %". Chosen by the rule in
 * docs/method.md ("Stärken und Schwächen in Zahlen"): the indicators whose
 * score, weighted with their share of the index, lies furthest above (below)
 * the Ø of the level, at least 5 points apart, at most 3 each. */
typedef struct view_highlight {
    char *id, *name;
    double raw, average;        /* raw value; Ø raw value of the level */
    double score, score_average;/* 0–100 scores behind the choice */
    double weight;              /* share of the index weight (0–1) */
    bool lower_is_better;       /* direction −1: less is better (Funklöcher) */
    char *raw_de;               /* "38,9 % der Haushalte", "238 Leistungen" */
    char *average_de;           /* "52,5 %", "250 Leistungen" */
} view_highlight;

/* What changed in the model of the briefing's level since the previous
 * edition (compare.h model_diff): the facts behind "Reihenbruch". Names as
 * in the model; only nodes whose own setting changed (a sibling's new share
 * that merely follows from an added indicator is not listed). */
typedef struct view_reweight {
    char *name;
    char *parent;               /* name of the node it is weighted in */
    char *from_de, *to_de;      /* share of the parent: "33,3 %", "40 %" */
} view_reweight;

typedef struct view_method_change {
    char **added, **removed;    /* names of added / removed nodes */
    size_t n_added, n_removed;
    view_reweight *reweighted;
    size_t n_reweighted;
    char **recomputed;          /* normalisation, direction, aggregation, derivation,
                                   unit or place in the tree changed */
    size_t n_recomputed;
} view_method_change;

/* One region on a map: AGS, name and index score. */
typedef struct view_map_region {
    char *ags, *name;
    double score;               /* NAN = none */
    char *score_de;             /* "57,1" or "–" */
} view_map_region;

/* A map of regions of one level (CHART_MAP, CHART_MAP_PARTS): n = 0 when
 * the briefing has none. */
typedef struct view_map {
    level level;                /* of the regions shown */
    view_map_region *regions;   /* AGS order */
    size_t n;
    char *highlight;            /* AGS outlined (the briefing's region) or "" */
    char *title_de;             /* "Kreise in Mecklenburg-Vorpommern" or "" (context
                                   map_peers_de / map_parts_de; the chart titles
                                   chart_map, chart_map_parts are texts) */
    char *index_name;           /* the level's index, the legend title */
} view_map;

typedef struct view_briefing {
    view_edition ed;            /* owned copy */
    level level;
    char *level_de;             /* "Land", "Kreis", "Gemeinde" */
    char *level_plural_de;      /* "Länder", … */
    char *level_plural_dat_de;  /* dative plural: "Ländern", "Kreisen", "Gemeinden" */
    char *ags, *name, *slug;    /* slug: ASCII, e.g. "baden-wuerttemberg" */
    char *file_stem;            /* "<ags>-<slug>", the stable file name of every output */
    char *kind_de;              /* "Flächenland", "Stadtstaat", "kreisfreie Stadt", "Landkreis", "" */
    char *population_de;        /* "13.369.393 Einwohner (31.12.2022)" or "" */
    char *land_ags, *land_name, *land_file_stem; /* Kreise and Gemeinden: their Land; else "" */
    char *kreis_name, *kreis_file_stem; /* Gemeinden: their Kreis; else "" */
    /* How the name is used in a sentence (grammar.h): "Der Wartburgkreis",
     * "im Saarland". kind_line_de: the line under the title, "Landkreis in
     * Thüringen", "kreisfreie Stadt im Land Bremen", "Stadtstaat". */
    region_grammar gram;
    char *kind_line_de;
    char *land_in_de;           /* "in Thüringen", "im Saarland"; "" for a Land */

    /* Key figures. */
    double index_score, index_average, index_change;
    int index_rank, index_n_ranked, index_rank_change; /* rank change: + = up */
    bool has_change;
    char *index_score_de;       /* "57,1" */
    char *index_rank_de;        /* "Rang 3 von 16" */
    char *index_rank_num_de;    /* "3", "10.790", "–" */
    char *index_n_ranked_de;    /* "16", "10.790" */
    char *index_change_num_de;  /* "+2,3" or "–" */
    char *index_average_de;     /* "53,5" */
    char *average_label_de;     /* "Ø Länder" / "Ø Kreise" */
    char *index_change_de;      /* "+2,3 Punkte" or "–" */
    char *index_change_abs_de;  /* "2,3 Punkte" (no sign, for sentences) or "" */
    int index_previous_rank;    /* rank in the previous edition; 0 = none */
    view_missing index_change_missing; /* why the index has no change (texts
                                          index_change_missing) */
    /* What the key figures are set against: the Ø change of the level's
     * index (a region that moved with the field is no success) and the Ø
     * of the comparison group that matters (Flächenländer or Stadtstaaten
     * for a Land, the Land's Kreise for a Kreis, the Kreis' Gemeinden for a
     * Gemeinde; none when that group has fewer than 3 regions with a score). */
    double average_change;      /* NAN = none */
    char *average_change_de;    /* "+17,1"; "" when none */
    int change_vs_average;      /* +1 / −1: the change is at least 1 point above /
                                   below the Ø change; 0 about the same or no change */
    double group_average;       /* NAN = no group */
    char *group_average_de;     /* "49,2"; "" */
    char *group_name_de;        /* "Flächenländer", "Kreise in Thüringen"; "" */
    char *group_label_de;       /* "Ø Flächenländer", "Ø Kreise in Thüringen"; "" */
    view_highlight *highs, *lows; /* strengths, weaknesses in raw values */
    size_t n_highs, n_lows;
    view_method_change method_change; /* empty without a previous edition */

    view_topic *topics;
    size_t n_topics;
    view_row *rows;             /* pre-order: index, topic fields, aspects, indicators */
    size_t n_rows;
    view_standing *strengths, *weaknesses;
    size_t n_strengths, n_weaknesses;

    /* Ranking: all Länder, or the Kreise of the region's Land. */
    view_rank_entry *ranking;
    size_t n_ranking;
    size_t ranking_highlight;   /* index into ranking */
    char *ranking_title_de;     /* "Alle Länder" / "Kreise in Bayern" */
    char *ranking_caption_de;   /* Kreise: "Platz 57 von 400 Kreisen bundesweit"; else "" */

    /* Lower level regions listed on the page (a Kreis's Gemeinden); may be 0. */
    view_rank_entry *children;
    size_t n_children;

    view_source *sources;
    size_t n_sources;

    /* Analyses beyond the scores ("" / false when not computed): rank
     * uncertainty, the change split into its causes, and what it would take
     * to reach the average or the next rank. */
    char *rank_interval_de;     /* rank under other plausible weights (5–95 % of the
                                   variants): "Rang 12 bis 14", "Rang 13"; "" = none */
    bool has_decomposition;     /* the change splits into method, own data, others' data */
    bool series_break;          /* the model changed: the change is not like for like */
    double change_method, change_own, change_others;
    char *change_method_de, *change_own_de, *change_others_de; /* "+1,2" */
    view_whatif whatif[2];      /* [0] to the Ø of the level, [1] to the next rank */
    /* The previous edition as published vs. as scored today (the change
     * uses today's): set by view_build (view_analyses.published) when the two differ
     * to the digit shown; "" and false otherwise. */
    bool restated;
    char *previous_restated_de; /* "44,1": the previous index, today's data and model */
    char *previous_published_de;/* "44,3": as published */

    /* German sentences for page 1, from the wording templates (wording.c). */
    char **sentences;
    size_t n_sentences;
    view_method method;         /* the level's normalisation in summary */
    view_texts texts;           /* headings, labels, captions (templates) */
    tv *context;                /* the template context of all the above (view_tv.h) */

    /* Map of the Länder (CHART_MAP): every Land's index score in this
     * edition, AGS order, for briefings of every level; 0 entries when the
     * edition models no Länder. laender_index_name names that index (the
     * Land level's root, e.g. "Deutschland-Index"; "" without Länder). */
    view_land_score *laender_scores;
    size_t n_laender_scores;
    char *laender_index_name;

    /* The region among its peers, outlined: all Länder (a Land), its Land's
     * Kreise (a Kreis), its Kreis' Gemeinden (a Gemeinde). */
    view_map map_peers;
    /* The region's own parts: a Land's Kreise, a Kreis' Gemeinden (when the
     * edition models them); n = 0 for a Gemeinde. */
    view_map map_parts;
} view_briefing;

/* The overview (Gesamtbericht, index.html): every Land and every topic field. */
typedef struct view_overview_topic {
    char *id, *name;
    view_rank_entry *ranking;   /* all Länder by this topic field */
    size_t n_ranking;
    char *average_de;
    char *weight_de;            /* share of the index weight: "25 %" */
    size_t n_indicators;        /* indicators below it */
} view_overview_topic;

/* The Gesamtbericht lists the best and the worst this many Kreise (with a
 * row "… N weitere Kreise" between them when more are ranked). */
#define VIEW_KREISE_SHOWN 10

/* A comparison group of Länder in the Gesamtbericht. */
enum { VIEW_GROUP_FLAECHEN, VIEW_GROUP_STADT, VIEW_GROUP_ALL, VIEW_GROUP_COUNT };
typedef struct view_land_group {
    size_t n;                   /* Länder of the group with an index score */
    double average, change;     /* Ø index and Ø change; NAN = none */
    char *average_de, *change_de; /* "53,5", "+17,1" ("–" when none) */
    char *change_size_de;       /* the change without its sign: "17,1" ("–" when none) */
    char *best, *best_score_de; /* its best Land; "" when none */
    char **topic_average_de;    /* n_topics: Ø per topic field ("–" when none) */
} view_land_group;

typedef struct view_overview {
    view_edition ed;
    view_rank_entry *laender;   /* all Länder by index */
    size_t n_laender;
    /* Rank uncertainty of each Land, aligned with `laender` (NULL until
     * view_overview_add_intervals): median, 5 % and 95 % rank; NAN = none. */
    double *interval_median, *interval_lo, *interval_hi;
    char **interval_de;         /* "9 (9–11)" */
    view_overview_topic *topics;
    size_t n_topics;
    view_rank_entry *kreise;    /* all Kreise by index (AGS order kept in kreise_by_ags) */
    size_t n_kreise;
    char *average_de;           /* Ø of the index over the Länder */
    /* Findings of the Gesamtbericht: Flächenländer, Stadtstaaten and all
     * Länder compared; the largest and the smallest change (indexes into
     * laender, SIZE_MAX = none); the Land of every Kreis (aligned with
     * kreise); the sources of the Land level's indicators; what changed in
     * the Land level's model (empty without a previous edition). */
    view_land_group groups[VIEW_GROUP_COUNT];
    size_t mover_up, mover_down;
    char **kreise_land;
    char **kreise_subject;      /* aligned with kreise: "der Landkreis Osnabrück" (grammar.h) */
    view_source *sources;
    size_t n_sources;
    view_method_change method_change;
    bool series_break;
    /* The model of each level for the method page: rows without region
     * values (score_de etc. are "–"; weight_de, method_de, unit, source set). */
    view_row *model_rows[LEVEL_COUNT];
    size_t n_model_rows[LEVEL_COUNT];
    char **sentences;
    size_t n_sentences;
    view_method method;         /* the Land level's normalisation in summary */
    view_texts texts;
    tv *context;
} view_overview;

struct wording;
struct rank_interval;
struct decomposition;
struct whatif_result;
struct level_means;
struct model_diff;

/* The analyses of one level, per row (each may be NULL: not computed):
 * gen/uncertainty.h, gen/compare.h and gen/whatif.h (two results per row:
 * to the average, to the next rank). */
typedef struct view_analyses {
    const struct rank_interval *intervals;
    const struct decomposition *decomp;
    const struct whatif_result *whatif;
    /* The previous edition's index as published (gen/published.h), when it
     * is: the briefing says where today's scoring of it differs. */
    const struct published_level *published;
    /* The level's Ø change and Ø raw values (gen/analyses.h), and the model
     * diff from the previous edition (gen/compare.h; all levels, NULL
     * without a previous edition): what the key figures are set against and
     * what a Reihenbruch consists of. */
    const struct level_means *means;
    const struct model_diff *model;
} view_analyses;

/* What every view of one edition is built from. All borrowed and only read,
 * so one view_input serves every thread of a build. */
typedef struct view_input {
    const dataset *ds;
    const scores *sc;
    int year;
    int64_t generated_epoch;    /* build date; < 0 = the published date */
    const struct wording *words;/* the wording templates (wording_load) */
    const struct theme *theme;  /* templates/theme.json (theme.h); NULL = none */
    view_analyses analyses[LEVEL_COUNT];
} view_input;

/* Builds the complete briefing of region `row` of level lv: key figures,
 * tables, analyses, sentences, texts and the template context. Returns a new
 * view, read-only from now on (free with view_briefing_free); NULL when the
 * edition does not model the level, or after adding an error to d (a broken
 * wording template). */
const view_briefing *view_briefing_build(const view_input *in, level lv, size_t row, diag *d);
void view_briefing_free(const view_briefing *v);

/* The same for the overview (Gesamtbericht, site pages); NULL without a
 * Land level, or after adding an error. */
const view_overview *view_overview_build(const view_input *in, diag *d);
void view_overview_free(const view_overview *v);

/* The words of a score download (downloads/scores-<level>.xlsx): its
 * document properties and the rows of its notes sheet, from
 * wording/download-texts.mustache (context: ed, level_plural_de, theme).
 * Every string is owned by the struct; free with view_download_free. */
typedef struct view_download {
    char *title;                /* document title */
    char *status;               /* document status: "amtlich", "Beispieldaten" */
    char *comments;             /* document comments */
    size_t n_notes;
    char **note_label;          /* "Lizenz" */
    char **note_text;           /* "Punkte, Ränge und Durchschnitte: …" */
} view_download;

/* Fills *out for level lv of edition in->year (in->analyses unused).
 * Returns false after adding an error (a template line without a known
 * key, a note without "Label: "); *out is then empty. Thread-safe. */
bool view_download_build(const view_input *in, level lv, view_download *out, diag *d);
void view_download_free(view_download *dl);

/* Every Gemeinde of the edition by index, for gemeinden.html (built only
 * by builds that render the Gemeinden). Returns a new list of *n entries
 * (NULL, 0 when the edition models none); free with view_rank_list_free. */
view_rank_entry *view_gemeinden_build(const view_input *in, size_t *n);
void view_rank_list_free(view_rank_entry *list, size_t n);

/* The template context of a view (view_tv.h), built once with the view;
 * borrowed, read-only. */
const tv *view_briefing_context(const view_briefing *v);
const tv *view_overview_context(const view_overview *v);

/* Whether url may become a link: http(s), a host, no characters that could
 * break out of an attribute. */
bool view_url_is_safe(const char *url);

/* ASCII slug for file names: lower case, umlauts transliterated (ä → ae,
 * ß → ss), anything else to '-', no leading/trailing/double '-', at most 60
 * characters; never empty ("region"). Returns a new string. */
char *view_slug(const char *name);

#endif
