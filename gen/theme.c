/* theme: templates/theme.json (see theme.h). */
#include "theme.h"

#include "fileio.h"
#include "json_in.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_color(const char *s, uint32_t *out)
{
    if (!s || strlen(s) != 7 || s[0] != '#') return false;
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        char c = s[i];
        int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (h < 0) return false;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return true;
}

/* A colour at key of obj ("#rrggbb"); required. */
static bool color_at(diag *d, const char *file, const json_t *obj, const char *key,
                     uint32_t *out)
{
    const char *s = NULL;
    if (!json_in_string(d, file, "$.colors", obj, key, true, &s)) return false;
    if (parse_color(s, out)) return true;
    char *where = json_in_path_join("$.colors", key);
    diag_error(d, file, where, "write a colour as \"#rrggbb\", e.g. \"#0072b2\"",
               "not a colour: \"%s\"", s);
    free(where);
    return false;
}

/* The logo: a file name beside theme.json (no folders), PNG or SVG by its
 * bytes. PNG gives its pixel size for the aspect ratio. */
static bool logo_load(theme *t, const char *dir, const char *file, const char *name, diag *d)
{
    t->logo_name = xstrdup(name);
    if (!*name) return true;
    if (strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        diag_error(d, file, "$.logo", "put the logo file beside theme.json and give its name",
                   "the logo must be a file name without folders, got \"%s\"", name);
        return false;
    }
    char *path = xasprintf("%s/%s", dir, name);
    size_t len = 0;
    char *data = file_read_max(path, (size_t)4 << 20, "a logo", &len,
                               "give the name of a PNG or SVG file beside theme.json", d);
    free(path);
    if (!data) return false;
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 24 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0) {
        t->logo_kind = THEME_LOGO_PNG;
        t->logo_width = (double)((uint32_t)u[16] << 24 | (uint32_t)u[17] << 16 | (uint32_t)u[18] << 8 | u[19]);
        t->logo_height = (double)((uint32_t)u[20] << 24 | (uint32_t)u[21] << 16 | (uint32_t)u[22] << 8 | u[23]);
    } else if (strstr(data, "<svg")) {
        t->logo_kind = THEME_LOGO_SVG;
    } else {
        diag_error(d, file, "$.logo", "use a PNG or an SVG file", "%s is neither PNG nor SVG",
                   name);
        free(data);
        return false;
    }
    buf_append(&t->logo, data, len);
    free(data);
    return true;
}

