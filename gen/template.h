/* template: a Mustache engine (the spec's core modules; no lambdas, no
 * inheritance: {{$x}} and {{<x}} are errors).
 *
 * Templates are compiled once (template_parse) and rendered many times
 * (template_render) against a tv context tree. Partials come from a
 * template_partials set: sources added in memory, a directory of
 * NAME.mustache files, or any loader function; each partial is compiled the
 * first time it is used and cached.
 *
 * Semantics are the Mustache spec's: {{x}} escapes & < > " ' ({{{x}}} and
 * {{&x}} do not), dotted names, {{.}}, sections and inverted sections,
 * comments, set delimiters, standalone lines, partial indentation and
 * context-stack lookup. Where the spec leaves a choice: "" and [] are falsey,
 * 0 and {} truthy; lists and maps interpolate as ""; true/false as
 * "true"/"false"; tag names may not contain whitespace or empty dotted parts.
 *
 * Errors come back as one new string in *err (the caller frees it) in compiler
 * style, `file:line:col: message`, lines and columns 1-based, columns counted
 * in UTF-8 characters. Library code here never prints and never exits.
 *
 * Thread safety: a compiled template is immutable and may be rendered from
 * several threads at once; so may one template_partials set (its cache is
 * locked), as long as nobody calls template_partials_add or _set_* meanwhile. */
#ifndef DIGINDEX_TEMPLATE_H
#define DIGINDEX_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "tvalue.h"

/* Limits that keep hostile templates from exhausting the stack. */
#define TEMPLATE_MAX_SECTION_DEPTH 100 /* sections open at once in one file */
#define TEMPLATE_MAX_PARTIAL_DEPTH 50  /* partials active at once */
#define TEMPLATE_MAX_RENDER_DEPTH 500  /* sections + partials active at once */
/* ...and from running (almost) forever: a render stops with an error after
 * visiting this many nodes (a few seconds of work; a briefing page needs
 * about 10^4) or writing this much output. */
#define TEMPLATE_MAX_STEPS 20000000ULL
#define TEMPLATE_MAX_OUTPUT (256ULL << 20)

typedef struct template template;
typedef struct template_partials template_partials;

/* Compiles src[0..len) (NUL bytes inside len are ordinary text). filename
 * (copied; NULL means "<template>") is used in messages. Returns a new
 * template (free with template_free), or NULL with a new message in *err,
 * e.g. `page.mustache:3:5: unclosed section "regions"`. err may be NULL. */
template *template_parse(const char *src, size_t len, const char *filename, char **err);
void template_free(template *t);
/* Borrowed; the name given to template_parse. */
const char *template_filename(const template *t);

/* Renders t against context (borrowed; NULL renders as an empty context) and
 * appends the output to out. partials may be NULL when t uses none. Returns 0,
 * or -1 with a new message in *err (err may be NULL); on error out is left as
 * it was before the call. Messages name the {{>x}} tag for an unknown or
 * runaway partial (`page.mustache:7:3: unknown partial "x"`), and the
 * partial's own spot for a broken one (`x.mustache:2:1: unclosed section "y"
 * (in partial included from page.mustache:7:3)`). */
int template_render(const template *t, const tv *context, const template_partials *partials,
                    buf *out, char **err);

/* The same against a stack of contexts, outermost first (layers[n-1] is
 * searched first): a page can add its own keys over a shared, read-only
 * context without copying it. */
int template_render_layers(const template *t, const tv *const *layers, size_t n_layers,
                           const template_partials *partials, buf *out, char **err);

/* A loader finds the source of partial `name` (a tag's name, never containing
 * NUL). Return 1 with a new *src / *len (the caller frees *src) and, if you
 * like, a new *filename for messages; 0 when there is no such partial (*filename
 * may then say where it was looked for); -1 with a new message in *err when
 * the lookup itself failed. *filename and *err start out NULL. */
typedef int (*template_load_fn)(void *ctx, const char *name, char **src, size_t *len,
                                char **filename, char **err);

/* An empty set: only partials added with template_partials_add exist. */
template_partials *template_partials_new(void);
/* Partials are DIR/NAME.mustache (dir is copied). Names with an empty, "." or
 * ".." path component, or a leading '/', are rejected, so a tag cannot reach
 * outside DIR. */
template_partials *template_partials_new_dir(const char *dir);
/* Partials come from load(ctx, ...); ctx_free(ctx) (if not NULL) runs in
 * template_partials_free. */
template_partials *template_partials_new_loader(template_load_fn load, void *ctx,
                                                void (*ctx_free)(void *ctx));
/* A set caches every partial it has looked up, found or not, until it is
 * freed: files changed on disk afterwards are not seen. */

/* Adds (or replaces) partial name with a copy of src[0..len). Added partials
 * win over the loader. Compiled on first use, not now. */
void template_partials_add(template_partials *p, const char *name, const char *src, size_t len);
/* Off by default: an unknown partial is an error. On: it renders as the empty
 * string, as the Mustache spec demands. */
void template_partials_set_missing_ok(template_partials *p, bool missing_ok);
void template_partials_free(template_partials *p);

#endif
