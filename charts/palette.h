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
 * the label next to them does) and may be lighter. */
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

/* The data and text colours above, for the contrast test. */
extern const uint32_t palette_checked[];
extern const size_t palette_checked_count;

/* WCAG 2.x contrast ratio of two colours (1 to 21). */
double palette_contrast(uint32_t a, uint32_t b);

#endif
