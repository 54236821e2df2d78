/* import: CSV export → values-<level>.json (see import.h). */
#include "import.h"

#include "fileio.h"
#include "json_in.h"

#include "cp1252.h"
#include "load.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- text decoding --------------------------------------------------------- */

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = cp1252_utf8_next(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1) return false;
        i += k;
    }
    return true;
}

/* UTF-8 text of the file into out: BOM removed, CP1252 decoded when the
 * bytes are not valid UTF-8. False after an error (UTF-16, NUL bytes). */
static bool decode_text(const char *file, const char *s, size_t n, buf *out, diag *d)
{
    if (n >= 2 && ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)) {
        diag_add(d, DIAG_ERROR, file, 0, 0, NULL,
                 "in Excel save as \"CSV UTF-8 (durch Trennzeichen getrennt)\" or \"CSV "
                 "(Trennzeichen-getrennt)\"",
                 "the file is UTF-16 (\"Unicode-Text\"), not CSV");
        return false;
    }
    if (n >= 2 && ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)) {
        diag_add(d, DIAG_ERROR, file, 0, 0, NULL, "save the table as CSV in UTF-8",
                 "the file is UTF-16 (big endian), not CSV");
        return false;
    }
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    if (memchr(s, '\0', n)) {
        diag_add(d, DIAG_ERROR, file, 0, 0, NULL, "save the table as CSV text",
                 "the file contains NUL bytes: it is not a text file");
        return false;
    }
    if (valid_utf8(s, n)) {
        buf_append(out, s, n);
        return true;
    }
    cp1252_to_utf8(out, s, n);
    return true;
}

/* ---- CSV records -------------------------------------------------------- */

typedef struct csv_row {
    char **cell;    /* owned, UTF-8, as written (quotes removed, not trimmed) */
    size_t n;
    int line;       /* line where the record starts (1-based) */
} csv_row;

typedef struct csv_table {
    csv_row *rows;
    size_t n;
    char sep;
} csv_table;

static void table_free(csv_table *t)
{
    for (size_t r = 0; r < t->n; r++) {
        for (size_t c = 0; c < t->rows[r].n; c++) free(t->rows[r].cell[c]);
        free(t->rows[r].cell);
    }
    free(t->rows);
}

/* Drops a table that failed to parse, and the row being read. */
static bool parse_failed(csv_table *t, csv_row *row)
{
    for (size_t c = 0; c < row->n; c++) free(row->cell[c]);
    free(row->cell);
    table_free(t);
    t->rows = NULL;
    t->n = 0;
    return false;
}

/* ';' when the first line has one outside quotes, else a tab, else ','.
 * With `lines` > 1 the first that many lines count (GENESIS tables begin
 * with title lines that may have no separator or a comma). */
static char detect_separator(const char *s, size_t n, int lines)
{
    size_t semi = 0, tab = 0, comma = 0;
    bool q = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') q = !q;
        if (q) continue;
        if ((c == '\n' || c == '\r') && --lines <= 0) break;
        semi += c == ';';
        tab += c == '\t';
        comma += c == ',';
    }
    return semi ? ';' : tab ? '\t' : comma ? ',' : ';';
}

static bool csv_parse(const char *file, const char *s, size_t n, int sep_lines, csv_table *t,
                      diag *d)
{
    t->rows = NULL;
    t->n = 0;
    t->sep = detect_separator(s, n, sep_lines);
    size_t cap = 0, cells = 0;
    int line = 1;
    size_t i = 0;
    while (i < n) {
        csv_row row = {NULL, 0, line};
        bool end = false;
        while (!end) {
            buf cell = BUF_INIT;
            if (i < n && s[i] == '"') {
                int qline = line;
                size_t qcol = row.n + 1;
                i++;
                bool closed = false;
                while (i < n) {
                    if (s[i] == '"') {
                        if (i + 1 < n && s[i + 1] == '"') {
                            buf_putc(&cell, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'))) line++;
                    buf_putc(&cell, s[i++]);
                }
                if (!closed) {
                    diag_add(d, DIAG_ERROR, file, qline, (int)qcol, NULL,
                             "close the quoted cell with '\"' (write \"\" for a quote inside)",
                             "the quoted cell is not closed");
                    buf_free(&cell);
                    return parse_failed(t, &row);
                }
            }
            while (i < n && s[i] != t->sep && s[i] != '\n' && s[i] != '\r') buf_putc(&cell, s[i++]);
            if ((row.n & (row.n - 1)) == 0) /* 0, 1, 2, 4, 8, ...: grow by doubling */
                row.cell = xrealloc(row.cell, (row.n ? 2 * row.n : 1) * sizeof *row.cell);
            row.cell[row.n++] = buf_detach(&cell);
            if (++cells > IMPORT_MAX_CELLS) {
                /* Each cell is a string of its own: bound the memory, not
                 * only the bytes (one line of 60 million ';' is 60 million
                 * cells). */
                diag_add(d, DIAG_ERROR, file, line, (int)row.n, NULL,
                         "a values file has about 350,000 values at most (10,800 Gemeinden × "
                         "30 indicators); check that this is the right file, or split it",
                         "the file has more than %d cells", IMPORT_MAX_CELLS);
                return parse_failed(t, &row);
            }
            if (i < n && s[i] == t->sep) {
                i++;
                continue;
            }
            end = true;
            if (i < n && s[i] == '\r') {
                i++;
                if (i < n && s[i] == '\n') i++;
            } else if (i < n && s[i] == '\n') {
                i++;
            }
            line++;
        }
        bool blank = true;
        for (size_t c = 0; c < row.n && blank; c++)
            for (const char *p = row.cell[c]; *p && blank; p++)
                if (*p != ' ' && *p != '\t') blank = false;
        if (blank) {
            for (size_t c = 0; c < row.n; c++) free(row.cell[c]);
            free(row.cell);
            continue;
        }
        if (t->n == cap) {
            cap = cap ? cap * 2 : 64;
            t->rows = xrealloc(t->rows, cap * sizeof *t->rows);
        }
        t->rows[t->n++] = row;
    }
    return true;
}

/* ---- cells ---------------------------------------------------------------- */

/* Length of the blank (space, tab, U+00A0, U+202F) at s, or 0. */
static size_t blank_at(const char *s)
{
    if (*s == ' ' || *s == '\t') return 1;
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) return 2;
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF)
        return 3;
    return 0;
}

/* A trimmed copy of s (blanks at both ends removed). */
static char *trimmed(const char *s)
{
    size_t k;
    while ((k = blank_at(s)) > 0) s += k;
    size_t n = strlen(s);
    for (;;) {
        if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
            n--;
        } else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) {
            n -= 2;
        } else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                   (unsigned char)s[n - 1] == 0xAF) {
            n -= 3;
        } else {
            break;
        }
    }
    return xstrndup(s, n);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Thousands grouping: 1 to 3 digits, then groups of sep + 3 digits. */
static bool grouped(const char *s, size_t n, char sep)
{
    size_t lead = 0;
    while (lead < n && is_digit(s[lead])) lead++;
    if (lead < 1 || lead > 3 || lead == n || s[0] == '0') return false;
    for (size_t i = lead; i < n; i += 4) {
        if (i + 4 > n || s[i] != sep) return false;
        for (size_t k = 1; k <= 3; k++)
            if (!is_digit(s[i + k])) return false;
    }
    return true;
}

typedef enum decimal_style { DEC_UNKNOWN, DEC_COMMA, DEC_POINT } decimal_style;

