/* pdf_doc: libharu document, fonts, page flow, drawing (see pdf_doc.h).
 *
 * Three things here reach below libharu's public API (its headers are
 * installed by libhpdf-dev and stable in Debian's 2.3.0):
 *  - fonts are loaded from the renderer's memory copy through a callback
 *    stream (HPDF_TTFontDef_Load + HPDF_Doc_RegisterFontDef, what
 *    HPDF_LoadTTFontFromFile does after opening the file), so a document
 *    neither reopens the TTF nor carries glyphs, metrics and glyph names it
 *    can never use: the renderer reduced the font first (pdf_font.h);
 *  - our encoder is libharu's CP1252 with five unused codes remapped, so
 *    "≥ 50 Mbit/s" and a real minus sign print instead of '?';
 *  - an embedded font file is compressed through the renderer's cache
 *    (pdf_flate.h) instead of by libharu, with the same bytes as a result;
 *  - /Lang and /ViewerPreferences go straight into the catalog dictionary;
 *  - the structure tree and marked content of a tagged PDF (pdf_tags).
 */
#include "pdf_doc.h"

#include "canvas_pdf.h"
#include "cp1252.h"
#include "pdf_flate.h"
#include "pdf_pack.h"

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Codes CP1252 leaves undefined, given to characters our data use. */
static const struct {
    uint32_t cp;
    unsigned char code;
} extra_chars[] = {
    {0x2265, 0x81}, /* ≥ */
    {0x2264, 0x8D}, /* ≤ */
    {0x2212, 0x8F}, /* − minus sign (cp1252.c would give an en dash) */
    {0x2248, 0x90}, /* ≈ */
    {0x2192, 0x9D}, /* → */
};

#define PDF_ENCODING_NAME "DigindexWinAnsi"

/* ---- errors ---------------------------------------------------------------- */

static void HPDF_STDCALL on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    pdf_doc *pd = user;
    if (!pd->err) {
        pd->err = error_no;
        pd->err_detail = detail_no;
    }
}

/* ---- fonts from memory -------------------------------------------------------- */

static HPDF_STATUS reader_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    pdf_font_reader *r = s->attr;
    size_t want = *siz, left = r->len - r->pos;
    size_t n = want < left ? want : left;
    memcpy(ptr, r->data + r->pos, n);
    r->pos += n;
    *siz = (HPDF_UINT)n;
    return n < want ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS reader_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    pdf_font_reader *r = s->attr;
    long long base = mode == HPDF_SEEK_SET   ? 0
                     : mode == HPDF_SEEK_CUR ? (long long)r->pos
                                             : (long long)r->len;
    long long to = base + pos;
    if (to < 0 || to > (long long)r->len) return HPDF_STREAM_EOF;
    r->pos = (size_t)to;
    return HPDF_OK;
}

static HPDF_INT32 reader_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((pdf_font_reader *)s->attr)->pos;
}

static HPDF_UINT32 reader_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((pdf_font_reader *)s->attr)->len;
}

/* ---- font files compressed once ---------------------------------------------- */

/* Writes the /Filter entry libharu writes last for a Flate stream (the
 * font file's keys are /Length, /Length1, /Length2, /Length3, /Filter). */
static HPDF_STATUS write_flate_filter(HPDF_Dict obj, HPDF_Stream stream)
{
    (void)obj;
    return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

/* Whether dict is a stream libharu would deflate itself and we can take
 * over: in memory, Flate without decode parameters, not yet taken. */
static bool flate_stream_ours(HPDF_Dict dict)
{
    return dict && dict->stream && !dict->write_fn && !dict->filterParams &&
           dict->filter == HPDF_STREAM_FILTER_FLATE_DECODE &&
           dict->stream->type == HPDF_STREAM_MEMORY;
}

/* The stream's bytes into raw (cleared first); false when they cannot be read. */
static bool stream_bytes(HPDF_Dict dict, buf *raw)
{
    HPDF_UINT32 size = HPDF_Stream_Size(dict->stream);
    buf_clear(raw);
    buf_reserve(raw, size + 1);
    HPDF_UINT got = size;
    if (HPDF_Stream_Seek(dict->stream, 0, HPDF_SEEK_SET) != HPDF_OK) return false;
    if (size && HPDF_Stream_Read(dict->stream, (HPDF_BYTE *)raw->data, &got) != HPDF_OK &&
        got != size)
        return false;
    raw->len = got;
    return got == size;
}

/* Replaces the stream's bytes by their zlib form z[0, n) and marks the
 * stream to be written as it is, with the /Filter entry written by
 * write_flate_filter where libharu would have put it. */
static HPDF_STATUS stream_set_flate(HPDF_Dict dict, const char *z, size_t n)
{
    HPDF_MemStream_FreeData(dict->stream);
    HPDF_STATUS ret = HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)z, (HPDF_UINT)n);
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_flate_filter;
    return ret;
}

