/* scores_out: scores.json and scores.csv (see scores_out.h). */
#include "scores_out.h"

#include "format.h"

#include <math.h>
#include <string.h>

void json_write_string(buf *out, const char *s)
{
    fmt_json_string(out, s, strlen(s));
}

/* Computed scores keep every digit; raw values from the data are written in
 * the shortest form that reads back as the same double (71.2, not
 * 71.200000000000003). */
static void json_number(buf *out, double x)
{
    fmt_double_exact(out, x, '.', "null");
}

static void json_raw(buf *out, double x)
{
    fmt_double_shortest(out, x, '.', "null");
}

static const char *standing_name(int s)
{
    return s == STANDING_LEADING ? "spitzengruppe" : s == STANDING_TRAILING ? "verfolgergruppe" : NULL;
}

#define SCORES_FLUSH_BYTES (1u << 20)

void scores_write_json(buf *out, const dataset *ds, const level_scores *ls)
{
    scores_write_json_parts(out, ds, ls, NULL, NULL);
}

void scores_write_csv(buf *out, const dataset *ds, const level_scores *ls)
{
    scores_write_csv_parts(out, ds, ls, NULL, NULL);
}

bool scores_write_json_parts(buf *out, const dataset *ds, const level_scores *ls,
                             scores_flush flush, void *ctx)
{
    const tree *t = ls->tree;
    const size_t *rows = ds->level_regions[ls->level];
    buf_printf(out, "{\"edition\":%d,\"level\":\"%s\",", ls->edition->year, level_name(ls->level));
    /* The status travels with the numbers: "sample" data are synthetic. */
    buf_printf(out, "\"status\":\"%s\",", ls->edition->sample ? "sample" : "official");
    if (ls->edition->sample) buf_puts(out, "\"hinweis\":\"Beispieldaten: synthetische Werte, keine amtlichen Ergebnisse\",");
    if (ls->previous) buf_printf(out, "\"previous_edition\":%d,", ls->previous->edition->year);
    buf_puts(out, "\"regions\":[\n");
    for (size_t r = 0; r < ls->n_rows; r++) {
        const region *rg = &ds->regions[rows[r]];
        buf_puts(out, "{\"ags\":");
        json_write_string(out, rg->ags);
        buf_puts(out, ",\"name\":");
        json_write_string(out, rg->name);
        buf_puts(out, ",\"nodes\":{");
        for (int i = 0; i < t->n_nodes; i++) {
            const node *n = &t->nodes[i];
            if (i) buf_putc(out, ',');
            json_write_string(out, n->id);
            buf_putc(out, ':');
            buf_putc(out, '{');
            if (n->leaf >= 0) {
                buf_puts(out, "\"raw\":");
                json_raw(out, ls_raw(ls, r, i));
                buf_putc(out, ',');
            }
            buf_puts(out, "\"score\":");
            json_number(out, ls_score(ls, r, i));
            int rk = ls_rank(ls, r, i);
            if (rk)
                buf_printf(out, ",\"rank\":%d", rk);
            else
                buf_puts(out, ",\"rank\":null");
            if (ls->previous) {
                buf_puts(out, ",\"score_change\":");
                json_number(out, ls_score_change(ls, r, i));
                int ok;
                int rc = ls_rank_change(ls, r, i, &ok);
                if (ok)
                    buf_printf(out, ",\"rank_change\":%d", rc);
                else
                    buf_puts(out, ",\"rank_change\":null");
            }
            const char *st = standing_name(ls->standing[r * (size_t)ls->n_nodes + (size_t)i]);
            if (st) buf_printf(out, ",\"standing\":\"%s\"", st);
            buf_putc(out, '}');
        }
        buf_puts(out, "}}");
        buf_puts(out, r + 1 < ls->n_rows ? ",\n" : "\n");
        if (flush && out->len >= SCORES_FLUSH_BYTES && !flush(out, ctx)) return false;
    }
    buf_puts(out, "],\n\"averages\":{");
    for (size_t g = 0; g < ls->n_groups; g++) {
        const average_group *ag = &ls->groups[g];
        if (g) buf_puts(out, ",");
        buf_puts(out, "\n");
        json_write_string(out, ag->key);
        buf_puts(out, ":{\"label\":");
        json_write_string(out, ag->label);
        buf_printf(out, ",\"regions\":%zu,\"nodes\":{", ag->n_regions);
        for (int i = 0; i < t->n_nodes; i++) {
            if (i) buf_putc(out, ',');
            json_write_string(out, t->nodes[i].id);
            buf_putc(out, ':');
            json_number(out, ag->value[i]);
        }
        buf_puts(out, "}}");
    }
    buf_puts(out, "\n}}\n");
    return true;
}

