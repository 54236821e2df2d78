/* palette: contrast computation (see palette.h). */
#include "palette.h"

#include <math.h>

const uint32_t palette_checked[] = {
    PALETTE_REGION, PALETTE_AVERAGE, PALETTE_PREVIOUS, PALETTE_POSITIVE,
    PALETTE_NEGATIVE, PALETTE_OTHER, PALETTE_TEXT, PALETTE_MUTED,
};
const size_t palette_checked_count = sizeof palette_checked / sizeof palette_checked[0];

const uint32_t palette_map_classes[PALETTE_MAP_CLASSES] = {
    PALETTE_MAP_1, PALETTE_MAP_2, PALETTE_MAP_3, PALETTE_MAP_4, PALETTE_MAP_5,
};

/* sRGB channel to linear light, as WCAG defines it. */
static double channel(uint32_t c)
{
    double v = (double)(c & 0xFF) / 255.0;
    return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t rgb)
{
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
}

double palette_contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}
