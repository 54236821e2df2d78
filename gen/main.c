/* main: command-line parsing, diagnostics to stderr, exit codes. Nothing else.
 *
 * Exit status: 0 ok, 1 bad data, 2 usage or system error. */
#include "build.h"
#include "json_in.h"
#include "template.h"
#include "tvalue.h"
#include "wording.h"
#include "buf.h"
#include "compare.h"
#include "diag.h"
#include "fileio.h"
#include "edition.h"
#include "geo.h"
#include "import.h"
#include "load.h"
#include "pipeline.h"
#include "publish.h"
#include "sample.h"
#include "merge.h"
#include "regions_import.h"
#include "scores_out.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "usage: digindex COMMAND [OPTIONS]\n"
    "\n"
    "Turns open indicator data on the digitalisation of German Länder and Kreise\n"
    "into composite scores, charts and briefings.\n"
    "\n"
    "commands:\n"
    "  check     validate a data folder and report every problem\n"
    "  scores    print the scores of one edition and level (CSV or JSON)\n"
    "  build     write every output of every edition into out/<edition>/\n"
    "  sample    regenerate the synthetic values of a data folder from its sample spec\n"
    "  template  render one template against a JSON context, to preview wording\n"
    "  map-import    convert boundaries (GeoJSON) into a compact map of data/\n"
    "  regions-import  convert the Gemeinde register into data/regions-gemeinden-*.json\n"
    "  context   print the template context of one region (or the overview) as JSON\n"
    "  merge     merge the output folders of a build split into shards\n"
    "  import    turn a spreadsheet export (CSV) into an edition's values file\n"
    "  new-edition  start the next edition from the newest one's model\n"
    "  diff      compare two editions: model changes, rank moves, what drove them\n"
    "\n"
    "options:\n"
    "  -h, --help       show help (also: digindex COMMAND --help)\n"
    "  -V, --version    show the version\n"
    "\n"
    "exit status: 0 ok, 1 bad data, 2 usage or system error\n";

static const char usage_check[] =
    "usage: digindex check [--data DIR]\n"
    "\n"
    "Validates regions.json and every edition's model.json and values-<level>.json,\n"
    "then scores them, and reports every problem (not just the first) as\n"
    "file:line:col or file: JSON path. Warnings do not fail.\n"
    "\n"
    "  --data DIR   data folder (default: data)\n";

static const char usage_scores[] =
    "usage: digindex scores [--data DIR] [--edition YEAR] [--level LEVEL] [--format csv|json]\n"
    "\n"
    "Prints the scores, ranks and averages of one edition and level to stdout.\n"
    "\n"
    "  --data DIR       data folder (default: data)\n"
    "  --edition YEAR   edition (default: the newest)\n"
    "  --level LEVEL    land, kreis or gemeinde (default: land)\n"
    "  --format FMT     csv (German Excel: UTF-8 BOM, ';', decimal comma) or json\n"
    "                   (default: csv)\n";

static const char usage_build[] =
    "usage: digindex build [--data DIR] [--edition YEAR] [--out DIR] [--only AGS,...]\n"
    "                      [--restate] [--jobs N] [--levels LIST] [--templates DIR]\n"
    "\n"
    "Validates and scores DIR, then writes every output of every edition (or of\n"
    "YEAR) into OUT/<edition>/: score tables, charts (SVG, PNG) and briefings.\n"
    "Each edition is built beside the target and published by an atomic rename:\n"
    "a failed or interrupted run leaves the previous output intact. An edition\n"
    "whose output exists (OUT/<edition>/manifest.json) is published and stays\n"
    "as it is unless --restate (or --only) asks to rebuild it.\n"
    "\n"
    "  --data DIR        data folder (default: data)\n"
    "  --out DIR         output folder (default: out)\n"
    "  --edition YEAR    build only this edition\n"
    "  --only AGS,...    render only these regions; keep the other outputs of the\n"
    "                    previous build. AGS+ adds the regions below (13+: the\n"
    "                    Land and its Kreise). Refused when regions outside the\n"
    "                    selection score differently than published\n"
    "  --restate         rebuild editions that are published already\n"
    "  --jobs N          worker threads (default: the number of cores)\n"
    "  --levels LIST     the levels whose briefings are rendered: land, kreis,\n"
    "                    gemeinde, comma-separated, or all (default: land,kreis;\n"
    "                    --only renders the regions it names at any level)\n"
    "  --templates DIR   wording and page templates (default: templates)\n"
    "\n"
    "On a terminal a progress line shows regions done, the rate and the time left.\n"
    "SOURCE_DATE_EPOCH, when set, is the date printed as the build date.\n";

static const char usage_map_import[] =
    "usage: digindex map-import [--level land|kreis|gemeinde] FILE.geojson\n"
    "\n"
    "Converts boundaries (a GeoJSON FeatureCollection with the property ags and,\n"
    "optionally, name) into the compact projected form the map charts read, on\n"
    "stdout. The build reads data/map-laender.json, map-kreise.json and\n"
    "map-gemeinden.json, when present. The bundled ones were made with:\n"
    "  digindex map-import laender_boundaries.geojson > data/map-laender.json\n"
    "  digindex map-import --level kreis kreise_boundaries.geojson > data/map-kreise.json\n"
    "  digindex map-import --level gemeinde gemeinden_boundaries.geojson \\\n"
    "      > data/map-gemeinden.json\n"
    "\n"
    "  --level L   the grid: 1/500 degree for land (the default), 1/1000 for kreis\n"
    "              and gemeinde, whose sources are rounded to 0.001 degree\n";

static const char usage_template[] =
    "usage: digindex template FILE [CONTEXT.json]\n"
    "\n"
    "Renders one Mustache template against a JSON context (default: an empty\n"
    "object) to stdout, to preview wording. Partials are looked up beside FILE.\n";

