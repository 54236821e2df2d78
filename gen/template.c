/* template: Mustache parser, renderer and partial cache (see template.h).
 *
 * The parser turns the source into a tree of nodes in one pass, applying the
 * spec's standalone-line rules as it goes, so rendering never looks at the
 * source again except through text slices. Partial indentation is decided at
 * parse time too: every text node records where a new source line starts (a
 * "break"), and the renderer writes the current indentation there. That is
 * the spec's "indent each line of the partial, then render" without
 * re-compiling a partial for every indentation it is used with. */
#include "template.h"

#include "fileio.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum node_kind {
    NODE_TEXT,
    NODE_VAR,      /* {{x}}: escaped */
    NODE_RAW,      /* {{{x}}} and {{&x}} */
    NODE_SECTION,  /* {{#x}}...{{/x}} */
    NODE_INVERTED, /* {{^x}}...{{/x}} */
    NODE_PARTIAL,  /* {{>x}} */
} node_kind;

typedef struct name_part {
    size_t off, len; /* slice of tname.text */
    uint64_t hash;   /* tv_key_hash of the slice, for tv_map_get_hashed */
} name_part;

/* A tag name, split at dots once so that lookups do no parsing. */
typedef struct tname {
    char *text;        /* owned, NUL-terminated; may contain NULs before len */
    size_t len;
    name_part *parts;  /* owned; NULL for "." */
    size_t nparts;     /* 0 for the implicit iterator "." */
} tname;

typedef struct node node;
struct node {
    node_kind kind;
    size_t line, col; /* of the tag; 0 for text */
    union {
        struct {
            const char *text; /* borrowed from template.src */
            size_t len;
            size_t *breaks;   /* owned offsets into text where a line starts */
            size_t nbreaks;
        } text;
        struct {
            tname name;
            node *children;   /* owned; sections only */
            size_t nchildren;
            const char *indent; /* partials: borrowed from template.src */
            size_t indent_len;
            bool standalone;    /* partials: alone on their line */
        } tag;
    } u;
};

struct template {
    char *filename; /* owned */
    char *src;      /* owned copy: text nodes point into it */
    size_t len;
    node *nodes;    /* owned */
    size_t n;
};

/* ---------------------------------------------------------------- nodes */

typedef struct node_list {
    node *items;
    size_t n, cap;
} node_list;

static void tname_free(tname *nm)
{
    free(nm->text);
    free(nm->parts);
}

static void nodes_free(node *nodes, size_t n)
{
    /* Recursion depth is bounded by TEMPLATE_MAX_SECTION_DEPTH. */
    for (size_t i = 0; i < n; i++) {
        node *nd = &nodes[i];
        if (nd->kind == NODE_TEXT) {
            free(nd->u.text.breaks);
        } else {
            tname_free(&nd->u.tag.name);
            nodes_free(nd->u.tag.children, nd->u.tag.nchildren);
        }
    }
    free(nodes);
}

static node *node_list_add(node_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    node *nd = &l->items[l->n++];
    memset(nd, 0, sizeof *nd);
    return nd;
}

/* ------------------------------------------------------------- messages */

/* Appends a name from the template for a message: quoted, control bytes
 * escaped and cut short, since it may come from hostile input. */
