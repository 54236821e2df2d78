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
    bool owns_arena; /* the root that tv_new_arena_map made: frees `arena` */
    tv_arena *arena; /* where the node, its arrays and its keys live; NULL: the heap */
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

/* ---- arena ---------------------------------------------------------------
 *
 * Blocks of growing size; allocation bumps a pointer, nothing is freed before
 * the whole arena. A request larger than a quarter of the block size gets a
 * block of its own, so the current block keeps serving small nodes. */

typedef struct tv_block {
    struct tv_block *prev;
    /* the bytes follow, aligned as a max_align_t */
} tv_block;

struct tv_arena {
    tv_block *blocks; /* newest first */
    char *next, *end; /* free part of the current block */
    size_t block_size;
};

#define TV_ARENA_FIRST_BLOCK 8192
#define TV_ARENA_MAX_BLOCK 65536
#define TV_BLOCK_HEAD ((sizeof(tv_block) + 15) & ~(size_t)15)

static tv_arena *tv_arena_new(void)
{
    tv_arena *a = xcalloc(1, sizeof *a);
    a->block_size = TV_ARENA_FIRST_BLOCK;
    return a;
}

static void tv_arena_free(tv_arena *a)
{
    if (!a) return;
    for (tv_block *b = a->blocks, *prev; b; b = prev) {
        prev = b->prev;
        free(b);
    }
    free(a);
}

static void *tv_arena_alloc(tv_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if ((size_t)(a->end - a->next) >= n) {
        void *p = a->next;
        a->next += n;
        return p;
    }
    if (n > a->block_size / 4) {
        /* Its own block, behind the current one. */
        tv_block *b = xmalloc(TV_BLOCK_HEAD + n);
        if (a->blocks) {
            b->prev = a->blocks->prev;
            a->blocks->prev = b;
        } else {
            b->prev = NULL;
            a->blocks = b;
            a->next = a->end = (char *)b + TV_BLOCK_HEAD + n;
        }
        return (char *)b + TV_BLOCK_HEAD;
    }
    tv_block *b = xmalloc(TV_BLOCK_HEAD + a->block_size);
    b->prev = a->blocks;
    a->blocks = b;
    a->next = (char *)b + TV_BLOCK_HEAD + n;
    a->end = (char *)b + TV_BLOCK_HEAD + a->block_size;
    if (a->block_size < TV_ARENA_MAX_BLOCK) a->block_size *= 2;
    return (char *)b + TV_BLOCK_HEAD;
}

/* n bytes in a, or on the heap when a is NULL. */
static void *tv_mem(tv_arena *a, size_t n)
{
    return a ? tv_arena_alloc(a, n) : xmalloc(n);
}

/* Grows an array of `old` elements to `cap` (elements of `size` bytes): in an
 * arena a new piece with the old contents copied (the old one is left, freed
 * with the arena), on the heap realloc. */
static void *tv_grow(tv_arena *a, void *p, size_t old, size_t cap, size_t size)
{
    if (!a) return xrealloc(p, cap * size);
    void *q = tv_arena_alloc(a, cap * size);
    if (old) memcpy(q, p, old * size);
    return q;
}

static tv *tv_alloc_in(tv_arena *a, tv_kind kind)
{
    tv *v = tv_mem(a, sizeof *v);
    memset(v, 0, sizeof *v);
    v->kind = kind;
    v->arena = a;
    return v;
}

static tv *tv_alloc(tv_kind kind)
{
    return tv_alloc_in(NULL, kind);
}

tv *tv_new_arena_map(void)
{
    tv_arena *a = tv_arena_new();
    tv *v = tv_alloc_in(a, TV_MAP);
    v->owns_arena = true;
    return v;
}

tv_arena *tv_arena_of(const tv *v)
{
    return v ? v->arena : NULL;
}

tv *tv_new_map_in(tv_arena *a)
{
    return tv_alloc_in(a, TV_MAP);
}

