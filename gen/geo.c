/* geo: GeoJSON → compact map, and loading it (see geo.h). */
#include "geo.h"

#include "json_in.h"
#include "scores_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Projection: equirectangular around 51.16° N, the middle of Germany's
 * latitude range, so shapes keep their familiar proportions; 1 grid unit =
 * 1/500 degree of latitude (about 220 m), finer than the 0.001° rounding of
 * the source, so no point moves visibly. */
#define GEO_LAT0 51.16
#define GEO_LON_MIN 5.8
#define GEO_LAT_MAX 55.1

static void project(double lon, double lat, double units, long *x, long *y)
{
    double k = cos(GEO_LAT0 * M_PI / 180.0);
    *x = lround((lon - GEO_LON_MIN) * k * units);
    *y = lround((GEO_LAT_MAX - lat) * units);
}

static double ring_area2(const long *pts, size_t n)
{
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        a += (double)pts[2 * i] * (double)pts[2 * j + 1] - (double)pts[2 * j] * (double)pts[2 * i + 1];
    }
    return a;
}

/* Appends one ring as [x0,y0,dx1,dy1,…], dropping the closing point and
 * repeated points; exterior rings clockwise on screen, holes anticlockwise. */
static bool write_ring(buf *out, const json_t *ring, bool hole, double units, long *maxx,
                       long *maxy)
{
    size_t n = json_array_size(ring);
    long *pts = xmalloc((n ? n : 1) * 2 * sizeof *pts);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(ring, i);
        if (!json_is_array(p) || json_array_size(p) < 2 || !json_is_number(json_array_get(p, 0)) ||
            !json_is_number(json_array_get(p, 1))) {
            free(pts);
            return false;
        }
        double lon = json_number_value(json_array_get(p, 0));
        double lat = json_number_value(json_array_get(p, 1));
        /* Out of range, lround overflows and the deltas below with it. */
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            free(pts);
            return false;
        }
        long x, y;
        project(lon, lat, units, &x, &y);
        if (m > 0 && pts[2 * m - 2] == x && pts[2 * m - 1] == y) continue;
        pts[2 * m] = x;
        pts[2 * m + 1] = y;
        m++;
    }
    if (m > 1 && pts[0] == pts[2 * m - 2] && pts[1] == pts[2 * m - 1]) m--;
    if (m < 3) {
        free(pts);
        return true; /* degenerate after rounding: nothing to draw */
    }
    /* y points down, so a positive shoelace sum is clockwise on screen. */
    bool clockwise = ring_area2(pts, m) > 0;
    if (clockwise == hole) {
        for (size_t i = 0; i < m / 2; i++) {
            long tx = pts[2 * i], ty = pts[2 * i + 1];
            pts[2 * i] = pts[2 * (m - 1 - i)];
            pts[2 * i + 1] = pts[2 * (m - 1 - i) + 1];
            pts[2 * (m - 1 - i)] = tx;
            pts[2 * (m - 1 - i) + 1] = ty;
        }
    }
    if (out->len && out->data[out->len - 1] == ']') buf_putc(out, ',');
    buf_putc(out, '[');
    long px = 0, py = 0;
    for (size_t i = 0; i < m; i++) {
        buf_printf(out, "%s%ld,%ld", i ? "," : "", pts[2 * i] - px, pts[2 * i + 1] - py);
        px = pts[2 * i];
        py = pts[2 * i + 1];
        if (px > *maxx) *maxx = px;
        if (py > *maxy) *maxy = py;
    }
    buf_putc(out, ']');
    free(pts);
    return true;
}

