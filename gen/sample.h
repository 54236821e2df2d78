/* sample: the seeded generator of plausible synthetic indicator values.
 *
 * The bundled data are partly synthetic ("status": "sample"). This module
 * writes values-<level>.json for every edition and level of a loaded dataset
 * from a parameter file (data/sample-spec.json): per indicator a 2025 mean,
 * spread, bounds, rounding, loading on a latent "digital strength" factor,
 * an urbanity effect and a trend. Real published figures listed in the spec
 * replace synthetic ones. Every random number is derived from the seed and
 * the names involved (edition, level, AGS, indicator), so the output does not
 * depend on iteration order and is byte-identical on every machine. */
#ifndef DIGINDEX_SAMPLE_H
#define DIGINDEX_SAMPLE_H

#include "buf.h"
#include "diag.h"
#include "model.h"

#include <stdint.h>

typedef struct sample_spec sample_spec;

/* Loads the parameter file; NULL after adding errors. Caller frees. */
sample_spec *sample_spec_load(const char *path, diag *d);
void sample_spec_free(sample_spec *spec);

/* Appends values-<level>.json for one edition and level to out. Returns
 * false after adding an error (an indicator without parameters). Borrows all;
 * only the regions and model of ds are read. */
bool sample_write_values(buf *out, const sample_spec *spec, const dataset *ds, const edition *ed,
                         level lv, diag *d);

/* The same for the regions whose AGS starts with prefix (a Land's "13"):
 * one part of a level split by Land (values-<level>-<LL>.json). */
bool sample_write_values_within(buf *out, const sample_spec *spec, const dataset *ds,
                                const edition *ed, level lv, const char *prefix, diag *d);

/* Deterministic hashing and random numbers, exposed for tests. */
uint64_t sample_hash(uint64_t seed, const char *a, const char *b, const char *c);
/* Uniform in (0, 1) from a hash. */
double sample_uniform(uint64_t h);
/* Standard normal from a hash (Box–Muller over two derived uniforms). */
double sample_normal(uint64_t h);



/* The synthetic dataset goes into a new or empty folder, never over its
 * input: false after a usage error when out_dir is the data folder or a
 * folder that is not empty. */
bool sample_check_out_dir(const char *data_dir, const char *out_dir, diag *d);

/* Writes a complete synthetic dataset with `n_gemeinden` Gemeinden into
 * out_dir (created; must not exist yet or be empty): the regions of ds (real
 * Länder and Kreise) plus Gemeinden with valid 8-digit AGS spread over the
 * Kreise by population, every edition's model with an added 30-indicator
 * "gemeinde" level, and values for every level. For scale tests and
 * benchmarks. Returns false after adding an error. */
bool sample_write_gemeinden(const sample_spec *spec, const dataset *ds, size_t n_gemeinden,
                            const char *out_dir, diag *d);
#endif
