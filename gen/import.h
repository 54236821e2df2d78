/* import: a spreadsheet export (CSV) → DATA/<edition>/values-<level>.json.
 *
 * Owned by the regeneration work (helper); `digindex import` calls
 * import_run. See docs/regeneration.md for the accepted forms:
 *
 *   long form   one value per row: AGS;Indikator;Wert (or ags,indicator,value;
 *               further columns are ignored)
 *   wide form   one row per region: an AGS column and one column per
 *               indicator, headed by its id ("I01") or by "ID name…"; the
 *               header cells of our own scores CSV ("I01 Gigabit … – Rohwert
 *               (% der Haushalte)") are understood: only the "Rohwert"
 *               columns are read, Punkte/Rang/Veränderung columns are skipped,
 *               so `digindex scores` output imports back exactly.
 *
 * Either form may be ';', tab or ',' separated (detected from the header
 * line), with decimal comma or point, quoted cells, UTF-8 with or without
 * BOM, or Windows-1252 (detected: text that is not valid UTF-8 is decoded as
 * CP1252, as German Excel writes "CSV (Trennzeichen-getrennt)"). An empty cell
 * is a missing value (null). Every cell that cannot be read, every unknown or
 * wrong-level AGS and every unknown indicator id is reported as
 * `file.csv:ROW:COL: error: …` (ROW = line of the record, COL = 1-based cell);
 * nothing is produced unless the whole file is clean.
 *
 * The output lists every region of the level (AGS order) with every
 * indicator of the edition's model that takes a value (model order): the
 * file's value, else (merge) the previous file's, else null; numbers are printed in the shortest form that
 * reads back as the same double. Library code: never prints or exits. */
#ifndef DIGINDEX_IMPORT_H
#define DIGINDEX_IMPORT_H

#include "buf.h"
#include "diag.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

/* How `digindex import` reads and writes (import --help):
 *   merge (default)  the values file keeps every value the CSV does not
 *                    give; the CSV's cells (its regions × its indicators)
 *                    replace theirs, an empty cell included (null);
 *   replace          the level is what the CSV gives, null elsewhere;
 *   decimal          the decimal separator when the file cannot tell
 *                    ("1.012" in a file of whole numbers); AUTO refuses such
 *                    a cell rather than guess;
 *   indicator        a table of ONE indicator (a GENESIS / Regionaldatenbank
 *                    export): title lines, an AGS column (header AGS,
 *                    Kennziffer, Regionalschlüssel or Schlüssel, or the first
 *                    column of codes), a name column, one value column, rows
 *                    of other levels (DG, Länder, Regierungsbezirke, …) skipped
 *                    and counted, a footer after "__________"; the GENESIS
 *                    signs "-" (exactly zero) → 0 and ".", "x", "...", "/"
 *                    (unknown, secret, later, not reliable) → missing. A file
 *                    that looks like GENESIS is read with decimal comma. */
typedef enum import_decimal {
    IMPORT_DECIMAL_AUTO,
    IMPORT_DECIMAL_POINT,
    IMPORT_DECIMAL_COMMA
} import_decimal;

typedef struct import_options {
    bool replace;
    import_decimal decimal;
    const char *indicator;      /* borrowed; NULL = long or wide form */
    int column;                 /* with indicator: the value column, 1-based, when the
                                   table has several; 0 = the one column of values */
} import_options;

/* What an import did, for the closing line of the command. */
typedef struct import_summary {
    size_t values;              /* cells the file gave (numbers and empty) */
    size_t regions, indicators; /* distinct regions and indicators in the file */
    size_t kept;                /* values of the previous file kept (merge) */
    size_t signs_zero;          /* GENESIS "-" read as 0 */
    size_t signs_missing;       /* GENESIS ".", "x", "...", "/" read as missing */
    size_t skipped[LEVEL_COUNT];/* rows of other levels skipped (--indicator) */
    size_t skipped_country;     /* the "DG" (Deutschland) row */
    size_t skipped_other;       /* Regierungsbezirke and other codes */
} import_summary;

/* The header names accepted for the AGS column, for import --help. */
extern const char IMPORT_AGS_HEADERS[];

/* Converts `len` bytes of CSV (named `file` in messages) into the JSON
 * values document for edition `ed`, level `lv` of ds, appended to out.
 * Needs ds's regions and ed's model (values need not be loaded). Returns
 * true when clean (warnings allowed); false after adding errors, with out
 * unchanged. */
bool import_convert(const dataset *ds, const edition *ed, level lv, const char *file,
                    const char *bytes, size_t len, buf *out, diag *d);
/* The same with options; `base` (may be NULL) holds the values to merge
 * into: n_level_regions(lv) × n_leaves of ed's tree, NAN = missing; `sum`
 * (may be NULL) receives the counts. A file that gives no value at all
 * (header only, or no column that matches an indicator) is an error. */
bool import_convert_opts(const dataset *ds, const edition *ed, level lv, const char *file,
                         const char *bytes, size_t len, const import_options *opt,
                         const double *base, buf *out, import_summary *sum, diag *d);

/* Appends x in the shortest decimal form that strtod reads back as x
 * ("71.2", "100", "0.1", "1.5e-07"); JSON-safe ('.'; "null" for NaN/inf). */
void import_number_write(buf *out, double x);

/* The largest CSV file import reads: 10,800 Gemeinden × 30 indicators in the
 * long form are about 10 MB. */
#define IMPORT_MAX_BYTES ((size_t)64 * 1024 * 1024)
/* ... and at most this many cells (each becomes a string of its own). */
#define IMPORT_MAX_CELLS 3000000

/* The whole command: loads DATA's regions and models, reads csv_path,
 * converts it and writes DATA/<year>/values-<level>.json through
 * file_write_atomic (never a half-written file; nothing is written after an
 * error), holding the data folder's lock (file_lock_dir) from load to write. On success *written (when not NULL) receives the
 * path written (caller frees). Returns 0 ok, 1 bad data, 2 usage or system
 * error (missing edition or level, unreadable file, unwritable folder). */
int import_run(const char *data_dir, int year, level lv, const char *csv_path, char **written,
               diag *d);
/* The same with options (NULL = merge, auto decimal, long or wide form). In
 * merge mode the existing values file (when there is one) is read first; an
 * unreadable one is an error (import with replace to start afresh). */
int import_run_opts(const char *data_dir, int year, level lv, const char *csv_path,
                    const import_options *opt, char **written, import_summary *sum, diag *d);

#endif