tv *tv_new_list_in(tv_arena *a)
{
    return tv_alloc_in(a, TV_LIST);
}

tv *tv_new_bool_in(tv_arena *a, bool b)
{
    tv *v = tv_alloc_in(a, TV_BOOL);
    v->u.b = b;
    return v;
}

tv *tv_new_number_in(tv_arena *a, double d)
{
    tv *v = tv_alloc_in(a, TV_NUMBER);
    v->u.num = d;
    return v;
}

tv *tv_new_null_in(tv_arena *a)
{
    return tv_alloc_in(a, TV_NULL);
}

tv *tv_new_string_in(tv_arena *a, const char *s)
{
    return tv_new_stringn_in(a, s ? s : "", s ? strlen(s) : 0);
}

tv *tv_new_stringn_in(tv_arena *a, const char *s, size_t len)
{
    /* Node and bytes in one allocation: a view's context holds thousands of
     * strings, and each malloc and free showed in a region's time. */
    tv *v = tv_mem(a, sizeof *v + len + 1);
    memset(v, 0, sizeof *v);
    v->kind = TV_STRING;
    v->arena = a;
    v->u.str.s = (char *)(v + 1);
    if (len) memcpy(v->u.str.s, s, len);
    v->u.str.s[len] = '\0';
    v->u.str.len = len;
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
    return tv_new_stringn_in(NULL, s, len);
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
        if (v->arena) {
            /* An arena's nodes go all at once, with its root. A heap tree
             * holds none (tv_adopt copies them), so this is a root or a
             * node freed on its own. */
            if (v->owns_arena) tv_arena_free(v->arena);
            v = n ? todo[--n] : NULL;
            continue;
        }
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

/* A node like src, in `to`, without its children. */
static tv *tv_shallow_copy(tv_arena *to, const tv *src)
{
    switch (src->kind) {
    case TV_BOOL: return tv_new_bool_in(to, src->u.b);
    case TV_NUMBER: return tv_new_number_in(to, src->u.num);
    case TV_STRING: return tv_new_stringn_in(to, src->u.str.s, src->u.str.len);
    case TV_LIST: return tv_new_list_in(to);
    case TV_MAP: return tv_new_map_in(to);
    case TV_NULL: break;
    }
    return tv_new_null_in(to);
}

/* A copy in `to` of v and everything below it (for a node made outside the
 * container it is handed to). Iterative for the same reason as tv_free. */
static tv *tv_copy_into(tv_arena *to, const tv *v)
{
    struct pair { const tv *src; tv *dst; } *todo = NULL;
    size_t n = 0, cap = 0;
    tv *root = tv_shallow_copy(to, v);
    const tv *src = v;
    tv *dst = root;
    for (;;) {
        if (src && (src->kind == TV_LIST || src->kind == TV_MAP)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                todo = xrealloc(todo, cap * sizeof *todo);
            }
            todo[n++] = (struct pair){src, dst};
        }
        if (!n) break;
        /* Fill the newest container one child at a time. */
        const tv *ps = todo[n - 1].src;
        tv *pd = todo[n - 1].dst;
        size_t i = pd->kind == TV_LIST ? pd->u.list.n : pd->u.map.n;
        size_t count = ps->kind == TV_LIST ? ps->u.list.n : ps->u.map.n;
        if (i == count) {
            n--;
            src = NULL;
            continue;
        }
        if (ps->kind == TV_LIST) {
            src = ps->u.list.items[i];
            dst = tv_shallow_copy(to, src);
            tv_list_push(pd, dst);
        } else {
            const tv_entry *e = &ps->u.map.entries[i];
            src = e->value;
            dst = tv_shallow_copy(to, src);
            tv_map_setn(pd, e->key, e->key_len, dst);
        }
    }
    free(todo);
    return root;
}

/* What a container of `to` stores for a child handed to it: the child itself
 * when it lives in the same arena (or both on the heap), else a copy made in
 * `to`, the original freed. So a tree never points into another arena. */
