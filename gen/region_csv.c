/* region_csv: one region's table for German Excel (see region_csv.h). */
#include "region_csv.h"

#include "format.h"
#include "scores_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

char *region_csv_path(const view_briefing *v)
{
    return xasprintf("downloads/%s.csv", v->file_stem);
}

/* A German number string made plain for Excel: thousands dots dropped,
 * U+2212 MINUS SIGN as '-'; "–" (missing) and "" become an empty cell. */
static void plain_number_cell(buf *out, const char *s, size_t len)
{
    if (len == 0 || (len == strlen("–") && memcmp(s, "–", len) == 0)) return;
    for (size_t i = 0; i < len;) {
        if (s[i] == '.') {
            i++;
        } else if (len - i >= 3 && memcmp(s + i, "−", 3) == 0) {
            buf_putc(out, '-');
            i += 3;
        } else {
            buf_putc(out, s[i++]);
        }
    }
}

static void rounded_cell(buf *out, double x)
{
    if (isnan(x)) return;
    buf b = BUF_INIT;
    fmt_de_number(&b, x, 1);
    plain_number_cell(out, b.data, b.len);
    buf_free(&b);
}

/* The raw value as in the data: the shortest form that reads back as the
 * same double, with decimal comma; empty when missing. */
static void raw_cell(buf *out, const view_row *r)
{
    csv_raw_cell(out, r->raw);
}

static const char *kind_of(const view_row *r)
{
    if (r->depth == 0) return "Index";
    if (r->indicator) return "Indikator";
    if (r->depth == 1) return "Themenfeld";
    return "Aspekt";
}

static void sep(buf *out)
{
    buf_putc(out, ';');
}

bool region_csv_write(buf *out, const view_briefing *v)
{
    if (!v || v->n_rows == 0) return false;
    buf_puts(out, "\xEF\xBB\xBF");
    buf_puts(out, "AGS;Region;Ausgabe;Ebene;ID;Name;Rohwert;Einheit;Punkte;Rang;");
    /* The label keeps "Ø" and its word together with a no-break space;
     * a column name gets a plain one. */
    char *avg = xstrdup(v->average_label_de ? v->average_label_de : "Ø");
    for (char *p = strstr(avg, "\u00a0"); p; p = strstr(p, "\u00a0")) {
        p[0] = ' ';
        memmove(p + 1, p + 2, strlen(p + 2) + 1);
    }
    csv_text_cell(out, avg);
    free(avg);
    buf_puts(out, ";Veränderung (Punkte);Gewicht;Quelle;URL\r\n");
    for (size_t i = 0; i < v->n_rows; i++) {
        const view_row *r = &v->rows[i];
        /* The AGS as a quoted string, as in scores.csv. */
        buf_printf(out, "\"%s\"", v->ags);
        sep(out);
        csv_text_cell(out, v->name);
        sep(out);
        buf_printf(out, "%d%s", v->ed.year, v->ed.sample ? " Beispieldaten" : ""); /* the label travels with each row */
        sep(out);
        csv_text_cell(out, kind_of(r));
        sep(out);
        csv_text_cell(out, r->id);
        sep(out);
        csv_text_cell(out, r->name);
        sep(out);
        if (r->indicator) raw_cell(out, r);
        sep(out);
        csv_text_cell(out, r->unit ? r->unit : "");
        sep(out);
        rounded_cell(out, r->score);
        sep(out);
        if (r->rank > 0) buf_printf(out, "%d", r->rank);
        sep(out);
        rounded_cell(out, r->average);
        sep(out);
        rounded_cell(out, r->change);
        sep(out);
        csv_text_cell(out, r->weight_de ? r->weight_de : "");
        sep(out);
        csv_text_cell(out, r->source ? r->source : "");
        sep(out);
        csv_text_cell(out, r->url ? r->url : "");
        buf_puts(out, "\r\n");
    }
    return true;
}