static const char usage_merge[] =
    "usage: digindex merge [--data DIR] --out DIR SHARD...\n"
    "\n"
    "Merges the output folders of a build split into shards (each made with\n"
    "digindex build --only AGS+,… --out SHARD from the same data) into DIR:\n"
    "every edition the shards hold, their files united (a file in several shards\n"
    "must have the same bytes in each) and manifest.json written for the union,\n"
    "byte-identical to one build of all their regions. Published atomically.\n"
    "\n"
    "  digindex build --levels all --only 01+,02+,03+ --out shard-a &\n"
    "  digindex build --levels all --only 04+,05+ --out shard-b &\n"
    "  wait; digindex merge --out out shard-a shard-b\n"
    "\n"
    "  --data DIR   the data folder the shards were built from (default: data)\n"
    "  --out DIR    the merged output folder\n";

static const char usage_regions_import[] =
    "usage: digindex regions-import [--data DIR] --population-date YYYY-MM-DD FILE.json\n"
    "\n"
    "Converts a Gemeinde register ({\"gemeinden\": [{\"ags\", \"name\", \"name_official\",\n"
    "\"type\", \"population\", \"area_km2\", …}]}) into DIR/regions-gemeinden-<LL>.json,\n"
    "one file per Land, with the date of the population figures. Other fields\n"
    "(coordinates, urbanisation, notes) are not part of the data contract and are\n"
    "dropped. A register with any bad entry writes nothing.\n"
    "\n"
    "  digindex regions-import --population-date 2019-12-31 ../shared/facts/gemeinden.json\n";

static const char usage_context[] =
    "usage: digindex context [AGS] [--edition YEAR] [--data DIR] [--templates DIR] [--out DIR]\n"
    "\n"
    "Prints the template context of region AGS (without AGS: of the overview)\n"
    "as JSON, exactly as `build` renders it: every number, sentence and text\n"
    "of the view. Save it and preview a template with `digindex template`:\n"
    "  digindex context 09 > ctx.json\n"
    "  digindex template templates/wording/briefing.mustache ctx.json\n"
    "\n"
    "  --edition YEAR   the edition (default: the newest)\n"
    "  --data DIR       data folder (default: data)\n"
    "  --templates DIR  templates folder (default: templates)\n"
    "  --out DIR        where published editions lie (default: out)\n";

static const char usage_sample[] =
    "usage: digindex sample [--data DIR] [--spec FILE]\n"
    "       digindex sample --gemeinden N --out DIR [--data DIR] [--spec FILE]\n"
    "\n"
    "Writes values-<level>.json for every edition and level of DIR from the seeded\n"
    "generator's parameters (default: DIR/sample-spec.json). The same spec gives\n"
    "the same bytes on every machine.\n"
    "\n"
    "With --gemeinden, writes a complete synthetic dataset into the --out folder\n"
    "instead: the Länder and Kreise of DIR plus N Gemeinden (valid 8-digit AGS,\n"
    "spread over the Kreise by population) with a 30-indicator Gemeinde model,\n"
    "for scale tests and benchmarks.\n"
    "\n"
    "  --data DIR       data folder (default: data)\n"
    "  --spec FILE      generator parameters (default: DIR/sample-spec.json)\n"
    "  --gemeinden N    number of Gemeinden (400 to 399600)\n"
    "  --out DIR        where the synthetic dataset goes (with --gemeinden)\n";

static const char usage_import[] =
    "usage: digindex import [--data DIR] --edition YEAR --level LEVEL [--replace]\n"
    "                       [--decimal point|comma] [--indicator ID [--column N]] FILE.csv\n"
    "\n"
    "Turns a spreadsheet export into DIR/YEAR/values-LEVEL.json. FILE is long\n"
    "(AGS;Indikator;Wert, one value per row) or wide (an AGS column and one\n"
    "column per indicator id; the CSV of 'digindex scores' imports as it is).\n"
    "';', tab or ',' separated, decimal comma or point, UTF-8 (with or without\n"
    "BOM) or Windows-1252. An empty cell is a missing value. Every problem is\n"
    "reported as FILE:ROW:COLUMN and nothing is written unless the file is clean.\n"
    "The values of the regions and indicators in FILE are updated, all others\n"
    "are kept, so a level can be imported from several files.\n"
    "\n"
    "The AGS column is headed AGS, Kennziffer, Regionalschlüssel, Schlüssel,\n"
    "Gemeindeschlüssel or Amtlicher Gemeindeschlüssel.\n"
    "\n"
    "  --data DIR         data folder (default: data)\n"
    "  --edition YEAR     the edition; DIR/YEAR/model.json must exist\n"
    "                     (see digindex new-edition)\n"
    "  --level LEVEL      land, kreis or gemeinde\n"
    "  --replace          replace the level's values: what FILE does not give\n"
    "                     becomes null\n"
    "  --decimal SEP      point or comma: the decimal separator, when the file\n"
    "                     cannot tell (\"1.012\" in a column of whole numbers is\n"
    "                     refused rather than guessed)\n"
    "  --indicator ID     FILE is a table of this one indicator, such as a GENESIS\n"
    "                     export (Regionaldatenbank, Destatis): title lines, rows\n"
    "                     of other levels (DG, Länder, ...) and the footer are\n"
    "                     skipped; \"-\" is 0, \".\" \"x\" \"...\" \"/\" are missing\n"
    "  --column N         with --indicator: the column of values (counted from 1),\n"
    "                     when the table has several (years, features)\n";

static const char usage_new_edition[] =
    "usage: digindex new-edition [--data DIR] YEAR\n"
    "\n"
    "Starts edition YEAR from the newest edition: copies its model.json with\n"
    "\"edition\": YEAR, \"previous_edition\": the newest year, \"published\":\n"
    "\"YEAR-06-30\" (edit it on publication) and the year in the title updated.\n"
    "No values are written: fill them with digindex import. YEAR must be newer\n"
    "than every edition in DIR.\n"
    "\n"
    "  --data DIR   data folder (default: data)\n";