typedef enum num_result { NUM_OK, NUM_EMPTY, NUM_BAD, NUM_AMBIGUOUS, NUM_SEPARATOR } num_result;

/* What decides the meaning of '.' and ',' in a cell. */
typedef struct number_ctx {
    decimal_style forced;   /* --decimal; DEC_UNKNOWN = decide from the file */
    decimal_style file;     /* majority of the file's unambiguous cells */
    bool file_comma;        /* some cell of the file has a decimal comma */
    bool col_point;         /* some cell of the column has a decimal point */
} number_ctx;

/* Splits a trimmed cell into sign, mantissa and exponent; false when the
 * shape is not a number at all. */
static bool number_parts(const char *s, bool *neg, const char **mant, size_t *mlen,
                         const char **exp)
{
    *neg = false;
    if (*s == '-' || *s == '+') {
        *neg = *s == '-';
        s++;
    } else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x88 &&
               (unsigned char)s[2] == 0x92) { /* U+2212 MINUS SIGN */
        *neg = true;
        s += 3;
    }
    *mant = s;
    while (is_digit(*s) || *s == '.' || *s == ',') s++;
    *mlen = (size_t)(s - *mant);
    *exp = NULL;
    if (*s == 'e' || *s == 'E') {
        *exp = s + 1;
        const char *p = s + 1;
        if (*p == '+' || *p == '-') p++;
        if (!is_digit(*p)) return false;
        while (is_digit(*p)) p++;
        s = p;
    }
    if (*s) return false;
    bool digit = false;
    for (size_t i = 0; i < *mlen; i++) digit |= is_digit((*mant)[i]);
    return digit;
}

/* What a cell says about the file's decimal separator (unambiguous cases). */
static decimal_style cell_style(const char *cell)
{
    char *t = trimmed(cell);
    bool neg;
    const char *m, *e;
    size_t ml;
    decimal_style st = DEC_UNKNOWN;
    if (number_parts(t, &neg, &m, &ml, &e)) {
        const char *lc = NULL, *ld = NULL;
        size_t nc = 0, nd = 0;
        for (size_t i = 0; i < ml; i++) {
            if (m[i] == ',') nc++, lc = m + i;
            if (m[i] == '.') nd++, ld = m + i;
        }
        if (nc && nd)
            st = lc > ld ? DEC_COMMA : DEC_POINT;
        else if (nc == 1 && !grouped(m, ml, ','))
            st = DEC_COMMA;
        else if (nd == 1 && !grouped(m, ml, '.'))
            st = DEC_POINT;
    }
    free(t);
    return st;
}

/* Reads a number cell: decimal comma or point, optional thousands grouping
 * with the other character, optional exponent. A single separator followed
 * by three digits ("1.012", "1,012") could be either: it is read as the
 * decimal separator only when --decimal says so or the file does (a dot:
 * the column has other decimal points and the file no decimal commas; a
 * comma: the file does not write decimal points); otherwise the cell is
 * NUM_AMBIGUOUS, never a guess. */
static num_result parse_number(const char *cell, const number_ctx *nx, double *out)
{
    char *t = trimmed(cell);
    if (!*t) {
        free(t);
        *out = NAN;
        return NUM_EMPTY;
    }
    bool neg;
    const char *m, *e;
    size_t ml;
    num_result res = NUM_BAD;
    if (!number_parts(t, &neg, &m, &ml, &e)) goto done;
    size_t nc = 0, nd = 0;
    const char *lc = NULL, *ld = NULL;
    for (size_t i = 0; i < ml; i++) {
        if (m[i] == ',') nc++, lc = m + i;
        if (m[i] == '.') nd++, ld = m + i;
    }
    char dec = 0, group = 0;
    char forced_dec = nx->forced == DEC_COMMA ? ',' : nx->forced == DEC_POINT ? '.' : 0;
    if (nc && nd) {
        dec = lc > ld ? ',' : '.';
        group = dec == ',' ? '.' : ',';
        if (forced_dec && dec != forced_dec) {
            res = NUM_SEPARATOR;
            goto done;
        }
        if ((dec == ',' ? nc : nd) != 1) goto done;
        const char *dp = dec == ',' ? lc : ld;
        if (!grouped(m, (size_t)(dp - m), group)) goto done;
    } else if (nc == 1 || nd == 1) {
        char c = nc ? ',' : '.';
        bool maybe_group = grouped(m, ml, c);
        if (forced_dec && c != forced_dec) {
            if (!maybe_group) {
                res = NUM_SEPARATOR;
                goto done;
            }
            group = c;
        } else if (forced_dec) {
            dec = c;
        } else if (maybe_group && (c == '.' ? nx->file_comma || !nx->col_point
                                             : nx->file == DEC_POINT)) {
            res = NUM_AMBIGUOUS;
            goto done;
        } else {
            dec = c;
        }
    } else if (nc > 1 || nd > 1) {
        group = nc ? ',' : '.';
        if (forced_dec && group == forced_dec) {
            res = NUM_SEPARATOR;
            goto done;
        }
        if (!grouped(m, ml, group)) goto done;
    }
    buf a = BUF_INIT;
    if (neg) buf_putc(&a, '-');
    for (size_t i = 0; i < ml; i++) {
        if (m[i] == group) continue;
        buf_putc(&a, m[i] == dec ? '.' : m[i]);
    }
    if (e) {
        buf_putc(&a, 'e');
        buf_puts(&a, e);
    }
    /* The program runs in the C locale (it never calls setlocale), where
     * strtod reads '.' and rounds correctly. */
    char *end;
    errno = 0;
    double v = strtod(buf_cstr(&a), &end);
    if (*end == '\0' && isfinite(v) && errno != ERANGE) {
        *out = v == 0 ? 0.0 : v;
        res = NUM_OK;
    }
    buf_free(&a);
done:
    free(t);
    return res;
}

/* Reads an AGS cell ("01", "'01", ="01"), restoring one leading zero that a
 * spreadsheet dropped. Returns false when it is not digits of the level's
 * length; *padded tells when a zero was added. */
static bool parse_ags(const char *cell, level lv, char ags[9], bool *padded)
{
    char *t = trimmed(cell);
    const char *s = t;
    size_t n = strlen(s);
    if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
        s += 2;
        n -= 3;
    } else if (n >= 1 && s[0] == '\'') {
        s++;
        n--;
    }
    bool ok = n > 0 && n <= 8;
    for (size_t i = 0; ok && i < n; i++) ok = is_digit(s[i]);
    size_t want = level_ags_len(lv);
    *padded = false;
    if (ok && n + 1 == want) {
        ags[0] = '0';
        memcpy(ags + 1, s, n);
        ags[n + 1] = '\0';
        *padded = true;
    } else if (ok && n == want) {
        memcpy(ags, s, n);
        ags[n] = '\0';
    } else {
        ok = false;
    }
    free(t);
    return ok;
}

/* Lowercase ASCII copy of a trimmed header cell. */
static char *header_key(const char *cell)
{
    char *t = trimmed(cell);
    for (char *p = t; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return t;
}

static bool key_in(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0) return true;
    return false;
}

static const char *const AGS_KEYS[] = {"ags", "kennziffer", "regionalschlüssel", "schlüssel",
                                       "gemeindeschlüssel", "amtlicher gemeindeschlüssel", NULL};
const char IMPORT_AGS_HEADERS[] = "AGS, Kennziffer, Regionalschlüssel, Schlüssel, "
                                  "Gemeindeschlüssel, Amtlicher Gemeindeschlüssel";
