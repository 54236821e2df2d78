/* pdf_flate: zlib streams reused across documents.
 *
 * Owner: the PDF renderer (render_pdf.c creates one, pdf_doc uses it for the
 * embedded font files); internal to it.
 *
 * libharu compresses every embedded font anew in every PDF, with zlib's
 * default level: for a briefing that is more than half of its compression
 * time, although most briefings embed one of a few dozen distinct glyph
 * sets. The cache keeps the compressed form of the last inputs it saw and
 * returns it when exactly the same bytes come again (compared in full, not
 * only by hash). Compressing is a function of the input bytes alone (zlib's
 * output does not depend on how the input is split), so the bytes written
 * are those libharu would have written.
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

/* Appends to out the zlib stream (zlib's default level, as libharu writes
 * with HPDF_COMP_ALL) of data[0, len). Returns false (out unchanged) when
 * zlib fails. */
bool pdf_flate_compress(pdf_flate_cache *c, const void *data, size_t len, buf *out);

#endif