void csv_text_cell(buf *out, const char *s)
{
    bool neutralise = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                      s[0] == '\r';
    bool quote = neutralise || strpbrk(s, ";\"\n\r") != NULL;
    if (!quote) {
        buf_puts(out, s);
        return;
    }
    buf_putc(out, '"');
    if (neutralise) buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"') buf_putc(out, '"');
        buf_putc(out, *p);
    }
    buf_putc(out, '"');
}

void csv_number_cell(buf *out, double x)
{
    fmt_double_exact(out, x, ',', "");
}

void csv_raw_cell(buf *out, double x)
{
    fmt_double_shortest(out, x, ',', "");
}

static void header_cell(buf *out, const node *n, const char *what, const char *unit)
{
    buf h = BUF_INIT;
    buf_printf(&h, "%s %s – %s", n->id, n->name, what);
    if (unit && *unit) buf_printf(&h, " (%s)", unit);
    buf_putc(out, ';');
    csv_text_cell(out, buf_cstr(&h));
    buf_free(&h);
}

bool scores_write_csv_parts(buf *out, const dataset *ds, const level_scores *ls,
                            scores_flush flush, void *ctx)
{
    const tree *t = ls->tree;
    const size_t *rows = ds->level_regions[ls->level];
    bool prev = ls->previous != NULL;
    buf_puts(out, "\xEF\xBB\xBF");
    buf_puts(out, "AGS;Name");
    for (int i = 0; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        if (n->leaf >= 0) header_cell(out, n, "Rohwert", n->unit);
        header_cell(out, n, "Punkte", NULL);
        header_cell(out, n, "Rang", NULL);
        if (prev) {
            header_cell(out, n, "Veränderung Punkte", NULL);
            header_cell(out, n, "Veränderung Rang", NULL);
        }
    }
    buf_puts(out, ";Ausgabe\r\n");
    for (size_t r = 0; r < ls->n_rows; r++) {
        const region *rg = &ds->regions[rows[r]];
        /* The AGS is text with leading zeros; Excel would drop them from a
         * bare number, so it is written as a formula-free quoted string. */
        buf_printf(out, "\"%s\";", rg->ags);
        csv_text_cell(out, rg->name);
        for (int i = 0; i < t->n_nodes; i++) {
            const node *n = &t->nodes[i];
            if (n->leaf >= 0) {
                buf_putc(out, ';');
                csv_raw_cell(out, ls_raw(ls, r, i));
            }
            buf_putc(out, ';');
            csv_number_cell(out, ls_score(ls, r, i));
            buf_putc(out, ';');
            int rk = ls_rank(ls, r, i);
            if (rk) buf_printf(out, "%d", rk);
            if (prev) {
                buf_putc(out, ';');
                csv_number_cell(out, ls_score_change(ls, r, i));
                buf_putc(out, ';');
                int ok;
                int rc = ls_rank_change(ls, r, i, &ok);
                if (ok) buf_printf(out, "%d", rc);
            }
        }
        /* Every row says whether its numbers are samples: a row copied
         * into another table keeps the label ("Ausgabe" is a column
         * `digindex import` skips, so the file still imports as it is). */
        buf_printf(out, ";%d%s\r\n", ls->edition->year, ls->edition->sample ? " Beispieldaten" : "");
        if (flush && out->len >= SCORES_FLUSH_BYTES && !flush(out, ctx)) return false;
    }
    return true;
}
