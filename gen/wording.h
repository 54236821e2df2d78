/* wording: the German sentences of briefings, from editable templates.
 *
 * templates/wording/briefing.mustache and overview.mustache are rendered
 * against the view model (view_tv.h); each non-empty output line becomes one
 * entry of view->sentences, which the PDF and the HTML page both print, so
 * the wording is the same everywhere and can be changed without recompiling. */
#ifndef DIGINDEX_WORDING_H
#define DIGINDEX_WORDING_H

#include "diag.h"
#include "view.h"

typedef struct wording wording;

/* Compiles the wording templates under templates_dir. Returns a new wording
 * (free with wording_free) or NULL after adding an error to d. */
wording *wording_load(const char *templates_dir, diag *d);
void wording_free(wording *w);

/* Fill v->sentences (replacing any). Return false after adding an error.
 * Safe to call from several threads with the same wording. */
bool wording_briefing(const wording *w, view_briefing *v, diag *d);
bool wording_overview(const wording *w, view_overview *v, diag *d);

/* Reads and compiles DIR/NAME; NULL after adding an error (a missing file
 * or a template error at file:line:col). Also used by the HTML renderer. */
struct template;
struct template *wording_compile_file(const char *dir, const char *name, diag *d);

#endif
