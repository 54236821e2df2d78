/* build: `digindex build` — every output of every edition into OUT/<edition>/.
 *
 * Per edition: downloads/scores*.{json,csv}; per region a PDF briefing
 * (pdf/), an HTML page (laender/, kreise/, gemeinden/), a CSV (downloads/)
 * and its charts as SVG and PNG (charts/); the Gesamtbericht, index.html,
 * the Kreise overview, the method and sources pages and the site assets. Regions are rendered by a
 * pool of worker threads, one region at a time each (a region's view model
 * is built, rendered and freed before the next, so memory does not grow with
 * the number of regions). Each edition is written into a staging folder and
 * published atomically (publish.h): a failed or interrupted build leaves the
 * previous output intact.
 *
 * Published editions are frozen (published.h): an edition whose output
 * folder has a manifest.json is left as it is — not a byte changes — unless
 * the build is asked to restate it (--restate) or to rebuild some of its
 * regions (--only; refused when regions outside the selection now score
 * differently, since their pages would contradict the new ones). The change
 * figures of a new edition use the previous edition scored with today's
 * data and model ("restated"); where that differs from the published value
 * the briefing says so. */
#ifndef DIGINDEX_BUILD_H
#define DIGINDEX_BUILD_H

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "scores.h"

#include <stdbool.h>
#include <stdint.h>

/* What a build did per edition (filled when build_options.summary is set). */
enum { BUILD_MAX_EDITIONS = 64 };
typedef struct build_summary {
    int built[BUILD_MAX_EDITIONS];
    size_t n_built;
    int kept[BUILD_MAX_EDITIONS];           /* published, left as they were */
    size_t kept_differ[BUILD_MAX_EDITIONS]; /* of those: regions that score
                                               differently today; SIZE_MAX when
                                               the published scores are unreadable */
    size_t n_kept;
} build_summary;

typedef struct build_options {
    const char *data_dir;       /* for data/map-laender.json (optional: no map without it) */
    const char *out_dir;        /* default "out" */
    const char *templates_dir;  /* default "templates" */
    int edition;                /* 0 = every edition */
    int jobs;                   /* worker threads; <= 0 = number of cores */
    const char *const *only;    /* AGS list; NULL = every region */
    size_t n_only;
    bool progress;              /* a progress line on stderr */
    int64_t generated_epoch;    /* SOURCE_DATE_EPOCH, or -1 */
    bool restate;               /* rebuild published editions too */
    build_summary *summary;     /* may be NULL */
    /* Bit (1 << level) per level whose briefings are rendered; 0 = Länder
     * and Kreise (the Gemeinden are one documented option away: they take
     * minutes, the rest seconds). --only renders what it names at any level. */
    unsigned levels;
} build_options;

/* Writes the outputs. Returns 0, 1 after a data or template error, or 2
 * after a system error (added to d). Borrows everything. */
int build_run(const dataset *ds, const scores *sc, const build_options *opt, diag *d);

/* The template context of one region (ags; NULL = the overview) in edition
 * opt->edition (0 = the newest) as JSON, exactly as the build renders it:
 * the same analyses, wording and texts. Appends to out; returns false after
 * adding an error (an unknown AGS or edition is a usage error). Uses
 * templates_dir, out_dir (published editions), edition and generated_epoch
 * of opt. */
bool build_context(const dataset *ds, const scores *sc, const build_options *opt, const char *ags,
                   buf *out, diag *d);

#endif
