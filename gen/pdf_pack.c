/* pdf_pack: object streams and a cross-reference stream (see pdf_pack.h). */
#include "pdf_pack.h"

#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct pack_obj {
    size_t off;           /* offset of "N 0 obj" in the input; 0 = free */
    const char *body;     /* between the header line and "endobj" */
    size_t body_len;
    bool stream;          /* stays outside the object stream */
    size_t new_off;       /* offset in the output (streams) */
    size_t index;         /* index in the object stream (the others) */
} pack_obj;

static const char *find_last(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (len < n) return NULL;
    for (size_t i = len - n + 1; i-- > 0;)
        if (memcmp(s + i, needle, n) == 0) return s + i;
    return NULL;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* Parses a decimal number at *p (after spaces); false when there is none. */
static bool read_num(const char **p, const char *end, size_t *v)
{
    const char *s = *p;
    while (s < end && is_space(*s)) s++;
    if (s == end || *s < '0' || *s > '9') return false;
    size_t x = 0;
    while (s < end && *s >= '0' && *s <= '9') {
        if (x > SIZE_MAX / 10 - 10) return false;
        x = x * 10 + (size_t)(*s++ - '0');
    }
    *v = x;
    *p = s;
    return true;
}

/* The "N 0 R" after key in the trailer dict [t, end), copied to out. */
static bool trailer_ref(const char *t, const char *end, const char *key, buf *out)
{
    const char *k = memmem(t, (size_t)(end - t), key, strlen(key));
    if (!k) return false;
    const char *p = k + strlen(key);
    size_t num, gen;
    if (!read_num(&p, end, &num) || !read_num(&p, end, &gen)) return false;
    while (p < end && is_space(*p)) p++;
    if (p == end || *p != 'R') return false;
    buf_printf(out, "%s %zu %zu R", key, num, gen);
    return true;
}

static void put_be(buf *b, size_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--) buf_putc(b, (char)((v >> (8 * i)) & 0xFF));
}

/* zlib-compresses data into out (cleared first). */
static bool deflate_into(struct libdeflate_compressor *c, const buf *data, buf *out)
{
    buf_clear(out);
    size_t bound = libdeflate_zlib_compress_bound(c, data->len);
    buf_reserve(out, bound);
    size_t n = libdeflate_zlib_compress(c, data->data ? data->data : "", data->len, out->data,
                                        bound);
    if (n == 0) return false;
    out->len = n;
    return true;
}

typedef struct obj_at {
    size_t off, num;
} obj_at;

static int by_offset(const void *a, const void *b)
{
    size_t x = ((const obj_at *)a)->off, y = ((const obj_at *)b)->off;
    return x < y ? -1 : x > y;
}

