/* manifest: provenance of one edition's outputs (out/<edition>/manifest.json).
 *
 * Owned by the regeneration work (helper); the build calls it once per
 * edition after every other output is known. The manifest lists
 *   - every input file that the edition's scores depend on, with its SHA-256
 *     and size: regions.json, every edition's model.json and values files
 *     (pooled min-max and the change against the previous edition read other
 *     editions too) and the map (DATA/map-laender.json) when present;
 *   - the program and its version (gen/version.h);
 *   - the model's settings per level: every node with its weight, its
 *     effective weight within the parent, aggregation, and for indicators the
 *     normalisation, direction, unit and derivation;
 *   - every output file with its SHA-256 and size, as given by the caller.
 * Paths are relative (inputs to the data folder, outputs to out/<edition>/)
 * and sorted bytewise, so the same inputs and outputs give the same bytes.
 * Nothing time- or machine-dependent goes in. Library code: never prints. */
#ifndef DIGINDEX_MANIFEST_H
#define DIGINDEX_MANIFEST_H

#include "buf.h"
#include "diag.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

/* One output file: its path relative to out/<edition>/ and its bytes
 * (borrowed for the call). */
typedef struct manifest_output {
    const char *path;
    const void *data;       /* may be NULL when sha256 is given */
    size_t len;
    const char *sha256;     /* NULL, or the 64 hex digits already computed */
} manifest_output;

/* Appends the manifest JSON of edition `year` to out. Reads and hashes the
 * input files from disk (ds->dir: regions, models, values, their parts) and
 * the n_map_files map files the build read. Returns false after adding an
 * error (unknown edition, unreadable input, duplicate output path); out is
 * then left as it was. Borrows all. */
bool manifest_write(buf *out, const dataset *ds, int year, const char *const *map_files,
                    size_t n_map_files,
                    const manifest_output *outputs, size_t n_outputs, diag *d);
/* The same, written in parts: while the outputs are listed, once out holds a
 * megabyte or more, flush(out, ctx) writes the bytes on and clears out (a
 * build with the Gemeinden lists 130,000 files). The caller writes what is
 * left in out at the end. False also when flush was. */
bool manifest_write_parts(buf *out, const dataset *ds, int year, const char *const *map_files,
                          size_t n_map_files, const manifest_output *outputs, size_t n_outputs,
                          bool (*flush)(buf *out, void *ctx), void *ctx, diag *d);

#endif