/* The cache key of a TrueType font's file: the font's name with its subset
 * tag (the file's name table carries the tag) and which of its glyphs are
 * used. libharu's HPDF_TTFontDef_SaveFontData writes the file from exactly
 * these and the font data, which is the renderer's and fixed. */
static void font_file_key(const HPDF_TTFontDefAttr a, buf *key)
{
    buf_clear(key);
    buf_append(key, a->base_font, strlen(a->base_font) + 1);
    buf_append(key, (const char *)a->glyph_tbl.flgs, a->num_glyphs);
}

/* What libharu's TrueType BeforeWrite (CreateDescriptor) does, with the
 * font file's compressed bytes z and its uncompressed length from the cache
 * instead of building the file (HPDF_TTFontDef_SaveFontData) and
 * compressing it: the same objects in the same order, so the same bytes. */
static HPDF_STATUS font_descriptor_cached(HPDF_Dict font, const buf *z, size_t length1)
{
    HPDF_FontAttr fa = font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr da = def->attr;
    HPDF_Dict desc = HPDF_Dict_New(font->mmgr);
    if (!desc) return HPDF_Error_GetCode(font->error);
    HPDF_STATUS ret = HPDF_OK;
    ret += HPDF_Xref_Add(fa->xref, desc);
    ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height);
    ret += HPDF_Dict_AddNumber(desc, "Flags", def->flags);
    ret += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(font->mmgr, def->font_bbox));
    ret += HPDF_Dict_AddName(desc, "FontName", da->base_font);
    ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
    ret += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
    if (da->char_set) ret += HPDF_Dict_AddName(desc, "CharSet", da->char_set);
    if (ret != HPDF_OK) return HPDF_Error_GetCode(font->error);
    HPDF_Dict file = HPDF_DictStream_New(font->mmgr, fa->xref);
    if (!file) return HPDF_Error_GetCode(font->error);
    ret += HPDF_Dict_Add(desc, "FontFile2", file);
    ret += HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)length1);
    ret += HPDF_Dict_AddNumber(file, "Length2", 0);
    ret += HPDF_Dict_AddNumber(file, "Length3", 0);
    file->filter = font->filter;
    if (ret != HPDF_OK) return HPDF_Error_GetCode(font->error);
    da->length1 = (HPDF_UINT)length1;
    def->descriptor = desc;
    if (!flate_stream_ours(file)) return HPDF_INVALID_OBJECT;
    if ((ret = stream_set_flate(file, z->data, z->len)) != HPDF_OK) return ret;
    return HPDF_Dict_Add(font, "FontDescriptor", desc);
}

/* A TrueType font's hook before it is written. When the renderer's cache
 * has this font's file (same font, same glyphs used), the descriptor is
 * made with the cached bytes. Otherwise libharu's hook (which creates the
 * descriptor and fills the font file stream, FontFile2) runs, and the file's
 * bytes are replaced by their compressed form, which the cache keeps. */