static void msg_quote(buf *b, const char *s, size_t n)
{
    enum { MAX_SHOWN = 60 };
    buf_putc(b, '"');
    for (size_t i = 0; i < n && i < MAX_SHOWN; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            buf_printf(b, "\\x%02x", c);
        else
            buf_putc(b, (char)c);
    }
    if (n > MAX_SHOWN) buf_puts(b, "...");
    buf_putc(b, '"');
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* ---------------------------------------------------------------- parser */

typedef struct open_section {
    node head;      /* the section node, without children yet */
    node_list body;
} open_section;

typedef struct parser {
    const char *src;
    size_t len;
    const char *filename;
    const char *otag, *ctag; /* current delimiters; custom ones point into src */
    size_t otag_len, ctag_len;
    size_t cur_pos, cur_line, cur_col; /* location cursor, moves forward only */
    open_section *stack; /* stack[0] is the top level */
    size_t depth;        /* sections open = entries in stack - 1 */
    size_t cap;
    buf err;             /* message once something failed */
    bool failed;
} parser;

/* Line and column of byte `at`, which is never before an earlier query. */
static void parser_locate(parser *p, size_t at, size_t *line, size_t *col)
{
    for (size_t i = p->cur_pos; i < at; i++) {
        unsigned char c = (unsigned char)p->src[i];
        if (c == '\n') {
            p->cur_line++;
            p->cur_col = 1;
        } else if ((c & 0xC0) != 0x80) {
            /* count characters, not UTF-8 continuation bytes */
            p->cur_col++;
        }
    }
    if (at > p->cur_pos) p->cur_pos = at;
    *line = p->cur_line;
    *col = p->cur_col;
}

/* Starts the error message `file:line:col: ` ; the caller appends the rest. */
static buf *parser_fail_at(parser *p, size_t line, size_t col)
{
    p->failed = true;
    buf_printf(&p->err, "%s:%zu:%zu: ", p->filename, line, col);
    return &p->err;
}

static buf *parser_fail(parser *p, size_t at)
{
    size_t line, col;
    parser_locate(p, at, &line, &col);
    return parser_fail_at(p, line, col);
}

static node_list *parser_body(parser *p)
{
    return &p->stack[p->depth].body;
}

/* Finds needle in src[from..len) preceded by the byte `before` (which must
 * also lie at or after from). Returns the offset of `before`, or (size_t)-1. */
static size_t find_close(const parser *p, size_t from, char before, const char *needle, size_t nlen)
{
    size_t at = from;
    while (at < p->len) {
        const char *hit = memmem(p->src + at, p->len - at, needle, nlen);
        if (!hit) return (size_t)-1;
        size_t q = (size_t)(hit - p->src);
        if (!before) return q;
        if (q > from && p->src[q - 1] == before) return q - 1;
        at = q + 1;
    }
    return (size_t)-1;
}

/* Adds text src[a..b) unless empty. next_standalone: the tag after it stands
 * alone on its line, which is then dropped, so b is no line start to indent. */
static void parser_emit_text(parser *p, size_t a, size_t b, bool next_standalone)
{
    size_t *breaks = NULL, nbreaks = 0, cap = 0;
    size_t q = a;
    bool at_line_start = a == 0 || p->src[a - 1] == '\n';
    for (;;) {
        if (at_line_start && q < p->len && !(q == b && next_standalone)) {
            if (nbreaks == cap) {
                cap = cap ? cap * 2 : 4;
                breaks = xrealloc(breaks, cap * sizeof *breaks);
            }
            breaks[nbreaks++] = q - a;
        }
        if (q >= b) break;
        const char *nl = memchr(p->src + q, '\n', b - q);
        if (!nl) break;
        q = (size_t)(nl - p->src) + 1;
        at_line_start = true;
    }
    if (a == b && !nbreaks) return;
    node *nd = node_list_add(parser_body(p));
    nd->kind = NODE_TEXT;
    nd->u.text.text = p->src + a;
    nd->u.text.len = b - a;
    nd->u.text.breaks = breaks;
    nd->u.text.nbreaks = nbreaks;
}

/* Parses the trimmed name s[0..n). dotted: split at dots ("." alone is the
 * implicit iterator); otherwise (partials) the name is taken whole. */
static bool parser_name(parser *p, size_t line, size_t col, const char *s, size_t n, bool dotted,
                        tname *out)
{
    memset(out, 0, sizeof *out);
    bool ok = n > 0;
    for (size_t i = 0; ok && i < n; i++)
        if (is_space(s[i])) ok = false;
    if (ok && dotted && !(n == 1 && s[0] == '.')) {
        if (s[0] == '.' || s[n - 1] == '.' || memmem(s, n, "..", 2)) ok = false;
    }
    if (!ok) {
        buf *e = parser_fail_at(p, line, col);
        if (n == 0) {
            buf_puts(e, "empty tag name");
        } else {
            buf_puts(e, "invalid tag name ");
            msg_quote(e, s, n);
            buf_puts(e, dotted ? ": names may not contain spaces or empty dotted parts"
                               : ": partial names may not contain spaces");
        }
        return false;
    }
    out->text = xstrndup(s, n);
    out->len = n;
    if (!dotted) {
        out->nparts = 1;
        out->parts = xmalloc(sizeof *out->parts);
        out->parts[0].off = 0;
        out->parts[0].len = n;
        out->parts[0].hash = tv_key_hash(s, n);
        return true;
    }
    if (n == 1 && s[0] == '.') return true;
    size_t count = 1;
    for (size_t i = 0; i < n; i++) count += s[i] == '.';
    out->parts = xmalloc(count * sizeof *out->parts);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            out->parts[out->nparts].off = start;
            out->parts[out->nparts].len = i - start;
            out->parts[out->nparts].hash = tv_key_hash(s + start, i - start);
            out->nparts++;
            start = i + 1;
        }
    }
    return true;
}

