/* seed_context: prints the template contexts of a real build as JSON, to
 * seed the template fuzzer with what the templates actually see.
 *
 *   seed_context DATA YEAR AGS   the briefing context of region AGS
 *   seed_context DATA YEAR       the overview context
 *
 * Built and run by tests/fuzz/make-seeds only. */
#include "pipeline.h"
#include "tvalue.h"
#include "view.h"
#include "wording.h"

#include <stdio.h>
#include <stdlib.h>

static void print_context(const tv *ctx)
{
    buf out = BUF_INIT;
    tv_write_json(&out, ctx, false);
    fwrite(out.data, 1, out.len, stdout);
    buf_free(&out);
}

int main(int argc, char **argv)
{
    if (argc < 3) return 2;
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, argv[1], &d);
    if (!p.sc) return 1;
    wording *w = wording_load("templates", &d);
    if (!w) return 1;
    int year = atoi(argv[2]);
    if (argc > 3) {
        size_t ri = dataset_find_region(p.ds, argv[3]);
        if (ri == SIZE_MAX) return 1;
        const region *rg = &p.ds->regions[ri];
        const view_briefing *v = view_briefing_build(&(view_input){p.ds, p.sc, year, 0, w, NULL, {{0}}}, rg->level, rg->row, &d);
        if (!v) return 1;
        print_context(view_briefing_context(v));
        view_briefing_free(v);
    } else {
        const view_overview *v = view_overview_build(&(view_input){p.ds, p.sc, year, 0, w, NULL, {{0}}}, &d);
        if (!v) return 1;
        print_context(view_overview_context(v));
        view_overview_free(v);
    }
    wording_free(w);
    pipeline_free(&p);
    diag_free(&d);
    return 0;
}