static HPDF_STATUS font_before_write(HPDF_Dict font)
{
    pdf_doc *pd = font->error->user_data;
    HPDF_FontAttr attr = font->attr;
    HPDF_FontDef def = attr ? attr->fontdef : NULL;
    HPDF_TTFontDefAttr da = def ? def->attr : NULL;
    if (!pd->font_flate || !da || def->descriptor || !da->embedding || !da->glyph_tbl.flgs)
        return pd->font_before_write(font);
    /* The key before libharu builds the file: building marks the glyphs of
     * composite glyphs as used. */
    buf key = BUF_INIT, z = BUF_INIT, raw = BUF_INIT;
    font_file_key(da, &key);
    size_t length1 = 0;
    HPDF_STATUS ret;
    if (pdf_flate_find(pd->font_flate, key.data, key.len, &z, &length1)) {
        ret = font_descriptor_cached(font, &z, length1);
    } else {
        ret = pd->font_before_write(font);
        HPDF_Dict file = ret == HPDF_OK && def->descriptor
                             ? HPDF_Dict_GetItem(def->descriptor, "FontFile2", HPDF_OCLASS_DICT)
                             : NULL;
        /* Not as expected: libharu compresses it while writing. */
        if (flate_stream_ours(file) && stream_bytes(file, &raw) &&
            pdf_flate_add(pd->font_flate, key.data, key.len, raw.data, raw.len, da->length1, &z))
            ret = stream_set_flate(file, z.data, z.len);
    }
    buf_free(&key);
    buf_free(&raw);
    buf_free(&z);
    return ret;
}

/* ---- content streams compressed with libdeflate -------------------------------- */

/* libharu deflates every stream it holds (the pages' contents, the charts'
 * form XObjects, images) with zlib at its default level while it writes the
 * file: a third of a Gemeinde briefing's PDF time. Before the save, each
 * such stream's bytes are replaced by a zlib stream from libdeflate at
 * level PDF_DEFLATE_LEVEL (same format, any reader inflates it; faster and
 * no larger; deterministic), written as they are (stream_set_flate).
 * Streams with decode parameters, or not in memory, stay libharu's; the
 * font files are compressed later, by font_before_write. */
#define PDF_DEFLATE_LEVEL 5

static void streams_deflate(pdf_doc *pd)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
    if (!c) return; /* libharu compresses them itself */
    buf raw = BUF_INIT, z = BUF_INIT;
    bool ok = true;
    for (HPDF_Xref x = pd->pdf->xref; ok && x; x = x->prev) {
        for (HPDF_UINT i = 0; ok && i < x->entries->count; i++) {
            HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
            HPDF_Obj_Header *h = e ? e->obj : NULL;
            if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT) continue;
            HPDF_Dict dict = e->obj;
            if (!flate_stream_ours(dict)) continue;
            /* A failure stops here; the save reports libharu's error. */
            ok = stream_bytes(dict, &raw);
            /* A chart's layer (canvas_pdf_layers) is compressed once for all
             * the briefings that show it: the cache holds libdeflate's output
             * for exactly these bytes. */
            bool layer = false;
            for (size_t k = 0; k < pd->n_layers && !layer; k++) layer = pd->layers[k] == dict;
            buf_clear(&z);
            size_t n = 0;
            if (ok && layer && pd->layer_flate &&
                pdf_flate_find(pd->layer_flate, raw.data, raw.len, &z, NULL)) {
                n = z.len;
            } else if (ok) {
                size_t cap = libdeflate_zlib_compress_bound(c, raw.len);
                buf_reserve(&z, cap + 1);
                n = libdeflate_zlib_compress(c, raw.data, raw.len, z.data, cap);
                if (n > 0 && layer && pd->layer_flate)
                    pdf_flate_put(pd->layer_flate, raw.data, raw.len, z.data, n, 0);
            }
            ok = n > 0 && stream_set_flate(dict, z.data, n) == HPDF_OK;
        }
    }
    buf_free(&raw);
    buf_free(&z);
    libdeflate_free_compressor(c);
}

/* Loads face w from memory and returns its font in our encoding, or NULL. */
static HPDF_Font load_font(pdf_doc *pd, const struct pdf_renderer *r, int w)
{
    HPDF_Doc pdf = pd->pdf;
    pd->rd[w] = (pdf_font_reader){r->ttf[w], r->ttf_len[w], 0};
    HPDF_Stream s = HPDF_CallbackReader_New(pdf->mmgr, reader_read, reader_seek, reader_tell,
                                            reader_size, &pd->rd[w]);
    if (!s) return NULL;
    /* The fontdef owns the stream from here on (it reads glyphs at save). */
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
    if (!def) return NULL;
    if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        return NULL;
    }
    /* Subset tags as libharu gives them: HPDFAA, HPDFAB (deterministic). */
    char tag[7] = "HPDFAA";
    tag[5] = (char)('A' + w);
    HPDF_TTFontDef_SetTagName(def, tag);
    HPDF_Font font = HPDF_GetFont(pdf, def->base_font, PDF_ENCODING_NAME);
    if (font && font->before_write_fn) {
        pd->font_before_write = font->before_write_fn;
        font->before_write_fn = font_before_write;
    }
    return font;
}

