/* png_deflate: runs and row copies as a zlib stream (see png_deflate.h).
 *
 * The format is RFC 1950 (zlib) around RFC 1951 (deflate). Each block holds
 * up to BLOCK_SYMBOLS symbols (a literal byte, or a match: length 3–258 at
 * distance bpp or stride) and is written with its own Huffman codes
 * (BTYPE 2), or stored (BTYPE 0) when that is smaller. Greedy parsing: at
 * every position the longer of the two matches is taken, the run (whose
 * distance code is cheap) on a tie; a copy of the row above must be longer
 * than the run and at least UP_MIN bytes, as its distance costs 8 extra
 * bits or more. Where neither matches, the last position with the same
 * four bytes (a hash table) is tried; failing that, the pixel's bytes
 * (bpp) go out as literals together, without looking for a match inside
 * the pixel (an RGB map: 26 % less time, 0.5 % larger).
 *
 * Banded streams (png_deflate_bands) code each band with encode_range as
 * blocks of its own; the band's bits are copied from the previous stream
 * when the band's bytes and the row before it are the same there. Stored
 * blocks are never copied: their padding depends on the bit position. */
#include "png_deflate.h"
#include "buf.h"
#include "sort_u64.h"

#include <libdeflate.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    BLOCK_SYMBOLS = 1 << 16,
    MAX_MATCH = 258,
    MIN_MATCH = 3,
    UP_MIN = 5,
    HASH_MIN = 5,
    HASH_BITS = 13,
    MAX_DIST = 32768,
    N_LITLEN = 286,
    N_DIST = 30,
    N_CLEN = 19,
};

/* A symbol: a literal byte (< 256) or MATCH_FLAG | (length - 3) << 16 | (distance - 1). */
#define MATCH_FLAG 0x80000000u

struct png_deflate {
    uint32_t *sym; /* BLOCK_SYMBOLS */
    uint32_t fl[N_LITLEN], fd[N_DIST]; /* the block's symbol counts */
    /* By length - 3: its code | extra bits << 16 | their value << 24. */
    uint32_t len_info[256];
    uint32_t head[1 << HASH_BITS]; /* last position + 1 of a 4-byte key, 0: none */
    /* Banded streams (png_deflate_bands): the input buffer handed out, the
     * previous input and its stream, where each band's bits begin in it
     * (band_bit[k], k = 0 … bands; STORED_BAND set: not reusable) and the
     * parameters it was made with (prev_n == SIZE_MAX: none). */
    unsigned char *in_buf, *prev_in, *prev_out;
    size_t in_cap, prev_in_cap, prev_out_cap, prev_out_len;
    uint64_t *band_bit, *prev_band_bit;
    size_t band_cap, prev_band_cap;
    size_t prev_n, prev_stride, prev_bpp, prev_band;
};

static void length_code(unsigned len, unsigned *code, unsigned *nextra, unsigned *extra);

png_deflate *png_deflate_new(void)
{
    png_deflate *z = xmalloc(sizeof *z);
    z->sym = xmalloc(BLOCK_SYMBOLS * sizeof *z->sym);
    z->in_buf = z->prev_in = z->prev_out = NULL;
    z->in_cap = z->prev_in_cap = z->prev_out_cap = z->prev_out_len = 0;
    z->band_bit = z->prev_band_bit = NULL;
    z->band_cap = z->prev_band_cap = 0;
    z->prev_n = SIZE_MAX;
    z->prev_stride = z->prev_bpp = z->prev_band = 0;
    for (unsigned l = 3; l <= MAX_MATCH; l++) {
        unsigned c, nx, x;
        length_code(l, &c, &nx, &x);
        z->len_info[l - 3] = c | nx << 16 | x << 24;
    }
    return z;
}

void png_deflate_free(png_deflate *z)
{
    if (!z) return;
    free(z->sym);
    free(z->in_buf);
    free(z->prev_in);
    free(z->prev_out);
    free(z->band_bit);
    free(z->prev_band_bit);
    free(z);
}

