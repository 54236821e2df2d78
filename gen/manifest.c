/* manifest: provenance JSON of one edition (see manifest.h). */
#include "manifest.h"

#include "fileio.h"
#include "format.h"
#include "scores_out.h"
#include "sha256.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct entry {
    char *path;     /* relative path (owned) */
    char hex[65];
    size_t bytes;
} entry;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

/* Hashes a whole file, streamed. False after adding an error. */
static bool hash_file(const char *path, entry *e, diag *d)
{
    int err;
    switch (file_sha256(path, e->hex, &e->bytes, &err)) {
    case FILE_OK: return true;
    case FILE_CANNOT_OPEN:
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, NULL, "cannot read the input file: %s",
                 strerror(err));
        return false;
    default:
        diag_add(d, DIAG_ERROR, path, 0, 0, NULL, NULL, "cannot read the input file");
        return false;
    }
}

/* The path of `full` relative to `dir` ("DATA/2025/model.json" → "2025/model.json"). */
static char *relative_to(const char *dir, const char *full)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (strncmp(full, dir, n) == 0 && full[n] == '/') return xstrdup(full + n + 1);
    return xstrdup(full);
}

static bool add_input(entry **list, size_t *n, const dataset *ds, const char *full, diag *d)
{
    entry e;
    if (!hash_file(full, &e, d)) return false;
    e.path = relative_to(ds->dir, full);
    *list = xrealloc(*list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = e;
    return true;
}

static bool write_entries(buf *out, const entry *list, size_t n, bool (*flush)(buf *, void *),
                          void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, "    {\"path\": ");
        json_write_string(out, list[i].path);
        buf_printf(out, ", \"sha256\": \"%s\", \"bytes\": %zu}%s\n", list[i].hex, list[i].bytes,
                   i + 1 < n ? "," : "");
        if (flush && out->len >= (1u << 20) && !flush(out, ctx)) return false;
    }
    return true;
}

static void write_number(buf *out, double x)
{
    fmt_double_exact(out, x, '.', "null");
}

static const char *norm_name(norm_method m)
{
    switch (m) {
    case NORM_MINMAX: return "minmax";
    case NORM_ZSCORE: return "zscore";
    case NORM_GOALPOSTS: return "goalposts";
    case NORM_NONE: return "none";
    }
    return "minmax";
}

static void write_tree(buf *out, const tree *t)
{
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        buf_puts(out, "        {\"id\": ");
        json_write_string(out, n->id);
        buf_puts(out, ", \"parent\": ");
        if (n->parent < 0)
            buf_puts(out, "null");
        else
            json_write_string(out, t->nodes[n->parent].id);
        buf_puts(out, ", \"weight\": ");
        write_number(out, n->weight);
        if (n->parent >= 0) {
            const node *p = &t->nodes[n->parent];
            double sum = 0;
            for (int k = 0; k < p->n_children; k++) sum += t->nodes[p->children[k]].weight;
            buf_puts(out, ", \"effective_weight\": ");
            write_number(out, n->weight / sum);
        }
        if (n->n_children > 0) {
            buf_printf(out, ", \"aggregation\": \"%s\"",
                       n->aggregation == AGG_GEOMETRIC ? "geometric" : "arithmetic");
        } else {
            buf_printf(out, ", \"direction\": %d, \"unit\": ", n->direction);
            json_write_string(out, n->unit ? n->unit : "");
            if (n->derived) {
                buf_printf(out, ", \"derive\": {\"level\": \"%s\", \"node\": ",
                           level_name(n->derive_level));
                json_write_string(out, n->derive_node ? n->derive_node : "");
                buf_printf(out, ", \"weighting\": \"%s\"}",
                           n->derive_population ? "population" : "equal");
            }
            buf_printf(out, ", \"normalisation\": {\"method\": \"%s\"", norm_name(n->norm.method));
            if (n->norm.method == NORM_MINMAX && n->norm.all_editions)
                buf_puts(out, ", \"scope\": \"all_editions\"");
            if (n->norm.method == NORM_GOALPOSTS) {
                buf_puts(out, ", \"lower\": ");
                write_number(out, n->norm.lower);
                buf_puts(out, ", \"upper\": ");
                write_number(out, n->norm.upper);
            }
            buf_putc(out, '}');
        }
        buf_puts(out, i + 1 < t->n_nodes ? "},\n" : "}\n");
    }
}

static void free_entries(entry *list, size_t n)
{
    for (size_t i = 0; i < n; i++) free(list[i].path);
    free(list);
}

