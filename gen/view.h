/* view: one plain data structure per briefing, read by every renderer.
 *
 * The view model is where numbers become German text. It is built once per
 * region (and once for the overview) from the scores; the PDF, HTML, CSV
 * and chart renderers only read it, so a number is computed and formatted
 * once and every output agrees. Sentences (view_briefing.sentences) are
 * filled from the wording templates by wording.c before rendering.
 *
 * Ownership: everything reachable from a view_briefing / view_overview is
 * owned by it and freed by view_briefing_free / view_overview_free. The
 * numeric fields (double, NAN = missing) are for charts; the *_de strings are
 * ready to print ("57,1", "Rang 3 von 16", "+2,3", "–" when missing). */
#ifndef DIGINDEX_VIEW_H
#define DIGINDEX_VIEW_H

#include "grammar.h"
#include "model.h"
#include "scores.h"

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
} view_edition;

/* A topic field (child of the root): the radar, bars and change charts. */
typedef struct view_topic {
    char *id;
    char *name;
    double score, average, previous, change; /* NAN = missing */
    int rank, n_ranked;                      /* 0 = none */
    int standing;                            /* enum standing */
    char *score_de, *average_de, *change_de, *rank_de; /* "57,1" "54,2" "+2,3" "Rang 3 von 16" */
    char *previous_de;                       /* previous edition's score, "–" when none */
    char *change_missing_de;                 /* why there is no change: which edition
                                                lacks the values ("keine Werte 2026",
                                                "neu in 2026"); "" when there is one */
} view_topic;

/* One row of the full data table: the index, topic fields, aspects, indicators. */
typedef struct view_row {
    char *id;
    char *name;
    int depth;                  /* 0 index, 1 topic field, 2 aspect, 3+ indicator or deeper */
    bool indicator;
    char *raw_de;               /* indicators: "95,3 % der Haushalte"; else "" */
    char *unit;                 /* indicators: unit; else "" */
    char *score_de, *rank_de, *average_de, *change_de; /* rank_de: "3" or "–" */
    double score, average, change;
    int rank;
    int standing;
    char *source;               /* indicators: source text; else "" */
    char *url;                  /* indicators: http(s) URL or "" */
    char *weight_de;            /* share of the parent's weight: "25 %" ; root "" */
    char *method_de;            /* indicators: normalisation in words; else "" */
} view_row;