/* Stored blocks for everything, in the worst case: 5 bytes per 65,535 and
 * per block (which ends early when it reaches BLOCK_SYMBOLS symbols, each
 * of at least one byte), the zlib header and checksum. */
size_t png_deflate_bound(size_t n)
{
    return n + 5 * (n / 65535 + n / BLOCK_SYMBOLS + 2) + 16;
}

/* ---- deflate's tables ------------------------------------------------------- */

/* Length code (257–285), extra bits and their value, by length - 3. */
static void length_code(unsigned len, unsigned *code, unsigned *nextra, unsigned *extra)
{
    unsigned x = len - 3;
    if (len == 258) {
        *code = 285, *nextra = 0, *extra = 0;
    } else if (x < 8) {
        *code = 257 + x, *nextra = 0, *extra = 0;
    } else {
        unsigned nb = 31 - (unsigned)__builtin_clz(x); /* 3 … 7 */
        *code = 257 + 4 * (nb - 1) + ((x >> (nb - 2)) & 3);
        *nextra = nb - 2;
        *extra = x & ((1u << (nb - 2)) - 1);
    }
}

static void dist_code(unsigned dist, unsigned *code, unsigned *nextra, unsigned *extra)
{
    unsigned x = dist - 1;
    if (x < 4) {
        *code = x, *nextra = 0, *extra = 0;
    } else {
        unsigned nb = 31 - (unsigned)__builtin_clz(x); /* 2 … 14 */
        *code = 2 * nb + ((x >> (nb - 1)) & 1);
        *nextra = nb - 1;
        *extra = x & ((1u << (nb - 1)) - 1);
    }
}

static const unsigned char clen_order[N_CLEN] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                 11, 4,  12, 3, 13, 2, 14, 1, 15};

/* ---- Huffman codes ------------------------------------------------------------ */

/* Code lengths of minimum redundancy for the frequencies a[0..n), sorted
 * ascending, in place (Moffat and Katajainen, 1995): afterwards a[i] is the
 * length of the i-th symbol. n >= 2. */
static void min_redundancy(uint32_t *a, int n)
{
    a[0] += a[1];
    int root = 0, leaf = 2, next;
    for (next = 1; next < n - 1; next++) {
        if (leaf >= n || a[root] < a[leaf]) {
            a[next] = a[root];
            a[root++] = (uint32_t)next;
        } else {
            a[next] = a[leaf++];
        }
        if (leaf >= n || (root < next && a[root] < a[leaf])) {
            a[next] += a[root];
            a[root++] = (uint32_t)next;
        } else {
            a[next] += a[leaf++];
        }
    }
    a[n - 2] = 0;
    for (next = n - 3; next >= 0; next--) a[next] = a[a[next]] + 1;
    int avail = 1, used = 0, depth = 0;
    root = n - 2;
    next = n - 1;
    while (avail > 0) {
        while (root >= 0 && (int)a[root] == depth) {
            used++;
            root--;
        }
        while (avail > used) {
            a[next--] = (uint32_t)depth;
            avail--;
        }
        avail = 2 * used;
        depth++;
        used = 0;
    }
}

/* Lengths (at most maxbits) for the n symbols of freq; every symbol with a
 * frequency gets a length, the others 0. At least two symbols must have a
 * frequency (the caller makes sure), so the code is complete. */
