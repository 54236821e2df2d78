/* metrics_priv: what the PNG backend needs from a loaded font, and nobody
 * else. Not part of the public chart API. */
#ifndef DIGINDEX_METRICS_PRIV_H
#define DIGINDEX_METRICS_PRIV_H

#include "metrics.h"

#include <cairo.h>

/* The cairo font face made from the same FreeType face the metrics came
 * from (borrowed; valid while f lives). */
cairo_font_face_t *metrics_fonts_cairo_face(const metrics_fonts *f, metrics_weight w);

#endif
