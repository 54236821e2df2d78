/* merge: shard trees of one build → one published output.
 *
 * A build split by Land (`digindex build --only 01+,02+ --out shard-a`, …
 * on several machines or under make -j) leaves one tree per shard. Every
 * shard holds the same edition-wide files (index.html, the score tables,
 * the Gesamtbericht: all computed from the whole data) and the briefings
 * of its own regions. merge_shards copies the union into OUT/<edition>/,
 * checks that a file present in several shards has the same bytes in each,
 * and writes manifest.json for the union from the data folder, so the
 * result is byte-identical to one build of all the shards' regions. Each
 * edition is staged and published atomically (publish.h). */
#ifndef DIGINDEX_MERGE_H
#define DIGINDEX_MERGE_H

#include "diag.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

/* Merges the edition folders found in the shard folders (each SHARD/<year>/)
 * into out_dir/<year>/. map_files: the map files the shards' builds read
 * (geo_map_data_files), for the manifest. Returns 0, 1 when shards
 * disagree or an edition is not in ds, 2 after a system error (added to d).
 * Borrows everything. */
int merge_shards(const dataset *ds, const char *const *shards, size_t n_shards,
                 const char *out_dir, const char *const *map_files, size_t n_map_files, diag *d);

#endif