bool geo_import_geojson(const char *path, double units, buf *out, diag *d)
{
    json_t *root = json_in_load(path, d);
    if (!root) return false;
    json_t *features = json_object_get(root, "features");
    if (!json_is_array(features)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$", "give a GeoJSON FeatureCollection",
                 "missing array \"features\"");
        json_decref(root);
        return false;
    }
    const char *attribution = json_string_value(json_object_get(root, "attribution"));
    const char *license = json_string_value(json_object_get(root, "license"));
    buf regions = BUF_INIT;
    long maxx = 0, maxy = 0;
    bool ok = true;
    if (json_array_size(features) == 0) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$.features", "give a feature per Land",
                 "the FeatureCollection has no features");
        ok = false;
    }
    for (size_t i = 0; i < json_array_size(features); i++) {
        json_t *f = json_array_get(features, i);
        char *base = json_in_path_join_index("$.features", i);
        json_t *props = json_object_get(f, "properties");
        json_t *geom = json_object_get(f, "geometry");
        const char *ags = json_string_value(json_object_get(props, "ags"));
        const char *name = json_string_value(json_object_get(props, "name"));
        const char *type = json_string_value(json_object_get(geom, "type"));
        json_t *coords = json_object_get(geom, "coordinates");
        if (!ags || !type || !json_is_array(coords)) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base,
                     "each feature needs the property ags and a (Multi)Polygon",
                     "incomplete feature");
            ok = false;
            free(base);
            continue;
        }
        buf_printf(&regions, "%s\n{\"ags\":", regions.len ? "," : "");
        json_write_string(&regions, ags);
        if (name) {
            buf_puts(&regions, ",\"name\":");
            json_write_string(&regions, name);
        }
        buf_puts(&regions, ",\"rings\":[");
        size_t start = regions.len;
        bool multi = strcmp(type, "MultiPolygon") == 0;
        size_t np = multi ? json_array_size(coords) : 1;
        for (size_t p = 0; p < np; p++) {
            json_t *poly = multi ? json_array_get(coords, p) : coords;
            for (size_t r = 0; r < json_array_size(poly); r++) {
                buf ring = BUF_INIT;
                if (!write_ring(&ring, json_array_get(poly, r), r > 0, units, &maxx, &maxy)) {
                    diag_add(d, DIAG_ERROR, path, 0, 0, base, NULL, "malformed coordinates");
                    ok = false;
                }
                if (ring.len) {
                    if (regions.len > start) buf_putc(&regions, ',');
                    buf_append(&regions, ring.data, ring.len);
                }
                buf_free(&ring);
            }
        }
        if (ok && regions.len == start) {
            diag_add(d, DIAG_ERROR, path, 0, 0, base,
                     "give the boundary as a (Multi)Polygon with rings of real extent",
                     "the feature has no ring of 3 or more distinct points at the map's "
                     "resolution");
            ok = false;
        }
        buf_puts(&regions, "]}");
        free(base);
    }
    if (ok && (maxx < GEO_MIN_EXTENT || maxy < GEO_MIN_EXTENT)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$.features",
                 "the map needs boundaries that span at least a few kilometres",
                 "the boundaries span only %ld × %ld grid units", maxx, maxy);
        ok = false;
    }
    if (ok) {
        /* The credit line is what a map must show. The Länder source reads
         * "<credit line> – <processing notes>" (the notes go to "source"); the
         * Kreis and Gemeinde sources "<credit line>; <licence>" with the notes
         * in their own "source". */
        const char *a = attribution ? attribution : "";
        const char *src = json_string_value(json_object_get(root, "source"));
        const char *changed = strstr(a, "(Daten verändert)");
        const char *dash = strstr(a, " – ");
        char *credit, *rest;
        const char *end = changed ? changed + strlen("(Daten verändert)") : NULL;
        if (changed && (!dash || dash > end)) {
            credit = xstrndup(a, (size_t)(end - a));
            while (*end == ';' || *end == ' ' || *end == ',') end++;
            rest = xstrdup(end);
        } else {
            credit = dash ? xstrndup(a, (size_t)(dash - a)) : xstrdup(a);
            rest = xstrdup("");
        }
        buf_puts(out, "{\"attribution\":");
        json_write_string(out, credit);
        buf_puts(out, ",\n\"source\":");
        json_write_string(out, src ? src : dash && !*rest ? dash + strlen(" – ") : "");
        buf_puts(out, ",\n\"license\":");
        json_write_string(out, license ? license : rest);
        free(credit);
        free(rest);
        buf_printf(out,
                   ",\n\"projection\":\"equirectangular, standard parallel %.2f N; x = (lon - "
                   "%.1f) * cos(%.2f) * %.0f, y = (%.1f - lat) * %.0f\",\n",
                   GEO_LAT0, GEO_LON_MIN, GEO_LAT0, units, GEO_LAT_MAX, units);
        /* 500 is the unit of the first maps, which do not say it. */
        if (units != 500) buf_printf(out, "\"units_per_degree\":%.0f,\n", units);
        buf_printf(out, "\"width\":%ld,\"height\":%ld,\n\"regions\":[", maxx, maxy);
        buf_append(out, regions.data ? regions.data : "", regions.len);
        buf_puts(out, "\n]}\n");
    }
    buf_free(&regions);
    json_decref(root);
    return ok;
}