static const char usage_diff[] =
    "usage: digindex diff [--data DIR] [--top N] OLD NEW\n"
    "\n"
    "Compares two editions: what changed in the model (indicators added or\n"
    "removed, reweighted, methods or directions changed) and the largest rank\n"
    "moves of every level, each split into method, own-data and others'-data\n"
    "effects (see docs/regeneration.md). OLD and NEW are edition years in DIR\n"
    "(2023 2025), data folders (their newest editions) or edition folders\n"
    "(old-data/2025 data/2025).\n"
    "\n"
    "  --data DIR   data folder for years (default: data)\n"
    "  --top N      rank moves shown per level (default: 10)\n";

typedef struct cli {
    const char *data;
    const char *out;
    const char *spec;
    const char *format;
    const char *level;
    const char *templates;
    const char *only;
    const char *decimal;    /* import: point or comma */
    const char *indicator;  /* import: one-indicator table */
    int replace;            /* import --replace */
    int column;             /* import --column N (with --indicator) */
    int restate;            /* build --restate */
    const char *levels;
    const char *population_date;
    int edition;
    int jobs;
    long gemeinden;
    int top;        /* diff: rank moves per level */
    int out_given;
    char **args;    /* positional arguments (template command) */
    int n_args;
} cli;

/* Prints every diagnostic and a summary; returns the number of errors. */
static size_t report(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        char *s = diag_format(&d->entries[i]);
        fprintf(stderr, "digindex: %s\n", s);
        free(s);
    }
    return d->errors;
}

/* errno of the first failed write to stdout; main reports it at the end. */
static int stdout_errno;

/* Writes data to stdout and flushes it; false (and remembered for main's
 * closing check) when that fails, e.g. on a full disk or /dev/full. */
static bool stdout_write(const char *data, size_t len)
{
    errno = 0;
    if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
        if (!stdout_errno) stdout_errno = errno ? errno : EIO;
        return false;
    }
    return true;
}

/* stdout must reach its file: a truncated map or report is no success. */
static int stdout_close(int rc)
{
    if (fflush(stdout) != 0 && !stdout_errno) stdout_errno = errno ? errno : EIO;
    if (ferror(stdout) && !stdout_errno) stdout_errno = EIO;
    /* A closed stdout (>&-) is no error for a command that wrote nothing to
     * it: whatever was written has been flushed (or failed) above. */
    if (fclose(stdout) != 0 && !stdout_errno && errno != EBADF) stdout_errno = errno ? errno : EIO;
    if (!stdout_errno) return rc;
    fprintf(stderr, "digindex: cannot write to stdout: %s\n", strerror(stdout_errno));
    return EXIT_USAGE;
}

static int usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "digindex: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", usage);
    return EXIT_USAGE;
}

/* --data and --out name folders: never empty, never the root folder (a
 * build swaps OUT/<edition> into place; "/" would put it at /2025). */
static int folder_arg(const char *usage, const char *opt, const char *path)
{
    if (!*path) return usage_error(usage, "%s needs a folder, got an empty string", opt);
    char *real = realpath(path, NULL);
    bool root = (real && strcmp(real, "/") == 0) || strspn(path, "/") == strlen(path);
    free(real);
    if (root) return usage_error(usage, "%s must not be the root folder '/'", opt);
    return 0;
}

static int parse_options(int argc, char **argv, const char *usage, const char *allowed, cli *c)
{
    int rc;
    static const struct option longopts[] = {
        {"data", required_argument, NULL, 'd'},    {"out", required_argument, NULL, 'o'},
        {"edition", required_argument, NULL, 'e'}, {"level", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},  {"spec", required_argument, NULL, 's'},
        {"templates", required_argument, NULL, 't'}, {"only", required_argument, NULL, 'O'},
        {"jobs", required_argument, NULL, 'j'},    {"gemeinden", required_argument, NULL, 'g'},
        {"top", required_argument, NULL, 'T'},     {"replace", no_argument, NULL, 'R'},
        {"decimal", required_argument, NULL, 'D'}, {"indicator", required_argument, NULL, 'I'},
        {"restate", no_argument, NULL, 'S'},    {"column", required_argument, NULL, 'C'},
        {"top", required_argument, NULL, 'T'},
        {"levels", required_argument, NULL, 'L'},
        {"population-date", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    opterr = 0;
    int ch, idx = -1;
    while ((idx = -1, ch = getopt_long(argc, argv, ":h", longopts, &idx)) != -1) {
        if (ch == 'h') {
            fputs(usage, stdout);
            return -1;
        }
        if (ch == '?') return usage_error(usage, "unknown option '%s'", argv[optind - 1]);
        if (ch == ':') return usage_error(usage, "option '%s' needs a value", argv[optind - 1]);
        if (!strchr(allowed, ch))
            return usage_error(usage, "option '--%s' does not apply to this command",
                               idx >= 0 ? longopts[idx].name : "?");
        switch (ch) {
        case 'd': c->data = optarg; break;
        case 'o': c->out = optarg; c->out_given = 1; break;
        case 'l': c->level = optarg; break;
        case 'f': c->format = optarg; break;
        case 's': c->spec = optarg; break;
        case 't': c->templates = optarg; break;
        case 'g': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 400 || n > 399600)
                return usage_error(usage, "--gemeinden needs a number from 400 to 399600, got '%s'",
                                   optarg);
            c->gemeinden = n;
            break;
        }
        case 'O': c->only = optarg; break;
        case 'R': c->replace = 1; break;
        case 'S': c->restate = 1; break;
        case 'I': c->indicator = optarg; break;
        case 'C': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 10000)
                return usage_error(usage, "--column needs a column number from 1, got '%s'", optarg);
            c->column = (int)n;
            break;
        }
        case 'D':
            if (strcmp(optarg, "point") != 0 && strcmp(optarg, "comma") != 0)
                return usage_error(usage, "--decimal takes point or comma, got '%s'", optarg);
            c->decimal = optarg;
            break;
        case 'L': c->levels = optarg; break;
        case 'P': c->population_date = optarg; break;
        case 'T': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 100000)
                return usage_error(usage, "--top needs a number from 1 to 100000, got '%s'", optarg);
            c->top = (int)n;
            break;
        }
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256)
                return usage_error(usage, "--jobs needs a number from 1 to 256, got '%s'", optarg);
            c->jobs = (int)n;
            break;
        }
        case 'e': {
            char *end;
            long y = strtol(optarg, &end, 10);
            if (*end || y < 1900 || y > 2999)
                return usage_error(usage, "--edition needs a year such as 2025, got '%s'", optarg);
            c->edition = (int)y;
            break;
        }
        }
    }
    if (c->data && (rc = folder_arg(usage, "--data", c->data)) != 0) return rc;
    if (c->out_given && (rc = folder_arg(usage, "--out", c->out)) != 0) return rc;
    if (strchr(allowed, '+')) {
        c->args = argv + optind;
        c->n_args = argc - optind;
    } else if (optind < argc) {
        return usage_error(usage, "unexpected argument '%s'", argv[optind]);
    }
    return 0;
}

