/* sha256: SHA-256 (FIPS 180-4) of our own, for the provenance manifest.
 *
 * Owned by the manifest work (gen/manifest.c); tested against the FIPS 180
 * example vectors in tests/unit/test_sha256.c. Pure computation, no I/O, no
 * allocation; a context may be reused after sha256_init. Thread-safe (no
 * shared state). */
#ifndef DIGINDEX_SHA256_H
#define DIGINDEX_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;         /* message length so far */
    unsigned char block[64];
    size_t fill;            /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, unsigned char digest[32]);

/* One call: digest of len bytes. */
void sha256_digest(const void *data, size_t len, unsigned char digest[32]);
/* A digest as 64 lowercase hex digits plus NUL into hex[65]. */
void sha256_to_hex(const unsigned char digest[32], char hex[65]);
/* One call, as 64 lowercase hex digits plus NUL into hex[65]. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