static const char *const INDICATOR_KEYS[] = {"indicator", "indikator", "indicator_id", "id", NULL};
static const char *const VALUE_KEYS[] = {"value", "wert", "rohwert", NULL};
/* Descriptive columns a wide table may carry; skipped without a word. */
static const char *const SKIP_KEYS[] = {
    "name", "region", "regionsname", "bezeichnung", "gebiet", "ebene", "level", "land", "kreis",
    "gemeinde", "kind", "art", "typ", "gruppe", "group", "einwohner", "bevölkerung",
    "population", "fläche", "area_km2", "name_official", "edition", "ausgabe", "jahr", NULL};

/* ---- conversion --------------------------------------------------------- */

typedef struct importer {
    const dataset *ds;
    const edition *ed;
    level lv;
    const tree *t;
    const char *file;
    diag *d;
    size_t n_rows, n_leaves;
    double *val;        /* n_rows × n_leaves */
    bool *have;         /* a cell was given (even an empty one) */
    bool *row_seen;
    bool *leaf_seen;
    const import_options *opt;
    decimal_style style;        /* majority of the file's unambiguous cells */
    bool file_comma;            /* some cell has a decimal comma */
    bool *col_point;            /* per column: some cell has a decimal point */
    size_t n_cols;
    bool genesis_signs;         /* "-" is 0; ".", "x", "...", "/" are missing */
    import_summary *sum;
    bool padded_warned;
} importer;

static const char *level_article(level lv)
{
    return lv == LEVEL_LAND ? "a Land" : lv == LEVEL_KREIS ? "a Kreis" : "a Gemeinde";
}

/* The row of the level for an AGS cell, or SIZE_MAX after an error. */
static size_t ags_row(importer *im, const char *cell, int line, int col)
{
    char ags[9];
    bool padded;
    if (!parse_ags(cell, im->lv, ags, &padded)) {
        char *t = trimmed(cell);
        size_t n = strlen(t);
        bool digits = n > 0;
        for (size_t i = 0; i < n; i++) digits &= is_digit(t[i]);
        if (digits && (n == 2 || n == 5 || n == 8)) {
            size_t ri = dataset_find_region(im->ds, t);
            if (ri != SIZE_MAX)
                diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                         "import each level from its own file with --level",
                         "AGS %s is %s (%s), not %s", t, level_article(im->ds->regions[ri].level),
                         im->ds->regions[ri].name, level_article(im->lv));
            else
                diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                         "correct the AGS, or add the region to regions.json",
                         "AGS %s is not in regions.json", t);
        } else if (digits) {
            diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                     "an AGS has 2 (Land), 5 (Kreis) or 8 (Gemeinde) digits with leading zeros",
                     "AGS \"%s\" has %zu digits; level %s needs %zu", t, n, level_name(im->lv),
                     level_ags_len(im->lv));
        } else {
            diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                     "an AGS has 2 (Land), 5 (Kreis) or 8 (Gemeinde) digits with leading zeros",
                     "cannot read \"%s\" as an AGS", t);
        }
        free(t);
        return SIZE_MAX;
    }
    size_t ri = dataset_find_region(im->ds, ags);
    if (ri == SIZE_MAX) {
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "correct the AGS, or add the region to regions.json",
                 "AGS %s is not in regions.json", ags);
        return SIZE_MAX;
    }
    const region *rg = &im->ds->regions[ri];
    if (rg->level != im->lv) {
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "import each level from its own file with --level", "AGS %s is %s (%s), not %s",
                 ags, level_article(rg->level), rg->name, level_article(im->lv));
        return SIZE_MAX;
    }
    if (padded && !im->padded_warned) {
        diag_add(im->d, DIAG_WARNING, im->file, line, col, NULL,
                 "format the AGS column as text in the spreadsheet",
                 "AGS without its leading zero: read \"%s\" as %s (and so on)", ags + 1, ags);
        im->padded_warned = true;
    }
    return rg->row;
}

/* The GENESIS signs for values that are not numbers: "-" (genau null) is
 * 0; "." (unbekannt oder geheim), "x" (gesperrt), "..." (später), "/" (nicht
 * sicher genug) are missing. Returns true when the cell is one of them. */
static bool genesis_sign(importer *im, const char *cell, double *v)
{
    char *t = trimmed(cell);
    bool zero = strcmp(t, "-") == 0 || strcmp(t, "–") == 0;
    bool missing = strcmp(t, ".") == 0 || strcmp(t, "x") == 0 || strcmp(t, "X") == 0 ||
                   strcmp(t, "...") == 0 || strcmp(t, "…") == 0 || strcmp(t, "/") == 0;
    free(t);
    if (zero) {
        *v = 0;
        if (im->sum) im->sum->signs_zero++;
    } else if (missing) {
        *v = NAN;
        if (im->sum) im->sum->signs_missing++;
    }
    return zero || missing;
}

/* Reads a value cell; reports it and returns false when unreadable. */
static bool read_value(importer *im, const char *cell, int line, int col, double *v)
{
    if (im->genesis_signs && genesis_sign(im, cell, v)) return true;
    number_ctx nx = {DEC_UNKNOWN, im->style, im->file_comma,
                     col >= 1 && (size_t)col <= im->n_cols && im->col_point[col - 1]};
    if (im->opt && im->opt->decimal == IMPORT_DECIMAL_COMMA) nx.forced = DEC_COMMA;
    if (im->opt && im->opt->decimal == IMPORT_DECIMAL_POINT) nx.forced = DEC_POINT;
    num_result r = parse_number(cell, &nx, v);
    if (r == NUM_OK || r == NUM_EMPTY) return true;
    char *t = trimmed(cell);
    if (r == NUM_AMBIGUOUS && strchr(t, '.'))
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "import with --decimal comma when '.' separates thousands (German Excel "
                 "\"#.##0\"), or with --decimal point when it is the decimal point",
                 "\"%s\" is ambiguous: %s", t,
                 im->file_comma ? "the file writes decimals with ',', so '.' may separate "
                                  "thousands"
                                : "the file has no decimal comma to tell whether '.' is a "
                                  "decimal point or separates thousands");
    else if (r == NUM_AMBIGUOUS)
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "import with --decimal point when ',' separates thousands, or with "
                 "--decimal comma when it is the decimal comma",
                 "\"%s\" is ambiguous: the file writes decimals with '.', so ',' may "
                 "separate thousands", t);
    else if (r == NUM_SEPARATOR)
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "check the --decimal option against the file",
                 "\"%s\" does not fit --decimal %s", t,
                 im->opt->decimal == IMPORT_DECIMAL_COMMA ? "comma" : "point");
    else if (im->genesis_signs)
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "write a number, or one of the GENESIS signs - . x ... /",
                 "cannot read \"%s\" as a number", t);
    else
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL,
                 "write a number (95,3 or 95.3) or leave the cell empty for a missing value",
                 "cannot read \"%s\" as a number", t);
    free(t);
    return false;
}

/* Stores one value cell. */
static void put_value(importer *im, size_t row, int leaf, const char *cell, int line, int col)
{
    const node *n = &im->t->nodes[im->t->leaves[leaf]];
    size_t k = row * im->n_leaves + (size_t)leaf;
    const region *rg = &im->ds->regions[im->ds->level_regions[im->lv][row]];
    double v;
    if (!read_value(im, cell, line, col, &v)) return;
    if (im->have[k]) {
        diag_add(im->d, DIAG_ERROR, im->file, line, col, NULL, "give each value once",
                 "a second value for %s (%s), indicator %s", rg->ags, rg->name, n->id);
        return;
    }
    im->have[k] = true;
    im->val[k] = v;
    if (im->sum) im->sum->values++;
}

