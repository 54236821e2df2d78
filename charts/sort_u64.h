/* sort_u64: sorting 64-bit keys in place, for the PNG encoder's palette
 * order and Huffman code lengths (a few hundred to a few thousand keys per
 * chart, where qsort's call per comparison was 1–2 % of a chart's PNG). */
#ifndef DIGINDEX_SORT_U64_H
#define DIGINDEX_SORT_U64_H

#include <stddef.h>
#include <stdint.h>

/* Sorts a[0..n) ascending. Not stable: callers make keys distinct (then
 * every sort gives the same order). */
void sort_u64(uint64_t *a, size_t n);

#endif
