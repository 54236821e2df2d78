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

/* Banded streams, for a thread that writes many images of which some
 * repeat most rows of the one before (the maps of a Kreis' Gemeinden, which
 * differ in the marked outline and the title). The input is cut into bands
 * of `band` bytes, each coded as blocks of its own (its matches reach back
 * to the row above, the hash finds only positions in the band), so a band's
 * bits are a function of its bytes and the `stride` bytes before it; where
 * these equal the previous call's, its bits are copied instead of coded
 * again. The stream is the same whether bits were copied or not.
 *
 * png_deflate_input returns z's buffer for the next input (n bytes and 8
 * of slack, owned by z, valid until the next png_deflate_bands);
 * png_deflate_bands compresses its first n bytes into out (as
 * png_deflate_zlib; band > 0; cap at least png_deflate_bands_bound) and
 * keeps them with the stream for the next call. Returns the stream's length
 * or 0 (as png_deflate_zlib, or when the buffer is smaller than n). */
unsigned char *png_deflate_input(png_deflate *z, size_t n);
size_t png_deflate_bands_bound(size_t n, size_t band);
size_t png_deflate_bands(png_deflate *z, size_t n, size_t stride, size_t bpp, size_t band,
                         unsigned char *out, size_t cap);

#endif
