/* Our own cases for the template engine and its value tree, beyond the
 * Mustache spec: hostile values, German text, every error message with its
 * exact file:line:col, the directory loader, the recursion guard, NUL bytes,
 * repeated rendering, and a small built-in fuzz loop. */
#include <locale.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "buf.h"
#include "template.h"
#include "tvalue.h"

#define FIXTURES "tests/fixtures/templates"

/* ------------------------------------------------------------- helpers */

static tv *ctx_json(const char *json)
{
    json_error_t jerr;
    json_t *j = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!j) fail_msg("bad test JSON: %s", jerr.text);
    tv *v = tv_from_json(j);
    json_decref(j);
    return v;
}

static void padd(template_partials *p, const char *name, const char *src)
{
    template_partials_add(p, name, src, strlen(src));
}

/* Renders src against the JSON context; fails the test on any error. The
 * result is a new string. */
static char *render_ok(const char *src, const char *json, const template_partials *partials)
{
    char *err = NULL;
    template *t = template_parse(src, strlen(src), "t.mustache", &err);
    if (!t) fail_msg("parse: %s", err);
    tv *ctx = ctx_json(json);
    buf out = BUF_INIT;
    if (template_render(t, ctx, partials, &out, &err) != 0) fail_msg("render: %s", err);
    tv_free(ctx);
    template_free(t);
    return buf_detach(&out);
}

static void assert_render(const char *src, const char *json, const char *want)
{
    char *got = render_ok(src, json, NULL);
    assert_string_equal(got, want);
    free(got);
}

/* Expects template_parse to fail with exactly `want`. */
static void assert_parse_error(const char *src, size_t len, const char *want)
{
    char *err = NULL;
    template *t = template_parse(src, len, "t.mustache", &err);
    if (t) {
        template_free(t);
        fail_msg("expected error \"%s\", but the template parsed", want);
    }
    assert_non_null(err);
    assert_string_equal(err, want);
    free(err);
}

/* Expects parsing to work and rendering to fail with exactly `want`. */
static void assert_render_error(const char *src, const char *json,
                                const template_partials *partials, const char *want)
{
    char *err = NULL;
    template *t = template_parse(src, strlen(src), "t.mustache", &err);
    if (!t) fail_msg("parse: %s", err);
    tv *ctx = ctx_json(json);
    buf out = BUF_INIT;
    buf_puts(&out, "kept");
    int rc = template_render(t, ctx, partials, &out, &err);
    assert_int_equal(rc, -1);
    assert_non_null(err);
    assert_string_equal(err, want);
    /* a failed render leaves the buffer as it was */
    assert_string_equal(buf_cstr(&out), "kept");
    assert_int_equal(out.len, 4);
    free(err);
    buf_free(&out);
    tv_free(ctx);
    template_free(t);
}

/* ------------------------------------------------------------ escaping */

static void test_escape_hostile(void **state)
{
    (void)state;
    assert_render("<p>{{v}}</p>", "{\"v\": \"<script>alert(1)</script>\"}",
                  "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    assert_render("<a title=\"{{v}}\">", "{\"v\": \"\\\"><img src=x onerror=alert(1)>\"}",
                  "<a title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">");
    assert_render("<a title='{{v}}'>", "{\"v\": \"' onmouseover='alert(1)\"}",
                  "<a title='&#39; onmouseover=&#39;alert(1)'>");
    assert_render("{{v}}", "{\"v\": \"AT&T &amp;\"}", "AT&amp;T &amp;amp;");
    /* in sections and through the implicit iterator too */
    assert_render("{{#l}}[{{.}}]{{/l}}", "{\"l\": [\"<b>\", \"&\"]}", "[&lt;b&gt;][&amp;]");
    /* triple mustache and ampersand are the explicit way out */
    assert_render("{{{v}}}|{{&v}}", "{\"v\": \"<b>'\\\"&</b>\"}", "<b>'\"&</b>|<b>'\"&</b>");
    /* a value is never parsed as a template */
    assert_render("{{v}}", "{\"v\": \"{{w}}\", \"w\": \"no\"}", "{{w}}");
}

static void test_german_utf8(void **state)
{
    (void)state;
    const char *text = "Digitalisierungsgrad in Baden-Württemberg: „gut“ – Größe 5 € · ÄÖÜäöüß\n";
    assert_render(text, "{}", text);
    assert_render("{{land}}: {{{land}}} ({{note}})",
                  "{\"land\": \"Thüringen\", \"note\": \"Stärken & Schwächen – „Ländlicher Raum“\"}",
                  "Thüringen: Thüringen (Stärken &amp; Schwächen – „Ländlicher Raum“)");
    /* keys in German as well */
    assert_render("{{#Länder}}{{Name}}; {{/Länder}}",
                  "{\"Länder\": [{\"Name\": \"Sachsen\"}, {\"Name\": \"Saarland\"}]}",
                  "Sachsen; Saarland; ");
}

/* -------------------------------------------------------------- values */

static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {85, "85"},
        {1.21, "1.21"},
        {1.210, "1.21"},
        {0.1, "0.1"},
        {-2.5, "-2.5"},
        {-0.0, "0"},
        {0, "0"},
        {100, "100"},
        {1e21, "1e+21"},
        {1e-7, "1e-07"},
        {1.0 / 3.0, "0.3333333333333333"},
        {0.1 + 0.2, "0.30000000000000004"},
        {9007199254740992.0, "9007199254740992"},
        {123456.789, "123456.789"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b = BUF_INIT;
        tv_number_format(&b, cases[i].v);
        assert_string_equal(buf_cstr(&b), cases[i].want);
        buf_free(&b);
    }
    /* whatever locale is active: try German ones where installed */
    const char *old = setlocale(LC_NUMERIC, NULL);
    char *saved = old ? strdup(old) : NULL;
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "de_DE.utf8")) {
        buf b = BUF_INIT;
        tv_number_format(&b, 1.21);
        assert_string_equal(buf_cstr(&b), "1.21");
        buf_free(&b);
    }
    if (saved) setlocale(LC_NUMERIC, saved);
    free(saved);

    assert_render("{{t}} {{f}} {{n}} {{i}} {{d}}",
                  "{\"t\": true, \"f\": false, \"n\": null, \"i\": 85, \"d\": 1.21}",
                  "true false  85 1.21");
}