void geo_map_free(geo_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n_regions; i++) {
        for (size_t r = 0; r < m->regions[i].n_rings; r++) free(m->regions[i].rings[r].xy);
        free(m->regions[i].rings);
        free(m->regions[i].name);
    }
    free(m->regions);
    free(m->attribution);
    free(m->license);
    for (size_t i = 0; i < m->n_sources; i++) free(m->sources[i]);
    free(m->sources);
    free(m);
}

static int cmp_region(const void *a, const void *b)
{
    return strcmp(((const geo_region *)a)->ags, ((const geo_region *)b)->ags);
}

/* Adds the regions of one compact file to m, checked (geo.h), on the
 * common grid of GEO_UNITS_PER_DEGREE. */
static bool map_add_file(geo_map *m, const char *path, diag *d)
{
    json_t *root = json_in_load(path, d);
    if (!root) return false;
    size_t errors = d->errors;
    const char *attr = NULL, *lic = NULL;
    double width = 0, height = 0, units = 500;
    json_in_string(d, path, "$", root, "attribution", true, &attr);
    json_in_string(d, path, "$", root, "license", true, &lic);
    bool sized = json_in_number(d, path, "$", root, "width", true, &width) &
                 json_in_number(d, path, "$", root, "height", true, &height);
    /* The grid's extent sets the drawing scale: a tiny or huge one makes
     * the hatching and border loops run without end (1e-300). */
    if (sized && !(width >= GEO_MIN_EXTENT && width <= GEO_MAX_EXTENT &&
                   height >= GEO_MIN_EXTENT && height <= GEO_MAX_EXTENT)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$", "the map's grid is made by digindex map-import; "
                 "run it again on the GeoJSON file",
                 "width and height must be from %g to %g grid units, got %g × %g",
                 GEO_MIN_EXTENT, GEO_MAX_EXTENT, width, height);
        sized = false;
    }
    if (json_in_number(d, path, "$", root, "units_per_degree", false, &units) &&
        !(units >= 100 && units <= 100000)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$.units_per_degree",
                 "digindex map-import writes 500 or 1000", "must be from 100 to 100000, got %g",
                 units);
        units = 500;
    }
    double scale = GEO_UNITS_PER_DEGREE / units;
    if (sized) {
        m->width = fmax(m->width, width * scale);
        m->height = fmax(m->height, height * scale);
    }
    if (!m->attribution) {
        m->attribution = xstrdup(attr ? attr : "");
        m->license = xstrdup(lic ? lic : "");
    }
    m->sources = xrealloc(m->sources, (m->n_sources + 1) * sizeof *m->sources);
    const char *credit = m->sources[m->n_sources++] = xstrdup(attr ? attr : "");
    json_t *regions = json_object_get(root, "regions");
    size_t n = json_array_size(regions);
    if (!json_is_array(regions) || n == 0)
        diag_add(d, DIAG_ERROR, path, 0, 0, "$.regions", "run digindex map-import on a GeoJSON "
                 "FeatureCollection with a feature per region",
                 "the map has no regions");
    m->regions = xrealloc(m->regions, (m->n_regions + n + 1) * sizeof *m->regions);
    size_t points = 0;
    for (size_t i = 0; i < n && d->errors == errors; i++) {
        json_t *r = json_array_get(regions, i);
        char *base = json_in_path_join_index("$.regions", i);
        const char *ags = NULL, *name = NULL;
        json_t *rings = json_object_get(r, "rings");
        if (!json_in_string(d, path, base, r, "ags", true, &ags) ||
            (!json_in_string(d, path, base, r, "name", false, &name) && json_object_get(r, "name")) ||
            strlen(ags) > 8 || !json_is_array(rings)) {
            if (d->errors == errors)
                diag_add(d, DIAG_ERROR, path, 0, 0, base, NULL,
                         "a region needs \"ags\" (up to 8 digits) and \"rings\"");
            free(base);
            continue;
        }
        if (json_array_size(rings) == 0) {
            char *w = json_in_path_join(base, "rings");
            diag_add(d, DIAG_ERROR, path, 0, 0, w, "run digindex map-import again",
                     "the region has no ring");
            free(w);
            free(base);
            continue;
        }
        geo_region *g = &m->regions[m->n_regions++];
        memset(g, 0, sizeof *g);
        snprintf(g->ags, sizeof g->ags, "%s", ags);
        g->name = name ? xstrdup(name) : NULL;
        g->attribution = credit;
        g->rings = xcalloc(json_array_size(rings) ? json_array_size(rings) : 1, sizeof *g->rings);
        for (size_t k = 0; k < json_array_size(rings) && d->errors == errors; k++) {
            json_t *ring = json_array_get(rings, k);
            size_t np = json_array_size(ring) / 2;
            char *rw = json_in_path_join(base, "rings");
            char *where = json_in_path_join_index(rw, k);
            free(rw);
            points += np;
            if (!json_is_array(ring) || np < 3 || json_array_size(ring) % 2 != 0) {
                diag_add(d, DIAG_ERROR, path, 0, 0, where, NULL,
                         "a ring is an array of at least 3 points (x, y pairs)");
            } else if (points > GEO_MAX_POINTS) {
                diag_add(d, DIAG_ERROR, path, 0, 0, where,
                         "simplify the boundaries (e.g. mapshaper -simplify) before map-import",
                         "the map has more than %d points", GEO_MAX_POINTS);
            }
            if (d->errors != errors) {
                free(where);
                break;
            }
            geo_ring *gr = &g->rings[g->n_rings++];
            gr->xy = xmalloc(np * 2 * sizeof(double));
            gr->n = np;
            double x = 0, y = 0;
            for (size_t p = 0; p < np; p++) {
                json_t *jx = json_array_get(ring, 2 * p), *jy = json_array_get(ring, 2 * p + 1);
                if (!json_is_number(jx) || !json_is_number(jy)) {
                    diag_add(d, DIAG_ERROR, path, 0, 0, where, NULL,
                             "point %zu is not a pair of numbers", p + 1);
                    break;
                }
                x += json_number_value(jx);
                y += json_number_value(jy);
                gr->xy[2 * p] = x * scale;
                gr->xy[2 * p + 1] = y * scale;
                bool inside = sized && x >= -1 && x <= width + 1 && y >= -1 && y <= height + 1;
                if (sized && !inside) {
                    diag_add(d, DIAG_ERROR, path, 0, 0, where,
                             "every point lies in the grid 0..width × 0..height; run digindex "
                             "map-import again",
                             "point %zu (%g, %g) lies outside the map's %g × %g grid", p + 1, x,
                             y, width, height);
                    break;
                }
            }
            free(where);
        }
        free(base);
    }
    json_decref(root);
    return d->errors == errors;
}

