/* grammar: how a region's name is used in a German sentence.
 *
 * "Der Wartburgkreis erreicht …", "liegt die Region Hannover", "im
 * Saarland", "Der Landkreis München erreicht …" (for "München (Landkreis)"):
 * article, gender, the sentence subject and the phrase with "in" are derived
 * from the name, the level and the kind by the rules in docs/data-format.md
 * ("Grammar of region names"), so regions.json needs no extra fields.
 *
 * Ownership: region_grammar owns its strings; free with
 * region_grammar_free. */
#ifndef DIGINDEX_GRAMMAR_H
#define DIGINDEX_GRAMMAR_H

#include "model.h"

#include <stdbool.h>

typedef enum gram_gender { GENDER_NEUTER, GENDER_MASCULINE, GENDER_FEMININE } gram_gender;

typedef struct region_grammar {
    gram_gender gender;
    const char *article;   /* nominative definite article: "der", "die", "das" or "" (static) */
    char *subject;         /* "der Wartburgkreis", "Bayern", "das Saarland" (mid-sentence) */
    char *subject_start;   /* the same capitalised, to open a sentence: "Der Wartburgkreis" */
    char *dative;          /* "dem Wartburgkreis", "der Region Hannover", "Bayern" */
    char *in;              /* "im Wartburgkreis", "in der Region Hannover", "in Bayern" */
} region_grammar;

/* Fills g for a region named `name` of level lv. kind: regions.json "kind"
 * (may be NULL); land_ags: the region's Land ("" for a Land) — Kreise in
 * Schleswig-Holstein (01) and Nordrhein-Westfalen (05) are officially
 * "Kreis", elsewhere "Landkreis". Never fails. */
void region_grammar_derive(region_grammar *g, const char *name, level lv, const char *kind,
                           const char *land_ags);
void region_grammar_free(region_grammar *g);

/* "im Land Bremen" style phrase for the Land a Kreis lies in: a Stadtstaat
 * with more than one Kreis (Bremen) is named "Land Bremen" to tell it from
 * its city. Returns a new string. */
char *grammar_in_land(const region_grammar *land, const char *land_name, bool stadtstaat_with_kreise);

#endif