/* {{=<% %>=}}: inner is the text between the two '='. */
static bool parser_set_delimiters(parser *p, size_t line, size_t col, const char *s, size_t n)
{
    const char *tok[3];
    size_t toklen[3];
    size_t count = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        if (i == n) break;
        size_t start = i;
        while (i < n && !is_space(s[i])) i++;
        if (count < 3) {
            tok[count] = s + start;
            toklen[count] = i - start;
        }
        count++;
    }
    if (count != 2) {
        buf *e = parser_fail_at(p, line, col);
        buf_puts(e, "bad delimiter tag: expected two delimiters separated by a space, as in "
                    "\"{{=<% %>=}}\"");
        return false;
    }
    for (int k = 0; k < 2; k++) {
        if (memchr(tok[k], '=', toklen[k])) {
            buf *e = parser_fail_at(p, line, col);
            buf_puts(e, "bad delimiter ");
            msg_quote(e, tok[k], toklen[k]);
            buf_puts(e, ": delimiters may not contain '='");
            return false;
        }
    }
    p->otag = tok[0];
    p->otag_len = toklen[0];
    p->ctag = tok[1];
    p->ctag_len = toklen[1];
    return true;
}

/* One tag: src[tag_start..tag_end), sigil (0 for a variable), trimmed
 * content s[0..n). Returns false on error. */
static bool parser_tag(parser *p, char sigil, size_t line, size_t col, const char *s, size_t n,
                       bool standalone, size_t indent_at, size_t tag_start)
{
    switch (sigil) {
    case '!':
        return true;
    case '$':
    case '<': {
        /* Optional spec module; say so rather than look up a key "$x". */
        buf *e = parser_fail_at(p, line, col);
        buf_printf(e, "template inheritance (\"%c\" tags) is not supported", sigil);
        return false;
    }
    case '=':
        return parser_set_delimiters(p, line, col, s, n);
    case '#':
    case '^': {
        tname nm;
        if (!parser_name(p, line, col, s, n, true, &nm)) return false;
        if (p->depth >= TEMPLATE_MAX_SECTION_DEPTH) {
            tname_free(&nm);
            buf *e = parser_fail_at(p, line, col);
            buf_printf(e, "sections nested more than %d deep", TEMPLATE_MAX_SECTION_DEPTH);
            return false;
        }
        if (p->depth + 1 == p->cap) {
            p->cap *= 2;
            p->stack = xrealloc(p->stack, p->cap * sizeof *p->stack);
        }
        open_section *os = &p->stack[++p->depth];
        memset(os, 0, sizeof *os);
        os->head.kind = sigil == '#' ? NODE_SECTION : NODE_INVERTED;
        os->head.line = line;
        os->head.col = col;
        os->head.u.tag.name = nm;
        return true;
    }
    case '/': {
        if (p->depth == 0) {
            buf *e = parser_fail_at(p, line, col);
            buf_puts(e, "closing tag ");
            msg_quote(e, s, n);
            buf_puts(e, " without an open section");
            return false;
        }
        open_section *os = &p->stack[p->depth];
        const tname *open = &os->head.u.tag.name;
        if (open->len != n || memcmp(open->text, s, n) != 0) {
            buf *e = parser_fail_at(p, line, col);
            buf_puts(e, "closing tag ");
            msg_quote(e, s, n);
            buf_puts(e, " does not match open section ");
            msg_quote(e, open->text, open->len);
            buf_printf(e, " (opened at %zu:%zu)", os->head.line, os->head.col);
            return false;
        }
        node done = os->head;
        done.u.tag.children = os->body.items;
        done.u.tag.nchildren = os->body.n;
        p->depth--;
        *node_list_add(parser_body(p)) = done;
        return true;
    }
    case '>': {
        tname nm;
        if (!parser_name(p, line, col, s, n, false, &nm)) return false;
        node *nd = node_list_add(parser_body(p));
        nd->kind = NODE_PARTIAL;
        nd->line = line;
        nd->col = col;
        nd->u.tag.name = nm;
        nd->u.tag.standalone = standalone;
        if (standalone) {
            nd->u.tag.indent = p->src + indent_at;
            nd->u.tag.indent_len = tag_start - indent_at;
        }
        return true;
    }
    default: {
        tname nm;
        if (!parser_name(p, line, col, s, n, true, &nm)) return false;
        node *nd = node_list_add(parser_body(p));
        nd->kind = sigil ? NODE_RAW : NODE_VAR;
        nd->line = line;
        nd->col = col;
        nd->u.tag.name = nm;
        return true;
    }
    }
}

