/* model: level helpers, lookups and freeing of a dataset (see model.h). */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_names[LEVEL_COUNT] = {"land", "kreis", "gemeinde"};
static const char *const level_plurals[LEVEL_COUNT] = {"Länder", "Kreise", "Gemeinden"};
static const size_t level_lens[LEVEL_COUNT] = {2, 5, 8};

const char *level_name(level lv)
{
    return level_names[lv];
}

const char *level_plural_de(level lv)
{
    return level_plurals[lv];
}

size_t level_ags_len(level lv)
{
    return level_lens[lv];
}

bool level_parse(const char *name, level *out)
{
    for (int i = 0; i < LEVEL_COUNT; i++)
        if (strcmp(name, level_names[i]) == 0) {
            *out = (level)i;
            return true;
        }
    return false;
}

static void tree_free(tree *t)
{
    for (int i = 0; i < t->n_nodes; i++) {
        node *n = &t->nodes[i];
        free(n->id);
        free(n->name);
        free(n->description);
        free(n->path);
        free(n->children);
        free(n->unit);
        free(n->source);
        free(n->url);
        free(n->derive_node);
    }
    free(t->nodes);
    free(t->leaves);
    free(t->by_id);
}

void dataset_free(dataset *ds)
{
    if (!ds) return;
    for (size_t i = 0; i < ds->n_regions; i++) {
        free(ds->regions[i].name);
        free(ds->regions[i].kind);
        free(ds->regions[i].population_date);
    }
    free(ds->regions);
    for (int l = 0; l < LEVEL_COUNT; l++) free(ds->level_regions[l]);
    for (size_t e = 0; e < ds->n_editions; e++) {
        edition *ed = &ds->editions[e];
        free(ed->title);
        free(ed->published);
        free(ed->status);
        free(ed->dir);
        free(ed->model_file);
        for (int l = 0; l < LEVEL_COUNT; l++) {
            tree_free(&ed->levels[l].tree);
            free(ed->levels[l].values_file);
            for (size_t k = 0; k < ed->levels[l].n_values_parts; k++)
                free(ed->levels[l].values_parts[k]);
            free(ed->levels[l].values_parts);
            free(ed->levels[l].raw);
        }
    }
    free(ds->editions);
    free(ds->dir);
    free(ds->regions_file);
    for (size_t i = 0; i < ds->n_region_files; i++) free(ds->region_files[i]);
    free(ds->region_files);
    free(ds);
}

const edition *dataset_edition(const dataset *ds, int year)
{
    for (size_t i = 0; i < ds->n_editions; i++)
        if (ds->editions[i].year == year) return &ds->editions[i];
    return NULL;
}

const edition *dataset_newest_edition(const dataset *ds)
{
    return ds->n_editions ? &ds->editions[ds->n_editions - 1] : NULL;
}

size_t dataset_find_region(const dataset *ds, const char *ags)
{
    size_t lo = 0, hi = ds->n_regions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ds->regions[mid].ags, ags);
        if (c == 0) return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

static int cmp_node_id(const void *a, const void *b, void *ctx)
{
    const tree *t = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    int c = strcmp(t->nodes[x].id, t->nodes[y].id);
    return c ? c : (x > y) - (x < y);
}

void tree_index_ids(tree *t)
{
    free(t->by_id);
    t->by_id = malloc((size_t)(t->n_nodes ? t->n_nodes : 1) * sizeof(int));
    if (!t->by_id) return; /* tree_find falls back to a linear search */
    for (int i = 0; i < t->n_nodes; i++) t->by_id[i] = i;
    qsort_r(t->by_id, (size_t)t->n_nodes, sizeof(int), cmp_node_id, t);
}

int tree_find(const tree *t, const char *id)
{
    if (!t->by_id) {
        for (int i = 0; i < t->n_nodes; i++)
            if (strcmp(t->nodes[i].id, id) == 0) return i;
        return -1;
    }
    /* Lowest index among equal ids, as the linear search would find. */
    int lo = 0, hi = t->n_nodes;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(t->nodes[t->by_id[mid]].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < t->n_nodes && strcmp(t->nodes[t->by_id[lo]].id, id) == 0) return t->by_id[lo];
    return -1;
}
