/* palette: every colour the charts use, in one place.
 *
 * Data colours follow Okabe & Ito (2008), a scheme that stays distinct under
 * the common colour-vision deficiencies: blue for the region, vermillion for
 * the average and for losses. Meaning never rests on colour alone: the
 * average is dashed, the previous edition dotted, changes carry + / − signs
 * and the highlighted region a bold label and a marker.
 *
 * WCAG 2.x contrast ratios against white (#FFFFFF), checked by
 * tests/unit/test_charts.c (palette_contrast):
 *   PALETTE_REGION    #0072B2  5.19:1
 *   PALETTE_AVERAGE   #D55E00  3.87:1
 *   PALETTE_PREVIOUS  #666666  5.74:1
 *   PALETTE_POSITIVE  #0072B2  5.19:1
 *   PALETTE_NEGATIVE  #D55E00  3.87:1
 *   PALETTE_OTHER     #8C8C8C  3.36:1  (ranking bars of the other regions)
 *   PALETTE_TEXT      #1A1A1A 17.40:1
 *   PALETTE_MUTED     #595959  7.00:1  (secondary text, axis ticks)
 * Every data colour is at least 3:1 (WCAG 1.4.11 non-text contrast); text
 * colours are at least 4.5:1. The tints below carry no data (the outline or
 * the label next to them does) and may be lighter.
 *
 * Map (chart_map.c): a sequential light → dark blue scale of five classes,
 * derived for this project in CIELAB (hue 240°–262°, lightness L* 94, 80,
 * 65, 49, 31 in even steps, chroma kept inside sRGB), so the classes differ
 * in lightness, the one cue every colour-vision deficiency keeps. Darker =
 * higher index. Contrast against white:
 *   PALETTE_MAP_1     #DFF1FB  1.16:1  (0 bis unter 20)
 *   PALETTE_MAP_2     #A0CDE8  1.69:1  (20 bis unter 40)
 *   PALETTE_MAP_3     #5FA5D0  2.70:1  (40 bis unter 60)
 *   PALETTE_MAP_4     #287BAA  4.66:1  (60 bis unter 80)
 *   PALETTE_MAP_5     #034D76  9.02:1  (80 bis 100)
 * Classes 4 and 5 keep 3:1 against the page on their own. Classes 1–3 do
 * not; they are set off by their outline instead: the map's outer edge
 * (coast and national border) is drawn in PALETTE_MAP_OUTLINE (4.74:1),
 * every legend swatch gets a PALETTE_MUTED outline (7.00:1). Neighbouring classes
 * differ by a luminance ratio of at least 1.45.
 * "keine Daten" is not a colour step: a pale grey fill hatched with
 * PALETTE_MAP_HATCH lines (4.74:1), readable without colour. The region
 * of a briefing is outlined in PALETTE_MAP_HIGHLIGHT (17.4:1) over a white
 * casing, so the outline stands out on the darkest class too. */
#ifndef DIGINDEX_PALETTE_H
#define DIGINDEX_PALETTE_H

#include <stddef.h>
#include <stdint.h>

/* Colours are 0xRRGGBB. */
#define PALETTE_WHITE 0xFFFFFFu
#define PALETTE_REGION 0x0072B2u
#define PALETTE_AVERAGE 0xD55E00u
#define PALETTE_PREVIOUS 0x666666u
#define PALETTE_POSITIVE 0x0072B2u
#define PALETTE_NEGATIVE 0xD55E00u
#define PALETTE_OTHER 0x8C8C8Cu
#define PALETTE_TEXT 0x1A1A1Au
#define PALETTE_MUTED 0x595959u

/* Non-data tints. */
#define PALETTE_REGION_TINT 0xD1E6F1u /* region blue at 18 % on white */
#define PALETTE_BAND 0xE0EEF6u        /* row highlight behind the region */
#define PALETTE_GRID 0xD9D9D9u        /* radar rings and spokes */
#define PALETTE_TRACK 0xEDEDEDu       /* empty part of a 0–100 bar */
#define PALETTE_AXIS 0x595959u        /* zero line */

/* Map classes, lightest (lowest) first, and the map's other colours. */
#define PALETTE_MAP_1 0xDFF1FBu
#define PALETTE_MAP_2 0xA0CDE8u
#define PALETTE_MAP_3 0x5FA5D0u
#define PALETTE_MAP_4 0x287BAAu
#define PALETTE_MAP_5 0x034D76u
#define PALETTE_MAP_CLASSES 5
#define PALETTE_MAP_BORDER 0xFFFFFFu    /* between Länder */
#define PALETTE_MAP_OUTLINE 0x737373u   /* the map's outer edge */
#define PALETTE_MAP_NODATA 0xF2F2F2u    /* "keine Daten" fill, always hatched */
#define PALETTE_MAP_HATCH 0x737373u
#define PALETTE_MAP_HIGHLIGHT 0x1A1A1Au /* the region's outline */

/* The colours a theme may change (templates/theme.json, gen/theme.h): the
 * region's colour with its tints, the average. Charts read them from their
 * canvas (canvas_palette); palette_default holds the colours above. */
typedef struct palette_colors {
    uint32_t region;        /* PALETTE_REGION, PALETTE_POSITIVE */
    uint32_t region_tint;   /* PALETTE_REGION_TINT: region at 18 % on white */
    uint32_t band;          /* PALETTE_BAND: region at 12 % on white */
    uint32_t average;       /* PALETTE_AVERAGE, PALETTE_NEGATIVE */
} palette_colors;

extern const palette_colors palette_default;

/* The colours of a theme from its region and average colour; the tints are
 * mixed with white as the defaults are. */
palette_colors palette_from(uint32_t region, uint32_t average);
/* c at `amount` (0–1) on white. */
uint32_t palette_tint(uint32_t c, double amount);

/* The five class colours in order (PALETTE_MAP_1 … PALETTE_MAP_5). */
extern const uint32_t palette_map_classes[PALETTE_MAP_CLASSES];

/* The data and text colours above, for the contrast test. */
extern const uint32_t palette_checked[];
extern const size_t palette_checked_count;

/* WCAG 2.x contrast ratio of two colours (1 to 21). */
double palette_contrast(uint32_t a, uint32_t b);

#endif