static bool add_encoder(pdf_doc *pd)
{
    HPDF_Encoder e = HPDF_BasicEncoder_New(pd->pdf->mmgr, "CP1252");
    if (!e) return false;
    snprintf(e->name, sizeof e->name, "%s", PDF_ENCODING_NAME);
    HPDF_BasicEncoderAttr a = e->attr;
    for (size_t i = 0; i < sizeof extra_chars / sizeof extra_chars[0]; i++) {
        a->unicode_map[extra_chars[i].code] = (HPDF_UNICODE)extra_chars[i].cp;
        a->differences[extra_chars[i].code] = 1;
    }
    a->has_differences = HPDF_TRUE;
    if (HPDF_Doc_RegisterEncoder(pd->pdf, e) != HPDF_OK) {
        HPDF_Encoder_Free(e);
        return false;
    }
    pd->enc = e;
    return HPDF_SetCurrentEncoder(pd->pdf, PDF_ENCODING_NAME) == HPDF_OK;
}

static void catalog_extras(pdf_doc *pd)
{
    HPDF_Doc pdf = pd->pdf;
    /* /Lang needs PDF 1.4; libharu defaults to 1.3 and has no setter. */
    pdf->pdf_version = HPDF_VER_14;
    HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(pdf->mmgr, "de-DE", NULL));
    HPDF_Dict prefs = HPDF_Dict_New(pdf->mmgr);
    if (prefs) {
        HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
        HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", prefs);
    }
}

bool pdf_doc_begin(pdf_doc *pd, const struct pdf_renderer *r, diag *d)
{
    memset(pd, 0, sizeof *pd);
    pd->mf = r->fonts;
    pd->font_flate = r->font_flate;
    pd->layer_flate = r->layer_flate;
    pd->cur_font = -1;
    pd->pdf = HPDF_New(on_error, pd);
    if (!pd->pdf) {
        diag_error(d, NULL, NULL, NULL, "PDF: libharu could not create a document");
        return false;
    }
    HPDF_SetCompressionMode(pd->pdf, HPDF_COMP_ALL);
    if (add_encoder(pd)) {
        pd->font[METRICS_REGULAR] = load_font(pd, r, METRICS_REGULAR);
        pd->font[METRICS_BOLD] = load_font(pd, r, METRICS_BOLD);
    }
    catalog_extras(pd);
    if (!pd->err && !r->untagged) pd->tags = pdf_tags_new(pd->pdf);
    if (pd->err || !pd->font[0] || !pd->font[1]) {
        diag_error(d, metrics_fonts_path(r->fonts, pd->font[0] ? METRICS_BOLD : METRICS_REGULAR),
                   NULL, "reinstall the Debian package " METRICS_FONT_PACKAGE,
                   "PDF: libharu could not load the font (error 0x%04X, detail %u)",
                   (unsigned)pd->err, (unsigned)pd->err_detail);
        return false;
    }
    return true;
}

void pdf_doc_info(pdf_doc *pd, const char *title, const char *subject, const char *keywords)
{
    /* With our encoder current, libharu writes these as UTF-16 strings. */
    const char *author = pd->author && *pd->author ? pd->author : "digindex";
    HPDF_SetInfoAttr(pd->pdf, HPDF_INFO_AUTHOR, pdf_doc_encode(pd, author, strlen(author)));
    HPDF_SetInfoAttr(pd->pdf, HPDF_INFO_CREATOR, "digindex");
    HPDF_SetInfoAttr(pd->pdf, HPDF_INFO_TITLE, pdf_doc_encode(pd, title, strlen(title)));
    HPDF_SetInfoAttr(pd->pdf, HPDF_INFO_SUBJECT, pdf_doc_encode(pd, subject, strlen(subject)));
    HPDF_SetInfoAttr(pd->pdf, HPDF_INFO_KEYWORDS, pdf_doc_encode(pd, keywords, strlen(keywords)));
    pdf_tags_metadata(pd->tags, title);
}

