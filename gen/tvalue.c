/* tvalue: the template context value tree (see tvalue.h). */
#include "tvalue.h"

#include "format.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tv_entry {
    char *key;      /* owned, NUL-terminated copy (may also contain NULs) */
    size_t key_len;
    uint64_t hash;
    tv *value;      /* owned */
} tv_entry;

struct tv {
    tv_kind kind;
    union {
        bool b;
        double num;
        struct {
            char *s;  /* NUL-terminated; in the node's own allocation */
            size_t len;
        } str;
        struct {
            tv **items; /* owned */
            size_t n, cap;
        } list;
        struct {
            tv_entry *entries; /* owned, insertion order */
            size_t n, cap;
            /* Open-addressing index (entry number + 1, 0 = empty), built once
             * a map outgrows a linear scan: views hold maps keyed by region
             * or indicator with hundreds of entries. */
            size_t *index;
            size_t index_cap; /* power of two, or 0 */
        } map;
    } u;
};

/* Maps up to this size are searched linearly. */
#define TV_MAP_LINEAR_MAX 16

static tv *tv_alloc(tv_kind kind)
{
    tv *v = xcalloc(1, sizeof *v);
    v->kind = kind;
    return v;
}

tv *tv_new_null(void)
{
    return tv_alloc(TV_NULL);
}

tv *tv_new_bool(bool b)
{
    tv *v = tv_alloc(TV_BOOL);
    v->u.b = b;
    return v;
}

tv *tv_new_number(double d)
{
    tv *v = tv_alloc(TV_NUMBER);
    v->u.num = d;
    return v;
}

tv *tv_new_string(const char *s)
{
    return tv_new_stringn(s ? s : "", s ? strlen(s) : 0);
}

tv *tv_new_stringn(const char *s, size_t len)
{
    /* Node and bytes in one allocation: a view's context holds thousands of
     * strings, and each malloc and free showed in a region's time. */
    tv *v = xmalloc(sizeof *v + len + 1);
    memset(v, 0, sizeof *v);
    v->kind = TV_STRING;
    v->u.str.s = (char *)(v + 1);
    if (len) memcpy(v->u.str.s, s, len);
    v->u.str.s[len] = '\0';
    v->u.str.len = len;
    return v;
}

tv *tv_new_list(void)
{
    return tv_alloc(TV_LIST);
}

tv *tv_new_map(void)
{
    return tv_alloc(TV_MAP);
}

void tv_free(tv *v)
{
    /* An explicit work list instead of recursion: a hand-built tree may be
     * deeper than the stack. */
    tv **todo = NULL;
    size_t n = 0, cap = 0;
    while (v) {
        switch (v->kind) {
        case TV_STRING: /* the bytes go with the node */
            break;
        case TV_LIST:
        case TV_MAP: {
            size_t count = v->kind == TV_LIST ? v->u.list.n : v->u.map.n;
            if (n + count > cap) {
                while (n + count > cap) cap = cap ? cap * 2 : 64;
                todo = xrealloc(todo, cap * sizeof *todo);
            }
            if (v->kind == TV_LIST) {
                for (size_t i = 0; i < count; i++) todo[n++] = v->u.list.items[i];
                free(v->u.list.items);
            } else {
                for (size_t i = 0; i < count; i++) {
                    free(v->u.map.entries[i].key);
                    todo[n++] = v->u.map.entries[i].value;
                }
                free(v->u.map.entries);
                free(v->u.map.index);
            }
            break;
        }
        default:
            break;
        }
        free(v);
        v = n ? todo[--n] : NULL;
    }
    free(todo);
}

tv_kind tv_kind_of(const tv *v)
{
    return v ? v->kind : TV_NULL;
}

bool tv_bool(const tv *v)
{
    return v && v->kind == TV_BOOL && v->u.b;
}

double tv_number(const tv *v)
{
    return v && v->kind == TV_NUMBER ? v->u.num : 0.0;
}

const char *tv_string(const tv *v, size_t *len)
{
    if (!v || v->kind != TV_STRING) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = v->u.str.len;
    return v->u.str.s;
}

void tv_list_push(tv *list, tv *item)
{
    if (!item) item = tv_new_null();
    if (!list || list->kind != TV_LIST) {
        tv_free(item);
        return;
    }
    if (list->u.list.n == list->u.list.cap) {
        list->u.list.cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
        list->u.list.items = xrealloc(list->u.list.items, list->u.list.cap * sizeof(tv *));
    }
    list->u.list.items[list->u.list.n++] = item;
}

size_t tv_list_len(const tv *list)
{
    return list && list->kind == TV_LIST ? list->u.list.n : 0;
}

const tv *tv_list_get(const tv *list, size_t i)
{
    if (!list || list->kind != TV_LIST || i >= list->u.list.n) return NULL;
    return list->u.list.items[i];
}