static void test_truthiness(void **state)
{
    (void)state;
    assert_render("{{#s}}yes{{/s}}{{^s}}no{{/s}}", "{\"s\": \"\"}", "no");
    assert_render("{{#s}}yes{{/s}}{{^s}}no{{/s}}", "{\"s\": \"x\"}", "yes");
    assert_render("{{#n}}yes:{{n}}{{/n}}{{^n}}no{{/n}}", "{\"n\": 0}", "yes:0");
    assert_render("{{#m}}yes{{/m}}{{^m}}no{{/m}}", "{\"m\": {}}", "yes");
    assert_render("{{#l}}yes{{/l}}{{^l}}no{{/l}}", "{\"l\": []}", "no");
    assert_render("{{#x}}yes{{/x}}{{^x}}no{{/x}}", "{}", "no");
    /* lists and maps interpolate as nothing */
    assert_render("[{{l}}][{{m}}]", "{\"l\": [1], \"m\": {\"a\": 1}}", "[][]");
}

static void test_tv_map(void **state)
{
    (void)state;
    tv *m = tv_new_map();
    char key[16];
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "k%d", i);
        tv_map_set(m, key, tv_new_number(i));
    }
    tv_map_set(m, "k7", tv_new_string("seven"));  /* replaces, keeps position */
    assert_int_equal(tv_map_len(m), 200);
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "k%d", i);
        size_t klen;
        assert_string_equal(tv_map_key(m, (size_t)i, &klen), key);
        assert_int_equal(klen, strlen(key));
        const tv *v = tv_map_get(m, key);
        assert_non_null(v);
        if (i == 7)
            assert_string_equal(tv_string(v, NULL), "seven");
        else
            assert_true(tv_number(v) == i);
    }
    assert_null(tv_map_get(m, "k200"));
    assert_null(tv_map_get(m, "k"));
    /* keys with NUL bytes are distinct keys */
    tv_map_setn(m, "a\0b", 3, tv_new_bool(true));
    assert_null(tv_map_get(m, "a"));
    assert_true(tv_bool(tv_map_getn(m, "a\0b", 3)));
    /* wrong kinds are harmless */
    tv_list_push(m, tv_new_null());
    assert_null(tv_list_get(m, 0));
    assert_int_equal(tv_kind_of(NULL), TV_NULL);
    tv_free(m);
    tv_free(NULL);
}

/* The same tree built on the heap and in an arena writes the same JSON;
 * children from elsewhere are copied in, shared nodes are allowed, and
 * freeing works whatever the mix (the sanitizer build checks the memory). */
