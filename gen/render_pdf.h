/* render_pdf: the PDF briefings (one per Land and Kreis) and the
 * Gesamtbericht, from the view model, with libharu.
 *
 * Owner: the PDF renderer (gen/render_pdf.c, gen/pdf_doc.c, gen/pdf_font.c,
 * gen/pdf_text.c, gen/pdf_table.c). It only reads the view (view.h) and
 * draws the charts (charts/) onto its pages; every score, change and average
 * printed is a *_de string of the view or a chart's own label (the key
 * figures' rank "9 / von 16 Ländern" goes through fmt_de_int).
 *
 * Output: A4, fonts embedded (Liberation Sans from the metrics_fonts paths,
 * no fallback), compressed, /Lang de-DE, title/author/subject/keywords,
 * bookmarks, footers "Seite n von m" with edition, date and, for sample
 * data, "Beispieldaten". The same view gives the same bytes: libharu writes
 * no dates and no /ID, and nothing here depends on time or addresses.
 *
 * Threads: a renderer is read-only after pdf_renderer_new; any number of
 * threads may render with it at once, one document per call. */
#ifndef DIGINDEX_RENDER_PDF_H
#define DIGINDEX_RENDER_PDF_H

#include "buf.h"
#include "diag.h"
#include "geo.h"
#include "metrics.h"
#include "view.h"

#include <stdbool.h>

typedef struct pdf_renderer pdf_renderer;

/* Reads both font files named by `fonts` (metrics_fonts_path) once. Returns
 * NULL after adding an error (naming the file and the Debian package) when a
 * file is missing or not a TrueType font libharu can embed. Borrows fonts,
 * which must outlive the renderer. */
pdf_renderer *pdf_renderer_new(const metrics_fonts *fonts, diag *d);
/* Optional: the Länder boundaries (geo_map_load) for the maps in Land
 * briefings and the Gesamtbericht; borrowed, must outlive the renderer.
 * Call before rendering starts (not thread-safe against renders). Without
 * it those pages simply have no map. */
void pdf_renderer_set_map(pdf_renderer *r, const geo_map *map);
/* For measurements (make bench) only: false renders PDFs as before tagging,
 * without structure tree and object streams, to compare time and size.
 * Default true. Call before rendering starts. */
void pdf_renderer_set_tagged(pdf_renderer *r, bool tagged);
/* Optional: the theme (theme.h; borrowed, must outlive the renderer): its
 * colours, logo and publisher. Call before rendering starts. Without it the
 * documents have the default look. */
struct theme;
void pdf_renderer_set_theme(pdf_renderer *r, const struct theme *t);
/* NULL is a no-op. */
void pdf_renderer_free(pdf_renderer *r);

/* Append a complete PDF to out. Return false after adding an error to d;
 * out is then unchanged. */
bool pdf_render_briefing(const pdf_renderer *r, const view_briefing *v, buf *out, diag *d);
bool pdf_render_overview(const pdf_renderer *r, const view_overview *o, buf *out, diag *d);

#endif