static int cmd_check(cli *c)
{
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, c->data, &d);
    if (p.ds && !d.errors) geo_map_check_data(c->data, &d);
    size_t errors = report(&d);
    int rc = diag_exit_status(&d);
    if (!p.ds) {
        rc = EXIT_USAGE;
    } else if (errors) {
        fprintf(stderr, "digindex: %s: %zu error%s, %zu warning%s\n", c->data, errors,
                errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
    } else {
        fprintf(stderr, "digindex: %s: ok: %zu edition%s, %zu Länder, %zu Kreise, %zu Gemeinden; "
                        "%zu warning%s\n",
                c->data, p.ds->n_editions, p.ds->n_editions == 1 ? "" : "s",
                p.ds->n_level_regions[LEVEL_LAND], p.ds->n_level_regions[LEVEL_KREIS],
                p.ds->n_level_regions[LEVEL_GEMEINDE], d.warnings, d.warnings == 1 ? "" : "s");
    }
    pipeline_free(&p);
    diag_free(&d);
    return rc;
}

static int cmd_scores(cli *c)
{
    level lv = LEVEL_LAND;
    if (c->level && !level_parse(c->level, &lv))
        return usage_error(usage_scores, "unknown level '%s' (use land, kreis or gemeinde)",
                           c->level);
    const char *format = c->format ? c->format : "csv";
    if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
        return usage_error(usage_scores, "unknown format '%s' (use csv or json)", format);
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, c->data, &d);
    report(&d);
    int rc = diag_exit_status(&d);
    if (!p.ds) {
        rc = EXIT_USAGE;
    } else if (d.errors) {
        fprintf(stderr, "digindex: %s: %zu error%s; run 'digindex check' for the full list\n",
                c->data, d.errors, d.errors == 1 ? "" : "s");
    } else {
        const edition *ed = c->edition ? dataset_edition(p.ds, c->edition)
                                       : dataset_newest_edition(p.ds);
        const level_scores *ls = ed ? scores_get(p.sc, ed->year, lv) : NULL;
        if (!ed) {
            fprintf(stderr, "digindex: edition %d is not in %s\n", c->edition, c->data);
            rc = EXIT_USAGE;
        } else if (!ls) {
            fprintf(stderr, "digindex: edition %d does not model level '%s'\n", ed->year,
                    level_name(lv));
            rc = EXIT_USAGE;
        } else {
            buf out = BUF_INIT;
            if (strcmp(format, "json") == 0)
                scores_write_json(&out, p.ds, ls);
            else
                scores_write_csv(&out, p.ds, ls);
            if (!stdout_write(out.data, out.len)) rc = EXIT_USAGE;
            buf_free(&out);
        }
    }
    pipeline_free(&p);
    diag_free(&d);
    return rc;
}

/* Splits "09,09162" into AGS strings. Every element must be an AGS of 2, 5
 * or 8 digits: an empty list ("") and empty elements ("09,", ",,") are
 * errors like any other bad element, never "every region". */
static int parse_only(const char *list, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *p = list;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        /* "13+": the region and every region below it. */
        size_t digits = len && p[len - 1] == '+' ? len - 1 : len;
        bool ok = digits == 2 || digits == 5 || digits == 8;
        for (size_t i = 0; i < digits; i++) ok &= p[i] >= '0' && p[i] <= '9';
        if (!ok) {
            char *bad = xstrndup(p, len);
            int rc = len == 0
                ? usage_error(usage_build, "--only takes AGS separated by commas (09,09162), "
                                           "got an empty element in '%s'", list)
                : usage_error(usage_build, "--only takes AGS (2, 5 or 8 digits, '+' for the "
                                           "regions below), got '%s'", bad);
            free(bad);
            for (size_t i = 0; i < *n; i++) free((*out)[i]);
            free(*out);
            *out = NULL;
            *n = 0;
            return rc;
        }
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = xstrndup(p, len);
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): the date shown as build date. */
static int64_t source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s) return -1;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0) {
        fprintf(stderr, "digindex: ignoring SOURCE_DATE_EPOCH=%s (not a whole number of seconds)\n", s);
        return -1;
    }
    return (int64_t)v;
}

/* Templates ship beside the program: "templates" in the working folder when
 * it has one, else next to the executable (so digindex runs from anywhere). */
static const char *default_templates(void)
{
    static char path[4096];
    struct stat st;
    if (stat("templates/wording", &st) == 0) return "templates";
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 32);
    if (n <= 0) return "templates";
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (!slash) return "templates";
    strcpy(slash + 1, "templates");
    return path;
}

/* True when building into `out` would replace `data` or a folder holding
 * it: out is the data folder, or the data folder lies below out. */
static bool out_holds_data(const char *out, const char *data)
{
    char *o = realpath(out, NULL), *dd = realpath(data, NULL);
    bool bad = false;
    if (o && dd) {
        size_t n = strlen(o);
        bad = strncmp(o, dd, n) == 0 && (dd[n] == '\0' || dd[n] == '/');
    }
    free(o);
    free(dd);
    return bad;
}