static void convert_long(importer *im, const csv_table *tab, size_t ca, size_t ci, size_t cv)
{
    bool *derived_warned = xcalloc(im->n_leaves ? im->n_leaves : 1, sizeof(bool));
    for (size_t r = 1; r < tab->n; r++) {
        const csv_row *row = &tab->rows[r];
        const char *sa = ca < row->n ? row->cell[ca] : "";
        const char *si = ci < row->n ? row->cell[ci] : "";
        const char *sv = cv < row->n ? row->cell[cv] : "";
        size_t rr = ags_row(im, sa, row->line, (int)ca + 1);
        char *id = trimmed(si);
        int ni = tree_find(im->t, id);
        int leaf = ni >= 0 ? im->t->nodes[ni].leaf : -1;
        bool continue_value = true;
        if (!*id) {
            diag_add(im->d, DIAG_ERROR, im->file, row->line, (int)ci + 1, NULL,
                     "give the indicator id from model.json", "the indicator id is empty");
        } else if (ni < 0) {
            diag_add(im->d, DIAG_ERROR, im->file, row->line, (int)ci + 1, NULL,
                     "check the spelling against the indicator ids in model.json",
                     "unknown indicator id \"%s\" (edition %d, level %s)", id, im->ed->year,
                     level_name(im->lv));
        } else if (leaf < 0) {
            diag_add(im->d, DIAG_ERROR, im->file, row->line, (int)ci + 1, NULL,
                     "values belong to indicators (nodes without children)",
                     "\"%s\" is not an indicator but an aggregate", id);
        } else if (im->t->nodes[ni].derived) {
            if (!derived_warned[leaf])
                diag_add(im->d, DIAG_WARNING, im->file, row->line, (int)ci + 1, NULL,
                         "remove these rows: the value is computed from the lower level",
                         "indicator %s is derived from level %s; its values are ignored", id,
                         level_name(im->t->nodes[ni].derive_level));
            derived_warned[leaf] = true;
        } else if (rr != SIZE_MAX) {
            im->leaf_seen[leaf] = true;
            im->row_seen[rr] = true;
            put_value(im, rr, leaf, sv, row->line, (int)cv + 1);
            continue_value = false;
        }
        if (continue_value) {
            double v;
            read_value(im, sv, row->line, (int)cv + 1, &v);
        }
        free(id);
    }
    free(derived_warned);
}

/* The node of tree t whose name is `text` (ASCII case ignored), or -1. */
static int node_by_name(const tree *t, const char *text)
{
    for (int i = 0; i < t->n_nodes; i++)
        if (t->nodes[i].name && strcasecmp(t->nodes[i].name, text) == 0) return i;
    return -1;
}

/* Classifies a wide header cell: the leaf column it feeds (>= 0), -1 to skip,
 * -2 after an error. */
static int wide_column(importer *im, const char *cell, int col, bool *derived)
{
    *derived = false;
    char *h = trimmed(cell);
    char *key = header_key(cell);
    int res = -1;
    if (!*h || key_in(key, SKIP_KEYS)) goto done;
    size_t idlen = strcspn(h, " ");
    char *id = xstrndup(h, idlen);
    int ni = tree_find(im->t, id);
    int by_name = ni < 0 ? node_by_name(im->t, h) : -1;
    bool raw = strstr(h, " – Rohwert") != NULL || strstr(h, " - Rohwert") != NULL;
    bool score_col = strstr(h, " – Punkte") || strstr(h, " – Rang") || strstr(h, " – Veränderung") ||
                     strstr(h, " - Punkte") || strstr(h, " - Rang") || strstr(h, " - Veränderung");
    if (ni >= 0) {
        const node *n = &im->t->nodes[ni];
        if (n->leaf < 0) {
            /* "DI Testindex – Punkte" is a score column of our own table;
             * a bare "A" or an aggregate's "Rohwert" is a mistake. */
            bool bare = h[idlen] == '\0';
            if (raw || bare)
                diag_add(im->d, DIAG_ERROR, im->file, 1, col, NULL,
                         "values belong to indicators (nodes without children)",
                         "\"%s\" is not an indicator but an aggregate", id);
            res = raw || bare ? -2 : -1;
        } else if (score_col && !raw) {
            res = -1;
        } else {
            res = n->leaf;
            *derived = n->derived;
        }
    } else if (by_name >= 0) {
        /* The indicator's name instead of its id: say which id is meant. */
        const node *n = &im->t->nodes[by_name];
        char *hint = xasprintf("head the column \"%s\" (or \"%s %s\")", n->id, n->id, n->name);
        diag_add(im->d, DIAG_ERROR, im->file, 1, col, NULL, hint,
                 "column \"%s\" is the name of %s %s, not its id", h,
                 n->leaf >= 0 ? "indicator" : "aggregate", n->id);
        free(hint);
        res = -2;
    } else if (h[idlen] == '\0' || raw) {
        /* A bare id-like header, or a raw-value column of our own format:
         * an indicator the model does not have. */
        diag_add(im->d, DIAG_ERROR, im->file, 1, col, NULL,
                 "name the column by an indicator id of model.json, or delete the column",
                 "unknown indicator id \"%s\" (edition %d, level %s)", id, im->ed->year,
                 level_name(im->lv));
        res = -2;
    } else if (!score_col) {
        diag_add(im->d, DIAG_WARNING, im->file, 1, col, NULL,
                 "head indicator columns with their id (I01) or \"I01 name\"",
                 "column \"%s\" is not an indicator of the model; ignored", h);
    }
    free(id);
done:
    free(h);
    free(key);
    return res;
}

