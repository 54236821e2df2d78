/* pdf_flate: zlib streams reused across documents.
 *
 * Owner: the PDF renderer (render_pdf.c creates one, pdf_doc uses it for the
 * embedded font files); internal to it.
 *
 * libharu builds and compresses every embedded font file anew in every PDF
 * (zlib's default level), although most briefings embed one of a few dozen
 * distinct glyph sets: building and compressing them was a sixth of a
 * Gemeinde briefing's PDF time. The cache keeps the compressed form of the
 * last files it saw under a key the caller chooses (pdf_doc: the font's
 * name and which of its glyphs are used, which determine the file), with
 * one number beside it (the file's uncompressed length), and returns them
 * when exactly the same key comes again (compared in full, not only by
 * hash). Compressing is a function of the input bytes alone (zlib's output
 * does not depend on how the input is split), so the bytes written are
 * those libharu would have written.
 *
 * Thread-safe: workers rendering PDFs in parallel share one cache (a mutex
 * guards lookups and inserts; compressing runs outside it). */
#ifndef DIGINDEX_PDF_FLATE_H
#define DIGINDEX_PDF_FLATE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct pdf_flate_cache pdf_flate_cache;

/* A cache of at most cap entries (the least used is replaced). */
pdf_flate_cache *pdf_flate_cache_new(size_t cap);
void pdf_flate_cache_free(pdf_flate_cache *c);

/* When key[0, key_len) is cached: appends its zlib stream to out, sets *aux
 * (if aux is not NULL) to the number stored with it and returns true.
 * Otherwise false, out unchanged. */
bool pdf_flate_find(pdf_flate_cache *c, const void *key, size_t key_len, buf *out, size_t *aux);
/* Appends to out the zlib stream (zlib's default level, as libharu writes
 * with HPDF_COMP_ALL) of data[0, len) and caches it under key with aux.
 * Returns false (out unchanged, nothing cached) when zlib fails. */
bool pdf_flate_add(pdf_flate_cache *c, const void *key, size_t key_len, const void *data,
                   size_t len, size_t aux, buf *out);
/* Caches z[0, z_len), the caller's compressed form of what key stands for,
 * under key with aux (nothing happens if the key is cached already): for
 * streams the caller compresses itself (pdf_doc's map layers, libdeflate). */
void pdf_flate_put(pdf_flate_cache *c, const void *key, size_t key_len, const void *z,
                   size_t z_len, size_t aux);

#endif