static void huff_lengths(const uint32_t *freq, int n, int maxbits, unsigned char *len)
{
    uint64_t key[N_LITLEN];
    uint32_t a[N_LITLEN];
    int m = 0;
    for (int i = 0; i < n; i++) {
        len[i] = 0;
        if (freq[i]) key[m++] = (uint64_t)freq[i] << 16 | (uint64_t)i;
    }
    if (m < 2) { /* not for deflate (see write_block), but a code all the same */
        if (m == 1) len[key[0] & 0xFFFF] = 1;
        return;
    }
    sort_u64(key, (size_t)m);
    for (int i = 0; i < m; i++) a[i] = (uint32_t)(key[i] >> 16);
    min_redundancy(a, m);
    /* How many codes of each length; longer than maxbits moved to maxbits,
     * then lengths lengthened until the Kraft sum is one again. */
    int count[64] = {0};
    for (int i = 0; i < m; i++) count[a[i] < 63 ? a[i] : 63]++;
    for (int i = maxbits + 1; i < 64; i++) {
        count[maxbits] += count[i];
        count[i] = 0;
    }
    uint32_t total = 0;
    for (int i = 1; i <= maxbits; i++) total += (uint32_t)count[i] << (maxbits - i);
    while (total > (1u << maxbits)) {
        count[maxbits]--;
        for (int i = maxbits - 1; i > 0; i--)
            if (count[i]) {
                count[i]--;
                count[i + 1] += 2;
                break;
            }
        total--;
    }
    /* The rarest symbols get the longest codes. */
    int k = 0;
    for (int l = maxbits; l >= 1; l--)
        for (int c = 0; c < count[l]; c++) len[key[k++] & 0xFFFF] = (unsigned char)l;
}

/* Canonical codes, bit-reversed (deflate sends codes from the top bit, the
 * bit writer from the bottom). */
static void huff_codes(const unsigned char *len, int n, uint16_t *code)
{
    unsigned count[16] = {0}, next[16];
    for (int i = 0; i < n; i++) count[len[i]]++;
    count[0] = 0;
    unsigned c = 0;
    for (int b = 1; b < 16; b++) {
        c = (c + count[b - 1]) << 1;
        next[b] = c;
    }
    for (int i = 0; i < n; i++) {
        if (!len[i]) {
            code[i] = 0;
            continue;
        }
        unsigned v = next[len[i]]++, r = 0;
        for (int b = 0; b < len[i]; b++) r |= ((v >> b) & 1) << (len[i] - 1 - b);
        code[i] = (uint16_t)r;
    }
}

/* ---- bits --------------------------------------------------------------------- */

typedef struct bitw {
    uint64_t acc;
    unsigned n;
    unsigned char *p, *end;
    bool over; /* out of room: the stream is void */
} bitw;

/* nb <= 32. The caller's capacity (png_deflate_bound) covers every byte
 * written; the check only guards against a mistake here. */
static inline void put_bits(bitw *w, uint64_t v, unsigned nb)
{
    w->acc |= v << w->n;
    w->n += nb;
    if (w->n >= 32) {
        if (w->end - w->p >= 4) {
            w->p[0] = (unsigned char)w->acc;
            w->p[1] = (unsigned char)(w->acc >> 8);
            w->p[2] = (unsigned char)(w->acc >> 16);
            w->p[3] = (unsigned char)(w->acc >> 24);
            w->p += 4;
        } else {
            w->over = true;
        }
        w->acc >>= 32;
        w->n -= 32;
    }
}

/* The 8 bytes of v at p, least significant first. */
static inline void store_le64(unsigned char *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, 8);
#else
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
#endif
}

/* Pads to a byte boundary and writes out what is pending. */
static void flush_bits(bitw *w)
{
    while (w->n > 0) {
        if (w->p < w->end) *w->p++ = (unsigned char)w->acc;
        else w->over = true;
        w->acc >>= 8;
        w->n = w->n > 8 ? w->n - 8 : 0;
    }
    w->acc = 0;
}

/* ---- blocks ------------------------------------------------------------------- */

static void write_stored(bitw *w, const unsigned char *in, size_t n, bool final)
{
    do {
        size_t k = n > 65535 ? 65535 : n;
        bool last = final && k == n;
        put_bits(w, last ? 1 : 0, 3);
        flush_bits(w);
        if (w->over || (size_t)(w->end - w->p) < k + 4) {
            w->over = true;
            return;
        }
        w->p[0] = (unsigned char)k;
        w->p[1] = (unsigned char)(k >> 8);
        w->p[2] = (unsigned char)~k;
        w->p[3] = (unsigned char)(~k >> 8);
        if (k) memcpy(w->p + 4, in, k);
        w->p += 4 + k;
        in += k;
        n -= k;
    } while (n > 0);
}