static void parser_run(parser *p)
{
    size_t text_start = 0;
    for (;;) {
        const char *hit = memmem(p->src + text_start, p->len - text_start, p->otag, p->otag_len);
        if (!hit) {
            parser_emit_text(p, text_start, p->len, false);
            break;
        }
        size_t tag_start = (size_t)(hit - p->src);
        size_t c = tag_start + p->otag_len;
        char sigil = c < p->len ? p->src[c] : 0;
        char before = 0; /* byte the closing delimiter must follow */
        switch (sigil) {
        case '{': before = '}'; c++; break;
        case '=': before = '='; c++; break;
        case '#': case '^': case '/': case '>': case '!': case '&':
        case '$': case '<':
            c++;
            break;
        default: sigil = 0; break;
        }
        size_t close = find_close(p, c, before, p->ctag, p->ctag_len);
        if (close == (size_t)-1) {
            buf *e = parser_fail(p, tag_start);
            buf_puts(e, "unclosed tag ");
            buf tagtext = BUF_INIT;
            buf_append(&tagtext, p->otag, p->otag_len);
            if (sigil) buf_putc(&tagtext, sigil);
            msg_quote(e, tagtext.data, tagtext.len);
            buf_clear(&tagtext);
            if (before) buf_putc(&tagtext, before);
            buf_append(&tagtext, p->ctag, p->ctag_len);
            buf_puts(e, ": missing ");
            msg_quote(e, tagtext.data, tagtext.len);
            buf_free(&tagtext);
            return;
        }
        size_t tag_end = close + (before ? 1 : 0) + p->ctag_len;

        /* Standalone: only blanks around the tag on its line(s), and a tag
         * kind that renders nothing in place. Then the whole line goes. */
        bool standalone = false;
        size_t line_start = tag_start, next = tag_end;
        if (sigil && sigil != '{' && sigil != '&') {
            while (line_start > text_start && is_blank(p->src[line_start - 1])) line_start--;
            if (line_start == 0 || p->src[line_start - 1] == '\n') {
                size_t q = tag_end;
                while (q < p->len && is_blank(p->src[q])) q++;
                if (q == p->len) {
                    standalone = true;
                    next = q;
                } else if (p->src[q] == '\n') {
                    standalone = true;
                    next = q + 1;
                } else if (p->src[q] == '\r' && q + 1 < p->len && p->src[q + 1] == '\n') {
                    standalone = true;
                    next = q + 2;
                }
            }
        }
        parser_emit_text(p, text_start, standalone ? line_start : tag_start, standalone);

        const char *s = p->src + c;
        size_t n = close - c;
        while (n && is_space(s[0])) s++, n--;
        while (n && is_space(s[n - 1])) n--;
        size_t line, col;
        parser_locate(p, tag_start, &line, &col);
        if (!parser_tag(p, sigil, line, col, s, n, standalone, line_start, tag_start)) return;
        text_start = next;
    }
    if (p->depth > 0) {
        open_section *os = &p->stack[p->depth];
        buf *e = parser_fail_at(p, os->head.line, os->head.col);
        buf_puts(e, "unclosed section ");
        msg_quote(e, os->head.u.tag.name.text, os->head.u.tag.name.len);
    }
}