static bool parse(const char *pdf, size_t len, pack_obj **objs_out, size_t *n_out, buf *trailer)
{
    if (len < 32 || memcmp(pdf, "%PDF-", 5) != 0) return false;
    const char *sx = find_last(pdf, len, "startxref");
    if (!sx) return false;
    const char *p = sx + 9, *end = pdf + len;
    size_t xref_off;
    if (!read_num(&p, end, &xref_off) || xref_off >= len) return false;
    const char *x = pdf + xref_off;
    if ((size_t)(end - x) < 4 || memcmp(x, "xref", 4) != 0) return false;
    const char *tr = memmem(x, (size_t)(sx - x), "trailer", 7);
    if (!tr) return false;
    if (memmem(tr, (size_t)(sx - tr), "/Encrypt", 8) || memmem(tr, (size_t)(sx - tr), "/Prev", 5))
        return false;
    p = x + 4;
    pack_obj *objs = NULL;
    size_t n = 0;
    /* Subsections: "first count" then count entries of 20 bytes. */
    for (;;) {
        const char *q = p;
        size_t first, count;
        if (!read_num(&q, tr, &first) || !read_num(&q, tr, &count)) break;
        while (q < tr && (*q == ' ' || *q == '\r' || *q == '\n')) q++;
        if (count > (size_t)(tr - q) / 20 || first + count > 8388607) goto bad;
        if (first + count > n) {
            objs = xrealloc(objs, (first + count) * sizeof *objs);
            memset(objs + n, 0, (first + count - n) * sizeof *objs);
            n = first + count;
        }
        for (size_t i = 0; i < count; i++, q += 20) {
            const char *e = q;
            size_t off, gen;
            if (!read_num(&e, q + 20, &off) || !read_num(&e, q + 20, &gen)) goto bad;
            while (e < q + 20 && *e == ' ') e++;
            if (e == q + 20) goto bad;
            if (*e == 'n') {
                if (gen != 0 || off >= xref_off) goto bad;
                objs[first + i].off = off;
            }
        }
        p = q;
    }
    if (n == 0) goto bad;
    /* Each object ends where the next one (by offset) starts, or at the xref. */
    obj_at *order = xcalloc(n, sizeof *order);
    size_t m = 0;
    for (size_t i = 1; i < n; i++)
        if (objs[i].off) order[m++] = (obj_at){objs[i].off, i};
    qsort(order, m, sizeof *order, by_offset);
    for (size_t k = 0; k < m; k++) {
        size_t i = order[k].num;
        pack_obj *o = &objs[i];
        size_t stop = k + 1 < m ? order[k + 1].off : xref_off;
        if (stop <= o->off) {
            free(order);
            goto bad;
        }
        const char *s = pdf + o->off, *e = pdf + stop;
        size_t num, gen;
        bool head_ok = read_num(&s, e, &num) && num == i && read_num(&s, e, &gen);
        while (s < e && *s == ' ') s++;
        head_ok = head_ok && (size_t)(e - s) >= 3 && memcmp(s, "obj", 3) == 0;
        s += 3;
        while (s < e && is_space(*s)) s++;
        const char *eo = head_ok ? find_last(s, (size_t)(e - s), "endobj") : NULL;
        if (!eo) {
            free(order);
            goto bad;
        }
        while (eo > s && is_space(eo[-1])) eo--;
        o->body = s;
        o->body_len = (size_t)(eo - s);
        o->stream = o->body_len >= 9 && memcmp(eo - 9, "endstream", 9) == 0;
    }
    free(order);
    buf_clear(trailer);
    if (!trailer_ref(tr, sx, "/Root", trailer)) goto bad;
    buf_putc(trailer, '\n');
    if (trailer_ref(tr, sx, "/Info", trailer)) buf_putc(trailer, '\n');
    *objs_out = objs;
    *n_out = n;
    return true;
bad:
    free(objs);
    *objs_out = NULL;
    return false;
}

/* Puts extra's objects in place or after the input's. */
static bool add_extra(pack_obj **objs, size_t *n, const pdf_pack_extra *extra)
{
    size_t size = *n, added = 0;
    for (size_t k = 0; k < extra->n; k++)
        if (extra->objs[k].num >= size) added++;
    if (added) {
        *objs = xrealloc(*objs, (size + added) * sizeof **objs);
        memset(*objs + size, 0, added * sizeof **objs);
    }
    size_t next = size;
    for (size_t k = 0; k < extra->n; k++) {
        const pdf_pack_obj *e = &extra->objs[k];
        pack_obj *o;
        if (e->num < size) {
            o = &(*objs)[e->num];
            if (!o->off || o->stream) return false;
        } else {
            if (e->num != next) return false;
            o = &(*objs)[next++];
            o->off = 1; /* in use; its body comes from extra */
        }
        o->body = extra->body + e->off;
        o->body_len = e->len;
        o->stream = false;
    }
    *n = next;
    return true;
}