/* The code lengths of both alphabets, run-length coded with 16, 17, 18:
 * cl[] symbols with their extra bits in ex[]. Returns the count. */
static int rle_lengths(const unsigned char *lens, int n, unsigned char *cl, unsigned char *ex)
{
    int k = 0;
    for (int i = 0; i < n;) {
        unsigned char v = lens[i];
        int run = 1;
        while (i + run < n && lens[i + run] == v) run++;
        i += run;
        if (v == 0) {
            while (run >= 11) {
                int r = run > 138 ? 138 : run;
                cl[k] = 18, ex[k++] = (unsigned char)(r - 11);
                run -= r;
            }
            if (run >= 3) {
                cl[k] = 17, ex[k++] = (unsigned char)(run - 3);
                run = 0;
            }
        } else {
            cl[k] = v, ex[k++] = 0;
            run--;
            while (run >= 3) {
                int r = run > 6 ? 6 : run;
                cl[k] = 16, ex[k++] = (unsigned char)(r - 3);
                run -= r;
            }
        }
        while (run-- > 0) cl[k] = v, ex[k++] = 0;
    }
    return k;
}

static const unsigned char clen_extra[N_CLEN] = {[16] = 2, [17] = 3, [18] = 7};

/* Writes the block of symbols sym[0..ns) that codes in[0..n): Huffman
 * coded, or stored when that is smaller (then returns true: a stored
 * block's bits depend on where in a byte it starts). */
