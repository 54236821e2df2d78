/* pdf_pack: object streams for the PDFs libharu writes.
 *
 * Owner: pdf_doc (pdf_doc_save); internal to the PDF renderer.
 *
 * libharu 2.3 writes every object uncompressed and a classic cross-reference
 * table (20 bytes an object). A tagged briefing has some 500 small objects
 * (one per structure element: every table cell is one), which that way
 * would add about 75 % to the file. pdf_pack rewrites the file in the form
 * PDF 1.5 introduced: the streams (content, fonts) stay as they are, every
 * other object goes into one Flate-compressed object stream, and the
 * cross-reference table becomes a compressed cross-reference stream. The
 * objects keep their numbers and contents; only their container changes,
 * so a reader sees the same document. Deterministic: same input, same bytes.
 *
 * Understands exactly what libharu writes (one "N 0 obj … endobj" per
 * object, one xref table, a trailer with /Root and /Info, no encryption);
 * anything else is refused rather than guessed at. */
#ifndef DIGINDEX_PDF_PACK_H
#define DIGINDEX_PDF_PACK_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* An object body to add (or to put in place of a non-stream object of the
 * input): object num is body[off, off + len). */
typedef struct pdf_pack_obj {
    size_t num, off, len;
} pdf_pack_obj;

typedef struct pdf_pack_extra {
    const char *body;
    const pdf_pack_obj *objs;
    size_t n;
} pdf_pack_extra;

/* Appends the packed form of the PDF pdf[0, len) to out, with the objects
 * of extra (may be NULL): those numbered below the input's /Size replace
 * its objects, the others must continue its numbering without a gap.
 * Returns false (out unchanged) when the input is not a PDF as libharu
 * writes it or extra does not fit it. The header becomes %PDF-1.7 (object
 * streams need 1.5; PDF/UA builds on 1.7). */
bool pdf_pack(const char *pdf, size_t len, const pdf_pack_extra *extra, buf *out);

#endif
