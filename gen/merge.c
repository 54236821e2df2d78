/* merge: shard trees → one published output (see merge.h). */
#include "merge.h"

#include "buf.h"
#include "fileio.h"
#include "manifest.h"
#include "publish.h"
#include "sha256.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Every regular file below root/rel, as paths relative to root (sorted). */
static bool list_files(const char *root, const char *rel, char ***out, size_t *n, diag *d)
{
    char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_add(d, DIAG_ERROR, dir, 0, 0, NULL, "check the shard folder", "cannot read the folder");
        free(dir);
        return false;
    }
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(dh))) {
        if (de->d_name[0] == '.') continue; /* ., .., staging folders */
        char *r = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
        char *full = xasprintf("%s/%s", root, r);
        struct stat st;
        if (stat(full, &st) != 0) {
            diag_add(d, DIAG_ERROR, full, 0, 0, NULL, NULL, "cannot stat the file");
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = list_files(root, r, out, n, d);
        } else if (S_ISREG(st.st_mode)) {
            *out = xrealloc(*out, (*n + 1) * sizeof **out);
            (*out)[(*n)++] = xstrdup(r);
        }
        free(full);
        free(r);
    }
    closedir(dh);
    free(dir);
    return ok;
}

typedef struct entry {
    char *path;         /* relative to the edition folder */
    size_t shard;
    char sha[65];
    size_t len;
} entry;

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->shard > y->shard) - (x->shard < y->shard);
}

/* Reads shard s's copy of e->path and hashes it; NULL after an error. */
static char *read_entry(const char *const *shards, int year, entry *e, diag *d)
{
    char *full = xasprintf("%s/%d/%s", shards[e->shard], year, e->path);
    char *data = file_read_all(full, &e->len, "check the shard folder", d);
    free(full);
    if (data) sha256_hex(data, e->len, e->sha);
    return data;
}

/* One edition: the union of the shards' SHARD/<year>/ trees. */
static int merge_edition(const dataset *ds, int year, const char *const *shards, size_t n_shards,
                         const char *out_dir, const char *const *map_files, size_t n_map_files,
                         diag *d)
{
    /* Every file of every shard, sorted by path: copies of one file sit
     * together, so each is checked against the first and written once. */
    entry *all = NULL;
    size_t n_all = 0;
    int rc = 0;
    for (size_t s = 0; !rc && s < n_shards; s++) {
        char *root = xasprintf("%s/%d", shards[s], year);
        struct stat sb;
        if (stat(root, &sb) == 0) {
            char **files = NULL;
            size_t n = 0;
            if (!list_files(root, "", &files, &n, d)) rc = 2;
            all = xrealloc(all, (n_all + n + 1) * sizeof *all);
            for (size_t i = 0; i < n; i++) {
                if (strcmp(files[i], "manifest.json") == 0) { /* written for the union */
                    free(files[i]);
                    continue;
                }
                all[n_all++] = (entry){files[i], s, "", 0};
            }
            free(files);
        }
        free(root);
    }
    if (n_all > 1) qsort(all, n_all, sizeof *all, cmp_entry);
    staging st;
    char *target = xasprintf("%s/%d", out_dir, year);
    bool staged = !rc && staging_begin(&st, target, d);
    free(target);
    if (!rc && !staged) rc = 2;
    manifest_output *outs = xcalloc(n_all ? n_all : 1, sizeof *outs);
    size_t m = 0;
    for (size_t i = 0; !rc && i < n_all;) {
        entry *first = &all[i];
        char *data = read_entry(shards, year, first, d);
        if (!data) {
            rc = 2;
            break;
        }
        size_t j = i + 1;
        for (; !rc && j < n_all && strcmp(all[j].path, first->path) == 0; j++) {
            char *other = read_entry(shards, year, &all[j], d);
            if (!other) {
                rc = 2;
            } else if (all[j].len != first->len || strcmp(all[j].sha, first->sha) != 0) {
                diag_add(d, DIAG_ERROR, first->path, 0, 0, NULL,
                         "build every shard from the same data, templates and SOURCE_DATE_EPOCH",
                         "%d: the shards %s and %s differ in this file", year,
                         shards[first->shard], shards[all[j].shard]);
                rc = 1;
            }
            free(other);
        }
        if (!rc && !staging_write(&st, first->path, data, first->len, d)) rc = 2;
        outs[m++] = (manifest_output){first->path, NULL, first->len, first->sha};
        free(data);
        i = j;
    }
    if (!rc) {
        buf json = BUF_INIT;
        if (!manifest_write(&json, ds, year, map_files, n_map_files, outs, m, d))
            rc = 1;
        else if (!staging_write(&st, "manifest.json", json.data, json.len, d))
            rc = 2;
        buf_free(&json);
    }
    if (!rc && !staging_commit(&st, d)) rc = 2;
    if (staged) staging_end(&st);
    free(outs);
    for (size_t i = 0; i < n_all; i++) free(all[i].path);
    free(all);
    return rc;
}

int merge_shards(const dataset *ds, const char *const *shards, size_t n_shards,
                 const char *out_dir, const char *const *map_files, size_t n_map_files, diag *d)
{
    int rc = 0;
    bool any = false;
    for (size_t e = 0; !rc && e < ds->n_editions; e++) {
        int year = ds->editions[e].year;
        bool present = false;
        for (size_t s = 0; s < n_shards && !present; s++) {
            char *root = xasprintf("%s/%d", shards[s], year);
            struct stat sb;
            present = stat(root, &sb) == 0 && S_ISDIR(sb.st_mode);
            free(root);
        }
        if (!present) continue;
        any = true;
        rc = merge_edition(ds, year, shards, n_shards, out_dir, map_files, n_map_files, d);
    }
    if (!rc && !any) {
        diag_add(d, DIAG_ERROR, shards[0], 0, 0, NULL,
                 "give the --out folders of digindex build --only …", "no edition folder in the shards");
        rc = 2;
    }
    return rc;
}