static void convert_wide(importer *im, const csv_table *tab, size_t ca)
{
    const csv_row *head = &tab->rows[0];
    int *col_leaf = xmalloc((head->n ? head->n : 1) * sizeof *col_leaf);
    int *leaf_col = xmalloc((im->n_leaves ? im->n_leaves : 1) * sizeof *leaf_col);
    for (size_t l = 0; l < im->n_leaves; l++) leaf_col[l] = -1;
    for (size_t c = 0; c < head->n; c++) {
        col_leaf[c] = -1;
        if (c == ca) continue;
        bool derived;
        int leaf = wide_column(im, head->cell[c], (int)c + 1, &derived);
        if (leaf < 0) continue;
        const node *n = &im->t->nodes[im->t->leaves[leaf]];
        if (leaf_col[leaf] >= 0) {
            diag_add(im->d, DIAG_ERROR, im->file, 1, (int)c + 1, NULL, "keep one column per indicator",
                     "a second column for indicator %s (the first is column %d)", n->id,
                     leaf_col[leaf] + 1);
            continue;
        }
        leaf_col[leaf] = (int)c;
        if (derived) {
            bool any = false;
            for (size_t r = 1; r < tab->n && !any; r++)
                if (c < tab->rows[r].n) {
                    char *t = trimmed(tab->rows[r].cell[c]);
                    any = *t != '\0';
                    free(t);
                }
            /* Our own scores CSV always carries the derived raw values: no
             * need to mention it then. */
            bool own = strstr(head->cell[c], " – Rohwert") != NULL;
            if (any && !own)
                diag_add(im->d, DIAG_WARNING, im->file, 1, (int)c + 1, NULL,
                         "the value is computed from the lower level",
                         "indicator %s is derived from level %s; the column is ignored", n->id,
                         level_name(n->derive_level));
            continue;
        }
        col_leaf[c] = leaf;
        im->leaf_seen[leaf] = true;
    }
    int *row_line = xcalloc(im->n_rows ? im->n_rows : 1, sizeof *row_line);
    for (size_t r = 1; r < tab->n; r++) {
        const csv_row *row = &tab->rows[r];
        if (row->n > head->n) {
            for (size_t c = head->n; c < row->n; c++) {
                char *t = trimmed(row->cell[c]);
                if (*t)
                    diag_add(im->d, DIAG_ERROR, im->file, row->line, (int)c + 1, NULL,
                             "every row needs as many cells as the header",
                             "a cell beyond the last column of the header: \"%s\"", t);
                free(t);
            }
        }
        size_t rr = ags_row(im, ca < row->n ? row->cell[ca] : "", row->line, (int)ca + 1);
        if (rr != SIZE_MAX && row_line[rr]) {
            const region *rg = &im->ds->regions[im->ds->level_regions[im->lv][rr]];
            diag_add(im->d, DIAG_ERROR, im->file, row->line, (int)ca + 1, NULL,
                     "give each region one row", "a second row for %s (%s); the first is line %d",
                     rg->ags, rg->name, row_line[rr]);
            rr = SIZE_MAX;
        } else if (rr != SIZE_MAX) {
            row_line[rr] = row->line;
            im->row_seen[rr] = true;
        }
        for (size_t c = 0; c < head->n; c++) {
            if (col_leaf[c] < 0) continue;
            const char *cell = c < row->n ? row->cell[c] : "";
            if (rr != SIZE_MAX) {
                put_value(im, rr, col_leaf[c], cell, row->line, (int)c + 1);
            } else {
                /* Still report unreadable cells of a row with a bad AGS. */
                double v;
                read_value(im, cell, row->line, (int)c + 1, &v);
            }
        }
    }
    free(row_line);
    free(col_leaf);
    free(leaf_col);
}

/* ---- one indicator per file (GENESIS / Regionaldatenbank) ------------------ */

/* A region code as GENESIS writes it: "DG" (Deutschland) or 1 to 12 digits. */
static bool region_code(const char *cell)
{
    char *t = trimmed(cell);
    const char *s = t[0] == '\'' ? t + 1 : t;
    size_t n = strlen(s);
    bool ok = strcmp(s, "DG") == 0;
    if (!ok && n >= 1 && n <= 12) {
        ok = true;
        for (size_t i = 0; i < n; i++) ok &= is_digit(s[i]);
    }
    free(t);
    return ok;
}

/* True for a cell that a value column may hold: empty, a number, or (with
 * the GENESIS signs) one of - . x ... / */
static bool value_like(const char *cell, bool signs)
{
    char *t = trimmed(cell);
    number_ctx nx = {DEC_UNKNOWN, DEC_UNKNOWN, false, false};
    double v;
    bool ok = parse_number(t, &nx, &v) != NUM_BAD;
    if (!ok && signs)
        ok = strcmp(t, "-") == 0 || strcmp(t, "–") == 0 || strcmp(t, ".") == 0 ||
             strcmp(t, "x") == 0 || strcmp(t, "X") == 0 || strcmp(t, "...") == 0 ||
             strcmp(t, "…") == 0 || strcmp(t, "/") == 0;
    free(t);
    return ok;
}

/* Reads the table of one indicator: the rows of the level, one value
 * column; other levels' rows are skipped and counted. */
static void convert_single(importer *im, const csv_table *tab, int leaf)
{
    const node *ind = &im->t->nodes[im->t->leaves[leaf]];
    size_t ncols = 0;
    for (size_t r = 0; r < tab->n; r++)
        if (tab->rows[r].n > ncols) ncols = tab->rows[r].n;
    /* The AGS column: a header cell with a known name, else the column
     * with the most region codes. */
    size_t ca = SIZE_MAX;
    for (size_t r = 0; r < tab->n && ca == SIZE_MAX; r++)
        for (size_t c = 0; c < tab->rows[r].n && ca == SIZE_MAX; c++) {
            char *k = header_key(tab->rows[r].cell[c]);
            if (key_in(k, AGS_KEYS)) ca = c;
            free(k);
        }
    if (ca == SIZE_MAX) {
        size_t best = 0;
        for (size_t c = 0; c < ncols; c++) {
            size_t n = 0;
            for (size_t r = 0; r < tab->n; r++) {
                const csv_row *row = &tab->rows[r];
                if (c >= row->n || !region_code(row->cell[c])) continue;
                char *t = trimmed(row->cell[c]);
                n += strcmp(t, "DG") == 0 || dataset_find_region(im->ds, t) != SIZE_MAX;
                free(t);
            }
            if (n > best) best = n, ca = c;
        }
    }
    if (ca == SIZE_MAX) {
        diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL,
                 "the table needs a column of region keys headed AGS, Kennziffer, "
                 "Regionalschlüssel or Schlüssel",
                 "no column of the file holds AGS of regions.json");
        return;
    }
    /* Data rows: a region code in the AGS column. The rows above the first
     * are title and header lines. */
    size_t first = SIZE_MAX;
    for (size_t r = 0; r < tab->n && first == SIZE_MAX; r++)
        if (ca < tab->rows[r].n && region_code(tab->rows[r].cell[ca])) first = r;
    if (first == SIZE_MAX) {
        diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL,
                 "export the table with its rows of regions",
                 "the file has no rows of regions (column %zu holds no AGS)", ca + 1);
        return;
    }
    /* The value column: the one other column whose cells are all numbers,
     * signs or empty (or the one --column names). A time column (one year
     * in every row) is no value. */
    size_t cv = SIZE_MAX, n_cand = 0;
    buf cands = BUF_INIT;
    size_t want_col = im->opt && im->opt->column > 0 ? (size_t)im->opt->column - 1 : SIZE_MAX;
    if (want_col != SIZE_MAX && (want_col >= ncols || want_col == ca)) {
        diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL,
                 "give the number of a value column; the first column is 1",
                 want_col == ca ? "--column %d is the AGS column"
                                : "--column %d: the file has %zu columns",
                 im->opt->column, ncols);
        buf_free(&cands);
        return;
    }
    for (size_t c = 0; c < ncols; c++) {
        if (c == ca || (want_col != SIZE_MAX && c != want_col)) continue;
        bool all = true, any = false, one_year = true;
        const char *year = NULL;
        for (size_t r = first; r < tab->n && all; r++) {
            const csv_row *row = &tab->rows[r];
            if (ca >= row->n || !region_code(row->cell[ca])) continue;
            const char *cell = c < row->n ? row->cell[c] : "";
            all = value_like(cell, im->genesis_signs);
            char *t = trimmed(cell);
            if (*t) {
                any = true;
                bool is_year = strlen(t) == 4 && is_digit(t[0]) && is_digit(t[1]) &&
                               is_digit(t[2]) && is_digit(t[3]) && (t[0] == '1' || t[0] == '2');
                if (!is_year || (year && strcmp(year, cell) != 0)) one_year = false;
                if (!year) year = cell;
            }
            free(t);
        }
        if (want_col == SIZE_MAX && (!all || !any || one_year)) continue;
        /* The column's header: its cells above the data, joined. */
        buf head = BUF_INIT;
        int other = -1;
        for (size_t r = 0; r < first; r++) {
            if (c >= tab->rows[r].n) continue;
            char *t = trimmed(tab->rows[r].cell[c]);
            if (*t) buf_printf(&head, "%s%s", head.len ? " " : "", t);
            /* A header that names another indicator of the model. */
            int by_name = *t ? node_by_name(im->t, t) : -1;
            if (by_name >= 0 && &im->t->nodes[by_name] != ind) other = by_name;
            free(t);
        }
        if (n_cand++ < 6)
            buf_printf(&cands, "%scolumn %zu%s%s%s", n_cand > 1 ? ", " : "", c + 1,
                       head.len ? " \"" : "", buf_cstr(&head), head.len ? "\"" : "");
        if (other >= 0)
            diag_add(im->d, DIAG_WARNING, im->file, 0, (int)c + 1, NULL,
                     "check that --indicator names the indicator of this table",
                     "the value column is headed \"%s\", the name of %s, but is imported as "
                     "%s (%s)",
                     im->t->nodes[other].name, im->t->nodes[other].id, ind->id, ind->name);
        buf_free(&head);
        cv = c;
    }
    if (n_cand != 1) {
        if (n_cand == 0)
            diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL,
                     "export the table with one column of values",
                     "the file has no column of values beside the AGS column %zu", ca + 1);
        else
            diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL,
                     "choose one with --column N, or export one value column (one year, one "
                     "feature)",
                     "--indicator reads one column of values, the file has %zu: %s", n_cand,
                     buf_cstr(&cands));
        buf_free(&cands);
        return;
    }
    buf_free(&cands);
    im->leaf_seen[leaf] = true;
    size_t want = level_ags_len(im->lv);
    for (size_t r = first; r < tab->n; r++) {
        const csv_row *row = &tab->rows[r];
        if (ca >= row->n || !region_code(row->cell[ca])) continue;
        char *t = trimmed(row->cell[ca]);
        const char *code = t[0] == '\'' ? t + 1 : t;
        size_t n = strlen(code);
        bool skip = n != want || strcmp(code, "DG") == 0;
        if (skip && im->sum) {
            if (strcmp(code, "DG") == 0)
                im->sum->skipped_country++;
            else if (n == 2)
                im->sum->skipped[LEVEL_LAND]++;
            else if (n == 5)
                im->sum->skipped[LEVEL_KREIS]++;
            else if (n == 8)
                im->sum->skipped[LEVEL_GEMEINDE]++;
            else
                im->sum->skipped_other++;
        }
        free(t);
        if (skip) continue;
        size_t rr = ags_row(im, row->cell[ca], row->line, (int)ca + 1);
        const char *cell = cv < row->n ? row->cell[cv] : "";
        if (rr == SIZE_MAX) {
            double v;
            read_value(im, cell, row->line, (int)cv + 1, &v);
            continue;
        }
        im->row_seen[rr] = true;
        put_value(im, rr, leaf, cell, row->line, (int)cv + 1);
    }
}