template *template_parse(const char *src, size_t len, const char *filename, char **err)
{
    if (err) *err = NULL;
    if (!src) len = 0;
    template *t = xcalloc(1, sizeof *t);
    t->filename = xstrdup(filename ? filename : "<template>");
    t->src = xmalloc(len + 1);
    if (len) memcpy(t->src, src, len);
    t->src[len] = '\0';
    t->len = len;

    parser p;
    memset(&p, 0, sizeof p);
    p.src = t->src;
    p.len = len;
    p.filename = t->filename;
    p.otag = "{{";
    p.ctag = "}}";
    p.otag_len = p.ctag_len = 2;
    p.cur_line = p.cur_col = 1;
    p.cap = 8;
    p.stack = xcalloc(p.cap, sizeof *p.stack);
    parser_run(&p);

    /* On success only stack[0] is left; on failure free every open body. */
    for (size_t i = p.depth + 1; i-- > 1;) {
        tname_free(&p.stack[i].head.u.tag.name);
        nodes_free(p.stack[i].body.items, p.stack[i].body.n);
    }
    if (p.failed) {
        nodes_free(p.stack[0].body.items, p.stack[0].body.n);
        free(p.stack);
        if (err)
            *err = buf_detach(&p.err);
        else
            buf_free(&p.err);
        template_free(t);
        return NULL;
    }
    t->nodes = p.stack[0].body.items;
    t->n = p.stack[0].body.n;
    free(p.stack);
    buf_free(&p.err);
    return t;
}

void template_free(template *t)
{
    if (!t) return;
    nodes_free(t->nodes, t->n);
    free(t->src);
    free(t->filename);
    free(t);
}

const char *template_filename(const template *t)
{
    return t ? t->filename : NULL;
}

/* -------------------------------------------------------------- partials */

typedef struct partial_entry {
    char *name;        /* owned */
    char *src;         /* owned; set by template_partials_add */
    size_t src_len;
    bool added;
    bool loaded;       /* the loader found a source (errors are then compile errors) */
    bool resolved;     /* compiled, or found missing or broken */
    template *compiled;/* owned; NULL unless resolved successfully */
    char *error;       /* owned message when loading or compiling failed */
    char *looked_at;   /* owned; where a missing partial was looked for */
} partial_entry;

/* Behind a pointer so that rendering can fill it through a const
 * template_partials. */
typedef struct partial_cache {
    pthread_mutex_t lock;
    partial_entry *entries;
    size_t n, cap;
} partial_cache;

struct template_partials {
    template_load_fn load; /* NULL: only added partials exist */
    void *ctx;
    void (*ctx_free)(void *);
    bool missing_ok;
    partial_cache *cache;
};

static void partial_entry_reset(partial_entry *e)
{
    template_free(e->compiled);
    free(e->error);
    free(e->looked_at);
    e->compiled = NULL;
    e->error = e->looked_at = NULL;
    e->resolved = e->loaded = false;
}

template_partials *template_partials_new_loader(template_load_fn load, void *ctx,
                                                void (*ctx_free)(void *))
{
    template_partials *p = xcalloc(1, sizeof *p);
    p->load = load;
    p->ctx = ctx;
    p->ctx_free = ctx_free;
    p->cache = xcalloc(1, sizeof *p->cache);
    pthread_mutex_init(&p->cache->lock, NULL);
    return p;
}

template_partials *template_partials_new(void)
{
    return template_partials_new_loader(NULL, NULL, NULL);
}

void template_partials_free(template_partials *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->cache->n; i++) {
        partial_entry_reset(&p->cache->entries[i]);
        free(p->cache->entries[i].name);
        free(p->cache->entries[i].src);
    }
    free(p->cache->entries);
    pthread_mutex_destroy(&p->cache->lock);
    free(p->cache);
    if (p->ctx_free) p->ctx_free(p->ctx);
    free(p);
}

void template_partials_set_missing_ok(template_partials *p, bool missing_ok)
{
    if (p) p->missing_ok = missing_ok;
}

/* Caller holds the lock (or is the only user). */
static partial_entry *partial_cache_entry(partial_cache *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->entries[i].name, name) == 0) return &c->entries[i];
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->entries = xrealloc(c->entries, c->cap * sizeof *c->entries);
    }
    partial_entry *e = &c->entries[c->n++];
    memset(e, 0, sizeof *e);
    e->name = xstrdup(name);
    return e;
}

void template_partials_add(template_partials *p, const char *name, const char *src, size_t len)
{
    if (!p || !name) return;
    partial_entry *e = partial_cache_entry(p->cache, name);
    partial_entry_reset(e);
    free(e->src);
    e->src = xstrndup(len ? src : "", len);
    e->src_len = len;
    e->added = true;
}