/* The AGS of an --only element ("13+" → "13"), in a static buffer. */
static const char *only_ags(const char *s)
{
    static char ags[9];
    size_t n = strlen(s);
    if (n && s[n - 1] == '+') n--;
    snprintf(ags, sizeof ags, "%.*s", (int)n, s);
    return ags;
}

/* Replaces every "AGS+" of the --only list by the region and the regions
 * below it (a Land's Kreise and Gemeinden, a Kreis' Gemeinden), without
 * duplicates. The AGS are known to exist. */
static void expand_only(const dataset *ds, char ***only, size_t *n)
{
    char **out = NULL;
    size_t m = 0;
    for (size_t i = 0; i < *n; i++) {
        const char *s = (*only)[i];
        size_t ri = dataset_find_region(ds, only_ags(s));
        bool below = s[strlen(s) - 1] == '+';
        for (size_t r = 0; r < ds->n_regions; r++) {
            const region *rg = &ds->regions[r];
            bool take = r == ri || (below && (rg->land == ri || rg->kreis == ri));
            if (!take) continue;
            bool dup = false;
            for (size_t k = 0; k < m && !dup; k++) dup = strcmp(out[k], rg->ags) == 0;
            if (dup) continue;
            out = xrealloc(out, (m + 1) * sizeof *out);
            out[m++] = xstrdup(rg->ags);
        }
        free((*only)[i]);
    }
    free(*only);
    *only = out;
    *n = m;
}

/* What the build did, edition by edition. */
static void report_build(const build_summary *s, const char *out)
{
    for (size_t i = 0; i < s->n_kept; i++) {
        fprintf(stderr, "digindex: %d is published (%s/%d/manifest.json) and was kept as it is", s->kept[i],
                out, s->kept[i]);
        if (s->kept_differ[i] == SIZE_MAX)
            fprintf(stderr, "; its published scores (downloads/scores-*.json) cannot be read, so "
                            "it cannot be compared with today's");
        else if (s->kept_differ[i])
            fprintf(stderr, "; %zu region%s would score differently today (new data or model): "
                            "restate it with --edition %d --restate",
                    s->kept_differ[i], s->kept_differ[i] == 1 ? "" : "s", s->kept[i]);
        fputc('\n', stderr);
    }
    if (s->n_built) {
        fprintf(stderr, "digindex: built");
        for (size_t i = 0; i < s->n_built; i++)
            fprintf(stderr, "%s%d", i ? ", " : " ", s->built[i]);
        fprintf(stderr, " into %s/\n", out);
    } else {
        fprintf(stderr, "digindex: nothing to build: every edition is published\n");
    }
}

/* "land,kreis", "all" → a bit per level; 0 after a usage error. */
static unsigned parse_levels(const char *list)
{
    if (strcmp(list, "all") == 0) return (1u << LEVEL_COUNT) - 1;
    unsigned mask = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *name = xstrndup(p, len);
        level lv;
        bool ok = level_parse(name, &lv);
        if (!ok) {
            usage_error(usage_build, "--levels takes land, kreis, gemeinde or all, got '%s'", name);
            free(name);
            return 0;
        }
        free(name);
        mask |= 1u << lv;
        p += len;
        if (*p == ',') p++;
    }
    if (!mask) usage_error(usage_build, "%s", "--levels needs at least one level");
    return mask;
}

static int cmd_build(cli *c)
{
    char **only = NULL;
    size_t n_only = 0;
    unsigned levels = (1u << LEVEL_LAND) | (1u << LEVEL_KREIS);
    if (c->levels && !(levels = parse_levels(c->levels))) return EXIT_USAGE;
    if (c->only) {
        int rc = parse_only(c->only, &only, &n_only);
        if (rc) return rc;
    }
    if (out_holds_data(c->out, c->data)) {
        for (size_t i = 0; i < n_only; i++) free(only[i]);
        free(only);
        return usage_error(usage_build, "--out '%s' holds the data folder '%s': the build would "
                           "replace its editions; choose another --out", c->out, c->data);
    }
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, c->data, &d);
    if (p.ds && !d.errors) geo_map_check_data(c->data, &d);
    int rc = p.ds ? diag_exit_status(&d) : EXIT_USAGE;
    if (rc) {
        /* reported below */
    } else if (c->edition && !dataset_edition(p.ds, c->edition)) {
        diag_usage(&d, c->data, NULL, "edition %d is not in the data folder", c->edition);
        rc = EXIT_USAGE;
    } else {
        for (size_t i = 0; i < n_only; i++)
            if (dataset_find_region(p.ds, only_ags(only[i])) == SIZE_MAX) {
                diag_usage(&d, p.ds->regions_file, "give AGS from regions.json",
                           "--only: AGS %s is not in the data", only_ags(only[i]));
                rc = EXIT_USAGE;
            }
    }
    if (!rc) expand_only(p.ds, &only, &n_only);
    build_summary summary = {0};
    if (!rc) {
        build_options opt = {c->data, c->out, c->templates ? c->templates : default_templates(),
                             c->edition, c->jobs,
                             (const char *const *)only, n_only, isatty(2) != 0,
                             source_date_epoch(), c->restate != 0, &summary, levels};
        /* Only errors are shown for a build; warnings are check's business. */
        diag bd = DIAG_INIT;
        rc = build_run(p.ds, p.sc, &opt, &bd);
        if (rc && bd.errors) rc = diag_exit_status(&bd);
        diag_free(&d);
        d = bd;
        if (!rc) report_build(&summary, c->out);
    }
    if (rc) {
        report(&d);
        if (rc == EXIT_DATA)
            fprintf(stderr, "digindex: %zu error%s; the previous output was left as it was\n",
                    d.errors, d.errors == 1 ? "" : "s");
    }
    pipeline_free(&p);
    diag_free(&d);
    for (size_t i = 0; i < n_only; i++) free(only[i]);
    free(only);
    return rc;
}

