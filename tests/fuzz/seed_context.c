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
#include "view_tv.h"
#include "wording.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static json_t *to_json(const tv *v)
{
    switch (tv_kind_of(v)) {
    case TV_NULL: return json_null();
    case TV_BOOL: return json_boolean(tv_bool(v));
    case TV_NUMBER: return json_real(tv_number(v));
    case TV_STRING: {
        size_t len;
        const char *s = tv_string(v, &len);
        return json_stringn(s, len);
    }
    case TV_LIST: {
        json_t *a = json_array();
        for (size_t i = 0; i < tv_list_len(v); i++) json_array_append_new(a, to_json(tv_list_get(v, i)));
        return a;
    }
    case TV_MAP: {
        json_t *o = json_object();
        for (size_t i = 0; i < tv_map_len(v); i++)
            json_object_set_new(o, tv_map_key(v, i, NULL), to_json(tv_map_value(v, i)));
        return o;
    }
    }
    return json_null();
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
    tv *ctx = NULL;
    if (argc > 3) {
        size_t ri = dataset_find_region(p.ds, argv[3]);
        if (ri == SIZE_MAX) return 1;
        const region *rg = &p.ds->regions[ri];
        view_briefing *v = view_briefing_build(p.ds, p.sc, year, rg->level, rg->row, 0);
        if (!v || !wording_briefing(w, v, &d)) return 1;
        ctx = view_briefing_to_tv(v);
        view_briefing_free(v);
    } else {
        view_overview *v = view_overview_build(p.ds, p.sc, year, 0);
        if (!v || !wording_overview(w, v, &d)) return 1;
        ctx = view_overview_to_tv(v);
        view_overview_free(v);
    }
    json_t *j = to_json(ctx);
    json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    tv_free(ctx);
    wording_free(w);
    pipeline_free(&p);
    diag_free(&d);
    return 0;
}
