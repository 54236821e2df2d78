/* grammar: articles, gender and prepositions of region names (see grammar.h). */
#include "grammar.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool starts_with_word(const char *s, const char *word)
{
    size_t k = strlen(word);
    return strncmp(s, word, k) == 0 && s[k] == ' ';
}

/* True when one of the name's words (split at spaces) ends in "kreis" or
 * "Kreis": Wartburgkreis, Rhein-Sieg-Kreis, Eifelkreis Bitburg-Prüm. */
static bool has_kreis_word(const char *name)
{
    const char *w = name;
    for (const char *p = name;; p++) {
        if (*p == ' ' || *p == '\0') {
            size_t n = (size_t)(p - w);
            if (ends_with(w, n, "kreis") || ends_with(w, n, "Kreis")) return true;
            if (*p == '\0') return false;
            w = p + 1;
        }
    }
}

/* "Oberbergischer Kreis" → "Oberbergische Kreis" (after "der") and
 * "Oberbergischen Kreis" (after "dem"): a strong adjective ending in -er
 * right before a final "Kreis" takes the weak ending after the article. */
static void decline(const char *name, char **nom, char **dat)
{
    size_t n = strlen(name);
    const char *tail = " Kreis";
    size_t k = strlen(tail);
    if (n > k + 2 && strcmp(name + n - k, tail) == 0 && name[n - k - 1] == 'r' &&
        name[n - k - 2] == 'e') {
        size_t stem = n - k - 1; /* without the final 'r' */
        *nom = xasprintf("%.*s%s", (int)stem, name, tail);
        *dat = xasprintf("%.*sn%s", (int)stem, name, tail);
        return;
    }
    *nom = xstrdup(name);
    *dat = xstrdup(name);
}

static char *capitalised(const char *s)
{
    char *c = xstrdup(s);
    if (c[0] >= 'a' && c[0] <= 'z') c[0] = (char)(c[0] - 'a' + 'A');
    return c;
}

void region_grammar_derive(region_grammar *g, const char *name, level lv, const char *kind,
                           const char *land_ags)
{
    memset(g, 0, sizeof *g);
    size_t n = strlen(name);
    char *nom = NULL, *dat = NULL; /* the noun phrase without article */
    bool article = false;
    g->gender = GENDER_NEUTER;

    if (lv == LEVEL_LAND) {
        /* "das Saarland": a one-word Land name ending in "land" takes an article. */
        article = ends_with(name, n, "land") && !strpbrk(name, " -");
        nom = xstrdup(name);
        dat = xstrdup(name);
    } else if (lv == LEVEL_KREIS) {
        const char *dis = " (Landkreis)";
        if (ends_with(name, n, dis)) {
            nom = xasprintf("Landkreis %.*s", (int)(n - strlen(dis)), name);
            dat = xstrdup(nom);
            g->gender = GENDER_MASCULINE;
            article = true;
        } else if (starts_with_word(name, "Region") || starts_with_word(name, "Städteregion")) {
            nom = xstrdup(name);
            dat = xstrdup(name);
            g->gender = GENDER_FEMININE;
            article = true;
        } else if (starts_with_word(name, "Regionalverband") || starts_with_word(name, "Landkreis") ||
                   starts_with_word(name, "Kreis") || has_kreis_word(name)) {
            decline(name, &nom, &dat);
            g->gender = GENDER_MASCULINE;
            article = true;
        } else if (kind && strcmp(kind, "Landkreis") == 0) {
            /* "der Landkreis Emsland", "der Kreis Dithmarschen": the
             * official form needs no guess about landscape articles. */
            bool kreis = land_ags && (strcmp(land_ags, "01") == 0 || strcmp(land_ags, "05") == 0);
            nom = xasprintf("%s %s", kreis ? "Kreis" : "Landkreis", name);
            dat = xstrdup(nom);
            g->gender = GENDER_MASCULINE;
            article = true;
        }
    }
    if (!nom) {
        nom = xstrdup(name);
        dat = xstrdup(name);
    }

    if (!article) {
        g->article = "";
        g->subject = nom;
        g->dative = dat;
        g->in = xasprintf("in %s", dat);
    } else {
        switch (g->gender) {
        case GENDER_MASCULINE:
            g->article = "der";
            g->subject = xasprintf("der %s", nom);
            g->dative = xasprintf("dem %s", dat);
            g->in = xasprintf("im %s", dat);
            break;
        case GENDER_FEMININE:
            g->article = "die";
            g->subject = xasprintf("die %s", nom);
            g->dative = xasprintf("der %s", dat);
            g->in = xasprintf("in der %s", dat);
            break;
        case GENDER_NEUTER:
            g->article = "das";
            g->subject = xasprintf("das %s", nom);
            g->dative = xasprintf("dem %s", dat);
            g->in = xasprintf("im %s", dat);
            break;
        }
        free(nom);
        free(dat);
    }
    g->subject_start = capitalised(g->subject);
}

void region_grammar_free(region_grammar *g)
{
    if (!g) return;
    free(g->subject);
    free(g->subject_start);
    free(g->dative);
    free(g->in);
    memset(g, 0, sizeof *g);
}

char *grammar_in_land(const region_grammar *land, const char *land_name, bool stadtstaat_with_kreise)
{
    if (stadtstaat_with_kreise) return xasprintf("im Land %s", land_name);
    return xstrdup(land->in);
}
