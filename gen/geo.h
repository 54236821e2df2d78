/* geo: the Länder boundaries for the map chart.
 *
 * The boundaries (BKG VG250, simplified; see docs/data-sources.md) are
 * converted once from GeoJSON into a compact committed file,
 * data/map-laender.json: coordinates projected (equirectangular around the
 * centre of Germany) onto an integer grid and delta-encoded per ring, with
 * the attribution that must travel with them. geo_map_load reads that file
 * for the charts. `digindex map-import` runs the conversion. */
#ifndef DIGINDEX_GEO_H
#define DIGINDEX_GEO_H

#include "buf.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct geo_ring {
    double *xy;         /* owned: x0, y0, x1, y1, … in grid units, y down */
    size_t n;           /* points */
} geo_ring;

typedef struct geo_region {
    char ags[9];
    char *name;
    geo_ring *rings;    /* owned; exterior rings and holes, opposite orientation */
    size_t n_rings;
} geo_region;

typedef struct geo_map {
    double width, height;   /* grid extent */
    char *attribution;      /* "© GeoBasis-DE / BKG 2018 (Daten verändert)" */
    char *license;
    geo_region *regions;    /* owned, AGS order */
    size_t n_regions;
} geo_map;

/* Converts a GeoJSON FeatureCollection (properties "ags", "name") into the
 * compact JSON form, appended to out. Returns false after adding errors. */
bool geo_import_geojson(const char *geojson_path, buf *out, diag *d);
/* Limits of the compact form, checked by geo_map_load: the grid's extent
 * (the bundled map is 2,898 × 3,915) and the number of points (2,839), so
 * that the map chart's loops stay bounded. */
#define GEO_MIN_EXTENT 10.0
#define GEO_MAX_EXTENT 1000000.0
#define GEO_MAX_POINTS 200000

/* Loads the compact form and checks it: extent, at least one region, rings
 * of at least 3 points, at most GEO_MAX_POINTS points, every point finite
 * and inside the grid. Returns a new map (free with geo_map_free) or NULL
 * after adding errors (with the file's JSON path). */
geo_map *geo_map_load(const char *path, diag *d);
/* Loads DATA/map-laender.json when the folder has one (digindex check and
 * build); false after adding its errors. */
bool geo_map_check_data(const char *data_dir, diag *d);
void geo_map_free(geo_map *m);
/* Borrowed; NULL when absent. */
const geo_region *geo_map_find(const geo_map *m, const char *ags);

#endif
