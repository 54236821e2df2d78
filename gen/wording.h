/* wording: the German words of every output, from editable templates.
 *
 * The templates in templates/wording/ are rendered against a view's template
 * context (view_tv.h); each non-empty output line becomes one entry. The
 * sentences (briefing.mustache, overview.mustache) are printed by the PDF and
 * the HTML page alike; the texts (briefing-texts.mustache,
 * overview-texts.mustache: "key: text" lines) are the headings, labels,
 * captions and method text of the layouts. The view builder (view.h) is the
 * only caller, so the wording is the same everywhere and can be changed
 * without recompiling. */
#ifndef DIGINDEX_WORDING_H
#define DIGINDEX_WORDING_H

#include "diag.h"
#include "tvalue.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct wording wording;

typedef enum wording_kind {
    WORDING_BRIEFING,       /* wording/briefing.mustache: sentences of page 1 */
    WORDING_OVERVIEW,       /* wording/overview.mustache */
    WORDING_BRIEFING_TEXTS, /* wording/briefing-texts.mustache: layout texts */
    WORDING_OVERVIEW_TEXTS, /* wording/overview-texts.mustache */
    WORDING_DOWNLOAD_TEXTS, /* wording/download-texts.mustache: notes of the score downloads */
    WORDING_COUNT
} wording_kind;

/* Compiles the wording templates under templates_dir. Returns a new wording
 * (free with wording_free) or NULL after adding an error to d. */
wording *wording_load(const char *templates_dir, diag *d);
void wording_free(wording *w);

/* Renders template k against ctx (borrowed) into new trimmed, non-empty
 * lines (*lines and each line owned by the caller). Returns false after
 * adding an error. Safe to call from several threads with the same wording. */
bool wording_lines(const wording *w, wording_kind k, const tv *ctx, char ***lines, size_t *n,
                   diag *d);
/* "wording/briefing.mustache", … (for messages). */
const char *wording_file(wording_kind k);

/* Reads and compiles DIR/NAME; NULL after adding an error (a missing file
 * or a template error at file:line:col). Also used by the HTML renderer. */
struct template;
struct template *wording_compile_file(const char *dir, const char *name, diag *d);

#endif
