/* metrics: font loading and text measurement shared by every chart backend.
 *
 * Layout (label widths, wrapping, collision checks) must agree with what SVG,
 * PNG and PDF draw, so all three use the advance widths read here from the
 * same TTF files (Liberation Sans, metric-compatible with Arial). Kerning is
 * ignored everywhere (cairo's toy text API, libharu and our SVG sizes agree on
 * that), so a width is the plain sum of advances.
 *
 * Ownership: metrics_fonts_load returns an object the caller frees with
 * metrics_fonts_free. All advances are read into tables at load time; after
 * that every measuring function is read-only and may run on several threads.
 * Loading is a few milliseconds: load once per process, not per chart. */
#ifndef DIGINDEX_METRICS_H
#define DIGINDEX_METRICS_H

#include "buf.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

#define METRICS_FONT_DIR "/usr/share/fonts/truetype/liberation2/"
#define METRICS_FONT_REGULAR METRICS_FONT_DIR "LiberationSans-Regular.ttf"
#define METRICS_FONT_BOLD METRICS_FONT_DIR "LiberationSans-Bold.ttf"
/* The Debian package that ships the fonts above (named in error hints). */
#define METRICS_FONT_PACKAGE "fonts-liberation2"

typedef enum metrics_weight { METRICS_REGULAR = 0, METRICS_BOLD = 1 } metrics_weight;

typedef struct metrics_fonts metrics_fonts;

/* Loads both faces by path; there is no fallback font. On failure returns
 * NULL and adds an error naming the path and the package to install to d
 * (d may be NULL). */
metrics_fonts *metrics_fonts_load(const char *regular_path, const char *bold_path, diag *d);
/* NULL is a no-op. Faces still used by cairo's caches are released when
 * cairo lets go of them. */
void metrics_fonts_free(metrics_fonts *f);
/* The path a face was loaded from (borrowed). */
const char *metrics_fonts_path(const metrics_fonts *f, metrics_weight w);

/* Advance width of the first len bytes of utf8 at font size `size`, in the
 * same unit as size. Invalid UTF-8 counts as the missing-glyph box. */
double metrics_text_width(const metrics_fonts *f, metrics_weight w, double size,
                          const char *utf8, size_t len);
/* Convenience for a NUL-terminated string. */
double metrics_str_width(const metrics_fonts *f, metrics_weight w, double size, const char *utf8);
/* Vertical metrics at `size`, all positive: ascent above the baseline,
 * descent below it (hhea values, which bound every glyph we draw), and
 * cap height (for centring text on a point). */
double metrics_ascent(const metrics_fonts *f, metrics_weight w, double size);
double metrics_descent(const metrics_fonts *f, metrics_weight w, double size);
double metrics_cap_height(const metrics_fonts *f, metrics_weight w, double size);

/* ---- line breaking ------------------------------------------------------ */

/* The one line breaker, used by the charts (metrics_text_wrap) and the PDF
 * text blocks. Rules:
 * - a line breaks at a space (the spaces at the break are dropped, and
 *   spaces at the start of a line are skipped);
 * - after '-', '/' or '–' (U+2013) that joins two words: the mark follows a
 *   letter or digit (or any non-ASCII character) and is followed by a
 *   character other than a space or '\n' ("Baden-|Württemberg",
 *   "FTTB/|H", "2019–|2023", URLs); never at a leading minus ("-5");
 * - at '\n' (a hard break; "\n\n" leaves an empty line);
 * - a word wider than the line is split between characters (never inside a
 *   UTF-8 sequence), and a single character wider than the line gets a line
 *   of its own, so the text always advances and never overflows.
 * No hyphenation, no soft hyphen (U+00AD is an ordinary character here).
 * A line fits when its width is at most max_width + 1e-9. */

/* One line: bytes [off, off + len) of the text, trailing spaces excluded. */
typedef struct metrics_line {
    size_t off, len;
    double width;
    bool split;             /* ends inside a word that was too wide */
} metrics_line;

/* Reuse one across calls: the array keeps its capacity. */
typedef struct metrics_lines {
    metrics_line *v;
    size_t n, cap;
    bool broke_word;        /* some line is split */
} metrics_lines;

#define METRICS_LINES_INIT {NULL, 0, 0, false}

/* Breaks the first len bytes of utf8 into lines no wider than max_width,
 * at most max_lines of them (0: no limit). Returns the offset where the text
 * that did not fit begins (len when all of it fit; what is there may be only
 * spaces and '\n'). Empty text gives 0 lines. */
size_t metrics_text_break(const metrics_fonts *f, metrics_weight w, double size,
                          const char *utf8, size_t len, double max_width, size_t max_lines,
                          metrics_lines *out);
/* Frees the array; the struct may be reused afterwards. */
void metrics_lines_free(metrics_lines *l);

/* The longest prefix of the first n bytes of utf8 that fits max_width, cut
 * at a character boundary: its length in bytes (0 when not even the first
 * character fits). */
size_t metrics_text_prefix(const metrics_fonts *f, metrics_weight w, double size,
                           const char *utf8, size_t n, double max_width);

/* ---- wrapping ---------------------------------------------------------- */

#define METRICS_WRAP_MAX_LINES 8

/* The result of metrics_text_wrap. Reuse one across calls: its buffers keep
 * their capacity, so wrapping in a loop does not allocate. */
typedef struct metrics_wrap {
    size_t count;           /* lines produced (0 for empty text) */
    bool truncated;         /* text did not fit: the last line ends with … */
    bool broke_word;        /* a word wider than max_width was split */
    double width;           /* widest line */
    double line_width[METRICS_WRAP_MAX_LINES];
    size_t line_off[METRICS_WRAP_MAX_LINES]; /* offsets into text */
    buf text;               /* owned: the lines, each NUL-terminated */
    metrics_lines lines;    /* owned: scratch for metrics_text_break */
} metrics_wrap;

#define METRICS_WRAP_INIT {0, false, false, 0.0, {0}, {0}, BUF_INIT, METRICS_LINES_INIT}

/* Wraps utf8 with metrics_text_break into at most max_lines (capped at
 * METRICS_WRAP_MAX_LINES) lines no wider than max_width. What does not fit
 * ends the last line, cut at a character, with "…". */
void metrics_text_wrap(const metrics_fonts *f, metrics_weight w, double size,
                       const char *utf8, double max_width, size_t max_lines,
                       metrics_wrap *out);
/* Line i of a wrap result (borrowed, NUL-terminated). */
const char *metrics_wrap_line(const metrics_wrap *wr, size_t i);
/* Frees the buffers; the struct may be reused afterwards. */
void metrics_wrap_free(metrics_wrap *wr);

#endif