static bool write_block(png_deflate *z, bitw *w, size_t ns, const unsigned char *in, size_t n,
                        bool final)
{
    const uint32_t *sym = z->sym;
    uint32_t *fl = z->fl, *fd = z->fd;
    fl[256] = 1;
    /* Two codes at least in each alphabet, so both are complete. */
    int used = 0;
    for (int i = 0; i < N_LITLEN; i++) used += fl[i] != 0;
    for (int i = 0; used < 2; i++)
        if (!fl[i]) fl[i] = 1, used++;
    used = 0;
    for (int i = 0; i < N_DIST; i++) used += fd[i] != 0;
    for (int i = 0; used < 2; i++)
        if (!fd[i]) fd[i] = 1, used++;

    unsigned char lens[N_LITLEN + N_DIST];
    huff_lengths(fl, N_LITLEN, 15, lens);
    huff_lengths(fd, N_DIST, 15, lens + N_LITLEN);
    int hlit = N_LITLEN, hdist = N_DIST;
    while (hlit > 257 && !lens[hlit - 1]) hlit--;
    while (hdist > 1 && !lens[N_LITLEN + hdist - 1]) hdist--;
    unsigned char seq[N_LITLEN + N_DIST];
    memcpy(seq, lens, (size_t)hlit);
    memcpy(seq + hlit, lens + N_LITLEN, (size_t)hdist);
    unsigned char cl[N_LITLEN + N_DIST], ex[N_LITLEN + N_DIST];
    int ncl = rle_lengths(seq, hlit + hdist, cl, ex);
    uint32_t fc[N_CLEN] = {0};
    for (int i = 0; i < ncl; i++) fc[cl[i]]++;
    used = 0;
    for (int i = 0; i < N_CLEN; i++) used += fc[i] != 0;
    for (int i = 0; used < 2; i++)
        if (!fc[i]) fc[i] = 1, used++;
    unsigned char clens[N_CLEN];
    huff_lengths(fc, N_CLEN, 7, clens);
    int hclen = N_CLEN;
    while (hclen > 4 && !clens[clen_order[hclen - 1]]) hclen--;

    /* Its size in bits against the stored block's. */
    uint64_t bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)hclen;
    for (int i = 0; i < N_CLEN; i++) bits += (uint64_t)fc[i] * (clens[i] + clen_extra[i]);
    for (int i = 0; i < N_LITLEN; i++) {
        unsigned extra = i >= 265 && i < 285 ? (unsigned)(i - 261) / 4 : 0;
        bits += (uint64_t)fl[i] * (lens[i] + extra);
    }
    for (int i = 0; i < N_DIST; i++) {
        unsigned extra = i >= 4 ? (unsigned)i / 2 - 1 : 0;
        bits += (uint64_t)fd[i] * (lens[N_LITLEN + i] + extra);
    }
    uint64_t stored = ((uint64_t)n + 5 * (n / 65535 + 1) + 1) * 8;
    if (bits >= stored) {
        write_stored(w, in, n, final);
        return true;
    }

    uint16_t cc[N_CLEN], lc[N_LITLEN], dc[N_DIST];
    huff_codes(clens, N_CLEN, cc);
    huff_codes(lens, N_LITLEN, lc);
    huff_codes(lens + N_LITLEN, N_DIST, dc);
    const unsigned char *dl = lens + N_LITLEN;
    put_bits(w, final ? 1 : 0, 1);
    put_bits(w, 2, 2);
    put_bits(w, (uint64_t)(hlit - 257), 5);
    put_bits(w, (uint64_t)(hdist - 1), 5);
    put_bits(w, (uint64_t)(hclen - 4), 4);
    for (int i = 0; i < hclen; i++) put_bits(w, clens[clen_order[i]], 3);
    for (int i = 0; i < ncl; i++) {
        put_bits(w, cc[cl[i]], clens[cl[i]]);
        if (clen_extra[cl[i]]) put_bits(w, ex[i], clen_extra[cl[i]]);
    }
    /* The symbols, with the code (and extra bits) of every literal and
     * every length looked up once per block, into a 64-bit accumulator
     * stored 8 bytes at a time: the block's size is known (bits), so the
     * room is checked once. */
    if (w->over || (uint64_t)(w->end - w->p) < bits / 8 + 16) {
        w->over = true;
        return false;
    }
    uint32_t litc[256], lenc[256];
    unsigned char litn[256], lenn[256];
    for (int i = 0; i < 256; i++) {
        litc[i] = lc[i];
        litn[i] = lens[i];
        uint32_t li = z->len_info[i];
        unsigned c = li & 0xFFFF, nx = (li >> 16) & 0xFF, x = li >> 24;
        lenc[i] = lc[c] | x << lens[c];
        lenn[i] = (unsigned char)(lens[c] + nx);
    }
    uint64_t acc = w->acc;
    unsigned nbits = w->n;
    unsigned char *p = w->p;
    unsigned last_dist = 0, dcode = 0, dbits = 0;
    for (size_t i = 0; i < ns; i++) {
        uint32_t s = sym[i];
        if (!(s & MATCH_FLAG)) {
            acc |= (uint64_t)litc[s] << nbits;
            nbits += litn[s];
        } else {
            unsigned l = (s >> 16) & 0xFF;
            acc |= (uint64_t)lenc[l] << nbits;
            nbits += lenn[l];
            unsigned d = (s & 0xFFFF) + 1;
            if (d != last_dist) {
                unsigned c, nx, x;
                dist_code(d, &c, &nx, &x);
                last_dist = d;
                dcode = dc[c] | x << dl[c];
                dbits = dl[c] + nx;
            }
            /* at most 7 + 20 bits pending: flush before the distance's 28 */
            store_le64(p, acc);
            p += nbits >> 3;
            acc = (nbits >> 3) ? acc >> (nbits & ~7u) : acc;
            nbits &= 7;
            acc |= (uint64_t)dcode << nbits;
            nbits += dbits;
        }
        store_le64(p, acc);
        p += nbits >> 3;
        acc = (nbits >> 3) ? acc >> (nbits & ~7u) : acc;
        nbits &= 7;
    }
    w->acc = acc;
    w->n = nbits;
    w->p = p;
    put_bits(w, lc[256], lens[256]);
    return false;
}

