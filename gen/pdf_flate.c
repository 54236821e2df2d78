/* pdf_flate: zlib streams reused across documents (see pdf_flate.h). */
#include "pdf_flate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct entry {
    uint64_t hash;
    unsigned char *key; /* owned; compared in full on a hit */
    size_t key_len;
    unsigned char *z; /* owned; the zlib stream */
    size_t z_len;
    size_t aux;
    size_t uses;
} entry;

struct pdf_flate_cache {
    pthread_mutex_t lock;
    entry *e;
    size_t n, cap;
};

pdf_flate_cache *pdf_flate_cache_new(size_t cap)
{
    pdf_flate_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->cap = cap ? cap : 1;
    c->e = xcalloc(c->cap, sizeof *c->e);
    return c;
}

void pdf_flate_cache_free(pdf_flate_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].key);
        free(c->e[i].z);
    }
    free(c->e);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* FNV-1a over 8-byte words, then the tail: only to skip most full compares. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3u;
    }
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3u;
    return h ^ (h >> 29);
}

/* Index of the entry under exactly key[0, len), or c->n. Under the lock. */
static size_t find(const pdf_flate_cache *c, uint64_t h, const void *key, size_t len)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->e[i].hash == h && c->e[i].key_len == len && memcmp(c->e[i].key, key, len) == 0)
            return i;
    return c->n;
}

bool pdf_flate_find(pdf_flate_cache *c, const void *key, size_t key_len, buf *out, size_t *aux)
{
    uint64_t h = hash_bytes(key, key_len);
    pthread_mutex_lock(&c->lock);
    size_t i = find(c, h, key, key_len);
    bool hit = i < c->n;
    if (hit) {
        c->e[i].uses++;
        buf_append(out, (const char *)c->e[i].z, c->e[i].z_len);
        if (aux) *aux = c->e[i].aux;
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

/* Stores key → z (owned from here) with aux unless the key is cached by now;
 * frees z then. */
static void insert(pdf_flate_cache *c, const void *key, size_t key_len, unsigned char *z,
                   size_t z_len, size_t aux)
{
    uint64_t h = hash_bytes(key, key_len);
    pthread_mutex_lock(&c->lock);
    if (find(c, h, key, key_len) < c->n) { /* another thread was quicker */
        pthread_mutex_unlock(&c->lock);
        free(z);
        return;
    }
    size_t slot = c->n;
    if (c->n == c->cap) { /* replace the least used entry */
        slot = 0;
        for (size_t k = 1; k < c->n; k++)
            if (c->e[k].uses < c->e[slot].uses) slot = k;
        free(c->e[slot].key);
        free(c->e[slot].z);
    } else {
        c->n++;
    }
    unsigned char *k = xmalloc(key_len ? key_len : 1);
    memcpy(k, key, key_len);
    c->e[slot] = (entry){h, k, key_len, z, z_len, aux, 1};
    pthread_mutex_unlock(&c->lock);
}

bool pdf_flate_add(pdf_flate_cache *c, const void *key, size_t key_len, const void *data,
                   size_t len, size_t aux, buf *out)
{
    /* compress2 is deflateInit (default window and memory level) with
     * Z_FINISH: what libharu's HPDF_Stream_WriteToStreamWithDeflate does. */
    uLongf z_len = compressBound((uLong)len);
    unsigned char *z = xmalloc(z_len);
    if (compress2(z, &z_len, data, (uLong)len, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        return false;
    }
    buf_append(out, (const char *)z, z_len);
    insert(c, key, key_len, z, z_len, aux);
    return true;
}

void pdf_flate_put(pdf_flate_cache *c, const void *key, size_t key_len, const void *z,
                   size_t z_len, size_t aux)
{
    unsigned char *copy = xmalloc(z_len ? z_len : 1);
    memcpy(copy, z, z_len);
    insert(c, key, key_len, copy, z_len, aux);
}
