/* tvalue: the context a template is rendered against.
 *
 * A small owned value tree: null, bool, number (double), string, list and map
 * (string keys, kept in insertion order so that anything iterating a map
 * writes deterministic output). The template engine only ever reads it; the
 * JSON loader and the view builder build it. No json_t is kept inside.
 *
 * Ownership: every tv_new_* returns a new node the caller owns until it is
 * handed to tv_list_push / tv_map_set, which take ownership of the child.
 * tv_free frees a node and everything below it; tv_free(NULL) does nothing.
 * Getters return borrowed pointers that live as long as the containing tree.
 * Strings carry their length and may contain NUL bytes.
 *
 * Arenas: a tree that is built once and freed as a whole (a view's context,
 * thousands of nodes) can live in an arena instead of thousands of heap
 * blocks. tv_new_arena_map makes a map that owns a new arena; nodes made
 * with the *_in functions for that arena, and every node, entry array, index
 * and key that a container of the arena makes for itself (tv_set_*, keys
 * copied by tv_map_set, grown lists), live in it. tv_free of the arena's root
 * frees the arena with every node in it; tv_free of any other arena node does
 * nothing (its memory goes with the arena). A container takes ownership of a
 * child as always; a child from elsewhere (the heap, or another arena) is
 * copied into the container's arena and the original freed, so a tree never
 * points into another arena or the heap into an arena. A node of an arena may
 * sit in several containers of the same arena (nothing there is freed on its
 * own), e.g. one row map in two lists. The *_in functions with a NULL arena
 * make heap nodes, like tv_new_*. */
#ifndef DIGINDEX_TVALUE_H
#define DIGINDEX_TVALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct json_t;

typedef enum tv_kind { TV_NULL, TV_BOOL, TV_NUMBER, TV_STRING, TV_LIST, TV_MAP } tv_kind;

typedef struct tv tv;

tv *tv_new_null(void);
tv *tv_new_bool(bool b);
tv *tv_new_number(double d);
/* Copies s (NUL-terminated) or s[0..len). */
tv *tv_new_string(const char *s);
tv *tv_new_stringn(const char *s, size_t len);
tv *tv_new_list(void);
tv *tv_new_map(void);
typedef struct tv_arena tv_arena;
/* A new empty map that owns a new arena (see above); tv_free(map) frees both. */
tv *tv_new_arena_map(void);
/* The arena v lives in (borrowed), or NULL for a heap node or NULL. */
tv_arena *tv_arena_of(const tv *v);
/* New nodes in arena a (NULL: on the heap). The arena owns them. */
tv *tv_new_null_in(tv_arena *a);
tv *tv_new_bool_in(tv_arena *a, bool b);
tv *tv_new_number_in(tv_arena *a, double d);
tv *tv_new_string_in(tv_arena *a, const char *s);
tv *tv_new_stringn_in(tv_arena *a, const char *s, size_t len);
tv *tv_new_list_in(tv_arena *a);
tv *tv_new_map_in(tv_arena *a);
/* Frees v and all its children (an arena node: see above). Iterative: any
 * depth is safe. */
void tv_free(tv *v);

/* tv_kind_of(NULL) is TV_NULL, so a missing value reads as null. */
tv_kind tv_kind_of(const tv *v);
/* Scalar getters return false / 0 / NULL for a node of another kind.
 * tv_string sets *len (when len is not NULL) to the byte length. */
bool tv_bool(const tv *v);
double tv_number(const tv *v);
const char *tv_string(const tv *v, size_t *len);

/* Appends item (owned from now on; NULL appends a null) to list. Pushing onto a
 * node that is not a list frees item and does nothing. */
void tv_list_push(tv *list, tv *item);
size_t tv_list_len(const tv *list);
/* Borrowed; NULL when i is out of range or list is not a list. */
const tv *tv_list_get(const tv *list, size_t i);

/* Sets key to value (owned from now on; NULL stores a null). An existing key
 * keeps its position and its old value is freed. The key is copied. Setting on
 * a node that is not a map frees value and does nothing. */
void tv_map_set(tv *map, const char *key, tv *value);
void tv_map_setn(tv *map, const char *key, size_t key_len, tv *value);
/* Shorthands for building a context map: a string (NULL sets ""), a bool,
 * a number (NAN sets null), and a string the call takes and frees. The new
 * value lives where the map does (its arena or the heap). */
void tv_set_str(tv *map, const char *key, const char *s);
void tv_set_bool(tv *map, const char *key, bool b);
void tv_set_num(tv *map, const char *key, double x);
void tv_set_own(tv *map, const char *key, char *s);
/* Borrowed; NULL when the key is absent or map is not a map. */
const tv *tv_map_get(const tv *map, const char *key);
const tv *tv_map_getn(const tv *map, const char *key, size_t key_len);
/* The hash of a key as maps keep it; a reader that looks the same key up
 * many times (a compiled template) computes it once and passes it to
 * tv_map_get_hashed, which is tv_map_getn without hashing. */
uint64_t tv_key_hash(const char *key, size_t key_len);
const tv *tv_map_get_hashed(const tv *map, const char *key, size_t key_len, uint64_t hash);
size_t tv_map_len(const tv *map);
/* The i-th entry in insertion order (borrowed). *key_len may be NULL. */
const char *tv_map_key(const tv *map, size_t i, size_t *key_len);
const tv *tv_map_value(const tv *map, size_t i);

/* Mustache truthiness: null, false, "" and [] are false; everything else
 * (including the number 0 and an empty map) is true. */
bool tv_truthy(const tv *v);

/* Appends v in the shortest form that reads back as the same double
 * (85 -> "85", 1.21 -> "1.21", 0.1 -> "0.1", -0 -> "0", 1e21 -> "1e+21"),
 * always with '.' whatever the locale. NaN and infinities come out as
 * "NaN", "Infinity" and "-Infinity". */
void tv_number_format(buf *out, double v);

/* Appends v as JSON: maps in insertion order, numbers as tv_number_format
 * (NaN and infinities as null), strings escaped. pretty: two-space indent
 * and a final newline; else compact. */
void tv_write_json(buf *out, const tv *v, bool pretty);

/* Converts a Jansson value into a new tree (caller frees with tv_free);
 * borrows j. Integers become doubles (exact up to 2^53). Object key order is
 * kept. Returns NULL when j is NULL or nested absurdly deep (more than
 * TV_JSON_MAX_DEPTH levels, which only a cyclic json_t built by hand reaches). */
#define TV_JSON_MAX_DEPTH 100000
tv *tv_from_json(const struct json_t *j);

#endif