/* ---- matches ------------------------------------------------------------------ */

/* How many bytes from a equal those from b, at most max. (16 bytes at a
 * time with SSE2 measured no faster: the time goes to branches on the
 * match lengths, not to the compares.) */
static inline size_t match_len(const unsigned char *a, const unsigned char *b, size_t max)
{
    size_t l = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (l + 8 <= max) {
        uint64_t x, y;
        memcpy(&x, a + l, 8);
        memcpy(&y, b + l, 8);
        if (x != y) return l + ((unsigned)__builtin_ctzll(x ^ y) >> 3);
        l += 8;
    }
#endif
    while (l < max && a[l] == b[l]) l++;
    return l;
}

/* Codes in[start..end) as blocks of their own (the last one final when
 * end == n): matches reach back before start (the run and the row above)
 * but not past end, and the hash table offers only positions from `from`
 * on. Returns false when a block was stored. */
static bool encode_range(png_deflate *z, bitw *w, const unsigned char *in, size_t start,
                         size_t end, size_t n, size_t from, size_t stride, size_t bpp)
{
    bool stored = false;
    size_t pos = start;
    while (pos < end) {
        size_t first = pos, ns = 0;
        uint32_t *sym = z->sym, *fl = z->fl, *fd = z->fd;
        memset(z->fl, 0, sizeof z->fl);
        memset(z->fd, 0, sizeof z->fd);
        unsigned dc_bpp, dc_up, nx, x;
        dist_code((unsigned)bpp, &dc_bpp, &nx, &x);
        dist_code(stride ? (unsigned)stride : 1, &dc_up, &nx, &x);
        while (pos < end && ns < BLOCK_SYMBOLS) {
            size_t max = end - pos < MAX_MATCH ? end - pos : MAX_MATCH;
            size_t run = pos >= bpp ? match_len(in + pos, in + pos - bpp, max) : 0;
            size_t up = stride && pos >= stride && run < max
                            ? match_len(in + pos, in + pos - stride, max)
                            : 0;
            if (up > run && up >= UP_MIN) {
                sym[ns++] = MATCH_FLAG | (uint32_t)(up - 3) << 16 | (uint32_t)(stride - 1);
                fl[z->len_info[up - 3] & 0xFFFF]++;
                fd[dc_up]++;
                pos += up;
            } else if (run >= MIN_MATCH) {
                sym[ns++] = MATCH_FLAG | (uint32_t)(run - 3) << 16 | (uint32_t)(bpp - 1);
                fl[z->len_info[run - 3] & 0xFFFF]++;
                fd[dc_bpp]++;
                pos += run;
            } else {
                size_t best = 0, bd = 0;
                if (max >= 4) {
                    const unsigned char *q = in + pos;
                    uint32_t v = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
                                 (uint32_t)q[3] << 24;
                    uint32_t h = (v * 2654435761u) >> (32 - HASH_BITS);
                    size_t c = z->head[h];
                    z->head[h] = (uint32_t)pos + 1;
                    bool valid = (c > from) & (pos + 1 - c <= MAX_DIST);
                    if (n - pos >= 8) {
                        /* The first eight bytes without a branch on whether
                         * the candidate is valid (half the time it is not,
                         * unpredictably); a longer look only for a match. */
                        size_t mask = (size_t)0 - (size_t)valid; /* all ones if valid */
                        size_t cand = pos - ((pos + 1 - c) & mask);
                        uint64_t a, b;
                        memcpy(&a, in + pos, 8);
                        memcpy(&b, in + cand, 8);
                        uint64_t diff = a ^ b;
                        size_t l = ((unsigned)__builtin_ctzll(diff | UINT64_C(1) << 63) >> 3) +
                                   (diff == 0);
                        l &= mask;
                        if (l >= HASH_MIN) {
                            if (l == 8 && max > 8)
                                l += match_len(in + pos + 8, in + cand + 8, max - 8);
                            best = l < max ? l : max, bd = pos - cand;
                        }
                    } else if (valid) {
                        size_t l = match_len(in + pos, in + c - 1, max);
                        if (l > best) best = l, bd = pos + 1 - c;
                    }
                }
                if (best >= HASH_MIN) {
                    sym[ns++] = MATCH_FLAG | (uint32_t)(best - 3) << 16 | (uint32_t)(bd - 1);
                    fl[z->len_info[best - 3] & 0xFFFF]++;
                    unsigned dc;
                    dist_code((unsigned)bd, &dc, &nx, &x);
                    fd[dc]++;
                    pos += best;
                } else {
                    /* a whole pixel of literals: a match inside a pixel is rare */
                    size_t k = bpp < end - pos ? bpp : end - pos;
                    if (k > BLOCK_SYMBOLS - ns) k = BLOCK_SYMBOLS - ns;
                    for (size_t j = 0; j < k; j++) {
                        fl[in[pos]]++;
                        sym[ns++] = in[pos++];
                    }
                }
            }
        }
        stored |= write_block(z, w, ns, in + first, pos - first, pos == n);
    }
    return stored;
}