/* FNV-1a: short keys, no adversary that could profit from collisions. */
static uint64_t tv_key_hash(const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void tv_index_insert(tv *map, size_t entry)
{
    size_t mask = map->u.map.index_cap - 1;
    size_t slot = (size_t)map->u.map.entries[entry].hash & mask;
    while (map->u.map.index[slot]) slot = (slot + 1) & mask;
    map->u.map.index[slot] = entry + 1;
}

static void tv_index_rebuild(tv *map)
{
    size_t cap = 64;
    while (cap < map->u.map.n * 2) cap *= 2;
    free(map->u.map.index);
    map->u.map.index = xcalloc(cap, sizeof(size_t));
    map->u.map.index_cap = cap;
    for (size_t i = 0; i < map->u.map.n; i++) tv_index_insert(map, i);
}

/* Entry number of key, or (size_t)-1. */
static size_t tv_map_find(const tv *map, const char *key, size_t len, uint64_t hash)
{
    const tv_entry *e = map->u.map.entries;
    if (map->u.map.index) {
        size_t mask = map->u.map.index_cap - 1;
        for (size_t slot = (size_t)hash & mask; map->u.map.index[slot]; slot = (slot + 1) & mask) {
            size_t i = map->u.map.index[slot] - 1;
            if (e[i].hash == hash && e[i].key_len == len && memcmp(e[i].key, key, len) == 0)
                return i;
        }
        return (size_t)-1;
    }
    for (size_t i = 0; i < map->u.map.n; i++)
        if (e[i].key_len == len && memcmp(e[i].key, key, len) == 0) return i;
    return (size_t)-1;
}

void tv_map_set(tv *map, const char *key, tv *value)
{
    tv_map_setn(map, key, key ? strlen(key) : 0, value);
}

void tv_map_setn(tv *map, const char *key, size_t key_len, tv *value)
{
    if (!value) value = tv_new_null();
    if (!map || map->kind != TV_MAP) {
        tv_free(value);
        return;
    }
    if (!key) key = "";
    uint64_t hash = tv_key_hash(key, key_len);
    size_t i = tv_map_find(map, key, key_len, hash);
    if (i != (size_t)-1) {
        tv_free(map->u.map.entries[i].value);
        map->u.map.entries[i].value = value;
        return;
    }
    if (map->u.map.n == map->u.map.cap) {
        map->u.map.cap = map->u.map.cap ? map->u.map.cap * 2 : 4;
        map->u.map.entries = xrealloc(map->u.map.entries, map->u.map.cap * sizeof(tv_entry));
    }
    tv_entry *e = &map->u.map.entries[map->u.map.n++];
    e->key = xstrndup(key_len ? key : "", key_len);
    e->key_len = key_len;
    e->hash = hash;
    e->value = value;
    if (map->u.map.n > TV_MAP_LINEAR_MAX) {
        if (!map->u.map.index || map->u.map.n * 2 > map->u.map.index_cap)
            tv_index_rebuild(map);
        else
            tv_index_insert(map, map->u.map.n - 1);
    }
}

void tv_set_str(tv *map, const char *key, const char *s)
{
    tv_map_set(map, key, tv_new_string(s ? s : ""));
}

void tv_set_bool(tv *map, const char *key, bool b)
{
    tv_map_set(map, key, tv_new_bool(b));
}

void tv_set_num(tv *map, const char *key, double x)
{
    tv_map_set(map, key, isnan(x) ? tv_new_null() : tv_new_number(x));
}

void tv_set_own(tv *map, const char *key, char *s)
{
    tv_map_set(map, key, tv_new_string(s));
    free(s);
}

const tv *tv_map_get(const tv *map, const char *key)
{
    return key ? tv_map_getn(map, key, strlen(key)) : NULL;
}

const tv *tv_map_getn(const tv *map, const char *key, size_t key_len)
{
    if (!map || map->kind != TV_MAP || (!key && key_len)) return NULL;
    if (!key) key = "";
    size_t i = tv_map_find(map, key, key_len, map->u.map.index ? tv_key_hash(key, key_len) : 0);
    return i == (size_t)-1 ? NULL : map->u.map.entries[i].value;
}

size_t tv_map_len(const tv *map)
{
    return map && map->kind == TV_MAP ? map->u.map.n : 0;
}

const char *tv_map_key(const tv *map, size_t i, size_t *key_len)
{
    if (!map || map->kind != TV_MAP || i >= map->u.map.n) {
        if (key_len) *key_len = 0;
        return NULL;
    }
    if (key_len) *key_len = map->u.map.entries[i].key_len;
    return map->u.map.entries[i].key;
}

const tv *tv_map_value(const tv *map, size_t i)
{
    if (!map || map->kind != TV_MAP || i >= map->u.map.n) return NULL;
    return map->u.map.entries[i].value;
}

bool tv_truthy(const tv *v)
{
    switch (tv_kind_of(v)) {
    case TV_NULL: return false;
    case TV_BOOL: return v->u.b;
    case TV_NUMBER: return true;
    case TV_STRING: return v->u.str.len > 0;
    case TV_LIST: return v->u.list.n > 0;
    case TV_MAP: return true;
    }
    return false;
}

/* printf and strtod follow LC_NUMERIC; switch this thread to "C" around them. */
void tv_number_format(buf *out, double v)
{
    if (isnan(v)) {
        buf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        buf_puts(out, v < 0 ? "-Infinity" : "Infinity");
        return;
    }
    /* Integers that a double holds exactly print as such. */
    if (fabs(v) <= 9007199254740992.0 && v == trunc(v)) {
        buf_printf(out, "%lld", (long long)v);
        return;
    }
    fmt_double_shortest(out, v, '.', "");
}

/* A node for j without its children. */
static tv *tv_from_json_shallow(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return tv_new_map();
    case JSON_ARRAY: return tv_new_list();
    case JSON_STRING: return tv_new_stringn(json_string_value(j), json_string_length(j));
    case JSON_INTEGER: return tv_new_number((double)json_integer_value(j));
    case JSON_REAL: return tv_new_number(json_real_value(j));
    case JSON_TRUE: return tv_new_bool(true);
    case JSON_FALSE: return tv_new_bool(false);
    case JSON_NULL: return tv_new_null();
    }
    return tv_new_null();
}

