/* model: the loaded dataset — regions, editions, indicator trees and raw values.
 *
 * This is what the loader produces and every later stage reads. No json_t
 * survives loading: everything is plain C data owned by the `dataset`.
 * All pointers inside a dataset are owned by it and freed by dataset_free. */
#ifndef DIGINDEX_MODEL_H
#define DIGINDEX_MODEL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum level { LEVEL_LAND, LEVEL_KREIS, LEVEL_GEMEINDE, LEVEL_COUNT } level;

/* "land", "kreis", "gemeinde". */
const char *level_name(level lv);
/* Parses a level name; returns false when unknown. */
bool level_parse(const char *name, level *out);
/* Number of AGS digits of a level: 2, 5 or 8. */
size_t level_ags_len(level lv);
/* German plural for texts: "Länder", "Kreise", "Gemeinden". */
const char *level_plural_de(level lv);

typedef enum land_group { GROUP_NONE, GROUP_FLAECHENLAND, GROUP_STADTSTAAT } land_group;

typedef struct region {
    char ags[9];        /* 2, 5 or 8 digits, NUL-terminated */
    char *name;
    level level;
    land_group group;   /* Länder only */
    char *kind;         /* e.g. "kreisfreie Stadt", "Landkreis"; may be NULL */
    double population;  /* NAN when not given */
    char *population_date; /* ISO date of the population figure; NULL when unknown */
    double area_km2;    /* NAN when not given */
    size_t land;        /* index of its Land in dataset.regions; SIZE_MAX for a Land or unknown */
    size_t kreis;       /* index of its Kreis (Gemeinden); SIZE_MAX otherwise */
    size_t row;         /* position within its level (AGS order) */
} region;

typedef enum norm_method { NORM_MINMAX, NORM_ZSCORE, NORM_GOALPOSTS, NORM_NONE } norm_method;

typedef struct normalisation {
    norm_method method;
    bool all_editions;  /* minmax only: pool min and max over every edition */
    double lower, upper;/* goalposts only */
} normalisation;

typedef enum aggregation { AGG_ARITHMETIC, AGG_GEOMETRIC } aggregation;

/* One node of an indicator tree. Nodes live in tree.nodes in pre-order, the
 * root at index 0, so a parent always comes before its children. */
typedef struct node {
    char *id;
    char *name;
    char *description;      /* may be NULL */
    char *path;             /* JSON path in model.json, for messages */
    double weight;          /* relative within the parent; 1 for the root */
    aggregation aggregation;/* how this node combines its children */
    normalisation norm;     /* leaves: the effective normalisation */
    int parent;             /* -1 for the root */
    int *children;          /* owned; indices into tree.nodes */
    int n_children;
    int depth;              /* root 0, topic fields 1, ... */
    /* Leaves (indicators) only: */
    int leaf;               /* column in the raw matrix; -1 for inner nodes */
    char *unit;
    int direction;          /* 1 or -1 */
    char *source;
    char *url;              /* may be NULL */
    bool derived;           /* raw value derived from a lower level's node */
    level derive_level;
    char *derive_node;
    bool derive_population; /* population-weighted (else equal weights) */
} node;

typedef struct tree {
    node *nodes;            /* owned; pre-order */
    int n_nodes;
    int n_leaves;
    int *leaves;            /* owned; node index of each leaf column */
    int *by_id;             /* owned; node indices sorted by id (tree_find) */
} tree;

/* The tree and raw values of one level in one edition. */
typedef struct level_data {
    bool present;           /* the model defines this level */
    tree tree;
    char *values_file;      /* path of values-<level>.json */
    char **values_parts;    /* when that file is absent: values-<level>-*.json, by name */
    size_t n_values_parts;
    /* Raw values, n_regions(level) × n_leaves, row-major, rows in the
     * dataset's AGS order for the level; NAN = missing. Derived leaves stay
     * NAN here; the scores module fills them. */
    double *raw;
} level_data;

typedef struct edition {
    int year;
    char *title;
    int previous_year;      /* 0 when none */
    char *published;        /* ISO date */
    char *status;           /* "sample" or "official" */
    bool sample;
    char *dir;              /* DATA/<year> */
    char *model_file;
    level_data levels[LEVEL_COUNT];
} edition;

typedef struct dataset {
    char *dir;
    char *regions_file;
    char **region_files;    /* regions.json, then every regions-*.json, by name */
    size_t n_region_files;
    bool regions_complete;  /* regions.json loaded without errors: only then
                               is an AGS missing from it worth reporting */
    region *regions;        /* owned, sorted by AGS */
    size_t n_regions;
    /* Per level: indices into regions, in AGS order (a region's row). */
    size_t *level_regions[LEVEL_COUNT];
    size_t n_level_regions[LEVEL_COUNT];
    edition *editions;      /* owned, sorted by year ascending */
    size_t n_editions;
} dataset;

void dataset_free(dataset *ds);

/* Lookups (borrowed results; NULL / -1 when absent). */
const edition *dataset_edition(const dataset *ds, int year);
const edition *dataset_newest_edition(const dataset *ds);
/* Index into ds->regions of the region with this AGS, or SIZE_MAX. */
size_t dataset_find_region(const dataset *ds, const char *ags);
/* Node index of `id`, or -1 (binary search over by_id once indexed). */
int tree_find(const tree *t, const char *id);
/* Builds t->by_id; call once the nodes are complete. */
void tree_index_ids(tree *t);

#endif