bool pdf_doc_save(pdf_doc *pd, buf *out, const char *what, diag *d)
{
    pdf_tags_finish(pd->tags);
    if (!pd->err) streams_deflate(pd);
    if (!pd->err) HPDF_SaveToStream(pd->pdf);
    if (pd->err) {
        diag_error(d, NULL, NULL, NULL, "PDF %s: libharu error 0x%04X (detail %u)", what,
                   (unsigned)pd->err, (unsigned)pd->err_detail);
        return false;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(pd->pdf);
    HPDF_ResetStream(pd->pdf);
    buf_reserve(out, size);
    size_t start = out->len;
    while (out->len - start < size) {
        HPDF_UINT32 got = (HPDF_UINT32)(size - (out->len - start));
        /* Reports the end of the stream as HPDF_STREAM_EOF along with the bytes. */
        HPDF_ReadFromStream(pd->pdf, (HPDF_BYTE *)out->data + out->len, &got);
        if (got == 0) break;
        out->len += got;
    }
    out->data[out->len] = '\0';
    if (size == 0 || out->len - start != size) {
        out->len = start;
        out->data[start] = '\0';
        diag_error(d, NULL, NULL, NULL, "PDF %s: could not read the saved document", what);
        return false;
    }
    if (!pd->tags) return true; /* untagged (make bench): libharu's file as it is */
    /* The structure tree goes into the object stream with libharu's other
     * objects (pdf_pack.h), numbered after them. */
    HPDF_Xref xref = pd->pdf->xref;
    buf tree = BUF_INIT, packed = BUF_INIT;
    pdf_pack_obj *objs = NULL;
    size_t n = pdf_tags_write(pd->tags, xref->start_offset + xref->entries->count, &tree, &objs);
    pdf_pack_extra extra = {tree.data, objs, n};
    bool ok = pdf_pack(out->data + start, size, &extra, &packed);
    free(objs);
    buf_free(&tree);
    out->len = start;
    if (ok) buf_append(out, packed.data, packed.len);
    out->data[out->len] = '\0';
    buf_free(&packed);
    if (!ok) diag_error(d, NULL, NULL, NULL, "PDF %s: could not pack the saved document", what);
    return ok;
}

void pdf_doc_end(pdf_doc *pd)
{
    if (pd->pdf) HPDF_Free(pd->pdf);
    pd->pdf = NULL;
    pdf_tags_free(pd->tags);
    pd->tags = NULL;
    free(pd->pages);
    pd->pages = NULL;
    free(pd->layers);
    pd->layers = NULL;
    pd->n_layers = pd->cap_layers = 0;
    buf_free(&pd->text);
    buf_free(&pd->tmp);
    buf_free(&pd->ops);
    metrics_lines_free(&pd->lines);
}

/* ---- text encoding ---------------------------------------------------------- */

const char *pdf_doc_encode(pdf_doc *pd, const char *s, size_t len)
{
    buf *b = &pd->text;
    buf_clear(b);
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = cp1252_utf8_next(s + i, len - i, &cp);
        int code = -1;
        for (size_t k = 0; k < sizeof extra_chars / sizeof extra_chars[0]; k++)
            if (extra_chars[k].cp == cp) code = extra_chars[k].code;
        if (code >= 0)
            buf_putc(b, (char)code);
        else if (cp < 0x20 || cp == 0x7F)
            buf_putc(b, ' '); /* control characters (and NUL) never reach libharu */
        else
            cp1252_from_utf8(b, s + i, n);
        i += n;
    }
    return buf_cstr(b);
}

size_t pdf_doc_code_points(uint32_t *cps, size_t max)
{
    size_t n = 0;
    /* Every code point cp1252.c gives a byte of its own (U+2122 is the
     * highest), then ours. */
    for (uint32_t cp = 0x20; cp <= 0x2122 && n < max; cp++)
        if (cp != 0x7F && cp1252_byte(cp) >= 0x20) cps[n++] = cp;
    for (size_t k = 0; k < sizeof extra_chars / sizeof extra_chars[0] && n < max; k++)
        cps[n++] = extra_chars[k].cp;
    return n;
}

/* ---- pages and flow ------------------------------------------------------ */

static void reset_state(pdf_doc *pd)
{
    pd->cur_font = -1;
    pd->have_fill = pd->have_stroke = pd->have_lw = false;
}

