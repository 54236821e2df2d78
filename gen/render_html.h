/* render_html: the static web site of an edition (out/<edition>/).
 *
 * Pages are Mustache templates (templates/NAME.mustache) rendered against the
 * view model's context (view_tv.h) plus the page-specific keys added here:
 * relative paths, inline SVG charts with their descriptions, links that are
 * only made from http(s) URLs. Every value from the data reaches the page
 * through {{x}}, which escapes & < > " and '; the only unescaped insertions
 * ({{{x}}}) are the chart SVG (escaped by the chart code) and the rendered
 * page body inside the layout.
 *
 * Layout of the site (paths relative to out/<edition>/):
 *   index.html                       Länder ranking, index chart, overview
 *   kreise.html                      every Kreis, grouped by Land, with filter
 *   methode.html, quellen.html       method and sources/licences
 *   laender/<ags>-<slug>.html        briefing pages (html_briefing_path)
 *   kreise/<ags>-<slug>.html
 *   gemeinden/<ags>-<slug>.html      (when an edition models Gemeinden)
 *   assets/site.css                  the one stylesheet (html_render_extras)
 *   downloads/zitiervorschlag.txt, downloads/LIZENZ.txt
 * Pages link to files the build writes: pdf/<stem>.pdf, downloads/<stem>.csv
 * (region_csv.h), charts/<ags>-<chart>.svg|.png, downloads/scores*.csv|json.
 *
 * Output is deterministic: the same view gives the same bytes.
 *
 * Thread safety: after html_renderer_new, every html_render_* function may
 * run on several threads at once with the same renderer. */
#ifndef DIGINDEX_RENDER_HTML_H
#define DIGINDEX_RENDER_HTML_H

#include "buf.h"
#include "diag.h"
#include "geo.h"
#include "metrics.h"
#include "view.h"
#include "view_charts.h"

#include <stdbool.h>
#include <stddef.h>

#define HTML_INDEX_PATH "index.html"
#define HTML_KREISE_PATH "kreise.html"
#define HTML_GEMEINDEN_PATH "gemeinden.html"
#define HTML_METHOD_PATH "methode.html"
#define HTML_SOURCES_PATH "quellen.html"

typedef struct html_renderer html_renderer;

/* Compiles every page template under templates_dir and reads site.css.
 * Borrows fonts (for the inline charts), which must outlive the renderer.
 * Returns NULL after adding an error (file:line:col for template errors). */
html_renderer *html_renderer_new(const char *templates_dir, const metrics_fonts *fonts, diag *d);
void html_renderer_free(html_renderer *r);
/* Adds the map of the Länder (geo.h; borrowed, must outlive the renderer):
 * briefing pages and index.html then show it. Call before rendering; without
 * it the site has no map. */
void html_renderer_set_map(html_renderer *r, const geo_map *map);
/* Whether this build writes the Gemeinde pages: only then do Kreis pages
 * link their Gemeinden and pages link gemeinden.html. Default false. */
void html_renderer_set_gemeinde_pages(html_renderer *r, bool written);
/* gemeinden.html: every Gemeinde grouped by Land and Kreis, with a Kreis
 * index per Land (works without JavaScript) and a filter by name, AGS or
 * Kreis (script). gemeinden: every Gemeinde (view_gemeinden_build). */
bool html_render_gemeinden(const html_renderer *r, const view_overview *o,
                           const view_rank_entry *gemeinden, size_t n, buf *out, diag *d);
/* Adds the theme (theme.h; borrowed, must outlive the renderer): the colours
 * of the inline charts, the logo file among the extras. The pages and
 * site.css read the rest from the view's context ("theme"). */
struct theme;
void html_renderer_set_theme(html_renderer *r, const struct theme *t);

/* Relative output path of a briefing page: "laender/09-bayern.html",
 * "kreise/09162-muenchen.html". Returns a new string. */
char *html_briefing_path(const view_briefing *v);

/* Each appends one complete HTML document to out. On failure they add an
 * error to d, leave out as it was and return false. The renderers only lay
 * out: every word and number comes from the view (its context and texts).
 * charts: the briefing's charts drawn once as SVG (briefing_charts_svg), the
 * same bytes as the chart files; NULL = draw them here. */
bool html_render_briefing(const html_renderer *r, const view_briefing *v,
                          const chart_svg charts[CHART_COUNT], buf *out, diag *d);
bool html_render_index(const html_renderer *r, const view_overview *o, buf *out, diag *d);
bool html_render_kreise(const html_renderer *r, const view_overview *o, buf *out, diag *d);
bool html_render_method(const html_renderer *r, const view_overview *o, buf *out, diag *d);
bool html_render_sources(const html_renderer *r, const view_overview *o, buf *out, diag *d);

/* The small files every edition carries besides the pages: assets/site.css,
 * downloads/zitiervorschlag.txt and downloads/LIZENZ.txt. */
typedef struct html_extra {
    char *path;                 /* relative to out/<edition>/ */
    buf data;
} html_extra;

/* Fills a new array (*files, *n); free with html_extras_free. */
bool html_render_extras(const html_renderer *r, const view_overview *o, html_extra **files,
                        size_t *n, diag *d);
void html_extras_free(html_extra *files, size_t n);

/* Whether url may become a link: http:// or https:// (any case) followed by
 * a host, and no whitespace or control characters. Anything else (javascript:,
 * data:, relative paths) is shown as text. */
bool html_url_is_safe(const char *url);

#endif
