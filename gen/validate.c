/* validate: cross-file checks (see validate.h). */
#include "validate.h"

#include "buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct id_ref {
    const char *id;
    int node;
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->node > y->node) - (x->node < y->node);
}

static void check_unique_ids(const edition *ed, const tree *t, diag *d)
{
    if (t->n_nodes < 2) return;
    id_ref *refs = xmalloc((size_t)t->n_nodes * sizeof *refs);
    for (int i = 0; i < t->n_nodes; i++) refs[i] = (id_ref){t->nodes[i].id, i};
    qsort(refs, (size_t)t->n_nodes, sizeof *refs, cmp_id_ref);
    for (int i = 1; i < t->n_nodes; i++)
        if (strcmp(refs[i].id, refs[i - 1].id) == 0 && refs[i].id[0])
            diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, t->nodes[refs[i].node].path,
                     "ids must be unique within a level's tree; rename one of them",
                     "duplicate id \"%s\" (first at %s)", refs[i].id,
                     t->nodes[refs[i - 1].node].path);
    free(refs);
}

static void check_derives(const dataset *ds, const edition *ed, level l, diag *d)
{
    const tree *t = &ed->levels[l].tree;
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        if (!n->derived) continue;
        const level_data *src = &ed->levels[n->derive_level];
        buf where = BUF_INIT;
        buf_printf(&where, "%s.derive", n->path);
        if (!src->present) {
            diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, buf_cstr(&where),
                     "add that level's tree under \"levels\", or remove \"derive\"",
                     "derives from level \"%s\", which this edition does not model",
                     level_name(n->derive_level));
        } else if (tree_find(&src->tree, n->derive_node) < 0) {
            diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, buf_cstr(&where),
                     "name a node id of that level's tree",
                     "derives from node \"%s\", which level \"%s\" does not have",
                     n->derive_node, level_name(n->derive_level));
        } else if (n->derive_population) {
            level sl = n->derive_level;
            for (size_t r = 0; r < ds->n_level_regions[sl]; r++) {
                const region *rg = &ds->regions[ds->level_regions[sl][r]];
                if (isnan(rg->population)) {
                    diag_add(d, DIAG_ERROR, ds->regions_file, 0, 0, NULL,
                             "add \"population\", or use \"weighting\": \"equal\"",
                             "%s (%s) has no population, which %s of edition %d needs for "
                             "population weighting",
                             rg->ags, rg->name, n->id, ed->year);
                    break;
                }
            }
        }
        buf_free(&where);
    }
}

static void check_previous(const dataset *ds, const edition *ed, diag *d)
{
    if (!ed->previous_year) return;
    const edition *prev = dataset_edition(ds, ed->previous_year);
    if (!prev) {
        diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, "$.previous_edition",
                 "add that edition's folder, or remove \"previous_edition\"",
                 "previous edition %d is not in %s", ed->previous_year, ds->dir);
        return;
    }
    /* Follow the chain; a cycle returns to a year already seen. */
    int seen[64];
    size_t n = 0;
    const edition *cur = ed;
    while (cur && cur->previous_year && n < 64) {
        seen[n++] = cur->year;
        for (size_t i = 0; i < n; i++)
            if (seen[i] == cur->previous_year) {
                buf chain = BUF_INIT;
                for (size_t k = 0; k < n; k++) buf_printf(&chain, "%d → ", seen[k]);
                buf_printf(&chain, "%d", cur->previous_year);
                diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, "$.previous_edition",
                         "each edition's previous_edition must be an earlier year",
                         "previous editions form a cycle: %s", buf_cstr(&chain));
                buf_free(&chain);
                return;
            }
        cur = dataset_edition(ds, cur->previous_year);
    }
    if (ed->previous_year >= ed->year)
        diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, "$.previous_edition",
                 "previous_edition must be an earlier year",
                 "previous edition %d is not earlier than %d", ed->previous_year, ed->year);
}

/* Warns about a level or an indicator without a single value: explicit
 * nulls pass the loader, but an import that gave nothing (or a level never
 * imported) should not look fine. */
static void check_coverage(const dataset *ds, const edition *ed, level l, diag *d)
{
    const level_data *ld = &ed->levels[l];
    size_t nr = ds->n_level_regions[l], nl = (size_t)ld->tree.n_leaves;
    if (!ld->raw || nr == 0) return;
    /* A values file that did not load has its error already. */
    for (size_t i = 0; i < d->count; i++)
        if (d->entries[i].severity == DIAG_ERROR && d->entries[i].file && ld->values_file &&
            strcmp(d->entries[i].file, ld->values_file) == 0)
            return;
    buf empty = BUF_INIT;
    size_t n_empty = 0, n_input = 0;
    for (size_t li = 0; li < nl; li++) {
        const node *n = &ld->tree.nodes[ld->tree.leaves[li]];
        if (n->derived) continue;
        n_input++;
        bool any = false;
        for (size_t r = 0; r < nr && !any; r++) any = !isnan(ld->raw[r * nl + li]);
        if (any) continue;
        if (n_empty++ < 8) buf_printf(&empty, "%s%s", n_empty > 1 ? ", " : "", n->id);
    }
    if (n_empty > 8) buf_printf(&empty, " and %zu more", n_empty - 8);
    char *hint = xasprintf("import them: digindex import --edition %d --level %s FILE.csv",
                           ed->year, level_name(l));
    if (n_input > 0 && n_empty == n_input)
        diag_add(d, DIAG_WARNING, ld->values_file, 0, 0, NULL, hint,
                 "level %s of edition %d has no values at all: every indicator is null",
                 level_name(l), ed->year);
    else if (n_empty)
        diag_add(d, DIAG_WARNING, ld->values_file, 0, 0, NULL, hint,
                 "%zu indicator%s of level %s %s no value in any region: %s", n_empty,
                 n_empty == 1 ? "" : "s", level_name(l), n_empty == 1 ? "has" : "have",
                 buf_cstr(&empty));
    free(hint);
    buf_free(&empty);
}

void dataset_validate(const dataset *ds, diag *d)
{
    for (size_t e = 0; e < ds->n_editions; e++) {
        const edition *ed = &ds->editions[e];
        check_previous(ds, ed, d);
        for (int l = 0; l < LEVEL_COUNT; l++) {
            const level_data *ld = &ed->levels[l];
            if (!ld->present) continue;
            check_unique_ids(ed, &ld->tree, d);
            check_derives(ds, ed, (level)l, d);
            check_coverage(ds, ed, (level)l, d);
            if (ds->n_level_regions[l] == 0 && ds->regions)
                diag_add(d, DIAG_ERROR, ds->regions_file, 0, 0, NULL,
                         "add the regions of that level to regions.json",
                         "edition %d models level \"%s\" but regions.json has no region of it",
                         ed->year, level_name((level)l));
        }
    }
}