static int cmd_map_import(cli *c)
{
    if (c->n_args != 1) return usage_error(usage_map_import, "%s", "give one GeoJSON FILE");
    diag d = DIAG_INIT;
    buf out = BUF_INIT;
    int rc = 0;
    level lv = LEVEL_LAND;
    if (c->level && !level_parse(c->level, &lv)) {
        buf_free(&out);
        return usage_error(usage_map_import, "--level takes land, kreis or gemeinde, got '%s'",
                           c->level);
    }
    /* Kreis and Gemeinde sources are rounded to 0.001°: a finer grid keeps
     * small Gemeinden from collapsing. */
    if (access(c->args[0], R_OK) != 0)
        diag_usage(&d, c->args[0], NULL, "cannot open: %s", strerror(errno));
    else if (geo_import_geojson(c->args[0], lv == LEVEL_LAND ? 500 : 1000, &out, &d) &&
             !stdout_write(out.data, out.len))
        rc = EXIT_USAGE;
    if (!rc) rc = diag_exit_status(&d);
    report(&d);
    buf_free(&out);
    diag_free(&d);
    return rc;
}

static int cmd_merge(cli *c)
{
    if (c->n_args < 1) return usage_error(usage_merge, "%s", "give the SHARD folders");
    if (!c->out_given) return usage_error(usage_merge, "%s", "give the merged folder with --out DIR");
    diag d = DIAG_INIT;
    /* Values too: the manifest hashes every input file, parts included. */
    dataset *ds = dataset_load(c->data, 0, &d);
    int rc = 0;
    if (!ds)
        rc = EXIT_USAGE;
    else if (d.errors)
        rc = EXIT_DATA;
    if (!rc) {
        char *maps[3];
        size_t n_maps = geo_map_data_files(c->data, maps);
        rc = merge_shards(ds, (const char *const *)c->args, (size_t)c->n_args, c->out,
                          (const char *const *)maps, n_maps, &d);
        for (size_t i = 0; i < n_maps; i++) free(maps[i]);
        if (!rc) fprintf(stderr, "digindex: merged %d shards into %s/\n", c->n_args, c->out);
    }
    report(&d);
    dataset_free(ds);
    diag_free(&d);
    return rc;
}

static int cmd_regions_import(cli *c)
{
    if (c->n_args != 1) return usage_error(usage_regions_import, "%s", "give one register FILE");
    const char *date = c->population_date;
    if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return usage_error(usage_regions_import, "%s",
                           "--population-date YYYY-MM-DD is required (the register's reference date)");
    diag d = DIAG_INIT;
    size_t n = 0;
    int rc = 0;
    if (!regions_import_gemeinden(c->args[0], c->data, date, &n, &d))
        rc = d.count && strstr(d.entries[0].message, "cannot open") ? EXIT_USAGE : EXIT_DATA;
    report(&d);
    if (!rc) fprintf(stderr, "digindex: wrote %zu Gemeinden to %s/regions-gemeinden-*.json\n", n, c->data);
    diag_free(&d);
    return rc;
}

static int cmd_template(cli *c)
{
    if (c->n_args < 1 || c->n_args > 2)
        return usage_error(usage_template, "%s", "give a template FILE and optionally CONTEXT.json");
    diag d = DIAG_INIT;
    int rc = 0;
    size_t len = 0;
    char *src = file_read_all(c->args[0], &len, NULL, &d);
    tv *ctx = NULL;
    if (src && c->n_args == 2) {
        json_t *j = json_in_load(c->args[1], &d);
        if (j) ctx = tv_from_json(j);
        json_decref(j);
    }
    if (d.errors) {
        rc = diag_exit_status(&d);
    } else {
        char *err = NULL;
        template *t = template_parse(src, len, c->args[0], &err);
        char *dir = xstrdup(c->args[0]);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0'; else strcpy(dir, ".");
        template_partials *parts = template_partials_new_dir(dir);
        buf out = BUF_INIT;
        if (!t || template_render(t, ctx, parts, &out, &err) != 0) {
            diag_add(&d, DIAG_ERROR, NULL, 0, 0, NULL, NULL, "%s", err);
            rc = EXIT_DATA;
        } else if (!stdout_write(out.data, out.len)) {
            rc = EXIT_USAGE;
        }
        free(err);
        buf_free(&out);
        template_partials_free(parts);
        template_free(t);
        free(dir);
    }
    report(&d);
    tv_free(ctx);
    free(src);
    diag_free(&d);
    return rc;
}

static int cmd_context(cli *c)
{
    if (c->n_args > 1) return usage_error(usage_context, "%s", "give at most one AGS");
    diag d = DIAG_INIT;
    pipeline p;
    pipeline_run(&p, c->data, &d);
    int rc = p.ds ? diag_exit_status(&d) : EXIT_USAGE;
    if (!rc) {
        build_options opt = {.data_dir = c->data, .out_dir = c->out,
                             .templates_dir = c->templates ? c->templates : default_templates(),
                             .edition = c->edition, .generated_epoch = source_date_epoch()};
        diag cd = DIAG_INIT;
        buf out = BUF_INIT;
        if (!build_context(p.ds, p.sc, &opt, c->n_args ? c->args[0] : NULL, &out, &cd))
            rc = diag_exit_status(&cd);
        else if (!stdout_write(out.data, out.len))
            rc = EXIT_USAGE;
        buf_free(&out);
        diag_free(&d);
        d = cd;
    }
    report(&d);
    pipeline_free(&p);
    diag_free(&d);
    return rc;
}