/* Fills e (lock held). */
static void partial_entry_resolve(const template_partials *p, partial_entry *e)
{
    e->resolved = true;
    if (e->added) {
        e->compiled = template_parse(e->src, e->src_len, e->name, &e->error);
        return;
    }
    if (!p->load) return;
    char *src = NULL, *filename = NULL, *err = NULL;
    size_t len = 0;
    int rc = p->load(p->ctx, e->name, &src, &len, &filename, &err);
    if (rc > 0) {
        e->loaded = true;
        e->compiled = template_parse(src ? src : "", src ? len : 0, filename ? filename : e->name,
                                     &e->error);
        free(filename);
    } else if (rc == 0) {
        e->looked_at = filename;
    } else {
        e->error = err ? err : xstrdup("could not load partial");
        err = NULL;
        free(filename);
    }
    free(src);
    free(err);
}

/* Returns 1 and the compiled partial (owned by p), 0 when there is none, -1
 * when the loader failed, -2 when compiling failed (*msg then already starts
 * with the partial's file:line:col). *msg / *looked_at get new strings (or
 * NULL) for the caller's message. */
static int partials_get(const template_partials *p, const char *name, size_t name_len,
                        const template **out, char **msg, char **looked_at)
{
    *out = NULL;
    *msg = *looked_at = NULL;
    if (!p || memchr(name, '\0', name_len)) return 0;
    partial_cache *c = p->cache;
    pthread_mutex_lock(&c->lock);
    partial_entry *e = partial_cache_entry(c, name);
    if (!e->resolved) partial_entry_resolve(p, e);
    int rc;
    if (e->compiled) {
        *out = e->compiled;
        rc = 1;
    } else if (e->error) {
        *msg = xstrdup(e->error);
        rc = e->added || e->loaded ? -2 : -1;
    } else {
        if (e->looked_at) *looked_at = xstrdup(e->looked_at);
        rc = 0;
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}

/* Directory loader: DIR/NAME.mustache. */

static bool dir_name_ok(const char *name)
{
    const char *s = name;
    for (;;) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return false;
        if (!slash) return true;
        s = slash + 1;
    }
}

static int dir_load(void *ctx, const char *name, char **src, size_t *len, char **filename,
                    char **err)
{
    const char *dir = ctx;
    if (!dir_name_ok(name)) {
        buf b = BUF_INIT;
        buf_puts(&b, "invalid partial name ");
        msg_quote(&b, name, strlen(name));
        buf_printf(&b, ": it must name a file below %s", dir);
        *err = buf_detach(&b);
        return -1;
    }
    char *path = xasprintf("%s/%s.mustache", dir, name);
    int e;
    switch (file_read_bytes(path, FILE_READ_MAX_BYTES, src, len, &e)) {
    case FILE_OK: break;
    case FILE_CANNOT_OPEN:
        if (e == ENOENT || e == ENOTDIR) {
            *filename = path;
            return 0;
        }
        *err = xasprintf("%s: %s", path, strerror(e));
        free(path);
        return -1;
    case FILE_CANNOT_READ:
    case FILE_TOO_LARGE:
        *err = xasprintf("%s: read error", path);
        free(path);
        return -1;
    }
    *filename = path;
    return 1;
}

static void dir_free(void *ctx)
{
    free(ctx);
}

template_partials *template_partials_new_dir(const char *dir)
{
    char *d = xstrdup(dir && *dir ? dir : ".");
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/') d[--n] = '\0';
    return template_partials_new_loader(dir_load, d, dir_free);
}

/* ------------------------------------------------------------- renderer */

typedef struct render {
    buf *out;
    const template_partials *partials;
    const tv **ctx;   /* context stack, innermost last; entries may be NULL */
    size_t nctx, capctx;
    buf indent;       /* indentation now is indent.data[indent_off..indent.len) */
    size_t indent_off;
    int partial_depth, depth;
    size_t out_start; /* out->len when the render began */
    unsigned long long steps;
    buf err;
    bool failed;
} render;

static buf *render_fail(render *r, const template *t, const node *nd)
{
    r->failed = true;
    buf_printf(&r->err, "%s:%zu:%zu: ", t->filename, nd->line, nd->col);
    return &r->err;
}

static void render_push(render *r, const tv *v)
{
    if (r->nctx == r->capctx) {
        r->capctx = r->capctx ? r->capctx * 2 : 16;
        r->ctx = xrealloc(r->ctx, r->capctx * sizeof *r->ctx);
    }
    r->ctx[r->nctx++] = v;
}