static bool args_ok(const png_deflate *z, const unsigned char *in, size_t n, size_t bpp,
                    const unsigned char *out, size_t cap)
{
    return z && (in || !n) && out && bpp >= 1 && bpp <= 8 && n < UINT32_MAX &&
           cap >= png_deflate_bound(n);
}

static void zlib_header(bitw *w)
{
    put_bits(w, 0x78, 8); /* deflate, 32 KB window */
    put_bits(w, 0x01, 8); /* no dictionary; (0x78 * 256 + 0x01) % 31 == 0 */
}

/* The Adler-32 of in after the stream; its length, 0 when out of room. */
static size_t zlib_trailer(bitw *w, const unsigned char *in, size_t n, unsigned char *out)
{
    flush_bits(w);
    if (w->over || w->end - w->p < 4) return 0;
    uint32_t adler = libdeflate_adler32(1, in, n);
    w->p[0] = (unsigned char)(adler >> 24);
    w->p[1] = (unsigned char)(adler >> 16);
    w->p[2] = (unsigned char)(adler >> 8);
    w->p[3] = (unsigned char)adler;
    return (size_t)(w->p + 4 - out);
}

size_t png_deflate_zlib(png_deflate *z, const unsigned char *in, size_t n, size_t stride,
                        size_t bpp, unsigned char *out, size_t cap)
{
    if (!args_ok(z, in, n, bpp, out, cap)) return 0;
    if (stride > MAX_DIST || stride <= bpp) stride = 0;
    bitw w = {0, 0, out, out + cap, false};
    memset(z->head, 0, sizeof z->head);
    zlib_header(&w);
    if (n == 0) write_stored(&w, in, 0, true);
    encode_range(z, &w, in, 0, n, n, 0, stride, bpp);
    return zlib_trailer(&w, in, n, out);
}

/* ---- bands ---------------------------------------------------------------------- */

unsigned char *png_deflate_input(png_deflate *z, size_t n)
{
    if (!z) return NULL;
    if (z->in_cap < n + 8) {
        free(z->in_buf);
        z->in_cap = n + 8;
        z->in_buf = xmalloc(z->in_cap);
    }
    return z->in_buf;
}

/* In band_bit: the band holds a stored block (not reusable). */
#define STORED_BAND (UINT64_C(1) << 63)