static int cmd_sample(cli *c)
{
    if (c->gemeinden && !c->out_given)
        return usage_error(usage_sample, "%s", "--gemeinden needs --out DIR");
    if (!c->gemeinden && c->out_given)
        return usage_error(usage_sample, "%s", "--out applies only with --gemeinden N");
    diag d = DIAG_INIT;
    /* Writers of one data folder take turns (import, sample, new-edition). */
    int lock = c->gemeinden ? -1 : file_lock_dir(c->data, &d);
    if (c->gemeinden) sample_check_out_dir(c->data, c->out, &d);
    char *spec_path = c->spec ? xstrdup(c->spec) : xasprintf("%s/sample-spec.json", c->data);
    dataset *ds = d.errors ? NULL : dataset_load(c->data, LOAD_SKIP_VALUES, &d);
    sample_spec *spec = ds && !d.errors ? sample_spec_load(spec_path, &d) : NULL;
    if (ds && !d.errors && c->gemeinden) {
        if (sample_write_gemeinden(spec, ds, (size_t)c->gemeinden, c->out, &d))
            fprintf(stderr, "digindex: wrote a dataset with %ld Gemeinden into %s\n",
                    c->gemeinden, c->out);
    }
    for (size_t e = 0; ds && !d.errors && !c->gemeinden && e < ds->n_editions; e++) {
        const edition *ed = &ds->editions[e];
        for (int l = 0; !d.errors && l < LEVEL_COUNT; l++) {
            if (!ed->levels[l].present) continue;
            /* Gemeinden whose regions come in parts (regions-*.json) get their
             * values in parts too, one per Land: no file grows large. */
            bool split = l == LEVEL_GEMEINDE && ds->n_region_files > 1;
            size_t n_files = split ? ds->n_level_regions[LEVEL_LAND] : 1;
            for (size_t k = 0; !d.errors && k < n_files; k++) {
                const char *land = split ? ds->regions[ds->level_regions[LEVEL_LAND][k]].ags : NULL;
                bool any = !split;
                for (size_t r = 0; !any && r < ds->n_level_regions[l]; r++)
                    any = strncmp(ds->regions[ds->level_regions[l][r]].ags, land, 2) == 0;
                if (!any) continue;
                char *path = split ? xasprintf("%s/values-%s-%s.json", ed->dir,
                                               level_name((level)l), land)
                                   : xstrdup(ed->levels[l].values_file);
                buf out = BUF_INIT;
                if (sample_write_values_within(&out, spec, ds, ed, (level)l, land, &d) &&
                    file_write_atomic(path, out.data, out.len, &d))
                    fprintf(stderr, "digindex: wrote %s\n", path);
                buf_free(&out);
                free(path);
            }
        }
    }
    report(&d);
    int rc = ds ? diag_exit_status(&d) : d.errors ? diag_exit_status(&d) : EXIT_USAGE;
    file_unlock(lock);
    sample_spec_free(spec);
    dataset_free(ds);
    free(spec_path);
    diag_free(&d);
    return rc;
}

static int cmd_import(cli *c)
{
    level lv;
    if (c->n_args != 1) return usage_error(usage_import, "%s", "give one CSV FILE");
    if (!c->edition) return usage_error(usage_import, "%s", "--edition YEAR is required");
    if (!c->level) return usage_error(usage_import, "%s", "--level LEVEL is required");
    if (!level_parse(c->level, &lv))
        return usage_error(usage_import, "unknown level '%s' (use land, kreis or gemeinde)",
                           c->level);
    diag d = DIAG_INIT;
    char *written = NULL;
    import_options opt = {c->replace != 0,
                          !c->decimal ? IMPORT_DECIMAL_AUTO
                          : strcmp(c->decimal, "comma") == 0 ? IMPORT_DECIMAL_COMMA
                                                             : IMPORT_DECIMAL_POINT,
                          c->indicator, c->column};
    if (c->column && !c->indicator)
        return usage_error(usage_import, "%s", "--column goes with --indicator ID");
    import_summary sum;
    int rc = import_run_opts(c->data, c->edition, lv, c->args[0], &opt, &written, &sum, &d);
    if (rc && d.errors) rc = diag_exit_status(&d);
    report(&d);
    if (!rc) {
        size_t skipped = sum.skipped_country + sum.skipped_other;
        for (int l = 0; l < LEVEL_COUNT; l++) skipped += sum.skipped[l];
        if (skipped) {
            fprintf(stderr, "digindex: %s: skipped %zu row%s of other levels:", c->args[0],
                    skipped, skipped == 1 ? "" : "s");
            const char *sep = " ";
            if (sum.skipped_country) {
                fprintf(stderr, "%sDeutschland (DG)", sep);
                sep = ", ";
            }
            for (int l = 0; l < LEVEL_COUNT; l++)
                if (sum.skipped[l]) {
                    fprintf(stderr, "%s%zu %s", sep, sum.skipped[l],
                            sum.skipped[l] == 1 ? (const char *[]){"Land", "Kreis", "Gemeinde"}[l]
                                                : level_plural_de((level)l));
                    sep = ", ";
                }
            if (sum.skipped_other)
                fprintf(stderr, "%s%zu other (Regierungsbezirke, Gemeindeverbände, ...)", sep,
                        sum.skipped_other);
            fputc('\n', stderr);
        }
        if (sum.signs_zero || sum.signs_missing)
            fprintf(stderr, "digindex: %s: %zu \"-\" read as 0, %zu of . x ... / read as missing\n",
                    c->args[0], sum.signs_zero, sum.signs_missing);
        fprintf(stderr, "digindex: wrote %s: %zu value%s of %zu region%s and %zu indicator%s from "
                        "the file",
                written, sum.values, sum.values == 1 ? "" : "s", sum.regions,
                sum.regions == 1 ? "" : "s", sum.indicators, sum.indicators == 1 ? "" : "s");
        if (c->replace)
            fprintf(stderr, "; the level was replaced\n");
        else
            fprintf(stderr, "; kept %zu other value%s\n", sum.kept, sum.kept == 1 ? "" : "s");
    } else if (rc == EXIT_DATA)
        fprintf(stderr, "digindex: %zu error%s; nothing was written\n", d.errors,
                d.errors == 1 ? "" : "s");
    free(written);
    diag_free(&d);
    return rc;
}