geo_map *geo_map_load_files(const char *const *paths, size_t n, diag *d)
{
    geo_map *m = xcalloc(1, sizeof *m);
    bool ok = true;
    for (size_t i = 0; i < n; i++) ok &= map_add_file(m, paths[i], d);
    if (!ok) {
        geo_map_free(m);
        return NULL;
    }
    if (m->n_regions > 1) qsort(m->regions, m->n_regions, sizeof *m->regions, cmp_region);
    for (size_t i = 1; i < m->n_regions; i++)
        if (strcmp(m->regions[i].ags, m->regions[i - 1].ags) == 0) {
            diag_add(d, DIAG_ERROR, paths[n - 1], 0, 0, "$.regions", "each AGS may appear once",
                     "AGS \"%s\" has two shapes", m->regions[i].ags);
            geo_map_free(m);
            return NULL;
        }
    return m;
}

geo_map *geo_map_load(const char *path, diag *d)
{
    return geo_map_load_files(&path, 1, d);
}

/* The map files of a data folder that exist (new paths in files[0..2]). */
size_t geo_map_data_files(const char *data_dir, char *files[3])
{
    static const char *const names[] = {"map-laender.json", "map-kreise.json",
                                        "map-gemeinden.json"};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        char *path = xasprintf("%s/%s", data_dir, names[i]);
        if (access(path, F_OK) == 0)
            files[n++] = path;
        else
            free(path);
    }
    return n;
}

bool geo_map_check_data(const char *data_dir, diag *d)
{
    char *files[3];
    size_t n = geo_map_data_files(data_dir, files);
    bool ok = true;
    if (n) {
        geo_map *m = geo_map_load_files((const char *const *)files, n, d);
        ok = m != NULL;
        geo_map_free(m);
    }
    for (size_t i = 0; i < n; i++) free(files[i]);
    return ok;
}

const geo_region *geo_map_find(const geo_map *m, const char *ags)
{
    size_t lo = 0, hi = m->n_regions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->regions[mid].ags, ags);
        if (c == 0) return &m->regions[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}
