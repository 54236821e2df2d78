/* buf: a growable byte buffer, always NUL-terminated.
 *
 * Used by every writer (JSON, CSV, SVG, HTML, messages). A zeroed buf is an
 * empty buffer. Allocation failure aborts: the program cannot do anything
 * useful without memory, and threading ENOMEM through every append would make
 * each renderer twice as long. */
#ifndef DIGINDEX_BUF_H
#define DIGINDEX_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;   /* owned; NULL while empty and never grown */
    size_t len;
    size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Grows b to hold extra more bytes and the NUL: buf_reserve's slow path. */
void buf_grow(buf *b, size_t extra);

/* The appends are inline: writers call them per byte or per short piece
 * (SVG escaping, CP1252 text, template text) millions of times a build, and
 * the calls themselves showed in profiles. */
static inline void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap) buf_grow(b, extra);
}

static inline void buf_append(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void buf_puts(buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

static inline void buf_putc(buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

/* The decimal digits of v, without printf (for writers that put thousands
 * of numbers into a PDF). */
void buf_put_uint(buf *b, size_t v);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_clear(buf *b);
/* Returns the contents as a NUL-terminated string ("" when empty); borrowed. */
const char *buf_cstr(const buf *b);
/* Hands the contents to the caller (who frees them) and resets b. Never NULL. */
char *buf_detach(buf *b);
void buf_free(buf *b);

/* xmalloc & co. abort with a message on allocation failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
