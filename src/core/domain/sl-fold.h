/* sl-fold.h — folding text for accent- and case-insensitive search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-cases, drops accents ("Fernández" → "fernandez"), drops
 * apostrophes ("O'Brien" → "obrien") and turns every other separator into
 * one space. Letters with no Latin transliteration are kept, lower-cased.
 */
char *sl_fold (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* What a person typed, as words to look for: split at white space, each
 * word folded, those that fold to nothing left out. Empty when nothing
 * searchable was typed.
 */
GStrv sl_fold_dup_words (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* What sl_fold does, the slow general way (Unicode decomposition of the
 * whole text). sl_fold answers the same, faster, for Latin text; the
 * tests hold them to it.
 */
char *sl_fold_reference (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* Appends the folded words of text to key, each once. Words that had an
 * apostrophe or hyphen are also added in parts ("O'Brien" gives "obrien o
 * brien") so that a search for either spelling finds them.
 */
void  sl_fold_append_key (GString    *key,
                          const char *text);

/* Appends a code (bib, booking reference) in its folded parts only:
 * "LM26-7KQ4XZ" gives "lm26 7kq4xz". A joined form would be one distinct
 * index term per entrant, and a prefix such as "lm26" would have to visit
 * all 50,000 of them.
 */
void  sl_fold_append_code (GString    *key,
                           const char *code);

G_END_DECLS