void pdf_doc_add_page(pdf_doc *pd)
{
    pdf_tags_close(pd->tags);
    HPDF_Page p = HPDF_AddPage(pd->pdf);
    if (!p) return;
    pdf_tags_add_page(pd->tags, p);
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    if (pd->n_pages == pd->cap_pages) {
        pd->cap_pages = pd->cap_pages ? 2 * pd->cap_pages : 8;
        pd->pages = xrealloc(pd->pages, pd->cap_pages * sizeof *pd->pages);
    }
    pd->pages[pd->n_pages++] = p;
    pd->page = p;
    reset_state(pd);
    pd->y = pd->n_pages == 1 ? PDF_TOP : PDF_TOP_RUNNING;
    if (pd->n_pages > 1 && pd->on_page) {
        pdf_tags_artifact_begin(pd->tags, PDF_ARTIFACT_HEADER);
        pd->on_page(pd, pd->hook_ctx);
        pdf_tags_artifact_end(pd->tags);
    }
}

bool pdf_doc_need(pdf_doc *pd, double h)
{
    if (pd->page && pd->y + h <= PDF_BOTTOM) return false;
    pdf_doc_add_page(pd);
    return true;
}

double pdf_doc_room(const pdf_doc *pd)
{
    return PDF_BOTTOM - pd->y;
}

void pdf_doc_use_page(pdf_doc *pd, size_t i)
{
    if (i >= pd->n_pages) return;
    pdf_tags_close(pd->tags);
    pd->page = pd->pages[i];
    reset_state(pd);
}

static HPDF_Destination dest_at(HPDF_Page page, double top)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (dst) HPDF_Destination_SetFitH(dst, (HPDF_REAL)(PDF_PAGE_H - top));
    return dst;
}

HPDF_Outline pdf_doc_outline(pdf_doc *pd, HPDF_Outline parent, const char *title)
{
    HPDF_Outline o =
        HPDF_CreateOutline(pd->pdf, parent, pdf_doc_encode(pd, title, strlen(title)), pd->enc);
    if (!o || !pd->page) return o;
    HPDF_Destination dst = dest_at(pd->page, fmax(0, pd->y - 12));
    if (dst) HPDF_Outline_SetDestination(o, dst);
    return o;
}

static HPDF_Rect rect_of(double x, double y, double w, double h)
{
    HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - h), (HPDF_REAL)(x + w),
                   (HPDF_REAL)(PDF_PAGE_H - y)};
    return r;
}

/* Tags annotation a as part of the innermost Link (or a Link of its own). */
static void tag_link(pdf_doc *pd, HPDF_Annotation a, const char *contents)
{
    if (!pd->tags || !a) return;
    bool own = pdf_tags_current_role(pd->tags) != PDF_ROLE_LINK;
    if (own) pdf_tags_begin(pd->tags, PDF_ROLE_LINK);
    pdf_tags_annot(pd->tags, pd->page, a, contents);
    if (own) pdf_tags_end(pd->tags);
}

void pdf_doc_link_uri(pdf_doc *pd, double x, double y, double w, double h, const char *url)
{
    if (!pd->page || !url || !*url) return;
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pd->page, rect_of(x, y, w, h), url);
    if (a) HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    tag_link(pd, a, url);
}

void pdf_doc_link_page(pdf_doc *pd, double x, double y, double w, double h, size_t page, double top,
                       const char *contents)
{
    if (!pd->page || page >= pd->n_pages) return;
    HPDF_Destination dst = dest_at(pd->pages[page], top);
    if (!dst) return;
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pd->page, rect_of(x, y, w, h), dst);
    if (a) HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    tag_link(pd, a, contents);
}

/* ---- structure ---------------------------------------------------------- */

size_t pdf_doc_tag_begin(pdf_doc *pd, pdf_role role)
{
    return pd->tags ? pdf_tags_begin(pd->tags, role) : 0;
}

void pdf_doc_tag_end(pdf_doc *pd)
{
    if (pd->tags) pdf_tags_end(pd->tags);
}

void pdf_doc_artifact_begin(pdf_doc *pd, pdf_artifact k)
{
    pdf_tags_artifact_begin(pd->tags, k);
}

