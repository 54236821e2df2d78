/* theme: the publisher's look of every output, from templates/theme.json.
 *
 * A ministry brands its briefings with a copy of templates/ and its own
 * theme.json (build --templates DIR): publisher, short name, logo (PNG or
 * SVG, a file beside theme.json), the header colour of the site and the PDF,
 * the chart colours (region, average), a contact line, the licence of
 * the publication and the address it is published at (for the citation). The PDF renderer, the site (layout, site.css) and the
 * chart files (canvas colours) all read the one theme; the view's template
 * context carries it as "theme".
 *
 * Ownership: theme_load returns a new theme (theme_free); everything in it
 * is owned by it. */
#ifndef DIGINDEX_THEME_H
#define DIGINDEX_THEME_H

#include "buf.h"
#include "diag.h"
#include "palette.h"
#include "tvalue.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum theme_logo_kind { THEME_LOGO_NONE, THEME_LOGO_PNG, THEME_LOGO_SVG } theme_logo_kind;

typedef struct theme {
    char *publisher;            /* "Digitalindex Deutschland" */
    char *short_name;           /* "Digitalindex": where room is short */
    char *contact;              /* "" or a contact line */
    char *licence;              /* "" or the licence of the publication */
    char *url;                  /* "" or the http(s) address where it is published (citation) */
    theme_logo_kind logo_kind;
    char *logo_name;            /* file name beside theme.json, "" without a logo */
    buf logo;                   /* the logo file's bytes */
    double logo_width, logo_height; /* PNG: pixels (for the aspect ratio); SVG: 0 */
    uint32_t header, header_text;   /* site header and PDF accent: 0xRRGGBB */
    palette_colors colors;      /* chart colours (region, average and their tints) */
} theme;

/* Reads DIR/theme.json and its logo. Returns NULL after adding errors that
 * name the file and JSON path ($.colors.region) and say what to write. */
theme *theme_load(const char *templates_dir, diag *d);
void theme_free(theme *t);

/* The theme as a template context map ("theme"): strings as given, logo
 * ("assets/<name>" or ""), colours as "#rrggbb". t NULL: the default
 * colours and no publisher. Returns a new tv. */
tv *theme_tv(const theme *t);

#endif