static tv *tv_adopt(tv_arena *to, tv *item)
{
    if (!item) return tv_new_null_in(to);
    if (item->arena == to) return item;
    tv *copy = tv_copy_into(to, item);
    tv_free(item);
    return copy;
}

void tv_list_push(tv *list, tv *item)
{
    if (!list || list->kind != TV_LIST) {
        tv_free(item);
        return;
    }
    item = tv_adopt(list->arena, item);
    if (list->u.list.n == list->u.list.cap) {
        size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
        list->u.list.items = tv_grow(list->arena, list->u.list.items, list->u.list.n, cap,
                                     sizeof(tv *));
        list->u.list.cap = cap;
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
uint64_t tv_key_hash(const char *key, size_t len)
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
    if (map->arena) {
        map->u.map.index = tv_arena_alloc(map->arena, cap * sizeof(size_t));
        memset(map->u.map.index, 0, cap * sizeof(size_t));
    } else {
        free(map->u.map.index);
        map->u.map.index = xcalloc(cap, sizeof(size_t));
    }
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

/* The same with the hash known: a small map compares hashes first too. */
static size_t tv_map_find_hashed(const tv *map, const char *key, size_t len, uint64_t hash)
{
    if (map->u.map.index) return tv_map_find(map, key, len, hash);
    const tv_entry *e = map->u.map.entries;
    for (size_t i = 0; i < map->u.map.n; i++)
        if (e[i].hash == hash && e[i].key_len == len && memcmp(e[i].key, key, len) == 0)
            return i;
    return (size_t)-1;
}

void tv_map_set(tv *map, const char *key, tv *value)
{
    tv_map_setn(map, key, key ? strlen(key) : 0, value);
}

void tv_map_setn(tv *map, const char *key, size_t key_len, tv *value)
{
    if (!map || map->kind != TV_MAP) {
        tv_free(value);
        return;
    }
    value = tv_adopt(map->arena, value);
    if (!key) key = "";
    uint64_t hash = tv_key_hash(key, key_len);
    size_t i = tv_map_find_hashed(map, key, key_len, hash);
    if (i != (size_t)-1) {
        tv_free(map->u.map.entries[i].value);
        map->u.map.entries[i].value = value;
        return;
    }
    if (map->u.map.n == map->u.map.cap) {
        size_t cap = map->u.map.cap ? map->u.map.cap * 2 : 4;
        map->u.map.entries = tv_grow(map->arena, map->u.map.entries, map->u.map.n, cap,
                                     sizeof(tv_entry));
        map->u.map.cap = cap;
    }
    tv_entry *e = &map->u.map.entries[map->u.map.n++];
    if (map->arena) {
        e->key = tv_arena_alloc(map->arena, key_len + 1);
        if (key_len) memcpy(e->key, key, key_len);
        e->key[key_len] = '\0';
    } else {
        e->key = xstrndup(key_len ? key : "", key_len);
    }
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
    tv_map_set(map, key, tv_new_string_in(tv_arena_of(map), s ? s : ""));
}

void tv_set_bool(tv *map, const char *key, bool b)
{
    tv_map_set(map, key, tv_new_bool_in(tv_arena_of(map), b));
}

void tv_set_num(tv *map, const char *key, double x)
{
    tv_arena *a = tv_arena_of(map);
    tv_map_set(map, key, isnan(x) ? tv_new_null_in(a) : tv_new_number_in(a, x));
}

void tv_set_own(tv *map, const char *key, char *s)
{
    tv_map_set(map, key, tv_new_string_in(tv_arena_of(map), s));
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

const tv *tv_map_get_hashed(const tv *map, const char *key, size_t key_len, uint64_t hash)
{
    if (!map || map->kind != TV_MAP || (!key && key_len)) return NULL;
    if (!key) key = "";
    size_t i = tv_map_find_hashed(map, key, key_len, hash);
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