void pdf_doc_artifact_end(pdf_doc *pd)
{
    pdf_tags_artifact_end(pd->tags);
}

double pdf_doc_heading(pdf_doc *pd, int level, double x, double y, double w, const pdf_font *ft,
                       double leading, const char *title)
{
    pdf_role role = level <= 1 ? PDF_ROLE_H1 : level == 2 ? PDF_ROLE_H2 : PDF_ROLE_H3;
    pdf_doc_tag_begin(pd, role);
    double top = pd->y;
    pd->y = y;
    pdf_doc_outline(pd, NULL, title);
    pd->y = top;
    double h = pdf_text_box(pd, x, y, w, PDF_LEFT, ft, leading, title, true);
    pdf_doc_tag_end(pd);
    return h;
}

static const char *chart_encode(void *ctx, const char *utf8, size_t len)
{
    return pdf_doc_encode(ctx, utf8, len);
}

canvas *pdf_doc_chart_begin(pdf_doc *pd, double x, double y, double w, double h)
{
    if (pd->tags) {
        size_t el = pdf_tags_begin(pd->tags, PDF_ROLE_FIGURE);
        pdf_tags_set_bbox(pd->tags, el, x, PDF_PAGE_H - y - h, x + w, PDF_PAGE_H - y);
        pdf_tags_mark(pd->tags, pd->page);
    }
    reset_state(pd); /* the canvas sets its own colours, fonts and lines */
    canvas *c = canvas_pdf_new(pd->mf, pd->page, x, PDF_PAGE_H - y - h, w, h, pd->font[0], pd->font[1]);
    canvas_pdf_set_encoder(c, chart_encode, pd); /* a real minus sign, as in the text */
    return c;
}

bool pdf_doc_chart_end(pdf_doc *pd, canvas *c, diag *d)
{
    bool ok = canvas_finish(c, d);
    size_t n;
    const HPDF_Dict *layers = canvas_pdf_layers(c, &n);
    for (size_t i = 0; i < n; i++) {
        if (pd->n_layers == pd->cap_layers) {
            pd->cap_layers = pd->cap_layers ? 2 * pd->cap_layers : 4;
            pd->layers = xrealloc(pd->layers, pd->cap_layers * sizeof *pd->layers);
        }
        pd->layers[pd->n_layers++] = layers[i];
    }
    if (pd->tags) {
        const char *title = canvas_pdf_title(c), *desc = canvas_pdf_desc(c);
        char *alt = title && desc ? xasprintf("%s. %s", title, desc)
                                  : xstrdup(title ? title : desc ? desc : "Diagramm");
        pdf_tags_set_alt(pd->tags, pdf_tags_current(pd->tags), alt);
        free(alt);
        pdf_tags_end(pd->tags);
    }
    canvas_free(c);
    return ok;
}

/* ---- drawing ---------------------------------------------------------- */

static void set_fill(pdf_doc *pd, uint32_t c)
{
    if (pd->have_fill && pd->cur_fill == c) return;
    canvas_pdf_set_rgb(pd->page, false, c, &pd->ops);
    pd->have_fill = true;
    pd->cur_fill = c;
}

static void set_stroke(pdf_doc *pd, uint32_t c, double width)
{
    if (!pd->have_stroke || pd->cur_stroke != c) {
        canvas_pdf_set_rgb(pd->page, true, c, &pd->ops);
        pd->have_stroke = true;
        pd->cur_stroke = c;
    }
    if (!pd->have_lw || pd->cur_lw != width) {
        HPDF_Page_SetLineWidth(pd->page, (HPDF_REAL)width);
        pd->have_lw = true;
        pd->cur_lw = width;
    }
}