/* Text that GENESIS (Regionaldatenbank, Destatis) writes: a "GENESIS"
 * title, a "DG;" (Deutschland) row or the "__________" footer line. */
static bool looks_genesis(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        const char *e = memchr(s + i, '\n', n - i);
        size_t len = e ? (size_t)(e - (s + i)) : n - i;
        const char *l = s + i;
        if ((len >= 3 && memcmp(l, "DG;", 3) == 0) || (len >= 10 && memcmp(l, "__________", 10) == 0) ||
            (len >= 7 && memcmp(l, "GENESIS", 7) == 0) || (len >= 4 && memcmp(l, "\"DG\"", 4) == 0))
            return true;
        i += len + 1;
    }
    return false;
}

/* Length of the text before the GENESIS footer: a line that begins with
 * "__________" and everything after it. */
static size_t before_footer(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (n - i >= 10 && memcmp(s + i, "__________", 10) == 0) return i;
        const char *e = memchr(s + i, '\n', n - i);
        if (!e) break;
        i = (size_t)(e - s) + 1;
    }
    return n;
}

void import_number_write(buf *out, double x)
{
    if (!isfinite(x)) {
        buf_puts(out, "null");
        return;
    }
    if (x == 0) {
        buf_putc(out, '0');
        return;
    }
    char s[64];
    int p;
    for (p = 1; p <= 17; p++) {
        snprintf(s, sizeof s, "%.*g", p, x);
        if (strtod(s, NULL) == x) break;
    }
    /* Plain notation for everyday magnitudes: 100 rather than 1e+02. */
    double ax = fabs(x);
    if (ax >= 1e-4 && ax < 1e15) {
        int e10 = (int)floor(log10(ax));
        int decimals = p - 1 - e10;
        if (decimals < 0) decimals = 0;
        char f[64];
        snprintf(f, sizeof f, "%.*f", decimals, x);
        if (strtod(f, NULL) == x) {
            buf_puts(out, f);
            return;
        }
        snprintf(f, sizeof f, "%.*f", decimals + 1, x);
        if (strtod(f, NULL) == x) {
            buf_puts(out, f);
            return;
        }
    }
    buf_puts(out, s);
}

/* The value written for cell k: the file's, else the merged-into file's,
 * else missing. */
static double out_value(const importer *im, const double *base, size_t k)
{
    return im->have[k] ? im->val[k] : base ? base[k] : NAN;
}

static void write_json(const importer *im, const double *base, buf *out)
{
    buf_printf(out, "{\"edition\":%d,\"level\":\"%s\",\"values\":{\n", im->ed->year,
               level_name(im->lv));
    for (size_t r = 0; r < im->n_rows; r++) {
        const region *rg = &im->ds->regions[im->ds->level_regions[im->lv][r]];
        buf_printf(out, "\"%s\":{", rg->ags);
        bool first = true;
        for (size_t l = 0; l < im->n_leaves; l++) {
            const node *n = &im->t->nodes[im->t->leaves[l]];
            if (n->derived) continue;
            buf_printf(out, "%s\"%s\":", first ? "" : ",", n->id);
            import_number_write(out, out_value(im, base, r * im->n_leaves + l));
            first = false;
        }
        buf_puts(out, r + 1 < im->n_rows ? "},\n" : "}\n");
    }
    buf_puts(out, "}}\n");
}

/* Warns about regions and indicators the file does not mention. */
static void warn_absent(const importer *im)
{
    buf list = BUF_INIT;
    size_t n = 0;
    for (size_t r = 0; r < im->n_rows; r++) {
        if (im->row_seen[r]) continue;
        const region *rg = &im->ds->regions[im->ds->level_regions[im->lv][r]];
        if (n++ < 5) buf_printf(&list, "%s%s (%s)", n > 1 ? ", " : "", rg->ags, rg->name);
    }
    if (n > 5) buf_printf(&list, " and %zu more", n - 5);
    if (n)
        diag_add(im->d, DIAG_WARNING, im->file, 0, 0, NULL,
                 "add the regions, or leave them out on purpose",
                 "%zu region%s of level %s %s not in the file; their values are written as null: %s",
                 n, n == 1 ? "" : "s", level_name(im->lv), n == 1 ? "is" : "are", buf_cstr(&list));
    buf_clear(&list);
    n = 0;
    for (size_t l = 0; l < im->n_leaves; l++) {
        const node *nd = &im->t->nodes[im->t->leaves[l]];
        if (im->leaf_seen[l] || nd->derived) continue;
        if (n++ < 8) buf_printf(&list, "%s%s", n > 1 ? ", " : "", nd->id);
    }
    if (n > 8) buf_printf(&list, " and %zu more", n - 8);
    if (n)
        diag_add(im->d, DIAG_WARNING, im->file, 0, 0, NULL,
                 "add the indicators, or import them from another file (imports merge)",
                 "%zu indicator%s of the model %s not in the file; written as null: %s", n,
                 n == 1 ? "" : "s", n == 1 ? "is" : "are", buf_cstr(&list));
    buf_free(&list);
}

