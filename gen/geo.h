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
    char *name;         /* NULL when the file names none (Gemeinden: names come from regions) */
    const char *attribution; /* borrowed from geo_map.sources: the credit of its file */
    geo_ring *rings;    /* owned; exterior rings and holes, opposite orientation */
    size_t n_rings;
} geo_region;

/* Grid units per degree of latitude of a loaded map: every file is scaled
 * to this on loading (the Länder file has 500, Kreise and Gemeinden 1000:
 * their sources are rounded to 0.001°). */
#define GEO_UNITS_PER_DEGREE 1000.0

typedef struct geo_map {
    double width, height;   /* grid extent */
    char *attribution;      /* of the first file: "© GeoBasis-DE / BKG 2018 (Daten verändert)" */
    char *license;
    char **sources;         /* owned: the attribution of each file loaded */
    size_t n_sources;
    geo_region *regions;    /* owned, AGS order; Länder, Kreise and Gemeinden may mix */
    size_t n_regions;
} geo_map;

/* Converts a GeoJSON FeatureCollection (properties "ags", optional "name")
 * into the compact JSON form on a grid of `units` per degree of latitude
 * (500 for the Länder, 1000 for Kreise and Gemeinden), appended to out.
 * Returns false after adding errors. */
bool geo_import_geojson(const char *geojson_path, double units, buf *out, diag *d);
/* Limits of each compact file, checked on loading: the grid's extent (the
 * Länder map is 2,898 × 3,915, the Gemeinden 5,797 × 7,828) and the number
 * of points (2,839; 72,487), so that the map chart's loops stay bounded. */
#define GEO_MIN_EXTENT 10.0
#define GEO_MAX_EXTENT 1000000.0
#define GEO_MAX_POINTS 200000

/* Loads the compact form and checks it: extent, at least one region, rings
 * of at least 3 points, at most GEO_MAX_POINTS points, every point finite
 * and inside the grid. Returns a new map (free with geo_map_free) or NULL
 * after adding errors (with the file's JSON path). */
geo_map *geo_map_load(const char *path, diag *d);
/* Loads several compact files into one map (the Länder, Kreise and
 * Gemeinden of data/), every region on the common grid; an AGS may have one
 * shape only. */
geo_map *geo_map_load_files(const char *const *paths, size_t n, diag *d);
/* The map files of DATA that exist: map-laender.json, map-kreise.json,
 * map-gemeinden.json (new strings in files[]; returns their number). */
size_t geo_map_data_files(const char *data_dir, char *files[3]);
/* Loads the map files of DATA when the folder has any (digindex check and
 * build); false after adding their errors. */
bool geo_map_check_data(const char *data_dir, diag *d);
void geo_map_free(geo_map *m);
/* Borrowed; NULL when absent (binary search). */
const geo_region *geo_map_find(const geo_map *m, const char *ags);

#endif