/* Spec lookup: the first part is searched from the innermost context
 * outwards; the rest must follow from what it found, or the name misses. */
static const tv *render_lookup(const render *r, const tname *nm)
{
    if (nm->nparts == 0) return r->ctx[r->nctx - 1];
    const name_part *part = &nm->parts[0];
    const tv *v = NULL;
    for (size_t i = r->nctx; i-- > 0;) {
        v = tv_map_get_hashed(r->ctx[i], nm->text + part->off, part->len, part->hash);
        if (v) break;
    }
    for (size_t k = 1; v && k < nm->nparts; k++) {
        part = &nm->parts[k];
        v = tv_map_get_hashed(v, nm->text + part->off, part->len, part->hash);
    }
    return v;
}

static void append_escaped(buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(out, s + run, i - run);
        buf_puts(out, rep);
        run = i + 1;
    }
    buf_append(out, s + run, n - run);
}

static void render_value(render *r, const tv *v, bool escape)
{
    switch (tv_kind_of(v)) {
    case TV_STRING: {
        size_t n;
        const char *s = tv_string(v, &n);
        if (escape)
            append_escaped(r->out, s, n);
        else
            buf_append(r->out, s, n);
        break;
    }
    case TV_NUMBER:
        tv_number_format(r->out, tv_number(v));
        break;
    case TV_BOOL:
        buf_puts(r->out, tv_bool(v) ? "true" : "false");
        break;
    default:
        break;
    }
}

static void render_text(render *r, const node *nd)
{
    const char *s = nd->u.text.text;
    size_t ilen = r->indent.len - r->indent_off;
    if (!ilen || !nd->u.text.nbreaks) {
        buf_append(r->out, s, nd->u.text.len);
        return;
    }
    size_t prev = 0;
    for (size_t i = 0; i < nd->u.text.nbreaks; i++) {
        size_t at = nd->u.text.breaks[i];
        buf_append(r->out, s + prev, at - prev);
        buf_append(r->out, r->indent.data + r->indent_off, ilen);
        prev = at;
    }
    buf_append(r->out, s + prev, nd->u.text.len - prev);
}

static bool render_nodes(render *r, const template *t, const node *nodes, size_t n);

static bool render_enter(render *r, const template *t, const node *nd)
{
    if (r->depth >= TEMPLATE_MAX_RENDER_DEPTH) {
        buf *e = render_fail(r, t, nd);
        buf_printf(e, "sections and partials nested more than %d deep",
                   TEMPLATE_MAX_RENDER_DEPTH);
        return false;
    }
    r->depth++;
    return true;
}

/* Charges the nodes about to be rendered against the work and output limits,
 * so that nested sections over long lists cannot run for hours. */
static bool render_budget(render *r, const template *t, const node *nd, size_t nodes)
{
    r->steps += nodes + 1;
    if (r->steps > TEMPLATE_MAX_STEPS) {
        buf *e = render_fail(r, t, nd);
        buf_printf(e, "rendering stopped after %llu steps (sections nested over long lists?)",
                   (unsigned long long)TEMPLATE_MAX_STEPS);
        return false;
    }
    if (r->out->len - r->out_start > TEMPLATE_MAX_OUTPUT) {
        buf *e = render_fail(r, t, nd);
        buf_printf(e, "rendering stopped: output larger than %llu bytes",
                   (unsigned long long)TEMPLATE_MAX_OUTPUT);
        return false;
    }
    return true;
}

static bool render_section(render *r, const template *t, const node *nd)
{
    const tv *v = render_lookup(r, &nd->u.tag.name);
    bool truthy = tv_truthy(v);
    if (nd->kind == NODE_INVERTED) {
        if (truthy) return true;
        if (!render_budget(r, t, nd, nd->u.tag.nchildren) || !render_enter(r, t, nd))
            return false;
        bool ok = render_nodes(r, t, nd->u.tag.children, nd->u.tag.nchildren);
        r->depth--;
        return ok;
    }
    if (!truthy) return true;
    if (!render_enter(r, t, nd)) return false;
    bool ok = true;
    if (tv_kind_of(v) == TV_LIST) {
        size_t count = tv_list_len(v);
        for (size_t i = 0; ok && i < count; i++) {
            if (!render_budget(r, t, nd, nd->u.tag.nchildren)) {
                ok = false;
                break;
            }
            render_push(r, tv_list_get(v, i));
            ok = render_nodes(r, t, nd->u.tag.children, nd->u.tag.nchildren);
            r->nctx--;
        }
    } else if ((ok = render_budget(r, t, nd, nd->u.tag.nchildren))) {
        render_push(r, v);
        ok = render_nodes(r, t, nd->u.tag.children, nd->u.tag.nchildren);
        r->nctx--;
    }
    r->depth--;
    return ok;
}