theme *theme_load(const char *templates_dir, diag *d)
{
    char *file = xasprintf("%s/theme.json", templates_dir);
    json_t *j = json_in_load(file, d);
    theme *t = NULL;
    if (j && !json_is_object(j)) {
        diag_error(d, file, "$", "write one JSON object (see README, \"Eigenes Layout\")",
                   "theme.json must hold an object");
    } else if (j) {
        t = xcalloc(1, sizeof *t);
        size_t before = d->errors;
        static const char *const known[] = {"publisher", "short_name", "logo", "contact",
                                            "licence",   "url",        "colors", NULL};
        json_in_unknown_keys(d, file, "$", j, known);
        const char *publisher = NULL, *short_name = NULL, *logo = "", *contact = "",
                   *licence = "", *url = "";
        json_in_string(d, file, "$", j, "publisher", true, &publisher);
        json_in_string(d, file, "$", j, "short_name", true, &short_name);
        json_in_string(d, file, "$", j, "logo", false, &logo);
        json_in_string(d, file, "$", j, "contact", false, &contact);
        json_in_string(d, file, "$", j, "licence", false, &licence);
        json_in_string(d, file, "$", j, "url", false, &url);
        t->publisher = xstrdup(publisher ? publisher : "");
        t->short_name = xstrdup(short_name ? short_name : "");
        t->contact = xstrdup(contact ? contact : "");
        t->licence = xstrdup(licence ? licence : "");
        t->url = xstrdup(url ? url : "");
        if (*t->url && strncmp(t->url, "https://", 8) != 0 && strncmp(t->url, "http://", 7) != 0)
            diag_error(d, file, "$.url", "write the address as https://…",
                       "url must be an http(s) address");
        const json_t *colors = json_object_get(j, "colors");
        uint32_t region = 0, average = 0;
        if (!json_is_object(colors)) {
            diag_error(d, file, "$.colors",
                       "give \"colors\": {\"header\", \"header_text\", \"region\", \"average\"}",
                       "colors must be an object");
        } else {
            static const char *const ckeys[] = {"header", "header_text", "region", "average",
                                                NULL};
            json_in_unknown_keys(d, file, "$.colors", colors, ckeys);
            color_at(d, file, colors, "header", &t->header);
            color_at(d, file, colors, "header_text", &t->header_text);
            color_at(d, file, colors, "region", &region);
            color_at(d, file, colors, "average", &average);
        }
        t->colors = palette_from(region, average);
        /* The same contrast the default palette keeps (palette.h): data
         * colours 3:1 on white, header text 4.5:1 on the header. */
        const struct {
            const char *key;
            uint32_t fg, bg;
            double min;
        } checks[] = {{"region", region, 0xFFFFFFu, 3.0},
                      {"average", average, 0xFFFFFFu, 3.0},
                      {"header_text", t->header_text, t->header, 4.5},
                      {"header", t->header, 0xFFFFFFu, 4.5}};
        for (size_t i = 0; d->errors == before && i < sizeof checks / sizeof checks[0]; i++) {
            double c = palette_contrast(checks[i].fg, checks[i].bg);
            if (c >= checks[i].min) continue;
            char *where = json_in_path_join("$.colors", checks[i].key);
            diag_error(d, file, where, "choose a darker colour (WCAG 2.1 AA)",
                       "contrast %.2f:1 is below %.1f:1 against %s", c, checks[i].min,
                       i == 2 ? "the header colour" : "white");
            free(where);
        }
        if (d->errors == before) logo_load(t, templates_dir, file, logo ? logo : "", d);
        if (d->errors > before) {
            theme_free(t);
            t = NULL;
        }
    }
    json_decref(j);
    free(file);
    return t;
}

void theme_free(theme *t)
{
    if (!t) return;
    free(t->publisher);
    free(t->short_name);
    free(t->contact);
    free(t->licence);
    free(t->url);
    free(t->logo_name);
    buf_free(&t->logo);
    free(t);
}

static tv *color_tv(uint32_t c)
{
    char s[8];
    snprintf(s, sizeof s, "#%06x", (unsigned)(c & 0xFFFFFFu));
    return tv_new_string(s);
}

/* Without a theme (library callers that load none): the colours of the
 * bundled templates/theme.json, no publisher. */
static const theme no_theme = {"", "", "", "", "", THEME_LOGO_NONE, "", BUF_INIT, 0, 0,
                               0x0b3c5du, 0xffffffu, {PALETTE_REGION, PALETTE_REGION_TINT,
                                                      PALETTE_BAND, PALETTE_AVERAGE}};

tv *theme_tv(const theme *t)
{
    tv *m = tv_new_map();
    if (!t) t = &no_theme;
    tv_map_set(m, "publisher", tv_new_string(t->publisher));
    tv_map_set(m, "short_name", tv_new_string(t->short_name));
    tv_map_set(m, "contact", tv_new_string(t->contact));
    tv_map_set(m, "licence", tv_new_string(t->licence));
    tv_map_set(m, "url", tv_new_string(t->url));
    char *logo = t->logo_kind != THEME_LOGO_NONE ? xasprintf("assets/%s", t->logo_name) : xstrdup("");
    tv_map_set(m, "logo", tv_new_string(logo));
    free(logo);
    tv *c = tv_new_map();
    tv_map_set(c, "header", color_tv(t->header));
    tv_map_set(c, "header_text", color_tv(t->header_text));
    tv_map_set(c, "region", color_tv(t->colors.region));
    tv_map_set(c, "region_tint", color_tv(t->colors.region_tint));
    tv_map_set(c, "band", color_tv(t->colors.band));
    tv_map_set(c, "average", color_tv(t->colors.average));
    tv_map_set(m, "colors", c);
    return m;
}
