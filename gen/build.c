/* build: staged outputs per edition (see build.h). */
#include "build.h"

#include "buf.h"
#include "publish.h"
#include "scores_out.h"

#include <stdlib.h>

static bool write_level(staging *st, const dataset *ds, const level_scores *ls, diag *d)
{
    bool ok = true;
    buf json = BUF_INIT, csv = BUF_INIT;
    scores_write_json(&json, ds, ls);
    scores_write_csv(&csv, ds, ls);
    char *jname = xasprintf("downloads/scores-%s.json", level_name(ls->level));
    char *cname = xasprintf("downloads/scores-%s.csv", level_name(ls->level));
    ok &= staging_write(st, jname, json.data, json.len, d);
    ok &= staging_write(st, cname, csv.data, csv.len, d);
    if (ls->level == LEVEL_LAND) {
        ok &= staging_write(st, "downloads/scores.json", json.data, json.len, d);
        ok &= staging_write(st, "downloads/scores.csv", csv.data, csv.len, d);
    }
    free(jname);
    free(cname);
    buf_free(&json);
    buf_free(&csv);
    return ok;
}

static int build_edition(const dataset *ds, const scores *sc, const edition *ed, const char *out,
                         diag *d)
{
    staging st;
    char *target = xasprintf("%s/%d", out, ed->year);
    bool ok = staging_begin(&st, target, d);
    free(target);
    for (int l = 0; ok && l < LEVEL_COUNT; l++) {
        const level_scores *ls = scores_get(sc, ed->year, (level)l);
        if (ls) ok = write_level(&st, ds, ls, d);
    }
    if (ok) ok = staging_commit(&st, d);
    staging_end(&st);
    return ok ? 0 : 2;
}

int build_run(const dataset *ds, const scores *sc, const build_options *opt, diag *d)
{
    const char *out = opt->out_dir ? opt->out_dir : "out";
    for (size_t e = 0; e < ds->n_editions; e++) {
        const edition *ed = &ds->editions[e];
        if (opt->edition && ed->year != opt->edition) continue;
        int rc = build_edition(ds, sc, ed, out, d);
        if (rc) return rc;
    }
    return 0;
}