/* The bits [b0, b1) of src, appended to w. */
static void copy_bits(bitw *w, const unsigned char *src, uint64_t b0, uint64_t b1)
{
    while (b0 < b1) {
        uint64_t v = 0;
        const unsigned char *q = src + (b0 >> 3);
        for (int i = 0; i < 5; i++) v |= (uint64_t)q[i] << (8 * i); /* src has 8 bytes of slack */
        v >>= b0 & 7;
        unsigned k = b1 - b0 < 32 ? (unsigned)(b1 - b0) : 32;
        put_bits(w, v & ((UINT64_C(1) << k) - 1), k);
        b0 += k;
    }
}

/* Each band ends a block: 5 bytes more per band in the worst case. */
size_t png_deflate_bands_bound(size_t n, size_t band)
{
    return png_deflate_bound(n) + 5 * (band ? n / band + 1 : 0);
}

size_t png_deflate_bands(png_deflate *z, size_t n, size_t stride, size_t bpp, size_t band,
                         unsigned char *out, size_t cap)
{
    if (!z || n + 8 > z->in_cap || band == 0 || cap < png_deflate_bands_bound(n, band)) return 0;
    const unsigned char *in = z->in_buf;
    if (!args_ok(z, in, n, bpp, out, cap)) return 0;
    if (stride > MAX_DIST || stride <= bpp) stride = 0;
    size_t bands = (n + band - 1) / band;
    if (z->band_cap < bands + 1) {
        free(z->band_bit);
        z->band_cap = bands + 1;
        z->band_bit = xmalloc(z->band_cap * sizeof *z->band_bit);
    }
    /* The previous stream's bands serve where their input (and what their
     * matches reach back to) is the same. */
    bool same = z->prev_n == n && z->prev_stride == stride && z->prev_bpp == bpp &&
                z->prev_band == band;
    size_t back = stride > bpp ? stride : bpp;
    bitw w = {0, 0, out, out + cap, false};
    memset(z->head, 0, sizeof z->head);
    zlib_header(&w);
    if (n == 0) write_stored(&w, in, 0, true);
    for (size_t k = 0; k < bands; k++) {
        size_t start = k * band, end = start + band < n ? start + band : n;
        size_t lo = start > back ? start - back : 0;
        uint64_t b0 = (uint64_t)(w.p - out) * 8 + w.n;
        if (same && !(z->prev_band_bit[k] & STORED_BAND) &&
            memcmp(in + lo, z->prev_in + lo, end - lo) == 0) {
            copy_bits(&w, z->prev_out, z->prev_band_bit[k], z->prev_band_bit[k + 1] & ~STORED_BAND);
            z->band_bit[k] = b0;
            continue;
        }
        bool stored = encode_range(z, &w, in, start, end, n, start, stride, bpp);
        z->band_bit[k] = b0 | (stored ? STORED_BAND : 0);
    }
    z->band_bit[bands] = (uint64_t)(w.p - out) * 8 + w.n;
    size_t len = zlib_trailer(&w, in, n, out);
    if (!len) {
        z->prev_n = SIZE_MAX;
        return 0;
    }
    /* Keep this input and stream for the next call. */
    unsigned char *t = z->prev_in;
    size_t tc = z->prev_in_cap;
    z->prev_in = z->in_buf;
    z->prev_in_cap = z->in_cap;
    z->in_buf = t;
    z->in_cap = tc;
    if (z->prev_out_cap < len + 8) {
        free(z->prev_out);
        z->prev_out_cap = len + 8;
        z->prev_out = xmalloc(z->prev_out_cap);
    }
    memcpy(z->prev_out, out, len);
    memset(z->prev_out + len, 0, 8);
    z->prev_out_len = len;
    uint64_t *tb = z->prev_band_bit;
    size_t tbc = z->prev_band_cap;
    z->prev_band_bit = z->band_bit;
    z->prev_band_cap = z->band_cap;
    z->band_bit = tb;
    z->band_cap = tbc;
    z->prev_n = n;
    z->prev_stride = stride;
    z->prev_bpp = bpp;
    z->prev_band = band;
    return len;
}