bool import_convert(const dataset *ds, const edition *ed, level lv, const char *file,
                    const char *bytes, size_t len, buf *out, diag *d)
{
    import_options opt = {true, IMPORT_DECIMAL_AUTO, NULL, 0};
    return import_convert_opts(ds, ed, lv, file, bytes, len, &opt, NULL, out, NULL, d);
}

/* The leaf column of --indicator ID, or -1 after an error. */
static int indicator_leaf(const edition *ed, level lv, const char *id, diag *d)
{
    const tree *t = &ed->levels[lv].tree;
    int ni = tree_find(t, id);
    if (ni < 0) {
        int by_name = node_by_name(t, id);
        buf ids = BUF_INIT;
        for (int l = 0, k = 0; l < t->n_leaves; l++) {
            const node *n = &t->nodes[t->leaves[l]];
            if (n->derived) continue;
            if (k++ < 12) buf_printf(&ids, "%s%s", k > 1 ? ", " : "", n->id);
        }
        char *hint = by_name >= 0 ? xasprintf("\"%s\" is the name of %s: --indicator %s", id,
                                              t->nodes[by_name].id, t->nodes[by_name].id)
                                  : xasprintf("the indicators of level %s: %s", level_name(lv),
                                              buf_cstr(&ids));
        diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, NULL, hint,
                 "--indicator: \"%s\" is no indicator id of edition %d, level %s", id, ed->year,
                 level_name(lv));
        free(hint);
        buf_free(&ids);
        return -1;
    }
    const node *n = &t->nodes[ni];
    if (n->leaf < 0 || n->derived) {
        diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, NULL,
                 n->leaf < 0 ? "values belong to indicators (nodes without children)"
                             : "the value is computed from the lower level; import that level",
                 n->leaf < 0 ? "--indicator: \"%s\" is not an indicator but an aggregate"
                             : "--indicator: %s is derived from another level and takes no value",
                 id);
        return -1;
    }
    return n->leaf;
}

/* The hint for a GENESIS export imported without --indicator: the option,
 * with the id when a title or header cell is an indicator's name. */
static char *genesis_hint(const importer *im, const csv_table *tab)
{
    for (size_t r = 0; r < tab->n && r < 32; r++)
        for (size_t c = 0; c < tab->rows[r].n; c++) {
            char *t = trimmed(tab->rows[r].cell[c]);
            int ni = *t ? node_by_name(im->t, t) : -1;
            free(t);
            if (ni >= 0 && im->t->nodes[ni].leaf >= 0 && !im->t->nodes[ni].derived)
                return xasprintf("this looks like a GENESIS export (Regionaldatenbank): import "
                                 "its one value column with --indicator %s (\"%s\")",
                                 im->t->nodes[ni].id, im->t->nodes[ni].name);
        }
    return xstrdup("this looks like a GENESIS export (Regionaldatenbank): import its one value "
                   "column with --indicator ID");
}

/* Says why a file gave no value at all. */
static void report_no_values(const importer *im, const csv_table *tab, bool single)
{
    bool header_only = !single && tab->n <= 1;
    buf ids = BUF_INIT;
    for (size_t l = 0, k = 0; l < im->n_leaves; l++) {
        const node *n = &im->t->nodes[im->t->leaves[l]];
        if (n->derived) continue;
        if (k++ < 12) buf_printf(&ids, "%s%s", k > 1 ? ", " : "", n->id);
    }
    bool any_leaf = false;
    for (size_t l = 0; l < im->n_leaves; l++) any_leaf |= im->leaf_seen[l];
    if (header_only)
        diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL, "export the table with its rows",
                 "the file has a header but no rows: no value to import");
    else if (!any_leaf && !single) {
        char *hint = xasprintf("head the indicator columns with their ids: %s", buf_cstr(&ids));
        diag_add(im->d, DIAG_ERROR, im->file, 1, 0, NULL, hint,
                 "no column of the file is an indicator of edition %d, level %s: no value to "
                 "import",
                 im->ed->year, level_name(im->lv));
        free(hint);
    } else
        diag_add(im->d, DIAG_ERROR, im->file, 0, 0, NULL,
                 "check --level and the file: its rows must be regions of that level",
                 "the file has no value for any region of level %s", level_name(im->lv));
    buf_free(&ids);
}

bool import_convert_opts(const dataset *ds, const edition *ed, level lv, const char *file,
                         const char *bytes, size_t len, const import_options *opt,
                         const double *base, buf *out, import_summary *sum, diag *d)
{
    import_options dflt = {false, IMPORT_DECIMAL_AUTO, NULL, 0};
    if (!opt) opt = &dflt;
    import_summary scratch;
    if (!sum) sum = &scratch;
    memset(sum, 0, sizeof *sum);
    if (!ed->levels[lv].present) {
        diag_add(d, DIAG_ERROR, ed->model_file, 0, 0, NULL,
                 "add the level's tree to model.json first",
                 "edition %d does not model level %s", ed->year, level_name(lv));
        return false;
    }
    int single_leaf = -1;
    if (opt->indicator && (single_leaf = indicator_leaf(ed, lv, opt->indicator, d)) < 0)
        return false;
    size_t errors_before = d->errors;
    buf text = BUF_INIT;
    if (!decode_text(file, bytes, len, &text, d)) {
        buf_free(&text);
        return false;
    }
    bool genesis = looks_genesis(buf_cstr(&text), text.len);
    import_options eff = *opt;
    /* GENESIS writes decimal commas and no thousands separators. */
    if (opt->indicator && genesis && eff.decimal == IMPORT_DECIMAL_AUTO)
        eff.decimal = IMPORT_DECIMAL_COMMA;
    size_t text_len = opt->indicator ? before_footer(buf_cstr(&text), text.len) : text.len;
    csv_table tab;
    bool parsed = csv_parse(file, buf_cstr(&text), text_len, opt->indicator ? 64 : 1, &tab, d);
    buf_free(&text);
    if (!parsed) return false;
    if (tab.n == 0) {
        diag_add(d, DIAG_ERROR, file, 0, 0, NULL,
                 "export the table with a header row (AGS;Indikator;Wert or AGS;I01;I02;…)",
                 "the file is empty");
        table_free(&tab);
        return false;
    }
    importer im = {0};
    im.ds = ds;
    im.ed = ed;
    im.lv = lv;
    im.t = &ed->levels[lv].tree;
    im.file = file;
    im.d = d;
    im.opt = &eff;
    im.sum = sum;
    im.genesis_signs = opt->indicator != NULL;
    im.n_rows = ds->n_level_regions[lv];
    im.n_leaves = (size_t)im.t->n_leaves;
    size_t cells = im.n_rows * im.n_leaves;
    im.val = xmalloc((cells ? cells : 1) * sizeof(double));
    for (size_t i = 0; i < cells; i++) im.val[i] = NAN;
    im.have = xcalloc(cells ? cells : 1, sizeof(bool));
    im.row_seen = xcalloc(im.n_rows ? im.n_rows : 1, sizeof(bool));
    im.leaf_seen = xcalloc(im.n_leaves ? im.n_leaves : 1, sizeof(bool));

    /* The file's decimal separator, by majority of unambiguous cells, and
     * per column whether any cell has a decimal point. */
    size_t commas = 0, points = 0;
    for (size_t r = 0; r < tab.n; r++)
        if (tab.rows[r].n > im.n_cols) im.n_cols = tab.rows[r].n;
    im.col_point = xcalloc(im.n_cols ? im.n_cols : 1, sizeof(bool));
    for (size_t r = 1; r < tab.n; r++)
        for (size_t c = 0; c < tab.rows[r].n; c++) {
            decimal_style st = cell_style(tab.rows[r].cell[c]);
            commas += st == DEC_COMMA;
            points += st == DEC_POINT;
            if (st == DEC_POINT) im.col_point[c] = true;
        }
    im.style = commas > points ? DEC_COMMA : points > commas ? DEC_POINT : DEC_UNKNOWN;
    im.file_comma = commas > 0;

    const csv_row *head = &tab.rows[0];
    size_t ca = SIZE_MAX, ci = SIZE_MAX, cv = SIZE_MAX;
    for (size_t c = 0; c < head->n; c++) {
        char *k = header_key(head->cell[c]);
        if (ca == SIZE_MAX && key_in(k, AGS_KEYS)) ca = c;
        else if (ci == SIZE_MAX && key_in(k, INDICATOR_KEYS)) ci = c;
        else if (cv == SIZE_MAX && key_in(k, VALUE_KEYS)) cv = c;
        free(k);
    }
    bool header_error = false;
    if (single_leaf >= 0) {
        convert_single(&im, &tab, single_leaf);
    } else if (ca == SIZE_MAX) {
        header_error = true;
        char *hint = genesis ? genesis_hint(&im, &tab)
                             : xstrdup("the first row names the columns: AGS;Indikator;Wert (long "
                                       "form) or AGS;I01;I02;… (one column per indicator)");
        diag_add(d, DIAG_ERROR, file, head->line, 1, NULL, hint, "the header has no AGS column");
        free(hint);
    } else if (ci != SIZE_MAX && cv != SIZE_MAX) {
        convert_long(&im, &tab, ca, ci, cv);
    } else {
        convert_wide(&im, &tab, ca);
    }
    if (d->errors == errors_before && sum->values == 0 && !header_error)
        report_no_values(&im, &tab, single_leaf >= 0);
    bool ok = d->errors == errors_before;
    if (ok) {
        for (size_t r = 0; r < im.n_rows; r++) sum->regions += im.row_seen[r];
        for (size_t l = 0; l < im.n_leaves; l++) sum->indicators += im.leaf_seen[l];
        for (size_t k = 0; base && k < cells; k++)
            if (!im.have[k] && !isnan(base[k]) && !im.t->nodes[im.t->leaves[k % im.n_leaves]].derived)
                sum->kept++;
        if (!base) warn_absent(&im);
        write_json(&im, base, out);
    }
    free(im.val);
    free(im.have);
    free(im.row_seen);
    free(im.leaf_seen);
    free(im.col_point);
    table_free(&tab);
    return ok;
}