/* One entry of a ranking list (sorted by rank, missing last). */
typedef struct view_rank_entry {
    char *ags;
    char *name;
    char *slug;
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

typedef struct view_briefing {
    view_edition ed;            /* owned copy */
    level level;
    char *level_de;             /* "Land", "Kreis", "Gemeinde" */
    char *level_plural_de;      /* "Länder", … */
    char *level_plural_dat_de;  /* dative plural: "Ländern", "Kreisen", "Gemeinden" */
    char *ags, *name, *slug;    /* slug: ASCII, e.g. "baden-wuerttemberg" */
    char *file_stem;            /* "<ags>-<slug>", the stable file name of every output */
    char *kind_de;              /* "Flächenland", "Stadtstaat", "kreisfreie Stadt", "Landkreis", "" */
    char *population_de;        /* "13.369.393 Einwohner" or "" */
    char *land_ags, *land_name, *land_file_stem; /* Kreise and Gemeinden: their Land; else "" */
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
    char *index_average_de;     /* "53,5" */
    char *average_label_de;     /* "Ø Länder" / "Ø Kreise" */
    char *index_change_de;      /* "+2,3 Punkte" or "–" */
    char *index_change_abs_de;  /* "2,3 Punkte" (no sign, for sentences) or "" */
    char *rank_change_de;       /* "2 Plätze besser", "unverändert", "1 Platz schlechter", "" */
    char *rank_change_abs_de;   /* "2 Plätze", "1 Platz", "" */
    char *index_change_missing_de; /* no change: which edition lacks the values
                                      ("keine Werte 2023"); "" otherwise */

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

    /* Analyses beyond the scores (view_briefing_add_analysis; "" / false
     * until then): rank uncertainty, the change split into its causes, and
     * what it would take to reach the average or the next rank. */
    char *rank_interval_de;     /* "Rang 3 (2–5)" */
    bool has_decomposition;     /* the change splits into method, own data, others' data */
    bool series_break;          /* the model changed: the change is not like for like */
    double change_method, change_own, change_others;
    char *change_method_de, *change_own_de, *change_others_de; /* "+1,2" */
    view_whatif whatif[2];      /* [0] to the Ø of the level, [1] to the next rank */
    /* The previous edition as published vs. as scored today (the change
     * uses today's): set by view_briefing_add_published when the two differ
     * to the digit shown; "" and false otherwise. */
    bool restated;
    char *previous_restated_de; /* "44,1": the previous index, today's data and model */
    char *previous_published_de;/* "44,3": as published */

    /* German sentences for page 1, from the wording templates (wording.c). */
    char **sentences;
    size_t n_sentences;

    /* Map of the Länder (CHART_MAP): every Land's index score in this
     * edition, AGS order, for briefings of every level; 0 entries when the
     * edition models no Länder. laender_index_name names that index (the
     * Land level's root, e.g. "Deutschland-Index"; "" without Länder). */
    view_land_score *laender_scores;
    size_t n_laender_scores;
    char *laender_index_name;
} view_briefing;

/* The overview (Gesamtbericht, index.html): every Land and every topic field. */
typedef struct view_overview_topic {
    char *id, *name;
    view_rank_entry *ranking;   /* all Länder by this topic field */
    size_t n_ranking;
    char *average_de;
} view_overview_topic;

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
    /* The model of each level for the method page: rows without region
     * values (score_de etc. are "–"; weight_de, method_de, unit, source set). */
    view_row *model_rows[LEVEL_COUNT];
    size_t n_model_rows[LEVEL_COUNT];
    char **sentences;
    size_t n_sentences;
} view_overview;

/* Builds the briefing of region `row` of level lv in edition year. Borrows
 * ds and sc; returns a new view (free with view_briefing_free) or NULL when
 * the edition does not model the level. generated_epoch < 0 = use the
 * published date. */
view_briefing *view_briefing_build(const dataset *ds, const scores *sc, int year, level lv,
                                   size_t row, int64_t generated_epoch);
void view_briefing_free(view_briefing *v);

struct rank_interval;
struct decomposition;
struct whatif_result;
/* Adds the analyses of gen/uncertainty.h, gen/compare.h and gen/whatif.h to
 * a briefing (each may be NULL: left empty). `t` is the level's tree, for
 * indicator names and units; whatif points at two results (to the average,
 * to the next rank). Borrows everything. */
void view_briefing_add_analysis(view_briefing *v, const tree *t, const struct rank_interval *ri,
                                const struct decomposition *dc, const struct whatif_result *whatif);

/* Records the previous edition's index of this region as scored today
 * (`restated`, what the change figures use) and as published; the briefing
 * says "2025 nach heutiger Methode neu berechnet: 44,1; veröffentlicht:
 * 44,3" when they differ to one decimal. */
void view_briefing_add_published(view_briefing *v, double restated, double published);

view_overview *view_overview_build(const dataset *ds, const scores *sc, int year,
                                   int64_t generated_epoch);
void view_overview_free(view_overview *v);
/* Adds the rank intervals of the Länder (per row of the Land level, as
 * uncertainty_ranks computes them). Borrows ds and ri. */
void view_overview_add_intervals(view_overview *v, const dataset *ds,
                                 const struct rank_interval *ri);

/* ASCII slug for file names: lower case, umlauts transliterated (ä → ae,
 * ß → ss), anything else to '-', no leading/trailing/double '-', at most 60
 * characters; never empty ("region"). Returns a new string. */
char *view_slug(const char *name);

#endif