static int cmd_new_edition(cli *c)
{
    if (c->n_args != 1) return usage_error(usage_new_edition, "%s", "give the new edition's YEAR");
    char *end;
    long y = strtol(c->args[0], &end, 10);
    if (*end || y < 1900 || y > 2999)
        return usage_error(usage_new_edition, "YEAR must be a year such as 2027, got '%s'",
                           c->args[0]);
    diag d = DIAG_INIT;
    int from = 0;
    char *path = NULL;
    int rc = edition_new(c->data, (int)y, &from, &path, &d);
    if (rc && d.errors) rc = diag_exit_status(&d);
    report(&d);
    if (!rc) {
        fprintf(stderr, "digindex: wrote %s (from edition %d; \"published\": \"" EDITION_PUBLISHED_FMT
                        "\" until you set the real date)\n",
                path, from, (int)y);
        fprintf(stderr, "digindex: next: digindex import --data %s --edition %ld --level LEVEL FILE.csv\n",
                c->data, y);
    }
    free(path);
    diag_free(&d);
    return rc;
}

/* One side of `digindex diff`: a year in --data, an edition folder
 * (DIR/2025) or a data folder (its newest edition). */
typedef struct diff_side {
    char *dir;      /* data folder */
    int year;       /* 0 = newest */
} diff_side;

static int diff_side_parse(const char *data, const char *arg, diff_side *s)
{
    size_t n = strlen(arg);
    bool year = n == 4 && strspn(arg, "0123456789") == 4;
    struct stat st;
    if (year && stat(arg, &st) != 0) {
        s->dir = xstrdup(data);
        s->year = atoi(arg);
        return 0;
    }
    if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode))
        return usage_error(usage_diff, "'%s' is neither an edition year nor a folder", arg);
    char *copy = xstrdup(arg);
    while (strlen(copy) > 1 && copy[strlen(copy) - 1] == '/') copy[strlen(copy) - 1] = '\0';
    char *slash = strrchr(copy, '/');
    const char *base = slash ? slash + 1 : copy;
    char *model = xasprintf("%s/model.json", copy);
    if (strlen(base) == 4 && strspn(base, "0123456789") == 4 && stat(model, &st) == 0) {
        s->year = atoi(base);
        if (slash == copy) s->dir = xstrdup("/");
        else if (slash) s->dir = xstrndup(copy, (size_t)(slash - copy));
        else s->dir = xstrdup(".");
    } else {
        s->dir = xstrdup(copy);
        s->year = 0;
    }
    free(model);
    free(copy);
    return 0;
}

static int cmd_diff(cli *c)
{
    if (c->n_args != 2) return usage_error(usage_diff, "%s", "give OLD and NEW");
    diff_side side[2] = {{NULL, 0}, {NULL, 0}};
    for (int i = 0; i < 2; i++) {
        int rc = diff_side_parse(c->data, c->args[i], &side[i]);
        if (rc) {
            free(side[0].dir);
            return rc;
        }
    }
    bool same = strcmp(side[0].dir, side[1].dir) == 0;
    diag d = DIAG_INIT;
    pipeline p[2];
    memset(p, 0, sizeof p);
    int rc = 0;
    for (int i = 0; i < (same ? 1 : 2) && !rc; i++) {
        pipeline_run(&p[i], side[i].dir, &d);
        if (!p[i].ds) rc = EXIT_USAGE;
        else if (d.errors) rc = diag_exit_status(&d);
    }
    const scores *sc[2] = {NULL, NULL};
    if (!rc) {
        sc[0] = p[0].sc;
        sc[1] = same ? p[0].sc : p[1].sc;
        for (int i = 0; i < 2 && !rc; i++) {
            if (!side[i].year) side[i].year = dataset_newest_edition(sc[i]->ds)->year;
            if (!dataset_edition(sc[i]->ds, side[i].year)) {
                diag_usage(&d, side[i].dir, NULL, "edition %d is not in the data folder",
                           side[i].year);
                rc = EXIT_USAGE;
            }
        }
    }
    if (!rc) {
        char *label[2];
        for (int i = 0; i < 2; i++)
            label[i] = same ? xasprintf("%d", side[i].year)
                            : xasprintf("%s/%d", side[i].dir, side[i].year);
        buf out = BUF_INIT;
        if (!compare_report_write(&out, sc[0], side[0].year, label[0], sc[1], side[1].year,
                                  label[1], c->top ? (size_t)c->top : 10, &d))
            rc = diag_exit_status(&d) ? diag_exit_status(&d) : EXIT_DATA;
        else if (!stdout_write(out.data, out.len))
            rc = EXIT_USAGE;
        buf_free(&out);
        free(label[0]);
        free(label[1]);
    }
    /* Warnings are check's business; show errors only. */
    diag errs = DIAG_INIT;
    diag_move_errors(&errs, &d);
    report(&errs);
    diag_free(&errs);
    for (int i = 0; i < 2; i++) {
        pipeline_free(&p[i]);
        free(side[i].dir);
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return stdout_close(0);
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("digindex %s\n", DIGINDEX_VERSION);
        return stdout_close(0);
    }
    cli c = {.data = "data", .out = "out"};
    static const struct {
        const char *name, *usage, *allowed;
        int (*run)(cli *);
    } commands[] = {
        {"check", usage_check, "d", cmd_check},
        {"scores", usage_scores, "delf", cmd_scores},
        {"build", usage_build, "doetOjSL", cmd_build},
        {"sample", usage_sample, "dsgo", cmd_sample},
        {"template", usage_template, "+", cmd_template},
        {"context", usage_context, "deto+", cmd_context},
        {"map-import", usage_map_import, "l+", cmd_map_import},
        {"regions-import", usage_regions_import, "dP+", cmd_regions_import},
        {"merge", usage_merge, "do+", cmd_merge},
        {"import", usage_import, "delRDIC+", cmd_import},
        {"new-edition", usage_new_edition, "d+", cmd_new_edition},
        {"diff", usage_diff, "dT+", cmd_diff},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(cmd, commands[i].name) != 0) continue;
        int rc = parse_options(argc - 1, argv + 1, commands[i].usage, commands[i].allowed, &c);
        if (rc < 0) return stdout_close(0);
        if (rc) return rc;
        return stdout_close(commands[i].run(&c));
    }
    fprintf(stderr, "digindex: unknown command '%s'\n\n%s", cmd, usage_main);
    return EXIT_USAGE;
}
