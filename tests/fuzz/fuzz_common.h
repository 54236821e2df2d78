/* fuzz_common: the input framing shared by the fuzz targets.
 *
 * A fuzz input is split into parts at every "\n@@\n"; part i is the i-th
 * part (possibly empty), parts beyond the input are absent. The framing is
 * plain text so that seed files can be written and read by hand. */
#ifndef DIGINDEX_FUZZ_COMMON_H
#define DIGINDEX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FUZZ_SEP "\n@@\n"
#define FUZZ_SEP_LEN 4

typedef struct fuzz_part {
    const uint8_t *data;
    size_t len;
} fuzz_part;

/* Splits data into at most max parts; returns how many there are. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, fuzz_part *parts, size_t max)
{
    size_t n = 0, start = 0;
    if (!max) return 0;
    for (size_t i = 0; i + FUZZ_SEP_LEN <= size && n + 1 < max; i++) {
        if (memcmp(data + i, FUZZ_SEP, FUZZ_SEP_LEN) == 0) {
            parts[n].data = data + start;
            parts[n].len = i - start;
            n++;
            start = i + FUZZ_SEP_LEN;
            i = start - 1;
        }
    }
    parts[n].data = data + start;
    parts[n].len = size - start;
    return n + 1;
}

#endif