static void tv_fill(tv *m, tv_arena *a)
{
    char key[16];
    for (int i = 0; i < 300; i++) { /* past the linear scan: the hash index */
        snprintf(key, sizeof key, "k%d", i);
        tv_set_num(m, key, i * 0.5);
    }
    tv_set_str(m, "k7", "seven"); /* replaces, keeps position */
    tv_set_bool(m, "b", true);
    tv_set_own(m, "own", xstrdup("owned"));
    tv_map_setn(m, "n\0ul", 4, tv_new_stringn_in(a, "x\0y", 3));
    tv *l = tv_new_list_in(a);
    for (int i = 0; i < 100; i++) tv_list_push(l, tv_new_number_in(a, i));
    tv_list_push(l, NULL);
    tv_list_push(l, tv_new_null_in(a));
    tv_map_set(m, "list", l);
    /* a heap subtree handed over */
    tv *h = tv_new_map();
    tv_set_str(h, "deep", "heap");
    tv *hl = tv_new_list();
    tv_list_push(hl, tv_new_string("a"));
    tv_list_push(hl, tv_new_map());
    tv_map_set(h, "hl", hl);
    tv_map_set(m, "heap", h);
}

static void test_tv_arena(void **state)
{
    (void)state;
    tv *heap = tv_new_map();
    tv_fill(heap, NULL);
    tv *ar = tv_new_arena_map();
    tv_arena *a = tv_arena_of(ar);
    assert_non_null(a);
    assert_null(tv_arena_of(heap));
    tv_fill(ar, a);
    buf x = BUF_INIT, y = BUF_INIT;
    tv_write_json(&x, heap, false);
    tv_write_json(&y, ar, false);
    assert_string_equal(buf_cstr(&x), buf_cstr(&y));
    const tv *hv = tv_map_get(ar, "heap");
    assert_ptr_equal(tv_arena_of(hv), a); /* copied in */
    assert_ptr_equal(tv_arena_of(tv_list_get(tv_map_get(hv, "hl"), 1)), a);

    /* a node in two containers of its arena */
    tv *shared = tv_new_map_in(a);
    tv_set_str(shared, "s", "shared");
    tv *l1 = tv_new_list_in(a), *l2 = tv_new_list_in(a);
    tv_list_push(l1, shared);
    tv_list_push(l2, shared);
    tv_map_set(ar, "l1", l1);
    tv_map_set(ar, "l2", l2);
    assert_ptr_equal(tv_list_get(tv_map_get(ar, "l1"), 0), tv_list_get(tv_map_get(ar, "l2"), 0));
    /* replacing and freeing single arena nodes: no-ops until the root goes */
    tv_map_set(ar, "l2", tv_new_null_in(a));
    tv_free(tv_new_string_in(a, "dropped"));
    assert_string_equal(tv_string(tv_map_get(tv_list_get(tv_map_get(ar, "l1"), 0), "s"), NULL),
                        "shared");

    /* another arena's root, and an arena node, handed to a heap tree: copied */
    tv *other = tv_new_arena_map();
    tv_set_str(other, "o", "other");
    tv_map_set(other, "inner", tv_new_list_in(tv_arena_of(other)));
    tv_map_set(heap, "other", other); /* frees the other arena */
    assert_null(tv_arena_of(tv_map_get(heap, "other")));
    assert_string_equal(tv_string(tv_map_get(tv_map_get(heap, "other"), "o"), NULL), "other");
    tv_map_set(heap, "from_arena", tv_new_string_in(a, "copied"));
    assert_null(tv_arena_of(tv_map_get(heap, "from_arena")));
    /* and an arena root into another arena */
    tv *third = tv_new_arena_map();
    tv_set_bool(third, "t", true);
    tv_list_push(l1, third);
    assert_ptr_equal(tv_arena_of(tv_list_get(l1, 1)), a);
    assert_true(tv_bool(tv_map_get(tv_list_get(l1, 1), "t")));
    /* a big string gets a block of its own and the arena keeps going */
    char *big = xcalloc(100000, 1);
    memset(big, 'z', 99999);
    tv_set_str(ar, "big", big);
    tv_set_str(ar, "after", "small");
    size_t blen;
    assert_string_equal(tv_string(tv_map_get(ar, "big"), &blen), big);
    assert_int_equal(blen, 99999);
    assert_string_equal(tv_string(tv_map_get(ar, "after"), NULL), "small");
    free(big);
    /* wrong kinds in an arena are harmless too */
    tv_list_push(ar, tv_new_null_in(a));
    tv_map_set(l1, "k", tv_new_null());
    buf_free(&x);
    buf_free(&y);
    tv_free(heap);
    tv_free(ar);
}