typedef struct tv_json_frame {
    const json_t *src;
    tv *dst;
    size_t next;   /* arrays: next index */
    void *iter;    /* objects: next entry */
} tv_json_frame;

tv *tv_from_json(const json_t *j)
{
    if (!j) return NULL;
    tv *root = tv_from_json_shallow(j);
    if (!json_is_array(j) && !json_is_object(j)) return root;

    /* Iterative for the same reason as tv_free. */
    tv_json_frame *stack = NULL;
    size_t n = 0, cap = 0;
    const json_t *src = j;
    tv *dst = root;
    for (;;) {
        if (src) {
            if (n == TV_JSON_MAX_DEPTH) {
                free(stack);
                tv_free(root);
                return NULL;
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                stack = xrealloc(stack, cap * sizeof *stack);
            }
            stack[n].src = src;
            stack[n].dst = dst;
            stack[n].next = 0;
            /* json_object_iter only reads, but its prototype is not const. */
            stack[n].iter = json_is_object(src) ? json_object_iter((json_t *)src) : NULL;
            n++;
            src = NULL;
        }
        if (!n) break;
        tv_json_frame *f = &stack[n - 1];
        const json_t *child;
        if (json_is_array(f->src)) {
            if (f->next >= json_array_size(f->src)) {
                n--;
                continue;
            }
            child = json_array_get(f->src, f->next++);
            dst = tv_from_json_shallow(child);
            tv_list_push(f->dst, dst);
        } else {
            if (!f->iter) {
                n--;
                continue;
            }
            const char *key = json_object_iter_key(f->iter);
            size_t key_len = json_object_iter_key_len(f->iter);
            child = json_object_iter_value(f->iter);
            f->iter = json_object_iter_next((json_t *)f->src, f->iter);
            dst = tv_from_json_shallow(child);
            tv_map_setn(f->dst, key, key_len, dst);
        }
        if (json_is_array(child) || json_is_object(child)) src = child;
    }
    free(stack);
    return root;
}

static void json_indent(buf *out, bool pretty, size_t depth)
{
    if (!pretty) return;
    buf_putc(out, '\n');
    for (size_t i = 0; i < depth; i++) buf_puts(out, "  ");
}

static void json_out(buf *out, const tv *v, bool pretty, size_t depth)
{
    switch (tv_kind_of(v)) {
    case TV_NULL: buf_puts(out, "null"); return;
    case TV_BOOL: buf_puts(out, tv_bool(v) ? "true" : "false"); return;
    case TV_NUMBER: {
        double x = tv_number(v);
        if (x != x || x - x != 0)
            buf_puts(out, "null");
        else
            tv_number_format(out, x);
        return;
    }
    case TV_STRING: {
        size_t n;
        const char *s = tv_string(v, &n);
        fmt_json_string(out, s, n);
        return;
    }
    case TV_LIST:
        buf_putc(out, '[');
        for (size_t i = 0; i < tv_list_len(v); i++) {
            if (i) buf_putc(out, ',');
            json_indent(out, pretty, depth + 1);
            json_out(out, tv_list_get(v, i), pretty, depth + 1);
        }
        if (tv_list_len(v)) json_indent(out, pretty, depth);
        buf_putc(out, ']');
        return;
    case TV_MAP:
        buf_putc(out, '{');
        for (size_t i = 0; i < tv_map_len(v); i++) {
            size_t kn;
            const char *k = tv_map_key(v, i, &kn);
            if (i) buf_putc(out, ',');
            json_indent(out, pretty, depth + 1);
            fmt_json_string(out, k, kn);
            buf_puts(out, pretty ? ": " : ":");
            json_out(out, tv_map_value(v, i), pretty, depth + 1);
        }
        if (tv_map_len(v)) json_indent(out, pretty, depth);
        buf_putc(out, '}');
        return;
    }
}

void tv_write_json(buf *out, const tv *v, bool pretty)
{
    json_out(out, v, pretty, 0);
    if (pretty) buf_putc(out, '\n');
}