/* Reads the values file being merged into: n_rows × n_leaves of the
 * level's tree (NAN = missing or absent). Values of indicators or regions
 * the model no longer has are dropped (the model decides). NULL after an
 * error. */
static double *read_base(const dataset *ds, const edition *ed, level lv, const char *path,
                         diag *d)
{
    const tree *t = &ed->levels[lv].tree;
    size_t nr = ds->n_level_regions[lv], nl = (size_t)t->n_leaves;
    json_t *root = json_in_load(path, d);
    if (!root) return NULL;
    json_t *values = json_object_get(root, "values");
    if (!json_is_object(values)) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "$.values",
                 "repair the file, or import with --replace to write it afresh",
                 "cannot merge into this values file: it has no \"values\" object");
        json_decref(root);
        return NULL;
    }
    size_t cells = nr * nl;
    double *base = xmalloc((cells ? cells : 1) * sizeof *base);
    for (size_t i = 0; i < cells; i++) base[i] = NAN;
    bool ok = true;
    const char *ags;
    json_t *rv;
    json_object_foreach(values, ags, rv) {
        size_t ri = dataset_find_region(ds, ags);
        if (ri == SIZE_MAX || ds->regions[ri].level != lv || !json_is_object(rv)) continue;
        size_t row = ds->regions[ri].row;
        const char *id;
        json_t *x;
        json_object_foreach(rv, id, x) {
            int ni = tree_find(t, id);
            if (ni < 0 || t->nodes[ni].leaf < 0 || t->nodes[ni].derived) continue;
            if (json_is_number(x)) {
                base[row * nl + (size_t)t->nodes[ni].leaf] = json_number_value(x);
            } else if (!json_is_null(x)) {
                char *row_path = json_in_path_join("$.values", ags);
                char *where = json_in_path_join(row_path, id);
                free(row_path);
                diag_add(d, DIAG_ERROR, path, 0, 0, where,
                         "repair the file, or import with --replace to write it afresh",
                         "cannot merge into this values file: not a number or null");
                free(where);
                ok = false;
            }
        }
    }
    json_decref(root);
    if (!ok) {
        free(base);
        return NULL;
    }
    return base;
}

/* ---- the command ---------------------------------------------------------- */


int import_run(const char *data_dir, int year, level lv, const char *csv_path, char **written,
               diag *d)
{
    return import_run_opts(data_dir, year, lv, csv_path, NULL, written, NULL, d);
}

int import_run_opts(const char *data_dir, int year, level lv, const char *csv_path,
                    const import_options *opt, char **written, import_summary *sum, diag *d)
{
    import_options dflt = {false, IMPORT_DECIMAL_AUTO, NULL, 0};
    if (!opt) opt = &dflt;
    if (written) *written = NULL;
    dataset *ds;
    int lock;
    int rc = dataset_open_writer(data_dir, true, &ds, &lock, d);
    if (rc == 2) return 2;
    const edition *ed = rc ? NULL : dataset_edition(ds, year);
    if (!rc && !ed) {
        diag_usage(d, data_dir, "start the edition with: digindex new-edition YEAR",
                 "edition %d is not in the data folder (no %s/%d/model.json)", year, data_dir, year);
        rc = 2;
    } else if (!rc && !ed->levels[lv].present) {
        diag_usage(d, ed->model_file,
                 "add the level's tree to model.json, or import another --level",
                 "edition %d does not model level %s", year, level_name(lv));
        rc = 2;
    }
    size_t len = 0;
    char *bytes = rc ? NULL
                     : file_read_max(csv_path, IMPORT_MAX_BYTES, "a CSV import", &len, NULL, d);
    if (!rc && !bytes) rc = diag_exit_status(d);
    /* Merge: the values file of the level, when there is one, is the base
     * that the file's cells update. */
    double *base = NULL;
    struct stat st;
    if (!rc && !opt->replace && stat(ed->levels[lv].values_file, &st) == 0) {
        base = read_base(ds, ed, lv, ed->levels[lv].values_file, d);
        if (!base) rc = 1;
    }
    if (!rc) {
        const char *name = csv_path;
        buf out = BUF_INIT;
        if (!import_convert_opts(ds, ed, lv, name, bytes, len, opt, base, &out, sum, d)) {
            rc = 1;
        } else if (!file_write_atomic(ed->levels[lv].values_file, out.data, out.len, d)) {
            rc = 2;
        } else if (written) {
            *written = xstrdup(ed->levels[lv].values_file);
        }
        buf_free(&out);
    }
    free(base);
    free(bytes);
    dataset_free(ds);
    file_unlock(lock);
    return rc;
}
