/* png_deflate: a zlib stream for the rows of a chart PNG, found by runs.
 *
 * A general deflate compressor (zlib, libdeflate) looks for repeats at any
 * distance up to 32 KB and must hash every input byte to find them: for a
 * Gemeinde's five charts (≈ 4.4 MB of rows) libdeflate at level 1 needed
 * ≈ 14 ms, 40 % of the region. Charts are flat areas, thin lines and
 * antialiased text: nearly every repeat is a run of the pixel to the left
 * or a copy of the row above. This encoder looks for exactly these two
 * matches at every position (word-wide compares, no hashing), codes the
 * result with Huffman codes built per block (dynamic deflate blocks, a
 * stored block where that is smaller) and writes an ordinary zlib stream:
 * any inflater (libpng, browsers, PDF readers) decodes the very bytes it
 * was given, so the image is lossless. The stream is a function of the
 * input bytes and the two parameters only (same input, same bytes).
 *
 * Measured in docs/performance.md (session 20). */
#ifndef DIGINDEX_PNG_DEFLATE_H
#define DIGINDEX_PNG_DEFLATE_H

#include <stddef.h>

/* Reusable working memory (the symbols of a block); one per thread. */
typedef struct png_deflate png_deflate;

png_deflate *png_deflate_new(void);
void png_deflate_free(png_deflate *z);

/* The largest stream png_deflate_zlib can write for n input bytes. */
size_t png_deflate_bound(size_t n);

/* Compresses in[0..n) as a zlib stream into out (cap bytes, at least
 * png_deflate_bound(n)). `stride` is the distance to the same byte of the
 * row above (a PNG row with its filter byte; 0 or more than 32,768: no
 * row matches), `bpp` the distance to the same byte of the pixel to the
 * left (1 to 8). Returns the stream's length, 0 when cap is too small or
 * the arguments are out of range. */
size_t png_deflate_zlib(png_deflate *z, const unsigned char *in, size_t n, size_t stride,
                        size_t bpp, unsigned char *out, size_t cap);

#endif