bool pdf_doc_png(pdf_doc *pd, const void *png, size_t len, double x, double y, double w, double h)
{
    if (!pd->page || w <= 0 || h <= 0) return false;
    HPDF_Image img = HPDF_LoadPngImageFromMem(pd->pdf, png, (HPDF_UINT)len);
    if (!img) return false;
    pdf_tags_decoration(pd->tags, pd->page);
    HPDF_Page_DrawImage(pd->page, img, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    return true;
}

void pdf_fill_rect(pdf_doc *pd, double x, double y, double w, double h, uint32_t color)
{
    if (!pd->page || w <= 0 || h <= 0) return;
    pdf_tags_decoration(pd->tags, pd->page);
    set_fill(pd, color);
    HPDF_Page_Rectangle(pd->page, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    HPDF_Page_Fill(pd->page);
}

void pdf_rule(pdf_doc *pd, double x0, double y0, double x1, double y1, double width, uint32_t color)
{
    if (!pd->page) return;
    pdf_tags_decoration(pd->tags, pd->page);
    set_stroke(pd, color, width);
    HPDF_Page_MoveTo(pd->page, (HPDF_REAL)x0, (HPDF_REAL)(PDF_PAGE_H - y0));
    HPDF_Page_LineTo(pd->page, (HPDF_REAL)x1, (HPDF_REAL)(PDF_PAGE_H - y1));
    HPDF_Page_Stroke(pd->page);
}

double pdf_width(const pdf_doc *pd, const pdf_font *ft, const char *s)
{
    return metrics_str_width(pd->mf, ft->w, ft->size, s);
}

double pdf_ascent(const pdf_doc *pd, const pdf_font *ft)
{
    return metrics_ascent(pd->mf, ft->w, ft->size);
}

void pdf_text(pdf_doc *pd, double x, double baseline, pdf_align a, const pdf_font *ft,
              const char *s, size_t len)
{
    if (!pd->page || len == 0) return;
    /* Text outside any element with content of its own is a paragraph. */
    bool own = pdf_tags_wants_leaf(pd->tags);
    if (own) pdf_tags_begin(pd->tags, PDF_ROLE_P);
    pdf_tags_mark(pd->tags, pd->page);
    double w = metrics_text_width(pd->mf, ft->w, ft->size, s, len);
    if (a == PDF_RIGHT) x -= w;
    if (a == PDF_CENTER) x -= w / 2;
    const char *enc = pdf_doc_encode(pd, s, len);
    set_fill(pd, ft->color);
    if (pd->cur_font != (int)ft->w || pd->cur_size != ft->size) {
        HPDF_Page_SetFontAndSize(pd->page, pd->font[ft->w], (HPDF_REAL)ft->size);
        pd->cur_font = (int)ft->w;
        pd->cur_size = ft->size;
    }
    /* libharu's Begin/TextOut/EndText bytes, in one write (canvas_pdf.h). */
    canvas_pdf_text_out(pd->page, (HPDF_REAL)x, (HPDF_REAL)(PDF_PAGE_H - baseline), enc,
                        HPDF_Page_TextWidth(pd->page, enc), &pd->ops);
    if (own) pdf_tags_end(pd->tags);
}

void pdf_label(pdf_doc *pd, double x, double baseline, pdf_align a, const pdf_font *ft,
               double min_size, double max_width, const char *s)
{
    pdf_font f = *ft;
    f.size = pdf_text_fit_size(pd->mf, f.w, f.size, min_size, s, max_width);
    pdf_text_ellipsize(pd->mf, f.w, f.size, s, max_width, &pd->tmp);
    pdf_text(pd, x, baseline, a, &f, pd->tmp.data ? pd->tmp.data : "", pd->tmp.len);
}

double pdf_text_box(pdf_doc *pd, double x, double y, double w, pdf_align a, const pdf_font *ft,
                    double leading, const char *s, bool draw)
{
    metrics_text_break(pd->mf, ft->w, ft->size, s, strlen(s), w, 0, &pd->lines);
    size_t n = pd->lines.n;
    if (n == 0) return 0;
    if (draw) {
        bool own = pdf_tags_wants_leaf(pd->tags);
        if (own) pdf_tags_begin(pd->tags, PDF_ROLE_P);
        double asc = pdf_ascent(pd, ft);
        double ax = a == PDF_RIGHT ? x + w : a == PDF_CENTER ? x + w / 2 : x;
        for (size_t i = 0; i < n; i++) {
            const metrics_line *l = &pd->lines.v[i];
            pdf_text(pd, ax, y + asc + (double)i * leading, a, ft, s + l->off, l->len);
        }
        if (own) pdf_tags_end(pd->tags);
    }
    /* Last line: its ascent + descent, not a full leading. */
    return (double)(n - 1) * leading + pdf_ascent(pd, ft) +
           metrics_descent(pd->mf, ft->w, ft->size);
}