static void test_tv_deep(void **state)
{
    (void)state;
    /* far deeper than any stack would take recursively */
    tv *root = tv_new_list();
    tv *cur = root;
    for (int i = 0; i < 200000; i++) {
        tv *next = tv_new_list();
        tv_list_push(cur, next);
        cur = next;
    }
    tv_free(root);

    json_t *j = json_array();
    json_t *jc = j;
    for (int i = 0; i < 3000; i++) {
        json_t *o = json_object();
        json_array_append_new(jc, o);
        json_t *a = json_array();
        json_object_set_new(o, "x", a);
        jc = a;
    }
    tv *v = tv_from_json(j);
    assert_non_null(v);
    const tv *p = v;
    for (int i = 0; i < 3000; i++) p = tv_map_get(tv_list_get(p, 0), "x");
    assert_int_equal(tv_kind_of(p), TV_LIST);
    tv_free(v);
    json_decref(j);
    assert_null(tv_from_json(NULL));
}

static void test_json_order_and_nul(void **state)
{
    (void)state;
    tv *v = ctx_json("{\"z\": 1, \"a\": [true, null, \"x\\u0000y\"], \"m\": 2}");
    assert_string_equal(tv_map_key(v, 0, NULL), "z");
    assert_string_equal(tv_map_key(v, 1, NULL), "a");
    assert_string_equal(tv_map_key(v, 2, NULL), "m");
    const tv *a = tv_map_get(v, "a");
    assert_int_equal(tv_list_len(a), 3);
    assert_int_equal(tv_kind_of(tv_list_get(a, 1)), TV_NULL);
    size_t n;
    const char *s = tv_string(tv_list_get(a, 2), &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "x\0y", 3);
    tv_free(v);
}

/* ------------------------------------------------------------- syntax */

