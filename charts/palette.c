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

const palette_colors palette_default = {PALETTE_REGION, PALETTE_REGION_TINT, PALETTE_BAND,
                                        PALETTE_AVERAGE};

uint32_t palette_tint(uint32_t c, double amount)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double ch = (double)((c >> sh) & 0xFF);
        out |= (uint32_t)lround(ch * amount + 255.0 * (1 - amount)) << sh;
    }
    return out;
}

palette_colors palette_from(uint32_t region, uint32_t average)
{
    if (region == PALETTE_REGION && average == PALETTE_AVERAGE) return palette_default;
    return (palette_colors){region, palette_tint(region, 0.18), palette_tint(region, 0.12), average};
}

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
