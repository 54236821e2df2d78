/* view_tv: the view model as a template context (tvalue tree).
 *
 * Templates (templates/, *.mustache) see exactly the fields of view.h under the
 * same names, plus a few derived conveniences that logic-less templates need:
 * booleans (has_change, improved, above_average, …), German lists joined with
 * commas and "und" (strengths_de), and `first`/`last` flags in lists. No
 * number is computed or formatted here: every string comes from the view. */
#ifndef DIGINDEX_VIEW_TV_H
#define DIGINDEX_VIEW_TV_H

#include "tvalue.h"
#include "view.h"

/* Returns a new context tree (caller frees with tv_free); borrows v. Called
 * once per view, by the view builder; everyone else reads the view's own
 * context (view_briefing_context). */
tv *view_briefing_to_tv(const view_briefing *v);
tv *view_overview_to_tv(const view_overview *v);

/* One rank entry as a context map (ags, name, file_stem, score_de, rank_de,
 * change_de, score, highlight): the rankings, the Kreis list and the site's
 * Gemeinde list show entries alike. Returns a new map; borrows e. */
tv *view_rank_entry_tv(const view_rank_entry *e);

/* The edition as a context map ("ed": year, title, edition_de, …). Returns
 * a new map; borrows e. */
tv *view_edition_tv(const view_edition *e);

/* Every Gemeinde of `list` (view_gemeinden_build) grouped Land → Kreis, in
 * AGS order, each group with its name, anchor and count, for gemeinden.html.
 * Returns a new list; borrows o and list. */
tv *view_gemeinden_groups_tv(const view_overview *o, const view_rank_entry *list, size_t n);

/* A count as German text ("10.790"). Returns a new string value. */
tv *view_count_tv(size_t n);

/* Joins items as German prose: "A", "A und B", "A, B und C". Returns a new string. */
char *view_join_de(const char *const *items, size_t n);

#endif