static void test_lookup_rules(void **state)
{
    (void)state;
    /* context stack: inner wins, outer is found */
    assert_render("{{#a}}{{x}}{{y}}{{/a}}", "{\"x\": 1, \"y\": 2, \"a\": {\"x\": 3}}", "32");
    /* dotted names do not fall back once the first part is found */
    assert_render("{{#a}}{{b.c}}{{/a}}", "{\"a\": {\"b\": {}}, \"b\": {\"c\": \"no\"}}", "");
    assert_render("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
    assert_render("{{#a.b}}{{c}}{{/a.b}}", "{\"a\": {\"b\": {\"c\": \"in\"}}}", "in");
    assert_render("{{#.}}{{.}},{{/.}}", "[1, \"zwei\", 3.5]", "1,zwei,3.5,");
    /* a null context is an empty one */
    char *err = NULL;
    template *t = template_parse("[{{x}}{{.}}{{#x}}no{{/x}}]", 26, NULL, &err);
    assert_non_null(t);
    assert_string_equal(template_filename(t), "<template>");
    buf out = BUF_INIT;
    assert_int_equal(template_render(t, NULL, NULL, &out, &err), 0);
    assert_string_equal(buf_cstr(&out), "[]");
    buf_free(&out);
    template_free(t);
}

static void test_standalone_and_indent(void **state)
{
    (void)state;
    assert_render("<ul>\n  {{#l}}\n  <li>{{.}}</li>\n  {{/l}}\n</ul>\n", "{\"l\": [1, 2]}",
                  "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
    assert_render("a\r\n  {{! note }}  \r\nb", "{}", "a\r\nb");

    /* nested standalone partials add up their indentation; an inline partial
     * inside one does not indent its later lines */
    template_partials *p = template_partials_new();
    padd(p, "outer", "<div>\n  {{>inner}}\n</div>\n");
    padd(p, "inner", "<p>\n{{#l}}\n  {{.}}\n{{/l}}\n</p>\n");
    padd(p, "inline", "x {{>two}}\n");
    padd(p, "two", "1\n2");
    char *got = render_ok("<body>\n  {{>outer}}\n</body>\n", "{\"l\": [\"a\", \"b\"]}", p);
    assert_string_equal(got, "<body>\n  <div>\n    <p>\n      a\n      b\n    </p>\n  </div>\n"
                             "</body>\n");
    free(got);
    got = render_ok("  {{>inline}}", "{}", p);
    assert_string_equal(got, "  x 1\n2\n");
    free(got);
    template_partials_free(p);
}

static void test_nul_bytes(void **state)
{
    (void)state;
    static const char src[] = "a\0b{{x}}\0{{{a\0k}}}|{{! c\0 }}|\0";
    size_t len = sizeof src - 1;
    char *err = NULL;
    template *t = template_parse(src, len, "nul.mustache", &err);
    assert_non_null(t);
    tv *ctx = tv_new_map();
    tv_map_set(ctx, "x", tv_new_stringn("<\0>", 3));
    tv_map_setn(ctx, "a\0k", 3, tv_new_string("K"));
    buf out = BUF_INIT;
    assert_int_equal(template_render(t, ctx, NULL, &out, &err), 0);
    static const char want[] = "a\0b&lt;\0&gt;\0K||\0";
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, sizeof want - 1);
    buf_free(&out);
    tv_free(ctx);
    template_free(t);

    /* a NUL inside the delimiter search space is just text */
    assert_parse_error("x\0{{", 4, "t.mustache:1:3: unclosed tag \"{{\": missing \"}}\"");
    /* a partial name with a NUL is never found, nor passed to a loader */
    template_partials *p = template_partials_new_dir(FIXTURES);
    t = template_parse("{{>header\0x}}", 13, "t.mustache", &err);
    assert_non_null(t);
    assert_int_equal(template_render(t, NULL, p, &out, &err), -1);
    assert_string_equal(err, "t.mustache:1:1: unknown partial \"header\\x00x\"");
    free(err);
    template_free(t);
    template_partials_free(p);
}

/* -------------------------------------------------------------- errors */

static void test_parse_errors(void **state)
{
    (void)state;
#define PE(src, want) assert_parse_error((src), sizeof(src) - 1, (want))
    PE("a\n  {{#regions}}\nx", "t.mustache:2:3: unclosed section \"regions\"");
    PE("{{#a}}{{#b}}{{/b}}", "t.mustache:1:1: unclosed section \"a\"");
    PE("{{#a}}\nü {{/b}}", "t.mustache:2:3: closing tag \"b\" does not match open section \"a\" "
                           "(opened at 1:1)");
    PE("Größe\n  {{/a}}", "t.mustache:2:3: closing tag \"a\" without an open section");
    PE("x\nÄÖÜ {{name", "t.mustache:2:5: unclosed tag \"{{\": missing \"}}\"");
    PE("{{x}} {{{x}}", "t.mustache:1:7: unclosed tag \"{{{\": missing \"}}}\"");
    PE("{{!never closed", "t.mustache:1:1: unclosed tag \"{{!\": missing \"}}\"");
    PE("\t{{=a=}}", "t.mustache:1:2: bad delimiter tag: expected two delimiters separated by a "
                    "space, as in \"{{=<% %>=}}\"");
    PE("{{==}}", "t.mustache:1:1: bad delimiter tag: expected two delimiters separated by a "
                 "space, as in \"{{=<% %>=}}\"");
    PE("{{= =}}", "t.mustache:1:1: bad delimiter tag: expected two delimiters separated by a "
                  "space, as in \"{{=<% %>=}}\"");
    PE("{{=a b c=}}", "t.mustache:1:1: bad delimiter tag: expected two delimiters separated by a "
                      "space, as in \"{{=<% %>=}}\"");
    PE("{{=a= b=}}", "t.mustache:1:1: bad delimiter \"a=\": delimiters may not contain '='");
    PE("{{=<% %>}}", "t.mustache:1:1: unclosed tag \"{{=\": missing \"=}}\"");
    PE("{{}}", "t.mustache:1:1: empty tag name");
    PE("x {{# }}", "t.mustache:1:3: empty tag name");
    PE("{{a b}}", "t.mustache:1:1: invalid tag name \"a b\": names may not contain spaces or "
                  "empty dotted parts");
    PE("{{a..b}}", "t.mustache:1:1: invalid tag name \"a..b\": names may not contain spaces or "
                   "empty dotted parts");
    PE("{{.a}}", "t.mustache:1:1: invalid tag name \".a\": names may not contain spaces or "
                 "empty dotted parts");
    PE("{{> a b }}", "t.mustache:1:1: invalid tag name \"a b\": partial names may not contain "
                     "spaces");
    PE("{{$block}}x{{/block}}", "t.mustache:1:1: template inheritance (\"$\" tags) is not "
                                "supported");
    PE("a {{<parent}}{{/parent}}", "t.mustache:1:3: template inheritance (\"<\" tags) is not "
                                   "supported");
    /* locations after delimiter changes and multi-line comments */
    PE("{{=<% %>=}}\n<%! one\ntwo %>\n  ä <%#open%>", "t.mustache:4:5: unclosed section \"open\"");
    PE("{{=<% %>=}}\n<%x", "t.mustache:2:1: unclosed tag \"<%\": missing \"%>\"");
    /* hostile names are escaped and cut short in messages */
    PE("{{#\"\x1b[31m\"}}", "t.mustache:1:1: unclosed section \"\\\"\\x1b[31m\\\"\"");
    PE("{{#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}",
       "t.mustache:1:1: unclosed section "
       "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"");
#undef PE

    /* the filename defaults, and err may be NULL */
    char *err = NULL;
    assert_null(template_parse("{{#a}}", 6, NULL, &err));
    assert_string_equal(err, "<template>:1:1: unclosed section \"a\"");
    free(err);
    assert_null(template_parse("{{#a}}", 6, NULL, NULL));

    /* nesting limit */
    buf deep = BUF_INIT;
    for (int i = 0; i <= TEMPLATE_MAX_SECTION_DEPTH; i++) buf_puts(&deep, "{{#a}}");
    char *want = xasprintf("t.mustache:1:%d: sections nested more than %d deep",
                           TEMPLATE_MAX_SECTION_DEPTH * 6 + 1, TEMPLATE_MAX_SECTION_DEPTH);
    assert_parse_error(deep.data, deep.len, want);
    free(want);
    buf_free(&deep);
}

static void test_render_errors(void **state)
{
    (void)state;
    template_partials *mem = template_partials_new();
    padd(mem, "broken", "ok\n  {{#a}}");
    padd(mem, "self", "x{{>self}}");
    padd(mem, "ping", "{{>pong}}");
    padd(mem, "pong", "\n {{>ping}}");

    assert_render_error("Zeile 1\n  ö {{> missing }}", "{}", mem,
                        "t.mustache:2:5: unknown partial \"missing\"");
    /* no partial set at all: still an error, not a crash */
    assert_render_error("{{>x}}", "{}", NULL, "t.mustache:1:1: unknown partial \"x\"");
    assert_render_error("a\n{{#l}}{{>broken}}{{/l}}", "{\"l\": [1]}", mem,
                        "broken:2:3: unclosed section \"a\" (in partial included from "
                        "t.mustache:2:7)");
    char *want = xasprintf("self:1:2: partial \"self\" nested more than %d deep (does it include "
                           "itself?)",
                           TEMPLATE_MAX_PARTIAL_DEPTH);
    assert_render_error("{{>self}}", "{}", mem, want);
    free(want);
    want = xasprintf("pong:2:2: partial \"ping\" nested more than %d deep (does it include "
                     "itself?)",
                     TEMPLATE_MAX_PARTIAL_DEPTH);
    assert_render_error("{{>ping}}", "{}", mem, want);
    free(want);

    /* with missing_ok, as the spec wants, an unknown partial renders as "" */
    template_partials_set_missing_ok(mem, true);
    char *got = render_ok("[{{>missing}}]", "{}", mem);
    assert_string_equal(got, "[]");
    free(got);
    /* ...but a broken one is still an error */
    assert_render_error("{{>broken}}", "{}", mem,
                        "broken:2:3: unclosed section \"a\" (in partial included from "
                        "t.mustache:1:1)");
    template_partials_free(mem);
    template_partials_free(NULL);
}

static void test_render_depth(void **state)
{
    (void)state;
    /* sections inside partials inside sections: the overall limit holds
     * even though each file stays under its own limits */
    template_partials *p = template_partials_new();
    buf src = BUF_INIT;
    for (int i = 0; i < 40; i++) buf_puts(&src, "{{#a}}");
    buf_puts(&src, "{{>deep}}");
    for (int i = 0; i < 40; i++) buf_puts(&src, "{{/a}}");
    template_partials_add(p, "deep", src.data, src.len);
    char *want = xasprintf("deep:1:%d: sections and partials nested more than %d deep",
                           (TEMPLATE_MAX_RENDER_DEPTH % 41 - 1) * 6 + 1,
                           TEMPLATE_MAX_RENDER_DEPTH);
    assert_render_error("{{>deep}}", "{\"a\": true}", p, want);
    free(want);
    buf_free(&src);
    template_partials_free(p);
}

static void test_render_budget(void **state)
{
    (void)state;
    /* 2^40 iterations if nothing stopped it */
    buf src = BUF_INIT;
    buf_puts(&src, "\n");
    for (int i = 0; i < 40; i++) buf_puts(&src, "{{#l}}");
    for (int i = 0; i < 40; i++) buf_puts(&src, "{{/l}}");
    char *err = NULL;
    template *t = template_parse(src.data, src.len, "t.mustache", &err);
    assert_non_null(t);
    tv *ctx = ctx_json("{\"l\": [1, 2]}");
    buf out = BUF_INIT;
    assert_int_equal(template_render(t, ctx, NULL, &out, &err), -1);
    /* which of the nested tags runs out depends on the limit; line 2 it is */
    char *want = xasprintf(": rendering stopped after %llu steps (sections nested over long "
                           "lists?)",
                           (unsigned long long)TEMPLATE_MAX_STEPS);
    assert_true(strncmp(err, "t.mustache:2:", 13) == 0);
    assert_non_null(strstr(err, want));
    free(want);
    free(err);
    buf_free(&out);
    tv_free(ctx);
    template_free(t);
    buf_free(&src);
}

/* ---------------------------------------------------------- dir loader */

static void test_dir_loader(void **state)
{
    (void)state;
    template_partials *p = template_partials_new_dir(FIXTURES "/");
    const char *json = "{\"title\": \"Länder & Städte\", \"rows\": ["
                       "{\"name\": \"Bayern\", \"score\": 71.5},"
                       "{\"name\": \"<Bremen>\", \"score\": 64}]}";
    char *got = render_ok("{{>header}}{{>list}}", json, p);
    assert_string_equal(got, "<h1>Länder &amp; Städte</h1>\n"
                             "<ul>\n"
                             "  <li>Bayern: 71.5</li>\n"
                             "  <li>&lt;Bremen&gt;: 64</li>\n"
                             "</ul>\n");
    free(got);
    /* cached: the second render gives the same */
    got = render_ok("{{>header}}", "{\"title\": \"x\"}", p);
    assert_string_equal(got, "<h1>x</h1>\n");
    free(got);

    assert_render_error("{{>nope}}", "{}", p,
                        "t.mustache:1:1: unknown partial \"nope\" (no file " FIXTURES
                        "/nope.mustache)");
    assert_render_error("x\n\n {{>broken}}", "{}", p,
                        FIXTURES "/broken.mustache:2:1: unclosed section \"open\" (in partial "
                                 "included from t.mustache:3:2)");
    assert_render_error("{{>../templates/header}}", "{}", p,
                        "t.mustache:1:1: invalid partial name \"../templates/header\": it must "
                        "name a file below " FIXTURES);
    assert_render_error("{{>/etc/passwd}}", "{}", p,
                        "t.mustache:1:1: invalid partial name \"/etc/passwd\": it must name a "
                        "file below " FIXTURES);
    assert_render_error("{{>parts//row}}", "{}", p,
                        "t.mustache:1:1: invalid partial name \"parts//row\": it must name a "
                        "file below " FIXTURES);
    char *want = xasprintf(FIXTURES "/loop.mustache:1:1: partial \"loop\" nested more than %d "
                                    "deep (does it include itself?)",
                           TEMPLATE_MAX_PARTIAL_DEPTH);
    assert_render_error("{{>loop}}", "{}", p, want);
    free(want);
    /* added partials win over the directory */
    padd(p, "header", "mine");
    got = render_ok("{{>header}}", "{}", p);
    assert_string_equal(got, "mine");
    free(got);
    template_partials_free(p);
}

/* A custom loader: counts calls to show the cache works. */
static int counting_load(void *ctx, const char *name, char **src, size_t *len, char **filename,
                         char **err)
{
    int *calls = ctx;
    (*calls)++;
    (void)filename;
    if (strcmp(name, "fail") == 0) {
        *err = xstrdup("database unavailable");
        return -1;
    }
    if (strcmp(name, "p") != 0) return 0;
    *src = xstrdup("<{{v}}>");
    *len = 7;
    return 1;
}

static void test_custom_loader(void **state)
{
    (void)state;
    int calls = 0;
    template_partials *p = template_partials_new_loader(counting_load, &calls, NULL);
    for (int i = 0; i < 3; i++) {
        char *got = render_ok("{{>p}}{{>p}}", "{\"v\": 1}", p);
        assert_string_equal(got, "<1><1>");
        free(got);
    }
    assert_int_equal(calls, 1);
    assert_render_error("\n{{>fail}}", "{}", p, "t.mustache:2:1: database unavailable");
    assert_render_error("{{>q}}", "{}", p, "t.mustache:1:1: unknown partial \"q\"");
    template_partials_free(p);
}

/* ------------------------------------------------------------ repeated */

static void test_render_many(void **state)
{
    (void)state;
    template_partials *p = template_partials_new();
    static const char row[] = "  <tr><td>{{name}}</td><td>{{score}}</td></tr>\n";
    template_partials_add(p, "row", row, sizeof row - 1);
    static const char page[] = "<h1>{{title}}</h1>\n<table>\n{{#rows}}\n{{>row}}\n{{/rows}}\n"
                               "{{^rows}}\n  <tr><td>keine Daten</td></tr>\n{{/rows}}\n</table>\n";
    char *err = NULL;
    template *t = template_parse(page, sizeof page - 1, "page.mustache", &err);
    assert_non_null(t);
    tv *ctx = ctx_json("{\"title\": \"Übersicht <2025>\", \"rows\": ["
                       "{\"name\": \"Hessen\", \"score\": 68.25},"
                       "{\"name\": \"Berlin & Brandenburg\", \"score\": 70}]}");
    static const char want[] = "<h1>Übersicht &lt;2025&gt;</h1>\n<table>\n"
                               "  <tr><td>Hessen</td><td>68.25</td></tr>\n"
                               "  <tr><td>Berlin &amp; Brandenburg</td><td>70</td></tr>\n"
                               "</table>\n";
    buf out = BUF_INIT;
    for (int i = 0; i < 10000; i++) {
        buf_clear(&out);
        if (template_render(t, ctx, p, &out, &err) != 0) fail_msg("render: %s", err);
        if (out.len != sizeof want - 1 || memcmp(out.data, want, out.len) != 0)
            fail_msg("render %d differs: %s", i, buf_cstr(&out));
    }
    buf_free(&out);
    tv_free(ctx);
    template_free(t);
    template_free(NULL);
    template_partials_free(p);
}

typedef struct thread_job {
    const template *t;
    const template_partials *p;
    const tv *ctx;
    int ok;
} thread_job;

static void *thread_render(void *arg)
{
    thread_job *job = arg;
    buf out = BUF_INIT;
    job->ok = 1;
    for (int i = 0; i < 500; i++) {
        buf_clear(&out);
        char *err = NULL;
        if (template_render(job->t, job->ctx, job->p, &out, &err) != 0 ||
            strcmp(buf_cstr(&out), "[a-1][b-1]") != 0) {
            job->ok = 0;
            free(err);
            break;
        }
    }
    buf_free(&out);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    /* one template and one partial set shared by several threads; the
     * partials compile lazily, so the first renders race for the cache */
    template_partials *p = template_partials_new();
    padd(p, "item", "[{{.}}-{{>one}}]");
    padd(p, "one", "1");
    char *err = NULL;
    template *t = template_parse("{{#l}}{{>item}}{{/l}}", 21, "t", &err);
    assert_non_null(t);
    tv *ctx = ctx_json("{\"l\": [\"a\", \"b\"]}");
    pthread_t th[4];
    thread_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){t, p, ctx, 0};
        assert_int_equal(pthread_create(&th[i], NULL, thread_render, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(jobs[i].ok);
    }
    tv_free(ctx);
    template_free(t);
    template_partials_free(p);
}

/* ---------------------------------------------------------------- fuzz */

/* Random templates from Mustache-heavy bytes: whatever happens, no crash,
 * no leak, and an error always comes with a message (run under `make check`
 * for the sanitizers to watch). */
static void test_fuzz_smoke(void **state)
{
    (void)state;
    static const char *const atoms[] = {
        "{{", "}}", "{{{", "}}}", "{{#", "{{^", "{{/", "{{>", "{{!", "{{=", "=}}", "{{&",
        "a", "b", ".", "a.b", " ", "\n", "\r\n", "\t", "<%", "%>", "|", "=", "\0", "ü", "p",
    };
    size_t natoms = sizeof atoms / sizeof atoms[0];
    template_partials *p = template_partials_new();
    padd(p, "p", "{{#a}}{{>p}}{{/a}}\n {{.}}");
    padd(p, "a", " {{>b}}\n");
    padd(p, "b", "{{b}}{{>a}}");
    tv *ctx = ctx_json("{\"a\": [{\"b\": \"<x>\"}, {\"a\": true}], \"b\": {\"a\": 1.5}}");
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    buf src = BUF_INIT, out = BUF_INIT;
    for (int iter = 0; iter < 20000; iter++) {
        buf_clear(&src);
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        int n = (int)(seed % 24);
        for (int i = 0; i < n; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            const char *atom = atoms[seed % natoms];
            buf_append(&src, atom, atom[0] ? strlen(atom) : 1);
        }
        char *err = NULL;
        template *t = template_parse(src.data, src.len, "fuzz", &err);
        if (!t) {
            assert_non_null(err);
            assert_true(strncmp(err, "fuzz:", 5) == 0);
            free(err);
            continue;
        }
        buf_clear(&out);
        if (template_render(t, ctx, p, &out, &err) != 0) {
            assert_non_null(err);
            free(err);
        }
        template_free(t);
    }
    buf_free(&src);
    buf_free(&out);
    tv_free(ctx);
    template_partials_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_hostile),
        cmocka_unit_test(test_german_utf8),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_truthiness),
        cmocka_unit_test(test_tv_map),
        cmocka_unit_test(test_tv_arena),
        cmocka_unit_test(test_tv_deep),
        cmocka_unit_test(test_json_order_and_nul),
        cmocka_unit_test(test_lookup_rules),
        cmocka_unit_test(test_standalone_and_indent),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_render_depth),
        cmocka_unit_test(test_render_budget),
        cmocka_unit_test(test_dir_loader),
        cmocka_unit_test(test_custom_loader),
        cmocka_unit_test(test_render_many),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_fuzz_smoke),
    };
    return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