static bool render_partial(render *r, const template *t, const node *nd)
{
    const tname *nm = &nd->u.tag.name;
    const template *pt;
    char *msg, *looked_at;
    int rc = partials_get(r->partials, nm->text, nm->len, &pt, &msg, &looked_at);
    if (rc <= 0) {
        bool ok = rc == 0 && r->partials && r->partials->missing_ok;
        if (!ok && rc == 0) {
            buf *e = render_fail(r, t, nd);
            buf_puts(e, "unknown partial ");
            msg_quote(e, nm->text, nm->len);
            if (looked_at) buf_printf(e, " (no file %s)", looked_at);
        } else if (rc == -1) {
            buf_puts(render_fail(r, t, nd), msg);
        } else if (rc == -2) {
            /* The partial's own file:line:col is what to fix; say where from. */
            r->failed = true;
            buf_printf(&r->err, "%s (in partial included from %s:%zu:%zu)", msg, t->filename,
                       nd->line, nd->col);
        }
        free(msg);
        free(looked_at);
        return ok;
    }
    if (r->partial_depth >= TEMPLATE_MAX_PARTIAL_DEPTH) {
        buf *e = render_fail(r, t, nd);
        buf_puts(e, "partial ");
        msg_quote(e, nm->text, nm->len);
        buf_printf(e, " nested more than %d deep (does it include itself?)",
                   TEMPLATE_MAX_PARTIAL_DEPTH);
        return false;
    }
    if (!render_budget(r, t, nd, pt->n) || !render_enter(r, t, nd)) return false;
    /* A standalone partial indents every line by its own indentation on top
     * of the current one; an inline partial indents nothing. */
    size_t saved_off = r->indent_off, saved_len = r->indent.len;
    if (nd->u.tag.standalone)
        buf_append(&r->indent, nd->u.tag.indent, nd->u.tag.indent_len);
    else
        r->indent_off = r->indent.len;
    r->partial_depth++;
    bool ok = render_nodes(r, pt, pt->nodes, pt->n);
    r->partial_depth--;
    r->indent_off = saved_off;
    r->indent.len = saved_len;
    if (r->indent.data) r->indent.data[saved_len] = '\0';
    r->depth--;
    return ok;
}

static bool render_nodes(render *r, const template *t, const node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const node *nd = &nodes[i];
        switch (nd->kind) {
        case NODE_TEXT:
            render_text(r, nd);
            break;
        case NODE_VAR:
        case NODE_RAW:
            render_value(r, render_lookup(r, &nd->u.tag.name), nd->kind == NODE_VAR);
            break;
        case NODE_SECTION:
        case NODE_INVERTED:
            if (!render_section(r, t, nd)) return false;
            break;
        case NODE_PARTIAL:
            if (!render_partial(r, t, nd)) return false;
            break;
        }
    }
    return true;
}

int template_render(const template *t, const tv *context, const template_partials *partials,
                    buf *out, char **err)
{
    return template_render_layers(t, &context, 1, partials, out, err);
}

int template_render_layers(const template *t, const tv *const *layers, size_t n_layers,
                           const template_partials *partials, buf *out, char **err)
{
    if (err) *err = NULL;
    if (!t || !out) {
        if (err) *err = xstrdup("template_render: no template or no output buffer");
        return -1;
    }
    size_t start = out->len;
    render r;
    memset(&r, 0, sizeof r);
    r.out = out;
    r.out_start = start;
    r.partials = partials;
    for (size_t i = 0; i < n_layers; i++) render_push(&r, layers[i]);
    if (n_layers == 0) render_push(&r, NULL);
    bool ok = render_nodes(&r, t, t->nodes, t->n);
    free(r.ctx);
    buf_free(&r.indent);
    if (!ok) {
        out->len = start;
        if (out->data) out->data[start] = '\0';
        if (err)
            *err = buf_detach(&r.err);
        else
            buf_free(&r.err);
        return -1;
    }
    buf_free(&r.err);
    return 0;
}