bool manifest_write(buf *out, const dataset *ds, int year, const char *const *map_files,
                    size_t n_map_files, const manifest_output *outputs, size_t n_outputs, diag *d)
{
    return manifest_write_parts(out, ds, year, map_files, n_map_files, outputs, n_outputs, NULL,
                                NULL, d);
}

bool manifest_write_parts(buf *out, const dataset *ds, int year, const char *const *map_files,
                          size_t n_map_files, const manifest_output *outputs, size_t n_outputs,
                          bool (*flush)(buf *out, void *ctx), void *ctx, diag *d)
{
    const edition *ed = dataset_edition(ds, year);
    if (!ed) {
        diag_add(d, DIAG_ERROR, ds->dir, 0, 0, NULL, NULL, "manifest: edition %d is not in the data",
                 year);
        return false;
    }
    entry *in = NULL, *outl = NULL;
    size_t n_in = 0, n_out = 0;
    bool ok = add_input(&in, &n_in, ds, ds->regions_file, d);
    for (size_t i = 1; i < ds->n_region_files; i++)
        ok &= add_input(&in, &n_in, ds, ds->region_files[i], d);
    for (size_t e = 0; e < ds->n_editions; e++) {
        const edition *x = &ds->editions[e];
        ok &= add_input(&in, &n_in, ds, x->model_file, d);
        for (int l = 0; l < LEVEL_COUNT; l++) {
            const level_data *ld = &x->levels[l];
            if (!ld->present) continue;
            for (size_t k = 0; k < ld->n_values_parts; k++)
                ok &= add_input(&in, &n_in, ds, ld->values_parts[k], d);
            if (ld->n_values_parts == 0 && ld->values_file)
                ok &= add_input(&in, &n_in, ds, ld->values_file, d);
        }
    }
    for (size_t i = 0; i < n_map_files; i++) ok &= add_input(&in, &n_in, ds, map_files[i], d);
    qsort(in, n_in, sizeof *in, cmp_entry);

    outl = xcalloc(n_outputs ? n_outputs : 1, sizeof *outl);
    for (size_t i = 0; i < n_outputs; i++) {
        outl[i].path = xstrdup(outputs[i].path);
        if (outputs[i].sha256)
            snprintf(outl[i].hex, sizeof outl[i].hex, "%s", outputs[i].sha256);
        else
            sha256_hex(outputs[i].data, outputs[i].len, outl[i].hex);
        outl[i].bytes = outputs[i].len;
    }
    n_out = n_outputs;
    qsort(outl, n_out, sizeof *outl, cmp_entry);
    for (size_t i = 1; i < n_out; i++)
        if (strcmp(outl[i].path, outl[i - 1].path) == 0) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL, NULL,
                     "manifest: output path \"%s\" is listed twice", outl[i].path);
            ok = false;
        }
    if (ok) {
        buf_puts(out, "{\n  \"manifest\": 1,\n  \"program\": {\"name\": \"digindex\", \"version\": ");
        json_write_string(out, DIGINDEX_VERSION);
        buf_printf(out, "},\n  \"edition\": %d,\n  \"title\": ", ed->year);
        json_write_string(out, ed->title ? ed->title : "");
        buf_puts(out, ",\n  \"published\": ");
        json_write_string(out, ed->published ? ed->published : "");
        buf_puts(out, ",\n  \"status\": ");
        json_write_string(out, ed->status ? ed->status : (ed->sample ? "sample" : "official"));
        if (ed->previous_year) buf_printf(out, ",\n  \"previous_edition\": %d", ed->previous_year);
        buf_puts(out, ",\n  \"inputs\": [\n");
        write_entries(out, in, n_in, NULL, NULL);
        buf_puts(out, "  ],\n  \"settings\": {\"levels\": {");
        bool first = true;
        for (int l = 0; l < LEVEL_COUNT; l++) {
            if (!ed->levels[l].present) continue;
            buf_printf(out, "%s\n    \"%s\": {\"nodes\": [\n", first ? "" : ",", level_name((level)l));
            write_tree(out, &ed->levels[l].tree);
            buf_puts(out, "    ]}");
            first = false;
        }
        buf_puts(out, "\n  }},\n  \"outputs\": [\n");
        ok = write_entries(out, outl, n_out, flush, ctx);
        buf_puts(out, "  ]\n}\n");
    }
    free_entries(in, n_in);
    free_entries(outl, n_out);
    return ok;
}