bool pdf_pack(const char *pdf, size_t len, const pdf_pack_extra *extra, buf *out)
{
    pack_obj *objs = NULL;
    size_t n = 0;
    buf trailer = BUF_INIT;
    if (!parse(pdf, len, &objs, &n, &trailer) || (extra && !add_extra(&objs, &n, extra))) {
        free(objs);
        buf_free(&trailer);
        return false;
    }
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    if (!c) {
        free(objs);
        buf_free(&trailer);
        return false;
    }
    size_t start = out->len;
    buf head = BUF_INIT, data = BUF_INIT, z = BUF_INIT;
    bool ok = true;
    /* The header's second line marks the file as binary, as libharu's does. */
    buf_puts(out, "%PDF-1.7\n%\xB7\xBE\xAD\xAA\n");
    for (size_t i = 1; i < n; i++) {
        pack_obj *o = &objs[i];
        if (!o->off || !o->stream) continue;
        o->new_off = out->len - start;
        buf_put_uint(out, i);
        buf_puts(out, " 0 obj\n");
        buf_append(out, o->body, o->body_len);
        buf_puts(out, "\nendobj\n");
    }
    /* The object stream: "num offset" pairs, then the objects. */
    size_t objstm = n, xref = n + 1, count = 0;
    for (size_t i = 1; i < n; i++) {
        pack_obj *o = &objs[i];
        if (!o->off || o->stream) continue;
        o->index = count++;
        buf_put_uint(&head, i);
        buf_putc(&head, ' ');
        buf_put_uint(&head, data.len);
        buf_putc(&head, ' ');
        buf_append(&data, o->body, o->body_len);
        buf_putc(&data, '\n');
    }
    size_t objstm_off = out->len - start;
    if (count > 0) {
        size_t first = head.len;
        buf_append(&head, data.data ? data.data : "", data.len);
        ok = deflate_into(c, &head, &z);
        buf_printf(out,
                   "%zu 0 obj\n<<\n/Type /ObjStm\n/N %zu\n/First %zu\n/Filter /FlateDecode\n"
                   "/Length %zu\n>>\nstream\r\n",
                   objstm, count, first, z.len);
        buf_append(out, z.data, z.len);
        buf_puts(out, "\nendstream\nendobj\n");
    }
    /* The cross-reference stream: type, field 2 (4 bytes), field 3 (the
     * index in the object stream: 2 bytes, 3 for more than 65,535 objects). */
    size_t xref_off = out->len - start;
    int w3 = count > 0xFFFF ? 3 : 2;
    buf_clear(&data);
    for (size_t i = 0; i < n + 2; i++) {
        size_t type, f2, f3;
        if (i == objstm) {
            type = count ? 1 : 0;
            f2 = count ? objstm_off : 0;
            f3 = 0;
        } else if (i == xref) {
            type = 1;
            f2 = xref_off;
            f3 = 0;
        } else if (!objs[i].off) {
            type = 0;
            f2 = 0;
            f3 = i == 0 ? 0xFFFF : 0;
        } else if (objs[i].stream) {
            type = 1;
            f2 = objs[i].new_off;
            f3 = 0;
        } else {
            type = 2;
            f2 = objstm;
            f3 = objs[i].index;
        }
        put_be(&data, type, 1);
        put_be(&data, f2, 4);
        put_be(&data, f3, w3);
    }
    ok = ok && xref_off <= UINT32_MAX && n + 2 <= UINT32_MAX && deflate_into(c, &data, &z);
    if (ok) {
        buf_printf(out,
                   "%zu 0 obj\n<<\n/Type /XRef\n/Size %zu\n/W [1 4 %d]\n%s/Filter /FlateDecode\n"
                   "/Length %zu\n>>\nstream\r\n",
                   xref, n + 2, w3, buf_cstr(&trailer), z.len);
        buf_append(out, z.data, z.len);
        buf_printf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xref_off);
    } else {
        out->len = start;
        if (out->data) out->data[start] = '\0';
    }
    libdeflate_free_compressor(c);
    buf_free(&head);
    buf_free(&data);
    buf_free(&z);
    buf_free(&trailer);
    free(objs);
    return ok;
}
